"""The database of articles, analyses and events: ``open_store(path_or_url)`` returns a ``Store``.

A file path or ``sqlite://`` URL opens SQLite (``store.sqlite``); a ``postgresql://``
(or ``postgresql+psycopg://``) URL opens PostgreSQL (``store.postgres``). Both
backends fulfil ``store.backend.Backend``.
"""

from __future__ import annotations

import os
from pathlib import Path

import sqlalchemy
from sqlalchemy.exc import DBAPIError

from ..errors import StoreError
from . import postgres, sqlite
from .backend import Backend
from .queries import Store
from .schema import SCHEMA_VERSION, WRITE_OPTION, current_version, migrate

__all__ = ["DEFAULT_DB", "DB_ENV_VAR", "Store", "open_store"]

DEFAULT_DB = "newsevents.db"
DB_ENV_VAR = "NEWSEVENTS_DB"

_BACKENDS: dict[str, Backend] = {"sqlite": sqlite, "postgresql": postgres}


def open_store(target: str | Path | None = None) -> Store:
    """Open (creating and migrating as needed) a database file path or SQLAlchemy URL.

    ``None`` means ``$NEWSEVENTS_DB``, else ``./newsevents.db``.
    """
    if target is None:
        target = os.environ.get(DB_ENV_VAR) or DEFAULT_DB
    backend = _backend_for(target)
    url, path = backend.url_for(target)
    where = str(path) if path is not None else url.render_as_string(hide_password=True)
    engine = backend.create_engine(url)
    try:
        with engine.connect() as conn:
            backend.check_features(conn)
            outdated = current_version(conn) != SCHEMA_VERSION
        if outdated:
            # Under a write lock, so two processes opening a new database migrate it once.
            with engine.connect() as conn:
                conn.execution_options(**{WRITE_OPTION: True})
                with conn.begin():
                    backend.lock_until_commit(conn, "schema")
                    migrate(conn, backend.MIGRATION_STEPS, where)
    except DBAPIError as error:
        engine.dispose()
        raise backend.to_store_error(error, where) from error
    except StoreError:
        engine.dispose()
        raise
    return Store(engine, backend, url, path)


def _backend_for(target: str | Path) -> Backend:
    if not (isinstance(target, str) and "://" in target):
        return sqlite
    try:
        dialect = sqlalchemy.make_url(target).get_backend_name()
    except sqlalchemy.exc.ArgumentError as error:
        raise StoreError(f"{target!r} is not a database URL", "pass a file path or a URL like sqlite:///news.db") from error
    if dialect not in _BACKENDS:
        raise StoreError(
            f"{dialect} databases are not supported",
            "pass a SQLite file path (e.g. --db newsevents.db) or a postgresql:// URL",
        )
    return _BACKENDS[dialect]
