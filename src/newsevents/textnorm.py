"""Text normalisation every stage shares: folding, Arabic and English articles, determiners, number words
and the countries (data/countries.csv and pycountry, whose only home this is)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .resources import load_rules, load_table

# ---------------------------------------------------------------------------------------------- folding


def strip_marks(text: str) -> str:
    """Compatibility-decomposed text without its combining marks: "Ḩarīr" -> "Harir", "ﬁ" -> "fi"."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


@lru_cache(maxsize=1 << 16)  # the same names and words are folded over and over
def fold(text: str) -> str:
    """Case-, diacritic- and apostrophe-insensitive form of a text, whitespace collapsed."""
    text = strip_marks(text.replace("’", "'").replace("‘", "'")).replace("ı", "i")
    return " ".join(text.casefold().split())


def spaced(text: str) -> str:
    """Every run of non-word characters as one space, none at the ends: "al-Qa'ida!" -> "al Qa ida"."""
    return re.sub(r"[^\w]+", " ", text).strip()


def loose(text: str) -> str:
    """Lower case, no diacritics, punctuation as spaces: "Ahrar ash-Shām" -> "ahrar ash sham"."""
    return spaced(strip_marks(text).lower())


# ---------------------------------------------------------------------------------------------- articles

# The Arabic definite article as English news transliterates it: al/el, its forms assimilated to a
# sun letter ("ash-Shabaab", "ad-Dawr") and the ud/ul that join South Asian compound names ("ud-Din").
FREE_ARTICLES = ("al", "el")  # the two that also stand as a word of their own ("al Qaim", "El Fasher")
SUN_LETTER_ARTICLES = ("ad", "ash", "an", "as", "at", "az", "ar")
ARABIC_ARTICLES = frozenset((*FREE_ARTICLES, *SUN_LETTER_ARTICLES, "ath", "adh", "ud", "ul"))
# The English articles an alias or phrase may open with ("the Taliban", "an armed group").
ENGLISH_ARTICLES = ("the", "a", "an")
ARTICLE_PREFIX = re.compile(rf"^(?:{'|'.join(ENGLISH_ARTICLES)})\s+", re.IGNORECASE)
# Determiners of a phrase that points back to something named before ("those militias", "the attack").
DEFINITE_DETERMINERS = frozenset({"the", "this", "that", "these", "those"})


def alternation(words: Iterable[str]) -> str:
    """Regex alternation of literal words, longest first so that no word shadows a longer one."""
    return "|".join(re.escape(word) for word in sorted(words, key=lambda w: (-len(w), w)))


# ------------------------------------------------------------------------------------------ number words


@dataclass(frozen=True)
class NumberWords:
    """data/number_words.yaml."""

    cardinals: dict[str, int]


def cardinals() -> dict[str, int]:
    """Cardinal number words and their values ("seven" -> 7, "thousand" -> 1000)."""
    words: NumberWords = load_rules("number_words.yaml", NumberWords)
    return words.cardinals


# --------------------------------------------------------------------------------------------- countries


@dataclass(frozen=True)
class Country:
    """One row of data/countries.csv: a state whose bodies the actor dictionary generates."""

    iso2: str
    name: str  # short English name, as in "Military Forces of <name>"
    demonyms: tuple[str, ...]  # the first is the canonical one
    capital: str  # "" when the file gives none
    aliases: tuple[str, ...]
    cities: tuple[str, ...]  # largest cities, country evidence only


def countries() -> tuple[Country, ...]:
    """The rows of data/countries.csv, in file order (loaded once)."""
    return load_table("countries.csv", Country)


@lru_cache(maxsize=1)
def country_short_names() -> dict[str, str]:
    """ISO2 -> short English name of every country of data/countries.csv."""
    return {country.iso2: country.name for country in countries()}


# pycountry is imported only here, and only when asked: it takes a while to load its databases.
def iso_countries() -> Any:
    """pycountry's ISO 3166-1 countries (iterable; records with alpha_2, name and maybe common_name)."""
    import pycountry

    return pycountry.countries


def iso_subdivisions() -> Any:
    """pycountry's ISO 3166-2 subdivisions (iterable; records with name, country_code and parent_code)."""
    import pycountry

    return pycountry.subdivisions


def iso_country(code: str) -> Any:
    """pycountry's record of an ISO 3166-1 alpha-2 code, None if there is no such country."""
    return iso_countries().get(alpha_2=code)


def iso_code(name: str, fuzzy: bool = False) -> str | None:
    """ISO2 of a country name or code ("Syria", "SY"); with ``fuzzy``, of the best partial match too."""
    try:
        return str(iso_countries().lookup(name).alpha_2)
    except LookupError:
        pass
    if not fuzzy:
        return None
    try:
        return str(iso_countries().search_fuzzy(name)[0].alpha_2)
    except LookupError:
        return None
