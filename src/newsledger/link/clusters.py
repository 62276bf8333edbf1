"""Story clusters: articles about the same real-world event, by agglomerative clustering of a
nearest-neighbour graph of TF-IDF vectors, built over blocked candidates (articles that share
a strong term), never all pairs.

Why nearest neighbours: two events of one kind (two navy rescues of a merchant ship, two
emergency browser patches) share so many topic words that no single cosine threshold parts
them; yet an article's few most similar articles are nearly always about its own event. Each
article keeps edges to its STORY_NEIGHBOURS nearest candidates only, and the linkage of two
clusters is their summed edge similarity over the most edges they could have (see
``possible_edges``), which does not shrink as a story grows.

Incremental: a batch of new articles is blocked against the ones linked before (through the
ledger's stored postings, vectors and neighbour lists, see ``ledger.links``) and joins their
stories or starts new ones; stories of the past are fixed clusters here (the caller reopens
the small ones it wants re-clustered). Deterministic: candidates and merges are ordered by
similarity, then by key, so the same batch gives the same stories whatever order it was
ingested in.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from typing import Protocol

from newsledger.link.text_features import Vector, cosine

STORY_THRESHOLD = 0.08
BLOCK_TERMS = 30
NEIGHBOURS = 15  # candidates compared with each new article
STORY_NEIGHBOURS = 5  # of those, the nearest it keeps an edge to
# below this cosine two reports are no evidence of one event, however near they rank: an
# article about an event nobody else covered must not join the story its words are nearest
MIN_EDGE = 0.12
MAX_POSTINGS = 100  # a term shared by more articles than this is too common to block on

Neighbours = list[tuple[str, float]]  # (article key, similarity), nearest first


class Known(Protocol):
    """The articles linked before this batch, as the ledger keeps them (``ledger.links``)."""

    def posting_counts(self, terms: Iterable[str]) -> dict[str, int]:
        """How many known articles have each term among their strongest."""

    def postings(self, terms: Iterable[str]) -> dict[str, list[str]]:
        """The known articles that have each term among their strongest."""

    def vectors(self, keys: Iterable[str]) -> dict[str, Vector]:
        """The stored vectors of known articles."""

    def neighbours(self, keys: Iterable[str]) -> dict[str, Neighbours]:
        """The nearest neighbours of known articles, as last ranked."""


class NothingKnown:
    """An empty past: linking from scratch."""

    def posting_counts(self, terms: Iterable[str]) -> dict[str, int]:
        return {}

    def postings(self, terms: Iterable[str]) -> dict[str, list[str]]:
        return {}

    def vectors(self, keys: Iterable[str]) -> dict[str, Vector]:
        return {}

    def neighbours(self, keys: Iterable[str]) -> dict[str, Neighbours]:
        return {}


def strongest_terms(vector: Vector) -> list[str]:
    """The terms an article is blocked on: its BLOCK_TERMS heaviest."""
    return [t for t, _ in sorted(vector.items(), key=lambda kv: (-kv[1], kv[0]))[:BLOCK_TERMS]]


def candidate_pairs(
    vectors: Mapping[str, Vector], known: Known | None = None
) -> dict[tuple[str, str], float]:
    """Cosine of each article of the batch with its nearest candidates, in the batch or known:
    the articles that share the most of its strongest terms (at most NEIGHBOURS each, so the
    work grows with the batch, not with the square of the ledger). Terms held by more than
    MAX_POSTINGS articles are too common to block on."""
    known = known or NothingKnown()
    postings: dict[str, list[str]] = defaultdict(list)
    strongest: dict[str, list[str]] = {}
    for key in sorted(vectors):
        strongest[key] = strongest_terms(vectors[key])
        for term in strongest[key]:
            postings[term].append(key)
    old_counts = known.posting_counts(postings)
    usable = {t for t, keys in postings.items() if len(keys) + old_counts.get(t, 0) <= MAX_POSTINGS}
    old_postings = known.postings(t for t in usable if old_counts.get(t))
    nearest_of: dict[str, list[str]] = {}
    for key in sorted(vectors):
        shared: Counter[str] = Counter()
        for term in strongest[key]:
            if term in usable:
                shared.update(postings[term])
                shared.update(old_postings.get(term, ()))
        shared.pop(key, None)
        ranked = heapq.nsmallest(NEIGHBOURS, shared.items(), key=lambda kv: (-kv[1], kv[0]))
        nearest_of[key] = [other for other, _ in ranked]
    known_vectors = {
        **known.vectors({o for near in nearest_of.values() for o in near} - set(vectors)),
        **vectors,
    }
    pairs: dict[tuple[str, str], float] = {}
    for key, near in nearest_of.items():
        for other in near:
            pair = (key, other) if key < other else (other, key)
            if pair not in pairs:
                pairs[pair] = cosine(vectors[key], known_vectors[other])
    return pairs


def nearest_lists(
    pairs: Mapping[tuple[str, str], float],
    new: Iterable[str],
    known_lists: Mapping[str, Neighbours],
) -> dict[str, Neighbours]:
    """The STORY_NEIGHBOURS nearest of every article in ``pairs`` (ties broken by key; pairs
    below MIN_EDGE left out): a new article's among its pairs, a known article's among those
    it had (``known_lists``) and its new pairs."""
    fresh = set(new)
    found: dict[str, dict[str, float]] = defaultdict(dict)
    for (a, b), sim in pairs.items():
        if sim >= MIN_EDGE:
            found[a][b] = sim
            found[b][a] = sim
    lists: dict[str, Neighbours] = {}
    for key in sorted(found):
        pool = found[key] if key in fresh else dict(known_lists.get(key, [])) | found[key]
        best = heapq.nsmallest(STORY_NEIGHBOURS, pool.items(), key=lambda kv: (-kv[1], kv[0]))
        lists[key] = [(other, sim) for other, sim in best]
    return lists


def edges(lists: Mapping[str, Neighbours]) -> dict[tuple[str, str], float]:
    """The nearest-neighbour graph of these lists: a pair is an edge when either article is
    among the other's nearest."""
    return {
        ((key, other) if key < other else (other, key)): sim
        for key, near in lists.items()
        for other, sim in near
    }


def possible_edges(size_a: int, size_b: int) -> int:
    """The most nearest-neighbour edges two clusters of these sizes can share (up to the
    symmetric pairs counted once): every pair while the smaller cluster's members could all
    link to all of the other, else STORY_NEIGHBOURS from each member of the smaller."""
    return min(size_a * size_b, STORY_NEIGHBOURS * min(size_a, size_b))


def cluster(
    keys: Iterable[str],
    pairs: Mapping[tuple[str, str], float],
    threshold: float = STORY_THRESHOLD,
    stories: Mapping[str, str] | None = None,
    story_sizes: Mapping[str, int] | None = None,
) -> dict[str, str]:
    """Agglomerative clustering of the nearest-neighbour graph ``pairs``, merging the two
    clusters of highest linkage (summed edge similarity over ``possible_edges``) while it is
    at least ``threshold``; returns key -> cluster label (its smallest key).

    ``stories`` gives the story of articles linked before: those of one story start as one
    cluster, and two such clusters never merge (the past is not rewritten). ``story_sizes``
    gives their full size, as in a clustering of everything."""
    stories = stories or {}
    story_sizes = story_sizes or {}
    by_story: dict[str, list[str]] = defaultdict(list)
    for key in sorted(set(keys)):
        by_story[stories.get(key, "\0" + key)].append(key)
    members = {group[0]: group for group in by_story.values()}
    root = {key: group[0] for group in members.values() for key in group}
    fixed = {group[0] for group in members.values() if group[0] in stories}
    size = {
        label: max(len(group), story_sizes.get(stories.get(label, ""), 0))
        for label, group in members.items()
    }
    links: dict[str, dict[str, float]] = defaultdict(dict)  # summed similarity between clusters
    for (a, b), sim in pairs.items():
        ra, rb = root[a], root[b]
        if sim > 0 and ra != rb:
            links[ra][rb] = links[rb][ra] = links[ra].get(rb, 0.0) + sim
    heap = [
        (-total / possible_edges(size[a], size[b]), a, b)
        for a, others in links.items()
        for b, total in others.items()
        if a < b and total / possible_edges(size[a], size[b]) >= threshold
    ]
    heapq.heapify(heap)
    while heap:
        neg, a, b = heapq.heappop(heap)
        if a not in members or b not in members or (a in fixed and b in fixed):
            continue
        linkage = links[a].get(b, 0.0) / possible_edges(size[a], size[b])
        if abs(linkage + neg) > 1e-12:  # stale entry: the clusters changed since it was pushed
            continue
        # the larger cluster absorbs the smaller, so each key moves O(log n) times
        keep, gone = sorted((a, b), key=lambda c: (-size[c], c))
        members[keep].extend(members.pop(gone))
        was = size[keep]
        size[keep] += size.pop(gone)
        if gone in fixed:
            fixed.add(keep)
        touched = links.pop(gone)
        for other, total in touched.items():
            links[other].pop(gone, None)
            if other != keep:
                links[keep][other] = links[other][keep] = links[keep].get(other, 0.0) + total
        links[keep].pop(gone, None)
        for other, total in links[keep].items():
            # a linkage changed if the summed similarity did or the edges it is over did;
            # for the many small neighbours of a large cluster neither does
            if other in touched or possible_edges(was, size[other]) != possible_edges(
                size[keep], size[other]
            ):
                linkage = total / possible_edges(size[keep], size[other])
                if linkage >= threshold:
                    heapq.heappush(heap, (-linkage, min(keep, other), max(keep, other)))
    return {member: min(group) for group in members.values() for member in group}
