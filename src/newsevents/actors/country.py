"""The country an article is about, from its demonyms, country, city and province names, and ACLED's
country-bracketed names of generic groups."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..textnorm import country_short_names, fold, iso_subdivisions
from .dictionary import loaded
from .rules import actor_rules

if TYPE_CHECKING:
    from .matching import Found

# A country named in the headline counts as this many mentions in the body.
TITLE_COUNTRY_WEIGHT = 2
# ACLED codes an unnamed group with the country where the event happens: a place name (country,
# city, province) is this many times better evidence of it than a demonym ("a Nigerian trader").
PLACE_COUNTRY_WEIGHT = 2


def demonym_before(doc: Any, start: int) -> tuple[int, str | None, str | None, str | None]:
    """(new start, country, patron, demonym) from "Iranian-backed Iraqi" just before token ``start``."""
    data = loaded()
    country = patron = demonym = None
    i = start
    if i > 0 and fold(doc[i - 1].text) in data.demonyms:
        country, demonym = data.demonyms[fold(doc[i - 1].text)]
        i -= 1
    if i >= 3 and doc[i - 1].text.lower() in data.backing_words and doc[i - 2].text == "-":
        backer = fold(doc[i - 3].text)
        code = data.demonyms.get(backer, (data.country_names.get(backer), None))[0]
        if code:
            patron = code
            i -= 3
    return i, country, patron, demonym


WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


@lru_cache(maxsize=1)
def subdivision_countries() -> dict[tuple[str, ...], str]:
    """Folded words of a top-level ISO 3166-2 subdivision name -> its country, for names in one country only."""
    stopwords = {fold(w) for w in actor_rules().subdivision_stopwords}
    owners: dict[tuple[str, ...], set[str]] = {}
    for subdivision in iso_subdivisions():
        # Lower levels (Estonian parishes, Portuguese districts) share too many names with towns elsewhere.
        if subdivision.parent_code is None:
            words = tuple(fold(w) for w in WORD.findall(subdivision.name))
            if words and " ".join(words) not in stopwords:
                owners.setdefault(words, set()).add(subdivision.country_code)
    return {words: codes.pop() for words, codes in owners.items() if len(codes) == 1}


def _country_votes(text: str, weight: int, counts: Counter[str]) -> None:
    """Add ``weight`` per demonym, and more per country, city or province name, written capitalised in ``text``."""
    data = loaded()
    subdivisions = subdivision_countries()
    capitals = {**data.cities, **{fold(c): code for c, code in data.capitals.items()}}
    matches = list(WORD.finditer(text))
    words = [m.group() for m in matches]
    folded = [fold(w) for w in words]
    i = 0
    while i < len(words):
        step, code, votes = 1, None, weight
        if words[i][:1].isupper():
            code = data.demonyms.get(folded[i], (None,))[0]
            for length in range(3, 0, -1) if code is None else ():
                phrase = tuple(folded[i : i + length])
                code = data.country_names.get(" ".join(phrase)) or capitals.get(" ".join(phrase))
                if code is None and not _runs_on(text, matches, i + length):
                    code = subdivisions.get(phrase)
                if code:
                    step, votes = length, weight * PLACE_COUNTRY_WEIGHT
                    break
        if code:
            counts[code] += votes
        i += step


_DIVISION_WORDS = frozenset({"province", "state", "region", "governorate", "district", "county", "department"})


def _runs_on(text: str, words: list[re.Match], i: int) -> bool:
    """Whether a capitalised name goes on at word ``i``: "Nelson" in "Nelson Mandela Bay" is no New Zealand region."""
    if not 0 < i < len(words) or text[words[i - 1].end() : words[i].start()] != " ":
        return False
    return words[i].group()[:1].isupper() and words[i].group().lower() not in _DIVISION_WORDS


def context_country(doc: Any, candidates: list[Found], title: str | None = None) -> str | None:
    """The country the article is mostly about, by its demonyms, country, capital and province names and the
    countries of the dictionary actors it names (the Taliban outvote a district that shares a Macedonian name)."""
    counts: Counter[str] = Counter()
    _country_votes(doc.text, 1, counts)
    if title:
        _country_votes(title, TITLE_COUNTRY_WEIGHT, counts)
    data = loaded()
    named = (data.by_id[f.actor_id] for f in candidates if f.kind == "name" and f.actor_id is not None and not f.ambiguous)
    # An actor without a country (an international organisation) votes for none.
    counts.update(actor.country_code for actor in named if actor.country_code is not None)
    for f in candidates:
        # "a Senegalese MINUSCA peacekeeper": the demonym gives the members' nationality, not where they are.
        demonym = fold(doc[f.start - 1].text) if f.kind == "name" and f.start > 0 else None
        if demonym in data.demonyms:
            counts[data.demonyms[demonym][0]] -= 1
    return counts.most_common(1)[0][0] if counts else None


def acled_name(name: str, code: str | None) -> str:
    """ACLED names a generic group with its country in brackets: "Rioters (Benin)"."""
    country = country_short_names().get(code or "")
    return f"{name} ({country})" if country else name
