"""Ingest throughput on a generated multi-article dump: read+clean alone, then the full `ingest`.

Usage: python benchmarks/ingest_speed.py [--articles 10000] [--json]
Runs in its own process so its peak memory is its own (benchmarks/run.py calls it).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import gen_dump  # noqa: E402  (sibling script)
from newsevents import clean, ingest, pipeline  # noqa: E402
from newsevents.records import Article  # noqa: E402
from newsevents.store import open_store  # noqa: E402


def measure(articles: int) -> dict:
    """Seconds and rates for read+clean and for the full ingest of ``articles`` generated articles."""
    with tempfile.TemporaryDirectory() as folder:
        dump = Path(folder) / "dump.txt"
        gen_dump.main([str(dump), "--articles", str(articles)])
        megabytes = dump.stat().st_size / 1e6

        started = time.perf_counter()
        cleaned = sum(len(clean.clean(d)) for d in ingest.read([dump]) if not isinstance(d, Exception))
        clean_seconds = time.perf_counter() - started

        with open_store(Path(folder) / "bench.db") as store:
            list(pipeline.analyse([Article(text="Gunmen attacked a checkpoint in Kirkuk.")]))  # loads the models
            started = time.perf_counter()
            summary = pipeline.ingest_into(store, [dump])
            ingest_seconds = time.perf_counter() - started
    return {
        "articles": cleaned,
        "megabytes": round(megabytes, 2),
        "clean_seconds": round(clean_seconds, 2),
        "clean_articles_per_second": round(cleaned / clean_seconds, 1),
        "clean_megabytes_per_second": round(megabytes / clean_seconds, 2),
        "ingest_seconds": round(ingest_seconds, 1),
        "ingest_articles_per_second": round(summary.analysed / ingest_seconds, 1),
        "ingest_megabytes_per_second": round(megabytes / ingest_seconds, 3),
        "events": summary.events,
        "errors": len(summary.errors),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--json", action="store_true", help="print one JSON object (for benchmarks/run.py)")
    args = parser.parse_args(argv)
    result = measure(args.articles)
    print(json.dumps(result) if args.json else "\n".join(f"{k}: {v}" for k, v in result.items()))


if __name__ == "__main__":
    main()
