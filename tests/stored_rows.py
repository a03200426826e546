"""What a SQLite store holds, without the clocks and run numbers: two runs over the same input compare equal."""

from __future__ import annotations

import sqlite3
from pathlib import Path

# Columns that record when or in which run something was stored, not what.
_WHEN = {"ingested_at", "analysed_at", "run_id"}
TABLES = ("articles", "entities", "places", "reports", "events")


def stored_rows(path: Path) -> dict[str, list[tuple]]:
    """Every row of the content tables, in key order, clocks and run numbers left out."""
    connection = sqlite3.connect(path)
    try:
        rows = {}
        for table in TABLES:
            columns = [row[1] for row in connection.execute(f"PRAGMA table_info({table})") if row[1] not in _WHEN]
            quoted = ", ".join(f'"{column}"' for column in columns)
            rows[table] = connection.execute(f"SELECT {quoted} FROM {table} ORDER BY {quoted}").fetchall()
        return rows
    finally:
        connection.close()
