"""``newsledger watch``: the command-line face of ``newsledger.watch``.

Ctrl-C or SIGTERM asks the watch to stop: the batch being written is finished (its
transaction committed) and the poll ends; a second Ctrl-C stops at once (the open
transaction is rolled back). Alerts go to stdout one per line, the poll summaries to stderr.
"""

from __future__ import annotations

import re
import signal
from pathlib import Path
from types import FrameType
from typing import Annotated

import typer
from rich.console import Console

from newsledger.config import Settings
from newsledger.errors import ConfigError
from newsledger.ingest.fetch import Politeness
from newsledger.ingest.sources import load_sources
from newsledger.watch import PollSummary, Watcher, WatchOptions, alert_line

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d)?\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
EXIT_FAILURES = 1
_POLITE = Politeness()  # the defaults

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


def duration(text: str) -> float:
    """Seconds in ``90``, ``30s``, ``15m``, ``1.5h`` or ``3d``."""
    match = _DURATION.match(text)
    if match is None:
        raise typer.BadParameter(f"{text!r} is not a duration such as 30s, 15m, 1h or 3d")
    return float(match.group(1)) * _UNIT_SECONDS[match.group(2) or "s"]


def watch_cli(
    sources: Annotated[
        Path, typer.Argument(help="TOML file listing the sources (see docs/watch.md).")
    ],
    db: Annotated[Path, typer.Option("--db", help="Ledger file (SQLite).")] = Path("ledger.db"),
    every: Annotated[str, typer.Option(help="Time between polls (30s, 15m, 1h).")] = "15m",
    once: Annotated[bool, typer.Option("--once", help="Poll once, then stop.")] = False,
    archive: Annotated[
        Path | None, typer.Option(help="Folder for WARC files of every response fetched.")
    ] = None,
    alerts: Annotated[
        Path | None, typer.Option(help="Append alerts to this file as JSON lines.")
    ] = None,
    notify: Annotated[
        str | None, typer.Option(help="POST each poll's alerts as JSON to this URL.")
    ] = None,
    refetch_every: Annotated[
        str, typer.Option(help="Time between edit checks of a recent page; 0: every poll.")
    ] = "1h",
    refetch_window: Annotated[
        str, typer.Option(help="Pages first seen this recently are checked for edits.")
    ] = "72h",
    delay: Annotated[
        float, typer.Option(min=0, help="Seconds between two requests to one host.")
    ] = _POLITE.delay,
    per_host: Annotated[
        int, typer.Option(min=1, help="Requests in flight per host.")
    ] = _POLITE.per_host,
    timeout: Annotated[
        float, typer.Option(min=0.1, help="Seconds for one request, body included.")
    ] = _POLITE.timeout,
    retries: Annotated[
        int, typer.Option(min=0, help="Retries after a 429, a 5xx or a network error.")
    ] = _POLITE.retries,
    max_redirects: Annotated[
        int, typer.Option(min=0, help="Redirects followed per request.")
    ] = _POLITE.max_redirects,
    max_body_mb: Annotated[
        float, typer.Option(min=0.001, help="Largest body read, in MB.")
    ] = _POLITE.max_body_bytes / 1024 / 1024,
    user_agent: Annotated[
        str, typer.Option(help="User-Agent sent (and matched in robots.txt).")
    ] = _POLITE.user_agent,
) -> None:
    """Watch live sources: poll feeds, news sitemaps and home pages, store and link what is
    new, re-check recent pages for silent edits, and alert on new flags."""
    politeness = Politeness(
        user_agent=user_agent,
        delay=delay,
        per_host=per_host,
        timeout=timeout,
        retries=retries,
        max_redirects=max_redirects,
        max_body_bytes=int(max_body_mb * 1024 * 1024),
    )
    options = WatchOptions(
        sources=tuple(load_sources(sources)),
        every=duration(every),
        refetch_every=duration(refetch_every),
        refetch_window=duration(refetch_window),
        archive=archive,
        alerts=alerts,
        notify=notify,
        politeness=politeness,
    )
    if options.every <= 0 and not once:
        raise ConfigError("--every must be more than 0 (or use --once)")
    failed = False

    def report(summary: PollSummary) -> None:
        nonlocal failed
        failed = failed or summary.counts.error_total > 0
        for alert in summary.alerts:
            out.print(alert_line(alert), highlight=False, markup=False)
        c = summary.counts
        err.print(
            f"poll {summary.poll_id}: {summary.fetched} fetched, {summary.not_modified} not "
            f"modified, {summary.queued} new pages, {c.stored} stored ({c.new_versions} new "
            f"versions), {c.error_total} errors, {len(summary.alerts)} alerts",
            highlight=False,
            markup=False,
        )

    with Watcher(db, options, Settings.from_env()) as watcher:
        _stop_on_signals(watcher)
        watcher.run(once, report)
    if failed:
        raise typer.Exit(EXIT_FAILURES)


def _stop_on_signals(watcher: Watcher) -> None:
    """SIGTERM and a first Ctrl-C ask the watch to stop; a second Ctrl-C interrupts."""

    def ask(signum: int, frame: FrameType | None) -> None:
        if watcher.stop.is_set() and signum == signal.SIGINT:
            raise KeyboardInterrupt
        err.print("stopping after the current batch ...", highlight=False, markup=False)
        watcher.stop.set()

    signal.signal(signal.SIGTERM, ask)
    signal.signal(signal.SIGINT, ask)
