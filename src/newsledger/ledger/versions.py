"""Versions of one article: which version each current one replaced, and the claims of a
version, as the silent-edit check and the article page read them."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Said:
    """A claim of one version, with what a reader compares between versions."""

    claim_id: str
    kind: str  # statement or quantity
    text: str
    sentence: str
    speaker: str | None
    direct: bool
    value: float | None
    low: float | None
    high: float | None
    unit: str | None
    qualifier: str | None
    measure: str | None


def previous_versions(conn: sqlite3.Connection, keys: Iterable[str]) -> dict[str, str]:
    """For each of ``keys`` that is not its article's first version: key -> the key of the
    version before it."""
    rows = conn.execute(
        "SELECT a.key, b.key FROM articles a JOIN articles b "
        "ON b.id = a.id AND b.version = a.version - 1 "
        "WHERE a.version > 1 AND a.key IN (SELECT value FROM json_each(?))",
        (json.dumps(sorted(set(keys))),),
    )
    return dict(rows.fetchall())


def claims_of(conn: sqlite3.Connection, key: str) -> list[Said]:
    """The claims of one article version, in text order."""
    rows = conn.execute(
        "SELECT id, kind, text, COALESCE(sentence, text), speaker, COALESCE(direct, 0), value, "
        "low, high, unit, qualifier, measure FROM claims WHERE article_key = ? "
        'ORDER BY start, "end", id',
        (key,),
    )
    return [Said(r[0], r[1], r[2], r[3], r[4], bool(r[5]), *r[6:]) for r in rows]


def versions(conn: sqlite3.Connection, article_id: str) -> list[dict[str, object]]:
    """Every version of an article, oldest first: key, number, title, clean text, and when
    and where its page was fetched, when a watch fetched it."""
    rows = conn.execute(
        "SELECT a.key, a.version, a.title, a.text, c.fetched, c.warc_file, c.warc_offset "
        "FROM articles a LEFT JOIN captures c ON c.article_key = a.key "
        "WHERE a.id = ? ORDER BY a.version",
        (article_id,),
    )
    names = ("key", "version", "title", "text", "fetched", "warc_file", "warc_offset")
    return [dict(zip(names, row, strict=True)) for row in rows]
