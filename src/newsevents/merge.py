"""Merge stage: reports of the same event become one event with all its evidence.

Within an article, the events stage already folds repeated mentions. Here a
photo caption counts as a second report of the article's own events: a caption
never creates an event of its own (captions are repeated and describe photos),
but when it names the exact place of an event the body only places in a
region ("airstrikes on southern Lebanon" + caption "airstrikes that targeted
the village of al-Katrani"), the event is also coded at that place, as an
ACLED coder reading the whole page would.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from .records import Analysis, EventMention, PlaceMention

# A caption place is a town or site (ACLED precision 1-2); the body event it
# sharpens is placed no better than a region (3) or a country (4), or not at all.
MAX_CAPTION_PRECISION = 2
MIN_BODY_PRECISION = 3
# The caption-placed copy is a little less certain than the body event: the
# link between photo and paragraph is inferred, not stated.
CAPTION_CONFIDENCE_FACTOR = 0.85


def place_at_captions(body: Analysis, captions: Sequence[Analysis]) -> Analysis:
    """``body`` with its events also coded at the exact places its captions name."""
    added: list[EventMention] = []
    for index, caption in enumerate(captions):
        for reported in caption.events:
            place = reported.location
            if reported.is_aggregate or place is None or place.precision > MAX_CAPTION_PRECISION:
                continue
            if any(_same_place(e.location, place) for e in (*body.events, *added)):
                continue
            match = next((e for e in body.events if _same_event(e, reported)), None)
            if match is not None:
                added.append(
                    replace(
                        match,
                        location=replace(place, caption=index),
                        date=match.date or reported.date,
                        confidence=match.confidence * CAPTION_CONFIDENCE_FACTOR,
                    )
                )
    if not added:
        return body
    events = sorted((*body.events, *added), key=lambda e: (e.evidence.start, e.location is not None and e.location.caption is not None))
    return replace(body, events=tuple(events))


def _same_place(a: PlaceMention | None, b: PlaceMention) -> bool:
    if a is None:
        return False
    if a.geonameid is not None and a.geonameid == b.geonameid:
        return True
    return a.name.casefold() == b.name.casefold()


def _same_event(body: EventMention, caption: EventMention) -> bool:
    """Same kind of event, compatible place and date: the caption shows this body event."""
    if body.is_aggregate or body.event_type != caption.event_type:
        return False
    if body.acled_event_type != caption.acled_event_type:
        return False
    where = body.location
    if where is not None:
        assert caption.location is not None  # merge() only compares caption events that have a place
        if where.precision < MIN_BODY_PRECISION or where.country_code != caption.location.country_code:
            return False
    if body.date and caption.date and body.date.date and caption.date.date:
        return body.date.date == caption.date.date
    return True
