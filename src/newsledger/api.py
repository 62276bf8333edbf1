"""The ingest job: read sources, analyse new articles, write them to the ledger in batches."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from newsledger.config import Settings
from newsledger.engine import Batch, analyse_stream
from newsledger.ingest import discover, read_inputs
from newsledger.ledger.db import Ledger
from newsledger.link import link
from newsledger.records import AnalysedArticle, Article, Item, Problem, RunCounts, SkipReason
from newsledger.vocabulary import RunStatus

LOGGER = logging.getLogger(__name__)
ProgressCallback = Callable[[RunCounts], None]
_PROBLEM_FLUSH = 1000
_SHOWN_PROBLEMS = 20


@dataclass(slots=True)
class IngestSummary:
    """What one ingest run did; ``problems`` holds the first few for display."""

    run_id: int
    counts: RunCounts
    seconds: float
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.counts.error_total == 0


@dataclass(slots=True)
class _Run:
    """State of one run, shared by the reading and the writing side of the loop."""

    ledger: Ledger
    run_id: int
    settings: Settings
    counts: RunCounts = field(default_factory=RunCounts)
    pending: list[Problem] = field(default_factory=list)
    shown: list[Problem] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)

    def problem(self, problem: Problem) -> None:
        self.counts.add_error(problem.kind, problem.count)
        self.pending.append(problem)
        if len(self.shown) < _SHOWN_PROBLEMS:
            self.shown.append(problem)
        if len(self.pending) >= _PROBLEM_FLUSH:
            self.write([])

    def write(self, analysed: list[AnalysedArticle]) -> None:
        stored, versions = self.ledger.write_batch(self.run_id, analysed, self.pending)
        self.counts.stored += stored
        self.counts.new_versions += versions
        self.pending = []


def ingest(
    paths: Iterable[str | Path],
    db: str | Path,
    settings: Settings | None = None,
    on_progress: ProgressCallback | None = None,
    run_link: bool = True,
) -> IngestSummary:
    """Ingest files, folders and globs into the ledger at ``db``; see ``IngestSummary``.

    With ``run_link`` (the default) the link stage then links what is new into the ledger.

    Bad inputs are recorded in the ledger's ``errors`` table and counted; they never stop
    the run. Articles already stored (same id and content) are skipped, so running the same
    command again after a crash completes the work without doubling anything.
    """
    settings = settings or Settings.from_env()
    inputs = discover(paths)
    started = time.monotonic()
    with Ledger.open(db) as ledger:
        run = _Run(ledger, ledger.start_run("ingest"), settings)
        notify = on_progress or (lambda counts: None)
        try:
            batches = _new_article_batches(read_inputs(inputs, settings), run, notify)
            for _batch, results in analyse_stream(batches, settings):
                analysed = []
                for result in results:
                    if isinstance(result, Problem):
                        run.problem(result)
                    else:
                        analysed.append(result)
                run.write(analysed)
                notify(run.counts)
            run.write([])
        except BaseException:
            ledger.finish_run(run.run_id, run.counts, status=RunStatus.INTERRUPTED)
            raise
        ledger.finish_run(run.run_id, run.counts)
    if run_link:
        link(db)
    notify(run.counts)
    return IngestSummary(run.run_id, run.counts, time.monotonic() - started, run.shown)


def _new_article_batches(
    items: Iterator[Item], run: _Run, notify: ProgressCallback
) -> Iterator[Batch]:
    """Batches of articles not yet in the ledger; problems and skips are counted on the way."""
    batch: Batch = []
    for item in items:
        if isinstance(item, Article):
            run.counts.read += 1
            batch.append(item)
            if len(batch) >= run.settings.batch_size:
                yield from _unless_known(batch, run)
                batch = []
        elif isinstance(item, Problem):
            run.problem(item)
            notify(run.counts)
        else:
            run.counts.add_skip(item.reason)
    if batch:
        yield from _unless_known(batch, run)


def _unless_known(batch: Batch, run: _Run) -> Iterator[Batch]:
    keys = [a.key for a in batch]
    known = run.ledger.known_keys(keys) | run.seen
    fresh = []
    for article, key in zip(batch, keys, strict=True):
        if key in known:
            run.counts.add_skip(SkipReason.UNCHANGED)
            continue
        known.add(key)
        run.seen.add(key)
        fresh.append(article)
    if fresh:
        yield fresh
