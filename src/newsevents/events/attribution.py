from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from ..records import ActorMention, Span
from ..textnorm import ARABIC_ARTICLES, FREE_ARTICLES, alternation
from .acled import _HARM_TYPES
from .candidate import _Candidate
from .context import _Context
from .lexicon import _cues, _regex

# A group's name: capitalised words joined by "of", "the", "-"..., an optional "(ABBR)" after it.
# Articles hyphenated onto its words ("ash-Shabaab", "ul-Islam"; the rare az-, ath-, adh-, ud- are not looked
# for) and "wal-" ("and the").
_NAME_ARTICLES = alternation((ARABIC_ARTICLES - {"az", "ath", "adh", "ud"}) | {"wal"})
_NAME_WORD = rf"(?:(?:{_NAME_ARTICLES})-)?[A-Z][\w'’.-]*"


_NAME_LINK = rf"(?:\s+(?:of|in|the|and|for|de|del|la|le|{'|'.join(FREE_ARTICLES)}|bin|ibn|-))*\s+"


_GROUP_NAME = re.compile(rf"{_NAME_WORD}(?:{_NAME_LINK}(?:{_NAME_WORD}|[A-Z0-9][\w-]*))*(?:\s*\([^()]{{1,60}}\))?")


_NEGATED_NAME = re.compile(r"(no|none|neither|nobody|there|this|it)\b", re.I)


def _group_at(context: _Context, start: int, limit: int) -> ActorMention | None:
    """The group named at ``start`` (an actor the actors stage found there, else the capitalised phrase)."""
    match = _GROUP_NAME.match(context.text, start, limit)
    if match is None or _NEGATED_NAME.fullmatch(match.group().split()[0]):
        return None
    end = match.end()
    nouns = _regex(r"\s+(" + "|".join(_cues().attribution.group_nouns) + r")\b").match(context.text, end, limit)
    end = nouns.end() if nouns else end
    return _group_mention(context, start, end)


def _group_mention(context: _Context, start: int, end: int) -> ActorMention:
    known = [a for a in context.actors if start <= a.span.start < end and a.type != "source"]
    if known:
        return min(known, key=lambda a: a.span.start)
    name = re.sub(r"^the\s+", "", context.text[start:end], flags=re.I)
    return ActorMention(Span.of(context.text, end - len(name), end), name, type="rebel group")


def _attributions(context: _Context) -> list[tuple[int, ActorMention]]:
    """(paragraph, group) for each sentence that says who carried out an attack."""
    cues = _cues().attribution
    found: list[tuple[int, ActorMention]] = []
    for sent in context.sentences:
        start, end = sent.start_char, sent.end_char
        text = context.text[start:end]
        groups = [_group_at(context, start + m.end(), end)
                  for pattern in cues.name_after for m in _regex(pattern).finditer(text)]
        for name in _GROUP_NAME.finditer(text):
            if any(_regex(p).match(text[name.end():]) for p in cues.name_before):
                groups.append(_group_at(context, start + name.start(), end))
        found.extend((context.paragraph(start), g) for g in groups if g is not None)
    return found


def _unattributed(actor: ActorMention | None) -> bool:
    """Whether a doer is only "assailants" or "gunmen": someone an attribution may name."""
    return actor is None or actor.name.lower().startswith("unidentified") or (
        actor.span.text.lower() in _cues().unattributed_doers)


def _attribute_perpetrators(context: _Context, events: Sequence[_Candidate]) -> list[_Candidate]:
    """"X claimed responsibility", "sources attributed the attack to X": X did the paragraph's attack,
    or the attack told just before when the claim has a paragraph of its own."""
    events = list(events)
    for paragraph, group in _attributions(context):
        attacks = [i for i, e in enumerate(events) if e.event_type in _HARM_TYPES]
        here = [i for i in attacks if events[i].paragraph == paragraph]
        earlier = [i for i in attacks if events[i].paragraph < paragraph][-1:]
        for i in here or earlier:
            event = events[i]
            if _unattributed(event.actor1) and (event.actor2 is None or event.actor2.name != group.name):
                events[i] = replace(event, actor1=group)
    return events
