"""Events stage: PLOVER and ACLED event mentions with actors, place, date, toll and sources.

Triggers come from data/event_triggers.csv; the dependency parse gives each
trigger its agent and target, its realis (negated, future, conditional and
intended events are dropped), its place and its casualty counts. PLOVER type
and mode map to ACLED defaults through data/plover_acled.csv, refined by the
sentence rules of data/event_cues.yaml.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

import pycountry

from .records import ActorMention, Analysis, DateMention, EventMention, PlaceMention, Span
from .resources import load_csv, load_yaml

# Confidence shaping. The document's primary event is the most confident one,
# so these encode what a coder reads first: the main clause, the lead sentence.
MAIN_CLAUSE_BONUS = 0.1  # the trigger heads its sentence (or is the object of its light verb)
ACTOR_BONUS = 0.05  # per resolved actor: an event with a doer and a target is better attested
SENTENCE_DECAY = 0.06  # per sentence from the start: leads state the main event
MAX_DECAY = 0.2  # late sentences still beat weak triggers in the lead
INFERRED_DATE_PENALTY = 0.05  # the date came from the publication date, not the text
MERGE_BONUS = 0.05  # told twice: more certain
# Below this, an event with neither a doer nor a target is dropped (unless it is the document's strongest):
# "talks were held", far down an interview, with no one named.
UNATTRIBUTED_MIN_CONFIDENCE = 0.3
# An event ACLED codes (violence, protest, arrest...) is what a conflict note is about; talk around it is context.
ACLED_BONUS = 0.05
INTENT_DISCOUNT = 0.8  # "will withdraw": a stated intent, less sure than a deed
# "in the wake of an attack", "was subsequently arrested": background or sequel, not the event a report is about.
BACKGROUND_PENALTY = 0.15
# Words before a nominal trigger that may hold its background preposition ("in the wake of a militant attack").
BACKGROUND_REACH = 8
# "fearful of being targeted in revenge attacks": the feared deed may sit four steps below the fear word.
FEAR_REACH = 4
# How far back a "to" infinitive may open a list of purposes ("to facilitate access, mobilize aid").
LISTED_PURPOSE_REACH = 8
# A verb with its own subject or auxiliary heads a clause of its own, not an infinitive in a list.
_OWN_CLAUSE_DEPS = frozenset({"nsubj", "nsubjpass", "aux", "auxpass"})
# Two dependency steps reach "lifting of sanctions" and "remove the sanctions".
DEPENDENT_DEPTH = 2
# Sentences back (within the paragraph) whose date still applies ("Three days later ...").
DATE_LOOKBACK = 2

_NOTE_LABEL = re.compile(r"\s*([A-Za-z /-]{4,40}):")
_ALSO = re.compile(r"\b(also|another|additional|further|more)\b", re.I)
_PLURAL_TAGS = {"NNS", "NNPS"}
_MODIFIER_DEPS = {"amod", "compound", "nmod"}
# Dependents only a noun takes: "the beat", "a police beat".
_NOUN_MARKS = {"det", "poss", "amod", "nummod", "compound"}
# "05/26/2013:" opening a GTD note parses as an object of the verb that follows.
_DATE_TOKEN = re.compile(r"\d{1,4}(?:[/.-]\d{1,2}){1,2}(?:[/.-]\d{2,4})?")
_DEFINITE = {"the", "this", "that", "these", "those"}
_ONE_PERSON = {"another", "him", "her", "himself", "herself"}
# "killing only themselves": as many died as the clause's subject counts.
_REFLEXIVE_PLURAL = {"them", "themselves"}
# The coder's own label names the note's event type: it outranks any trigger word.
LABEL_WEIGHT = 0.95
# Sentences back that "the attack" may point to: a news story returns to its lead event after background.
ANAPHORA_REACH = 8
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
_POLICE_WORDS = ("police", "policem", "gendarm", "constab")
# Events placed no closer than a division (3) or a country (4) are mapped at its seat.
SEAT_MIN_PRECISION = 3
# Events done to someone (attacks, abductions, arrests): they have perpetrators and victims.
_HARM_TYPES = ("ASSAULT", "COERCE")
# "in Korangi neighborhood, Karachi, city, Sindh province, Pakistan": between two places of one chain stand
# only commas and designators or unresolved names, never a verb, a conjunction or a sentence break.
CHAIN_GAP = 60  # characters: "town, Khyber Agency, Federally Administered Tribal Areas, " still fits
# A designator word between a name and its comma: "Dora neighborhood, ", "Sangin village, ".
_DESIGNATED_GAP = re.compile(r"\s+[a-z]+\s*,")
_CHAIN_BREAK = re.compile(r"[.;:!?]|\b(and|or|to|from|between|while|where|which|who|as|in|at|near|of|after|before|by)\b", re.I)


@dataclass(frozen=True)
class _Trigger:
    words: tuple[str, ...]
    dependents: tuple[str, ...]
    pos: str
    event_type: str
    event_mode: str
    acled: tuple[str | None, str | None] | None
    weight: float


@dataclass
class _Toll:
    count: int | None = None
    span: Span | None = None
    unknown: bool = False
    shared: bool = False  # a share of a total told over several attacks


@dataclass
class _Candidate:
    """An event mention under construction, with what merging needs to know."""

    sentence: int
    paragraph: int
    event_type: str
    event_mode: str
    acled: tuple[str | None, str | None]
    weight: float
    evidence: Span
    trigger: Span
    confidence: float
    actor1: ActorMention | None = None
    actor2: ActorMention | None = None
    date: DateMention | None = None
    location: PlaceMention | None = None
    fatalities: _Toll = field(default_factory=_Toll)
    injuries: _Toll = field(default_factory=_Toll)
    is_aggregate: bool = False
    reported_by: tuple[ActorMention, ...] = ()
    adds_to_toll: bool = False
    anaphoric: bool = False  # "the attack" with no date of its own: an event told before
    toll_report: bool = False  # "Three soldiers were killed.": the toll of an event told before
    own_place: bool = True  # the place was named for this mention, not taken from the paragraph


def extract(analysis: Analysis) -> Analysis:
    """Fill ``analysis.events`` with the event mentions of the article, in text order."""
    if analysis.doc is None or not analysis.article.text.strip():
        return replace(analysis, events=())
    context = _Context(analysis)
    candidates: list[_Candidate] = []
    for index, sent in enumerate(context.sentences):
        found = _sentence_events(context, index, sent)
        if not found and candidates:
            _attach_casualties(context, candidates, index, sent)
        candidates.extend(found)
    merged = _merge_all(candidates)
    _apply_coded_fatalities(context, merged)
    _unknown_shares(context, merged)
    _attribute_perpetrators(context, merged)
    for candidate in merged:
        _acled_sides(context, candidate)
        _state_forces(context, candidate)
    events = sorted((_to_mention(c) for c in merged), key=lambda e: (e.evidence.start, e.trigger.start if e.trigger else 0))
    strongest = max((e.confidence for e in events), default=0.0)
    return replace(analysis, events=tuple(e for e in events if _codeable(e) or e.confidence == strongest))


def _codeable(event: EventMention) -> bool:
    """Whether an analyst would code the event: weak talk that nobody is said to have done is context."""
    return event.actor1 is not None or event.actor2 is not None or event.confidence >= UNATTRIBUTED_MIN_CONFIDENCE


# --------------------------------------------------------------------------- lexicons


@lru_cache(maxsize=1)
def _cues() -> dict[str, Any]:
    return load_yaml("event_cues.yaml")


@lru_cache(maxsize=1)
def _triggers() -> dict[str, tuple[_Trigger, ...]]:
    """Triggers indexed by the lemma they start with (the head lemma for dependent patterns)."""
    index: dict[str, list[_Trigger]] = {}
    for row in load_csv("event_triggers.csv"):
        words = row["phrase"].lower().split()
        acled = (row["acled_event_type"] or None, row["acled_sub_event_type"] or None)
        trigger = _Trigger(
            words=tuple(w for w in words if not w.startswith("~")),
            dependents=tuple(w[1:] for w in words if w.startswith("~")),
            pos=row["pos"],
            event_type=row["event_type"],
            event_mode=row["event_mode"] or "",
            acled=acled if acled[0] else None,
            weight=float(row["weight"]),
        )
        index.setdefault(trigger.words[0], []).append(trigger)
    return {k: tuple(v) for k, v in index.items()}


@lru_cache(maxsize=1)
def _acled_defaults() -> dict[tuple[str, str], tuple[str, str]]:
    return {
        (r["event_type"], r["event_mode"] or ""): (r["acled_event_type"], r["acled_sub_event_type"])
        for r in load_csv("plover_acled.csv")
    }


@lru_cache(maxsize=None)
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


def _in_caption(text: str, offset: int) -> bool:
    """Whether the line holding ``offset`` is a photo caption or credit."""
    line = text[text.rfind("\n", 0, offset) + 1 : (text.find("\n", offset) + 1 or len(text) + 1) - 1].strip()
    return any(_regex(p).search(line) for p in _cues()["caption_patterns"])


# --------------------------------------------------------------------------- article context


class _Context:
    """What every sentence needs from the article: mentions, paragraphs, text."""

    def __init__(self, analysis: Analysis) -> None:
        self.analysis = analysis
        self.text = analysis.article.text
        self.actors = analysis.actors
        self.places = analysis.places
        self.dates = analysis.dates
        self.entities = analysis.entities
        self.sentences = _line_sentences(analysis.doc)
        self.sentence_starts = [sent.start_char for sent in self.sentences]
        self.chain_heads = _chain_heads(self.text, self.places)
        self.incidental = frozenset(p for p in self.places if _incidental(analysis.doc, self.text, p))
        self.elsewhere = frozenset(p for p in self.places if _elsewhere(analysis.doc, p))

    def paragraph(self, offset: int) -> int:
        return self.text.count("\n", 0, offset)

    def sentence(self, offset: int) -> int:
        """Index of the sentence holding ``offset``."""
        return max(0, bisect_right(self.sentence_starts, offset) - 1)

    def mentions_in(self, mentions, start: int, end: int):
        return [m for m in mentions if m.span.start >= start and m.span.end <= end]


_QUALIFYING_SUFFIX = re.compile(r"-(?:[a-z]+ed\b|[A-Z])")


def _qualifier(text: str, place: PlaceMention) -> bool:
    """"Turkey-backed fighters", "a Kabul-based group": a place that qualifies the doers, not where they acted;
    "the Cotonou-Parakou highway": the end of a road, which may run hundreds of kilometres from the event."""
    return bool(_QUALIFYING_SUFFIX.match(text, place.span.end))


def _incidental(doc, text: str, place: PlaceMention) -> bool:
    """A place that says who someone is or where they came from, never where an event happened."""
    span = doc.char_span(place.span.start, place.span.end, alignment_mode="expand")
    return _qualifier(text, place) or (span is not None and (
        _affiliation(span.root) or _origin(span.root) or _country_modifier(place, span.root)))


def _elsewhere(doc, place: PlaceMention) -> bool:
    """"They are accused of buying weapons in Nigeria": a sentence that tells a charge places the deed charged,
    never the arrest or trial that reports it, even when the note names no other place. A charge inside the
    event's own sentence ("killed two men suspected of theft in Kandi") is how a note places its event."""
    span = doc.char_span(place.span.start, place.span.end, alignment_mode="expand")
    if span is None or _lemma(span.root.sent.root) not in _cues()["accusation_verbs"]:
        return False
    return any(_alleged(a) for a in span.root.ancestors)


def _country_modifier(place: PlaceMention, root) -> bool:
    """"US bases", "Lebanon's news agency": a country naming whose thing it is; "Lebanon's south" stays a place."""
    return (
        place.feature_code in ("PCLI", "ADM1")
        and root.dep_ in ("compound", "poss")
        and _lemma(root.head) not in _cues()["area_nouns"]
    )


def _origin(root) -> bool:
    """"herders from Niger clashed with farmers": where people come from, not where the event was."""
    while root.dep_ == "conj":
        root = root.head
    return root.dep_ == "pobj" and root.head.lower_ == "from" and root.head.head.pos_ in ("NOUN", "PROPN")


def _affiliation(root) -> bool:
    """"the Muzaffargarh traders association president": a place naming whom a person or body belongs to."""
    if root.dep_ not in ("compound", "poss"):
        return False
    root = root.head
    while root.dep_ == "compound":
        root = root.head
    return _lemma(root) in _cues()["affiliation_nouns"]


def _chained(text: str, inner: PlaceMention, outer: PlaceMention) -> bool:
    """Whether ``outer`` names where ``inner`` lies ("Cavite province, Philippines"), not a place listed beside it."""
    gap = text[inner.span.end : outer.span.start]
    # "Dora neighborhood, Hermel city, ...": a place its designator says is inside the next one lies in the
    # chain's country whatever the gazetteer read ("Gaza, Israel said" names two countries, with no designator).
    designated = bool(_DESIGNATED_GAP.match(gap))
    wider = outer.precision > inner.precision or outer.name == inner.name or (
        designated and outer.precision == inner.precision)
    same_country = not (inner.country_code and outer.country_code) or inner.country_code == outer.country_code
    linked = "," in gap and len(gap) <= CHAIN_GAP and not _CHAIN_BREAK.search(gap)
    return linked and wider and (same_country or designated)


def _chain_heads(text: str, places: tuple[PlaceMention, ...]) -> dict[PlaceMention, PlaceMention]:
    """Each place's most specific resolved place of its chain ("A village, B province, Country"): the event's place."""
    ordered = sorted(places, key=lambda p: p.span.start)
    chains: list[list[PlaceMention]] = []
    for place in ordered:
        if chains and _chained(text, chains[-1][-1], place):
            chains[-1].append(place)
        else:
            chains.append([place])
    return {p: _chain_head(chain) for chain in chains for p in chain}


def _chain_head(chain: list[PlaceMention]) -> PlaceMention:
    """The most specific place of a chain that lies in the country the chain ends in: a name read as a place
    abroad ("Dora neighborhood, Hermel city, Beqaa governorate, Lebanon") is a misreading of a local one."""
    country = chain[-1].country_code
    local = [p for p in chain if not (country and p.country_code) or p.country_code == country]
    return min(local or chain, key=lambda q: q.precision)


def _line_sentences(doc) -> list:
    """The parser's sentences cut at line breaks: a parse may run a sentence into the next paragraph."""
    pieces = []
    for sent in doc.sents:
        start = sent.start
        for token in sent:
            if "\n" in token.text and token.is_space:
                if token.i > start:
                    pieces.append(doc[start : token.i])
                start = token.i + 1
        if sent.end > start:
            pieces.append(doc[start : sent.end])
    return pieces


def _inside(sent, token) -> bool:
    return token is not None and sent.start <= token.i < sent.end


def _lemma(token) -> str:
    return token.lemma_.lower()


def _keys(token) -> set[str]:
    return {token.lemma_.lower(), token.lower_}


def _pos_ok(token, pos: str) -> bool:
    if pos == "V":
        return token.pos_ in ("VERB", "AUX") or _listed_verb(token)
    if pos == "N":
        return token.pos_ in ("NOUN", "PROPN")
    return token.pos_ in ("VERB", "NOUN")


def _listed_verb(token) -> bool:
    """"undressed, beat, and filmed two men": a bare word in a series with a past-tense verb is a verb the tagger
    misread as a noun; a determiner or modifier ("the beat") makes it the noun it looks like."""
    if token.pos_ != "NOUN" or token.dep_ != "conj" or any(c.dep_ in _NOUN_MARKS for c in token.children):
        return False
    head = token.head
    # The parser may hang the series' last verb elsewhere: the word after its "and" still belongs to it.
    after_and = [head.doc[c.i + 1] for c in head.children if c.dep_ == "cc" and c.i + 1 < len(head.doc)]
    series = [head, *after_and, *(c for c in head.children if c.dep_ == "conj" and c.i != token.i)]
    return any(t.tag_ in ("VBD", "VBN") for t in series)


def _near(token, depth: int = DEPENDENT_DEPTH):
    frontier = [token]
    for _ in range(depth):
        frontier = [c for t in frontier for c in t.children]
        yield from frontier


# --------------------------------------------------------------------------- trigger matching


def _matches(sent) -> list[tuple[_Trigger, list]]:
    """Trigger matches in a sentence; longer phrases claim their words first."""
    found = []
    tokens = list(sent)
    for pos, token in enumerate(tokens):
        if token.i > 0 and token.nbor(-1).text == "-" and not token.nbor(-1).whitespace_ and token.dep_ in _MODIFIER_DEPS:
            continue  # "Iranian-backed": part of a compound modifier, not a verb ("gang-raped" still is one)
        for key in _keys(token):
            for trig in _triggers().get(key, ()):
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


def _phrase_head(run):
    ids = {t.i for t in run}
    return next((t for t in run if t.head.i not in ids or t.head.i == t.i), run[-1])


# --------------------------------------------------------------------------- realis


# How a purpose infinitive hangs off the gathering it is the purpose of ("gathered ... to heed the call to protest").
_PURPOSE_DEPS = frozenset({"advcl", "acl", "relcl", "xcomp", "dobj", "pobj", "prep"})


def _clause_verb(token):
    """The verb whose clause holds ``token`` (the token itself when it is a verb)."""
    current = token
    while current.pos_ not in ("VERB", "AUX") and current.head.i != current.i:
        current = current.head
    return current


def _realis(head) -> str:
    """'real', 'dropped' (negated, denied, conditional, scheduled) or 'promised'/'demanded' (stated intent)."""
    cues = _cues()
    if any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in head.children):
        return "dropped"
    if head.pos_ == "NOUN" and any(c.dep_ == "amod" and c.lower_ in cues["irrealis_modifiers"] for c in head.children):
        return "dropped"
    # "fearful of being targeted", "concerns about new attacks": what someone fears has not happened.
    if any(_lemma(a) in cues["fear_words"] for a in list(head.ancestors)[:FEAR_REACH]):
        return "dropped"
    verb = _clause_verb(head)
    if _listed_purpose(verb):
        return "dropped"
    chain = [verb]
    while chain[-1].dep_ in ("xcomp", "conj", "ccomp", "advcl", "acl", "relcl") and chain[-1].head.i != chain[-1].i:
        link = chain[-1]
        governor = link.head
        if link.dep_ in ("xcomp", "acl", "advcl") and any(c.dep_ == "aux" and c.lower_ == "to" for c in link.children):
            if _lemma(governor) in cues["intent_verbs"]:
                return "promised"
            if _lemma(governor) not in cues["realising_verbs"]:
                return "dropped"
        if _lemma(governor) in cues["denial_verbs"] and link.dep_ == "ccomp":
            return "dropped"
        chain.append(governor)
        if link.dep_ == "ccomp":
            break
    for clause in chain[:2]:
        for child in clause.children:
            if child.dep_ == "neg" or (child.dep_ == "mark" and child.lower_ in cues["conditional_marks"]):
                return "dropped"
            if child.dep_ == "aux" and child.lower_ in cues["modal_auxiliaries"]:
                return cues["modal_auxiliaries"][child.lower_]
    if any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) and verb.head.i != verb.i:
        return "dropped" if _lemma(verb.head) not in cues["realising_verbs"] else "real"
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
        if current.pos_ == "VERB" and _lemma(current) in _cues()["gathering_verbs"]:
            return current
    return head


def _descriptive(head, trig: _Trigger) -> bool:
    """"destroyed houses", "lands occupied by rebels": a participle describing a noun, not a deed."""
    if trig.acled and trig.acled[1] in _cues()["territory_types"]:
        return head.tag_ == "VBN" and head.dep_ in ("amod", "acl")
    return (
        trig.event_type in _cues()["participle_types"]
        and head.tag_ == "VBN"
        and (head.dep_ == "amod" or (head.dep_ == "acl" and not any(c.dep_ == "agent" for c in head.children)))
    )


def _stated_intent(event_type: str, realis: str) -> str:
    """PLOVER codes a stated intent by what it offers: a threat, a promise (AGREE) or a demand (REQUEST)."""
    if realis == "demanded":
        return "REQUEST"
    if event_type in _cues()["pledged_types"]:
        return event_type
    return "THREATEN" if event_type in _cues()["hostile_types"] else "AGREE"


# --------------------------------------------------------------------------- roles


_AGENT_PREPS = {"by"}
_TARGET_PREPS = {"on", "against", "at", "into", "with", "targeting", "upon"}
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
                # "were killed by a Taliban bomb attack": the attack hit the passive subject.
                target = next((c for c in governor.children if c.dep_ == "nsubjpass"), None)
            if head.dep_ in ("nsubj",) and target is None:
                target = next((c for c in governor.children if c.dep_ == "dobj"), None)
            elif agent is None and _lemma(governor) not in _cues()["reporting_verbs"]:
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
    return _lemma(verb) in _cues()["reporting_verbs"] or any(c.dep_ == "ccomp" for c in verb.children)


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


# --------------------------------------------------------------------------- mode and ACLED type


@lru_cache(maxsize=1)
def _instrument_patterns() -> tuple[re.Pattern, ...]:
    return tuple(
        re.compile(r"\b(?:" + "|".join(re.escape(w) for w in entry["words"]) + ")") for entry in _cues()["instruments"]
    )


def _instrument(words: str) -> tuple[int, dict] | None:
    for rank, pattern in enumerate(_instrument_patterns()):
        if pattern.search(words):
            return rank, _cues()["instruments"][rank]
    return None


def _mode_rank(mode: str) -> int:
    ranks = [e["mode"] for e in _cues()["instruments"]]
    return ranks.index(mode) if mode in ranks else len(ranks)


def _refine_mode(trig: _Trigger, head, sent, note: str) -> tuple[str, tuple[str | None, str | None] | None]:
    """ASSAULT mode from the weapon words near the trigger, else in the sentence, else in its note ("the attack")."""
    if trig.event_type != "ASSAULT" or trig.event_mode not in _cues()["refinable_modes"] or trig.acled:
        return trig.event_mode, trig.acled
    near = " ".join(t.lower_ for t in list(head.subtree)[:12]) + " " + " ".join(t.lower_ for t in head.ancestors)
    for scope in (near, sent.text.lower(), note.lower()):
        found = _instrument(scope)
        if found and found[0] < _mode_rank(trig.event_mode):
            return found[1]["mode"], tuple(found[1]["acled"]) if "acled" in found[1] else None
    return trig.event_mode, None


@dataclass(frozen=True)
class _Scope:
    """What the ACLED rules read: the sentence, its note (paragraph), the trigger's agent and target."""

    sent: Any
    note: str
    agent: Any
    target: Any

    def agent_text(self) -> str:
        return " ".join(t.text for t in self.agent.subtree) if self.agent is not None else ""


def _word_class(token) -> str | None:
    """'weapon', 'property', 'armed' or 'civilian' for the phrase headed by ``token`` (its head word decides first)."""
    classes = _cues()["victim_classes"]
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
    harm = set(cues["death_verbs"]) | set(cues["injury_verbs"]) | {"shoot"}
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
    name = f"Civilians ({_country_names().get(country, country)})" if country else "Civilians"
    return ActorMention(Span.of(context.text, start, end), name, country_code=country, type="civilians")


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def _acled_type(event_type: str, mode: str, override, scope: _Scope) -> tuple[str | None, str | None]:
    if event_type not in _cues()["acled_types"]:
        return (None, None)
    base = override or _acled_defaults().get((event_type, mode)) or _acled_defaults().get((event_type, ""))
    victim = _victim(scope)[0]
    sent_text = scope.sent.text
    for rule in _cues()["acled_rules"]:
        if event_type not in rule["types"] or ("modes" in rule and mode not in rule["modes"]):
            continue
        if "base" in rule and (base is None or base[1] not in rule["base"]):
            continue
        worded = "sentence" in rule or "note" in rule
        if override and rule.get("victim") is None and worded and rule["acled"][0] not in ("Protests", "Riots"):
            continue
        if "victim" in rule and rule["victim"] != victim:
            continue
        if "sentence" in rule and not _regex(rule["sentence"]).search(sent_text):
            continue
        if "unless" in rule and _regex(rule["unless"]).search(sent_text):
            continue
        if "note" in rule and not all(_regex(r).search(scope.note) for r in _as_list(rule["note"])):
            continue
        if "note_unless" in rule and _regex(rule["note_unless"]).search(scope.note):
            continue
        if "agent" in rule and not _regex(rule["agent"]).search(scope.agent_text()):
            continue
        if "doer" in rule and (scope.agent is None or _word_class(scope.agent) != rule["doer"]):
            continue
        if base and base[0] == "Explosions/Remote violence" and rule["acled"][0] == "Violence against civilians":
            continue
        return tuple(rule["acled"])
    return base or (None, None)


# --------------------------------------------------------------------------- casualties


def _number(token) -> int | None:
    cues = _cues()
    text = token.lower_.replace(",", "")
    if token.i >= 2 and token.nbor(-1).text == "-" and token.nbor(-2).lower_ in cues["number_words"]:
        text = f"{token.nbor(-2).lower_}-{text}"  # "Twenty-five" split into three tokens
    if text.isdigit():
        return int(text)
    if text in cues["quantity_words"]:
        return cues["quantity_words"][text]
    parts = text.split("-")
    if all(p in cues["number_words"] for p in parts):
        return sum(cues["number_words"][p] for p in parts)
    return None


def _count(noun, places: frozenset[int] = frozenset(), word=None) -> int | None:
    """Head count of a victim noun phrase ("3 soldiers and 2 civilians" -> 5); None when unknown."""
    total = 0
    known = False
    for part in _own_parts(noun, word):
        # "an officer in Herat city, Herat province": a place the parse coordinates with the victims is none.
        value = _np_count(part) if part.i not in places else None
        if value is not None:
            total += value
            known = True
    return total if known else None


def _conjuncts(noun) -> list:
    """"3 soldiers and 2 civilians": the noun and those coordinated with it, not nouns deeper in its phrase."""
    parts = [noun]
    for part in parts:
        parts.extend(c for c in part.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN", "NUM", "PRON"))
        parts.extend(c for c in part.children if _listed_apposition(part, c))
    return parts


def _listed_apposition(noun, child) -> bool:
    """"Two policemen, one teacher and a trader": the parser makes a list of victims an apposition. An apposition
    that names the members ("two employees, A and B") or describes the noun ("X, a councillor") is no one more."""
    if child.dep_ != "appos" or not any(c.dep_ == "conj" for c in child.children):
        return False
    own = any(c.dep_ in ("nummod", "poss") for c in child.children)
    return own and ((_np_count(noun) or 0) <= 1 or any(c.dep_ == "nummod" for c in child.children))


def _casualty_word(token) -> bool:
    cues = _cues()
    words = set(cues["death_verbs"]) | set(cues["death_nouns"]) | set(cues["injury_verbs"]) | set(cues["injury_nouns"])
    return _lemma(token) in words or token.lower_ in words


def _own_parts(noun, word) -> list:
    """"Two dead and four injured": a number right before a casualty word is that word's alone, and a part
    followed by another casualty word is not this one's."""
    parts = _conjuncts(noun)
    if word is None:
        return parts
    before = next((p for p in parts[1:] if p.i == word.i - 1), None)
    if before is not None and word.head.i == noun.i:
        return [before]
    last = len(noun.doc) - 1
    return [p for p in parts if p.i in (noun.i, last) or not _casualty_word(p.nbor(1))]


def _np_count(noun) -> int | None:
    value = _number(noun) if noun.like_num or noun.lower_ in _cues()["quantity_words"] else None
    if value is not None:
        return value
    if noun.lower_ == "number":
        return None  # "an unknown number of people", "a number of villagers": no figure
    if noun.lower_ in _ONE_PERSON:
        return 1  # "one was killed and another was hurt", "killing him"
    if noun.tag_ in _PLURAL_TAGS:
        # "Four Afghan National Army (ANA) soldiers": the number sits on the name the parser made a modifier.
        named = next((c for m in noun.children if m.dep_ in ("nmod", "compound") for c in m.children
                      if c.dep_ == "nummod" and c.i < m.i), None)
        if named is not None:
            return _number(named)
    for child in noun.children:
        if child.dep_ in ("nummod", "quantmod") or (child.dep_ == "amod" and child.like_num):
            return _number(child)
        if child.dep_ == "det" and child.lower_ in ("a", "an", "one"):
            return 1 if noun.tag_ not in _PLURAL_TAGS else None
        if child.dep_ in ("det", "predet") and child.lower_ == "both":
            return 2
    if noun.tag_ in ("NN", "NNP") and noun.lower_ not in ("number", "people") and noun.pos_ != "PRON":
        return 1 if any(c.dep_ in ("det", "poss", "compound", "amod") for c in noun.children) or noun.pos_ == "PROPN" else None
    return None


def _small_clause_subject(verb):
    """"shot the driver dead": the parser makes "the driver dead" a clause of its own; its subject is the victim."""
    for clause in verb.children:
        if clause.dep_ in ("ccomp", "xcomp", "oprd") and clause.pos_ == "ADJ":
            subject = next((c for c in clause.children if c.dep_ == "nsubj"), None)
            if subject is not None:
                return subject
    return None


def _casualty_subject(token):
    """The noun phrase that names those killed or hurt by a casualty word."""
    children = [c for c in token.children if not _DATE_TOKEN.fullmatch(c.text)]
    # "killed and mutilated a farmer": the object of the last of two verbs is the object of both.
    shared = [c for v in token.children if v.dep_ == "conj" and v.pos_ == "VERB" for c in v.children if c.dep_ == "dobj"]
    for dep in ("nsubjpass", "dobj", "shared", "nsubj"):
        found = shared[0] if dep == "shared" and shared else next((c for c in children if c.dep_ == dep), None)
        if found is not None:
            return found
    clause = _small_clause_subject(token)
    if clause is not None:
        return clause
    if token.dep_ in ("acl", "amod") and token.head.pos_ in ("NOUN", "PROPN", "NUM", "PRON"):
        return token.head
    if token.dep_ in ("conj",):
        return _casualty_subject(token.head)
    if token.dep_ == "xcomp":
        # "two fighters were reported killed": who died is the subject of the reporting verb.
        return next((c for c in token.head.children if c.dep_ in ("nsubjpass", "nsubj")), None)
    if token.dep_ == "acomp" or token.dep_ == "oprd":
        # "the attack left three policemen dead": the object is who died, the subject what killed them.
        children = list(token.head.children)
        return next((c for dep in ("dobj", "nsubjpass", "nsubj") for c in children if c.dep_ == dep), None)
    return None


def _toll(context: _Context, sent, verbs: list[str], nouns: list[str], zero: list[str]) -> _Toll:
    """Casualties of one kind in a sentence, with the words that state them."""
    text = sent.text
    for pattern in zero:
        match = _regex(pattern).search(text)
        if match:
            return _Toll(0, Span.of(context.text, sent.start_char + match.start(), sent.start_char + match.end()))
    total, tokens, unknown, seen = 0, [], False, set()
    placed = frozenset(t.i for t in sent for p in context.mentions_in(context.places, sent.start_char, sent.end_char)
                       if p.span.start <= t.idx < p.span.end)
    deadly = verbs is _cues()["death_verbs"]
    for token in sent:
        lemma = _lemma(token)
        if lemma in verbs or deadly and (lemma in _cues()["death_intransitive"] or _killing_phrase(token)):
            victim = _casualty_subject(token)
        elif lemma in nouns or token.lower_ in nouns:
            if token.lower_ == "death" and token.head.lower_ == "to" and _killing_phrase(token.head.head):
                continue  # "beaten to death": the verb tells who died
            if token.dep_ == "amod" and _lemma(token.head) in _cues()["figurative_dead"]:
                continue  # "talks reached a dead end": nobody died
            victim = token if any(c.dep_ == "nummod" for c in token.children) else _casualty_subject(token) or _of_whom(token)
            if victim is None and token.head.pos_ in ("NOUN", "NUM"):
                victim = token.head
        else:
            continue
        if any(c.dep_ == "neg" for c in token.children) or _alleged(token):
            continue  # "the governor was not hurt; however, his driver was killed"
        if victim is not None and victim.lower_ in _REFLEXIVE_PLURAL:
            victim = _clause_subject(token) or victim
        if victim is not None and _lemma(victim) in _cues()["animal_words"]:
            continue  # "soldiers killed 58 oxen": property destroyed, no one died
        if victim is None or victim.i in seen:
            unknown = unknown or victim is None
            continue
        seen.update(t.i for t in victim.subtree)
        value = _count(victim, placed, token)
        if value is None:
            unknown = True
            continue
        total += value + _along_with(token)
        tokens.extend([token, victim] + [c for c in victim.children if c.dep_ == "nummod"])
    if tokens:
        total += _companions(sent) if deadly else 0
        start = min(t.idx for t in tokens)
        end = max(t.idx + len(t) for t in tokens)
        return _Toll(total, Span.of(context.text, start, end))
    return _Toll(None, None, unknown)


def _of_whom(noun):
    """"caused the death of the three gunmen": who died follows "of" when the event brought the death about
    ("protested following the death of a civilian" tells of an earlier one)."""
    cause = noun.head.head if noun.dep_ == "pobj" else noun.head
    if _lemma(cause) not in _cues()["death_causes"]:
        return None
    return next((g for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"), None)


def _alleged(token) -> bool:
    """"accused of killing a farmer": a deed someone is charged with, not one this event did."""
    governor = token.head.head if token.head.dep_ == "prep" else token.head
    return token.dep_ in ("pcomp", "pobj") and _lemma(governor) in _cues()["alleged_words"]


def _clause_subject(token):
    """"Two bombers blew up, killing only themselves": the subject of the clause the killing belongs to."""
    verb = token
    while verb.dep_ in ("advcl", "xcomp", "conj") and verb.head is not verb:
        if any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
            break
        verb = verb.head
    return next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def _along_with(token) -> int:
    """"X was killed along with one attacker": those who died with the victim."""
    with_ = [c for c in token.children if c.dep_ == "prep" and c.lower_ == "with"
             and (any(p.lower_ == "along" for p in token.children) or c.nbor(-1).lower_ == "along")]
    return sum(_count(g) or 0 for c in with_ for g in c.children if g.dep_ == "pobj")


def _killing_phrase(token) -> bool:
    """"shot dead", "gunned down": a verb whose particle or complement makes it a killing."""
    phrases = _cues()["death_phrases"]
    if any(c.lower_ in phrases.get(_lemma(token), ()) for c in token.children):
        return True
    # "beaten to death", "burnt to death"
    return (_lemma(token) in _cues()["to_death_verbs"] or token.lower_ in _cues()["to_death_verbs"]) and any(
        c.dep_ == "prep" and c.lower_ == "to" and any(g.lower_ == "death" for g in c.children) for c in token.children)


def _companions(sent) -> int:
    """'In addition to the bomber, one person was killed': the attacker died too."""
    match = re.search(r"(?:in addition to|besides) (the|two|three)? ?(suicide )?(bomber|attacker|assailant|perpetrator)s?", sent.text, re.I)
    if not match:
        return 0
    return {"two": 2, "three": 3}.get((match.group(1) or "").lower(), 1)


def _casualties(context: _Context, sent) -> tuple[_Toll, _Toll]:
    cues = _cues()
    fatal = _toll(
        context, sent, cues["death_verbs"], cues["death_nouns"],
        [cues["zero_casualty_patterns"]["both"], cues["zero_casualty_patterns"]["fatalities"]],
    )
    hurt = _toll(context, sent, cues["injury_verbs"], cues["injury_nouns"], [cues["zero_casualty_patterns"]["both"]])
    if fatal.count is None and any(t.lower_ in cues["unknown_casualties"] for t in sent):
        fatal.unknown = hurt.unknown = True
    aggregate = _regex(cues["aggregate_toll"]).search(sent.text)
    if aggregate:
        # The toll of several attacks together: each attack's share is the total split evenly (as ACLED and GTD
        # code it), the first taking the remainder; unknown when the note does not say how many attacks.
        note = _paragraph_text(context.text, sent.start_char)
        attacks = _attack_count(aggregate.group(), note)
        first = bool(_regex(cues["first_attack"]).search(note))
        fatal, hurt = (_split(toll, attacks, first) for toll in (fatal, hurt))
    return fatal, hurt


def _split(toll: _Toll, attacks: int | None, first: bool) -> _Toll:
    if toll.count == 0 or toll.count is None and not toll.unknown:
        return toll  # none, or none told: nothing to share out
    if toll.count is None or not attacks:
        return _Toll(None, None, True, True)
    return _Toll(toll.count // attacks + (first and toll.count % attacks > 0), toll.span, False, True)


def _attack_count(phrase: str, note: str) -> int | None:
    """How many attacks a total is told over: "in the two blasts", "across both", "one of five attacks"."""
    for word in phrase.lower().split():
        value = _word_value(word)
        if value:
            return value
    told = _regex(_cues()["attack_count"]).search(note)
    if told is None:
        return None
    if told.group(1):
        return _word_value(told.group(1).lower())
    others = _word_value(told.group(2).lower())
    return others + 1 if others else None


def _word_value(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return 2 if word == "both" else _cues()["number_words"].get(word) if word not in ("a", "an", "single") else None


# --------------------------------------------------------------------------- places, dates, sources


def _anchor(head):
    """The clause that carries a nominal trigger's place ("the strikes stretched from A to B")."""
    if head.pos_ in ("NOUN", "PROPN") and head.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj") and head.head.pos_ in ("VERB", "AUX"):
        return head.head
    if head.pos_ in ("NOUN", "PROPN") and head.dep_ == "pobj" and head.head.head.pos_ == "NOUN" and head.head.head.dep_ == "dobj":
        return head.head.head.head
    return head


def _branch(anchor, token):
    """The child of ``anchor`` through which ``token`` hangs, and the first preposition on the way."""
    prep = None
    current = token
    while current.head.i != current.i and current.head.i != anchor.i:
        if current.dep_ == "pobj":
            prep = current.head.lower_
        current = current.head
    if current.dep_ == "prep":
        prep = current.lower_
    return current, prep


def _locations(context: _Context, head, sent, exclude_spans) -> list[PlaceMention]:
    """Places of the event: one per coordinated place ("from A to B", "A and B"), else the best one;
    each stands for the most specific place of its chain."""
    def free(p):
        return not any(s.start <= p.span.start < s.end for s in exclude_spans)

    anchor = _anchor(head)
    start = max(anchor.left_edge.idx, sent.start_char)
    end = min(anchor.right_edge.idx + len(anchor.right_edge), sent.end_char)
    places = [p for p in context.mentions_in(context.places, start, end) if free(p)]
    if not places:
        places = [p for p in context.mentions_in(context.places, sent.start_char, sent.end_char) if free(p)]
    doc = head.doc
    roots = {}
    for place in places:
        span = doc.char_span(place.span.start, place.span.end, alignment_mode="expand")
        roots[place] = span.root if span is not None else head
    # "the Hermel region that borders Syria": a relative clause describes a noun, not where the event was.
    places = [p for p in places if not _in_relative_clause(roots[p], anchor, head)]
    # "an Afghan National Army (ANA) officer": a place inside an actor's name tells who, not where. A name
    # that is only the place ("Karata" tagged ORG) was judged a place by the places stage.
    named = [a.span for a in context.mentions_in(context.actors, sent.start_char, sent.end_char)]
    places = [
        p for p in places
        if not any(s.start <= p.span.start < s.end and (s.start, s.end) != (p.span.start, p.span.end) for s in named)
    ] or places
    # "Turkey-backed fighters", "a Kabul-based group": a place that qualifies the doers is not where they acted.
    # "accused of buying weapons in Nigeria", "in response to an attack in Lamu": the place of another deed.
    places = [p for p in places
              if p not in context.incidental | context.elsewhere and not _responded_to(roots[p], head)]
    # "Israel has carried out strikes since then": a country that does the deed is its actor, not its place.
    governing = {head, *head.ancestors}
    places = [p for p in places if not (p.feature_code == "PCLI" and roots[p].dep_ == "nsubj" and roots[p].head in governing)]
    if not places:
        return []
    chain = context.chain_heads
    branches = {p: _branch(anchor, roots[p]) for p in places}
    preps = {b[1] for b in branches.values()}
    if {"from", "to"} <= preps or ({"between"} & preps and len(places) > 1):
        ranged = [chain[p] for p in places if branches[p][1] in ("from", "to", "between")]
        return sorted(set(ranged), key=lambda p: p.span.start)
    # "Karachi, Sindh province, Pakistan" parses as a coordination, but one chain is one place.
    coordinated = [p for p in places if roots[p].dep_ == "conj"
                   and any(roots[q].i == roots[p].head.i and chain[q] != chain[p] for q in places)]
    if coordinated:
        heads = [q for q in places if any(roots[q].i == roots[p].head.i for p in coordinated)]
        return sorted({chain[p] for p in heads + coordinated}, key=lambda p: p.span.start)
    best = min(places, key=lambda p: (chain[p].precision, abs(p.span.start - head.idx)))
    return [chain[best]]


def _responded_to(token, head) -> bool:
    """"strikes on a position in response to an attack in Lamu": the place of the event a deed answers."""
    pattern = _regex(_cues()["response_cues"] + r"\s*$")
    for ancestor in token.ancestors:
        if ancestor.i == head.i:
            return False
        start = max(ancestor.left_edge.i - BACKGROUND_REACH, ancestor.sent.start)
        if ancestor.pos_ == "NOUN" and pattern.search(ancestor.doc[start : ancestor.left_edge.i].text):
            return True
    return False


def _in_relative_clause(token, anchor, head) -> bool:
    """Whether ``token`` hangs off ``anchor`` through a clause that modifies a noun."""
    current = token
    while current.head.i != current.i and current.i not in (anchor.i, head.i):
        if current.dep_ == "relcl" or (current.dep_ == "acl" and current.pos_ == "VERB"):
            return True
        current = current.head
    return False


def _fallback_location(context: _Context, offset: int) -> PlaceMention | None:
    """Nearest place in the paragraph, else the article's first place; never a name that stands for an actor
    ("Israel has carried out strikes since then")."""
    paragraph = context.paragraph(offset)
    # A country's name that is its state acting is not a place; a town NER took for a person still is ("to Maxixe").
    actors = {(a.span.start, a.span.end) for a in context.actors if a.type in ("government", "state forces")}
    # Who someone is ("the Derna council") beats no place at all; a patron ("Turkey-backed") does not.
    candidates = [p for p in context.places if p not in context.elsewhere and (p.span.start, p.span.end) not in actors]
    usable = [p for p in candidates if p not in context.incidental] or [
        p for p in candidates if not _qualifier(context.text, p)
    ]
    same = [p for p in usable if context.paragraph(p.span.start) == paragraph]
    if same:
        return context.chain_heads[min(same, key=lambda p: (p.span.start > offset, abs(p.span.start - offset)))]
    return context.chain_heads[usable[0]] if usable else None


# A clause below the event's that tells of something else carries that thing's date: "accusing him
# since councillors voted in August", "in retaliation for preventing them from voting on Sunday".
# A clause on the trigger itself ("the attack, which happened on Sunday") still dates the event.
_OTHER_CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl", "xcomp", "ccomp", "pcomp", "csubj"})
# "the death of a herder a few days earlier": a step back from the story's time dates the noun's event.
_BACKWARD_OFFSETS = frozenset({"earlier", "before", "prior"})
# "members of the Red Wednesday movement": a date inside a compound names or qualifies that noun.
_NAMING_DEPS = frozenset({"compound"})


def _dates_elsewhere(doc, mention: DateMention, head) -> bool:
    """Whether a date in the sentence of ``head`` dates another clause or an earlier thing, not the event."""
    tokens = doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
    if tokens is None or len(tokens) == 0:
        return False
    token = tokens.root
    if token.head.i != head.i and (
        token.dep_ in _NAMING_DEPS and token.head.i > token.i
        or token.lower_ in _BACKWARD_OFFSETS and token.head.pos_ in ("NOUN", "PROPN")
    ):
        return True
    governing = {head.i} | {t.i for t in head.ancestors}
    while token.head.i != token.i and token.head.i not in governing:
        token = token.head
        if token.pos_ in ("VERB", "AUX") and token.dep_ in _OTHER_CLAUSE_DEPS and token.head.i != head.i:
            return True
    return False


def _event_date(context: _Context, head, sent_index: int, aggregate: bool, exclude_spans) -> DateMention | None:
    """The date in the sentence that dates the trigger's clause, else an earlier sentence's, else the reference date."""
    sent = context.sentences[sent_index]
    doc = context.analysis.doc
    own = [
        d for d in context.mentions_in(context.dates, sent.start_char, sent.end_char)
        if d.date and not any(s.start <= d.span.start < s.end for s in exclude_spans)
        and not _dates_elsewhere(doc, d, head)
    ]
    if own:
        return min(own, key=lambda d: (d.is_range != aggregate, abs(d.span.start - head.idx)))
    paragraph = context.paragraph(sent.start_char)
    for back in range(1, DATE_LOOKBACK + 1):
        if sent_index - back < 0:
            break
        previous = context.sentences[sent_index - back]
        if context.paragraph(previous.start_char) != paragraph and back > 1:
            break
        earlier = [
            d for d in context.mentions_in(context.dates, previous.start_char, previous.end_char)
            if d.date and not _dates_elsewhere(doc, d, previous.root)
        ]
        if earlier:
            return earlier[-1]
    ref = context.analysis.reference_date
    if ref is None or ref.date is None:
        return None
    span = ref.span or Span(0, 0, "")
    return DateMention(span, ref.date, "week", is_inferred=True, confidence=min(ref.confidence, 0.3))


def _reporters(context: _Context, head, sent) -> list[tuple[ActorMention, tuple[int, int]]]:
    """Who the sentence attributes the event to, with the character range they occupy."""
    found = []
    cues = _cues()
    for ancestor in [head] + list(head.ancestors):
        if _lemma(ancestor) in cues["reporting_verbs"] and ancestor.i != head.i and _inside(sent, ancestor):
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


# --------------------------------------------------------------------------- aggregation


def _is_aggregate(head, sent, date: DateMention | None) -> bool:
    """Counts over a period: numbered or frequent plural events, or plural events over a date range."""
    cues = _cues()
    modifiers = set(cues["aggregate_modifiers"])
    # Subjects and objects count victims, not events ("Dozens of people were killed").
    near = [c for c in head.children if c.dep_ not in ("nsubj", "nsubjpass", "dobj")]
    near += [head.head.head] if head.dep_ == "pobj" else []
    if any(_lemma(c) in modifiers or c.lower_ in modifiers for c in near):
        return True
    # "Six suicide bombers" counts those who attacked, not attacks.
    plural = head.tag_ in _PLURAL_TAGS and _lemma(head) not in cues["attacker_words"]
    if plural and any(c.dep_ == "nummod" and (_number(c) or 0) > 1 for c in head.children):
        return True
    if any(t.lower_ == "times" and any((_number(c) or 0) > 1 for c in t.children) for t in sent):
        return True
    anchor = _clause_verb(head)
    if plural and (date is not None and date.is_range or any(c.lower_ == "since" for c in anchor.children)):
        return True
    perfect = any(c.dep_ == "aux" and _lemma(c) == "have" for c in anchor.children)
    return plural and perfect and any(_lemma(c) in modifiers for c in anchor.subtree)


# --------------------------------------------------------------------------- sentence events


def _note_label(text: str, offset: int) -> tuple[_Trigger, Span] | None:
    """The sub-event label an ACLED note opens with ("Looting: On 11 August ..."), as a trigger over the label."""
    line_start = text.rfind("\n", 0, offset) + 1
    match = _NOTE_LABEL.match(text, line_start)
    entry = _cues()["note_labels"].get(match.group(1).strip().lower()) if match else None
    if entry is None:
        return None
    acled_type, sub_type, event_type, mode = entry
    trigger = _Trigger((), (), "*", event_type, mode, (acled_type, sub_type), LABEL_WEIGHT)
    return trigger, Span.of(text, match.start(1), match.end(1))


def _is_toll_report(head, agent) -> bool:
    """"Three soldiers were killed in the attack": who died or was hurt, told without a doer of its own."""
    cues = _cues()
    lemma = _lemma(head)
    if agent is not None or head.pos_ != "VERB":
        return False
    if lemma in cues["death_intransitive"]:
        return True
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in head.children)
    return passive and lemma in {*cues["death_verbs"], *cues["injury_verbs"]}


def _is_anaphoric(context: _Context, head, sent, agent) -> bool:
    """"The strikes ...", "it struck ...", "two were killed": an event told before, unless the mention dates itself."""
    if _is_toll_report(head, agent):
        start, end = sent.start_char, sent.end_char
    elif head.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ in _DEFINITE for c in head.children):
        # Dates elsewhere in the sentence ("a day before a meeting") are not the date of "the strikes".
        start, end = head.left_edge.idx, head.right_edge.idx + len(head.right_edge)
    elif head.pos_ == "VERB" and agent is not None and _ANAPHORIC_PRONOUNS.get(agent.lower_) == "event":
        start, end = sent.start_char, sent.end_char
    else:
        return False
    return not context.mentions_in(context.dates, start, end)


def _attach_casualties(context: _Context, candidates: list[_Candidate], index: int, sent) -> None:
    """A toll told in a sentence of its own ("No one was hurt.") belongs to the event just before it."""
    fatal, hurt = _casualties(context, sent)
    if fatal.count is None and hurt.count is None and not fatal.unknown:
        return
    paragraph = context.paragraph(sent.start_char)
    last = candidates[-1].sentence
    for candidate in candidates:
        if candidate.sentence == last and candidate.paragraph == paragraph and candidate.event_type == "ASSAULT":
            add = bool(_ALSO.search(sent.text))
            candidate.fatalities = _merge_toll(candidate.fatalities, fatal, add)
            candidate.injuries = _merge_toll(candidate.injuries, hurt, add)


def _paragraph_text(text: str, offset: int) -> str:
    """The line (an ACLED note, a news paragraph) holding ``offset``."""
    end = text.find("\n", offset)
    return text[text.rfind("\n", 0, offset) + 1 : end if end >= 0 else len(text)]


def _evidence(text: str, sent, offset: int) -> Span:
    """The sentence, cut to the line of the trigger (a parse may run a sentence across paragraphs)."""
    start = max(sent.start_char, text.rfind("\n", 0, offset) + 1)
    line_end = text.find("\n", offset)
    end = min(sent.end_char, line_end if line_end >= 0 else len(text))
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span.of(text, start, end)


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


def _quarrels(sent, tolls: tuple[_Toll, _Toll]) -> list[_Found]:
    """"An argument over land that resulted in the death of a herder": a quarrel that kills or wounds is a fight,
    when no word of the sentence names the violence itself."""
    cue = _cues()["deadly_quarrels"]
    if not any(t.count for t in tolls):
        return []
    return [_Found(_Trigger((_lemma(t),), (), "N", "ASSAULT", "", tuple(cue["acled"]), cue["weight"]), (t,), t)
            for t in sent if t.pos_ == "NOUN" and _lemma(t) in cue["nouns"]]


def _sentence_triggers(context: _Context, sent, tolls: tuple[_Toll, _Toll]) -> list[_Found]:
    """The sentence's triggers, the note's opening label first (it names the note's event)."""
    found = [_Found(trig, tuple(matched), _phrase_head(matched[: len(trig.words)])) for trig, matched in _matches(sent)]
    if not any(f.trig.event_type == "ASSAULT" for f in found):
        found.extend(_quarrels(sent, tolls))
    label = _note_label(context.text, sent.start_char)
    if label and sent.start_char <= label[1].start < sent.end_char:
        found.insert(0, _Found(label[0], (sent.root,), sent.root, label[1]))
    return found


def _realised(context: _Context, found: _Found) -> _Trigger | None:
    """The trigger as told: None when it is not a real event, recast as a threat/promise/demand when intended."""
    trig, head = found.trig, found.head
    realis = "real" if found.label else _realis(_gathering(head) if trig.event_type == "PROTEST" else head)
    if _in_caption(context.text, head.idx) or realis == "dropped" or (not found.label and _descriptive(head, trig)):
        return None
    if realis == "real":
        return trig
    intent = _stated_intent(trig.event_type, realis)
    return replace(trig, event_type=intent, event_mode=trig.event_mode if intent == trig.event_type else "",
                   acled=None, weight=trig.weight * INTENT_DISCOUNT)


def _is_main_clause(head) -> bool:
    """The trigger heads its sentence, or is the object of the verb that does."""
    return head.dep_ == "ROOT" or _anchor(head).dep_ == "ROOT" or (
        head.dep_ in ("pobj", "dobj") and _clause_verb(head).dep_ == "ROOT")


def _circumstance(head, event_heads) -> bool:
    """"took the town in fierce clashes": a trigger in a phrase that tells how another trigger's event went."""
    return head.dep_ == "pobj" and head.head.dep_ == "prep" and head.head.head.i in event_heads and head.head.head.i != head.i


def _background(head) -> bool:
    """"in the wake of an attack", "following the raid", "was later arrested": an event told as cause or sequel."""
    cues = _cues()
    start = max(head.left_edge.i - BACKGROUND_REACH, head.sent.start)
    before = head.doc[start : head.left_edge.i].text
    if head.pos_ == "NOUN" and _regex(cues["background_cues"] + r"\s*$").search(before):
        return True
    verb = _clause_verb(head)
    return any(c.dep_ == "advmod" and c.lower_ in cues["sequel_adverbs"] for c in verb.children)


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


def _sentence_events(context: _Context, index: int, sent) -> list[_Candidate]:
    """The event mentions of one sentence, one per place the event happened."""
    tolls = _casualties(context, sent)
    note = _paragraph_text(context.text, sent.start_char)
    found = _sentence_triggers(context, sent, tolls)
    event_heads = {f.head.i: f.trig.event_type for f in found}
    events = []
    for item in found:
        trig = _realised(context, item)
        if trig is None:
            continue
        head = item.head
        agent, target = (t if _inside(sent, t) else None for t in _roles(head))
        if head.pos_ == "VERB" and agent is not None and event_heads.get(agent.i) == trig.event_type:
            continue  # "the strikes hit ...": the verb tells what the event noun did, not another event
        main = not _circumstance(head, event_heads)
        events.extend(_mentions(context, index, sent, replace(item, trig=trig), _Scope(sent, note, agent, target), tolls, main))
    return events


def _mentions(context: _Context, index: int, sent, found: _Found, scope: _Scope, tolls: tuple[_Toll, _Toll],
              main: bool = True) -> list[_Candidate]:
    """Candidates for one real trigger: who, how (mode and ACLED type), where, when, and how surely."""
    trig, head = found.trig, found.head
    reporters = _reporters(context, head, sent)
    reporter_spans = tuple(Span(s, e, "") for _, (s, e) in reporters)
    actor2 = _actor_for(context, scope.target, sent)
    named = _actor_for(context, scope.agent, sent, exclude=(actor2,))
    actor1 = named or _speaker(context, trig, scope.agent)
    mode, override = _refine_mode(trig, head, sent, scope.note)
    acled = _acled_type(trig.event_type, mode, override, scope)
    label = _note_label(context.text, sent.start_char)
    if label and trig.event_type in _cues()["acled_types"]:
        acled = label[0].acled  # the coder's label settles the type of every ACLED event of the note
    actor_spans = tuple(a.span for a in (actor1, actor2) if a is not None)
    own_places = _locations(context, head, sent, reporter_spans + actor_spans)
    if trig.event_type not in _cues()["per_place_types"]:
        # "relations between Egypt and Saudi Arabia": the places of talk are its parties, not two events.
        own_places = own_places[:1]
    anchor = _anchor(head)
    anchored = any(anchor.left_edge.idx <= p.span.start <= anchor.right_edge.idx for p in own_places)
    aggregate = _is_aggregate(head, sent, None)
    date = _event_date(context, head, index, aggregate, reporter_spans)
    # Only a range the sentence states makes its plural event a count: "The arrests came ..." borrows its date.
    own_date = date if date is not None and sent.start_char <= date.span.start < sent.end_char else None
    aggregate = aggregate or _is_aggregate(head, sent, own_date)
    fatal, hurt = tolls
    return [
        _Candidate(
            sentence=index,
            paragraph=context.paragraph(sent.start_char),
            event_type=trig.event_type,
            event_mode=mode,
            acled=acled,
            weight=trig.weight,
            evidence=_evidence(context.text, sent, head.idx),
            trigger=found.span(context.text),
            # A doer found only through a pronoun attests the event no better than the pronoun did.
            confidence=_confidence(trig, head, acled, (named, actor2), index, date, main),
            actor1=actor1,
            actor2=_victims(context, trig, actor2, scope, place),
            date=date,
            location=place,
            fatalities=_share(fatal, share, len(own_places)),
            injuries=_share(hurt, share, len(own_places)),
            is_aggregate=aggregate,
            reported_by=tuple(dict.fromkeys(m for m, _ in reporters)),
            adds_to_toll=bool(_ALSO.search(sent.text)),
            anaphoric=_is_anaphoric(context, head, sent, scope.agent),
            toll_report=_is_toll_report(head, scope.agent),
            own_place=anchored,
        )
        for share, place in enumerate(own_places or [_fallback_location(context, sent.start_char)])
    ]


def _share(toll: _Toll, index: int, places: int) -> _Toll:
    """ACLED splits an event told at several places into one per place, its toll divided evenly (earlier places
    take the remainder): "attacked A, B and C, killing 26" is 9, 9 and 8."""
    if places <= 1 or not toll.count:
        return replace(toll)
    return replace(toll, count=toll.count // places + (index < toll.count % places))

# --------------------------------------------------------------------------- merging


def _same_event(a: _Candidate, b: _Candidate) -> bool:
    """Same type, place and date; without a place, only in neighbouring sentences of a paragraph."""
    if a.event_type != b.event_type:
        return False
    if a.sentence == b.sentence:
        # "conducted 300 attacks, killing four": what a count of events did is part of that count.
        return a.location == b.location or a.is_aggregate or b.is_aggregate
    if a.is_aggregate != b.is_aggregate or not a.date or not b.date or a.date.is_inferred or a.date.date != b.date.date:
        return False
    if a.location is None or b.location is None:
        return a.location is b.location and a.paragraph == b.paragraph and abs(a.sentence - b.sentence) <= 1
    if a.paragraph == b.paragraph and not b.own_place:
        # "Following the explosion, gunmen opened fire": a later deed told of no place of its own, that day.
        return True
    return a.location.name == b.location.name


def _merge_toll(first: _Toll, second: _Toll, add: bool) -> _Toll:
    if first.count is None:
        return second if second.count is not None else _Toll(
            None, None, first.unknown or second.unknown, first.shared or second.shared)
    if second.count is None or first.span == second.span:
        return first
    if add:
        return _Toll(first.count + second.count, first.span, False)
    return first if first.count >= second.count else second


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
        fatalities=_merge_toll(a.fatalities, b.fatalities, add),
        injuries=_merge_toll(a.injuries, b.injuries, add),
        reported_by=_sources(a.reported_by + b.reported_by),
        is_aggregate=a.is_aggregate or b.is_aggregate,
    )


def _mapped(place: PlaceMention | None) -> PlaceMention | None:
    """ACLED maps an event told only at a division's or a country's level at its seat, not its middle."""
    if place is None or place.seat is None or place.precision < SEAT_MIN_PRECISION:
        return place
    return replace(place, lat=place.seat.lat, lon=place.seat.lon)


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
    explosion = anaphor.event_mode == "explosives" and antecedent.event_mode in _cues()["explosion_modes"]
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


def _apply_coded_fatalities(context: _Context, events: list[_Candidate]) -> None:
    """An ACLED note's 'Fatalities coded as N' settles the toll of its paragraph's events."""
    for match in _regex(_cues()["coded_fatalities"]).finditer(context.text):
        value = int(next(g for g in match.groups() if g is not None))
        span = Span.of(context.text, match.start(), match.end())
        paragraph = context.paragraph(match.start())
        for event in events:
            if event.paragraph == paragraph:
                event.fatalities = _Toll(value, span)
    for match in _regex(_cues()["split_fatalities"]).finditer(context.text):
        parts = _word_value(match.group(1).lower())
        paragraph = context.paragraph(match.start())
        for event in events:
            if parts and event.paragraph == paragraph and event.fatalities.count and not event.fatalities.shared:
                event.fatalities = replace(event.fatalities, count=event.fatalities.count // parts, shared=True)


def _unknown_shares(context: _Context, events: list[_Candidate]) -> None:
    """"Nine were killed across the three attacks": each attack's own toll in that paragraph is unknown."""
    for match in _regex(_cues()["aggregate_toll"]).finditer(context.text):
        paragraph = context.paragraph(match.start())
        sent = next((s for s in context.sentences if s.start_char <= match.start() < s.end_char), None)
        # Only the kinds of casualty the total tells of: wounded it does not mention were none.
        told = _casualties(context, sent) if sent is not None else (_Toll(unknown=True), _Toll(unknown=True))
        for event in events:
            if event.paragraph == paragraph and not event.is_aggregate:
                for toll, total in zip((event.fatalities, event.injuries), told):
                    if toll.count is None and (total.unknown or total.shared):
                        toll.unknown = toll.shared = True


# --------------------------------------------------------------------------- perpetrator attribution

# A group's name: capitalised words joined by "of", "the", "-"..., an optional "(ABBR)" after it.
_NAME_WORD = r"(?:(?:al|el|wal|ad|as|ash|ar|an|at|ul)-)?[A-Z][\w'’.-]*"
_NAME_LINK = r"(?:\s+(?:of|in|the|and|for|de|del|la|le|al|el|bin|ibn|-))*\s+"
_GROUP_NAME = re.compile(rf"{_NAME_WORD}(?:{_NAME_LINK}(?:{_NAME_WORD}|[A-Z0-9][\w-]*))*(?:\s*\([^()]{{1,60}}\))?")
_NEGATED_NAME = re.compile(r"(no|none|neither|nobody|there|this|it)\b", re.I)


def _group_at(context: _Context, start: int, limit: int) -> ActorMention | None:
    """The group named at ``start`` (an actor the actors stage found there, else the capitalised phrase)."""
    match = _GROUP_NAME.match(context.text, start, limit)
    if match is None or _NEGATED_NAME.fullmatch(match.group().split()[0]):
        return None
    end = match.end()
    nouns = _regex(r"\s+(" + "|".join(_cues()["attribution"]["group_nouns"]) + r")\b").match(context.text, end, limit)
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
    cues = _cues()["attribution"]
    found = []
    for sent in context.sentences:
        start, end = sent.start_char, sent.end_char
        text = context.text[start:end]
        groups = [_group_at(context, start + m.end(), end)
                  for pattern in cues["name_after"] for m in _regex(pattern).finditer(text)]
        for name in _GROUP_NAME.finditer(text):
            if any(_regex(p).match(text[name.end():]) for p in cues["name_before"]):
                groups.append(_group_at(context, start + name.start(), end))
        found.extend((context.paragraph(start), g) for g in groups if g is not None)
    return found


def _unattributed(actor: ActorMention | None) -> bool:
    """Whether a doer is only "assailants" or "gunmen": someone an attribution may name."""
    return actor is None or actor.name.lower().startswith("unidentified") or (
        actor.span.text.lower() in _cues()["unattributed_doers"])


def _attribute_perpetrators(context: _Context, events: list[_Candidate]) -> None:
    """"X claimed responsibility", "sources attributed the attack to X": X did the paragraph's attack,
    or the attack told just before when the claim has a paragraph of its own."""
    for paragraph, group in _attributions(context):
        attacks = [e for e in events if e.event_type in _HARM_TYPES]
        here = [e for e in attacks if e.paragraph == paragraph]
        earlier = [e for e in attacks if e.paragraph < paragraph][-1:]
        for event in here or earlier:
            if _unattributed(event.actor1) and (event.actor2 is None or event.actor2.name != group.name):
                event.actor1 = group


# --------------------------------------------------------------------------- ACLED sides


_CROWD_TYPES = {"protesters", "rioters"}
# A brawl has no victim side: each side of it is a crowd.
_MUTUAL_FIGHT = re.compile(r"(clash|fight|fought|brawl|scuffl|skirmish)", re.I)
# Groups that are no armed actor until they fight: ACLED codes them by what they did.
_UNARMED_DOERS = _CROWD_TYPES | {"civilians"}


def _note_actors(context: _Context, candidate: _Candidate, types: set[str]) -> list[ActorMention]:
    """Actors of ``types`` named in the candidate's sentence, then in the rest of its note (paragraph)."""
    evidence = candidate.evidence
    found = [a for a in context.actors if a.type in types and context.paragraph(a.span.start) == candidate.paragraph]
    return sorted(found, key=lambda a: not (evidence.start <= a.span.start < evidence.end))


def _generic(context: _Context, candidate: _Candidate, kind: str, span: Span) -> ActorMention:
    """ACLED's generic actor ``kind`` ("Rioters (Benin)") of the event's country, over ``span``."""
    entry = _cues()["generic_actors"][kind]
    country = _event_country(context, candidate)
    name = f"{entry['name']} ({_country_names()[country]})" if country in _country_names() else entry["name"]
    return ActorMention(span, name, actor_id=kind, country_code=country, type=entry["type"])


def _crowd_sides(context: _Context, candidate: _Candidate, kind: str) -> None:
    """A demonstration's doers are its crowd; the force that broke it up is its target (excessive force: the doer)."""
    cues = _cues()
    sides = [a for a in (candidate.actor1, candidate.actor2) if a is not None]
    crowd = next((a for a in sides if a.type in _CROWD_TYPES), None)
    force = next((a for a in sides if a.type == "state forces"), None)
    if force is None and candidate.acled[1] in cues["crowd_intervened"] + cues["crowd_targeted"]:
        force = next(iter(_note_actors(context, candidate, {"state forces"})), None)
    victim = next((a for a in sides if a.type == "civilians" and a is not crowd), None)
    # The crowd keeps the words that named it, else those of the group that led it, else the trigger's.
    named = crowd or next((a for a in sides if a is not force), None)
    crowd = _generic(context, candidate, kind, named.span if named else candidate.trigger)
    # "Police clashed with rioters": a riot told with the force as the doer keeps it first.
    force_first = force is not None and force is candidate.actor1 and kind == "rioters" and (
        candidate.actor2 is not None and candidate.actor2.type in _CROWD_TYPES)
    if candidate.acled[1] in cues["crowd_targeted"] or force_first:
        candidate.actor1, candidate.actor2 = force, crowd
    elif candidate.acled[1] in cues["crowd_intervened"]:
        candidate.actor1, candidate.actor2 = crowd, force or victim
    elif kind == "rioters" and force is not None and force is candidate.actor2:
        candidate.actor1, candidate.actor2 = crowd, force  # "youths stoned policemen": the force they attacked
    elif kind == "rioters" and _MUTUAL_FIGHT.match(candidate.trigger.text):
        candidate.actor1, candidate.actor2 = crowd, replace(crowd)  # "two families clashed": rioters on both sides
    else:
        candidate.actor1, candidate.actor2 = crowd, victim


def _acled_sides(context: _Context, candidate: _Candidate) -> None:
    """ACLED's sides by event type: crowds for demonstrations; for a deed nobody is said to do, the armed actor the
    note names (else an unidentified armed group for violence, the police for arrests); civilians for violence
    against civilians nobody is said to suffer; villagers who fight are a communal militia."""
    cues = _cues()
    acled_type, sub_type = candidate.acled
    doer = candidate.actor1
    if acled_type in cues["crowds"]:
        _crowd_sides(context, candidate, cues["crowds"][acled_type])
    elif doer is None and sub_type in cues["arrest_subtypes"]:
        forces = _note_actors(context, candidate, {"state forces"})
        country = _event_country(context, candidate)
        if forces:
            candidate.actor1 = forces[0]
        elif country:
            candidate.actor1 = _force_of(context, ActorMention(candidate.trigger, "police"), country, "police")
    elif doer is None and acled_type is not None:
        candidate.actor1 = _other_armed(context, candidate, candidate.actor2)
        if candidate.actor1 is None and acled_type in cues["armed_doer_types"]:
            candidate.actor1 = _generic(context, candidate, "unidentified-armed-group", candidate.trigger)
    elif doer is not None and doer.type in _UNARMED_DOERS and acled_type in cues["armed_doer_types"]:
        candidate.actor1 = _generic(context, candidate, "communal-militia", doer.span)
    if candidate.actor2 is None and acled_type in cues["two_sided_types"]:
        candidate.actor2 = _other_armed(context, candidate, candidate.actor1)
    if candidate.actor2 is None and {acled_type, sub_type} & set(cues["civilian_target_types"]):
        named = [a for a in _note_actors(context, candidate, {"civilians"}) if a.name != getattr(candidate.actor1, "name", None)]
        candidate.actor2 = named[0] if named else _generic(context, candidate, "civilians", candidate.trigger)
    candidate.actor1 = _with_country(context, candidate, candidate.actor1)
    candidate.actor2 = _with_country(context, candidate, candidate.actor2)


def _with_country(context: _Context, candidate: _Candidate, actor: ActorMention | None) -> ActorMention | None:
    """A generic actor nobody could place ("Civilians") takes the event's country, as ACLED names it."""
    generic = _cues()["generic_actors"]
    if actor is None or actor.country_code:
        return actor
    kind = actor.actor_id if actor.actor_id in generic else actor.type  # "herders" are "Civilians" by their type
    return _generic(context, candidate, kind, actor.span) if kind in generic else actor


def _other_armed(context: _Context, candidate: _Candidate, side: ActorMention | None) -> ActorMention | None:
    """The first armed actor of the note that is not ``side`` nor on the receiving end: the other party."""
    taken = side.name if side is not None else None
    return next((a for a in _note_actors(context, candidate, set(_cues()["armed_actor_types"]))
                 if a.name != taken and not _receiving(context, candidate, a)), None)


def _receiving(context: _Context, candidate: _Candidate, actor: ActorMention) -> bool:
    """"a drone attack on the airbase used by US forces": an actor inside what the deed was done to, or
    named in another sentence without doing anything there, is no doer of it."""
    doc = context.analysis.doc
    trigger = doc.char_span(candidate.trigger.start, candidate.trigger.end, alignment_mode="expand")
    mention = doc.char_span(actor.span.start, actor.span.end, alignment_mode="expand")
    if trigger is None or mention is None:
        return False
    head, token = trigger.root, mention.root
    if token.sent != head.sent:
        return False  # the rest of the note: ACLED notes name the doer in a sentence of its own
    if head not in token.ancestors:
        # Outside the deed's own phrase only a clause's subject may have done it ("among US commanders" did not).
        while token.head.i != token.i and (token.dep_ in ("compound", "amod", "poss", "appos")
                                           or token.lower_ == "of" or token.head.lower_ == "of"):
            token = token.head  # "fighters of an armed group"
        seen = token.dep_ == "nsubjpass" and _lemma(token.head) in _cues()["sighting_verbs"]
        return token.dep_ != "nsubj" and not seen
    while token.head.i != head.i:
        token = token.head
    return token.dep_ in ("dobj", "attr") or (token.dep_ == "prep" and token.lower_ in _TARGET_PREPS | _PLACE_PREPS)


# --------------------------------------------------------------------------- state forces


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    return {row["iso2"]: row["name"] for row in load_csv("countries.csv")}


@lru_cache(maxsize=1)
def _curated_names() -> dict[str, str]:
    """Names the actor dictionary gives its state actors ("il-military" -> "Israel Defense Forces")."""
    entries = load_yaml("actors.yaml") or []
    return {e["id"]: e["name"] for e in entries if isinstance(e, dict) and e.get("id") and e.get("name")}


def _force_of(context: _Context, actor: ActorMention, country: str, branch: str) -> ActorMention:
    """``actor`` as the armed or police forces of ``country``, named as the actor dictionary names them."""
    actor_id = f"{country.lower()}-{branch}"
    known = next((a for a in context.actors if a.actor_id == actor_id), None)
    name = known.name if known else _curated_names().get(actor_id)
    if name is None:
        record = pycountry.countries.get(alpha_2=country)
        country_name = _country_names().get(country) or (getattr(record, "common_name", None) or record.name if record else country)
        name = f"{'Police' if branch == 'police' else 'Military'} Forces of {country_name}"
    return replace(actor, name=name, actor_id=actor_id, country_code=country, type="state forces")


def _event_country(context: _Context, candidate: _Candidate) -> str | None:
    """The country of the event's place, else the one the article's places name most (a note placed nowhere
    in particular still tells its country: "in Harar and Dire Dawa")."""
    if candidate.location is not None and candidate.location.country_code:
        return candidate.location.country_code
    named = Counter(p.country_code for p in context.places if p.country_code)
    if not named:  # "SAF bombed ...": the named actors' country
        named = Counter(a.country_code for a in context.actors if a.country_code and a.type != "source")
    return named.most_common(1)[0][0] if named else None


def _home_country(context: _Context, candidate: _Candidate) -> str | None:
    """Whose "soldiers" or "police" these are: the event country's, unless the article names only one foreign force."""
    home = _event_country(context, candidate)
    named = {a.country_code for a in context.actors if a.type == "state forces" and a.country_code}
    if home not in named and len(named) == 1:
        return next(iter(named))
    return home


def _state_forces(context: _Context, candidate: _Candidate) -> None:
    """ACLED's coding of state agents: a state that attacks acts through its military; bare
    "soldiers" or "police" are the forces of the country where the event happened."""
    def resolve(actor: ActorMention | None, doer: bool) -> ActorMention | None:
        if actor is None:
            return None
        country = actor.country_code
        if doer and candidate.event_type == "ASSAULT" and actor.type == "government" and country and (
            actor.actor_id == f"{country.lower()}-government" or actor.name.startswith("Government of")
        ):
            return _force_of(context, actor, country, "military")
        if actor.type == "state forces" and not country:
            country = _home_country(context, candidate)
            if country:
                words = f"{actor.name} {actor.span.text}".lower()
                return _force_of(context, actor, country, "police" if any(w in words for w in _POLICE_WORDS) else "military")
        return actor

    candidate.actor1 = resolve(candidate.actor1, True)
    candidate.actor2 = resolve(candidate.actor2, False)


def _to_mention(c: _Candidate) -> EventMention:
    fatalities = c.fatalities.count
    injuries = c.injuries.count
    # ACLED convention: a violent or demonstration event whose report names no
    # death figure is coded 0, "an unknown number were killed" included; only an
    # attack's share of a total told over several stays unknown (None). Wounded
    # without a figure stay unknown; GTD codes unmentioned wounded as 0.
    if c.acled[0] is not None and not c.is_aggregate:
        if fatalities is None and not c.fatalities.shared:
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
