"""Shared fixtures: the ../shared folder (skipped when absent), temp databases and a PostgreSQL server."""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import settings

import pg_server  # tests/ is on sys.path (rootdir conftest); benchmarks/store_bench.py uses it too
from pg_server import PostgresServer


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/ from the current output")


# Property tests draw the same examples on every run (derandomize, no example database), so a
# failure in CI is the failure on a laptop; no deadline, as the first example loads spaCy.
settings.register_profile("newsevents", derandomize=True, database=None, deadline=None)
settings.load_profile("newsevents")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))

SHARED = Path(__file__).resolve().parents[2] / "shared"
SAMPLE = SHARED / "samples" / "raw_news_dump.txt"


@pytest.fixture(scope="session")
def shared_sample() -> Path:
    """The real sample dump from ../shared; skips when it is not there."""
    if not SAMPLE.exists():
        pytest.skip("../shared/samples/raw_news_dump.txt is not present")
    return SAMPLE


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "events.db"


# --- PostgreSQL ---------------------------------------------------------------
# A real server for the session, started by the tests themselves (initdb in a
# temp folder, a free local port, a socket in that folder), so `make test`
# works the same on a laptop and in CI. Without PostgreSQL's binaries or the
# psycopg driver the PostgreSQL tests skip, unless $NEWSEVENTS_REQUIRE_POSTGRES
# is 1 (CI sets it), where they fail instead.

REQUIRE_POSTGRES = "NEWSEVENTS_REQUIRE_POSTGRES"


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """Starts PostgreSQL (tests/pg_server.py) for the session and stops it at the end."""
    try:
        with pg_server.running() as server:
            yield server
    except pg_server.PostgresUnavailable as missing:
        if os.environ.get(REQUIRE_POSTGRES) == "1":
            pytest.fail(f"{missing} (and ${REQUIRE_POSTGRES}=1)", pytrace=False)
        pytest.skip(str(missing))
    except pg_server.PostgresFailed as failure:
        pytest.fail(str(failure), pytrace=False)


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> str:
    """A new empty PostgreSQL database for one test."""
    return postgres_server.create_database()


@pytest.fixture(params=["sqlite", "postgresql"])
def new_database(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[], str]:
    """Makes new empty databases of one backend (SQLite file paths, then PostgreSQL URLs): the test runs on each."""
    if request.param == "sqlite":
        numbers = itertools.count()
        return lambda: str(tmp_path / f"news{next(numbers)}.db")
    server: PostgresServer = request.getfixturevalue("postgres_server")
    return server.create_database


@pytest.fixture
def store_url(new_database: Callable[[], str]) -> str:
    """A new empty database of each backend: a SQLite file path, then a PostgreSQL URL."""
    return new_database()
