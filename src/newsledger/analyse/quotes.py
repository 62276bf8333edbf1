"""Quotation marks: where the quotations of a text begin and end."""

from __future__ import annotations

import bisect
import re

from spacy.tokens import Doc

QUOTE_CHARS = '"\u201c\u201d\u00ab\u00bb\u201e'
_QUOTE_CHARS = QUOTE_CHARS
_OPENERS = "\u201c\u00ab\u201e"
_CLOSERS = "\u201d\u00bb"
# what the pairing reads: quotation marks, '' written for ", and line breaks
_MARKS = re.compile("''|[\n\"\u201c\u201d\u00ab\u00bb\u201e]")
_NON_SPACE = re.compile(r"\S")
_FIRST_MARK = re.compile(f"[{QUOTE_CHARS}]")
_KEY = "newsledger.quotes"
# how many lines on a quotation left open at a line break may still find its closing mark
_RUN_ON_LINES = 6


def _continues(text: str, start: int, end: int) -> int | None:
    """Where a quotation opened at ``start`` and left open at the paragraph break ``end``
    runs on (the start of the next paragraph), or None when it ends there. It runs on when
    the next paragraph opens with a mark (a quotation of several paragraphs), or the first
    mark of the next few lines closes one (a quotation of several lines, one sentence a
    line: a curly closer, or the odd one of a line's straight marks). A mark that ends its
    line closed a quotation rather than opened one, and never runs on."""
    if not text[start + 1 : end].strip():
        return None
    after = _NON_SPACE.search(text, end)
    if after is None:
        return None
    if text[after.start()] in _QUOTE_CHARS:
        return after.start()
    for line in text[after.start() :].split("\n", _RUN_ON_LINES)[:_RUN_ON_LINES]:
        first = _FIRST_MARK.search(line)
        if first is not None:
            closes = first.group() in _CLOSERS or (
                first.group() == '"' and line.count('"') % 2 == 1
            )
            return after.start() if closes else None
    return None


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of quotations, marks included: double marks (``double_quote_spans``)
    and, outside them, single marks as British outlets write quotations
    (``single_quote_spans``)."""
    double = double_quote_spans(text)
    single = [(a, b) for a, b in single_quote_spans(text) if not _overlapping(double, a, b)]
    return sorted(double + single)


def _overlapping(quotes: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether a quotation of ``quotes`` (sorted, apart) overlaps ``[start, end)``."""
    k = bisect.bisect_left(quotes, start, key=lambda q: q[0])
    return (k > 0 and quotes[k - 1][1] > start) or (k < len(quotes) and quotes[k][0] < end)


def inside_quote(quotes: list[tuple[int, int]], position: int) -> bool:
    """Whether ``position`` lies strictly inside a quotation of ``quotes`` (sorted, apart)."""
    k = bisect.bisect_left(quotes, position, key=lambda q: q[0])
    return k > 0 and quotes[k - 1][0] < position < quotes[k - 1][1]


# A single mark opening a quotation: at a line start or after a space, dash or colon, before
# a word; closing one: after the punctuation that ends the quoted words ("...,' she said").
# Apostrophes ("don't", "the boys' toys", "'90s") match neither, or find no partner.
_SINGLE_OPEN = re.compile(r"(?:^|(?<=[\s(\[:\u2014\u2013-]))['\u2018](?=[^\W_])", re.M)
_SINGLE_CLOSE = re.compile(r"(?<=[,.!?])['\u2019](?=[\s)\]\u2014\u2013-]|$)", re.M)


def single_quote_spans(text: str) -> list[tuple[int, int]]:
    """Quotations in single marks, each from an opening mark to the next closing one; a
    quotation may run over the next few lines when its closing mark comes before another
    opening one ("'When we were on the floor ... / ... There was blood,' said ..."). An
    opening mark with no closing one is an apostrophe, not a quotation."""
    opens = [m.start() for m in _SINGLE_OPEN.finditer(text)]
    closes = [m.start() for m in _SINGLE_CLOSE.finditer(text)]
    # for each opening mark, where the next one that does not reopen a line begins
    next_open = [len(text)] * (len(opens) + 1)
    for n in range(len(opens) - 1, -1, -1):
        later = opens[n + 1] if n + 1 < len(opens) else len(text)
        reopening = n + 1 < len(opens) and _reopens(text, later)
        next_open[n] = next_open[n + 1] if reopening else later
    breaks = [m.start() for m in re.finditer("\n", text)]
    spans: list[tuple[int, int]] = []
    last_end = 0
    for n, start in enumerate(opens):
        if start < last_end:
            continue  # a mark inside the quotation before: the same quotation's paragraph
        k = bisect.bisect_right(closes, start)
        if k == len(closes):
            break
        end = closes[k]
        lines = bisect.bisect_left(breaks, end) - bisect.bisect_left(breaks, start)
        if next_open[n] < end or lines >= _RUN_ON_LINES:
            continue  # too far, or another quotation opens first: an apostrophe
        spans.append((start, end + 1))
        last_end = end + 1
    return spans


def _reopens(text: str, mark: int) -> bool:
    """A mark that opens a line of a quotation already open (each paragraph of a long
    quotation opens with a mark)."""
    return mark == 0 or text[mark - 1] == "\n"


def double_quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of quotations in double marks, marks included, paired within
    paragraphs; a quote left open at the end of a paragraph continues when ``_continues``
    says so, else it ends there."""
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    straight_open = False
    reopened = -1  # the mark that opens a continued quotation's next paragraph
    for match in _MARKS.finditer(text):
        i = match.start()
        char = match.group()
        doubled = char == "''"  # ''quoted'' as some newspapers write it
        if doubled:
            char = '"'
        if char == "\n":
            if open_at is not None:
                next_start = _continues(text, open_at, i)
                if next_start is None:
                    spans.append((open_at, i))  # unbalanced: close at the paragraph end
                    open_at, straight_open = None, False
                else:
                    reopened = next_start
            continue
        if i == reopened:
            continue  # "... first paragraph / "second paragraph ...": the same quotation
        if char in _OPENERS and open_at is None:
            open_at = i
        elif char in _CLOSERS and open_at is not None:
            spans.append((open_at, i + 1))
            open_at, straight_open = None, False
        elif char == '"':
            if not straight_open and open_at is None:
                open_at, straight_open = i, True
            elif open_at is not None and (straight_open or _closes_curly(text, i)):
                spans.append((open_at, i + 2 if doubled else i + 1))
                open_at, straight_open = None, False
    if open_at is not None:
        spans.append((open_at, len(text)))
    return [s for s in spans if s[1] - s[0] > 2]


def _closes_curly(text: str, mark: int) -> bool:
    """Whether a straight mark after a word closes the curly quotation open before it, as
    text mixing both styles has it ("there was \u201cno evidence" yet")."""
    after = text[mark + 1 : mark + 2]
    return not text[mark - 1].isspace() and (not after or not after.isalnum())


def doc_quotes(doc: Doc) -> list[tuple[int, int]]:
    """``quote_spans`` of the document's text, computed once per document."""
    spans = doc.user_data.get(_KEY)
    if spans is None:
        from newsledger.analyse.doctext import doc_text

        spans = doc.user_data[_KEY] = quote_spans(doc_text(doc))
    return spans


def quotes_opening(quotes: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    """The quotations of ``quotes`` (sorted) that open within ``[start, end)``."""
    first = bisect.bisect_left(quotes, start, key=lambda q: q[0])
    last = bisect.bisect_left(quotes, end, key=lambda q: q[0])
    return quotes[first:last]
