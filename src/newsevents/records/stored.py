"""What the store hands out: events, their reports and articles as stored, and counts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .mentions import Article, Entity, EventActor, EventMention, EventPlace, Span, _flat_json

# --- What the store hands out ------------------------------------------------
# The store keeps each event as the contract gives it (docs/pipeline.md) plus
# the words behind each field, not the full mention that ``Event`` holds in
# memory (no actor ids, no mention confidences): these records hold exactly
# what is stored, so nothing is filled with a guessed default. Each becomes
# the JSON the CLI prints by ``to_json``.


def _span_json(span: Span) -> dict[str, Any]:
    return {"start": span.start, "end": span.end, "text": span.text}


@dataclass(frozen=True)
class FieldEvidence:
    """The words behind each field of an event; None when a field was not read from words."""

    event_type: Span | None = None  # the trigger
    actor1: Span | None = None
    actor2: Span | None = None
    date: Span | None = None
    location: Span | None = None
    fatalities: Span | None = None
    injuries: Span | None = None
    reported_by: tuple[Span, ...] = ()
    # Index into the article's captions when the location was read from a photo caption;
    # the location span then indexes that caption, not the body.
    location_caption: int | None = None
    # The ranking features that chose the location among its namesakes (PlaceMention.decided_by).
    location_decided_by: tuple[str, ...] = ()

    @classmethod
    def of(cls, mention: EventMention) -> FieldEvidence:
        return cls(
            event_type=mention.trigger,
            actor1=mention.actor1.span if mention.actor1 else None,
            actor2=mention.actor2.span if mention.actor2 else None,
            date=mention.date.span if mention.date else None,
            location=mention.location.span if mention.location else None,
            fatalities=mention.fatalities_span,
            injuries=mention.injuries_span,
            reported_by=tuple(reporter.span for reporter in mention.reported_by),
            location_caption=mention.location.caption if mention.location else None,
            location_decided_by=mention.location.decided_by if mention.location else (),
        )

    def to_json(self) -> dict[str, Any]:
        """Keyed like the contract fields; fields without words are left out."""
        spans = {
            "event_type": self.event_type,
            "actor1": self.actor1,
            "actor2": self.actor2,
            "date": self.date,
            "location": self.location,
            "fatalities": self.fatalities,
            "injuries": self.injuries,
        }
        result: dict[str, Any] = {key: _span_json(span) for key, span in spans.items() if span is not None}
        if "location" in result and self.location_caption is not None:
            result["location"]["caption"] = self.location_caption
        if "location" in result and self.location_decided_by:
            result["location"]["decided_by"] = list(self.location_decided_by)
        if self.reported_by:
            result["reported_by"] = [_span_json(span) for span in self.reported_by]
        return result


# Fields a merged event takes together from one report (the pair of actors, the ACLED type with its sub-event).
_MERGED_FIELDS = {"actor1": "actors", "actor2": "actors", "acled_event_type": "acled_type", "acled_sub_event_type": "acled_type"}


@dataclass(frozen=True)
class StoredEvent:
    """One stored event: the ``extract`` contract's fields, the words behind each, and its article."""

    id: str
    article_id: str
    article_title: str | None
    event_type: str  # PLOVER, upper case
    evidence: Span
    event_mode: str | None = None
    acled_event_type: str | None = None
    acled_sub_event_type: str | None = None
    actor1: EventActor | None = None
    actor2: EventActor | None = None
    date: str | None = None  # YYYY-MM-DD
    date_precision: str | None = None  # day | week | month | year
    location: EventPlace | None = None
    fatalities: int | None = None
    injuries: int | None = None
    is_aggregate: bool = False
    reported_by: tuple[str, ...] = ()  # names of who reported it
    confidence: float = 0.5
    evidence_spans: FieldEvidence = FieldEvidence()
    article_source: str = ""  # the outlet, as ingested
    article_published: str | None = None  # YYYY-MM-DD
    analysed_at: str | None = None  # ISO 8601 UTC: when the analysis holding this event was stored
    # Every report of the event, the lead report (whose id, article and evidence the event keeps) first;
    # empty for a report itself. ``field_sources`` names the report each merged field was taken from.
    sources: tuple[EventSource, ...] = ()
    field_sources: tuple[tuple[str, str], ...] = ()

    def report_for(self, field: str) -> StoredEvent:
        """The report whose words gave ``field`` ("fatalities", "actor1", ...); the event itself when told once."""
        wanted = dict(self.field_sources).get(_MERGED_FIELDS.get(field, field))
        return next((s.report for s in self.sources if s.report.id == wanted), self)

    def to_json(self) -> dict[str, Any]:
        return {
            "event_type": self.event_type,
            "event_mode": self.event_mode,
            "acled_event_type": self.acled_event_type,
            "acled_sub_event_type": self.acled_sub_event_type,
            "actor1": self.actor1.to_json() if self.actor1 else None,
            "actor2": self.actor2.to_json() if self.actor2 else None,
            "date": self.date,
            "date_precision": self.date_precision,
            "location": self.location.to_json() if self.location else None,
            "fatalities": self.fatalities,
            "injuries": self.injuries,
            "is_aggregate": self.is_aggregate,
            "reported_by": list(self.reported_by),
            "evidence": {"text": self.evidence.text, "start": self.evidence.start, "end": self.evidence.end},
            "confidence": self.confidence,
            "evidence_spans": self.evidence_spans.to_json(),
            "id": self.id,
            "article_id": self.article_id,
            "article_title": self.article_title,
            "article_source": self.article_source,
            "article_published": self.article_published,
            "analysed_at": self.analysed_at,
            "sources": [source.to_json() for source in self.sources],
            "field_sources": dict(self.field_sources),
        }


@dataclass(frozen=True)
class EventSource:
    """One report of a merged event: the event as one article alone coded it, and how well it matched.

    ``score`` compares the report with the event's lead report (1.0 for the lead itself); ``reasons``
    are the parts of that score ("date", "place", "actors", "sub_event") and the measured gaps ("days", "km").
    """

    report: StoredEvent
    score: float = 1.0
    reasons: tuple[tuple[str, float], ...] = ()

    def to_json(self) -> dict[str, Any]:
        report = self.report
        return {
            "event_id": report.id,
            "article_id": report.article_id,
            "article_title": report.article_title,
            "article_source": report.article_source,
            "article_published": report.article_published,
            "evidence": _span_json(report.evidence),
            "date": report.date,
            "location": report.location.name if report.location else None,
            "fatalities": report.fatalities,
            "score": self.score,
            "reasons": dict(self.reasons),
        }


@dataclass(frozen=True)
class StoredPlace:
    """A place found in a stored article (its span indexes the article text)."""

    span: Span
    name: str
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    country_code: str | None = None
    feature_code: str | None = None
    precision: int | None = None  # ACLED-style 1-4

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.span.text,
            "start": self.span.start,
            "end": self.span.end,
            "name": self.name,
            "geonameid": self.geonameid,
            "lat": self.lat,
            "lon": self.lon,
            "country_code": self.country_code,
            "feature_code": self.feature_code,
            "precision": self.precision,
        }


@dataclass(frozen=True)
class StoredArticle:
    """One stored article version: the article as ingested, when, and what was found in it."""

    id: str
    key: str  # identity across versions (Article.key)
    version: int  # 1 for the first text seen under this key
    article: Article
    ingested_at: str  # ISO 8601 UTC
    analysed_at: str | None = None
    run_id: int | None = None
    entities: tuple[Entity, ...] = ()
    places: tuple[StoredPlace, ...] = ()
    events: tuple[StoredEvent, ...] = ()

    def to_json(self) -> dict[str, Any]:
        article = self.article
        return {
            "id": self.id,
            "key": self.key,
            "version": self.version,
            "title": article.title,
            "text": article.text,
            "raw": article.raw,
            "published": article.published,
            "source": article.source,
            "url": article.url,
            "external_id": article.external_id,
            "captions": list(article.captions),
            "credits": list(article.credits),
            "offset_map": [_flat_json(segment) for segment in article.offset_map],
            "ingested_at": self.ingested_at,
            "analysed_at": self.analysed_at,
            "run_id": self.run_id,
            "entities": [_flat_json(entity) for entity in self.entities],
            "places": [place.to_json() for place in self.places],
            "events": [event.to_json() for event in self.events],
        }


@dataclass(frozen=True)
class ArticleSummary:
    """One row of the article list; ``snippet`` marks the matched words of a search (else None)."""

    id: str
    key: str
    version: int
    title: str | None
    published: str | None
    source: str
    url: str | None
    n_events: int
    snippet: str | None = None

    def to_json(self) -> dict[str, Any]:
        return _flat_json(self)


@dataclass(frozen=True)
class StoreStats:
    """What a database holds: counts, and events per type and per country (most first)."""

    articles: int  # every version
    versions: int  # versions after the first
    analysed: int
    events: int
    reports: int  # events as each article told them, before merging
    aggregates: int
    places: int
    entities: int
    runs: int
    by_event_type: tuple[tuple[str, int], ...] = ()
    by_country: tuple[tuple[str, int], ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "versions": self.versions,
            "analysed": self.analysed,
            "events": self.events,
            "reports": self.reports,
            "aggregates": self.aggregates,
            "places": self.places,
            "entities": self.entities,
            "runs": self.runs,
            "by_event_type": dict(self.by_event_type),
            "by_country": dict(self.by_country),
        }


@dataclass(frozen=True)
class EventTally:
    """What the events matching a query add up to: counts in all, and by type, ACLED type, country and day.

    Aggregates ("300 attacks since 2019") are counted apart and their fatalities are not summed:
    they would count deaths that single events already hold.
    """

    events: int
    aggregates: int
    fatalities: int  # of single events whose toll is known
    undated: int
    by_event_type: tuple[tuple[str, int], ...] = ()
    by_acled_type: tuple[tuple[str, int], ...] = ()
    by_country: tuple[tuple[str, int], ...] = ()
    by_day: tuple[tuple[str, int], ...] = ()  # oldest first

    def to_json(self) -> dict[str, Any]:
        return {
            "events": self.events,
            "aggregates": self.aggregates,
            "fatalities": self.fatalities,
            "undated": self.undated,
            "by_event_type": dict(self.by_event_type),
            "by_acled_type": dict(self.by_acled_type),
            "by_country": dict(self.by_country),
            "by_day": dict(self.by_day),
        }


@dataclass(frozen=True)
class EventPoint:
    """An event as a map marker: where, what and how deadly, without its words (a map draws thousands)."""

    id: str
    lat: float
    lon: float
    event_type: str
    acled_event_type: str | None
    date: str | None
    fatalities: int | None
    is_aggregate: bool

    def to_json(self) -> list[Any]:
        """A row of POINT_COLUMNS: a map of 100,000 events is sent as rows, not as keyed objects."""
        return [self.id, self.lat, self.lon, self.event_type, self.acled_event_type, self.date, self.fatalities,
                self.is_aggregate]  # fmt: skip


POINT_COLUMNS = ("id", "lat", "lon", "event_type", "acled_event_type", "date", "fatalities", "is_aggregate")
