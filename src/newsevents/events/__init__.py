"""Events stage: PLOVER and ACLED event mentions with actors, place, date, toll and sources.

``extract_events`` runs the passes of ``PASSES`` in order over an article's candidates. Each pass
is a module of its own; it takes the candidates (frozen ``_Candidate`` records) and returns new
ones, never changing what it was given. Rule data lives in data/ (see lexicon.py): trigger phrases
in event_triggers.csv, PLOVER-to-ACLED defaults in plover_acled.csv, cue lists in event_cues.yaml.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from ..records import Analysis, EventMention
from .acled import assign_types
from .candidate import _Candidate
from .casualties import count_casualties, settle_tolls
from .confidence import score
from .context import _Context
from .coreference import fold_mentions
from .dating import date_events
from .factuality import keep_real
from .placing import _mapped, place_by_actors, place_events
from .roles import assign_roles
from .salience import keep_news
from .sides import code_sides
from .triggers import find_triggers

__all__ = ["PASSES", "extract_events"]

Pass = Callable[[_Context, Sequence[_Candidate]], tuple[_Candidate, ...]]

# The order matters: each pass reads what the ones before it filled in.
PASSES: tuple[Pass, ...] = (
    find_triggers,  # trigger words, note labels, deadly quarrels: one candidate each
    keep_real,  # negated, feared, planned or captioned events go; intents become threats or promises
    assign_roles,  # agent and target, their actors, the sources
    assign_types,  # mode from weapon words; ACLED type and sub-event type
    place_events,  # one candidate per place told; victims take that place's country
    count_casualties,  # each place's share of the sentence's toll; tolls told in a sentence of their own
    date_events,  # the event's date; counts over a period are aggregates
    score,  # confidence: main clause, actors, lead position, a date from the text
    fold_mentions,  # the same event told twice becomes one
    keep_news,  # history recalled for the setting goes; one event per exchange of talk in a clause
    settle_tolls,  # tolls a note states for all its events
    code_sides,  # named perpetrators, ACLED's sides, state forces
)

# Below this, an event with neither a doer nor a target is dropped (unless it is the document's strongest):
# "talks were held", far down an interview, with no one named.
UNATTRIBUTED_MIN_CONFIDENCE = 0.3


def extract_events(analysis: Analysis) -> Analysis:
    """Fill ``analysis.events`` with the event mentions of the article, in text order; those that name no
    place are put in a country the article gives them (``place_by_actors``)."""
    if analysis.doc is None or not analysis.article.text.strip():
        return replace(analysis, events=())
    context = _Context(analysis)
    candidates: tuple[_Candidate, ...] = ()
    for run in PASSES:
        candidates = run(context, candidates)
    events = sorted((_to_mention(c) for c in candidates),
                    key=lambda e: (e.evidence.start, e.trigger.start if e.trigger else 0))
    strongest = max((e.confidence for e in events), default=0.0)
    return place_by_actors(replace(analysis, events=tuple(e for e in events if _codeable(e) or e.confidence == strongest)))


def _codeable(event: EventMention) -> bool:
    """Whether an analyst would code the event: weak talk that nobody is said to have done is context."""
    return event.actor1 is not None or event.actor2 is not None or event.confidence >= UNATTRIBUTED_MIN_CONFIDENCE


def _to_mention(c: _Candidate) -> EventMention:
    fatalities = c.fatalities.count
    injuries = c.injuries.count
    # ACLED convention: a violent or demonstration event whose report names no
    # death figure is coded 0, "an unknown number were killed" included; an
    # attack's share of a total told over several stays unknown (None), and so do
    # "casualties" that may be dead or hurt. Wounded without a figure stay
    # unknown; GTD codes unmentioned wounded as 0.
    if c.acled[0] is not None and not c.is_aggregate:
        if fatalities is None and not (c.fatalities.shared or c.fatalities.undetermined):
            fatalities = 0
        if injuries is None and not c.injuries.unknown:
            injuries = 0
    return EventMention(
        event_type=c.event_type,
        evidence=c.evidence,
        event_mode=c.event_mode or None,
        acled_event_type=c.acled[0],
        acled_sub_event_type=c.acled[1],
        actor1=c.actor1,
        actor2=c.actor2,
        date=c.date,
        location=_mapped(c.location),
        fatalities=fatalities,
        fatalities_span=c.fatalities.span,
        injuries=injuries,
        injuries_span=c.injuries.span,
        is_aggregate=c.is_aggregate,
        reported_by=c.reported_by,
        trigger=c.trigger,
        confidence=round(c.confidence, 3),
    )
