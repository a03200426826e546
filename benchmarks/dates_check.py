"""Date accuracy and speed of the time stage on the ACLED/GTD dev sets in ../shared/benchmarks.

``make bench`` scores dates with ``published`` given, as the pipeline sees them; this
script adds how far the stage gets without that anchor. Two figures per source,
because ``published`` there is the event date itself:
* anchored: ``published`` given as the reference; the event date is the first
  day-precision mention, else the reference date (what the events stage falls back to).
* unanchored: no ``published``; the first explicit date stated in the note (day
  precision, not resolved against any reference) compared with gold.

Only the tune part of each set is read unless ``--split`` says otherwise (``evaluate.split_of``).

Usage: .venv/bin/python benchmarks/dates_check.py [--shared PATH] [--split tune|check|all]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import dev_split  # sibling script; the script's folder is on sys.path when it runs
from newsevents.dates import resolve_dates
from newsevents.evaluate import load_gold
from newsevents.records import Analysis, Article

SOURCES = ("acled_afg2020", "acled_benin", "acled_legacy2016", "gtd2013_mena", "gtd2013_other")


def _first_day(analysis: Analysis, explicit_only: bool) -> str | None:
    for mention in analysis.dates:
        if mention.precision == "day" and not mention.is_range and mention.date:
            if explicit_only and (mention.is_inferred or mention.confidence < 0.9):
                continue
            return mention.date
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    dev_split.add_option(parser)
    args = parser.parse_args()
    total_mentions, total_seconds = 0, 0.0
    print(f"dev part: {args.split}")
    print(f"{'source':18} {'docs':>5} {'anchored':>9} {'mention':>8} {'unanchored':>11}")
    for source in SOURCES:
        rows = [row for row in dev_split.select(load_gold(args.shared / "benchmarks" / source / "dev.jsonl"), args.split)
                if row["gold"].get("date")]
        anchored = mentioned = unanchored = 0
        for row in rows:
            gold = row["gold"]["date"]
            started = time.perf_counter()
            with_anchor = resolve_dates(Analysis(Article(text=row["text"], published=row.get("published"))))
            without = resolve_dates(Analysis(Article(text=row["text"])))
            total_seconds += time.perf_counter() - started
            total_mentions += len(with_anchor.dates) + len(without.dates)
            first = _first_day(with_anchor, explicit_only=False)
            anchored += (first or with_anchor.reference_date.date) == gold
            mentioned += first == gold
            unanchored += _first_day(without, explicit_only=True) == gold
        n = len(rows)
        print(f"{source:18} {n:5d} {anchored / n:9.1%} {mentioned / n:8.1%} {unanchored / n:11.1%}")
    print(f"speed: {total_mentions / total_seconds:,.0f} expressions/s ({total_mentions} in {total_seconds:.2f}s, rules only)")


if __name__ == "__main__":
    main()
