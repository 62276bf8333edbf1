"""Stories: articles about the same real-world event, by average-link clustering of TF-IDF
vectors over a blocked candidate graph (articles that share a strong term), never all pairs.

Deterministic: candidates and merges are ordered by similarity, then by article id, so the
same articles give the same stories whatever order they were ingested in.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Mapping

from newsledger.link.text_features import Vector, cosine

STORY_THRESHOLD = 0.12
BLOCK_TERMS = 30
NEIGHBOURS = 30
MAX_POSTINGS = 100  # a term shared by more articles than this is too common to block on


def candidate_pairs(vectors: Mapping[str, Vector]) -> dict[tuple[str, str], float]:
    """Cosine of each article with its nearest candidates: the articles that share the most of
    its strongest terms (at most NEIGHBOURS each, so the work grows with the corpus, not with
    the square of it)."""
    postings: dict[str, list[str]] = defaultdict(list)
    strongest: dict[str, list[str]] = {}
    for key in sorted(vectors):
        top = sorted(vectors[key].items(), key=lambda kv: (-kv[1], kv[0]))[:BLOCK_TERMS]
        strongest[key] = [term for term, _ in top]
        for term in strongest[key]:
            postings[term].append(key)
    pairs: dict[tuple[str, str], float] = {}
    for key in sorted(vectors):
        shared: Counter[str] = Counter()
        for term in strongest[key]:
            keys = postings[term]
            if len(keys) <= MAX_POSTINGS:
                shared.update(keys)
        shared.pop(key, None)
        nearest = sorted(shared.items(), key=lambda kv: (-kv[1], kv[0]))[:NEIGHBOURS]
        for other, _ in nearest:
            pair = (key, other) if key < other else (other, key)
            if pair not in pairs:
                pairs[pair] = cosine(vectors[key], vectors[other])
    return pairs


def cluster(
    keys: list[str], pairs: Mapping[tuple[str, str], float], threshold: float = STORY_THRESHOLD
) -> dict[str, str]:
    """Average-link agglomerative clustering; returns key -> cluster label (smallest key)."""
    members: dict[str, list[str]] = {k: [k] for k in keys}
    links: dict[str, dict[str, float]] = defaultdict(dict)  # summed similarity between clusters
    for (a, b), sim in pairs.items():
        if sim > 0:
            links[a][b] = links[b][a] = sim
    heap = [(-sim / 1.0, a, b) for (a, b), sim in pairs.items() if sim >= threshold]
    heapq.heapify(heap)
    while heap:
        neg, a, b = heapq.heappop(heap)
        if a not in members or b not in members:
            continue
        average = links[a].get(b, 0.0) / (len(members[a]) * len(members[b]))
        if abs(average + neg) > 1e-12:  # stale entry: the clusters changed since it was pushed
            continue
        keep, gone = (a, b) if a < b else (b, a)
        members[keep].extend(members.pop(gone))
        for other, total in links.pop(gone).items():
            links[other].pop(gone, None)
            if other == keep:
                continue
            links[keep][other] = links[keep].get(other, 0.0) + total
            links[other][keep] = links[keep][other]
        links[keep].pop(gone, None)
        for other, total in links[keep].items():
            avg = total / (len(members[keep]) * len(members[other]))
            if avg >= threshold:
                heapq.heappush(heap, (-avg, min(keep, other), max(keep, other)))
    return {member: min(group) for group in members.values() for member in group}
