"""Tests for the ingest stage: formats, encodings, and bad inputs that must not stop a run."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from newsevents import ingest
from newsevents.errors import InputError, SkippedFile
from newsevents.records import RawDocument

FIXTURES = Path(__file__).parent / "fixtures"
GOOD_TEXT = "Gunmen attacked a police post in Mosul on Friday.\n"
BIG_BYTES = 50 * 1024 * 1024


def _read(*paths, **kwargs) -> tuple[list[RawDocument], list[InputError]]:
    items = list(ingest.read([str(path) for path in paths], **kwargs))
    documents = [item for item in items if isinstance(item, RawDocument)]
    errors = [item for item in items if isinstance(item, InputError)]
    assert len(documents) + len(errors) == len(items)
    return documents, errors


# --- formats -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind", "expected"),
    [
        (
            "page.html",
            "page",
            [("Rockets Fired at Kirkuk Air Base", "2024-02-11", "https://news.example.org/iraq/kirkuk-rockets", None)],
        ),
        (
            "feed.rss",
            "page",
            [
                ("Clashes Erupt in Idlib Countryside", "2024-03-05", "https://wire.example.org/a/101", "wire-101"),
                ("Protest in Basra Over Power Cuts", "2024-03-06", "https://wire.example.org/a/102", "wire-102"),
            ],
        ),
        (
            "feed.atom",
            "page",
            [
                ("Airstrike Reported Near Bint Jbeil", "2024-04-01", "https://monitor.example.org/1", "urn:example:monitor:1"),
                ("Talks Resume in Cairo", "2024-04-02", "https://monitor.example.org/2", "urn:example:monitor:2"),
            ],
        ),
        (
            "records.jsonl",
            "record",
            [
                ("Checkpoint Attack in Diyala", "2024-05-03", "https://x.example/r1", "r1"),
                (None, "2024-03-05", None, "r2"),
                (None, None, None, "3"),
            ],
        ),
    ],
)
def test_formats_yield_documents_with_metadata(name, kind, expected):
    documents, errors = _read(FIXTURES / name)
    assert errors == []
    assert [(d.title, d.published, d.url, d.external_id) for d in documents] == expected
    assert {d.kind for d in documents} == {kind}
    assert all(d.text.strip() for d in documents)


def test_feed_text_is_stripped_of_html_with_paragraphs_kept():
    documents, _ = _read(FIXTURES / "feed.rss")
    assert documents[0].text == (
        "Fighting broke out between government forces and rebels near Saraqeb on Monday.\n\n"
        'A local monitor said "at least six" fighters were killed.'
    )
    assert (documents[0].source, documents[0].locator) == (str(FIXTURES / "feed.rss"), "entry 1")


def test_html_page_text_comes_from_the_article_not_the_navigation():
    (document,), _ = _read(FIXTURES / "page.html")
    assert "Three rockets landed inside the K1 military base" in document.text
    assert "Home" not in document.text and "Copyright" not in document.text


def test_jsonl_keeps_text_exactly_and_record_source():
    documents, _ = _read(FIXTURES / "records.jsonl")
    lines = [json.loads(line) for line in (FIXTURES / "records.jsonl").read_text().splitlines() if line.strip()]
    assert [d.text for d in documents] == [line["text"] for line in lines]
    assert [d.locator for d in documents] == ["line 1", "line 2", "line 4"]
    assert documents[0].source == "Example Agency"
    assert documents[1].source == str(FIXTURES / "records.jsonl")


def test_csv_with_other_column_names_reads_through_field_map():
    field_map = {"id": "doc_id", "title": "headline", "text": "body", "published": "date"}
    documents, errors = _read(FIXTURES / "other_columns.csv", field_map=field_map)
    assert errors == []
    assert [(d.external_id, d.title, d.published, d.locator) for d in documents] == [
        ("c1", "Strike on Convoy Near Deir ez-Zor", "2024-06-02", "record 1"),
        ("c2", "Protest in Tripoli, Libya", "2024-03-06", "record 2"),
    ]
    assert documents[1].text == "Protesters gathered in Martyrs' Square in Tripoli on Monday.\n\nThey demanded elections."


def test_tsv_is_read_by_extension(tmp_path):
    path = tmp_path / "export.tsv"
    path.write_text("id\ttext\n7\tClashes in Daraa on Sunday.\n", encoding="utf-8")
    (document,), errors = _read(path)
    assert errors == [] and (document.external_id, document.text) == ("7", "Clashes in Daraa on Sunday.")


def test_json_array_file_yields_one_document_per_object(tmp_path):
    path = tmp_path / "export.json"
    path.write_text(json.dumps([{"id": "a", "text": "One."}, {"id": "b", "text": "Two."}]), encoding="utf-8")
    documents, errors = _read(path)
    assert errors == [] and [(d.external_id, d.text, d.locator) for d in documents] == [("a", "One.", "record 1"), ("b", "Two.", "record 2")]


@pytest.mark.parametrize(
    ("content", "kind", "count"),
    [
        ('{"id": "s1", "text": "Rockets hit Sderot."}\n{"id": "s2", "text": "Talks in Doha."}\n', "record", 2),
        ((FIXTURES / "feed.rss").read_text(encoding="utf-8"), "page", 2),
        ("id,text\nx1,Shelling near Kharkiv.\n", "record", 1),
        ("Headline Of A Story\n\nBody of the story goes here.\n", "dump", 1),
    ],
)
def test_stdin_format_is_sniffed(content, kind, count):
    documents, errors = _read("-", stdin=io.StringIO(content))
    assert errors == [] and len(documents) == count and {d.kind for d in documents} == {kind}
    assert {d.source for d in documents} <= {"<stdin>"}


def test_txt_file_holding_a_feed_is_read_as_a_feed(tmp_path):
    path = tmp_path / "saved_feed.txt"
    path.write_text((FIXTURES / "feed.atom").read_text(encoding="utf-8"), encoding="utf-8")
    documents, errors = _read(path)
    assert errors == [] and [d.title for d in documents] == ["Airstrike Reported Near Bint Jbeil", "Talks Resume in Cairo"]


def test_folder_is_walked_sorted_recursively_skipping_hidden_and_unsupported(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "b" / "2.txt").write_text("Second file.\n")
    (tmp_path / "a" / "1.txt").write_text("First file.\n")
    (tmp_path / "a" / ".hidden.txt").write_text("Hidden.\n")
    (tmp_path / ".git" / "HEAD.txt").write_text("Hidden folder.\n")
    (tmp_path / "a" / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    documents, errors = _read(tmp_path)
    assert [(type(e), e.where, e.problem) for e in errors] == [(SkippedFile, str(tmp_path / "a" / "photo.png"), "not a news file type (.png)")]
    assert [Path(d.source).relative_to(tmp_path).as_posix() for d in documents] == ["a/1.txt", "b/2.txt"]


# Found by tests/test_fuzz.py; each once stopped a run with a traceback or an "Exception ignored" warning.
@pytest.mark.filterwarnings("error::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.parametrize(
    ("name", "payload", "expected"),
    [
        ("cr.txt", b"!\r!", ["!\n!"]),  # a bare carriage return broke the CSV header sniffing
        ("cr.txt", b"id,text\rx,y", ["id,text\nx,y"]),
        ("wide.csv", "uid,body\n1,x\n".encode("utf-16"), []),  # left unread, then closed under its decoder
    ],
)
def test_odd_line_ends_and_abandoned_wide_files_read_cleanly(tmp_path, name, payload, expected):
    path = tmp_path / name
    path.write_bytes(payload)
    documents, errors = _read(path)
    assert [d.text for d in documents] == expected
    assert len(errors) == (0 if expected else 1)


def test_dump_newlines_are_normalised(tmp_path):
    path = tmp_path / "windows.txt"
    path.write_bytes(b"Title Line Here\r\n\r\nBody text.\r\n")
    (document,), _ = _read(path)
    assert document.text == "Title Line Here\n\nBody text.\n" and document.kind == "dump"


# --- encodings -----------------------------------------------------------------------

SMART_TEXT = "\u201cWe will respond,\u201d the minister\u2019s aide said in Beirut \u2013 caf\u00e9 talks.\n"


@pytest.mark.parametrize(
    "payload",
    [
        SMART_TEXT.encode("utf-8"),
        SMART_TEXT.encode("utf-8-sig"),
        SMART_TEXT.encode("cp1252"),
        SMART_TEXT.encode("utf-16"),
        b"\xfe\xff" + SMART_TEXT.encode("utf-16-be"),
        SMART_TEXT.encode("utf-32"),
        SMART_TEXT.encode("utf-16-le"),
    ],
    ids=["utf-8", "utf-8-bom", "cp1252", "utf-16-bom-le", "utf-16-bom-be", "utf-32-bom", "utf-16-le-no-bom"],
)
def test_encodings_decode_to_the_same_text(tmp_path, payload):
    path = tmp_path / "quotes.txt"
    path.write_bytes(payload)
    (document,), errors = _read(path)
    assert errors == [] and document.text == SMART_TEXT


def test_cp1252_line_in_jsonl_is_decoded(tmp_path):
    path = tmp_path / "legacy.jsonl"
    path.write_bytes('{"id": "q", "text": "\u201cNo comment,\u201d he said."}\n'.encode("cp1252"))
    (document,), errors = _read(path)
    assert errors == [] and document.text == "\u201cNo comment,\u201d he said."


# --- published dates ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-05", "2024-03-05"),
        ("2024-03-05T23:10:00+03:00", "2024-03-05"),
        ("Tue, 05 Mar 2024 10:15:00 GMT", "2024-03-05"),
        ("March 5, 2024", "2024-03-05"),
        ("5 March 2024", "2024-03-05"),
        ("2024-13-45", None),
        ("yesterday", None),
        ("not a date", None),
        ("", None),
    ],
)
def test_published_is_normalised_or_none(tmp_path, value, expected):
    path = tmp_path / "dated.jsonl"
    path.write_text(json.dumps({"text": "Body.", "published": value}) + "\n", encoding="utf-8")
    (document,), _ = _read(path)
    assert document.published == expected


# --- bad inputs: one clear error each, and the good file next to it still read -------------


def _empty(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    return tmp_path / "empty.txt"


def _blank(tmp_path):
    (tmp_path / "blank.txt").write_text("\n \n\t\n")
    return tmp_path / "blank.txt"


def _binary(tmp_path):
    (tmp_path / "scan.txt").write_bytes(b"%PDF-1.4\n\x00\x01\x02binary\x00stream" * 20)
    return tmp_path / "scan.txt"


def _tiny_binary(tmp_path):
    (tmp_path / "blob.txt").write_bytes(bytes(range(8)))
    return tmp_path / "blob.txt"


def _undecodable(tmp_path):
    (tmp_path / "garbled.txt").write_bytes(b"Troops moved \x81\x8d\x8f\x90\x9d into the area.\n")
    return tmp_path / "garbled.txt"


def _missing(tmp_path):
    return tmp_path / "nowhere.txt"


def _empty_folder(tmp_path):
    folder = tmp_path / "pictures"
    folder.mkdir()
    (folder / "photo.png").write_bytes(b"\x89PNG")
    (folder / ".notes.txt").write_text("hidden")
    return folder


def _csv_without_text(tmp_path):
    (tmp_path / "export.csv").write_text("uid,story,when\n1,Clashes in Tripoli.,2024-01-01\n")
    return tmp_path / "export.csv"


def _jsonl_without_text(tmp_path):
    (tmp_path / "export.jsonl").write_text('{"uid": 1, "body": "Clashes in Tripoli."}\n{"uid": 2, "body": "More."}\n')
    return tmp_path / "export.jsonl"


def _bad_feed(tmp_path):
    (tmp_path / "broken.rss").write_text("<rss><channel><title>Nothing here</title></channel></rss>")
    return tmp_path / "broken.rss"


@pytest.mark.parametrize(
    ("make_bad", "where", "problem", "fix"),
    [
        (_empty, "empty.txt", "file is empty", "saved completely"),
        (_blank, "blank.txt", "file is empty", "saved completely"),
        (_binary, "scan.txt", "binary file (NUL bytes)", "convert PDF or Word files to text"),
        (_tiny_binary, "blob.txt", "binary file (NUL bytes)", "convert PDF or Word files to text"),
        (_undecodable, "garbled.txt:line 1", "undecodable bytes", "re-save the file as UTF-8"),
        (_missing, "nowhere.txt", "no such file or folder", "check the path"),
        (_empty_folder, "pictures", "folder holds no supported files", "point at a folder of news files"),
        (_csv_without_text, "export.csv", "no 'text' column (found: uid, story, when)", "--field text=story"),
        (_jsonl_without_text, "export.jsonl", "no 'text' key (found: uid, body)", "--field text=body"),
        (_bad_feed, "broken.rss", "feed has no entries", "RSS or Atom feed"),
    ],
)
def test_bad_input_gives_one_error_and_the_rest_is_read(tmp_path, make_bad, where, problem, fix):
    bad = make_bad(tmp_path)
    good = tmp_path / "good.txt"
    good.write_text(GOOD_TEXT)
    documents, errors = _read(bad, good)
    (error,) = [error for error in errors if not isinstance(error, SkippedFile)]
    assert error.where == str(tmp_path / where)
    assert problem in error.problem
    assert fix in error.fix
    assert [d.text for d in documents] == [GOOD_TEXT]


def test_permission_denied_gives_one_error_and_the_rest_is_read(tmp_path, monkeypatch):
    locked, good = tmp_path / "locked.txt", tmp_path / "good.txt"
    locked.write_text("secret")
    good.write_text(GOOD_TEXT)
    real_open = open

    def guarded_open(path, *args, **kwargs):
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    # Tests may run as root, for whom chmod 000 does not deny reading.
    monkeypatch.setattr(ingest, "open", guarded_open, raising=False)
    documents, errors = _read(locked, good)
    assert [(e.where, e.problem) for e in errors] == [(str(locked), "permission denied")]
    assert "chmod +r" in errors[0].fix
    assert [d.text for d in documents] == [GOOD_TEXT]


def test_malformed_jsonl_line_is_reported_and_other_lines_kept(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_text('{"id": "1", "text": "First."}\n{"id": "2", "text": "Broken\n{"id": "3", "text": "Third."}\n[1, 2]\n')
    documents, errors = _read(path)
    assert [d.external_id for d in documents] == ["1", "3"]
    assert [(e.where, e.fix) for e in errors] == [
        (f"{path}:line 2", "check the JSON on that line"),
        (f"{path}:line 4", 'write one {"id": ..., "text": ...} object per line'),
    ]
    assert errors[0].problem.startswith("not valid JSON")


def test_record_without_text_after_good_ones_is_a_line_error(tmp_path):
    path = tmp_path / "gaps.jsonl"
    path.write_text('{"id": "1", "text": "First."}\n{"id": "2"}\n{"id": "3", "text": 5}\n{"id": "4", "text": "Fourth."}\n')
    documents, errors = _read(path)
    assert [d.external_id for d in documents] == ["1", "4"]
    assert [e.where for e in errors] == [f"{path}:line 2", f"{path}:line 3"]


def test_unknown_field_map_key_is_reported_and_reading_goes_on(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(GOOD_TEXT)
    documents, errors = _read(good, field_map={"headline": "title"})
    assert [(e.where, e.problem) for e in errors] == [("--field", "unknown field 'headline'")]
    assert len(documents) == 1


@pytest.mark.parametrize("suffix", [".txt", ".jsonl"])
def test_fifty_megabyte_single_line_is_read_whole(tmp_path, suffix):
    big = tmp_path / f"big{suffix}"
    words = b"Shelling was reported near the border again today " * (BIG_BYTES // 51)
    with big.open("wb") as handle:
        handle.write(b'{"id": "big", "text": "' + words + b'"}' if suffix == ".jsonl" else words)
    good = tmp_path / "good.txt"
    good.write_text(GOOD_TEXT)
    documents, errors = _read(big, good)
    assert errors == []
    assert [len(d.text) for d in documents] == [len(words), len(GOOD_TEXT)]
