"""Time stage: the article's reference date and every date expression resolved to a calendar period.

News states dates relative to the day it was written ("on Thursday", "last month",
"three days later"), so each article first gets a reference date (published date,
dateline, or inferred from the text), then every expression found in the text is
resolved against it, or against the previous resolved date for chained offsets.
Rules come first because they know the precision a date was stated with; dateparser
resolves spaCy DATE entities the rules did not cover.

Conventions (documented in docs and tests):
* ``date`` is the first day of the period, ``end`` its last day whenever the period
  is longer than a day; ``is_range`` marks expressions stated as spans ("since late
  2019", "between May 8 and 11", "over the past weeks").
* Year-less dates ("April 14", "in March", "on Thursday") take the nearest occurrence
  on or before the reference date, or on or after it when the sentence speaks of the
  future ("will meet on Thursday"); a day-month date up to YEARLESS_AHEAD_DAYS past
  the reference keeps the reference's year.
* Numeric dates are day-first ("18/12/2025") unless the article shows month-first
  dates (a first number above 12) or, when both readings are valid, the month-first
  reading is the one nearer the reference date; a reading left to that default is
  marked ``is_inferred``.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from .records import Analysis, DateMention, ReferenceDate, Span
from .resources import load_yaml

__all__ = ["resolve", "resolve_expression"]

# Confidence of a mention by how it was stated. Explicit dates with a year are
# near certain; year-less ones depend on the reference date; chained offsets depend
# on the right antecedent; a bare year without a preposition is as often an
# attribute ("the 2015 nuclear deal") as the time of an event.
CONFIDENCE_EXPLICIT = 0.95
CONFIDENCE_YEARLESS = 0.85
CONFIDENCE_RELATIVE = 0.8
CONFIDENCE_CHAINED = 0.7
CONFIDENCE_HINT = 0.5
CONFIDENCE_BARE_YEAR = 0.3
# Multiplies the confidence of anything resolved against an inferred reference
# date or by a guess (ambiguous numeric order, chained offset without antecedent).
INFERRED_FACTOR = 0.6

# Confidence of the reference date by its basis. A dateline is written by the
# source itself; the latest full date in the body is usually the day of the news
# but may be older; a caption date is only when the photo was taken.
REFERENCE_CONFIDENCE = {"published": 1.0, "dateline": 0.9, "text": 0.4, "caption": 0.25}
# Datelines sit in the first lines of an article.
DATELINE_WINDOW = 300
# How far back from a date the sentence is searched for a future cue ("will").
FUTURE_CUE_WINDOW = 120

# A year-less date at most this many days after the reference keeps the reference's year (or
# the next one across New Year): a range running past a note's date ("between 31 May - 1 June")
# or a report dated a day early, not a date almost a year back.
YEARLESS_AHEAD_DAYS = 7

# An ambiguous numeric date (05/08/2013) takes the reading nearer the reference
# date if that one is within this many days of it: reports are rarely older.
NUMERIC_NEAR_DAYS = 31

# Confidence factors for where a date stands. "by the end of the year" is a deadline or an upper
# bound, not when something happened. A date hanging off a noun ("the war ... a year ago", "an
# assessment published in April") dates that thing rather than the sentence's event; one inside a
# clause that modifies a noun dates that clause, a weaker but still indirect link. Only offsets
# from the reference ("a year ago", "this year") get these: a calendar date on a noun ("the attack of
# May 8") usually dates an event told as a noun.
BOUND_FACTOR = 0.6
NOUN_ATTACHED_FACTOR = 0.6
CLAUSE_ATTACHED_FACTOR = 0.75

_PRECISION_ORDER = ("day", "week", "month", "quarter", "year")


@dataclass(frozen=True)
class _Period:
    """A resolved period before it becomes a DateMention."""

    start: date
    last: date
    precision: str
    confidence: float
    is_range: bool = False
    uses_reference: bool = False  # resolved against the reference date (or the previous date)
    guessed: bool = False


@dataclass(frozen=True)
class _Context:
    reference: date | None
    previous: date | None  # last day-precision date in the article, for chained offsets
    future: bool
    month_first: bool | None  # article-level numeric order: True mm/dd, False dd/mm, None unknown


@dataclass(frozen=True)
class _Rule:
    name: str
    pattern: re.Pattern[str]
    handler: Callable[[re.Match[str], _Context], _Period | None]


# --------------------------------------------------------------------- calendar helpers


def _month_last(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _shift_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _shift(day: date, count: int, unit: str) -> date:
    if unit == "day":
        return day + timedelta(days=count)
    if unit == "week":
        return day + timedelta(weeks=count)
    if unit == "month":
        return _shift_months(day, count)
    if unit == "decade":
        return _shift_months(day, 120 * count)
    return _shift_months(day, 12 * count)


def _unit_period(day: date, unit: str) -> tuple[date, date]:
    """The calendar day, week (Monday-Sunday), month or year that contains ``day``."""
    if unit == "week":
        start = day - timedelta(days=day.weekday())
        return start, start + timedelta(days=6)
    if unit == "month":
        return day.replace(day=1), _month_last(day.year, day.month)
    if unit == "year":
        return date(day.year, 1, 1), date(day.year, 12, 31)
    return day, day


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _year_of(raw: str) -> int:
    year = int(raw)
    # Two-digit years in numeric dates ("18/12/25") are this century's.
    return year + 2000 if year < 100 else year


def _nearest_year(month: int, day: int, reference: date, future: bool) -> int:
    """Year putting month/day nearest on or before (or on or after, for the future) the reference."""
    if future:
        return reference.year if (month, day) >= (reference.month, reference.day) else reference.year + 1
    latest = reference + timedelta(days=YEARLESS_AHEAD_DAYS)
    for year in (reference.year + 1, reference.year):
        if date(year, month, min(day, calendar.monthrange(year, month)[1])) <= latest:
            return year
    return reference.year - 1


# --------------------------------------------------------------------- data and patterns


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    return load_yaml("date_patterns.yaml")


def _alternation(words: Any) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


def _month(name: str) -> int:
    return _data()["months"][name.rstrip(".").title()]


def _count(raw: str) -> int:
    raw = raw.lower()
    return int(raw) if raw.isdigit() else _data()["numbers"][raw]


def _unit(raw: str) -> str:
    unit = raw.lower().rstrip("s")
    # "the previous night", "the following morning": a day away, told by its time of day.
    return "day" if unit in _data()["times_of_day"] else unit


def _month_regex(group: str) -> str:
    months = _data()["months"]
    # Full names are the longest name of their month; only abbreviations take a dot ("Dec.", not "June.").
    longest = {number: max((n for n in months if months[n] == number), key=len) for number in months.values()}
    names = list(longest.values())
    short = [name for name in months if name not in names]
    full = _alternation(names + [name.upper() for name in names])
    abbreviated = _alternation(short + [name.upper() for name in short])
    return rf"(?P<{group}>(?:{full})\b|(?:{abbreviated})\b\.?)"


_DAY = r"(?P<{g}>[0-3]?\d)(?:st|nd|rd|th)?(?![\d:%])"
_YEAR = r"(?P<{g}>(?:19|20)\d{{2}})(?![\d%]|-\w|s\b)"


def _day(group: str) -> str:
    return _DAY.format(g=group)


def _year(group: str) -> str:
    return _YEAR.format(g=group)


def _number_regex() -> str:
    return rf"(?P<n>\d{{1,3}}|(?i:{_alternation(_data()['numbers'])}))"


# --------------------------------------------------------------------- handlers


def _explicit(year: int, month: int, day: int) -> _Period | None:
    found = _safe_date(year, month, day)
    return _Period(found, found, "day", CONFIDENCE_EXPLICIT) if found else None


def _yearless(month: int, day: int, ctx: _Context) -> _Period | None:
    if ctx.reference is None or _safe_date(2000, month, day) is None:  # 2000 is a leap year
        return None
    year = _nearest_year(month, day, ctx.reference, ctx.future)
    found = _safe_date(year, month, day) or date(year, month, day - 1)
    return _Period(found, found, "day", CONFIDENCE_YEARLESS, uses_reference=True)


def _iso(m: re.Match[str], ctx: _Context) -> _Period | None:
    return _explicit(int(m["y"]), int(m["m"]), int(m["d"]))


def _numeric_order(
    first: int, second: int, year: int | None, ctx: _Context, dotted: bool = False
) -> tuple[int, int, bool] | None:
    """(month, day, guessed) of a numeric date such as 05/08/2013."""
    day_first_ok = 1 <= second <= 12 and 1 <= first <= 31
    month_first_ok = 1 <= first <= 12 and 1 <= second <= 31
    if not (day_first_ok or month_first_ok):
        return None
    # Dotted dates (12.06.2016) are a European, day-first habit.
    if day_first_ok != month_first_ok or first == second or dotted:
        return (second, first, False) if day_first_ok else (first, second, False)
    if ctx.month_first is not None:
        return (first, second, False) if ctx.month_first else (second, first, False)
    if ctx.reference is not None:
        readings = [(second, first), (first, second)]
        distances = []
        for month, day in readings:
            chosen_year = year if year is not None else _nearest_year(month, day, ctx.reference, ctx.future)
            found = _safe_date(chosen_year, month, day)
            distances.append(abs((found - ctx.reference).days) if found else 10**6)
        nearest = distances.index(min(distances))
        if distances[nearest] <= NUMERIC_NEAR_DAYS and distances[nearest] < distances[1 - nearest]:
            month, day = readings[nearest]
            return month, day, False
    return second, first, True


def _numeric(m: re.Match[str], ctx: _Context) -> _Period | None:
    year = _year_of(m["y"]) if m["y"] else None
    order = _numeric_order(int(m["a"]), int(m["b"]), year, ctx, dotted=m.group(0).count(".") > 1)
    if order is None:
        return None
    month, day, guessed = order
    period = _explicit(year, month, day) if year is not None else _yearless(month, day, ctx)
    return replace(period, guessed=guessed) if period else None


def _day_month(m: re.Match[str], ctx: _Context) -> _Period | None:
    month, day = _month(m["mon"]), int(m["day"])
    return _explicit(int(m["year"]), month, day) if m["year"] else _yearless(month, day, ctx)


def _month_year(m: re.Match[str], ctx: _Context) -> _Period | None:
    year, month = int(m["year"]), _month(m["mon"])
    return _month_period(year, month, m["part"], CONFIDENCE_EXPLICIT, False)


def _month_period(year: int, month: int, part: str | None, confidence: float, uses_reference: bool) -> _Period:
    last = _month_last(year, month)
    if not part:
        return _Period(date(year, month, 1), last, "month", confidence, uses_reference=uses_reference)
    first_day, last_day = _data()["month_parts"][_part_key(part)]
    return _Period(
        date(year, month, first_day), date(year, month, min(last_day, last.day)), "week", confidence,
        uses_reference=uses_reference,
    )


def _part_key(raw: str) -> str:
    """'mid-', 'the end of', 'Late' -> 'mid', 'end', 'late'."""
    words = re.sub(r"\b(?:the|of|in)\b|-", " ", raw.lower()).split()
    return " ".join(words)


def _month_alone(m: re.Match[str], ctx: _Context) -> _Period | None:
    if ctx.reference is None:
        return None
    month = _month(m["mon"])
    ref = ctx.reference
    relative = (m["rel"] or "").lower()
    if m["ry"]:
        year = ref.year + {"last": -1, "this": 0, "next": 1}[m["ry"].lower()]
    elif relative == "next" or (ctx.future and relative != "last"):
        year = ref.year if month > ref.month or (month == ref.month and relative != "next") else ref.year + 1
    elif relative == "last":
        year = ref.year if month < ref.month else ref.year - 1
    else:
        year = ref.year if month <= ref.month else ref.year - 1
    return _month_period(year, month, m["part"], CONFIDENCE_YEARLESS, True)


def _relative_year(raw: str, reference: date | None) -> int | None:
    """Year of 'the year', 'this year', 'last year', 'next year', 'the previous year'."""
    if reference is None:
        return None
    words = raw.lower().split()
    offset = {"last": -1, "previous": -1, "next": 1, "following": 1, "coming": 1}.get(words[0], 0)
    return reference.year + offset


def _year_part(m: re.Match[str], ctx: _Context) -> _Period | None:
    year = int(m["year"]) if m["year"] else _relative_year(m["relyear"], ctx.reference)
    if year is None:
        return None
    first_month, last_month, precision = _data()["year_parts"][_part_key(m["part"])]
    confidence = CONFIDENCE_EXPLICIT if m["year"] else CONFIDENCE_RELATIVE
    return _Period(
        date(year, first_month, 1), _month_last(year, last_month), precision, confidence,
        uses_reference=not m["year"],
    )


def _season(m: re.Match[str], ctx: _Context) -> _Period | None:
    first_month, last_month = _data()["seasons"][m["season"].lower()]
    relative = (m["rel"] or "").lower()
    if m["year"]:
        year, uses_reference = int(m["year"]), False
    elif ctx.reference is None:
        return None
    else:
        ref, uses_reference = ctx.reference, True
        # The latest occurrence that has begun by the reference date; "last" skips the current one.
        year = ref.year if ref.month >= first_month else ref.year - 1
        if relative == "last" or relative == "past":
            year -= 1 if _season_contains(year, first_month, last_month, ref) else 0
        elif relative == "next" or (ctx.future and relative != "this"):
            year += 1
    last_year = year + 1 if last_month < first_month else year
    period = _Period(
        date(year, first_month, 1), _month_last(last_year, last_month), "quarter",
        CONFIDENCE_RELATIVE if uses_reference else CONFIDENCE_EXPLICIT, uses_reference=uses_reference,
    )
    if m["part"]:
        # "early spring": the first, middle or last month of the season.
        offset = {"early": 0, "mid": 1, "middle": 1, "late": 2}[_part_key(m["part"])]
        month_start = _shift_months(period.start, offset)
        period = replace(period, start=month_start, last=_month_last(month_start.year, month_start.month), precision="month")
    return period


def _season_contains(year: int, first_month: int, last_month: int, day: date) -> bool:
    last_year = year + 1 if last_month < first_month else year
    return date(year, first_month, 1) <= day <= _month_last(last_year, last_month)


_RELATIVE_DAYS = {
    "the day before yesterday": -2,
    "day before yesterday": -2,
    "the day after tomorrow": 2,
    "yesterday": -1,
    "last night": -1,
    "today": 0,
    "tonight": 0,
    "this morning": 0,
    "this afternoon": 0,
    "this evening": 0,
    "earlier today": 0,
    "tomorrow": 1,
}


def _relative_day(m: re.Match[str], ctx: _Context) -> _Period | None:
    if ctx.reference is None:
        return None
    found = ctx.reference + timedelta(days=_RELATIVE_DAYS[m["word"].lower()])
    return _Period(found, found, "day", CONFIDENCE_RELATIVE, uses_reference=True)


def _relative_period(m: re.Match[str], ctx: _Context) -> _Period | None:
    """'last week', 'this month', 'next year', 'earlier this year'."""
    if ctx.reference is None:
        return None
    unit = _unit(m["unit"])
    offset = {"last": -1, "previous": -1, "past": -1, "next": 1, "coming": 1}.get(m["rel"].lower(), 0)
    start, last = _unit_period(_shift(ctx.reference, offset, unit), unit)
    return _Period(start, last, unit, CONFIDENCE_RELATIVE, uses_reference=True)


def _ago(m: re.Match[str], ctx: _Context) -> _Period | None:
    if ctx.reference is None:
        return None
    unit = _unit(m["unit"])
    found = _shift(ctx.reference, -_count(m["n"]), unit)
    # "a year ago" points at a day a year back, but is stated with year precision.
    precision = unit if unit in _PRECISION_ORDER else "year"
    return _Period(found, found, precision, CONFIDENCE_RELATIVE, uses_reference=True)


def _past_span(m: re.Match[str], ctx: _Context) -> _Period | None:
    """'over the past two months', 'in recent weeks', 'the coming days' as a range ending (or starting) at the reference."""
    if ctx.reference is None:
        return None
    unit = _unit(m["unit"])
    plural = m["unit"].lower().endswith("s")
    count = _count(m["n"]) if m["n"] else (_data()["numbers"]["several"] if plural else 1)
    precision = unit if unit in _PRECISION_ORDER else "year"
    if (m["rel"] or "").lower() in ("coming", "next"):
        return _Period(ctx.reference, _shift(ctx.reference, count, unit), precision, CONFIDENCE_RELATIVE, True, True)
    return _Period(_shift(ctx.reference, -count, unit), ctx.reference, precision, CONFIDENCE_RELATIVE, True, True)


def _chained(m: re.Match[str], ctx: _Context) -> _Period | None:
    """'three days later', 'the next day', 'a day before': relative to the previous date in the article."""
    anchor = ctx.previous or ctx.reference
    if anchor is None:
        return None
    if m["same"]:
        count, unit = 0, "day"
    elif m["next"]:
        count, unit = (1 if m["next"].lower() in ("next", "following") else -1), _unit(m["unit2"])
    else:
        count = _count(m["n"]) if m["n"] else 1
        unit = _unit(m["unit"])
        count = -count if m["dir"].lower() in ("earlier", "before", "prior") else count
    found = _shift(anchor, count, unit)
    start, last = (found, found) if unit == "day" else _unit_period(found, unit)
    precision = unit if unit in _PRECISION_ORDER else "year"
    return _Period(start, last, precision, CONFIDENCE_CHAINED, uses_reference=True, guessed=ctx.previous is None)


def _weekday(m: re.Match[str], ctx: _Context) -> _Period | None:
    if ctx.reference is None:
        return None
    weekday = _data()["weekdays"][m["wd"].title()]
    relative = (m["rel"] or "").lower()
    back = (ctx.reference.weekday() - weekday) % 7
    if relative == "next" or (ctx.future and relative not in ("last", "past")):
        ahead = (weekday - ctx.reference.weekday()) % 7
        found = ctx.reference + timedelta(days=ahead or (7 if relative == "next" else 0))
    else:
        found = ctx.reference - timedelta(days=back or (7 if relative in ("last", "past") else 0))
    return _Period(found, found, "day", CONFIDENCE_RELATIVE, uses_reference=True)


def _year_alone(m: re.Match[str], ctx: _Context) -> _Period | None:
    year = int(m["year"])
    confidence = CONFIDENCE_EXPLICIT if m["pre"] else CONFIDENCE_BARE_YEAR
    if m["decade"]:
        return _Period(date(year, 1, 1), date(year + 9, 12, 31), "year", confidence, is_range=True)
    return _Period(date(year, 1, 1), date(year, 12, 31), "year", confidence)


def _day_range(m: re.Match[str], ctx: _Context) -> _Period | None:
    """'between May 8 and 11', 'from 8 to 11 May 2021', 'May 8-11'."""
    month = _month(m["mon"])
    first, second = int(m["day"]), int(m["day2"])
    if second <= first:
        return None
    if m["year"]:
        start, last = _safe_date(int(m["year"]), month, first), _safe_date(int(m["year"]), month, second)
        uses_reference = False
    elif ctx.reference is None:
        return None
    else:
        year = _nearest_year(month, first, ctx.reference, ctx.future)
        start, last, uses_reference = _safe_date(year, month, first), _safe_date(year, month, second), True
    if start is None or last is None:
        return None
    confidence = CONFIDENCE_YEARLESS if uses_reference else CONFIDENCE_EXPLICIT
    return _Period(start, last, "day", confidence, is_range=True, uses_reference=uses_reference)


# --------------------------------------------------------------------- rules


@lru_cache(maxsize=1)
def _rules() -> tuple[_Rule, ...]:
    data = _data()
    month = _month_regex("mon")
    day, day2, year = _day("day"), _day("day2"), _year("year")
    number = _number_regex()
    unit = r"(?P<unit>(?i:days?|weeks?|months?|years?|decades?))"
    weekdays = _alternation(list(data["weekdays"]) + [name.upper() for name in data["weekdays"]])
    times = _alternation(data["times_of_day"])
    month_part = r"(?P<part>(?i:early|mid-?|middle of|late|(?:the )?(?:beginning|start|end|middle) of))\s*"
    year_part = r"(?P<part>(?i:early|mid-?|late|(?:the )?(?:beginning|start|end|middle|(?:first|second) half|(?:first|second|third|fourth) quarter) of))\s*"
    relative_year = r"(?P<relyear>(?i:the year|this year|last year|next year|the (?:previous|following|current) year))"
    seasons = _alternation(data["seasons"])
    # "and" joins a range only after "between": "on 17 and 21 June" is two days.
    range_join = r"(?:-|–|(?i:to|until|through)\b|(?(between)(?i:and)\b|(?!)))"
    # Notes run an abbreviated month into its day ("Jun.19-20").
    month_gap = r"(?:\s+|(?<=\.))"
    b = r"(?<![\w$£€#.,/-])"  # number boundary: not inside "2,015", "$2015" or "MQ-9"
    specs: list[tuple[str, str, Callable[[re.Match[str], _Context], _Period | None]]] = [
        ("iso", rf"{b}(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?![\d])", _iso),
        ("numeric", rf"{b}(?P<a>[0-3]?\d)([/.])(?P<b>[0-3]?\d)\2(?P<y>(?:19|20)\d\d|\d\d)(?![\d/.]\d|\d)", _numeric),
        (
            "numeric_yearless",
            rf"(?i:\b(?:on|of|since|and|to|until|from|between|dated)\s+)(?P<x>(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d))(?![\d/])(?P<y>)",
            _numeric,
        ),
        (
            "day_range",
            rf"(?:(?P<between>(?i:between))\s+|(?i:from)\s+)?{month}{month_gap}{day}\s*{range_join}\s*{day2}(?:\s*,?\s+{year})?",
            _day_range,
        ),
        (
            "day_range",
            rf"(?:(?P<between>(?i:between))\s+|(?i:from)\s+)?\b{day}\s*{range_join}\s*{day2}\s+{month}(?:\s*,?\s+{year})?",
            _day_range,
        ),
        # "on 17 and 21 June": the first day of a list takes the month (and year) at its end.
        (
            "day_month",
            rf"\b(?P<x>{day})(?=\s*(?:,|&|(?i:and|or))\s*(?:[0-3]?\d\s*(?:,|&|(?i:and|or))\s*)*{day2}\s+{month}(?:\s*,?\s+{year})?)",
            _day_month,
        ),
        ("day_month", rf"\b{day}(?:\s+of)?\s+{month}(?:\s*,?\s+{year})?", _day_month),
        ("month_day", rf"{month}{month_gap}{day}(?:\s*,?\s+{year})?", _day_month),
        ("month_year", rf"(?:{month_part})?{month}\s*,?\s+(?:of\s+)?{year}", _month_year),
        ("year_part", rf"\b{year_part}(?:{year}|{relative_year})", _year_part),
        (
            "month_alone",
            rf"(?P<x>(?:(?P<rel>(?i:last|next|this))\s+|{month_part}){month}(?:\s+(?P<ry>(?i:last|this|next))\s+(?i:year))?)",
            _month_alone,
        ),
        (
            "month_alone",
            rf"(?P<rel>)(?P<part>)(?i:\b(?:in|since|by|until|till|from|during|of|through|before|after|between|and|to)\s+)"
            rf"(?P<x>{month}(?:\s+(?P<ry>(?i:last|this|next))\s+(?i:year))?)",
            _month_alone,
        ),
        ("month_alone", rf"(?P<rel>)(?P<part>)(?P<x>{month}\s+(?P<ry>(?i:last|this|next))\s+(?i:year))", _month_alone),
        (
            "season",
            rf"(?i:\b(?:(?P<rel>last|this|next|past)\s+|(?:in|during|by|since|until|through|over) the\s+|(?P<part>early|mid-?|late)\s+))(?P<season>(?i:{seasons}))(?:\s+(?:of\s+)?{year})?",
            _season,
        ),
        ("season", rf"(?P<rel>)(?P<part>)\b(?P<season>(?i:{seasons}))\s+(?:of\s+)?{year}", _season),
        ("relative_day", rf"(?i:\b(?P<word>{_alternation(_RELATIVE_DAYS)})\b)", _relative_day),
        (
            "past_span",
            rf"(?i:\b(?:(?:over|in|during|within|for|throughout)\s+)?(?:the\s+(?P<rel>past|last|previous|coming|next)|recent))"
            rf"\s+(?:{number}\s+)?(?P<unit>(?i:days|weeks|months|years|decades))\b",
            _past_span,
        ),
        (
            "past_span",
            r"(?i:\b(?:(?:over|in|during|within|for|throughout)\s+)?the\s+(?P<rel>past|last)\s+(?P<n>)(?P<unit>day|week|month|year))\b",
            _past_span,
        ),
        (
            "relative_period",
            r"(?i:\b(?:(?:earlier|later)\s+)?(?P<rel>last|this|next|previous|past|coming|current)\s+(?P<unit>week|month|year))\b",
            _relative_period,
        ),
        ("ago", rf"(?i:\b{number}\s+{unit}\s+ago)\b", _ago),
        (
            "chained",
            rf"(?i:\b(?:(?:{number}|the)\s+{unit}\s+(?P<dir>later|earlier|afterwards?|after|before|prior)"
            rf"|the\s+(?P<next>next|following|previous|preceding)\s+(?P<unit2>day|week|month|year|{times})"
            rf"|(?P<same>the same (?:day|{times})|(?:later )?that (?:same )?(?:day|{times})|hours later)))\b",
            _chained,
        ),
        (
            "weekday",
            rf"(?:(?P<rel>(?i:last|next|this|past))\s+)?\b(?P<wd>{weekdays})\b(?:'s)?(?:\s+(?i:{times})\b)?",
            _weekday,
        ),
        (
            "year",
            rf"(?P<pre>(?i:\b(?:in|since|by|until|till|from|during|of|through|before|after|between|and|to|early|late|mid-?)\s*))?"
            rf"(?P<x>{b}(?P<year>(?:19|20)\d\d)(?P<decade>(?<=0)s)?)(?![\w%]|-\w|[,.]\d)",
            _year_alone,
        ),
    ]
    return tuple(_Rule(name, re.compile(pattern), handler) for name, pattern, handler in specs)


# --------------------------------------------------------------------- scanning


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    rule: _Rule
    match: re.Match[str]


@lru_cache(maxsize=1)
def _guards() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    data = _data()
    not_year = re.compile(rf"(?i:(?:{_alternation(data['not_year_before'])})\.?\s*)$")
    future = re.compile(rf"(?i)\b(?:{'|'.join(data['future_cues'])})\b")
    # "a day after Hamas attacked": an offset from an event we have no date for.
    unanchored = re.compile(r"\s+(?!(?:the|this|that|its|his|her|their)\b)[\w\"“]")
    plural_noun = re.compile(r"\s+[a-z]+s\b")
    return not_year, future, unanchored, plural_noun


def _span_of(match: re.Match[str]) -> tuple[int, int]:
    return match.span("x") if "x" in match.re.groupindex and match["x"] is not None else match.span()


def _candidates(text: str) -> list[_Candidate]:
    """Non-overlapping date expressions, longest first, in text order."""
    not_year, _, unanchored, plural_noun = _guards()
    found: list[tuple[int, int, int, _Candidate]] = []
    for priority, rule in enumerate(_rules()):
        for match in rule.pattern.finditer(text):
            start, end = _span_of(match)
            if rule.name == "year":
                if not_year.search(text, max(0, start - 14), start):
                    continue
                if match["pre"] is None and plural_noun.match(text, end):
                    continue  # "2000 troops"
            if rule.name == "chained" and match["dir"] and match["dir"].lower() in ("after", "before"):
                if unanchored.match(text, end) or re.search(r",\s*$", text[max(0, start - 3) : start]):
                    continue
            found.append((start, -(end - start), priority, _Candidate(start, end, rule, match)))
    found.sort(key=lambda item: item[:3])
    chosen: list[_Candidate] = []
    taken_until = -1
    for start, _, _, candidate in found:
        if start >= taken_until:
            chosen.append(candidate)
            taken_until = candidate.end
    return chosen


def _month_first(candidates: list[_Candidate]) -> bool | None:
    """Numeric order shown by the article itself: a first number above 12 is a day."""
    votes = set()
    for candidate in candidates:
        if candidate.rule.handler is _numeric:
            first, second = int(candidate.match["a"]), int(candidate.match["b"])
            if first > 12 >= second:
                votes.add(False)
            elif second > 12 >= first:
                votes.add(True)
    return votes.pop() if len(votes) == 1 else None


def _sentence_start(text: str, position: int, sentences: tuple[Span, ...]) -> int:
    for sentence in sentences:
        if sentence.start <= position < sentence.end:
            return sentence.start
    boundary = max(text.rfind(". ", 0, position), text.rfind("\n", 0, position), text.rfind("? ", 0, position))
    return boundary + 1


def _is_future(text: str, start: int, sentences: tuple[Span, ...]) -> bool:
    window_start = max(_sentence_start(text, start, sentences), start - FUTURE_CUE_WINDOW)
    return bool(_guards()[1].search(text, window_start, start))


# --------------------------------------------------------------------- mentions


def _mentions(
    text: str,
    reference: ReferenceDate,
    sentences: tuple[Span, ...] = (),
    candidates: list[_Candidate] | None = None,
    previous: date | None = None,
) -> list[DateMention]:
    """Every date expression in ``text`` resolved against ``reference``, in text order."""
    candidates = _candidates(text) if candidates is None else candidates
    ref = date.fromisoformat(reference.date) if reference.date else None
    month_first = _month_first(candidates)
    mentions: list[DateMention] = []
    for candidate in candidates:
        ctx = _Context(ref, previous, _is_future(text, candidate.start, sentences), month_first)
        period = candidate.rule.handler(candidate.match, ctx)
        if period is None:
            if ref is None and candidate.rule.name in _NEEDS_REFERENCE:
                # Stated but not placeable without a reference date: kept, undated, so no other date stands in.
                span = Span.of(text, candidate.start, candidate.end)
                mentions.append(DateMention(span, None, None, is_inferred=True, confidence=0.0))
            continue
        start = candidate.start
        since = re.search(r"(?i:\bsince\s+)$", text[max(0, start - 8) : start])
        if since and ref is not None and period.start <= ref and not period.is_range:
            start -= len(since.group())
            period = replace(period, last=ref, is_range=True)
        if _BOUND.search(text, max(0, start - 16), start):
            period = replace(period, confidence=period.confidence * BOUND_FACTOR)
        mention = _to_mention(Span.of(text, start, candidate.end), period, reference)
        mentions.append(mention)
        if period.precision == "day" and not period.is_range:
            previous = period.start
    return _merge_ranges(text, mentions)


_BOUND = re.compile(r"(?i:\b(?:by|until|till|before|ahead of|no later than)\s+)$")


_OFFSET_WORDS = re.compile(
    r"(?i)\b(?:ago|last|past|this|next|recent|earlier|later|previous|coming|yesterday|today|tomorrow|tonight)\b"
)


def _attachment_factor(doc: Any, span: Span) -> float:
    """How directly a relative offset dates its sentence's main event, from the dependency parse."""
    if not _OFFSET_WORDS.search(span.text):
        return 1.0
    tokens = doc.char_span(span.start, span.end, alignment_mode="expand")
    if tokens is None or len(tokens) == 0 or tokens.root.dep_ == "ROOT":
        return 1.0
    governor = tokens.root.head
    if governor.pos_ == "ADP" and governor.dep_ != "ROOT":
        governor = governor.head  # "on Thursday": the preposition's head is what the date modifies
    if governor.pos_ in {"NOUN", "PROPN", "PRON"} and tokens.root.dep_ not in {"nsubj", "nsubjpass", "attr"}:
        return NOUN_ATTACHED_FACTOR
    token = governor
    while token.dep_ != "ROOT" and token.head.i != token.i:
        if token.dep_ in {"relcl", "acl"}:
            return CLAUSE_ATTACHED_FACTOR
        token = token.head
    return 1.0


# Rules whose expressions cannot be placed without a reference date.
_NEEDS_REFERENCE = frozenset(
    {"numeric_yearless", "day_range", "day_month", "month_day", "month_alone", "season", "relative_day",
     "past_span", "relative_period", "ago", "chained", "weekday"}
)


def _to_mention(span: Span, period: _Period, reference: ReferenceDate) -> DateMention:
    inferred = period.guessed or (period.uses_reference and reference.is_inferred)
    confidence = period.confidence * (INFERRED_FACTOR if inferred else 1.0)
    return DateMention(
        span=span,
        date=period.start.isoformat(),
        precision=period.precision,
        end=period.last.isoformat() if period.last != period.start else None,
        is_range=period.is_range,
        is_inferred=inferred,
        confidence=round(confidence, 3),
    )


_RANGE_OPEN = re.compile(r"(?i:\b(?:between|from)\s+)$")
_RANGE_JOIN = re.compile(r"(?i:\s*(?:and|to|until|till|through|-|–)\s*)")


def _merge_ranges(text: str, mentions: list[DateMention]) -> list[DateMention]:
    """'between 2019 and 2021', 'from March 3 to April 5': two mentions become one range."""
    merged: list[DateMention] = []
    index = 0
    while index < len(mentions):
        first = mentions[index]
        second = mentions[index + 1] if index + 1 < len(mentions) else None
        opener = _RANGE_OPEN.search(text[max(0, first.span.start - 9) : first.span.start])
        if (
            second is not None
            and opener
            and _RANGE_JOIN.fullmatch(text[first.span.end : second.span.start])
            and first.date is not None
            and second.date is not None
            and first.date <= second.date
        ):
            precision = max(first.precision, second.precision, key=_PRECISION_ORDER.index)
            start = first.span.start - len(opener.group())
            merged.append(
                DateMention(
                    span=Span.of(text, start, second.span.end),
                    date=first.date,
                    precision=precision,
                    end=second.end or second.date,
                    is_range=True,
                    is_inferred=first.is_inferred or second.is_inferred,
                    confidence=min(first.confidence, second.confidence),
                )
            )
            index += 2
            continue
        merged.append(first)
        index += 1
    return merged


def resolve_expression(
    text: str, reference: date, context_before: str = "", previous: DateMention | None = None
) -> DateMention | None:
    """The first date expression in ``text`` resolved against ``reference``; offsets are into ``text``.

    ``context_before`` is the sentence text before the expression (it carries future
    cues such as "will"); ``previous`` is the last resolved date, for chained offsets.
    """
    full = context_before + text
    anchor = date.fromisoformat(previous.date) if previous and previous.date and previous.precision == "day" else None
    ref = ReferenceDate(reference.isoformat(), "published", False, confidence=REFERENCE_CONFIDENCE["published"])
    candidates = [c for c in _candidates(full) if c.start >= len(context_before)]
    for mention in _mentions(full, ref, candidates=candidates, previous=anchor):
        shifted = Span(mention.span.start - len(context_before), mention.span.end - len(context_before), mention.span.text)
        return replace(mention, span=shifted)
    return None


# --------------------------------------------------------------------- reference date


def _parse_published(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw.strip()[:10])
    except ValueError:
        parsed = _dateparser_parse(raw, None)
        return parsed[0] if parsed else None


_DATELINE_LABEL = re.compile(
    r"(?i:(?:published|posted|updated|last updated|first published|date|dated)(?:\s+on)?\s*:?\s*"
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s*)?)$"
)
# Coders' notes give the report's date anywhere: "(source dated 22/06)", "report dated 3 May 2016".
_SOURCE_DATED = re.compile(r"(?i:\b(?:source|report|article|story)\s+dated\s*)$")
_DATELINE_AGENCY = re.compile(r"\s*(?:\([A-Za-z][\w .&/-]{0,30}\))?\s*[-–—]")
_DATELINE_PLACE = re.compile(r"(?:^|\n)[A-Z][A-Z .'/-]{1,40}(?:,\s*[A-Z][\w .'-]{1,30})?,\s*$")


def _dateline(text: str, candidates: list[_Candidate], year_hint: int | None) -> ReferenceDate | None:
    """A date in a dateline or byline at the start of the text."""
    no_reference = _Context(None, None, False, None)
    for candidate in candidates:
        if candidate.rule.name not in ("iso", "numeric", "numeric_yearless", "day_month", "month_day"):
            continue
        before = text[max(0, candidate.start - 60) : candidate.start]
        if candidate.start > DATELINE_WINDOW and not _SOURCE_DATED.search(before):
            continue
        is_dateline = (
            _SOURCE_DATED.search(before)
            or _DATELINE_LABEL.search(before)
            or _DATELINE_PLACE.search(before) and _DATELINE_AGENCY.match(text, candidate.end)
        )
        if not is_dateline:
            continue
        period = candidate.rule.handler(candidate.match, no_reference)
        if period is None and year_hint is not None:
            hinted = _Context(date(year_hint, 12, 31), None, False, None)
            period = candidate.rule.handler(candidate.match, hinted)
        if period is not None and period.precision == "day":
            span = Span.of(text, candidate.start, candidate.end)
            confidence = REFERENCE_CONFIDENCE["dateline"] * (1.0 if period.confidence >= CONFIDENCE_EXPLICIT else INFERRED_FACTOR)
            return ReferenceDate(period.start.isoformat(), "dateline", False, span, confidence)
    return None


def _latest_explicit(text: str, candidates: list[_Candidate]) -> tuple[date, Span] | None:
    """The latest full date with a year (day precision) stated in ``text``."""
    no_reference = _Context(None, None, False, _month_first(candidates))
    best: tuple[date, Span] | None = None
    for candidate in candidates:
        period = candidate.rule.handler(candidate.match, no_reference)
        if period is None or period.precision != "day" or period.uses_reference or period.guessed:
            continue
        if best is None or period.start > best[0]:
            best = (period.start, Span.of(text, candidate.start, candidate.end))
    return best


def _reference(analysis: Analysis, candidates: list[_Candidate]) -> ReferenceDate:
    article = analysis.article
    if article.published:
        published = _parse_published(article.published)
        if published is not None:
            return ReferenceDate(published.isoformat(), "published", False, None, REFERENCE_CONFIDENCE["published"])
    body = _latest_explicit(article.text, candidates)
    caption_dates = [found for caption in article.captions if (found := _latest_explicit(caption, _candidates(caption)))]
    caption = max(caption_dates, key=lambda found: found[0], default=None)
    # Without a full date, a year stated with a preposition ("in 2016") still dates a year-less dateline.
    stated_years = [int(c.match["year"]) for c in candidates if c.rule.name == "year" and c.match["pre"]]
    year_hint = max((found[0].year for found in (body, caption) if found), default=max(stated_years, default=None))
    dateline = _dateline(article.text, candidates, year_hint)
    if dateline is not None:
        return dateline
    # The article cannot predate a photo it shows, so a later caption date raises the estimate.
    if caption is not None and (body is None or caption[0] > body[0]):
        return ReferenceDate(caption[0].isoformat(), "text", True, None, REFERENCE_CONFIDENCE["caption"])
    if body is not None:
        return ReferenceDate(body[0].isoformat(), "text", True, body[1], REFERENCE_CONFIDENCE["text"])
    return ReferenceDate(None, "none", True, None, 0.0)


# --------------------------------------------------------------------- spaCy hints


@lru_cache(maxsize=16)
def _date_data_parser(reference: date | None) -> Any:
    """A dateparser parser anchored at ``reference`` (strict when there is none); cached per article date."""
    from dateparser.date import DateDataParser

    settings: dict[str, Any] = {"PREFER_DATES_FROM": "past", "DATE_ORDER": "DMY"}
    if reference is None:
        settings["STRICT_PARSING"] = True
    else:
        settings["RELATIVE_BASE"] = datetime(reference.year, reference.month, reference.day)
    return DateDataParser(languages=["en"], settings=settings)


def _dateparser_parse(text: str, reference: date | None) -> tuple[date, str] | None:
    """(date, precision) that dateparser reads in ``text``, or None."""
    found = _date_data_parser(reference).get_date_data(text)
    if found.date_obj is None:
        return None
    precision = found.period if found.period in _PRECISION_ORDER else "day"
    return found.date_obj.date(), precision


_HINT_WORTHY = re.compile(r"(?i)\b(?:ago|(?:19|20)\d\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)")
_NOT_A_DATE = re.compile(r"(?i)\d+[- ](?:year|month|day|week)s?[- ]old|\d+-(?:year|month|day|week)\b")


def _hint_mentions(analysis: Analysis, reference: ReferenceDate, taken: list[DateMention]) -> list[DateMention]:
    """spaCy DATE entities the rules did not cover, resolved by dateparser."""
    ref = date.fromisoformat(reference.date) if reference.date else None
    hints = []
    for entity in analysis.entities:
        if entity.label != "DATE" or not _HINT_WORTHY.search(entity.text) or _NOT_A_DATE.search(entity.text):
            continue
        if any(m.span.start < entity.end and entity.start < m.span.end for m in taken):
            continue
        parsed = _dateparser_parse(entity.text, ref)
        if parsed is None:
            continue
        period = _Period(parsed[0], parsed[0], parsed[1], CONFIDENCE_HINT, uses_reference=True)
        hints.append(_to_mention(Span.of(analysis.article.text, entity.start, entity.end), period, reference))
    return hints


# --------------------------------------------------------------------- public verb


def resolve(analysis: Analysis) -> Analysis:
    """Fill ``reference_date`` and ``dates`` (text order) of one analysis."""
    text = analysis.article.text
    candidates = _candidates(text)
    reference = _reference(analysis, candidates)
    mentions = _mentions(text, reference, analysis.sentences, candidates)
    mentions += _hint_mentions(analysis, reference, mentions)
    if analysis.doc is not None:
        mentions = [
            replace(m, confidence=round(m.confidence * factor, 3)) if (factor := _attachment_factor(analysis.doc, m.span)) < 1 else m
            for m in mentions
        ]
    mentions.sort(key=lambda mention: mention.span.start)
    return replace(analysis, reference_date=reference, dates=tuple(mentions))
