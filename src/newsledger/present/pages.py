"""Read-only queries behind the web UI: one function per page, each returning plain data.

Every list is paginated with ``LIMIT``/``OFFSET`` over indexed columns, so a page costs the
same on a ledger of 10^5 articles as on ten; every value comes from SQL parameters.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from newsledger.ledger.queries import GROUP_LABEL, LATEST, dict_rows
from newsledger.present.html_report import figure_text, group_label
from newsledger.present.versions import article_versions
from newsledger.vocabulary import ClaimKind, FlagKind

PAGE_SIZE = 50
MAX_PAGE = 100_000
RANKED_MATCHES = 5_000
_WORD = re.compile(r"\w+", re.UNICODE)
# snippet() markers: control characters no article text keeps, swapped for <mark> after escaping
MARK_OPEN, MARK_CLOSE = "\x02", "\x03"


class NotFound(LookupError):
    """No such story, speaker, group, article or page."""


@dataclass(frozen=True, slots=True)
class Page:
    """One page of a longer list."""

    items: list[dict[str, Any]]
    number: int
    total: int

    @property
    def last(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))


def _page(
    conn: sqlite3.Connection,
    count_sql: str,
    sql: str,
    number: int,
    *params: object,
    lead: tuple[object, ...] = (),
) -> Page:
    """Rows ``number`` (1-based) of ``sql``; a page past the end is ``NotFound``. ``lead``
    are parameters that ``sql`` takes before the ones it shares with ``count_sql``."""
    total = int(conn.execute(count_sql, params).fetchone()[0])
    if number > 1 and (number - 1) * PAGE_SIZE >= total:
        raise NotFound(f"page {number} is past the last page")
    offset = (number - 1) * PAGE_SIZE
    items = dict_rows(conn, sql + " LIMIT ? OFFSET ?", *lead, *params, PAGE_SIZE, offset)
    return Page(items, number, total)


def stories(conn: sqlite3.Connection, number: int) -> Page:
    """Stories, largest first, with their first headline, date range and flag count (the
    link stage keeps one row per story, so this reads one page of an index)."""
    return _page(
        conn,
        "SELECT COUNT(*) FROM stories",
        "SELECT story_id, articles, outlets, first, last, title, flags FROM stories "
        "ORDER BY articles DESC, story_id",
        number,
    )


def totals(conn: sqlite3.Connection) -> dict[str, int]:
    """Headline counts for the front page, from the stories table."""
    row = conn.execute(
        "SELECT COUNT(*), COALESCE(SUM(articles), 0), COALESCE(SUM(flags), 0) FROM stories"
    ).fetchone()
    return {"stories": int(row[0]), "articles": int(row[1]), "flags": int(row[2])}


_ALL_FLAGS = (
    "FROM flags f JOIN claims c ON c.id = f.claim_id JOIN articles a ON a.key = c.article_key "
    "WHERE (? IS NULL OR f.kind = ?) AND (? IS NOT NULL OR f.kind != ?)"
)


def flags(conn: sqlite3.Connection, kind: str | None, number: int) -> Page:
    """Every flag of the ledger (of one kind, or all but ``unattributed``), story by story."""
    return _page(
        conn,
        "SELECT COUNT(*) " + _ALL_FLAGS,
        "SELECT f.claim_id, f.kind, f.reason, c.group_id, a.story_id, a.id AS article, "
        "COALESCE(a.outlet, a.id) AS outlet " + _ALL_FLAGS + " ORDER BY f.kind, a.story_id, "
        "f.claim_id",
        number,
        kind,
        kind,
        kind,
        FlagKind.UNATTRIBUTED.value,
    )


def all_flag_kinds(conn: sqlite3.Connection) -> list[tuple[str, int]]:
    """Each kind of flag in the ledger, with how many there are."""
    rows = conn.execute("SELECT kind, COUNT(*) FROM flags GROUP BY kind ORDER BY kind")
    return [(kind, int(n)) for kind, n in rows]


def flag_kinds(conn: sqlite3.Connection, story_id: str) -> list[str]:
    rows = conn.execute(
        "SELECT DISTINCT f.kind FROM flags f JOIN claims c ON c.id = f.claim_id JOIN articles a "
        "ON a.key = c.article_key WHERE a.story_id = ? ORDER BY f.kind",
        (story_id,),
    )
    return [r[0] for r in rows]


_STORY_GROUPS = (
    "SELECT c.group_id, " + GROUP_LABEL + " AS counted, COUNT(*) AS claims, "
    "group_concat(DISTINCT json_extract(c.detail, '$.predicate')) AS predicates, "
    "COUNT(DISTINCT c.article_key) AS articles, MIN(c.value) AS low, MAX(COALESCE(c.high, "
    "c.value)) AS high, (SELECT COUNT(*) FROM flags f JOIN claims g ON g.id = f.claim_id "
    "WHERE g.group_id = c.group_id AND f.kind != ?) AS flags "
    "FROM claims c JOIN articles a ON a.key = c.article_key WHERE a.story_id = ? "
    "AND c.group_id IS NOT NULL GROUP BY c.group_id ORDER BY articles DESC, claims DESC, c.group_id"
)
_STORY_FLAGS = _ALL_FLAGS + " AND a.story_id = ? AND (? IS NULL OR a.outlet = ?)"
_STORY_SPEAKERS = (
    "SELECT c.speaker_id, MIN(c.speaker) AS speaker, COUNT(*) AS statements, "
    "COUNT(DISTINCT c.article_key) AS articles FROM claims c JOIN articles a ON "
    "a.key = c.article_key WHERE a.story_id = ? AND c.kind = ? AND "
    "c.speaker_id IS NOT NULL GROUP BY c.speaker_id ORDER BY statements DESC, speaker"
)


@dataclass(frozen=True, slots=True)
class StoryPages:
    """Which page of each list of a story page: sources, claim groups, flags, speakers."""

    sources: int = 1
    groups: int = 1
    flags: int = 1
    speakers: int = 1


ALIAS_HOPS = 20  # a chain of merges longer than this is not followed


def merged_into(conn: sqlite3.Connection, story_id: str) -> str | None:
    """The story that now holds the articles of a story id a merge retired, if any."""
    seen = {story_id}
    current = story_id
    for _ in range(ALIAS_HOPS):
        row = conn.execute(
            "SELECT story_id FROM story_aliases WHERE old_id = ?", (current,)
        ).fetchone()
        if row is None or row[0] in seen:
            break
        current = str(row[0])
        seen.add(current)
        if conn.execute("SELECT 1 FROM stories WHERE story_id = ?", (current,)).fetchone():
            return current
    return None


def story(
    conn: sqlite3.Connection,
    story_id: str,
    pages: StoryPages,
    flag: str | None,
    outlet: str | None,
) -> dict[str, Any]:
    """A story: its sources, claim groups, flags (optionally of one kind, or raised in one
    outlet) and who is quoted, each list one page at a time."""
    row = conn.execute("SELECT title FROM stories WHERE story_id = ?", (story_id,)).fetchone()
    if row is None:
        raise NotFound(f"no story {story_id!r}")
    filters = (flag, flag, flag, FlagKind.UNATTRIBUTED.value, story_id, outlet, outlet)
    return {
        "story_id": story_id,
        "title": row[0],
        "sources": _page(
            conn,
            "SELECT COUNT(*) FROM articles WHERE story_id = ?",
            "SELECT id, COALESCE(outlet, '') AS outlet, published, title, url, duplicate_of "
            "FROM articles WHERE story_id = ? ORDER BY published IS NULL, published, id",
            pages.sources,
            story_id,
        ),
        "groups": _page(
            conn,
            "SELECT COUNT(*) FROM (" + _STORY_GROUPS + ")",
            _STORY_GROUPS,
            pages.groups,
            FlagKind.UNATTRIBUTED.value,
            story_id,
        ),
        "flags": _page(
            conn,
            "SELECT COUNT(*) " + _STORY_FLAGS,
            "SELECT f.claim_id, f.kind, f.reason, c.group_id, c.text, a.id AS article, "
            "COALESCE(a.outlet, a.id) AS outlet "
            + _STORY_FLAGS
            + " ORDER BY f.kind, a.id, c.start",
            pages.flags,
            *filters,
        ),
        "speakers": _page(
            conn,
            "SELECT COUNT(*) FROM (" + _STORY_SPEAKERS + ")",
            _STORY_SPEAKERS,
            pages.speakers,
            story_id,
            ClaimKind.STATEMENT.value,
        ),
        "flag_kinds": flag_kinds(conn, story_id),
        "outlets": [
            r[0]
            for r in conn.execute(
                "SELECT DISTINCT outlet FROM articles WHERE story_id = ? AND outlet IS NOT NULL "
                "ORDER BY outlet",
                (story_id,),
            )
        ],
    }


def speaker(conn: sqlite3.Connection, speaker_id: str, number: int) -> dict[str, Any]:
    """Every statement and figure credited to one canonical speaker, with the spellings and
    titles seen for them in each outlet."""
    names = dict_rows(
        conn,
        "SELECT c.speaker AS name, json_extract(c.detail, '$.role') AS role, "
        "COALESCE(a.outlet, a.id) AS outlet, MIN(a.published) AS seen, COUNT(*) AS times "
        "FROM claims c JOIN articles a ON a.key = c.article_key WHERE c.speaker_id = ? "
        "GROUP BY 1, 2, 3 ORDER BY times DESC, name LIMIT ?",
        speaker_id,
        PAGE_SIZE,
    )
    if not names:
        raise NotFound(f"no speaker {speaker_id!r}")
    claims = _page(
        conn,
        "SELECT COUNT(*) FROM claims WHERE speaker_id = ?",
        "SELECT c.id, c.kind, c.text, c.direct, c.said_on, c.speaker, c.group_id, "
        "json_extract(c.detail, '$.cue') AS cue, a.id AS article, a.published, a.story_id, "
        "COALESCE(a.outlet, a.id) AS outlet FROM claims c JOIN articles a ON "
        "a.key = c.article_key WHERE c.speaker_id = ? ORDER BY a.published, a.id, c.start",
        number,
        speaker_id,
    )
    return {"speaker_id": speaker_id, "names": names, "claims": claims}


def group(conn: sqlite3.Connection, group_id: str) -> dict[str, Any]:
    """A claim group: every source's figure with hedge, speaker, time and sentence, and the
    flags raised on it with their evidence."""
    members = dict_rows(
        conn,
        "SELECT c.id, c.text, c.sentence, c.value, c.low, c.high, c.qualifier, c.unit, "
        "c.counted, c.scope, c.speaker, c.speaker_id, c.said_on, c.measure, c.base_unit, "
        "c.base_value, c.base_low, c.base_high, json_extract(c.detail, '$.change') AS change, "
        "json_extract(c.detail, '$.time_text') AS time_text, "
        "json_extract(c.detail, '$.predicate') AS predicate, a.id AS article, a.story_id, "
        "a.published, COALESCE(a.outlet, a.id) AS outlet, a.duplicate_of FROM claims c "
        "JOIN articles a ON a.key = c.article_key WHERE c.group_id = ? "
        "ORDER BY a.published, a.id, c.start LIMIT ?",
        group_id,
        PAGE_SIZE * 4,
    )
    if not members:
        raise NotFound(f"no claim group {group_id!r}")
    flags = dict_rows(
        conn,
        "SELECT f.claim_id, f.kind, f.reason, f.evidence FROM flags f JOIN claims c ON "
        "c.id = f.claim_id WHERE c.group_id = ? ORDER BY f.kind, f.claim_id",
        group_id,
    )
    by_claim: dict[str, list[str]] = {}
    against: dict[str, list[str]] = {}
    by_id = {m["id"]: m for m in members}
    for flag in flags:
        flag["evidence"] = _evidence(conn, flag.pop("evidence"))
        by_claim.setdefault(flag["claim_id"], []).append(flag["kind"])
        if flag["kind"] == FlagKind.NUMERIC_CONFLICT:
            against.setdefault(flag["claim_id"], []).extend(
                f"{figure_text(by_id[ev['id']])} ({ev['outlet']})"
                for ev in flag["evidence"]
                if ev["id"] in by_id
            )
    for member in members:
        member["flags"] = by_claim.get(member["id"], [])
        member["conflicts_with"] = against.get(member["id"], [])
    return {
        "group_id": group_id,
        "counted": group_label(members),
        "predicates": sorted({m["predicate"] for m in members if m["predicate"]}),
        "story_id": members[0]["story_id"],
        "members": members,
        "flags": flags,
    }


def _evidence(conn: sqlite3.Connection, raw: str | None) -> list[dict[str, Any]]:
    """The claims a flag points at, with their sentence and outlet."""
    ids = json.loads(raw or "[]")
    return dict_rows(
        conn,
        "SELECT c.id, c.text, c.sentence, a.id AS article, COALESCE(a.outlet, a.id) AS outlet "
        "FROM claims c JOIN articles a ON a.key = c.article_key "
        "WHERE c.id IN (SELECT value FROM json_each(?)) ORDER BY a.published, a.id, c.start",
        json.dumps(ids[:PAGE_SIZE]),
    )


def article(conn: sqlite3.Connection, article_id: str) -> dict[str, Any]:
    """The current version of an article, its text cut into plain and highlighted pieces
    (one per claim span), and what cleaning removed."""
    rows = dict_rows(
        conn,
        "SELECT a.key, a.id, a.version, a.url, a.outlet, a.title, a.author, a.published, "
        "a.story_id, a.duplicate_of, a.text, a.format, a.source FROM articles a "
        "WHERE a.id = ? AND " + LATEST,
        article_id,
    )
    if not rows:
        raise NotFound(f"no article {article_id!r}")
    record = rows[0]
    claims = dict_rows(
        conn,
        'SELECT c.id, c.kind, c.start, c."end", c.text, c.speaker, c.speaker_id, c.group_id, '
        "c.qualifier, (SELECT group_concat(f.kind, ', ') FROM flags f WHERE f.claim_id = c.id) "
        'AS flags FROM claims c WHERE c.article_key = ? ORDER BY c.start, c."end" DESC',
        record.pop("key"),
    )
    record["pieces"] = highlight(record.pop("text"), claims)
    record["claims"] = claims
    record["removed"] = dict_rows(
        conn,
        "SELECT r.kind, r.text FROM removals r JOIN articles a ON a.key = r.article_key "
        "WHERE a.id = ? AND " + LATEST + " ORDER BY r.n",
        article_id,
    )
    record["versions"] = article_versions(conn, article_id)
    return record


def highlight(text: str, claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``text`` cut at every claim boundary: pieces of ``{"text", "kinds", "title"}``, where
    ``kinds`` names the claim kinds covering the piece (empty for plain text)."""
    cuts = {0, len(text)}
    for claim in claims:
        cuts.update((max(0, min(len(text), claim["start"])), max(0, min(len(text), claim["end"]))))
    pieces = []
    for lo, hi in pairwise(sorted(cuts)):
        covering = [c for c in claims if c["start"] <= lo and hi <= c["end"]]
        pieces.append(
            {
                "text": text[lo:hi],
                "kinds": sorted({c["kind"] for c in covering}),
                "flagged": any(c["flags"] for c in covering),
                "title": "; ".join(
                    f"{c['kind']}" + (f" by {c['speaker']}" if c["speaker"] else "")
                    for c in covering
                ),
            }
        )
    return pieces


def fts_query(text: str) -> str:
    """A user's words as an FTS5 query that matches all of them: each word quoted, so FTS
    syntax in the input (``NEAR``, ``*``, ``"``, ``-``) is searched for, not run."""
    words = _WORD.findall(text)
    return " ".join(f'"{w}"' for w in words[:32])


def search(conn: sqlite3.Connection, text: str, number: int) -> tuple[Page, bool]:
    """Sentences that contain every word of ``text``: best match first, or, when more than
    RANKED_MATCHES match (ranking them all would be slow), newest first. Returns the page and
    whether it is ranked."""
    query = fts_query(text)
    if not query:
        return Page([], number, 0), True
    count = "SELECT COUNT(*) FROM sentences_fts WHERE sentences_fts MATCH ?"
    ranked = int(conn.execute(count, (query,)).fetchone()[0]) <= RANKED_MATCHES
    page = _page(
        conn,
        count,
        "SELECT snippet(sentences_fts, 0, ?, ?, ' … ', 40) AS snippet, a.id AS article, "
        "COALESCE(a.outlet, '') AS outlet, a.published, a.story_id, a.title FROM sentences_fts "
        "JOIN sentences s ON s.id = sentences_fts.rowid JOIN articles a ON a.key = s.article_key "
        "WHERE sentences_fts MATCH ? ORDER BY "
        + ("rank" if ranked else "sentences_fts.rowid DESC"),
        number,
        query,
        lead=(MARK_OPEN, MARK_CLOSE),
    )
    return page, ranked
