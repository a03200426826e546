"""The command line: each command on a real database, errors as one clear line."""

from __future__ import annotations

import csv
import io
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from newsevents.cli import app
from newsevents.errors import NewsEventsError
from newsevents.records import ActorMention, Analysis, Article, DateMention, EventMention, PlaceMention, Span
from newsevents.resources import data_path
from newsevents.store import open_store

runner = CliRunner()


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("cli") / "demo.db"
    result = runner.invoke(app, ["demo", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "4 articles" in result.output
    assert f"newsevents serve --db {db} --open" in result.output  # the one command that opens the dashboard
    return db


def _json(args: list[str]):
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.slow
def test_ingest_twice_adds_nothing(demo_db: Path):
    counts = _json(["ingest", str(data_path("example_dump.txt")), "--db", str(demo_db), "--json"])
    assert counts["new"] == 0 and counts["duplicate"] == 4 and counts["errors"] == []


@pytest.mark.slow
def test_articles_search_and_show(demo_db: Path):
    rows = _json(["articles", "--db", str(demo_db), "--json"])
    assert len(rows) == 4
    found = _json(["articles", "--q", "drone", "--db", str(demo_db), "--json"])
    assert found and all("drone" in (row.get("snippet") or "").lower() for row in found)
    article = _json(["show", rows[0]["id"], "--db", str(demo_db), "--json"])
    assert article["text"] and article["id"] == rows[0]["id"]


@pytest.mark.slow
def test_events_filters_and_show(demo_db: Path):
    events = _json(["events", "--db", str(demo_db), "--json"])
    assert events
    country = events[0]["location"]["country_code"] if events[0]["location"] else None
    if country:
        filtered = _json(["events", "--country", country.lower(), "--db", str(demo_db), "--json"])
        assert filtered and all((e["location"] or {}).get("country_code") == country for e in filtered)
    shown = runner.invoke(app, ["show", events[0]["id"], "--db", str(demo_db)])
    assert shown.exit_code == 0 and events[0]["evidence"]["text"][:30] in shown.output.replace("\n", " ")


@pytest.mark.slow
def test_stats(demo_db: Path):
    stats = _json(["stats", "--db", str(demo_db), "--json"])
    assert stats["articles"] == 4 and stats["events"] >= 4


@pytest.mark.slow
def test_extract_stdin_jsonl():
    line = json.dumps({"id": "x1", "text": "Protesters rallied in Amman on Friday against fuel prices.", "published": "2025-03-09"})
    result = runner.invoke(app, ["extract", "-"], input=line + "\n")
    assert result.exit_code == 0, result.output
    [out] = [json.loads(row) for row in result.stdout.splitlines() if row.strip()]
    assert out["id"] == "x1" and set(out) >= {"entities", "places", "events"}


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["ingest", "/no/such/file.txt"], 1, "/no/such/file.txt"),
        (["ingest", "x.txt", "--field", "text"], 2, "--field text=body"),
        (["show", "zzzzzzzz"], 2, "no event or article"),
        (["stats", "--db", "/no/such/dir/x.db"], 2, "/no/such/dir"),
        (["events", "--bbox", "1,2,3"], 2, "WEST,SOUTH,EAST,NORTH"),
        (["events", "--near", "91,0"], 2, "off the globe"),
        (["events", "--sort", "loudness"], 2, "sort by one of"),
        (["events", "--since", "last week"], 2, "YYYY-MM-DD"),
        (["sql", "DELETE FROM events"], 2, "only reads"),
        (["export", "--format", "geojson", "--output", "no/such/dir/x.json"], 2, "choose a writable --output path"),
    ],
)
def test_errors_are_one_clear_line(args, code, message, tmp_path):
    # A real process: exit status and stderr as a user sees them, no traceback.
    result = subprocess.run(
        [sys.executable, "-m", "newsevents", *args], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == code, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
@pytest.mark.parametrize("as_json", [False, True])
def test_ingest_lists_skipped_files_and_exits_0(tmp_path, as_json):
    folder = tmp_path / "scrapes"
    folder.mkdir()
    (folder / "one.txt").write_text("Protesters gathered in Baghdad on Friday to demand jobs.\n", encoding="utf-8")
    (folder / "blob").write_bytes(bytes(range(256)) * 4)
    (folder / "old.jsonl.gz").write_bytes(b"\x1f\x8b\x08\x00truncated")
    args = ["ingest", str(folder), "--db", str(tmp_path / "skip.db")]
    result = subprocess.run(
        [sys.executable, "-m", "newsevents", *args, *(["--json"] if as_json else [])],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert f"skipped {folder / 'blob'}: binary file (NUL bytes), not text; " in result.stderr
    assert f"skipped {folder / 'old.jsonl.gz'}: compressed archive (.gz), not read; decompress it first" in result.stderr
    if as_json:
        summary = json.loads(result.stdout)
        assert (summary["new"], summary["errors"]) == (1, [])
        assert [line.split(":")[0] for line in summary["skipped"]] == [str(folder / "blob"), str(folder / "old.jsonl.gz")]
    else:
        assert "0 errors, 2 files skipped" in result.stdout


def test_actors_check_passes():
    result = runner.invoke(app, ["actors", "--check"])
    assert result.exit_code == 0, result.output
    assert "0 problems" in result.output


@pytest.mark.slow
def test_geocode_json():
    rows = _json(["geocode", "A drone struck a base north of Erbil.", "--json"])
    assert any(row["name"] == "Erbil" and row["country"] == "IQ" for row in rows)
    # The keys scripts read stay; the division, confidence and reasons are added.
    assert list(rows[0]) == ["text", "name", "geonameid", "lat", "lon", "country", "feature", "precision", "start",
                             "end", "admin1", "confidence", "decided_by"]  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize("columns", [80, 120])
def test_geocode_table_stays_readable(columns):
    # A real process, as in a terminal of that width: names whole, every line within the width.
    text = "Protesters marched through Alexandria, Virginia, on Sunday. Minnesota lawmakers voted on Tuesday."
    result = subprocess.run([sys.executable, "-m", "newsevents", "geocode", text], capture_output=True, text=True,
                            env=os.environ | {"COLUMNS": str(columns)}, timeout=120)  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= columns
    rows = {line.split()[0]: line for line in lines if line.strip().split(" ")[0] in ("Alexandria", "Virginia", "Minnesota")}
    assert set(rows) == {"Alexandria", "Virginia", "Minnesota"}
    # Each place's first line: its division and country, coordinates to two decimals, its feature code and the
    # strongest reason ("City, ST" decides both Alexandria and its state).
    assert rows["Alexandria"].split()[1:6] == ["Virginia,", "US", "38.80,-77.05", "PPL", "0.78"]
    assert rows["Alexandria"].split()[-1] == "qualifier" and rows["Virginia"].split()[-1] == "qualifier"
    assert "ADM1" in rows["Minnesota"].split()


@pytest.mark.parametrize("command", ["ingest", "demo", "articles", "show", "events", "sql", "extract", "stats", "actors", "geocode", "eval"])
def test_help_is_complete(command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.output and len(result.output.splitlines()) > 4


# Ids whose part evaluate.split_of fixes (tests/test_evaluate.py pins them); the predictions get the
# tune documents right and the check documents wrong, so the accuracy tells which part was scored.
SPLIT_IDS = {"doc-1": "tune", "gtd/2013/17": "tune", "x": "tune", "acled-123": "check", "report 7": "check", "0": "check"}


@pytest.mark.parametrize(
    "split, documents, accuracy",
    [("tune", 3, 1.0), ("check", 3, 0.0), ("all", 6, 0.5), (None, 6, 0.5)],
)
def test_eval_scores_the_chosen_part(tmp_path: Path, split, documents, accuracy):
    gold, pred = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl"
    text = "Farmers marched to the ministry on Tuesday."
    gold.write_text("".join(
        json.dumps({"id": doc_id, "text": text, "gold": {"task": "plover", "event_type": "PROTEST"}}) + "\n"
        for doc_id in SPLIT_IDS
    ), encoding="utf-8")
    pred.write_text("".join(
        json.dumps({"id": doc_id, "events": [{"event_type": "PROTEST" if part == "tune" else "ASSAULT"}]}) + "\n"
        for doc_id, part in SPLIT_IDS.items()
    ), encoding="utf-8")
    report = _json(["eval", "--gold", str(gold), "--pred", str(pred), "--json", *(["--split", split] if split else [])])
    assert report["documents"] == documents
    assert report["metrics"]["plover"]["event_type_accuracy"]["value"] == accuracy


@pytest.mark.slow
def test_stored_text_that_looks_like_markup_is_printed_verbatim(tmp_path: Path):
    # Article text is data, not rich markup: "[/quote]" must neither crash `show` nor vanish from tables.
    source = tmp_path / "markup.jsonl"
    text = "Protesters rallied in Amman [/quote] on Friday, carrying [bold] banners."
    source.write_text(json.dumps({"id": "m1", "title": "Rally [/x] in Amman", "text": text}) + "\n", encoding="utf-8")
    db = str(tmp_path / "markup.db")
    assert runner.invoke(app, ["ingest", str(source), "--db", db]).exit_code == 0
    [row] = _json(["articles", "--db", db, "--json"])
    listed = runner.invoke(app, ["articles", "--db", db])
    assert listed.exit_code == 0, listed.output
    assert "[/x]" in listed.output
    shown = runner.invoke(app, ["show", row["id"], "--db", db])
    assert shown.exit_code == 0, shown.output
    assert "[/quote]" in shown.output and "[bold]" in shown.output and "Rally [/x] in Amman" in shown.output


# --- event queries on a database built from records (no model needed) --------------------------


def _analysis(text: str, title: str, published: str, place: tuple[str, str, float, float], **event) -> Analysis:
    name, country, lat, lon = place
    start = text.index(name)
    where = PlaceMention(span=Span.of(text, start, start + len(name)), name=name, geonameid=None, lat=lat, lon=lon,
                         country_code=country, feature_code="PPL", precision=1,
                         decided_by=("country context", "population"))  # fmt: skip
    actors = {
        key: ActorMention(span=Span.of(text, text.index(value), text.index(value) + len(value)), name=value)
        for key, value in event.pop("actors", {}).items()
    }
    day = DateMention(span=Span.of(text, 0, 3), date=published, precision="day")
    mention = EventMention(evidence=Span.of(text, 0, len(text)), location=where, date=day, **actors, **event)
    return Analysis(article=Article(text=text, title=title, published=published, source="test"), places=(where,),
                    events=(mention,))  # fmt: skip


QUERY_ANALYSES = (
    _analysis(
        "The Northern Highlands Liberation Front of the Upper Valley shelled a checkpoint near Kirkuk, killing three.",
        "Checkpoint shelled", "2024-02-03", ("Kirkuk", "IQ", 35.47, 44.39), event_type="ASSAULT",
        acled_event_type="Explosions/Remote violence", acled_sub_event_type="Shelling/artillery/missile attack",
        actors={"actor1": "The Northern Highlands Liberation Front of the Upper Valley"}, fatalities=3, confidence=0.7,
    ),
    _analysis(
        "Dock workers marched in Valparaiso over unpaid wages.", "Dock workers march", "2024-03-10",
        ("Valparaiso", "CL", -33.05, -71.62), event_type="PROTEST", acled_event_type="Protests",
        acled_sub_event_type="Peaceful protest", actors={"actor1": "Dock workers"}, is_aggregate=True, confidence=0.6,
    ),
    _analysis(
        "Envoys may meet in Kirkuk next month.", "Envoys", "2024-03-11", ("Kirkuk", "IQ", 35.47, 44.39),
        event_type="CONSULT", confidence=0.2,
    ),
)  # fmt: skip


@pytest.fixture(scope="module")
def query_db(tmp_path_factory) -> str:
    db = tmp_path_factory.mktemp("queries") / "queries.db"
    with open_store(db) as store:
        for analysis in QUERY_ANALYSES:
            store.save_analysis(analysis)
    return str(db)


@pytest.mark.parametrize(
    ("args", "types"),
    [
        ([], ["PROTEST", "ASSAULT"]),
        (["--all"], ["CONSULT", "PROTEST", "ASSAULT"]),
        (["--min-confidence", "0.65"], ["ASSAULT"]),
        (["--type", "protest"], ["PROTEST"]),
        (["--acled-type", "PROTESTS"], ["PROTEST"]),
        (["--sub-event", "shelling/artillery/missile attack"], ["ASSAULT"]),
        (["--actor", "liberation front"], ["ASSAULT"]),
        (["--country", "Chile"], ["PROTEST"]),
        (["--country", "iq", "--all"], ["CONSULT", "ASSAULT"]),
        (["--since", "2024-03", "--until", "2024-03"], ["PROTEST"]),
        (["--near", "35.5,44.4", "--radius", "10"], ["ASSAULT"]),
        (["--bbox", "-80,-40,-60,-20"], ["PROTEST"]),
        (["--q", "wages"], ["PROTEST"]),
        (["--aggregate"], ["PROTEST"]),
        (["--no-aggregate"], ["ASSAULT"]),
        (["--sort", "-fatalities", "--limit", "1"], ["ASSAULT"]),
        (["--sort", "date", "--offset", "1"], ["PROTEST"]),
    ],
)
def test_events_filter_options(query_db, args, types):
    rows = _json(["events", "--db", query_db, "--format", "json", *args])
    assert [row["event_type"] for row in rows] == types


def test_events_formats(query_db):
    as_json = _json(["events", "--db", query_db, "--json"])
    lines = runner.invoke(app, ["events", "--db", query_db, "--format", "jsonl"]).stdout.splitlines()
    assert [json.loads(line) for line in lines] == as_json
    table = list(csv.DictReader(io.StringIO(runner.invoke(app, ["events", "--db", query_db, "--format", "csv"]).stdout)))
    assert [row["event_id"] for row in table] == [row["id"] for row in as_json]
    assert table[1]["actor1"] == "The Northern Highlands Liberation Front of the Upper Valley"
    assert table[0]["is_aggregate"] == "True" and table[1]["fatalities"] == "3"


@pytest.mark.parametrize(
    ("fmt", "args", "read", "count"),
    [
        ("acled-csv", [], lambda path: [r["event_type"] for r in csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")))], 2),
        ("plover-json", ["--all"], lambda path: [json.loads(line)["event"][0] for line in path.read_text().splitlines()], 3),
        ("geojson", ["--type", "assault"], lambda path: [f["properties"]["event_type"] for f in json.loads(path.read_text())["features"]], 1),
        ("parquet", ["--country", "IQ", "--all"], lambda path: pq.read_table(path).column("event_type").to_pylist(), 2),
    ],
)
def test_export_writes_the_filtered_events(query_db, tmp_path, fmt, args, read, count):
    path = tmp_path / f"events.{fmt}"
    result = runner.invoke(app, ["export", "--db", query_db, "--format", fmt, "--output", str(path), *args])
    assert result.exit_code == 0, result.output
    assert len(read(path)) == count
    assert f"{count} events written to {path}" in result.stderr


def test_export_to_standard_output(query_db):
    result = runner.invoke(app, ["export", "--db", query_db, "--format", "plover-json", "--type", "protest"])
    assert [json.loads(line)["event"] for line in result.stdout.splitlines()] == [["PROTEST"]]


def test_events_table_fits_80_columns(query_db):
    # A real process, as in a terminal 80 characters wide: one line a row, long names cut with "…".
    env = os.environ | {"COLUMNS": "80"}
    result = subprocess.run([sys.executable, "-m", "newsevents", "events", "--db", query_db, "--all"],
                            capture_output=True, text=True, env=env, timeout=120)  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines and max(len(line) for line in lines) <= 80
    rows = [line for line in lines if line[:8].isalnum() and line[:8] != "id      "]
    assert len(rows) == len(QUERY_ANALYSES)
    assert any("The Northern" in row and row.rstrip().endswith("…") for row in rows)
    assert any(row.split()[1:4] == ["2024-02-03", "ASSAULT", "IQ"] for row in rows)


def test_show_says_what_decided_the_place(query_db):
    [event] = _json(["events", "--db", query_db, "--type", "protest", "--json"])
    shown = runner.invoke(app, ["show", event["id"], "--db", query_db])
    assert shown.exit_code == 0, shown.output
    lines = [line.strip() for line in shown.output.splitlines()]
    # Right under the location (which may wrap), before the next field.
    starts = [next(i for i, line in enumerate(lines) if line.startswith(key)) for key in ("location", "fatalities")]
    assert "decided by country context, population" in lines[starts[0] : starts[1]]


def test_sql_formats_and_read_only(query_db):
    statement = "SELECT event_type, fatalities FROM events ORDER BY event_type"
    assert _json(["sql", statement, "--db", query_db, "--format", "json"]) == [
        {"event_type": "ASSAULT", "fatalities": 3}, {"event_type": "CONSULT", "fatalities": None},
        {"event_type": "PROTEST", "fatalities": None},
    ]  # fmt: skip
    csv_out = runner.invoke(app, ["sql", statement, "--db", query_db, "--format", "csv"]).stdout
    assert csv_out.splitlines()[:2] == ["event_type,fatalities", "ASSAULT,3"]
    table = runner.invoke(app, ["sql", statement, "--db", query_db])
    assert table.exit_code == 0 and "CONSULT" in table.stdout
    refused = runner.invoke(app, ["sql", "DELETE FROM events", "--db", query_db])
    assert refused.exit_code != 0 and "only reads" in str(refused.exception)
    assert _json(["sql", "SELECT count(*) AS n FROM events", "--db", query_db, "--format", "json"]) == [{"n": 3}]


@pytest.mark.slow
def test_events_near_a_place_name(query_db):
    rows = _json(["events", "--db", query_db, "--json", "--near", "Kirkuk", "--radius", "20", "--all"])
    assert [row["event_type"] for row in rows] == ["CONSULT", "ASSAULT"]


def test_db_takes_a_postgresql_url(postgres_url: str):
    assert _json(["stats", "--db", postgres_url, "--json"])["articles"] == 0


@pytest.mark.slow
def test_ingest_into_postgresql(tmp_path: Path, postgres_url: str):
    source = tmp_path / "one.jsonl"
    text = "Hundreds of farmers blocked a highway near Amman on Tuesday to protest against fuel prices."
    source.write_text(json.dumps({"id": "p1", "title": "Farmers block highway", "text": text}) + "\n", encoding="utf-8")
    assert runner.invoke(app, ["ingest", str(source), "--db", postgres_url]).exit_code == 0
    assert runner.invoke(app, ["ingest", str(source), "--db", postgres_url]).exit_code == 0  # adds nothing
    stats = _json(["stats", "--db", postgres_url, "--json"])
    assert (stats["articles"], stats["analysed"]) == (1, 1)
    [row] = _json(["articles", "--db", postgres_url, "--q", "highway", "--json"])
    assert row["title"] == "Farmers block highway" and "**highway**" in row["snippet"]


def test_serve_on_a_busy_port_says_what_to_do(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        result = runner.invoke(app, ["serve", "--db", str(tmp_path / "x.db"), "--port", str(taken.getsockname()[1])])
    assert result.exit_code != 0
    assert "is in use" in str(result.exception) and "--port" in str(result.exception)


def test_serve_warns_when_listening_beyond_loopback(tmp_path):
    with socket.socket() as taken:
        taken.bind(("0.0.0.0", 0))
        taken.listen(1)
        result = runner.invoke(app, ["serve", "--db", str(tmp_path / "x.db"), "--host", "0.0.0.0", "--port", str(taken.getsockname()[1])])
    assert "other machines can read this database" in result.output and "is in use" in str(result.exception)


@pytest.fixture(scope="module")
def two_chunks_of_articles(tmp_path_factory) -> Path:
    """Our fixture articles and an updated version of each: twice as many documents, more than one chunk."""
    path = tmp_path_factory.mktemp("workers") / "articles.jsonl"
    records = [json.loads(line) for line in (Path(__file__).parent / "fixtures" / "news_articles.jsonl").read_text(encoding="utf-8").splitlines()]
    updated = [record | {"id": record["id"] + "u", "text": record["text"] + "\n\nThis story was updated."} for record in records]
    path.write_text("".join(json.dumps(record) + "\n" for record in records + updated), encoding="utf-8")
    return path


@pytest.mark.slow
def test_ingest_with_workers_and_through_shards_store_the_same(two_chunks_of_articles: Path, tmp_path: Path):
    from stored_rows import stored_rows

    pooled = _json(["ingest", str(two_chunks_of_articles), "--workers", "2", "--db", str(tmp_path / "pool.db"), "--json"])
    documents = sum(1 for line in two_chunks_of_articles.read_text(encoding="utf-8").splitlines() if line.strip())
    assert (pooled["read"], pooled["analysed"], pooled["errors"]) == (documents, documents, [])
    sharded = _json(["ingest", str(two_chunks_of_articles), "--workers", "2", "--shards", str(tmp_path / "shards"), "--json"])
    assert sharded["analysed"] == documents and "merge-shards" in sharded["db"]
    merged = _json(["merge-shards", str(tmp_path / "shards"), "--db", str(tmp_path / "merged.db"), "--json"])
    assert (merged["analysed"], merged["events"]) == (documents, pooled["events"])
    assert stored_rows(tmp_path / "merged.db") == stored_rows(tmp_path / "pool.db")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--dask", "local:none"], "write e.g. --dask local:2"),
        (["--workers", "0"], "--workers"),
    ],
)
def test_bad_parallel_options_say_what_to_write(args: list[str], message: str, tmp_path: Path):
    result = runner.invoke(app, ["ingest", str(data_path("example_dump.txt")), "--db", str(tmp_path / "x.db"), *args])
    assert result.exit_code != 0
    assert message in (str(result.exception) if isinstance(result.exception, NewsEventsError) else result.output)


def test_merge_shards_of_an_empty_folder_says_how_to_write_them(tmp_path: Path):
    result = runner.invoke(app, ["merge-shards", str(tmp_path), "--db", str(tmp_path / "x.db")])
    assert isinstance(result.exception, NewsEventsError) and "ingest --shards" in str(result.exception)
