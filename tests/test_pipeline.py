"""End to end: records in, contract lines out; ingest into a store, idempotently."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from newsevents import pipeline
from newsevents.errors import InputError
from newsevents.resources import data_path
from newsevents.store import open_store
from stored_rows import stored_rows

# These tests run the spaCy model (deselect with -m 'not slow').
pytestmark = pytest.mark.slow


CONTRACT_EVENT_KEYS = {
    "event_type", "event_mode", "acled_event_type", "acled_sub_event_type", "actor1", "actor2", "date",
    "date_precision", "location", "fatalities", "injuries", "is_aggregate", "reported_by", "evidence", "confidence",
}

ARTICLE = (
    "Israeli warplanes struck the southern Lebanese town of Khiam on Tuesday, killing two people, "
    "the National News Agency said. The Israeli military said it hit a Hezbollah weapons depot."
)


def _assert_offsets(text: str, line: dict) -> None:
    for entity in line["entities"]:
        assert text[entity["start"]:entity["end"]] == entity["text"]
    for place in line["places"]:
        assert text[place["start"]:place["end"]] == place["text"]
    for event in line["events"]:
        assert set(event) == CONTRACT_EVENT_KEYS
        evidence = event["evidence"]
        assert text[evidence["start"]:evidence["end"]] == evidence["text"]


def test_records_keep_order_and_errors_in_place():
    records = [
        {"id": "a", "text": ARTICLE, "published": "2025-12-18", "extra": "ignored"},
        {"id": "b", "text": "   "},
        {"id": "c", "text": "Protesters gathered in Baghdad on Friday to demand jobs.", "published": "2025-12-19"},
    ]
    lines = list(pipeline.extract_records(records))
    assert [line["id"] for line in lines] == ["a", "b", "c"]
    assert "error" in lines[1] and "no text" in lines[1]["error"]
    _assert_offsets(ARTICLE, lines[0])
    strike = next(e for e in lines[0]["events"] if e["event_type"] == "ASSAULT")
    assert strike["location"]["country_code"] == "LB"
    assert strike["date"] == "2025-12-16"
    assert strike["fatalities"] == 2


# Found by tests/test_fuzz.py: a title that is no string stopped the run (even its error message failed),
# and cp1252 punctuation mapped by clean left evidence the caller's text did not hold.
@pytest.mark.parametrize(
    ("record", "text"),
    [
        ({"id": "t", "title": True, "published": 20251218, "text": ARTICLE}, None),
        ({"id": "q", "text": ARTICLE.replace("Israeli military said", "Israeli military\x92s spokesman said")}, "military’s"),
    ],
)
def test_records_of_odd_types_and_characters_keep_their_contract(record, text):
    [line] = pipeline.extract_records([record])
    assert line["id"] == record["id"] and line["events"]
    if text:
        assert text in line["text"] and len(line["text"]) == len(record["text"])
    else:
        assert "text" not in line
    _assert_offsets(line.get("text", record["text"]), line)


def test_extract_file_jsonl_with_a_broken_line(tmp_path: Path):
    path = tmp_path / "docs.jsonl"
    path.write_text(
        json.dumps({"id": "1", "text": ARTICLE, "published": "2025-12-18"}) + "\n"
        + "{not json\n"
        + json.dumps({"id": "3", "text": "Officials met in Cairo on Monday to discuss aid to Gaza."}) + "\n",
        encoding="utf-8",
    )
    lines = list(pipeline.extract_file(str(path)))
    assert [line["id"] for line in lines] == ["1", None, "3"]
    assert "line 2" in lines[1]["error"]


def test_extract_file_on_a_folder_logs_skipped_files_and_gives_them_no_line(tmp_path: Path, caplog):
    (tmp_path / "one.jsonl").write_text(json.dumps({"id": "1", "text": ARTICLE}) + "\n", encoding="utf-8")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF")
    lines = list(pipeline.extract_file(str(tmp_path)))
    assert [line["id"] for line in lines] == ["1"] and "error" not in lines[0]
    assert f"skipped {tmp_path / 'photo.jpg'}: not a news file type (.jpg)" in caplog.text


def test_extract_file_segments_a_dump():
    lines = list(pipeline.extract_file(str(data_path("example_dump.txt"))))
    assert len(lines) == 4
    for line in lines:
        assert line["title"] and line["text"]
        _assert_offsets(line["text"], line)
    assert sum(len(line["events"]) for line in lines) >= 4


def test_python_api_extract_returns_records():
    import newsevents

    analysis = newsevents.extract(ARTICLE, published="2025-12-18")
    assert analysis.doc is None  # no spaCy object leaves the pipeline
    assert any(e.event_type == "ASSAULT" for e in analysis.events)
    for event in analysis.events:
        assert ARTICLE[event.evidence.start:event.evidence.end] == event.evidence.text


def test_ingest_is_idempotent(db_path: Path):
    sample = data_path("example_dump.txt")
    with open_store(db_path) as store:
        first = pipeline.ingest_into(store, [sample])
        stats_after_first = store.stats()
        second = pipeline.ingest_into(store, [sample])
        assert store.stats().events == stats_after_first.events
        assert store.stats().articles == stats_after_first.articles == 4
    assert (first.new, first.duplicate) == (4, 0)
    assert (second.new, second.duplicate, second.analysed) == (0, 4, 0)
    assert first.ok and first.events >= 4


def test_killed_run_resumes_without_duplicates(tmp_path: Path):
    sample = data_path("example_dump.txt")
    with open_store(tmp_path / "clean.db") as store:
        pipeline.ingest_into(store, [sample])
        expected = store.stats().events
    with open_store(tmp_path / "killed.db") as store:
        real_save = store.save_analysis
        saved = []

        def die_on_third(analysis):
            if len(saved) == 2:
                raise KeyboardInterrupt  # the user pressed Ctrl-C mid-run
            saved.append(analysis.article.id)
            return real_save(analysis)

        store.save_analysis = die_on_third
        with pytest.raises(KeyboardInterrupt):
            pipeline.ingest_into(store, [sample])
        store.save_analysis = real_save
        resumed = pipeline.ingest_into(store, [sample])
        assert resumed.analysed == 2
        assert store.stats().events == expected
        assert store.stats().articles == 4


@pytest.fixture(scope="module")
def sample_lines(shared_sample):
    return list(pipeline.extract_file(str(shared_sample)))


def test_shared_sample_end_to_end(sample_lines):
    assert len(sample_lines) == 4
    assert sample_lines[0]["title"].startswith("Iran Proxies in Iraq")
    for line in sample_lines:
        _assert_offsets(line["text"], line)
        for event in line["events"]:
            assert "(Reuters)" not in event["evidence"]["text"] and "AFP" not in event["evidence"]["text"]


def test_shared_sample_ingests_once_with_metadata(shared_sample, db_path: Path):
    with open_store(db_path) as store:
        first = pipeline.ingest_into(store, [shared_sample])
        second = pipeline.ingest_into(store, [shared_sample])
        rows = store.articles(limit=10)
        stored = [store.article(row.id).article for row in rows]
    assert (first.new, second.new, second.duplicate, second.analysed) == (4, 0, 4, 0)
    assert all(article.captions and article.credits for article in stored)
    for article in stored:
        assert article.title not in article.text and "\nTT\n" not in article.text
        assert all(caption not in article.text for caption in article.captions)
        assert article.raw.count(article.title) >= 2  # the untouched input keeps the repeats


# --- many workers, shards, limits ------------------------------------------------------------------

OWN_ARTICLES = Path(__file__).parent / "fixtures" / "news_articles.jsonl"
OWN_IDS = [json.loads(line)["id"] for line in OWN_ARTICLES.read_text(encoding="utf-8").splitlines() if line.strip()]
SMALL_CHUNK = 4
# Counted from the fixture, so adding articles to it does not break the tests.
OWN_CHUNKS = -(-len(OWN_IDS) // SMALL_CHUNK)


@pytest.fixture
def small_chunks(monkeypatch):
    """Four articles a chunk, so our fixture articles make several chunks for the workers to share."""
    monkeypatch.setattr(pipeline, "CHUNK_SIZE", SMALL_CHUNK)


def _ingest(path: Path, **options) -> pipeline.IngestSummary:
    with open_store(path) as store:
        return pipeline.ingest_into(store, [OWN_ARTICLES], **options)


@pytest.fixture(scope="module")
def one_process_store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("one") / "one.db"
    _ingest(path)
    return path


def test_a_worker_pool_stores_exactly_what_one_process_stores(tmp_path, small_chunks, one_process_store):
    with pipeline.worker_pool(2) as pool:
        summary = _ingest(tmp_path / "pool.db", executor=pool, workers=2)
    assert summary.ok and summary.analysed == len(OWN_IDS)
    assert stored_rows(tmp_path / "pool.db") == stored_rows(one_process_store)


def test_extract_with_workers_keeps_input_order(small_chunks):
    alone = list(pipeline.extract_file(str(OWN_ARTICLES)))
    with pipeline.worker_pool(2) as pool:
        pooled = list(pipeline.extract_file(str(OWN_ARTICLES), executor=pool, workers=2))
    assert [line["id"] for line in pooled] == OWN_IDS
    assert pooled == alone


def test_shards_merge_into_what_one_process_stores_and_both_steps_resume(tmp_path, small_chunks, one_process_store):
    folder = tmp_path / "shards"
    written = pipeline.ingest_to_shards([OWN_ARTICLES], folder)
    assert (written.read, written.analysed) == (len(OWN_IDS), len(OWN_IDS)) and pipeline.shard_count(folder) == OWN_CHUNKS
    # A killed run leaves some shards missing: the rerun writes only those.
    (folder / "shard-00000002.parquet").unlink()
    rerun = pipeline.ingest_to_shards([OWN_ARTICLES], folder)
    assert rerun.analysed == SMALL_CHUNK and pipeline.shard_count(folder) == OWN_CHUNKS
    with open_store(tmp_path / "merged.db") as store:
        merged = pipeline.merge_shards(store, folder)
        again = pipeline.merge_shards(store, folder)
    assert merged.analysed == len(OWN_IDS) and again.analysed == 0
    assert stored_rows(tmp_path / "merged.db") == stored_rows(one_process_store)


def test_merge_shards_needs_shards(tmp_path):
    with open_store(tmp_path / "x.db") as store, pytest.raises(InputError, match="holds no shards"):
        pipeline.merge_shards(store, tmp_path)


def test_a_repeated_article_is_analysed_once_even_in_one_chunk(tmp_path):
    record = json.dumps({"id": "1", "text": ARTICLE, "published": "2025-12-18"})
    path = tmp_path / "twice.jsonl"
    path.write_text(record + "\n" + record.replace('"1"', '"2"') + "\n", encoding="utf-8")
    with open_store(tmp_path / "x.db") as store:
        summary = pipeline.ingest_into(store, [path])
    assert (summary.read, summary.new, summary.duplicate, summary.analysed) == (2, 1, 1, 1)


def test_an_article_over_the_time_limit_is_reported_and_the_run_goes_on(monkeypatch):
    real = pipeline._analyse_one

    def stuck_on_the_second(analysis):
        if "Cairo" in analysis.article.text:
            time.sleep(2)
        return real(analysis)

    monkeypatch.setattr(pipeline, "_analyse_one", stuck_on_the_second)
    monkeypatch.setattr(pipeline, "ARTICLE_SECONDS_LIMIT", 0.2)
    lines = list(pipeline.extract_records([
        {"id": "a", "text": ARTICLE},
        {"id": "b", "text": "Officials met in Cairo on Monday to discuss aid to Gaza."},
        {"id": "c", "text": "Protesters gathered in Baghdad on Friday to demand jobs."},
    ]))  # fmt: skip
    assert [line["id"] for line in lines] == ["a", "b", "c"]
    assert "took over 0.2 s" in lines[1]["error"]
    assert "error" not in lines[2] and lines[2]["events"]


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads RSS from /proc (Linux)")
def test_a_500_mb_input_streams_through_in_flat_memory(tmp_path):
    """10,000 records of 50 kB: the same article over and over, so one is analysed and every other is
    read, cleaned, hashed and found stored; memory must not grow with what was read."""
    record = json.dumps({"text": "Council members argued on Tuesday about the roads budget. " * 870, "title": "Budget"})
    path = tmp_path / "big.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for _ in range(10_000):
            handle.write(record + "\n")
    assert path.stat().st_size > 500e6
    samples: list[float] = []
    with open_store(tmp_path / "big.db") as store:
        summary = pipeline.ingest_into(store, [path], on_progress=lambda n: samples.append(_rss_mb()))
    assert (summary.read, summary.analysed, summary.duplicate) == (10_000, 1, 9_999)
    warm = samples[len(samples) // 10 :]  # after the model and the first chunks are in memory
    assert max(warm) - min(warm) < 60, f"RSS grew from {min(warm):.0f} to {max(warm):.0f} MB"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A named person's nationality is a weak clue: the visit is to the famous Prague, not a US namesake.
        ("President Obama met the Czech president in Prague to talk about nuclear weapons.", [("Prague", "CZ", "PPL")]),
        ("Obama visited Prague.", [("Prague", "CZ", "PPL")]),
        ("Minnesota lawmakers voted on Tuesday to expand funding for rural hospitals.", [("Minnesota", "US", "ADM1")]),
        ("Protesters marched through Alexandria, Virginia, on Sunday demanding police reform.",
         [("Alexandria", "US", "PPL"), ("Virginia", "US", "ADM1")]),
    ],
)
def test_places_resolve_with_every_stage_before_them(text, expected):
    assert [(p.span.text, p.country_code, p.feature_code) for p in pipeline.geocode(text)] == expected
