"""A ledger of schema version 1, migrated step by step, has exactly the schema a new ledger
gets from ``schema.sql``: the same tables and columns, indexes, triggers and views."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from newsledger.ledger.db import Ledger, latest_version, migrations

VERSION_1 = Path(__file__).with_name("schema_v1.sql")
Shape = dict[str, object]


def _shape(path: Path) -> Shape:
    """Every object of the schema, described by what SQLite reports of it (not its SQL text,
    which ALTER TABLE writes differently)."""
    conn = sqlite3.connect(path)
    try:
        objects = conn.execute(
            "SELECT type, name, tbl_name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' "
            "ORDER BY type, name"
        ).fetchall()
        shape: Shape = {}
        for kind, name, table in objects:
            if kind == "table":
                columns = conn.execute("SELECT * FROM pragma_table_info(?)", (name,)).fetchall()
                keys = conn.execute("SELECT * FROM pragma_foreign_key_list(?)", (name,))
                shape[f"table {name}"] = (sorted(columns), sorted(keys.fetchall()))
            elif kind == "index":
                info = conn.execute("SELECT * FROM pragma_index_xinfo(?)", (name,)).fetchall()
                shape[f"index {name}"] = (table, info)
            else:
                shape[f"{kind} {name}"] = table
        return shape
    finally:
        conn.close()


def test_migrating_a_version_1_ledger_gives_the_current_schema(tmp_path: Path) -> None:
    old = tmp_path / "old.db"
    conn = sqlite3.connect(old)
    conn.executescript(VERSION_1.read_text(encoding="utf-8"))
    conn.execute("INSERT INTO schema_version (version) VALUES (1)")
    conn.commit()
    conn.close()
    with Ledger.open(old) as ledger:
        assert ledger.schema_version() == latest_version()
    with Ledger.open(tmp_path / "new.db") as ledger:
        assert ledger.schema_version() == latest_version()
    migrated, fresh = _shape(old), _shape(tmp_path / "new.db")
    assert migrated.keys() == fresh.keys()
    for name in fresh:
        assert migrated[name] == fresh[name], name


def test_each_migration_has_its_own_version() -> None:
    versions = [version for version, _, _ in migrations()]
    assert len(versions) == len(set(versions)), versions
    assert versions == list(range(2, latest_version() + 1))
