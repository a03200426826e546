"""Reliability benchmark: a bounded load on /api/events and every hostile request, on a generated database.

Usage: python benchmarks/load_bench.py [--events 100000] [--requests 5000] [--concurrency 32] [--json]
The database is store_bench's generated corpus in a fresh SQLite file, served by newsevents.serve.Dashboard
on a free loopback port in this process. REQUESTS requests of /api/events with the dashboard's varied filters
(and a few more) go out from CONCURRENCY client threads of the same process, so client and server share its
interpreter: the rates are a floor. The load stops by itself after the requests or the hard timeout, whichever
comes first. Then every hostile request of tests/hostile_requests.py is sent once, and the database's rows
are compared before and after. tests/test_serve.py runs the same load on a small database (no timing).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from random import Random
from typing import Any
from urllib.parse import urlencode

BENCHMARKS = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCHMARKS))
sys.path.insert(0, str(BENCHMARKS.parent / "tests"))
import dashboard_bench  # noqa: E402  (the dashboard's own calls: the filters varied here)
import hostile_requests as hostile  # noqa: E402  (tests/hostile_requests.py: the payload tables)
import store_bench  # noqa: E402  (the generated corpus)
from newsevents.serve import Dashboard  # noqa: E402
from newsevents.store import open_store  # noqa: E402

TOKEN = "load-bench-token"
MAX_UPLOAD = 64 * 1024
HARD_TIMEOUT_S = 600.0
REQUEST_TIMEOUT_S = 60.0

# /api/events as the dashboard asks for it, and as scripts do: an actor, a circle, a sort, deep pages, GeoJSON.
FILTERS: tuple[Callable[[Random], dict[str, str]], ...] = (
    *(make for route, _, make in dashboard_bench.REQUESTS if route == "api/events"),
    lambda rng: {"actor": rng.choice(rng.choice(tuple(store_bench.GROUPS.values())))},
    lambda rng: {"near": ",".join(str(v) for v in rng.choice(rng.choice(store_bench.COUNTRIES)[2])[1:]), "radius": "100"},
    lambda rng: {"sort": rng.choice(("-fatalities", "confidence", "country", "-published")), "limit": "50"},
    lambda rng: {"offset": str(rng.randrange(0, 5000)), "limit": "20", "min_confidence": "0"},
    lambda rng: {"format": "geojson", "country": rng.choice(store_bench.COUNTRIES)[0], "limit": "100"},
)


def targets(requests: int, seed: int = 17) -> list[str]:
    """``requests`` /api/events paths, the filters taken in turn with seeded values."""
    rng = Random(seed)
    return [f"api/events?{urlencode(FILTERS[i % len(FILTERS)](rng))}" for i in range(requests)]


@dataclass
class Load:
    """What a bounded load did: answers by outcome, and the latency of each answered request."""

    sent: int = 0
    served: int = 0
    errors: list[str] = field(default_factory=list)
    latencies_ms: list[float] = field(default_factory=list)
    seconds: float = 0.0
    stopped_by_timeout: bool = False


def hammer(base_url: str, paths: list[str], concurrency: int, hard_timeout_s: float = HARD_TIMEOUT_S) -> Load:
    """Send ``paths`` from ``concurrency`` threads; stop when all are sent or at ``hard_timeout_s``."""
    load = Load()
    lock = threading.Lock()
    queue: Iterator[str] = iter(paths)
    deadline = time.monotonic() + hard_timeout_s

    def worker() -> None:
        while time.monotonic() < deadline:
            with lock:
                path = next(queue, None)
                if path is None:
                    return
                load.sent += 1
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(base_url + path, timeout=REQUEST_TIMEOUT_S) as response:
                    response.read()
                    problem = None if response.status == 200 else f"{path}: {response.status}"
            except (urllib.error.URLError, OSError) as error:  # HTTPError (a 4xx or 5xx) is a URLError
                problem = f"{path}: {error}"
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                if problem is None:
                    load.served += 1
                    load.latencies_ms.append(elapsed)
                else:
                    load.errors.append(problem)
        with lock:
            load.stopped_by_timeout = True

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        for running in [pool.submit(worker) for _ in range(concurrency)]:
            running.result()
    load.seconds = time.perf_counter() - started
    return load


def hostile_round(base_url: str, database: Path) -> dict[str, Any]:
    """Every hostile request once: how many payloads and requests, how many answers were not clean."""
    spec = json.loads(urllib.request.urlopen(base_url + "openapi.json", timeout=REQUEST_TIMEOUT_S).read())
    before = hostile.checksum(database)
    sent: list[tuple[str, str, dict[str, str], bytes | None]] = []
    for _, value in hostile.SQL_PAYLOADS:
        sent += [("GET", target, {}, None) for target in hostile.read_targets(spec, value) + hostile.id_targets(value)]
        sent += [("GET", target, {}, None) for target in hostile.read_targets(spec, value, geoparsed=True)]
    sent += [("GET", path, {}, None) for path in hostile.PATH_TRAVERSALS]
    sent += [("GET", f"/api/events?{page}", {}, None) for page in hostile.BAD_PAGES]
    sent += [("GET", target, {}, None) for target in hostile.UNKNOWN_PARAMETERS]
    sent += [("POST", "/api/ingest", {} if token is None else {"Authorization": token}, b"Gunmen attacked a bank.")
             for token in hostile.BAD_TOKENS]  # fmt: skip
    sent += [("POST", "/api/ingest", {"Authorization": f"Bearer {TOKEN}", **headers}, body)
             for _, headers, body in hostile.oversized_bodies(MAX_UPLOAD)]  # fmt: skip
    sent += [("GET", "/api/health", {"Host": host}, None) for host in hostile.BAD_HOSTS]
    unclean = [f"{method} {target[:100]}" for method, target, headers, body in sent
               if not hostile.is_clean(hostile.send(base_url, method, target, headers=headers, body=body))]  # fmt: skip
    payloads = (len(hostile.SQL_PAYLOADS) + len(hostile.PATH_TRAVERSALS) + len(hostile.BAD_PAGES)
                + len(hostile.UNKNOWN_PARAMETERS) + len(hostile.BAD_TOKENS) + len(hostile.BAD_HOSTS)
                + len(hostile.oversized_bodies(MAX_UPLOAD)))  # fmt: skip
    return {"payloads": payloads, "sql_payloads": len(hostile.SQL_PAYLOADS), "requests": len(sent),
            "unclean": len(unclean), "unclean_examples": unclean[:5],
            "database_unchanged": hostile.checksum(database) == before}  # fmt: skip


def _percentile(values: list[float], share: int) -> float:
    return round(statistics.quantiles(values, n=100, method="inclusive")[share - 1], 1) if len(values) > 1 else 0.0


def measure(n_events: int, requests: int, concurrency: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "load.db"
        with open_store(database) as store:
            print(f"loading {n_events:,} events ...", file=sys.stderr)
            stored = store_bench.load(store, n_events)["events"]
            with Dashboard(store, ingest_token=TOKEN, max_upload_bytes=MAX_UPLOAD) as server:
                print(f"{requests:,} requests at concurrency {concurrency} ...", file=sys.stderr)
                load = hammer(server.url, targets(requests), concurrency)
                print("hostile requests ...", file=sys.stderr)
                hostile_figures = hostile_round(server.url, database)
    return {
        "events": n_events, "stored_events": stored, "requests": requests, "concurrency": concurrency,
        "sent": load.sent, "served": load.served, "errors": len(load.errors), "error_examples": load.errors[:5],
        "stopped_by_timeout": load.stopped_by_timeout, "seconds": round(load.seconds, 1),
        "requests_per_second": round(load.served / load.seconds, 1) if load.seconds else 0.0,
        "p50_ms": _percentile(load.latencies_ms, 50), "p95_ms": _percentile(load.latencies_ms, 95),
        "p99_ms": _percentile(load.latencies_ms, 99), "hard_timeout_s": HARD_TIMEOUT_S, "hostile": hostile_figures,
    }  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000, help="reports to generate (articles of ten)")
    parser.add_argument("--requests", type=int, default=5_000, help="requests of /api/events to send")
    parser.add_argument("--concurrency", type=int, default=32, help="client threads sending at once")
    parser.add_argument("--json", action="store_true", help="print one JSON object (for benchmarks/run.py)")
    args = parser.parse_args(argv)
    result = measure(args.events, args.requests, args.concurrency)
    print(json.dumps(result) if args.json else json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
