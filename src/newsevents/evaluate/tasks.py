"""Per-task scorers: each scores one gold document into the task's accumulators, then finishes its metrics.

``acled``/``gtd`` and ``plover`` score the predicted primary event, ``geo`` the toponyms, ``ner`` the entities.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from .actor_match import actor_matches
from .geometry import ACCURACY_RADIUS_KM, coordinates, distance_km
from .report import ClassRow, Metric
from .tally import Scoring, classify, geo_metrics, prf, share

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


def primary_event(events: list[dict]) -> dict | None:
    """The non-aggregate event with the highest confidence (first in text order on ties), else the first aggregate."""
    ordered = sorted(events, key=lambda e: (e.get("evidence") or {}).get("start", 0))
    singles = [e for e in ordered if not e.get("is_aggregate")]
    if singles:
        return max(singles, key=lambda e: e.get("confidence") or 0.0)  # max keeps the first of equals
    return ordered[0] if ordered else None


def _context(text: str, start: int, end: int) -> str:
    return text[max(0, start - CONTEXT_CHARS): end + CONTEXT_CHARS].replace("\n", " ")


def _evidence(event: dict | None, text: str) -> str:
    if event and event.get("evidence"):
        return event["evidence"].get("text", "")
    return text[: 2 * CONTEXT_CHARS]


def _days_apart(gold: str, predicted: str | None) -> float:
    try:
        return float(abs((date.fromisoformat(gold) - date.fromisoformat(predicted or "")).days))
    except ValueError:
        return 0.0  # absent or unreadable dates rank last among date errors


def _score_event_doc(s: Scoring, record: dict, prediction: dict) -> None:
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

    point = coordinates(gold)
    if point:
        distance = distance_km(point, location)
        s.distances["location"].append(distance)
        if distance is None or distance > ACCURACY_RADIUS_KM:
            shown = f"{location.get('name')} ({distance:.0f} km)" if distance is not None else location.get("name")
            s.miss(doc_id, task, "location", gold.get("location"), shown, evidence, distance or 0.0)


def _finish_events(task: str, s: Scoring) -> None:
    metrics: dict[str, Metric] = {}
    for name in ("acled_event_type", "acled_sub_event_type"):
        if not s.labels[name]:
            continue
        accuracy, macro_f1, rows, confusion = classify(s.labels[name])
        short = name.removeprefix("acled_")
        metrics[f"{short}_accuracy"], metrics[f"{short}_macro_f1"] = accuracy, macro_f1
        s.report.classes[f"{task}/{name}"] = rows
        if name == "acled_event_type":  # sub-types are too many for a readable matrix
            s.report.confusion[f"{task}/{name}"] = confusion
    for name, metric_name in (("actor1", "actor1_match"), ("actor2", "actor2_match"),
                              ("fatalities", "fatalities_exact"), ("injuries", "injuries_exact"),
                              ("date", "date_exact"), ("country", "country_accuracy")):
        if s.hits[name]:
            metrics[metric_name] = share(s.hits[name])
    if s.distances["location"]:
        metrics.update(geo_metrics(s.distances["location"], "location_"))
    s.report.metrics[task] = metrics


def _score_plover_doc(s: Scoring, record: dict, prediction: dict) -> None:
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


def _finish_plover(task: str, s: Scoring) -> None:
    metrics: dict[str, Metric] = {}
    if s.labels["event_type"]:
        accuracy, macro_f1, rows, confusion = classify(s.labels["event_type"])
        metrics["event_type_accuracy"], metrics["event_type_macro_f1"] = accuracy, macro_f1
        s.report.classes[f"{task}/event_type"] = rows
        s.report.confusion[f"{task}/event_type"] = confusion
    if s.hits["event_mode"]:
        metrics["event_mode_accuracy"] = share(s.hits["event_mode"])
    s.report.metrics[task] = metrics


def _overlaps(a: dict, b: dict) -> int:
    return max(0, min(a["end"], b["end"]) - max(a["start"], b["start"]))


def _score_geo_doc(s: Scoring, record: dict, prediction: dict) -> None:
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
        point = coordinates(toponym)
        if gi not in matched:
            s.miss(doc_id, "geo", "toponym_missed", toponym["text"], None, context, 0.0)
            if point:
                s.distances["end_to_end"].append(None)
            continue
        if point:
            place = places[matched[gi]]
            distance = distance_km(point, place)
            s.distances["toponyms"].append(distance)
            s.distances["end_to_end"].append(distance)
            if distance is None or distance > ACCURACY_RADIUS_KM:
                shown = f"{place.get('name')} ({distance:.0f} km)" if distance is not None else place.get("name")
                s.miss(doc_id, "geo", "toponym_location", toponym.get("name") or toponym["text"], shown, context,
                       distance or 0.0)
    for pi, place in enumerate(places):
        if pi not in used:
            s.miss(doc_id, "geo", "toponym_spurious", None, place.get("text"),
                   _context(text, place["start"], place["end"]), 0.0)


def _finish_geo(task: str, s: Scoring) -> None:
    counts = s.counts["toponyms"]
    precision, recall, f1 = prf(counts["tp"], counts["fp"], counts["fn"])
    gold = counts["tp"] + counts["fn"]
    metrics = {
        "toponym_precision": Metric(precision, gold),
        "toponym_recall": Metric(recall, gold),
        "toponym_f1": Metric(f1, gold),
    }
    metrics.update(geo_metrics(s.distances["toponyms"], ""))
    # The geoparsing figure users feel: every gold toponym with a point, an unrecognised one counting as a miss.
    metrics["end_to_end_acc_161km"] = geo_metrics(s.distances["end_to_end"], "")["acc_161km"]
    s.report.metrics[task] = metrics


def conll_label(spacy_label: str) -> str | None:
    """CoNLL-2003 label of a spaCy label (PERSON -> PER, GPE -> LOC, NORP -> MISC), None when dropped."""
    return NER_LABEL_MAP.get(spacy_label)


def _score_ner_doc(s: Scoring, record: dict, prediction: dict) -> None:
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


def _finish_ner(task: str, s: Scoring) -> None:
    rows = []
    for label in sorted(s.counts, key=lambda lb: (-(s.counts[lb]["tp"] + s.counts[lb]["fn"]), lb)):
        c = s.counts[label]
        rows.append(ClassRow(label, *prf(c["tp"], c["fp"], c["fn"]), c["tp"] + c["fn"]))
    tp, fp, fn = (sum(c[key] for c in s.counts.values()) for key in ("tp", "fp", "fn"))
    precision, recall, f1 = prf(tp, fp, fn)
    s.report.metrics[task] = {
        "entity_precision": Metric(precision, tp + fn),
        "entity_recall": Metric(recall, tp + fn),
        "entity_f1": Metric(f1, tp + fn),
    }
    s.report.classes[f"{task}/entity"] = rows


SCORERS: dict[str, Callable[[Scoring, dict, dict], None]] = {
    "acled": _score_event_doc,
    "gtd": _score_event_doc,
    "plover": _score_plover_doc,
    "geo": _score_geo_doc,
    "ner": _score_ner_doc,
}
FINISHERS: dict[str, Callable[[str, Scoring], None]] = {
    "acled": _finish_events,
    "gtd": _finish_events,
    "plover": _finish_plover,
    "geo": _finish_geo,
    "ner": _finish_ner,
}
