"""Triggers pass: the trigger words, note labels and deadly quarrels of each sentence, as candidates."""

from __future__ import annotations

import re
from collections.abc import Sequence
from types import MappingProxyType

from ..records import Span
from .candidate import _Candidate, _Found, _Toll
from .context import _Context
from .counting import _casualties
from .lexicon import _cues, _Trigger, _triggers
from .syntax import (
    _MODIFIER_DEPS,
    _evidence,
    _keys,
    _lemma,
    _near,
    _phrase_head,
    _pos_ok,
)

_NOTE_LABEL = re.compile(r"\s*([A-Za-z /-]{4,40}):")


# The coder's own label names the note's event type: it outranks any trigger word.
LABEL_WEIGHT = 0.95


def _matches(sent) -> list[tuple[_Trigger, list]]:
    """Trigger matches in a sentence; longer phrases claim their words first."""
    found = []
    tokens = list(sent)
    for pos, token in enumerate(tokens):
        # "Iranian-backed": part of a compound modifier, not a verb ("gang-raped" still is one); a listed phrase
        # that goes on past it still names the event ("a 48-hour strike").
        hyphenated = token.i > 0 and token.nbor(-1).text == "-" and not token.nbor(-1).whitespace_ and token.dep_ in _MODIFIER_DEPS
        for key in _keys(token):
            for trig in _triggers().get(key, ()):
                if hyphenated and len(trig.words) == 1:
                    continue
                matched = _match_at(trig, tokens, pos)
                if matched:
                    found.append((trig, matched))
    found.sort(key=lambda m: (-(len(m[0].words) + len(m[0].dependents)), -m[0].weight, m[1][0].i))
    used: set[int] = set()
    chosen = []
    for trig, matched in found:
        if any(t.i in used for t in matched):
            continue
        used.update(t.i for t in matched)
        chosen.append((trig, matched))
    return chosen


def _match_at(trig: _Trigger, tokens, pos: int) -> list | None:
    if pos + len(trig.words) > len(tokens):
        return None
    run = tokens[pos : pos + len(trig.words)]
    if any(w not in _keys(t) for w, t in zip(trig.words, run)):
        return None
    head = _phrase_head(run)
    if not _pos_ok(head, trig.pos):
        return None
    extra = []
    for dependent in trig.dependents:
        hit = next((t for t in _near(head) if dependent in _keys(t)), None)
        if hit is None:
            return None
        extra.append(hit)
    return run + extra


def _note_label(text: str, offset: int) -> tuple[_Trigger, Span] | None:
    """The sub-event label an ACLED note opens with ("Looting: On 11 August ..."), as a trigger over the label."""
    line_start = text.rfind("\n", 0, offset) + 1
    match = _NOTE_LABEL.match(text, line_start)
    if match is None:
        return None
    entry = _cues().note_labels.get(match.group(1).strip().lower())
    if entry is None:
        return None
    acled_type, sub_type, event_type, mode = entry
    trigger = _Trigger((), (), "*", event_type, mode, (acled_type, sub_type), LABEL_WEIGHT)
    return trigger, Span.of(text, match.start(1), match.end(1))


def _quarrels(sent, tolls: tuple[_Toll, _Toll]) -> list[_Found]:
    """"A row over grazing rights left one farmer dead": a quarrel that kills or wounds is a fight,
    when no word of the sentence names the violence itself."""
    cue = _cues().deadly_quarrels
    if not any(t.count for t in tolls):
        return []
    return [_Found(_Trigger((_lemma(t),), (), "N", "ASSAULT", "", cue.acled, cue.weight), (t,), t)
            for t in sent if t.pos_ == "NOUN" and _lemma(t) in cue.nouns]


def _sentence_triggers(context: _Context, sent, tolls: tuple[_Toll, _Toll]) -> list[_Found]:
    """The sentence's triggers, the note's opening label first (it names the note's event)."""
    found = [_Found(trig, tuple(matched), _phrase_head(matched[: len(trig.words)])) for trig, matched in _matches(sent)]
    if not any(f.trig.event_type == "ASSAULT" for f in found):
        found.extend(_quarrels(sent, tolls))
    label = _note_label(context.text, sent.start_char)
    if label and sent.start_char <= label[1].start < sent.end_char:
        found.insert(0, _Found(label[0], (sent.root,), sent.root, label[1]))
    return found


def _circumstance(head, event_heads) -> bool:
    """"took the town in fierce clashes": a trigger in a phrase that tells how another trigger's event went."""
    return head.dep_ == "pobj" and head.head.dep_ == "prep" and head.head.head.i in event_heads and head.head.head.i != head.i


def _arrest_operation(head, event_heads) -> bool:
    """"detained a suspect in a dawn raid": the raid is how the arrest was made, the arrest's own event."""
    return (_circumstance(head, event_heads) and event_heads[head.head.head.i] == "COERCE"
            and _lemma(head) in _cues().arrest_operations)


def find_triggers(context: _Context, candidates: Sequence[_Candidate]) -> tuple[_Candidate, ...]:
    """``candidates`` and one more for each trigger of each sentence, in text order."""
    found_all = list(candidates)
    for index, sent in enumerate(context.sentences):
        tolls = _casualties(context, sent)
        found = _sentence_triggers(context, sent, tolls)
        heads = MappingProxyType({f.head.i: f.trig.event_type for f in found})
        paragraph = context.paragraph(sent.start_char)
        found_all.extend(
            _Candidate(
                sentence=index,
                paragraph=paragraph,
                found=item,
                event_type=item.trig.event_type,
                event_mode=item.trig.event_mode,
                acled=(None, None),
                weight=item.trig.weight,
                evidence=_evidence(context.text, sent, item.head.idx),
                trigger=item.span(context.text),
                sentence_heads=heads,
                sentence_tolls=tolls,
                main=not _circumstance(item.head, heads),
            )
            for item in found
            if not _arrest_operation(item.head, heads)
        )
    return tuple(found_all)
