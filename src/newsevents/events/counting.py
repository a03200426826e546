from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from ..records import Span
from ..textnorm import cardinals
from .candidate import _Toll
from .context import _alleged, _Context
from .lexicon import _cues, _regex
from .syntax import _PLURAL_TAGS, _lemma, _paragraph_text, _small_clause_subject

# "05/26/2013:" opening a GTD note parses as an object of the verb that follows.
_DATE_TOKEN = re.compile(r"\d{1,4}(?:[/.-]\d{1,2}){1,2}(?:[/.-]\d{2,4})?")


_ONE_PERSON = {"another", "him", "her", "himself", "herself"}


# "killing only themselves": as many died as the clause's subject counts.
_REFLEXIVE_PLURAL = {"them", "themselves"}


@lru_cache(maxsize=1)
def _number_words() -> dict[str, int]:
    """Words that count a noun: the cardinals and "a", "single", "both"."""
    return {**cardinals(), **_cues().count_words}


def _number(token) -> int | None:
    cues = _cues()
    number_words = _number_words()
    text = token.lower_.replace(",", "")
    if token.i >= 2 and token.nbor(-1).text == "-" and token.nbor(-2).lower_ in number_words:
        text = f"{token.nbor(-2).lower_}-{text}"  # "Twenty-five" split into three tokens
    if text.isdigit():
        return int(text)
    if text in cues.quantity_words:
        return cues.quantity_words[text]
    parts = text.split("-")
    if all(p in number_words for p in parts):
        return sum(number_words[p] for p in parts)
    return None


def _count(noun, places: frozenset[int] = frozenset(), word=None) -> int | None:
    """Head count of a victim noun phrase ("3 soldiers and 2 civilians" -> 5); None when unknown."""
    total = 0
    known = False
    for part in _own_parts(noun, word):
        # "a teacher from Mopti town, Mopti region": a place the parse coordinates with the victims is none.
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
    words = set(cues.death_verbs) | set(cues.death_nouns) | set(cues.injury_verbs) | set(cues.injury_nouns)
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
    value = _number(noun) if noun.like_num or noun.lower_ in _cues().quantity_words else None
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


def _toll(context: _Context, sent, verbs: Sequence[str], nouns: Sequence[str], zero: Sequence[str]) -> _Toll:
    """Casualties of one kind in a sentence, with the words that state them."""
    text = sent.text
    for pattern in zero:
        match = _regex(pattern).search(text)
        if match:
            return _Toll(0, Span.of(context.text, sent.start_char + match.start(), sent.start_char + match.end()))
    total, tokens, unknown = 0, [], False
    seen: set[int] = set()
    placed = frozenset(t.i for t in sent for p in context.mentions_in(context.places, sent.start_char, sent.end_char)
                       if p.span.start <= t.idx < p.span.end)
    deadly = verbs is _cues().death_verbs
    for token in sent:
        lemma = _lemma(token)
        if lemma in verbs or deadly and (lemma in _cues().death_intransitive or _killing_phrase(token)):
            victim = _casualty_subject(token)
        elif lemma in nouns or token.lower_ in nouns:
            if token.lower_ == "death" and token.head.lower_ == "to" and _killing_phrase(token.head.head):
                continue  # "beaten to death": the verb tells who died
            if token.dep_ == "amod" and _lemma(token.head) in _cues().figurative_dead:
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
        if victim is not None and _lemma(victim) in _cues().animal_words:
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
    ("marched after a shopkeeper's death last week" tells of an earlier one)."""
    cause = noun.head.head if noun.dep_ == "pobj" else noun.head
    if _lemma(cause) not in _cues().death_causes:
        return None
    return next((g for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"), None)


def _clause_subject(token):
    """"Two bombers blew up, killing only themselves": the subject of the clause the killing belongs to."""
    verb = token
    while verb.dep_ in ("advcl", "xcomp", "conj") and verb.head is not verb:
        if any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
            break
        verb = verb.head
    return next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def _along_with(token) -> int:
    """"X died together with two of the gunmen": those who died with the victim."""
    with_ = [c for c in token.children if c.dep_ == "prep" and c.lower_ == "with"
             and (any(p.lower_ == "along" for p in token.children) or c.nbor(-1).lower_ == "along")]
    return sum(_count(g) or 0 for c in with_ for g in c.children if g.dep_ == "pobj")


def _killing_phrase(token) -> bool:
    """"shot dead", "gunned down": a verb whose particle or complement makes it a killing."""
    phrases = _cues().death_phrases
    if any(c.lower_ in phrases.get(_lemma(token), ()) for c in token.children):
        return True
    # "beaten to death", "burnt to death"
    return (_lemma(token) in _cues().to_death_verbs or token.lower_ in _cues().to_death_verbs) and any(
        c.dep_ == "prep" and c.lower_ == "to" and any(g.lower_ == "death" for g in c.children) for c in token.children)


def _companions(sent) -> int:
    """'Besides the attacker, a guard died': the attacker died too."""
    match = re.search(r"(?:in addition to|besides) (the|two|three)? ?(suicide )?(bomber|attacker|assailant|perpetrator)s?", sent.text, re.I)
    if not match:
        return 0
    return {"two": 2, "three": 3}.get((match.group(1) or "").lower(), 1)


def _in_doubt(token) -> bool:
    """"It is unclear if there were casualties", "casualties were not known": the report does not say there were
    any (ACLED codes 0), unlike "inflicted casualties" or "caused heavy casualties" (some, whether dead or hurt untold);
    "the number of casualties was not known" doubts only how many there were."""
    if token.dep_ == "pobj" and token.head.lower_ == "of" and _lemma(token.head.head) in _cues().toll_measures:
        return False
    clauses = [token, *token.ancestors]
    return any(t.dep_ == "neg" for t in token.subtree) or any(
        c.dep_ == "neg" or (c.dep_ == "mark" and c.lower_ in _cues().conditional_marks)
        for clause in clauses for c in clause.children)


def _casualties(context: _Context, sent) -> tuple[_Toll, _Toll]:
    """The dead and the hurt a sentence tells of; asked once per event in it, so counted once."""
    key = (sent.start, sent.end)
    if key not in context.tolls:
        context.tolls[key] = _sentence_casualties(context, sent)
    return context.tolls[key]


def _sentence_casualties(context: _Context, sent) -> tuple[_Toll, _Toll]:
    cues = _cues()
    fatal = _toll(
        context, sent, cues.death_verbs, cues.death_nouns,
        [cues.zero_casualty_patterns["both"], cues.zero_casualty_patterns["fatalities"]],
    )
    hurt = _toll(context, sent, cues.injury_verbs, cues.injury_nouns, [cues.zero_casualty_patterns["both"]])
    told = [t for t in sent if t.lower_ in cues.unknown_casualties]
    if fatal.count is None and told:
        asserted = any(not _in_doubt(t) for t in told)
        fatal, hurt = replace(fatal, unknown=True, undetermined=asserted), replace(hurt, unknown=True, undetermined=asserted)
    aggregate = _regex(cues.aggregate_toll).search(sent.text)
    if aggregate:
        # The toll of several attacks together: each attack's share is the total split evenly (as ACLED and GTD
        # code it), the first taking the remainder; unknown when the note does not say how many attacks.
        note = _paragraph_text(context.text, sent.start_char)
        attacks = _attack_count(aggregate.group(), note)
        first = bool(_regex(cues.first_attack).search(note))
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
    told = _regex(_cues().attack_count).search(note)
    if told is None:
        return None
    if told.group(1):
        return _word_value(told.group(1).lower())
    others = _word_value(told.group(2).lower())
    return others + 1 if others else None


def _word_value(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return 2 if word == "both" else cardinals().get(word)
