"""Cleaning: normalise Unicode and whitespace, remove scraping debris, record every removal.

Removals are found on the raw text, so their offsets point into it; everything after
cleaning points into the clean text this returns.
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
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_RUNS_OF_SPACES = re.compile(r" {2,}")
_MANY_NEWLINES = re.compile(r"\n{3,}")


def clean(raw: str) -> CleanText:
    """The clean text of ``raw`` and the removals (offsets into ``raw``) that made it."""
    removals: list[Removal] = []
    kept: list[str] = []
    for match in _LINE.finditer(raw):
        line = match.group()
        if not line:
            break
        kind = _whole_line_debris(line)
        if kind is not None:
            removals.append(Removal(match.start(), match.end(), kind, line))
            continue
        kept.append(_drop_inline_tags(line, match.start(), removals))
    return CleanText(normalise("".join(kept)), tuple(removals))


def _whole_line_debris(line: str) -> RemovalKind | None:
    stripped = line.strip()
    if not stripped:
        return None
    if _MARKUP_LINE.match(stripped) or _ATTRIBUTES_LINE.match(stripped):
        return RemovalKind.MARKUP
    if len(stripped.split()) > _SHORT_LINE_WORDS:
        return None
    for kind, pattern in _BOILERPLATE:
        if pattern.match(stripped):
            return kind
    return None


def _drop_inline_tags(line: str, offset: int, removals: list[Removal]) -> str:
    if "<" not in line:
        return line
    pieces: list[str] = []
    last = 0
    for tag in _INLINE_TAG.finditer(line):
        pieces.append(line[last : tag.start()])
        removals.append(
            Removal(offset + tag.start(), offset + tag.end(), RemovalKind.MARKUP, tag.group())
        )
        last = tag.end()
    pieces.append(line[last:])
    return "".join(pieces)


def normalise(text: str) -> str:
    """NFC, one kind of space and line break, no invisible characters, tidy blank lines."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _INVISIBLE.sub("", _SPACES.sub(" ", text))
    lines = (_RUNS_OF_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return _MANY_NEWLINES.sub("\n\n", "\n".join(lines)).strip()
