"""The analysis on a real Dask LocalCluster stores exactly what one process stores."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsevents import pipeline
from newsevents.errors import NewsEventsError
from newsevents.store import open_store
from stored_rows import stored_rows

pytest.importorskip("distributed", reason="the dask extra is not installed (pip install 'newsevents[dask]')")
from newsevents import scale  # noqa: E402  (after the skip: it names the missing extra)

pytestmark = pytest.mark.slow

OWN_ARTICLES = Path(__file__).parent / "fixtures" / "news_articles.jsonl"
# Counted from the fixture, so adding articles to it does not break the test.
OWN_COUNT = sum(1 for line in OWN_ARTICLES.read_text(encoding="utf-8").splitlines() if line.strip())
SMALL_CHUNK = 4


def _ingest(path: Path, **options) -> pipeline.IngestSummary:
    with open_store(path) as store:
        return pipeline.ingest_into(store, [OWN_ARTICLES], **options)


def test_a_local_cluster_of_two_workers_stores_exactly_what_one_process_stores(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "CHUNK_SIZE", SMALL_CHUNK)  # several chunks for two workers
    alone = _ingest(tmp_path / "one.db")
    with scale.dask_executor("local:2") as (executor, workers):
        assert workers == 2
        on_cluster = _ingest(tmp_path / "dask.db", executor=executor, workers=workers)
        shards = pipeline.ingest_to_shards([OWN_ARTICLES], tmp_path / "shards", executor=executor, workers=workers)
    assert on_cluster.ok and on_cluster.analysed == alone.analysed == OWN_COUNT
    assert stored_rows(tmp_path / "dask.db") == stored_rows(tmp_path / "one.db")
    assert shards.analysed == OWN_COUNT and pipeline.shard_count(tmp_path / "shards") == -(-OWN_COUNT // SMALL_CHUNK)
    with open_store(tmp_path / "merged.db") as store:
        pipeline.merge_shards(store, tmp_path / "shards")
    assert stored_rows(tmp_path / "merged.db") == stored_rows(tmp_path / "one.db")


@pytest.mark.parametrize("target", ["local:0", "local:two", "local:-1"])
def test_a_bad_worker_count_says_how_to_write_it(target):
    with pytest.raises(NewsEventsError, match="local:2"), scale.dask_executor(target):
        pass
