"""Quotation marks: where the quotations of a text begin and end."""

from __future__ import annotations

import re

from spacy.tokens import Doc

QUOTE_CHARS = '"\u201c\u201d\u00ab\u00bb\u201e'
_QUOTE_CHARS = QUOTE_CHARS
_OPENERS = "\u201c\u00ab\u201e"
_CLOSERS = "\u201d\u00bb"
# what the pairing reads: quotation marks, '' written for ", and line breaks
_MARKS = re.compile("''|[\n\"\u201c\u201d\u00ab\u00bb\u201e]")
_NON_SPACE = re.compile(r"\S")
_KEY = "newsledger.quotes"


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of quotations, marks included, paired within paragraphs; a quote left
    open at the end of a paragraph continues if the next paragraph opens with a mark."""
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    straight_open = False
    for match in _MARKS.finditer(text):
        i = match.start()
        char = match.group()
        doubled = char == "''"  # ''quoted'' as some newspapers write it
        if doubled:
            char = '"'
        if char == "\n":
            if open_at is not None:
                after = _NON_SPACE.search(text, i)
                if after is None or text[after.start()] not in _QUOTE_CHARS:
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
                spans.append((open_at, i + 2 if doubled else i + 1))
                open_at, straight_open = None, False
    if open_at is not None:
        spans.append((open_at, len(text)))
    return [s for s in spans if s[1] - s[0] > 2]


def doc_quotes(doc: Doc) -> list[tuple[int, int]]:
    """``quote_spans`` of the document's text, computed once per document."""
    spans = doc.user_data.get(_KEY)
    if spans is None:
        from newsledger.analyse.doctext import doc_text

        spans = doc.user_data[_KEY] = quote_spans(doc_text(doc))
    return spans
