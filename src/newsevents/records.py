"""Typed records that flow between the pipeline stages (standard library only).

Every stage takes and returns these records; none of them holds a spaCy object
except ``Analysis.doc``, which the pipeline drops after the events stage.
Field names of the mention records match the ``newsevents extract`` JSON
contract in docs/pipeline.md one to one.
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

from .errors import QueryError


@dataclass(frozen=True)
class Span:
    """Evidence: ``text == source_text[start:end]``."""

    start: int
    end: int
    text: str

    @classmethod
    def of(cls, source_text: str, start: int, end: int) -> Span:
        return cls(start, end, source_text[start:end])


@dataclass(frozen=True)
class RawDocument:
    """One document as read from an input, before cleaning.

    ``kind`` tells the clean stage what to do: ``"dump"`` may hold several
    pasted articles and is segmented; ``"page"`` (HTML, feed entry) and
    ``"record"`` (JSONL/CSV row) are one article each.
    """

    text: str
    source: str
    locator: str = ""  # "line 12", "record 3", "entry 2": where in the source
    kind: str = "record"
    title: str | None = None
    published: str | None = None
    url: str | None = None
    external_id: str | None = None


@dataclass(frozen=True)
class OffsetSegment:
    """``clean_text[clean_start:clean_start+length]`` equals ``raw[raw_start:raw_start+length]``."""

    clean_start: int
    raw_start: int
    length: int


def content_hash(text: str) -> str:
    """Stable id for a piece of text (sha256, first 16 hex digits)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Article:
    """A clean article: body without repeated headlines, captions, credits or markers."""

    text: str
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD as given by the source, never guessed
    source: str = ""
    url: str | None = None
    external_id: str | None = None
    captions: tuple[str, ...] = ()
    credits: tuple[str, ...] = ()
    raw: str = ""  # the untouched input segment this article came from
    offset_map: tuple[OffsetSegment, ...] = ()

    @property
    def id(self) -> str:
        return content_hash((self.title or "") + "\n" + self.text)

    @property
    def key(self) -> str:
        """Identity across versions: the same key with another id is a new version."""
        return self.external_id or self.url or content_hash(f"{self.source}\n{self.title or self.text[:200]}")

    def raw_offset(self, clean_offset: int) -> int | None:
        """Map an offset in ``text`` back to ``raw``; None when it falls in removed text."""
        # Half-open first, so a start offset right after removed text maps into
        # the following segment; an end offset at a segment's end still maps.
        for inclusive_end in (False, True):
            for seg in self.offset_map:
                if seg.clean_start <= clean_offset < seg.clean_start + seg.length + inclusive_end:
                    return seg.raw_start + clean_offset - seg.clean_start
        return None


@dataclass(frozen=True)
class Entity:
    text: str
    label: str  # spaCy label (PERSON, ORG, GPE, LOC, FAC, NORP, DATE, ...)
    start: int
    end: int


@dataclass(frozen=True)
class Actor:
    """One entry of the actor dictionary."""

    id: str
    name: str
    type: str  # see actors data README: state forces, rebel group, government, person, media, ...
    country_code: str | None = None  # ISO 3166-1 alpha-2
    aliases: tuple[str, ...] = ()
    parent: str | None = None  # actor id
    role: str | None = None
    start: str | None = None  # YYYY or YYYY-MM-DD when the role began
    end: str | None = None


@dataclass(frozen=True)
class ActorEntry:
    """One entry of data/actors.yaml as written: a curated actor, or the keys that extend the generated
    state actor of its id. Read by the actors stage and, for names, by the events stage."""

    id: str
    name: str | None = None
    type: str | None = None
    country: str | None = None
    aliases: tuple[str, ...] = ()
    parent: str | None = None
    role: str | None = None
    # YAML reads 2025-01-20 as a date and 2019 as a number; the actor keeps them as text.
    start: str | int | date | None = None
    end: str | int | date | None = None
    patron: str | None = None
    generic: bool = False
    ambiguous: tuple[str, ...] = ()


@dataclass(frozen=True)
class ActorMention:
    span: Span
    name: str  # normalised (canonical) name
    actor_id: str | None = None
    country_code: str | None = None
    type: str | None = None
    patron: str | None = None  # ISO2 of a backer: "Iranian-backed Iraqi militias" -> IR
    confidence: float = 0.5
    affiliation: str | None = None  # actor id a person speaks for: Badr Abdelatty -> eg-foreign-ministry


@dataclass(frozen=True)
class Seat:
    """A region's or country's seat: where ACLED maps an event told only at that level."""

    name: str
    lat: float
    lon: float


@dataclass(frozen=True)
class PlaceMention:
    span: Span
    name: str
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    country_code: str | None = None
    feature_code: str | None = None  # GeoNames feature code: PPL, PPLC, ADM1, PCLI, AIRB, ...
    precision: int = 1  # ACLED-style: 1 exact site, 2 near a town/district, 3 region, 4 country
    admin1: str | None = None
    confidence: float = 0.5
    # Index into article.captions when the span is in a photo caption, not the body.
    caption: int | None = None
    seat: Seat | None = None  # for a first-level division or a country


@dataclass(frozen=True)
class DateMention:
    span: Span
    date: str | None  # YYYY-MM-DD (start of the period for coarse precision or ranges)
    precision: str | None  # day | week | month | quarter | year
    end: str | None = None  # YYYY-MM-DD for ranges ("since late 2019", "between May 8 and 11")
    is_range: bool = False
    is_inferred: bool = False
    confidence: float = 0.5


@dataclass(frozen=True)
class ReferenceDate:
    """The date relative expressions are resolved against."""

    date: str | None  # YYYY-MM-DD
    basis: str  # published | dateline | text | none
    is_inferred: bool
    span: Span | None = None
    confidence: float = 0.5


@dataclass(frozen=True)
class EventMention:
    event_type: str  # PLOVER, upper case
    evidence: Span
    event_mode: str | None = None
    acled_event_type: str | None = None
    acled_sub_event_type: str | None = None
    actor1: ActorMention | None = None
    actor2: ActorMention | None = None
    date: DateMention | None = None
    location: PlaceMention | None = None
    fatalities: int | None = None
    fatalities_span: Span | None = None
    injuries: int | None = None
    injuries_span: Span | None = None
    is_aggregate: bool = False
    reported_by: tuple[ActorMention, ...] = ()
    trigger: Span | None = None
    confidence: float = 0.5


@dataclass(frozen=True)
class Analysis:
    """One article plus everything found in it; each stage fills its own fields."""

    article: Article
    sentences: tuple[Span, ...] = ()
    entities: tuple[Entity, ...] = ()
    actors: tuple[ActorMention, ...] = ()
    places: tuple[PlaceMention, ...] = ()
    # The countries the actors and places belong to, at country level over their first mention: where the
    # events stage puts an event that names no place. Handed over by the places stage, never in the contract.
    countries: tuple[PlaceMention, ...] = ()
    reference_date: ReferenceDate | None = None
    dates: tuple[DateMention, ...] = ()
    events: tuple[EventMention, ...] = ()
    # The parsed spaCy Doc, shared by nlp, actors and events; dropped after events.
    doc: Any = field(default=None, compare=False, repr=False)


def _actor_json(actor: ActorMention | None) -> dict[str, Any] | None:
    return EventActor.of(actor).to_json() if actor is not None else None


def _location_json(place: PlaceMention | None) -> dict[str, Any] | None:
    return EventPlace.of(place).to_json() if place is not None else None


# The contract knows day/week/month/year; a quarter ("late 2019") is reported
# as month precision, the nearest coarser-or-equal level analysts code.
# Keyed by ``str | None`` so an unknown precision (None) maps to None, as ``dict.get`` does.
_CONTRACT_PRECISION: dict[str | None, str] = {"day": "day", "week": "week", "month": "month", "quarter": "month", "year": "year"}


def event_to_contract(event: EventMention) -> dict[str, Any]:
    """One event in the ``extract`` JSON contract."""
    return {
        "event_type": event.event_type,
        "event_mode": event.event_mode,
        "acled_event_type": event.acled_event_type,
        "acled_sub_event_type": event.acled_sub_event_type,
        "actor1": _actor_json(event.actor1),
        "actor2": _actor_json(event.actor2),
        "date": event.date.date if event.date else None,
        "date_precision": _CONTRACT_PRECISION.get(event.date.precision) if event.date else None,
        "location": _location_json(event.location),
        "fatalities": event.fatalities,
        "injuries": event.injuries,
        "is_aggregate": event.is_aggregate,
        "reported_by": [source.name for source in event.reported_by],
        "evidence": {"text": event.evidence.text, "start": event.evidence.start, "end": event.evidence.end},
        "confidence": round(event.confidence, 3),
    }


def analysis_to_contract(analysis: Analysis, doc_id: str | None = None) -> dict[str, Any]:
    """One output line of ``newsevents extract`` (see the contract in docs/pipeline.md)."""
    return {
        "id": doc_id if doc_id is not None else (analysis.article.external_id or analysis.article.id),
        "entities": [{"text": e.text, "label": e.label, "start": e.start, "end": e.end} for e in analysis.entities],
        "places": [
            {
                "text": p.span.text,
                "start": p.span.start,
                "end": p.span.end,
                "name": p.name,
                "geonameid": p.geonameid,
                "lat": p.lat,
                "lon": p.lon,
                "country_code": p.country_code,
                "feature_code": p.feature_code,
            }
            for p in analysis.places
        ],
        "events": [event_to_contract(e) for e in analysis.events],
    }


# --- What the store hands out ------------------------------------------------
# The store keeps each event as the contract gives it (docs/pipeline.md) plus
# the words behind each field, not the full mention that ``Event`` holds in
# memory (no actor ids, no mention confidences): these records hold exactly
# what is stored, so nothing is filled with a guessed default. Each becomes
# the JSON the CLI prints by ``to_json``.


def _flat_json(record: Any) -> dict[str, Any]:
    """A record of plain values as a JSON object, keys in field order."""
    return {f.name: getattr(record, f.name) for f in fields(record)}


def _span_json(span: Span) -> dict[str, Any]:
    return {"start": span.start, "end": span.end, "text": span.text}


@dataclass(frozen=True)
class EventActor:
    """An event's actor as the contract gives it."""

    name: str
    country_code: str | None = None
    type: str | None = None

    @classmethod
    def of(cls, actor: ActorMention) -> EventActor:
        return cls(actor.name, actor.country_code, actor.type)

    def to_json(self) -> dict[str, Any]:
        return _flat_json(self)


@dataclass(frozen=True)
class EventPlace:
    """An event's location as the contract gives it; precision is ACLED's 1-4."""

    name: str
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    country_code: str | None = None
    precision: int = 1

    @classmethod
    def of(cls, place: PlaceMention) -> EventPlace:
        return cls(place.name, place.geonameid, place.lat, place.lon, place.country_code, place.precision)

    def to_json(self) -> dict[str, Any]:
        return _flat_json(self)


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


# --- What the store is asked -------------------------------------------------

# Below this an event is a weak guess: in the bundled demo dump the 5 of 39 events under 0.4 are a second,
# mistyped reading of words already coded as another event, or talk far down an article; `--all` shows them.
DEFAULT_MIN_CONFIDENCE = 0.4
DEFAULT_RADIUS_KM = 50.0
# One page a screen or an HTTP response can hold; more goes through Store.iter_events (exports).
MAX_LIMIT = 10_000
# Sort keys (a leading "-" sorts descending); ties go to the newest date, then the newest article.
SORT_KEYS = ("date", "confidence", "fatalities", "injuries", "country", "type", "published")

_PARTIAL_DATE = re.compile(r"\d{4}(-\d{2}){0,2}")
# Filling a partial date to the first or last day of its period; day "31"
# works for every month because dates are compared as text.
_PERIOD_START = {4: "-01-01", 7: "-01"}
_PERIOD_END = {4: "-12-31", 7: "-31"}


@dataclass(frozen=True)
class EventQuery:
    """Which stored events to list and in what order; every value is checked when the query is made.

    ``since``/``until`` take YYYY-MM-DD, YYYY-MM or YYYY and include the whole period;
    events without a date (or without coordinates, for ``near``/``bbox``) are left out
    when the filter is given.
    """

    article_id: str | None = None  # an article id or a unique prefix
    event_type: str | None = None  # PLOVER, any case
    acled_event_type: str | None = None  # any case
    acled_sub_event_type: str | None = None  # any case
    actor: str | None = None  # part of either actor's name, any case
    country: str | None = None  # ISO 3166-1 alpha-2, or a country name the store resolves
    since: str | date | None = None
    until: str | date | None = None
    near: tuple[float, float] | None = None  # (lat, lon): events within radius_km of it
    radius_km: float = DEFAULT_RADIUS_KM
    bbox: tuple[float, float, float, float] | None = None  # (west, south, east, north); west > east crosses 180°
    q: str | None = None  # full-text search over the events' articles (their evidence is part of the text)
    aggregate: bool | None = None  # True: only aggregates, False: only single events, None: both
    min_confidence: float = DEFAULT_MIN_CONFIDENCE  # 0 shows every guess
    sort: str = "-date"
    limit: int | None = 100  # None: every match (Store.iter_events streams them)
    offset: int = 0

    def __post_init__(self) -> None:
        since, until = self.since_bound, self.until_bound
        if since is not None and until is not None and since > until:
            raise QueryError(f"since {self.since} is after until {self.until}", "swap them, or widen the period")
        if self.near is not None:
            _check_point(*self.near, "near")
        if not (math.isfinite(self.radius_km) and self.radius_km > 0):
            raise QueryError(f"radius {self.radius_km} km is not a distance", "give a positive number of km, e.g. 50")
        if self.bbox is not None:
            west, south, east, north = self.bbox
            _check_point(south, west, "bbox")
            _check_point(north, east, "bbox")
            if south > north:
                raise QueryError(f"bbox south {south} is north of its north {north}", "write it as WEST,SOUTH,EAST,NORTH")
        if not 0.0 <= self.min_confidence <= 1.0:
            raise QueryError(f"min confidence {self.min_confidence} is outside 0..1", "give e.g. 0.5, or 0 to show all")
        if self.sort_key not in SORT_KEYS:
            raise QueryError(f"cannot sort by {self.sort!r}", f"sort by one of {', '.join(SORT_KEYS)} (prefix - for descending)")
        if self.limit is not None and not 0 <= self.limit <= MAX_LIMIT:
            raise QueryError(f"limit {self.limit} is outside 0..{MAX_LIMIT}", "page with --offset, or export every match")
        if self.offset < 0:
            raise QueryError(f"offset {self.offset} is negative", "pass 0 or more")

    @property
    def since_bound(self) -> str | None:
        """``since`` as the first day of its period (YYYY-MM-DD)."""
        return None if self.since is None else _iso_bound(self.since, "since", _PERIOD_START)

    @property
    def until_bound(self) -> str | None:
        """``until`` as the last day of its period (YYYY-MM-DD; a month ends on "31")."""
        return None if self.until is None else _iso_bound(self.until, "until", _PERIOD_END)

    @property
    def sort_key(self) -> str:
        return self.sort.strip().removeprefix("-")

    @property
    def descending(self) -> bool:
        return self.sort.strip().startswith("-")


def _iso_bound(value: str | date, name: str, fill: dict[int, str]) -> str:
    text = value.isoformat()[:10] if isinstance(value, date) else str(value).strip()
    if _PARTIAL_DATE.fullmatch(text):
        if len(text) in fill:
            return text + fill[len(text)]
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            pass
    raise QueryError(f"{name} {value!r} is not a date", "write it as YYYY-MM-DD, YYYY-MM or YYYY, e.g. 2021-04-14")


def _check_point(lat: float, lon: float, name: str) -> None:
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        raise QueryError(f"{name} {lat},{lon} is off the globe", "latitudes run -90..90 and longitudes -180..180")


def parse_numbers(text: str, count: int, name: str, example: str) -> tuple[float, ...]:
    """``count`` comma-separated numbers ("36.2,44.0"), for --near and --bbox."""
    try:
        numbers = tuple(float(part) for part in text.split(","))
    except ValueError:
        numbers = ()
    if len(numbers) != count or not all(math.isfinite(n) for n in numbers):
        raise QueryError(f"{name} {text!r} is not {count} comma-separated numbers", f"write it like {example}")
    return numbers
