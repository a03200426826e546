"""Factuality pass: events that did not happen are dropped (negated, feared, planned, in a caption), and so are
deeds told only as the ground of a sentence or an arrest and disasters nobody did; stated intents are recast as
threats, promises or demands."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..textnorm import DEFINITE_DETERMINERS
from .candidate import _Candidate, _Found
from .context import _Context
from .lexicon import _cues, _regex, _Trigger
from .syntax import _NOUN_MARKS, _clause_verb, _lemma

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


def _ground(head, heads) -> bool:
    """"sentenced two men for a bombing", "arrested for his role in the killing", "imposed sanctions over the
    detention of activists": the deed a sanction is for is background the sentence recalls, not an event it
    reports."""
    current = head
    # "jailed for preparing an attack": the gerund and what it governs are the ground.
    while current.head.i != current.i and (current.i == head.i or current.pos_ not in ("VERB", "AUX")
                                           or current.tag_ == "VBG" and current.dep_ == "pcomp"):
        if current.dep_ == "prep" and current.lower_ in _GROUND_PREPOSITIONS:
            return _sanctions(_clause_verb(current.head), heads)
        current = current.head
    return False


# What a sanction is for, or over.
_GROUND_PREPOSITIONS = frozenset({"for", "over"})


def _sanctions(verb, heads) -> bool:
    """"jailed", "imposed sanctions": a sanction verb, or a verb whose object the sentence tells as a sanction."""
    return _lemma(verb) in _cues().sanction_verbs or heads.get(verb.i) == "SANCTION" or any(
        c.dep_ == "dobj" and heads.get(c.i) == "SANCTION" for c in verb.children)


def _prospective(head) -> bool:
    """"prepared an attack", "a march is planned for Saturday", "called for a rally", "banned dozens of meetings":
    an event named as the object of a verb of planning or forbidding has not happened."""
    current = head
    while current.dep_ == "pobj" and current.head.lower_ == "of" and current.head.head.i != current.head.i:
        current = current.head.head  # "dozens of meetings": the object is the count
    if current.dep_ == "pobj" and current.head.lower_ == "for":
        current = current.head  # "called for a rally"
    elif current.dep_ not in ("dobj", "nsubjpass"):
        return False
    governor = current.head
    # "called the attack cowardly": a verb with a second complement names or judges its object.
    return (governor.pos_ in ("VERB", "AUX") and _lemma(governor) in _cues().prospective_verbs
            and not any(c.dep_ in ("oprd", "ccomp", "xcomp") for c in governor.children))


def _anchor(head) -> bool:
    """"a day before a meeting", "ahead of the vote": an event named to date another is not told as news."""
    if head.dep_ != "pobj" or head.pos_ != "NOUN":
        return False
    preposition = head.head
    word = preposition.head.lower_ if preposition.lower_ == "of" else preposition.lower_
    return word in _cues().anchor_prepositions


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
    """The words ``head`` hangs below within FEAR_REACH steps, up to the first coordinated or adverbial clause:
    in "denied the raid and said troops shelled the camp" or "denied it, after residents accused the troops",
    neither "shelled" nor "accused" is below "denied"."""
    current = head
    for _ in range(FEAR_REACH):
        if current.head.i == current.i or current.dep_ == "advcl" or (current.dep_ == "conj" and _own_clause(current)):
            return
        current = current.head
        yield current


def _own_clause(verb) -> bool:
    """A conjoined verb heads a clause of its own ("denied the raid and said troops shelled the camp") unless it is
    a gerund or bare verb that shares its first verb's subject ("accused them of detaining fishermen and seizing
    their boats", "plotted to bomb the station and kill commuters")."""
    return verb.pos_ in ("VERB", "AUX") and (
        verb.tag_ not in ("VBG", "VB") or any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children))


def _past_perfect(verb) -> bool:
    """"had planned to": an intent told before another past event, which it did not come to."""
    return any(c.dep_ == "aux" and c.tag_ == "VBD" and _lemma(c) == "have" for c in verb.children)


_CLAUSE_LINKS = ("xcomp", "conj", "ccomp", "advcl", "acl", "relcl", "pcomp")


def _realis(head) -> str:
    """'real', 'dropped' (negated, denied, conditional, scheduled) or 'promised'/'demanded' (stated intent)."""
    cues = _cues()
    if any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in head.children):
        return "dropped"
    if head.pos_ == "VERB" and any(c.dep_ in _ARGUMENT_DEPS and _no_one(c) for c in head.children):
        return "dropped"
    if head.pos_ == "NOUN" and any(c.dep_ == "amod" and c.lower_ in cues.irrealis_modifiers for c in head.children):
        return "dropped"
    # "left without warning", "drawn up without consulting anyone": what a deed was done without did not happen.
    if head.dep_ in ("pobj", "pcomp") and head.head.lower_ == "without" or _prospective(head) or _anchor(head):
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
    while chain[-1].dep_ in _CLAUSE_LINKS and chain[-1].head.i != chain[-1].i:
        link = chain[-1]
        # "pressed the government to work on disarming the militia": a gerund under a preposition shares the
        # status of the clause it hangs from, here a demand.
        governor = link.head.head if link.dep_ == "pcomp" and link.head.dep_ == "prep" else link.head
        if link.dep_ in ("xcomp", "acl", "advcl") and any(c.dep_ == "aux" and c.lower_ == "to" for c in link.children):
            if _lemma(governor) in cues.intent_verbs:
                return "dropped" if _past_perfect(governor) or governor.dep_ == "relcl" else "promised"
            if _lemma(governor) not in cues.realising_verbs:
                return "dropped"
        if _lemma(governor) in cues.denial_verbs and link.dep_ == "ccomp":
            return "dropped"
        chain.append(governor)
        if link.dep_ == "ccomp":
            break
    for clause in chain[:2]:
        # "would not sign": the negation outweighs the modal before it.
        if any(c.dep_ == "neg" or (c.dep_ == "mark" and c.lower_ in cues.conditional_marks) for c in clause.children):
            return "dropped"
        modal = next((c for c in clause.children if c.dep_ == "aux" and c.lower_ in cues.modal_auxiliaries), None)
        if modal is not None:
            return cues.modal_auxiliaries[modal.lower_]
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
    """"destroyed houses", "lands occupied by rebels": a participle describing a noun, not a deed; "among those
    killed": a participle that names the people of a deed told elsewhere."""
    if trig.acled and trig.acled[1] in _cues().territory_types:
        return head.tag_ == "VBN" and head.dep_ in ("amod", "acl")
    if head.tag_ == "VBN" and head.dep_ == "acl" and head.head.pos_ == "PRON":
        return not any(c.dep_ == "agent" for c in head.children)
    return (
        trig.event_type in _cues().participle_types
        and head.tag_ == "VBN"
        and (head.dep_ == "amod" or (head.dep_ == "acl" and not any(c.dep_ == "agent" for c in head.children)))
    )


def _modifier(head, heads) -> bool:
    """"a kidnapping gang", "patrol boats": an event noun that modifies a noun which names no event tells what kind
    of thing that is, not that anything happened."""
    # After a plural or a name ("Gunmen attack officials"), the parser's compound is a verb in headline style.
    after_subject = head.i > head.sent.start and head.nbor(-1).tag_ in ("NNS", "NNPS", "NNP")
    return (head.dep_ == "compound" and head.head.pos_ in ("NOUN", "PROPN") and head.head.i not in heads
            and _lemma(head.head) not in _cues().event_frames and not after_subject)


def _framing(head, trig: _Trigger, heads) -> bool:
    """A prepositional phrase that names a state or a frame, not an event: "3,000 people under arrest", "a mine
    killed two soldiers on patrol", "under the truce, troops will pull back"; "came under attack", "came under the
    attack of militants", "went on strike" still tell events."""
    if head.dep_ != "pobj" or head.pos_ != "NOUN":
        return False
    prep, holder = head.head.lower_, head.head.head
    if trig.event_type != "ASSAULT" and _terms(head):
        return True
    if head.tag_ != "NN" or any(c.dep_ in _NOUN_MARKS for c in head.children) or prep not in ("on", "under"):
        return False
    if holder.pos_ in ("NOUN", "PROPN", "PRON"):
        return len(heads) > 1  # the state of people or things in another event told ("Judges on strike" is news)
    return prep == "on" and holder.i in heads  # the state its doers or victims were in when another event befell them


def _terms(noun) -> bool:
    """"under the accord", "under the ban": the terms of an agreement or a rule already in force."""
    return noun.head.lower_ == "under" and any(
        c.dep_ == "poss" or c.dep_ == "det" and c.lower_ in DEFINITE_DETERMINERS for c in noun.children)


def _a_term(head) -> bool:
    """"Under the accord, both armies will pull back": what is to be done under an agreement is one of its terms,
    not a promise of its own."""
    return any(c.dep_ == "prep" and c.lower_ == "under" and any(_terms(o) for o in c.children if o.dep_ == "pobj")
               for c in _clause_verb(head).children)


def _effect(head, heads) -> bool:
    """"The blast destroyed an armoured vehicle": what an attack named as the doer did besides is its damage, coded
    with the attack."""
    return heads.get(head.i) != "ASSAULT" and any(
        c.dep_ == "nsubj" and heads.get(c.i) == "ASSAULT" and c.pos_ == "NOUN" for c in head.children)


def _generic(head) -> bool:
    """"Blocking a highway is a crime": a gerund subject with no doer of its own names a kind of act."""
    return head.dep_ == "csubj" and head.tag_ == "VBG" and not any(c.dep_ in ("nsubj", "poss") for c in head.children)


def _armed_protest(head, trig: _Trigger) -> bool:
    """"Gunmen blocked the road and opened fire": a blockade or a march by armed men is a tactic of armed violence,
    not a protest."""
    if trig.event_type != "PROTEST":
        return False
    cues = _cues()
    armed = (*cues.victim_classes["armed"], *cues.unattributed_doers)
    return any(c.dep_ == "nsubj" and (_lemma(c) in armed or c.lower_ in armed or any(
        m.dep_ == "amod" and m.lower_ == "armed" for m in c.children)) for c in head.children)


def _warning_of_events(head, heads) -> bool:
    """"warned that revenge attacks could follow", "warned that the violence may spread": a warning that events may
    happen is a fear said aloud, no threat by the one who warns ("warned it would retaliate" is one); so is a
    warning against what others might do."""
    if _lemma(head) not in _cues().warning_verbs:
        return False
    # "warned against raising tariffs": advice against what others might do, no act of the speaker's.
    return any(c.dep_ == "ccomp" and any(s.dep_ in ("nsubj", "nsubjpass") and s.i in heads for s in c.children)
               or c.dep_ == "prep" and c.lower_ == "against" for c in head.children)


def _danger(head, trig: _Trigger) -> bool:
    """"grappling with a growing threat from militias": a threat noun nobody makes, owns or aims is a danger."""
    cues = _cues()
    if trig.event_type != "THREATEN" or head.pos_ != "NOUN" or _lemma(head) not in cues.fear_words:
        return False
    owned = any(c.dep_ == "poss" or (c.dep_ in ("acl", "relcl") and c.pos_ == "VERB") for c in head.children)
    made = head.dep_ in ("dobj", "nsubjpass") and _lemma(head.head) in cues.threat_making_verbs
    return not (owned or made)


def _question(head) -> bool:
    """"asked whether the army would respond", "asked what had happened": a question is no request."""
    return any(c.dep_ == "ccomp" and (c.left_edge.lower_ in ("whether", "if") or c.left_edge.tag_ in ("WP", "WRB", "WDT"))
               for c in head.children)


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


def _unsaid(head, trig: _Trigger, heads) -> bool:
    """Talk that is no event of its type: a warning that others may act, a danger described, a question."""
    return (trig.event_type == "THREATEN" and (_warning_of_events(head, heads) or _danger(head, trig))
            or trig.event_type == "REQUEST" and _question(head))


def _realised(context: _Context, found: _Found, heads) -> _Trigger | None:
    """The trigger as told: None when it is not a real event, recast as a threat/promise/demand when intended."""
    trig, head = found.trig, found.head
    realis = "real" if found.label else _realis(_gathering(head) if trig.event_type == "PROTEST" else head)
    if _in_caption(context.text, head.idx) or realis == "dropped" or (not found.label and (
            _descriptive(head, trig) or _ground(head, heads) or _known_cause(head) or _natural(head)
            or _unsaid(head, trig, heads) or _modifier(head, heads) or _framing(head, trig, heads) or _effect(head, heads)
            or _armed_protest(head, trig) or _generic(head))):
        return None
    if realis == "real":
        return trig
    if realis == "promised" and (trig.event_type in _cues().planned_types and not _warned(head) or _a_term(head)):
        return None
    intent = _stated_intent(trig.event_type, realis)
    return replace(trig, event_type=intent, event_mode=trig.event_mode if intent == trig.event_type else "",
                   acled=None, weight=trig.weight * INTENT_DISCOUNT)


def keep_real(context: _Context, candidates: Sequence[_Candidate]) -> tuple[_Candidate, ...]:
    """The candidates that tell a real event, each with its trigger as told."""
    kept = []
    for candidate in candidates:
        trig = _realised(context, candidate.found, candidate.sentence_heads)
        if trig is not None:
            kept.append(replace(candidate, found=replace(candidate.found, trig=trig), event_type=trig.event_type,
                                event_mode=trig.event_mode, weight=trig.weight))
    return tuple(kept)
