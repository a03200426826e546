"""Where an actor may be named in a parsed Doc: dictionary aliases, NER names and anaphors."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..textnorm import ARTICLE_PREFIX, fold
from .country import WORD, subdivision_countries
from .dictionary import Entry, alias_index, key, loaded, tokenize

# Acronyms (all capitals, at most this long) must match with their case: "WHO" is not "who".
ACRONYM_MAX_LEN = 5
# An abbreviation in brackets right after a name ("New People's Army (NPA)") belongs to that
# mention; brackets with more tokens than this ("(Kerou, Atacora)") are notes or places.
ABBREVIATION_MAX_TOKENS = 5
# "NPA", "LeT", "CPI-Maoist", "ULFA-I": two capitals at least, no spaces.
_ABBREVIATION = re.compile(r"[A-Z][A-Za-z]*[A-Z][\w/-]*")
# Words after a group's name that still mean the group: "Taliban militants", "Hezbollah members".
_MEMBER_WORDS = frozenset({"militants", "fighters", "members", "operatives", "gunmen", "rebels", "militiamen", "insurgents"})
# "These groups", "those factions": a group anaphor ("the group") told of several.
_PLURAL_DEMONSTRATIVES = frozenset({"these", "those"})


def _case_fits(entry: Entry, tokens: list[Any]) -> bool:
    """Names must look like names in the text; acronyms must keep their capitals."""
    alias_tokens = tokenize(ARTICLE_PREFIX.sub("", entry.alias))
    for written, token in zip(alias_tokens, tokens):
        is_acronym = written.isupper() and sum(c.isalpha() for c in written) >= 2 and len(written) <= ACRONYM_MAX_LEN
        if is_acronym and (token.text != written or token.sent.text.isupper()):
            return False
    if entry.alias == entry.alias.lower():
        return True
    first = next((t for t in tokens if t.is_alpha), None)
    return first is None or not first.text.islower()


def inside(start: int, end: int, ranges: list[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in ranges)


@dataclass
class Found:
    """A mention being built; ``kind`` says how it was found."""

    start: int  # token index
    end: int
    kind: str  # name | generic | state-noun | entity | metonym | identity | anaphor-title | anaphor-group | anaphor-groups
    actor_id: str | None = None
    ambiguous: bool = False
    proper: bool = False
    label: str | None = None
    name: str | None = None  # identity militias: the name built from the text ("Dendi Ethnic Militia")
    name_end: int | None = None  # where the name stops when a bracketed abbreviation follows it


@lru_cache(maxsize=1)
def _longest_opened_by() -> dict[str, int]:
    """First folded word of every alias and state noun -> the longest of them it opens (most words open none)."""
    index, _ = alias_index()
    longest: dict[str, int] = {}
    for words in [*index, *(tuple(phrase.split(" ")) for phrase in loaded().state_nouns)]:
        longest[words[0]] = max(longest.get(words[0], 0), len(words))
    return longest


def match_aliases(doc: Any, credits: list[tuple[int, int]]) -> list[Found]:
    """Longest dictionary aliases and generic state nouns, left to right, outside credits."""
    data = loaded()
    index, _ = alias_index()
    opened = _longest_opened_by()
    folded = [fold(t.text) for t in doc]
    found = []
    i = 0
    while i < len(doc):
        hit: tuple[int, Entry | None] | None = None  # (length, entry); no entry for a generic state noun
        for length in range(min(opened.get(folded[i], 0), len(doc) - i), 0, -1):
            entries = index.get(tuple(folded[i : i + length]))
            if entries:
                fits = [e for e in entries if _case_fits(e, list(doc[i : i + length]))]
                if fits:
                    hit = (length, fits[0])
                    break
            if " ".join(folded[i : i + length]) in data.state_nouns:
                hit = (length, None)
                break
        if hit is None:
            i += 1
            continue
        length, entry = hit
        span = doc[i : i + length]
        kind = "state-noun" if entry is None else "generic" if entry.actor_id in data.generic else "name"
        # "military base", "civilian casualties": a lone modifier word names nobody.
        is_modifier = kind != "name" and length == 1 and doc[i].dep_ in {"amod", "compound"}
        end = i + length
        if not is_modifier and not inside(span.start_char, span.end_char, credits):
            if entry is None:
                found.append(Found(i, end, kind))
            else:
                found.append(Found(i, end, kind, entry.actor_id, entry.ambiguous, entry.proper))
                abbreviation = _abbreviation_after(doc, end, credits) if kind == "name" else None
                if abbreviation and abbreviation[1] in {None, entry.actor_id}:
                    found[-1].end, found[-1].name_end, found[-1].ambiguous = abbreviation[0], end, False
                    length = abbreviation[0] - i
        i += length
        if kind == "name" and i < len(doc) and fold(doc[i].text) in _MEMBER_WORDS:
            i += 1  # "Hezbollah fighters" names Hezbollah once, not a second, generic actor
    return found


def _abbreviation_after(doc: Any, end: int, credits: list[tuple[int, int]]) -> tuple[int, str | None] | None:
    """(token after the closing bracket, actor the abbreviation names) for "(NPA)" starting at token ``end``."""
    if end >= len(doc) or doc[end].text != "(":
        return None
    limit = min(len(doc), end + 2 + ABBREVIATION_MAX_TOKENS)
    close = next((k for k in range(end + 2, limit) if doc[k].text == ")"), None)
    if close is None:
        return None
    inner = doc[end + 1 : close]
    data = loaded()
    if not _ABBREVIATION.fullmatch(inner.text) or inside(doc[end].idx, doc[close].idx + 1, credits) or key(inner.text) in data.country_names:
        return None
    index, _ = alias_index()
    named = [data.by_id[e.actor_id] for e in index.get(tuple(fold(t.text) for t in inner), []) if e.actor_id not in data.generic]
    if any(actor.type == "media" for actor in named):
        return None  # "(AFP)": a credit, not the name's abbreviation
    return close + 1, named[0].id if named else None


def ambiguous_confirmed(doc: Any, found: Found) -> bool:
    """A shared alias ("Fars", "Amal") counts only where spaCy sees an organisation or it reports."""
    span = doc[found.start : found.end]
    following = (doc[found.end].lemma_ or doc[found.end].text).lower() if found.end < len(doc) else ""
    if following in {"say", "said", "report", "reported", "quote", "cite", "news"}:
        return True
    org = next((e for e in doc.ents if e.label_ == "ORG" and e.start <= found.start and found.end <= e.end), None)
    # "National Association of ...": the alias only opens a longer name, whether NER saw all of it or not.
    if org is not None:
        return org.end == found.end
    if following and doc[found.end].is_alpha and doc[found.end].text[0].isupper():
        return False
    return span.text.isupper() and len(span.text) > 2


def anaphors(doc: Any, taken: set[int]) -> list[Found]:
    """"The group", "these groups", "the minister": phrases that point back to an actor named before."""
    data = loaded()
    found = []
    for token in doc:
        plural = token.lower_ in _PLURAL_DEMONSTRATIVES
        if token.i in taken or not (plural or token.lower_ == "the"):
            continue
        following = doc[token.i + 1 : token.i + 4]
        for length in range(len(following), 0, -1):
            words = [t.lower_ for t in following[:length]]
            end = token.i + 1 + length
            next_is_name = end < len(doc) and doc[end].text[:1].isupper() and doc[end].is_alpha
            if taken.intersection(range(token.i, end)) or next_is_name:
                continue
            if plural and following[length - 1].tag_ == "NNS":
                words[-1] = following[length - 1].lemma_.lower()  # "these groups" is "the group" told of several
                if " ".join(["the", *words]) in data.group_anaphors:
                    found.append(Found(token.i, end, "anaphor-groups"))
                    break
            elif not plural and " ".join(["the", *words]) in data.group_anaphors:
                found.append(Found(token.i, end, "anaphor-group"))
                break
            elif not plural and data.titles.get(" ".join(words)):
                found.append(Found(token.i, end, "anaphor-title"))
                break
    return found


# ACLED notes code a place as "Village (District, Province)"; NER often calls those names persons.
_ACLED_PLACE = re.compile(r"\([A-Z][\w' -]*,\s*[A-Z][\w' -]*\)")
_PLACE_BEFORE = frozenset({"in", "near", "at", "around", "outside", "towards", "toward"})
_PLACE_NOUNS = frozenset({"village", "town", "city", "locality", "commune", "district", "department", "arrondissement",
                          "region", "province", "area", "camp", "market", "neighbourhood", "neighborhood"})


def entity_found(doc: Any, start: int, ent: Any, credits: list[tuple[int, int]], found: list[Found]) -> Found:
    """An NER name as a candidate; an organisation keeps its bracketed abbreviation, which may say who it is."""
    abbreviation = _abbreviation_after(doc, ent.end, credits) if ent.label_ == "ORG" else None
    if abbreviation is None:
        return Found(start, ent.end, "entity", label=ent.label_)
    end, actor_id = abbreviation
    # "Tehreek-e-Taliban Pakistan (TTP)": the abbreviation, matched on its own before, now closes this mention.
    found[:] = [f for f in found if not (ent.end <= f.start and f.end <= end)]
    if actor_id:
        return Found(start, end, "name", actor_id, proper=True, name_end=ent.end)
    return Found(start, end, "entity", label=ent.label_, name_end=ent.end)


def is_place(doc: Any, ent: Any) -> bool:
    """True for a name NER took for a person or organisation that the note's wording shows is a place."""
    if tuple(fold(w) for w in WORD.findall(ent.text)) in subdivision_countries():
        return True
    before = doc[ent.start - 1] if ent.start > 0 else None
    after = doc[ent.end] if ent.end < len(doc) else None
    opens = before is not None and before.text == "(" and after is not None and after.text in {",", ")"}
    closes = before is not None and before.text == "," and after is not None and after.text == ")"
    if opens or closes or after is not None and after.text == "(" and _ACLED_PLACE.match(doc.text, after.idx):
        return True  # "Koabagou (Kerou, Atacora)"
    if before is None or ent.label_ != "PERSON":
        return False
    if before.lower_ in _PLACE_BEFORE:
        return True
    return before.lower_ == "of" and ent.start > 1 and doc[ent.start - 2].lower_ in _PLACE_NOUNS


def is_given_name(doc: Any, i: int, taken: set[int]) -> bool:
    """True when token ``i`` is a first name spaCy split off a person ("Karolina" | "Lindholm Billing")."""
    data = loaded()
    if i < 0 or i in taken or not (doc[i].is_title and doc[i].is_alpha) or doc[i].is_sent_start:
        return False
    folded = fold(doc[i].text)
    return not (folded in data.demonyms or folded in data.country_names or folded in data.titles or doc[i].text in data.capitals)
