"""Ingest stage: read files, folders and stdin into ``RawDocument`` records.

Formats are chosen by extension, or sniffed from the content for stdin, files
without a known extension and ``.txt`` files that turn out to be feeds, pages
or JSON Lines. Anything unreadable becomes an ``InputError`` that is yielded,
not raised, so one bad file never stops a batch. A file met in a folder that is
no news document (an image, an archive, binary data) becomes a ``SkippedFile``
naming the reason: listed for the user, not counted as a failure.
"""

from __future__ import annotations

import csv
import email.utils
import html
import io
import json
import re
import sys
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from itertools import chain
from pathlib import Path
from typing import BinaryIO, TextIO

from .errors import InputError, SkippedFile
from .records import RawDocument

FIELDS = ("id", "text", "title", "published", "url", "source")

_DUMP, _PAGE, _RECORDS, _TABLE, _FEED = "dump", "page", "records", "table", "feed"
_FORMAT_BY_SUFFIX = {
    "": _DUMP,
    ".txt": _DUMP,
    ".text": _DUMP,
    ".html": _PAGE,
    ".htm": _PAGE,
    ".jsonl": _RECORDS,
    ".ndjson": _RECORDS,
    ".json": _RECORDS,
    ".csv": _TABLE,
    ".tsv": _TABLE,
    ".xml": _FEED,
    ".rss": _FEED,
    ".atom": _FEED,
}
# Plain-text dumps are worth a look at their content: people save feeds and
# JSON exports with a .txt extension.
_SNIFFED_FORMATS = {_DUMP}
SUFFIXES = tuple(sorted(suffix for suffix in _FORMAT_BY_SUFFIX if suffix))
SUPPORTED_SUFFIXES = ", ".join(SUFFIXES)

# One buffered read this size is enough to spot a BOM, NUL bytes and the format.
_HEAD_BYTES = 64 * 1024
# Text files carry almost no C0 control characters besides tab/newline/CR;
# more than this share of them means an image, archive or office file.
_MAX_CONTROL_SHARE = 0.05
# UTF-16 text without a BOM has NUL in every other byte for Latin script;
# this share of NULs at odd (or even) positions tells it from binary data.
_UTF16_NUL_SHARE = 0.4
# Markup, JSON and CSV headers give themselves away early in the first line;
# looking further would only slow down huge single-line files.
_SNIFF_CHARS = 2000
# csv refuses fields over 128 KiB by default; a long article is bigger.
_MAX_CSV_FIELD = 256 * 1024 * 1024
# Column names that usually hold the article body, for the field_map hint.
_TEXT_COLUMN_HINTS = ("body", "content", "article", "story", "full_text", "fulltext", "description", "summary", "message")

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_NON_SPACE = re.compile(r"\S")
_JSON_START = re.compile(r'\{\s*"|\[\s*(?:\{|$)')
_HTML_BREAK = re.compile(r"(?i)<\s*(?:br\s*/?|/p|/div|/h[1-6]|/li|/blockquote)\s*>")
_HTML_TAG = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"[ \t\r\f\v]+")
_BLANK_LINES = re.compile(r"\s*\n\s*\n\s*")
_FIX_ENCODING = "re-save the file as UTF-8"
_FIX_BINARY = "give text, HTML, JSONL, CSV or RSS/Atom files; convert PDF or Word files to text first"
# Compressed files are not read: their magic bytes (or suffix, in a folder) name them so the
# message can say to decompress them rather than call them unknown binary data.
_ARCHIVE_MAGIC = ((b"\x1f\x8b", "gzip"), (b"PK\x03\x04", "zip"), (b"BZh", "bzip2"), (b"\xfd7zXZ\x00", "xz"), (b"7z\xbc\xaf", "7z"))
_ARCHIVE_SUFFIXES = frozenset((".gz", ".tgz", ".zip", ".bz2", ".xz", ".7z", ".tar", ".zst", ".rar"))
_FIX_ARCHIVE = "decompress it first (gunzip, unzip, ...), then ingest the files it holds"


class _Unreadable(Exception):
    """Internal signal carrying the ``InputError`` for a whole source."""

    def __init__(self, error: InputError) -> None:
        super().__init__(str(error))
        self.error = error


def read(
    paths: Iterable[str | Path],
    field_map: Mapping[str, str] | None = None,
    stdin: TextIO | None = None,
) -> Iterator[RawDocument | InputError]:
    """Yield one ``RawDocument`` per document found in ``paths`` ("-" is stdin), or an ``InputError``.

    ``field_map`` maps our field names (id, text, title, published, url, source)
    to the column or key names of JSONL/CSV inputs, e.g. ``{"text": "body"}``.
    """
    keys = dict(zip(FIELDS, FIELDS))
    for ours, theirs in (field_map or {}).items():
        if ours in keys:
            keys[ours] = theirs
        else:
            yield InputError("--field", f"unknown field {ours!r}", f"map one of {', '.join(FIELDS)}")
    for path in paths:
        if str(path) == "-":
            yield from _read_stdin(stdin, keys)
        else:
            yield from _read_path(Path(path), keys)


def _read_path(path: Path, keys: dict[str, str]) -> Iterator[RawDocument | InputError]:
    """Documents of one file, or of every supported file under a folder (the others skipped, each with its reason)."""
    if path.is_dir():
        found = False
        for file in _walk(path):
            suffix = file.suffix.lower()
            if suffix in _ARCHIVE_SUFFIXES:
                yield SkippedFile(str(file), f"compressed archive ({suffix}), not read", _FIX_ARCHIVE)
            elif suffix not in _FORMAT_BY_SUFFIX:
                yield SkippedFile(str(file), f"not a news file type ({suffix})", f"give {SUPPORTED_SUFFIXES} files")
            else:
                found = True
                yield from _read_file(file, keys, in_folder=True)
        if not found:
            yield InputError(
                str(path),
                f"folder holds no supported files ({SUPPORTED_SUFFIXES})",
                "point at a folder of news files, or name the files directly",
            )
    else:
        yield from _read_file(path, keys)


def _walk(folder: Path) -> Iterator[Path]:
    """Non-hidden files under ``folder``, sorted, depth first (hidden ones are tool state: .git, .DS_Store)."""
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            yield from _walk(entry)
        else:
            yield entry


def _read_file(path: Path, keys: dict[str, str], in_folder: bool = False) -> Iterator[RawDocument | InputError]:
    """Documents of one file; binary content is skipped when the file was only met in a folder, an error when named."""
    source = str(path)
    try:
        stream = open(path, "rb", buffering=_HEAD_BYTES)
    except FileNotFoundError:
        yield InputError(source, "no such file or folder", "check the path (and the current folder)")
        return
    except PermissionError:
        yield InputError(source, "permission denied", "make the file readable (chmod +r) or run as its owner")
        return
    except OSError as exc:
        yield InputError(source, f"cannot open: {exc.strerror or exc}", "check the path and the disk")
        return
    with stream:
        fmt = _FORMAT_BY_SUFFIX.get(path.suffix.lower())
        yield from _read_stream(stream, source, fmt, keys, in_folder)


def _read_stdin(stdin: TextIO | None, keys: dict[str, str]) -> Iterator[RawDocument | InputError]:
    """Stdin, decoded by us when it is the real one, as given when it is a text stream."""
    if stdin is None:
        stdin = sys.stdin
        if hasattr(stdin, "buffer"):
            yield from _read_stream(stdin.buffer, "<stdin>", None, keys)
            return
    try:
        yield from _documents(iter(stdin), "<stdin>", None, keys)
    except _Unreadable as signal:
        yield signal.error
    except UnicodeDecodeError as exc:
        yield InputError("<stdin>", f"undecodable input ({exc.reason})", "pipe UTF-8 text into the command")


def _read_stream(
    stream: BinaryIO, source: str, fmt: str | None, keys: dict[str, str], in_folder: bool = False
) -> Iterator[RawDocument | InputError]:
    try:
        lines = _decoded_lines(stream, source, SkippedFile if in_folder else InputError)
        yield from _documents(lines, source, fmt, keys)
    except _Unreadable as signal:
        yield signal.error
    except OSError as exc:
        yield InputError(source, f"read failed: {exc.strerror or exc}", "check the file and the disk")


def _documents(lines: Iterator[str], source: str, fmt: str | None, keys: dict[str, str]) -> Iterator[RawDocument | InputError]:
    """Dispatch decoded lines to the reader of their format (sniffed when unknown or plain text)."""
    head: list[str] = []
    for line in lines:
        head.append(line)
        if _NON_SPACE.search(line):
            break
    if not head or not _NON_SPACE.search(head[-1]):
        yield InputError(source, "file is empty", "check the file was saved completely, or leave it out")
        return
    if fmt is None or fmt in _SNIFFED_FORMATS:
        fmt = _sniff(head[-1], keys["text"]) or fmt or _DUMP
    lines = chain(head, lines)
    if fmt == _RECORDS:
        yield from _read_records(lines, source, keys)
    elif fmt == _TABLE:
        yield from _read_table(lines, source, keys)
    else:
        text = "".join(lines)
        if fmt == _PAGE:
            yield _read_page(text, source)
        elif fmt == _FEED:
            yield from _read_feed(text, source)
        else:
            yield RawDocument(text=_unix_newlines(text), source=source, kind="dump")


def _sniff(first_line: str, text_key: str) -> str | None:
    """The format a first non-blank line gives away, or None when it looks like prose."""
    line = first_line[:_SNIFF_CHARS].strip().lstrip("\ufeff")
    lowered = line.lower()
    if lowered.startswith(("<rss", "<feed", "<rdf")) or (lowered.startswith("<?xml") and "html" not in lowered):
        return _FEED
    if lowered.startswith(("<!doctype html", "<html", "<head", "<body")):
        return _PAGE
    if _JSON_START.match(line):
        return _RECORDS
    for delimiter in ("\t", ","):
        try:
            columns = next(csv.reader([line], delimiter=delimiter))
        except csv.Error:  # a bare carriage return inside the line: not a header row
            return None
        if len(columns) > 1 and text_key in columns:
            return _TABLE
    return None


# --- decoding -----------------------------------------------------------------


def _decoded_lines(stream: BinaryIO, source: str, binary: type[InputError] = InputError) -> Iterator[str]:
    """Lines of text: UTF-8, else UTF-16/32 by BOM, else cp1252, checked for binary content.

    Binary content raises ``_Unreadable`` carrying a ``binary`` (``InputError`` or ``SkippedFile``).
    """
    head = stream.peek(_HEAD_BYTES)[:_HEAD_BYTES] if hasattr(stream, "peek") else b""
    encoding = next((name for bom, name in _BOMS if head.startswith(bom)), None)
    problem = None
    if encoding is None and b"\x00" in head:
        encoding = _bomless_utf16(head)
        problem = None if encoding else "binary file (NUL bytes)"
    if encoding is None and not problem and sum(head.count(byte) for byte in _CONTROL_BYTES) > _MAX_CONTROL_SHARE * len(head):
        problem = "binary file (control bytes)"
    if problem:
        archive = next((name for magic, name in _ARCHIVE_MAGIC if head.startswith(magic)), None)
        if archive:
            raise _Unreadable(binary(source, f"{archive} archive, not text", _FIX_ARCHIVE))
        raise _Unreadable(binary(source, f"{problem}, not text", _FIX_BINARY))
    if encoding in ("utf-16", "utf-32", "utf-16-le", "utf-16-be"):
        return _wide_lines(stream, source, encoding)
    return _narrow_lines(stream, source)


def _bomless_utf16(head: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when NULs sit at every other byte and the result reads as text, else None."""
    half = len(head) // 2 or 1
    if head[1::2].count(0) > _UTF16_NUL_SHARE * half and head[0::2].count(0) == 0:
        encoding = "utf-16-le"
    elif head[0::2].count(0) > _UTF16_NUL_SHARE * half and head[1::2].count(0) == 0:
        encoding = "utf-16-be"
    else:
        return None
    sample = head[: len(head) // 2 * 2].decode(encoding, errors="replace")
    controls = sum(1 for char in sample if ord(char) < 32 and char not in "\t\n\r\f")
    return encoding if controls <= _MAX_CONTROL_SHARE * len(sample) else None


def _wide_lines(stream: BinaryIO, source: str, encoding: str) -> Iterator[str]:
    reader = io.TextIOWrapper(stream, encoding=encoding, newline="")
    try:
        yield from reader
    except UnicodeDecodeError as exc:
        raise _Unreadable(InputError(source, f"not valid {encoding.upper()} text ({exc.reason})", _FIX_ENCODING)) from exc
    finally:
        if not reader.closed:  # closed when the caller stopped early and closed the file first
            reader.detach()


def _narrow_lines(stream: BinaryIO, source: str) -> Iterator[str]:
    """Decode line by line so a 50 MB file streams and one cp1252 line cannot spoil the rest."""
    for number, raw in enumerate(stream, start=1):
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError:
            try:
                yield raw.decode("cp1252")
            except UnicodeDecodeError as exc:
                raise _Unreadable(
                    InputError(f"{source}:line {number}", "not text in UTF-8, UTF-16 or cp1252 (undecodable bytes)", _FIX_ENCODING)
                ) from exc


def _unix_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --- formats ------------------------------------------------------------------


def _read_records(lines: Iterator[str], source: str, keys: dict[str, str]) -> Iterator[RawDocument | InputError]:
    """JSON Lines, one document per line (a JSON array file is read whole)."""
    first = next(lines)
    if first.lstrip().startswith("["):
        yield from _read_json_array("".join(chain([first], lines)), source, keys)
        return
    seen_text = False
    for number, line in enumerate(chain([first], lines), start=1):
        if not line.strip():
            continue
        where = f"{source}:line {number}"
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(where, f"not valid JSON ({exc.msg} at column {exc.colno})", "check the JSON on that line")
            continue
        document = _record(value, where, source, f"line {number}", keys, seen_text)
        seen_text = seen_text or isinstance(document, RawDocument)
        yield document


def _read_json_array(text: str, source: str, keys: dict[str, str]) -> Iterator[RawDocument | InputError]:
    try:
        values = json.loads(text)
    except json.JSONDecodeError as exc:
        problem = f"not valid JSON ({exc.msg} at column {exc.colno})"
        yield InputError(f"{source}:line {exc.lineno}", problem, "check the JSON near that line")
        return
    seen_text = False
    for number, value in enumerate(values if isinstance(values, list) else [values], start=1):
        document = _record(value, f"{source}:record {number}", source, f"record {number}", keys, seen_text)
        seen_text = seen_text or isinstance(document, RawDocument)
        yield document


def _read_table(lines: Iterator[str], source: str, keys: dict[str, str]) -> Iterator[RawDocument | InputError]:
    """CSV or TSV with a header row, one document per row."""
    csv.field_size_limit(max(csv.field_size_limit(), _MAX_CSV_FIELD))
    first = next(lines)
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    reader = csv.DictReader(chain([first], lines), delimiter=delimiter)
    try:
        columns = reader.fieldnames or []
        if keys["text"] not in columns:
            yield _missing_text_error(source, keys["text"], "column", columns)
            return
        for number, row in enumerate(reader, start=1):
            yield _record(row, f"{source}:record {number}", source, f"record {number}", keys, True)
    except csv.Error as exc:
        yield InputError(f"{source}:line {reader.line_num}", f"broken CSV ({exc})", "check the quoting on that line")


def _record(value: object, where: str, source: str, locator: str, keys: dict[str, str], seen_text: bool) -> RawDocument | InputError:
    """One JSON object or CSV row as a document; raises ``_Unreadable`` when the whole file lacks a text field."""
    if not isinstance(value, dict):
        problem = f"expected a JSON object, got {type(value).__name__}"
        return InputError(where, problem, 'write one {"id": ..., "text": ...} object per line')
    text = value.get(keys["text"])
    doc_id = None if value.get(keys["id"]) in (None, "") else str(value.get(keys["id"]))
    if text is None:
        if not seen_text:
            raise _Unreadable(_missing_text_error(source, keys["text"], "key", list(value)))
        return InputError(where, f"no {keys['text']!r} value", "give every record a text, or drop it", doc_id=doc_id)
    if not isinstance(text, str):
        return InputError(
            where, f"{keys['text']!r} is a {type(text).__name__}, not a string", "store the article text as a JSON string", doc_id=doc_id
        )

    def field(name: str) -> str | None:
        found = value.get(keys[name])
        return None if found is None or found == "" else str(found)

    return RawDocument(
        text=text,
        source=field("source") or source,
        locator=locator,
        kind="record",
        title=field("title"),
        published=_iso_date(value.get(keys["published"])),
        url=field("url"),
        external_id=field("id"),
    )


def _missing_text_error(source: str, text_key: str, what: str, available: Sequence[str]) -> InputError:
    guess = next((name for name in available if name.lower() in _TEXT_COLUMN_HINTS), available[0] if available else "body")
    shown = ", ".join(available) if available else "none"
    return InputError(source, f"no {text_key!r} {what} (found: {shown})", f"map the text {what} with --field text={guess}")


def _read_page(markup: str, source: str) -> RawDocument | InputError:
    """The main text of an HTML page, with its title, date and URL, via trafilatura."""
    import trafilatura  # slow to import; only HTML inputs need it

    extracted = trafilatura.bare_extraction(markup, with_metadata=True, include_comments=False)
    # Without as_dict=True the result is a Document (or None); the declared return type also admits a dict.
    assert not isinstance(extracted, dict)
    if extracted is None or extracted.text is None or not extracted.text.strip():
        return InputError(source, "no article text found in the HTML page", "check it is an article page, or save the article text as .txt")
    # trafilatura puts one paragraph per line; the clean stage expects blank lines between them.
    text = "\n\n".join(line.strip() for line in extracted.text.splitlines() if line.strip())
    return RawDocument(
        text=text,
        source=source,
        kind="page",
        title=extracted.title or None,
        published=_iso_date(extracted.date),
        url=extracted.url or None,
    )


def _read_feed(text: str, source: str) -> Iterator[RawDocument | InputError]:
    """One document per RSS/Atom entry: title, text stripped of HTML, date, link."""
    import feedparser  # slow to import; only feeds need it

    parsed = feedparser.parse(text)
    if not parsed.entries:
        problem = f"not a readable RSS/Atom feed ({parsed.get('bozo_exception', 'no entries')})" if parsed.bozo else "feed has no entries"
        yield InputError(source, problem, "check the XML is an RSS or Atom feed with <item>/<entry> elements")
        return
    for number, entry in enumerate(parsed.entries, start=1):
        body = entry.get("content", [{}])[0].get("value") or entry.get("summary") or ""
        text = _strip_html(body)
        if not text:
            yield InputError(f"{source}:entry {number}", "entry has no text", "check the feed carries summaries or content")
            continue
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        yield RawDocument(
            text=text,
            source=source,
            locator=f"entry {number}",
            kind="page",
            title=_strip_html(entry.get("title", "")) or None,
            published=time.strftime("%Y-%m-%d", stamp) if stamp else _iso_date(entry.get("published")),
            url=entry.get("link") or None,
            external_id=entry.get("id") or None,
        )


def _strip_html(markup: str) -> str:
    """Text of an HTML fragment with paragraphs separated by blank lines."""
    text = html.unescape(_HTML_TAG.sub("", _HTML_BREAK.sub("\n\n", markup)))
    paragraphs = (_SPACES.sub(" ", part).strip() for part in _BLANK_LINES.split(text))
    return "\n\n".join(part for part in paragraphs if part)


def _iso_date(value: object) -> str | None:
    """YYYY-MM-DD for a date string the source gives, None when it cannot be read."""
    if value is None or value == "":
        return None
    if isinstance(value, (datetime, date)):
        return value.strftime("%Y-%m-%d")
    text = str(value).strip()
    match = _ISO_DATE.match(text)
    if match:
        try:
            return date(*map(int, match.groups())).isoformat()
        except ValueError:
            return None
    try:
        return email.utils.parsedate_to_datetime(text).strftime("%Y-%m-%d")
    except (TypeError, ValueError, IndexError):
        pass
    import dateparser  # slow to import; only unusual date formats need it

    # Relative parsers are off: "yesterday" in a date column says nothing reliable.
    settings = {"PARSERS": ["timestamp", "custom-formats", "absolute-time"], "STRICT_PARSING": True}
    parsed = dateparser.parse(text, languages=["en"], settings=settings)
    return parsed.strftime("%Y-%m-%d") if parsed else None

