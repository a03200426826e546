"""Roles pass: who did the deed and to whom (from the dependency parse), and who reports it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..records import ActorMention, Span
from .candidate import _Candidate
from .context import _Context
from .lexicon import _cues, _Trigger
from .syntax import _inside, _lemma, _small_clause_subject

# Pronouns that point back, and to what: "it"/"they" doing a deed make it an event just told ("They killed 3
# soldiers"); "he"/"she" making a statement are the person who spoke last (an interview names its official once,
# then goes on with "he said", "he added", "she rejected").
_ANAPHORIC_PRONOUNS = {"it": "event", "they": "event", "he": "speaker", "she": "speaker"}


# PLOVER's verbal types (CAMEO's verbal cooperation and verbal conflict): what an official does by speaking.
_STATEMENT_TYPES = frozenset({"AGREE", "CONSULT", "SUPPORT", "REQUEST", "ACCUSE", "REJECT", "THREATEN"})


# Sentences back, besides the paragraph, where the person a pronoun stands for may be named; sentences that go on
# with "he"/"she" as subject continue the same telling and are not counted.
SPEAKER_REACH = 3


# A speaker known only through a pronoun is less sure than one named: its confidence is the named mention's times this.
PRONOUN_DISCOUNT = 0.6


_AGENT_PREPS = {"by"}


_LIGHT_DEPS = {"dobj", "attr", "nsubjpass", "pobj"}


_PLACE_PREPS = {"in", "at", "near", "inside", "outside", "around", "across", "along"}


_TARGET_PREPS = {"on", "against", "upon"}


def _roles(head):
    """(agent token, target token) of a trigger from its dependency neighbourhood."""
    agent = target = None
    children = list(head.children)
    if head.pos_ in ("VERB", "AUX"):
        passive = next((c for c in children if c.dep_ == "nsubjpass"), None)
        if passive is not None:
            target = passive
            agent = _by_agent(children)
        else:
            agent = next((c for c in children if c.dep_ == "nsubj"), None) or _by_agent(children)
            target = next((c for c in children if c.dep_ == "dobj"), None) or _small_clause_subject(head)
        if head.dep_ in ("conj", "xcomp", "advcl") and head.head.i != head.i:
            # "shot and killed 4 soldiers", "was shot and killed by gunmen": shared arguments
            shared = {c.dep_: c for c in head.head.children}
            agent = agent or shared.get("nsubj")
            if head.dep_ == "conj":
                target = target or shared.get("nsubjpass") or shared.get("dobj")
        if agent is None and head.dep_ in ("relcl", "acl"):
            agent = head.head if head.dep_ == "relcl" else None
            if head.dep_ == "acl" and head.tag_ == "VBN":
                target = target or head.head
    else:
        target = _prep_object(children, _TARGET_PREPS | ({"of"} if head.pos_ == "NOUN" else set()))
        agent = _prep_object(children, _AGENT_PREPS) or _by_agent(children)
        for child in children:
            if child.dep_ == "poss" or (child.dep_ in ("amod", "compound") and child.ent_type_ in ("NORP", "GPE", "ORG")):
                agent = agent or child
        governor = head.head
        while governor.dep_ == "pobj" or (governor.pos_ == "ADP" and governor.head.i != governor.i):
            governor = governor.head
            if governor.pos_ in ("VERB", "AUX"):
                break
        if governor.pos_ in ("NOUN",) and governor.dep_ in _LIGHT_DEPS:
            governor = governor.head
        if governor.pos_ in ("VERB", "AUX") and governor.i != head.i:
            if head.head.dep_ == "agent" and target is None:
                # "were hurt by a rebel mortar strike": the strike hit the passive subject.
                target = next((c for c in governor.children if c.dep_ == "nsubjpass"), None)
            if head.dep_ in ("nsubj",) and target is None:
                target = next((c for c in governor.children if c.dep_ == "dobj"), None)
            elif agent is None and _lemma(governor) not in _cues().reporting_verbs:
                # "Berri said about the strikes": a speaker is a source, never the doer.
                agent = next((c for c in governor.children if c.dep_ == "nsubj"), None)
    return agent, target or _prep_object(children, _TARGET_PREPS)


def _by_agent(children):
    """The doer of a passive ("killed by militants") or of an action noun ("shelling by the army")."""
    by = next((c for c in children if c.dep_ == "agent"), None)
    return next((g for g in by.children if g.dep_ == "pobj"), None) if by is not None else None


def _prep_object(children, preps: set[str]):
    """The object of the first of ``children`` that is one of ``preps`` ("an attack on X")."""
    for prep in children:
        if prep.dep_ == "prep" and prep.lower_ in preps:
            found = next((g for g in prep.children if g.dep_ == "pobj"), None)
            if found is not None:
                return found
    return None


def _actor_for(context: _Context, token, sent, exclude: tuple = ()) -> ActorMention | None:
    """The actor mention nearest to ``token`` inside its subtree (and its sentence)."""
    if token is None:
        return None
    start = max(token.left_edge.idx, sent.start_char)
    end = min(token.right_edge.idx + len(token.right_edge), sent.end_char)
    # "police personnel in Purnapani": where the phrase's people were is no part of who they are; "an attack on
    # the base, where the United States operates drones": nor what it was done to.
    where = [(c.left_edge.idx, c.right_edge.idx + len(c.right_edge)) for c in token.children
             if c.dep_ == "prep" and c.lower_ in _PLACE_PREPS | _TARGET_PREPS]
    inside = [a for a in context.mentions_in(context.actors, start, end)
              if a not in exclude and not any(lo <= a.span.start < hi for lo, hi in where)]
    if not inside:
        return None
    return min(inside, key=lambda a: (not (a.span.start <= token.idx < a.span.end), abs(a.span.start - token.idx)))


def _speaker(context: _Context, trig: _Trigger, agent) -> ActorMention | None:
    """The named person a "he"/"she" doing a statement stands for, over the pronoun's own words."""
    if agent is None or _ANAPHORIC_PRONOUNS.get(agent.lower_) != "speaker" or trig.event_type not in _STATEMENT_TYPES:
        return None
    person = _last_speaker(context, agent)
    if person is None:
        return None
    return replace(person, span=Span.of(context.text, agent.idx, agent.idx + len(agent)),
                   confidence=person.confidence * PRONOUN_DISCOUNT)


def _last_speaker(context: _Context, pronoun) -> ActorMention | None:
    """The last named person before ``pronoun`` who spoke, else the last who did anything, in its paragraph or a
    few sentences back; never one a deed was done to, nor one named before an unnamed speaker."""
    sentences = context.sentences[: context.sentence(pronoun.idx) + 1]
    paragraph = context.paragraph(pronoun.idx)
    doers: list[ActorMention] = []
    back = 0
    for sent in reversed(sentences):
        if sent is not sentences[-1] and not _goes_on(sent):
            back += 1
        if back > SPEAKER_REACH and context.paragraph(sent.start_char) != paragraph:
            break
        people = [m for m in context.mentions_in(context.actors, sent.start_char, min(sent.end_char, pronoun.idx))
                  if m.type == "person"]
        roles = {m: _person_role(context, m) for m in people}
        spoke = [m for m in people if roles[m] == "speaker"]
        if spoke:
            return spoke[-1]
        doers.extend(reversed([m for m in people if roles[m] == "doer"]))
        if _unnamed_speaker(context, sent):
            break  # "said the official": the pronoun may be that official's, whom nobody named
    return doers[0] if doers else None


def _goes_on(sent) -> bool:
    """Whether ``sent`` goes on telling of a person told of before: its subject is "he" or "she"."""
    return any(t.dep_ == "nsubj" and _ANAPHORIC_PRONOUNS.get(t.lower_) == "speaker" for t in sent)


def _said(verb) -> bool:
    """A verb that tells what someone said: a reporting verb, or any verb with a clause of what was said."""
    return _lemma(verb) in _cues().reporting_verbs or any(c.dep_ == "ccomp" for c in verb.children)


def _person_role(context: _Context, mention: ActorMention) -> str | None:
    """"speaker" for a person who says something, "doer" for the subject of another verb, None for a person only
    told of: an object, a victim ("X was killed"), an owner."""
    span = context.analysis.doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
    if span is None:
        return None
    token = span.root
    while token.dep_ in ("appos", "conj", "compound") and token.head.i != token.i:
        token = token.head  # "the minister, Badr X, said", "X and Y said"
    if token.dep_ == "pobj" and token.head.lower_ == "to" and token.head.head.lower_ == "according":
        return "speaker"
    if token.dep_ == "pobj" and token.head.dep_ == "agent":
        return "speaker" if _said(token.head.head) else "doer"
    if token.dep_ != "nsubj":
        return None
    return "speaker" if _said(token.head) else "doer"


def _unnamed_speaker(context: _Context, sent) -> bool:
    """Whether someone the article does not name ("the official", "analysts") speaks in ``sent``."""
    return any(
        t.dep_ == "nsubj" and t.pos_ == "NOUN" and _said(t.head)
        and not context.mentions_in(context.actors, t.left_edge.idx, t.right_edge.idx + len(t.right_edge))
        for t in sent
    )


def _reporters(context: _Context, head, sent) -> list[tuple[ActorMention, tuple[int, int]]]:
    """Who the sentence attributes the event to, with the character range they occupy."""
    found = []
    cues = _cues()
    for ancestor in [head] + list(head.ancestors):
        if _lemma(ancestor) in cues.reporting_verbs and ancestor.i != head.i and _inside(sent, ancestor):
            subject = next((c for c in ancestor.children if c.dep_ == "nsubj"), None)
            if subject is not None and subject.pos_ != "PRON" and head not in subject.subtree:
                found.append(_source_mention(context, subject))
    for token in sent:
        if token.lower_ == "according":
            to = next((c for c in token.children if c.lower_ == "to"), None)
            obj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
            if obj is not None:
                found.append(_source_mention(context, obj))
    return found


def _source_mention(context: _Context, token) -> tuple[ActorMention, tuple[int, int]]:
    """An existing actor or named outlet in the phrase, else a new mention of the phrase itself."""
    start, end = token.left_edge.idx, token.right_edge.idx + len(token.right_edge)
    named = [e for e in context.entities if e.start >= start and e.end <= end and e.label in ("ORG", "PERSON")]
    if named:
        ent = min(named, key=lambda e: abs(e.start - token.idx))
        existing = next((a for a in context.actors if a.span.start == ent.start and a.span.end == ent.end), None)
        mention = existing or ActorMention(Span.of(context.text, ent.start, ent.end), ent.text, type="source")
        return mention, (start, end)
    words = [t for t in token.subtree if t.i <= token.i and t.dep_ not in ("det", "punct")]
    phrase_start = words[0].idx if words else token.idx
    span = Span.of(context.text, phrase_start, token.idx + len(token))
    existing = next((a for a in context.actors if a.span.start >= phrase_start and a.span.end <= span.end and a.span.start <= token.idx < a.span.end), None)
    name = " ".join(t.text for t in words if not t.like_num) if words else token.text
    return existing or ActorMention(span, name, type="source"), (start, end)


def assign_roles(context: _Context, candidates: Sequence[_Candidate]) -> tuple[_Candidate, ...]:
    """Each candidate with its agent and target tokens, the actors they name, and its sources."""
    assigned = []
    for candidate in candidates:
        sent, head = context.sentences[candidate.sentence], candidate.head
        agent, target = (t if _inside(sent, t) else None for t in _roles(head))
        if head.pos_ == "VERB" and agent is not None and candidate.sentence_heads.get(agent.i) == candidate.event_type:
            continue  # "the strikes hit ...": the verb tells what the event noun did, not another event
        reporters = tuple(_reporters(context, head, sent))
        target_named = _actor_for(context, target, sent)
        doer_named = _actor_for(context, agent, sent, exclude=(target_named,))
        assigned.append(replace(
            candidate,
            agent=agent,
            target=target,
            doer_named=doer_named,
            target_named=target_named,
            actor1=doer_named or _speaker(context, candidate.trig, agent),
            actor2=target_named,
            reporters=reporters,
            reported_by=tuple(dict.fromkeys(m for m, _ in reporters)),
        ))
    return tuple(assigned)
