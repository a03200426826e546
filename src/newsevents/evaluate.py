"""Scores ``newsevents extract`` output against labelled gold files (``newsevents eval``).

A gold file is JSON Lines, one document a line:
``{"id", "text", "title"?, "published"?, "source"?, "gold": {"task": ..., ...}}``.
``gold.task`` chooses the metrics:

* ``acled`` / ``gtd`` (one event per document): ACLED event type accuracy and
  macro-F1, sub-event type macro-F1, actor1/actor2 match, fatalities and
  injuries exact match, date exact match, country accuracy, and geocoding
  (acc@161km, median error, coverage), all on the document's primary event.
* ``plover``: PLOVER event type accuracy and macro-F1, mode accuracy.
* ``geo``: toponym recognition P/R/F1 by span overlap, then acc@161km and
  median error over the matched toponyms.
* ``ner``: entity P/R/F1, exact span and label, after mapping spaCy labels to CoNLL.

Scoring rules, the same for every task:

* A gold field that is null is skipped for that metric (it is not in the denominator).
* A document without a prediction, or whose prediction carries ``"error"``,
  counts as predicting nothing: every metric it is in the denominator of misses.
* Macro-F1 averages F1 over the labels that occur in the gold; a missing
  prediction is the label ``(none)``, which lowers recall of the gold label.
* Geocoding: a missing or coordinate-less prediction is a miss for acc@161km and
  is left out of the median error; ``coverage`` says how many had coordinates.
* Actors match leniently (see ``actor_matches``): ACLED names such as
  "Military Forces of Afghanistan (2014-2021)" and our "Afghan military" are the same actor.
"""

from __future__ import annotations

import json
import logging
import math
import re
import statistics
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import InputError

log = logging.getLogger(__name__)

TASKS = ("acled", "gtd", "plover", "geo", "ner")
# 161 km = 100 miles, the customary geoparsing tolerance (Leidner 2008; Gritta et al. 2018),
# so our figures compare with published geoparsers.
ACCURACY_RADIUS_KM = 161.0
EARTH_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG)
# Examples kept per (task, field) in the worst-errors list: enough to see a pattern, short enough to read.
WORST_PER_FIELD = 5
# Characters of context shown around an NER/geo span, or of the document start when no evidence exists.
CONTEXT_CHARS = 60
NONE_LABEL = "(none)"

# spaCy (OntoNotes) labels -> CoNLL-2003; labels not listed (DATE, CARDINAL, MONEY, ...) are dropped.
NER_LABEL_MAP = {
    "PERSON": "PER",
    "PER": "PER",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    "ORG": "ORG",
    "NORP": "MISC",
    "EVENT": "MISC",
    "PRODUCT": "MISC",
    "WORK_OF_ART": "MISC",
    "LAW": "MISC",
    "LANGUAGE": "MISC",
    "MISC": "MISC",
}

# GeoWebNews marks these spans but they are not place names (common nouns such as
# "frontier", organisations, surnames, demonyms, languages) and have no coordinates,
# so they are not gold toponyms; a prediction on one counts as a false positive.
GEO_NOT_TOPONYM_TYPES = frozenset(
    {"Literal_Expression", "Non_Lit_Expression", "Non_Toponym", "Homonym", "Demonym", "Language"}
)

# Words that say what kind of actor, not which one; they are dropped before names are compared.
_GENERIC_ACTOR_WORDS = frozenset(
    "of the and in for from al el forces force group groups armed unidentified unknown military "
    "army police security state government militia militias men gunmen civilians civilian "
    "rioters protesters demonstrators".split()
)
# Coarse actor classes, found by keyword in a normalised ACLED name or in our name + type;
# the first class whose keyword occurs wins, so the specific ones come first.
_ACTOR_CLASSES = (
    ("unidentified armed group", ("unidentified", "unknown", "gunmen")),
    ("rioters", ("rioter", "mob")),
    ("protesters", ("protester", "demonstrator")),
    ("civilians", ("civilian",)),
    ("state forces", ("military", "army", "police", "security forces", "state forces", "government forces", "soldier")),
)


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
    severity: float = field(default=0.0, repr=False)  # ordering key: how wrong; absent predictions rank last


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


# ---------------------------------------------------------------- loading


def load_gold(path: str | Path, on_error: Callable[[InputError], None] | None = None) -> list[dict]:
    """Gold records of a JSONL file; bad lines are reported to ``on_error`` (default: logged) and skipped."""
    report = on_error or _log_error
    records, seen = [], set()
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


# ---------------------------------------------------------------- shared helpers


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = phi2 - phi1, math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def primary_event(events: list[dict]) -> dict | None:
    """The non-aggregate event with the highest confidence (first in text order on ties), else the first aggregate."""
    ordered = sorted(events, key=lambda e: (e.get("evidence") or {}).get("start", 0))
    singles = [e for e in ordered if not e.get("is_aggregate")]
    if singles:
        return max(singles, key=lambda e: e.get("confidence") or 0.0)  # max keeps the first of equals
    return ordered[0] if ordered else None


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _classify(pairs: list[tuple[str, str]]) -> tuple[Metric, Metric, list[ClassRow], Confusion]:
    """Accuracy, macro-F1 over gold labels, per-class rows and confusion of (gold, predicted) pairs."""
    gold_counts = Counter(g for g, _ in pairs)
    pred_counts = Counter(p for _, p in pairs)
    correct = Counter(g for g, p in pairs if g == p)
    labels = sorted(set(gold_counts) | set(pred_counts), key=lambda label: (-gold_counts[label], label))
    rows = []
    for label in labels:
        tp = correct[label]
        precision, recall, f1 = _prf(tp, pred_counts[label] - tp, gold_counts[label] - tp)
        rows.append(ClassRow(label, precision, recall, f1, gold_counts[label]))
    gold_f1 = [row.f1 for row in rows if row.support]
    cells = Counter(pairs)
    confusion = Confusion(labels, [[cells[(g, p)] for p in labels] for g in labels])
    n = len(pairs)
    accuracy = Metric(sum(correct.values()) / n if n else None, n)
    macro_f1 = Metric(sum(gold_f1) / len(gold_f1) if gold_f1 else None, n)
    return accuracy, macro_f1, rows, confusion


def _share(hits: list[bool]) -> Metric:
    return Metric(sum(hits) / len(hits) if hits else None, len(hits))


def _geo_metrics(distances: list[float | None], prefix: str) -> dict[str, Metric]:
    """acc@161km (None counts as a miss), median error and coverage of the non-None distances."""
    known = [d for d in distances if d is not None]
    return {
        f"{prefix}acc_161km": _share([d is not None and d <= ACCURACY_RADIUS_KM for d in distances]),
        f"{prefix}median_km": Metric(statistics.median(known) if known else None, len(distances)),
        f"{prefix}coverage": _share([d is not None for d in distances]),
    }


def _coordinates(item: dict | None) -> tuple[float, float] | None:
    if not item or item.get("lat") is None or item.get("lon") is None:
        return None
    return float(item["lat"]), float(item["lon"])


def _distance(gold: tuple[float, float], predicted: dict | None) -> float | None:
    point = _coordinates(predicted)
    return haversine_km(*gold, *point) if point else None


def _normalise(text: str) -> str:
    """Lower case, no diacritics, punctuation as spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^\w]+", " ", bare).split())


def _context(text: str, start: int, end: int) -> str:
    return text[max(0, start - CONTEXT_CHARS): end + CONTEXT_CHARS].replace("\n", " ")


def _evidence(event: dict | None, text: str) -> str:
    if event and event.get("evidence"):
        return event["evidence"].get("text", "")
    return text[: 2 * CONTEXT_CHARS]


# ---------------------------------------------------------------- actors


@lru_cache(maxsize=4096)
def _country_code(name: str) -> str | None:
    """ISO2 of a country name ("Afghanistan", "Democratic Republic of Congo"), None if it is not one."""
    import pycountry

    if len(name) < 4 or not re.search(r"[A-Za-z]", name):  # short strings would hit alpha-2/3 codes
        return None
    try:
        return pycountry.countries.lookup(name).alpha_2
    except LookupError:
        pass
    try:
        return pycountry.countries.search_fuzzy(name)[0].alpha_2
    except LookupError:
        return None


@lru_cache(maxsize=1)
def _country_words() -> frozenset[str]:
    """Single-word country names ("afghanistan", "nigeria"): they say where, not who."""
    import pycountry

    names = set()
    for country in pycountry.countries:
        for attr in ("name", "common_name"):
            value = _normalise(getattr(country, attr, "") or "")
            if value and " " not in value:
                names.add(value)
    return frozenset(names)


def _bare_name(name: str) -> str:
    """Normalised name without parenthesised parts ("(2014-2021)", "(Afghanistan)")."""
    return _normalise(re.sub(r"\([^)]*\)", " ", name))


def _actor_core(name: str) -> set[str]:
    """Distinctive words of an actor name: no parenthesised parts, generic words or country names."""
    words = _bare_name(name).split()
    return {w for w in words if len(w) > 1 and w not in _GENERIC_ACTOR_WORDS and w not in _country_words()}


def _actor_class(text: str) -> str | None:
    normalised = _normalise(text)
    for label, keywords in _ACTOR_CLASSES:
        if any(keyword in normalised for keyword in keywords):
            return label
    return None


def _gold_actor_country(name: str, fallback: str | None) -> str | None:
    """Country named in an ACLED actor ("Civilians (Benin)", "Police Forces of Benin"), else the event's."""
    candidates = re.findall(r"\(([^)]*)\)", name)
    bare = re.sub(r"\([^)]*\)", " ", name)
    if " of " in bare:
        candidates.append(bare.rsplit(" of ", 1)[1])
    for candidate in candidates:
        code = _country_code(candidate.strip())
        if code:
            return code
    return fallback


def actor_matches(gold_name: str, predicted: dict | None, gold_country: str | None = None) -> bool:
    """Lenient actor match, documented in docs/BENCHMARKS.md.

    The actors match when their names are equal up to case, diacritics,
    punctuation and parenthesised parts (and no country contradicts), when
    their distinctive words overlap (after dropping parenthesised parts, generic
    words such as "forces" or "military", and country names), or when both fall
    in the same coarse class (state forces, rioters, protesters, civilians,
    unidentified armed group) of the same country. The gold country is the one
    the ACLED name gives, else ``gold_country`` (the event's country).
    """
    if not predicted or not predicted.get("name"):
        return False
    if _actor_core(gold_name) & _actor_core(predicted["name"]):
        return True
    country = _gold_actor_country(gold_name, gold_country)
    predicted_country = (predicted.get("country_code") or "").upper() or None
    if _bare_name(gold_name) == _bare_name(predicted["name"]):
        return country is None or predicted_country is None or country.upper() == predicted_country
    gold_class = _actor_class(gold_name)
    return (
        gold_class is not None
        and gold_class == _actor_class(f"{predicted['name']} {predicted.get('type') or ''}")
        and country is not None
        and country.upper() == predicted_country
    )


# ---------------------------------------------------------------- scoring


@dataclass
class _Scoring:
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


def score(gold: list[dict], predictions: list[dict]) -> Report:
    """Score ``extract`` output (contract dicts, matched to gold by id) against gold records."""
    by_id = {p["id"]: p for p in predictions if isinstance(p, dict) and "id" in p}
    report = Report(documents=len(gold))
    state: dict[str, _Scoring] = {}
    for record in gold:
        prediction = by_id.get(record["id"])
        if prediction is None:
            report.missing += 1
        elif "error" in prediction:
            report.failed += 1
            prediction = None
        task = record["gold"]["task"]
        scoring = state.setdefault(task, _Scoring(report))
        _SCORERS[task](scoring, record, prediction or {})
    for task, scoring in state.items():
        _FINISHERS[task](task, scoring)
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


def _days_apart(gold: str, predicted: str | None) -> float:
    try:
        return float(abs((date.fromisoformat(gold) - date.fromisoformat(predicted or "")).days))
    except ValueError:
        return 0.0  # absent or unreadable dates rank last among date errors


def _score_event_doc(s: _Scoring, record: dict, prediction: dict) -> None:
    """ACLED and GTD documents: one gold event against the predicted primary event."""
    gold, doc_id, task = record["gold"], record["id"], record["gold"]["task"]
    event = primary_event(prediction.get("events") or [])
    ev = event or {}
    confidence = float(ev.get("confidence") or 0.0)
    evidence = _evidence(event, record["text"])

    for name in ("acled_event_type", "acled_sub_event_type"):
        if gold.get(name) is None:
            continue
        predicted = ev.get(name) or NONE_LABEL
        s.labels[name].append((gold[name], predicted))
        if predicted != gold[name]:
            s.miss(doc_id, task, name, gold[name], predicted, evidence, confidence)

    for name in ("actor1", "actor2"):
        if gold.get(name) is None:
            continue
        hit = actor_matches(gold[name], ev.get(name), gold.get("country_code"))
        s.check(hit, doc_id, task, name, gold[name], (ev.get(name) or {}).get("name"), evidence, confidence)

    for name in ("fatalities", "injuries"):
        if gold.get(name) is None:
            continue
        predicted = ev.get(name)
        severity = abs(predicted - gold[name]) if isinstance(predicted, (int, float)) else 0.0
        s.check(predicted == gold[name], doc_id, task, name, gold[name], predicted, evidence, severity)

    if gold.get("date") is not None:
        predicted = ev.get("date")
        s.check(predicted == gold["date"], doc_id, task, "date", gold["date"], predicted, evidence,
                _days_apart(gold["date"], predicted))

    location = ev.get("location") or {}
    if gold.get("country_code") is not None:
        predicted = (location.get("country_code") or "").upper() or None
        s.check(predicted == gold["country_code"].upper(), doc_id, task, "country", gold["country_code"], predicted,
                evidence, confidence)

    point = _coordinates(gold)
    if point:
        distance = _distance(point, location)
        s.distances["location"].append(distance)
        if distance is None or distance > ACCURACY_RADIUS_KM:
            shown = f"{location.get('name')} ({distance:.0f} km)" if distance is not None else location.get("name")
            s.miss(doc_id, task, "location", gold.get("location"), shown, evidence, distance or 0.0)


def _finish_events(task: str, s: _Scoring) -> None:
    metrics: dict[str, Metric] = {}
    for name in ("acled_event_type", "acled_sub_event_type"):
        if not s.labels[name]:
            continue
        accuracy, macro_f1, rows, confusion = _classify(s.labels[name])
        short = name.removeprefix("acled_")
        metrics[f"{short}_accuracy"], metrics[f"{short}_macro_f1"] = accuracy, macro_f1
        s.report.classes[f"{task}/{name}"] = rows
        if name == "acled_event_type":  # sub-types are too many for a readable matrix
            s.report.confusion[f"{task}/{name}"] = confusion
    for name, metric_name in (("actor1", "actor1_match"), ("actor2", "actor2_match"),
                              ("fatalities", "fatalities_exact"), ("injuries", "injuries_exact"),
                              ("date", "date_exact"), ("country", "country_accuracy")):
        if s.hits[name]:
            metrics[metric_name] = _share(s.hits[name])
    if s.distances["location"]:
        metrics.update(_geo_metrics(s.distances["location"], "location_"))
    s.report.metrics[task] = metrics


def _score_plover_doc(s: _Scoring, record: dict, prediction: dict) -> None:
    gold, doc_id = record["gold"], record["id"]
    event = primary_event(prediction.get("events") or [])
    ev = event or {}
    confidence = float(ev.get("confidence") or 0.0)
    evidence = _evidence(event, record["text"])
    if gold.get("event_type") is not None:
        predicted = (ev.get("event_type") or NONE_LABEL).upper()
        s.labels["event_type"].append((gold["event_type"].upper(), predicted))
        if predicted != gold["event_type"].upper():
            s.miss(doc_id, "plover", "event_type", gold["event_type"], predicted, evidence, confidence)
    if gold.get("event_mode") is not None:
        predicted = (ev.get("event_mode") or "").lower() or None
        s.check(predicted == gold["event_mode"].lower(), doc_id, "plover", "event_mode", gold["event_mode"],
                predicted, evidence, confidence)


def _finish_plover(task: str, s: _Scoring) -> None:
    metrics: dict[str, Metric] = {}
    if s.labels["event_type"]:
        accuracy, macro_f1, rows, confusion = _classify(s.labels["event_type"])
        metrics["event_type_accuracy"], metrics["event_type_macro_f1"] = accuracy, macro_f1
        s.report.classes[f"{task}/event_type"] = rows
        s.report.confusion[f"{task}/event_type"] = confusion
    if s.hits["event_mode"]:
        metrics["event_mode_accuracy"] = _share(s.hits["event_mode"])
    s.report.metrics[task] = metrics


def _overlaps(a: dict, b: dict) -> int:
    return max(0, min(a["end"], b["end"]) - max(a["start"], b["start"]))


def _score_geo_doc(s: _Scoring, record: dict, prediction: dict) -> None:
    """Toponyms match one to one by character overlap, largest overlap first; then distance over matches."""
    doc_id, text = record["id"], record["text"]
    gold = [t for t in record["gold"].get("toponyms") or [] if t.get("type") not in GEO_NOT_TOPONYM_TYPES]
    places = [p for p in prediction.get("places") or [] if isinstance(p.get("start"), int)]
    candidates = sorted(
        ((_overlaps(g, p), gi, pi) for gi, g in enumerate(gold) for pi, p in enumerate(places) if _overlaps(g, p)),
        key=lambda c: (-c[0], c[1], c[2]),
    )
    matched: dict[int, int] = {}
    used = set()
    for _, gi, pi in candidates:
        if gi not in matched and pi not in used:
            matched[gi] = pi
            used.add(pi)
    counts = s.counts["toponyms"]
    counts["tp"] += len(matched)
    counts["fn"] += len(gold) - len(matched)
    counts["fp"] += len(places) - len(matched)
    for gi, toponym in enumerate(gold):
        context = _context(text, toponym["start"], toponym["end"])
        if gi not in matched:
            s.miss(doc_id, "geo", "toponym_missed", toponym["text"], None, context, 0.0)
            continue
        point = _coordinates(toponym)
        if point:
            place = places[matched[gi]]
            distance = _distance(point, place)
            s.distances["toponyms"].append(distance)
            if distance is None or distance > ACCURACY_RADIUS_KM:
                shown = f"{place.get('name')} ({distance:.0f} km)" if distance is not None else place.get("name")
                s.miss(doc_id, "geo", "toponym_location", toponym.get("name") or toponym["text"], shown, context,
                       distance or 0.0)
    for pi, place in enumerate(places):
        if pi not in used:
            s.miss(doc_id, "geo", "toponym_spurious", None, place.get("text"),
                   _context(text, place["start"], place["end"]), 0.0)


def _finish_geo(task: str, s: _Scoring) -> None:
    counts = s.counts["toponyms"]
    precision, recall, f1 = _prf(counts["tp"], counts["fp"], counts["fn"])
    gold = counts["tp"] + counts["fn"]
    metrics = {
        "toponym_precision": Metric(precision, gold),
        "toponym_recall": Metric(recall, gold),
        "toponym_f1": Metric(f1, gold),
    }
    metrics.update(_geo_metrics(s.distances["toponyms"], ""))
    s.report.metrics[task] = metrics


def conll_label(spacy_label: str) -> str | None:
    """CoNLL-2003 label of a spaCy label (PERSON -> PER, GPE -> LOC, NORP -> MISC), None when dropped."""
    return NER_LABEL_MAP.get(spacy_label)


def _score_ner_doc(s: _Scoring, record: dict, prediction: dict) -> None:
    doc_id, text = record["id"], record["text"]
    gold = {(e["start"], e["end"]): e["label"] for e in record["gold"].get("entities") or []}
    predicted = {}
    for entity in prediction.get("entities") or []:
        label = conll_label(entity.get("label", ""))
        if label:
            predicted[(entity["start"], entity["end"])] = label
    counts = s.counts
    for span, label in gold.items():
        if predicted.get(span) == label:
            counts[label]["tp"] += 1
            continue
        counts[label]["fn"] += 1
        kind = "wrong_label" if span in predicted else "missed"
        s.miss(doc_id, "ner", kind, f"{text[span[0]:span[1]]} [{label}]",
               f"[{predicted[span]}]" if span in predicted else None, _context(text, *span), 0.0)
    for span, label in predicted.items():
        if gold.get(span) != label:
            counts[label]["fp"] += 1
            if span not in gold:
                s.miss(doc_id, "ner", "spurious", None, f"{text[span[0]:span[1]]} [{label}]", _context(text, *span),
                       0.0)


def _finish_ner(task: str, s: _Scoring) -> None:
    rows = []
    for label in sorted(s.counts, key=lambda lb: (-(s.counts[lb]["tp"] + s.counts[lb]["fn"]), lb)):
        c = s.counts[label]
        rows.append(ClassRow(label, *_prf(c["tp"], c["fp"], c["fn"]), c["tp"] + c["fn"]))
    tp, fp, fn = (sum(c[key] for c in s.counts.values()) for key in ("tp", "fp", "fn"))
    precision, recall, f1 = _prf(tp, fp, fn)
    s.report.metrics[task] = {
        "entity_precision": Metric(precision, tp + fn),
        "entity_recall": Metric(recall, tp + fn),
        "entity_f1": Metric(f1, tp + fn),
    }
    s.report.classes[f"{task}/entity"] = rows


_SCORERS: dict[str, Callable[[_Scoring, dict, dict], None]] = {
    "acled": _score_event_doc,
    "gtd": _score_event_doc,
    "plover": _score_plover_doc,
    "geo": _score_geo_doc,
    "ner": _score_ner_doc,
}
_FINISHERS: dict[str, Callable[[str, _Scoring], None]] = {
    "acled": _finish_events,
    "gtd": _finish_events,
    "plover": _finish_plover,
    "geo": _finish_geo,
    "ner": _finish_ner,
}


# ---------------------------------------------------------------- rendering


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
