"""Runs the stages in order; the only module that imports the stages.

ingest -> clean -> nlp -> actors -> places -> dates -> events -> merge -> store
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import re
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import lru_cache, partial
from itertools import islice
from pathlib import Path
from typing import TextIO, TypeVar

from . import actors, clean, dates, events, export, ingest, merge, nlp, places
from .errors import InputError, NewsEventsError, QueryError, SkippedFile
from .records import Analysis, Article, PlaceMention, RawDocument, analysis_to_contract, parse_numbers

log = logging.getLogger(__name__)

# Articles handed to spaCy at once: big enough for nlp.pipe to batch well,
# small enough that a killed run loses little and memory stays flat.
CHUNK_SIZE = 32
# Chunks each worker may have queued beyond the one it works on: enough that no worker
# waits for the reader, few enough that memory does not grow with the input.
CHUNKS_AHEAD_PER_WORKER = 2
# An article whose rules take longer than this is reported and skipped rather than holding
# up the run (a pathological text, not a long one: nlp.MAX_ARTICLE_CHARS bounds the length).
ARTICLE_SECONDS_LIMIT = 60
# How often a pool worker checks that the process that started it still runs: a killed
# ingest's workers (a model each, 350 MB) then go within this time instead of living on.
PARENT_CHECK_SECONDS = 1.0

T = TypeVar("T")
R = TypeVar("R")
AnalysisResult = Analysis | NewsEventsError


@lru_cache(maxsize=1)
def ruler_patterns() -> tuple[dict, ...]:
    """EntityRuler patterns from the actor dictionary and the gazetteer."""
    return tuple(actors.ruler_patterns()) + tuple(places.ruler_patterns())


class _TooSlow(Exception):
    pass


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the block after ``seconds`` (main thread only: signals reach no other thread)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        raise _TooSlow

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# The stages after nlp, in order; each fills its own fields of the Analysis.
STAGES: tuple[Callable[[Analysis], Analysis], ...] = (
    actors.find_actors, places.resolve_places, dates.resolve_dates, events.extract_events
)


def _analyse_one(analysis: Analysis) -> Analysis:
    for stage in STAGES:
        analysis = stage(analysis)
    return replace(analysis, doc=None)


def _analyse_with_captions(body: Analysis, captions: list[Analysis]) -> Analysis:
    try:
        with _time_limit(ARTICLE_SECONDS_LIMIT):
            return merge.place_at_captions(_analyse_one(body), [_analyse_one(caption) for caption in captions])
    except _TooSlow:
        raise NewsEventsError(
            f"article {body.article.id} ({body.article.title or 'untitled'}): analysis took over {ARTICLE_SECONDS_LIMIT} s and was stopped",
            "split the article or report it; the rest of the run went on",
        ) from None


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
            yield _analyse_with_captions(body, captions)
        except NewsEventsError as exc:
            yield exc
        except Exception as exc:  # a bug on one document must not stop a batch
            log.debug("analysis failed", exc_info=True)
            yield NewsEventsError(
                f"article {body.article.id} ({body.article.title or 'untitled'}): analysis failed: {exc!r}",
                "rerun with --debug and report the article",
            )


def analyse_batch(articles: Sequence[Article]) -> list[AnalysisResult]:
    """``analyse`` of one chunk, as a list: the task a worker process or a Dask worker runs."""
    return list(analyse(articles))


def prepare(on_step: Callable[[str, int, int], None] | None = None) -> bool:
    """Build the gazetteer index if this machine has none yet (60-90 s, once); say whether it did.

    Run it before starting workers, with ``on_step(what, done, total)`` to show progress.
    """
    return places.build_gazetteer(on_step)


def warm() -> None:
    """Load the spaCy model and open the gazetteer now, so the first chunk does not wait for them."""
    nlp.load_model(ruler_patterns())


def _exit_with_parent(parent_pid: int) -> None:
    """Exit when the process that started this one is gone (a SIGKILL gives it no time to stop its workers)."""
    while os.getppid() == parent_pid:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(1)  # nothing to flush: the parent is the only writer


def _start_worker(parent_pid: int) -> None:
    threading.Thread(target=_exit_with_parent, args=(parent_pid,), name="exit-with-parent", daemon=True).start()
    warm()


def worker_pool(workers: int) -> ProcessPoolExecutor:
    """``workers`` processes that each load the model once and then analyse chunk after chunk.

    Spawned, not forked: the parent may run threads (the progress bar), and a forked
    child would inherit their locks. Each exits by itself when the parent is killed.
    """
    return ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context("spawn"), initializer=_start_worker, initargs=(os.getpid(),)
    )


def default_workers() -> int:
    """The cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _in_order(
    jobs: Iterable[tuple[T, Callable[[], R]]], executor: Executor | None, workers: int
) -> Iterator[tuple[T, R]]:
    """Each job's tag with its result, in input order.

    With an ``executor`` (``worker_pool`` or a Dask client's executor) several jobs run at
    once, but at most ``CHUNKS_AHEAD_PER_WORKER`` per worker wait, so a huge input streams
    through in bounded memory; results still come back in input order, so storing them
    gives exactly what a single process stores.
    """
    if executor is None:
        for tag, job in jobs:
            yield tag, job()
        return
    waiting: deque[tuple[T, Future[R]]] = deque()
    for tag, job in jobs:
        waiting.append((tag, executor.submit(job)))
        if len(waiting) > workers * CHUNKS_AHEAD_PER_WORKER:
            done_tag, future = waiting.popleft()
            yield done_tag, future.result()
    while waiting:
        done_tag, future = waiting.popleft()
        yield done_tag, future.result()


def analyse_chunks(
    chunks: Iterable[tuple[T, Sequence[Article]]], executor: Executor | None = None, workers: int = 1
) -> Iterator[tuple[T, list[AnalysisResult]]]:
    """Each chunk's tag with the analyses of its articles, in input order (see ``_in_order``)."""
    return _in_order(((tag, partial(analyse_batch, list(articles))) for tag, articles in chunks), executor, workers)


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


def _documents_to_contract(items: Iterable[RawDocument | InputError], executor: Executor | None = None, workers: int = 1) -> Iterator[dict]:
    """Contract lines for raw documents, errors kept in their place, in order."""

    def chunks() -> Iterator[tuple[list[dict | tuple[Article, bool]], list[Article]]]:
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
            yield slots, [slot[0] for slot in slots if isinstance(slot, tuple)]

    for slots, analysed in analyse_chunks(chunks(), executor, workers):
        results = iter(analysed)
        for slot in slots:
            if isinstance(slot, dict):
                yield slot
            else:
                article, rewritten = slot
                yield _contract_line(article, next(results), rewritten)


def extract_file(path: str, stdin: TextIO | None = None, executor: Executor | None = None, workers: int = 1) -> Iterator[dict]:
    """``newsevents extract``: contract lines for a JSONL file, a plain-text dump or stdin (``-``)."""
    return _documents_to_contract(ingest.read([path], stdin=stdin), executor, workers)


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

    def count_analysis(self, analysis: Analysis, events: int) -> None:
        self.analysed += 1
        self.events += events
        self.aggregates += sum(1 for e in analysis.events if e.is_aggregate)
        self.places += len(analysis.places)

    def add(self, other: IngestSummary) -> None:
        for key in ("read", "new", "version", "duplicate", "analysed", "events", "aggregates", "places"):
            setattr(self, key, getattr(self, key) + getattr(other, key))
        self.errors += other.errors
        self.skipped += other.skipped

    def run_counts(self) -> dict[str, int]:
        return {key: getattr(self, key) for key in ("read", "new", "version", "duplicate", "analysed", "events")} | {
            "errors": len(self.errors)
        }


def _read_chunks(
    paths: list[str], field_map: Mapping[str, str] | None, stdin: TextIO | None, summary: IngestSummary
) -> Iterator[tuple[int, list[Article]]]:
    """Input documents CHUNK_SIZE at a time: how many were read, and their clean articles; errors go to ``summary``."""
    iterator = iter(ingest.read(paths, field_map=field_map, stdin=stdin))
    while chunk := list(islice(iterator, CHUNK_SIZE)):
        articles: list[Article] = []
        for item in chunk:
            if isinstance(item, InputError):
                (summary.skipped if isinstance(item, SkippedFile) else summary.errors).append(str(item))
                continue
            summary.read += 1
            articles.extend(clean.clean(item))
        yield len(chunk), articles


class _Admission:
    """Stores articles as they arrive and says which still need an analysis (resumable runs skip the rest)."""

    def __init__(self, store, run_id: int, summary: IngestSummary, reanalyse: bool) -> None:
        self.store, self.run_id, self.summary, self.reanalyse = store, run_id, summary, reanalyse
        # Articles handed out but not yet stored: a repeat further on must not be analysed twice.
        self.in_flight: set[str] = set()

    def admit(self, article: Article) -> str | None:
        """Store the article; its id when it needs analysing, else None."""
        article_id, status = self.store.add_article(article, self.run_id)
        setattr(self.summary, status, getattr(self.summary, status) + 1)
        if too_long := _oversized(article):  # stored whole, but not analysed
            self.summary.errors.append(str(too_long))
            return None
        if article_id in self.in_flight or (not self.reanalyse and self.store.has_analysis(article_id)):
            return None
        self.in_flight.add(article_id)
        return article_id

    def save(self, article_id: str, result: AnalysisResult) -> None:
        self.in_flight.discard(article_id)
        if isinstance(result, NewsEventsError):
            self.summary.errors.append(str(result))
        else:
            self.summary.count_analysis(result, self.store.save_analysis(result))


def ingest_into(
    store,
    paths: Iterable[str | Path],
    field_map: Mapping[str, str] | None = None,
    stdin: TextIO | None = None,
    on_progress: Callable[[int], None] | None = None,
    reanalyse: bool = False,
    executor: Executor | None = None,
    workers: int = 1,
) -> IngestSummary:
    """Read, clean, store and analyse documents; idempotent and resumable.

    Articles already stored and analysed are skipped, so re-running after a
    kill finishes the work without duplicates. ``on_progress(n)`` is called
    as each chunk's ``n`` input documents are done. With an ``executor`` the
    analysis runs in ``workers`` processes (see ``_in_order``); this process
    stays the only writer.
    """
    summary = IngestSummary()
    inputs = [str(p) for p in paths]
    run_id = store.start_run("ingest", inputs)
    admission = _Admission(store, run_id, summary, reanalyse)

    def chunks() -> Iterator[tuple[tuple[int, list[str]], list[Article]]]:
        for documents, articles in _read_chunks(inputs, field_map, stdin, summary):
            admitted = [(article_id, article) for article in articles if (article_id := admission.admit(article))]
            yield (documents, [article_id for article_id, _ in admitted]), [article for _, article in admitted]

    for (documents, article_ids), results in analyse_chunks(chunks(), executor, workers):
        for article_id, result in zip(article_ids, results):
            admission.save(article_id, result)
        if on_progress:
            on_progress(documents)
    store.finish_run(run_id, summary.run_counts())
    return summary


SHARD_PATTERN = "shard-*.parquet"


def _analyse_to_shard(articles: list[Article], path: Path) -> IngestSummary:
    """A worker's job: analyse one chunk into its shard, unless a run before this one wrote it."""
    done = IngestSummary()
    if path.exists():
        return done
    analysed: list[Analysis] = []
    for result in analyse_batch(articles):
        if isinstance(result, NewsEventsError):
            done.errors.append(str(result))
        else:
            analysed.append(result)
            done.count_analysis(result, len(result.events))
    export.write_shard(path, analysed)
    return done


def ingest_to_shards(
    paths: Iterable[str | Path],
    folder: Path,
    field_map: Mapping[str, str] | None = None,
    stdin: TextIO | None = None,
    on_progress: Callable[[int], None] | None = None,
    executor: Executor | None = None,
    workers: int = 1,
) -> IngestSummary:
    """Analyse documents into numbered Parquet shards in ``folder`` (shared by the workers), no database.

    Chunk N always goes to shard N, so a killed run resumes where it stopped; ``merge_shards``
    then stores them in order, which gives exactly the events of ``ingest_into``.
    """
    folder.mkdir(parents=True, exist_ok=True)
    summary = IngestSummary()

    def analysable(articles: list[Article]) -> list[Article]:
        kept = []
        for article in articles:
            if too_long := _oversized(article):
                summary.errors.append(str(too_long))
            else:
                kept.append(article)
        return kept

    chunks = _read_chunks([str(p) for p in paths], field_map, stdin, summary)
    jobs = (
        (documents, partial(_analyse_to_shard, analysable(articles), folder / SHARD_PATTERN.replace("*", f"{number:08d}")))
        for number, (documents, articles) in enumerate(chunks)
    )
    for documents, done in _in_order(jobs, executor, workers):
        summary.add(done)
        if on_progress:
            on_progress(documents)
    return summary


def merge_shards(store, folder: Path, on_progress: Callable[[int], None] | None = None) -> IngestSummary:
    """Store the analyses of ``folder``'s shards in their order, merging events across articles; resumable."""
    shards = sorted(folder.glob(SHARD_PATTERN))
    if not shards:
        raise InputError(str(folder), f"holds no shards ({SHARD_PATTERN})", "write them with `newsevents ingest --shards FOLDER`")
    summary = IngestSummary()
    run_id = store.start_run("merge-shards", [str(folder)])
    admission = _Admission(store, run_id, summary, reanalyse=False)
    for path in shards:
        try:
            analyses = export.read_shard(path)
        except NewsEventsError as exc:
            summary.errors.append(str(exc))
            analyses = []
        for analysis in analyses:
            summary.read += 1
            if article_id := admission.admit(analysis.article):
                admission.save(article_id, analysis)
        if on_progress:
            on_progress(1)
    store.finish_run(run_id, summary.run_counts())
    return summary


def count_documents(paths: Iterable[str | Path]) -> int:
    """Input documents in ``paths`` (unreadable ones too), read once without analysis: a progress bar's total."""
    return sum(1 for _ in ingest.read([str(p) for p in paths]))


def shard_count(folder: Path) -> int:
    return len(list(folder.glob(SHARD_PATTERN)))
