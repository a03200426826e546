"""The Store: writes articles and analyses, answers queries (dialect-neutral Core)."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Column,
    ColumnElement,
    Connection,
    Engine,
    Select,
    Table,
    bindparam,
    delete,
    false,
    func,
    null,
    or_,
    select,
    update,
)
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError
from typing_extensions import TypeVarTuple, Unpack

from .. import textnorm
from ..errors import QueryError, StoreError
from ..geometry import EARTH_RADIUS_KM, bounding_box
from ..records import (
    SORT_KEYS,
    Analysis,
    Article,
    ArticleSummary,
    Entity,
    EventPoint,
    EventQuery,
    EventTally,
    OffsetSegment,
    Span,
    StoredArticle,
    StoredEvent,
    StoredPlace,
    StoreStats,
    analysis_to_contract,
)
from .backend import Backend
from .merging import remerge
from .rows import event_row, event_select, reports_of, stored_event, stored_events, with_sources
from .schema import WRITE_OPTION, articles, entities, events, places, reports, runs, sources, utc_now

_Row = TypeVarTuple("_Row")  # the column types of a statement
# Events are read in pages of this many, so that their reports come in one query a page.
_SOURCES_BATCH = 500
# Six hex digits tell 16 million ids apart: unique in any realistic database, short enough to type.
MIN_ID_PREFIX = 6
_HEX_ID = re.compile(r"[0-9a-f]+")

_ARTICLE_SUMMARY = (
    articles.c.id, articles.c.key, articles.c.version, articles.c.title,
    articles.c.published, articles.c.source, articles.c.url,
)  # fmt: skip
# The span's start, end and text, then StoredPlace's other fields in order.
_PLACE_FIELDS = (
    places.c.start, places.c.end, places.c.text, places.c.name, places.c.geonameid, places.c.lat,
    places.c.lon, places.c.country_code, places.c.feature_code, places.c.precision,
)  # fmt: skip

# Statements on the write path are built once: building and cache-keying a
# statement per call cost a fifth of the write time (530 -> 660 articles/s).
_ARTICLE_EXISTS = select(articles.c.id).where(articles.c.id == bindparam("article_id"))
_LATEST_VERSION = select(func.max(articles.c.version)).where(articles.c.key == bindparam("key"))
_MARK_ANALYSED = update(articles).where(articles.c.id == bindparam("article_id")).values(analysed_at=bindparam("now"))
# The events the article's reports were merged into are merged again (merging.remerge), not deleted here.
_DELETE_ANALYSIS = tuple(
    delete(table).where(table.c.article_id == bindparam("article_id")) for table in (reports, entities, places)
)
_ARTICLE_OF_EVENTS = select(articles.c.id, articles.c.title, articles.c.source, articles.c.published).where(
    articles.c.id == bindparam("article_id")
)


class Store:
    """One database of articles, their analyses and events; use ``open_store`` to get one."""

    def __init__(self, engine: Engine, backend: Backend, url: URL, path: Path | None) -> None:
        self._engine = engine
        self._backend = backend  # store.sqlite or store.postgres: locks, numbering, errors and full-text search
        self.url = url.render_as_string(hide_password=True)
        self.path = path
        self.location = str(path) if path is not None else self.url

    def __repr__(self) -> str:
        return f"Store({self.location!r})"

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._engine.dispose()

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        try:
            with self._engine.connect() as conn:
                yield conn
        except DBAPIError as error:
            raise self._backend.to_store_error(error, self.location) from error

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """One transaction: everything in it is stored, or nothing is."""
        try:
            with self._engine.connect() as conn:
                conn.execution_options(**{WRITE_OPTION: True})
                with conn.begin():
                    yield conn
        except DBAPIError as error:
            raise self._backend.to_store_error(error, self.location) from error

    # --- writing -----------------------------------------------------------

    def add_article(self, article: Article, run_id: int | None = None) -> tuple[str, str]:
        """Store an article; status is "new", "version" (same key, new content) or "duplicate"."""
        with self._write() as conn:
            return _insert_article(conn, self._backend, article, run_id)

    def save_analysis(self, analysis: Analysis, run_id: int | None = None) -> int:
        """Store an article (if new) and replace its entities, places and events; return the event count."""
        contract = analysis_to_contract(analysis)
        with self._write() as conn:
            article_id, status = _insert_article(conn, self._backend, analysis.article, run_id)
            stale: set[str] = set()
            if status == "duplicate":  # only an article stored before can have an analysis to replace
                stale = set(conn.scalars(select(reports.c.event_id).where(reports.c.article_id == article_id)))
                for statement in _DELETE_ANALYSIS:
                    conn.execute(statement, {"article_id": article_id})
            _insert_rows(conn, entities, [row | {"article_id": article_id} for row in contract["entities"]])
            _insert_rows(
                conn,
                places,
                [
                    row | {"article_id": article_id, "precision": place.precision}
                    for row, place in zip(contract["places"], analysis.places)
                ],
            )
            now = utc_now()
            conn.execute(_MARK_ANALYSED, {"article_id": article_id, "now": now})
            article = (*conn.execute(_ARTICLE_OF_EVENTS, {"article_id": article_id}).one(), now)
            found = reports_of(article_id, analysis.events, article)
            # Merges in one country wait for each other, so that each sees the reports the other stored.
            countries = {r.location.country_code for r in found if r.location and r.location.country_code}
            countries |= set(conn.scalars(select(events.c.country_code).where(events.c.id.in_(stale))))
            self._backend.lock_until_commit(conn, *(f"merge {c}" for c in countries if c))
            _insert_rows(conn, reports, [event_row(r) | {"event_id": r.id, "score": 1.0, "reasons": {}} for r in found])
            remerge(conn, found, stale)
        return len(found)

    def has_analysis(self, article_id: str) -> bool:
        """True when save_analysis has stored this article's analysis (a resumed run skips it)."""
        with self._read() as conn:
            return conn.scalar(select(articles.c.analysed_at).where(articles.c.id == article_id)) is not None

    def start_run(self, command: str, inputs: list[str]) -> int:
        """Record the start of a command over some inputs; return the run id."""
        with self._write() as conn:
            result = conn.execute(runs.insert().values(started_at=utc_now(), command=command, inputs=list(inputs)))
            key = result.inserted_primary_key
            assert key is not None  # an executed INSERT always reports its primary key
            run_id: int = key[0]
            return run_id

    def finish_run(self, run_id: int, counts: Mapping[str, int]) -> None:
        """Record the end of a run and what it counted (read, new, duplicate, version, errors, events)."""
        with self._write() as conn:
            result = conn.execute(
                update(runs).where(runs.c.id == run_id).values(finished_at=utc_now(), counts=dict(counts))
            )
            if result.rowcount == 0:
                raise StoreError(f"there is no run {run_id} in {self.location}", "use the id returned by start_run")

    # --- reading -----------------------------------------------------------

    def articles(self, q: str | None = None, limit: int = 50, offset: int = 0) -> list[ArticleSummary]:
        """Articles newest first, or those matching a full-text search ``q`` with a snippet."""
        _check_page(limit, offset)
        n_events = select(func.count()).where(events.c.article_id == articles.c.id).scalar_subquery()
        statement = select(*_ARTICLE_SUMMARY, n_events.label("n_events"))
        if q and q.strip():
            matches = self._backend.full_text_match(q)
            statement = statement.add_columns(matches.c.snippet).join_from(
                articles, matches, matches.c.seq == articles.c.seq
            )
        else:
            statement = statement.add_columns(null().label("snippet"))
        statement = (
            statement.order_by(articles.c.published.desc().nulls_last(), articles.c.seq.desc())
            .limit(limit)
            .offset(offset)
        )
        with self._read() as conn:
            return [ArticleSummary(**row) for row in conn.execute(statement).mappings()]

    def article(self, article_id: str) -> StoredArticle | None:
        """One article with its text, metadata, entities, places and events; a unique id prefix works."""
        with self._read() as conn:
            full_id = _resolve_id(conn, articles.c.id, article_id, "article")
            if full_id is None:
                return None
            row = conn.execute(select(articles).where(articles.c.id == full_id)).mappings().one()
            found_entities = conn.execute(
                select(entities.c.text, entities.c.label, entities.c.start, entities.c.end)
                .where(entities.c.article_id == full_id)
                .order_by(entities.c.start, entities.c.id)
            )
            found_places = conn.execute(
                select(*_PLACE_FIELDS).where(places.c.article_id == full_id).order_by(places.c.start, places.c.id)
            )
            return StoredArticle(
                id=row["id"],
                key=row["key"],
                version=row["version"],
                article=Article(
                    text=row["text"],
                    title=row["title"],
                    published=row["published"],
                    source=row["source"],
                    url=row["url"],
                    external_id=row["external_id"],
                    captions=tuple(row["captions"]),
                    credits=tuple(row["credits"]),
                    raw=row["raw"],
                    offset_map=tuple(OffsetSegment(**segment) for segment in row["offset_map"]),
                ),
                ingested_at=row["ingested_at"],
                analysed_at=row["analysed_at"],
                run_id=row["run_id"],
                entities=tuple(Entity(*entity) for entity in found_entities),
                places=tuple(
                    StoredPlace(Span(start, end, text), *values) for start, end, text, *values in found_places
                ),
                # The article's own reports: each with this article's evidence, whatever event it joined.
                events=tuple(
                    stored_event(*row)
                    for row in conn.execute(
                        event_select(reports, [reports.c.article_id == full_id], (reports.c.evidence_start, reports.c.id))
                    )
                ),
            )

    def events(self, query: EventQuery | None = None, **filters: Any) -> list[StoredEvent]:
        """One page of events matching ``query``, or an ``EventQuery`` made of keyword ``filters``."""
        return list(self.iter_events(query, **filters))

    def iter_events(self, query: EventQuery | None = None, **filters: Any) -> Iterator[StoredEvent]:
        """The events of ``events``, streamed from one read transaction; ``limit=None`` streams every match."""
        if query is None:
            query = EventQuery(**filters)  # checked here, not at the first row
        elif filters:
            raise TypeError("pass an EventQuery or keyword filters, not both")
        return self._stream_events(query)

    def _stream_events(self, query: EventQuery) -> Iterator[StoredEvent]:
        with self._read() as conn:
            conditions, order = _conditions(conn, self._backend, query), _order(query)
            if query.limit is None:
                statement = event_select(events, conditions, order).offset(query.offset)
            else:
                # The page is found on narrow rows, then only its events are read whole: sorting every
                # match with its JSON payload took most of the time of a page of a broad filter.
                page_ids = (
                    select(events.c.id)
                    .join_from(events, articles, events.c.article_id == articles.c.id)
                    .where(*conditions)
                    .order_by(*order)
                    .limit(query.limit)
                    .offset(query.offset)
                )
                statement = event_select(events, [events.c.id.in_(page_ids)], order)
            page: list[StoredEvent] = []
            for row in conn.execute(statement):
                page.append(stored_event(*row))
                if len(page) == _SOURCES_BATCH:
                    yield from with_sources(conn, page)
                    page = []
            yield from with_sources(conn, page)

    def count_events(self, query: EventQuery) -> int:
        """How many events match ``query``, whatever its limit and offset."""
        with self._read() as conn:
            return _count(conn, _matching(select(func.count()), conn, self._backend, query))

    def tally_events(self, query: EventQuery) -> EventTally:
        """The events matching ``query`` counted in all, by type, ACLED type, country and day."""
        keys = (events.c.event_type, events.c.acled_event_type, events.c.country_code, events.c.date, events.c.is_aggregate)
        by: tuple[Counter[str], ...] = (Counter(), Counter(), Counter(), Counter())
        total = aggregates = fatalities = undated = 0
        with self._read() as conn:
            # One scan grouped by every key at once, summed here: a scan per key took five times as long.
            statement = _matching(select(*keys, func.count(), func.sum(events.c.fatalities)), conn, self._backend, query)
            for *values, is_aggregate, n, dead in conn.execute(statement.group_by(*keys)):
                total += n
                aggregates += n if is_aggregate else 0
                fatalities += 0 if is_aggregate else dead or 0
                undated += n if values[3] is None else 0
                for counter, value in zip(by, values):
                    if value is not None:
                        counter[value] += n
        most_first = [tuple(sorted(c.items(), key=lambda item: (-item[1], item[0]))) for c in by[:3]]
        return EventTally(
            events=total, aggregates=aggregates, fatalities=fatalities, undated=undated,
            by_event_type=most_first[0], by_acled_type=most_first[1], by_country=most_first[2],
            by_day=tuple(sorted(by[3].items())),
        )  # fmt: skip

    def event_points(self, query: EventQuery, limit: int | None = None) -> list[EventPoint]:
        """The first ``limit`` events (None: all) matching ``query`` that have coordinates, as map markers.

        They come in the query's order; its own page (limit and offset) is for listings and is not used.
        """
        columns = (events.c.id, events.c.lat, events.c.lon, events.c.event_type, events.c.acled_event_type,
                   events.c.date, events.c.fatalities, events.c.is_aggregate)  # fmt: skip
        with self._read() as conn:
            statement = _matching(select(*columns), conn, self._backend, query, events.c.lat.is_not(None), ordered=True)
            statement = statement.order_by(*_order(query)).limit(limit)
            return [EventPoint(*row) for row in conn.execute(statement)]

    def event(self, event_id: str) -> StoredEvent | None:
        """One event with the words behind each field and all its reports; a unique id prefix works.

        The id of a report (an article's own reading, as ``article()`` lists them) gives the event it joined.
        """
        with self._read() as conn:
            full_id = _resolve_id(conn, events.c.id, event_id, "event")
            if full_id is None:
                report_id = _resolve_id(conn, reports.c.id, event_id, "event")
                if report_id is None:
                    return None
                full_id = conn.scalar(select(reports.c.event_id).where(reports.c.id == report_id))
            return stored_events(conn, [events.c.id == full_id], (events.c.id,))[0]

    def sql(self, statement: str) -> tuple[tuple[str, ...], list[tuple[Any, ...]]]:
        """Column names and rows of one SQL statement run read-only: a write fails and changes nothing."""
        with self._read() as conn, self._backend.read_only(conn):
            try:
                result = conn.exec_driver_sql(statement)
                return tuple(result.keys()), [tuple(row) for row in result]
            except DBAPIError as error:
                message = str(error.orig or error).strip()
                if self._backend.refused_write(error):
                    raise StoreError(
                        f"`sql` only reads, and this statement writes: {statement.strip()[:60]}",
                        "use SELECT (or WITH ... SELECT); change the data with ingest",
                    ) from error
                raise StoreError(f"the SQL statement failed: {message}", "check the statement; one SELECT at a time") from error

    def stats(self) -> StoreStats:
        """Counts of articles (all versions), later versions, analysed articles, events, ...; events by type and country."""
        count = select(func.count())
        with self._read() as conn:
            return StoreStats(
                articles=_count(conn, count.select_from(articles)),
                versions=_count(conn, count.select_from(articles).where(articles.c.version > 1)),
                analysed=_count(conn, count.select_from(articles).where(articles.c.analysed_at.is_not(None))),
                events=_count(conn, count.select_from(events)),
                reports=_count(conn, count.select_from(reports)),
                aggregates=_count(conn, count.select_from(events).where(events.c.is_aggregate)),
                places=_count(conn, count.select_from(places)),
                entities=_count(conn, count.select_from(entities)),
                runs=_count(conn, count.select_from(runs)),
                by_event_type=_tally(conn, events.c.event_type),
                by_country=_tally(conn, events.c.country_code),
            )


def _count(conn: Connection, statement: Select[int]) -> int:
    return conn.scalar(statement) or 0


def _tally(conn: Connection, column: Column[str]) -> tuple[tuple[str, int], ...]:
    """(value, rows) of a column, most rows first, ties by value."""
    rows = conn.execute(
        select(column, func.count()).where(column.is_not(None)).group_by(column).order_by(func.count().desc(), column)
    )
    return tuple((value, n) for value, n in rows)


def _insert_article(conn: Connection, backend: Backend, article: Article, run_id: int | None) -> tuple[str, str]:
    article_id = article.id
    # Another writer storing the same content, or another version of this key,
    # waits until this transaction ends and then finds it: no duplicate, no shared version number.
    backend.lock_until_commit(conn, f"article {article_id}", f"key {article.key}")
    if conn.scalar(_ARTICLE_EXISTS, {"article_id": article_id}) is not None:
        return article_id, "duplicate"
    latest = conn.scalar(_LATEST_VERSION, {"key": article.key})
    conn.execute(
        backend.INSERT_ARTICLE,
        dict(
            id=article_id,
            key=article.key,
            version=(latest or 0) + 1,
            title=article.title,
            text=article.text,
            raw=article.raw,
            published=article.published,
            source=article.source,
            url=article.url,
            external_id=article.external_id,
            captions=list(article.captions),
            credits=list(article.credits),
            offset_map=[
                {"clean_start": s.clean_start, "raw_start": s.raw_start, "length": s.length}
                for s in article.offset_map
            ],
            ingested_at=utc_now(),
            run_id=run_id,
        ),
    )
    _insert_rows(
        conn,
        sources,
        [{"article_id": article_id, "kind": "caption", "text": text} for text in article.captions]
        + [{"article_id": article_id, "kind": "credit", "text": text} for text in article.credits],
    )
    return article_id, "new" if latest is None else "version"


def _insert_rows(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    if rows:
        conn.execute(table.insert(), rows)


def _resolve_id(conn: Connection, column: Column[str], value: str, kind: str) -> str | None:
    """The full id that ``value`` is or begins; None when nothing matches."""
    value = value.strip().lower()
    if not _HEX_ID.fullmatch(value):
        return None  # ids are hex digests: anything else cannot match
    if len(value) < MIN_ID_PREFIX:
        raise QueryError(f"{kind} id {value!r} is too short", f"give at least {MIN_ID_PREFIX} characters of the id")
    if conn.scalar(select(column).where(column == value)) is not None:
        return value
    matches = conn.scalars(select(column).where(column.startswith(value, autoescape=True)).limit(2)).all()
    if len(matches) > 1:
        raise QueryError(f"{kind} id prefix {value!r} matches several {kind}s", "give more characters of the id")
    return matches[0] if matches else None


def _check_page(limit: int, offset: int) -> None:
    if limit < 0 or offset < 0:
        raise StoreError(f"limit {limit} and offset {offset} must not be negative", "pass 0 or more")


# --- event queries ---------------------------------------------------------

_KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180
_SORT_COLUMNS: dict[str, ColumnElement[Any]] = {
    "date": events.c.date, "confidence": events.c.confidence, "fatalities": events.c.fatalities,
    "injuries": events.c.injuries, "country": events.c.country_code, "type": events.c.event_type,
    "published": articles.c.published,
}  # fmt: skip
assert set(_SORT_COLUMNS) == set(SORT_KEYS), "every sort key EventQuery accepts needs a column"
# Ties: newest date, newest article, order in the text; the id makes the order total, so pages never overlap.
_TIEBREAK = (events.c.date.desc().nulls_last(), articles.c.seq.desc(), events.c.evidence_start, events.c.id)


def _conditions(conn: Connection, backend: Backend, query: EventQuery) -> list[ColumnElement[bool]]:
    """The WHERE clauses of a query, every value a bound parameter."""
    conditions: list[ColumnElement[bool]] = []
    if query.article_id is not None:
        full_id = _resolve_id(conn, articles.c.id, query.article_id, "article")
        conditions.append(events.c.article_id == full_id if full_id is not None else false())
    if query.event_type:
        conditions.append(events.c.event_type == query.event_type.strip().upper())
    for column, wanted in ((events.c.acled_event_type, query.acled_event_type),
                           (events.c.acled_sub_event_type, query.acled_sub_event_type)):  # fmt: skip
        if wanted:
            conditions.append(func.lower(column) == wanted.strip().lower())  # matches the lower() indexes
    if query.actor and query.actor.strip():
        part = query.actor.strip()
        conditions.append(
            or_(events.c.actor1_name.icontains(part, autoescape=True), events.c.actor2_name.icontains(part, autoescape=True))
        )
    if query.country:
        conditions.append(events.c.country_code == _country_code(query.country))
    if query.since is not None:
        conditions.append(events.c.date >= query.since_bound)
    if query.until is not None:
        conditions.append(events.c.date <= query.until_bound)
    if query.near is not None:
        conditions.extend(_within_km(*query.near, query.radius_km))
    if query.bbox is not None:
        west, south, east, north = query.bbox
        conditions += [events.c.lat.between(south, north), _lon_between(west, east)]
    if query.q and query.q.strip():
        conditions.append(backend.article_matches(conn, query.q))
    if query.aggregate is not None:
        conditions.append(events.c.is_aggregate == query.aggregate)
    if query.min_confidence > 0:
        conditions.append(events.c.confidence >= query.min_confidence)
    return conditions


def _matching(
    statement: Select[Unpack[_Row]], conn: Connection, backend: Backend, query: EventQuery, *more: ColumnElement[bool],
    ordered: bool = False,
) -> Select[Unpack[_Row]]:
    """``statement`` over the events matching ``query``; joined to their articles only when a full-text search or
    the ``ordered`` rows read them (the join doubled the time of a count over every event)."""
    join = ordered or bool(query.q and query.q.strip())
    source = events.join(articles, events.c.article_id == articles.c.id) if join else events
    return statement.select_from(source).where(*_conditions(conn, backend, query), *more)


def _order(query: EventQuery) -> tuple[ColumnElement[Any], ...]:
    column = _SORT_COLUMNS[query.sort_key]
    return ((column.desc() if query.descending else column.asc()).nulls_last(), *_TIEBREAK)


def _country_code(value: str) -> str:
    """ISO2 of a code or a country name ("iq", "Iraq")."""
    value = value.strip()
    if len(value) == 2 and value.isalpha():
        return value.upper()
    code = textnorm.iso_code(value)
    if code is None:
        raise QueryError(f"{value!r} is not a country this store knows", "give an ISO 3166-1 code (IQ) or an English name (Iraq)")
    return code


def _within_km(lat: float, lon: float, radius_km: float) -> list[ColumnElement[bool]]:
    """Events at most radius_km from (lat, lon) on the great circle.

    A latitude/longitude box that holds the circle narrows the rows through
    ix_events_lat_lon; the haversine term is then compared with its value at
    the radius, so the SQL needs only sin, cos and radians (PostgreSQL has them,
    and so does SQLite, else store.sqlite registers them).
    """
    south, north, west, east = bounding_box(lat, lon, radius_km)
    conditions = [events.c.lat.between(south, north), _lon_between(west, east)]
    half_dlat = func.radians(events.c.lat - lat) / 2
    half_dlon = func.radians(events.c.lon - lon) / 2
    haversine = func.sin(half_dlat) * func.sin(half_dlat) + math.cos(math.radians(lat)) * func.cos(
        func.radians(events.c.lat)
    ) * func.sin(half_dlon) * func.sin(half_dlon)
    conditions.append(haversine <= math.sin(min(radius_km / EARTH_RADIUS_KM, math.pi) / 2) ** 2)
    return conditions


def _lon_between(west: float, east: float) -> ColumnElement[bool]:
    """Longitude from west to east; west > east crosses the 180th meridian."""
    if west <= east:
        return events.c.lon.between(west, east)
    return or_(events.c.lon >= west, events.c.lon <= east)
