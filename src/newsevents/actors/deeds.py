"""ACLED names groups of people by what they do: protesters, rioters, civilians and communal militias."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from .matching import Found
from .rules import actor_rules

# A side of "a clash between A from X and B" is this many dependency steps (conj, pobj, prep) below "between".
BETWEEN_MAX_STEPS = 4
# The generic actor ACLED codes every unarmed victim as: "a trader" or "a herder" killed is "Civilians (Benin)".
CIVILIANS = "civilians"


@lru_cache(maxsize=1)
def _deed_rules() -> tuple[dict[str, frozenset[str]], dict[str, dict[str, str]], frozenset[str], frozenset[str]]:
    rules = actor_rules()
    verbs = {deed: frozenset(lemmas) for deed, lemmas in rules.deed_verbs.items()}
    return verbs, rules.deed_roles, frozenset(rules.deed_subjects), frozenset(rules.quantity_nouns)


@lru_cache(maxsize=1)
def _victim_nouns() -> frozenset[str]:
    return frozenset(actor_rules().victim_nouns)


# Prepositions whose object undergoes the deed: "violence against a woman", "stole cattle from a man".
_VICTIM_PREPOSITIONS = frozenset({"against", "on", "from"})


def victims(doc: Any, taken: set[int]) -> list[Found]:
    """People a deed is done to ("killed a trader", "a woman was abducted"): civilians to ACLED."""
    nouns = _victim_nouns()
    found = []
    for token in doc:
        if token.pos_ != "NOUN" or token.i in taken or not (token.lower_ in nouns or token.lemma_.lower() in nouns):
            continue
        head = token.head
        undergoes = token.dep_ in {"dobj", "nsubjpass"} or token.dep_ == "pobj" and head.lower_ in _VICTIM_PREPOSITIONS
        if not (undergoes or token.dep_ == "conj" and head.dep_ in {"dobj", "nsubjpass", "pobj"}):
            continue
        start = token.left_edge.i
        while taken.intersection(range(start, token.i)):
            start += 1  # "a Fulani pastoralist man": keep only the words after a name found before
        found.append(Found(start, token.i + 1, "generic", CIVILIANS))
        taken.update(range(start, token.i + 1))
    return found


def _deed(token: Any) -> str | None:
    """'protest' or 'violence' when ``token`` (or the group it counts) is the subject of such a verb."""
    verbs, _, _, quantities = _deed_rules()
    while token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.lower_ in quantities:
        token = token.head.head  # "hundreds of protesters", "members of a sect" -> the counting noun
    side = token
    for _ in range(BETWEEN_MAX_STEPS):  # "a fight between cattle owners (from Kora) and local growers": both sides fight
        if side.dep_ == "pobj" and side.head.lower_ == "between":
            if side.head.head.lemma_.lower() in verbs["violence"]:
                return "violence"
            break
        if side.dep_ not in {"conj", "pobj", "prep"}:
            break
        side = side.head
    if token.dep_ != "nsubj" or token.head.pos_ not in {"VERB", "AUX"}:
        return None
    verb = token.head
    # "demonstrated after a colleague was killed": a clause with its own subject is another's deed.
    linked = [c for c in verb.children if c.dep_ in {"xcomp", "conj"}
              or c.dep_ == "advcl" and not any(g.dep_ in {"nsubj", "nsubjpass"} for g in c.children)]
    lemmas = {lemma for v in (verb, *linked) for lemma in _verb_deeds(v)}
    # A demonstration that turns violent is a riot to ACLED, so violence is checked first.
    return next((deed for deed in ("violence", "protest") if lemmas & verbs[deed]), None)


def _verb_deeds(verb: Any) -> set[str]:
    """The verb's lemma, or "protest" for "staged a sit-in" or "took to the streets" (whatever the verb)."""
    objects, destinations = _protest_phrases()
    for child in verb.children:
        # "a sit-in" is parsed as "in" with the compound "sit".
        words = {child.lemma_.lower(), *(g.lemma_.lower() for g in child.children if g.dep_ == "compound")}
        if child.dep_ == "dobj" and words & objects:
            return {"protest"}
        if child.dep_ == "prep" and child.lower_ == "to" and any(g.lemma_.lower() in destinations for g in child.children):
            return {"protest"}
    return {verb.lemma_.lower()}


@lru_cache(maxsize=1)
def _protest_phrases() -> tuple[frozenset[str], frozenset[str]]:
    rules = actor_rules()
    return frozenset(rules.protest_objects), frozenset(rules.protest_destinations)


def _phrase_head(token: Any) -> Any:
    """The noun a modifier belongs to: "Fulani pastoralist man" -> "man", which says what the group does."""
    while token.dep_ in {"compound", "amod"} and token.head.pos_ in {"NOUN", "PROPN"} and token.head.i > token.i:
        token = token.head
    return token


def deed_role(root: Any, actor_id: str) -> str:
    """The generic actor a group becomes by its deed: villagers who lynch are rioters."""
    return _deed_rules()[1].get(actor_id, {}).get(_deed(_phrase_head(root)) or "", actor_id)


def deed_subjects(doc: Any, taken: set[int]) -> list[Found]:
    """Unnamed groups of people doing a protest or violent deed ("a crowd lynched", "teachers marched")."""
    _, _, subjects, quantities = _deed_rules()
    found = []
    for token in doc:
        if token.pos_ != "NOUN" or token.i in taken or token.dep_ not in {"nsubj", "pobj"}:
            continue
        deed = _deed(token)
        people = token.lower_ in subjects or token.lemma_.lower() in subjects
        if deed is None or not (people or deed == "protest" and token.tag_ == "NNS"):
            continue
        if token.dep_ == "nsubj" and token.lower_ in quantities and any(c.dep_ == "prep" for c in token.children):
            continue  # the counted noun ("a group of locals") is the subject's name, found on its own
        start = token.left_edge.i
        if taken.intersection(range(start, token.i + 1)) or taken.intersection(t.i for t in token.subtree):
            continue  # "members of an armed group": the named actor is the doer
        found.append(Found(start, token.i + 1, "generic", "protesters" if deed == "protest" else "rioters"))
        taken.update(range(start, token.i + 1))
    return found


_IDENTITY_HEADS = frozenset({"militia", "militias", "community", "group"})


def identity_militias(doc: Any, taken: set[int]) -> list[Found]:
    """'Dendi ethnic militia', 'the Ketou communal militia'; an ethnic community only when it acts violently."""
    found = []
    for token in doc[1:-1]:
        kind = token.lower_
        head = doc[token.i + 1]
        if kind not in {"ethnic", "communal"} or head.lower_ not in _IDENTITY_HEADS or token.i in taken:
            continue
        if head.lower_ in {"community", "group"} and _deed(head) != "violence":
            continue
        start = token.i
        while start > 0 and doc[start - 1].is_title and doc[start - 1].is_alpha and not doc[start - 1].is_sent_start:
            start -= 1
        qualifier = doc[start : token.i].text or "Unidentified"
        name = f"{qualifier} {kind.title()} Militia"  # a community that fights is coded as its militia
        found.append(Found(start, head.i + 1, "identity", name=name))
        taken.update(range(start, head.i + 1))
    return found
