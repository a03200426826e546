"""ACLED typing pass: the ASSAULT mode from weapon words, then the ACLED event and sub-event type by the
ordered rules of data/event_cues.yaml (who was hit, what the sentence and its note say)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from ..records import ActorMention, PlaceMention, Span
from ..textnorm import country_short_names
from .candidate import _Candidate, _Scope
from .context import _Context
from .counting import _casualty_subject
from .lexicon import Instrument, _acled_defaults, _cues, _regex, _Trigger
from .syntax import _lemma, _paragraph_text
from .triggers import _note_label

# Events done to someone (attacks, abductions, arrests): they have perpetrators and victims.
_HARM_TYPES = ("ASSAULT", "COERCE")


@lru_cache(maxsize=1)
def _instrument_patterns() -> tuple[re.Pattern, ...]:
    return tuple(
        re.compile(r"\b(?:" + "|".join(re.escape(w) for w in entry.words) + ")") for entry in _cues().instruments
    )


def _instrument(words: str) -> tuple[int, Instrument] | None:
    for rank, pattern in enumerate(_instrument_patterns()):
        if pattern.search(words):
            return rank, _cues().instruments[rank]
    return None


def _mode_rank(mode: str) -> int:
    ranks = [e.mode for e in _cues().instruments]
    return ranks.index(mode) if mode in ranks else len(ranks)


def _refine_mode(trig: _Trigger, head, sent, note: str) -> tuple[str, tuple[str | None, str | None] | None]:
    """ASSAULT mode from the weapon words near the trigger, else in the sentence, else in its note ("the attack")."""
    if trig.event_type != "ASSAULT" or trig.event_mode not in _cues().refinable_modes or trig.acled:
        return trig.event_mode, trig.acled
    near = " ".join(t.lower_ for t in list(head.subtree)[:12]) + " " + " ".join(t.lower_ for t in head.ancestors)
    for scope in (near, sent.text.lower(), note.lower()):
        found = _instrument(scope)
        if found and found[0] < _mode_rank(trig.event_mode):
            return found[1].mode, found[1].acled
    return trig.event_mode, None


def _word_class(token) -> str | None:
    """'weapon', 'property', 'armed' or 'civilian' for the phrase headed by ``token`` (its head word decides first)."""
    classes = _cues().victim_classes
    words = {_lemma(t) for t in token.subtree} | {t.lower_ for t in token.subtree}
    head_words = {_lemma(token), token.lower_}
    for name in ("weapon", "property", "armed", "civilian"):
        if head_words & set(classes[name]):
            return name
    # Modifiers decide only between people and things: "a cache of weapons" is found by its head.
    for name in ("armed", "civilian", "property"):
        if words & set(classes[name]):
            return name
    return None


def _harmed(scope: _Scope):
    """Those the event hit: its target, then those the sentence says were killed or hurt."""
    if scope.target is not None:
        yield scope.target
    cues = _cues()
    harm = set(cues.death_verbs) | set(cues.injury_verbs) | {"shoot"}
    for token in scope.sent:
        if _lemma(token) in harm:
            victim = _casualty_subject(token)
            if victim is not None and (victim.dep_ != "nsubj" or token.dep_ in ("acl", "amod")):
                yield victim


def _victim(scope: _Scope):
    """(class, phrase head) of the people the event hit, armed or civilian; else the target's class."""
    for token in _harmed(scope):
        found = _word_class(token)
        if found in ("armed", "civilian"):
            return found, token
    return (_word_class(scope.target) if scope.target is not None else None), None


def _victims(context: _Context, trig: _Trigger, actor2, scope: _Scope, place) -> ActorMention | None:
    """The target actor; a named person or an unnamed victim of an attack or arrest is a civilian."""
    if trig.event_type not in _HARM_TYPES or (actor2 is not None and actor2.type != "person"):
        return actor2
    return _civilian_victims(context, scope, place) or actor2


def _civilian_victims(context: _Context, scope: _Scope, place: PlaceMention | None) -> ActorMention | None:
    """ACLED's "Civilians (Benin)": the unarmed people an attack or arrest hit, of the event's country."""
    found, token = _victim(scope)
    if found != "civilian" or token is None:
        return None
    country = place.country_code if place else None
    start = max(token.left_edge.idx, scope.sent.start_char)
    end = min(token.right_edge.idx + len(token.right_edge), scope.sent.end_char)
    name = f"Civilians ({country_short_names().get(country, country)})" if country else "Civilians"
    return ActorMention(Span.of(context.text, start, end), name, country_code=country, type="civilians")


def _acled_type(event_type: str, mode: str, override, scope: _Scope) -> tuple[str | None, str | None]:
    if event_type not in _cues().acled_types:
        return (None, None)
    base = override or _acled_defaults().get((event_type, mode)) or _acled_defaults().get((event_type, ""))
    victim = _victim(scope)[0]
    sent_text = scope.sent.text
    for rule in _cues().acled_rules:
        if event_type not in rule.types or (rule.modes is not None and mode not in rule.modes):
            continue
        if rule.base is not None and (base is None or base[1] not in rule.base):
            continue
        worded = rule.sentence is not None or rule.note is not None
        if override and rule.victim is None and worded and rule.acled[0] not in ("Protests", "Riots"):
            continue
        if rule.victim is not None and rule.victim != victim:
            continue
        if rule.sentence is not None and not _regex(rule.sentence).search(sent_text):
            continue
        if rule.unless is not None and _regex(rule.unless).search(sent_text):
            continue
        if rule.note is not None and not all(_regex(r).search(scope.note) for r in rule.note):
            continue
        if rule.note_unless is not None and _regex(rule.note_unless).search(scope.note):
            continue
        if rule.agent is not None and not _regex(rule.agent).search(scope.agent_text()):
            continue
        if rule.doer is not None and (scope.agent is None or _word_class(scope.agent) != rule.doer):
            continue
        if base and base[0] == "Explosions/Remote violence" and rule.acled[0] == "Violence against civilians":
            continue
        return rule.acled
    return base or (None, None)


def scope_of(context: _Context, candidate: _Candidate) -> _Scope:
    """What the ACLED rules read for ``candidate``."""
    sent = context.sentences[candidate.sentence]
    return _Scope(sent, _paragraph_text(context.text, sent.start_char), candidate.agent, candidate.target)


def assign_types(context: _Context, candidates: Sequence[_Candidate]) -> tuple[_Candidate, ...]:
    """Each candidate with its mode and its ACLED type; a note's opening label settles the type of its events."""
    typed = []
    for candidate in candidates:
        sent, scope = context.sentences[candidate.sentence], scope_of(context, candidate)
        mode, override = _refine_mode(candidate.trig, candidate.head, sent, scope.note)
        acled = _acled_type(candidate.event_type, mode, override, scope)
        label = _note_label(context.text, sent.start_char)
        if label and label[0].acled is not None and candidate.event_type in _cues().acled_types:
            acled = label[0].acled  # the coder's label settles the type of every ACLED event of the note
        typed.append(replace(candidate, event_mode=mode, acled=acled))
    return tuple(typed)
