"""Dashboard benchmark: first page load in headless Chromium and API latency on a generated database.

Usage: python benchmarks/dashboard_bench.py [--events 100000] [--json] [--screenshot docs/dashboard.png]
The database is store_bench's generated corpus loaded into a fresh SQLite file; the server runs in this
process on a free loopback port (newsevents.serve.Dashboard). A first page load is timed in a new browser
context (nothing cached) from navigation to every marker handed to the map and the lists filled; the API
figures are RUNS requests over HTTP per route. ``--screenshot`` also runs the real pipeline over the bundled
example dump and photographs the dashboard on it, with one event open (the README shows it).
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from random import Random
from typing import Any
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
import store_bench  # noqa: E402  (sibling module: the generated corpus)
from newsevents.serve import Dashboard  # noqa: E402
from newsevents.store import Store, open_store  # noqa: E402

RUNS = 40
PAGE_LOADS = 3
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]  # fmt: skip


def _browser(playwright: Any) -> Any:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("Chromium is not installed (apt-get install chromium)")
    return playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)


def first_loads(url: str) -> dict[str, Any]:
    """Seconds from navigation to the markers drawn and the lists filled, in fresh contexts."""
    from playwright.sync_api import sync_playwright

    seconds, markers = [], 0
    with sync_playwright() as playwright:
        browser = _browser(playwright)
        for _ in range(PAGE_LOADS):
            context = browser.new_context(viewport={"width": 1400, "height": 900})
            page = context.new_page()
            started = time.perf_counter()
            page.goto(url)
            page.wait_for_selector("body[data-ready=true]", timeout=180_000)
            page.wait_for_selector(".marker-cluster, .ev-marker", timeout=180_000)
            seconds.append(time.perf_counter() - started)
            markers = int(page.locator("body").get_attribute("data-markers") or 0)
            context.close()
        browser.close()
    return {"median_seconds": round(statistics.median(seconds), 2), "max_seconds": round(max(seconds), 2),
            "runs": PAGE_LOADS, "markers": markers}  # fmt: skip


def _fetch(url: str) -> tuple[float, int]:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as response:
        size = len(response.read())
    return (time.perf_counter() - started) * 1000, size


def latency(base: str, route: str, make: Callable[[Random], dict[str, str]]) -> dict[str, Any]:
    """p50 and p95 (ms) of RUNS requests of ``route`` with varied parameters, after one warm-up request."""
    rng = Random(route + str(make(Random(0))))
    _fetch(f"{base}{route}?{urlencode(make(rng))}")
    times, sizes = [], []
    for _ in range(RUNS):
        ms, size = _fetch(f"{base}{route}?{urlencode(make(rng))}")
        times.append(ms)
        sizes.append(size)
    return {"p50_ms": round(statistics.median(times), 1), "p95_ms": round(statistics.quantiles(times, n=20)[-1], 1),
            "mean_kb": round(statistics.mean(sizes) / 1024, 1)}  # fmt: skip


def _country(rng: Random) -> str:
    return rng.choice(store_bench.COUNTRIES)[0]


# (route, what varies, parameters): the dashboard's own calls on a first view and after a filter.
REQUESTS: tuple[tuple[str, str, Callable[[Random], dict[str, str]]], ...] = (
    ("api/events", "no filter", lambda rng: {"limit": "100", "offset": str(rng.randrange(0, 500, 100))}),
    ("api/events", "country", lambda rng: {"limit": "100", "country": _country(rng)}),
    ("api/events", "type + month", lambda rng: {"limit": "100", "type": rng.choice(("ASSAULT", "PROTEST", "FIGHT")),
                                                "since": f"2024-{rng.randint(1, 12):02d}", "until": "2024-12"}),
    ("api/events", "text search", lambda rng: {"limit": "100", "q": rng.choice(rng.choice(store_bench.COUNTRIES)[2])[0]}),
    ("api/stats", "no filter", lambda rng: {"min_confidence": rng.choice(("0", "0.3"))}),
    ("api/stats", "country", lambda rng: {"country": _country(rng)}),
    ("api/points", "country", lambda rng: {"country": _country(rng), "aggregate": "false"}),
)  # fmt: skip


def api_latency(base: str) -> list[dict[str, Any]]:
    return [{"route": "/" + route, "filter": name} | latency(base, route, make) for route, name, make in REQUESTS]


def screenshot(path: Path) -> None:
    """The dashboard over the example dump (real pipeline), one event open, as a PNG."""
    from playwright.sync_api import sync_playwright

    from newsevents import pipeline
    from newsevents.records import EventQuery
    from newsevents.resources import data_path

    with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "demo.db") as store:
        pipeline.ingest_into(store, [data_path("example_dump.txt")])
        # The deadliest attack the text dates to a day: an event an analyst would code as told.
        attacks = store.events(EventQuery(event_type="ASSAULT", sort="-fatalities", aggregate=False, limit=100))
        chosen = next((e for e in attacks if e.date_precision == "day"), None)
        with Dashboard(store) as server, sync_playwright() as playwright:
            browser = _browser(playwright)
            page = browser.new_page(viewport={"width": 1400, "height": 860})
            query = f"?event={chosen.id}" if chosen else ""
            page.goto(server.url + query)
            page.wait_for_selector("body[data-ready=true]")
            if chosen:
                page.wait_for_selector("#article-view mark.current")
            page.screenshot(path=str(path))
            browser.close()


def measure(n_events: int, shot: Path | None) -> dict[str, Any]:
    figures: dict[str, Any] = {"events": n_events, "runs": RUNS}
    if n_events:
        figures |= _timings(n_events)
    if shot is not None:
        print(f"photographing the dashboard to {shot} ...", file=sys.stderr)
        screenshot(shot)
        figures["screenshot"] = str(shot)
    return figures


def _timings(n_events: int) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as folder:
        store: Store
        with open_store(Path(folder) / "dashboard.db") as store:
            print(f"loading {n_events:,} events ...", file=sys.stderr)
            figures["stored_events"] = store_bench.load(store, n_events)["events"]
            with Dashboard(store) as server:
                print("loading the page ...", file=sys.stderr)
                figures["first_load"] = first_loads(server.url)
                print("timing the API ...", file=sys.stderr)
                figures["api"] = api_latency(server.url)
        figures["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return figures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000, help="reports to generate (articles of ten); 0: only the screenshot")
    parser.add_argument("--screenshot", type=Path, default=None, help="also write a PNG of the dashboard on the example dump")
    parser.add_argument("--json", action="store_true", help="print one JSON object (for benchmarks/run.py)")
    args = parser.parse_args(argv)
    result = measure(args.events, args.screenshot)
    print(json.dumps(result) if args.json else json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
