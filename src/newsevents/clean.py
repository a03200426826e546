"""Clean stage: split pasted dumps into articles and strip headlines, captions, credits and markers.

Removed captions and photo credits are kept on the article as metadata (a
caption often carries the date and the place). Every kept character of
``Article.text`` maps back to ``Article.raw`` through ``offset_map``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from .records import Article, OffsetSegment, RawDocument

# Headlines run to about 20 words; body paragraphs are longer and end with a period.
MAX_HEADLINE_WORDS = 25
MAX_HEADLINE_CHARS = 200
# Share of significant words (not "of", "on", ...) that start with a capital in a Title Case headline.
TITLE_CASE_SHARE = 0.75
# A pasted header block (headline, caption x2, marker, headline, caption x2) spans
# about six non-blank lines; this many leaves room for longer caption runs.
REPEAT_WINDOW = 10
# Articles pasted one after another are separated by at least this many blank lines.
ARTICLE_GAP_LINES = 2
# Captions and headlines are shorter than this; longer lines are never compared
# for repeats, which keeps huge single-line inputs cheap.
MAX_CAPTION_CHARS = 600
# A parenthesised credit is a name or "Photo by X / AGENCY", never a long clause.
MAX_CREDIT_CHARS = 80
# "Photo: Reuters" is a credit line; "Photo: smoke rises over ..." is a caption.
MAX_CREDIT_WORDS = 8

_SMALL_WORDS = frozenset(
    "a an and as at but by for from in into nor of off on onto or over per the to up upon via vs with".split()
)
_MARKER = re.compile(
    r"(?:TT|[A-Z]{1,3}|\d{1,4}|[-–—]\s*\d{1,4}\s*[-–—]|(?i:page)\s+\d+(?:\s+(?i:of)\s+\d+)?|\[\d+\]|\d+\s*/\s*\d+"
    r"|(?i:advertisement|read more))"
)
# Text pasted from Windows sources keeps cp1252 punctuation as C1 control characters ("SABC\x92s"): each maps
# to the one character meant, so offsets stay the same. Five C1 codes have no cp1252 character.
_CP1252_PUNCTUATION = {
    code: bytes([code]).decode("cp1252") for code in range(0x80, 0xA0) if code not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}
# A lone surrogate (a JSON "\ud800" escape, a Python string built by hand) is no character: spaCy
# and the database cannot encode it. U+FFFD takes its place one for one, so offsets stay the same.
_LONE_SURROGATES = dict.fromkeys(range(0xD800, 0xE000), "\ufffd")
_TEXT_FIXES = _CP1252_PUNCTUATION | _LONE_SURROGATES
_SEPARATOR = re.compile(r"(?:={3,}|-{3,}|\*{3,}|_{3,}|#{3,})")
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_HEADLINE_END = re.compile(r"[.,;:\"”'’)\]]$")
_NON_SPACE = re.compile(r"\S")
_SPACE_RUN = re.compile(r"[ \t]{2,}")
_TOPSHOT = re.compile(r"\s*(TOPSHOT)\s*[-–—:]\s*")
_PHOTO_PREFIX = re.compile(r"\s*(?:Photo|Photograph|Picture|Image)\s*:\s*(.+?)\s*$", re.IGNORECASE)
_TRAILING_PAREN = re.compile(rf"\s*\(([^()]{{1,{MAX_CREDIT_CHARS}}})\)\s*$")
_GETTY = re.compile(r"\s*[-–—|]?\s*((?:[A-Z][\w'’-]*(?: [A-Z][\w'’-]*)* ?/ ?)?(?:via )?Getty Images)\s*$")
_AGENCY = re.compile(
    r"(?i)/|\b(?:photos?|file|handout|courtesy|supplied|reuters|afp|ap|epa|getty|anadolu|xinhua|wafa|sana|nna|"
    r"irna|tasnim|al jazeera|al arabiya|asharq al-awsat|shutterstock|dpa|upi|ani)\b"
)

_TITLE, _HEADER, _CAPTION, _BODY = "title", "header", "caption", "body"


@dataclass(frozen=True)
class _Line:
    start: int  # offset of the first non-space character in the document
    end: int  # offset just after the last non-space character
    content: str  # stripped, "" for lines over MAX_CAPTION_CHARS (never compared)
    key: str | None  # whitespace- and case-folded content; None when too long to compare
    gap: int  # blank lines just before this one


@dataclass
class _Segment:
    lines: list[int] = field(default_factory=list)  # positions in the non-blank line list
    roles: dict[int, str] = field(default_factory=dict)
    title: str | None = None
    title_key: str | None = None


def clean(document: RawDocument) -> list[Article]:
    """The articles in ``document``: a dump may hold several, a page or record is one."""
    document = replace(
        document,
        text=document.text.translate(_TEXT_FIXES),
        source=document.source.translate(_LONE_SURROGATES),
        title=_encodable(document.title),
        published=_encodable(document.published),
        url=_encodable(document.url),
        external_id=_encodable(document.external_id),
    )
    if document.kind == "dump":
        return _clean_dump(document)
    if not document.text.strip():
        return []
    if document.kind == "page":
        return _clean_page(document)
    return [_article(document, document.text, document.text, (OffsetSegment(0, 0, len(document.text)),))]


def _encodable(value: str | None) -> str | None:
    return value.translate(_LONE_SURROGATES) if value else value


def _article(document: RawDocument, text: str, raw: str, offset_map: tuple[OffsetSegment, ...], **fields: Any) -> Article:
    values: dict[str, Any] = {
        "title": document.title,
        "published": document.published,
        "source": document.source,
        "url": document.url,
        "external_id": document.external_id,
    }
    values.update(fields)
    return Article(text=text, raw=raw, offset_map=offset_map, **values)


# --- pages and records ----------------------------------------------------------


def _clean_page(document: RawDocument) -> list[Article]:
    """The page text minus its leading caption, credit and repeated-title lines."""
    text = document.text
    title_key = _key(document.title or "")
    captions: list[str] = []
    credits: list[str] = []
    cut = 0
    for line in _lines(text):
        if line.key is None:
            break
        caption, found_credits, is_caption = _split_credits(line.content)
        if not (line.key == title_key or _MARKER.fullmatch(line.content) or is_caption):
            break
        if is_caption:
            _add_unique(captions, caption)
            for credit in found_credits:
                _add_unique(credits, credit)
        cut = line.end
    start = 0
    if cut:
        first = _NON_SPACE.search(text, cut)
        start = first.start() if first else len(text)
    body = text[start:]
    if not body:
        return []
    return [
        _article(
            document, body, text, (OffsetSegment(0, start, len(body)),), captions=tuple(captions), credits=tuple(credits)
        )
    ]


# --- dumps ----------------------------------------------------------------------


def _clean_dump(document: RawDocument) -> list[Article]:
    lines = list(_lines(document.text))
    segments = [segment for segment in _segment(lines) if _BODY in segment.roles.values()]
    articles = []
    single = len(segments) == 1
    for number, segment in enumerate(segments, start=1):
        external_id = document.external_id
        if external_id and not single:
            external_id = f"{external_id}#{number}"
        title = segment.title or (document.title if single else None)
        articles.append(_build_article(document, lines, segment, title, external_id))
    return articles


def _lines(text: str) -> Iterator[_Line]:
    """Non-blank lines of ``text`` with their offsets and the blank lines before each."""
    position = 0
    gap = 0
    for part in text.split("\n"):
        first = _NON_SPACE.search(part)
        if first is None:
            gap += 1
        else:
            end = len(part.rstrip())
            content = part[first.start() : end] if end - first.start() <= MAX_CAPTION_CHARS else ""
            yield _Line(position + first.start(), position + end, content, _key(content) if content else None, gap)
            gap = 0
        position += len(part) + 1


def _key(content: str) -> str:
    return " ".join(content.split()).casefold()


def _segment(lines: list[_Line]) -> list[_Segment]:
    """Group non-blank lines into articles and give each line its role."""
    next_same = _next_same(lines)
    segments: list[_Segment] = []
    current: _Segment | None = None
    header_until = -1  # last position of the current headline's repeats
    in_header = False
    for position, line in enumerate(lines):
        if line.key is not None and _SEPARATOR.fullmatch(line.content):
            current = None
            continue
        if current is not None:
            role = _continuing_role(lines, next_same, position, current, in_header and position <= header_until, in_header)
            if role is not None:
                current.lines.append(position)
                current.roles[position] = role
                in_header = in_header and role != _BODY
                continue
        current = _Segment(lines=[position])
        segments.append(current)
        in_header = _is_headline(line)
        if in_header:
            current.title = _collapse(line.content)
            current.title_key = line.key
            header_until = _repeat_end(next_same, position)
        current.roles[position] = _TITLE if in_header else _body_role(lines, position)
    for segment in segments:
        _mark_repeated_captions(lines, segment)
    return segments


def _continuing_role(
    lines: list[_Line], next_same: list[int | None], position: int, segment: _Segment, inside_repeat: bool, in_header: bool
) -> str | None:
    """The role of a line in the current article, or None when the line starts a new article."""
    line = lines[position]
    if line.key == segment.title_key or (in_header and _MARKER.fullmatch(line.content)):
        return _HEADER
    if inside_repeat:
        return _CAPTION
    if _starts_article(lines, next_same, position):
        return None
    if in_header and _is_caption_line(lines, next_same, position, segment.lines[0]):
        return _CAPTION
    return _body_role(lines, position)


def _next_same(lines: list[_Line]) -> list[int | None]:
    """For each line, the position of the next line with the same key (None if none)."""
    following: list[int | None] = [None] * len(lines)
    last_seen: dict[str, int] = {}
    for position in range(len(lines) - 1, -1, -1):
        key = lines[position].key
        if key is not None:
            following[position] = last_seen.get(key)
            last_seen[key] = position
    return following


def _repeat_end(next_same: list[int | None], position: int) -> int:
    """Last position of the chain of repeats of line ``position`` inside the repeat window."""
    end = position
    following = next_same[position]
    while following is not None and following - position <= REPEAT_WINDOW:
        end = following
        following = next_same[following]
    return end


def _starts_article(lines: list[_Line], next_same: list[int | None], position: int) -> bool:
    """A headline repeated a few lines on past captions, or a Title Case headline after a wide blank gap."""
    line = lines[position]
    if not _is_headline(line):
        return False
    following = next_same[position]
    # Only captions and markers sit between a pasted headline and its repeat; a body
    # paragraph in between means the short line is a repeated caption or subheading.
    repeated = (
        following is not None
        and position + 1 < following <= position + REPEAT_WINDOW
        and all(_is_caption_line(lines, next_same, between, position) for between in range(position + 1, following))
    )
    return repeated or (line.gap >= ARTICLE_GAP_LINES and _is_title_case(line.content))


def _is_headline(line: _Line) -> bool:
    """Short, no final period or closing quote, not a marker and not a caption."""
    content = line.content
    if line.key is None or len(content) > MAX_HEADLINE_CHARS or _MARKER.fullmatch(content):
        return False
    words = content.split()
    if not 2 <= len(words) <= MAX_HEADLINE_WORDS or _HEADLINE_END.search(content):
        return False
    return not _split_credits(content)[2]


def _is_title_case(content: str) -> bool:
    significant = [word for word in _WORD.findall(content) if word.lower() not in _SMALL_WORDS]
    if not significant:
        return False
    capitalised = sum(1 for word in significant if word[0].isupper())
    return capitalised >= TITLE_CASE_SHARE * len(significant)


def _is_caption_line(lines: list[_Line], next_same: list[int | None], position: int, floor: int = 0) -> bool:
    """A header line is a caption when it carries a credit, is a marker, or repeats nearby (not before ``floor``)."""
    line = lines[position]
    if line.key is None:
        return False
    if _MARKER.fullmatch(line.content) or _split_credits(line.content)[2]:
        return True
    following = next_same[position]
    if following is not None and following - position <= REPEAT_WINDOW:
        return True
    return any(
        next_same[earlier] == position for earlier in range(max(floor, position - REPEAT_WINDOW), position)
    )


def _body_role(lines: list[_Line], position: int) -> str:
    line = lines[position]
    if line.key is None:
        return _BODY
    if _MARKER.fullmatch(line.content):
        return _HEADER
    return _CAPTION if _split_credits(line.content)[2] else _BODY


def _mark_repeated_captions(lines: list[_Line], segment: _Segment) -> None:
    """Body lines that occur twice in one article are captions pasted into the text."""
    counts: dict[str, int] = {}
    for position in segment.lines:
        key = lines[position].key
        if segment.roles[position] == _BODY and key is not None:
            counts[key] = counts.get(key, 0) + 1
    for position in segment.lines:
        if segment.roles[position] == _BODY and counts.get(lines[position].key or "", 0) > 1:
            segment.roles[position] = _CAPTION


# Each line is asked several times (headline? caption? body?) while segmenting.
@lru_cache(maxsize=4096)
def _split_credits(content: str) -> tuple[str, tuple[str, ...], bool]:
    """(caption without credits, credits, whether the line is a caption or credit line)."""
    credits: list[str] = []
    text = content
    topshot = _TOPSHOT.match(text)
    if topshot:
        credits.append(topshot.group(1))
        text = text[topshot.end() :]
    photo = _PHOTO_PREFIX.match(text)
    if photo:
        if len(photo.group(1).split()) <= MAX_CREDIT_WORDS:
            return "", (*credits, _collapse(photo.group(1))), True
        text = photo.group(1)
    paren = _TRAILING_PAREN.search(text) if text.rstrip().endswith(")") else None
    if paren and _looks_like_credit(paren.group(1), text[: paren.start()]):
        credits.append(_collapse(paren.group(1)))
        text = text[: paren.start()]
    getty = _GETTY.search(text) if "Getty Images" in text else None
    if getty:
        credits.append(_collapse(getty.group(1)))
        text = text[: getty.start()]
    return _collapse(text).strip(" -–—|"), tuple(credits), bool(credits or photo)


def _looks_like_credit(inner: str, before: str) -> bool:
    """An agency or photographer credit, or a short Title Case outlet name after a caption."""
    if _AGENCY.search(inner):
        return True
    words = inner.split()
    return 2 <= len(words) <= 4 and all(word[0].isupper() for word in words) and not before.rstrip().endswith((".", "!", "?"))


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _add_unique(values: list[str], value: str) -> None:
    if value and _key(value) not in {_key(existing) for existing in values}:
        values.append(value)


def _build_article(
    document: RawDocument, lines: list[_Line], segment: _Segment, title: str | None, external_id: str | None
) -> Article:
    """One article from its lines: body text with offsets, captions and credits as metadata."""
    text = document.text
    base = lines[segment.lines[0]].start
    raw = text[base : lines[segment.lines[-1]].end]
    builder = _TextBuilder(raw)
    captions: list[str] = []
    credits: list[str] = []
    previous: int | None = None  # position of the previous body line
    for position in segment.lines:
        role = segment.roles[position]
        line = lines[position]
        if role == _CAPTION:
            caption, found, _ = _split_credits(line.content)
            _add_unique(captions, caption)
            for credit in found:
                _add_unique(credits, credit)
        if role != _BODY:
            continue
        if previous is not None:
            # Lines next to each other form one paragraph; anything between them breaks it.
            separator = "\n" if previous == position - 1 and line.gap == 0 else "\n\n"
            builder.separator(separator, lines[previous].end - base, line.start - base)
        builder.copy_collapsed(line.start - base, line.end - base)
        previous = position
    return _article(
        document,
        builder.text(),
        raw,
        tuple(builder.segments),
        title=title,
        external_id=external_id,
        captions=tuple(captions),
        credits=tuple(credits),
    )


class _TextBuilder:
    """Builds clean text from pieces of ``raw`` and records where each piece came from."""

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.parts: list[str] = []
        self.length = 0
        self.segments: list[OffsetSegment] = []

    def copy(self, start: int, end: int) -> None:
        if end <= start:
            return
        self.parts.append(self.raw[start:end])
        last = self.segments[-1] if self.segments else None
        if last and last.clean_start + last.length == self.length and last.raw_start + last.length == start:
            self.segments[-1] = OffsetSegment(last.clean_start, last.raw_start, last.length + end - start)
        else:
            self.segments.append(OffsetSegment(self.length, start, end - start))
        self.length += end - start

    def copy_collapsed(self, start: int, end: int) -> None:
        """Copy raw[start:end], keeping only the first character of each run of spaces or tabs."""
        for run in _SPACE_RUN.finditer(self.raw, start, end):
            self.copy(start, run.start() + 1)
            start = run.end()
        self.copy(start, end)

    def separator(self, separator: str, start: int, end: int) -> None:
        """Append ``separator``, mapping each character to the same character in raw[start:end] if there is one."""
        for char in separator:
            found = self.raw.find(char, start, end)
            if found < 0:
                self.parts.append(char)
                self.length += 1
            else:
                self.copy(found, found + 1)
                start = found + 1

    def text(self) -> str:
        return "".join(self.parts)
