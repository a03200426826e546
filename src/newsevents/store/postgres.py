"""PostgreSQL backend (driver psycopg 3): tsvector + GIN full-text search, advisory locks, readable errors.

Full-text search uses the text search configuration ``newsevents``: PostgreSQL's
``simple`` one (every word is indexed as written, lower-cased, no stemming and
no stop words, so any language works) with accents removed by the ``unaccent``
extension, so "Bogota" finds "Bogotá" as it does on SQLite.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy
from sqlalchemy import (
    ColumnClause,
    ColumnElement,
    Connection,
    Engine,
    Insert,
    Subquery,
    bindparam,
    func,
    literal_column,
    select,
)
from sqlalchemy.engine import URL
from sqlalchemy.schema import CreateIndex, DropIndex

from ..errors import StoreError
from .backend import SNIPPET_MARK, SNIPPET_WORDS, ErrorTable, search_terms, store_error
from .schema import articles, events, newest_first_indexes

DRIVER = "postgresql+psycopg"
MIN_SERVER_VERSION = 120000  # generated columns
CONNECT_TIMEOUT_S = 10
TEXT_SEARCH_CONFIG = "newsevents"
_INSTALL_DRIVER = "pip install newsevents[postgres]"

_FTS_DDL = (
    # Trusted since PostgreSQL 13: the database owner may create it.
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    f"CREATE TEXT SEARCH CONFIGURATION {TEXT_SEARCH_CONFIG} (COPY = simple)",
    f"ALTER TEXT SEARCH CONFIGURATION {TEXT_SEARCH_CONFIG} ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple",
)
# A generated column, so every writer (and articles stored before the migration) is indexed.
_SEARCH_COLUMN_DDL = (
    "ALTER TABLE articles ADD COLUMN search tsvector GENERATED ALWAYS AS "
    f"(to_tsvector('{TEXT_SEARCH_CONFIG}', coalesce(title, '') || ' ' || text)) STORED",
    "CREATE INDEX ix_articles_search ON articles USING gin (search)",
)
# A hyphenated word is indexed as its parts alone, as SQLite's tokenizer does: PostgreSQL also indexes the
# whole compound ("ez-zor") in a position of its own, so that a search for "Deir ez-Zor" never met its words
# side by side. Then the column is made anew, so that stored articles are indexed the new way.
_SPLIT_HYPHENATED_DDL = (
    f"ALTER TEXT SEARCH CONFIGURATION {TEXT_SEARCH_CONFIG} DROP MAPPING IF EXISTS FOR hword, asciihword, numhword",
    "ALTER TABLE articles DROP COLUMN search",
    *_SEARCH_COLUMN_DDL,
)

# The first match wins; role errors come before the missing database ("... does not exist").
_ERRORS: ErrorTable = (
    ("unaccent", "the PostgreSQL server of {where} lacks the unaccent extension",
     "install the server's contrib modules (Debian: apt-get install postgresql-contrib)"),
    ("connection refused", "cannot reach the PostgreSQL server of {where}",
     "start the server (e.g. `systemctl start postgresql`), or check the host and port in the URL"),
    ("is the server running", "cannot reach the PostgreSQL server of {where}",
     "start the server (e.g. `systemctl start postgresql`), or check the host, port or socket in the URL"),
    ("could not translate host name", "the host of {where} is unknown", "check the host name in the URL"),
    ("timeout expired", "the PostgreSQL server of {where} did not answer in time",
     "check that the server is up and reachable (host, port, firewall)"),
    ("password authentication failed", "PostgreSQL refused the login to {where}",
     "check the user name and password in the URL (postgresql+psycopg://USER:PASSWORD@HOST/DATABASE)"),
    ("no password supplied", "PostgreSQL asks for a password for {where}",
     "put it in the URL (postgresql+psycopg://USER:PASSWORD@HOST/DATABASE) or in ~/.pgpass"),
    ('role "', "PostgreSQL has no such user for {where}",
     "check the user name in the URL, or create the user first (createuser USER)"),
    ("does not exist", "the database of {where} does not exist",
     "create it first (createdb -h HOST -U USER DATABASE), or check the database name in the URL"),
    ("permission denied", "the PostgreSQL user of {where} may not do this",
     "use the database owner's login, or have the owner grant this user the rights"),
    ("too many connections", "the PostgreSQL server of {where} has no free connection",
     "wait for other clients to finish, or raise max_connections"),
    ("syntax error in tsquery", "the search query is not valid", "search for plain words, or put a phrase in double quotes"),
)

# Added by the migration, so not in schema.py's articles table.
_search: ColumnClause[object] = literal_column("articles.search")
_config: ColumnClause[object] = literal_column(f"'{TEXT_SEARCH_CONFIG}'::regconfig")
_LOCK = select(func.pg_advisory_xact_lock(func.hashtextextended(bindparam("name"), 0)))
_HEADLINE_OPTIONS = f'StartSel="{SNIPPET_MARK}", StopSel="{SNIPPET_MARK}", MaxWords={SNIPPET_WORDS}, MinWords={SNIPPET_WORDS // 2}'


def url_for(target: str | Path) -> tuple[URL, Path | None]:
    """The psycopg URL for a ``postgresql://`` or ``postgresql+psycopg://`` URL."""
    url = sqlalchemy.make_url(str(target))
    if url.drivername == "postgresql":
        url = url.set(drivername=DRIVER)  # SQLAlchemy's default would be psycopg2
    if url.drivername != DRIVER:
        raise StoreError(
            f"the PostgreSQL driver {url.get_driver_name()!r} is not supported",
            f"use a {DRIVER}:// URL (after {_INSTALL_DRIVER})",
        )
    if not url.database:
        raise StoreError(
            f"{url.render_as_string(hide_password=True)} names no database",
            f"add one at the end, e.g. {DRIVER}://USER@HOST/newsevents",
        )
    return url, None


def create_engine(url: URL) -> Engine:
    """An engine over psycopg; a missing driver says how to install it."""
    connect_args = {} if "connect_timeout" in url.query else {"connect_timeout": CONNECT_TIMEOUT_S}
    try:
        return sqlalchemy.create_engine(url, connect_args=connect_args)
    except ImportError as error:
        raise StoreError("the PostgreSQL driver (psycopg) is not installed", _INSTALL_DRIVER) from error


def check_features(conn: Connection) -> None:
    """Raise StoreError when the server is too old for the store."""
    version = int(conn.exec_driver_sql("SHOW server_version_num").scalar_one())
    if version < MIN_SERVER_VERSION:
        raise StoreError(
            f"PostgreSQL {version // 10000} is too old for newsevents", "use PostgreSQL 12 or newer (or a SQLite file)"
        )


def _create_full_text_index(conn: Connection) -> None:
    for statement in (*_FTS_DDL, *_SEARCH_COLUMN_DDL):
        conn.exec_driver_sql(statement)


def _split_hyphenated_words(conn: Connection) -> None:
    for statement in _SPLIT_HYPHENATED_DDL:
        conn.exec_driver_sql(statement)


def _order_indexes_as_pages_read(conn: Connection) -> None:
    for index in newest_first_indexes(events):
        conn.execute(DropIndex(index, if_exists=True))
        conn.execute(CreateIndex(index))


# Run after the dialect-neutral migration of the same version (see schema.py).
MIGRATION_STEPS = {2: _create_full_text_index, 6: _order_indexes_as_pages_read, 7: _split_hyphenated_words}

# seq comes from the identity column (schema.py), which never hands one number out twice.
INSERT_ARTICLE: Insert = articles.insert()


def lock_until_commit(conn: Connection, *names: str) -> None:
    """Transaction-scoped advisory locks, taken in one order so two writers never deadlock."""
    for name in sorted(set(names)):
        conn.execute(_LOCK, {"name": name})


@contextmanager
def read_only(conn: Connection) -> Iterator[None]:
    """Run what is inside in a READ ONLY transaction, rolled back after."""
    conn.exec_driver_sql("SET TRANSACTION READ ONLY")
    try:
        yield
    finally:
        conn.rollback()


def refused_write(error: Exception) -> bool:
    """Whether a database error is a write refused by ``read_only``."""
    return "read-only transaction" in str(getattr(error, "orig", None) or error).lower()


def to_store_error(error: Exception, where: str) -> StoreError:
    """The StoreError (what is wrong, what to do) for a database error."""
    return store_error(error, where, _ERRORS)


def ts_query(user_query: str) -> str:
    """A ``to_tsquery`` text that cannot be a syntax error: words quoted, phrases as ``<->``, ``word*`` as ``:*``."""
    parts: list[str] = []
    for term in search_terms(user_query):
        words = [f"'{word}'" for word in term.words]  # \w+ words hold no quote
        if term.prefix:
            words[-1] += ":*"
        if parts:
            parts.append("|" if term.or_previous else "&")
        parts.append("(" + " <-> ".join(words) + ")")
    return " ".join(parts)


def full_text_match(user_query: str) -> Subquery:
    """Articles matching a search: columns ``seq`` (articles.seq) and ``snippet``."""
    query = func.to_tsquery(_config, ts_query(user_query))
    snippet = func.ts_headline(_config, articles.c.text, query, _HEADLINE_OPTIONS)
    return (
        select(articles.c.seq.label("seq"), snippet.label("snippet"))
        .where(_search.op("@@")(query))
        .subquery("matches")
    )


def article_matches(conn: Connection, user_query: str) -> ColumnElement[bool]:
    """The condition that an event's article matches a search; the planner weighs the matches against the date order."""
    return articles.c.seq.in_(select(full_text_match(user_query).c.seq))
