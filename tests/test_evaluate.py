"""Scores of hand-made gold/prediction pairs, each figure computed by hand."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from pathlib import Path

import pytest

from newsevents import evaluate
from newsevents.errors import InputError
from newsevents.records import EventSource, FieldEvidence, Span, StoredEvent

SHARED = Path(__file__).resolve().parents[2] / "shared"
BAGHDAD = (33.3152, 44.3661)
ERBIL = (36.1911, 44.0092)
MOSUL = (36.3350, 43.1189)


def _acled_doc(doc_id: str, event_type: str | None = "Battles", **gold) -> dict:
    text = f"Document {doc_id}: fighting was reported in Baghdad on 3 May 2021, killing two."
    fields = {"task": "acled", "acled_event_type": event_type, "acled_sub_event_type": None, "actor1": None,
              "actor2": None, "fatalities": None, "date": None, "country_code": None, "lat": None, "lon": None}
    fields.update(gold)
    return {"id": doc_id, "text": text, "source": "hand", "gold": fields}


def _event(text: str, needle: str, **fields) -> dict:
    """A contract event whose evidence is ``needle`` in ``text``."""
    start = text.index(needle)
    evidence = {"text": needle, "start": start, "end": start + len(needle)}
    assert text[evidence["start"]:evidence["end"]] == evidence["text"]
    return {"event_type": "ASSAULT", "is_aggregate": False, "confidence": 0.5, "evidence": evidence, **fields}


def _prediction(doc: dict, **fields) -> dict:
    return {"id": doc["id"], "entities": [], "places": [], "events": [_event(doc["text"], "fighting", **fields)]}


def _location(point: tuple[float, float] | None, country_code: str = "IQ") -> dict | None:
    if point is None:
        return None
    return {"name": "somewhere", "geonameid": None, "lat": point[0], "lon": point[1], "country_code": country_code,
            "precision": 1}


# ---------------------------------------------------------------- distances


@pytest.mark.parametrize(
    "a, b, km, tolerance",
    [
        (BAGHDAD, BAGHDAD, 0.0, 1e-9),
        ((0.0, 0.0), (0.0, 1.0), 111.195, 0.01),  # one degree of the equator
        ((0.0, 0.0), (0.0, 180.0), math.pi * evaluate.EARTH_RADIUS_KM, 0.01),  # antipodes
        (BAGHDAD, ERBIL, 321.0, 5.0),
    ],
)
def test_haversine_km(a, b, km, tolerance):
    assert evaluate.haversine_km(*a, *b) == pytest.approx(km, abs=tolerance)


# ---------------------------------------------------------------- primary event


def _primary_case(confidences_starts_aggregates):
    return [
        {"confidence": c, "is_aggregate": agg, "evidence": {"start": s, "end": s + 1, "text": "x"}, "tag": i}
        for i, (c, s, agg) in enumerate(confidences_starts_aggregates)
    ]


@pytest.mark.parametrize(
    "events, expected_tag",
    [
        ([], None),
        ([(0.5, 0, False), (0.9, 10, False)], 1),  # highest confidence
        ([(0.7, 50, False), (0.7, 10, False)], 1),  # tie: first in text order
        ([(0.99, 0, True), (0.2, 30, False)], 1),  # a single event beats any aggregate
        ([(0.9, 30, True), (0.1, 5, True)], 1),  # only aggregates: the first in text order
    ],
)
def test_primary_event(events, expected_tag):
    chosen = evaluate.primary_event(_primary_case(events))
    assert (chosen["tag"] if chosen else None) == expected_tag


# ---------------------------------------------------------------- event types


def test_perfect_predictions_score_one():
    docs = [_acled_doc(f"d{i}", t, acled_sub_event_type="Armed clash", fatalities=2, date="2021-05-03",
                       country_code="IQ", lat=BAGHDAD[0], lon=BAGHDAD[1], actor1="Taliban")
            for i, t in enumerate(["Battles", "Protests", "Riots"])]
    predictions = [
        _prediction(d, acled_event_type=d["gold"]["acled_event_type"], acled_sub_event_type="Armed clash",
                    fatalities=2, date="2021-05-03", location=_location(BAGHDAD),
                    actor1={"name": "Taliban", "country_code": "AF", "type": "rebel group"})
        for d in docs
    ]
    report = evaluate.score(docs, predictions)
    values = {name: metric.value for name, metric in report.metrics["acled"].items()}
    assert values.pop("location_median_km") == pytest.approx(0.0)
    assert values and all(value == 1.0 for value in values.values()), values
    assert report.worst == []


# gold types, predicted types (None: no prediction line at all), accuracy, macro-F1 by hand
TYPE_CASES = [
    # Battles P1 R1/2 F1 2/3; Protests P1/2 R1 F1 2/3; Riots 1  -> (2/3 + 2/3 + 1) / 3
    (["Battles", "Battles", "Protests", "Riots"], ["Battles", "Protests", "Protests", "Riots"], 0.75, 7 / 9),
    # the missing document is "(none)": Battles P1 R1/2 F1 2/3; Protests 1; Riots 1 -> 8/9
    (["Battles", "Battles", "Protests", "Riots"], ["Battles", None, "Protests", "Riots"], 0.75, 8 / 9),
    # null gold types are skipped: only the two typed documents count
    (["Battles", None, None, "Riots"], ["Battles", "Riots", "Riots", "Riots"], 1.0, 1.0),
]


@pytest.mark.parametrize("gold_types, predicted_types, accuracy, macro_f1", TYPE_CASES)
def test_event_type_accuracy_and_macro_f1(gold_types, predicted_types, accuracy, macro_f1):
    docs = [_acled_doc(f"d{i}", t) for i, t in enumerate(gold_types)]
    predictions = [_prediction(d, acled_event_type=t) for d, t in zip(docs, predicted_types) if t]
    report = evaluate.score(docs, predictions)
    assert report.value("acled", "event_type_accuracy") == pytest.approx(accuracy)
    assert report.value("acled", "event_type_macro_f1") == pytest.approx(macro_f1)
    assert report.metrics["acled"]["event_type_accuracy"].count == sum(t is not None for t in gold_types)
    assert report.missing == sum(t is None for t in predicted_types)


def test_per_class_table_and_confusion():
    docs = [_acled_doc(f"d{i}", t) for i, t in enumerate(["Battles", "Battles", "Protests", "Riots"])]
    predictions = [_prediction(d, acled_event_type=t)
                   for d, t in zip(docs, ["Battles", "Protests", "Protests", "Riots"])]
    report = evaluate.score(docs, predictions)
    rows = {row.label: row for row in report.classes["acled/acled_event_type"]}
    assert (rows["Battles"].precision, rows["Battles"].recall, rows["Battles"].support) == (1.0, 0.5, 2)
    assert (rows["Protests"].precision, rows["Protests"].recall, rows["Protests"].support) == (0.5, 1.0, 1)
    confusion = report.confusion["acled/acled_event_type"]
    assert confusion.labels == ["Battles", "Protests", "Riots"]
    assert confusion.matrix == [[1, 1, 0], [0, 1, 0], [0, 0, 1]]


def test_plover_type_and_mode():
    docs = [{"id": f"p{i}", "text": "Officials agreed to talks.", "gold": {"task": "plover", "event_type": t,
                                                                         "event_mode": m}}
            for i, (t, m) in enumerate([("AGREE", None), ("ASSAULT", "aerial"), ("PROTEST", "demo-org")])]
    predicted = [("agree", None), ("ASSAULT", "Aerial"), ("ASSAULT", None)]
    predictions = [{"id": d["id"], "events": [_event(d["text"], "agreed", event_type=t, event_mode=m)]}
                   for d, (t, m) in zip(docs, predicted)]
    report = evaluate.score(docs, predictions)
    assert report.value("plover", "event_type_accuracy") == pytest.approx(2 / 3)
    # AGREE 1; ASSAULT P1/2 R1 F1 2/3; PROTEST 0 -> (1 + 2/3 + 0) / 3
    assert report.value("plover", "event_type_macro_f1") == pytest.approx(5 / 9)
    assert report.metrics["plover"]["event_mode_accuracy"].count == 2  # null gold mode skipped
    assert report.value("plover", "event_mode_accuracy") == pytest.approx(0.5)


# ---------------------------------------------------------------- other event fields


@pytest.mark.parametrize(
    "gold_values, predicted_values, field, metric, expected, count",
    [
        ([3, None, 0], [3, 5, None], "fatalities", "fatalities_exact", 0.5, 2),  # null gold skipped
        (["2021-05-03", "2021-05-04"], ["2021-05-03", "2021-05-05"], "date", "date_exact", 0.5, 2),
        ([1, 2], [1, None], "injuries", "injuries_exact", 0.5, 2),
    ],
)
def test_exact_match_fields(gold_values, predicted_values, field, metric, expected, count):
    docs = [_acled_doc(f"d{i}", **{field: v}) for i, v in enumerate(gold_values)]
    predictions = [_prediction(d, **{field: v}) for d, v in zip(docs, predicted_values)]
    report = evaluate.score(docs, predictions)
    assert report.value("acled", metric) == pytest.approx(expected)
    assert report.metrics["acled"][metric].count == count


def test_geocoding_accuracy_median_and_coverage():
    gold_points = [BAGHDAD, ERBIL, ERBIL, None]
    predicted_points = [BAGHDAD, BAGHDAD, None, BAGHDAD]  # 0 km, ~321 km, missing, gold null (skipped)
    docs = [_acled_doc(f"d{i}", lat=p[0] if p else None, lon=p[1] if p else None, location="Erbil")
            for i, p in enumerate(gold_points)]
    predictions = [_prediction(d, location=_location(p)) for d, p in zip(docs, predicted_points)]
    metrics = evaluate.score(docs, predictions).metrics["acled"]
    baghdad_erbil = evaluate.haversine_km(*BAGHDAD, *ERBIL)
    assert metrics["location_acc_161km"].value == pytest.approx(1 / 3)
    assert metrics["location_acc_161km"].count == 3
    assert metrics["location_median_km"].value == pytest.approx(baghdad_erbil / 2)  # median of 0 and ~321
    assert metrics["location_coverage"].value == pytest.approx(2 / 3)


def test_error_prediction_counts_as_miss():
    docs = [_acled_doc("a", "Battles"), _acled_doc("b", "Battles")]
    predictions = [_prediction(docs[0], acled_event_type="Battles"), {"id": "b", "error": "could not read"}]
    report = evaluate.score(docs, predictions)
    assert (report.failed, report.missing) == (1, 0)
    assert report.value("acled", "event_type_accuracy") == pytest.approx(0.5)


@pytest.mark.parametrize(
    "gold_name, predicted, expected",
    [
        ("Military Forces of Afghanistan (2014-2021)", {"name": "Afghan military", "country_code": "AF",
                                                        "type": "state forces"}, True),
        ("Military Forces of Afghanistan (2014-2021)", {"name": "Military Forces of Afghanistan"}, True),
        ("Taliban", {"name": "taliban", "country_code": "AF", "type": "rebel group"}, True),
        ("Islamic State (Afghanistan)", {"name": "Islamic State Khorasan Province"}, True),
        ("Civilians (Benin)", {"name": "civilians", "country_code": "BJ", "type": "civilians"}, True),
        ("Police Forces of Benin (2016-)", {"name": "Beninese police", "country_code": "BJ",
                                            "type": "state forces"}, True),
        ("Civilians (Benin)", {"name": "civilians", "country_code": "NG", "type": "civilians"}, False),
        ("Military Forces of Nigeria (2015-)", {"name": "Afghan military", "country_code": "AF",
                                                "type": "state forces"}, False),
        ("Boko Haram", {"name": "Nigerian army", "country_code": "NG", "type": "state forces"}, False),
        ("Taliban", None, False),
    ],
)
def test_actor_matches(gold_name, predicted, expected):
    assert evaluate.actor_matches(gold_name, predicted) is expected


def test_actor_class_uses_event_country_when_name_has_none():
    predicted = {"name": "soldiers", "country_code": "ML", "type": "state forces"}
    assert evaluate.actor_matches("Military Forces", predicted, gold_country="ML")
    assert not evaluate.actor_matches("Military Forces", predicted, gold_country="NE")


# ---------------------------------------------------------------- worst errors and rendering


def test_worst_errors_keep_the_most_confident_mistakes():
    docs = [_acled_doc(f"d{i}", "Battles") for i in range(evaluate.WORST_PER_FIELD + 2)]
    predictions = [_prediction(d, acled_event_type="Riots", confidence=i / 10) for i, d in enumerate(docs)]
    worst = [e for e in evaluate.score(docs, predictions).worst if e.field == "acled_event_type"]
    assert len(worst) == evaluate.WORST_PER_FIELD
    assert [e.id for e in worst] == [f"d{i}" for i in range(len(docs) - 1, 1, -1)]
    first = worst[0]
    assert (first.task, first.gold, first.predicted, first.evidence) == ("acled", "Battles", "Riots", "fighting")


def test_worst_errors_show_document_start_without_prediction():
    doc = _acled_doc("lonely", "Protests")
    (example,) = evaluate.score([doc], []).worst
    assert (example.id, example.predicted) == ("lonely", evaluate.NONE_LABEL)
    assert doc["text"].startswith(example.evidence)


def _small_report() -> evaluate.Report:
    docs = [_acled_doc(f"d{i}", t) for i, t in enumerate(["Battles", "Battles", "Protests", "Riots"])]
    predictions = [_prediction(d, acled_event_type=t)
                   for d, t in zip(docs, ["Battles", "Protests", "Protests", "Riots"])]
    return evaluate.score(docs, predictions)


def test_to_markdown_renders_tables():
    report = _small_report()
    markdown = report.to_markdown()
    assert "| event_type_accuracy | 0.750 | 4 |" in markdown
    assert "| Battles | 1 | 1 | 0 |" in markdown  # a confusion row
    assert "#### Worst errors" in markdown
    assert "Worst errors" not in report.to_markdown(examples=False)


def test_to_text_and_to_dict():
    report = _small_report()
    text = report.to_text()
    assert "event_type_accuracy  0.750  4" in text
    assert "|" not in text.split("Worst errors")[0]  # plain text, no Markdown
    data = json.loads(json.dumps(report.to_dict()))
    assert data["metrics"]["acled"]["event_type_accuracy"] == {"value": 0.75, "count": 4}
    assert all("severity" not in example for example in data["worst"])


# ---------------------------------------------------------------- geo


GEO_TEXT = "Fighting in Mosul and near Erbil city, Iraq, said the Observatory."


def _span(needle: str, **fields) -> dict:
    start = GEO_TEXT.index(needle)
    span = {"text": needle, "start": start, "end": start + len(needle), **fields}
    assert GEO_TEXT[span["start"]:span["end"]] == span["text"]
    return span


def test_geo_span_overlap_matching_and_distance():
    gold = [
        _span("Mosul", lat=MOSUL[0], lon=MOSUL[1]),
        _span("Erbil", lat=ERBIL[0], lon=ERBIL[1]),
        _span("Iraq", lat=33.0, lon=44.0),
        _span("Observatory", type="Non_Toponym"),  # not a toponym: neither missed nor matched
    ]
    predicted = [
        _span("Mosul", lat=MOSUL[0], lon=MOSUL[1]),  # exact: 0 km
        _span("Erbil city", lat=BAGHDAD[0], lon=BAGHDAD[1]),  # overlaps "Erbil": matched, ~321 km off
        _span("Fighting"),  # spurious
    ]
    doc = {"id": "g", "text": GEO_TEXT, "gold": {"task": "geo", "toponyms": gold}}
    report = evaluate.score([doc], [{"id": "g", "places": predicted}])
    metrics = report.metrics["geo"]
    # tp 2, fp 1, fn 1 (Iraq)
    assert metrics["toponym_precision"].value == pytest.approx(2 / 3)
    assert metrics["toponym_recall"].value == pytest.approx(2 / 3)
    assert metrics["toponym_f1"].value == pytest.approx(2 / 3)
    assert metrics["acc_161km"].value == pytest.approx(0.5)
    # End to end, the unrecognised Iraq is a miss too: only Mosul of three located toponyms is within 161 km.
    assert (metrics["end_to_end_acc_161km"].value, metrics["end_to_end_acc_161km"].count) == (pytest.approx(1 / 3), 3)
    assert metrics["median_km"].value == pytest.approx(evaluate.haversine_km(*BAGHDAD, *ERBIL) / 2)
    fields = sorted((e.field, e.gold or e.predicted) for e in report.worst)
    assert fields == [("toponym_location", "Erbil"), ("toponym_missed", "Iraq"), ("toponym_spurious", "Fighting")]


def test_geo_matching_is_one_to_one_largest_overlap_first():
    text = "New York police said."
    doc = {"id": "g", "text": text, "gold": {"task": "geo", "toponyms": [{"text": "New York", "start": 0, "end": 8}]}}
    places = [{"text": "New", "start": 0, "end": 3}, {"text": "New York", "start": 0, "end": 8}]
    report = evaluate.score([doc], [{"id": "g", "places": places}])
    assert report.value("geo", "toponym_recall") == 1.0
    assert report.value("geo", "toponym_precision") == 0.5
    (spurious,) = [e for e in report.worst if e.field == "toponym_spurious"]
    assert spurious.predicted == "New"


# ---------------------------------------------------------------- NER


@pytest.mark.parametrize(
    "spacy_label, conll",
    [("PERSON", "PER"), ("GPE", "LOC"), ("LOC", "LOC"), ("FAC", "LOC"), ("ORG", "ORG"), ("NORP", "MISC"),
     ("EVENT", "MISC"), ("LAW", "MISC"), ("DATE", None), ("CARDINAL", None)],
)
def test_conll_label(spacy_label, conll):
    assert evaluate.conll_label(spacy_label) == conll


def test_ner_span_f1_and_per_label_table():
    text = "Rome hosts Italy and NATO talks with John Smith ."

    def entity(needle: str, label: str) -> dict:
        start = text.index(needle)
        found = {"text": needle, "label": label, "start": start, "end": start + len(needle)}
        assert text[found["start"]:found["end"]] == found["text"]
        return found

    gold = [entity("Rome", "LOC"), entity("Italy", "LOC"), entity("NATO", "ORG"), entity("John Smith", "PER")]
    predicted = [entity("Rome", "GPE"), entity("Italy", "NORP"), entity("NATO", "ORG"), entity("John", "PERSON"),
                 entity("talks", "DATE")]  # DATE is dropped by the mapping
    doc = {"id": "n", "text": text, "gold": {"task": "ner", "entities": gold}}
    report = evaluate.score([doc], [{"id": "n", "entities": predicted}])
    # tp: Rome, NATO; fp: Italy/MISC, John/PER; fn: Italy/LOC, John Smith/PER
    for name in ("entity_precision", "entity_recall", "entity_f1"):
        assert report.value("ner", name) == pytest.approx(0.5)
    rows = {row.label: (row.precision, row.recall, row.support) for row in report.classes["ner/entity"]}
    assert rows == {"LOC": (1.0, 0.5, 2), "ORG": (1.0, 1.0, 1), "PER": (0.0, 0.0, 1), "MISC": (0.0, 0.0, 0)}
    kinds = sorted((e.field, e.gold, e.predicted) for e in report.worst)
    assert kinds == [("missed", "John Smith [PER]", None), ("spurious", None, "John [PER]"),
                     ("wrong_label", "Italy [LOC]", "[MISC]")]


# ---------------------------------------------------------------- loading


def test_load_gold_skips_bad_lines_with_clear_messages(tmp_path):
    good = {"id": "a", "text": "t", "gold": {"task": "acled"}}
    lines = [
        json.dumps(good),
        "{not json",
        json.dumps({"id": "b", "gold": {"task": "acled"}}),
        json.dumps({"id": "c", "text": "t", "gold": {"task": "sentiment"}}),
        json.dumps(good),
        "",
        json.dumps({"id": "d", "text": "t", "gold": {"task": "ner", "entities": []}}),
    ]
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    errors: list[InputError] = []
    records = evaluate.load_gold(path, on_error=errors.append)
    assert [r["id"] for r in records] == ["a", "d"]
    messages = [str(e) for e in errors]
    assert [e.where for e in errors] == [f"{path} line {n}" for n in (2, 3, 4, 5)]
    assert "not valid JSON" in messages[0]
    assert "missing string 'text'" in messages[1]
    assert "gold.task is 'sentiment'" in messages[2]
    assert "duplicate id 'a'" in messages[3]


@pytest.mark.parametrize("content", [None, "", "{broken\n"])
def test_load_gold_fails_when_nothing_usable(tmp_path, content):
    path = tmp_path / "gold.jsonl"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        evaluate.load_gold(path, on_error=lambda error: None)
    assert str(path) in str(caught.value)


def test_load_gold_keeps_unicode_line_separators_inside_a_record(tmp_path):
    # U+2028 is valid inside a JSON string; only "\n" ends a JSON Lines record.
    record = {"id": "a", "text": "first\u2028second", "gold": {"task": "acled"}}
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    assert evaluate.load_gold(path, on_error=pytest.fail) == [record]


def test_load_gold_names_the_fix_for_a_file_that_is_not_utf8(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_bytes(b'{"id": "a", "text": "caf\xe9", "gold": {"task": "acled"}}\n')
    with pytest.raises(InputError) as caught:
        evaluate.load_gold(path, on_error=pytest.fail)
    assert str(path) in str(caught.value) and "UTF-8 JSONL" in str(caught.value)


def test_load_predictions_skips_lines_without_id(tmp_path):
    path = tmp_path / "pred.jsonl"
    path.write_text('{"id": "a", "events": []}\n{"events": []}\n', encoding="utf-8")
    errors: list[InputError] = []
    assert [p["id"] for p in evaluate.load_predictions(path, on_error=errors.append)] == ["a"]
    assert len(errors) == 1 and "line 2" in str(errors[0])


@pytest.mark.parametrize(
    "record, expected",
    [
        ({"id": "a", "text": "t", "source": "s", "gold": {"task": "ner"}}, {"id": "a", "text": "t"}),
        ({"id": "a", "text": "t", "title": "T", "published": "2021-05-03", "gold": {}},
         {"id": "a", "text": "t", "title": "T", "published": "2021-05-03"}),
        ({"id": "a", "text": "t", "title": None, "gold": {}}, {"id": "a", "text": "t"}),
    ],
)
def test_strip_gold(record, expected):
    assert evaluate.strip_gold(record) == expected


@pytest.mark.parametrize(
    "doc_id, split",
    [("acled-123", "check"), ("report 7", "check"), ("0", "check"),
     ("doc-1", "tune"), ("gtd/2013/17", "tune"), ("Ünïcode-id", "tune"), ("", "tune")],
)
def test_split_of_is_fixed_by_the_id(doc_id, split):
    # Literal answers: a change of hash, modulus or encoding would silently move documents between parts.
    assert evaluate.split_of(doc_id) == split


def test_split_of_sends_about_a_third_to_check():
    parts = [evaluate.split_of(f"doc-{number}") for number in range(3000)]
    assert set(parts) == {"tune", "check"}
    assert 0.30 <= parts.count("check") / len(parts) <= 0.37


# ---------------------------------------------------------------- real dev data


def test_gold_copied_into_predictions_scores_one_on_dev_data():
    path = SHARED / "benchmarks" / "acled_afg2020" / "dev.jsonl"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    gold = evaluate.load_gold(path)
    predictions = []
    for record in gold:
        g = record["gold"]
        event = {
            "acled_event_type": g["acled_event_type"], "acled_sub_event_type": g["acled_sub_event_type"],
            "actor1": {"name": g["actor1"]} if g["actor1"] else None,
            "actor2": {"name": g["actor2"]} if g["actor2"] else None,
            "fatalities": g["fatalities"], "date": g["date"],
            "location": {"lat": g["lat"], "lon": g["lon"], "country_code": g["country_code"]},
            "is_aggregate": False, "confidence": 1.0,
        }
        predictions.append({"id": record["id"], "events": [event]})
    report = evaluate.score(gold, predictions)
    values = {n: m.value for n, m in report.metrics["acled"].items() if n != "location_median_km"}
    assert all(v == 1.0 for v in values.values()), values


# --- merging ------------------------------------------------------------------


def _report(report_id: str, article_id: str, event_type: str, evidence: str) -> StoredEvent:
    return StoredEvent(report_id, article_id, None, event_type, Span(0, len(evidence), evidence))


def _merged(event_id: str, *reports: StoredEvent) -> StoredEvent:
    return replace(reports[0], id=event_id, sources=tuple(EventSource(r) for r in reports))


def test_merge_score_counts_pairs_over_aligned_reports():
    gold = (
        evaluate.GoldReport("flood", "d1", None, "river burst"),
        evaluate.GoldReport("flood", "d2", None, "banks gave way"),
        evaluate.GoldReport("flood", "d3", "ASSAULT", "water rose"),
        evaluate.GoldReport("raid", "d3", "ASSAULT", "raided a farm"),
        evaluate.GoldReport("raid", "d4", None, "farm was raided"),
    )
    documents = {"a1": "d1", "a2": "d2", "a3": "d3", "a4": "d4"}
    events = [
        # Right: d1 and d2 together; wrong: the d3 raid joined them too.
        _merged("e1", _report("r1", "a1", "ASSAULT", "the river burst its banks"),
                _report("r2", "a2", "ASSAULT", "its banks gave way at dawn"),
                _report("r3", "a3", "ASSAULT", "men raided a farm")),
        # Split: the d4 raid stands alone; the d3 flood report is not aligned (wrong type).
        _merged("e2", _report("r4", "a4", "ASSAULT", "a farm was raided")),
        _report("r5", "a3", "PROTEST", "water rose"),  # a lone report (no sources): itself
    ]  # fmt: skip
    result = evaluate.score_merging(events, gold, documents)
    # Aligned r1, r2 (flood), r3, r4 (raid). Predicted pairs: r1r2, r1r3, r2r3; gold pairs: r1r2, r3r4.
    assert (result.true_pairs, result.predicted_pairs, result.gold_pairs) == (1, 3, 2)
    assert result.precision == pytest.approx(1 / 3) and result.recall == pytest.approx(1 / 2)
    assert result.f1 == pytest.approx(0.4)
    assert (result.aligned_reports, result.unaligned_reports) == (4, 1)
    assert (result.gold_items, result.gold_items_found) == (5, 4)


def test_merge_gold_file_loads_every_item():
    gold = evaluate.load_merge_gold(Path(__file__).parent / "fixtures" / "merge_gold.json")
    assert gold and all(item.document.startswith("m") and item.words for item in gold)
    assert {"maiduguri-bombing", "marib-drone-strike"} <= {item.cluster for item in gold}


def test_merge_score_aligns_a_sentence_of_two_events_by_trigger():
    text = "Crowds marched in the port, a day after guards scattered a rally upcountry."
    gold = (evaluate.GoldReport("rally", "d1", None, "scattered a rally"),
            evaluate.GoldReport("march", "d1", None, "marched in the port"))  # fmt: skip
    reports = [
        replace(_report(name, "a1", "PROTEST", text), evidence_spans=FieldEvidence(event_type=Span.of(text, start, end)))
        for name, (start, end) in (("r1", (7, 14)), ("r2", (47, 56)))
    ]
    result = evaluate.score_merging([_merged("e1", *reports)], gold, {"a1": "d1"})
    # r1 (trigger "marched") is the march, r2 ("scattered") the rally: their pair is predicted, not gold.
    assert (result.true_pairs, result.predicted_pairs, result.gold_pairs) == (0, 1, 0)
    assert result.gold_items_found == 2
