"""Cleaning: remove scraping debris, record every removal, normalise spaces and line ends.

Cleaning never moves the text it keeps: a removed span is blanked with spaces (its line
breaks kept) and every normalisation replaces one character by one. So an offset into the
clean text is the same offset into the raw text, and a corpus whose offsets were made on the
original text (as annotated eval sets are) lines up with newsledger's.
"""

from __future__ import annotations

import re
import unicodedata

from newsledger.records import CleanText, Removal, RemovalKind

_LINE = re.compile(r"[^\n]*\n?")
# A line that is a bare tag or a tag cut off by the scraper: `<source type="image/webp" ... src`
_MARKUP_LINE = re.compile(r"^\s*</?[a-zA-Z][a-zA-Z0-9:-]*(\s+[a-zA-Z:-]+(=|\s|$)|\s*/?>|\s*$)")
_ATTRIBUTES_LINE = re.compile(r"""^\s*([a-zA-Z:-]+=("[^"]*"|'[^']*')\s*)+/?>?\s*$""")
_INLINE_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9:-]*(\s+[^<>]{0,500})?/?>")
_CUT_TAG = re.compile(r"<[a-zA-Z][^<>]*$")  # a tag the scraper cut off at the line's end
_PROSE_WORD = re.compile(r"[^\W\d_]{2,}")
_PROSE_WORDS = 6  # a line starting with a tag but holding this many words is text, not debris
_SHORT_LINE_WORDS = 16
_BOILERPLATE: tuple[tuple[RemovalKind, re.Pattern[str]], ...] = (
    (
        RemovalKind.SHARE,
        re.compile(
            r"^(share( this)?( article| story| on \w+)?|tweet( this)?|email( this)?|print( this)?"
            r"( article| page)?|copy link|follow us( on \w+)?|share (via|on) .+)[\s:|]*$",
            re.I,
        ),
    ),
    (
        RemovalKind.SUBSCRIBE,
        re.compile(
            r"^(subscribe( now| today| here)?\b.*|sign up (for|to) (our|the) .*newsletter.*"
            r"|get (our|the) .*newsletter.*|join our (mailing list|newsletter).*)$",
            re.I,
        ),
    ),
    (
        RemovalKind.READ_ALSO,
        re.compile(
            r"^(read (also|more|next)|see also|related( stories| articles| coverage)?"
            r"|more on this story|recommended( reading)?|also read)\b\s*[:|\-\u2013\u2014].*$"
            r"|^(read (also|more)|related)$",
            re.I,
        ),
    ),
    (
        RemovalKind.IMAGE_CREDIT,
        re.compile(
            r"^((photo|image|picture|photograph|video)s?( copyright| credit| source)?\s*[:(]"
            r"|(photo|image|picture) (by|courtesy of|copyright)\b|\(?(photo|image) ?credit\b"
            r"|image caption\b|media caption\b|\((photo|image)s? ?:)",
            re.I,
        ),
    ),
    (
        RemovalKind.ADVERTISEMENT,
        re.compile(
            r"^(advertisement|advert|sponsored( content)?|ad"
            r"|story continues below( advertisement)?)$",
            re.I,
        ),
    ),
)
_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\f\v]")


def clean(raw: str) -> CleanText:
    """The clean text of ``raw`` (same length, same offsets) and the removals that made it."""
    removals: list[Removal] = []
    for match in _LINE.finditer(raw):
        line = match.group()
        if not line:
            break
        kind = _whole_line_debris(line)
        if kind is not None:
            end = match.end() - (1 if line.endswith("\n") else 0)
            removals.append(Removal(match.start(), end, kind, raw[match.start() : end]))
        elif "<" in line:
            removals.extend(_inline_tags(line, match.start()))
    chars = list(normalise(raw))
    for removal in removals:
        for k in range(removal.start, removal.end):
            if chars[k] != "\n":
                chars[k] = " "
    return CleanText("".join(chars), tuple(removals))


def _whole_line_debris(line: str) -> RemovalKind | None:
    stripped = line.strip()
    if not stripped:
        return None
    if (_MARKUP_LINE.match(stripped) and _mostly_markup(stripped)) or _ATTRIBUTES_LINE.match(
        stripped
    ):
        return RemovalKind.MARKUP
    if len(stripped.split()) > _SHORT_LINE_WORDS:
        return None
    for kind, pattern in _BOILERPLATE:
        if pattern.match(stripped):
            return kind
    return None


def _mostly_markup(line: str) -> bool:
    """Whether a line that starts with a tag has little text once its tags are taken out."""
    rest = _CUT_TAG.sub(" ", _INLINE_TAG.sub(" ", line))
    return len(_PROSE_WORD.findall(rest)) < _PROSE_WORDS


def _inline_tags(line: str, offset: int) -> list[Removal]:
    return [
        Removal(offset + tag.start(), offset + tag.end(), RemovalKind.MARKUP, tag.group())
        for tag in _INLINE_TAG.finditer(line)
    ]


def normalise(text: str) -> str:
    """One-for-one character fixes: exotic spaces to a space, a carriage return to a space
    before its line feed (or to a line feed alone), and Unicode NFC where it keeps the length."""
    text = _SPACES.sub(" ", text.replace("\r\n", " \n").replace("\r", "\n"))
    composed = unicodedata.normalize("NFC", text)
    return composed if len(composed) == len(text) else text
