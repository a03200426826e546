"""The accuracy gate of `make bench` / `make check-accuracy` (benchmarks/accuracy_gate.py)."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import accuracy_gate  # noqa: E402  (a benchmark script, not part of the package)


def test_a_figure_below_its_floor_fails_and_the_others_pass():
    gate = {"margin": 0.01, "floors": {"geo_lgl end_to_end_acc_161km (check)": 0.70, "plover f1 (check)": 0.60}}
    verdicts = accuracy_gate.judge({"geo_lgl end_to_end_acc_161km (check)": 0.69, "plover f1 (check)": 0.60,
                                    "own_articles event f1": 0.8}, gate)
    assert [(v.figure, v.status) for v in verdicts] == [
        ("geo_lgl end_to_end_acc_161km (check)", "BELOW FLOOR"),
        ("plover f1 (check)", "ok"),  # equal to the floor is enough
        ("own_articles event f1", "new"),
    ]
    assert [v.figure for v in accuracy_gate.failures(verdicts)] == ["geo_lgl end_to_end_acc_161km (check)"]


def test_a_floor_not_measured_in_this_run_neither_fails_nor_moves():
    gate = {"margin": 0.01, "floors": {"geo_gwn toponym_f1 (tune)": 0.5}}
    (verdict,) = accuracy_gate.judge({"geo_gwn toponym_f1 (tune)": None}, gate)
    assert verdict.status == "not measured" and not accuracy_gate.failures([verdict])
    assert accuracy_gate.raised({"geo_gwn toponym_f1 (tune)": None}, gate)["floors"] == gate["floors"]


def test_floors_rise_to_the_figure_less_the_margin_and_never_fall(tmp_path):
    gate = {"margin": 0.01, "floors": {"a": 0.80, "b": 0.50}}
    lifted = accuracy_gate.raised({"a": 0.7, "b": 0.6789, "c": 0.9}, gate)
    assert lifted["floors"] == {"a": 0.80, "b": pytest.approx(0.668), "c": pytest.approx(0.89)}
    assert lifted["margin"] == 0.01 and gate["floors"] == {"a": 0.80, "b": 0.50}  # the input is left alone
    path = tmp_path / "floors.json"
    accuracy_gate.save(lifted, path)
    assert accuracy_gate.load(path) == lifted


def test_the_committed_floors_are_well_formed():
    gate = accuracy_gate.load()
    assert 0 <= gate["margin"] < 0.05
    assert gate["floors"] and all(0.0 <= floor <= 1.0 for floor in gate["floors"].values())
