"""What a store holds, without clocks, run ids and row numbers: two runs over the same input compare equal.

Works on a SQLite file and on a PostgreSQL URL alike, so a store in one can be compared with the other.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy
from sqlalchemy import Column, Connection, Integer, select

from newsevents.store.schema import articles, entities, events, places, reports, runs, sources

# Columns that record when or in which run something was stored, not what.
_WHEN = {"ingested_at", "analysed_at", "run_id"}
TABLES = (articles, sources, entities, places, reports, events)


def _numbering(column: Column) -> bool:
    """A number the database hands out: PostgreSQL skips the numbers of a rolled-back (or killed) transaction."""
    return column.name == "seq" or (column.primary_key and isinstance(column.type, Integer))


@contextmanager
def _connection(target: Path | str) -> Iterator[Connection]:
    url = target if isinstance(target, str) and "://" in target else f"sqlite:///{target}"
    engine = sqlalchemy.create_engine(url)
    try:
        with engine.connect() as conn:
            yield conn
    finally:
        engine.dispose()


def stored_rows(target: Path | str) -> dict[str, list[tuple]]:
    """Every row of the content tables of a SQLite file or database URL, sorted, without clocks and numbering."""
    rows = {}
    with _connection(target) as conn:
        for table in TABLES:
            columns = [column for column in table.columns if column.name not in _WHEN and not _numbering(column)]
            # Sorted here, not in SQL: the databases order text by different collations.
            rows[table.name] = sorted((tuple(row) for row in conn.execute(select(*columns))), key=repr)
    return rows


def stored_runs(target: Path | str) -> list[tuple[str | None, dict | None]]:
    """(finished_at, counts) of every run, in the order they started."""
    with _connection(target) as conn:
        return [(finished, counts) for finished, counts in conn.execute(select(runs.c.finished_at, runs.c.counts).order_by(runs.c.id))]
