"""Salience pass: what the article reports as news. History it recalls for its setting ("The war began on
Oct. 8, 2023", "a bombardment in March killed ...") is dropped, and a
clause that tells one exchange in two ways ("is coordinating with Washington and has held talks") keeps its
better event. Aggregates are kept whatever their period: they are flagged, not counted as events."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta

from ..records import DateMention
from .candidate import _Candidate
from .context import _Context
from .lexicon import _cues
from .syntax import _clause_verb

# An event the text dates this many days or more before the article's reference date is history the article
# recalls, not what it reports: a weekly or monthly roundup still tells each of its events within a month.
BACKGROUND_AGE_DAYS = 31


# A happening dated to the day ("On April 14, a drone struck the hangar"), or a spell of them that began lately
# ("three times in the past two months"), is what a report that follows them up weeks later is about; dated to
# the day, or begun, a season or more back ("The war began on Oct. 8, 2023", "since 2019"), it is history.
FOLLOW_UP_AGE_DAYS = 92


# A deed dated up to this many days after the article's date may be a note's later news ("The chief was released
# on 20 January" in a note dated the 18th); further ahead, a year-less date was read as the future on purpose.
AHEAD_MARGIN_DAYS = 7


_YEAR = re.compile(r"\b\d{4}\b")


# How long a date without an end of its own lasts, by precision; the end of a month or quarter is near enough.
_PERIOD_DAYS = {"day": 0, "week": 6, "month": 30, "quarter": 91, "year": 364}


def _told_until(mention: DateMention) -> date:
    """The last day the date tells; a range ("since 2019", "in the past two months") counts from its start:
    what has gone on since then is a record of that period."""
    start = date.fromisoformat(mention.date or "")
    if mention.is_range:
        return start
    if mention.end is not None:
        return date.fromisoformat(mention.end)
    if mention.precision == "year":
        return date(start.year, 12, 31)
    return start + timedelta(days=_PERIOD_DAYS.get(mention.precision or "day", 0))


def _is_background(context: _Context, candidate: _Candidate, reference: date) -> bool:
    """Whether the text dates the event well before the article's time (a date taken from the article's own date
    says nothing of the kind)."""
    told = candidate.date
    if told is None or told.date is None or told not in context.dates:
        return False
    age = FOLLOW_UP_AGE_DAYS if told.precision == "day" or told.is_range else BACKGROUND_AGE_DAYS
    return _told_until(told) <= reference - timedelta(days=age)


def _recalls_earlier(candidate: _Candidate) -> bool:
    """"A previous ceasefire collapsed when fighting resumed", "an earlier raid killed two": a clause about something
    marked as earlier (as its subject or object, or as the event itself) is history, and so are the clauses under
    it."""
    earlier = _cues().earlier_modifiers
    for word in (candidate.head, *candidate.head.ancestors):
        told = [word, *(c for c in word.children if c.dep_ in ("nsubj", "nsubjpass", "dobj"))]
        if any(m.dep_ == "amod" and m.lower_ in earlier for t in told for m in t.children):
            return True
    return False


def _is_ahead(context: _Context, candidate: _Candidate, reference: date) -> bool:
    """Whether the text dates a deed (not a statement, which is made when told) after the article's time. A date
    with its year ("on 9 July 2013") is a record written after the fact, whatever the reference: a coder's note
    takes the date of the event it opens with."""
    told = candidate.date
    if told is None or told.date is None or told not in context.dates or told.is_inferred or _YEAR.search(told.span.text):
        return False
    ahead = date.fromisoformat(told.date) - reference
    return candidate.event_type in _cues().acled_types and ahead > timedelta(days=AHEAD_MARGIN_DAYS)


def _reference(context: _Context) -> date | None:
    ref = context.analysis.reference_date
    return date.fromisoformat(ref.date) if ref is not None and ref.date else None


def _exchange(head):
    """The clause an exchange belongs to, through verbs that share its subject: "met the president and endorsed
    his plan" tells one meeting; a conjoined verb with a subject of its own is a clause of its own."""
    verb = _clause_verb(head)
    while verb.dep_ == "conj" and verb.head.i != verb.i and not any(
            c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        verb = _clause_verb(verb.head)
    return verb.i


def _one_per_exchange(candidates: Sequence[_Candidate]) -> list[_Candidate]:
    """One event of talk that makes up one exchange per clause: the most confident."""
    types = _cues().exchange_types
    best: dict[tuple[int, int], _Candidate] = {}
    for candidate in candidates:
        if candidate.event_type in types:
            key = (candidate.sentence, _exchange(candidate.head))
            if key not in best or candidate.confidence > best[key].confidence:
                best[key] = candidate
    kept = {id(c) for c in best.values()}
    return [c for c in candidates if c.event_type not in types or id(c) in kept]


def keep_news(context: _Context, candidates: Sequence[_Candidate]) -> tuple[_Candidate, ...]:
    """The candidates the article reports as news; an article that tells nothing newer than its history keeps
    it (an anniversary piece is about that history). A toll over a period ("more than 300 attacks since 2019")
    stays: it is flagged as an aggregate, which readers of the record want to see, and never counted as one event."""
    reference = _reference(context)
    lead = min((c.sentence for c in candidates if not c.is_aggregate), default=None)
    history = {id(c) for c in candidates if not c.is_aggregate and (
        _recalls_earlier(c) or reference is not None and _is_background(context, c, reference)
        # The lead sentence tells the news the article is about, however old, when it dates it to the day:
        # "soldiers killed seven fishermen on June 14, a rights group said in a report released on Monday" is that
        # killing's report, not its history ("in 1991", "since 2003" in a lead still date the setting).
        and not (c.sentence == lead and c.date is not None and c.date.precision == "day"))}
    # "Unions have called a strike for 12 March": a deed the text dates after the article's own date is yet to come.
    history |= {id(c) for c in candidates if reference is not None and _is_ahead(context, c, reference)}
    if all(id(c) in history for c in candidates if not c.is_aggregate):
        history = set()  # nothing newer is told: the history is the story
    return tuple(_one_per_exchange([c for c in candidates if id(c) not in history]))
