"""Link: across the articles of the ledger, find stories and near-duplicates, give speakers
canonical ids, group figures about the same measure, and raise flags with their evidence.

Incremental: each run links the articles not linked yet (new ones, new versions) into what
the ledger holds. New articles are blocked against the stored vectors of the past
(``link.state``), join existing stories or start new ones; a small story they reach (up to
REOPEN_MAX articles) is re-clustered with them, so that early mistakes made on little
evidence can be undone, while a larger story is settled. Only the stories touched get their
speakers, claim groups and flags recomputed. ``link(db, full=True)`` forgets every
link and starts from scratch. Everything happens in one transaction.
"""

from __future__ import annotations

import hashlib
import heapq
import json
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from newsledger.ledger.claims import Stated, touched_figures, touched_statements
from newsledger.ledger.db import Ledger
from newsledger.ledger.queries import LATEST
from newsledger.link import minhash, state
from newsledger.link.claims import claim_groups
from newsledger.link.edits import silent_edits
from newsledger.link.flags import (
    QA_MIN_ANSWERS,
    QA_MIN_ECHOES,
    Flag,
    Reported,
    Said,
    content_words,
    date_drift,
    echoes,
    group_flags,
    pieces,
    unsupported_quotes,
)
from newsledger.link.speakers import Spoken, canonical_ids
from newsledger.link.stories import candidate_pairs, cluster, edges, nearest_lists
from newsledger.link.text_features import Vector, cosine
from newsledger.vocabulary import FlagKind

__all__ = ["LinkSummary", "link", "retired_ids"]

DUPLICATE_COSINE = 0.6
NEAR_NEIGHBOURS = 10  # LSH candidates kept per new article, those sharing the most buckets
REOPEN_MAX = 50  # a story of up to this many articles is re-clustered when a batch reaches it
LINK_CHUNK = 100_000  # new articles linked per transaction: bounds memory (about 3 GB)
# share of the shorter text's 5-word shingles found in the other: rewrites drop and move
# lines, so containment, not Jaccard, is what stays high
DUPLICATE_CONTAINMENT = 0.5
_TOUCHED = "article_key IN (SELECT key FROM temp.touched)"


@dataclass(frozen=True, slots=True)
class LinkSummary:
    """What one run linked: the new articles, and in the stories they touched, the copies,
    speakers, claim groups and flags."""

    articles: int
    stories: int
    new_stories: int
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
    origin: str = ""  # the id of the article it copies, or its own


def link(db: str | Path, full: bool = False) -> LinkSummary:
    """Link the articles not linked yet into the ledger at ``db`` (all of them with ``full``),
    LINK_CHUNK of them per transaction in the order they were stored: each chunk links into
    what the ones before it left, memory stays bounded, and a stopped run resumes."""
    linked, copies = 0, 0
    touched: set[str] = set()
    fresh: set[str] = set()
    with Ledger.open(db) as ledger:
        if full:
            with ledger.transaction() as conn:
                state.reset(conn)
        while True:
            with ledger.transaction() as conn:
                chunk = _link_chunk(conn)
            linked += chunk.articles
            copies += chunk.copies
            touched |= chunk.touched
            fresh |= chunk.fresh
            if chunk.articles < LINK_CHUNK:
                break
        return _summary(ledger.conn, linked, copies, touched, fresh)


@dataclass(frozen=True, slots=True)
class _Chunk:
    articles: int
    copies: int
    touched: set[str]  # the stories the chunk touched
    fresh: set[str]  # of those, the ones it started


def _link_chunk(conn: sqlite3.Connection) -> _Chunk:
    """Link the next LINK_CHUNK unlinked articles and recompute what the stories they touch
    hold: canonical speakers, claim groups, flags."""
    shrunk = state.forget_superseded(conn)
    new = _articles(conn, "a.story_id IS NULL", limit=LINK_CHUNK)
    stories, copies, reopened = _stories(conn, new) if new else ({}, {}, set())
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS touched (key TEXT PRIMARY KEY)")
    conn.execute("DELETE FROM temp.touched")
    conn.execute(
        "INSERT INTO temp.touched SELECT a.key FROM articles a WHERE a.story_id IN "
        "(SELECT value FROM json_each(?)) AND " + LATEST,
        (state.json_set(stories.values()),),
    )
    touched = _articles(conn, "a.key IN (SELECT key FROM temp.touched)")
    _speakers(conn)
    _groups(conn)
    _flags(conn, touched)
    ids = set(stories.values())
    known = _known_stories(conn, ids)
    state.refresh_stories(conn, ids | shrunk | reopened)
    return _Chunk(len(new), len(copies), ids, ids - known)


def _summary(
    conn: sqlite3.Connection, linked: int, copies: int, touched: set[str], fresh: set[str]
) -> LinkSummary:
    """What a run linked, counted in the ledger it left: speakers, claim groups and flags of
    the stories it touched (those still there: a reopened story may have been merged)."""
    touched = _known_stories(conn, touched)
    ids = state.json_set(touched)
    in_touched = (
        "FROM claims c JOIN articles a ON a.key = c.article_key "
        "WHERE a.story_id IN (SELECT value FROM json_each(?))"
    )
    speakers = conn.execute("SELECT COUNT(DISTINCT c.speaker_id) " + in_touched, (ids,))
    groups = conn.execute("SELECT COUNT(DISTINCT c.group_id) " + in_touched, (ids,))
    flags = conn.execute(
        "SELECT f.kind, COUNT(*) FROM flags f JOIN claims c ON c.id = f.claim_id JOIN articles "
        "a ON a.key = c.article_key WHERE a.story_id IN (SELECT value FROM json_each(?)) "
        "GROUP BY f.kind ORDER BY f.kind",
        (ids,),
    )
    return LinkSummary(
        linked,
        len(touched),
        len(fresh & touched),
        copies,
        speakers.fetchone()[0],
        groups.fetchone()[0],
        dict(flags.fetchall()),
    )


def _known_stories(conn: sqlite3.Connection, story_ids: Iterable[str]) -> set[str]:
    """Those of ``story_ids`` that were in the ledger before this run."""
    rows = conn.execute(
        "SELECT story_id FROM stories WHERE story_id IN (SELECT value FROM json_each(?))",
        (state.json_set(story_ids),),
    )
    return {row[0] for row in rows}


def _articles(
    conn: sqlite3.Connection, where: str, *params: object, limit: int = -1
) -> dict[str, _Article]:
    """The current versions of articles that match ``where`` (a fixed SQL condition), in the
    order they were stored (at most ``limit``; -1: all)."""
    rows = conn.execute(
        "SELECT a.key, a.id, COALESCE(a.outlet, a.id), COALESCE(a.published, ''), a.text, "
        "COALESCE(a.duplicate_of, a.id) FROM articles a WHERE "
        + LATEST
        + " AND "
        + where
        + " ORDER BY a.rowid LIMIT ?",
        (*params, limit),
    )
    return {r[0]: _Article(*r) for r in rows}


def _stories(
    conn: sqlite3.Connection, new: dict[str, _Article]
) -> tuple[dict[str, str], dict[str, str], set[str]]:
    """Story id of each new article and of each article of a reopened story, the copies
    found (copy key -> original id), and the reopened stories' ids (some may be gone)."""
    vectors = state.vectors_for(conn, state.article_terms(conn, new))
    index = state.LedgerIndex(conn)
    bands: dict[str, list[minhash.Band]] = {}
    printed: dict[str, np.ndarray] = {}
    for key, article in new.items():
        found = minhash.shingles(article.text)
        bands[key], printed[key] = minhash.bands(found), minhash.fingerprint(found)
    near = _near_pairs(bands, index)
    pairs = _similar_pairs(vectors, near, index)
    lists = nearest_lists(pairs, new, index.neighbours(_ends(pairs) - new.keys()))
    reopened = _small_stories_of(conn, _ends(edges(lists)) - new.keys())
    graph = edges(index.edges_touching(reopened) | lists)
    batch = new.keys() | reopened.keys()
    old_keys = state.json_set((_ends(pairs) | _ends(graph) | reopened.keys()) - new.keys())
    old = _articles(conn, "a.key IN (SELECT value FROM json_each(?))", old_keys)
    known_story = {
        key: sid
        for key, sid in conn.execute(
            "SELECT key, story_id FROM articles WHERE key IN (SELECT value FROM json_each(?))",
            (old_keys,),
        )
        if key not in reopened
    }
    sizes = dict(
        conn.execute(
            "SELECT story_id, articles FROM stories WHERE story_id IN "
            "(SELECT value FROM json_each(?))",
            (state.json_set(known_story.values()),),
        ).fetchall()
    )
    labels = cluster(batch | old.keys(), graph, stories=known_story, story_sizes=sizes)
    story_of_label = _name_clusters(conn, labels, known_story, reopened, new | old)
    story_ids = {k: story_of_label[labels[k]] for k in sorted(batch)}
    live = set(story_ids.values())
    conn.execute(
        "DELETE FROM story_aliases WHERE old_id IN (SELECT value FROM json_each(?))",
        (state.json_set(live),),
    )
    conn.executemany(
        "INSERT OR REPLACE INTO story_aliases (old_id, story_id) VALUES (?, ?)",
        sorted(retired_ids(reopened, story_ids).items()),
    )
    copies = _duplicates(new | old, pairs, near, printed)
    in_table_order = [*new, *old]  # as read from the table: updates walk its pages in turn
    conn.executemany(
        "UPDATE articles SET story_id = ? WHERE key = ?",
        [
            (story_ids[k], k)
            for k in in_table_order
            if k in new or (k in reopened and story_ids[k] != reopened[k])
        ],
    )
    conn.executemany(
        "UPDATE articles SET duplicate_of = ? WHERE key = ?",
        [(copies[k], k) for k in in_table_order if k in copies],
    )
    state.remember(conn, vectors, bands, lists)
    return story_ids, copies, set(reopened.values())


def _ends(pairs: Iterable[tuple[str, str]]) -> set[str]:
    return {key for pair in pairs for key in pair}


def _similar_pairs(
    vectors: dict[str, Vector], near: set[tuple[str, str]], index: state.LedgerIndex
) -> dict[tuple[str, str], float]:
    """Cosine of the candidate pairs of the batch ``vectors``: blocked on shared terms, and
    the near-duplicate candidates of the LSH buckets."""
    pairs = candidate_pairs(vectors, index)
    known = index.vectors(_ends(near) - vectors.keys()) | vectors
    for a, b in sorted(near - pairs.keys()):
        pairs[(a, b)] = cosine(known[a], known[b])
    return pairs


def retired_ids(reopened: dict[str, str], story_ids: dict[str, str]) -> dict[str, str]:
    """The reopened stories whose id no cluster kept (merged into another story): old id ->
    the story that holds most of its articles now."""
    live = set(story_ids.values())
    went: dict[str, Counter[str]] = defaultdict(Counter)
    for key, old_id in reopened.items():
        if old_id not in live:
            went[old_id][story_ids[key]] += 1
    return {
        old_id: min(counts, key=lambda sid: (-counts[sid], sid)) for old_id, counts in went.items()
    }


def _small_stories_of(conn: sqlite3.Connection, keys: Iterable[str]) -> dict[str, str]:
    """Every article (key -> story id) of the stories of ``keys`` that are still small
    enough to be reopened: up to REOPEN_MAX articles. While a story is small, a later batch
    can still split what an early one merged, or join what it split."""
    rows = conn.execute(
        "SELECT a.key, a.story_id FROM articles a JOIN stories s ON s.story_id = a.story_id "
        "WHERE s.articles <= ? AND a.story_id IN (SELECT story_id FROM articles "
        "WHERE key IN (SELECT value FROM json_each(?))) AND " + LATEST,
        (REOPEN_MAX, state.json_set(keys)),
    )
    return dict(rows.fetchall())


def _name_clusters(
    conn: sqlite3.Connection,
    labels: dict[str, str],
    known_story: dict[str, str],
    reopened: dict[str, str],
    articles: dict[str, _Article],
) -> dict[str, str]:
    """The story id of each cluster: a settled story's own; else the reopened story most of
    its articles were in (each reopened id goes to one cluster); else a new id."""
    named = {labels[k]: sid for k, sid in sorted(known_story.items())}
    used = set(named.values())
    votes = Counter((labels[k], sid) for k, sid in reopened.items())
    for (label, sid), _ in sorted(votes.items(), key=lambda v: (-v[1], v[0])):
        if label not in named and sid not in used:
            named[label] = sid
            used.add(sid)
    fresh = {label: _story_id(articles[label]) for label in set(labels.values()) - named.keys()}
    taken = _known_stories(conn, fresh.values()) | used
    for label, sid in sorted(fresh.items()):
        named[label] = _story_id(articles[label], salted=True) if sid in taken else sid
    return named


def _story_id(first: _Article, salted: bool = False) -> str:
    """A new story's id: from the id of its first article (and its content key, when that
    id already names a story of the past)."""
    seed = first.id + ("\0" + first.key if salted else "")
    return "st-" + hashlib.sha256(seed.encode()).hexdigest()[:12]


def _near_pairs(
    bands: dict[str, list[minhash.Band]], index: state.LedgerIndex
) -> set[tuple[str, str]]:
    """Pairs of articles (one of them new) in the same MinHash LSH bucket: for each new
    article, the NEAR_NEIGHBOURS that share the most buckets with it."""
    buckets: dict[minhash.Band, list[str]] = defaultdict(list)
    for key in sorted(bands):
        for bucket in bands[key]:
            buckets[bucket].append(key)
    for bucket, keys in index.sharing_a_band(buckets).items():
        buckets[bucket].extend(keys)
    shared: dict[str, Counter[str]] = defaultdict(Counter)
    for keys in buckets.values():
        if not 1 < len(keys) <= minhash.MAX_BUCKET:
            continue  # alone, or boilerplate (not copies: the story graph compares those)
        for a in keys:
            if a in bands:
                shared[a].update(b for b in keys if b != a)
    pairs: set[tuple[str, str]] = set()
    for a, counts in shared.items():
        nearest = heapq.nsmallest(NEAR_NEIGHBOURS, counts.items(), key=lambda kv: (-kv[1], kv[0]))
        pairs.update((a, b) if a < b else (b, a) for b, _ in nearest)
    return pairs


def _duplicates(
    articles: dict[str, _Article],
    pairs: dict[tuple[str, str], float],
    near: set[tuple[str, str]],
    printed: dict[str, np.ndarray],
) -> dict[str, str]:
    """Copies and light rewrites (copy key -> original article id): candidates from the LSH
    buckets and the most similar pairs of the story graph, confirmed by an exact shingle
    overlap (neither candidate source alone is proof). The original is the earlier published,
    and stays the origin of a chain. ``printed`` holds the new articles' shingle fingerprints;
    only pairs with a new article are checked."""
    new = set(printed)
    copies: dict[str, str] = {}
    for (a, b), sim in sorted(pairs.items()):
        if sim < DUPLICATE_COSINE and (a, b) not in near or not (a in new or b in new):
            continue  # not similar enough, or two old articles (compared when they came)
        for key in (a, b):
            if key not in printed:
                printed[key] = minhash.fingerprint(minhash.shingles(articles[key].text))
        if minhash.containment(printed[a], printed[b]) < DUPLICATE_CONTAINMENT:
            continue
        first, later = sorted((a, b), key=lambda k: (articles[k].published or "~", articles[k].id))
        copies.setdefault(later, copies.get(first, articles[first].origin))
    return copies


def _speakers(conn: sqlite3.Connection) -> None:
    """Canonical speaker ids for the claims of the touched stories."""
    rows = conn.execute(
        "SELECT c.id, a.story_id, a.id, c.speaker, json_extract(c.detail, '$.role') "
        "FROM claims c JOIN articles a ON a.key = c.article_key "
        "WHERE c.speaker IS NOT NULL AND c." + _TOUCHED
    ).fetchall()
    mentions = {cid: Spoken(story, article, name, role) for cid, story, article, name, role in rows}
    ids = canonical_ids(mentions.values())
    conn.execute("UPDATE claims SET speaker_id = NULL WHERE " + _TOUCHED)
    conn.executemany(
        "UPDATE claims SET speaker_id = ? WHERE id = ?",
        [(ids[mention], cid) for cid, mention in mentions.items()],
    )


def _groups(conn: sqlite3.Connection) -> None:
    """Claim groups for the figures of the touched stories."""
    groups = claim_groups(touched_figures(conn))
    conn.execute("UPDATE claims SET group_id = NULL WHERE " + _TOUCHED)
    conn.executemany(
        "UPDATE claims SET group_id = ? WHERE id = ?", sorted((g, c) for c, g in groups.items())
    )


def _flags(conn: sqlite3.Connection, articles: dict[str, _Article]) -> None:
    """Every flag on the claims of the touched stories, raised afresh."""
    flags = _group_flags(conn, articles)
    flags += _unattributed(conn)
    flags += _synthetic_qa(conn, articles)
    flags += _statement_flags(conn, articles)
    flags += silent_edits(conn, articles)
    conn.execute(
        "DELETE FROM flags WHERE claim_id IN (SELECT id FROM claims WHERE " + _TOUCHED + ")"
    )
    conn.executemany(
        "INSERT INTO flags (claim_id, kind, reason, evidence) VALUES (?, ?, ?, ?) "
        "ON CONFLICT DO NOTHING",
        [(f.claim_id, f.kind.value, f.reason, json.dumps(f.evidence)) for f in flags],
    )


def _group_flags(conn: sqlite3.Connection, articles: dict[str, _Article]) -> list[Flag]:
    members: dict[str, list[Reported]] = defaultdict(list)
    for figure in touched_figures(conn):
        if figure.group_id is None:
            continue
        article = articles[figure.article_key]
        members[figure.group_id].append(
            Reported(figure, article.id, article.outlet, article.origin, article.published or None)
        )
    return [flag for _, group in sorted(members.items()) for flag in group_flags(group)]


def _unattributed(conn: sqlite3.Connection) -> list[Flag]:
    rows = conn.execute(
        "SELECT id FROM claims WHERE kind = 'quantity' AND speaker IS NULL AND " + _TOUCHED
    )
    return [
        Flag(cid, FlagKind.UNATTRIBUTED, "the outlet states this figure without a source")
        for (cid,) in rows
    ]


def _synthetic_qa(conn: sqlite3.Connection, articles: dict[str, _Article]) -> list[Flag]:
    """An interview block whose answers restate the article's own narration."""
    transcript: dict[str, list[Stated]] = defaultdict(list)
    for line in touched_statements(conn):
        if line.cue == ":":
            transcript[line.article_key].append(line)
    flags: list[Flag] = []
    for key, lines in sorted(transcript.items()):
        article = articles[key]
        if len(lines) < QA_MIN_ANSWERS or len({line.speaker for line in lines}) < 2:
            continue
        block_start, block_end = lines[0].start, lines[-1].end
        narration = [content_words(s) for s in pieces(article.text[:block_start])]
        answers = [s for line in lines for s in pieces(line.text)]
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


def _statement_flags(conn: sqlite3.Connection, articles: dict[str, _Article]) -> list[Flag]:
    """date_drift and unsupported_quote, story by story."""
    said: dict[str, list[Said]] = defaultdict(list)
    for stated in sorted(touched_statements(conn), key=lambda st: st.claim_id):
        article = articles[stated.article_key]
        said[stated.story_id or ""].append(
            Said(
                stated.claim_id,
                article.id,
                article.origin,
                article.outlet,
                stated.published,
                stated.speaker_id,
                stated.speaker,
                stated.text,
                stated.start,
                stated.end,
                stated.direct,
                stated.said_on,
                stated.time_text,
            )
        )
    sentences: dict[str, dict[str, list[tuple[int, int, str]]]] = defaultdict(dict)
    for key, story, start, end, text in conn.execute(
        'SELECT s.article_key, a.story_id, s.start, s."end", s.text FROM sentences s JOIN '
        "articles a ON a.key = s.article_key WHERE s." + _TOUCHED + " ORDER BY s.article_key, s.n"
    ):
        sentences[story].setdefault(articles[key].id, []).append((start, end, text))
    flags: list[Flag] = []
    source_of = {a.id: (a.origin, a.outlet) for a in articles.values()}
    for story in sorted(said):
        flags += date_drift(said[story])
        sources = {a: source_of[a] for a in sentences[story]}
        flags += unsupported_quotes(said[story], sentences[story], sources)
    return flags
