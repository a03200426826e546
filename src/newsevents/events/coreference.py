"""In-article coreference pass: the same event told twice ("the strikes", "it struck", a toll told later)
is folded into one candidate with every known field."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..records import ActorMention, PlaceMention
from ..textnorm import DEFINITE_DETERMINERS
from .acled import _mode_rank
from .candidate import _Candidate
from .casualties import merge_tolls
from .context import _Context
from .lexicon import _cues
from .roles import _ANAPHORIC_PRONOUNS
from .syntax import _lemma

MERGE_BONUS = 0.05  # told twice: more certain


# Sentences back that "the attack" may point to: a news story returns to its lead event after background.
ANAPHORA_REACH = 8


def _is_toll_report(head, agent) -> bool:
    """"Four guards died in the raid": who died or was hurt, told without a doer of its own."""
    cues = _cues()
    lemma = _lemma(head)
    if agent is not None or head.pos_ != "VERB":
        return False
    if lemma in cues.death_intransitive:
        return True
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in head.children)
    return passive and lemma in {*cues.death_verbs, *cues.injury_verbs}


def _is_anaphoric(context: _Context, head, sent, agent) -> bool:
    """"The strikes ...", "it struck ...", "two were killed": an event told before, unless the mention dates itself."""
    if _is_toll_report(head, agent):
        start, end = sent.start_char, sent.end_char
    elif head.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ in DEFINITE_DETERMINERS for c in head.children):
        # Dates elsewhere in the sentence ("a day before a meeting") are not the date of "the strikes".
        start, end = head.left_edge.idx, head.right_edge.idx + len(head.right_edge)
    elif head.pos_ == "VERB" and agent is not None and _ANAPHORIC_PRONOUNS.get(agent.lower_) == "event":
        start, end = sent.start_char, sent.end_char
    else:
        return False
    return not context.mentions_in(context.dates, start, end)


# "In the capital, an explosion hit a market": an indefinite article brings a new happening into the story; in a
# paragraph of its own it is not one told before (within a paragraph, "a fresh offensive" may be that fight's).
_NEW_REFERENT_DETERMINERS = frozenset({"a", "an", "another"})


# How a count of events hangs on an event it classifies, somewhere on the way up: "raided a farm, one of many
# raids this year" (a dep or an apposition), "the ambush, the third in a month of ambushes" (appos); "wounded
# in four raids" (prep only) counts it.
_CLASSIFYING_DEPS = frozenset({"dep", "appos", "npadvmod"})


def _classifies(a: _Candidate, b: _Candidate) -> bool:
    """Whether one of the two is a count of events that hangs on the other's trigger as the series it belongs to."""
    for count, single in ((a, b), (b, a)):
        if not count.is_aggregate or single.is_aggregate:
            continue
        path = [count.head]
        while path[-1].head.i != single.head.i and path[-1].head.i != path[-1].i:
            path.append(path[-1].head)
        if path[-1].head.i == single.head.i and any(t.dep_ in _CLASSIFYING_DEPS for t in path):
            return True
    return False


def _differ(first: ActorMention | None, second: ActorMention | None, first_token, second_token) -> bool:
    """Whether two tellings name different parties (by actor, else by the head word; a pronoun names no one)."""
    def name(actor: ActorMention | None, token) -> str | None:
        if actor is not None:
            return actor.name.lower()
        if token is None or token.pos_ == "PRON" or token.lower_ in _ANAPHORIC_PRONOUNS:
            return None
        return _lemma(token)
    one, other = name(first, first_token), name(second, second_token)
    return one is not None and other is not None and one != other


def _same_event(a: _Candidate, b: _Candidate) -> bool:
    """Same type, place and date; without a place, only in neighbouring sentences of a paragraph."""
    if a.event_type != b.event_type:
        return False
    if a.sentence == b.sentence:
        # "conducted 300 attacks, killing four": what a count of events did is part of that count; but a count
        # hung on the event ("abducted ten, one of several attacks this month") is the series it belongs to.
        return (a.location == b.location or a.is_aggregate or b.is_aggregate) and not _classifies(a, b)
    if a.paragraph != b.paragraph and b.head.pos_ == "NOUN" and any(
            c.dep_ == "det" and c.lower_ in _NEW_REFERENT_DETERMINERS for c in b.head.children):
        return False
    # A statement is its speaker's about its target: "X accused the police" and, later, "Y accused the army"
    # (or "X accused the army") are two accusations.
    if a.event_type in _cues().said_types and (
            _differ(a.actor1, b.actor1, a.agent, b.agent) or _differ(a.actor2, b.actor2, a.target, b.target)):
        return False
    if a.is_aggregate != b.is_aggregate or not a.date or not b.date or a.date.is_inferred or a.date.date != b.date.date:
        return False
    if a.location is None or b.location is None:
        return a.location is b.location and a.paragraph == b.paragraph and abs(a.sentence - b.sentence) <= 1
    if a.paragraph == b.paragraph and not b.own_place:
        # "Following the explosion, gunmen opened fire": a later deed told of no place of its own, that day.
        return True
    return a.location.name == b.location.name


def _specificity(c: _Candidate):
    return (c.acled != (None, None), -_mode_rank(c.event_mode) if c.event_mode else -99, c.weight)


def _sources(sources: tuple[ActorMention, ...]) -> tuple[ActorMention, ...]:
    """Each source once, by name: two mentions of the same outlet are one source."""
    return tuple({s.name: s for s in reversed(sources)}[name] for name in dict.fromkeys(s.name for s in sources))


def _merge(a: _Candidate, b: _Candidate) -> _Candidate:
    """One event from two mentions of it: the more specific trigger, every known field."""
    if a.sentence == b.sentence or a.acled[0] == b.acled[0]:
        better = _specificity(a) >= _specificity(b)
    else:
        # Told again later ("The attack came after ..."), an event keeps the ACLED type its first telling
        # gave it unless the later one names a weapon: the lead is where a note codes its event.
        better = _specificity(a)[:2] >= _specificity(b)[:2]
    best, other = (a, b) if better or b.toll_report else (b, a)
    add = b.sentence != a.sentence and b.adds_to_toll
    return replace(
        a,
        event_mode=best.event_mode or other.event_mode,
        acled=best.acled if best.acled != (None, None) else other.acled,
        weight=best.weight,
        trigger=a.trigger if a.weight >= b.weight or a.sentence != b.sentence else b.trigger,
        confidence=min(0.99, max(a.confidence, b.confidence) + (MERGE_BONUS if a.sentence != b.sentence else 0.0)),
        actor1=a.actor1 or b.actor1,
        actor2=a.actor2 or b.actor2,
        date=a.date if a.date and not a.date.is_inferred else (b.date or a.date),
        # A place taken from the paragraph for a later telling narrows nothing.
        location=_merged_place(a.location, b.location if b.own_place or a.location is None else None),
        fatalities=merge_tolls(a.fatalities, b.fatalities, add),
        injuries=merge_tolls(a.injuries, b.injuries, add),
        reported_by=_sources(a.reported_by + b.reported_by),
        is_aggregate=a.is_aggregate or b.is_aggregate,
    )


def _same_country(first: PlaceMention | None, second: PlaceMention | None) -> bool:
    """Whether two places may be the same event's: no country known on one side, or the same on both."""
    return not (first and second and first.country_code and second.country_code) or first.country_code == second.country_code


def _merged_place(first: PlaceMention | None, second: PlaceMention | None) -> PlaceMention | None:
    """A later telling narrows the place within its country; a place abroad is what the event hit, not where."""
    if first is None or second is None:
        return first or second
    return second if second.precision < first.precision and _same_country(first, second) else first


def _merge_all(candidates: list[_Candidate]) -> list[_Candidate]:
    merged: list[_Candidate] = []
    for candidate in candidates:
        twin = next((i for i, m in enumerate(merged) if _same_event(m, candidate)), None)
        if twin is None and candidate.anaphoric:
            twin = next(
                (i for i in range(len(merged) - 1, -1, -1)
                 if _may_refer(candidate, merged[i])),
                None,
            )
            if twin is not None and candidate.own_place and not candidate.toll_report and _same_country(
                    merged[twin].location, candidate.location):
                # "the airstrikes stretched from A to B": the event told before, at the places named now.
                candidate = _inherit(merged[twin], candidate)
                twin = None
            elif twin is not None:
                # Its date and fallback place belong to the sentence, not to the event told before.
                candidate = replace(candidate, location=None, date=None)
        if twin is None:
            merged.append(candidate)
        else:
            merged[twin] = _merge(merged[twin], candidate)
    return merged


def _may_refer(anaphor: _Candidate, antecedent: _Candidate) -> bool:
    """Whether "the strikes" can be an event told shortly before: same type, no clashing weapon."""
    modes = {anaphor.event_mode, antecedent.event_mode} - {""}
    explosion = anaphor.event_mode == "explosives" and antecedent.event_mode in _cues().explosion_modes
    return (
        anaphor.event_type == antecedent.event_type
        # "killed in the blast" after "a suicide bomber detonated": a toll names the weapon loosely.
        and (len(modes) <= 1 or explosion or anaphor.toll_report)
        and 0 < anaphor.sentence - antecedent.sentence <= ANAPHORA_REACH
    )


def _inherit(antecedent: _Candidate, anaphor: _Candidate) -> _Candidate:
    """An anaphor at places of its own keeps them and takes who did it and how from its antecedent."""
    best = antecedent if _specificity(antecedent) > _specificity(anaphor) else anaphor
    actor1 = anaphor.actor1 or antecedent.actor1
    actor2 = anaphor.actor2 or (antecedent.actor2 if antecedent.actor2 != actor1 else None)
    date = anaphor.date if anaphor.date and not anaphor.date.is_inferred else antecedent.date or anaphor.date
    return replace(anaphor, event_mode=best.event_mode, acled=best.acled, actor1=actor1, actor2=actor2, date=date,
                   reported_by=_sources(anaphor.reported_by + antecedent.reported_by))


def fold_mentions(context: _Context, candidates: Sequence[_Candidate]) -> tuple[_Candidate, ...]:
    """The candidates with each event told more than once folded into its first telling."""
    flagged = [
        replace(c, anaphoric=_is_anaphoric(context, c.head, context.sentences[c.sentence], c.agent),
                toll_report=_is_toll_report(c.head, c.agent))
        for c in candidates
    ]
    return tuple(_merge_all(flagged))
