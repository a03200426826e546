"""The command line: each command on a real database, errors as one clear line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsevents.cli import app
from newsevents.resources import data_path

runner = CliRunner()


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("cli") / "demo.db"
    result = runner.invoke(app, ["demo", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "4 articles" in result.output
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


def test_actors_check_passes():
    result = runner.invoke(app, ["actors", "--check"])
    assert result.exit_code == 0, result.output
    assert "0 problems" in result.output


@pytest.mark.slow
def test_geocode_json():
    rows = _json(["geocode", "A drone struck a base north of Erbil.", "--json"])
    assert any(row["name"] == "Erbil" and row["country"] == "IQ" for row in rows)


@pytest.mark.parametrize("command", ["ingest", "demo", "articles", "show", "events", "extract", "stats", "actors", "geocode", "eval"])
def test_help_is_complete(command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.output and len(result.output.splitlines()) > 4


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
