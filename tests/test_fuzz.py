"""Property-based fuzzing of ingest, clean and extract: hostile text and files never crash a run.

Every document yields a contract line or exactly one one-line error, and every offset indexes the
text it claims, in the contract line and in the stored article. The examples are fixed by the
"newsevents" hypothesis profile (tests/conftest.py); the spaCy-backed properties draw few, short ones.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsevents import clean, ingest, nlp, pipeline
from newsevents.errors import InputError, SkippedFile
from newsevents.records import Article, RawDocument
from newsevents.store import open_store

# Pieces that break naive text handling: bidi marks, Arabic script, emoji with joiners, NUL and
# other C0/C1 controls, line and paragraph separators, a lone surrogate, CR line ends, markup.
HOSTILE_PIECES = [
    "\u200f", "\u202e", "\u200e", "\u2066", "\ufeff", "هجوم بطائرة مسيرة على بلدة", "٣ قتلى",
    "💥", "👨\u200d👩\u200d👧", "🇱🇧", "\x00", "\x01", "\x1b[31m", "\x7f", "\x85", "\x92", "\u2028", "\u2029",
    "\ud800", "\r", "\r\n", "\n", "\n\n\n", "\t", "  ", "<div>", "</p>", "<br/>", "&amp;", "&#0;", "<!--",
    "Israeli jets struck Gaza on Monday, killing three people.", "TT", "(Reuters)", "Photo: AFP",
    "Protesters Gather In Baghdad", "===",
]  # fmt: skip
hostile_text = st.lists(st.one_of(st.sampled_from(HOSTILE_PIECES), st.text(max_size=12)), max_size=12).map("".join)
# Text a file can hold: no lone surrogates (they cannot be encoded); JSON escapes still carry them.
file_text = hostile_text.map(lambda text: text.encode("utf-8", "replace").decode("utf-8"))
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-32", "cp1252", "latin-1"]
# JSON values of every type, for fields that should be strings.
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | hostile_text,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=6,
)
records = st.dictionaries(st.sampled_from(["id", "text", "title", "published", "url", "source", "body"]), json_values)
SUFFIXES = [".txt", ".jsonl", ".json", ".csv", ".tsv", ".html", ".rss", ".atom", "", ".dat"]
CHEAP = settings(max_examples=1000, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
# spaCy analyses each example: few and short, so the file runs in about a minute.
COSTLY = settings(max_examples=80, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _jsonl(values: list) -> bytes:
    return "".join(json.dumps(value) + "\n" for value in values).encode("utf-8")


def _csv(rows: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=["id", "text", "title", "published"], extrasaction="ignore")
    writer.writeheader()
    writer.writerows({key: value for key, value in row.items() if key != "body"} for row in rows)
    return buffer.getvalue().encode("utf-8", "replace")


def _html(depth: int, text: str, closed: bool) -> bytes:
    markup = "<html><head><title>T</title></head><body>" + "<div><p>" * depth + text + ("</p></div>" * depth if closed else "")
    return markup.encode("utf-8")


# Whole files: raw bytes, hostile text in any encoding, a UTF-8 file with cp1252/latin-1 lines,
# JSONL and CSV with wrong types and broken lines, deep or unclosed HTML, truncated gzip.
file_bytes = st.one_of(
    st.binary(max_size=300),
    st.tuples(file_text, st.sampled_from(ENCODINGS)).map(lambda pair: pair[0].encode(pair[1], "replace")),
    st.lists(st.tuples(file_text, st.sampled_from(["utf-8", "cp1252", "latin-1"])), max_size=4).map(
        lambda lines: b"\n".join(text.encode(encoding, "replace") for text, encoding in lines)
    ),
    st.lists(records, max_size=4).map(_jsonl),
    st.lists(records | json_values, max_size=4).map(_jsonl).map(lambda data: data[: len(data) * 2 // 3]),
    st.lists(records, max_size=4).map(_csv),
    st.builds(_html, st.integers(0, 300), file_text, st.booleans()),
    st.builds(lambda text, cut: gzip.compress(text.encode("utf-8", "replace"))[:cut], file_text, st.integers(0, 40)),
)


def _assert_offsets_map(article: Article) -> None:
    """Every clean character maps back to the same character of the raw text."""
    assert article.text.strip()
    for segment in article.offset_map:
        clean_part = article.text[segment.clean_start : segment.clean_start + segment.length]
        assert clean_part == article.raw[segment.raw_start : segment.raw_start + segment.length]


def _assert_one_line_error(error: InputError) -> None:
    assert str(error) and "\n" not in error.problem and "\n" not in error.fix


def _assert_contract(line: dict, text: str) -> None:
    """A contract line: an error alone, or entities, places and events whose offsets index ``text``."""
    if "error" in line:
        assert set(line) == {"id", "error"} and line["error"] and "\n" not in line["error"]
        return
    assert {"id", "entities", "places", "events"} <= set(line)
    for item in line["entities"] + line["places"] + [event["evidence"] for event in line["events"]]:
        assert text[item["start"] : item["end"]] == item["text"]


def _assert_documents_or_one_line_errors(items) -> None:
    for item in items:
        if isinstance(item, InputError):
            _assert_one_line_error(item)
            continue
        assert isinstance(item, RawDocument)
        for article in clean.clean(item):
            _assert_offsets_map(article)


@CHEAP
@given(data=file_bytes, suffix=st.sampled_from(SUFFIXES))
def test_any_file_reads_as_documents_or_one_line_errors(data, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        _assert_documents_or_one_line_errors(ingest.read([path]))


@CHEAP
@given(text=hostile_text | st.lists(records, max_size=3).map(lambda values: _jsonl(values).decode("utf-8")))
def test_any_stdin_reads_as_documents_or_one_line_errors(text):
    _assert_documents_or_one_line_errors(ingest.read(["-"], stdin=io.StringIO(text)))


@CHEAP
@given(text=hostile_text, kind=st.sampled_from(["dump", "page", "record"]), title=st.none() | hostile_text)
def test_clean_keeps_every_offset_on_hostile_text(text, kind, title):
    for article in clean.clean(RawDocument(text=text, source="<fuzz>", kind=kind, title=title)):
        _assert_offsets_map(article)


@COSTLY
@given(data=file_bytes, suffix=st.sampled_from(SUFFIXES))
def test_extract_gives_each_document_of_any_file_a_contract_line_or_one_error(data, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        expected: list[str | None] = []  # per line: the text its offsets index, None for an error line
        for item in ingest.read([path]):
            articles = [] if isinstance(item, InputError) else clean.clean(item)
            expected.extend([article.text for article in articles] or [None])
        lines = list(pipeline.extract_file(str(path)))
    assert len(lines) == len(expected)
    for text, line in zip(expected, lines, strict=True):
        if text is None or len(text) > nlp.MAX_ARTICLE_CHARS:
            assert "error" in line
        _assert_contract(line, text or "")
        assert line.get("text", text) == text


@COSTLY
@given(rows=st.lists(records | json_values, min_size=1, max_size=3))
def test_extract_records_gives_one_line_per_record(rows):
    lines = list(pipeline.extract_records(row if isinstance(row, dict) else {"text": row} for row in rows))
    assert len(lines) == len(rows)
    for row, line in zip(rows, lines, strict=True):
        text = row.get("text") if isinstance(row, dict) else row
        if not isinstance(text, str) or not text.strip():
            assert "error" in line
        _assert_contract(line, line.get("text", text if isinstance(text, str) else ""))


@COSTLY
@given(texts=st.lists(hostile_text, min_size=1, max_size=3), broken=st.booleans())
def test_extract_file_keeps_offsets_into_its_text(texts, broken):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "docs.jsonl"
        values = [{"id": str(number), "text": text} for number, text in enumerate(texts)]
        path.write_bytes(_jsonl(values) + (b'{"id": "broken", "text": \n' if broken else b""))
        lines = list(pipeline.extract_file(str(path)))
    assert len(lines) == len(texts) + broken
    for value, line in zip(values, lines, strict=False):
        _assert_contract(line, line.get("text", value["text"]))


@COSTLY
@given(texts=st.lists(st.tuples(hostile_text, hostile_text), min_size=1, max_size=3), as_dump=st.booleans())
def test_ingest_stores_offsets_that_index_the_stored_text_and_is_idempotent(texts, as_dump):
    with tempfile.TemporaryDirectory() as folder:
        if as_dump:
            path = Path(folder) / "dump.txt"
            path.write_bytes("\n\n\n".join(f"{title}\n\n{text}" for title, text in texts).encode("utf-8", "replace"))
        else:  # JSON escapes carry lone surrogates into the text and the title
            path = Path(folder) / "docs.jsonl"
            path.write_bytes(_jsonl([{"id": str(n), "title": title, "text": text} for n, (title, text) in enumerate(texts)]))
        with open_store(Path(folder) / "fuzz.db") as store:
            first = pipeline.ingest_into(store, [path])
            stats = store.stats()
            second = pipeline.ingest_into(store, [path])
            assert (second.new, second.version, second.analysed) == (0, 0, 0)
            assert second.duplicate == first.new + first.version + first.duplicate
            assert (store.stats().articles, store.stats().events) == (stats.articles, stats.events)
            for row in store.articles(limit=100):
                stored = store.article(row.id)
                assert stored is not None
                text = stored.article.text
                for entity in stored.entities:
                    assert text[entity.start : entity.end] == entity.text
                for event in stored.events:
                    assert text[event.evidence.start : event.evidence.end] == event.evidence.text
    assert all("\n" not in error for error in first.errors)


# --- rows the fuzzer or the issue named -----------------------------------------------------------


def _folder_with_one_of_each(folder: Path) -> Path:
    (folder / "good.txt").write_text("Gunmen attacked a police post in Mosul on Friday.\n", encoding="utf-8")
    (folder / "random.bin").write_bytes(bytes(range(256)) * 4)
    (folder / "scan").write_bytes(b"%PDF-1.4\n\x00\x01\x02binary" * 10)
    (folder / "dump.txt.gz").write_bytes(gzip.compress(b"Shelling was reported near the border.\n" * 50)[:60])
    (folder / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    return folder


def test_folder_lists_every_skipped_file_with_its_reason(tmp_path):
    items = list(ingest.read([_folder_with_one_of_each(tmp_path)]))
    skipped = {Path(item.where).name: item.problem for item in items if isinstance(item, SkippedFile)}
    assert skipped == {
        "dump.txt.gz": "compressed archive (.gz), not read",
        "random.bin": "not a news file type (.bin)",
        "scan": "binary file (NUL bytes), not text",
    }
    assert [type(item) for item in items if not isinstance(item, SkippedFile)] == [RawDocument]


def test_truncated_gzip_named_directly_is_one_error(tmp_path):
    path = tmp_path / "dump.txt.gz"
    path.write_bytes(gzip.compress(b"Shelling was reported near the border.\n" * 50)[:60])
    [error] = ingest.read([path])
    assert type(error) is InputError
    assert (error.problem, error.fix) == ("gzip archive, not text", "decompress it first (gunzip, unzip, ...), then ingest the files it holds")


def test_ingest_counts_skipped_files_apart_from_errors(tmp_path):
    (tmp_path / "in").mkdir()
    folder = _folder_with_one_of_each(tmp_path / "in")
    with open_store(tmp_path / "skip.db") as store:
        summary = pipeline.ingest_into(store, [folder])
    assert summary.ok and summary.new == 1
    assert [line.split(":")[0] for line in summary.skipped] == [str(folder / name) for name in ("dump.txt.gz", "random.bin", "scan")]


MEGABYTE_LINE = "Shelling was reported near the border again today. " * 20_000  # about 1 MB, one line


@pytest.mark.parametrize(
    ("name", "content"),
    [("big.jsonl", json.dumps({"id": "big", "text": MEGABYTE_LINE}) + "\n"), ("big.txt", MEGABYTE_LINE)],
)
def test_megabyte_article_is_one_error_and_stored_whole(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    [line] = pipeline.extract_file(str(path))
    assert "over the 200,000 analysed per article; not analysed" in line["error"] and "\n" not in line["error"]
    with open_store(tmp_path / "big.db") as store:
        summary = pipeline.ingest_into(store, [path])
        [row] = store.articles()
        stored = store.article(row.id)
        assert stored is not None and stored.article.text.strip() == MEGABYTE_LINE.strip()
    assert (summary.new, summary.analysed) == (1, 0)
    assert len(summary.errors) == 1 and "not analysed" in summary.errors[0]


@pytest.mark.parametrize("closed", [True, False])
def test_html_nested_past_the_parser_limit_is_one_error(tmp_path, closed):
    path = tmp_path / "deep.html"
    path.write_bytes(_html(20_000, "Israeli jets struck Gaza on Monday, killing three people.", closed))
    [error] = ingest.read([path])
    assert isinstance(error, InputError) and error.problem == "no article text found in the HTML page"
