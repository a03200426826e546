"""A throwaway PostgreSQL server for the tests (conftest.py) and the store benchmark (benchmarks/store_bench.py).

``running()`` runs initdb in a temp folder and starts the server on a free loopback port with its socket in
that folder, as an unprivileged user when run as root (initdb refuses root), and stops it on exit.
No pytest here: the callers decide whether a missing server skips or fails.
"""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

USER = "newsevents"


class PostgresUnavailable(Exception):
    """PostgreSQL's binaries or the psycopg driver are not installed."""


class PostgresFailed(Exception):
    """A server command failed; the message holds its output and the server log."""


@dataclass(frozen=True)
class PostgresServer:
    """A running server: ``url(database)`` is a store URL, ``create_database()`` a fresh empty one."""

    port: int
    folder: Path
    names: Iterator[int]

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{USER}@127.0.0.1:{self.port}/{database}"

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


@contextmanager
def running() -> Iterator[PostgresServer]:
    """A server for the duration of the block; raises PostgresUnavailable or PostgresFailed."""
    bin_dir = _bin_dir()
    if bin_dir is None:
        raise PostgresUnavailable("PostgreSQL is not installed (no initdb; Debian: apt-get install postgresql)")
    try:
        import psycopg  # noqa: F401 - the driver SQLAlchemy loads
    except ImportError:
        raise PostgresUnavailable("the psycopg driver is not installed (pip install -e '.[dev]')") from None
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
            raise PostgresFailed(f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}{details}")

    try:
        run(str(bin_dir / "initdb"), "-D", str(data), "-U", USER, "--auth=trust", "-E", "UTF8", "--no-locale")
        # fsync off: a test server's data may be lost in a crash; it is thrown away anyway.
        options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        run(str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w", "start")
        try:
            yield PostgresServer(port, folder, itertools.count(1))
        finally:
            run(str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _bin_dir() -> Path | None:
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


def _has_user(name: str) -> bool:
    import pwd

    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True
