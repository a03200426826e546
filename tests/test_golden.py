"""Behaviour pinned: the ``extract`` contract output on our own fixtures and on every dev set is unchanged.

A refactor must leave these byte-identical. A change that means to alter output refreshes them
explicitly with ``pytest tests/test_golden.py --update-golden`` and says why in its commit.
Our own fixtures are stored whole (a diff shows what changed); for the benchmark dev sets and
the shared sample, whose text we may not copy, only a digest per document is stored.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from conftest import SHARED
from newsevents import pipeline
from newsevents.resources import data_path

GOLDEN = Path(__file__).parent / "golden"
FIXTURES = Path(__file__).parent / "fixtures"
OWN = {"example_dump": data_path("example_dump.txt"), "dump_mixed": FIXTURES / "dump_mixed.txt",
       "records": FIXTURES / "records.jsonl"}
DEV_SETS = sorted(p.parent.name for p in (SHARED / "benchmarks").glob("*/dev.jsonl"))

pytestmark = pytest.mark.slow


def _line(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False, sort_keys=True)


def _digests(lines) -> dict[str, str]:
    """Each output line's sha256, keyed by position and id (ids may repeat across rows)."""
    return {f"{i}:{line['id']}": hashlib.sha256(_line(line).encode()).hexdigest()[:20] for i, line in enumerate(lines)}


def _check(path: Path, current: str, update: bool) -> None:
    if update:
        path.write_text(current, encoding="utf-8")
    if not path.exists():
        pytest.fail(f"{path.name} is missing: run pytest tests/test_golden.py --update-golden")
    assert current == path.read_text(encoding="utf-8"), f"output changed against {path.name}"


def _check_digests(path: Path, lines, update: bool) -> None:
    current = _digests(lines)
    if update:
        path.write_text(json.dumps(current, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    if not path.exists():
        pytest.fail(f"{path.name} is missing: run pytest tests/test_golden.py --update-golden")
    stored = json.loads(path.read_text(encoding="utf-8"))
    changed = sorted(k for k in stored.keys() | current.keys() if stored.get(k) != current.get(k))
    assert not changed, f"{len(changed)} documents changed against {path.name}, e.g. {changed[:10]}"


@pytest.mark.parametrize("name", sorted(OWN))
def test_own_fixtures_unchanged(name, update_golden):
    lines = pipeline.extract_file(str(OWN[name]))
    _check(GOLDEN / f"{name}.jsonl", "".join(_line(line) + "\n" for line in lines), update_golden)


def test_shared_sample_unchanged(shared_sample, update_golden):
    _check_digests(GOLDEN / "shared_sample.json", pipeline.extract_file(str(shared_sample)), update_golden)


@pytest.mark.parametrize("name", DEV_SETS or ["(none)"])
def test_dev_set_unchanged(name, update_golden):
    if not DEV_SETS:
        pytest.skip("../shared/benchmarks is not present")
    with (SHARED / "benchmarks" / name / "dev.jsonl").open(encoding="utf-8") as handle:
        records = [json.loads(row) for row in handle if row.strip()]
    _check_digests(GOLDEN / f"dev_{name}.json", pipeline.extract_records(records), update_golden)
