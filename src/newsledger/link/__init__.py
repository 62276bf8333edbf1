"""Link: across the articles of the ledger, find stories and near-duplicates, give speakers
canonical ids, group figures about the same measure, and raise flags with their evidence.

This first version recomputes the links of the whole ledger in one transaction (seconds for
thousands of articles; the candidate graph is blocked, never all pairs). Linking a new batch
into existing stories without revisiting the past is still to come.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from newsledger.ledger.db import Ledger
from newsledger.link.claims import QuantityRow, group_id, measure_key
from newsledger.link.flags import (
    QA_MIN_ANSWERS,
    QA_MIN_ECHOES,
    Flag,
    FlagKind,
    GroupMember,
    content_words,
    echoes,
    group_flags,
)
from newsledger.link.speakers import canonical_ids
from newsledger.link.stories import candidate_pairs, cluster
from newsledger.link.text_features import terms, tfidf

__all__ = ["LinkSummary", "link"]

DUPLICATE_COSINE = 0.6
# share of the shorter text's 5-word shingles found in the other: rewrites drop and move
# lines, so containment, not Jaccard, is what stays high
DUPLICATE_CONTAINMENT = 0.5
_LATEST = "a.version = (SELECT MAX(b.version) FROM articles b WHERE b.id = a.id)"
# Entity kinds that tell one event from another; dates and numbers are left out (a weekday
# or a figure is shared by unrelated stories, and differs between reports of one story).
STORY_LABELS = (
    "PERSON",
    "ORG",
    "GPE",
    "LOC",
    "EVENT",
    "FAC",
    "NORP",
    "PRODUCT",
    "WORK_OF_ART",
    "LAW",
)
_PER_UNIT = re.compile(r"^\W*(\w+\s+){0,3}(each|apiece)\b", re.I)


@dataclass(frozen=True, slots=True)
class LinkSummary:
    articles: int
    stories: int
    duplicates: int
    speakers: int
    groups: int
    flags: dict[str, int]


@dataclass(frozen=True, slots=True)
class _Article:
    key: str
    id: str
    outlet: str
    published: str
    text: str


def link(db: str | Path) -> LinkSummary:
    """Recompute stories, duplicates, speaker ids, claim groups and flags for the ledger."""
    with Ledger.open(db) as ledger, ledger.transaction() as conn:
        articles = _articles(conn)
        stories, duplicates = _stories(conn, articles)
        speakers = _speakers(conn, stories)
        groups = _groups(conn, articles, stories)
        flags = _flags(conn, articles, groups, duplicates)
        counts: dict[str, int] = defaultdict(int)
        for flag in flags:
            counts[flag.kind.value] += 1
    return LinkSummary(
        len(articles),
        len(set(stories.values())),
        len(duplicates),
        len(set(speakers.values())),
        len(set(groups.values())),
        dict(counts),
    )


def _articles(conn: sqlite3.Connection) -> dict[str, _Article]:
    rows = conn.execute(
        "SELECT a.key, a.id, COALESCE(a.outlet, a.id), "
        "COALESCE(a.published, ''), a.text FROM articles a WHERE " + _LATEST
    )
    return {r[0]: _Article(*r) for r in rows}


def _stories(
    conn: sqlite3.Connection, articles: dict[str, _Article]
) -> tuple[dict[str, str], dict[str, str]]:
    """Story id per article key, and duplicate key -> the earlier article key it copies."""
    entities: dict[str, list[str]] = defaultdict(list)
    for key, text in conn.execute(
        "SELECT m.article_key, m.text FROM mentions m WHERE m.label IN "
        "(SELECT value FROM json_each(?))",
        (json.dumps(STORY_LABELS),),
    ):
        entities[key].append(text)
    counts = {k: terms(a.text, entities[k]) for k, a in articles.items()}
    vectors = tfidf(counts)
    pairs = candidate_pairs(vectors)
    by_id = sorted(articles, key=lambda k: articles[k].id)
    labels = cluster(by_id, pairs)
    story_ids = {
        k: "st-" + hashlib.sha256(articles[labels[k]].id.encode()).hexdigest()[:12]
        for k in articles
    }
    duplicates = _duplicates(articles, pairs)
    conn.executemany(
        "UPDATE articles SET story_id = ?, duplicate_of = ? WHERE key = ?",
        [
            (story_ids[k], articles[duplicates[k]].id if k in duplicates else None, k)
            for k in articles
        ],
    )
    return story_ids, duplicates


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + 5]) for i in range(max(1, len(words) - 4))}


def _duplicates(
    articles: dict[str, _Article], pairs: dict[tuple[str, str], float]
) -> dict[str, str]:
    """Copies and light rewrites: candidates from the blocked graph, confirmed by an exact
    shingle overlap (the vector similarity alone has false positives)."""
    copies: dict[str, str] = {}
    shingles: dict[str, set[tuple[str, ...]]] = {}
    for (a, b), sim in sorted(pairs.items()):
        if sim < DUPLICATE_COSINE:
            continue
        for key in (a, b):
            if key not in shingles:
                shingles[key] = _shingles(articles[key].text)
        sa, sb = shingles[a], shingles[b]
        if len(sa & sb) / max(1, min(len(sa), len(sb))) < DUPLICATE_CONTAINMENT:
            continue
        first, later = sorted((a, b), key=lambda k: (articles[k].published or "~", articles[k].id))
        copies.setdefault(later, copies.get(first, first))
    return copies


def _speakers(conn: sqlite3.Connection, stories: dict[str, str]) -> dict[tuple[str, str], str]:
    rows = conn.execute("SELECT id, article_key, speaker FROM claims WHERE speaker IS NOT NULL")
    claims = [(cid, stories.get(key, ""), speaker) for cid, key, speaker in rows]
    ids = canonical_ids([(story, speaker) for _, story, speaker in claims])
    conn.execute("UPDATE claims SET speaker_id = NULL")
    conn.executemany(
        "UPDATE claims SET speaker_id = ? WHERE id = ?",
        [(ids[(story, speaker)], cid) for cid, story, speaker in claims],
    )
    return ids


def _groups(
    conn: sqlite3.Connection, articles: dict[str, _Article], stories: dict[str, str]
) -> dict[str, str]:
    rows = conn.execute(
        "SELECT id, article_key, value, low, high, qualifier, counted, sentence, text, "
        "detail FROM claims WHERE kind = 'quantity'"
    ).fetchall()
    groups: dict[str, str] = {}
    for cid, key, value, low, high, qualifier, counted, sentence, text, detail in rows:
        extra = json.loads(detail or "{}")
        if key not in stories or extra.get("derived"):
            continue
        after = (sentence or "")[(sentence or "").find(text) + len(text) :] if text else ""
        row = QuantityRow(
            cid,
            stories[key],
            key,
            value,
            low,
            high,
            qualifier or "exact",
            counted,
            extra.get("concept"),
            extra.get("scope_head"),
            bool(extra.get("scope_is_place")),
            bool(_PER_UNIT.match(after)),
            extra.get("predicate"),
            sentence,
        )
        measure = measure_key(row)
        if measure is not None:
            groups[cid] = group_id(measure)
    conn.execute("UPDATE claims SET group_id = NULL")
    conn.executemany(
        "UPDATE claims SET group_id = ? WHERE id = ?", [(g, cid) for cid, g in groups.items()]
    )
    return groups


def _flags(
    conn: sqlite3.Connection,
    articles: dict[str, _Article],
    groups: dict[str, str],
    duplicates: dict[str, str],
) -> list[Flag]:
    flags = _group_flags(conn, articles, groups, duplicates)
    flags += _unattributed(conn)
    flags += _synthetic_qa(conn, articles)
    conn.execute("DELETE FROM flags")
    conn.executemany(
        "INSERT INTO flags (claim_id, kind, reason, evidence) VALUES (?, ?, ?, ?) "
        "ON CONFLICT DO NOTHING",
        [(f.claim_id, f.kind.value, f.reason, json.dumps(f.evidence)) for f in flags],
    )
    return flags


def _group_flags(
    conn: sqlite3.Connection,
    articles: dict[str, _Article],
    groups: dict[str, str],
    duplicates: dict[str, str],
) -> list[Flag]:
    copies: dict[str, set[str]] = defaultdict(set)
    for later, first in duplicates.items():
        copies[later].add(first)
        copies[first].add(later)
    members: dict[str, list[GroupMember]] = defaultdict(list)
    rows = conn.execute(
        "SELECT id, article_key, value, low, high, qualifier, speaker_id, speaker, "
        "json_extract(detail, '$.predicate') FROM claims "
        "WHERE kind = 'quantity' AND group_id IS NOT NULL"
    )
    for cid, key, value, low, high, qualifier, sid, speaker, predicate in rows:
        members[groups[cid]].append(
            GroupMember(
                cid,
                key,
                articles[key].outlet,
                value,
                low,
                high,
                qualifier or "exact",
                sid,
                speaker,
                predicate,
                frozenset(copies[key]),
            )
        )
    return [flag for group in members.values() for flag in group_flags(group)]


def _unattributed(conn: sqlite3.Connection) -> list[Flag]:
    rows = conn.execute("SELECT id FROM claims WHERE kind = 'quantity' AND speaker IS NULL")
    return [
        Flag(cid, FlagKind.UNATTRIBUTED, "the outlet states this figure without a source")
        for (cid,) in rows
    ]


def _synthetic_qa(conn: sqlite3.Connection, articles: dict[str, _Article]) -> list[Flag]:
    """An interview block whose answers restate the article's own narration."""
    flags: list[Flag] = []
    for key, article in articles.items():
        lines = conn.execute(
            'SELECT start, "end", speaker, text FROM claims WHERE article_key = ? AND '
            "kind = 'statement' AND json_extract(detail, '$.cue') = ':' ORDER BY start",
            (key,),
        ).fetchall()
        if len(lines) < QA_MIN_ANSWERS or len({r[2] for r in lines}) < 2:
            continue
        block_start, block_end = lines[0][0], lines[-1][1]
        narration = [
            content_words(s) for s in re.split(r"(?<=[.!?])\s+", article.text[:block_start])
        ]
        answers = [s for r in lines for s in re.split(r"(?<=[.!?])\s+", r[3])]
        echoed = [a for a in answers if echoes(a, narration)]
        if len(echoed) < QA_MIN_ECHOES:
            continue
        reason = (
            f"interview block whose answers restate {len(echoed)} sentences of the "
            "article's own reporting"
        )
        inside = conn.execute(
            "SELECT id FROM claims WHERE article_key = ? AND start >= ? AND start < ?",
            (key, block_start, block_end),
        )
        flags += [Flag(cid, FlagKind.SYNTHETIC_QA, reason) for (cid,) in inside]
    return flags
