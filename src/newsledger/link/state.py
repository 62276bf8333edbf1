"""What the link stage keeps in the ledger between runs: which articles are linked, the terms
each is blocked on, and per term how many linked articles have it (for idf) and block on it.
With these a new batch finds its candidates in the past without reading the past's text.

All SQL here is parameterised; lists travel as one JSON parameter through ``json_each``.
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections import Counter
from collections.abc import Iterable, Mapping

from newsledger.link.stories import strongest_terms
from newsledger.link.text_features import Vector, terms, weigh

_LATEST = "a.version = (SELECT MAX(b.version) FROM articles b WHERE b.id = a.id)"


def _json(items: Iterable[str]) -> str:
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
    wanted = _json(keys)
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
    """The articles linked before this batch, read from the ledger (``stories.Known``).

    Blocking uses the terms stored when each article was linked; similarity uses vectors made
    afresh from the article's text with today's document frequencies, so an article linked
    early in a small ledger is weighed like one linked today."""

    def __init__(self, conn: sqlite3.Connection, documents: int) -> None:
        self.conn = conn
        self.documents = documents

    def posting_counts(self, terms: Iterable[str]) -> dict[str, int]:
        rows = self.conn.execute(
            "SELECT term, postings FROM link_terms WHERE term IN (SELECT value FROM json_each(?))",
            (_json(terms),),
        )
        return {term: int(n) for term, n in rows}

    def postings(self, terms: Iterable[str]) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        rows = self.conn.execute(
            "SELECT term, article_key FROM link_postings "
            "WHERE term IN (SELECT value FROM json_each(?)) ORDER BY term, article_key",
            (_json(terms),),
        )
        for term, key in rows:
            found.setdefault(term, []).append(key)
        return found

    def vectors(self, keys: Iterable[str]) -> dict[str, Vector]:
        counts = article_terms(self.conn, keys)
        idf = idf_of(self.conn, {t for c in counts.values() for t in c}, self.documents)
        return {key: weigh(c, idf) for key, c in counts.items()}


def idf_of(conn: sqlite3.Connection, terms: Iterable[str], documents: int) -> dict[str, float]:
    """Smoothed idf of each term over the linked articles (a term never seen counts once)."""
    stored = dict(
        conn.execute(
            "SELECT term, df FROM link_terms WHERE term IN (SELECT value FROM json_each(?))",
            (_json(terms),),
        ).fetchall()
    )
    return {t: math.log((1 + documents) / (1 + stored.get(t, 1))) + 1 for t in set(terms)}


def reset(conn: sqlite3.Connection) -> None:
    """Forget every link, so the next run links the whole ledger from scratch."""
    conn.execute("DELETE FROM link_postings")
    conn.execute("DELETE FROM link_articles")
    conn.execute("DELETE FROM link_terms")
    conn.execute("DELETE FROM flags")
    conn.execute("UPDATE claims SET speaker_id = NULL, group_id = NULL")
    conn.execute("UPDATE articles SET story_id = NULL, duplicate_of = NULL")


def forget_superseded(conn: sqlite3.Connection) -> None:
    """Stop blocking on article versions that a newer version replaced. (Their terms stay in
    the document frequencies: a corrected version barely changes them.)"""
    stale = [
        row[0]
        for row in conn.execute(
            "SELECT v.article_key FROM link_articles v JOIN articles a ON a.key = v.article_key "
            "WHERE NOT " + _LATEST
        )
    ]
    if not stale:
        return
    conn.execute(
        "UPDATE link_terms SET postings = postings - (SELECT COUNT(*) FROM link_postings p "
        "WHERE p.term = link_terms.term AND p.article_key IN (SELECT value FROM json_each(?))) "
        "WHERE term IN (SELECT p.term FROM link_postings p "
        "WHERE p.article_key IN (SELECT value FROM json_each(?)))",
        (_json(stale), _json(stale)),
    )
    for table in ("link_postings", "link_articles"):
        conn.execute(
            f"DELETE FROM {table} WHERE article_key IN (SELECT value FROM json_each(?))",
            (_json(stale),),
        )


def vectors_for(
    conn: sqlite3.Connection, counts: Mapping[str, Counter[str]]
) -> tuple[dict[str, Vector], int]:
    """Vectors of the batch, and the number of linked articles counting the batch. The
    batch's terms are first added to the stored document frequencies."""
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
    return {key: weigh(found, idf) for key, found in counts.items()}, documents


def remember(conn: sqlite3.Connection, vectors: Mapping[str, Vector]) -> None:
    """Mark the batch linked and store the terms each article is blocked on."""
    conn.executemany(
        "INSERT OR IGNORE INTO link_articles (article_key) VALUES (?)",
        [(k,) for k in sorted(vectors)],
    )
    blocked = [(term, key) for key in sorted(vectors) for term in strongest_terms(vectors[key])]
    conn.executemany(
        "INSERT OR IGNORE INTO link_postings (term, article_key) VALUES (?, ?)", blocked
    )
    conn.executemany(
        "UPDATE link_terms SET postings = postings + ? WHERE term = ?",
        [(n, term) for term, n in sorted(Counter(t for t, _ in blocked).items())],
    )
