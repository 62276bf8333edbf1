"""The watch job: poll sources, fetch what is new, analyse and link it, alert on new flags.

A poll fetches each source (conditionally), queues the pages it lists that were never seen,
queues again the recent pages due for an edit check, then fetches the queue. Each page that
changed becomes an article version (id: its canonical URL), analysed and written with its
fetch state and archive pointer in one transaction, so a watch killed at any moment resumes
from the queue the ledger holds: nothing is lost, and nothing is stored twice. After the link
stage, flags never alerted are alerted.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import httpx2

from newsledger.analyse.pipeline import analyse_batch
from newsledger.config import Settings
from newsledger.engine import check_model
from newsledger.ingest.archive import Archive, Pointer
from newsledger.ingest.decode import InputProblem, declared_charset, decode
from newsledger.ingest.fetch import (
    FEED_TYPES,
    HTML_TYPES,
    Failed,
    Fetched,
    Fetcher,
    Outcome,
    Politeness,
)
from newsledger.ingest.fetch import Request as FetchRequest
from newsledger.ingest.html import article_from_html
from newsledger.ingest.sources import Listing, Source, canonical_of_page, listing
from newsledger.ledger import watch as state
from newsledger.ledger.db import Ledger
from newsledger.link import link
from newsledger.records import AnalysedArticle, Article, ErrorKind, Problem, RunCounts, SkipReason
from newsledger.vocabulary import FlagKind, RunStatus

LOGGER = logging.getLogger(__name__)
ALERT_KINDS = tuple(k.value for k in FlagKind if k is not FlagKind.UNATTRIBUTED)
NOTIFY_TIMEOUT = 10.0


@dataclass(frozen=True, slots=True)
class WatchOptions:
    """How a watch runs (see docs/watch.md for the defaults and why)."""

    sources: tuple[Source, ...]
    every: float = 900.0  # seconds between the starts of two polls
    refetch_every: float = 3600.0  # seconds between edit checks of a page; 0: every poll
    refetch_window: float = 72 * 3600.0  # pages first seen this recently are checked
    archive: Path | None = None
    archive_max_bytes: int = 256 * 1024 * 1024
    alerts: Path | None = None
    notify: str | None = None
    max_failures: int = 3  # failed fetches in a row before a page leaves the queue
    alert_kinds: tuple[str, ...] = ALERT_KINDS
    politeness: Politeness = field(default_factory=Politeness)


@dataclass(slots=True)
class PollSummary:
    """What one poll did."""

    poll_id: int
    counts: RunCounts = field(default_factory=RunCounts)
    fetched: int = 0  # answers with a body (200)
    not_modified: int = 0  # 304 answers, and 200 answers with the body of the last fetch
    queued: int = 0  # pages new to the ledger
    alerts: list[state.Alert] = field(default_factory=list)


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds")


def _ago(seconds: float) -> str:
    when = dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=seconds)
    return when.isoformat(timespec="microseconds")


@dataclass(slots=True)
class _Page:
    """A fetched page on its way to the ledger: its new fetch state and what it became."""

    known: state.Known
    outcome: Fetched
    changed: bool
    pointer: Pointer | None
    article: Article | None = None


class Watcher:
    """One ledger watched with one fetcher (and archive); use as a context manager."""

    def __init__(
        self,
        db: str | Path,
        options: WatchOptions,
        settings: Settings | None = None,
        transport: httpx2.AsyncBaseTransport | None = None,
    ) -> None:
        self.db = Path(db)
        self.options = options
        self.settings = settings or Settings.from_env()
        self.stop = threading.Event()
        self._transport = transport
        self._ledger: Ledger | None = None
        self._fetcher: Fetcher | None = None
        self._archive: Archive | None = None
        self._alerts: IO[str] | None = None

    def __enter__(self) -> Watcher:
        check_model(self.settings.spacy_model)
        self._ledger = Ledger.open(self.db)
        self._fetcher = Fetcher(self.options.politeness, self._transport).__enter__()
        if self.options.archive is not None:
            self._archive = Archive(self.options.archive, self.options.archive_max_bytes)
            self._archive.__enter__()
        if self.options.alerts is not None:
            self._alerts = open(self.options.alerts, "a", encoding="utf-8")  # noqa: SIM115
        return self

    def __exit__(self, *exc: object) -> None:
        for closing in (self._alerts, self._ledger):
            if closing is not None:
                closing.close()
        if self._archive is not None:
            self._archive.__exit__()
        if self._fetcher is not None:
            self._fetcher.__exit__()

    @property
    def ledger(self) -> Ledger:
        assert self._ledger is not None, "use Watcher as a context manager"
        return self._ledger

    @property
    def fetcher(self) -> Fetcher:
        assert self._fetcher is not None, "use Watcher as a context manager"
        return self._fetcher

    # --- the loop -----------------------------------------------------------------------
    def run(self, once: bool, on_poll: Callable[[PollSummary], None]) -> None:
        """Poll until ``stop`` is set (or once), ``options.every`` seconds apart."""
        while not self.stop.is_set():
            summary = self.poll()
            on_poll(summary)
            if once or self.stop.wait(self.options.every):
                break

    def poll(self) -> PollSummary:
        """One poll (see module doc); a set ``stop`` ends it after the current batch."""
        ledger = self.ledger
        run_id = ledger.start_run("watch")
        with ledger.transaction() as conn:
            if state.first_poll(conn):
                state.mark_alerted(conn, state.unalerted(conn, self.options.alert_kinds), 0)
            summary = PollSummary(state.start_poll(conn, run_id, _now()))
        status = RunStatus.DONE
        try:
            self._sources(run_id, summary)
            self._requeue_due()
            self._pages(run_id, summary)
            if summary.counts.stored:
                link(self.db)
            self._alert(run_id, summary)
        except BaseException:
            status = RunStatus.INTERRUPTED
            raise
        finally:
            ledger.finish_run(run_id, summary.counts, status=status)
            with ledger.transaction() as conn:
                state.finish_poll(conn, summary.poll_id, _poll_counts(summary), _now())
        return summary

    # --- sources ------------------------------------------------------------------------
    def _sources(self, run_id: int, summary: PollSummary) -> None:
        """Fetch the sources, then the feeds found through them (one level), queueing the
        pages they list."""
        by_url = {s.url: s for s in self.options.sources}
        found: dict[str, Source] = {}
        via: dict[str, str] = {}

        def add(parent: Source, url: str) -> None:
            if url not in by_url and url not in found:
                found[url] = dataclasses.replace(parent, url=url)
                via[url] = parent.url

        with self.ledger.transaction() as conn:
            for source in by_url.values():
                for url in state.found_through(conn, source.url):
                    add(source, url)
        for source, feeds in self._read_sources(list(by_url.values()), run_id, summary, {}):
            for url in feeds:
                add(source, url)
        for _ in self._read_sources(list(found.values()), run_id, summary, via):
            pass  # feeds of feeds are not followed: one level is enough and bounded

    def _read_sources(
        self, sources: list[Source], run_id: int, summary: PollSummary, via: dict[str, str]
    ) -> Iterator[tuple[Source, tuple[str, ...]]]:
        """Fetch each source; queue its pages; yield it with the feeds it announces."""
        by_url = {s.url: s for s in sources}
        with self.ledger.transaction() as conn:
            requests = [self._request(conn, url, FEED_TYPES) for url in by_url]
        for outcome in self.fetcher.fetch_all(requests):
            source = by_url[outcome.request.url]
            self._archived(outcome, changed=True)
            known = state.Known(source.url, "source", source.outlet, via=via.get(source.url))
            if isinstance(outcome, Failed):
                self._failed(run_id, summary, known, outcome)
                continue
            self._count(summary, outcome)
            listed = listing(outcome.body, outcome.url) if outcome.modified else Listing()
            pages = [p for p in listed.pages if source.follows(p)]
            for _ in range(len(listed.pages) - len(pages)):
                summary.counts.add_skip(SkipReason.OFF_SITE)
            digest = hashlib.sha256(outcome.body).hexdigest() if outcome.modified else None
            new_known = dataclasses.replace(
                known, etag=outcome.etag, last_modified=outcome.last_modified, digest=digest
            )
            with self.ledger.transaction() as conn:
                summary.queued += state.queue(conn, pages, source.outlet, _now())
                if listed.problem:
                    self._problem(conn, run_id, summary, outcome.url, listed.problem)
                state.fetched(conn, new_known, _now(), changed=outcome.modified)
            yield source, tuple(f for f in listed.feeds if source.follows(f))

    def _request(
        self, conn: sqlite3.Connection, url: str, types: tuple[str, ...] = HTML_TYPES
    ) -> FetchRequest:
        known = state.known(conn, url)
        if known is None:
            return FetchRequest(url, types=types)
        return FetchRequest(url, known.etag, known.last_modified, types)

    def _requeue_due(self) -> None:
        options = self.options
        before = _now() if options.refetch_every == 0 else _ago(options.refetch_every)
        with self.ledger.transaction() as conn:
            state.requeue(conn, state.due(conn, _ago(options.refetch_window), before))

    # --- pages --------------------------------------------------------------------------
    def _pages(self, run_id: int, summary: PollSummary) -> None:
        """Fetch the queue; write pages in batches as they come."""
        with self.ledger.transaction() as conn:
            queue = state.queued(conn)
            requests = [self._request(conn, k.url) for k in queue]
        known = {k.url: k for k in queue}
        batch: list[_Page] = []
        outcomes = self.fetcher.fetch_all(requests)
        try:
            for outcome in outcomes:
                page = self._page(run_id, summary, known[outcome.request.url], outcome)
                if page is not None:
                    batch.append(page)
                if len(batch) >= self.settings.batch_size:
                    self._write(run_id, summary, batch)
                    batch = []
                if self.stop.is_set():
                    break
        finally:
            outcomes.close()
        self._write(run_id, summary, batch)

    def _page(
        self, run_id: int, summary: PollSummary, known: state.Known, outcome: Outcome
    ) -> _Page | None:
        """A fetched page to write, or None when it failed (recorded at once)."""
        if isinstance(outcome, Failed):
            self._archived(outcome, changed=True)
            self._failed(run_id, summary, known, outcome)
            return None
        self._count(summary, outcome)
        digest = hashlib.sha256(outcome.body).hexdigest() if outcome.modified else known.digest
        changed = outcome.modified and digest != known.digest
        pointer = self._archived(outcome, changed)
        new_known = dataclasses.replace(
            known, etag=outcome.etag, last_modified=outcome.last_modified, digest=digest
        )
        page = _Page(new_known, outcome, changed, pointer)
        if changed:
            try:
                page.article = self._article(outcome, known)
            except InputProblem as problem:
                with self.ledger.transaction() as conn:
                    self._problem(conn, run_id, summary, known.url, problem.message, problem.kind)
                    state.fetched(conn, new_known, _now(), changed=True)
                return None
            page.known = dataclasses.replace(new_known, article_id=page.article.id)
        return page

    def _article(self, outcome: Fetched, known: state.Known) -> Article:
        html = decode(outcome.body, outcome.charset or declared_charset(outcome.body))
        url = canonical_of_page(html, outcome.url)
        article = article_from_html(
            html, article_id=url, source=outcome.url, url=url, settings=self.settings
        )
        return dataclasses.replace(article, outlet=known.outlet) if known.outlet else article

    def _write(self, run_id: int, summary: PollSummary, batch: list[_Page]) -> None:
        """Analyse the batch's new article versions and write them with every page's fetch
        state and capture, in one transaction."""
        if not batch:
            return
        ledger = self.ledger
        articles = [p.article for p in batch if p.article is not None]
        summary.counts.read += len(articles)
        known = ledger.known_keys(a.key for a in articles)
        fresh = {a.key: a for a in articles if a.key not in known}
        for _ in range(len(articles) - len(fresh)):
            summary.counts.add_skip(SkipReason.UNCHANGED)
        analysed: list[AnalysedArticle] = []
        problems: list[Problem] = []
        if fresh:
            settings = self.settings
            for result in analyse_batch(
                settings.spacy_model,
                list(fresh.values()),
                settings.max_article_seconds,
                settings.attribution,
            ):
                if isinstance(result, Problem):
                    problems.append(result)
                else:
                    analysed.append(result)
        for problem in problems:
            summary.counts.add_error(problem.kind)
        stored_keys = {a.article.key for a in analysed}

        def also(conn: sqlite3.Connection) -> None:
            now = _now()
            for page in batch:
                state.fetched(conn, page.known, now, page.changed)
                if page.known.article_id not in (None, page.known.url):
                    # its canonical page is the one checked for edits from now on
                    state.queue(conn, [page.known.article_id], page.known.outlet, now)
                if page.article is not None and page.article.key in stored_keys:
                    pointer = page.pointer
                    state.capture(
                        conn,
                        page.article.key,
                        page.outcome.url,
                        page.outcome.exchanges[-1].when,
                        (pointer.file, pointer.offset, pointer.record_id) if pointer else None,
                    )

        stored, versions = ledger.write_batch(run_id, analysed, problems, also=also)
        summary.counts.stored += stored
        summary.counts.new_versions += versions

    # --- shared -------------------------------------------------------------------------
    def _archived(self, outcome: Outcome, changed: bool) -> Pointer | None:
        """Archive every exchange of an outcome; the pointer to its last one."""
        if self._archive is None:
            return None
        pointer = None
        for exchange in outcome.exchanges:
            unchanged = not changed and exchange.status == 200
            pointer = self._archive.write(exchange, unchanged=unchanged)
        return pointer

    def _count(self, summary: PollSummary, outcome: Fetched) -> None:
        if outcome.modified:
            summary.fetched += 1
        else:
            summary.not_modified += 1

    def _failed(
        self, run_id: int, summary: PollSummary, known: state.Known, outcome: Failed
    ) -> None:
        with self.ledger.transaction() as conn:
            self._problem(conn, run_id, summary, known.url, outcome.reason, outcome.kind)
            state.failed(conn, known, _now(), self.options.max_failures)

    def _problem(
        self,
        conn: sqlite3.Connection,
        run_id: int,
        summary: PollSummary,
        url: str,
        message: str,
        kind: ErrorKind = ErrorKind.BAD_RECORD,
    ) -> None:
        """An errors row for ``url``, tagged with the poll (a fault that lasts gives a row
        per poll)."""
        summary.counts.add_error(kind)
        conn.execute(
            "INSERT INTO errors (run_id, source, position, kind, message) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            (run_id, url, f"poll {summary.poll_id}", kind.value, message),
        )

    # --- alerts -------------------------------------------------------------------------
    def _alert(self, run_id: int, summary: PollSummary) -> None:
        """Emit the flags never alerted (file first, then the webhook), then remember them."""
        with self.ledger.transaction() as conn:
            alerts = state.unalerted(conn, self.options.alert_kinds)
        summary.alerts = alerts
        if not alerts:
            return
        records = [alert_record(a, summary.poll_id) for a in alerts]
        if self._alerts is not None:
            self._alerts.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
            self._alerts.flush()
        problem = self._notify(records) if self.options.notify else None
        with self.ledger.transaction() as conn:
            if problem is not None and self.options.notify:
                self._problem(conn, run_id, summary, self.options.notify, problem, ErrorKind.FETCH)
            state.mark_alerted(conn, alerts, summary.poll_id)

    def _notify(self, records: list[dict[str, object]]) -> str | None:
        """POST the alerts as one JSON object; why it failed, or None."""
        assert self.options.notify is not None
        headers = {"User-Agent": self.options.politeness.user_agent}
        try:
            response = httpx2.post(
                self.options.notify,
                json={"alerts": records},
                headers=headers,
                timeout=NOTIFY_TIMEOUT,
                follow_redirects=False,
                trust_env=False,
            )
        except httpx2.HTTPError as exc:
            return f"notify failed: {type(exc).__name__}: {exc}"
        if response.status_code >= 300:
            return f"notify failed: HTTP {response.status_code}"
        return None


def alert_record(alert: state.Alert, poll_id: int) -> dict[str, object]:
    """An alert as one JSON object (a line of the alerts file)."""
    return {"poll": poll_id, "time": _now(), **dataclasses.asdict(alert)}


def alert_line(alert: state.Alert) -> str:
    """An alert as one line of text."""
    where = " · ".join(x for x in (alert.outlet, alert.title) if x)
    return f"[{alert.kind}] {where} <{alert.url or alert.article_id}>: {alert.reason}"


def _poll_counts(summary: PollSummary) -> dict[str, int]:
    counts = summary.counts
    return {
        "fetched": summary.fetched,
        "not_modified": summary.not_modified,
        "queued": summary.queued,
        "stored": counts.stored,
        "new_versions": counts.new_versions,
        "errors": counts.error_total,
        "alerts": len(summary.alerts),
    }
