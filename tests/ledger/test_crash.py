"""A real crash: kill -9 a child ingest mid-run, check the ledger, run again, check nothing is
lost or doubled."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ARTICLES = 600
BATCH = 8


def _corpus(folder: Path) -> Path:
    path = folder / "corpus.jsonl"
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(ARTICLES):
            text = (
                f"Report {i}. The ministry said {i * 10} people were evacuated from Varnhelm "
                f"on Monday, and officials expected about {i + 3} more on Tuesday. "
            ) * 3
            fh.write(json.dumps({"id": f"r{i}", "outlet": f"Outlet {i % 7}", "text": text}) + "\n")
    return path


def _stored(db: Path) -> int:
    if not db.exists():
        return 0
    conn = sqlite3.connect(db, timeout=30)
    try:
        return conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    except sqlite3.OperationalError:
        return 0
    finally:
        conn.close()


def _ingest_cmd(corpus: Path, db: Path, workers: int = 1) -> list[str]:
    return [
        sys.executable,
        "-m",
        "newsledger",
        "ingest",
        str(corpus),
        "--db",
        str(db),
        "--batch-size",
        str(BATCH),
        "--workers",
        str(workers),
    ]


def test_crash_kill_9_mid_ingest_then_resume(tmp_path: Path) -> None:
    corpus, db = _corpus(tmp_path), tmp_path / "ledger.db"
    child = subprocess.Popen(
        _ingest_cmd(corpus, db),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while _stored(db) < 3 * BATCH and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(child.pid, signal.SIGKILL)
    child.wait()
    partial = _stored(db)
    assert 0 < partial < ARTICLES, "the kill must land mid-run"

    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # every stored article has all its sentences: batches are all-or-nothing
    orphans = conn.execute(
        "SELECT COUNT(*) FROM articles a WHERE NOT EXISTS "
        "(SELECT 1 FROM sentences s WHERE s.article_key = a.key)"
    ).fetchone()[0]
    assert orphans == 0
    assert conn.execute("SELECT status FROM runs").fetchall() == [("running",)]
    conn.close()

    rerun = subprocess.run(_ingest_cmd(corpus, db), capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    conn = sqlite3.connect(db)
    # the killed run is no longer said to be running
    assert conn.execute("SELECT status FROM runs ORDER BY id").fetchall() == [("died",), ("done",)]
    ids = [r[0] for r in conn.execute("SELECT id FROM articles ORDER BY id")]
    assert len(ids) == ARTICLES and len(set(ids)) == ARTICLES
    per_article = conn.execute("SELECT COUNT(DISTINCT article_key) FROM sentences").fetchone()[0]
    assert per_article == ARTICLES
    assert (
        conn.execute(
            "SELECT COUNT(*) FROM sentences_fts WHERE sentences_fts MATCH 'Varnhelm'"
        ).fetchone()[0]
        == conn.execute("SELECT COUNT(*) FROM sentences WHERE text LIKE '%Varnhelm%'").fetchone()[0]
    )
    conn.close()


def _children(pid: int) -> list[int]:
    """Live (not zombie) processes whose parent is ``pid``."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_crash_kill_9_of_the_main_process_ends_its_workers(tmp_path: Path) -> None:
    corpus, db = _corpus(tmp_path), tmp_path / "ledger.db"
    child = subprocess.Popen(
        _ingest_cmd(corpus, db, workers=2), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 180
    while _stored(db) < 2 * BATCH and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    workers = _children(child.pid)
    assert child.poll() is None and len(workers) >= 2, "the kill must land while workers run"
    child.kill()  # the main process only, as kill -9 PID does
    child.wait()
    deadline = time.monotonic() + 60
    while any(map(_alive, workers)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [w for w in workers if _alive(w)], "workers outlived their parent"
