"""The link stage's view of the ledger: every read and write the stage makes, one method
each, handing out typed records, so no SQL lives in ``newsledger.link``.

What the stage keeps between runs (``link_*`` tables): each linked article's vector, its LSH
bands, its nearest neighbours, the terms it is blocked on, and per term how many linked
articles have it (for idf) and block on it; with these a new batch is compared with the past
without reading the past's text. What it writes for readers: stories, copies, canonical
speakers, claim groups, flags.

All SQL here is parameterised; a list travels as one JSON parameter through ``json_each``.
The articles a run recomputes are the keys of the temporary table ``touched``
(``mark_touched``).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from newsledger.ledger.claims import Figure, Stated, touched_figures, touched_statements
from newsledger.ledger.queries import LATEST
from newsledger.vocabulary import ClaimKind, FlagKind

Vector = Mapping[str, float]
Band = tuple[int, int]  # (band number, hash of the band's values)
Neighbours = list[tuple[str, float]]  # (article key, similarity), nearest first
_IN_JSON = "(SELECT value FROM json_each(?))"
_TOUCHED = "article_key IN (SELECT key FROM temp.touched)"


def json_set(items: Iterable[object]) -> str:
    """Distinct items as one sorted JSON list: how a set travels into SQL (``json_each``)."""
    return json.dumps(sorted(set(items)))


@dataclass(frozen=True, slots=True)
class Linkable:
    """The current version of an article as the link stage reads it."""

    key: str
    id: str
    outlet: str  # its outlet, or its id when it has none
    published: str  # ISO date or time, "" when unknown
    text: str
    origin: str = ""  # the id of the article it copies, or its own


@dataclass(frozen=True, slots=True)
class SpeakerMention:
    """A claim's speaker as written, with its story, article and role."""

    claim_id: str
    story_id: str
    article_id: str
    name: str
    role: str | None


@dataclass(frozen=True, slots=True)
class StorySentence:
    """A sentence of a touched article, with its story."""

    article_key: str
    story_id: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Touched:
    """What the claims of some stories hold after linking: distinct canonical speakers and
    claim groups, and flags by kind."""

    speakers: int
    groups: int
    flags: dict[str, int]


class RaisedFlag(Protocol):
    """A flag as the ledger stores it (``link.flags.Flag``)."""

    @property
    def claim_id(self) -> str: ...
    @property
    def kind(self) -> FlagKind: ...
    @property
    def reason(self) -> str: ...
    @property
    def evidence(self) -> list[str]: ...


# The row of each story a run touched (see the stories table in schema.sql).
_STORY_SUMMARY = (
    """
INSERT INTO stories (story_id, articles, outlets, first, last, title, flags)
SELECT a.story_id, COUNT(*), COUNT(DISTINCT COALESCE(a.outlet, a.id)), MIN(a.published),
    MAX(a.published),
    (SELECT COALESCE(f.title, f.id) FROM articles f WHERE f.story_id = a.story_id
     ORDER BY f.published IS NULL, f.published, f.id LIMIT 1),
    (SELECT COUNT(*) FROM flags g JOIN claims c ON c.id = g.claim_id JOIN articles h
     ON h.key = c.article_key WHERE h.story_id = a.story_id AND g.kind != ?)
FROM articles a
WHERE a.story_id IS NOT NULL AND """
    + LATEST
    + " AND a.story_id IN "
    + _IN_JSON
    + " GROUP BY a.story_id"
)
_LINKABLE = (
    "SELECT a.key, a.id, COALESCE(a.outlet, a.id), COALESCE(a.published, ''), a.text, "
    "COALESCE(a.duplicate_of, a.id) FROM articles a WHERE " + LATEST + " AND "
)
_IN_STORIES = (
    "FROM claims c JOIN articles a ON a.key = c.article_key WHERE a.story_id IN " + _IN_JSON
)


class LinkStore:
    """The link stage's reads and writes over one connection (inside its transaction)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    # -- the past, for blocking a new batch (``link.clusters.Known``) --------------------

    def posting_counts(self, terms: Iterable[str]) -> dict[str, int]:
        """How many linked articles are blocked on each term."""
        rows = self.conn.execute(
            "SELECT term, postings FROM link_terms WHERE term IN " + _IN_JSON, (json_set(terms),)
        )
        return {term: int(n) for term, n in rows}

    def postings(self, terms: Iterable[str]) -> dict[str, list[str]]:
        """The linked articles blocked on each term."""
        found: dict[str, list[str]] = {}
        rows = self.conn.execute(
            "SELECT term, article_key FROM link_postings WHERE term IN "
            + _IN_JSON
            + " ORDER BY term, article_key",
            (json_set(terms),),
        )
        for term, key in rows:
            found.setdefault(term, []).append(key)
        return found

    def sharing_a_band(self, bands: Iterable[Band]) -> dict[Band, list[str]]:
        """The linked articles in each of these LSH buckets."""
        found: dict[Band, list[str]] = {}
        rows = self.conn.execute(
            "SELECT b.band, b.hash, b.article_key FROM json_each(?) j JOIN link_bands b "
            "ON b.band = json_extract(j.value, '$[0]') AND b.hash = json_extract(j.value, '$[1]') "
            "ORDER BY b.article_key",
            (json_set(bands),),
        )
        for band, digest, key in rows:
            found.setdefault((band, digest), []).append(key)
        return found

    def vectors(self, keys: Iterable[str]) -> dict[str, dict[str, float]]:
        """The stored vectors of linked articles, as weighed when they were linked."""
        rows = self.conn.execute(
            "SELECT article_key, vector FROM link_articles WHERE article_key IN " + _IN_JSON,
            (json_set(keys),),
        )
        return {key: json.loads(vector) for key, vector in rows}

    def neighbours(self, keys: Iterable[str]) -> dict[str, Neighbours]:
        """The nearest neighbours of linked articles, as last ranked."""
        return self._lists("article_key IN (SELECT value FROM json_each(?1))", keys)

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

    # -- term statistics ------------------------------------------------------------------

    def entities(self, keys: Iterable[str], labels: Sequence[str]) -> dict[str, list[str]]:
        """The named entities of these articles with one of ``labels``, in text order."""
        found: dict[str, list[str]] = {}
        rows = self.conn.execute(
            "SELECT article_key, text FROM mentions WHERE label IN "
            + _IN_JSON
            + " AND article_key IN "
            + _IN_JSON
            + " ORDER BY article_key, n",
            (json.dumps(list(labels)), json_set(keys)),
        )
        for key, text in rows:
            found.setdefault(key, []).append(text)
        return found

    def count_terms(self, document_frequencies: Mapping[str, int]) -> None:
        """Add a batch's document frequencies to the stored ones."""
        self.conn.executemany(
            "INSERT INTO link_terms (term, df, postings) VALUES (?, ?, 0) "
            "ON CONFLICT (term) DO UPDATE SET df = df + excluded.df",
            sorted(document_frequencies.items()),
        )

    def document_frequencies(self, terms: Iterable[str]) -> dict[str, int]:
        """The stored document frequency of each of these terms that has one."""
        rows = self.conn.execute(
            "SELECT term, df FROM link_terms WHERE term IN " + _IN_JSON, (json_set(terms),)
        )
        return dict(rows.fetchall())

    def linked_count(self) -> int:
        """How many article versions the stage has linked (and keeps vectors of)."""
        return int(self.conn.execute("SELECT COUNT(*) FROM link_articles").fetchone()[0])

    def remember(
        self,
        vectors: Mapping[str, Vector],
        bands: Mapping[str, list[Band]],
        lists: Mapping[str, Neighbours],
        blocked: Mapping[str, list[str]],
    ) -> None:
        """Store a batch's vectors, LSH bands and the terms each article is ``blocked`` on,
        and the nearest neighbours of the batch and of the known articles it reached."""
        # rows in primary-key order: the B-tree takes them in sequence
        self.conn.executemany(
            "INSERT OR IGNORE INTO link_bands (band, hash, article_key) VALUES (?, ?, ?)",
            sorted((band, digest, key) for key in bands for band, digest in bands[key]),
        )
        self.conn.executemany(
            "INSERT OR REPLACE INTO link_articles (article_key, vector) VALUES (?, ?)",
            [(key, json.dumps(dict(v), sort_keys=True)) for key, v in sorted(vectors.items())],
        )
        self.conn.execute(
            "DELETE FROM link_edges WHERE article_key IN " + _IN_JSON, (json_set(lists),)
        )
        self.conn.executemany(
            "INSERT INTO link_edges (article_key, other_key, similarity) VALUES (?, ?, ?)",
            sorted((key, other, sim) for key, near in lists.items() for other, sim in near),
        )
        rows = sorted((term, key) for key, terms in blocked.items() for term in terms)
        self.conn.executemany(
            "INSERT OR IGNORE INTO link_postings (term, article_key) VALUES (?, ?)", rows
        )
        per_term: dict[str, int] = {}
        for term, _ in rows:
            per_term[term] = per_term.get(term, 0) + 1
        self.conn.executemany(
            "UPDATE link_terms SET postings = postings + ? WHERE term = ?",
            [(n, term) for term, n in sorted(per_term.items())],
        )

    # -- starting over, and versions replaced ---------------------------------------------

    def reset(self) -> None:
        """Forget every link, so the next run links the whole ledger from scratch."""
        for table in (
            "link_postings",
            "link_articles",
            "link_edges",
            "link_bands",
            "link_terms",
            "flags",
            "stories",
            "story_aliases",
        ):
            self.conn.execute(f"DELETE FROM {table}")  # a fixed name from the list above
        self.conn.execute("UPDATE claims SET speaker_id = NULL, group_id = NULL")
        self.conn.execute("UPDATE articles SET story_id = NULL, duplicate_of = NULL")

    def forget_superseded(self) -> set[str]:
        """Unlink article versions that a newer version replaced: no longer blocked on, in no
        story, claim group or flag (their terms stay in the document frequencies: a corrected
        version barely changes them). Returns the stories those versions were in."""
        stale = [
            row[0]
            for row in self.conn.execute(
                "SELECT v.article_key FROM link_articles v JOIN articles a "
                "ON a.key = v.article_key WHERE NOT " + LATEST
            )
        ]
        if not stale:
            return set()
        keys = json_set(stale)
        self.conn.execute(
            "UPDATE link_terms SET postings = postings - (SELECT COUNT(*) FROM link_postings p "
            "WHERE p.term = link_terms.term AND p.article_key IN " + _IN_JSON + ") "
            "WHERE term IN (SELECT p.term FROM link_postings p WHERE p.article_key IN "
            + _IN_JSON
            + ")",
            (keys, keys),
        )
        for table in ("link_postings", "link_articles", "link_bands"):
            self.conn.execute(f"DELETE FROM {table} WHERE article_key IN " + _IN_JSON, (keys,))
        self.conn.execute(
            "DELETE FROM link_edges WHERE article_key IN (SELECT value FROM json_each(?1)) "
            "OR other_key IN (SELECT value FROM json_each(?1))",
            (keys,),
        )
        rows = self.conn.execute(
            "SELECT DISTINCT story_id FROM articles WHERE story_id IS NOT NULL AND key IN "
            + _IN_JSON,
            (keys,),
        )
        stories = {row[0] for row in rows}
        # the old version leaves its story, claim groups and speakers: pages, reports and
        # flags show the current version only (its text and claims stay as history)
        self.conn.execute(
            "DELETE FROM flags WHERE claim_id IN (SELECT id FROM claims WHERE article_key IN "
            + _IN_JSON
            + ")",
            (keys,),
        )
        self.conn.execute(
            "UPDATE claims SET speaker_id = NULL, group_id = NULL WHERE article_key IN " + _IN_JSON,
            (keys,),
        )
        self.conn.execute(
            "UPDATE articles SET story_id = NULL, duplicate_of = NULL WHERE key IN " + _IN_JSON,
            (keys,),
        )
        return stories

    # -- articles and stories --------------------------------------------------------------

    def unlinked(self, limit: int) -> dict[str, Linkable]:
        """Up to ``limit`` current articles in no story yet, in the order they were stored."""
        return self._linkable("a.story_id IS NULL ORDER BY a.rowid LIMIT ?", limit)

    def articles(self, keys: Iterable[str]) -> dict[str, Linkable]:
        """The current versions among these article keys, in the order they were stored."""
        return self._linkable("a.key IN " + _IN_JSON + " ORDER BY a.rowid", json_set(keys))

    def touched_articles(self) -> dict[str, Linkable]:
        """The articles marked touched, in the order they were stored."""
        return self._linkable("a.key IN (SELECT key FROM temp.touched) ORDER BY a.rowid")

    def _linkable(self, condition: str, *params: object) -> dict[str, Linkable]:
        rows = self.conn.execute(_LINKABLE + condition, params)
        return {r[0]: Linkable(*r) for r in rows}

    def stories_of(self, keys: Iterable[str]) -> dict[str, str | None]:
        """The story of each of these article keys (None: not linked)."""
        rows = self.conn.execute(
            "SELECT key, story_id FROM articles WHERE key IN " + _IN_JSON, (json_set(keys),)
        )
        return dict(rows.fetchall())

    def story_sizes(self, story_ids: Iterable[str]) -> dict[str, int]:
        """How many articles each of these stories holds."""
        rows = self.conn.execute(
            "SELECT story_id, articles FROM stories WHERE story_id IN " + _IN_JSON,
            (json_set(story_ids),),
        )
        return dict(rows.fetchall())

    def small_stories_of(self, keys: Iterable[str], most: int) -> dict[str, str]:
        """Every current article (key -> story id) of the stories of ``keys`` that hold at
        most ``most`` articles."""
        rows = self.conn.execute(
            "SELECT a.key, a.story_id FROM articles a JOIN stories s ON s.story_id = a.story_id "
            "WHERE s.articles <= ? AND a.story_id IN (SELECT story_id FROM articles WHERE key IN "
            + _IN_JSON
            + ") AND "
            + LATEST,
            (most, json_set(keys)),
        )
        return dict(rows.fetchall())

    def known_stories(self, story_ids: Iterable[str]) -> set[str]:
        """Those of ``story_ids`` that have a row in ``stories``."""
        rows = self.conn.execute(
            "SELECT story_id FROM stories WHERE story_id IN " + _IN_JSON, (json_set(story_ids),)
        )
        return {row[0] for row in rows}

    def set_aliases(self, live: Iterable[str], retired: Mapping[str, str]) -> None:
        """Record the stories merged away (old id -> the story that holds them now); a
        ``live`` id is no longer an alias of anything."""
        self.conn.execute(
            "DELETE FROM story_aliases WHERE old_id IN " + _IN_JSON, (json_set(live),)
        )
        self.conn.executemany(
            "INSERT OR REPLACE INTO story_aliases (old_id, story_id) VALUES (?, ?)",
            sorted(retired.items()),
        )

    def place(self, stories: Iterable[tuple[str, str]], copies: Iterable[tuple[str, str]]) -> None:
        """Set the story of articles (story id, key) and the original of copies (original
        id, key); rows in table order, so the updates walk its pages in turn."""
        self.conn.executemany("UPDATE articles SET story_id = ? WHERE key = ?", list(stories))
        self.conn.executemany("UPDATE articles SET duplicate_of = ? WHERE key = ?", list(copies))

    def mark_touched(self, story_ids: Iterable[str]) -> None:
        """Make the current articles of these stories the ones the next steps recompute."""
        self.conn.execute("CREATE TEMP TABLE IF NOT EXISTS touched (key TEXT PRIMARY KEY)")
        self.conn.execute("DELETE FROM temp.touched")
        self.conn.execute(
            "INSERT INTO temp.touched SELECT a.key FROM articles a WHERE a.story_id IN "
            + _IN_JSON
            + " AND "
            + LATEST,
            (json_set(story_ids),),
        )

    def refresh_stories(self, story_ids: Iterable[str]) -> None:
        """Recount the ``stories`` rows of these stories (size, dates, headline, flags)."""
        ids = json_set(story_ids)
        self.conn.execute("DELETE FROM stories WHERE story_id IN " + _IN_JSON, (ids,))
        self.conn.execute(_STORY_SUMMARY, (FlagKind.UNATTRIBUTED.value, ids))

    def touched_counts(self, story_ids: Iterable[str]) -> Touched:
        """Distinct speakers and groups, and flags by kind, of these stories' claims."""
        ids = json_set(story_ids)
        speakers = self.conn.execute("SELECT COUNT(DISTINCT c.speaker_id) " + _IN_STORIES, (ids,))
        groups = self.conn.execute("SELECT COUNT(DISTINCT c.group_id) " + _IN_STORIES, (ids,))
        flags = self.conn.execute(
            "SELECT f.kind, COUNT(*) FROM flags f JOIN claims c ON c.id = f.claim_id JOIN "
            "articles a ON a.key = c.article_key WHERE a.story_id IN "
            + _IN_JSON
            + " GROUP BY f.kind ORDER BY f.kind",
            (ids,),
        )
        return Touched(speakers.fetchone()[0], groups.fetchone()[0], dict(flags.fetchall()))

    # -- the claims of the touched articles -----------------------------------------------

    def figures(self) -> Iterator[Figure]:
        """Every figure of the touched articles, in claim id order."""
        return touched_figures(self.conn)

    def statements(self) -> Iterator[Stated]:
        """Every statement of the touched articles, by article and position."""
        return touched_statements(self.conn)

    def speaker_mentions(self) -> list[SpeakerMention]:
        """The named speaker of each touched claim that has one."""
        rows = self.conn.execute(
            "SELECT c.id, a.story_id, a.id, c.speaker, json_extract(c.detail, '$.role') "
            "FROM claims c JOIN articles a ON a.key = c.article_key "
            "WHERE c.speaker IS NOT NULL AND c." + _TOUCHED
        )
        return [SpeakerMention(*row) for row in rows]

    def set_speakers(self, speaker_ids: Mapping[str, str]) -> None:
        """Give the touched claims their canonical speakers (claim id -> speaker id)."""
        self.conn.execute("UPDATE claims SET speaker_id = NULL WHERE " + _TOUCHED)
        self.conn.executemany(
            "UPDATE claims SET speaker_id = ? WHERE id = ?",
            [(sid, cid) for cid, sid in speaker_ids.items()],
        )

    def set_groups(self, group_ids: Mapping[str, str]) -> None:
        """Give the touched figures their claim groups (claim id -> group id)."""
        self.conn.execute("UPDATE claims SET group_id = NULL WHERE " + _TOUCHED)
        self.conn.executemany(
            "UPDATE claims SET group_id = ? WHERE id = ?",
            sorted((g, c) for c, g in group_ids.items()),
        )

    def unsourced_figures(self) -> list[str]:
        """The touched figures credited to no speaker."""
        rows = self.conn.execute(
            "SELECT id FROM claims WHERE kind = ? AND speaker IS NULL AND " + _TOUCHED,
            (ClaimKind.QUANTITY.value,),
        )
        return [cid for (cid,) in rows]

    def claims_within(self, article_key: str, start: int, end: int) -> list[str]:
        """The claims of an article that start in [start, end)."""
        rows = self.conn.execute(
            "SELECT id FROM claims WHERE article_key = ? AND start >= ? AND start < ?",
            (article_key, start, end),
        )
        return [cid for (cid,) in rows]

    def sentences(self) -> Iterator[StorySentence]:
        """The sentences of the touched articles, by article and order."""
        rows = self.conn.execute(
            'SELECT s.article_key, a.story_id, s.start, s."end", s.text FROM sentences s JOIN '
            "articles a ON a.key = s.article_key WHERE s."
            + _TOUCHED
            + " ORDER BY s.article_key, s.n"
        )
        for row in rows:
            yield StorySentence(*row)

    def replace_flags(self, flags: Iterable[RaisedFlag]) -> None:
        """Drop the flags of the touched claims and store these instead."""
        self.conn.execute(
            "DELETE FROM flags WHERE claim_id IN (SELECT id FROM claims WHERE " + _TOUCHED + ")"
        )
        self.conn.executemany(
            "INSERT INTO flags (claim_id, kind, reason, evidence) VALUES (?, ?, ?, ?) "
            "ON CONFLICT DO NOTHING",
            [(f.claim_id, f.kind.value, f.reason, json.dumps(f.evidence)) for f in flags],
        )
