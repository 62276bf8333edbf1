"""Flags raised on claims, each with a plain-language reason and its evidence.

A conflict is interval logic within a claim group: two figures whose hedged values cannot both
hold, whichever outlets give them (two sources in one report count too), unless one is a
headline, a copy repeats the other, their verbs differ in tense, or their events are dated to
different days. Drift is one figure credited to different sources, or one source credited with
different figures, by two outlets. A synthetic Q&A needs several "answers" that restate the
article's own narration.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import combinations

from spacy.lang.en.stop_words import STOP_WORDS

from newsledger.ledger.claims import Figure, Stated
from newsledger.ledger.links import Linkable, LinkStore
from newsledger.link.claims import compatible, interval
from newsledger.link.speakers import is_named
from newsledger.records import Qualifier
from newsledger.vocabulary import FlagKind, show


@dataclass(frozen=True, slots=True)
class Flag:
    claim_id: str
    kind: FlagKind
    reason: str
    evidence: list[str] = field(default_factory=list)  # claim ids involved


@dataclass(frozen=True, slots=True)
class Reported:
    """A figure with the report it appears in: the article, its outlet, the article it
    copies (its own id if none: copies are not independent sources) and when it was
    published."""

    figure: Figure
    article: str
    outlet: str
    origin: str
    published: str | None = None

    @property
    def interval(self) -> tuple[float, float]:
        value, low, high = self.figure.shown_value
        return interval(value, low, high, self.figure.qualifier)


def _show(m: Reported) -> str:
    f = m.figure
    shown = (
        f"{show(f.low)}-{show(f.high)}"
        if f.low is not None and f.high is not None
        else (show(f.value) if f.value is not None else "?")
    )
    unit = f" {f.unit}" if f.unit else ""
    qualifier = "" if f.qualifier == Qualifier.EXACT else f.qualifier.replace("_", " ") + " "
    return f"{qualifier}{shown}{unit} ({m.outlet}, {f.speaker or 'no source'})"


DRIFT_MIN_VALUE = 10  # "two" or "three" recur by chance; a figure to trace is larger
_WEEKDAY_NAMES = frozenset(
    {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
)


def _different_days(a: Figure, b: Figure) -> bool:
    """Whether the two figures' events are dated to days that can be told apart and differ
    (two weekdays, or two dates): Monday's arrests and Wednesday's are two counts."""
    if not a.event_day or not b.event_day or a.event_day == b.event_day:
        return False
    weekdays = (a.event_day in _WEEKDAY_NAMES, b.event_day in _WEEKDAY_NAMES)
    dates = (bool(_ISO_DAY.match(a.event_day)), bool(_ISO_DAY.match(b.event_day)))
    return all(weekdays) or all(dates)


_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# measures that name only a dimension: "three years", "200 yards", "40 percent", "$2 million"
# say too little of what they measure to contradict one another
DIMENSION_ONLY = frozenset(
    {
        "duration",
        "length",
        "area",
        "mass",
        "volume",
        "speed",
        "data",
        "power",
        "temperature",
        "percent",
        "percentage points",
        "amount of money",
        "age",
    }
)


def _loose(figure: Figure) -> bool:
    """A figure too loose to contradict another: one with no measure or a dimension only, a
    count of people that says nothing of them ("130 people were marching", "the 200 person
    crowd"), or a vague amount ("dozens")."""
    if figure.measure is None or figure.measure in DIMENSION_ONLY:
        return True
    if figure.qualifier == Qualifier.ESTIMATED and figure.low is not None:
        return True  # "dozens", "hundreds"
    return figure.thing == "people" and not figure.outcome


# what players and teams are counted by: a game's statistics are each player's own
STATISTICS = frozenset(
    "point rebound assist touchdown pass yard goal run rbi ko knockout win loss game season "
    "start catch carry block steal shot save strikeout hit inning lap title victory defeat "
    "match round".split()
)


def _other_people(a: Figure, b: Figure) -> bool:
    """Figures that are people's own and may be two people's ("Smith had 12 rebounds",
    "Jones had 8", "he had 8"): only one named person's twice can contradict. A game's
    statistics ("12 rebounds", "three touchdowns") are someone's even when the sentence
    does not say whose."""
    if _statistic(a) or _statistic(b):
        return not (a.owner and a.owner == b.owner and a.owner not in _PRONOUNS)
    if not (a.owner and b.owner):
        return False
    return a.owner != b.owner or a.owner in _PRONOUNS


def _statistic(figure: Figure) -> bool:
    thing = (figure.thing or "").rpartition(" ")[2]
    return thing in STATISTICS and figure.outcome is None


_PRONOUNS = frozenset({"he", "she", "his", "her"})


def _can_conflict(a: Reported, b: Reported) -> bool:
    """Whether two figures of one group can contradict each other: neither is a headline or
    loose, nor are they two people's, two parts of a whole ("two of them", "the other three"),
    two figures of one report that no two different sources give, or a report and its copy;
    their verbs are in the same tense ("missed four" is not "will miss two"), they are within
    CONFLICT_MAX_RATIO of each other, and their events are not dated to different days."""
    fa, fb = a.figure, b.figure
    if fa.headline or fb.headline or _loose(fa) or _loose(fb) or (fa.part and fb.part):
        return False
    if _other_people(fa, fb):
        return False
    if a.article == b.article and not (fa.speaker_id and fb.speaker_id != fa.speaker_id):
        return False  # one report's two figures: two subjects, unless two sources differ
    if a.article != b.article and a.origin == b.origin:
        return False
    if fa.tense and fb.tense and fa.tense != fb.tense:
        return False
    if _far_apart(a.interval, b.interval):
        return False
    return not _different_days(fa, fb)


CONFLICT_MAX_RATIO = 10.0


def _far_apart(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Figures more than ten times apart ("one arrest", "46 arrests") are more often two
    counts of a story's events than one count reported wrong."""
    low, high = sorted((min(a[1], b[1]), max(a[0], b[0])))
    return low > 0 and high / low > CONFLICT_MAX_RATIO


def _conflict_reason(a: Reported, b: Reported) -> str:
    """Why two figures cannot both hold; when the reports are hours apart the later one may
    be an update, and the reason says so, earlier figure first."""
    first, second = sorted((a, b), key=lambda m: (m.published or "", m.figure.claim_id))
    reason = f"{_show(first)} and {_show(second)} cannot both hold"
    if first.published and second.published and first.published != second.published:
        reason += (
            f"; reported {first.published} then {second.published}: the later figure may be "
            "an update"
        )
    return reason


def _drift_reason(a: Reported, b: Reported) -> str | None:
    """Attribution drift: one figure credited to two different named sources by two
    outlets (neither name a fuller form of the other), or one named source credited with
    two different figures."""
    fa, fb = a.figure, b.figure
    if a.outlet == b.outlet or a.origin == b.origin:
        return None
    if not (fa.speaker_id and fb.speaker_id and is_named(fa.speaker) and is_named(fb.speaker)):
        return None
    if fa.speaker_id == fb.speaker_id:
        if fa.value is not None and fb.value is not None and fa.value != fb.value:
            return (
                f"{fa.speaker} is credited with {_show(a)} by {a.outlet} and with "
                f"{_show(b)} by {b.outlet}"
            )
        return None
    words_a, words_b = subject_words(fa.speaker or ""), subject_words(fb.speaker or "")
    if words_a <= words_b or words_b <= words_a:
        return None
    if fa.value is None or fa.value != fb.value or fa.value < DRIFT_MIN_VALUE:
        return None
    return (
        f"the same figure is credited to {fa.speaker} by {a.outlet} and to {fb.speaker} "
        f"by {b.outlet}"
    )


def group_flags(members: list[Reported]) -> list[Flag]:
    """numeric_conflict and attribution_drift within one claim group."""
    flags: list[Flag] = []
    for i, a in enumerate(members):
        for b in members[i + 1 :]:
            if _can_conflict(a, b) and not compatible(a.interval, b.interval):
                reason = _conflict_reason(a, b)
                flags += [
                    Flag(a.figure.claim_id, FlagKind.NUMERIC_CONFLICT, reason, [b.figure.claim_id]),
                    Flag(b.figure.claim_id, FlagKind.NUMERIC_CONFLICT, reason, [a.figure.claim_id]),
                ]
            elif (drift := _drift_reason(a, b)) is not None:
                flags += [
                    Flag(a.figure.claim_id, FlagKind.ATTRIBUTION_DRIFT, drift, [b.figure.claim_id]),
                    Flag(b.figure.claim_id, FlagKind.ATTRIBUTION_DRIFT, drift, [a.figure.claim_id]),
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
    dated = [
        (s, s.speaker_id, day)
        for s in sorted(statements, key=lambda s: s.claim_id)
        if s.speaker_id and is_named(s.speaker) and (day := _day(s))
    ]
    for (a, speaker_a, day_a), (b, speaker_b, day_b) in combinations(dated, 2):
        if (
            a.speaker_id != b.speaker_id
            or a.origin == b.origin
            or a.outlet == b.outlet
            or day_a == day_b
            or days[(speaker_a, a.origin)] & days[(speaker_b, b.origin)]
            or not _comparable(a, b, day_a, day_b)
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


def raise_flags(
    store: LinkStore, articles: Mapping[str, Linkable], edits: Iterable[Flag] = ()
) -> None:
    """Every flag on the claims of the touched stories (``articles``), raised afresh, with
    the silent ``edits`` between their versions (``link.edits``)."""
    flags = [*_group_flags(store, articles), *edits]
    flags += [
        Flag(cid, FlagKind.UNATTRIBUTED, "the outlet states this figure without a source")
        for cid in store.unsourced_figures()
    ]
    statements = list(store.statements())
    flags += _synthetic_qa(store, statements, articles)
    flags += _statement_flags(store, statements, articles)
    store.replace_flags(flags)


def _group_flags(store: LinkStore, articles: Mapping[str, Linkable]) -> list[Flag]:
    """numeric_conflict and attribution_drift, group by group."""
    members: dict[str, list[Reported]] = defaultdict(list)
    for figure in store.figures():
        if figure.group_id is None:
            continue
        article = articles[figure.article_key]
        members[figure.group_id].append(
            Reported(figure, article.id, article.outlet, article.origin, article.published or None)
        )
    return [flag for _, group in sorted(members.items()) for flag in group_flags(group)]


def _synthetic_qa(
    store: LinkStore, statements: list[Stated], articles: Mapping[str, Linkable]
) -> list[Flag]:
    """Every claim inside an interview block whose answers restate the article's own
    narration (at least QA_MIN_ANSWERS answers by two speakers, QA_MIN_ECHOES echoes)."""
    transcript: dict[str, list[Stated]] = defaultdict(list)
    for line in statements:
        if line.cue == ":":
            transcript[line.article_key].append(line)
    flags: list[Flag] = []
    for key, lines in sorted(transcript.items()):
        if len(lines) < QA_MIN_ANSWERS or len({line.speaker for line in lines}) < 2:
            continue
        block_start, block_end = lines[0].start, lines[-1].end
        narration = [content_words(s) for s in pieces(articles[key].text[:block_start])]
        answers = [s for line in lines for s in pieces(line.text)]
        echoed = [a for a in answers if echoes(a, narration)]
        if len(echoed) < QA_MIN_ECHOES:
            continue
        reason = (
            f"interview block whose answers restate {len(echoed)} sentences of the "
            "article's own reporting"
        )
        inside = store.claims_within(key, block_start, block_end)
        flags += [Flag(cid, FlagKind.SYNTHETIC_QA, reason) for cid in inside]
    return flags


def _statement_flags(
    store: LinkStore, statements: list[Stated], articles: Mapping[str, Linkable]
) -> list[Flag]:
    """date_drift and unsupported_quote, story by story."""
    said: dict[str, list[Said]] = defaultdict(list)
    for stated in sorted(statements, key=lambda st: st.claim_id):
        article = articles[stated.article_key]
        said[stated.story_id or ""].append(_said(stated, article))
    sentences: dict[str, dict[str, list[SentenceSpan]]] = defaultdict(dict)
    for line in store.sentences():
        spans = sentences[line.story_id].setdefault(articles[line.article_key].id, [])
        spans.append((line.start, line.end, line.text))
    flags: list[Flag] = []
    source_of = {a.id: (a.origin, a.outlet) for a in articles.values()}
    for story in sorted(said):
        flags += date_drift(said[story])
        sources = {a: source_of[a] for a in sentences[story]}
        flags += unsupported_quotes(said[story], sentences[story], sources)
    return flags


def _said(stated: Stated, article: Linkable) -> Said:
    """A stored statement with the report it is in."""
    return Said(
        stated.claim_id,
        article.id,
        article.origin,
        article.outlet,
        stated.published,
        stated.speaker_id,
        stated.speaker,
        stated.text,
        stated.start,
        stated.end,
        stated.direct,
        stated.said_on,
        stated.time_text,
    )
