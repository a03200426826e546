"""A country for the events that name no place, from the article's other events or the events' sides."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from ..records import Analysis
from .gazetteer import open_gazetteer
from .rank import place_mention

# A country known only from who acted: right more often than not, never precise.
ACTOR_COUNTRY_CONFIDENCE = 0.4
_STATE_TYPES = frozenset({"state forces", "government"})


def place_by_actors(analysis: Analysis) -> Analysis:
    """Give an event that names no place a country, at country precision: the one the article's other events
    happen in, else the country of its sides.

    "Israel has carried out almost daily strikes since then", in a report of strikes in Lebanon, happened in
    Lebanon; "SAF bombed Deribat", alone in its note, with Deribat missing from the gazetteer, is still an
    event in Sudan. The evidence is the country's mention or the actor's own. State actors speak for their
    country more surely than the country guessed for an unnamed group, so they are asked first.
    """
    placed = Counter(e.location.country_code for e in analysis.events if e.location and e.location.country_code)
    article_country = placed.most_common(1)[0][0] if placed else None
    named = next((p for p in analysis.places if p.country_code == article_country and p.feature_code == "PCLI"), None)
    located = []
    for event in analysis.events:
        sides = sorted((a for a in (event.actor1, event.actor2) if a and a.country_code), key=lambda a: a.type not in _STATE_TYPES)
        code, evidence = (article_country, named.span) if named else (sides[0].country_code, sides[0].span) if sides else (None, None)
        country = open_gazetteer().country(code) if event.location is None and code else None
        if country is not None:
            assert evidence is not None  # a country code always comes with its evidence span
            mention = place_mention(evidence, country, 0.0, [], False)
            seat = mention.seat
            event = replace(event, location=replace(
                mention, confidence=ACTOR_COUNTRY_CONFIDENCE,
                lat=seat.lat if seat else mention.lat, lon=seat.lon if seat else mention.lon))
        located.append(event)
    return replace(analysis, events=tuple(located))
