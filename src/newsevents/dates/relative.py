"""Handlers for offsets: from the reference date ("yesterday", "last week", "two days ago", "on Thursday")
or from the previous date in the article ("three days later")."""

from __future__ import annotations

import re
from datetime import timedelta

from .patterns import count_of, pattern_data, unit_of
from .periods import (
    CONFIDENCE_CHAINED,
    CONFIDENCE_RELATIVE,
    PRECISION_ORDER,
    Context,
    Period,
    shift,
    unit_period,
)

RELATIVE_DAYS = {
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


def relative_day(m: re.Match[str], ctx: Context) -> Period | None:
    if ctx.reference is None:
        return None
    found = ctx.reference + timedelta(days=RELATIVE_DAYS[m["word"].lower()])
    return Period(found, found, "day", CONFIDENCE_RELATIVE, uses_reference=True)


def relative_period(m: re.Match[str], ctx: Context) -> Period | None:
    """'last week', 'this month', 'next year', 'earlier this year'."""
    if ctx.reference is None:
        return None
    unit = unit_of(m["unit"])
    offset = {"last": -1, "previous": -1, "past": -1, "next": 1, "coming": 1}.get(m["rel"].lower(), 0)
    start, last = unit_period(shift(ctx.reference, offset, unit), unit)
    return Period(start, last, unit, CONFIDENCE_RELATIVE, uses_reference=True)


def ago(m: re.Match[str], ctx: Context) -> Period | None:
    if ctx.reference is None:
        return None
    unit = unit_of(m["unit"])
    found = shift(ctx.reference, -count_of(m["n"]), unit)
    # "a year ago" points at a day a year back, but is stated with year precision.
    precision = unit if unit in PRECISION_ORDER else "year"
    return Period(found, found, precision, CONFIDENCE_RELATIVE, uses_reference=True)


def past_span(m: re.Match[str], ctx: Context) -> Period | None:
    """'over the past two months', 'in recent weeks', 'the coming days' as a range ending (or starting) at the reference."""
    if ctx.reference is None:
        return None
    unit = unit_of(m["unit"])
    plural = m["unit"].lower().endswith("s")
    count = count_of(m["n"]) if m["n"] else (pattern_data().counts["several"] if plural else 1)
    precision = unit if unit in PRECISION_ORDER else "year"
    if (m["rel"] or "").lower() in ("coming", "next"):
        return Period(ctx.reference, shift(ctx.reference, count, unit), precision, CONFIDENCE_RELATIVE, True, True)
    return Period(shift(ctx.reference, -count, unit), ctx.reference, precision, CONFIDENCE_RELATIVE, True, True)


def chained(m: re.Match[str], ctx: Context) -> Period | None:
    """'three days later', 'the next day', 'a day before': relative to the previous date in the article."""
    anchor = ctx.previous or ctx.reference
    if anchor is None:
        return None
    if m["same"]:
        count, unit = 0, "day"
    elif m["next"]:
        count, unit = (1 if m["next"].lower() in ("next", "following") else -1), unit_of(m["unit2"])
    else:
        count = count_of(m["n"]) if m["n"] else 1
        unit = unit_of(m["unit"])
        count = -count if m["dir"].lower() in ("earlier", "before", "prior") else count
    found = shift(anchor, count, unit)
    start, last = (found, found) if unit == "day" else unit_period(found, unit)
    precision = unit if unit in PRECISION_ORDER else "year"
    return Period(start, last, precision, CONFIDENCE_CHAINED, uses_reference=True, guessed=ctx.previous is None)


def weekday(m: re.Match[str], ctx: Context) -> Period | None:
    if ctx.reference is None:
        return None
    weekday = pattern_data().weekdays[m["wd"].title()]
    relative = (m["rel"] or "").lower()
    back = (ctx.reference.weekday() - weekday) % 7
    if relative == "next" or (ctx.future and relative not in ("last", "past")):
        ahead = (weekday - ctx.reference.weekday()) % 7
        found = ctx.reference + timedelta(days=ahead or (7 if relative == "next" else 0))
    else:
        found = ctx.reference - timedelta(days=back or (7 if relative in ("last", "past") else 0))
    return Period(found, found, "day", CONFIDENCE_RELATIVE, uses_reference=True)
