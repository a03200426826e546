"""Placing pass: where each event happened, one copy of the event per place it was told at; the victims
take the country of that place. Last of the stage, a country for the events that name no place."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from ..records import Analysis, PlaceMention
from .acled import _victims, scope_of
from .candidate import _Candidate
from .confidence import BACKGROUND_REACH
from .context import _Context, _qualifier
from .lexicon import _cues, _regex
from .syntax import _anchor, _branch

# Events placed no closer than a division (3) or a country (4) are mapped at its seat.
SEAT_MIN_PRECISION = 3
# A country known only from who acted: right more often than not, never precise.
ACTOR_COUNTRY_CONFIDENCE = 0.4
# Actors that are their country's state: they speak for it, and a country's name may stand for them.
_STATE_TYPES = frozenset({"state forces", "government"})


def _locations(context: _Context, head, sent, exclude_spans) -> list[PlaceMention]:
    """Places of the event: one per coordinated place ("from A to B", "A and B"), else the best one;
    each stands for the most specific place of its chain."""
    def free(p):
        return not any(s.start <= p.span.start < s.end for s in exclude_spans)

    anchor = _anchor(head)
    start = max(anchor.left_edge.idx, sent.start_char)
    end = min(anchor.right_edge.idx + len(anchor.right_edge), sent.end_char)
    places = [p for p in context.mentions_in(context.places, start, end) if free(p)]
    if not places:
        places = [p for p in context.mentions_in(context.places, sent.start_char, sent.end_char) if free(p)]
    doc = head.doc
    roots = {}
    for place in places:
        span = doc.char_span(place.span.start, place.span.end, alignment_mode="expand")
        roots[place] = span.root if span is not None else head
    # "the Hermel region that borders Syria": a relative clause describes a noun, not where the event was.
    places = [p for p in places if not _in_relative_clause(roots[p], anchor, head)]
    # "an Afghan National Army (ANA) officer": a place inside an actor's name tells who, not where. A name
    # that is only the place ("Karata" tagged ORG) was judged a place by the places stage.
    named = [a.span for a in context.mentions_in(context.actors, sent.start_char, sent.end_char)]
    places = [
        p for p in places
        if not any(s.start <= p.span.start < s.end and (s.start, s.end) != (p.span.start, p.span.end) for s in named)
    ] or places
    # "Turkey-backed fighters", "a Kabul-based group": a place that qualifies the doers is not where they acted.
    # "charged with smuggling rifles into Chad", "to avenge a raid near Garissa": the place of another deed.
    places = [p for p in places
              if p not in context.incidental | context.elsewhere and not _responded_to(roots[p], head)]
    # "Israel has carried out strikes since then": a country that does the deed is its actor, not its place.
    governing = {head, *head.ancestors}
    places = [p for p in places if not (p.feature_code == "PCLI" and roots[p].dep_ == "nsubj" and roots[p].head in governing)]
    if not places:
        return []
    chain = context.chain_heads
    branches = {p: _branch(anchor, roots[p]) for p in places}
    preps = {b[1] for b in branches.values()}
    if {"from", "to"} <= preps or ({"between"} & preps and len(places) > 1):
        ranged = [chain[p] for p in places if branches[p][1] in ("from", "to", "between")]
        return sorted(set(ranged), key=lambda p: p.span.start)
    # "Karachi, Sindh province, Pakistan" parses as a coordination, but one chain is one place.
    coordinated = [p for p in places if roots[p].dep_ == "conj"
                   and any(roots[q].i == roots[p].head.i and chain[q] != chain[p] for q in places)]
    if coordinated:
        heads = [q for q in places if any(roots[q].i == roots[p].head.i for p in coordinated)]
        return sorted({chain[p] for p in heads + coordinated}, key=lambda p: p.span.start)
    best = min(places, key=lambda p: (chain[p].precision, abs(p.span.start - head.idx)))
    return [chain[best]]


def _responded_to(token, head) -> bool:
    """"shelling of a camp to avenge a raid near Garissa": the place of the event a deed answers."""
    pattern = _regex(_cues().response_cues + r"\s*$")
    for ancestor in token.ancestors:
        if ancestor.i == head.i:
            return False
        start = max(ancestor.left_edge.i - BACKGROUND_REACH, ancestor.sent.start)
        if ancestor.pos_ == "NOUN" and pattern.search(ancestor.doc[start : ancestor.left_edge.i].text):
            return True
    return False


def _in_relative_clause(token, anchor, head) -> bool:
    """Whether ``token`` hangs off ``anchor`` through a clause that modifies a noun."""
    current = token
    while current.head.i != current.i and current.i not in (anchor.i, head.i):
        if current.dep_ == "relcl" or (current.dep_ == "acl" and current.pos_ == "VERB"):
            return True
        current = current.head
    return False


def _fallback_location(context: _Context, offset: int) -> PlaceMention | None:
    """Nearest place in the paragraph, else the article's first place; never a name that stands for an actor
    ("Israel has carried out strikes since then")."""
    paragraph = context.paragraph(offset)
    # A country's name that is its state acting is not a place; a town NER took for a person still is ("to Maxixe").
    actors = {(a.span.start, a.span.end) for a in context.actors if a.type in _STATE_TYPES}
    # Who someone is ("the Derna council") beats no place at all; a patron ("Turkey-backed") does not.
    candidates = [p for p in context.places if p not in context.elsewhere and (p.span.start, p.span.end) not in actors]
    usable = [p for p in candidates if p not in context.incidental] or [
        p for p in candidates if not _qualifier(context.text, p)
    ]
    same = [p for p in usable if context.paragraph(p.span.start) == paragraph]
    if same:
        return context.chain_heads[min(same, key=lambda p: (p.span.start > offset, abs(p.span.start - offset)))]
    return context.chain_heads[usable[0]] if usable else None


def _mapped(place: PlaceMention | None) -> PlaceMention | None:
    """ACLED maps an event told only at a division's or a country's level at its seat, not its middle."""
    if place is None or place.seat is None or place.precision < SEAT_MIN_PRECISION:
        return place
    return replace(place, lat=place.seat.lat, lon=place.seat.lon)


def place_events(context: _Context, candidates: Sequence[_Candidate]) -> tuple[_Candidate, ...]:
    """Each candidate at each place its clause names (else the paragraph's nearest place)."""
    placed: list[_Candidate] = []
    for candidate in candidates:
        sent, head = context.sentences[candidate.sentence], candidate.head
        actor_spans = tuple(a.span for a in (candidate.actor1, candidate.actor2) if a is not None)
        own_places = _locations(context, head, sent, candidate.reporter_spans + actor_spans)
        if candidate.event_type not in _cues().per_place_types:
            # "relations between Egypt and Saudi Arabia": the places of talk are its parties, not two events.
            own_places = own_places[:1]
        anchor = _anchor(head)
        anchored = any(anchor.left_edge.idx <= p.span.start <= anchor.right_edge.idx for p in own_places)
        scope = scope_of(context, candidate)
        placed.extend(
            replace(candidate, location=place, actor2=_victims(context, candidate.trig, candidate.actor2, scope, place),
                    place_index=index, place_count=len(own_places), own_place=anchored)
            for index, place in enumerate(own_places or [_fallback_location(context, sent.start_char)])
        )
    return tuple(placed)


def place_by_actors(analysis: Analysis) -> Analysis:
    """Give an event that names no place a country, at country precision: the one the article's other events
    happen in, else the country of its sides.

    "The air force has kept up its raids", in a report of strikes in Chad, happened in Chad; "the army shelled
    Kourou", alone in its note, with Kourou missing from the gazetteer, is still an event in the army's
    country. The evidence is the country's mention or the actor's own. State actors speak for their country
    more surely than the country guessed for an unnamed group, so they are asked first. The countries come
    from the places stage (``analysis.countries``).
    """
    placed = Counter(e.location.country_code for e in analysis.events if e.location and e.location.country_code)
    article_country = placed.most_common(1)[0][0] if placed else None
    named = next((p for p in analysis.places if p.country_code == article_country and p.feature_code == "PCLI"), None)
    countries = {c.country_code: c for c in analysis.countries}
    located = []
    for event in analysis.events:
        sides = sorted((a for a in (event.actor1, event.actor2) if a and a.country_code), key=lambda a: a.type not in _STATE_TYPES)
        code, evidence = (article_country, named.span) if named else (sides[0].country_code, sides[0].span) if sides else (None, None)
        country = countries.get(code) if event.location is None and code else None
        if country is not None:
            assert evidence is not None  # a country code always comes with its evidence span
            event = replace(event, location=_mapped(replace(country, span=evidence, confidence=ACTOR_COUNTRY_CONFIDENCE)))
        located.append(event)
    return replace(analysis, events=tuple(located))
