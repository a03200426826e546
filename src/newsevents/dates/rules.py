"""The rule table and the scan that finds non-overlapping date expressions in a text."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from ..records import Span
from ..textnorm import alternation
from . import absolute, relative
from .patterns import day_regex, month_regex, number_regex, pattern_data, year_regex
from .periods import Context, Period

# How far back from a date the sentence is searched for a future cue ("will").
FUTURE_CUE_WINDOW = 120


@dataclass(frozen=True)
class _Rule:
    name: str
    pattern: re.Pattern[str]
    handler: Callable[[re.Match[str], Context], Period | None]


# --------------------------------------------------------------------- rules


@lru_cache(maxsize=1)
def _rules() -> tuple[_Rule, ...]:
    data = pattern_data()
    month = month_regex("mon")
    day, day2, year = day_regex("day"), day_regex("day2"), year_regex("year")
    number = number_regex()
    unit = r"(?P<unit>(?i:days?|weeks?|months?|years?|decades?))"
    weekdays = alternation(list(data.weekdays) + [name.upper() for name in data.weekdays])
    times = alternation(data.times_of_day)
    month_part = r"(?P<part>(?i:early|mid-?|middle of|late|(?:the )?(?:beginning|start|end|middle) of))\s*"
    year_part = r"(?P<part>(?i:early|mid-?|late|(?:the )?(?:beginning|start|end|middle|(?:first|second) half|(?:first|second|third|fourth) quarter) of))\s*"
    relative_year = r"(?P<relyear>(?i:the year|this year|last year|next year|the (?:previous|following|current) year))"
    seasons = alternation(data.seasons)
    # "and" joins a range only after "between": "on 17 and 21 June" is two days.
    range_join = r"(?:-|–|(?i:to|until|through)\b|(?(between)(?i:and)\b|(?!)))"
    # Notes run an abbreviated month into its day ("Jun.19-20").
    month_gap = r"(?:\s+|(?<=\.))"
    b = r"(?<![\w$£€#.,/-])"  # number boundary: not inside "2,015", "$2015" or "MQ-9"
    specs: list[tuple[str, str, Callable[[re.Match[str], Context], Period | None]]] = [
        ("iso", rf"{b}(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?![\d])", absolute.iso),
        ("numeric", rf"{b}(?P<a>[0-3]?\d)([/.])(?P<b>[0-3]?\d)\2(?P<y>(?:19|20)\d\d|\d\d)(?![\d/.]\d|\d)", absolute.numeric),
        (
            "numeric_yearless",
            r"(?i:\b(?:on|of|since|and|to|until|from|between|dated)\s+)(?P<x>(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d))(?![\d/])(?P<y>)",
            absolute.numeric,
        ),
        (
            "day_range",
            rf"(?:(?P<between>(?i:between))\s+|(?i:from)\s+)?{month}{month_gap}{day}\s*{range_join}\s*{day2}(?:\s*,?\s+{year})?",
            absolute.day_range,
        ),
        (
            "day_range",
            rf"(?:(?P<between>(?i:between))\s+|(?i:from)\s+)?\b{day}\s*{range_join}\s*{day2}\s+{month}(?:\s*,?\s+{year})?",
            absolute.day_range,
        ),
        # "on 17 and 21 June": the first day of a list takes the month (and year) at its end.
        (
            "day_month",
            rf"\b(?P<x>{day})(?=\s*(?:,|&|(?i:and|or))\s*(?:[0-3]?\d\s*(?:,|&|(?i:and|or))\s*)*{day2}\s+{month}(?:\s*,?\s+{year})?)",
            absolute.day_month,
        ),
        ("day_month", rf"\b{day}(?:\s+of)?\s+{month}(?:\s*,?\s+{year})?", absolute.day_month),
        ("month_day", rf"{month}{month_gap}{day}(?:\s*,?\s+{year})?", absolute.day_month),
        ("month_year", rf"(?:{month_part})?{month}\s*,?\s+(?:of\s+)?{year}", absolute.month_year),
        ("year_part", rf"\b{year_part}(?:{year}|{relative_year})", absolute.year_part),
        (
            "month_alone",
            rf"(?P<x>(?:(?P<rel>(?i:last|next|this))\s+|{month_part}){month}(?:\s+(?P<ry>(?i:last|this|next))\s+(?i:year))?)",
            absolute.month_alone,
        ),
        (
            "month_alone",
            rf"(?P<rel>)(?P<part>)(?i:\b(?:in|since|by|until|till|from|during|of|through|before|after|between|and|to)\s+)"
            rf"(?P<x>{month}(?:\s+(?P<ry>(?i:last|this|next))\s+(?i:year))?)",
            absolute.month_alone,
        ),
        ("month_alone", rf"(?P<rel>)(?P<part>)(?P<x>{month}\s+(?P<ry>(?i:last|this|next))\s+(?i:year))", absolute.month_alone),
        (
            "season",
            rf"(?i:\b(?:(?P<rel>last|this|next|past)\s+|(?:in|during|by|since|until|through|over) the\s+|(?P<part>early|mid-?|late)\s+))(?P<season>(?i:{seasons}))(?:\s+(?:of\s+)?{year})?",
            absolute.season,
        ),
        ("season", rf"(?P<rel>)(?P<part>)\b(?P<season>(?i:{seasons}))\s+(?:of\s+)?{year}", absolute.season),
        ("relative_day", rf"(?i:\b(?P<word>{alternation(relative.RELATIVE_DAYS)})\b)", relative.relative_day),
        (
            "past_span",
            rf"(?i:\b(?:(?:over|in|during|within|for|throughout)\s+)?(?:the\s+(?P<rel>past|last|previous|coming|next)|recent))"
            rf"\s+(?:{number}\s+)?(?P<unit>(?i:days|weeks|months|years|decades))\b",
            relative.past_span,
        ),
        (
            "past_span",
            r"(?i:\b(?:(?:over|in|during|within|for|throughout)\s+)?the\s+(?P<rel>past|last)\s+(?P<n>)(?P<unit>day|week|month|year))\b",
            relative.past_span,
        ),
        (
            "relative_period",
            r"(?i:\b(?:(?:earlier|later)\s+)?(?P<rel>last|this|next|previous|past|coming|current)\s+(?P<unit>week|month|year))\b",
            relative.relative_period,
        ),
        ("ago", rf"(?i:\b{number}\s+{unit}\s+ago)\b", relative.ago),
        (
            "chained",
            rf"(?i:\b(?:(?:{number}|the)\s+{unit}\s+(?P<dir>later|earlier|afterwards?|after|before|prior)"
            rf"|the\s+(?P<next>next|following|previous|preceding)\s+(?P<unit2>day|week|month|year|{times})"
            rf"|(?P<same>the same (?:day|{times})|(?:later )?that (?:same )?(?:day|{times})|hours later)))\b",
            relative.chained,
        ),
        (
            "weekday",
            rf"(?:(?P<rel>(?i:last|next|this|past))\s+)?\b(?P<wd>{weekdays})\b(?:'s)?(?:\s+(?i:{times})\b)?",
            relative.weekday,
        ),
        (
            "year",
            rf"(?P<pre>(?i:\b(?:in|since|by|until|till|from|during|of|through|before|after|between|and|to|early|late|mid-?)\s*))?"
            rf"(?P<x>{b}(?P<year>(?:19|20)\d\d)(?P<decade>(?<=0)s)?)(?![\w%]|-\w|[,.]\d)",
            absolute.year_alone,
        ),
    ]
    return tuple(_Rule(name, re.compile(pattern), handler) for name, pattern, handler in specs)


# --------------------------------------------------------------------- scanning


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    rule: _Rule
    match: re.Match[str]


@lru_cache(maxsize=1)
def _guards() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    data = pattern_data()
    not_year = re.compile(rf"(?i:(?:{alternation(data.not_year_before)})\.?\s*)$")
    future = re.compile(rf"(?i)\b(?:{'|'.join(data.future_cues)})\b")
    # "a day after Hamas attacked": an offset from an event we have no date for.
    unanchored = re.compile(r"\s+(?!(?:the|this|that|its|his|her|their)\b)[\w\"“]")
    plural_noun = re.compile(r"\s+[a-z]+s\b")
    return not_year, future, unanchored, plural_noun


def _span_of(match: re.Match[str]) -> tuple[int, int]:
    return match.span("x") if "x" in match.re.groupindex and match["x"] is not None else match.span()


def find_candidates(text: str) -> list[Candidate]:
    """Non-overlapping date expressions, longest first, in text order."""
    not_year, _, unanchored, plural_noun = _guards()
    found: list[tuple[int, int, int, Candidate]] = []
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
            found.append((start, -(end - start), priority, Candidate(start, end, rule, match)))
    found.sort(key=lambda item: item[:3])
    chosen: list[Candidate] = []
    taken_until = -1
    for start, _, _, candidate in found:
        if start >= taken_until:
            chosen.append(candidate)
            taken_until = candidate.end
    return chosen


def article_month_first(candidates: list[Candidate]) -> bool | None:
    """Numeric order shown by the article itself: a first number above 12 is a day."""
    votes = set()
    for candidate in candidates:
        if candidate.rule.handler is absolute.numeric:
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


def is_future(text: str, start: int, sentences: tuple[Span, ...]) -> bool:
    window_start = max(_sentence_start(text, start, sentences), start - FUTURE_CUE_WINDOW)
    return bool(_guards()[1].search(text, window_start, start))
