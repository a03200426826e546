"""The ``newsevents`` command line: parse arguments, call one function, print.

Exit status: 0 when everything asked for was done; 1 when some documents could
not be read or analysed (the rest were processed and stored); 2 on a usage or
setup error (bad option, unreadable database, missing model).
"""

from __future__ import annotations

import contextlib
import csv
import functools
import inspect
import json
import logging
import sys
from collections.abc import Callable, Iterable, Iterator
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, get_type_hints

import typer
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from .errors import NewsEventsError
from .export import BINARY_FORMATS, FORMATS, export, write_flat_csv
from .records import (
    DEFAULT_MIN_CONFIDENCE,
    DEFAULT_RADIUS_KM,
    MAX_LIMIT,
    SORT_KEYS,
    EventQuery,
    PlaceMention,
    Span,
    StoredArticle,
    StoredEvent,
    parse_numbers,
)

if TYPE_CHECKING:
    from concurrent.futures import Executor

    from rich.progress import Progress

    from .pipeline import IngestSummary
    from .store import Store

app = typer.Typer(
    help="Extract political and conflict events from raw news, with evidence for every field.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
# Stored text is data: "[/quote]" in an article must print as written, so data goes out
# with markup=False, as Text cells, or escape()d inside our own markup.
out = Console()
err = Console(stderr=True)

# A str, not a Path: Path("postgresql://...") would fold the "//" of a URL.
DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        metavar="PATH|URL",
        help="SQLite database file or postgresql:// URL (default: $NEWSEVENTS_DB or ./newsevents.db).",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


class Format(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


FormatOption = Annotated[
    Format, typer.Option("--format", help="table (fits the terminal), json, jsonl (one object a line) or csv.")
]
JsonAlias = Annotated[bool, typer.Option("--json", help="Same as --format json.")]
# Tables show id prefixes this long; `show` accepts any unique prefix of 6+.
ID_CHARS = 10


@app.callback()
def _main(debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks and debug logs.")] = False) -> None:
    logging.basicConfig(level=logging.DEBUG if debug else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    _State.debug = debug


class _State:
    debug = False


def _store(db: str | None) -> Store:
    from .store import open_store

    return open_store(db)


def _print_json(value) -> None:
    out.print_json(json.dumps(value, ensure_ascii=False, default=str))


# Short values that must stay readable and copyable on one line.
_NO_WRAP = {"id", "date", "published", "cc", "country", "dead", "agg", "lat", "lon", "precision"}


def _table(title: str, rows: list[dict], columns: list[str]) -> None:
    table = Table(title=title, show_lines=False)
    for column in columns:
        table.add_column(column, overflow="fold", no_wrap=column in _NO_WRAP)
    for row in rows:
        table.add_row(*(Text("" if row.get(c) is None else str(row.get(c))) for c in columns))
    out.print(table)


def _parse_field_map(fields: list[str]) -> dict[str, str]:
    mapping = {}
    for item in fields:
        ours, sep, theirs = item.partition("=")
        if not sep or not ours or not theirs:
            raise NewsEventsError(f"--field {item!r} is not NAME=COLUMN", "write e.g. --field text=body")
        mapping[ours.strip()] = theirs.strip()
    return mapping


WorkersOption = Annotated[
    int | None,
    typer.Option(
        "--workers",
        min=1,
        envvar="NEWSEVENTS_WORKERS",
        help="Processes that analyse at once, each with its own model (default: the machine's cores; one when the input fits one chunk).",
        show_default=False,
    ),
]
DaskOption = Annotated[
    str | None,
    typer.Option(
        "--dask",
        metavar="ADDRESS|local[:N]",
        help="Analyse on a Dask cluster: a scheduler address, or local:N for N local worker processes (needs newsevents[dask]).",
        show_default=False,
    ),
]


@contextlib.contextmanager
def _analysers(workers: int | None, dask: str | None, documents: int | None) -> Iterator[tuple[Executor | None, int]]:
    """Where the analysis runs: in this process, a local worker pool, or a Dask cluster."""
    from . import pipeline

    if dask:
        from .scale import dask_executor

        with dask_executor(dask) as (executor, count):
            yield executor, count
        return
    count = workers or pipeline.default_workers()
    if count == 1 or (documents is not None and documents <= pipeline.CHUNK_SIZE):
        yield None, 1  # one chunk: starting workers (and a model in each) would cost more than it saves
        return
    with pipeline.worker_pool(count) as pool:
        yield pool, count


def _progress(disable: bool) -> Progress:
    """A bar on stderr with documents done, documents per second, time spent and time left."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        SpinnerColumn,
        Task,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    class RateColumn(ProgressColumn):
        def render(self, task: Task) -> Text:
            return Text(f"{task.speed:.1f} docs/s" if task.speed else "", style="progress.data.speed")

    return Progress(
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
        console=err,
        transient=True,
        disable=disable,
    )


def _prepare(progress: Progress) -> None:
    """Build the place index before any worker starts, with a bar: the first run on a machine takes a minute."""
    from . import pipeline

    task = progress.add_task("building the place index (once per install)", total=None)

    def step(what: str, done: int, total: int) -> None:
        progress.update(task, description=f"building the place index (once per install): {what}", completed=done, total=total)

    pipeline.prepare(step)
    progress.remove_task(task)


def _count_documents(progress: Progress, paths: list[str]) -> int | None:
    """The documents in ``paths`` (None for stdin), read once without analysis: the bar's total."""
    from . import pipeline

    if "-" in paths:
        return None
    task = progress.add_task("counting documents", total=None)
    total = pipeline.count_documents(paths)
    progress.remove_task(task)
    return total


def _ingest(
    paths: list[str], db: str | None, fields: list[str], reanalyse: bool, as_json: bool,
    workers: int | None = None, dask: str | None = None, shards: Path | None = None,
) -> None:  # fmt: skip
    from . import pipeline

    field_map = _parse_field_map(fields)
    with contextlib.ExitStack() as stack:
        store = None if shards is not None else stack.enter_context(_store(db))
        progress = stack.enter_context(_progress(as_json))
        _prepare(progress)
        total = _count_documents(progress, paths)
        executor, count = stack.enter_context(_analysers(workers, dask, total))
        task = progress.add_task("analysing" if count == 1 else f"analysing with {count} workers", total=total)
        run: dict[str, Any] = dict(field_map=field_map, stdin=sys.stdin, on_progress=lambda n: progress.advance(task, n), executor=executor, workers=count)
        if store is None:
            assert shards is not None
            summary = pipeline.ingest_to_shards(paths, shards, **run)
            location = f"{pipeline.shard_count(shards)} shards in {shards} (store them with `newsevents merge-shards {shards}`)"
        else:
            summary = pipeline.ingest_into(store, paths, reanalyse=reanalyse, **run)
            location = store.location
    _report_ingest(summary, location, as_json)


def _report_ingest(summary: IngestSummary, location: str, as_json: bool) -> None:
    for line in summary.skipped:
        err.print(f"[yellow]skipped[/yellow] {escape(line)}", highlight=False, soft_wrap=True)
    for line in summary.errors:
        err.print(f"[red]error[/red] {escape(line)}", highlight=False, soft_wrap=True)
    counts = {k: getattr(summary, k) for k in ("read", "new", "version", "duplicate", "analysed", "events", "aggregates", "places")}
    if as_json:
        _print_json(counts | {"errors": summary.errors, "skipped": summary.skipped, "db": location})
    else:
        out.print(
            f"{summary.read} documents read: {summary.new} new articles, {summary.version} new versions, "
            f"{summary.duplicate} already stored; {summary.events} events ({summary.aggregates} aggregates), "
            f"{summary.places} places; {len(summary.errors)} errors, {len(summary.skipped)} files skipped; stored in {location}",
            highlight=False,
            markup=False,
        )
    if not summary.ok:
        raise typer.Exit(1)


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files or folders (recursive) to read; '-' reads stdin.")],
    db: DbOption = None,
    field: Annotated[
        list[str] | None,
        typer.Option("--field", help="Map a field to your column/key name, e.g. --field text=body (repeatable)."),
    ] = None,
    reanalyse: Annotated[bool, typer.Option("--reanalyse", help="Analyse stored articles again.")] = False,
    workers: WorkersOption = None,
    dask: DaskOption = None,
    shards: Annotated[
        Path | None,
        typer.Option("--shards", metavar="FOLDER", help="Write Parquet shards to FOLDER (shared by the workers) instead of the database; store them later with merge-shards."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Read txt dumps, HTML, JSONL, CSV and RSS/Atom; store articles and their events.

    Idempotent: documents already stored are skipped, so a killed run resumes where it stopped.
    Files in a folder that are no news documents (images, archives, binary data) are listed as
    skipped with the reason; hidden files are ignored. Exit status 1 if any document could not be
    read or analysed (an article too long to analyse is stored all the same); skipped files leave it 0.
    """
    _ingest(paths, db, field or [], reanalyse, as_json, workers, dask, shards)


@app.command("merge-shards")
def merge_shards(folder: Annotated[Path, typer.Argument(help="The folder `ingest --shards` wrote.")], db: DbOption = None, as_json: JsonOption = False) -> None:
    """Store the analyses of Parquet shards in the database, in order, merging events across articles.

    Gives exactly the events a single `ingest` of the same input gives; articles already stored are skipped.
    """
    from . import pipeline

    with _store(db) as store, _progress(as_json) as progress:
        task = progress.add_task("storing shards", total=pipeline.shard_count(folder))
        summary = pipeline.merge_shards(store, folder, on_progress=lambda n: progress.advance(task, n))
        location = store.location
    _report_ingest(summary, location, as_json)


@app.command()
def demo(db: DbOption = None) -> None:
    """Ingest the bundled example dump and show what was stored."""
    from .resources import data_path

    sample = data_path("example_dump.txt")
    _ingest([str(sample)], db, [], False, False)
    with _store(db) as store:
        stats = store.stats()
        location = store.location
    out.print(
        f"{stats.articles} articles, {stats.events} events ({stats.aggregates} aggregates), "
        f"{stats.places} places, stored in {location}",
        highlight=False,
        markup=False,
    )
    out.print(f"open the dashboard: .venv/bin/newsevents serve --db {location} --open", highlight=False, markup=False, soft_wrap=True)
    out.print("try: .venv/bin/newsevents events --country LB", highlight=False)
    out.print("     .venv/bin/newsevents articles --q drone", highlight=False)
    out.print("     .venv/bin/newsevents show EVENT_ID", highlight=False)


@app.command()
def articles(
    q: Annotated[str | None, typer.Option("--q", help="Full-text search (words, \"phrases\").")] = None,
    limit: Annotated[int, typer.Option(help="Rows to show.")] = 50,
    offset: Annotated[int, typer.Option(help="Rows to skip.")] = 0,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """List stored articles, newest first, or search their text."""
    with _store(db) as store:
        rows = store.articles(q=q, limit=limit, offset=offset)
    if as_json:
        _print_json([row.to_json() for row in rows])
    else:
        shown = [
            {"id": row.id[:ID_CHARS], "title": row.title, "published": row.published, "source": row.source,
             "n_events": row.n_events, "snippet": row.snippet}
            for row in rows
        ]  # fmt: skip
        _table("articles", shown, ["id", "title", "published", "source", "n_events"] + (["snippet"] if q else []))


@app.command()
def show(
    item_id: Annotated[str, typer.Argument(metavar="ID", help="An event id or an article id (a unique prefix works).")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show an event with the words behind each field, or an article with its events."""
    with _store(db) as store:
        found: StoredEvent | StoredArticle | None = store.event(item_id) or store.article(item_id)
    if found is None:
        raise NewsEventsError(f"no event or article with id {item_id!r}", "list ids with `newsevents events` or `newsevents articles`")
    if as_json:
        _print_json(found.to_json())
    elif isinstance(found, StoredEvent):
        _show_event(found)
    else:
        _show_article(found)


def _show_event(event: StoredEvent) -> None:
    title = escape(event.article_title or "")
    out.print(f"[bold]event {event.id}[/bold]  (article {event.article_id}: {title})", highlight=False)
    fields = event.to_json()
    for key in ("event_type", "event_mode", "acled_event_type", "acled_sub_event_type", "actor1", "actor2", "date",
                "date_precision", "location", "fatalities", "injuries", "is_aggregate", "reported_by", "confidence"):
        value = fields[key]
        if isinstance(value, dict):
            value = ", ".join(f"{k}={v}" for k, v in value.items() if v is not None)
        report = event.report_for(key)  # a merged event takes some fields from other reports' words
        evidence = report.evidence_spans
        span = getattr(evidence, key, None)  # reported_by has several spans: shown with the names only
        caption = evidence.location_caption if key == "location" else None
        where = f"{report.article_source}, " if report.article_id != event.article_id else ""
        where += f"caption {caption + 1} " if caption is not None else ""
        words = f'   <- "{span.text}" [{where}{span.start}:{span.end}]' if isinstance(span, Span) else ""
        out.print(f"  {key:22} {value if value is not None else '-'}{words}", highlight=False, markup=False)
        if key == "location" and evidence.location_decided_by:
            # Why this place and not a namesake: the ranking features that decided it, strongest first.
            out.print(f"  {'':22} decided by {', '.join(evidence.location_decided_by)}", highlight=False, markup=False)
    ev = event.evidence
    out.print(f"  {'evidence':22} \"{ev.text}\" [{ev.start}:{ev.end}]", highlight=False, markup=False)
    if len(event.sources) > 1:
        out.print(f"  reported {len(event.sources)} times (the first is the lead):", highlight=False)
        for source in event.sources:
            r = source.report
            line = f"    {r.id[:ID_CHARS]}  {r.article_published or '-'}  {r.article_source or '-'}  score {source.score}"
            out.print(f"{line}  \"{r.evidence.text}\"", highlight=False, markup=False)


def _show_article(stored: StoredArticle) -> None:
    article = stored.article
    title = escape(article.title or "(untitled)")
    out.print(f"[bold]{title}[/bold]  id {stored.id} v{stored.version}", highlight=False)
    published, source = article.published or "-", article.source or "-"
    out.print(f"published {published}  source {source}", highlight=False, markup=False)
    for caption in article.captions:
        out.print(f"  caption: {caption}", highlight=False, markup=False)
    for credit in article.credits:
        out.print(f"  credit: {credit}", highlight=False, markup=False)
    out.print()
    out.print(article.text, highlight=False, markup=False)
    out.print()
    rows = [
        {"type": e.event_type, "acled": e.acled_sub_event_type, "date": e.date,
         "where": e.location.name if e.location else None, "evidence": e.evidence.text}
        for e in stored.events
    ]
    _table("events", rows, ["type", "acled", "date", "where", "evidence"])


# --- event filters, shared by every command that selects events -----------------


def _event_query(
    article: Annotated[str | None, typer.Option(help="Only events of this article id.", rich_help_panel="Filters")] = None,
    event_type: Annotated[str | None, typer.Option("--type", help="PLOVER type, e.g. ASSAULT.", rich_help_panel="Filters")] = None,
    acled_type: Annotated[str | None, typer.Option("--acled-type", help="ACLED event type, any case, e.g. Protests.", rich_help_panel="Filters")] = None,
    sub_event: Annotated[str | None, typer.Option("--sub-event", help="ACLED sub-event type, any case, e.g. Air/drone strike.", rich_help_panel="Filters")] = None,
    actor: Annotated[str | None, typer.Option(help="Part of an actor name (either actor), any case.", rich_help_panel="Filters")] = None,
    country: Annotated[str | None, typer.Option(help="Country of the event: ISO code (LB) or name (Lebanon).", rich_help_panel="Filters")] = None,
    since: Annotated[str | None, typer.Option(help="On or after YYYY-MM-DD (or YYYY-MM, YYYY).", rich_help_panel="Filters")] = None,
    until: Annotated[str | None, typer.Option(help="On or before YYYY-MM-DD (or YYYY-MM, YYYY).", rich_help_panel="Filters")] = None,
    near: Annotated[str | None, typer.Option(help="Within --radius of LAT,LON or of a place name.", rich_help_panel="Filters")] = None,
    radius: Annotated[float, typer.Option(help="Radius for --near, in km.", rich_help_panel="Filters")] = DEFAULT_RADIUS_KM,
    bbox: Annotated[str | None, typer.Option(help="Inside WEST,SOUTH,EAST,NORTH (degrees).", rich_help_panel="Filters")] = None,
    q: Annotated[str | None, typer.Option("--q", help="Full-text search of the articles of the events (words, quoted phrases).", rich_help_panel="Filters")] = None,
    aggregate: Annotated[bool | None, typer.Option("--aggregate/--no-aggregate", help="Only aggregates / only single events (default: both).", show_default=False, rich_help_panel="Filters")] = None,
    min_confidence: Annotated[float, typer.Option(help="Hide weaker guesses.", rich_help_panel="Filters")] = DEFAULT_MIN_CONFIDENCE,
    show_all: Annotated[bool, typer.Option("--all", help="Show every event, however weak (--min-confidence 0).", rich_help_panel="Filters")] = False,
    sort: Annotated[str, typer.Option(help=f"One of {', '.join(SORT_KEYS)}; prefix - for descending.", rich_help_panel="Filters")] = "-date",
    limit: Annotated[int | None, typer.Option(help=f"Rows to show, at most {MAX_LIMIT} (default: 100 in a listing).", show_default=False, rich_help_panel="Filters")] = None,
    offset: Annotated[int, typer.Option(help="Rows to skip.", rich_help_panel="Filters")] = 0,
) -> EventQuery:
    """The EventQuery of the filter options (a place name for --near is geocoded)."""
    return EventQuery(
        article_id=article, event_type=event_type, acled_event_type=acled_type, acled_sub_event_type=sub_event,
        actor=actor, country=country, since=since, until=until, near=_point(near) if near else None,
        radius_km=radius, bbox=_bbox(bbox) if bbox else None, q=q, aggregate=aggregate,
        min_confidence=0.0 if show_all else min_confidence, sort=sort, limit=limit, offset=offset,
    )  # fmt: skip


def event_filters(default_limit: int | None) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Give a command every filter option of ``_event_query``; it gets them as one EventQuery ``query``.

    ``default_limit`` applies when --limit is not given (None: every match, for exports).
    """

    def decorate(command: Callable[..., None]) -> Callable[..., None]:
        hints = get_type_hints(command, include_extras=True) | get_type_hints(_event_query, include_extras=True)
        filters = list(inspect.signature(_event_query).parameters.values())
        own = [p for p in inspect.signature(command).parameters.values() if p.name != "query"]
        parameters = [p.replace(annotation=hints[p.name], kind=inspect.Parameter.KEYWORD_ONLY) for p in own + filters]

        @functools.wraps(command)
        def wrapper(**kwargs: Any) -> None:
            chosen = {p.name: kwargs.pop(p.name) for p in filters}
            if chosen["limit"] is None:
                chosen["limit"] = default_limit
            command(query=_event_query(**chosen), **kwargs)

        # Typer reads the options from the signature and its type hints.
        wrapper.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
        wrapper.__annotations__ = {p.name: p.annotation for p in parameters}
        return wrapper

    return decorate


def _point(text: str) -> tuple[float, float]:
    from . import pipeline

    return pipeline.point(text, "--near ")


def _bbox(text: str) -> tuple[float, float, float, float]:
    west, south, east, north = parse_numbers(text, 4, "--bbox", "--bbox 35.1,33.0,36.6,34.7 (WEST,SOUTH,EAST,NORTH)")
    return west, south, east, north


# --- output formats --------------------------------------------------------


def _write_jsonl(rows: Iterable[dict[str, Any]]) -> None:
    for row in rows:
        sys.stdout.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")


def _write_csv(columns: list[str], rows: Iterable[dict[str, Any]]) -> None:
    writer = csv.DictWriter(sys.stdout, columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


# (header, width): short fixed columns, then the place and actors share what the terminal has left.
_EVENT_TABLE = (
    ("id", ID_CHARS), ("date", 10), ("type", 10), ("cc", 2), ("dead", 4), ("src", 3), ("where", 14), ("actors", None),
)  # fmt: skip


def _event_table(rows: list[StoredEvent]) -> None:
    # No borders and two spaces between columns: at 80 columns the actors keep about 15 characters.
    table = Table(title="events", box=None, padding=(0, 2, 0, 0), pad_edge=False, expand=True, header_style="bold")
    for header, width in _EVENT_TABLE:
        # One line a row: long values end in "…"; `show ID` has the rest.
        table.add_column(
            header, width=width, ratio=None if width else 1, no_wrap=True, overflow="ellipsis",
            justify="right" if header in ("dead", "src") else "left",
        )  # fmt: skip
    for r in rows:
        actors = " → ".join(a.name for a in (r.actor1, r.actor2) if a is not None)
        cells = (r.id[:ID_CHARS], r.date, r.event_type, r.location.country_code if r.location else None,
                 r.fatalities, len(r.sources), r.location.name if r.location else None, actors)  # fmt: skip
        table.add_row(*(Text("" if cell is None else str(cell)) for cell in cells))
    out.print(table)
    if rows:
        out.print(f"{len(rows)} events; `newsevents show ID` for one in full", highlight=False, style="dim")


@app.command()
@event_filters(default_limit=100)
def events(query: EventQuery, db: DbOption = None, fmt: FormatOption = Format.table, as_json: JsonAlias = False) -> None:
    """List stored events, newest first; weak guesses are hidden unless --all."""
    fmt = Format.json if as_json else fmt
    with _store(db) as store:
        rows = store.iter_events(query)
        if fmt is Format.jsonl:
            _write_jsonl(row.to_json() for row in rows)
        elif fmt is Format.csv:
            write_flat_csv(rows, sys.stdout)
        elif fmt is Format.json:
            _print_json([row.to_json() for row in rows])
        else:
            _event_table(list(rows))


ExportFormat = Enum("ExportFormat", {name.replace("-", "_"): name for name in FORMATS}, type=str)  # type: ignore[misc]


@app.command("export")
@event_filters(default_limit=None)
def export_command(
    query: EventQuery,
    fmt: Annotated[ExportFormat, typer.Option("--format", help="acled-csv, plover-json (JSON lines), geojson or parquet.")],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write (default: standard output).")] = None,
    db: DbOption = None,
) -> None:
    """Write the selected events in one of the field's formats (docs/exports.md); every match unless --limit."""
    name = fmt.value
    binary = name in BINARY_FORMATS
    with _store(db) as store:
        if output is None:
            counts = export(store.iter_events(query), name, sys.stdout.buffer if binary else sys.stdout)
        else:
            try:
                with output.open("wb") if binary else output.open("w", encoding="utf-8", newline="") as handle:
                    counts = export(store.iter_events(query), name, handle)
            except OSError as error:
                raise NewsEventsError(f"cannot write {output}: {error.strerror}", "choose a writable --output path") from error
    where = f" to {escape(str(output))}" if output else ""
    left = f"; {counts.left_out} left out (the format cannot hold them, see docs/exports.md)" if counts.left_out else ""
    err.print(f"{counts.written} events written{where}{left}", highlight=False, soft_wrap=True)


@app.command()
def sql(
    statement: Annotated[str, typer.Argument(help="One statement, e.g. SELECT event_type, count(*) FROM events GROUP BY 1.")],
    db: DbOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Run a read-only SQL statement on the database (tables: articles, events, places, entities, ...)."""
    with _store(db) as store:
        columns, values = store.sql(statement)
    rows = [dict(zip(columns, row)) for row in values]
    if fmt is Format.jsonl:
        _write_jsonl(rows)
    elif fmt is Format.csv:
        _write_csv(list(columns), rows)
    elif fmt is Format.json:
        _print_json(rows)
    else:
        _table("sql", rows, list(columns))


@app.command()
def extract(
    file: Annotated[str, typer.Argument(help="JSON Lines ({id, text, title?, published?} per line), a plain-text dump, or '-' for stdin.")] = "-",
    workers: WorkersOption = None,
    dask: DaskOption = None,
) -> None:
    """Write one JSON line per document with its entities, places and events (the contract in docs/pipeline.md).

    A document that cannot be read gets {"id", "error"} on its line; exit status 1 then. Lines come
    in input order, however many workers analyse.
    """
    from . import pipeline

    failed = False
    pipeline.prepare()
    with _analysers(workers, dask, None if file == "-" else pipeline.count_documents([file])) as (executor, count):
        for line in pipeline.extract_file(file, stdin=sys.stdin, executor=executor, workers=count):
            failed = failed or "error" in line
            sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
            sys.stdout.flush()
    if failed:
        raise typer.Exit(1)


@app.command()
def stats(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Counts of what the database holds."""
    with _store(db) as store:
        counts = store.stats().to_json()
    if as_json:
        _print_json(counts)
        return
    for key, value in counts.items():
        if isinstance(value, dict):
            out.print(f"{key}: " + ", ".join(f"{k} {v}" for k, v in value.items()), highlight=False, markup=False)
        else:
            out.print(f"{key}: {value}", highlight=False, markup=False)


@app.command("actors")
def actors_command(
    query: Annotated[str | None, typer.Argument(help="Search names and aliases (case and accent insensitive).")] = None,
    check: Annotated[bool, typer.Option("--check", help="Validate the dictionary; exit 1 on problems.")] = False,
    limit: Annotated[int, typer.Option(help="Rows to show.")] = 20,
    as_json: JsonOption = False,
) -> None:
    """List and search the actor dictionary, or validate it with --check."""
    from . import actors

    if check:
        problems = actors.check()
        for problem in problems:
            out.print(problem, highlight=False, markup=False)
        out.print(f"{len(actors.actor_dictionary())} actors, {len(problems)} problems", highlight=False)
        if problems:
            raise typer.Exit(1)
        return
    found = actors.search(query, limit=limit) if query else list(actors.actor_dictionary()[:limit])
    rows = [
        {"id": a.id, "name": a.name, "type": a.type, "country": a.country_code, "parent": a.parent,
         "role": a.role, "aliases": "; ".join(a.aliases[:6])}
        for a in found
    ]
    if as_json:
        _print_json(rows)
    else:
        _table("actors", rows, ["id", "name", "type", "country", "parent", "role", "aliases"])


@app.command()
def geocode(
    text: Annotated[str, typer.Argument(help="A place name or a sentence.")],
    as_json: JsonOption = False,
) -> None:
    """Find and resolve the places in TEXT (quick check of the geoparser); a bare name lists gazetteer candidates."""
    from . import pipeline

    found = pipeline.geocode(text)
    if as_json:
        _print_json([
            {"text": p.span.text, "name": p.name, "geonameid": p.geonameid, "lat": p.lat, "lon": p.lon,
             "country": p.country_code, "feature": p.feature_code, "precision": p.precision,
             "start": p.span.start, "end": p.span.end, "admin1": p.admin1, "confidence": p.confidence,
             "decided_by": list(p.decided_by)}
            for p in found
        ])  # fmt: skip
    else:
        _places_table(found)


# The coordinates, feature code, confidence and reasons stay whole (the reasons one a line, so that none is cut in
# two); the place and its division wrap between words when the terminal is narrow: at 80 columns nothing is cut.
_PLACE_COLUMNS = ("place", "admin1, country", "coords", "feature", "conf", "why")
_PLACE_NO_WRAP = frozenset({"coords", "feature", "conf", "why"})


def _places_table(found: list[PlaceMention]) -> None:
    table = Table(title="places", box=box.SIMPLE_HEAD, padding=(0, 1), header_style="bold")
    for header in _PLACE_COLUMNS:
        table.add_column(header, no_wrap=header in _PLACE_NO_WRAP)
    for p in found:
        # As written, then as the gazetteer names it when that differs: "Ill. → Illinois".
        place = p.name if p.span.text == p.name else f"{p.span.text} → {p.name}"
        division = ", ".join(part for part in (p.admin1, p.country_code) if part)
        coords = f"{p.lat:.2f},{p.lon:.2f}" if p.lat is not None and p.lon is not None else ""
        cells = (place, division, coords, p.feature_code or "", f"{p.confidence:.2f}", "\n".join(p.decided_by))
        table.add_row(*(Text(cell) for cell in cells))
    out.print(table)


class DevSplit(str, Enum):
    """The parts of a dev set (``evaluate.split_of``): fix on ``tune``, confirm on ``check``."""

    tune = "tune"
    check = "check"
    all = "all"


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on; anything but loopback lets other machines in.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on (0: any free port).")] = 8000,
    open_browser: Annotated[bool, typer.Option("--open", help="Open the dashboard in a web browser.")] = False,
    ingest_token: Annotated[
        str | None,
        typer.Option(envvar="NEWSEVENTS_INGEST_TOKEN", help="Turn on POST /api/ingest for clients sending this bearer token."),
    ] = None,
    max_upload_mb: Annotated[float, typer.Option(help="Largest body POST /api/ingest takes, in MB.")] = 10.0,
) -> None:
    """Serve the dashboard (map, timeline, filters, evidence) and the JSON API until Ctrl+C."""
    from .serve import LOOPBACK, run

    if host not in (LOOPBACK, "localhost"):
        err.print(f"[yellow]warning[/yellow] listening on {escape(host)}: other machines can read this database", highlight=False)
    with _store(db) as store:
        location = store.location

        def announce(url: str) -> None:
            err.print(f"serving {escape(location)} at {url} (API docs at {url}docs); Ctrl+C stops it", highlight=False)

        run(store, host=host, port=port, open_browser=open_browser, announce=announce, ingest_token=ingest_token,
            max_upload_bytes=int(max_upload_mb * 1024 * 1024))  # fmt: skip


@app.command("eval")
def eval_command(
    gold: Annotated[Path, typer.Option("--gold", help="Labelled JSONL (the format of ../shared/benchmarks).")],
    pred: Annotated[Path | None, typer.Option("--pred", help="Predictions (extract output) instead of running extraction.")] = None,
    limit: Annotated[int | None, typer.Option(help="Score only the first N gold documents (of the chosen split).")] = None,
    split: Annotated[DevSplit, typer.Option(help="Score only the tune part (about 2/3, by a hash of the id), the check part, or all.")] = DevSplit.all,
    as_json: JsonOption = False,
) -> None:
    """Score extraction against your labelled data: types, actors, dates, places, fatalities, entities."""
    from . import evaluate, pipeline

    records = evaluate.load_gold(gold)
    if split is not DevSplit.all:
        records = [r for r in records if evaluate.split_of(r["id"]) == split.value]
    records = records[:limit]
    if pred:
        predictions = evaluate.load_predictions(pred)
    else:
        predictions = list(pipeline.extract_records(evaluate.strip_gold(r) for r in records))
    report = evaluate.score(records, predictions)
    if as_json:
        _print_json(report.to_dict())
    else:
        out.print(report.to_text(), highlight=False, markup=False)


def main() -> None:
    """Entry point: one place turns NewsEventsError into a clear message."""
    try:
        app()
    except NewsEventsError as exc:
        if _State.debug:
            raise
        err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False, soft_wrap=True)
        sys.exit(2)
