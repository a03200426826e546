"""Throughput of the analysis against bare spaCy NER, on 1 and 2 worker processes and a Dask LocalCluster.

Usage: python benchmarks/scale_bench.py [--documents 400] [--json]
Every figure is one run over the same real news texts (the articles of the geoparsing sets in
../shared/benchmarks, read for their words only), each mode in a fresh process so that its
memory is its own: `bare` is spaCy's NER alone (`nlp.pipe` with tok2vec and ner only), the
baseline of issue 16; `parser` adds what our stages need from spaCy (tagger, parser, lemmatizer);
`pipeline` is the whole analysis (spaCy, actors, places, dates, events, merge), in process or
through worker processes or Dask workers that were started and warmed before the clock starts.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BENCHMARKS = REPO.parent / "shared" / "benchmarks"
CORPUS_SETS = ("geo_lgl", "geo_trnews", "geo_gwn")  # full news articles
MODES = ("bare", "parser", "pipeline:1", "pipeline:2", "dask:2")


def corpus(documents: int) -> list[str]:
    texts: list[str] = []
    for name in CORPUS_SETS:
        path = BENCHMARKS / name / "dev.jsonl"
        if path.exists():
            texts += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines()]
    return texts[:documents]


def _peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports KiB


def _pause(seconds: float) -> None:
    time.sleep(seconds)


def _worker_peak_mb() -> float:
    return _peak_mb(resource.RUSAGE_SELF)


def measure(mode: str, documents: int) -> dict:
    """Words per second of one mode over the corpus, and the peak memory of each process doing the work."""
    from newsevents import nlp, pipeline
    from newsevents.records import Article

    texts = corpus(documents)
    words = sum(len(text.split()) for text in texts)
    kind, _, count = mode.partition(":")
    workers = int(count or 1)
    worker_mb: float | None = None
    if kind in ("bare", "parser"):
        import spacy

        model = spacy.load(nlp.MODEL_NAME, exclude=["parser", "lemmatizer", "tagger", "attribute_ruler"] if kind == "bare" else [])
        list(model.pipe(texts[:8]))
        started = time.perf_counter()
        for _ in model.pipe(texts, batch_size=16):
            pass
        seconds = time.perf_counter() - started
    else:
        articles = [Article(text=text) for text in texts]
        chunks = [((), articles[i : i + pipeline.CHUNK_SIZE]) for i in range(0, len(articles), pipeline.CHUNK_SIZE)]
        if kind == "pipeline" and workers == 1:
            pipeline.warm()
            started = time.perf_counter()
            for _ in pipeline.analyse_chunks(chunks):
                pass
            seconds = time.perf_counter() - started
        elif kind == "pipeline":
            with pipeline.worker_pool(workers) as pool:
                list(pool.map(_pause, [1.0] * workers))  # every worker has started and loaded the model
                started = time.perf_counter()
                for _ in pipeline.analyse_chunks(chunks, pool, workers):
                    pass
                seconds = time.perf_counter() - started
            worker_mb = _peak_mb(resource.RUSAGE_CHILDREN)
        else:
            from newsevents import scale

            with scale.dask_executor(f"local:{workers}") as (executor, started_workers):
                started = time.perf_counter()
                for _ in pipeline.analyse_chunks(chunks, executor, started_workers):
                    pass
                seconds = time.perf_counter() - started
                from distributed import get_client

                worker_mb = max(get_client().run(_worker_peak_mb).values())
    return {
        "mode": mode,
        "documents": len(texts),
        "words": words,
        "seconds": round(seconds, 2),
        "words_per_second": round(words / seconds),
        "peak_rss_mb": round(worker_mb if worker_mb is not None else _peak_mb(resource.RUSAGE_SELF)),
    }


def stage_seconds(documents: int) -> dict:
    """Seconds each spaCy component and each of our stages spends on the corpus, in one process."""
    from newsevents import nlp, pipeline
    from newsevents.records import Analysis, Article

    texts = corpus(documents)
    model = nlp.load_model(pipeline.ruler_patterns())
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    docs = [model.make_doc(text) for text in texts]
    seconds["spaCy tokenizer"] = time.perf_counter() - started
    for name, component in model.pipeline:
        started = time.perf_counter()
        docs = list(component.pipe(docs, batch_size=16))
        seconds[f"spaCy {name}"] = time.perf_counter() - started
    analyses = [next(nlp.parse([Analysis(article=Article(text=text))], pipeline.ruler_patterns())) for text in texts]
    for stage in pipeline.STAGES:
        started = time.perf_counter()
        analyses = [stage(analysis) for analysis in analyses]
        seconds[stage.__module__.removeprefix("newsevents.").split(".")[0]] = time.perf_counter() - started
    return {"documents": len(texts), "seconds": {name: round(value, 2) for name, value in seconds.items()}}


def _seconds_of(command: list[str], runs: int = 5) -> float:
    """The fastest of a few runs of a command: start-up without the noise of other work."""
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        best = min(best, time.perf_counter() - started)
    return round(best, 2)


def measure_all(documents: int) -> dict:
    python = sys.executable
    rows = [json.loads(subprocess.run([python, __file__, "--mode", mode, "--documents", str(documents), "--json"],
                                      check=True, capture_output=True, text=True).stdout)
            for mode in MODES]  # fmt: skip
    stages = json.loads(subprocess.run([python, __file__, "--stages", "--documents", str(documents), "--json"],
                                       check=True, capture_output=True, text=True).stdout)
    first = "import newsevents; newsevents.extract('Gunmen attacked a checkpoint in Kirkuk on Monday.')"
    return {
        "rows": rows,
        "stages": stages,
        "help_seconds": _seconds_of([str(Path(python).parent / "newsevents"), "--help"]),
        "first_extraction_seconds": _seconds_of([python, "-c", first], runs=3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=400)
    parser.add_argument("--mode", choices=MODES, help="measure one mode in this process (used by the full run)")
    parser.add_argument("--stages", action="store_true", help="time each spaCy component and each stage, in this process")
    parser.add_argument("--json", action="store_true", help="print one JSON object (for benchmarks/run.py)")
    args = parser.parse_args(argv)
    if not corpus(1):
        print(f"No news articles under {BENCHMARKS}; nothing to measure (skipped).", file=sys.stderr)
        return 0
    if args.stages:
        result = stage_seconds(args.documents)
    else:
        result = measure(args.mode, args.documents) if args.mode else measure_all(args.documents)
    print(json.dumps(result) if args.json else json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
