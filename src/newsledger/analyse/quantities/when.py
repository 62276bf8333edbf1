"""When a figure holds: the date phrase of its own clause, the past event it belongs to when
that date is only a month or a year ("killed more than 26,000 in December 2003"), the day of
its event as the text names it (in its own clause), and whether it is
a running total ("so far", "since the shooting", "during the five operations").

A report places its own event by day ("on Sunday", "Wednesday night") and a past event by
month or year, so a figure dated to a month or year before publication is background; two
figures of one measure dated in their own clauses to different days count two events
(Monday's arrests, Wednesday's).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from newsledger.analyse.attribution import SPEECH_VERBS
from newsledger.analyse.doctext import doc_ents
from newsledger.vocabulary import YEAR

_WEEKDAY = re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)
_DAY_WORDS = re.compile(
    r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tonight|"
    r"\d{1,2}(st|nd|rd|th)?)\b",
    re.I,
)
_MONTH = re.compile(
    r"\b(january|february|march|april|may|june|july|august|september|october|november|"
    r"december)\b",
    re.I,
)
_PAST_PERIOD = re.compile(
    r"\blast (year|month|decade|century|spring|summer|autumn|fall|winter)\b", re.I
)
# the words that make a figure a running total
_SO_FAR = re.compile(r"\b(so far|to date|in total|in all|thus far|since then)\b", re.I)
_EVENT_PLURALS = frozenset(
    "operations missions raids years seasons games matches months weeks days nights attacks "
    "incidents patrols deployments".split()
)
# what makes a DATE phrase a date (the tagger also calls bare numbers and ages dates)
_DATE_WORD = re.compile(
    r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tonight|"
    r"tomorrow|january|february|march|april|may|june|july|august|september|october|"
    r"november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|week|month|year|"
    r"decade|century|ago|last|next|this|(1[5-9]|2[01])\d\d|'\d\ds|\d{4}s)\b",
    re.I,
)
_AGE = re.compile(r"\bold\b|-old\b|\baged?\b", re.I)
_PRONOUN_SUBJECTS = frozenset({"it", "they", "this", "that"})


@dataclass(frozen=True, slots=True)
class Timing:
    """The time facts of one figure: ``text`` the date phrase of its clause (or None),
    ``era`` the past event it belongs to ("2003", "february"), ``day`` the day of its event
    ("sunday", "2013-03-13", "tonight"), ``running`` true for a running total."""

    text: str | None = None
    era: str | None = None
    day: str | None = None
    running: bool = False


class Calendar:
    """Reads a document's figures in text order, carrying the era of a background sentence
    to the one right after it that goes on with a pronoun ("It killed 612 people")."""

    def __init__(self, doc: Doc, body_start: int, published: str | None) -> None:
        self.doc = doc
        self.body_start = body_start
        self.published = published
        self._era_sentence: tuple[int, str] | None = None  # (sentence end, era)
        self._sentence_seen = -1

    def timing(self, number: Token) -> Timing:
        """The timing of the figure whose last token is ``number``."""
        sentence = number.sent
        if sentence.start != self._sentence_seen:
            self._enter(sentence)
        dates = clause_dates(number)
        said = dates or clause_dates(number, through_cues=True)
        text = said[0].text if said else None  # else the time it was said ("said last week")
        era = next((e for d in dates if (e := self._era(d.text))), None)
        if era is None and not dates and self._continues_background(sentence):
            era = self._era_sentence[1]  # type: ignore[index]
        day = next((_day_key(d.text) for d in dates if _DAY_WORDS.search(d.text)), None)
        return Timing(text, era, day, is_running_total(number))

    def _enter(self, sentence: Span) -> None:
        """Note, when the reader reaches a new sentence, whether the one before was
        background."""
        previous = self._sentence_seen
        self._sentence_seen = sentence.start
        if previous >= 0:
            before = self.doc[previous].sent
            eras = [e for d in _event_dates(before) if (e := self._era(d.text))]
            self._era_sentence = (before.end, eras[-1]) if eras else None

    def _continues_background(self, sentence: Span) -> bool:
        if self._era_sentence is None or self._era_sentence[0] != sentence.start:
            return False
        subject = next((t for t in sentence if t.dep_ in ("nsubj", "nsubjpass")), None)
        return subject is not None and subject.lower_ in _PRONOUN_SUBJECTS

    def _era(self, phrase: str) -> str | None:
        """The past event a date phrase names when it gives a month or a year but no day,
        before the publication month: its year ("2003"), else its month ("february", or
        "2005-02" when the publication date places it)."""
        lowered = phrase.lower()
        if _DAY_WORDS.search(lowered):
            return None
        past = _PAST_PERIOD.search(lowered)
        if past:
            return past.group(0)
        year = YEAR.search(phrase)
        month = _MONTH.search(lowered)
        if not self.published:
            return year.group(0) if year else (month.group(0) if month else None)
        published_year, published_month = self.published[:4], self.published[5:7]
        if year is not None and year.group(0) != published_year:
            return year.group(0) if year.group(0) < published_year else None
        if month is not None and _month_number(month.group(0)) < published_month:
            return f"{published_year}-{_month_number(month.group(0))}"
        return None


def _month_number(name: str) -> str:
    names = (
        "january february march april may june july august september october november december"
    ).split()
    return f"{names.index(name.lower()) + 1:02d}"


def _day_key(phrase: str) -> str:
    """A day as a key: the weekday or relative word it names, lower case, else the phrase."""
    match = _WEEKDAY.search(phrase)
    if match:
        return match.group(0).lower()
    return " ".join(phrase.lower().split())


def _clause_verb(token: Token) -> Token | None:
    for ancestor in (token, *token.ancestors):
        if ancestor.pos_ in ("VERB", "AUX"):
            return ancestor
    return None


def clause_dates(number: Token, through_cues: bool = False) -> list[Span]:
    """The date phrases of the figure's clause, or of the clauses above it up to the first
    speech verb ("said yesterday" dates the saying, not the figure), or past it with
    ``through_cues``."""
    sentence = number.sent
    dates = [e for e in _dates(sentence) if not _covers(e, number)]
    if not dates:
        return []
    verb = _clause_verb(number)
    while verb is not None:
        own = [d for d in dates if _clause_verb(d.root) == verb]
        if own:
            return own
        if verb.head.i == verb.i:
            return []
        verb = _clause_verb(verb.head)
        if verb is not None and verb.lemma_.lower() in SPEECH_VERBS and not through_cues:
            return []
    return []


def _event_dates(sentence: Span) -> list[Span]:
    """The DATE phrases of a sentence that date an event, not a remark."""
    found = []
    for ent in _dates(sentence):
        verb = _clause_verb(ent.root)
        if verb is not None and verb.lemma_.lower() in SPEECH_VERBS:
            continue
        found.append(ent)
    return found


def _dates(sentence: Span) -> list[Span]:
    """The date phrases of a sentence: DATE entities that are dates (not ages: "a
    16-year-old"), and TIME entities that name a day ("Monday night")."""
    ents = [e for e in doc_ents(sentence.doc) if sentence.start <= e.start < sentence.end]
    return [
        e
        for e in ents
        if (e.label_ == "DATE" and _DATE_WORD.search(e.text) and not _AGE.search(e.text))
        or (e.label_ == "TIME" and _WEEKDAY.search(e.text))
    ]


def _covers(ent: Span, token: Token) -> bool:
    return ent.start <= token.i < ent.end


def is_running_total(number: Token) -> bool:
    """Whether the figure adds up events over a time: its clause says "so far", "to date",
    "in total", "since the shooting", or "in/during/over their five operations"."""
    verb = _clause_verb(number)
    if verb is None:
        return False
    holders = [verb, number, number.head]
    for holder in holders:
        for child in holder.children:
            if child.dep_ == "prep" and child.lower_ == "since":
                return True
            if child.dep_ == "prep" and child.lower_ in ("in", "during", "over", "across"):
                obj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if obj is not None and obj.lower_ in _EVENT_PLURALS:
                    return True
    return bool(_SO_FAR.search(number.doc[verb.left_edge.i : verb.right_edge.i + 1].text))
