"""What the stages hand each other: spans, documents, articles, mentions of actors, places, dates and events,
and an article's ``Analysis``; with the ``extract`` JSON contract they serialise to."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any


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
    # The ranking features that put this place ahead of its namesakes, strongest first ("qualifier", "population");
    # the names are places.rank's.
    decided_by: tuple[str, ...] = ()


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
    # The date of the opening dateline ("KABUL, Oct 2 (Reuters) -"), whatever the basis: it tells when the story
    # was filed, so it dates no event of the sentence it opens.
    dateline: Span | None = None


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


def _flat_json(record: Any) -> dict[str, Any]:
    """A record of plain values as a JSON object, keys in field order."""
    return {f.name: getattr(record, f.name) for f in fields(record)}


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
