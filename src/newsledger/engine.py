"""Runs the per-article stage on batches: in-process, or in a pool of worker processes.

Results come back in input order whatever the engine, so a run is deterministic.
"""

from __future__ import annotations

import importlib.util
import multiprocessing
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from newsledger.analyse.pipeline import analyse_batch, load_pipeline
from newsledger.config import Settings
from newsledger.errors import ConfigError
from newsledger.records import AnalysedArticle, Article, Problem

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
    first = next(batches, None)
    if first is None:
        return
    second = next(batches, None)
    if second is None or settings.worker_count == 1:
        for batch in _chain(first, second, batches):
            yield batch, analyse_batch(settings.spacy_model, batch, settings.max_article_seconds)
        return
    yield from _pooled(_chain(first, second, batches), settings)


def _chain(first: Batch, second: Batch | None, rest: Iterator[Batch]) -> Iterator[Batch]:
    yield first
    if second is not None:
        yield second
        yield from rest


def _pooled(batches: Iterator[Batch], settings: Settings) -> Iterator[tuple[Batch, Results]]:
    workers = settings.worker_count
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=load_pipeline,
        initargs=(settings.spacy_model,),
    ) as pool:
        inflight: deque[tuple[Batch, Future[Results]]] = deque()
        for batch in batches:
            inflight.append(
                (
                    batch,
                    pool.submit(
                        analyse_batch, settings.spacy_model, batch, settings.max_article_seconds
                    ),
                )
            )
            if len(inflight) >= 2 * workers:
                done, future = inflight.popleft()
                yield done, future.result()
        while inflight:
            done, future = inflight.popleft()
            yield done, future.result()
