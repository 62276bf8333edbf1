"""Link: across the articles of the ledger, find stories and near-duplicates, give speakers
canonical ids, group figures about the same measure, and raise flags with their evidence.

Incremental: each run links the articles not linked yet (new ones, new versions) into what
the ledger holds, LINK_CHUNK of them per transaction. A chunk goes in four steps, each in
the module of its name, reading and writing through ``ledger.links.LinkStore``:

1. ``stories.place``: block the new articles against the past, cluster them into stories
   (reopening small ones), find copies (``neardup``), remember their vectors.
2. ``speakers.assign_speakers``: canonical speaker ids in the stories touched.
3. ``claims.assign_groups``: claim groups of their figures.
4. ``flags.raise_flags``: conflicts, drift, unattributed figures, synthetic Q&A, date drift
   and unsupported quotes, with their evidence, and the silent edits between an article's
   versions (``edits``).

``link(db, full=True)`` forgets every link and starts from scratch.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from newsledger.ledger.db import Ledger
from newsledger.ledger.links import LinkStore
from newsledger.link.claims import assign_groups
from newsledger.link.edits import silent_edits
from newsledger.link.flags import raise_flags
from newsledger.link.speakers import assign_speakers
from newsledger.link.stories import place

__all__ = ["LinkSummary", "link"]

LINK_CHUNK = 100_000  # new articles linked per transaction: bounds memory (about 3 GB)


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
class _Chunk:
    articles: int
    copies: int
    touched: set[str]  # the stories the chunk touched
    fresh: set[str]  # of those, the ones it started


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
                LinkStore(conn).reset()
        while True:
            with ledger.transaction() as conn:
                chunk = _link_chunk(LinkStore(conn))
            linked += chunk.articles
            copies += chunk.copies
            touched |= chunk.touched
            fresh |= chunk.fresh
            if chunk.articles < LINK_CHUNK:
                break
        store = LinkStore(ledger.conn)
        touched = store.known_stories(touched)  # a reopened story may have been merged
        counts = store.touched_counts(touched)
        return LinkSummary(
            linked,
            len(touched),
            len(fresh & touched),
            copies,
            counts.speakers,
            counts.groups,
            counts.flags,
        )


def _link_chunk(store: LinkStore) -> _Chunk:
    """Link the next LINK_CHUNK unlinked articles and recompute what the stories they touch
    hold: canonical speakers, claim groups, flags."""
    shrunk = store.forget_superseded()
    new = store.unlinked(LINK_CHUNK)
    placed = place(store, new) if new else None
    ids = set(placed.story_ids.values()) if placed else set()
    store.mark_touched(ids)
    assign_speakers(store)
    assign_groups(store)
    touched = store.touched_articles()
    raise_flags(store, touched, silent_edits(store.conn, touched))
    known = store.known_stories(ids)
    store.refresh_stories(ids | shrunk | (placed.reopened if placed else set()))
    return _Chunk(len(new), len(placed.copies) if placed else 0, ids, ids - known)
