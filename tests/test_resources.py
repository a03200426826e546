"""Typed loading of the data files: every problem reported at once, by file and place."""

from dataclasses import dataclass, field

import pytest

from newsevents import resources
from newsevents.errors import DataError


@dataclass(frozen=True)
class _Row:
    name: str
    population: int
    lat: float | None
    aliases: tuple[str, ...] = ()
    codes: tuple[str, ...] = field(default=(), metadata={"sep": " "})


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(resources, "data_path", lambda name: tmp_path / name)
    resources.load_table.cache_clear()
    resources.load_rules.cache_clear()
    resources.load_yaml.cache_clear()
    yield tmp_path
    resources.load_table.cache_clear()
    resources.load_rules.cache_clear()
    resources.load_yaml.cache_clear()


def test_table_rows_are_typed(data_dir):
    (data_dir / "towns.csv").write_text(
        "# a comment line\nname,population,lat,aliases,codes\nTownA,1200,12.5,Town A|Ville A,PPL PPLA\nTownB,30,,,\n",
        encoding="utf-8",
    )
    rows = resources.load_table("towns.csv", _Row)
    assert rows == (
        _Row("TownA", 1200, 12.5, ("Town A", "Ville A"), ("PPL", "PPLA")),
        _Row("TownB", 30, None, (), ()),
    )


def test_table_reports_every_problem_with_its_line(data_dir):
    (data_dir / "towns.csv").write_text(
        "# comment\nname,population,colour\nTownA,many\nTownB,7\nTownC,lots\n", encoding="utf-8"
    )
    with pytest.raises(DataError) as caught:
        resources.load_table("towns.csv", _Row)
    message = str(caught.value)
    assert "unknown column 'colour'" in message
    assert "missing column 'lat'" in message
    assert "line 3 column 'population': 'many' is not of type int" in message
    assert "line 5 column 'population': 'lots' is not of type int" in message


@dataclass(frozen=True)
class _Rules:
    words: tuple[str, ...]
    weights: dict[str, float]
    pair: tuple[str, int]


def test_rules_report_every_bad_key(data_dir):
    (data_dir / "rules.yaml").write_text("words: [a, b]\nweights: {x: one}\npair: [a]\nextra: 1\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        resources.load_rules("rules.yaml", _Rules)
    message = str(caught.value)
    assert "'rules.yaml'" in message
    assert "unknown key extra" in message
    assert "weights.x should be float, not str" in message
    assert "pair should have 2 items" in message


def test_rules_convert_lists_and_numbers(data_dir):
    (data_dir / "rules.yaml").write_text("words: [a, b]\nweights: {x: 1}\npair: [a, 2]\n", encoding="utf-8")
    assert resources.load_rules("rules.yaml", _Rules) == _Rules(("a", "b"), {"x": 1.0}, ("a", 2))


@dataclass(frozen=True)
class _Entry:
    id: str
    aliases: tuple[str, ...] = ()


def test_rules_root_may_be_a_list(data_dir):
    (data_dir / "entries.yaml").write_text("- {id: a, aliases: [x]}\n- {id: b}\n", encoding="utf-8")
    assert resources.load_rules("entries.yaml", tuple[_Entry, ...]) == (_Entry("a", ("x",)), _Entry("b"))
    (data_dir / "other.yaml").write_text("id: a\n", encoding="utf-8")
    with pytest.raises(DataError, match="the file should be a list"):
        resources.load_rules("other.yaml", tuple[_Entry, ...])
