"""The pattern data (data/date_patterns.yaml) and the regex pieces built from it."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ..resources import load_yaml


@lru_cache(maxsize=1)
def pattern_data() -> dict[str, Any]:
    return load_yaml("date_patterns.yaml")


def alternation(words: Any) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


def month_number(name: str) -> int:
    return pattern_data()["months"][name.rstrip(".").title()]


def count_of(raw: str) -> int:
    raw = raw.lower()
    return int(raw) if raw.isdigit() else pattern_data()["numbers"][raw]


def unit_of(raw: str) -> str:
    unit = raw.lower().rstrip("s")
    # "the previous night", "the following morning": a day away, told by its time of day.
    return "day" if unit in pattern_data()["times_of_day"] else unit


def month_regex(group: str) -> str:
    months = pattern_data()["months"]
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
    return rf"(?P<n>\d{{1,3}}|(?i:{alternation(pattern_data()['numbers'])}))"
