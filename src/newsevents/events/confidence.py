"""Confidence pass: how surely each candidate is the document's event. The primary event is the most
confident one, so these encode what a coder reads first: the main clause, the lead sentence."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..records import DateMention
from .candidate import _Candidate
from .context import _Context
from .lexicon import _cues, _regex, _Trigger
from .syntax import _anchor, _clause_verb

# Confidence shaping. The document's primary event is the most confident one,
# so these encode what a coder reads first: the main clause, the lead sentence.
MAIN_CLAUSE_BONUS = 0.1  # the trigger heads its sentence (or is the object of its light verb)


ACTOR_BONUS = 0.05  # per resolved actor: an event with a doer and a target is better attested


SENTENCE_DECAY = 0.06  # per sentence from the start: leads state the main event


MAX_DECAY = 0.2  # late sentences still beat weak triggers in the lead


INFERRED_DATE_PENALTY = 0.05  # the date came from the publication date, not the text


# An event ACLED codes (violence, protest, arrest...) is what a conflict note is about; talk around it is context.
ACLED_BONUS = 0.05


# "in the wake of an attack", "was subsequently arrested": background or sequel, not the event a report is about.
BACKGROUND_PENALTY = 0.15


# Words before a nominal trigger that may hold its background preposition ("after last week's rocket fire").
BACKGROUND_REACH = 8


def _is_main_clause(head) -> bool:
    """The trigger heads its sentence, or is the object of the verb that does."""
    return head.dep_ == "ROOT" or _anchor(head).dep_ == "ROOT" or (
        head.dep_ in ("pobj", "dobj") and _clause_verb(head).dep_ == "ROOT")


def _background(head) -> bool:
    """"in the wake of an attack", "following the raid", "was later arrested": an event told as cause or sequel."""
    cues = _cues()
    start = max(head.left_edge.i - BACKGROUND_REACH, head.sent.start)
    before = head.doc[start : head.left_edge.i].text
    if head.pos_ == "NOUN" and _regex(cues.background_cues + r"\s*$").search(before):
        return True
    verb = _clause_verb(head)
    return any(c.dep_ == "advmod" and c.lower_ in cues.sequel_adverbs for c in verb.children)


def _confidence(trig: _Trigger, head, acled, actors, index: int, date: DateMention | None, main: bool = True) -> float:
    """How surely this mention is the document's event: trigger weight shaped by clause, actors, position, date."""
    confidence = (
        trig.weight
        + (MAIN_CLAUSE_BONUS if main and _is_main_clause(head) else 0.0)
        - (BACKGROUND_PENALTY if _background(head) else 0.0)
        + (ACLED_BONUS if acled[0] is not None else 0.0)
        + ACTOR_BONUS * sum(a is not None for a in actors)
        - min(MAX_DECAY, SENTENCE_DECAY * index)
        - (INFERRED_DATE_PENALTY if date is not None and date.is_inferred else 0.0)
    )
    return max(0.05, min(0.99, confidence))


def score(context: _Context, candidates: Sequence[_Candidate]) -> tuple[_Candidate, ...]:
    """Each candidate with its confidence; a doer found only through a pronoun attests no better than the pronoun."""
    return tuple(
        replace(c, confidence=_confidence(c.trig, c.head, c.acled, (c.doer_named, c.target_named), c.sentence, c.date,
                                          c.main))
        for c in candidates
    )
