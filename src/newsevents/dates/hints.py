"""dateparser: spaCy DATE entities the rules did not cover, and published dates in free form."""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from ..records import Analysis, DateMention, ReferenceDate, Span
from .mentions import to_mention
from .periods import CONFIDENCE_HINT, PRECISION_ORDER, Period


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


def dateparser_parse(text: str, reference: date | None) -> tuple[date, str] | None:
    """(date, precision) that dateparser reads in ``text``, or None."""
    found = _date_data_parser(reference).get_date_data(text)
    if found.date_obj is None:
        return None
    precision = found.period if found.period in PRECISION_ORDER else "day"
    return found.date_obj.date(), precision


_HINT_WORTHY = re.compile(r"(?i)\b(?:ago|(?:19|20)\d\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)")
_NOT_A_DATE = re.compile(r"(?i)\d+[- ](?:year|month|day|week)s?[- ]old|\d+-(?:year|month|day|week)\b")


def hint_mentions(analysis: Analysis, reference: ReferenceDate, taken: list[DateMention]) -> list[DateMention]:
    """spaCy DATE entities the rules did not cover, resolved by dateparser."""
    ref = date.fromisoformat(reference.date) if reference.date else None
    hints = []
    for entity in analysis.entities:
        if entity.label != "DATE" or not _HINT_WORTHY.search(entity.text) or _NOT_A_DATE.search(entity.text):
            continue
        if any(m.span.start < entity.end and entity.start < m.span.end for m in taken):
            continue
        parsed = dateparser_parse(entity.text, ref)
        if parsed is None:
            continue
        period = Period(parsed[0], parsed[0], parsed[1], CONFIDENCE_HINT, uses_reference=True)
        hints.append(to_mention(Span.of(analysis.article.text, entity.start, entity.end), period, reference))
    return hints
