"""What a watch keeps in the ledger: per URL the state of its last fetch and its place in the
queue, where each fetched article version is archived, the polls, and the flags alerted."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from newsledger.ledger.queries import LATEST

_KNOWN = (
    "SELECT url, kind, outlet, etag, last_modified, digest, article_id, via, failures "
    "FROM fetch_state"
)


@dataclass(frozen=True, slots=True)
class Known:
    """What the last fetch of a URL left."""

    url: str
    kind: str  # source or page
    outlet: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    digest: str | None = None
    article_id: str | None = None
    via: str | None = None  # for a feed found through a source: that source's URL
    failures: int = 0


@dataclass(frozen=True, slots=True)
class Alert:
    """A flag not alerted yet, with the article it is on."""

    claim_id: str
    kind: str
    reason: str
    evidence: list[str]
    article_id: str
    url: str | None
    outlet: str | None
    title: str | None
    story_id: str | None


def known(conn: sqlite3.Connection, url: str) -> Known | None:
    row = conn.execute(_KNOWN + " WHERE url = ?", (url,)).fetchone()
    return Known(*row) if row else None


def found_through(conn: sqlite3.Connection, source: str) -> list[str]:
    """The feeds and sitemaps found through a source in earlier polls."""
    rows = conn.execute("SELECT url FROM fetch_state WHERE via = ? ORDER BY rowid", (source,))
    return [row[0] for row in rows]


def queue(conn: sqlite3.Connection, urls: Iterable[str], outlet: str | None, now: str) -> int:
    """Queue the pages not seen before; returns how many were new."""
    cursor = conn.executemany(
        "INSERT INTO fetch_state (url, kind, outlet, first_seen, queued) "
        "VALUES (?, 'page', ?, ?, 1) ON CONFLICT (url) DO NOTHING",
        [(url, outlet, now) for url in urls],
    )
    return cursor.rowcount


def requeue(conn: sqlite3.Connection, urls: Iterable[str]) -> None:
    """Queue known pages again (to look for edits)."""
    conn.executemany("UPDATE fetch_state SET queued = 1 WHERE url = ?", [(u,) for u in urls])


def queued(conn: sqlite3.Connection) -> list[Known]:
    """The pages waiting to be fetched, in the order they were found."""
    return [Known(*row) for row in conn.execute(_KNOWN + " WHERE queued = 1 ORDER BY rowid")]


def due(conn: sqlite3.Connection, seen_since: str, fetched_before: str) -> list[str]:
    """Pages that became articles under their own URL (not another page's canonical one),
    first seen since ``seen_since`` and last fetched before ``fetched_before``: the ones to
    fetch again for edits."""
    rows = conn.execute(
        "SELECT url FROM fetch_state WHERE kind = 'page' AND queued = 0 AND article_id = url "
        "AND first_seen >= ? AND fetched < ? ORDER BY rowid",
        (seen_since, fetched_before),
    )
    return [row[0] for row in rows]


def fetched(conn: sqlite3.Connection, state: Known, now: str, changed: bool) -> None:
    """Record a successful fetch (200 or 304): validators, digest, and out of the queue."""
    conn.execute(
        "INSERT INTO fetch_state (url, kind, outlet, etag, last_modified, digest, first_seen, "
        "fetched, changed, article_id, via, failures, queued) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0) ON CONFLICT (url) DO UPDATE SET "
        "etag = excluded.etag, last_modified = excluded.last_modified, "
        "digest = excluded.digest, fetched = excluded.fetched, "
        "changed = COALESCE(excluded.changed, changed), "
        "article_id = COALESCE(excluded.article_id, article_id), failures = 0, queued = 0",
        (
            state.url,
            state.kind,
            state.outlet,
            state.etag,
            state.last_modified,
            state.digest,
            now,
            now,
            now if changed else None,
            state.article_id,
            state.via,
        ),
    )


def failed(conn: sqlite3.Connection, state: Known, now: str, max_failures: int) -> None:
    """Record a failed fetch; a page leaves the queue after ``max_failures`` in a row."""
    conn.execute(
        "INSERT INTO fetch_state (url, kind, outlet, first_seen, failures, queued) "
        "VALUES (?, ?, ?, ?, 1, 0) ON CONFLICT (url) DO UPDATE SET failures = failures + 1, "
        "queued = CASE WHEN failures + 1 >= ? THEN 0 ELSE queued END",
        (state.url, state.kind, state.outlet, now, max_failures),
    )


def capture(
    conn: sqlite3.Connection,
    article_key: str,
    url: str,
    when: str,
    pointer: tuple[str, int, str] | None,
) -> None:
    """Where an article version was fetched from, when, and its WARC record if archived."""
    file, offset, record_id = pointer or (None, None, None)
    conn.execute(
        "INSERT INTO captures (article_key, url, fetched, warc_file, warc_offset, "
        "warc_record_id) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        (article_key, url, when, file, offset, record_id),
    )


def start_poll(conn: sqlite3.Connection, run_id: int, now: str) -> int:
    cursor = conn.execute("INSERT INTO watch_polls (run_id, started) VALUES (?, ?)", (run_id, now))
    return int(cursor.lastrowid or 0)


def finish_poll(conn: sqlite3.Connection, poll_id: int, counts: dict[str, int], now: str) -> None:
    conn.execute(
        "UPDATE watch_polls SET ended = ?, counts = ? WHERE id = ?",
        (now, json.dumps(counts), poll_id),
    )


def first_poll(conn: sqlite3.Connection) -> bool:
    """Whether no poll was ever started on this ledger."""
    return conn.execute("SELECT 1 FROM watch_polls LIMIT 1").fetchone() is None


def unalerted(conn: sqlite3.Connection, kinds: Iterable[str]) -> list[Alert]:
    """Flags of the given kinds on current article versions that were never alerted, in
    the order their articles were stored."""
    rows = conn.execute(
        "SELECT f.claim_id, f.kind, f.reason, f.evidence, a.id, a.url, a.outlet, a.title, "
        "a.story_id FROM flags f JOIN claims c ON c.id = f.claim_id "
        "JOIN articles a ON a.key = c.article_key "
        "WHERE f.kind IN (SELECT value FROM json_each(?)) AND " + LATEST + " AND NOT EXISTS "
        "(SELECT 1 FROM alerted x WHERE x.claim_id = f.claim_id AND x.kind = f.kind) "
        "ORDER BY a.rowid, c.start, f.kind",
        (json.dumps(sorted(set(kinds))),),
    )
    return [Alert(r[0], r[1], r[2], json.loads(r[3] or "[]"), *r[4:]) for r in rows]


def mark_alerted(conn: sqlite3.Connection, alerts: Iterable[Alert], poll_id: int) -> None:
    conn.executemany(
        "INSERT INTO alerted (claim_id, kind, poll_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
        [(a.claim_id, a.kind, poll_id) for a in alerts],
    )
