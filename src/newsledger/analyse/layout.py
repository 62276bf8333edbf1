"""The head of a news text: headline, deck and dateline lines before the body.

A headline states a figure in few words and often rounds it; a fact-checker compares the
body's figures, so the analysis marks what sits in the head. The head is every line up to the
last dateline among the first lines ("Updated: November 11, 2011 20:09 IST", "PUBLISHED:
WEDNESDAY, MARCH 13, 2013"), then any short line without closing punctuation; with no
dateline, the first line when it reads as a headline (no closing punctuation).
"""

from __future__ import annotations

import re

HEAD_LINES = 6  # a dateline further down belongs to the body
HEADLINE_WORDS = 30

_MONTH = (
    r"jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sept?(ember)?|"
    r"oct(ober)?|nov(ember)?|dec(ember)?"
)
_DATELINE = re.compile(
    rf"\b({_MONTH})\.?\s+\d{{1,2}}\b|\b\d{{1,2}}(st|nd|rd|th)?\s+({_MONTH})\b|"
    r"\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b(19|20)\d\d-\d\d-\d\d\b|\b\d{1,2}(st|nd|rd|th)?,\s+(19|20)\d\d\b|"
    r"^\s*(last\s+)?(updated|posted|published|modified)\b",
    re.I,
)
_CLOSING = (".", "!", "?", '"', "\u201d", "'", ")", ":")


_DATE_WORDS = re.compile(
    rf"^(({_MONTH})\.?|\W*\d[\d:./,-]*\W*|(mon|tues?|wed(nes)?|thu(rs)?|fri|sat(ur)?|sun)(day)?,?|"
    r"[ap]\.?m\.?|gmt|ist|est|edt|bst|cet|utc|hrs|at|on|by|last|updated|posted|published|"
    r"modified|\W+)$",
    re.I,
)
_OTHER_WORDS = 3  # a dateline may name an agency or a place beside its date


def is_dateline(line: str) -> bool:
    """A short line that gives a date or time of publication rather than news: a date, and
    few words that are not part of it."""
    words = line.split()
    if not 0 < len(words) <= 14 or not _DATELINE.search(line):
        return False
    return sum(not _DATE_WORDS.match(w) for w in words) <= _OTHER_WORDS


def _reads_as_headline(line: str) -> bool:
    words = line.split()
    return 0 < len(words) <= HEADLINE_WORDS and not line.rstrip().endswith(_CLOSING)


def head_end(text: str) -> int:
    """Where the body of ``text`` starts: the offset just after its head (0 when it has
    none)."""
    lines = text.split("\n")[:HEAD_LINES]
    starts = []
    offset = 0
    for line in lines:
        starts.append(offset)
        offset += len(line) + 1
    last_dateline = max((k for k, line in enumerate(lines) if is_dateline(line)), default=-1)
    k = last_dateline + 1
    if last_dateline < 0:
        k = 1 if lines and _reads_as_headline(lines[0]) else 0
    while k < len(lines) and (not lines[k].strip() or _reads_as_headline(lines[k])):
        if k + 1 >= len(lines) and not lines[k].strip():
            break
        k += 1
    if k == 0:
        return 0
    return min(len(text), starts[k] if k < len(starts) else offset)
