"""The pattern data (data/date_patterns.yaml) and the regex pieces built from it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..resources import load_rules
from ..textnorm import alternation, cardinals


@dataclass(frozen=True)
class DatePatterns:
    """data/date_patterns.yaml (see its comments for what each list means)."""

    months: dict[str, int]
    weekdays: dict[str, int]
    counts: dict[str, int]
    seasons: dict[str, tuple[int, int]]
    year_parts: dict[str, tuple[int, int, str]]
    month_parts: dict[str, tuple[int, int]]
    future_cues: tuple[str, ...]
    not_year_before: tuple[str, ...]
    times_of_day: tuple[str, ...]


def pattern_data() -> DatePatterns:
    return load_rules("date_patterns.yaml", DatePatterns)


# Larger counts date background ("forty years ago"), not the events the article reports.
MAX_COUNT = 30


@lru_cache(maxsize=1)
def numbers() -> dict[str, int]:
    """Counts written as words: the cardinals up to MAX_COUNT and the time stage's own ("a few", "several")."""
    return {**{w: n for w, n in cardinals().items() if n <= MAX_COUNT}, **pattern_data().counts}


def month_number(name: str) -> int:
    return pattern_data().months[name.rstrip(".").title()]


def count_of(raw: str) -> int:
    raw = raw.lower()
    return int(raw) if raw.isdigit() else numbers()[raw]


def unit_of(raw: str) -> str:
    unit = raw.lower().rstrip("s")
    # "the previous night", "the following morning": a day away, told by its time of day.
    return "day" if unit in pattern_data().times_of_day else unit


def month_regex(group: str) -> str:
    months = pattern_data().months
    # Full names are the longest name of their month; only abbreviations take a dot ("Dec.", not "June.").
    longest = {number: max((n for n in months if months[n] == number), key=len) for number in months.values()}
    names = list(longest.values())
    short = [name for name in months if name not in names]
    full = alternation(names + [name.upper() for name in names])
    abbreviated = alternation(short + [name.upper() for name in short])
    return rf"(?P<{group}>(?:{full})\b|(?:{abbreviated})\b\.?)"


_DAY = r"(?P<{g}>[0-3]?\d)(?:st|nd|rd|th)?(?![\d:%])"
_YEAR = r"(?P<{g}>(?:19|20)\d{{2}})(?![\d%]|-\w|s\b)"


def day_regex(group: str) -> str:
    return _DAY.format(g=group)


def year_regex(group: str) -> str:
    return _YEAR.format(g=group)


def number_regex() -> str:
    return rf"(?P<n>\d{{1,3}}|(?i:{alternation(numbers())}))"
