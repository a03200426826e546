"""Keeps the events table one row per real event: the reports near new ones are merged again.

The reports that can join (``merge.match_reports``) form a graph; each connected part of it is merged
on its own by ``merge.merge_reports``, whose result depends only on the part's reports. After each
article the part around its reports is merged anew, so the events never depend on the order in which
articles arrive, and re-ingesting changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy import Boolean, Connection, Float, Select, and_, bindparam, delete, or_, select, update

from ..geometry import bounding_box
from ..merge import DAY_SLACK, RADIUS_KM, match_reports, merge_reports, period_of
from ..records import StoredEvent
from .rows import event_row, event_select, stored_event
from .schema import events, reports

# How far a report's date may lie from the start and end of the period it stands for, by precision
# (merge.period_of): a week runs six days on from its date, a month or a year may start before it.
_REACH = {"day": (0, 0), "week": (6, 0), "month": (31, 31), "year": (366, 366)}
_SET_EVENT = (
    update(reports)
    .where(reports.c.id == bindparam("report_id"))
    .values(event_id=bindparam("event_id"), score=bindparam("score"), reasons=bindparam("reasons"))
)


def remerge(conn: Connection, new: Sequence[StoredEvent], stale_events: Iterable[str]) -> None:
    """Merge again the reports connected to the ``new`` reports and to events that lost reports."""
    stale = set(stale_events)
    frontier = list(new) + _reports(conn, [reports.c.event_id.in_(stale)]) if stale else list(new)
    part: dict[str, StoredEvent] = {}
    while frontier:
        report = frontier.pop()
        if report.id in part:
            continue
        part[report.id] = report
        frontier += [r for r in _neighbours(conn, report) if r.id not in part and match_reports(report, r) is not None]
    if not part:
        conn.execute(delete(events).where(events.c.id.in_(stale)))
        return
    stale |= set(conn.scalars(select(reports.c.event_id).where(reports.c.id.in_(list(part)))))
    merged = merge_reports(list(part.values()))
    conn.execute(delete(events).where(events.c.id.in_(stale | {e.id for e in merged})))
    conn.execute(events.insert(), [event_row(e) for e in merged])
    conn.execute(
        _SET_EVENT,
        [
            {"report_id": s.report.id, "event_id": e.id, "score": s.score, "reasons": dict(s.reasons)}
            for e in merged
            for s in e.sources
        ],
    )


def _reports(conn: Connection, conditions: Sequence[Any]) -> list[StoredEvent]:
    return [stored_event(*row) for row in conn.execute(event_select(reports, conditions, (reports.c.id,)))]


def _neighbours(conn: Connection, report: StoredEvent) -> list[StoredEvent]:
    """Reports of other articles that might be the same event: same type and country, dated and placed near it.

    Only a prefilter (every report ``match_reports`` could join passes it); the match decides.
    """
    place, period = report.location, period_of(report)
    if report.is_aggregate or period is None or place is None or not place.country_code:
        return []
    first, last = period
    slack = timedelta(days=DAY_SLACK)
    dates = {
        f"{precision}_{end}": day.isoformat()
        for precision, (before, after) in _REACH.items()
        for end, day in (("from", first - slack - timedelta(days=before)), ("to", last + slack + timedelta(days=after)))
    }
    # Two places compare by distance only when both are finer than a country; otherwise the match
    # rests on the date and actors alone, which reach its threshold only on the very same day.
    exact_day = report.date if report.date_precision in (None, "day") else None
    fine = place.precision in RADIUS_KM and place.lat is not None and place.lon is not None
    if fine:
        assert place.lat is not None and place.lon is not None
        south, north, west, east = bounding_box(place.lat, place.lon, max(RADIUS_KM.values()))
    elif exact_day is None:
        return []
    else:
        south, north, west, east = 1.0, -1.0, 0.0, 0.0  # an empty box: the place says nothing, the day decides
    values = dates | dict(
        type=report.event_type, country=place.country_code, article_id=report.article_id,
        south=south, north=north, west=west, east=east, exact_day=exact_day, any_place=not fine,
    )  # fmt: skip
    return [stored_event(*row) for row in conn.execute(_NEIGHBOURS, values)]


def _neighbours_statement() -> Select[Any]:
    """The prefilter of ``_neighbours`` as one statement with bound values, built once."""
    lat, lon, precision = reports.c.lat, reports.c.lon, reports.c.geo_precision
    west, east = bindparam("west", type_=Float), bindparam("east", type_=Float)
    in_box = and_(
        precision.in_(list(RADIUS_KM)),
        lat.between(bindparam("south"), bindparam("north")),
        or_(and_(west <= east, lon.between(west, east)), and_(west > east, or_(lon >= west, lon <= east))),
    )
    same_day = and_(
        or_(
            precision.is_(None), precision.not_in(list(RADIUS_KM)), lat.is_(None), lon.is_(None),
            bindparam("any_place", type_=Boolean),
        ),
        or_(reports.c.date_precision == "day", reports.c.date_precision.is_(None)),
        reports.c.date == bindparam("exact_day"),
    )
    # Per precision, the dates a report of that precision needs to come near this one: one index range each.
    near = [
        and_(
            # An unknown precision is read as a day (merge.period_of).
            or_(reports.c.date_precision == precision, reports.c.date_precision.is_(None))
            if precision == "day"
            else reports.c.date_precision == precision,
            reports.c.date >= bindparam(f"{precision}_from"),
            reports.c.date <= bindparam(f"{precision}_to"),
        )
        for precision in _REACH
    ]
    return event_select(
        reports,
        [
            reports.c.event_type == bindparam("type"),
            reports.c.country_code == bindparam("country"),
            or_(*near),
            reports.c.article_id != bindparam("article_id"),
            reports.c.is_aggregate.is_(False),
            or_(in_box, same_day),
        ],
        (reports.c.id,),
    )


_NEIGHBOURS = _neighbours_statement()
