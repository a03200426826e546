"""The article's reference date: published date, dateline, or the latest date its text states."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from ..records import Analysis, ReferenceDate, Span
from .hints import dateparser_parse
from .periods import CONFIDENCE_EXPLICIT, INFERRED_FACTOR, REFERENCE_CONFIDENCE, Context
from .rules import Candidate, article_month_first, find_candidates

# Datelines sit in the first lines of an article, after any title, photo caption and credit a page puts first.
DATELINE_WINDOW = 600


def _parse_published(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw.strip()[:10])
    except ValueError:
        parsed = dateparser_parse(raw, None)
        return parsed[0] if parsed else None


_DATELINE_LABEL = re.compile(
    r"(?i:(?:published|posted|updated|last updated|first published|date|dated)(?:\s+on)?\s*:?\s*"
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s*)?)$"
)
# Coders' notes give the report's date anywhere: "(source dated 22/06)", "report dated 3 May 2016".
_SOURCE_DATED = re.compile(r"(?i:\b(?:source|report|article|story)\s+dated\s*)$")
_DATELINE_AGENCY = re.compile(r"\s*(?:\([A-Za-z][\w .&/-]{0,30}\))?\s*[-–—]")
_DATELINE_PLACE = re.compile(r"(?:^|\n)[A-Z][A-Z .'/-]{1,40}(?:,\s*[A-Z][\w .'-]{1,30})?,\s*$")


def _dateline(text: str, candidates: list[Candidate], year_hint: int | None) -> ReferenceDate | None:
    """A date in a dateline or byline at the start of the text."""
    no_reference = Context(None, None, False, None)
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
            hinted = Context(date(year_hint, 12, 31), None, False, None)
            period = candidate.rule.handler(candidate.match, hinted)
        if period is not None and period.precision == "day":
            span = Span.of(text, candidate.start, candidate.end)
            confidence = REFERENCE_CONFIDENCE["dateline"] * (1.0 if period.confidence >= CONFIDENCE_EXPLICIT else INFERRED_FACTOR)
            return ReferenceDate(period.start.isoformat(), "dateline", False, span, confidence)
    return None


def _latest_explicit(text: str, candidates: list[Candidate]) -> tuple[date, Span] | None:
    """The latest full date with a year (day precision) stated in ``text``."""
    no_reference = Context(None, None, False, article_month_first(candidates))
    best: tuple[date, Span] | None = None
    for candidate in candidates:
        period = candidate.rule.handler(candidate.match, no_reference)
        if period is None or period.precision != "day" or period.uses_reference or period.guessed:
            continue
        if best is None or period.start > best[0]:
            best = (period.start, Span.of(text, candidate.start, candidate.end))
    return best


def find_reference(analysis: Analysis, candidates: list[Candidate]) -> ReferenceDate:
    article = analysis.article
    published = _parse_published(article.published) if article.published else None
    body = _latest_explicit(article.text, candidates)
    caption_dates = [found for caption in article.captions if (found := _latest_explicit(caption, find_candidates(caption)))]
    caption = max(caption_dates, key=lambda found: found[0], default=None)
    # Without a full date, a year stated with a preposition ("in 2016") still dates a year-less dateline.
    stated_years = [int(c.match["year"]) for c in candidates if c.rule.name == "year" and c.match["pre"]]
    year_hint = published.year if published is not None else max(
        (found[0].year for found in (body, caption) if found), default=max(stated_years, default=None))
    dateline = _dateline(article.text, candidates, year_hint)
    if published is not None:
        return ReferenceDate(published.isoformat(), "published", False, None, REFERENCE_CONFIDENCE["published"],
                             dateline=dateline.span if dateline is not None else None)
    if dateline is not None:
        return replace(dateline, dateline=dateline.span)
    # The article cannot predate a photo it shows, so a later caption date raises the estimate.
    if caption is not None and (body is None or caption[0] > body[0]):
        return ReferenceDate(caption[0].isoformat(), "text", True, None, REFERENCE_CONFIDENCE["caption"])
    if body is not None:
        return ReferenceDate(body[0].isoformat(), "text", True, body[1], REFERENCE_CONFIDENCE["text"])
    return ReferenceDate(None, "none", True, None, 0.0)
