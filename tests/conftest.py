"""Shared fixtures: the ../shared folder (skipped when absent), temp databases and a PostgreSQL server."""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/ from the current output")


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
PG_USER = "newsevents"


def _pg_unavailable(reason: str) -> NoReturn:
    if os.environ.get(REQUIRE_POSTGRES) == "1":
        pytest.fail(f"{reason} (and ${REQUIRE_POSTGRES}=1)", pytrace=False)
    pytest.skip(reason)


def _pg_bin_dir() -> Path | None:
    on_path = shutil.which("initdb")
    if on_path:
        return Path(on_path).parent
    # Debian keeps them out of PATH, one folder per major version.
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda path: int(path.parts[-3]))
    return found[-1].parent if found else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class PostgresServer:
    """A running server: ``url(database)`` is a store URL, ``create_database()`` a fresh empty one."""

    port: int
    folder: Path
    names: Iterator[int]

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{PG_USER}@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        import sqlalchemy

        name = f"test_{next(self.names)}"
        engine = sqlalchemy.create_engine(self.url("postgres"), isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as conn:
                conn.exec_driver_sql(f"CREATE DATABASE {name}")
        finally:
            engine.dispose()
        return self.url(name)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """Starts PostgreSQL as an unprivileged user (initdb refuses root), stops it at the end of the session."""
    bin_dir = _pg_bin_dir()
    if bin_dir is None:
        _pg_unavailable("PostgreSQL is not installed (no initdb; Debian: apt-get install postgresql)")
    try:
        import psycopg  # noqa: F401 - the driver SQLAlchemy loads
    except ImportError:
        _pg_unavailable("the psycopg driver is not installed (pip install -e '.[dev]')")
    as_user: list[str] = []
    folder = Path(tempfile.mkdtemp(prefix="newsevents-pg-"))
    if os.geteuid() == 0:
        user = "postgres" if _has_user("postgres") else "nobody"
        shutil.chown(folder, user)
        as_user = ["runuser", "-u", user, "--"]
    data, log = folder / "data", folder / "server.log"
    port = _free_port()

    def run(*command: str) -> None:
        # cwd: the server's user may not be allowed into the checkout.
        done = subprocess.run([*as_user, *command], cwd=folder, capture_output=True, text=True, timeout=120)
        if done.returncode:
            details = log.read_text() if log.exists() else ""
            pytest.fail(f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}{details}", pytrace=False)

    run(str(bin_dir / "initdb"), "-D", str(data), "-U", PG_USER, "--auth=trust", "-E", "UTF8", "--no-locale")
    # fsync off: a test server's data may be lost in a crash; it is thrown away anyway.
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
    run(str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w", "start")
    try:
        yield PostgresServer(port, folder, itertools.count(1))
    finally:
        run(str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop")
        shutil.rmtree(folder, ignore_errors=True)


def _has_user(name: str) -> bool:
    import pwd

    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


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
