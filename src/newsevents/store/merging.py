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

from sqlalchemy import Connection, and_, bindparam, delete, or_, select, update

from ..merge import DAY_SLACK, match_reports, merge_reports, period_of
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
    """Reports of other articles that might be the same event: same type and country, dated near it.

    Only a prefilter (every report ``match_reports`` could join passes it); the match decides.
    """
    place, period = report.location, period_of(report)
    if report.is_aggregate or period is None or place is None or not place.country_code:
        return []
    first, last = period
    slack = timedelta(days=DAY_SLACK)
    # Per precision, the dates a report of that precision needs to come near this one: one index range each.
    near = [
        and_(
            # An unknown precision is read as a day (merge.period_of).
            or_(reports.c.date_precision == precision, reports.c.date_precision.is_(None))
            if precision == "day"
            else reports.c.date_precision == precision,
            reports.c.date >= (first - slack - timedelta(days=before)).isoformat(),
            reports.c.date <= (last + slack + timedelta(days=after)).isoformat(),
        )
        for precision, (before, after) in _REACH.items()
    ]
    return _reports(
        conn,
        [
            reports.c.event_type == report.event_type,
            reports.c.country_code == place.country_code,
            or_(*near),
            reports.c.article_id != report.article_id,
            reports.c.is_aggregate.is_(False),
        ],
    )
