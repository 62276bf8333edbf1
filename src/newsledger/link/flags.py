"""Flags raised on claims, each with a plain-language reason and its evidence.

Conservative by design (a false alarm costs a fact-checker's time): a conflict needs two
independent outlets whose hedged figures cannot both hold; drift needs the same figure
credited to different sources; a synthetic Q&A needs several "answers" that restate the
article's own narration.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field

from newsledger.link.claims import compatible, interval
from newsledger.link.speakers import is_named


class FlagKind(str, enum.Enum):
    NUMERIC_CONFLICT = "numeric_conflict"
    ATTRIBUTION_DRIFT = "attribution_drift"
    UNATTRIBUTED = "unattributed"
    SYNTHETIC_QA = "synthetic_qa"


@dataclass(frozen=True, slots=True)
class Flag:
    claim_id: str
    kind: FlagKind
    reason: str
    evidence: list[str] = field(default_factory=list)  # claim ids involved


@dataclass(frozen=True, slots=True)
class GroupMember:
    claim_id: str
    article: str
    outlet: str
    value: float | None
    low: float | None
    high: float | None
    qualifier: str
    speaker_id: str | None
    speaker: str | None
    predicate: str | None = None  # the verb the figure hangs from ("evacuated", "hospitalised")
    independent_of: frozenset[str] = frozenset()  # articles this one copies or is copied by


def _show(m: GroupMember) -> str:
    shown = (
        f"{m.low:,.0f}-{m.high:,.0f}"
        if m.low is not None and m.high is not None
        else (f"{m.value:,.0f}" if m.value is not None else "?")
    )
    qualifier = "" if m.qualifier == "exact" else m.qualifier.replace("_", " ") + " "
    return f"{qualifier}{shown} ({m.outlet}, {m.speaker or 'no source'})"


def group_flags(members: list[GroupMember]) -> list[Flag]:
    """numeric_conflict and attribution_drift within one claim group."""
    flags: list[Flag] = []
    for i, a in enumerate(members):
        for b in members[i + 1 :]:
            if (
                a.article == b.article
                or b.article in a.independent_of
                or a.article in b.independent_of
            ):
                continue
            ia = interval(a.value, a.low, a.high, a.qualifier)
            ib = interval(b.value, b.low, b.high, b.qualifier)
            same_predicate = not a.predicate or not b.predicate or a.predicate == b.predicate
            if not compatible(ia, ib) and same_predicate:
                reason = f"{_show(a)} and {_show(b)} cannot both hold"
                flags += [
                    Flag(a.claim_id, FlagKind.NUMERIC_CONFLICT, reason, [b.claim_id]),
                    Flag(b.claim_id, FlagKind.NUMERIC_CONFLICT, reason, [a.claim_id]),
                ]
            elif (
                a.speaker_id
                and b.speaker_id
                and a.speaker_id != b.speaker_id
                and is_named(a.speaker)
                and is_named(b.speaker)
                and a.value is not None
                and a.value == b.value
            ):
                reason = (
                    f"the same figure is credited to {a.speaker} by {a.outlet} and to "
                    f"{b.speaker} by {b.outlet}"
                )
                flags += [
                    Flag(a.claim_id, FlagKind.ATTRIBUTION_DRIFT, reason, [b.claim_id]),
                    Flag(b.claim_id, FlagKind.ATTRIBUTION_DRIFT, reason, [a.claim_id]),
                ]
    return flags


_WORD = re.compile(r"[a-z]{3,}")
QA_MIN_ANSWERS = 3
QA_MIN_ECHOES = 2
ECHO_OVERLAP = 0.5


def content_words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


def echoes(answer: str, narration: list[set[str]]) -> bool:
    """An answer sentence that restates a sentence of the article's own narration."""
    words = content_words(answer)
    if len(words) < 6:
        return False
    return any(len(words & sentence) / len(words) >= ECHO_OVERLAP for sentence in narration)
