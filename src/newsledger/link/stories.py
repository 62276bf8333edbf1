"""Stories: articles about the same real-world event, by average-link clustering of TF-IDF
vectors over a blocked candidate graph (articles that share a strong term), never all pairs.

Incremental: a batch of new articles is blocked against the ones linked before (through the
ledger's stored postings and vectors, see ``link.state``) and joins their stories or starts
new ones; the stories of the past are never re-clustered. Deterministic: candidates and merges
are ordered by similarity, then by key, so the same batch gives the same stories whatever
order it was ingested in.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from typing import Protocol

from newsledger.link.text_features import Vector, cosine

STORY_THRESHOLD = 0.12
BLOCK_TERMS = 30
NEIGHBOURS = 30
MAX_POSTINGS = 100  # a term shared by more articles than this is too common to block on


class Known(Protocol):
    """The articles linked before this batch, as the ledger keeps them (see ``link.state``)."""

    def posting_counts(self, terms: Iterable[str]) -> dict[str, int]:
        """How many known articles have each term among their strongest."""

    def postings(self, terms: Iterable[str]) -> dict[str, list[str]]:
        """The known articles that have each term among their strongest."""

    def vectors(self, keys: Iterable[str]) -> dict[str, Vector]:
        """The stored vectors of known articles."""


class NothingKnown:
    """An empty past: linking from scratch."""

    def posting_counts(self, terms: Iterable[str]) -> dict[str, int]:
        return {}

    def postings(self, terms: Iterable[str]) -> dict[str, list[str]]:
        return {}

    def vectors(self, keys: Iterable[str]) -> dict[str, Vector]:
        return {}


def strongest_terms(vector: Vector) -> list[str]:
    """The terms an article is blocked on: its BLOCK_TERMS heaviest."""
    return [t for t, _ in sorted(vector.items(), key=lambda kv: (-kv[1], kv[0]))[:BLOCK_TERMS]]


def candidate_pairs(
    vectors: Mapping[str, Vector], known: Known | None = None
) -> dict[tuple[str, str], float]:
    """Cosine of each new article with its nearest candidates, new or known: the articles that
    share the most of its strongest terms (at most NEIGHBOURS each, so the work grows with the
    batch, not with the square of the ledger). Terms held by more than MAX_POSTINGS articles
    are too common to block on."""
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


def cluster(
    keys: Iterable[str],
    pairs: Mapping[tuple[str, str], float],
    threshold: float = STORY_THRESHOLD,
    stories: Mapping[str, str] | None = None,
    story_sizes: Mapping[str, int] | None = None,
) -> dict[str, str]:
    """Average-link agglomerative clustering; returns key -> cluster label (its smallest key).

    ``stories`` gives the story of articles linked before: those of one story start as one
    cluster, and two such clusters never merge (the past is not rewritten). ``story_sizes``
    gives their full size: similarity to the members not among the candidates counts as 0,
    as it would in a clustering of everything."""
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
        (-total / (size[a] * size[b]), a, b)
        for a, others in links.items()
        for b, total in others.items()
        if a < b and total / (size[a] * size[b]) >= threshold
    ]
    heapq.heapify(heap)
    while heap:
        neg, a, b = heapq.heappop(heap)
        if a not in members or b not in members or (a in fixed and b in fixed):
            continue
        average = links[a].get(b, 0.0) / (size[a] * size[b])
        if abs(average + neg) > 1e-12:  # stale entry: the clusters changed since it was pushed
            continue
        keep, gone = (a, b) if a < b else (b, a)
        members[keep].extend(members.pop(gone))
        size[keep] += size.pop(gone)
        if gone in fixed:
            fixed.add(keep)
        for other, total in links.pop(gone).items():
            links[other].pop(gone, None)
            if other == keep:
                continue
            links[keep][other] = links[keep].get(other, 0.0) + total
            links[other][keep] = links[keep][other]
        links[keep].pop(gone, None)
        for other, total in links[keep].items():
            avg = total / (size[keep] * size[other])
            if avg >= threshold:
                heapq.heappush(heap, (-avg, min(keep, other), max(keep, other)))
    return {member: min(group) for group in members.values() for member in group}
