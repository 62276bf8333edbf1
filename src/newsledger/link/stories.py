"""Stories: where a batch of new articles goes. Blocked against the stored vectors of the
past, each new article joins an existing story or starts a new one; a small story the batch
reaches (up to REOPEN_MAX articles) is re-clustered with it, so that early mistakes made on
little evidence can be undone, while a larger story is settled. Copies are found on the way.

The clustering itself is ``link.clusters``; what the past holds is read through
``ledger.links``.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from newsledger.ledger.links import Linkable, LinkStore
from newsledger.link import minhash
from newsledger.link.clusters import (
    candidate_pairs,
    cluster,
    edges,
    nearest_lists,
    strongest_terms,
)
from newsledger.link.neardup import Pair, duplicates, near_pairs
from newsledger.link.text_features import Vector, cosine
from newsledger.link.vectors import batch_vectors

REOPEN_MAX = 50  # a story of up to this many articles is re-clustered when a batch reaches it


@dataclass(frozen=True, slots=True)
class Placed:
    """Where a batch went: the story of each new article and of each article of a reopened
    story, the copies found (copy key -> original id), and the reopened stories' ids (some
    may be gone, merged into another)."""

    story_ids: dict[str, str]
    copies: dict[str, str]
    reopened: set[str]


def place(store: LinkStore, new: Mapping[str, Linkable]) -> Placed:
    """Cluster the ``new`` articles into the stories of the ledger, store where each went
    (stories, aliases of merged stories, copies) and what the next batch needs to block
    against them (vectors, bands, neighbours, postings)."""
    vectors = batch_vectors(store, new)
    bands: dict[str, list[minhash.Band]] = {}
    printed: dict[str, np.ndarray] = {}
    for key, article in new.items():
        found = minhash.shingles(article.text)
        bands[key], printed[key] = minhash.bands(found), minhash.fingerprint(found)
    near = near_pairs(bands, store)
    pairs = _similar_pairs(vectors, near, store)
    lists = nearest_lists(pairs, new, store.neighbours(_ends(pairs) - new.keys()))
    reopened = store.small_stories_of(_ends(edges(lists)) - new.keys(), REOPEN_MAX)
    graph = edges(store.edges_touching(reopened) | lists)
    batch = new.keys() | reopened.keys()
    old_keys = (_ends(pairs) | _ends(graph) | reopened.keys()) - new.keys()
    old = store.articles(old_keys)
    known_story = {
        key: sid
        for key, sid in store.stories_of(old_keys).items()
        if key not in reopened and sid is not None
    }
    sizes = store.story_sizes(known_story.values())
    labels = cluster(batch | old.keys(), graph, stories=known_story, story_sizes=sizes)
    story_of_label = _name_clusters(store, labels, known_story, reopened, {**new, **old})
    story_ids = {k: story_of_label[labels[k]] for k in sorted(batch)}
    store.set_aliases(story_ids.values(), retired_ids(reopened, story_ids))
    copies = duplicates({**new, **old}, pairs, near, printed)
    in_table_order = [*new, *old]
    store.place(
        [
            (story_ids[k], k)
            for k in in_table_order
            if k in new or (k in reopened and story_ids[k] != reopened[k])
        ],
        [(copies[k], k) for k in in_table_order if k in copies],
    )
    blocked = {key: strongest_terms(vector) for key, vector in vectors.items()}
    store.remember(vectors, bands, lists, blocked)
    return Placed(story_ids, copies, set(reopened.values()))


def _ends(pairs: Iterable[Pair]) -> set[str]:
    return {key for pair in pairs for key in pair}


def _similar_pairs(
    vectors: dict[str, Vector], near: set[Pair], store: LinkStore
) -> dict[Pair, float]:
    """Cosine of the candidate pairs of the batch ``vectors``: blocked on shared terms, and
    the near-duplicate candidates of the LSH buckets."""
    pairs = candidate_pairs(vectors, store)
    known = store.vectors(_ends(near) - vectors.keys()) | vectors
    for a, b in sorted(near - pairs.keys()):
        pairs[(a, b)] = cosine(known[a], known[b])
    return pairs


def retired_ids(reopened: Mapping[str, str], story_ids: Mapping[str, str]) -> dict[str, str]:
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


def _name_clusters(
    store: LinkStore,
    labels: Mapping[str, str],
    known_story: Mapping[str, str],
    reopened: Mapping[str, str],
    articles: Mapping[str, Linkable],
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
    taken = store.known_stories(fresh.values()) | used
    for label, sid in sorted(fresh.items()):
        named[label] = _story_id(articles[label], salted=True) if sid in taken else sid
    return named


def _story_id(first: Linkable, salted: bool = False) -> str:
    """A new story's id: from the id of its first article (and its content key, when that
    id already names a story of the past)."""
    seed = first.id + ("\0" + first.key if salted else "")
    return "st-" + hashlib.sha256(seed.encode()).hexdigest()[:12]
