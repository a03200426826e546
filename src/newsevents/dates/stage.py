"""The time stage's verb: the reference date, then every date mention of one analysis."""

from __future__ import annotations

from dataclasses import replace

from ..records import Analysis
from .hints import hint_mentions
from .mentions import attachment_factor, resolve_mentions
from .reference import find_reference
from .rules import find_candidates


def resolve_dates(analysis: Analysis) -> Analysis:
    """Fill ``reference_date`` and ``dates`` (text order) of one analysis."""
    text = analysis.article.text
    candidates = find_candidates(text)
    reference = find_reference(analysis, candidates)
    mentions = resolve_mentions(text, reference, analysis.sentences, candidates)
    mentions += hint_mentions(analysis, reference, mentions)
    if analysis.doc is not None:
        mentions = [
            replace(m, confidence=round(m.confidence * factor, 3)) if (factor := attachment_factor(analysis.doc, m.span)) < 1 else m
            for m in mentions
        ]
    mentions.sort(key=lambda mention: mention.span.start)
    return replace(analysis, reference_date=reference, dates=tuple(mentions))
