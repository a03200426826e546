"""The records the passes hand on: a trigger's tokens, a casualty count, an event candidate."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..records import ActorMention, DateMention, PlaceMention, Span
from .lexicon import _Trigger


@dataclass(frozen=True)
class _Found:
    """A trigger found in a sentence: its tokens, its head, and the note label it came from (if any)."""

    trig: _Trigger
    tokens: tuple
    head: Any
    label: Span | None = None

    def span(self, text: str) -> Span:
        """The trigger words (or the label) in the text."""
        if self.label is not None:
            return self.label
        words = self.tokens[: len(self.trig.words)]
        return Span.of(text, min(t.idx for t in words), max(t.idx + len(t) for t in words))


@dataclass(frozen=True)
class _Toll:
    count: int | None = None
    span: Span | None = None
    unknown: bool = False
    shared: bool = False  # a share of a total told over several attacks
    # "inflicted casualties": someone was hurt or killed, the report does not say which, so no toll is known
    undetermined: bool = False


@dataclass(frozen=True)
class _Candidate:
    """An event mention under construction: each pass returns a copy with its own fields filled.

    The spaCy tokens it was found on (``found``, ``agent``, ``target``) travel with it so that later
    passes read the same parse; they never leave the events stage.
    """

    sentence: int
    paragraph: int
    found: _Found = field(compare=False)
    event_type: str
    event_mode: str
    acled: tuple[str | None, str | None]
    weight: float
    evidence: Span
    trigger: Span
    # Trigger heads of the sentence by token index, with the type each was found with.
    sentence_heads: Mapping[int, str] = field(compare=False)
    sentence_tolls: tuple[_Toll, _Toll] = (_Toll(), _Toll())  # (killed, hurt) as the sentence tells them
    main: bool = True  # not a phrase telling how another trigger's event went
    confidence: float = 0.0
    agent: Any = field(default=None, compare=False)
    target: Any = field(default=None, compare=False)
    doer_named: ActorMention | None = None  # the doer as the sentence names it (not through a pronoun)
    target_named: ActorMention | None = None  # the target as the sentence names it (before victims are coded)
    reporters: tuple[tuple[ActorMention, tuple[int, int]], ...] = ()
    actor1: ActorMention | None = None
    actor2: ActorMention | None = None
    date: DateMention | None = None
    location: PlaceMention | None = None
    place_index: int = 0  # which of the sentence's places this copy of the event is at
    place_count: int = 0  # how many places the sentence names for the event (0: the place is a fallback)
    fatalities: _Toll = _Toll()
    injuries: _Toll = _Toll()
    is_aggregate: bool = False
    reported_by: tuple[ActorMention, ...] = ()
    adds_to_toll: bool = False
    anaphoric: bool = False  # "the attack" with no date of its own: an event told before
    toll_report: bool = False  # "Three soldiers were killed.": the toll of an event told before
    own_place: bool = True  # the place was named for this mention, not taken from the paragraph

    @property
    def head(self) -> Any:
        return self.found.head

    @property
    def trig(self) -> _Trigger:
        return self.found.trig

    @property
    def reporter_spans(self) -> tuple[Span, ...]:
        """Where the sources are named: no place or date of the event is inside them."""
        return tuple(Span(start, end, "") for _, (start, end) in self.reporters)


@dataclass(frozen=True)
class _Scope:
    """What the ACLED rules read: the sentence, its note (paragraph), the trigger's agent and target."""

    sent: Any
    note: str
    agent: Any
    target: Any

    def agent_text(self) -> str:
        return " ".join(t.text for t in self.agent.subtree) if self.agent is not None else ""


