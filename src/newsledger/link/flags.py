"""Flags raised on claims, each with a plain-language reason and its evidence.

Conservative by design (a false alarm costs a fact-checker's time): a conflict needs two
independent outlets whose hedged figures cannot both hold; drift needs the same figure
credited to different sources; a synthetic Q&A needs several "answers" that restate the
article's own narration.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass, field
from itertools import combinations

from spacy.lang.en.stop_words import STOP_WORDS

from newsledger.analyse.numbers import show
from newsledger.link.claims import compatible, interval
from newsledger.link.speakers import is_named


class FlagKind(str, enum.Enum):
    NUMERIC_CONFLICT = "numeric_conflict"
    ATTRIBUTION_DRIFT = "attribution_drift"
    DATE_DRIFT = "date_drift"
    UNSUPPORTED_QUOTE = "unsupported_quote"
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
    origin: str = ""  # the article this one copies (its own id if none): copies are not sources
    counted: str | None = None
    sentence: str = ""
    tense: str | None = None  # of the verb: "past", "future" or None (see analyse.quantities)


def _show(m: GroupMember) -> str:
    shown = (
        f"{show(m.low)}-{show(m.high)}"
        if m.low is not None and m.high is not None
        else (show(m.value) if m.value is not None else "?")
    )
    qualifier = "" if m.qualifier == "exact" else m.qualifier.replace("_", " ") + " "
    return f"{qualifier}{shown} ({m.outlet}, {m.speaker or 'no source'})"


DRIFT_MIN_VALUE = 10  # "two" or "three" recur by chance; a figure to trace is larger
CONFLICT_MAX_RATIO = 3.0  # figures further apart than this are more often two measures
CONFLICT_SHARED_WORDS = 3  # subject words two sentences share besides the figure's own


def _comparable_figures(
    a: GroupMember, b: GroupMember, ia: tuple[float, float], ib: tuple[float, float]
) -> bool:
    """Whether two figures of one group plainly count the same thing, as a conflict needs:
    two outlets, the same verb in the same tense ("missed four games" is not "will miss two"),
    values of one order, and sentences about the same subject."""
    if a.outlet == b.outlet or not a.predicate or a.predicate != b.predicate:
        return False
    if a.tense and b.tense and a.tense != b.tense:
        return False
    low, high = sorted((min(ia[1], ib[1]), max(ia[0], ib[0])))
    if low <= 0 or high / low > CONFLICT_MAX_RATIO:
        return False
    return _same_subject(a, b)


def _same_subject(a: GroupMember, b: GroupMember, least: int = CONFLICT_SHARED_WORDS) -> bool:
    """The two sentences share ``least`` subject words besides the figure's own."""
    shared = subject_words(a.sentence) & subject_words(b.sentence)
    shared -= subject_words(f"{a.counted or ''} {a.predicate or ''}")
    return len(shared) >= least


def _reports_both(figures: list[tuple[float, float]], other: tuple[float, float]) -> bool:
    """Whether an article's own figures for the measure include one that fits ``other``: then
    the two reports carry the same figures ("two counts of murder and one of kidnapping",
    "shot three, killing one") and differ only in which one a sentence pairs with."""
    return any(compatible(mine, other) for mine in figures)


def _drifted(a: GroupMember, b: GroupMember) -> bool:
    """Whether one figure of one event (a value of 10 or more, the same verb, sentences on one
    subject) is credited to two different named sources, neither a fuller name of the other
    ("Microsoft" and "Microsoft security researchers" are one source)."""
    if not (a.speaker_id and b.speaker_id and a.speaker_id != b.speaker_id):
        return False
    if not (is_named(a.speaker) and is_named(b.speaker)):
        return False
    words_a, words_b = subject_words(a.speaker or ""), subject_words(b.speaker or "")
    return (
        a.value is not None
        and a.value >= DRIFT_MIN_VALUE
        and a.value == b.value
        and a.predicate is not None
        and a.predicate == b.predicate
        and not (words_a <= words_b or words_b <= words_a)
        and _same_subject(a, b, DRIFT_SHARED_WORDS)
    )


def group_flags(members: list[GroupMember]) -> list[Flag]:
    """numeric_conflict and attribution_drift within one claim group."""
    flags: list[Flag] = []
    figures: dict[str, list[tuple[float, float]]] = {}  # each article's figures in the group
    for m in members:
        figures.setdefault(m.article, []).append(interval(m.value, m.low, m.high, m.qualifier))
    for i, a in enumerate(members):
        for b in members[i + 1 :]:
            if (
                a.article == b.article
                or a.outlet == b.outlet
                or (a.origin and a.origin == b.origin)
            ):
                continue
            ia = interval(a.value, a.low, a.high, a.qualifier)
            ib = interval(b.value, b.low, b.high, b.qualifier)
            if (
                not compatible(ia, ib)
                and not _reports_both(figures[a.article], ib)
                and not _reports_both(figures[b.article], ia)
                and _comparable_figures(a, b, ia, ib)
            ):
                reason = f"{_show(a)} and {_show(b)} cannot both hold"
                flags += [
                    Flag(a.claim_id, FlagKind.NUMERIC_CONFLICT, reason, [b.claim_id]),
                    Flag(b.claim_id, FlagKind.NUMERIC_CONFLICT, reason, [a.claim_id]),
                ]
            elif _drifted(a, b):
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


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DRIFT_SHARED_WORDS = 2  # content words two remarks must share to be about one subject
WEEKDAY_WINDOW_DAYS = 6  # weekday names compare only between reports at most this far apart


@dataclass(frozen=True, slots=True)
class Said:
    """A statement as the date and quote checks see it."""

    claim_id: str
    article: str
    origin: str  # the article it copies, or its own id
    outlet: str
    published: str | None
    speaker_id: str | None
    speaker: str | None
    text: str
    start: int
    end: int
    direct: bool
    said_on: str | None  # resolved date (ISO), when the text gave one
    time_text: str | None  # the time as written ("on Monday")


def subject_words(text: str) -> set[str]:
    """Content words of a remark, stop words left out."""
    return {w for w in content_words(text) if w not in STOP_WORDS}


_NAMES_A_DAY = re.compile(
    r"\b(\d{1,2}(st|nd|rd|th)?|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"yesterday|today|tonight)\b",
    re.I,
)


def _day(said: Said) -> str | None:
    """The day a remark was made, when the text names one (a year or month alone does not):
    its resolved date, else the weekday as written."""
    if not _NAMES_A_DAY.search(said.time_text or ""):
        return None
    if said.said_on:
        return said.said_on[:10]
    words = set((said.time_text or "").lower().split())
    names = [d for d in WEEKDAYS if d in words]
    return names[0] if len(names) == 1 else None


def _could_know(reader: Said, day: str) -> bool:
    """Whether the report of ``reader`` was published on or after ``day`` (unknown: yes)."""
    if day in WEEKDAYS or not reader.published:
        return True
    return reader.published[:10] >= day


def _comparable(a: Said, b: Said, day_a: str, day_b: str) -> bool:
    """Two days can be told apart: both dates, or both weekdays in reports of one week."""
    if (day_a in WEEKDAYS) != (day_b in WEEKDAYS):
        return False
    if day_a not in WEEKDAYS:
        return _could_know(a, day_b) and _could_know(b, day_a)
    if not a.published or not b.published:
        return not a.published and not b.published
    gap = dt.date.fromisoformat(a.published[:10]) - dt.date.fromisoformat(b.published[:10])
    return abs(gap.days) <= WEEKDAY_WINDOW_DAYS


def date_drift(statements: list[Said]) -> list[Flag]:
    """One named speaker's remarks on one subject dated to different days by independent
    reports, when neither report dates that speaker to the other's day."""
    days: dict[tuple[str, str], set[str]] = {}
    for s in statements:
        if s.speaker_id and (day := _day(s)):
            days.setdefault((s.speaker_id, s.origin), set()).add(day)
    flags: list[Flag] = []
    dated = [s for s in statements if s.speaker_id and is_named(s.speaker) and _day(s)]
    for a, b in combinations(sorted(dated, key=lambda s: s.claim_id), 2):
        day_a, day_b = _day(a), _day(b)
        if (
            a.speaker_id != b.speaker_id
            or a.origin == b.origin
            or a.outlet == b.outlet
            or day_a == day_b
            or days[(a.speaker_id, a.origin)] & days[(b.speaker_id, b.origin)]
            or not _comparable(a, b, day_a, day_b)  # type: ignore[arg-type]
            or len(subject_words(a.text) & subject_words(b.text)) < DRIFT_SHARED_WORDS
        ):
            continue
        reason = (
            f"{a.outlet} dates {a.speaker}'s remarks to {a.time_text or day_a}, {b.outlet} "
            f"dates {b.speaker}'s remarks on the same subject to {b.time_text or day_b}"
        )
        flags += [
            Flag(a.claim_id, FlagKind.DATE_DRIFT, reason, [b.claim_id]),
            Flag(b.claim_id, FlagKind.DATE_DRIFT, reason, [a.claim_id]),
        ]
    return flags


RESTATE_MIN_WORDS = 8
RESTATE_OVERLAP = 0.7
_QUOTE_MARKS = re.compile('["\u201c\u201d\u00ab\u00bb]')


def _restates(piece: set[str], sentence: set[str]) -> bool:
    """Most of a quoted sentence's subject words found in one other sentence."""
    return len(piece & sentence) >= RESTATE_OVERLAP * len(piece)


def pieces(text: str) -> list[str]:
    """A text cut into sentences at end punctuation (for texts the parser did not cut)."""
    return [p for p in re.split(r"(?<=[.!?])\s+", text) if p]


SentenceSpan = tuple[int, int, str]  # start, end, text
_QUOTED = "\0quoted"  # key of every quoted span of an article, whoever said it


def unsupported_quotes(
    statements: list[Said],
    sentences: dict[str, list[SentenceSpan]],
    sources: dict[str, tuple[str, str]],
) -> list[Flag]:
    """Quoted words credited to a named person that no other independent report of the story
    carries, and that restate a sentence of the outlet's own narration (a sentence outside
    everything that person is reported to have said). ``sentences``: each article's
    sentences by article id; ``sources``: each article's (origin, outlet), for every article of
    the story (a report is independent of another when both differ)."""
    spans: dict[tuple[str, str | None], list[tuple[int, int]]] = {}
    for s in statements:
        spans.setdefault((s.article, s.speaker_id), []).append((s.start, s.end))
        if s.direct:  # quoted words of anyone are not the outlet's narration
            spans.setdefault((s.article, _QUOTED), []).append((s.start, s.end))
    words = {
        a: [(start, end, t, subject_words(t)) for start, end, t in found]
        for a, found in sentences.items()
    }
    flags: list[Flag] = []
    for quote in statements:
        if not quote.direct or not is_named(quote.speaker):
            continue
        others = [
            a for a, (o, outlet) in sources.items() if o != quote.origin and outlet != quote.outlet
        ]
        if not others:
            continue  # one report alone: nothing to compare with
        parts = [subject_words(p) for p in pieces(quote.text)]
        parts = [p for p in parts if len(p) >= RESTATE_MIN_WORDS]
        elsewhere = [w for a in others for *_, w in words.get(a, [])]
        if not parts or any(_restates(p, w) for p in parts for w in elsewhere):
            continue
        excluded = spans[(quote.article, quote.speaker_id)] + spans[(quote.article, _QUOTED)]
        narration = [  # the outlet's own words: no quotation, nothing this person said
            (t, w)
            for start, end, t, w in words.get(quote.article, [])
            if not _QUOTE_MARKS.search(t) and not any(start < e and s < end for s, e in excluded)
        ]
        restated = next((t for t, w in narration if any(_restates(p, w) for p in parts)), None)
        if restated is None:
            continue
        reason = (
            f"quoted words credited to {quote.speaker} by {quote.outlet} appear in no other "
            "independent report of this story, and restate the outlet's own narration: "
            f'"{" ".join(restated.split())[:200]}"'
        )
        flags.append(Flag(quote.claim_id, FlagKind.UNSUPPORTED_QUOTE, reason))
    return flags
