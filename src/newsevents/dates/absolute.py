"""Handlers for calendar expressions: full and year-less dates, months, seasons, parts of years, day ranges."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from .patterns import month_number, pattern_data
from .periods import (
    CONFIDENCE_BARE_YEAR,
    CONFIDENCE_EXPLICIT,
    CONFIDENCE_RELATIVE,
    CONFIDENCE_YEARLESS,
    Context,
    Period,
    month_last,
    nearest_year,
    safe_date,
    shift_months,
    year_of,
)

# An ambiguous numeric date (05/08/2013) takes the reading nearer the reference
# date if that one is within this many days of it: reports are rarely older.
NUMERIC_NEAR_DAYS = 31


def _explicit(year: int, month: int, day: int) -> Period | None:
    found = safe_date(year, month, day)
    return Period(found, found, "day", CONFIDENCE_EXPLICIT) if found else None


def _yearless(month: int, day: int, ctx: Context) -> Period | None:
    if ctx.reference is None or safe_date(2000, month, day) is None:  # 2000 is a leap year
        return None
    year = nearest_year(month, day, ctx.reference, ctx.future)
    found = safe_date(year, month, day) or date(year, month, day - 1)
    return Period(found, found, "day", CONFIDENCE_YEARLESS, uses_reference=True)


def iso(m: re.Match[str], ctx: Context) -> Period | None:
    return _explicit(int(m["y"]), int(m["m"]), int(m["d"]))


def _numeric_order(
    first: int, second: int, year: int | None, ctx: Context, dotted: bool = False
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
            chosen_year = year if year is not None else nearest_year(month, day, ctx.reference, ctx.future)
            found = safe_date(chosen_year, month, day)
            distances.append(abs((found - ctx.reference).days) if found else 10**6)
        nearest = distances.index(min(distances))
        if distances[nearest] <= NUMERIC_NEAR_DAYS and distances[nearest] < distances[1 - nearest]:
            month, day = readings[nearest]
            return month, day, False
    return second, first, True


def numeric(m: re.Match[str], ctx: Context) -> Period | None:
    year = year_of(m["y"]) if m["y"] else None
    order = _numeric_order(int(m["a"]), int(m["b"]), year, ctx, dotted=m.group(0).count(".") > 1)
    if order is None:
        return None
    month, day, guessed = order
    period = _explicit(year, month, day) if year is not None else _yearless(month, day, ctx)
    return replace(period, guessed=guessed) if period else None


def day_month(m: re.Match[str], ctx: Context) -> Period | None:
    month, day = month_number(m["mon"]), int(m["day"])
    return _explicit(int(m["year"]), month, day) if m["year"] else _yearless(month, day, ctx)


def month_year(m: re.Match[str], ctx: Context) -> Period | None:
    year, month = int(m["year"]), month_number(m["mon"])
    return _month_period(year, month, m["part"], CONFIDENCE_EXPLICIT, False)


def _month_period(year: int, month: int, part: str | None, confidence: float, uses_reference: bool) -> Period:
    last = month_last(year, month)
    if not part:
        return Period(date(year, month, 1), last, "month", confidence, uses_reference=uses_reference)
    first_day, last_day = pattern_data().month_parts[_part_key(part)]
    return Period(
        date(year, month, first_day), date(year, month, min(last_day, last.day)), "week", confidence,
        uses_reference=uses_reference,
    )


def _part_key(raw: str) -> str:
    """'mid-', 'the end of', 'Late' -> 'mid', 'end', 'late'."""
    words = re.sub(r"\b(?:the|of|in)\b|-", " ", raw.lower()).split()
    return " ".join(words)


def month_alone(m: re.Match[str], ctx: Context) -> Period | None:
    if ctx.reference is None:
        return None
    month = month_number(m["mon"])
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


def year_part(m: re.Match[str], ctx: Context) -> Period | None:
    year = int(m["year"]) if m["year"] else _relative_year(m["relyear"], ctx.reference)
    if year is None:
        return None
    first_month, last_month, precision = pattern_data().year_parts[_part_key(m["part"])]
    confidence = CONFIDENCE_EXPLICIT if m["year"] else CONFIDENCE_RELATIVE
    return Period(
        date(year, first_month, 1), month_last(year, last_month), precision, confidence,
        uses_reference=not m["year"],
    )


def season(m: re.Match[str], ctx: Context) -> Period | None:
    first_month, last_month = pattern_data().seasons[m["season"].lower()]
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
    period = Period(
        date(year, first_month, 1), month_last(last_year, last_month), "quarter",
        CONFIDENCE_RELATIVE if uses_reference else CONFIDENCE_EXPLICIT, uses_reference=uses_reference,
    )
    if m["part"]:
        # "early spring": the first, middle or last month of the season.
        offset = {"early": 0, "mid": 1, "middle": 1, "late": 2}[_part_key(m["part"])]
        month_start = shift_months(period.start, offset)
        period = replace(period, start=month_start, last=month_last(month_start.year, month_start.month), precision="month")
    return period


def _season_contains(year: int, first_month: int, last_month: int, day: date) -> bool:
    last_year = year + 1 if last_month < first_month else year
    return date(year, first_month, 1) <= day <= month_last(last_year, last_month)



def year_alone(m: re.Match[str], ctx: Context) -> Period | None:
    year = int(m["year"])
    confidence = CONFIDENCE_EXPLICIT if m["pre"] else CONFIDENCE_BARE_YEAR
    if m["decade"]:
        return Period(date(year, 1, 1), date(year + 9, 12, 31), "year", confidence, is_range=True)
    return Period(date(year, 1, 1), date(year, 12, 31), "year", confidence)


def day_range(m: re.Match[str], ctx: Context) -> Period | None:
    """'between May 8 and 11', 'from 8 to 11 May 2021', 'May 8-11'."""
    month = month_number(m["mon"])
    first, second = int(m["day"]), int(m["day2"])
    if second <= first:
        return None
    if m["year"]:
        start, last = safe_date(int(m["year"]), month, first), safe_date(int(m["year"]), month, second)
        uses_reference = False
    elif ctx.reference is None:
        return None
    else:
        year = nearest_year(month, first, ctx.reference, ctx.future)
        start, last, uses_reference = safe_date(year, month, first), safe_date(year, month, second), True
    if start is None or last is None:
        return None
    confidence = CONFIDENCE_YEARLESS if uses_reference else CONFIDENCE_EXPLICIT
    return Period(start, last, "day", confidence, is_range=True, uses_reference=uses_reference)
