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

from rensa import RMinHash

BANDS = 32
ROWS = 3
SEED = 1729
SHINGLE = 5
MAX_BUCKET = 100  # a bucket this full holds shared boilerplate, not copies of one text
_WORD = re.compile(r"\w+")

Shingle = tuple[str, ...]


def shingles(text: str) -> set[Shingle]:
    """The article's 5-word shingles (lower-cased words)."""
    words = _WORD.findall(text.lower())
    return {tuple(words[i : i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}


def bands(found: set[Shingle]) -> list[tuple[int, str]]:
    """(band number, band hash) of a shingle set's MinHash signature."""
    signature = RMinHash(num_perm=BANDS * ROWS, seed=SEED)
    signature.update([" ".join(s) for s in sorted(found)])
    values = signature.digest()
    return [
        (
            b,
            hashlib.blake2b(
                repr(values[b * ROWS : (b + 1) * ROWS]).encode(), digest_size=8
            ).hexdigest(),
        )
        for b in range(BANDS)
    ]
