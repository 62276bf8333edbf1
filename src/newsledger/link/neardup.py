"""Near-duplicates: copies and light rewrites of one text, from MinHash LSH buckets and the
most similar pairs of the story graph, confirmed by shingle containment."""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Mapping

import numpy as np

from newsledger.ledger.links import Linkable, LinkStore
from newsledger.link import minhash

DUPLICATE_COSINE = 0.6
NEAR_NEIGHBOURS = 10  # LSH candidates kept per new article, those sharing the most buckets
# share of the shorter text's 5-word shingles found in the other: rewrites drop and move
# lines, so containment, not Jaccard, is what stays high
DUPLICATE_CONTAINMENT = 0.5

Pair = tuple[str, str]  # two article keys, the smaller first


def near_pairs(bands: Mapping[str, list[minhash.Band]], store: LinkStore) -> set[Pair]:
    """Pairs of articles (one of them new) in the same MinHash LSH bucket: for each new
    article, the NEAR_NEIGHBOURS that share the most buckets with it."""
    buckets: dict[minhash.Band, list[str]] = defaultdict(list)
    for key in sorted(bands):
        for bucket in bands[key]:
            buckets[bucket].append(key)
    for bucket, keys in store.sharing_a_band(buckets).items():
        buckets[bucket].extend(keys)
    shared: dict[str, Counter[str]] = defaultdict(Counter)
    for keys in buckets.values():
        if not 1 < len(keys) <= minhash.MAX_BUCKET:
            continue  # alone, or boilerplate (not copies: the story graph compares those)
        for a in keys:
            if a in bands:
                shared[a].update(b for b in keys if b != a)
    pairs: set[Pair] = set()
    for a, counts in shared.items():
        nearest = heapq.nsmallest(NEAR_NEIGHBOURS, counts.items(), key=lambda kv: (-kv[1], kv[0]))
        pairs.update((a, b) if a < b else (b, a) for b, _ in nearest)
    return pairs


def duplicates(
    articles: Mapping[str, Linkable],
    pairs: Mapping[Pair, float],
    near: set[Pair],
    printed: dict[str, np.ndarray],
) -> dict[str, str]:
    """Copies and light rewrites (copy key -> original article id): candidates from the LSH
    buckets and the most similar pairs of the story graph, confirmed by an exact shingle
    overlap (neither candidate source alone is proof). The original is the earlier published,
    and stays the origin of a chain. ``printed`` holds the new articles' shingle fingerprints
    (and gets those of the others it needs); only pairs with a new article are checked."""
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
