"""The ``newsevents`` command line: parse arguments, call one function, print.

Exit status: 0 when everything asked for was done; 1 when some documents could
not be read or analysed (the rest were processed and stored); 2 on a usage or
setup error (bad option, unreadable database, missing model).
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from .errors import NewsEventsError
from .records import Span, StoredArticle, StoredEvent

if TYPE_CHECKING:
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


def _ingest(paths: list[str], db: str | None, fields: list[str], reanalyse: bool, as_json: bool) -> None:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from . import pipeline

    field_map = _parse_field_map(fields)
    with _store(db) as store, Progress(
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=as_json,
    ) as progress:
        task = progress.add_task("reading documents", total=None)
        summary = pipeline.ingest_into(
            store,
            paths,
            field_map=field_map,
            stdin=sys.stdin,
            on_progress=lambda n: progress.advance(task, n),
            reanalyse=reanalyse,
        )
        location = store.location
    for line in summary.errors:
        err.print(f"[red]error[/red] {escape(line)}", highlight=False, soft_wrap=True)
    counts = {k: getattr(summary, k) for k in ("read", "new", "version", "duplicate", "analysed", "events", "aggregates", "places")}
    if as_json:
        _print_json(counts | {"errors": summary.errors, "db": location})
    else:
        out.print(
            f"{summary.read} documents read: {summary.new} new articles, {summary.version} new versions, "
            f"{summary.duplicate} already stored; {summary.events} events ({summary.aggregates} aggregates), "
            f"{summary.places} places; {len(summary.errors)} errors; stored in {location}",
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
    as_json: JsonOption = False,
) -> None:
    """Read txt dumps, HTML, JSONL, CSV and RSS/Atom; store articles and their events.

    Idempotent: documents already stored are skipped. Exit status 1 if any document could not be read.
    """
    _ingest(paths, db, field or [], reanalyse, as_json)


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
    evidence = event.evidence_spans
    for key in ("event_type", "event_mode", "acled_event_type", "acled_sub_event_type", "actor1", "actor2", "date",
                "date_precision", "location", "fatalities", "injuries", "is_aggregate", "reported_by", "confidence"):
        value = fields[key]
        if isinstance(value, dict):
            value = ", ".join(f"{k}={v}" for k, v in value.items() if v is not None)
        span = getattr(evidence, key, None)  # reported_by has several spans: shown with the names only
        caption = evidence.location_caption if key == "location" else None
        where = f"caption {caption + 1} " if caption is not None else ""
        words = f'   <- "{span.text}" [{where}{span.start}:{span.end}]' if isinstance(span, Span) else ""
        out.print(f"  {key:22} {value if value is not None else '-'}{words}", highlight=False, markup=False)
    ev = event.evidence
    out.print(f"  {'evidence':22} \"{ev.text}\" [{ev.start}:{ev.end}]", highlight=False, markup=False)


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


@app.command()
def events(
    article: Annotated[str | None, typer.Option(help="Only events of this article id.")] = None,
    event_type: Annotated[str | None, typer.Option("--type", help="PLOVER type, e.g. ASSAULT.")] = None,
    country: Annotated[str | None, typer.Option(help="ISO 3166-1 alpha-2 country code, e.g. LB.")] = None,
    since: Annotated[str | None, typer.Option(help="Events on or after YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Events on or before YYYY-MM-DD.")] = None,
    limit: Annotated[int, typer.Option(help="Rows to show.")] = 100,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """List stored events."""
    with _store(db) as store:
        rows = store.events(
            article_id=article,
            event_type=event_type.upper() if event_type else None,
            country=country.upper() if country else None,
            since=since,
            until=until,
            limit=limit,
        )
    if as_json:
        _print_json([row.to_json() for row in rows])
        return
    flat = [
        {
            "id": r.id[:ID_CHARS],
            "date": r.date,
            "type": r.event_type + (f"/{r.event_mode}" if r.event_mode else ""),
            "acled": r.acled_sub_event_type,
            "actor1": r.actor1.name if r.actor1 else None,
            "actor2": r.actor2.name if r.actor2 else None,
            "where": r.location.name if r.location else None,
            "cc": r.location.country_code if r.location else None,
            "dead": r.fatalities,
            "agg": "yes" if r.is_aggregate else "",
        }
        for r in rows
    ]
    _table("events", flat, ["id", "date", "type", "acled", "actor1", "actor2", "where", "cc", "dead", "agg"])


@app.command()
def extract(
    file: Annotated[str, typer.Argument(help="JSON Lines ({id, text, title?, published?} per line), a plain-text dump, or '-' for stdin.")] = "-",
) -> None:
    """Write one JSON line per document with its entities, places and events (the contract in docs/pipeline.md).

    A document that cannot be read gets {"id", "error"} on its line; exit status 1 then.
    """
    from . import pipeline

    failed = False
    for line in pipeline.extract_file(file, stdin=sys.stdin):
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

    rows = [
        {"text": p.span.text, "name": p.name, "geonameid": p.geonameid, "lat": p.lat, "lon": p.lon,
         "country": p.country_code, "feature": p.feature_code, "precision": p.precision,
         "start": p.span.start, "end": p.span.end}
        for p in pipeline.geocode(text)
    ]
    if as_json:
        _print_json(rows)
    else:
        _table("places", rows, ["text", "name", "geonameid", "lat", "lon", "country", "feature", "precision"])


@app.command("eval")
def eval_command(
    gold: Annotated[Path, typer.Option("--gold", help="Labelled JSONL (the format of ../shared/benchmarks).")],
    pred: Annotated[Path | None, typer.Option("--pred", help="Predictions (extract output) instead of running extraction.")] = None,
    limit: Annotated[int | None, typer.Option(help="Score only the first N gold documents.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Score extraction against your labelled data: types, actors, dates, places, fatalities, entities."""
    from . import evaluate, pipeline

    records = evaluate.load_gold(gold)[:limit]
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
