"""Casualties passes: each event's toll from its sentence, tolls told in sentences of their own, and the tolls
a note settles for all its events ("Fatalities coded as 3", "nine killed across the three attacks")."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..records import Span
from .candidate import _Candidate, _Toll
from .context import _Context
from .counting import _casualties, _word_value
from .lexicon import _cues, _regex


def count_casualties(context: _Context, candidates: Sequence[_Candidate]) -> tuple[_Candidate, ...]:
    """Each candidate's share of its sentence's toll, then tolls told after it with no event of their own."""
    counted = [
        replace(
            c,
            fatalities=_share(c.sentence_tolls[0], c.place_index, c.place_count),
            injuries=_share(c.sentence_tolls[1], c.place_index, c.place_count),
            adds_to_toll=_adds_to_toll(context.sentences[c.sentence].text),
        )
        for c in candidates
    ]
    with_events = {c.sentence for c in counted}
    for index, sent in enumerate(context.sentences):
        earlier = [c.sentence for c in counted if c.sentence < index]
        if index not in with_events and earlier:
            counted = _attach_casualties(context, counted, max(earlier), sent)
    return tuple(counted)


def _adds_to_toll(text: str) -> bool:
    """Whether a toll told in ``text`` adds to the one told before it ("two more died")."""
    return bool(_regex(r"\b(" + "|".join(_cues().toll_addition_words) + r")\b").search(text))


def _attach_casualties(context: _Context, candidates: list[_Candidate], last: int, sent) -> list[_Candidate]:
    """A toll told in a sentence of its own ("No one was hurt.") belongs to the event just before it."""
    fatal, hurt = _casualties(context, sent)
    if fatal.count is None and hurt.count is None and not fatal.unknown:
        return candidates
    paragraph = context.paragraph(sent.start_char)
    add = _adds_to_toll(sent.text)
    return [
        replace(c, fatalities=merge_tolls(c.fatalities, fatal, add), injuries=merge_tolls(c.injuries, hurt, add))
        if c.sentence == last and c.paragraph == paragraph and c.event_type == "ASSAULT" else c
        for c in candidates
    ]


def _share(toll: _Toll, index: int, places: int) -> _Toll:
    """ACLED splits an event told at several places into one per place, its toll divided evenly (earlier places
    take the remainder): "attacked A, B and C, killing 26" is 9, 9 and 8."""
    if places <= 1 or not toll.count:
        return toll
    return replace(toll, count=toll.count // places + (index < toll.count % places))


def merge_tolls(first: _Toll, second: _Toll, add: bool) -> _Toll:
    """The toll of one event told twice: the sum when the second telling adds to it, else the higher count."""
    if first.count is None:
        return second if second.count is not None else _Toll(
            None, None, first.unknown or second.unknown, first.shared or second.shared,
            first.undetermined or second.undetermined)
    if second.count is None or first.span == second.span:
        return first
    if add:
        return _Toll(first.count + second.count, first.span, False)
    return first if first.count >= second.count else second


def settle_tolls(context: _Context, events: Sequence[_Candidate]) -> tuple[_Candidate, ...]:
    """Tolls a note states for all its events: coded fatalities, totals split over attacks, unknown shares."""
    return _unknown_shares(context, _apply_coded_fatalities(context, list(events)))


def _apply_coded_fatalities(context: _Context, events: list[_Candidate]) -> list[_Candidate]:
    """An ACLED note's 'Fatalities coded as N' settles the toll of its paragraph's events."""
    for match in _regex(_cues().coded_fatalities).finditer(context.text):
        value = int(next(g for g in match.groups() if g is not None))
        span = Span.of(context.text, match.start(), match.end())
        paragraph = context.paragraph(match.start())
        events = [replace(e, fatalities=_Toll(value, span)) if e.paragraph == paragraph else e for e in events]
    for match in _regex(_cues().split_fatalities).finditer(context.text):
        parts = _word_value(match.group(1).lower())
        paragraph = context.paragraph(match.start())
        events = [
            replace(e, fatalities=replace(e.fatalities, count=e.fatalities.count // parts, shared=True))
            if parts and e.paragraph == paragraph and e.fatalities.count and not e.fatalities.shared else e
            for e in events
        ]
    return events


def _unknown_shares(context: _Context, events: list[_Candidate]) -> tuple[_Candidate, ...]:
    """"Nine were killed across the three attacks": each attack's own toll in that paragraph is unknown."""
    for match in _regex(_cues().aggregate_toll).finditer(context.text):
        paragraph = context.paragraph(match.start())
        sent = next((s for s in context.sentences if s.start_char <= match.start() < s.end_char), None)
        # Only the kinds of casualty the total tells of: wounded it does not mention were none.
        told = _casualties(context, sent) if sent is not None else (_Toll(unknown=True), _Toll(unknown=True))
        events = [
            replace(e, fatalities=_unknown_share(e.fatalities, told[0]), injuries=_unknown_share(e.injuries, told[1]))
            if e.paragraph == paragraph and not e.is_aggregate else e
            for e in events
        ]
    return tuple(events)


def _unknown_share(toll: _Toll, total: _Toll) -> _Toll:
    """An event's toll with no count of its own, in a note whose total is unknown or shared, is an unknown share."""
    return replace(toll, unknown=True, shared=True) if toll.count is None and (total.unknown or total.shared) else toll
