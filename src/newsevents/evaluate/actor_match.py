"""Lenient matching of a gold ACLED/GTD actor name against a predicted actor."""

from __future__ import annotations

import re
from functools import lru_cache

from ..textnorm import iso_code, iso_countries, loose

# Words that say what kind of actor, not which one; they are dropped before names are compared.
_GENERIC_ACTOR_WORDS = frozenset(
    "of the and in for from al el forces force group groups armed unidentified unknown military "
    "army police security state government militia militias men gunmen civilians civilian "
    "rioters protesters demonstrators".split()
)
# Coarse actor classes, found by keyword in a normalised ACLED name or in our name + type;
# the first class whose keyword occurs wins, so the specific ones come first.
_ACTOR_CLASSES = (
    ("unidentified armed group", ("unidentified", "unknown", "gunmen")),
    ("rioters", ("rioter", "mob")),
    ("protesters", ("protester", "demonstrator")),
    ("civilians", ("civilian",)),
    ("state forces", ("military", "army", "police", "security forces", "state forces", "government forces", "soldier")),
)


@lru_cache(maxsize=4096)
def _country_code(name: str) -> str | None:
    """ISO2 of a country name ("Afghanistan", "Democratic Republic of Congo"), None if it is not one."""
    if len(name) < 4 or not re.search(r"[A-Za-z]", name):  # short strings would hit alpha-2/3 codes
        return None
    return iso_code(name, fuzzy=True)


@lru_cache(maxsize=1)
def _country_words() -> frozenset[str]:
    """Single-word country names ("afghanistan", "nigeria"): they say where, not who."""
    names = set()
    for country in iso_countries():
        for attr in ("name", "common_name"):
            value = loose(getattr(country, attr, "") or "")
            if value and " " not in value:
                names.add(value)
    return frozenset(names)


def _bare_name(name: str) -> str:
    """Normalised name without parenthesised parts ("(2014-2021)", "(Afghanistan)")."""
    return loose(re.sub(r"\([^)]*\)", " ", name))


def _actor_core(name: str) -> set[str]:
    """Distinctive words of an actor name: no parenthesised parts, generic words or country names."""
    words = _bare_name(name).split()
    return {w for w in words if len(w) > 1 and w not in _GENERIC_ACTOR_WORDS and w not in _country_words()}


def _actor_class(text: str) -> str | None:
    normalised = loose(text)
    for label, keywords in _ACTOR_CLASSES:
        if any(keyword in normalised for keyword in keywords):
            return label
    return None


def _gold_actor_country(name: str, fallback: str | None) -> str | None:
    """Country named in an ACLED actor ("Civilians (Benin)", "Police Forces of Benin"), else the event's."""
    candidates = re.findall(r"\(([^)]*)\)", name)
    bare = re.sub(r"\([^)]*\)", " ", name)
    if " of " in bare:
        candidates.append(bare.rsplit(" of ", 1)[1])
    for candidate in candidates:
        code = _country_code(candidate.strip())
        if code:
            return code
    return fallback


def actor_matches(gold_name: str, predicted: dict | None, gold_country: str | None = None) -> bool:
    """Lenient actor match, documented in docs/BENCHMARKS.md.

    The actors match when their names are equal up to case, diacritics,
    punctuation and parenthesised parts (and no country contradicts), when
    their distinctive words overlap (after dropping parenthesised parts, generic
    words such as "forces" or "military", and country names), or when both fall
    in the same coarse class (state forces, rioters, protesters, civilians,
    unidentified armed group) of the same country. The gold country is the one
    the ACLED name gives, else ``gold_country`` (the event's country).
    """
    if not predicted or not predicted.get("name"):
        return False
    if _actor_core(gold_name) & _actor_core(predicted["name"]):
        return True
    country = _gold_actor_country(gold_name, gold_country)
    predicted_country = (predicted.get("country_code") or "").upper() or None
    if _bare_name(gold_name) == _bare_name(predicted["name"]):
        return country is None or predicted_country is None or country.upper() == predicted_country
    gold_class = _actor_class(gold_name)
    return (
        gold_class is not None
        and gold_class == _actor_class(f"{predicted['name']} {predicted.get('type') or ''}")
        and country is not None
        and country.upper() == predicted_country
    )
