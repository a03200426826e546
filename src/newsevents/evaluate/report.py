"""The scores of one gold file (``Report``) and their rendering as plain-text or Markdown tables."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Metric:
    """One figure and the number of gold items it is computed over."""

    value: float | None
    count: int  # gold items in scope (for precision and median error too), so ours and a baseline share it


@dataclass
class ClassRow:
    label: str
    precision: float
    recall: float
    f1: float
    support: int  # gold items with this label


@dataclass
class Confusion:
    """Rows are gold labels, columns predicted labels, in ``labels`` order."""

    labels: list[str]
    matrix: list[list[int]]


@dataclass
class ErrorExample:
    id: str
    task: str
    field: str
    gold: Any
    predicted: Any
    evidence: str  # the predicted event's evidence, or the text around the span
    severity: float = dataclasses.field(default=0.0, repr=False)  # ordering key: how wrong; absent predictions rank last


@dataclass
class Report:
    """Scores of one gold file: ``metrics[task][name]``, per-class tables, confusions, worst errors."""

    documents: int = 0
    missing: int = 0  # gold documents without a prediction line
    failed: int = 0  # predictions that carried an "error"
    metrics: dict[str, dict[str, Metric]] = field(default_factory=dict)
    classes: dict[str, list[ClassRow]] = field(default_factory=dict)  # "acled/acled_event_type" -> rows
    confusion: dict[str, Confusion] = field(default_factory=dict)
    worst: list[ErrorExample] = field(default_factory=list)

    def value(self, task: str, name: str) -> float | None:
        """A metric's value, None when the task or metric is absent."""
        metric = self.metrics.get(task, {}).get(name)
        return metric.value if metric else None

    def to_dict(self) -> dict:
        data = asdict(self)
        for example in data["worst"]:
            del example["severity"]
        return data

    def to_text(self) -> str:
        """Plain-text tables for a terminal."""
        blocks = []
        for title, headers, rows in self._sections(examples=True):
            blocks.append("\n".join([title, *text_table(headers, rows)]))
        return "\n\n".join(blocks) + "\n"

    def to_markdown(self, examples: bool = True) -> str:
        """Markdown tables; ``examples=False`` leaves out the worst errors (they quote gold text)."""
        blocks = []
        for title, headers, rows in self._sections(examples=examples):
            blocks.append("\n".join([f"#### {title}", "", *markdown_table(headers, rows)]))
        return "\n\n".join(blocks) + "\n"

    def _sections(self, examples: bool) -> Iterable[tuple[str, list[str], list[list[str]]]]:
        yield (
            "Documents",
            ["documents", "without prediction", "failed"],
            [[str(self.documents), str(self.missing), str(self.failed)]],
        )
        for task, metrics in self.metrics.items():
            rows = [[name, format_metric(name, m.value), str(m.count)] for name, m in metrics.items()]
            yield f"{task}: metrics", ["metric", "value", "n"], rows
        for name, table in self.classes.items():
            rows = [[r.label, *(format_metric("", v) for v in (r.precision, r.recall, r.f1)), str(r.support)]
                    for r in table]
            yield f"{name}: per class", ["label", "precision", "recall", "F1", "support"], rows
        for name, confusion in self.confusion.items():
            rows = [[gold, *map(str, counts)] for gold, counts in zip(confusion.labels, confusion.matrix)]
            yield f"{name}: confusion (rows gold, columns predicted)", ["gold \\ predicted", *confusion.labels], rows
        if examples and self.worst:
            rows = [[e.id, f"{e.task}/{e.field}", _short(e.gold), _short(e.predicted), _short(e.evidence, 100)]
                    for e in self.worst]
            yield "Worst errors", ["id", "field", "gold", "predicted", "evidence"], rows


def format_metric(name: str, value: float | None) -> str:
    """A metric value as shown in tables: kilometres with one decimal, ratios with three."""
    if value is None:
        return "-"
    return f"{value:.1f}" if name.endswith("_km") else f"{value:.3f}"


def _short(value: Any, width: int = 40) -> str:
    text = "-" if value is None else str(value).replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


def text_table(headers: list[str], rows: list[list[str]]) -> list[str]:
    """Lines of a plain-text table, columns padded to their widest cell."""
    widths = [max(len(cell) for cell in column) for column in zip(headers, *rows)]

    def render(cells: list[str]) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths)).rstrip()

    return [render(headers), "  ".join("-" * w for w in widths), *(render(row) for row in rows)]


def markdown_table(headers: list[str], rows: list[list[str]]) -> list[str]:
    """Lines of a Markdown table."""
    def render(cells: list[str]) -> str:
        return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"

    return [render(headers), "|" + "---|" * len(headers), *(render(row) for row in rows)]
