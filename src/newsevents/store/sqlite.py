"""SQLite backend: one file in WAL mode, FTS5 full-text search, readable errors."""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import sqlalchemy
from sqlalchemy import (
    ColumnClause,
    ColumnElement,
    Connection,
    Engine,
    Insert,
    Subquery,
    column,
    event,
    func,
    literal_column,
    select,
    table,
)
from sqlalchemy.engine import URL
from sqlalchemy.pool import ConnectionPoolEntry

from ..errors import StoreError
from .backend import SNIPPET_ELLIPSIS, SNIPPET_MARK, SNIPPET_WORDS, ErrorTable, search_terms, store_error
from .schema import WRITE_OPTION, articles

# A reader (serve, a second CLI) waits this long for a writer's commit instead
# of failing at once with "database is locked"; ingest commits per article.
BUSY_TIMEOUT_MS = 15_000

# unicode61 with diacritics removed, so "Bogota" finds "Bogotá".
_FTS_DDL = (
    "CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='seq', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN "
    "INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text); END",
    "CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN "
    "INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text); END",
    "CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text, seq ON articles BEGIN "
    "INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text); "
    "INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text); END",
    # Indexes articles stored before this migration ran.
    "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')",
)

_FTS_FIX = "install a Python whose sqlite3 has FTS5 (python.org and most Linux builds do), or use PostgreSQL"

# The first match wins.
_ERRORS: ErrorTable = (
    ("not a database", "{where} is not a SQLite database",
     "pass the path of a database made by newsevents, or a new file name"),
    ("readonly", "cannot write to {where}: it is read-only",
     "check the permissions of the file and its folder, or copy it somewhere writable"),
    ("unable to open database file", "cannot open or create {where}",
     "check that its folder exists and that you may write there"),
    ("database is locked", "{where} is locked by another process",
     "wait for the other newsevents run to finish, then try again"),
    ("disk is full", "the disk holding {where} is full", "free some space and run again (nothing half-written was kept)"),
    ("malformed", "{where} is damaged", "restore it from a backup, or salvage it with `sqlite3 FILE .recover`"),
    ("no such module: fts5", "this Python's sqlite3 lacks FTS5 full-text search", _FTS_FIX),
    ("fts5: syntax error", "the search query is not valid", "search for plain words, or put a phrase in double quotes"),
)

_fts = table("articles_fts", column("rowid"))
_fts_self: ColumnClause[Any] = literal_column("articles_fts")  # an FTS5 table's hidden column named after the table takes MATCH


def url_for(target: str | Path) -> tuple[URL, Path | None]:
    """An SQLAlchemy URL for a file path or a ``sqlite://`` URL, checking the folder first."""
    if isinstance(target, str) and "://" in target:
        url = sqlalchemy.make_url(target)
        # A URI filename (file:PATH?mode=ro&uri=true) names its file after the scheme: messages name that file,
        # not the URL with its colon escaped.
        database = unquote(url.database.removeprefix("file:")) if url.database else None
        path = Path(database) if database and url.query.get("mode") != "memory" else None
    else:
        path = Path(target).expanduser().resolve()
        url = URL.create("sqlite", database=str(path))
    if path is not None and path.name != ":memory:":
        _check_path(path)
    return url, path


def _check_path(path: Path) -> None:
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file", f"pass a file name inside it, e.g. {path / 'newsevents.db'}")
    if not path.parent.is_dir():
        raise StoreError(
            f"cannot create {path}: the folder {path.parent} does not exist",
            f"create it first (mkdir -p {path.parent}) or pass another --db path",
        )


def create_engine(url: URL) -> Engine:
    """An engine whose connections use WAL, foreign keys and a busy timeout."""
    engine = sqlalchemy.create_engine(url)
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def _on_connect(dbapi_connection: sqlite3.Connection, _record: ConnectionPoolEntry) -> None:
    # The sqlite3 module's own transaction handling skips BEGIN for SELECT and
    # DDL; switch it off and emit BEGIN ourselves (_on_begin) so migrations and
    # reads are real transactions.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    # In WAL mode NORMAL never corrupts the file; a power cut may lose the
    # last commits, which re-running the same input restores.
    cursor.execute("PRAGMA synchronous = NORMAL")
    try:
        cursor.execute("SELECT sin(0)")
    except sqlite3.OperationalError:
        _add_math_functions(dbapi_connection)
    cursor.close()


# The distance filter (queries._within_km) uses SQL's sin, cos and radians, as PostgreSQL has them;
# SQLite has them only when built with SQLITE_ENABLE_MATH_FUNCTIONS (3.35+, most builds).
_MATH_FUNCTIONS = {"sin": math.sin, "cos": math.cos, "radians": math.radians}


def _add_math_functions(dbapi_connection: sqlite3.Connection) -> None:
    for name, function in _MATH_FUNCTIONS.items():
        dbapi_connection.create_function(name, 1, function, deterministic=True)


def _on_begin(conn: Connection) -> None:
    # A writer takes the write lock at BEGIN: a deferred transaction that reads
    # and then writes fails with SQLITE_BUSY (no waiting) if another writer
    # committed in between.
    immediate = conn.get_execution_options().get(WRITE_OPTION)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


@contextmanager
def read_only(conn: Connection) -> Iterator[None]:
    """Refuse every write on this connection while inside: ``newsevents sql`` runs the user's statement here."""
    conn.exec_driver_sql("PRAGMA query_only = ON")
    try:
        yield
    finally:
        conn.exec_driver_sql("PRAGMA query_only = OFF")


def refused_write(error: Exception) -> bool:
    """Whether a database error is a write refused by ``read_only``."""
    return "readonly database" in str(getattr(error, "orig", None) or error).lower()


def check_features(conn: Connection) -> None:
    """Raise StoreError when this sqlite3 cannot do what the store needs."""
    if not conn.exec_driver_sql("SELECT sqlite_compileoption_used('ENABLE_FTS5')").scalar():
        raise StoreError(f"this Python's sqlite3 ({sqlite3.sqlite_version}) lacks FTS5 full-text search", _FTS_FIX)


def _create_full_text_index(conn: Connection) -> None:
    for statement in _FTS_DDL:
        conn.exec_driver_sql(statement)


# Run after the dialect-neutral migration of the same version (see schema.py).
MIGRATION_STEPS = {2: _create_full_text_index}

# max + 1 is safe here: the INSERT runs in a BEGIN IMMEDIATE transaction, which
# holds the write lock of the whole file, so no two writers can read the same max.
INSERT_ARTICLE: Insert = articles.insert().values(
    seq=select(func.coalesce(func.max(articles.c.seq), 0) + 1).scalar_subquery()
)


def lock_until_commit(conn: Connection, *names: str) -> None:
    """Nothing to do: a write transaction already holds the lock of the whole file."""


def to_store_error(error: Exception, where: str) -> StoreError:
    """The StoreError (what is wrong, what to do) for a database error."""
    return store_error(error, where, _ERRORS)


def fts_query(user_query: str) -> str:
    """An FTS5 query that cannot be a syntax error: every term quoted, ``OR`` and ``word*`` kept."""
    return " ".join(
        ("OR " if term.or_previous else "") + '"' + " ".join(term.words) + '"' + ("*" if term.prefix else "")
        for term in search_terms(user_query)
    )


def _matching(user_query: str) -> ColumnElement[bool]:
    return _fts_self.op("MATCH")(fts_query(user_query))


def full_text_match(user_query: str) -> Subquery:
    """Articles matching a search: columns ``seq`` (articles.seq) and ``snippet``."""
    snippet = func.snippet(_fts_self, -1, SNIPPET_MARK, SNIPPET_MARK, SNIPPET_ELLIPSIS, SNIPPET_WORDS)
    return (
        select(_fts.c.rowid.label("seq"), snippet.label("snippet"))
        .select_from(_fts)
        .where(_matching(user_query))
        .subquery("matches")
    )


# Where walking the date order beats sorting the matches: with m of n articles matching, a page costs about
# m sorted events one way and n/m walked the other; they meet near m * m = 30 n (benchmarks/store_bench.py).
_BROAD_SEARCH = 30
_ARTICLE_COUNT = select(func.count()).select_from(articles)


def article_matches(conn: Connection, user_query: str) -> ColumnElement[bool]:
    """The condition that an event's article matches a search.

    SQLite starts at the matches and sorts every event of them. When they are many, a page lies near the top
    of the date order: an expression (seq + 0) then keeps it from starting there, so it walks the order and
    tests each event's article (a city's name in 100k events: 120 ms a page, 3 ms so).
    """
    matches = select(_fts.c.rowid).select_from(_fts).where(_matching(user_query))
    found = conn.scalar(select(func.count()).select_from(matches.subquery())) or 0
    seq: ColumnElement[int] = articles.c.seq
    if found * found > _BROAD_SEARCH * (conn.scalar(_ARTICLE_COUNT) or 0):
        seq = seq + 0
    return seq.in_(matches)
