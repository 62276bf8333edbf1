"""Near-duplicate candidates by MinHash LSH (rensa) on 5-word shingles.

Each article's signature is cut into BANDS bands of ROWS values; two articles that agree on a
whole band are candidates. With 32 bands of 3, a pair whose shingle sets have a Jaccard
similarity of 0.5 becomes a candidate with probability 0.99, one of 0.2 with 0.23, one of
0.05 almost never. Candidates are then checked exactly (shingle containment), so LSH only
decides what is compared, never what is a copy.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np
from rensa import RMinHash

BANDS = 32
ROWS = 3
SEED = 1729
SHINGLE = 5
MAX_BUCKET = 100  # a bucket this full holds shared boilerplate, not copies of one text
_WORD = re.compile(r"\w+")

Shingle = str  # five lower-cased words joined by spaces
Band = tuple[int, int]  # (band number, 64-bit hash of the band's values)


def shingles(text: str) -> set[Shingle]:
    """The article's 5-word shingles (lower-cased words)."""
    words = _WORD.findall(text.lower())
    return {" ".join(words[i : i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}


def bands(found: set[Shingle]) -> list[Band]:
    """The LSH bands of a shingle set's MinHash signature."""
    signature = RMinHash(num_perm=BANDS * ROWS, seed=SEED)
    signature.update(list(found))
    values = signature.digest()
    return [(b, _band_hash(values[b * ROWS : (b + 1) * ROWS])) for b in range(BANDS)]


def _band_hash(values: list[int]) -> int:
    """A signed 64-bit hash of one band's values (SQLite stores it as an INTEGER)."""
    digest = hashlib.blake2b(repr(values).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def fingerprint(found: set[Shingle]) -> np.ndarray:
    """Shingles as a sorted array of distinct 64-bit hashes: a twelfth of the memory of the
    strings, for the exact overlap check on the candidate pairs of a run."""
    return np.unique(np.fromiter(map(hash, found), dtype=np.int64, count=len(found)))


def containment(a: np.ndarray, b: np.ndarray) -> float:
    """Share of the smaller fingerprint's shingles found in the other."""
    shared = np.intersect1d(a, b, assume_unique=True).size
    return shared / max(1, min(a.size, b.size))
