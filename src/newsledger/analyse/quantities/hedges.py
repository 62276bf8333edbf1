"""The qualifier written around a figure: "at least", "more than", "about", "up to", "or more"."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from newsledger.analyse.quantities.phrases import NumberPhrase, phrase_root
from newsledger.analyse.quantities.vocab import CURRENCY_SYMBOLS
from newsledger.records import Qualifier

QUALIFIER_PHRASES: tuple[tuple[tuple[str, ...], Qualifier], ...] = (
    (("no", "fewer", "than"), Qualifier.AT_LEAST),
    (("no", "less", "than"), Qualifier.AT_LEAST),
    (("no", "more", "than"), Qualifier.AT_MOST),
    (("not", "more", "than"), Qualifier.AT_MOST),
    (("a", "minimum", "of"), Qualifier.AT_LEAST),
    (("a", "maximum", "of"), Qualifier.AT_MOST),
    (("in", "excess", "of"), Qualifier.MORE_THAN),
    (("upwards", "of"), Qualifier.MORE_THAN),
    (("north", "of"), Qualifier.MORE_THAN),
    (("as", "many", "as"), Qualifier.UP_TO),
    (("as", "much", "as"), Qualifier.UP_TO),
    (("as", "high", "as"), Qualifier.UP_TO),
    (("as", "few", "as"), Qualifier.AT_LEAST),
    (("at", "least"), Qualifier.AT_LEAST),
    (("at", "most"), Qualifier.AT_MOST),
    (("more", "than"), Qualifier.MORE_THAN),
    (("greater", "than"), Qualifier.MORE_THAN),
    (("higher", "than"), Qualifier.MORE_THAN),
    (("less", "than"), Qualifier.LESS_THAN),
    (("fewer", "than"), Qualifier.LESS_THAN),
    (("lower", "than"), Qualifier.LESS_THAN),
    (("up", "to"), Qualifier.UP_TO),
    (("an", "estimated"), Qualifier.ESTIMATED),
    (("some", "estimated"), Qualifier.ESTIMATED),
    (("close", "to"), Qualifier.APPROXIMATELY),
    (("in", "the", "region", "of"), Qualifier.APPROXIMATELY),
    (("estimated",), Qualifier.ESTIMATED),
    (("about",), Qualifier.APPROXIMATELY),
    (("around",), Qualifier.APPROXIMATELY),
    (("approximately",), Qualifier.APPROXIMATELY),
    (("approx",), Qualifier.APPROXIMATELY),
    (("approx.",), Qualifier.APPROXIMATELY),
    (("roughly",), Qualifier.APPROXIMATELY),
    (("nearly",), Qualifier.APPROXIMATELY),
    (("almost",), Qualifier.APPROXIMATELY),
    (("some",), Qualifier.APPROXIMATELY),
    (("circa",), Qualifier.APPROXIMATELY),
    (("~",), Qualifier.APPROXIMATELY),
    (("≈",), Qualifier.APPROXIMATELY),
    (("over",), Qualifier.MORE_THAN),
    (("above",), Qualifier.MORE_THAN),
    (("exceeding",), Qualifier.MORE_THAN),
    (("under",), Qualifier.LESS_THAN),
    (("below",), Qualifier.LESS_THAN),
    (("just",), Qualifier.EXACT),
)


HEDGES = frozenset(
    {
        "about",
        "around",
        "approximately",
        "nearly",
        "almost",
        "over",
        "than",
        "some",
        "roughly",
        "least",
        "most",
        "exactly",
        "just",
        "only",
    }
)


def qualifier_of(doc: Doc, phrase: NumberPhrase, sentence: Span) -> tuple[Qualifier, int]:
    """The hedge written before the number (skipping a currency sign), and where it starts."""
    if phrase.vague:
        return Qualifier.ESTIMATED, phrase.start
    if doc[phrase.start].text[:1] in ("~", "≈"):
        return Qualifier.APPROXIMATELY, phrase.start
    j = phrase.start
    while j > sentence.start and (
        doc[j - 1].lower_ in CURRENCY_SYMBOLS or doc[j - 1].lower_ in ("us", "=")
    ):
        j -= 1
    written = _written_before(doc, j, sentence.start)
    if written is not None:
        return written
    if _estimated_at(doc, phrase):
        return Qualifier.ESTIMATED, j
    after = [t.lower_ for t in doc[phrase.end : min(sentence.end, phrase.end + 3)]]
    before = [t.lower_ for t in doc[max(sentence.start, j - 2) : j]]
    if after[:1] == ["range"] and before == ["in", "the"]:
        return Qualifier.APPROXIMATELY, j - 2  # "a deal in the $75 million range"
    shared = _shared_hedge(doc, phrase, sentence.start)
    if shared is not None:
        return shared, j
    if after[:2] == ["or", "more"] or after[:1] == ["plus"] or after[:1] == ["-plus"]:
        return Qualifier.AT_LEAST, j
    if after[:2] == ["or", "so"]:
        return Qualifier.APPROXIMATELY, j
    if doc[phrase.end - 1].text.endswith("+"):
        return Qualifier.AT_LEAST, j
    return Qualifier.EXACT, j


def _written_before(doc: Doc, j: int, floor: int) -> tuple[Qualifier, int] | None:
    """The qualifier phrase that ends right before token ``j``, and where it starts."""
    words = [t.lower_ for t in doc[max(floor, j - 4) : j]]
    for phrase_words, qualifier in QUALIFIER_PHRASES:
        n = len(phrase_words)
        if tuple(words[-n:]) == phrase_words:
            if phrase_words == ("just",) or (phrase_words == ("over",) and _spans(doc, j)):
                continue
            return qualifier, j - n
    return None


def _shared_hedge(doc: Doc, phrase: NumberPhrase, floor: int) -> Qualifier | None:
    """The hedge of the figure whose noun this one's noun is joined to: in "more than 30
    home runs and 100 RBIs" the "more than" holds for both."""
    number = doc[phrase.end - 1]
    noun = number.head
    if number.dep_ != "nummod" or noun.dep_ != "conj" or noun.head.pos_ not in ("NOUN", "PROPN"):
        return None
    first = next((c for c in noun.head.children if c.dep_ == "nummod" and c.like_num), None)
    if first is None:
        return None
    start = first.i
    while start > floor and doc[start - 1].lower_ in CURRENCY_SYMBOLS:
        start -= 1
    written = _written_before(doc, start, floor)
    return written[0] if written is not None else None


def _estimated_at(doc: Doc, phrase: NumberPhrase) -> bool:
    """ "Crews estimated the loss at $12,000", "the crowd was estimated at 5,000"."""
    top = phrase_root(doc, phrase)
    at = top.head
    if top.dep_ != "pobj" or at.lower_ != "at":
        return False
    verb = at.head.head if at.head.dep_ == "dobj" else at.head  # "at" may hang off the object
    return verb.lemma_.lower() == "estimate"


_PERIODS = frozenset("year month week day decade hour minute season term".split())


def _spans(doc: Doc, j: int) -> bool:
    """ "$160 million over eight years": "over" (at ``j - 1``) spreads something across a
    period of time rather than hedging it ("for over eight years" still hedges)."""
    over = doc[j - 1]
    period = next((c for c in over.children if c.dep_ == "pobj"), None)
    before = doc[j - 2].lower_ if j > 1 else ""
    return (
        over.dep_ == "prep"
        and period is not None
        and period.lemma_.lower() in _PERIODS
        and before not in ("for", "in", "of")
    )
