"""Merge stage: reports of the same event become one event with all its evidence.

Within an article, the events stage already folds repeated mentions. Two merges happen here.

``merge_reports`` joins the reports of one real event by several articles (the store runs it over
the reports near each new one). Two reports may join when they are of the same kind, dated in
overlapping periods, placed within a distance that grows with the places' imprecision, and do not
name different specific actors; each merged event keeps every report with its own evidence.

``place_at_captions`` treats a photo caption as a second report of the article's own events: a caption
never creates an event of its own (captions are repeated and describe photos),
but when it names the exact place of an event the body only places in a
region ("airstrikes on southern Lebanon" + caption "airstrikes that targeted
the village of al-Katrani"), the event is also coded at that place, as an
ACLED coder reading the whole page would.
"""

from __future__ import annotations

import calendar
import heapq
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import date, timedelta

from .geometry import haversine_km
from .records import Analysis, EventActor, EventMention, EventSource, PlaceMention, StoredEvent

# A caption place is a town or site (ACLED precision 1-2); the body event it
# sharpens is placed no better than a region (3) or a country (4), or not at all.
MAX_CAPTION_PRECISION = 2
MIN_BODY_PRECISION = 3
# The caption-placed copy is a little less certain than the body event: the
# link between photo and paragraph is inferred, not stated.
CAPTION_CONFIDENCE_FACTOR = 0.85


def place_at_captions(body: Analysis, captions: Sequence[Analysis]) -> Analysis:
    """``body`` with its events also coded at the exact places its captions name."""
    added: list[EventMention] = []
    for index, caption in enumerate(captions):
        for reported in caption.events:
            place = reported.location
            if reported.is_aggregate or place is None or place.precision > MAX_CAPTION_PRECISION:
                continue
            if any(_same_place(e.location, place) for e in (*body.events, *added)):
                continue
            match = next((e for e in body.events if _same_event(e, reported)), None)
            if match is not None:
                added.append(
                    replace(
                        match,
                        location=replace(place, caption=index),
                        date=match.date or reported.date,
                        confidence=match.confidence * CAPTION_CONFIDENCE_FACTOR,
                    )
                )
    if not added:
        return body
    events = sorted((*body.events, *added), key=lambda e: (e.evidence.start, e.location is not None and e.location.caption is not None))
    return replace(body, events=tuple(events))


def _same_place(a: PlaceMention | None, b: PlaceMention) -> bool:
    if a is None:
        return False
    if a.geonameid is not None and a.geonameid == b.geonameid:
        return True
    return a.name.casefold() == b.name.casefold()


def _same_event(body: EventMention, caption: EventMention) -> bool:
    """Same kind of event, compatible place and date: the caption shows this body event."""
    if body.is_aggregate or body.event_type != caption.event_type:
        return False
    if body.acled_event_type != caption.acled_event_type:
        return False
    where = body.location
    if where is not None:
        assert caption.location is not None  # merge() only compares caption events that have a place
        if where.precision < MIN_BODY_PRECISION or where.country_code != caption.location.country_code:
            return False
    if body.date and caption.date and body.date.date and caption.date.date:
        return body.date.date == caption.date.date
    return True


# --- reports of one event by several articles --------------------------------------------------

# Reports of one night's attack straddle midnight and time zones, and an outlet writing the next
# morning may date it by its own day: day-precise dates this far apart can still be one event.
DAY_SLACK = 1
# How far apart two reports' places may be, by the coarser place's precision (ACLED's 1 exact site,
# 2 near a town, 3 a region); at 4 (only the country is known) the countries must be the same.
RADIUS_KM = {1: 25.0, 2: 50.0, 3: 150.0}
# A pair of reports joins when its score reaches this; the parts and their weights are below.
MIN_MERGE_SCORE = 0.6
_WEIGHTS = {"date": 0.35, "place": 0.35, "actors": 0.2, "sub_event": 0.1}
_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}
# Actors that say who only by kind: a report naming the group and one saying "gunmen" agree.
_GENERIC_ACTOR_TYPES = frozenset({"civilians", "protesters", "rioters"})
_GENERIC_NAME_START = "unidentified"


def merge_reports(reports: Sequence[StoredEvent]) -> tuple[StoredEvent, ...]:
    """The real events behind ``reports`` (the events of several articles), each with all its reports.

    The result depends only on the set of reports, never on their order, so ingesting articles in
    any order gives the same events. Reports of one article never merge (the events stage has told
    them apart), nor do aggregates. Clusters grow by complete linkage: a report joins an event only
    when it matches every report already in it, so a chain of near-misses never joins two attacks.
    """
    ordered = sorted(reports, key=lambda r: r.id)
    scores = {
        (a.id, b.id): match
        for i, a in enumerate(ordered)
        for b in ordered[i + 1 :]
        if (match := match_reports(a, b)) is not None
    }
    by_id = {r.id: r for r in ordered}
    clusters = [[by_id[i] for i in members] for members in _complete_linkage(list(by_id), {pair: match[0] for pair, match in scores.items()})]
    return tuple(sorted((_merged(cluster, scores) for cluster in clusters), key=lambda e: e.id))


def match_reports(a: StoredEvent, b: StoredEvent) -> tuple[float, tuple[tuple[str, float], ...]] | None:
    """The score (0-1) and its parts when two reports may be one event; None when they cannot."""
    if a.article_id == b.article_id or a.is_aggregate or b.is_aggregate or a.event_type != b.event_type:
        return None
    if a.acled_event_type and b.acled_event_type and a.acled_event_type != b.acled_event_type:
        return None
    days = _days_apart(a, b)
    km = _km_apart(a, b)
    if days is None or km is None or not _actors_agree(a, b):
        return None
    exact = a.date_precision == b.date_precision == "day"
    parts = {
        "date": (1.0 if days == 0 else 0.6) if exact else 0.5,
        "place": 1.0 - 0.5 * km[0] / km[1] if km[1] else 0.0,  # the same country alone says little
        "actors": _actor_agreement(a, b),
        "sub_event": 1.0 if a.acled_sub_event_type == b.acled_sub_event_type else 0.5,
    }
    score = round(sum(_WEIGHTS[k] * v for k, v in parts.items()), 3)
    if score < MIN_MERGE_SCORE:
        return None
    gaps = {"days": float(days), "km": round(km[0], 1)}
    return score, tuple((k, round(v, 3)) for k, v in (parts | gaps).items())


def period_of(report: StoredEvent) -> tuple[date, date] | None:
    """First and last day the report's date may mean, given its precision."""
    if report.date is None:
        return None
    day = date.fromisoformat(report.date)
    if report.date_precision == "week":
        return day, day + timedelta(days=6)
    if report.date_precision == "month":
        return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])
    if report.date_precision == "year":
        return day.replace(month=1, day=1), day.replace(month=12, day=31)
    return day, day


def _days_apart(a: StoredEvent, b: StoredEvent) -> int | None:
    """Days between the two reports' periods (0 when they overlap); None when too far or undated."""
    first, second = period_of(a), period_of(b)
    if first is None or second is None:
        return None
    gap = max((second[0] - first[1]).days, (first[0] - second[1]).days, 0)
    return gap if gap <= DAY_SLACK else None


def _km_apart(a: StoredEvent, b: StoredEvent) -> tuple[float, float] | None:
    """(distance, allowed radius) of the two places, radius 0 when only the countries compare."""
    p, q = a.location, b.location
    if p is None or q is None or not p.country_code or p.country_code != q.country_code:
        return None
    radius = RADIUS_KM.get(max(p.precision, q.precision))
    if radius is None or None in (p.lat, p.lon, q.lat, q.lon):
        return 0.0, 0.0  # same country; nothing finer to compare
    assert p.lat is not None and p.lon is not None and q.lat is not None and q.lon is not None
    km = haversine_km(p.lat, p.lon, q.lat, q.lon)
    return (km, radius) if km <= radius else None


def _specific(actor: EventActor | None) -> bool:
    """An actor known by name, not only by kind ("Unidentified Armed Group", "Civilians")."""
    return actor is not None and actor.type not in _GENERIC_ACTOR_TYPES and not actor.name.lower().startswith(_GENERIC_NAME_START)


def _named(report: StoredEvent) -> set[str]:
    return {actor.name for actor in (report.actor1, report.actor2) if actor is not None and _specific(actor)}


def _actors_agree(a: StoredEvent, b: StoredEvent) -> bool:
    """False only when both reports name specific actors and share none of them."""
    first, second = _named(a), _named(b)
    return not first or not second or bool(first & second)


def _actor_agreement(a: StoredEvent, b: StoredEvent) -> float:
    first, second = _named(a), _named(b)
    return 1.0 if first and first == second else 0.75 if first & second else 0.5


def _complete_linkage(ids: Sequence[str], scores: Mapping[tuple[str, str], float]) -> list[list[str]]:
    """Clusters of ``ids`` (sorted) joined by complete linkage over the pair ``scores`` (keys in id order).

    The strongest link joins first; a cluster's link to another is its weakest pair, and none when any
    pair has no score. Ties go to the pair of clusters whose smallest ids come first, so the result
    depends only on the scores. The links live in a heap, each updated when its clusters change, so a
    part of a thousand reports merges in well under a second.
    """
    members = {i: [i] for i in ids}  # each cluster is known by its smallest id
    links: dict[tuple[str, str], float] = dict(scores)
    linked: dict[str, set[str]] = {i: set() for i in ids}
    for a, b in scores:
        linked[a].add(b)
        linked[b].add(a)
    heap = [(-score, a, b) for (a, b), score in scores.items()]
    heapq.heapify(heap)
    while heap:
        weakest, a, b = heapq.heappop(heap)
        if links.get((a, b)) != -weakest:
            continue  # a stale entry: one of the clusters has grown since
        # b joins a (a < b): a link of the union is the weaker of the two, and none when either has none.
        members[a] += members.pop(b)
        for other in linked[a] | linked.pop(b):
            if other in (a, b):
                continue
            first, second = _pair(a, other), _pair(b, other)
            old = links.pop(first, None)
            kept = links.pop(second, None)
            linked[other].discard(b)
            if old is None or kept is None:
                linked[other].discard(a)
                linked[a].discard(other)
                continue
            links[first] = min(old, kept)
            heapq.heappush(heap, (-links[first], *first))
        linked[a].discard(b)
        links.pop((a, b))
    return [sorted(cluster) for cluster in members.values()]


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def report_order(report: StoredEvent) -> tuple[str, str]:
    """How an event lists its reports after the lead: first published first (undated last), then by id."""
    return report.article_published or "9999", report.id


def _lead(cluster: list[StoredEvent]) -> StoredEvent:
    """The first report published (ties: the surest, then the smallest id): the event keeps its id."""
    return min(cluster, key=lambda r: (r.article_published or "9999", -r.confidence, r.id))


def _best(cluster: list[StoredEvent], key: Callable[[StoredEvent], tuple[float | int | str, ...]]) -> StoredEvent:
    return min(cluster, key=lambda r: (*key(r), r.id))


def _merged(cluster: list[StoredEvent], scores: dict[tuple[str, str], tuple[float, tuple[tuple[str, float], ...]]]) -> StoredEvent:
    """One event from its reports: the lead's words, the most precise date and place, the highest toll."""
    lead = _lead(cluster)
    dated = [r for r in cluster if r.date is not None]
    placed = [r for r in cluster if r.location is not None]
    # Ties go to the lead report, so that the event shows one article's words where it can.
    when = _best(dated, lambda r: (_PRECISION_RANK.get(r.date_precision or "", 9), -sum(o.date == r.date for o in dated), r.date or "", r is not lead)) if dated else lead
    where = _best(placed, lambda r: (r.location.precision if r.location else 9, -r.confidence, r is not lead)) if placed else lead
    who = _best(cluster, lambda r: (-len(_named(r)), r is not lead, -r.confidence))
    tolls = [r for r in cluster if r.fatalities is not None]
    toll = max(tolls, key=lambda r: (r.fatalities or 0, r is lead, r.id)) if tolls else lead
    hurt = [r for r in cluster if r.injuries is not None]
    injuries = max(hurt, key=lambda r: (r.injuries or 0, r is lead, r.id)) if hurt else lead
    kinds = Counter((r.acled_event_type, r.acled_sub_event_type) for r in cluster if r.acled_event_type)
    kind = max(kinds, key=lambda k: (kinds[k], k == (lead.acled_event_type, lead.acled_sub_event_type))) if kinds else None
    typed = next((r for r in cluster if (r.acled_event_type, r.acled_sub_event_type) == kind), lead)
    sources = [EventSource(lead)] + [
        EventSource(r, *scores[(lead.id, r.id) if lead.id < r.id else (r.id, lead.id)])
        for r in sorted(cluster, key=report_order) if r is not lead
    ]  # fmt: skip
    supplied = {"date": when, "location": where, "actors": who, "fatalities": toll, "injuries": injuries, "acled_type": typed}
    return replace(
        lead,
        acled_event_type=typed.acled_event_type,
        acled_sub_event_type=typed.acled_sub_event_type,
        actor1=who.actor1,
        actor2=who.actor2,
        date=when.date,
        date_precision=when.date_precision,
        location=where.location,
        fatalities=toll.fatalities,
        injuries=injuries.injuries,
        reported_by=tuple(dict.fromkeys(name for r in cluster for name in r.reported_by)),
        confidence=max(r.confidence for r in cluster),
        sources=tuple(sources),
        # One report supplies everything of an event told once: nothing to say.
        field_sources=tuple((field, report.id) for field, report in supplied.items()) if len(cluster) > 1 else (),
    )
