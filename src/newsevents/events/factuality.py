"""Factuality pass: events that did not happen are dropped (negated, feared, planned, in a caption), and so are
deeds told only as the ground of a sentence or an arrest and disasters nobody did; stated intents are recast as
threats, promises or demands."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from .candidate import _Candidate, _Found
from .context import _Context
from .lexicon import _cues, _regex, _Trigger
from .syntax import _clause_verb, _lemma

INTENT_DISCOUNT = 0.8  # "will withdraw": a stated intent, less sure than a deed


# "fearful of being targeted in revenge attacks": the feared deed may sit four steps below the fear word.
FEAR_REACH = 4


# How far back a "to" infinitive may open a list of purposes ("to facilitate access, mobilize aid").
LISTED_PURPOSE_REACH = 8


# A verb with its own subject or auxiliary heads a clause of its own, not an infinitive in a list.
_OWN_CLAUSE_DEPS = frozenset({"nsubj", "nsubjpass", "aux", "auxpass"})


def _in_caption(text: str, offset: int) -> bool:
    """Whether the line holding ``offset`` is a photo caption or credit."""
    line = text[text.rfind("\n", 0, offset) + 1 : (text.find("\n", offset) + 1 or len(text) + 1) - 1].strip()
    return any(_regex(p).search(line) for p in _cues().caption_patterns)


# How a purpose infinitive hangs off the gathering it is the purpose of ("gathered ... to heed the call to protest").
_PURPOSE_DEPS = frozenset({"advcl", "acl", "relcl", "xcomp", "dobj", "pobj", "prep"})


# Who does or suffers a deed: its subject or object.
_ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj"})


def _no_one(token) -> bool:
    """"nobody", "none of the guests", "no one", "no soldiers": an argument that is no one."""
    return token.lower_ in _cues().negative_arguments or any(c.dep_ == "det" and c.lower_ == "no" for c in token.children)


def _ground(head) -> bool:
    """"sentenced two men for a bombing", "arrested for his role in the killing": the deed a sanction is for is
    background the sentence recalls, not an event it reports."""
    current = head
    while current.head.i != current.i and (current.i == head.i or current.pos_ not in ("VERB", "AUX")):
        if current.dep_ == "prep" and current.lower_ == "for":
            return _lemma(_clause_verb(current.head)) in _cues().sanction_verbs
        current = current.head
    return False


def _known_cause(head) -> bool:
    """"rubble left by the army's assault", "damage caused by the shelling": a deed already known (definite or
    possessed) named as the doer of a participle that describes something else is a cause recalled, not news."""
    agent = head.head
    known = any(c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in ("the", "this", "that")) for c in head.children)
    return known and head.dep_ == "pobj" and agent.dep_ == "agent" and agent.head.dep_ == "acl"


def _natural(head) -> bool:
    """"Floodwaters destroyed 2,000 homes", "homes were destroyed by the storm": a disaster did it, no one did."""
    forces = _cues().natural_forces
    doers = [c for c in head.children if c.dep_ == "nsubj"]
    doers += [g for c in head.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    return any(_lemma(d) in forces or any(c.dep_ == "compound" and _lemma(c) in forces for c in d.children)
               for d in doers)


def _governors(head):
    """The words ``head`` hangs below within FEAR_REACH steps, up to the first adverbial clause: in "denied it,
    after residents accused the troops", "accused" is not below "denied". A coordinated verb hangs where its
    first conjunct hangs, the conjunct itself left out: in "denied the raid and said troops shelled the camp"
    "denied" governs nothing of "said", while "accused them of detaining fishermen and seizing boats" governs
    "seizing" as it does "detaining"."""
    current, steps = head, 0
    while steps < FEAR_REACH:
        if current.head.i == current.i or current.dep_ == "advcl":
            return
        coordinated = current.dep_ == "conj" and current.pos_ in ("VERB", "AUX")
        current = current.head
        if not coordinated:
            steps += 1
            yield current


def _past_perfect(verb) -> bool:
    """"had planned to": an intent told before another past event, which it did not come to."""
    return any(c.dep_ == "aux" and c.tag_ == "VBD" and _lemma(c) == "have" for c in verb.children)


def _realis(head) -> str:
    """'real', 'dropped' (negated, denied, conditional, scheduled) or 'promised'/'demanded' (stated intent)."""
    cues = _cues()
    if any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in head.children):
        return "dropped"
    if head.pos_ == "VERB" and any(c.dep_ in _ARGUMENT_DEPS and _no_one(c) for c in head.children):
        return "dropped"
    if head.pos_ == "NOUN" and any(c.dep_ == "amod" and c.lower_ in cues.irrealis_modifiers for c in head.children):
        return "dropped"
    # "fearful of being targeted", "concerns about new attacks": what someone fears has not happened; what is
    # denied, plotted, foiled or alleged is not told as done.
    if any(_lemma(a) in cues.fear_words or _lemma(a) in cues.unrealising_words for a in _governors(head)):
        return "dropped"
    verb = _clause_verb(head)
    # "threatened to attack unless the government released him": the condition's own clause is not told as done,
    # whatever the clauses above it are.
    if _listed_purpose(verb) or any(
            c.dep_ == "mark" and c.lower_ in cues.conditional_marks for c in verb.children):
        return "dropped"
    chain = [verb]
    while chain[-1].dep_ in ("xcomp", "conj", "ccomp", "advcl", "acl", "relcl") and chain[-1].head.i != chain[-1].i:
        link = chain[-1]
        governor = link.head
        if link.dep_ in ("xcomp", "acl", "advcl") and any(c.dep_ == "aux" and c.lower_ == "to" for c in link.children):
            if _lemma(governor) in cues.intent_verbs:
                return "dropped" if _past_perfect(governor) else "promised"
            if _lemma(governor) not in cues.realising_verbs:
                return "dropped"
        if _lemma(governor) in cues.denial_verbs and link.dep_ == "ccomp":
            return "dropped"
        chain.append(governor)
        if link.dep_ == "ccomp":
            break
    for clause in chain[:2]:
        for child in clause.children:
            if child.dep_ == "neg" or (child.dep_ == "mark" and child.lower_ in cues.conditional_marks):
                return "dropped"
            if child.dep_ == "aux" and child.lower_ in cues.modal_auxiliaries:
                return cues.modal_auxiliaries[child.lower_]
    if any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) and verb.head.i != verb.i:
        return "dropped" if _lemma(verb.head) not in cues.realising_verbs else "real"
    return "real"


def _listed_purpose(verb) -> bool:
    """"coordinating with the UN to facilitate access, mobilize aid and establish safe zones": a bare infinitive
    listed after a "to" infinitive is a purpose too, wherever the parser hung it."""
    if verb.tag_ != "VB" or verb.dep_ != "conj" or any(c.dep_ in _OWN_CLAUSE_DEPS for c in verb.children):
        return False
    before = verb.doc[max(verb.sent.start, verb.i - LISTED_PURPOSE_REACH) : verb.i]
    return any(t.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children) for t in before)


def _gathering(head):
    """"Crowds gathered outside the ministry to protest", "marched to heed the call to protest": a protest told
    as the purpose of a gathering is as real as the gathering (the verb returned), else the protest itself."""
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in head.children):
        return head
    current = head
    while current.dep_ in _PURPOSE_DEPS and current.head.i != current.i:
        current = current.head
        if current.pos_ == "VERB" and _lemma(current) in _cues().gathering_verbs:
            return current
    return head


def _descriptive(head, trig: _Trigger) -> bool:
    """"destroyed houses", "lands occupied by rebels": a participle describing a noun, not a deed."""
    if trig.acled and trig.acled[1] in _cues().territory_types:
        return head.tag_ == "VBN" and head.dep_ in ("amod", "acl")
    return (
        trig.event_type in _cues().participle_types
        and head.tag_ == "VBN"
        and (head.dep_ == "amod" or (head.dep_ == "acl" and not any(c.dep_ == "agent" for c in head.children)))
    )


def _warned(head) -> bool:
    """"The union warned it would strike": an intent told under a warning verb is a threat, not a plan."""
    return any(_lemma(a) in _cues().warning_verbs for a in head.ancestors)


def _stated_intent(event_type: str, realis: str) -> str:
    """PLOVER codes a stated intent by what it offers: a threat, a promise (AGREE) or a demand (REQUEST)."""
    if realis == "demanded":
        return "REQUEST"
    if event_type in _cues().pledged_types:
        return event_type
    return "THREATEN" if event_type in _cues().hostile_types else "AGREE"


def _realised(context: _Context, found: _Found) -> _Trigger | None:
    """The trigger as told: None when it is not a real event, recast as a threat/promise/demand when intended."""
    trig, head = found.trig, found.head
    realis = "real" if found.label else _realis(_gathering(head) if trig.event_type == "PROTEST" else head)
    if _in_caption(context.text, head.idx) or realis == "dropped" or (not found.label and (
            _descriptive(head, trig) or _ground(head) or _known_cause(head) or _natural(head))):
        return None
    if realis == "real":
        return trig
    if realis == "promised" and trig.event_type in _cues().planned_types and not _warned(head):
        return None
    intent = _stated_intent(trig.event_type, realis)
    return replace(trig, event_type=intent, event_mode=trig.event_mode if intent == trig.event_type else "",
                   acled=None, weight=trig.weight * INTENT_DISCOUNT)


def keep_real(context: _Context, candidates: Sequence[_Candidate]) -> tuple[_Candidate, ...]:
    """The candidates that tell a real event, each with its trigger as told."""
    kept = []
    for candidate in candidates:
        trig = _realised(context, candidate.found)
        if trig is not None:
            kept.append(replace(candidate, found=replace(candidate.found, trig=trig), event_type=trig.event_type,
                                event_mode=trig.event_mode, weight=trig.weight))
    return tuple(kept)
