"""Errors keep their message, fix and fields across processes (worker pools and Dask send them pickled)."""

from __future__ import annotations

import pickle

import pytest

from newsevents.errors import InputError, ModelError, NewsEventsError, QueryError


@pytest.mark.parametrize(
    "error",
    [
        NewsEventsError("article 1: analysis failed", "report the article"),
        InputError("docs.jsonl:line 3", "not valid JSON", "check the JSON on that line", doc_id="a7"),
        ModelError("spaCy model is not installed", "run `make install`"),
        QueryError("bad date", "write YYYY-MM-DD"),
    ],
    ids=lambda e: type(e).__name__,
)
def test_errors_survive_pickling(error):
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert str(copy) == str(error)
    assert copy.__dict__ == error.__dict__
