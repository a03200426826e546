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

from .mentions import resolve_expression
from .stage import resolve_dates

__all__ = ["resolve_dates", "resolve_expression"]
