"""The database schema (SQLAlchemy Core, dialect-neutral) and its migrations.

One ``MetaData`` describes the newest schema. ``MIGRATIONS`` is an ordered
list; a database records every migration it has applied in
``schema_version``, and opening it applies the missing ones in one
transaction. To change the schema, edit the tables here and append a
migration: one that adds a column must skip it when the column is already
there, because migration 1 creates tables as they are defined today.
A backend attaches its own dialect-specific step to a version number
(``dialect_steps``: SQLite builds its FTS5 index in step 2).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Connection,
    Float,
    ForeignKey,
    Identity,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    func,
    inspect,
    literal,
    select,
    text,
)
from sqlalchemy.schema import CreateIndex

from ..errors import StoreError

metadata = MetaData()

# Execution option that marks a connection about to write, so a backend can
# take its write lock when the transaction begins (SQLite: BEGIN IMMEDIATE).
WRITE_OPTION = "newsevents_write"

_ID = String(16)  # records.content_hash: 16 hex digits
_ISO_DATE = String(10)  # YYYY-MM-DD keeps sorting and range filters plain string comparisons
_TIMESTAMP = String(32)  # ISO 8601 UTC, the same text in every dialect and in JSON output

schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("description", Text, nullable=False),
    Column("applied_at", _TIMESTAMP, nullable=False),
)

runs = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("started_at", _TIMESTAMP, nullable=False),
    Column("finished_at", _TIMESTAMP),
    Column("command", Text, nullable=False),
    Column("inputs", JSON, nullable=False),
    Column("counts", JSON),
)

articles = Table(
    "articles",
    metadata,
    Column("id", _ID, primary_key=True),
    # Insertion order as an integer: the full-text index needs an integer row key
    # that VACUUM never renumbers, and it breaks ties between equal published dates.
    # PostgreSQL numbers it with an identity column (safe under concurrent writers);
    # SQLite renders no identity and gets it from the backend's INSERT_ARTICLE.
    Column("seq", Integer, Identity(), nullable=False, unique=True),
    Column("key", Text, nullable=False),
    Column("version", Integer, nullable=False),
    Column("title", Text),
    Column("text", Text, nullable=False),
    Column("raw", Text, nullable=False),
    Column("published", _ISO_DATE),
    Column("source", Text, nullable=False),
    Column("url", Text),
    Column("external_id", Text),
    Column("captions", JSON, nullable=False),
    Column("credits", JSON, nullable=False),
    Column("offset_map", JSON, nullable=False),
    Column("ingested_at", _TIMESTAMP, nullable=False),
    Column("analysed_at", _TIMESTAMP),  # set by save_analysis, so a resumed run skips the article
    Column("run_id", Integer, ForeignKey("runs.id", ondelete="SET NULL")),
    Index("ix_articles_key", "key"),
    Index("ix_articles_published", "published"),
)

sources = Table(
    "sources",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", _ID, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(8), nullable=False),  # caption | credit
    Column("text", Text, nullable=False),
    Index("ix_sources_article", "article_id"),
)

entities = Table(
    "entities",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", _ID, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("text", Text, nullable=False),
    Column("label", String(16), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Index("ix_entities_article", "article_id"),
)

places = Table(
    "places",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", _ID, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("name", Text, nullable=False),
    Column("geonameid", Integer),
    Column("lat", Float),
    Column("lon", Float),
    Column("country_code", String(2)),
    Column("feature_code", String(10)),
    Column("precision", Integer),
    Index("ix_places_article", "article_id"),
)

def _event_columns() -> list[Column[Any]]:
    """The columns events and reports share: the contract's fields as columns for filtering, and the payload."""
    return [
        Column("id", _ID, primary_key=True),
        Column("article_id", _ID, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        Column("event_type", String(32), nullable=False),
        Column("event_mode", String(32)),
        Column("acled_event_type", Text),
        Column("acled_sub_event_type", Text),
        Column("actor1_name", Text),
        Column("actor1_country", String(2)),
        Column("actor2_name", Text),
        Column("actor2_country", String(2)),
        Column("date", _ISO_DATE),
        Column("date_precision", String(8)),
        Column("location_name", Text),
        Column("country_code", String(2)),
        Column("lat", Float),
        Column("lon", Float),
        Column("geo_precision", Integer),
        Column("fatalities", Integer),
        Column("injuries", Integer),
        Column("is_aggregate", Boolean, nullable=False),
        Column("confidence", Float, nullable=False),
        Column("evidence_start", Integer, nullable=False),
        Column("evidence_end", Integer, nullable=False),
        Column("evidence_text", Text, nullable=False),
        # The contract dict (records.event_to_contract) plus "evidence_spans": the words behind
        # each field, and for a merged event "field_sources"; the columns above are copies for filtering.
        Column("payload", JSON, nullable=False),
    ]


# One row per real event: a merged event takes its id, article and evidence from its lead report.
events = Table(
    "events",
    metadata,
    *_event_columns(),
    Index("ix_events_date", "date"),
    # Equality then date: a page of one country or type is read newest first from the index,
    # without sorting every match (benchmarks/store_bench.py: 100k events).
    Index("ix_events_country_date", "country_code", "date"),
    Index("ix_events_type_date", "event_type", "date"),
    Index("ix_events_article", "article_id"),
)

# One row per event as one article coded it; ``event_id`` is the event it was merged into
# (its own id until another report joins it), ``score`` and ``reasons`` say how well it matched.
reports = Table(
    "reports",
    metadata,
    *_event_columns(),
    Column("event_id", _ID, nullable=False),
    Column("score", Float, nullable=False),
    Column("reasons", JSON, nullable=False),
    Index("ix_reports_event", "event_id"),
    Index("ix_reports_article", "article_id"),
    # The merge looks for reports of the same type in the same country around a date.
    Index("ix_reports_neighbours", "country_code", "event_type", "date_precision", "date"),
)

# For the event filters of EventQuery; defined on the table's columns, so they belong to it (and migration 1).
# No index on confidence: the default minimum (0.4) keeps most events, and SQLite, given that index, read
# every one of them through it and sorted them all by date (0.1 s a page at 25k events); walking the date
# index and skipping weak guesses finds a page at once.
_EVENT_FILTER_INDEXES = (
    # Lower-cased expressions: the ACLED filters compare without case, in SQLite and PostgreSQL alike.
    Index("ix_events_acled_type_date", func.lower(events.c.acled_event_type), events.c.date),
    Index("ix_events_acled_sub_type_date", func.lower(events.c.acled_sub_event_type), events.c.date),
    Index("ix_events_lat_lon", events.c.lat, events.c.lon),  # --near and --bbox narrow by latitude first
    Index("ix_events_fatalities_date", events.c.fatalities, events.c.date),  # --sort -fatalities: the deadliest first
)
# Indexes of earlier schemas that migration 5 replaced by the date-ordered ones above.
_REPLACED_INDEXES = ("ix_events_type", "ix_events_country", "ix_events_acled_type", "ix_events_acled_sub_type",
                     "ix_events_confidence")  # fmt: skip

def newest_first_indexes(table: Table) -> list[Index]:
    """The indexes of ``table`` that serve a page's order, with the date and toll as pages read them: DESC NULLS LAST.

    For PostgreSQL, whose plain index read backwards puts the undated (or uncounted) events first, so cannot
    serve that order; SQLite puts NULL last in descending order anyway and has no NULLS clause in CREATE
    INDEX. The indexes are made on a copy of the table, so that ``table`` keeps its dialect-neutral ones.
    """
    copy = table.to_metadata(MetaData())
    descending = (copy.c.date, copy.c.fatalities)

    def ordered(expression: Any) -> Any:
        return expression.desc().nulls_last() if any(expression is c for c in descending) else expression

    return [
        Index(index.name, *map(ordered, index.expressions))
        for index in sorted(copy.indexes, key=lambda index: str(index.name))
        if ordered(index.expressions[-1]) is not index.expressions[-1]
    ]


def utc_now() -> str:
    """The current time as ISO 8601 UTC text."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Migration:
    """One schema change; ``apply`` is None when only backends have work to do."""

    version: int
    description: str
    apply: Callable[[Connection], None] | None


def _create_tables(conn: Connection) -> None:
    for table in (runs, articles, sources, entities, places, events, reports):
        table.create(conn, checkfirst=True)


def _add_reports(conn: Connection) -> None:
    """Each stored event becomes its own report (nothing merged yet); event_sources gave way to reports."""
    reports.create(conn, checkfirst=True)
    if not conn.scalar(select(func.count()).select_from(reports)):
        shared = [c.name for c in events.columns]
        copied = select(*events.columns, events.c.id, literal(1.0), literal({}, JSON))
        conn.execute(reports.insert().from_select([*shared, "event_id", "score", "reasons"], copied))
    conn.execute(text("DROP TABLE IF EXISTS event_sources"))


def _create_event_filter_indexes(conn: Connection) -> None:
    # IF NOT EXISTS, not checkfirst: reflection cannot see expression indexes, which migration 1 made in a new file.
    for index in sorted(events.indexes, key=lambda index: str(index.name)):
        conn.execute(CreateIndex(index, if_not_exists=True))


def _order_event_indexes_by_date(conn: Connection) -> None:
    for name in _REPLACED_INDEXES:
        conn.execute(text(f"DROP INDEX IF EXISTS {name}"))
    _create_event_filter_indexes(conn)


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "the tables as defined today (articles, sources, entities, places, events, reports, runs)", _create_tables),
    Migration(2, "full-text index over article title and text", None),
    Migration(3, "indexes for the event filters: ACLED types, coordinates, confidence", _create_event_filter_indexes),
    Migration(4, "reports: each article's events, merged across articles into events", _add_reports),
    Migration(5, "event filter indexes end in the date (a filtered page is read newest first); none on confidence",
              _order_event_indexes_by_date),
    Migration(6, "an index for the deadliest-first order; on PostgreSQL, page-order indexes newest first, undated last",
              _create_event_filter_indexes),
    Migration(7, "PostgreSQL: full-text search indexes a hyphenated word as its parts, as SQLite does", None),
)
SCHEMA_VERSION = MIGRATIONS[-1].version


def current_version(conn: Connection) -> int:
    """The newest migration applied to this database (0 for an empty one)."""
    if not inspect(conn).has_table("schema_version"):
        return 0
    version: int | None = conn.scalar(select(func.coalesce(func.max(schema_version.c.version), 0)))
    assert version is not None  # coalesce(max(version), 0) is never NULL
    return version


def migrate(conn: Connection, dialect_steps: Mapping[int, Callable[[Connection], None]], where: str) -> int:
    """Apply missing migrations inside the caller's transaction; return how many ran."""
    version = current_version(conn)
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{where} has schema version {version}, newer than this newsevents understands ({SCHEMA_VERSION})",
            "upgrade newsevents (pip install -U newsevents) or use another --db",
        )
    if version == 0 and inspect(conn).get_table_names():
        raise StoreError(
            f"{where} is a database of another program (it has tables but no newsevents schema)",
            "pass a new file name or a database created by newsevents",
        )
    schema_version.create(conn, checkfirst=True)
    pending = [m for m in MIGRATIONS if m.version > version]
    for migration in pending:
        if migration.apply is not None:
            migration.apply(conn)
        if migration.version in dialect_steps:
            dialect_steps[migration.version](conn)
        conn.execute(
            schema_version.insert().values(
                version=migration.version, description=migration.description, applied_at=utc_now()
            )
        )
    return len(pending)
