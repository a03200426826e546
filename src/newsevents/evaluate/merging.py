"""How well the store's merge joins the reports of one real event: pairwise precision and recall.

Gold (tests/fixtures/merge_gold.json) names each real event's reports as (document id, PLOVER type or
None for any, words inside the report's evidence). A stored report aligns with a gold item of its
document and type whose words its evidence contains; when one sentence tells two events, so that its
evidence holds the words of several items, with the item whose words lie nearest the report's trigger.
Reports that align with none are left out.
Over the aligned reports, a pair is predicted when both are in one stored event and gold when both
are in one gold cluster.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from ..records import StoredEvent
from .tally import prf


@dataclass(frozen=True)
class GoldReport:
    """One report of a real event as the gold names it."""

    cluster: str
    document: str
    event_type: str | None  # None: any type
    words: str

    def aligns(self, report: StoredEvent, document: str | None) -> bool:
        return (
            document == self.document
            and (self.event_type is None or self.event_type == report.event_type)
            and self.words in report.evidence.text
        )


@dataclass(frozen=True)
class MergeScore:
    """Pairwise figures over the aligned reports, and how many reports and gold items aligned."""

    precision: float
    recall: float
    f1: float
    true_pairs: int
    predicted_pairs: int
    gold_pairs: int
    aligned_reports: int
    unaligned_reports: int
    gold_items: int
    gold_items_found: int  # gold items some report aligned with


def load_merge_gold(path: str | Path) -> tuple[GoldReport, ...]:
    """The gold reports of a merge gold file, cluster by cluster in file order."""
    clusters = json.loads(Path(path).read_text(encoding="utf-8"))["clusters"]
    return tuple(GoldReport(name, *item) for name, items in clusters.items() for item in items)


def score_merging(
    events: Iterable[StoredEvent], gold: tuple[GoldReport, ...], documents: Mapping[str, str]
) -> MergeScore:
    """Score merged ``events``; ``documents`` maps a stored article id to the gold's document id."""
    cluster_of: dict[str, str] = {}  # aligned report id -> gold cluster
    event_of: dict[str, str] = {}  # aligned report id -> stored event id
    found: set[GoldReport] = set()
    unaligned = 0
    for event in events:
        for report in [source.report for source in event.sources] or [event]:
            candidates = [g for g in gold if g.aligns(report, documents.get(report.article_id))]
            if not candidates:
                unaligned += 1
                continue
            item = min(candidates, key=lambda g: _from_trigger(g, report))
            found.add(item)
            cluster_of[report.id], event_of[report.id] = item.cluster, event.id
    predicted = gold_pairs = true_pairs = 0
    for a, b in combinations(cluster_of, 2):
        same_event, same_cluster = event_of[a] == event_of[b], cluster_of[a] == cluster_of[b]
        predicted += same_event
        gold_pairs += same_cluster
        true_pairs += same_event and same_cluster
    precision, recall, f1 = prf(true_pairs, predicted - true_pairs, gold_pairs - true_pairs)
    return MergeScore(
        precision, recall, f1, true_pairs, predicted, gold_pairs, len(cluster_of), unaligned, len(gold), len(found)
    )


def _from_trigger(item: GoldReport, report: StoredEvent) -> int:
    """Characters between the item's words and the report's trigger (0 without a trigger: the first item wins)."""
    trigger = report.evidence_spans.event_type
    if trigger is None:
        return 0
    return abs(report.evidence.start + report.evidence.text.index(item.words) - trigger.start)
