"""`make bench`: score our extraction and simple baselines on every dev set, write docs/BENCHMARKS.md.

The store, dashboard and reliability benchmarks (benchmarks/store_bench.py, dashboard_bench.py, load_bench.py) need
no data, the speed and scale one (scale_bench.py) only the news texts; ``--store-only``, ``--dashboard-only``,
``--reliability-only`` and ``--scale-only`` run one alone and rewrite its section of an existing docs/BENCHMARKS.md. Dev sets live in ../shared/benchmarks/<set>/dev.jsonl (relative to the repository
root); when that folder is absent the run says so and exits cleanly. A benchmark whose size is given as 0 is
skipped and its section of the existing output file is kept as it was. Every set is scored on its
``tune`` and its ``check`` part (``evaluate.split_of``); baselines on the check part only. Throughput
and peak memory are measured on our extraction only, before any baseline runs.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

sys.path.insert(0, str(Path(__file__).resolve().parent))
import accuracy_gate  # noqa: E402
import baselines  # noqa: E402  (sibling module, not part of the package)
import dev_split  # noqa: E402
import events_check  # noqa: E402
from newsevents import evaluate  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
BENCHMARKS = REPO.parent / "shared" / "benchmarks"
OUTPUT = REPO / "docs" / "BENCHMARKS.md"
SCREENSHOT = REPO / "docs" / "dashboard.png"
# Our own hand-coded sets, kept with the tests: scored in every run, with or without ../shared.
OWN_SETS = {"own_toponyms": REPO / "tests" / "fixtures" / "toponyms.jsonl"}
OWN_ARTICLES = events_check.OWN_SET
WARMUP_DOCUMENT = {"id": "warm-up", "text": "Gunmen attacked a checkpoint in Kirkuk on Monday, killing two soldiers."}

FAMILIES = (
    ("Events: ACLED and GTD", ("acled", "gtd")),
    ("Events: PLOVER", ("plover",)),
    ("Geoparsing", ("geo",)),
    ("Named entities", ("ner",)),
)
# Metrics a baseline attempts; the others are shown as "-" in its column rather than a meaningless 0.
BASELINE_METRICS = {
    "acled": {"event_type_accuracy", "event_type_macro_f1", "sub_event_type_accuracy", "sub_event_type_macro_f1",
              "country_accuracy", "location_acc_161km", "location_median_km", "location_coverage"},
    "plover": {"event_type_accuracy", "event_type_macro_f1"},
    "geo": None,  # every metric
    "ner": None,
}
BASELINE_METRICS["gtd"] = BASELINE_METRICS["acled"]
# The parts of every dev set, in column order: fix on tune, confirm on check.
PARTS = ("tune", "check")


@dataclass
class SetResult:
    name: str
    task: str
    documents: int
    characters: int
    seconds: float
    ours: dict[str, evaluate.Report]  # by part, PARTS order
    baseline: evaluate.Report  # the check part


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="score only the first N documents of each set")
    parser.add_argument("--sets", default="", help="comma-separated set names (default: every set present)")
    parser.add_argument("--output", type=Path, default=None,
                        help=f"Markdown file to write (default: {OUTPUT.relative_to(REPO)} for a full run; "
                             "a partial run with --limit/--sets writes no file unless this is given)")
    parser.add_argument("--ingest-articles", type=int, default=10_000,
                        help="size of the generated dump for the ingest throughput run (0 skips it)")
    parser.add_argument("--store-events", type=int, default=100_000,
                        help="size of the generated database for the store benchmark (0 skips it)")
    parser.add_argument("--store-only", action="store_true",
                        help=f"run only the store benchmark and replace its section of {OUTPUT.relative_to(REPO)} "
                             "(or --output) in place")
    parser.add_argument("--dashboard-events", type=int, default=100_000,
                        help="size of the generated database for the dashboard benchmark (0 skips it)")
    parser.add_argument("--dashboard-only", action="store_true",
                        help=f"run only the dashboard benchmark (and screenshot) and replace its section of "
                             f"{OUTPUT.relative_to(REPO)} (or --output) in place")
    parser.add_argument("--reliability-events", type=int, default=100_000,
                        help="size of the generated database for the load and hostile-request benchmark (0 skips it)")
    parser.add_argument("--reliability-only", action="store_true",
                        help=f"run only the reliability benchmark and replace its section of "
                             f"{OUTPUT.relative_to(REPO)} (or --output) in place")
    parser.add_argument("--scale-documents", type=int, default=400,
                        help="news articles for the speed and scale benchmark (0 skips it)")
    parser.add_argument("--scale-only", action="store_true",
                        help=f"run only the speed and scale benchmark and replace its section of "
                             f"{OUTPUT.relative_to(REPO)} (or --output) in place")
    parser.add_argument("--check-accuracy", action="store_true",
                        help="score every set, compare the headline figures with benchmarks/accuracy_floors.json and "
                             "exit 1 if one is below its floor (`make check-accuracy`); writes nothing")
    args = parser.parse_args(argv)
    for name, (measure, show, section) in SECTIONS.items():
        if getattr(args, f"{name}_only"):
            return _section_only(measure(args), show, section, args.output or OUTPUT)
    if args.check_accuracy and (args.sets or args.limit):
        parser.error("--check-accuracy scores every set in full; leave out --sets and --limit")

    if not BENCHMARKS.is_dir() and not args.check_accuracy:
        print(f"No benchmark data at {BENCHMARKS}; nothing to measure (skipped).")
        return 0
    if not BENCHMARKS.is_dir():
        print(f"No benchmark data at {BENCHMARKS}: only our own sets are scored; their floors alone are checked.")
    available = sorted(p.parent.name for p in BENCHMARKS.glob("*/dev.jsonl")) + list(OWN_SETS)
    wanted = [name for name in args.sets.split(",") if name] or available
    unknown = sorted(set(wanted) - set(available))
    if unknown:
        print(f"Unknown set(s): {', '.join(unknown)}; available: {', '.join(available)}", file=sys.stderr)
        return 2
    partial = bool(args.limit) or set(wanted) != set(available)
    output = args.output or (None if partial else OUTPUT)
    command = "make bench" if not partial else " ".join(
        [".venv/bin/python benchmarks/run.py", f"--sets {','.join(wanted)}"]
        + ([f"--limit {args.limit}"] if args.limit else []) + [f"--output {output}"]
    )

    extract_records = _pipeline()
    gold = {name: evaluate.load_gold(OWN_SETS.get(name, BENCHMARKS / name / "dev.jsonl"))[: args.limit]
            for name in wanted}
    articles = [json.loads(line) for line in OWN_ARTICLES.read_text(encoding="utf-8").splitlines() if line.strip()]

    started = time.perf_counter()
    list(extract_records([WARMUP_DOCUMENT]))  # loads models and data once, outside the timed runs
    load_seconds = time.perf_counter() - started

    with Progress(TextColumn("{task.description:<32}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()) as bar:
        ours = {name: _run(bar, f"{name} (ours)", extract_records, records) for name, records in gold.items()}
        peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB
        results = []
        theirs = {}
        for name, records in gold.items():
            task = records[0]["gold"]["task"]
            checked = dev_split.select(records, "check")
            theirs[name], _ = _run(bar, f"{name} (baseline)", baselines.BASELINES[task][1], checked)
            predictions, seconds = ours[name]
            results.append(SetResult(
                name, task, len(records), sum(len(r["text"]) for r in records), seconds,
                {part: evaluate.score(dev_split.select(records, part), predictions) for part in PARTS},
                evaluate.score(checked, theirs[name]),
            ))
        found, _ = _run(bar, "own_articles (ours)", extract_records, articles)
    article_figures = events_check.own_figures(articles, [prediction.get("events", []) for prediction in found])
    predictions = {name: predictions for name, (predictions, _) in ours.items()}
    targets = _target_rows(gold, predictions, theirs)
    gate = accuracy_gate.load()
    headline = _headline(gold, predictions, results, article_figures) if not partial else {}
    verdicts = accuracy_gate.judge(headline, gate)
    print("\n" + events_check.own_text(article_figures))
    if headline:
        print("\nAccuracy gate (benchmarks/accuracy_floors.json)",
              *evaluate.text_table(accuracy_gate.HEADERS, accuracy_gate.rows(verdicts)), sep="\n")
    below = accuracy_gate.failures(verdicts)
    if args.check_accuracy:
        print(f"{len(below)} figure(s) below their floor: {', '.join(v.figure for v in below)}" if below
              else "every headline figure is at or above its floor")
        return 1 if below else 0

    ingest_figures = (_script_json("ingest_speed.py", "--articles", str(args.ingest_articles))
                      if args.ingest_articles else None)
    stage_figures = _script_json("stage_speed.py")
    standalone = {name: (measure(args), show, section) for name, (measure, show, section) in SECTIONS.items()}
    print("\nTargets (pooled over the sets named)", *evaluate.text_table(TARGET_HEADERS, targets), sep="\n")
    print(_summary(results, load_seconds, peak_rss_mb))
    print("\nStage speed and memory", *evaluate.text_table(STAGE_HEADERS, [_stage_row(stage_figures)]), sep="\n")
    if ingest_figures:
        print("\nIngest throughput", *evaluate.text_table(INGEST_HEADERS, [_ingest_row(ingest_figures)]), sep="\n")
    for figures, show, _ in standalone.values():
        if figures:
            show(figures)
    if output:
        output.parent.mkdir(parents=True, exist_ok=True)
        sections = [section(figures) if figures else _kept_section(output, SECTION_TITLES[name])
                    for name, (figures, _, section) in standalone.items()]
        ingest = _ingest_section(ingest_figures) if ingest_figures else _kept_section(output, INGEST_TITLE)
        markdown = _markdown(results, load_seconds, peak_rss_mb, args.limit, command, ingest, stage_figures,
                             targets, sections, article_figures, verdicts)
        output.write_text(markdown, encoding="utf-8")
        print(f"wrote {output}")
    if headline:
        accuracy_gate.save(accuracy_gate.raised(headline, gate))
        print(f"floors raised where figures rose: {accuracy_gate.FLOORS.relative_to(REPO)}")
    return 0


# The goals the events and places issues set, each pooled over the sets it concerns.
TARGETS = (
    ("event_type_accuracy", "acled", 0.85), ("sub_event_type_macro_f1", "acled", 0.65),
    ("fatalities_exact", "acled", 0.85), ("location_acc_161km", "acled", 0.90),
    ("event_type_macro_f1", "plover", 0.60),
)
TARGET_HEADERS = ["metric", "sets", "target", "tune", "check", "baseline (check)", "n tune", "n check"]
# Per-set headline metrics of the accuracy gate, besides the pooled targets above.
HEADLINE_METRICS = {"geo": ("end_to_end_acc_161km", "toponym_f1"), "ner": ("entity_f1",)}
OWN_ARTICLE_METRICS = ("precision", "recall", "f1")


def _family_sets(gold: dict[str, list[dict]], family: tuple[str, ...]) -> list[str]:
    return sorted(name for name, items in gold.items() if items and items[0]["gold"]["task"] in family)


def _pooled(gold: dict[str, list[dict]], predictions: dict[str, list[dict]], family: tuple[str, ...]):
    """One report over every set of a task family; GTD is scored like ACLED where keys overlap."""
    records, predicted = [], []
    for name in _family_sets(gold, family):
        # Set-prefixed ids: sets may reuse an id; GTD gold relabelled as ACLED to pool them.
        records += [r | {"id": f"{name}/{r['id']}", "gold": r["gold"] | {"task": family[0]}} for r in gold[name]]
        predicted += [p | {"id": f"{name}/{p['id']}"} for p in predictions[name] if "id" in p]
    return evaluate.score(records, predicted)


def _family(task: str) -> tuple[str, ...]:
    return ("acled", "gtd") if task == "acled" else (task,)


def _parted(gold: dict) -> dict[str, dict[str, list[dict]]]:
    return {part: {name: dev_split.select(items, part) for name, items in gold.items()} for part in PARTS}


def _target_rows(gold: dict, ours: dict, theirs: dict) -> list[list[str]]:
    """One row per target: our pooled figure on each part, the baseline's on the check part."""
    parted = _parted(gold)
    rows = []
    for metric, task, target in TARGETS:
        family = _family(task)
        mine = {part: _pooled(parted[part], ours, family) for part in PARTS}
        baseline = _pooled(parted["check"], theirs, family)
        if all(report.value(task, metric) is None for report in mine.values()):
            continue
        attempted = BASELINE_METRICS[task] is None or metric in BASELINE_METRICS[task]
        rows.append([metric, ", ".join(_family_sets(gold, family)), f"{target:.2f}", *(_cell(mine[part], task, metric) for part in PARTS),
                     _cell(baseline, task, metric) if attempted else "-",
                     *(_count(mine[part], task, metric) for part in PARTS)])
    return rows


OWN_ARTICLE_HEADERS = ["articles", "events", "precision", "recall", "F1", "fields right",
                       "events that did not happen"]


def _own_article_row(figures: dict) -> list[str]:
    return [str(figures["articles"]), str(figures["events"]), *(f"{figures[k]:.3f}" for k in OWN_ARTICLE_METRICS),
            f"{figures['fields_right']}/{figures['fields']}", str(figures["unreal"])]


def _headline(gold: dict, ours: dict, results: list[SetResult], articles: dict) -> dict[str, float | None]:
    """The figures the accuracy gate holds: the pooled targets, each geo and NER set, our own articles."""
    parted = _parted(gold)
    figures: dict[str, float | None] = {}
    for metric, task, _ in TARGETS:
        for part in PARTS:
            figures[f"{'+'.join(_family(task))} {metric} ({part})"] = _pooled(parted[part], ours, _family(task)).value(task, metric)
    for result in results:
        for metric in HEADLINE_METRICS.get(result.task, ()):
            for part in PARTS:
                figures[f"{result.name} {metric} ({part})"] = result.ours[part].value(result.task, metric)
    for metric in OWN_ARTICLE_METRICS:
        figures[f"own_articles event {metric}"] = articles[metric]
    return figures


def _pipeline():
    try:
        from newsevents.pipeline import extract_records
    except ImportError as exc:
        sys.exit(f"cannot import newsevents.pipeline.extract_records ({exc}); the benchmark runs the real "
                 "pipeline, so pipeline.py and every stage it imports must load (try `make install`)")
    return extract_records


def _script_json(name: str, *args: str) -> dict:
    """A sibling benchmark script in its own process, so its memory figures are its own; its --json output."""
    print(f"running benchmarks/{name} {' '.join(args)} ...", file=sys.stderr)
    script = Path(__file__).resolve().parent / name
    done = subprocess.run([sys.executable, str(script), *args, "--json"], check=True, capture_output=True, text=True)
    return json.loads(done.stdout)


STAGE_HEADERS = ["gazetteer start-up s", "gazetteer RSS MB", "place lookups/s", "date expressions/s"]


def _stage_row(figures: dict) -> list[str]:
    keys = ("gazetteer_startup_seconds", "gazetteer_rss_mb", "lookups_per_second", "date_expressions_per_second")
    return [f"{figures[key]:,}" for key in keys]


INGEST_HEADERS = ["articles", "MB", "read+clean art/s", "read+clean MB/s", "full ingest art/s", "full ingest MB/s",
                  "events", "errors", "peak RSS MB"]


INGEST_TITLE = "## Ingest throughput"


def _ingest_section(figures: dict) -> list[str]:
    return [INGEST_TITLE, "",
            "`newsevents ingest` on a generated multi-article dump (benchmarks/gen_dump.py: pasted articles "
            "with repeated headlines, captions, credits and markers), into a fresh SQLite file. "
            "`read+clean` is reading and segmenting alone; `full ingest` adds NLP, actors, places, dates, "
            "events and storage, after the models are loaded. Reproduce: "
            f"`.venv/bin/python benchmarks/ingest_speed.py --articles {figures['articles']}`.", "",
            *evaluate.markdown_table(INGEST_HEADERS, [_ingest_row(figures)]), ""]


def _ingest_row(figures: dict) -> list[str]:
    keys = ("articles", "megabytes", "clean_articles_per_second", "clean_megabytes_per_second",
            "ingest_articles_per_second", "ingest_megabytes_per_second", "events", "errors", "peak_rss_mb")
    return [f"{figures[key]:,}" for key in keys]


def _run(bar: Progress, label: str, extract, records: list[dict]) -> tuple[list[dict], float]:
    """Predictions for ``records`` and the seconds they took, advancing a progress bar per document."""
    task = bar.add_task(label, total=len(records))
    started = time.perf_counter()
    predictions = []
    for prediction in extract(evaluate.strip_gold(r) for r in records):
        predictions.append(prediction)
        bar.advance(task)
    return predictions, time.perf_counter() - started


STORE_TITLE = "## Store: queries, exports and merging"
STORE_LOAD_HEADERS = ["backend", "articles", "reports", "events", "merged (>1 report)", "load s", "articles/s",
                      "reports/s"]
STORE_QUERY_HEADERS = ["filter", "indexed", "p50 ms", "p95 ms", "rows", "p95 < 50 ms"]
STORE_EXPORT_HEADERS = ["format", "events", "left out", "seconds", "events/s", "MB", "MB/s"]
MERGE_HEADERS = ["pairwise precision", "recall", "F1", "true pairs", "predicted pairs", "gold pairs",
                 "aligned reports", "unaligned reports", "gold items found"]


def _store_figures(events: int) -> dict | None:
    return _script_json("store_bench.py", "--events", str(events)) if events else None


def _section_span(lines: list[str], title: str) -> tuple[int, int] | None:
    """Where the section headed ``title`` is in a Markdown file's lines: up to the next "## " heading."""
    if title not in lines:
        return None
    start = lines.index(title)
    return start, next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))


def _kept_section(output: Path | None, title: str) -> list[str]:
    """A section of the existing output file, kept when this run skips its benchmark (its size given as 0)."""
    if output is None or not output.exists():
        return []
    lines = output.read_text(encoding="utf-8").splitlines()
    span = _section_span(lines, title)
    return lines[span[0]:span[1]] if span else []


def _section_only(figures: dict | None, show: Callable[[dict], None], section: Callable[[dict], list[str]],
                  output: Path) -> int:
    """Run one benchmark alone and splice its section into an existing BENCHMARKS.md."""
    if figures is None:
        print("0 events: nothing to run.")
        return 0
    show(figures)
    lines = output.read_text(encoding="utf-8").splitlines()
    new = section(figures)
    span = _section_span(lines, new[0])
    if span is None:  # before the per-set details, where a full run puts it
        details = next((i for i, line in enumerate(lines) if line.startswith("## Details per set")), len(lines))
        span = (details, details)
    output.write_text("\n".join(lines[:span[0]] + new + lines[span[1]:]).rstrip() + "\n", encoding="utf-8")
    print(f"replaced the section {new[0]!r} of {output}")
    return 0


def _dashboard_figures(events: int) -> dict | None:
    return _script_json("dashboard_bench.py", "--events", str(events), "--screenshot", str(SCREENSHOT)) if events else None


DASHBOARD_TITLE = "## Dashboard: page load and API latency"
DASHBOARD_HEADERS = ["route", "filter", "p50 ms", "p95 ms", "mean KB"]


def _dashboard_rows(figures: dict) -> list[list[str]]:
    return [[row["route"], row["filter"], f"{row['p50_ms']:.1f}", f"{row['p95_ms']:.1f}", f"{row['mean_kb']:,.1f}"]
            for row in figures["api"]]


def _first_load_text(figures: dict) -> str:
    load = figures["first_load"]
    return (f"first page load, navigation to {load['markers']:,} markers drawn: median {load['median_seconds']:.2f} s, "
            f"slowest {load['max_seconds']:.2f} s over {load['runs']} loads")


def _print_dashboard(figures: dict) -> None:
    print("\nDashboard API", *evaluate.text_table(DASHBOARD_HEADERS, _dashboard_rows(figures)),
          _first_load_text(figures), f"peak RSS of the server process: {figures['peak_rss_mb']:,} MB", sep="\n")


def _dashboard_section(figures: dict) -> list[str]:
    return [DASHBOARD_TITLE, "",
            f"The generated corpus of the store benchmark ({figures['stored_events']:,} events after merging) in a fresh "
            "SQLite file, served by `newsevents.serve.Dashboard` (uvicorn, one process) on a loopback port; "
            "benchmarks/dashboard_bench.py. The page is timed in Debian's headless Chromium driven by Playwright, "
            "each load in a new browser context (nothing cached), from navigation until every marker is handed to "
            "the clustered map and the lists, summary and timeline are filled; the map takes every single event "
            "with coordinates (`/api/points`). The API figures are "
            f"{figures['runs']} HTTP requests per row with varied values, warm; `/api/events` returns pages of 100 "
            "with their total. Reproduce: "
            f"`.venv/bin/python benchmarks/run.py --dashboard-only --dashboard-events {figures['events']}` "
            "(rewrites this section and docs/dashboard.png).", "",
            f"* {_first_load_text(figures)}.",
            f"* Peak resident memory of the server process (store and API; the browser is apart): "
            f"{figures['peak_rss_mb']:,} MB.", "",
            *evaluate.markdown_table(DASHBOARD_HEADERS, _dashboard_rows(figures)), ""]


def _reliability_figures(events: int) -> dict | None:
    if not events:
        return None
    return _script_json("load_bench.py", "--events", str(events)) | {"suites": _script_json("reliability_tests.py")}


RELIABILITY_TITLE = "## Reliability: bounded load and hostile requests"
LOAD_HEADERS = ["requests", "concurrency", "served", "errors", "p50 ms", "p95 ms", "p99 ms", "requests/s", "seconds"]
HOSTILE_HEADERS = ["payloads", "SQL/FTS payloads", "requests", "not clean", "database unchanged"]


def _load_row(figures: dict) -> list[str]:
    keys = ("requests", "concurrency", "served", "errors", "p50_ms", "p95_ms", "p99_ms", "requests_per_second", "seconds")
    return [f"{figures[key]:,}" for key in keys]


def _hostile_row(figures: dict) -> list[str]:
    hostile = figures["hostile"]
    return [f"{hostile['payloads']:,}", f"{hostile['sql_payloads']:,}", f"{hostile['requests']:,}", f"{hostile['unclean']:,}",
            "yes" if hostile["database_unchanged"] else "**no**"]


SUITE_HEADERS = ["suite", "what it tries", "tests", "passed", "skipped", "seconds"]


def _suite_rows(figures: dict) -> list[list[str]]:
    fuzz, crash = figures["suites"]["fuzz"], figures["suites"]["crash"]
    return [
        ["fuzzing (tests/test_fuzz.py)", f"{fuzz['properties']} hypothesis properties, {fuzz['examples']:,} generated "
         "inputs a run, plus named cases", *(f"{fuzz[k]:,}" for k in ("tests", "passed", "skipped", "seconds"))],
        ["crash safety (tests/test_crash_safety.py)", f"{crash['articles']:,} articles, {crash['kills']} SIGKILLs "
         f"and a resume on each of {crash['backends']} backends; readers, full disk, read-only",
         *(f"{crash[k]:,}" for k in ("tests", "passed", "skipped", "seconds"))],
    ]  # fmt: skip


def _print_reliability(figures: dict) -> None:
    print("\nLoad on /api/events", *evaluate.text_table(LOAD_HEADERS, [_load_row(figures)]),
          "\nHostile requests", *evaluate.text_table(HOSTILE_HEADERS, [_hostile_row(figures)]),
          "\nFuzzing and crash safety", *evaluate.text_table(SUITE_HEADERS, _suite_rows(figures)), sep="\n")


def _reliability_section(figures: dict) -> list[str]:
    stopped = " It hit the hard timeout before sending every request." if figures["stopped_by_timeout"] else ""
    return [RELIABILITY_TITLE, "",
            f"The generated corpus of the store benchmark ({figures['stored_events']:,} events after merging) in a fresh "
            "SQLite file, served by `newsevents.serve.Dashboard` (uvicorn, one process) on a loopback port; "
            f"benchmarks/load_bench.py. {figures['requests']:,} requests of `/api/events` with varied filters (the "
            "dashboard's own, an actor, a circle, sorts, deep pages, GeoJSON) from "
            f"{figures['concurrency']} client threads at once; it stops by itself after the requests or "
            f"{figures['hard_timeout_s']:.0f} s. The clients run in the server's process (one interpreter), so the "
            f"rates are a floor; an error is any answer but a 200, or none.{stopped}", "",
            *evaluate.markdown_table(LOAD_HEADERS, [_load_row(figures)]), "",
            "Then every hostile request of tests/hostile_requests.py, once: SQL injection, LIKE wildcards, FTS5 "
            "syntax, NUL bytes and long strings in every query parameter of `/api/events`, `/api/stats`, "
            "`/api/points` and `/api/export` and in both path ids; path traversal on static routes; bad pages; "
            "unknown parameters; wrong tokens and oversized bodies on `POST /api/ingest`; other Host names. "
            "`not clean` counts answers other than a 2xx or a 4xx with a JSON `error` and `fix`; the database's "
            "rows (its SQL dump) are compared before and after. tests/test_serve.py asserts the same on a small "
            "database in CI, and runs the load (10,000 events, 320 requests) with no timing. Reproduce: "
            f"`.venv/bin/python benchmarks/run.py --reliability-only --reliability-events {figures['events']}` "
            "(rewrites this section alone).", "",
            *evaluate.markdown_table(HOSTILE_HEADERS, [_hostile_row(figures)]), "",
            "The fuzzing and crash-safety suites, run once by benchmarks/reliability_tests.py (CI runs them on every "
            "change). Fuzzing feeds random Unicode, right-to-left marks, Arabic, emoji, NUL and control characters, "
            "lone surrogates, 1 MB lines, broken and deeply nested HTML, mixed encodings, truncated archives and "
            "JSONL/CSV of the wrong types to ingest, clean and extract: each document gives a contract line whose "
            "offsets index its text, or one error line. The crash test kills an ingest with two workers at seeded "
            "points and resumes it, on SQLite and on PostgreSQL: every stored row equals an uninterrupted run's, "
            "the integrity and full-text checks pass and no worker outlives its parent; readers keep answering "
            "during a write; a full disk or a read-only database gives one clear line and loses nothing.", "",
            *evaluate.markdown_table(SUITE_HEADERS, _suite_rows(figures)), ""]


def _scale_figures(documents: int) -> dict | None:
    return _script_json("scale_bench.py", "--documents", str(documents)) if documents else None


SCALE_TITLE = "## Speed and scale: the analysis against bare spaCy NER"
SCALE_HEADERS = ["run", "documents", "words", "seconds", "words/s", "x bare NER", "peak RSS MB per worker"]
SCALE_LABELS = {
    "bare": "bare spaCy NER (`nlp.pipe`, tok2vec + ner)", "parser": "spaCy with the parser our stages need",
    "pipeline:1": "full pipeline, 1 process", "pipeline:2": "full pipeline, 2 worker processes",
    "dask:2": "full pipeline, Dask LocalCluster of 2",
}


def _scale_rows(figures: dict) -> list[list[str]]:
    bare = next(row["words_per_second"] for row in figures["rows"] if row["mode"] == "bare")
    return [[SCALE_LABELS[row["mode"]], f"{row['documents']:,}", f"{row['words']:,}", f"{row['seconds']:.1f}",
             f"{row['words_per_second']:,}", f"{row['words_per_second'] / bare:.2f}", f"{row['peak_rss_mb']:,}"]
            for row in figures["rows"]]


def _scale_lines(figures: dict) -> list[str]:
    by_mode = {row["mode"]: row["words_per_second"] for row in figures["rows"]}
    return [f"from 1 to 2 worker processes: {by_mode['pipeline:2'] / by_mode['pipeline:1']:.2f}x; "
            f"through Dask: {by_mode['dask:2'] / by_mode['pipeline:1']:.2f}x",
            f"`newsevents --help`: {figures['help_seconds']:.2f} s; a first extraction in a new process "
            f"(model and place index loaded): {figures['first_extraction_seconds']:.2f} s"]


STAGE_TIME_HEADERS = ["step", "seconds", "share"]


def _stage_time_rows(figures: dict) -> list[list[str]]:
    seconds = figures["stages"]["seconds"]
    total = sum(seconds.values())
    return [[name, f"{value:.2f}", f"{value / total:.0%}"] for name, value in seconds.items()] + [["total", f"{total:.2f}", "100%"]]


def _print_scale(figures: dict) -> None:
    print("\nSpeed and scale", *evaluate.text_table(SCALE_HEADERS, _scale_rows(figures)), *_scale_lines(figures),
          "\nWhere the time goes", *evaluate.text_table(STAGE_TIME_HEADERS, _stage_time_rows(figures)), sep="\n")


def _scale_section(figures: dict) -> list[str]:
    return [SCALE_TITLE, "",
            "One run over the same real news articles (the texts of the geoparsing sets in ../shared/benchmarks), "
            "each row in a fresh process (benchmarks/scale_bench.py). Bare NER is the baseline: spaCy's own "
            "`nlp.pipe` with only its NER. The next row adds the tagger, parser, attribute ruler and lemmatizer "
            "that the actor, event and date rules read; the full pipeline adds our entity ruler and every stage. "
            "Worker processes and Dask workers are started and have loaded the model before the clock starts; "
            "peak RSS is the largest worker's (the process itself for one process). Reproduce: "
            f"`.venv/bin/python benchmarks/run.py --scale-only --scale-documents {figures['rows'][0]['documents']}`.",
            "", *evaluate.markdown_table(SCALE_HEADERS, _scale_rows(figures)), "",
            *(f"* {line}." for line in _scale_lines(figures)), "",
            "Where the time of one process goes, on the same articles: each spaCy component over all of them, "
            "then each of our stages (`pipeline.STAGES`; merge and storage are not in it).", "",
            *evaluate.markdown_table(STAGE_TIME_HEADERS, _stage_time_rows(figures)), ""]


def _store_load_rows(figures: dict) -> list[list[str]]:
    keys = ("articles", "reports", "events", "merged_events", "seconds", "articles_per_second", "reports_per_second")
    return [[name, *(f"{backend['load'][key]:,}" for key in keys)] for name, backend in figures["backends"].items()]


def _store_query_rows(backend: dict) -> list[list[str]]:
    return [[row["filter"], "yes" if row["indexed"] else "no", f"{row['p50_ms']:.1f}", f"{row['p95_ms']:.1f}",
             f"{row['mean_rows']:,}", "yes" if row["meets_goal"] else "**no**"] for row in backend["queries"]]


def _store_export_rows(backend: dict) -> list[list[str]]:
    keys = ("format", "events", "left_out", "seconds", "events_per_second", "megabytes", "megabytes_per_second")
    return [[f"{row[key]:,}" if not isinstance(row[key], str) else row[key] for key in keys] for row in backend["exports"]]


def _merge_row(merge: dict) -> list[str]:
    return [f"{merge['precision']:.3f}", f"{merge['recall']:.3f}", f"{merge['f1']:.3f}", str(merge["true_pairs"]),
            str(merge["predicted_pairs"]), str(merge["gold_pairs"]), str(merge["aligned_reports"]),
            str(merge["unaligned_reports"]), f"{merge['gold_items_found']} of {merge['gold_items']}"]


def _print_store(figures: dict) -> None:
    print("\nStore load", *evaluate.text_table(STORE_LOAD_HEADERS, _store_load_rows(figures)), sep="\n")
    for name, backend in figures["backends"].items():
        print(f"\nStore queries ({name})", *evaluate.text_table(STORE_QUERY_HEADERS, _store_query_rows(backend)),
              f"\nStore exports ({name})", *evaluate.text_table(STORE_EXPORT_HEADERS, _store_export_rows(backend)),
              sep="\n")
    print("\nMerge on tests/fixtures/merge_corpus.jsonl", *evaluate.text_table(MERGE_HEADERS, [_merge_row(figures["merge"])]),
          f"peak RSS of the store benchmark: {figures['peak_rss_mb']:,} MB", sep="\n")


def _store_section(figures: dict) -> list[str]:
    lines = [STORE_TITLE, "",
             f"A generated database of {figures['events']:,} reports (benchmarks/store_bench.py: articles of ten events "
             f"in {figures['countries']} countries, in the districts around real cities (up to ~60 km out), two years of day/week/month dates, PLOVER and ACLED "
             "types in field-like shares, named and unidentified actors, confidences 0.2-1, ~3% aggregates, and about "
             "one event in eight told again by a later article), stored with `Store.save_analysis` into a fresh "
             "SQLite file and a fresh PostgreSQL database on this machine; the load includes merging the reports "
             "of one event across articles. Reproduce: "
             f"`.venv/bin/python benchmarks/run.py --store-only --store-events {figures['events']}` "
             "(rewrites this section alone).", "",
             *evaluate.markdown_table(STORE_LOAD_HEADERS, _store_load_rows(figures)), ""]
    if "postgresql_skipped" in figures:
        lines += [f"PostgreSQL skipped: {figures['postgresql_skipped']}.", ""]
    for name, backend in figures["backends"].items():
        lines += [f"### Queries ({name})", "",
                  f"`Store.events` with limit 100 (the CLI's default page), warm, {figures['runs_per_filter']} "
                  "queries per filter with varied values (types, countries, cities, months, group names); "
                  "time includes reading each event's reports. Goal (issue 14): p95 under "
                  f"{figures['goal_ms']:.0f} ms for an indexed filter; `rows` is the mean page size. This machine is a shared "
                  "2-core virtual machine: two runs of the same code a few minutes apart differed by up to 2x in "
                  "p95, so a few milliseconds over the goal is within the noise.", "",
                  *evaluate.markdown_table(STORE_QUERY_HEADERS, _store_query_rows(backend)), "",
                  f"### Exports ({name})", "",
                  "Every event (any confidence) streamed by `Store.iter_events` into each format "
                  "(`newsevents.export`), to a file; `left out` are events the format cannot hold.", "",
                  *evaluate.markdown_table(STORE_EXPORT_HEADERS, _store_export_rows(backend)), ""]
    lines += ["### Merge precision and recall", "",
              "The real pipeline (`ingest`) over tests/fixtures/merge_corpus.jsonl (ten short articles written by "
              "the project, several telling the same events) into a fresh SQLite store; each report aligned "
              "with the hand-coded clusters of tests/fixtures/merge_gold.json (same document and type, evidence "
              "holding the gold words; `newsevents.evaluate.score_merging`). Pairs of aligned reports in one stored "
              "event against pairs in one gold cluster; extraction misses (gold items no report aligned with) "
              "lower recall too.", "",
              *evaluate.markdown_table(MERGE_HEADERS, [_merge_row(figures["merge"])]), "",
              f"Peak resident memory of the store benchmark before the merge score loaded the model: "
              f"{figures['peak_rss_mb']:,} MB.", ""]
    return lines


# ---------------------------------------------------------------- rendering


# Benchmarks that need no labelled data, each with its figures, its console print and its section;
# `--NAME-only` runs one alone and rewrites its section in place.
SECTIONS: dict[str, tuple[Callable[[argparse.Namespace], dict | None], Callable[[dict], None], Callable[[dict], list[str]]]] = {
    "store": (lambda args: _store_figures(args.store_events), _print_store, _store_section),
    "dashboard": (lambda args: _dashboard_figures(args.dashboard_events), _print_dashboard, _dashboard_section),
    "reliability": (lambda args: _reliability_figures(args.reliability_events), _print_reliability, _reliability_section),
    "scale": (lambda args: _scale_figures(args.scale_documents), _print_scale, _scale_section),
}
SECTION_TITLES = {"store": STORE_TITLE, "dashboard": DASHBOARD_TITLE, "reliability": RELIABILITY_TITLE,
                  "scale": SCALE_TITLE}


def _cell(report: evaluate.Report, task: str, metric: str) -> str:
    return evaluate.format_metric(metric, report.value(task, metric))


def _count(report: evaluate.Report, task: str, metric: str) -> str:
    figure = report.metrics.get(task, {}).get(metric)
    return str(figure.count) if figure else "0"


FAMILY_HEADERS = ["set", "metric", "tune", "check", "baseline (check)", "n tune", "n check"]


def _family_rows(results: list[SetResult], tasks: tuple[str, ...]) -> list[list[str]]:
    rows = []
    for result in results:
        if result.task not in tasks:
            continue
        attempted = BASELINE_METRICS[result.task]
        # A small part can lack a metric the other has (no gold item in scope); list each metric once.
        metrics = dict.fromkeys(name for part in PARTS for name in result.ours[part].metrics.get(result.task, {}))
        for metric in metrics:
            baseline = _cell(result.baseline, result.task, metric) if attempted is None or metric in attempted else "-"
            rows.append([result.name, metric, *(_cell(result.ours[part], result.task, metric) for part in PARTS),
                         baseline, *(_count(result.ours[part], result.task, metric) for part in PARTS)])
    return rows


def _speed_rows(results: list[SetResult]) -> list[list[str]]:
    rows = [_speed_row(r.name, r.documents, r.characters, r.seconds, _failed(r)) for r in results]
    if len(results) > 1:
        rows.append(_speed_row("all", *(sum(getattr(r, key) for r in results)
                                         for key in ("documents", "characters", "seconds")),
                               sum(_failed(r) for r in results)))
    return rows


def _failed(result: SetResult) -> int:
    return sum(report.failed for report in result.ours.values())


def _speed_row(name: str, documents: int, characters: int, seconds: float, failed: int) -> list[str]:
    def rate(amount: int, decimals: int) -> str:
        return f"{amount / seconds:,.{decimals}f}" if seconds else "-"

    return [name, str(documents), f"{characters:,}", f"{seconds:.1f}", rate(documents, 1), rate(characters, 0),
            str(failed)]


SPEED_HEADERS = ["set", "docs", "chars", "seconds", "docs/s", "chars/s", "failed docs"]


def _machine() -> str:
    return f"{platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} cores ({platform.machine()})"


def _summary(results: list[SetResult], load_seconds: float, peak_rss_mb: float) -> str:
    lines = []
    for title, tasks in FAMILIES:
        rows = _family_rows(results, tasks)
        if rows:
            lines += ["", title, *evaluate.text_table(FAMILY_HEADERS, rows)]
    lines += ["", "Speed (ours)", *evaluate.text_table(SPEED_HEADERS, _speed_rows(results)),
              f"model/data load {load_seconds:.1f} s; peak RSS {peak_rss_mb:,.0f} MB"]
    return "\n".join(lines)


SCORING_RULES = """\
Scoring rules (src/newsevents/evaluate/, `newsevents eval` uses the same code):

* **Primary event.** ACLED, GTD and PLOVER documents carry one gold event; it is compared with the
  document's primary event: the non-aggregate event with the highest confidence (the first in text
  order on ties), else the first aggregate event; with no event every predicted field is null.
* **Null gold is skipped.** A metric counts only documents whose gold field is not null:
  case2021_task2 has only types, acled_legacy2016 has no type for Riots/Protests, GTD has no date
  where the day is unknown. `n` is always the number of gold items in scope (for precision and
  median error too), so our check column and the baseline's share `n check`.
* **Missing is a miss.** A document without output, or whose output is an error, counts as predicting
  nothing: a miss for every metric it is in.
* **Macro-F1** averages F1 over the labels present in the gold; a missing type is the label `(none)`.
* **Actors** match leniently: equal names up to case, diacritics, punctuation and parenthesised parts;
  or overlapping distinctive words once parenthesised parts, generic words ("forces", "military",
  "police", "group", ...) and country names are removed; or the same coarse class (state forces,
  rioters, protesters, civilians, unidentified armed group) and the same country. So
  "Military Forces of Afghanistan (2014-2021)" matches our "Afghan military" (AF, state forces).
* **Fatalities, injuries, date** are exact matches; **country** compares the primary event location's
  ISO2 code.
* **Geocoding**: acc@161km (100 miles) is the share of gold points with a predicted point within
  161 km; a missing point is a miss. Median error covers the predicted points only, `coverage` says
  how many there were.
* **Geoparsing**: gold and predicted toponyms match one to one by character overlap (largest overlap
  first); P/R/F1 count the matches; distance metrics are over matched toponyms with gold coordinates.
  GeoWebNews spans typed Literal_Expression, Non_Lit_Expression, Non_Toponym, Homonym, Demonym and
  Language are not toponyms (they have no coordinates) and are left out of the gold.
* **NER**: exact span and label after mapping spaCy labels to CoNLL: PERSON->PER; GPE, LOC, FAC->LOC;
  ORG->ORG; NORP, EVENT, PRODUCT, WORK_OF_ART, LAW, LANGUAGE->MISC; other labels are dropped.
"""


def _markdown(results: list[SetResult], load_seconds: float, peak_rss_mb: float, limit: int | None,
              command: str, ingest: list[str], stage_figures: dict, targets: list[list[str]],
              sections: list[list[str]], article_figures: dict, verdicts: list[accuracy_gate.Verdict]) -> str:
    lines = [
        "# Benchmarks",
        "",
        f"Generated by `{command}` (benchmarks/run.py) on "
        f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC; machine: {_machine()}. Do not edit by hand.",
        "",
        "Data: the dev splits (30%) of the public labelled sets in `../shared/benchmarks` (see its README "
        "for sources and licences); the other 70% is held out and scored independently.",
        "",
        "Each dev set is split by a SHA-256 hash of the document id (`newsevents.evaluate.split_of`) into a "
        "`tune` part (about two thirds): the only documents read while fixing the code, and a `check` part "
        "(the rest): scored, never read. Every table shows both; a check figure well below its tune figure "
        "means a fix fitted the tune documents rather than the task. Baselines are never tuned, so they are "
        "scored on the check part alone (one baseline column keeps the tables readable), and the per-set "
        "details at the end cover the tune part, since they are for finding what to fix.",
    ]
    if limit:
        lines += ["", f"**Partial run: the first {limit} documents of each set, then split.**"]
    lines += [
        "",
        "## Reproduce",
        "",
        "```",
        "make bench                                   # every figure on this page",
        ".venv/bin/python benchmarks/run.py --sets SET [--limit N] --output FILE   # some sets",
        ".venv/bin/python benchmarks/run.py --store-only [--store-events N]   # the store section alone",
        ".venv/bin/python benchmarks/run.py --dashboard-only [--dashboard-events N]   # the dashboard section alone",
        ".venv/bin/python benchmarks/run.py --reliability-only [--reliability-events N]   # the reliability section alone",
        ".venv/bin/python benchmarks/run.py --scale-only [--scale-documents N]   # the speed and scale section alone",
        "make check-accuracy                          # headline figures against their floors, fails below one",
    ]
    lines += [f".venv/bin/newsevents eval --gold ../shared/benchmarks/{r.name}/dev.jsonl --split tune"
              for r in results]
    lines += ["```", "", "`newsevents eval` prints the same metrics for one set, with per-class tables, "
              "confusion matrices and the worst errors; `--split check` scores the check part (its worst "
              "errors quote check documents: confirm a fix with its figures, do not read them), "
              "`--split all` the whole set.", "", "## How figures are scored", "", SCORING_RULES]
    lines += ["## Targets", "", "The goals set for the events and places stages, each pooled over every set of its "
              "task family (documents of all those sets scored together), part by part.", "",
              *evaluate.markdown_table(TARGET_HEADERS, targets), ""]
    lines += ["## Our own news articles", "",
              f"{article_figures['articles']} full news articles written for the project "
              f"({OWN_ARTICLES.relative_to(REPO)}: courts, interviews, strikes with background, protests, "
              "multi-event reports) with hand-coded gold: the events an analyst codes, events either way is "
              "defensible, and events that must not be produced because they were planned, feared, denied, "
              "hypothetical, negated or background. Every extracted event is scored, not only a primary one. "
              "Misses: `.venv/bin/python benchmarks/events_check.py --own --misses own`.", "",
              *evaluate.markdown_table(OWN_ARTICLE_HEADERS, [_own_article_row(article_figures)]), ""]
    if verdicts:
        lines += ["## Accuracy gate", "",
                  "Each headline figure against its floor in `benchmarks/accuracy_floors.json` "
                  "(benchmarks/accuracy_gate.py). A full `make bench` raises floors to the measured figure less "
                  "the file's margin and never lowers one; `make check-accuracy` measures again and fails when a "
                  "figure is below its floor. The table shows the floors this run was judged by.", "",
                  *evaluate.markdown_table(accuracy_gate.HEADERS, accuracy_gate.rows(verdicts)), ""]
    lines += ["## Baselines", "", "Run in the same process on the check part of each set "
              "(benchmarks/baselines.py):", ""]
    lines += [f"* **{task}**: {label}" for task, (label, _) in baselines.BASELINES.items()]
    lines += ["", "A `-` in the baseline column means the baseline does not attempt that field."]
    for title, tasks in FAMILIES:
        rows = _family_rows(results, tasks)
        if rows:
            lines += ["", f"## {title}", "", *evaluate.markdown_table(FAMILY_HEADERS, rows)]
    lines += ["", "## Speed and memory (our extraction)", "",
              *evaluate.markdown_table(SPEED_HEADERS, _speed_rows(results)), "",
              f"Model and data loading (one warm-up document, not in the table): {load_seconds:.1f} s. "
              f"Peak resident memory of the process after all sets: {peak_rss_mb:,.0f} MB "
              "(`resource.getrusage`, measured before the baselines ran).", ""]
    lines += ingest
    lines += ["## Gazetteer and time stage", "",
              "Start-up of the cached gazetteer index (built once per machine on first use, then opened), "
              "its resident memory in a fresh process, place lookups per second over common and variant "
              "spellings, and date expressions resolved per second. Reproduce: "
              "`.venv/bin/python benchmarks/stage_speed.py`.", "",
              *evaluate.markdown_table(STAGE_HEADERS, [_stage_row(stage_figures)]), ""]
    for section in sections:
        lines += section
    lines += ["## Details per set (our extraction, tune part)", ""]
    for result in results:
        lines += [f"### {result.name}", "", result.ours["tune"].to_markdown(examples=False)]
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    sys.exit(main())
