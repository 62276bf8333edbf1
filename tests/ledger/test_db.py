from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from newsledger import ingest
from newsledger.errors import LedgerError, MigrationFailed, SchemaTooNew
from newsledger.ledger import db as ledger_db
from newsledger.ledger.db import Ledger, latest_version
from newsledger.records import RunCounts
from newsledger.vocabulary import RunStatus


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_ledger_same_article_twice_changes_nothing(tmp_path: Path, settings) -> None:
    src = _write(tmp_path, "a.txt", "Headline\nThe minister said 12,000 troops arrived on Monday.")
    db = tmp_path / "l.db"
    first = ingest([src], db, settings)
    with Ledger.open(db, readonly=True) as ledger:
        before = [tuple(r) for r in ledger.conn.execute("SELECT * FROM sentences ORDER BY id")]
    second = ingest([src], db, settings)
    assert first.counts.stored == 1 and second.counts.stored == 0
    assert second.counts.skipped == {"unchanged": 1}
    with Ledger.open(db, readonly=True) as ledger:
        after = [tuple(r) for r in ledger.conn.execute("SELECT * FROM sentences ORDER BY id")]
        assert ledger.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 1
    assert before == after


def test_ledger_same_id_new_content_is_a_new_version(tmp_path: Path, settings) -> None:
    db = tmp_path / "l.db"
    src = _write(tmp_path, "a.txt", "Headline\nFirst version of the text.")
    ingest([src], db, settings)
    _write(tmp_path, "a.txt", "Headline\nSecond version, corrected.")
    summary = ingest([src], db, settings)
    assert summary.counts.new_versions == 1
    with Ledger.open(db, readonly=True) as ledger:
        rows = ledger.conn.execute(
            "SELECT id, version, text FROM articles ORDER BY version"
        ).fetchall()
    assert [(r["id"], r["version"]) for r in rows] == [("a", 1), ("a", 2)]
    assert rows[1]["text"] == "Headline\nSecond version, corrected."  # the headline stays


def test_ledger_is_plain_sqlite_with_fts(tmp_path: Path, settings) -> None:
    src = _write(tmp_path, "a.txt", "Headline\nKovalenko said the troops came under fire in Kursk.")
    db = tmp_path / "l.db"
    ingest([src], db, settings)
    conn = sqlite3.connect(db)  # no newsledger code involved
    hits = conn.execute(
        "SELECT s.text FROM sentences_fts f JOIN sentences s ON s.id = f.rowid "
        "WHERE sentences_fts MATCH ?",
        ("kursk",),
    ).fetchall()
    assert hits == [("Kovalenko said the troops came under fire in Kursk.",)]
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.close()


def test_ledger_newer_schema_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    Ledger.open(db).close()
    conn = sqlite3.connect(db)
    conn.execute("UPDATE schema_version SET version = ?", (latest_version() + 1,))
    conn.commit()
    conn.close()
    with pytest.raises(SchemaTooNew, match="upgrade newsledger"):
        Ledger.open(db)


def test_ledger_migrations_apply_forward_in_one_transaction(tmp_path: Path, monkeypatch) -> None:
    db = tmp_path / "l.db"
    Ledger.open(db).close()
    base = latest_version()
    steps = [
        (base + 1, f"{base + 1:04d}_add_note.sql", "ALTER TABLE articles ADD COLUMN note TEXT;")
    ]
    monkeypatch.setattr(ledger_db, "migrations", lambda: steps)
    with Ledger.open(db) as ledger:
        assert ledger.schema_version() == base + 1
        assert "note" in [r[1] for r in ledger.conn.execute("PRAGMA table_info(articles)")]


def test_ledger_failed_migration_leaves_ledger_unchanged(tmp_path: Path, monkeypatch) -> None:
    db = tmp_path / "l.db"
    Ledger.open(db).close()
    base = latest_version()
    bad = "CREATE TABLE extra (x INTEGER); INSERT INTO no_such_table VALUES (1);"
    monkeypatch.setattr(
        ledger_db, "migrations", lambda: [(base + 1, f"{base + 1:04d}_bad.sql", bad)]
    )
    with pytest.raises(MigrationFailed):
        Ledger.open(db)
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT version FROM schema_version").fetchone()[0] == base
    assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'extra'").fetchone() is None
    conn.close()


def test_ledger_not_a_database(tmp_path: Path) -> None:
    path = _write(tmp_path, "notes.db", "this is not sqlite " * 100)
    with pytest.raises(LedgerError, match="not a usable newsledger ledger"):
        Ledger.open(path)
    with pytest.raises(LedgerError, match="no ledger"):
        Ledger.open(tmp_path / "missing.db", readonly=True)


def test_ledger_run_statuses_are_the_run_status_values(tmp_path: Path) -> None:
    assert [s.value for s in RunStatus] == ["running", "done", "interrupted", "died"]
    with Ledger.open(tmp_path / "l.db") as ledger:
        ledger.conn.execute(
            "INSERT INTO runs (command, newsledger_version, started) VALUES ('x', '0', '')"
        )
        assert ledger.conn.execute("SELECT status FROM runs").fetchone()[0] == RunStatus.RUNNING
        ledger.conn.execute("DELETE FROM runs")
        running, interrupted = ledger.start_run("ingest"), ledger.start_run("watch")
        ledger.finish_run(interrupted, RunCounts(), status=RunStatus.INTERRUPTED)
        finished = ledger.start_run("link")
        ledger.finish_run(finished, RunCounts())
        rows = ledger.conn.execute("SELECT id, status FROM runs ORDER BY id").fetchall()
    assert [tuple(r) for r in rows] == [
        (running, "running"),
        (interrupted, "interrupted"),
        (finished, "done"),
    ]
