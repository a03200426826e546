"""Runs the stages in order; the only module that imports the stages.

ingest -> clean -> nlp -> actors -> places -> dates -> events -> merge -> store
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import TextIO

from . import actors, clean, dates, events, ingest, merge, nlp, places
from .errors import InputError, NewsEventsError, QueryError, SkippedFile
from .records import Analysis, Article, PlaceMention, RawDocument, analysis_to_contract, parse_numbers

log = logging.getLogger(__name__)

# Articles handed to spaCy at once: big enough for nlp.pipe to batch well,
# small enough that a killed run loses little and memory stays flat.
CHUNK_SIZE = 32


@lru_cache(maxsize=1)
def ruler_patterns() -> tuple[dict, ...]:
    """EntityRuler patterns from the actor dictionary and the gazetteer."""
    return tuple(actors.ruler_patterns()) + tuple(places.ruler_patterns())


def _analyse_one(analysis: Analysis) -> Analysis:
    for stage in (actors.find_actors, places.resolve_places, dates.resolve_dates, events.extract_events):
        analysis = stage(analysis)
    return replace(analysis, doc=None)


def _units(articles: Iterable[Article]) -> Iterator[Analysis]:
    """Each article followed by its captions, as small articles of their own."""
    for article in articles:
        yield Analysis(article=article)
        for caption in article.captions:
            yield Analysis(article=Article(text=caption, title=article.title, published=article.published, source=article.source))


def analyse(articles: Iterable[Article]) -> Iterator[Analysis | NewsEventsError]:
    """Each article through nlp, actors, places, dates, events and merge, in input order.

    Captions are analysed too, but only to sharpen the places of the body's
    events (see merge.py). A document that makes a stage fail yields a
    ``NewsEventsError`` in its place and the run goes on.
    """
    parsed = nlp.parse(_units(articles), ruler_patterns())
    for body in parsed:
        captions = list(islice(parsed, len(body.article.captions)))
        try:
            analysed_captions = [_analyse_one(caption) for caption in captions]
            yield merge.place_at_captions(_analyse_one(body), analysed_captions)
        except NewsEventsError as exc:
            yield exc
        except Exception as exc:  # a bug on one document must not stop a batch
            log.debug("analysis failed", exc_info=True)
            yield NewsEventsError(
                f"article {body.article.id} ({body.article.title or 'untitled'}): analysis failed: {exc!r}",
                "rerun with --debug and report the article",
            )


def _oversized(article: Article) -> InputError | None:
    """The error for an article too long to analyse (``nlp.MAX_ARTICLE_CHARS``), else None."""
    if len(article.text) <= nlp.MAX_ARTICLE_CHARS:
        return None
    return InputError(
        f"article {article.id}",
        f"{len(article.text):,} characters, over the {nlp.MAX_ARTICLE_CHARS:,} analysed per article; not analysed",
        "split it into its articles (two blank lines between pasted articles), or cut what is not news",
        doc_id=article.external_id,
    )


def extract(text: str, published: str | None = None, title: str | None = None) -> Analysis:
    """Analyse one article given as text (the Python API's ``newsevents.extract``)."""
    articles = clean.clean(RawDocument(text=text, source="<text>", kind="record", title=title, published=published))
    if not articles:
        raise InputError("<text>", "the text is empty", "pass the article's text")
    if too_long := _oversized(articles[0]):
        raise too_long
    [result] = analyse(articles[:1])
    if isinstance(result, NewsEventsError):
        raise result
    return result


def geocode(text: str, limit: int = 10) -> list[PlaceMention]:
    """Places in ``text``; a bare name no model recognises is looked up in the gazetteer."""
    found = extract(text).places
    return list(found) if found else places.lookup(text.strip(), limit=limit)


_NUMBERS = re.compile(r"\s*[-+]?\d")


def point(text: str, option: str) -> tuple[float, float]:
    """LAT,LON, or the first place the geoparser resolves in ``text``: the centre of a ``near`` filter.

    ``option`` is how the user wrote the filter ("--near ", "near="), for the messages.
    """
    if _NUMBERS.match(text):
        lat, lon = parse_numbers(text, 2, option.strip(" ="), f"{option}33.27,35.2 (LAT,LON)")
        return lat, lon
    for place in geocode(text):
        if place.lat is not None and place.lon is not None:
            return place.lat, place.lon
    raise QueryError(f"{option.strip(' =')} {text!r}: no place of that name is known", f"give LAT,LON, e.g. {option}33.27,35.2")


def _contract_line(article: Article, result: Analysis | NewsEventsError, rewritten: bool) -> dict:
    doc_id = article.external_id or article.id
    if isinstance(result, NewsEventsError):
        return {"id": doc_id, "error": str(result)}
    line = analysis_to_contract(result, doc_id)
    if rewritten:
        # Offsets of a segmented or cleaned article (cp1252 punctuation mapped, a
        # page's caption cut) point into its clean text, which the caller has not
        # seen: give it to them.
        line.update(title=article.title, text=article.text)
    return line


def _documents_to_contract(items: Iterable[RawDocument | InputError]) -> Iterator[dict]:
    """Contract lines for raw documents, errors kept in their place, in order."""
    iterator = iter(items)
    while chunk := list(islice(iterator, CHUNK_SIZE)):
        slots: list[dict | tuple[Article, bool]] = []
        for item in chunk:
            if isinstance(item, SkippedFile):  # no document, so no contract line: say it on the log
                log.warning("skipped %s", item)
                continue
            if isinstance(item, InputError):
                slots.append({"id": item.doc_id, "error": str(item)})
                continue
            articles = clean.clean(item)
            if not articles:
                slots.append({"id": item.external_id, "error": f"{item.source} {item.locator}".strip() + ": no text"})
            for article in articles:
                too_long = _oversized(article)
                rewritten = item.kind == "dump" or article.text != item.text
                slots.append({"id": article.external_id or article.id, "error": str(too_long)} if too_long else (article, rewritten))
        wanted = [slot[0] for slot in slots if isinstance(slot, tuple)]
        results = iter(analyse(wanted))
        for slot in slots:
            if isinstance(slot, dict):
                yield slot
            else:
                article, rewritten = slot
                yield _contract_line(article, next(results), rewritten)


def extract_file(path: str, stdin: TextIO | None = None) -> Iterator[dict]:
    """``newsevents extract``: contract lines for a JSONL file, a plain-text dump or stdin (``-``)."""
    return _documents_to_contract(ingest.read([path], stdin=stdin))


def extract_records(records: Iterable[Mapping]) -> Iterator[dict]:
    """Contract lines for in-memory records with id/text/title/published (used by eval)."""

    def to_raw(index: int, record: Mapping) -> RawDocument | InputError:
        def given(name: str) -> str | None:  # records come from anywhere: a title may be a number
            value = record.get(name)
            return None if value is None or value == "" else str(value)

        text = record.get("text")
        if not isinstance(text, str) or not text.strip():
            return InputError(f"record {index + 1}", "no text", "give each record a 'text'", doc_id=given("id"))
        return RawDocument(
            text=text,
            source="<records>",
            locator=f"record {index + 1}",
            title=given("title"),
            published=given("published"),
            external_id=given("id"),
        )

    return _documents_to_contract(to_raw(i, r) for i, r in enumerate(records))


@dataclass
class IngestSummary:
    read: int = 0
    new: int = 0
    version: int = 0
    duplicate: int = 0
    analysed: int = 0
    events: int = 0
    aggregates: int = 0
    places: int = 0
    errors: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # files met in a folder that are no documents, with the reason

    @property
    def ok(self) -> bool:
        return not self.errors


def ingest_into(
    store,
    paths: Iterable[str | Path],
    field_map: Mapping[str, str] | None = None,
    stdin: TextIO | None = None,
    on_progress: Callable[[int], None] | None = None,
    reanalyse: bool = False,
) -> IngestSummary:
    """Read, clean, store and analyse documents; idempotent and resumable.

    Articles already stored and analysed are skipped, so re-running after a
    kill finishes the work without duplicates. ``on_progress(n)`` is called
    with the number of input documents read so far.
    """
    summary = IngestSummary()
    inputs = [str(p) for p in paths]
    run_id = store.start_run("ingest", inputs)
    iterator = iter(ingest.read(inputs, field_map=field_map, stdin=stdin))
    while chunk := list(islice(iterator, CHUNK_SIZE)):
        pending: list[Article] = []
        for item in chunk:
            if isinstance(item, InputError):
                (summary.skipped if isinstance(item, SkippedFile) else summary.errors).append(str(item))
                continue
            summary.read += 1
            for article in clean.clean(item):
                article_id, status = store.add_article(article, run_id)
                setattr(summary, status, getattr(summary, status) + 1)
                if too_long := _oversized(article):  # stored whole, but not analysed
                    summary.errors.append(str(too_long))
                elif reanalyse or not store.has_analysis(article_id):
                    pending.append(article)
        for result in analyse(pending) if pending else ():
            if isinstance(result, NewsEventsError):
                summary.errors.append(str(result))
                continue
            summary.analysed += 1
            summary.events += store.save_analysis(result)
            summary.aggregates += sum(1 for e in result.events if e.is_aggregate)
            summary.places += len(result.places)
        if on_progress:
            on_progress(len(chunk))
    store.finish_run(
        run_id,
        {key: getattr(summary, key) for key in ("read", "new", "version", "duplicate", "analysed", "events")}
        | {"errors": len(summary.errors)},
    )
    return summary
