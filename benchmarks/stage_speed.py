"""Start-up, lookup speed and memory of the gazetteer, and speed of the time stage.

Usage: python benchmarks/stage_speed.py [--json]
Runs in its own process so the memory figures are the gazetteer's, not the
whole benchmark's (benchmarks/run.py calls it). Inputs are generated here, so it
needs no benchmark data.
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import date, timedelta
from pathlib import Path

NAMES = ["Erbil", "Arbil", "Ain al-Asad", "Ayn al-Asad", "Baghdad", "Taji", "Harir", "Anbar", "Al Anbar",
         "Nabatieh", "Nabatiyeh", "Taybeh", "Beirut", "Tyre", "Hermel", "Mount Rihan", "Litani", "Damascus",
         "Aleppo", "Idlib", "Sanaa", "Hodeidah", "Gaza City", "Khan Younis", "Türkiye", "Turkey", "Paris",
         "Kandahar", "Cotonou", "Springfield", "Kfar Kila", "al-Katrani", "Green Zone", "Red Sea"]
EXPRESSIONS = ["on Thursday", "April 14", "three days later", "last month", "since late 2019", "early March",
               "on 19 March 2020", "the end of the year", "between May 8 and 11", "mid-2024"]


def rss_mb() -> float:
    """Current resident set size in MB (Linux), not the peak: a one-time index build is not counted."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def measure() -> dict:
    """Gazetteer start-up and lookups/s with RSS; date expressions resolved per second."""
    started = time.perf_counter()
    from newsevents import dates, places

    places.lookup("Erbil")  # opens (or builds, once per machine) the cached index
    startup = time.perf_counter() - started
    rss_after_index = rss_mb()

    rounds = 50
    started = time.perf_counter()
    for _ in range(rounds):
        for name in NAMES:
            places.lookup(name)
    lookups_per_second = rounds * len(NAMES) / (time.perf_counter() - started)

    reference = date(2025, 12, 18)
    started = time.perf_counter()
    resolved = 0
    for day in range(100):
        for expression in EXPRESSIONS:
            resolved += dates.resolve_expression(expression, reference - timedelta(days=day)) is not None
    expressions_per_second = 100 * len(EXPRESSIONS) / (time.perf_counter() - started)
    return {
        "gazetteer_startup_seconds": round(startup, 2),
        "gazetteer_rss_mb": round(rss_after_index),
        "lookups_per_second": round(lookups_per_second),
        "date_expressions_per_second": round(expressions_per_second),
        "date_expressions_resolved": resolved,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object (for benchmarks/run.py)")
    result = measure()
    print(json.dumps(result) if parser.parse_args(argv).json else "\n".join(f"{k}: {v}" for k, v in result.items()))


if __name__ == "__main__":
    main()
