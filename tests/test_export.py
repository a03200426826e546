"""Tests for the exports: each format is written to a file and read back with a real reader, field by field."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, datetime, timezone
from pathlib import Path

import geojson
import pyarrow.parquet as pq
import pytest

from newsevents.actors.dictionary import ACTOR_TYPES
from newsevents.errors import NewsEventsError
from newsevents.events.lexicon import _TriggerRow
from newsevents.export import (
    ACLED_COLUMNS,
    ACLED_INTER,
    BINARY_FORMATS,
    FLAT_COLUMNS,
    FORMATS,
    PARQUET_BATCH,
    PLOVER_QUAD,
    PLOVER_SECTOR,
    AcledRegion,
    ExportCounts,
    export,
    interaction,
    parquet_schema,
)
from newsevents.records import (
    ActorMention,
    Analysis,
    Article,
    DateMention,
    EventActor,
    EventMention,
    EventPlace,
    FieldEvidence,
    PlaceMention,
    Span,
    StoredEvent,
)
from newsevents.resources import load_table
from newsevents.store import open_store

ROOT = Path(__file__).resolve().parents[1]
ANALYSED_AT = "2024-03-02T08:30:00+00:00"
ANALYSED_UNIX = int(datetime(2024, 3, 2, 8, 30, tzinfo=timezone.utc).timestamp())


def _stored(event_id: str, event_type: str, evidence: str, **fields) -> StoredEvent:
    base = {
        "article_id": "a1b2c3d4e5f60718",
        "article_title": "Invented headline",
        "article_source": "Example Wire",
        "article_published": "2024-03-01",
        "analysed_at": ANALYSED_AT,
    }
    return StoredEvent(id=event_id, event_type=event_type, evidence=Span(0, len(evidence), evidence), **base | fields)


# Invented events in real places.
CLASH = _stored(
    "00000000000000ff", "ASSAULT", "Rebels attacked an army post outside Kidal on Tuesday, killing three soldiers.",
    event_mode="firearms", acled_event_type="Battles", acled_sub_event_type="Armed clash",
    actor1=EventActor("Invented Liberation Front", "ML", "rebel group"),
    actor2=EventActor("Military Forces of Mali", "ML", "state forces"),
    date="2024-02-27", date_precision="day",
    location=EventPlace("Kidal", 2455290, 18.44111, 1.40778, "ML", 2), fatalities=3,
    reported_by=("army spokesman",), confidence=0.8,
    evidence_spans=FieldEvidence(actor1=Span(0, 6, "Rebels")),
)  # fmt: skip
CROWD = _stored(
    "0123456789abcdef", "PROTEST", "Police beat teachers marching in Sfax in late February.",
    event_mode="demonstrate", acled_event_type="Protests", acled_sub_event_type="Excessive force against protesters",
    actor1=EventActor("Police Forces of Tunisia", "TN", "state forces"),
    actor2=EventActor("Protesters (Tunisia)", "TN", "protesters"),
    date="2024-02-19", date_precision="week", location=EventPlace("Sfax", None, 34.74056, 10.76028, "TN", 1),
    injuries=4, reported_by=("Example Wire", "union officials"),
)  # fmt: skip
RAID = _stored(
    "fedcba9876543210", "ASSAULT", "A militia raided a village in Ituri, killing villagers.",
    acled_event_type="Violence against civilians", acled_sub_event_type="Attack",
    actor1=EventActor("Invented Militia", "CD", "identity militia"),
    actor2=EventActor("Civilians (Democratic Republic of Congo)", "CD", "civilians"),
    date="2024-01-01", date_precision="month", location=EventPlace("Ituri", None, 1.5, 29.5, "CD", 3),
    is_aggregate=True,
)  # fmt: skip
SPEECH = _stored(
    "1111111111111111", "PROTEST", "An invented governor led a march in Peshawar.",
    acled_event_type="Protests", acled_sub_event_type="Peaceful protest",
    actor1=EventActor("Invented Governor", "PK", "person"),
    date="2024-02-01", date_precision="year", location=EventPlace("Pakistan", 1168579, None, None, "PK", 4),
)  # fmt: skip
TALKS = _stored(
    "2222222222222222", "CONSULT", "The two ministers met in Geneva.", event_mode="meet",
    actor1=EventActor("Foreign Ministry of Norway", "NO", "government"), date="2024-02-20", date_precision="day",
)  # fmt: skip
EVENTS = (CLASH, CROWD, RAID, SPEECH, TALKS)


def _write(tmp_path: Path, fmt: str, events=EVENTS) -> tuple[Path, ExportCounts]:
    path = tmp_path / f"out.{fmt}"
    binary = fmt in BINARY_FORMATS
    with path.open("wb") if binary else path.open("w", encoding="utf-8", newline="") as out:
        counts = export(iter(events), fmt, out)
    return path, counts


def _acled_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def test_acled_csv_columns_codes_and_cells(tmp_path):
    path, counts = _write(tmp_path, "acled-csv")
    header, rows = _acled_rows(path)
    assert header == list(ACLED_COLUMNS)
    assert header[:4] == ["event_id_cnty", "event_date", "year", "time_precision"] and header[-1] == "timestamp"
    assert counts == ExportCounts(written=4, left_out=1)  # the meeting has no ACLED type (nor a place)
    clash, crowd, raid, speech = rows
    assert clash == {
        "event_id_cnty": "MLI255", "event_date": "2024-02-27", "year": "2024", "time_precision": "1",
        "disorder_type": "Political violence", "event_type": "Battles", "sub_event_type": "Armed clash",
        "actor1": "Invented Liberation Front", "assoc_actor_1": "", "inter1": "2",
        "actor2": "Military Forces of Mali", "assoc_actor_2": "", "inter2": "1", "interaction": "12",
        "civilian_targeting": "", "iso": "466", "region": "Western Africa", "country": "Mali",
        "admin1": "", "admin2": "", "admin3": "", "location": "Kidal", "latitude": "18.4411", "longitude": "1.4078",
        "geo_precision": "2", "source": "Example Wire; army spokesman", "source_scale": "",
        "notes": CLASH.evidence.text, "fatalities": "3", "tags": "", "timestamp": str(ANALYSED_UNIX),
    }  # fmt: skip
    assert (crowd["event_id_cnty"], crowd["iso"], crowd["region"], crowd["country"]) == (
        f"TUN{int(CROWD.id, 16)}", "788", "Northern Africa", "Tunisia",
    )  # fmt: skip
    assert (crowd["disorder_type"], crowd["inter1"], crowd["inter2"], crowd["interaction"]) == (
        "Political violence; Demonstrations", "1", "6", "16",
    )  # fmt: skip
    assert (crowd["time_precision"], crowd["geo_precision"], crowd["fatalities"]) == ("2", "1", "0")
    assert crowd["source"] == "Example Wire; union officials"  # the outlet once
    assert (raid["civilian_targeting"], raid["interaction"], raid["region"], raid["iso"]) == (
        "Civilian targeting", "47", "Middle Africa", "180",
    )  # fmt: skip
    assert (raid["country"], raid["time_precision"], raid["geo_precision"]) == ("Democratic Republic of Congo", "3", "3")
    # A person's ACLED code depends on whom they act for, which the store does not keep.
    assert (speech["inter1"], speech["inter2"], speech["interaction"]) == ("", "0", "")
    assert (speech["disorder_type"], speech["geo_precision"], speech["latitude"]) == ("Demonstrations", "3", "")
    assert (speech["time_precision"], speech["region"]) == ("3", "South Asia")


def test_acled_interaction_codes():
    assert [interaction(*pair) for pair in ((2, 1), (1, 2), (6, 0), (0, 7), (3, 3), (None, 1))] == [12, 12, 60, 70, 33, None]


def test_every_actor_type_has_a_code_or_a_reason():
    assert set(ACLED_INTER) | {"person"} == ACTOR_TYPES
    assert set(PLOVER_SECTOR) | {"person"} == ACTOR_TYPES
    assert set(ACLED_INTER.values()) == set(range(1, 9))


def test_acled_regions_table_names_only_acled_regions():
    rows = load_table("acled_regions.csv", AcledRegion)
    regions = {row.region for row in rows}
    assert regions == {
        "Western Africa", "Middle Africa", "Eastern Africa", "Southern Africa", "Northern Africa", "Middle East",
        "South Asia", "Southeast Asia", "East Asia", "Caucasus and Central Asia", "Europe", "Oceania",
        "North America", "Central America", "South America", "Caribbean", "Antarctica",
    }  # fmt: skip
    codes = [row.iso2 for row in rows]
    assert len(codes) == len(set(codes)) > 240


def test_plover_json_lines(tmp_path):
    path, counts = _write(tmp_path, "plover-json")
    assert counts == ExportCounts(written=5, left_out=0)
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == [e.id for e in EVENTS]
    clash = records[0]
    assert list(clash)[:9] == ["id", "date", "source", "recipient", "event", "mode", "context", "quad_code", "event_loc"]
    assert clash["source"] == [
        {"code": "MLI", "sector": "REB", "actor_text": "Rebels", "identifier_text": "Invented Liberation Front", "type": "rebel group"}
    ]  # fmt: skip
    assert clash["recipient"] == [
        {"code": "MLI", "sector": "MIL", "actor_text": "Military Forces of Mali",
         "identifier_text": "Military Forces of Mali", "type": "state forces"}
    ]  # fmt: skip
    assert (clash["date"], clash["event"], clash["mode"], clash["context"], clash["quad_code"]) == (
        "2024-02-27", ["ASSAULT"], ["firearms"], [], 4,
    )  # fmt: skip
    assert clash["event_loc"] == {
        "geonameid": 2455290, "name": "Kidal", "latitude": 18.44111, "longitude": 1.40778,
        "country code": "ML", "cc3": "MLI", "precision": 2,
    }  # fmt: skip
    assert clash["event_text"] == [CLASH.evidence.text]
    assert clash["text_info"] == {"start": 0, "end": len(CLASH.evidence.text)}
    assert clash["cite_info"] == {
        "citation": "a1b2c3d4e5f60718", "title": "Invented headline", "publication": "Example Wire", "published": "2024-03-01",
    }  # fmt: skip
    assert (clash["coded_date"], clash["coded_time"], clash["coder"].split()[0]) == ("2024-03-02", "08:30:00+00:00", "newsevents")
    assert clash["size_info"] == {"dead": 3, "injured": None}
    assert (clash["acled_event_type"], clash["reported_by"], clash["confidence"]) == ("Battles", ["army spokesman"], 0.8)
    talks = records[-1]
    assert (talks["recipient"], talks["event_loc"], talks["quad_code"], talks["mode"]) == ([], None, 1, ["meet"])
    assert talks["source"][0]["sector"] == "GOV" and talks["source"][0]["code"] == "NOR"


def test_plover_quad_covers_the_event_types_we_extract():
    triggers = load_table("event_triggers.csv", _TriggerRow)
    assert {row.event_type for row in triggers} <= set(PLOVER_QUAD)


def test_geojson_feature_collection_lon_lat(tmp_path):
    path, counts = _write(tmp_path, "geojson")
    assert counts == ExportCounts(written=3, left_out=2)  # Pakistan (country level) and the talks have no point
    collection = geojson.loads(path.read_text(encoding="utf-8"))
    assert isinstance(collection, geojson.FeatureCollection) and collection.is_valid, collection.errors()
    features = collection["features"]
    assert [f["id"] for f in features] == [CLASH.id, CROWD.id, RAID.id]
    assert features[0]["geometry"] == {"type": "Point", "coordinates": [1.40778, 18.44111]}  # [lon, lat]
    properties = features[1]["properties"]
    assert list(properties) == [name for name, _, _ in FLAT_COLUMNS]
    assert properties == {
        "event_id": CROWD.id, "event_type": "PROTEST", "event_mode": "demonstrate", "acled_event_type": "Protests",
        "acled_sub_event_type": "Excessive force against protesters", "actor1": "Police Forces of Tunisia",
        "actor1_country": "TN", "actor1_type": "state forces", "actor2": "Protesters (Tunisia)",
        "actor2_country": "TN", "actor2_type": "protesters", "date": "2024-02-19", "date_precision": "week",
        "location": "Sfax", "geonameid": None, "latitude": 34.74056, "longitude": 10.76028, "country_code": "TN",
        "geo_precision": 1, "fatalities": None, "injuries": 4, "is_aggregate": False,
        "reported_by": ["Example Wire", "union officials"], "evidence": CROWD.evidence.text, "evidence_start": 0,
        "evidence_end": len(CROWD.evidence.text), "confidence": 0.5, "article_id": "a1b2c3d4e5f60718",
        "article_title": "Invented headline", "article_source": "Example Wire", "article_published": "2024-03-01",
        "analysed_at": ANALYSED_AT,
    }  # fmt: skip


def test_empty_geojson_is_a_valid_collection(tmp_path):
    path, counts = _write(tmp_path, "geojson", ())
    assert counts == ExportCounts(0, 0)
    collection = geojson.loads(path.read_text(encoding="utf-8"))
    assert collection.is_valid and collection["features"] == []


def test_parquet_schema_rows_and_batches(tmp_path, monkeypatch):
    monkeypatch.setattr("newsevents.export.PARQUET_BATCH", 2)
    path, counts = _write(tmp_path, "parquet")
    assert counts == ExportCounts(written=5, left_out=0)
    parquet = pq.ParquetFile(path)
    assert parquet.metadata.num_row_groups == 3  # written in batches, not at once
    table = parquet.read()
    assert table.schema.equals(parquet_schema())
    assert table.schema.field("latitude").metadata == {b"description": b"WGS 84 degrees"}
    rows = table.to_pylist()
    assert [row["event_id"] for row in rows] == [e.id for e in EVENTS]
    clash = rows[0]
    assert clash == {
        "event_id": CLASH.id, "event_type": "ASSAULT", "event_mode": "firearms", "acled_event_type": "Battles",
        "acled_sub_event_type": "Armed clash", "actor1": "Invented Liberation Front", "actor1_country": "ML",
        "actor1_type": "rebel group", "actor2": "Military Forces of Mali", "actor2_country": "ML",
        "actor2_type": "state forces", "date": date(2024, 2, 27), "date_precision": "day", "location": "Kidal",
        "geonameid": 2455290, "latitude": 18.44111, "longitude": 1.40778, "country_code": "ML", "geo_precision": 2,
        "fatalities": 3, "injuries": None, "is_aggregate": False, "reported_by": ["army spokesman"],
        "evidence": CLASH.evidence.text, "evidence_start": 0, "evidence_end": len(CLASH.evidence.text),
        "confidence": 0.8, "article_id": "a1b2c3d4e5f60718", "article_title": "Invented headline",
        "article_source": "Example Wire", "article_published": date(2024, 3, 1),
        "analysed_at": datetime(2024, 3, 2, 8, 30, tzinfo=timezone.utc),
    }  # fmt: skip
    talks = rows[-1]
    assert (talks["location"], talks["latitude"], talks["geo_precision"], talks["reported_by"]) == (None, None, None, [])
    assert PARQUET_BATCH == 10_000  # the real batch size; monkeypatch restores it after the test


def test_docs_list_every_parquet_column():
    docs = (ROOT / "docs" / "exports.md").read_text(encoding="utf-8")
    listed = re.findall(r"^\| `(\w+)` \| `([^`]+)` \|", docs, re.MULTILINE)
    assert listed == [(name, kind) for name, kind, _ in FLAT_COLUMNS]


@pytest.mark.parametrize("fmt", ["acled-csv", "plover-json", "geojson"])
def test_text_exports_write_each_event_before_reading_the_next(fmt):
    out = io.StringIO()
    sizes = []

    def events():
        for event in (CLASH, CROWD, RAID):
            sizes.append(out.tell())
            yield event

    export(events(), fmt, out)
    assert sizes == sorted(set(sizes))


def test_unknown_format_is_refused(tmp_path):
    with pytest.raises(NewsEventsError, match="no export format 'kml'") as error, (tmp_path / "x").open("w") as out:
        export(EVENTS, "kml", out)
    assert "acled-csv" in error.value.fix
    assert FORMATS == ("acled-csv", "plover-json", "geojson", "parquet")


def test_exports_read_from_a_store(tmp_path):
    """End to end: an analysis saved in SQLite, listed by the store, exported in every format."""
    text = "Gunmen shot dead two herders near Maiduguri on Sunday, police said."
    where = text.index("Maiduguri")
    gunmen, herders = text.index("Gunmen"), text.index("herders")
    article = Article(text=text, title="Herders killed", published="2024-05-06", source="Invented Daily")
    event = EventMention(
        event_type="ASSAULT", evidence=Span.of(text, 0, len(text) - 1), event_mode="firearms",
        acled_event_type="Violence against civilians", acled_sub_event_type="Attack",
        actor1=ActorMention(Span.of(text, gunmen, gunmen + 6), "Unidentified Armed Group (Nigeria)", country_code="NG", type="political militia"),
        actor2=ActorMention(Span.of(text, herders, herders + 7), "Civilians (Nigeria)", country_code="NG", type="civilians"),
        date=DateMention(Span.of(text, text.index("Sunday"), text.index("Sunday") + 6), "2024-05-05", "day"),
        location=PlaceMention(Span.of(text, where, where + 9), "Maiduguri", 2331447, 11.84692, 13.15712, "NG", precision=2),
        fatalities=2, reported_by=(ActorMention(Span.of(text, text.index("police"), text.index("police") + 6), "Police"),),
    )  # fmt: skip
    with open_store(tmp_path / "e.db") as store:
        store.save_analysis(Analysis(article=article, events=(event,)))
        [stored] = store.events()
    assert (stored.article_source, stored.article_published) == ("Invented Daily", "2024-05-06")
    acled, _ = _write(tmp_path, "acled-csv", [stored])
    [row] = _acled_rows(acled)[1]
    assert (row["event_id_cnty"], row["iso"], row["region"], row["interaction"]) == (
        f"NGA{int(stored.id, 16)}", "566", "Western Africa", "37",
    )  # fmt: skip
    assert (row["source"], row["civilian_targeting"], row["fatalities"]) == ("Invented Daily; Police", "Civilian targeting", "2")
    assert row["timestamp"] == str(int(datetime.fromisoformat(stored.analysed_at or "").timestamp()))
    plover, _ = _write(tmp_path, "plover-json", [stored])
    [record] = [json.loads(line) for line in plover.read_text(encoding="utf-8").splitlines()]
    assert record["source"][0]["actor_text"] == "Gunmen" and record["recipient"][0]["code"] == "NGA"
    geo, _ = _write(tmp_path, "geojson", [stored])
    assert geojson.loads(geo.read_text(encoding="utf-8"))["features"][0]["geometry"]["coordinates"] == [13.15712, 11.84692]
    parquet, _ = _write(tmp_path, "parquet", [stored])
    [flat] = pq.read_table(parquet).to_pylist()
    assert (flat["event_id"], flat["date"], flat["fatalities"]) == (stored.id, date(2024, 5, 5), 2)
