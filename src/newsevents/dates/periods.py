"""Resolved periods, the confidence they carry, and the calendar arithmetic that makes them."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

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

# A year-less date at most this many days after the reference keeps the reference's year (or
# the next one across New Year): a range running past a note's date ("between 31 May - 1 June")
# or a report dated a day early, not a date almost a year back.
YEARLESS_AHEAD_DAYS = 7

PRECISION_ORDER = ("day", "week", "month", "quarter", "year")


@dataclass(frozen=True)
class Period:
    """A resolved period before it becomes a DateMention."""

    start: date
    last: date
    precision: str
    confidence: float
    is_range: bool = False
    uses_reference: bool = False  # resolved against the reference date (or the previous date)
    guessed: bool = False


@dataclass(frozen=True)
class Context:
    reference: date | None
    previous: date | None  # last day-precision date in the article, for chained offsets
    future: bool
    month_first: bool | None  # article-level numeric order: True mm/dd, False dd/mm, None unknown


def month_last(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def shift_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def shift(day: date, count: int, unit: str) -> date:
    if unit == "day":
        return day + timedelta(days=count)
    if unit == "week":
        return day + timedelta(weeks=count)
    if unit == "month":
        return shift_months(day, count)
    if unit == "decade":
        return shift_months(day, 120 * count)
    return shift_months(day, 12 * count)


def unit_period(day: date, unit: str) -> tuple[date, date]:
    """The calendar day, week (Monday-Sunday), month or year that contains ``day``."""
    if unit == "week":
        start = day - timedelta(days=day.weekday())
        return start, start + timedelta(days=6)
    if unit == "month":
        return day.replace(day=1), month_last(day.year, day.month)
    if unit == "year":
        return date(day.year, 1, 1), date(day.year, 12, 31)
    return day, day


def safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def year_of(raw: str) -> int:
    year = int(raw)
    # Two-digit years in numeric dates ("18/12/25") are this century's.
    return year + 2000 if year < 100 else year


def nearest_year(month: int, day: int, reference: date, future: bool) -> int:
    """Year putting month/day nearest on or before (or on or after, for the future) the reference."""
    if future:
        return reference.year if (month, day) >= (reference.month, reference.day) else reference.year + 1
    latest = reference + timedelta(days=YEARLESS_AHEAD_DAYS)
    for year in (reference.year + 1, reference.year):
        if date(year, month, min(day, calendar.monthrange(year, month)[1])) <= latest:
            return year
    return reference.year - 1
