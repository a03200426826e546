"""What a database backend module (``store.sqlite``, ``store.postgres``) provides, and the helpers they share.

``open_store`` picks the module by the URL's dialect and hands it to ``Store``;
everything else in ``store`` is dialect-neutral SQLAlchemy Core.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from sqlalchemy import ColumnElement, Connection, Engine, Insert, Subquery
from sqlalchemy.engine import URL

from ..errors import QueryError, StoreError

# Marks around matched words in search snippets; plain text so a terminal
# (rich markup uses [ ]) and the web page (which escapes HTML) both show it.
SNIPPET_MARK = "**"
SNIPPET_ELLIPSIS = "…"
# About one line of context around the best match.
SNIPPET_WORDS = 16

_QUERY_TOKEN = re.compile(r'"([^"]*)"|(\S+)')
_WORD = re.compile(r"\w+")

# (lower-case substring of the driver's message, what is wrong, what to do); "{where}" names the database.
ErrorTable = tuple[tuple[str, str, str], ...]


class Backend(Protocol):
    """The module contract of one database dialect."""

    def url_for(self, target: str | Path) -> tuple[URL, Path | None]:
        """The SQLAlchemy URL for a path or URL, and the database file (None when it is not a file)."""
        ...

    def create_engine(self, url: URL) -> Engine:
        """An engine set up for the store (raises StoreError when the driver is missing)."""
        ...

    def check_features(self, conn: Connection) -> None:
        """Raise StoreError when the database cannot do what the store needs."""
        ...

    @property
    def MIGRATION_STEPS(self) -> Mapping[int, Callable[[Connection], None]]:  # noqa: N802 - a module constant
        """Dialect-specific work run after the neutral migration of the same version."""
        ...

    @property
    def INSERT_ARTICLE(self) -> Insert:  # noqa: N802 - a module constant
        """``articles.insert()`` plus how this database numbers ``seq``."""
        ...

    def lock_until_commit(self, conn: Connection, *names: str) -> None:
        """Make other writers that lock one of ``names`` wait until this transaction ends."""
        ...

    def to_store_error(self, error: Exception, where: str) -> StoreError:
        """The StoreError (what is wrong, what to do) for a database error."""
        ...

    def read_only(self, conn: Connection) -> AbstractContextManager[None]:
        """Refuse every write on this connection while inside (``newsevents sql`` runs the user's statement here)."""
        ...

    def refused_write(self, error: Exception) -> bool:
        """Whether a database error is a write refused by ``read_only``."""
        ...

    def full_text_match(self, user_query: str) -> Subquery:
        """Articles matching a search: columns ``seq`` (articles.seq) and ``snippet``."""
        ...

    def article_matches(self, conn: Connection, user_query: str) -> ColumnElement[bool]:
        """The condition that an event's article (``articles.seq``) matches a search, as this database finds a page fastest."""
        ...


def store_error(error: Exception, where: str, table: ErrorTable) -> StoreError:
    """The first matching row of a backend's error table, else a generic StoreError."""
    original = getattr(error, "orig", None) or error
    message = str(original).strip()
    lowered = message.lower()
    for needle, problem, fix in table:
        if needle in lowered:
            return StoreError(problem.format(where=where), fix)
    return StoreError(f"database error on {where}: {message}", "run again with --debug and report the error if it persists")


@dataclass(frozen=True)
class SearchTerm:
    """One term of a search: words that must stand together, maybe the last one a prefix, maybe OR-ed with the previous term."""

    words: tuple[str, ...]
    prefix: bool
    or_previous: bool


def search_terms(user_query: str) -> list[SearchTerm]:
    """Terms of a user's search, which cannot be a syntax error: words, "phrases", ``OR`` and ``word*``.

    Raises QueryError when the search has no words (a request to fix, not a failing database).
    """
    terms: list[SearchTerm] = []
    pending_or = False
    for phrase, bare in _QUERY_TOKEN.findall(user_query):
        if bare == "OR" and terms:
            pending_or = True
            continue
        words = _WORD.findall(phrase or bare)
        if not words:
            continue
        # Several words in one token ("al-Qaim", a quoted phrase) must stay adjacent.
        terms.append(SearchTerm(tuple(words), bare.endswith("*"), pending_or))
        pending_or = False
    if not terms:
        raise QueryError(f"the search {user_query!r} has no words to look for", "search for at least one word, e.g. airstrike")
    return terms
