"""Read-only queries over the ledger, streamed row by row (nothing loads a whole table)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from typing import Any

from newsledger.vocabulary import ClaimKind

# The current version of each article id (as table alias ``a``); older versions stay in the
# ledger for history. Shared by every query that reads current articles.
LATEST = "a.version = (SELECT MAX(b.version) FROM articles b WHERE b.id = a.id)"

ARTICLES_SQL = (
    "SELECT a.id, a.url, a.outlet, a.title, a.published, a.story_id, a.duplicate_of, a.text, "
    "a.author, a.language, a.version, a.format, a.source, a.key FROM articles a WHERE "
    + LATEST
    + " ORDER BY a.id"
)
CLAIMS_SQL = (
    "SELECT c.*, a.id AS article_id FROM claims c JOIN articles a ON a.key = c.article_key "
    "WHERE " + LATEST + " ORDER BY a.id, c.start, c.id"
)
REMOVALS_SQL = 'SELECT kind, start, "end", text FROM removals WHERE article_key = ? ORDER BY n'
FLAGS_SQL = "SELECT kind FROM flags WHERE claim_id = ? ORDER BY kind"


def dict_rows(conn: sqlite3.Connection, sql: str, *params: object) -> list[dict[str, Any]]:
    """Every row of a query as a dict of its columns (``sql`` a fixed statement, values as
    ``params``)."""
    return [dict(r) for r in conn.execute(sql, params)]


def iter_articles(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    """Export rows for the current version of every article, with what cleaning removed."""
    for row in conn.execute(ARTICLES_SQL):
        record = dict(row)
        key = record.pop("key")
        record["removed"] = [dict(r) for r in conn.execute(REMOVALS_SQL, (key,))]
        yield record


def _span(start: int | None, end: int | None) -> list[int] | None:
    return None if start is None or end is None else [start, end]


# figure columns exported as they are stored (flags 0/1 as booleans; statements: null)
FIGURE_FIELDS = (
    "measure",
    "thing",
    "outcome",
    "part",
    "dimension",
    "base_unit",
    "base_value",
    "base_low",
    "base_high",
    "era",
    "event_day",
    "running",
    "headline",
)
_FIGURE_FLAGS = frozenset({"part", "running", "headline"})


def _figure_field(claim: dict[str, Any], name: str) -> Any:
    value = claim.get(name)  # absent from a ledger of an older schema opened read-only
    if name in _FIGURE_FLAGS and value is not None:
        return bool(value)
    return value


def iter_claims(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    """Export rows for every claim of the current article versions (see shared eval README)."""
    for row in conn.execute(CLAIMS_SQL):
        c = dict(row)
        detail = json.loads(c["detail"]) if c["detail"] else {}
        yield {
            "id": c["id"],
            "article_id": c["article_id"],
            "kind": c["kind"],
            "direct": None if c["direct"] is None else bool(c["direct"]),
            "speaker": c["speaker"],
            "speaker_id": c["speaker_id"],
            "text": c["text"],
            "sentence": c["sentence"],
            "start": c["start"],
            "end": c["end"],
            "speaker_span": _span(c["speaker_start"], c["speaker_end"]),
            "cue_span": _span(c["cue_start"], c["cue_end"]),
            "said_on": c["said_on"],
            "value": c["value"],
            "low": c["low"],
            "high": c["high"],
            "qualifier": c["qualifier"],
            "unit": c["unit"],
            "counted": c["counted"],
            "scope": c["scope"],
            "statement_id": c["statement_id"],
            "group_id": c["group_id"],
            **{name: _figure_field(c, name) for name in FIGURE_FIELDS},
            "flags": [r[0] for r in conn.execute(FLAGS_SQL, (c["id"],))],
            **detail,
        }


# a claim group's name: the measure most of its figures give, the most specific first
GROUP_LABEL = (
    "COALESCE((SELECT g.measure FROM claims g WHERE g.group_id = c.group_id AND g.measure "
    "IS NOT NULL GROUP BY g.measure ORDER BY COUNT(*) DESC, LENGTH(g.measure) DESC, g.measure "
    "LIMIT 1), MIN(c.counted))"
)
GROUPS_SQL = (
    "SELECT c.group_id, MIN(a.story_id) AS story_id, " + GROUP_LABEL + " AS measure, "
    "MIN(c.counted) AS counted, "
    "COUNT(*) AS claims, COUNT(DISTINCT a.id) AS articles, "
    "COUNT(DISTINCT COALESCE(a.outlet, a.id)) AS outlets, MIN(COALESCE(c.low, c.value)) AS low, "
    "MAX(COALESCE(c.high, c.value)) AS high, json_group_array(c.id) AS claim_ids "
    "FROM claims c JOIN articles a ON a.key = c.article_key "
    "WHERE c.group_id IS NOT NULL AND " + LATEST + " GROUP BY c.group_id ORDER BY c.group_id"
)
FLAG_ROWS_SQL = (
    "SELECT f.claim_id, f.kind, f.reason, f.evidence, c.group_id, a.id AS article_id, "
    "a.story_id FROM flags f JOIN claims c ON c.id = f.claim_id JOIN articles a ON "
    "a.key = c.article_key WHERE " + LATEST + " ORDER BY f.claim_id, f.kind"
)


def iter_groups(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    """Export rows for claim groups: the measure, its spread and the claims in it."""
    for row in conn.execute(GROUPS_SQL):
        yield {**dict(row), "claim_ids": json.loads(row["claim_ids"])}


def iter_flags(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    """Export rows for flags, each with its reason and the claim ids of its evidence."""
    for row in conn.execute(FLAG_ROWS_SQL):
        yield {**dict(row), "evidence": json.loads(row["evidence"] or "[]")}


def table_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Rows per table, for the tables a user cares about."""
    queries = {
        "articles": "SELECT COUNT(*) FROM articles a WHERE " + LATEST,
        "article versions": "SELECT COUNT(*) FROM articles",
        "sentences": "SELECT COUNT(*) FROM sentences",
        "mentions": "SELECT COUNT(*) FROM mentions",
        "removals": "SELECT COUNT(*) FROM removals",
        "statements": "SELECT COUNT(*) FROM claims WHERE kind = :statement",
        "quantities": "SELECT COUNT(*) FROM claims WHERE kind = :quantity",
        "stories": "SELECT COUNT(*) FROM stories",
        "flags": "SELECT COUNT(*) FROM flags",
        "errors": "SELECT COUNT(*) FROM errors",
        "runs": "SELECT COUNT(*) FROM runs",
    }
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "stories" not in tables:  # a ledger from before schema 4, read without upgrading
        del queries["stories"]
    kinds = {"statement": ClaimKind.STATEMENT.value, "quantity": ClaimKind.QUANTITY.value}
    return {name: int(conn.execute(sql, kinds).fetchone()[0]) for name, sql in queries.items()}


def outlet_counts(conn: sqlite3.Connection, limit: int = 20) -> list[tuple[str, int]]:
    rows = conn.execute(
        "SELECT COALESCE(a.outlet, '(unknown)') AS outlet, COUNT(*) AS n FROM articles a WHERE "
        + LATEST
        + " GROUP BY 1 ORDER BY n DESC, outlet LIMIT ?",
        (limit,),
    )
    return [(r[0], int(r[1])) for r in rows]


def error_counts(conn: sqlite3.Connection) -> list[tuple[str, int]]:
    rows = conn.execute(
        "SELECT kind, COUNT(*) AS n FROM errors GROUP BY kind ORDER BY n DESC, kind"
    )
    return [(r[0], int(r[1])) for r in rows]


def iter_errors(conn: sqlite3.Connection, kind: str | None = None) -> Iterator[dict[str, Any]]:
    rows = conn.execute(
        "SELECT e.source, e.position, e.kind, e.message, e.run_id FROM errors e "
        "WHERE (? IS NULL OR e.kind = ?) ORDER BY e.source, e.id",
        (kind, kind),
    )
    yield from (dict(r) for r in rows)


def recent_runs(conn: sqlite3.Connection, limit: int = 5) -> list[dict[str, Any]]:
    rows = conn.execute(
        "SELECT * FROM runs ORDER BY id DESC LIMIT ?",
        (limit,),
    )
    return [dict(r) for r in rows]
