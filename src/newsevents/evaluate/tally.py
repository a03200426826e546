"""Per-task accumulators while ``score`` walks the documents, and the figures computed from them."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from .geometry import ACCURACY_RADIUS_KM
from .report import ClassRow, Confusion, ErrorExample, Metric, Report


@dataclass
class Scoring:
    """Per-task accumulators while ``score`` walks the documents."""

    report: Report
    examples: list[ErrorExample] = field(default_factory=list)
    labels: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    hits: dict[str, list[bool]] = field(default_factory=lambda: defaultdict(list))
    distances: dict[str, list[float | None]] = field(default_factory=lambda: defaultdict(list))
    counts: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))

    def miss(self, doc_id: str, task: str, name: str, gold: Any, predicted: Any, evidence: str,
             severity: float) -> None:
        self.examples.append(ErrorExample(doc_id, task, name, gold, predicted, evidence, severity))

    def check(self, hit: bool, doc_id: str, task: str, name: str, gold: Any, predicted: Any, evidence: str,
              severity: float) -> None:
        """Count a hit or a miss for metric ``name``, keeping the miss as an example."""
        self.hits[name].append(hit)
        if not hit:
            self.miss(doc_id, task, name, gold, predicted, evidence, severity)


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def classify(pairs: list[tuple[str, str]]) -> tuple[Metric, Metric, list[ClassRow], Confusion]:
    """Accuracy, macro-F1 over gold labels, per-class rows and confusion of (gold, predicted) pairs."""
    gold_counts = Counter(g for g, _ in pairs)
    pred_counts = Counter(p for _, p in pairs)
    correct = Counter(g for g, p in pairs if g == p)
    labels = sorted(set(gold_counts) | set(pred_counts), key=lambda label: (-gold_counts[label], label))
    rows = []
    for label in labels:
        tp = correct[label]
        precision, recall, f1 = prf(tp, pred_counts[label] - tp, gold_counts[label] - tp)
        rows.append(ClassRow(label, precision, recall, f1, gold_counts[label]))
    gold_f1 = [row.f1 for row in rows if row.support]
    cells = Counter(pairs)
    confusion = Confusion(labels, [[cells[(g, p)] for p in labels] for g in labels])
    n = len(pairs)
    accuracy = Metric(sum(correct.values()) / n if n else None, n)
    macro_f1 = Metric(sum(gold_f1) / len(gold_f1) if gold_f1 else None, n)
    return accuracy, macro_f1, rows, confusion


def share(hits: list[bool]) -> Metric:
    return Metric(sum(hits) / len(hits) if hits else None, len(hits))


def geo_metrics(distances: list[float | None], prefix: str) -> dict[str, Metric]:
    """acc@161km (None counts as a miss), median error and coverage of the non-None distances."""
    known = [d for d in distances if d is not None]
    return {
        f"{prefix}acc_161km": share([d is not None and d <= ACCURACY_RADIUS_KM for d in distances]),
        f"{prefix}median_km": Metric(statistics.median(known) if known else None, len(distances)),
        f"{prefix}coverage": share([d is not None for d in distances]),
    }
