"""Sparse TF-IDF vectors for articles: content words plus their named entities (weighted up,
since two stories of one topic differ by who, where and when more than by topic words)."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping

from spacy.lang.en.stop_words import STOP_WORDS

from newsledger.vocabulary import YEAR

_WORD = re.compile(r"[^\W\d_]{3,}")
ENTITY_WEIGHT = 2.0
TOP_TERMS = 60

Vector = dict[str, float]


def terms(text: str, entities: Iterable[str]) -> Counter[str]:
    """Term counts: lower-cased content words, and ``e:``-prefixed entity mentions."""
    counts: Counter[str] = Counter(
        w for w in (m.group().lower() for m in _WORD.finditer(text)) if w not in STOP_WORDS
    )
    for entity in entities:
        counts["e:" + " ".join(entity.lower().split())] += 1
    for year in YEAR.findall(text):  # two similar events are often years apart
        counts["e:" + year] += 1
    return counts


def tfidf(documents: Mapping[str, Counter[str]]) -> dict[str, Vector]:
    """Vectors of ``documents`` with their own document frequencies (see ``weigh``)."""
    df: Counter[str] = Counter()
    for counts in documents.values():
        df.update(counts.keys())
    n = len(documents)
    # smoothed idf (+1): in a corpus of two articles a shared word still counts
    idf = {term: math.log((1 + n) / (1 + d)) + 1 for term, d in df.items()}
    return {key: weigh(counts, idf) for key, counts in documents.items()}


def weigh(counts: Counter[str], idf: Mapping[str, float]) -> Vector:
    """An L2-normalised TF-IDF vector (sublinear tf, entities weighted up), cut to its
    TOP_TERMS strongest terms."""
    weights = {
        term: (1 + math.log(c)) * idf[term] * (ENTITY_WEIGHT if term.startswith("e:") else 1.0)
        for term, c in counts.items()
    }
    top = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_TERMS]
    norm = math.sqrt(sum(w * w for _, w in top)) or 1.0
    return {term: w / norm for term, w in top}


def cosine(a: Vector, b: Vector) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(term, 0.0) for term, w in a.items())
