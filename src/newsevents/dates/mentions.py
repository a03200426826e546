"""Date expressions resolved into DateMentions: context, "since" and bounds, ranges, attachment."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import Any

from ..records import DateMention, ReferenceDate, Span
from .periods import INFERRED_FACTOR, PRECISION_ORDER, REFERENCE_CONFIDENCE, Context, Period
from .rules import Candidate, article_month_first, find_candidates, is_future

# Confidence factors for where a date stands. "before the year is out" is a deadline or an upper
# bound, not when something happened. A date hanging off a noun ("the war ... a year ago", "an
# assessment published in April") dates that thing rather than the sentence's event; one inside a
# clause that modifies a noun dates that clause, a weaker but still indirect link. Only offsets
# from the reference ("a year ago", "this year") get these: a calendar date on a noun ("the attack of
# May 8") usually dates an event told as a noun.
BOUND_FACTOR = 0.6
NOUN_ATTACHED_FACTOR = 0.6
CLAUSE_ATTACHED_FACTOR = 0.75


def resolve_mentions(
    text: str,
    reference: ReferenceDate,
    sentences: tuple[Span, ...] = (),
    candidates: list[Candidate] | None = None,
    previous: date | None = None,
) -> list[DateMention]:
    """Every date expression in ``text`` resolved against ``reference``, in text order."""
    candidates = find_candidates(text) if candidates is None else candidates
    ref = date.fromisoformat(reference.date) if reference.date else None
    month_first = article_month_first(candidates)
    mentions: list[DateMention] = []
    for candidate in candidates:
        ctx = Context(ref, previous, is_future(text, candidate.start, sentences), month_first)
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
        mention = to_mention(Span.of(text, start, candidate.end), period, reference)
        mentions.append(mention)
        if period.precision == "day" and not period.is_range:
            previous = period.start
    return _merge_ranges(text, mentions)


_BOUND = re.compile(r"(?i:\b(?:by|until|till|before|ahead of|no later than)\s+)$")


_OFFSET_WORDS = re.compile(
    r"(?i)\b(?:ago|last|past|this|next|recent|earlier|later|previous|coming|yesterday|today|tomorrow|tonight)\b"
)


def attachment_factor(doc: Any, span: Span) -> float:
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


def to_mention(span: Span, period: Period, reference: ReferenceDate) -> DateMention:
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
            precision = max(first.precision, second.precision, key=PRECISION_ORDER.index)
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
    candidates = [c for c in find_candidates(full) if c.start >= len(context_before)]
    for mention in resolve_mentions(full, ref, candidates=candidates, previous=anchor):
        shifted = Span(mention.span.start - len(context_before), mention.span.end - len(context_before), mention.span.text)
        return replace(mention, span=shifted)
    return None
