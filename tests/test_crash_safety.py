"""Crash safety (issue 17): an ingest killed at any point resumes to exactly what one uninterrupted run stores.

- `newsevents ingest` of 2,000 generated articles (repeats and new versions among them), killed with SIGKILL
  three times at seeded random points and then run to the end, stores the rows an uninterrupted run stores:
  every article once, every event once, merged events unchanged; on SQLite (`PRAGMA integrity_check` and the
  full-text index's check ok) and on PostgreSQL. The killed run's worker processes exit with it.
- Readers (the Store's queries and the dashboard's HTTP API) keep answering while an ingest writes.
- A full disk and a read-only database stop an ingest with one clear line (exit status 2) and keep everything
  stored before; after a full disk, the same ingest run again ends where an unhindered one would have.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

import pytest

from newsevents.serve import Dashboard
from newsevents.store import open_store
from stored_rows import stored_rows, stored_runs

pytestmark = pytest.mark.slow

ARTICLES = 2_000
KILLS = 3
SEED = 17
WORKERS = 2
# A killed run's workers notice within pipeline.PARENT_CHECK_SECONDS; this leaves room for a busy machine.
WORKERS_EXIT_S = 10.0
RUN_TIMEOUT_S = 300.0

# Short articles of our own (two or three sentences): a dozen cities over 200 days, so that some reports of
# one event come from several articles and are merged.
_CITIES = ("Mosul", "Kirkuk", "Aleppo", "Idlib", "Sanaa", "Aden", "Goma", "Bunia", "Kharkiv", "Kherson", "Maiduguri", "Gao")
_ACTORS = ("government forces", "rebel fighters", "a militia", "the army", "unidentified gunmen", "police")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_LEADS = (
    "{actor} attacked a checkpoint in {city} on {day}, killing {n} people.",
    "An airstrike hit a market in {city} on {day}, killing {n} civilians.",
    "{actor} shelled villages near {city} on {day}, wounding {n} residents.",
    "Hundreds of people protested in {city} on {day} against rising prices.",
)
_DETAILS = (
    "Officials said the death toll could rise.",
    "Witnesses described heavy gunfire through the night.",
    "No group claimed responsibility.",
    "Aid workers said clinics were overwhelmed.",
    "The local governor called for calm.",
)


def write_articles(path: Path, count: int, seed: int, prefix: str = "a") -> list[dict]:
    """``count`` JSONL records: every 40th repeats an earlier one, every 50th is a new version of an earlier id."""
    rng = random.Random(seed)
    records: list[dict] = []
    for number in range(count):
        if number % 40 == 39:
            records.append(dict(rng.choice(records)))
            continue
        city = rng.choice(_CITIES)
        lead = rng.choice(_LEADS).format(actor=rng.choice(_ACTORS).capitalize(), city=city, day=rng.choice(_DAYS), n=rng.randint(2, 40))
        record = {
            "id": f"{prefix}{number:05d}",
            "title": f"Violence in {city}",
            "text": " ".join([lead, *rng.sample(_DETAILS, rng.randint(1, 2))]),
            "published": str(date(2023, 1, 1) + timedelta(days=rng.randrange(200))),
        }
        if number % 50 == 49:
            record["id"] = rng.choice(records)["id"]
        records.append(record)
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    return records


def distinct_articles(*inputs: list[dict]) -> int:
    return len({(record["title"], record["text"]) for records in inputs for record in records})


def ingest_command(db: str, *paths: Path, workers: int = WORKERS) -> list[str]:
    return [sys.executable, "-m", "newsevents", "ingest", *map(str, paths), "--db", db, "--workers", str(workers), "--json"]


def run_ingest(command: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, timeout=RUN_TIMEOUT_S)


@contextmanager
def started(command: list[str]) -> Iterator[subprocess.Popen]:
    """A child in a session of its own, so that whatever a failing test leaves of it is killed at the end."""
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        yield child
    finally:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
        child.communicate()


def children(pid: int) -> set[int]:
    """The processes ``pid`` started (its analysis workers and their resource tracker)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # it ended while we looked
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def alive(pids: set[int]) -> set[int]:
    return {pid for pid in pids if Path(f"/proc/{pid}").exists() and "Z" not in _state(pid)}


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"


def sqlite_checks(path: Path) -> list[str]:
    """What SQLite's own checks find wrong with the file and its full-text index (empty when nothing)."""
    connection = sqlite3.connect(path)
    try:
        problems = [row[0] for row in connection.execute("PRAGMA integrity_check") if row[0] != "ok"]
        try:
            connection.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")
        except sqlite3.DatabaseError as error:
            problems.append(f"full-text index: {error}")
        return problems
    finally:
        connection.close()


def differences(found: dict[str, list[tuple]], expected: dict[str, list[tuple]]) -> dict[str, tuple[int, int]]:
    """Per table that differs: (rows missing, rows too many)."""
    result = {}
    for table in expected:
        have, want = Counter(map(repr, found[table])), Counter(map(repr, expected[table]))
        if have != want:
            result[table] = (sum((want - have).values()), sum((have - want).values()))
    return result


# --- killed and resumed -------------------------------------------------------


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> tuple[Path, list[dict]]:
    path = tmp_path_factory.mktemp("crash") / "generated.jsonl"
    return path, write_articles(path, ARTICLES, SEED)


@pytest.fixture(scope="module")
def uninterrupted(generated, tmp_path_factory) -> dict[str, list[tuple]]:
    """The rows of one run over the generated articles that nothing interrupts."""
    path, records = generated
    db = tmp_path_factory.mktemp("reference") / "reference.db"
    done = run_ingest(ingest_command(str(db), path))
    assert done.returncode == 0, done.stderr
    rows = stored_rows(db)
    assert len(rows["articles"]) == distinct_articles(records)
    return rows


def test_an_ingest_killed_three_times_stores_what_one_run_stores(store_url, generated, uninterrupted):
    path, records = generated
    with open_store(store_url) as store:
        total = distinct_articles(records)
        rng = random.Random(SEED)
        # Kill points (articles analysed) from a seeded generator: a failure replays the same way.
        thresholds = sorted(rng.sample(range(total // 10, total * 9 // 10), KILLS))
        started_at = time.monotonic()
        for threshold in thresholds:
            with started(ingest_command(store_url, path)) as child:
                while store.stats().analysed < threshold:
                    assert child.poll() is None, f"the ingest ended before it was killed: {child.stderr.read() if child.stderr else ''}"
                    time.sleep(0.02)
                workers = children(child.pid)
                os.kill(child.pid, signal.SIGKILL)
                child.wait()
            deadline = time.monotonic() + WORKERS_EXIT_S
            while alive(workers) and time.monotonic() < deadline:
                time.sleep(0.1)
            assert not alive(workers), "the killed ingest's workers live on"
        final = run_ingest(ingest_command(store_url, path))
        assert final.returncode == 0, final.stderr
        summary = json.loads(final.stdout)
        seconds = time.monotonic() - started_at
        stats = store.stats()
    print(f"\n{'PostgreSQL' if '://' in store_url else 'SQLite'}: {total} articles, {KILLS} kills at {thresholds}, {seconds:.0f} s")

    assert summary["errors"] == [] and summary["read"] == ARTICLES
    assert stats.articles == stats.analysed == total
    # The killed runs never finished; the last one read everything and says so.
    runs = stored_runs(store_url)
    assert [finished is None for finished, _ in runs] == [True] * KILLS + [False]
    assert runs[-1][1]["read"] == ARTICLES and runs[-1][1]["errors"] == 0
    if "://" not in store_url:
        assert sqlite_checks(Path(store_url)) == []
    assert differences(stored_rows(store_url), uninterrupted) == {}


# --- readers while a writer ingests -------------------------------------------


def test_readers_keep_answering_while_an_ingest_writes(tmp_path):
    path = tmp_path / "articles.jsonl"
    records = write_articles(path, 400, SEED + 1)
    db = tmp_path / "events.db"
    reads, seen = 0, set()
    with open_store(db) as store, Dashboard(store) as server, started(ingest_command(str(db), path, workers=1)) as child:
        while child.poll() is None:
            seen.add(store.stats().events)
            store.events(limit=50, country="Iraq")
            store.articles(q="airstrike", limit=20)
            for route in ("api/events?limit=50", "api/stats"):
                with urllib.request.urlopen(server.url + route, timeout=30) as answer:
                    assert answer.status == 200
                    json.loads(answer.read())
            reads += 5
        assert child.returncode == 0, child.stderr.read() if child.stderr else ""
        final = store.stats()
    assert final.articles == distinct_articles(records)
    # The reads saw the store grow, so they ran while the writer wrote.
    assert len(seen) > 3 and reads > 50


# --- a full disk, a read-only database -------------------------------------------


@pytest.fixture(scope="module")
def earlier(tmp_path_factory) -> tuple[Path, Path, list[dict]]:
    """A store holding an earlier ingest, and a second input to ingest into it."""
    folder = tmp_path_factory.mktemp("earlier")
    first, second = folder / "first.jsonl", folder / "second.jsonl"
    write_articles(first, 150, SEED + 2, prefix="f")
    records = write_articles(second, 150, SEED + 3, prefix="s")
    db = folder / "earlier.db"
    done = run_ingest(ingest_command(str(db), first, workers=1))
    assert done.returncode == 0, done.stderr
    return db, second, records


def copy_store(source: Path, target: Path) -> Path:
    with sqlite3.connect(source) as origin, sqlite3.connect(target) as copy:
        origin.backup(copy)
    return target


# The test's own child: ``newsevents ingest`` whose SQLite connections may grow the file to so many pages.
_PAGE_LIMITED = """
import sqlite3, sys
from sqlalchemy import event
from sqlalchemy.engine import Engine

@event.listens_for(Engine, "connect")
def _limit(connection, _record):
    if isinstance(connection, sqlite3.Connection):
        connection.execute("PRAGMA max_page_count = {pages}")

from newsevents.cli import main
sys.argv = ["newsevents", *sys.argv[1:]]
main()
"""


def pages(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        count: int = connection.execute("PRAGMA page_count").fetchone()[0]
        return count


def test_a_full_disk_stops_the_ingest_clearly_and_a_rerun_finishes_it(tmp_path, earlier):
    db, second, records = earlier
    unhindered = copy_store(db, tmp_path / "unhindered.db")
    assert run_ingest(ingest_command(str(unhindered), second, workers=1)).returncode == 0
    full = copy_store(db, tmp_path / "full.db")
    before = stored_rows(full)
    # Room for about half of what the second input needs.
    limit = (pages(full) + pages(unhindered)) // 2
    command = ingest_command(str(full), second, workers=1)
    done = run_ingest([sys.executable, "-c", _PAGE_LIMITED.format(pages=limit), *command[3:]])

    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [f"error: the disk holding {full} is full; free some space and run again (nothing half-written was kept)"]
    assert sqlite_checks(full) == []
    after = stored_rows(full)
    for table in ("articles", "sources", "entities", "places"):
        assert set(map(repr, before[table])) <= set(map(repr, after[table])), f"{table}: rows stored before the full disk are gone"
    assert len(after["articles"]) > len(before["articles"]), "the disk filled up before the second ingest stored anything"
    # With room again, the same command ends where an ingest with room all along ended.
    assert run_ingest(command).returncode == 0
    assert differences(stored_rows(full), stored_rows(unhindered)) == {}


def test_ingest_into_a_read_only_database_says_so_and_changes_nothing(tmp_path, earlier):
    db, second, _records = earlier
    store = copy_store(db, tmp_path / "read_only.db")
    content = store.read_bytes()
    done = run_ingest(ingest_command(f"sqlite:///file:{store}?mode=ro&uri=true", second, workers=1))
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"error: cannot write to {store}: it is read-only; check the permissions of the file and its folder, or copy it somewhere writable"
    ]
    assert store.read_bytes() == content
