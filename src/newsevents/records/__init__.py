"""Typed records that flow between the pipeline stages and out of the store (standard library only).

Every stage takes and returns these records; none of them holds a spaCy object
except ``Analysis.doc``, which the pipeline drops after the events stage.
Field names of the mention records match the ``newsevents extract`` JSON
contract in docs/pipeline.md one to one. ``mentions`` holds what the stages
exchange, ``stored`` what the store hands out, ``query`` what it is asked.
"""

from __future__ import annotations

from .mentions import (
    Actor,
    ActorEntry,
    ActorMention,
    Analysis,
    Article,
    DateMention,
    Entity,
    EventActor,
    EventMention,
    EventPlace,
    OffsetSegment,
    PlaceMention,
    RawDocument,
    ReferenceDate,
    Seat,
    Span,
    analysis_to_contract,
    content_hash,
    event_to_contract,
)
from .query import (
    DEFAULT_MIN_CONFIDENCE,
    DEFAULT_RADIUS_KM,
    MAX_LIMIT,
    SORT_KEYS,
    EventQuery,
    parse_numbers,
)
from .stored import (
    POINT_COLUMNS,
    ArticleSummary,
    EventPoint,
    EventSource,
    EventTally,
    FieldEvidence,
    StoredArticle,
    StoredEvent,
    StoredPlace,
    StoreStats,
)

__all__ = [
    "Actor",
    "ActorEntry",
    "ActorMention",
    "Analysis",
    "Article",
    "ArticleSummary",
    "DEFAULT_MIN_CONFIDENCE",
    "DEFAULT_RADIUS_KM",
    "DateMention",
    "Entity",
    "EventActor",
    "EventMention",
    "EventPlace",
    "EventPoint",
    "EventQuery",
    "EventSource",
    "EventTally",
    "FieldEvidence",
    "MAX_LIMIT",
    "OffsetSegment",
    "POINT_COLUMNS",
    "PlaceMention",
    "RawDocument",
    "ReferenceDate",
    "SORT_KEYS",
    "Seat",
    "Span",
    "StoreStats",
    "StoredArticle",
    "StoredEvent",
    "StoredPlace",
    "analysis_to_contract",
    "content_hash",
    "event_to_contract",
    "parse_numbers",
]
