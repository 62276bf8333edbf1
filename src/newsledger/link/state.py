"""What the link stage keeps in the ledger between runs: each linked article's vector, the
terms it is blocked on, and per term how many linked articles have it (for idf) and block on
it. With these a new batch is compared with the past without reading the past's text.

All SQL here is parameterised; lists travel as one JSON parameter through ``json_each``.
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections import Counter
from collections.abc import Iterable, Mapping

from newsledger.ledger.queries import LATEST
from newsledger.link import minhash
from newsledger.link.stories import Neighbours, strongest_terms
from newsledger.link.text_features import Vector, terms, weigh


def json_set(items: Iterable[object]) -> str:
    """Distinct items as one sorted JSON list: how a set travels into SQL (``json_each``)."""
    return json.dumps(sorted(set(items)))


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


def article_terms(conn: sqlite3.Connection, keys: Iterable[str]) -> dict[str, Counter[str]]:
    """Term counts of articles: their clean text and their named entities."""
    wanted = json_set(keys)
    entities: dict[str, list[str]] = {}
    for key, text in conn.execute(
        "SELECT article_key, text FROM mentions WHERE label IN (SELECT value FROM json_each(?)) "
        "AND article_key IN (SELECT value FROM json_each(?)) ORDER BY article_key, n",
        (json.dumps(STORY_LABELS), wanted),
    ):
        entities.setdefault(key, []).append(text)
    rows = conn.execute(
        "SELECT key, text FROM articles WHERE key IN (SELECT value FROM json_each(?))", (wanted,)
    )
    return {key: terms(text, entities.get(key, [])) for key, text in rows}


class LedgerIndex:
    """The articles linked before this batch, read from the ledger (``stories.Known``): the
    terms each is blocked on and its vector as it was weighed when it was linked."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def posting_counts(self, terms: Iterable[str]) -> dict[str, int]:
        rows = self.conn.execute(
            "SELECT term, postings FROM link_terms WHERE term IN (SELECT value FROM json_each(?))",
            (json_set(terms),),
        )
        return {term: int(n) for term, n in rows}

    def postings(self, terms: Iterable[str]) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        rows = self.conn.execute(
            "SELECT term, article_key FROM link_postings "
            "WHERE term IN (SELECT value FROM json_each(?)) ORDER BY term, article_key",
            (json_set(terms),),
        )
        for term, key in rows:
            found.setdefault(term, []).append(key)
        return found

    def sharing_a_band(self, bands: Iterable[minhash.Band]) -> dict[minhash.Band, list[str]]:
        """The known articles in each of these LSH buckets."""
        found: dict[minhash.Band, list[str]] = {}
        rows = self.conn.execute(
            "SELECT b.band, b.hash, b.article_key FROM json_each(?) j JOIN link_bands b "
            "ON b.band = json_extract(j.value, '$[0]') AND b.hash = json_extract(j.value, '$[1]') "
            "ORDER BY b.article_key",
            (json_set(bands),),
        )
        for band, digest, key in rows:
            found.setdefault((band, digest), []).append(key)
        return found

    def vectors(self, keys: Iterable[str]) -> dict[str, Vector]:
        rows = self.conn.execute(
            "SELECT article_key, vector FROM link_articles "
            "WHERE article_key IN (SELECT value FROM json_each(?))",
            (json_set(keys),),
        )
        return {key: json.loads(vector) for key, vector in rows}

    def neighbours(self, keys: Iterable[str]) -> dict[str, Neighbours]:
        return self._lists("article_key IN (SELECT value FROM json_each(?))", keys)

    def edges_touching(self, keys: Iterable[str]) -> dict[str, Neighbours]:
        """The stored edges with an end among ``keys``, as (partial) neighbour lists."""
        wanted = "(SELECT value FROM json_each(?1))"
        return self._lists(f"article_key IN {wanted} OR other_key IN {wanted}", keys)

    def _lists(self, where: str, keys: Iterable[str]) -> dict[str, Neighbours]:
        found: dict[str, Neighbours] = {}
        rows = self.conn.execute(
            "SELECT article_key, other_key, similarity FROM link_edges WHERE "
            + where
            + " ORDER BY article_key, similarity DESC, other_key",
            (json_set(keys),),
        )
        for key, other, sim in rows:
            found.setdefault(key, []).append((other, sim))
        return found


def idf_of(conn: sqlite3.Connection, terms: Iterable[str], documents: int) -> dict[str, float]:
    """Smoothed idf of each term over the linked articles (a term never seen counts once)."""
    stored = dict(
        conn.execute(
            "SELECT term, df FROM link_terms WHERE term IN (SELECT value FROM json_each(?))",
            (json_set(terms),),
        ).fetchall()
    )
    return {t: math.log((1 + documents) / (1 + stored.get(t, 1))) + 1 for t in set(terms)}


def reset(conn: sqlite3.Connection) -> None:
    """Forget every link, so the next run links the whole ledger from scratch."""
    conn.execute("DELETE FROM link_postings")
    conn.execute("DELETE FROM link_articles")
    conn.execute("DELETE FROM link_edges")
    conn.execute("DELETE FROM link_bands")
    conn.execute("DELETE FROM link_terms")
    conn.execute("DELETE FROM flags")
    conn.execute("DELETE FROM stories")
    conn.execute("DELETE FROM story_aliases")
    conn.execute("UPDATE claims SET speaker_id = NULL, group_id = NULL")
    conn.execute("UPDATE articles SET story_id = NULL, duplicate_of = NULL")


def forget_superseded(conn: sqlite3.Connection) -> set[str]:
    """Unlink article versions that a newer version replaced: no longer blocked on, in no
    story, claim group or flag (their terms stay in the document frequencies: a corrected
    version barely changes them). Returns the stories those versions were in."""
    stale = [
        row[0]
        for row in conn.execute(
            "SELECT v.article_key FROM link_articles v JOIN articles a ON a.key = v.article_key "
            "WHERE NOT " + LATEST
        )
    ]
    if not stale:
        return set()
    keys = json_set(stale)
    conn.execute(
        "UPDATE link_terms SET postings = postings - (SELECT COUNT(*) FROM link_postings p "
        "WHERE p.term = link_terms.term AND p.article_key IN (SELECT value FROM json_each(?))) "
        "WHERE term IN (SELECT p.term FROM link_postings p "
        "WHERE p.article_key IN (SELECT value FROM json_each(?)))",
        (keys, keys),
    )
    conn.execute(
        "DELETE FROM link_postings WHERE article_key IN (SELECT value FROM json_each(?))",
        (keys,),
    )
    conn.execute(
        "DELETE FROM link_articles WHERE article_key IN (SELECT value FROM json_each(?))",
        (keys,),
    )
    conn.execute(
        "DELETE FROM link_bands WHERE article_key IN (SELECT value FROM json_each(?))",
        (keys,),
    )
    conn.execute(
        "DELETE FROM link_edges WHERE article_key IN (SELECT value FROM json_each(?1)) "
        "OR other_key IN (SELECT value FROM json_each(?1))",
        (keys,),
    )
    rows = conn.execute(
        "SELECT DISTINCT story_id FROM articles WHERE story_id IS NOT NULL "
        "AND key IN (SELECT value FROM json_each(?))",
        (keys,),
    )
    stories = {row[0] for row in rows}
    # the old version leaves its story, claim groups and speakers: pages, reports and flags
    # show the current version only (its text and claims stay in the ledger as history)
    stale_claims = "(SELECT id FROM claims WHERE article_key IN (SELECT value FROM json_each(?)))"
    conn.execute("DELETE FROM flags WHERE claim_id IN " + stale_claims, (keys,))
    conn.execute(
        "UPDATE claims SET speaker_id = NULL, group_id = NULL "
        "WHERE article_key IN (SELECT value FROM json_each(?))",
        (keys,),
    )
    conn.execute(
        "UPDATE articles SET story_id = NULL, duplicate_of = NULL "
        "WHERE key IN (SELECT value FROM json_each(?))",
        (keys,),
    )
    return stories


# The row of each story the run touched (see the stories table in schema.sql).
STORY_SUMMARY = (
    """
INSERT INTO stories (story_id, articles, outlets, first, last, title, flags)
SELECT a.story_id, COUNT(*), COUNT(DISTINCT COALESCE(a.outlet, a.id)), MIN(a.published),
    MAX(a.published),
    (SELECT COALESCE(f.title, f.id) FROM articles f WHERE f.story_id = a.story_id
     ORDER BY f.published IS NULL, f.published, f.id LIMIT 1),
    (SELECT COUNT(*) FROM flags g JOIN claims c ON c.id = g.claim_id JOIN articles h
     ON h.key = c.article_key WHERE h.story_id = a.story_id AND g.kind != 'unattributed')
FROM articles a
WHERE a.story_id IS NOT NULL AND """
    + LATEST
)


def refresh_stories(conn: sqlite3.Connection, story_ids: Iterable[str]) -> None:
    """Recount the ``stories`` rows of these stories (size, dates, headline, flags)."""
    ids = json_set(story_ids)
    conn.execute("DELETE FROM stories WHERE story_id IN (SELECT value FROM json_each(?))", (ids,))
    conn.execute(
        STORY_SUMMARY + " AND a.story_id IN (SELECT value FROM json_each(?)) GROUP BY a.story_id",
        (ids,),
    )


def vectors_for(conn: sqlite3.Connection, counts: Mapping[str, Counter[str]]) -> dict[str, Vector]:
    """Vectors of the batch, weighed with the document frequencies of the past and the batch
    (the batch's terms are first added to the stored frequencies)."""
    batch_df: Counter[str] = Counter()
    for found in counts.values():
        batch_df.update(found.keys())
    conn.executemany(
        "INSERT INTO link_terms (term, df, postings) VALUES (?, ?, 0) "
        "ON CONFLICT (term) DO UPDATE SET df = df + excluded.df",
        sorted(batch_df.items()),
    )
    documents = int(conn.execute("SELECT COUNT(*) FROM link_articles").fetchone()[0])
    documents += len(counts)
    idf = idf_of(conn, batch_df, documents)
    return {key: weigh(found, idf) for key, found in counts.items()}


def remember(
    conn: sqlite3.Connection,
    vectors: Mapping[str, Vector],
    bands: Mapping[str, list[minhash.Band]],
    lists: Mapping[str, Neighbours],
) -> None:
    """Store the batch's vectors, LSH bands and the terms each article is blocked on, and
    the nearest neighbours of the batch and of the known articles it reached."""
    # rows in primary-key order: the B-tree takes them in sequence
    conn.executemany(
        "INSERT OR IGNORE INTO link_bands (band, hash, article_key) VALUES (?, ?, ?)",
        sorted((band, digest, key) for key in bands for band, digest in bands[key]),
    )
    conn.executemany(
        "INSERT OR REPLACE INTO link_articles (article_key, vector) VALUES (?, ?)",
        [(key, json.dumps(vector, sort_keys=True)) for key, vector in sorted(vectors.items())],
    )
    conn.execute(
        "DELETE FROM link_edges WHERE article_key IN (SELECT value FROM json_each(?))",
        (json_set(lists),),
    )
    conn.executemany(
        "INSERT INTO link_edges (article_key, other_key, similarity) VALUES (?, ?, ?)",
        sorted((key, other, sim) for key, near in lists.items() for other, sim in near),
    )
    blocked = sorted((term, key) for key in vectors for term in strongest_terms(vectors[key]))
    conn.executemany(
        "INSERT OR IGNORE INTO link_postings (term, article_key) VALUES (?, ?)", blocked
    )
    conn.executemany(
        "UPDATE link_terms SET postings = postings + ? WHERE term = ?",
        [(n, term) for term, n in sorted(Counter(t for t, _ in blocked).items())],
    )
