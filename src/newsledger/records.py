"""Plain, immutable records that flow one way: ingest -> analyse -> ledger -> present.

Every record that comes from text carries character offsets into the article's clean text
(removals point into the raw text, since what they describe is no longer in the clean one).
All records serialise to JSON with ``dataclasses.asdict``.
"""

from __future__ import annotations

import enum
import hashlib
import json
from dataclasses import dataclass, field

from newsledger.vocabulary import Tense


class SourceFormat(str, enum.Enum):
    """The kinds of input newsledger reads."""

    TEXT = "text"
    HTML = "html"
    JSONL = "jsonl"
    WARC = "warc"
    FEED = "feed"
    JSON_FEED = "json_feed"


class ErrorKind(str, enum.Enum):
    """Why an input, or one record inside it, could not become an article."""

    UNREADABLE = "unreadable"  # the file cannot be opened or read at all
    UNSUPPORTED = "unsupported"  # a file type newsledger has no reader for
    BINARY = "binary"  # bytes that are not text in any encoding
    ENCODING = "encoding"  # text whose encoding could not be decided
    EMPTY = "empty"  # nothing to read, or no article text in it
    TOO_LARGE = "too_large"  # over a size limit in the settings
    TRUNCATED = "truncated"  # a compressed stream or record that stops early
    BAD_RECORD = "bad_record"  # a record that does not have the expected shape
    MALFORMED = "malformed"  # markup or a container that a lenient parser had to repair
    ANALYSIS = "analysis"  # the NLP pipeline failed on this article
    INTERNAL = "internal"  # a newsledger bug met this input (the message says what to report)
    FETCH = "fetch"  # a URL that could not be fetched: network, timeout, HTTP status, redirects
    DISALLOWED = "disallowed"  # a URL that the site's robots.txt asks crawlers not to fetch


class SkipReason(str, enum.Enum):
    """Records passed over on purpose: counted, never stored as errors."""

    NOT_HTML = "not_html"  # a WARC response that is an image, script, style sheet...
    HTTP_STATUS = "http_status"  # a WARC response whose status is not 200
    NOT_RESPONSE = "not_response"  # WARC request, metadata, warcinfo records
    REVISIT = "revisit"  # a WARC revisit record: no body, points to an earlier capture
    NO_BODY = "no_body"  # a feed item with only a title and link
    EMPTY_FEED = "empty_feed"  # a well-formed feed with no items
    UNKNOWN_FILE = "unknown_file"  # a file of an unknown type met while walking a folder
    UNCHANGED = "unchanged"  # an article already in the ledger with the same content
    OFF_SITE = "off_site"  # a link a watched source lists on a site it does not follow


class RemovalKind(str, enum.Enum):
    """Why cleaning removed a span of the raw text."""

    MARKUP = "markup"  # leftover tags or attribute fragments from scraping
    SHARE = "share"  # share / follow / print buttons that became text
    SUBSCRIBE = "subscribe"  # newsletter and subscription calls
    READ_ALSO = "read_also"  # "Read also:", "Related:" teasers for other articles
    IMAGE_CREDIT = "image_credit"  # photo captions' credit lines
    ADVERTISEMENT = "advertisement"  # "Advertisement" placeholders


@dataclass(frozen=True, slots=True)
class Removal:
    """A span that cleaning removed from the raw text (offsets into ``raw_text``), and why."""

    start: int
    end: int
    kind: RemovalKind
    text: str


@dataclass(frozen=True, slots=True)
class Article:
    """One news report, as read from a source.

    ``id`` is stable: the source's own id where it gives one, else the file stem or a content
    hash. ``key`` names this exact version (id + content), so re-reading it changes nothing.
    """

    id: str
    raw_text: str
    source: str
    position: str = ""
    format: SourceFormat = SourceFormat.TEXT
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    author: str | None = None
    published: str | None = None
    language: str | None = None

    @property
    def key(self) -> str:
        """Content hash of this version: id, metadata and text."""
        payload = json.dumps(
            [
                self.id,
                self.url,
                self.outlet,
                self.title,
                self.author,
                self.published,
                self.raw_text,
            ],
            ensure_ascii=False,
        )
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class CleanText:
    """The clean text that every later offset points into, and what was removed to get it."""

    text: str
    removals: tuple[Removal, ...] = ()


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Mention:
    """A named-entity mention found by the NLP pipeline."""

    start: int
    end: int
    label: str
    text: str


class Qualifier(str, enum.Enum):
    """How a figure is hedged in the text."""

    EXACT = "exact"
    APPROXIMATELY = "approximately"  # about, around, some, roughly, nearly, ~
    AT_LEAST = "at_least"
    AT_MOST = "at_most"
    MORE_THAN = "more_than"
    LESS_THAN = "less_than"
    UP_TO = "up_to"
    ESTIMATED = "estimated"  # "an estimated", and vague amounts such as "dozens"


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number asserted about something, with its hedge, unit, what it counts, where, when
    and who asserts it. ``start``/``end`` cover the number phrase in the clean text."""

    start: int
    end: int
    text: str
    value: float | None
    low: float | None = None
    high: float | None = None
    qualifier: Qualifier = Qualifier.EXACT
    unit: str | None = None
    counted: str | None = None  # what it counts, as written ("people killed")
    measure: str | None = None  # normalised, shared across wordings ("people killed")
    thing: str | None = None  # the class of what is counted ("people", "boat")
    outcome: str | None = None  # what befell it ("killed", "held", "damaged")
    part: bool = False  # a part of an earlier figure ("three of them")
    change: str | None = None  # "before" or "after" in a change ("rose from 55% to 70%")
    dimension: str | None = None  # of the unit: "length", "money", "percent"
    base_unit: str | None = None  # the dimension's base unit ("m", "USD")
    base_value: float | None = None  # the figure in that unit
    base_low: float | None = None
    base_high: float | None = None
    concept: str | None = None
    owner: str | None = None  # the person whose figure it is ("Smith had 12 rebounds")
    scope: str | None = None
    scope_head: str | None = None
    scope_is_place: bool = False
    predicate: str | None = None  # lemma of the verb the figure hangs from ("evacuate")
    tense: Tense | None = None  # of that verb, None when its form does not say
    time_text: str | None = None
    time: str | None = None
    era: str | None = None  # the past event it belongs to ("2003"), by a month or year
    day: str | None = None  # the day of its event as the text names it ("wednesday")
    running: bool = False  # a running total ("so far", "since the shooting")
    headline: bool = False  # in the headline, deck or dateline lines
    speaker: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    sentence_start: int = 0
    sentence_end: int = 0
    derived: bool = False
    statement: int | None = None  # index of the statement whose content holds it

    @property
    def unattributed(self) -> bool:
        """True when the outlet states the figure with no source (a fact about the text)."""
        return self.speaker is None


@dataclass(frozen=True, slots=True)
class Statement:
    """Something a source is reported to have said, claimed or thought.

    ``start``/``end`` cover the content; ``content_spans`` lists its fragments when a quote is
    split around its cue. ``speaker_start``/``speaker_end`` mark the source mention as
    written ("he"), ``speaker`` the fullest name it stands for ("Andriy Kovalenko").
    """

    start: int
    end: int
    text: str
    content_spans: tuple[tuple[int, int], ...] = ()
    speaker: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    direct: bool = False
    role: str | None = None  # title or role written with the name ("head of the centre")
    time_text: str | None = None
    time: str | None = None
    parent: int | None = None  # index of the statement this one is reported inside


@dataclass(frozen=True, slots=True)
class Analysis:
    """What the per-article analysis found in the clean text."""

    sentences: tuple[Sentence, ...] = ()
    mentions: tuple[Mention, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    statements: tuple[Statement, ...] = ()


@dataclass(frozen=True, slots=True)
class AnalysedArticle:
    """An article with its clean text and analysis: the unit written to the ledger."""

    article: Article
    clean: CleanText
    analysis: Analysis


@dataclass(frozen=True, slots=True)
class Problem:
    """An input, or a record inside one, that could not be read; the batch goes on."""

    source: str
    position: str
    kind: ErrorKind
    message: str
    count: int = 1  # more than one: a row standing for this many problems not stored one by one


@dataclass(frozen=True, slots=True)
class Skip:
    """A record passed over on purpose (see ``SkipReason``)."""

    source: str
    position: str
    reason: SkipReason


Item = Article | Problem | Skip  # what a reader yields: an article, or why a record gives none


@dataclass(slots=True)
class RunCounts:
    """Running totals of one ingest run; mutable because it is filled as the run goes."""

    read: int = 0
    stored: int = 0
    new_versions: int = 0
    errors: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)

    @property
    def error_total(self) -> int:
        return sum(self.errors.values())

    def add_error(self, kind: ErrorKind, count: int = 1) -> None:
        self.errors[kind.value] = self.errors.get(kind.value, 0) + count

    def add_skip(self, reason: SkipReason) -> None:
        self.skipped[reason.value] = self.skipped.get(reason.value, 0) + 1
