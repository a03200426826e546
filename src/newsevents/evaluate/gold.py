"""Reading gold and prediction JSON Lines files, and what of a gold record ``extract`` may see."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ..errors import InputError

# The package's name, not this module's, so warnings read "newsevents.evaluate" as before the split.
log = logging.getLogger(__package__)

TASKS = ("acled", "gtd", "plover", "geo", "ner")


def load_gold(path: str | Path, on_error: Callable[[InputError], None] | None = None) -> list[dict]:
    """Gold records of a JSONL file; bad lines are reported to ``on_error`` (default: logged) and skipped."""
    report = on_error or _log_error
    records: list[dict] = []
    seen: set[str] = set()
    for where, record in _json_lines(path, report):
        problem = _gold_problem(record, seen)
        if problem:
            report(InputError(where, problem, "fix or remove the line (format: /work/shared/benchmarks/README.md)"))
            continue
        seen.add(record["id"])
        records.append(record)
    if not records:
        raise InputError(str(path), "no usable gold record", "give a JSONL file of {id, text, gold: {task, ...}} lines")
    return records


def load_predictions(path: str | Path, on_error: Callable[[InputError], None] | None = None) -> list[dict]:
    """``newsevents extract`` output lines of a JSONL file; lines without an id are reported and skipped."""
    report = on_error or _log_error
    predictions = []
    for where, record in _json_lines(path, report):
        if not isinstance(record, dict) or not isinstance(record.get("id"), str):
            report(InputError(where, "prediction has no string 'id'", "give `newsevents extract` output"))
            continue
        predictions.append(record)
    return predictions


def _log_error(error: InputError) -> None:
    log.warning("%s", error)


def _json_lines(path: str | Path, report: Callable[[InputError], None]) -> Iterable[tuple[str, Any]]:
    """(where, value) per non-blank line, read line by line so a large predictions file streams."""
    path = Path(path)
    try:
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                where = f"{path} line {number}"
                try:
                    value = json.loads(line)
                except json.JSONDecodeError as exc:
                    report(InputError(where, f"not valid JSON ({exc.msg})", "write one JSON object per line"))
                    continue
                yield where, value
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot be read ({exc})", "check the path and that the file is UTF-8 JSONL") \
            from exc


def _gold_problem(record: Any, seen: set[str]) -> str | None:
    if not isinstance(record, dict):
        return "not a JSON object"
    if not isinstance(record.get("id"), str) or not record["id"]:
        return "missing string 'id'"
    if record["id"] in seen:
        return f"duplicate id {record['id']!r}"
    if not isinstance(record.get("text"), str):
        return "missing string 'text'"
    gold = record.get("gold")
    if not isinstance(gold, dict):
        return "missing object 'gold'"
    if gold.get("task") not in TASKS:
        return f"gold.task is {gold.get('task')!r}, expected one of {', '.join(TASKS)}"
    return None


def strip_gold(record: dict) -> dict:
    """The part of a gold record that ``extract`` may see: id, text, title, published."""
    return {key: record[key] for key in ("id", "text", "title", "published") if record.get(key) is not None}
