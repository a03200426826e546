"""newsevents: political and conflict events from raw news, with evidence for every field.

    import newsevents
    analysis = newsevents.extract(text, published="2025-12-18")
    for event in analysis.events: ...
    db = newsevents.open("my.db"); db.events(country="IQ", near=(36.2, 44.0))  # StoredEvent records
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .errors import DataError, InputError, ModelError, NewsEventsError, QueryError, StoreError
from .records import (
    Actor,
    ActorMention,
    Analysis,
    Article,
    ArticleSummary,
    DateMention,
    Entity,
    EventActor,
    EventMention,
    EventPlace,
    EventQuery,
    EventSource,
    FieldEvidence,
    PlaceMention,
    RawDocument,
    ReferenceDate,
    Span,
    StoredArticle,
    StoredEvent,
    StoredPlace,
    StoreStats,
    analysis_to_contract,
)

if TYPE_CHECKING:
    from pathlib import Path

    from .store.queries import Store

__version__ = "0.1.0"


def extract(text: str, published: str | None = None, title: str | None = None) -> Analysis:
    """Analyse one article: entities, actors, places, dates and events with evidence."""
    from .pipeline import extract as _extract

    return _extract(text, published=published, title=title)


def open(target: str | Path | None = None) -> Store:  # noqa: A001 - the public name the docs promise
    """Open (or create) an events database: a SQLite path, an SQLAlchemy URL, or $NEWSEVENTS_DB."""
    from .store import open_store

    return open_store(target)


__all__ = [
    "Actor", "ActorMention", "Analysis", "Article", "ArticleSummary", "DataError", "DateMention", "Entity",
    "EventActor", "EventMention", "EventPlace", "EventQuery", "EventSource", "FieldEvidence", "InputError",
    "ModelError", "NewsEventsError", "PlaceMention", "QueryError", "RawDocument", "ReferenceDate", "Span", "StoreError", "StoreStats",
    "StoredArticle", "StoredEvent", "StoredPlace", "analysis_to_contract", "extract", "open",
]
