"""Silent edits: a figure, a quote or a speaker that changed between two versions of one
article (one URL), flagged on the new version's claim with both claims as evidence.

Claims that read the same in both versions are set aside first; each claim left in the new
version is then paired with the claim left in the old one whose sentence reads most alike
(same kind, and for figures the same measure). A pair is an edit when the figure's value,
the quoted words or the speaker differ. Claims only added or only removed are not edits of
a claim, and indirect statements reworded are not flagged: only what a reader would quote.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterable
from difflib import SequenceMatcher

from newsledger.ledger.versions import Said, claims_of, previous_versions
from newsledger.link.flags import Flag
from newsledger.vocabulary import ClaimKind, FlagKind, show

SAME_SENTENCE = 0.6  # SequenceMatcher ratio of two sentences read as one sentence edited


def silent_edits(conn: sqlite3.Connection, keys: Iterable[str]) -> list[Flag]:
    """The silent_edit flags of the article versions ``keys``, each against the version
    before it."""
    flags: list[Flag] = []
    for key, before in sorted(previous_versions(conn, keys).items()):
        flags += edits(claims_of(conn, before), claims_of(conn, key))
    return flags


def edits(before: list[Said], after: list[Said]) -> list[Flag]:
    """The flags on ``after``'s claims that changed from ``before``'s."""
    old, new = _unmatched(before, after), _unmatched(after, before)
    flags: list[Flag] = []
    taken: set[str] = set()
    for claim in new:
        match = _counterpart(claim, [c for c in old if c.claim_id not in taken])
        if match is None:
            continue
        reason = _change(match, claim)
        if reason:
            taken.add(match.claim_id)
            flags.append(
                Flag(claim.claim_id, FlagKind.SILENT_EDIT, reason, [match.claim_id, claim.claim_id])
            )
    return flags


def _signature(claim: Said) -> tuple[object, ...]:
    return (claim.kind, claim.text, claim.speaker, claim.value, claim.low, claim.high)


def _unmatched(claims: list[Said], other: list[Said]) -> list[Said]:
    """Those of ``claims`` with no claim reading the same in ``other`` (as many as it has)."""
    left = Counter(_signature(c) for c in other)
    kept = []
    for claim in claims:
        signature = _signature(claim)
        if left[signature]:
            left[signature] -= 1
        else:
            kept.append(claim)
    return kept


def _counterpart(claim: Said, candidates: list[Said]) -> Said | None:
    """The candidate in the sentence most like ``claim``'s, if alike enough."""
    best, best_ratio = None, SAME_SENTENCE
    for other in candidates:
        if other.kind != claim.kind or (
            claim.kind == ClaimKind.QUANTITY and other.measure != claim.measure
        ):
            continue
        ratio = SequenceMatcher(None, other.sentence, claim.sentence, autojunk=False).ratio()
        if ratio >= best_ratio:
            best, best_ratio = other, ratio
    return best


def _change(old: Said, new: Said) -> str | None:
    """What changed from ``old`` to ``new``, in words, or None if nothing a reader quotes."""
    if new.kind == ClaimKind.QUANTITY:
        if (old.value, old.low, old.high) == (new.value, new.low, new.high):
            return None
        what = f" ({new.measure})" if new.measure else ""
        return f"figure changed after publication: {_figure(old)} -> {_figure(new)}{what}"
    if (old.speaker or "").casefold() != (new.speaker or "").casefold():
        return (
            f"speaker changed after publication: {old.speaker or 'no source'} -> "
            f"{new.speaker or 'no source'} for \u201c{_short(new.text)}\u201d"
        )
    if new.direct and old.text != new.text:
        return (
            f"quote changed after publication: \u201c{_short(old.text)}\u201d -> "
            f"\u201c{_short(new.text)}\u201d"
        )
    return None


def _figure(claim: Said) -> str:
    if claim.low is not None and claim.high is not None:
        shown = f"{show(claim.low)}-{show(claim.high)}"
    else:
        shown = show(claim.value) if claim.value is not None else claim.text
    return shown + (f" {claim.unit}" if claim.unit else "")


def _short(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"
