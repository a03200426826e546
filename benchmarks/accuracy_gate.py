"""The accuracy gate: each headline figure of `make bench` against a floor kept in accuracy_floors.json.

Floors only go up. A full `make bench` raises every floor to its measured figure less the file's margin
(never lowers one); `make check-accuracy` measures again and fails when a figure is below its floor, so a
change that costs accuracy is seen before it lands. The margin leaves room for a deliberate trade: a fix
that loses one document on a small set while gaining elsewhere. Lowering a floor is a decision made by
editing the file, with the reason in the commit.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

FLOORS = Path(__file__).resolve().with_name("accuracy_floors.json")


@dataclass(frozen=True)
class Verdict:
    figure: str
    floor: float | None  # None: a new figure, no floor yet
    measured: float | None  # None: not measured in this run (its set was absent or not asked for)

    @property
    def status(self) -> str:
        if self.measured is None:
            return "not measured"
        if self.floor is None:
            return "new"
        return "ok" if self.measured >= self.floor else "BELOW FLOOR"


def load(path: Path = FLOORS) -> dict:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {"margin": 0.01, "floors": {}}


def judge(figures: dict[str, float | None], gate: dict) -> list[Verdict]:
    """One verdict per figure measured or floored, floors first in file order."""
    floors = gate["floors"]
    names = list(floors) + [name for name in figures if name not in floors]
    return [Verdict(name, floors.get(name), figures.get(name)) for name in names]


def failures(verdicts: list[Verdict]) -> list[Verdict]:
    return [v for v in verdicts if v.status == "BELOW FLOOR"]


def raised(figures: dict[str, float | None], gate: dict) -> dict:
    """The gate with each floor lifted to its figure less the margin, rounded down; no floor is lowered."""
    floors = dict(gate["floors"])
    for name, value in figures.items():
        if value is None:
            continue
        candidate = math.floor((value - gate["margin"]) * 1000) / 1000
        floors[name] = max(floors.get(name, 0.0), candidate)
    return gate | {"floors": floors}


def save(gate: dict, path: Path = FLOORS) -> None:
    path.write_text(json.dumps(gate, indent=2) + "\n", encoding="utf-8")


HEADERS = ["figure", "floor", "measured", "status"]


def rows(verdicts: list[Verdict]) -> list[list[str]]:
    def cell(value: float | None) -> str:
        return "-" if value is None else f"{value:.3f}"

    return [[v.figure, cell(v.floor), cell(v.measured), v.status] for v in verdicts]
