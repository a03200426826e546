"""Errors that say what went wrong and what to do next.

Every interface (CLI, API) catches ``NewsEventsError`` in one place and prints
``str(error)``; a batch logs the bad document and goes on.
"""

from __future__ import annotations

from collections.abc import Callable


class NewsEventsError(Exception):
    """Base class: ``message`` says what is wrong, ``fix`` says what to do."""

    def __init__(self, message: str, fix: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix

    def __str__(self) -> str:
        return f"{self.message}; {self.fix}" if self.fix else self.message

    def __reduce__(self) -> tuple[Callable[..., NewsEventsError], tuple[type[NewsEventsError], tuple[object, ...], dict[str, object]]]:
        # Worker processes send errors back pickled, and subclasses take other arguments than ``args``.
        return (_restore, (type(self), self.args, dict(self.__dict__)))


def _restore(cls: type[NewsEventsError], args: tuple[object, ...], state: dict[str, object]) -> NewsEventsError:
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


class InputError(NewsEventsError):
    """A document or file that cannot be read (the rest of the run goes on)."""

    def __init__(self, where: str, problem: str, fix: str, doc_id: str | None = None) -> None:
        super().__init__(f"{where}: {problem}", fix)
        self.where = where
        self.problem = problem
        self.doc_id = doc_id  # the document's own id when it has one (a JSONL "id")


class StoreError(NewsEventsError):
    """The database cannot be opened, migrated or written."""


class DataError(NewsEventsError):
    """A shipped data file (actors, gazetteer, mappings) is missing or invalid."""


class ModelError(NewsEventsError):
    """The spaCy model cannot be loaded."""


class QueryError(StoreError):
    """A query the store cannot answer as asked (a bad date, box, radius or sort key)."""


class SkippedFile(InputError):
    """A file met in a folder that is no news document (an image, an archive, binary data).

    Listed with its reason, but not a failure: the run's exit status stays 0.
    """
