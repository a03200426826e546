"""The database of articles, analyses and events: ``open_store(path_or_url)`` returns a ``Store``."""

from __future__ import annotations

import os
from pathlib import Path

import sqlalchemy
from sqlalchemy.exc import DBAPIError

from ..errors import StoreError
from . import sqlite
from .queries import Store
from .schema import SCHEMA_VERSION, WRITE_OPTION, current_version, migrate

__all__ = ["DEFAULT_DB", "DB_ENV_VAR", "Store", "open_store"]

DEFAULT_DB = "newsevents.db"
DB_ENV_VAR = "NEWSEVENTS_DB"


def open_store(target: str | Path | None = None) -> Store:
    """Open (creating and migrating as needed) a database file path or SQLAlchemy URL.

    ``None`` means ``$NEWSEVENTS_DB``, else ``./newsevents.db``.
    """
    if target is None:
        target = os.environ.get(DB_ENV_VAR) or DEFAULT_DB
    if isinstance(target, str) and "://" in target:
        dialect = _dialect_of(target)
        if dialect != "sqlite":
            raise StoreError(
                f"{dialect} databases are not supported yet",
                "pass a SQLite file path (e.g. --db newsevents.db)",
            )
    url, path = sqlite.url_for(target)
    where = str(path) if path is not None else url.render_as_string(hide_password=True)
    engine = sqlite.create_engine(url)
    try:
        with engine.connect() as conn:
            sqlite.check_features(conn)
            outdated = current_version(conn) != SCHEMA_VERSION
        if outdated:
            # Under the write lock, so two processes opening a new file migrate it once.
            with engine.connect() as conn:
                conn.execution_options(**{WRITE_OPTION: True})
                with conn.begin():
                    migrate(conn, sqlite.MIGRATION_STEPS, where)
    except DBAPIError as error:
        engine.dispose()
        raise sqlite.to_store_error(error, where) from error
    except StoreError:
        engine.dispose()
        raise
    return Store(engine, sqlite, url, path)


def _dialect_of(target: str) -> str:
    try:
        return sqlalchemy.make_url(target).get_backend_name()
    except sqlalchemy.exc.ArgumentError as error:
        raise StoreError(f"{target!r} is not a database URL", "pass a file path or a URL like sqlite:///news.db") from error
