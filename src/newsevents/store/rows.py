"""Events between records and rows: an analysis's mentions as report rows, stored rows back as StoredEvents."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, Table, select

from ..merge import report_order
from ..records import (
    EventActor,
    EventMention,
    EventPlace,
    EventSource,
    FieldEvidence,
    Span,
    StoredEvent,
    content_hash,
    event_to_contract,
)
from .schema import articles, events, reports

# What a StoredEvent tells of its article, in stored_event's order.
_EVENT_ARTICLE = (
    articles.c.id, articles.c.title, articles.c.source, articles.c.published, articles.c.analysed_at,
)  # fmt: skip
# FieldEvidence fields stored as one span each (reported_by is a list, the caption rides on location).
_SPAN_FIELDS = ("event_type", "actor1", "actor2", "date", "location", "fatalities", "injuries")
# The keys of StoredEvent.to_json that describe the article or the other reports: columns and tables of their own.
_NOT_IN_PAYLOAD = frozenset({"id", "article_id", "article_title", "article_source", "article_published", "analysed_at", "sources"})


def reports_of(article_id: str, mentions: Sequence[EventMention], article: Sequence[Any]) -> list[StoredEvent]:
    """An analysis's events as reports of the article ``article_id`` (``article``: its _EVENT_ARTICLE columns)."""
    found: list[StoredEvent] = []
    taken: set[str] = set()
    for mention in mentions:
        contract = event_to_contract(mention)
        location = contract["location"] or {}
        basis = f"{article_id}:{mention.evidence.start}:{mention.evidence.end}:{mention.event_type}:{location.get('name')}"
        report_id = content_hash(basis)
        # Two mentions in the same words, type and place (two actor pairs in one
        # sentence) get ordinal suffixes, stable while the extractor's order is.
        ordinal = 1
        while report_id in taken:
            ordinal += 1
            report_id = content_hash(f"{basis}#{ordinal}")
        taken.add(report_id)
        payload = contract | {"evidence_spans": FieldEvidence.of(mention).to_json()}
        found.append(stored_event(report_id, payload, *article))
    return found


def event_row(event: StoredEvent) -> dict[str, Any]:
    """The columns of an events or reports row; the payload keeps what stored_event reads back."""
    place, actor1, actor2 = event.location, event.actor1, event.actor2
    return {
        "id": event.id,
        "article_id": event.article_id,
        "event_type": event.event_type,
        "event_mode": event.event_mode,
        "acled_event_type": event.acled_event_type,
        "acled_sub_event_type": event.acled_sub_event_type,
        "actor1_name": actor1.name if actor1 else None,
        "actor1_country": actor1.country_code if actor1 else None,
        "actor2_name": actor2.name if actor2 else None,
        "actor2_country": actor2.country_code if actor2 else None,
        "date": event.date,
        "date_precision": event.date_precision,
        "location_name": place.name if place else None,
        "country_code": place.country_code if place else None,
        "lat": place.lat if place else None,
        "lon": place.lon if place else None,
        "geo_precision": place.precision if place else None,
        "fatalities": event.fatalities,
        "injuries": event.injuries,
        "is_aggregate": event.is_aggregate,
        "confidence": event.confidence,
        "evidence_start": event.evidence.start,
        "evidence_end": event.evidence.end,
        "evidence_text": event.evidence.text,
        "payload": {key: value for key, value in event.to_json().items() if key not in _NOT_IN_PAYLOAD},
    }


def event_select(table: Table, conditions: Sequence[ColumnElement[bool]], order_by: Sequence[ColumnElement[Any]]) -> Select[Any]:
    """Rows of ``table`` (events or reports) with their articles' columns, as stored_event takes them."""
    return (
        select(table.c.id, table.c.payload, *_EVENT_ARTICLE)
        .join_from(table, articles, table.c.article_id == articles.c.id)
        .where(*conditions)
        .order_by(*order_by)
    )


def stored_event(event_id: str, payload: Mapping[str, Any], *article: Any) -> StoredEvent:
    """The record for a row's payload (the contract dict plus "evidence_spans") and its article's columns."""
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
            location_decided_by=tuple(location.get("decided_by", ())) if location else (),
        ),
        article_source=article_source,
        article_published=article_published,
        analysed_at=analysed_at,
        field_sources=tuple(payload.get("field_sources", {}).items()),
    )


def with_sources(conn: Connection, found: Sequence[StoredEvent]) -> list[StoredEvent]:
    """``found`` events (rows of the events table) with every report behind each, the lead report first."""
    if not found:
        return []
    statement = event_select(reports, [reports.c.event_id.in_([e.id for e in found])], ()).add_columns(
        reports.c.event_id, reports.c.score, reports.c.reasons
    )
    by_event: dict[str, list[EventSource]] = {}
    for report_id, payload, *rest in conn.execute(statement):
        *article, event_id, score, reasons = rest
        source = EventSource(stored_event(report_id, payload, *article), score, tuple(reasons.items()))
        by_event.setdefault(event_id, []).append(source)
    ordered = []
    for event in found:
        sources = by_event.get(event.id, [])
        sources.sort(key=lambda s: (s.report.id != event.id, *report_order(s.report)))
        ordered.append(replace(event, sources=tuple(sources)))
    return ordered


def stored_events(conn: Connection, conditions: Sequence[ColumnElement[bool]], order_by: Sequence[ColumnElement[Any]]) -> list[StoredEvent]:
    """Events of the events table matching ``conditions``, each with its reports."""
    return with_sources(conn, [stored_event(*row) for row in conn.execute(event_select(events, conditions, order_by))])


def _span_of(stored: Mapping[str, Any]) -> Span:
    return Span(stored["start"], stored["end"], stored["text"])
