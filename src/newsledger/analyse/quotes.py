"""Quotation marks: where the quotations of a text begin and end."""

from __future__ import annotations

QUOTE_CHARS = '"\u201c\u201d\u00ab\u00bb\u201e'
_QUOTE_CHARS = QUOTE_CHARS
_OPENERS = "\u201c\u00ab\u201e"
_CLOSERS = "\u201d\u00bb"


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of quotations, marks included, paired within paragraphs; a quote left
    open at the end of a paragraph continues if the next paragraph opens with a mark."""
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    straight_open = False
    skip = -1
    for i, char in enumerate(text):
        if i == skip:
            continue
        if char == "'" and text[i + 1 : i + 2] == "'":
            char, skip = '"', i + 1  # ''quoted'' as some newspapers write it
        if char == "\n" and open_at is not None:
            rest = text[i:].lstrip()
            if not rest or rest[0] not in _QUOTE_CHARS:
                spans.append((open_at, i))  # unbalanced: close at the paragraph end
                open_at, straight_open = None, False
            continue
        if char in _OPENERS and open_at is None:
            open_at = i
        elif char in _CLOSERS and open_at is not None:
            spans.append((open_at, i + 1))
            open_at = None
        elif char == '"':
            if not straight_open and open_at is None:
                open_at, straight_open = i, True
            elif straight_open and open_at is not None:
                spans.append((open_at, i + 2 if skip == i + 1 else i + 1))
                open_at, straight_open = None, False
    if open_at is not None:
        spans.append((open_at, len(text)))
    return [s for s in spans if s[1] - s[0] > 2]
