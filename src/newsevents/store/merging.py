"""Keeps the events table one row per real event: the reports near new ones are merged again.

The reports that can join (``merge.match_reports``) form a graph; each connected part of it is merged
on its own by ``merge.merge_reports``, whose result depends only on the part's reports. After each
article the part around its reports is merged anew, so the events never depend on the order in which
articles arrive, and re-ingesting changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection, bindparam, delete, select, update

from ..merge import DAY_SLACK, match_reports, merge_reports
from ..records import StoredEvent
from .rows import event_row, event_select, stored_event
from .schema import events, reports

# A report's period reaches back at most a year (a date known only to the year is stored as its first day).
_LONGEST_PERIOD = timedelta(days=366)
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
    place = report.location
    if report.is_aggregate or report.date is None or place is None or not place.country_code:
        return []
    day = date.fromisoformat(report.date)
    return _reports(
        conn,
        [
            reports.c.event_type == report.event_type,
            reports.c.country_code == place.country_code,
            reports.c.date >= (day - _LONGEST_PERIOD - timedelta(days=DAY_SLACK)).isoformat(),
            reports.c.date <= (day + _LONGEST_PERIOD + timedelta(days=DAY_SLACK)).isoformat(),
            reports.c.article_id != report.article_id,
            reports.c.is_aggregate.is_(False),
        ],
    )
