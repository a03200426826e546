"""Stored events in the field's formats: ACLED CSV, PLOVER JSON lines, GeoJSON and Parquet (docs/exports.md).

Every writer streams: it takes the events one at a time and writes as it goes (Parquet in row groups of
``PARQUET_BATCH`` rows), so a database of any size is exported without being held in memory.
pyarrow is imported only here, and only when Parquet is asked for.
"""

from __future__ import annotations

import csv
import json
import os
import pickle
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache, lru_cache
from pathlib import Path
from typing import IO, Any

from . import __version__
from .errors import NewsEventsError
from .records import Analysis, EventActor, StoredEvent, analysis_to_contract
from .resources import load_table
from .textnorm import country_short_names, iso_country

BINARY_FORMATS = frozenset({"parquet"})  # the others write text (UTF-8)
PARQUET_BATCH = 10_000


@dataclass(frozen=True)
class ExportCounts:
    """Events written, and events the format cannot hold (no ACLED type, date or country; no coordinates)."""

    written: int
    left_out: int


def export(events: Iterable[StoredEvent], fmt: str, out: IO[Any]) -> ExportCounts:
    """Write ``events`` to the open file ``out`` in format ``fmt`` (one of FORMATS).

    ``out`` is a binary file for the BINARY_FORMATS and a text file (opened with ``newline=""``) for the others.
    """
    writer = _WRITERS.get(fmt)
    if writer is None:
        raise NewsEventsError(f"there is no export format {fmt!r}", f"use one of {', '.join(FORMATS)}")
    return writer(events, out)


# --------------------------------------------------------------------------------------------- countries


@dataclass(frozen=True)
class AcledRegion:
    """One row of data/acled_regions.csv."""

    iso2: str
    region: str
    country: str | None  # ACLED's name where it differs from ours


@dataclass(frozen=True)
class _Country:
    name: str
    alpha3: str | None
    numeric: int | None  # ISO 3166-1 numeric, as ACLED's iso column gives it
    region: str | None


@lru_cache(maxsize=1)
def _acled_regions() -> dict[str, AcledRegion]:
    return {row.iso2: row for row in load_table("acled_regions.csv", AcledRegion)}


@cache
def _country(iso2: str) -> _Country:
    row = _acled_regions().get(iso2)
    record = iso_country(iso2)
    name = (row.country if row else None) or country_short_names().get(iso2)
    if record is None:  # a code ISO does not assign (Kosovo's XK)
        return _Country(name or iso2, None, None, row.region if row else None)
    official = getattr(record, "common_name", None) or record.name
    return _Country(name or str(official), str(record.alpha_3), int(record.numeric), row.region if row else None)


# ------------------------------------------------------------------------------------------------ ACLED

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)  # fmt: skip

# ACLED's actor codes by our actor types. Governments are state forces in ACLED; journalists and outlets
# are civilians; international bodies are external/other forces. A person is coded by the group they act
# for, which the store does not keep, so a person's code is unknown (an empty cell).
ACLED_INTER = {
    "state forces": 1,
    "government": 1,
    "rebel group": 2,
    "political militia": 3,
    "identity militia": 4,
    "rioters": 5,
    "protesters": 6,
    "civilians": 7,
    "media": 7,
    "external/other forces": 8,
    "international organisation": 8,
}
_DISORDER = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
# The codebook's two sub-event types whose disorder differs from their event type's.
_DISORDER_OF_SUB_EVENT = {
    "Excessive force against protesters": "Political violence; Demonstrations",
    "Mob violence": "Political violence",
}
_TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}


def _inter(actor: EventActor | None) -> int | None:
    """ACLED's code of an actor: 0 for no actor, None when its type has no code."""
    if actor is None:
        return 0
    return ACLED_INTER.get(actor.type or "")


def interaction(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED's interaction: the two codes, smaller first (12); one actor alone is its code then 0 (60)."""
    if inter1 is None or inter2 is None:
        return None
    low, high = sorted((inter1, inter2))
    return high * 10 if low == 0 else low * 10 + high


def acled_event_id(event: StoredEvent, alpha3: str) -> str:
    """ISO3 plus our event id (16 hex digits) read as a decimal number: stable and unique like the id."""
    return f"{alpha3}{int(event.id, 16)}"


def _unix_seconds(timestamp: str | None) -> int | None:
    return int(datetime.fromisoformat(timestamp).timestamp()) if timestamp else None


def _sources(event: StoredEvent) -> str:
    """The outlets of every report, then who they say reported the event, as ACLED lists sources."""
    names = [event.article_source, *(s.report.article_source for s in event.sources), *event.reported_by]
    return "; ".join(dict.fromkeys(name for name in names if name))


def acled_row(event: StoredEvent) -> dict[str, Any] | None:
    """One ACLED CSV row (None for an event with no ACLED type, no date or no country; empty cells for None)."""
    place = event.location
    if not (event.acled_event_type and event.date and place and place.country_code):
        return None
    country = _country(place.country_code)
    inter1, inter2 = _inter(event.actor1), _inter(event.actor2)
    located = place.lat is not None and place.lon is not None
    return {
        "event_id_cnty": acled_event_id(event, country.alpha3 or place.country_code),
        "event_date": event.date,
        "year": int(event.date[:4]),
        "time_precision": _TIME_PRECISION.get(event.date_precision or "", 3),
        "disorder_type": _DISORDER_OF_SUB_EVENT.get(event.acled_sub_event_type or "")
        or _DISORDER.get(event.acled_event_type),
        "event_type": event.acled_event_type,
        "sub_event_type": event.acled_sub_event_type,
        "actor1": event.actor1.name if event.actor1 else None,
        "assoc_actor_1": None,
        "inter1": inter1,
        "actor2": event.actor2.name if event.actor2 else None,
        "assoc_actor_2": None,
        "inter2": inter2,
        "interaction": interaction(inter1, inter2),
        "civilian_targeting": "Civilian targeting" if event.actor2 and event.actor2.type == "civilians" else None,
        "iso": country.numeric,
        "region": country.region,
        "country": country.name,
        "admin1": None,  # the store keeps no administrative divisions of an event's place
        "admin2": None,
        "admin3": None,
        "location": place.name,
        "latitude": f"{place.lat:.4f}" if located else None,
        "longitude": f"{place.lon:.4f}" if located else None,
        "geo_precision": min(place.precision, 3),
        "source": _sources(event),
        "source_scale": None,
        "notes": event.evidence.text,
        "fatalities": event.fatalities or 0,  # ACLED codes an unknown toll as 0
        "tags": None,
        "timestamp": _unix_seconds(event.analysed_at),
    }


def _write_acled(events: Iterable[StoredEvent], out: IO[Any]) -> ExportCounts:
    writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS, lineterminator="\n")
    writer.writeheader()
    return _count(events, acled_row, lambda row: writer.writerow({k: "" if v is None else v for k, v in row.items()}))


def _count(
    events: Iterable[StoredEvent], convert: Callable[[StoredEvent], Any | None], write: Callable[[Any], object]
) -> ExportCounts:
    """Convert and write each event; those converted to None are left out."""
    written = left_out = 0
    for event in events:
        record = convert(event)
        if record is None:
            left_out += 1
        else:
            write(record)
            written += 1
    return ExportCounts(written, left_out)


# ----------------------------------------------------------------------------------------------- PLOVER

# PLOVER's quad categories: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.
PLOVER_QUAD = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1,
    "COOPERATE": 2, "AID": 2, "RETREAT": 2, "INVESTIGATE": 2,
    "DEMAND": 3, "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "SANCTION": 3, "THREATEN": 3,
    "PROTEST": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}  # fmt: skip
# PLOVER/CAMEO sector codes by our actor types; a person's sector is unknown (None).
PLOVER_SECTOR = {
    "state forces": "MIL",
    "government": "GOV",
    "rebel group": "REB",
    "political militia": "UAF",
    "identity militia": "UAF",
    "external/other forces": "UAF",
    "rioters": "CVL",
    "protesters": "CVL",
    "civilians": "CVL",
    "media": "MED",
    "international organisation": "IGO",
}


def _plover_actor(actor: EventActor | None, words: str | None) -> list[dict[str, Any]]:
    if actor is None:
        return []
    code = _country(actor.country_code).alpha3 if actor.country_code else None
    return [
        {
            "code": code,
            "sector": PLOVER_SECTOR.get(actor.type or ""),
            "actor_text": words or actor.name,
            "identifier_text": actor.name,
            "type": actor.type,
        }
    ]


def plover_record(event: StoredEvent) -> dict[str, Any]:
    """One PLOVER event record: the spec's fields, then our extensions (date_precision, size_info, acled_*...)."""
    place, spans = event.location, event.evidence_spans
    coded = event.analysed_at or ""
    return {
        "id": event.id,
        "date": event.date,
        "source": _plover_actor(event.actor1, spans.actor1.text if spans.actor1 else None),
        "recipient": _plover_actor(event.actor2, spans.actor2.text if spans.actor2 else None),
        "event": [event.event_type],
        "mode": [event.event_mode] if event.event_mode else [],
        "context": [],
        "quad_code": PLOVER_QUAD.get(event.event_type),
        "event_loc": None
        if place is None
        else {
            "geonameid": place.geonameid,
            "name": place.name,
            "latitude": place.lat,
            "longitude": place.lon,
            "country code": place.country_code,
            "cc3": _country(place.country_code).alpha3 if place.country_code else None,
            "precision": place.precision,
        },
        "event_text": [event.evidence.text],
        "text_info": {"start": event.evidence.start, "end": event.evidence.end},
        "cite_info": {
            "citation": event.article_id,
            "title": event.article_title,
            "publication": event.article_source or None,
            "published": event.article_published,
        },
        "coder": f"newsevents {__version__}",
        "coded_date": coded[:10] or None,
        "coded_time": coded[11:] or None,
        "date_precision": event.date_precision,
        "size_info": {"dead": event.fatalities, "injured": event.injuries},
        "acled_event_type": event.acled_event_type,
        "acled_sub_event_type": event.acled_sub_event_type,
        "reported_by": list(event.reported_by),
        "is_aggregate": event.is_aggregate,
        "confidence": event.confidence,
    }


def _write_plover(events: Iterable[StoredEvent], out: IO[Any]) -> ExportCounts:
    return _count(events, plover_record, lambda record: out.write(json.dumps(record, ensure_ascii=False) + "\n"))


# ------------------------------------------------------------------------------------ flat rows: GeoJSON, Parquet

# (column, Arrow type name, meaning): the one declaration of the flat row that GeoJSON properties
# and Parquet columns share; docs/exports.md lists it and a test checks the two agree.
FLAT_COLUMNS = (
    ("event_id", "string", "our event id (16 hex digits)"),
    ("event_type", "string", "PLOVER event type, upper case"),
    ("event_mode", "string", "PLOVER mode"),
    ("acled_event_type", "string", "ACLED event type"),
    ("acled_sub_event_type", "string", "ACLED sub-event type"),
    ("actor1", "string", "actor1's name"),
    ("actor1_country", "string", "actor1's country, ISO 3166-1 alpha-2"),
    ("actor1_type", "string", "actor1's type (state forces, rebel group, ...)"),
    ("actor2", "string", "actor2's name"),
    ("actor2_country", "string", "actor2's country, ISO 3166-1 alpha-2"),
    ("actor2_type", "string", "actor2's type"),
    ("date", "date32", "the event's date (start of the period for coarse precision)"),
    ("date_precision", "string", "day, week, month or year"),
    ("location", "string", "the place's name"),
    ("geonameid", "int64", "the place's GeoNames id"),
    ("latitude", "float64", "WGS 84 degrees"),
    ("longitude", "float64", "WGS 84 degrees"),
    ("country_code", "string", "the place's country, ISO 3166-1 alpha-2"),
    ("geo_precision", "int8", "1 exact site, 2 near a town or district, 3 region, 4 country"),
    ("fatalities", "int32", "people killed; null when unknown"),
    ("injuries", "int32", "people injured; null when unknown"),
    ("is_aggregate", "bool", "a report summing several events"),
    ("reported_by", "list<string>", "who the article says reported the event"),
    ("evidence", "string", "the words the event was read from"),
    ("evidence_start", "int32", "their start offset in the article text"),
    ("evidence_end", "int32", "their end offset"),
    ("confidence", "float64", "0-1"),
    ("article_id", "string", "the article's id"),
    ("article_title", "string", "the article's title"),
    ("article_source", "string", "the outlet"),
    ("article_published", "date32", "the article's publication date"),
    ("analysed_at", "timestamp[ms, UTC]", "when the analysis holding the event was stored"),
)


def flat_row(event: StoredEvent) -> dict[str, Any]:
    """An event as one flat mapping of FLAT_COLUMNS, dates as ISO text (JSON's types)."""
    actor1, actor2, place = event.actor1, event.actor2, event.location
    return {
        "event_id": event.id,
        "event_type": event.event_type,
        "event_mode": event.event_mode,
        "acled_event_type": event.acled_event_type,
        "acled_sub_event_type": event.acled_sub_event_type,
        "actor1": actor1.name if actor1 else None,
        "actor1_country": actor1.country_code if actor1 else None,
        "actor1_type": actor1.type if actor1 else None,
        "actor2": actor2.name if actor2 else None,
        "actor2_country": actor2.country_code if actor2 else None,
        "actor2_type": actor2.type if actor2 else None,
        "date": event.date,
        "date_precision": event.date_precision,
        "location": place.name if place else None,
        "geonameid": place.geonameid if place else None,
        "latitude": place.lat if place else None,
        "longitude": place.lon if place else None,
        "country_code": place.country_code if place else None,
        "geo_precision": place.precision if place else None,
        "fatalities": event.fatalities,
        "injuries": event.injuries,
        "is_aggregate": event.is_aggregate,
        "reported_by": list(event.reported_by),
        "evidence": event.evidence.text,
        "evidence_start": event.evidence.start,
        "evidence_end": event.evidence.end,
        "confidence": event.confidence,
        "article_id": event.article_id,
        "article_title": event.article_title,
        "article_source": event.article_source,
        "article_published": event.article_published,
        "analysed_at": event.analysed_at,
    }


def write_flat_csv(events: Iterable[StoredEvent], out: IO[str]) -> None:
    """Events as CSV of FLAT_COLUMNS (a listing's columns, not ACLED's), lists joined with "; "."""
    writer = csv.DictWriter(out, [name for name, _, _ in FLAT_COLUMNS], lineterminator="\n")
    writer.writeheader()
    for event in events:
        row = flat_row(event)
        writer.writerow({key: "; ".join(value) if isinstance(value, list) else value for key, value in row.items()})


def geojson_feature(event: StoredEvent) -> dict[str, Any] | None:
    """A GeoJSON Point feature ([lon, lat], RFC 7946); None for an event without coordinates."""
    place = event.location
    if place is None or place.lat is None or place.lon is None:
        return None
    return {
        "type": "Feature",
        "id": event.id,
        "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
        "properties": flat_row(event),
    }


def _write_geojson(events: Iterable[StoredEvent], out: IO[Any]) -> ExportCounts:
    out.write('{"type": "FeatureCollection", "features": [')
    separators = iter(_separators())
    counts = _count(
        events,
        geojson_feature,
        lambda feature: out.write(next(separators) + json.dumps(feature, ensure_ascii=False)),
    )
    out.write("\n]}\n")
    return counts


def _separators() -> Iterator[str]:
    """Newline before the first feature, comma and newline before every other."""
    yield "\n"
    while True:
        yield ",\n"


def parquet_schema() -> Any:
    """The Arrow schema of FLAT_COLUMNS, each field's meaning in its metadata."""
    import pyarrow as pa

    types = {
        "string": pa.string(),
        "date32": pa.date32(),
        "int8": pa.int8(),
        "int32": pa.int32(),
        "int64": pa.int64(),
        "float64": pa.float64(),
        "bool": pa.bool_(),
        "list<string>": pa.list_(pa.string()),
        "timestamp[ms, UTC]": pa.timestamp("ms", tz="UTC"),
    }
    return pa.schema(
        [pa.field(name, types[kind], metadata={"description": meaning}) for name, kind, meaning in FLAT_COLUMNS]
    )


# Columns that Arrow takes as Python dates and datetimes, not as the ISO text of the flat row.
_ARROW_VALUES: dict[str, Callable[[str], object]] = {
    "date": date.fromisoformat,
    "article_published": date.fromisoformat,
    "analysed_at": datetime.fromisoformat,
}


def _write_parquet(events: Iterable[StoredEvent], out: IO[Any]) -> ExportCounts:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema()
    batch: list[dict[str, Any]] = []
    with pq.ParquetWriter(out, schema) as writer:

        def flush() -> None:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            batch.clear()

        def add(row: dict[str, Any]) -> None:
            for column, parse in _ARROW_VALUES.items():
                if row[column] is not None:
                    row[column] = parse(row[column])
            batch.append(row)
            if len(batch) >= PARQUET_BATCH:
                flush()

        counts = _count(events, flat_row, add)
        if batch:
            flush()
    return counts


_WRITERS: dict[str, Callable[[Iterable[StoredEvent], IO[Any]], ExportCounts]] = {
    "acled-csv": _write_acled,
    "plover-json": _write_plover,
    "geojson": _write_geojson,
    "parquet": _write_parquet,
}
FORMATS = tuple(_WRITERS)  # the format names, for the CLI's choices



# --------------------------------------------------------------------------------------------- shards

# A shard's rows: the article's id and title to inspect, the contract JSON to read with any Parquet
# tool, and the analysis itself (pickled) for `merge-shards` to store exactly as it was made. A shard
# is an intermediate file between two commands of the same version, never an exchange format.
SHARD_COLUMNS = ("article_id", "title", "events", "contract", "analysis")


def write_shard(path: Path, analyses: Sequence[Analysis]) -> int:
    """Write analyses to a Parquet shard at ``path``, renamed into place when complete; return the count."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table(
        {
            "article_id": pa.array([a.article.id for a in analyses], pa.string()),
            "title": pa.array([a.article.title for a in analyses], pa.string()),
            "events": pa.array([len(a.events) for a in analyses], pa.int32()),
            "contract": pa.array([json.dumps(analysis_to_contract(a), ensure_ascii=False) for a in analyses], pa.string()),
            "analysis": pa.array([pickle.dumps(a, protocol=pickle.HIGHEST_PROTOCOL) for a in analyses], pa.binary()),
        },
        metadata={"newsevents": __version__},
    )
    partial = path.with_name(path.name + ".partial")
    pq.write_table(table, partial)
    os.replace(partial, path)  # a killed worker leaves a .partial file, never a short shard
    return len(analyses)


def read_shard(path: Path) -> list[Analysis]:
    """The analyses of a shard that ``write_shard`` wrote with this version of newsevents."""
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path, columns=["analysis"])
    except (OSError, ValueError) as exc:
        raise NewsEventsError(f"{path}: not a readable shard ({exc})", "delete it and run the ingest again to rewrite it") from exc
    version = (table.schema.metadata or {}).get(b"newsevents", b"?").decode()
    if version != __version__:
        raise NewsEventsError(
            f"{path}: written by newsevents {version}, this is {__version__}",
            "merge shards with the version that wrote them, or ingest again",
        )
    analyses: list[Analysis] = [pickle.loads(blob) for blob in table.column("analysis").to_pylist()]
    return analyses
