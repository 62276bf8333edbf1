"""A watch killed with SIGKILL in the middle of a poll, then started again, loses nothing and
stores nothing twice; the pages it had stored are not fetched again."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.watch import corpus
from tests.watch.server import LocalServer, page, serving, slow

PAGES = 12
STARTUP_LIMIT = 120.0  # seconds for the watch to load its pipeline and fetch a few pages


def _command(server: LocalServer, tmp_path: Path) -> list[str]:
    sources = tmp_path / "sources.toml"
    sources.write_text(f'[[sources]]\nurl = "{server.url("/feed.xml")}"\noutlet = "Local"\n')
    return [
        sys.executable,
        "-m",
        "newsledger",
        "watch",
        str(sources),
        "--db",
        str(tmp_path / "ledger.db"),
        "--once",
        "--delay",
        "0.05",
        "--timeout",
        "5",
        "--refetch-every",
        "1h",
        "--archive",
        str(tmp_path / "warc"),
    ]


def _site(server: LocalServer) -> list[str]:
    reports = corpus.reports()
    paths = [f"/story/{n}" for n in range(PAGES)]
    for n, path in enumerate(paths):
        report = reports[n % len(reports)]
        variant = corpus.Report(
            report.slug, f"{report.title} (update {n})", (*report.paragraphs, f"Update {n}.")
        )
        server.routes[path] = slow(0.6, page(corpus.article_html(variant)))
    server.routes["/feed.xml"] = page(corpus.rss("Local", [server.url(p) for p in paths]))
    return paths


def _stored(db: Path) -> list[str]:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            return [r[0] for r in conn.execute("SELECT url FROM articles ORDER BY url")]
    except sqlite3.OperationalError:  # not created yet
        return []


def _wait_for_articles(db: Path, process: subprocess.Popen[bytes], count: int) -> None:
    """Until the watch has committed ``count`` articles (it writes batches of 2)."""
    deadline = time.monotonic() + STARTUP_LIMIT
    while time.monotonic() < deadline and process.poll() is None:
        if db.exists() and len(_stored(db)) >= count:
            return
        time.sleep(0.02)
    raise AssertionError("the watch did not store its first articles in time")


def test_sigkill_mid_poll_then_restart_loses_and_doubles_nothing(tmp_path: Path) -> None:
    env = {**os.environ, "NEWSLEDGER_BATCH_SIZE": "2", "NEWSLEDGER_WORKERS": "1"}
    with serving() as server:
        paths = _site(server)
        command = _command(server, tmp_path)
        first = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            _wait_for_articles(tmp_path / "ledger.db", first, 2)
        finally:
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=30)
        assert first.returncode == -signal.SIGKILL
        before = _stored(tmp_path / "ledger.db")
        assert 0 < len(before) < PAGES  # killed in the middle, with some batches written
        hits_before = dict(server.hits)
        second = subprocess.run(command, env=env, capture_output=True, timeout=300)
        assert second.returncode == 0, second.stderr.decode()
        after = _stored(tmp_path / "ledger.db")
    assert after == sorted(server.url(p) for p in paths)  # nothing lost, nothing twice
    for url in before:
        path = url.removeprefix(server.base)
        assert server.hits[path] == hits_before[path] == 1  # stored pages are not fetched again


def test_sigterm_finishes_the_batch_and_stops(tmp_path: Path) -> None:
    env = {**os.environ, "NEWSLEDGER_BATCH_SIZE": "2", "NEWSLEDGER_WORKERS": "1"}
    with serving() as server:
        _site(server)
        command = [c for c in _command(server, tmp_path) if c != "--once"] + ["--every", "1h"]
        watch = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            _wait_for_articles(tmp_path / "ledger.db", watch, 2)
            watch.send_signal(signal.SIGTERM)
            code = watch.wait(timeout=60)
        finally:
            if watch.poll() is None:
                watch.kill()
                watch.wait(timeout=30)
    assert code == 0
    with sqlite3.connect(tmp_path / "ledger.db") as conn:
        runs = conn.execute("SELECT status FROM runs WHERE command = 'watch'").fetchall()
        (queued,) = conn.execute("SELECT COUNT(*) FROM fetch_state WHERE queued = 1").fetchone()
    assert runs == [("done",)]
    assert len(_stored(tmp_path / "ledger.db")) + queued == PAGES  # the rest wait for next time
