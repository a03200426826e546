"""``score``: walks the gold documents, hands each to its task's scorer, and keeps the worst errors."""

from __future__ import annotations

from collections import defaultdict

from .report import ErrorExample, Report
from .tally import Scoring
from .tasks import FINISHERS, SCORERS

# Examples kept per (task, field) in the worst-errors list: enough to see a pattern, short enough to read.
WORST_PER_FIELD = 5


def score(gold: list[dict], predictions: list[dict]) -> Report:
    """Score ``extract`` output (contract dicts, matched to gold by id) against gold records."""
    by_id = {p["id"]: p for p in predictions if isinstance(p, dict) and "id" in p}
    report = Report(documents=len(gold))
    state: dict[str, Scoring] = {}
    for record in gold:
        prediction = by_id.get(record["id"])
        if prediction is None:
            report.missing += 1
        elif "error" in prediction:
            report.failed += 1
            prediction = None
        task = record["gold"]["task"]
        scoring = state.setdefault(task, Scoring(report))
        SCORERS[task](scoring, record, prediction or {})
    for task, scoring in state.items():
        FINISHERS[task](task, scoring)
        report.worst.extend(_worst(scoring.examples))
    return report


def _worst(examples: list[ErrorExample]) -> list[ErrorExample]:
    grouped: dict[tuple[str, str], list[ErrorExample]] = defaultdict(list)
    for example in examples:
        grouped[(example.task, example.field)].append(example)
    chosen = []
    for group in grouped.values():
        chosen.extend(sorted(group, key=lambda e: -e.severity)[:WORST_PER_FIELD])  # stable: document order on ties
    return chosen
