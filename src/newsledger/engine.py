"""Runs the per-article stage on batches: in-process, in a pool of worker processes, or on a
Dask cluster (``engine = "dask"``, the ``dask`` extra).

Results come back in input order whatever the engine, so a run is deterministic. A bounded
number of batches is in flight at once, so memory stays flat however large the input.
"""

from __future__ import annotations

import importlib.util
import multiprocessing
import multiprocessing.connection
import os
import threading
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Protocol

from newsledger.analyse.pipeline import analyse_batch, load_pipeline
from newsledger.config import Settings
from newsledger.errors import ConfigError
from newsledger.records import AnalysedArticle, Article, Problem
from newsledger.vocabulary import Engine

DASK_CONNECT_SECONDS = 20
POOL_PIECE = 16  # articles a pool worker analyses per task
Batch = list[Article]
Results = list[AnalysedArticle | Problem]


def check_model(name: str) -> None:
    """Raise ConfigError now, not in a worker, if the spaCy pipeline is not installed."""
    if Path(name).exists():
        return
    try:
        found = importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        found = False
    if not found:
        raise ConfigError(
            f"spaCy pipeline {name!r} is not installed (setting spacy_model); "
            "install its package or give the path of a saved pipeline"
        )


def analyse_stream(batches: Iterator[Batch], settings: Settings) -> Iterator[tuple[Batch, Results]]:
    """Analyse each batch, yielding (batch, results) in input order.

    A single batch runs in-process (no worker start-up for small inputs); more use a pool
    of ``settings.worker_count`` processes with two batches in flight per worker.
    """
    check_model(settings.spacy_model)
    if settings.engine is Engine.DASK:
        yield from _on_dask(batches, settings)
        return
    first = next(batches, None)
    if first is None:
        return
    second = next(batches, None)
    if second is None or settings.worker_count == 1:
        for batch in _chain(first, second, batches):
            yield (
                batch,
                analyse_batch(
                    settings.spacy_model, batch, settings.max_article_seconds, settings.attribution
                ),
            )
        return
    yield from _pooled(_chain(first, second, batches), settings)


def _chain(first: Batch, second: Batch | None, rest: Iterator[Batch]) -> Iterator[Batch]:
    yield first
    if second is not None:
        yield second
        yield from rest


class Pending(Protocol):
    """A submitted batch: a concurrent.futures Future, or a Dask one."""

    def result(self) -> Results: ...


def _in_order(
    batches: Iterator[Batch], submit: Callable[[Batch], Pending], inflight_max: int
) -> Iterator[tuple[Batch, Results]]:
    """Submit batches while at most ``inflight_max`` are pending; yield results in order."""
    inflight: deque[tuple[Batch, Pending]] = deque()
    for batch in batches:
        inflight.append((batch, submit(batch)))
        if len(inflight) >= inflight_max:
            done, future = inflight.popleft()
            yield done, future.result()
    while inflight:
        done, future = inflight.popleft()
        yield done, future.result()


def _on_dask(batches: Iterator[Batch], settings: Settings) -> Iterator[tuple[Batch, Results]]:
    """Analyse on a Dask cluster: the one at ``settings.dask_scheduler``, or a local one of
    ``settings.worker_count`` processes. The workers need newsledger and the spaCy pipeline
    installed; each loads the pipeline once. The per-article time limit is not enforced
    there (Dask runs tasks in worker threads, where no timer signal can reach them)."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ConfigError("the dask engine needs Dask: pip install 'newsledger[dask]'") from None
    cluster = None
    if not settings.dask_scheduler:
        cluster = LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=settings.worker_count, threads_per_worker=1, dashboard_address=None
        )
    try:
        try:
            client = Client(  # type: ignore[no-untyped-call]
                settings.dask_scheduler or cluster, timeout=DASK_CONNECT_SECONDS
            )
        except OSError as exc:
            raise ConfigError(
                f"cannot reach the Dask scheduler {settings.dask_scheduler!r}: {exc}"
            ) from None
        with client:
            workers = max(1, len(client.scheduler_info().get("workers", {})))

            def submit(batch: Batch) -> Pending:
                return client.submit(
                    analyse_batch,
                    settings.spacy_model,
                    batch,
                    settings.max_article_seconds,
                    settings.attribution,
                    pure=False,
                )

            yield from _in_order(batches, submit, 2 * workers)
    finally:
        if cluster is not None:
            cluster.close()


def start_worker(model: str) -> None:
    """Set up a pool worker: it ends when its parent does, then loads the pipeline."""
    die_with_parent()
    load_pipeline(model)


def die_with_parent() -> None:
    """End this process as soon as the process that started it is gone (even by kill -9),
    so no worker is left holding hundreds of MB; a no-op in a process nobody started."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return
    sentinel = parent.sentinel

    def watch() -> None:
        multiprocessing.connection.wait([sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="die-with-parent", daemon=True).start()


def _pooled(batches: Iterator[Batch], settings: Settings) -> Iterator[tuple[Batch, Results]]:
    workers = settings.worker_count
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=start_worker,
        initargs=(settings.spacy_model,),
    ) as pool:

        def submit(batch: Batch) -> Pending:
            return _Pieces(
                [
                    pool.submit(
                        analyse_batch,
                        settings.spacy_model,
                        batch[i : i + POOL_PIECE],
                        settings.max_article_seconds,
                        settings.attribution,
                    )
                    for i in range(0, len(batch), POOL_PIECE)
                ]
            )

        yield from _in_order(batches, submit, 2 * workers)


class _Pieces:
    """A batch submitted to the pool in pieces of POOL_PIECE articles, so that the workers
    share its end evenly (a batch of 64 left to one worker keeps the other idle)."""

    def __init__(self, pieces: list[Pending]) -> None:
        self.pieces = pieces

    def result(self) -> Results:
        return [found for piece in self.pieces for found in piece.result()]
