"""The pipeline's analysis on a Dask cluster: ``--dask tcp://SCHEDULER:8786`` or ``--dask local[:N]``.

Dask runs the same chunks a local worker pool would (``pipeline.analyse_batch``), through the
client's ``concurrent.futures`` executor, so every command that takes ``--workers`` takes a
cluster too and stores exactly what a single process stores. Each Dask worker loads the spaCy
model once, through a worker plugin, before its first chunk. Dask is an optional extra
(``pip install 'newsevents[dask]'``) and is imported only here, only when asked for.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from concurrent.futures import Executor
from contextlib import contextmanager
from typing import Any

from . import pipeline
from .errors import NewsEventsError

LOCAL = "local"


def _workers_of(target: str) -> int:
    count = target.partition(":")[2]
    if not count:
        return pipeline.default_workers()
    if not count.isdigit() or int(count) < 1:
        raise NewsEventsError(f"--dask {target!r}: the worker count must be a whole number >= 1", "write e.g. --dask local:2")
    return int(count)


@contextmanager
def dask_executor(target: str) -> Iterator[tuple[Executor, int]]:
    """An executor on the cluster at ``target`` (or a new local one) and its number of workers."""
    try:
        from distributed import Client, LocalCluster, WorkerPlugin
    except ImportError as exc:
        raise NewsEventsError("--dask needs Dask", "pip install 'newsevents[dask]'") from exc

    class LoadModel(WorkerPlugin):
        """Loads the model when a worker starts, so no chunk waits for it."""

        def setup(self, worker: Any) -> None:
            pipeline.warm()

    # Dask logs each worker's start and stop at INFO; the progress bar says enough.
    logging.getLogger("distributed").setLevel(logging.WARNING)
    if target == LOCAL or target.startswith(LOCAL + ":"):
        # One thread per worker: spaCy and the rules hold the GIL, so threads would only wait.
        cluster = LocalCluster(
            n_workers=_workers_of(target), threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
        )
        client = Client(cluster)
    else:
        cluster = None
        try:
            client = Client(target, timeout="10s")
        except (OSError, TimeoutError) as exc:
            raise NewsEventsError(f"--dask {target}: cannot reach the scheduler ({exc})", "start it (dask scheduler) or check the address") from exc
    try:
        client.register_plugin(LoadModel(), name="newsevents-load-model")
        workers = max(1, len(client.scheduler_info()["workers"]))
        yield client.get_executor(pure=False), workers
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
