"""The Store: writes articles and analyses, answers queries (dialect-neutral Core)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date
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
    func,
    null,
    select,
    update,
)
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from ..errors import StoreError
from ..records import (
    Analysis,
    Article,
    ArticleSummary,
    Entity,
    EventActor,
    EventMention,
    EventPlace,
    FieldEvidence,
    OffsetSegment,
    Span,
    StoredArticle,
    StoredEvent,
    StoredPlace,
    StoreStats,
    analysis_to_contract,
    content_hash,
)
from .backend import Backend
from .schema import WRITE_OPTION, articles, entities, event_sources, events, places, runs, sources, utc_now

# Six hex digits tell 16 million ids apart: unique in any realistic database, short enough to type.
MIN_ID_PREFIX = 6
_HEX_ID = re.compile(r"[0-9a-f]+")
_PARTIAL_DATE = re.compile(r"\d{4}(-\d{2}){0,2}")
# Filling a partial date to the first or last day of its period; day "31"
# works for every month because dates are compared as text.
_PERIOD_START = {4: "-01-01", 7: "-01"}
_PERIOD_END = {4: "-12-31", 7: "-31"}

_ARTICLE_SUMMARY = (
    articles.c.id, articles.c.key, articles.c.version, articles.c.title,
    articles.c.published, articles.c.source, articles.c.url,
)  # fmt: skip
# What a StoredEvent tells of its article, in _stored_event's order.
_EVENT_ARTICLE = (
    articles.c.id, articles.c.title, articles.c.source, articles.c.published, articles.c.analysed_at,
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
# event_sources first: they also hold this article's reports of other articles' events.
_DELETE_ANALYSIS = tuple(
    delete(table).where(table.c.article_id == bindparam("article_id"))
    for table in (event_sources, events, entities, places)
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
            if status == "duplicate":  # only an article stored before can have an analysis to replace
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
            event_rows = _event_rows(article_id, analysis.events, contract["events"])
            _insert_rows(conn, events, event_rows)
            _insert_rows(
                conn,
                event_sources,
                [
                    {
                        "event_id": row["id"],
                        "article_id": article_id,
                        "evidence_start": row["evidence_start"],
                        "evidence_end": row["evidence_end"],
                        "reported_by": row["payload"]["reported_by"],
                    }
                    for row in event_rows
                ],
            )
            conn.execute(_MARK_ANALYSED, {"article_id": article_id, "now": utc_now()})
        return len(event_rows)

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
                events=tuple(
                    _stored_events(conn, [events.c.article_id == full_id], (events.c.evidence_start, events.c.id))
                ),
            )

    def events(
        self,
        article_id: str | None = None,
        event_type: str | None = None,
        country: str | None = None,
        since: str | date | None = None,
        until: str | date | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[StoredEvent]:
        """Events newest date first (with the same date, newest article first).

        ``since``/``until`` take YYYY-MM-DD, YYYY-MM or YYYY and include the whole
        period; events without a date are left out when either is given.
        """
        _check_page(limit, offset)
        conditions: list[ColumnElement[bool]] = []
        if event_type:
            conditions.append(events.c.event_type == event_type.strip().upper())
        if country:
            conditions.append(events.c.country_code == country.strip().upper())
        if since is not None:
            conditions.append(events.c.date >= _iso_bound(since, "since", _PERIOD_START))
        if until is not None:
            conditions.append(events.c.date <= _iso_bound(until, "until", _PERIOD_END))
        order = (events.c.date.desc().nulls_last(), articles.c.seq.desc(), events.c.evidence_start)
        with self._read() as conn:
            if article_id is not None:
                full_id = _resolve_id(conn, articles.c.id, article_id, "article")
                if full_id is None:
                    return []
                conditions.append(events.c.article_id == full_id)
            return _stored_events(conn, conditions, order, limit, offset)

    def event(self, event_id: str) -> StoredEvent | None:
        """One event with the words behind each field; a unique id prefix works."""
        with self._read() as conn:
            full_id = _resolve_id(conn, events.c.id, event_id, "event")
            if full_id is None:
                return None
            return _stored_events(conn, [events.c.id == full_id], (events.c.id,))[0]

    def stats(self) -> StoreStats:
        """Counts of articles (all versions), later versions, analysed articles, events, ...; events by type and country."""
        count = select(func.count())
        with self._read() as conn:
            return StoreStats(
                articles=_count(conn, count.select_from(articles)),
                versions=_count(conn, count.select_from(articles).where(articles.c.version > 1)),
                analysed=_count(conn, count.select_from(articles).where(articles.c.analysed_at.is_not(None))),
                events=_count(conn, count.select_from(events)),
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


def _event_rows(article_id: str, mentions: tuple[EventMention, ...], contracts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    taken: set[str] = set()
    for mention, contract in zip(mentions, contracts):
        location = contract["location"] or {}
        basis = f"{article_id}:{mention.evidence.start}:{mention.evidence.end}:{mention.event_type}:{location.get('name')}"
        event_id = content_hash(basis)
        # Two mentions in the same words, type and place (two actor pairs in one
        # sentence) get ordinal suffixes, stable while the extractor's order is.
        ordinal = 1
        while event_id in taken:
            ordinal += 1
            event_id = content_hash(f"{basis}#{ordinal}")
        taken.add(event_id)
        actor1, actor2 = contract["actor1"] or {}, contract["actor2"] or {}
        rows.append(
            {
                "id": event_id,
                "article_id": article_id,
                "event_type": contract["event_type"],
                "event_mode": contract["event_mode"],
                "acled_event_type": contract["acled_event_type"],
                "acled_sub_event_type": contract["acled_sub_event_type"],
                "actor1_name": actor1.get("name"),
                "actor1_country": actor1.get("country_code"),
                "actor2_name": actor2.get("name"),
                "actor2_country": actor2.get("country_code"),
                "date": contract["date"],
                "date_precision": contract["date_precision"],
                "location_name": location.get("name"),
                "country_code": location.get("country_code"),
                "lat": location.get("lat"),
                "lon": location.get("lon"),
                "geo_precision": location.get("precision"),
                "fatalities": contract["fatalities"],
                "injuries": contract["injuries"],
                "is_aggregate": contract["is_aggregate"],
                "confidence": contract["confidence"],
                "evidence_start": mention.evidence.start,
                "evidence_end": mention.evidence.end,
                "evidence_text": mention.evidence.text,
                "payload": contract | {"evidence_spans": FieldEvidence.of(mention).to_json()},
            }
        )
    return rows


def _stored_events(
    conn: Connection,
    conditions: list[ColumnElement[bool]],
    order_by: tuple[ColumnElement[Any], ...],
    limit: int | None = None,
    offset: int = 0,
) -> list[StoredEvent]:
    statement = (
        select(events.c.id, events.c.payload, *_EVENT_ARTICLE)
        .join_from(events, articles, events.c.article_id == articles.c.id)
        .where(*conditions)
        .order_by(*order_by)
        .limit(limit)
        .offset(offset)
    )
    return [_stored_event(payload, event_id, article) for event_id, payload, *article in conn.execute(statement)]


def _stored_event(payload: dict[str, Any], event_id: str, article: list[Any]) -> StoredEvent:
    """The record for an event row's payload (the contract dict plus "evidence_spans") and its article's columns."""
    spans = payload["evidence_spans"]
    location = spans.get("location")
    article_id, article_title, article_source, article_published, analysed_at = article
    return StoredEvent(
        id=event_id,
        article_id=article_id,
        article_title=article_title,
        event_type=payload["event_type"],
        evidence=_span_of(payload["evidence"]),
        event_mode=payload["event_mode"],
        acled_event_type=payload["acled_event_type"],
        acled_sub_event_type=payload["acled_sub_event_type"],
        actor1=EventActor(**payload["actor1"]) if payload["actor1"] else None,
        actor2=EventActor(**payload["actor2"]) if payload["actor2"] else None,
        date=payload["date"],
        date_precision=payload["date_precision"],
        location=EventPlace(**payload["location"]) if payload["location"] else None,
        fatalities=payload["fatalities"],
        injuries=payload["injuries"],
        is_aggregate=payload["is_aggregate"],
        reported_by=tuple(payload["reported_by"]),
        confidence=payload["confidence"],
        evidence_spans=FieldEvidence(
            **{key: _span_of(spans[key]) for key in _SPAN_FIELDS if key in spans},
            reported_by=tuple(_span_of(span) for span in spans.get("reported_by", ())),
            location_caption=location.get("caption") if location else None,
        ),
        article_source=article_source,
        article_published=article_published,
        analysed_at=analysed_at,
    )


# FieldEvidence fields stored as one span each (reported_by is a list, the caption rides on location).
_SPAN_FIELDS = ("event_type", "actor1", "actor2", "date", "location", "fatalities", "injuries")


def _span_of(stored: Mapping[str, Any]) -> Span:
    return Span(stored["start"], stored["end"], stored["text"])


def _resolve_id(conn: Connection, column: Column[str], value: str, kind: str) -> str | None:
    """The full id that ``value`` is or begins; None when nothing matches."""
    value = value.strip().lower()
    if not _HEX_ID.fullmatch(value):
        return None  # ids are hex digests: anything else cannot match
    if len(value) < MIN_ID_PREFIX:
        raise StoreError(f"{kind} id {value!r} is too short", f"give at least {MIN_ID_PREFIX} characters of the id")
    if conn.scalar(select(column).where(column == value)) is not None:
        return value
    matches = conn.scalars(select(column).where(column.startswith(value, autoescape=True)).limit(2)).all()
    if len(matches) > 1:
        raise StoreError(f"{kind} id prefix {value!r} matches several {kind}s", "give more characters of the id")
    return matches[0] if matches else None


def _iso_bound(value: str | date, name: str, fill: dict[int, str]) -> str:
    text = value.isoformat()[:10] if isinstance(value, date) else str(value).strip()
    if _PARTIAL_DATE.fullmatch(text):
        if len(text) in fill:
            return text + fill[len(text)]
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            pass
    raise StoreError(f"{name} {value!r} is not a date", "write it as YYYY-MM-DD, YYYY-MM or YYYY, e.g. 2021-04-14")


def _check_page(limit: int, offset: int) -> None:
    if limit < 0 or offset < 0:
        raise StoreError(f"limit {limit} and offset {offset} must not be negative", "pass 0 or more")
