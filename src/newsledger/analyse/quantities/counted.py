"""What a figure counts: the noun it modifies, or the "of" object of its unit or amount."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from newsledger.analyse.quantities.phrases import NumberPhrase, glued
from newsledger.analyse.quantities.vocab import MEASURE_UNITS

# verbs whose subject a figure after "to" or "at" gives the level of
LEVEL_VERBS = frozenset(
    "rise climb reach stand jump increase grow fall drop climb soar surge hit top".split()
)
_NP_DEPS = frozenset({"compound", "amod", "nmod", "poss", "case", "npadvmod", "quantmod"})


_STOP_MODIFIERS = frozenset(
    {
        "about",
        "around",
        "some",
        "nearly",
        "almost",
        "estimated",
        "approximately",
        "roughly",
        "least",
        "more",
        "than",
        "over",
        "up",
        "to",
        "as",
        "many",
        "much",
        "just",
        "only",
        "another",
        "additional",
        "other",
        "each",
        "all",
        "the",
        "a",
        "an",
    }
)


def noun_phrase(head: Token, skip: range) -> str | None:
    """The head noun with the modifiers written right before it, outside ``skip``."""
    if head.pos_ not in ("NOUN", "PROPN"):
        return None
    left = head.i
    while left - 1 >= 0:
        prev = head.doc[left - 1]
        if prev.text == "-" and left - 2 >= 0 and glued(head.doc, left - 2, left):
            left -= 2  # "first-team players", "Ben-Moshe", "Coca-Cola bottles"
            continue
        if (
            prev.i in skip
            or prev.is_punct
            or prev.lower_ in _STOP_MODIFIERS
            or (
                prev.pos_ in ("DET", "NUM", "ADP", "VERB", "AUX", "PRON", "CCONJ", "SCONJ")
                and not _model_name(prev)
            )
            or (prev.like_num and not _model_name(prev))
        ):
            break
        if prev.head.i != head.i and prev.head.i not in range(left - 1, head.i + 1):
            break
        left -= 1
    return head.doc[left : head.i + 1].text


_TOTALS = frozenset({"number", "total", "count", "tally"})


def _model_name(token: Token) -> bool:
    """A name of letters and digits ("AK-47", "F-16"): part of what is counted."""
    text = token.text
    return any(c.isalpha() for c in text) and any(c.isdigit() for c in text)


def _of_object(token: Token) -> Token | None:
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def counted_head(doc: Doc, phrase: NumberPhrase, unit_end: int, has_unit: bool) -> Token | None:
    """The noun a number counts: the noun it modifies, or the "of" object of a unit or
    amount ("300 rounds of ammunition" -> "rounds", "$5 billion of debt" -> "debt")."""
    head = _parsed_head(doc, phrase, unit_end, has_unit)
    if head is None:
        return None
    if head.lemma_.lower() in _CONTAINERS:
        inner = _of_object(head)
        if inner is not None and inner.pos_ == "NOUN":
            head = inner  # "31 pieces of firefighting apparatus" count apparatus
    return _hyphen_end(head)


# nouns that count what their "of" names
_CONTAINERS = frozenset({"piece", "unit", "item", "head"})


def _hyphen_end(token: Token) -> Token:
    """The last noun of a word written with hyphens: the parser can make the first part of
    "co-workers" or "ex-soldiers" the head, but "workers" is what is counted."""
    doc, i = token.doc, token.i
    while (
        i + 2 < len(doc)
        and doc[i + 1].text == "-"
        and glued(doc, i, i + 2)
        and doc[i + 2].is_alpha
        and doc[i + 2].pos_ in ("NOUN", "PROPN")
    ):
        i += 2
    return doc[i]


def _parsed_head(doc: Doc, phrase: NumberPhrase, unit_end: int, has_unit: bool) -> Token | None:
    """counted_head as the parse gives it."""
    span = range(phrase.start, unit_end)
    number = doc[phrase.end - 1]
    anchor = doc[unit_end - 1] if unit_end > phrase.end else number
    obj = _of_object(anchor) or (_of_object(number) if not has_unit else None)
    if obj is None and unit_end < len(doc) and doc[unit_end].lower_ == "of":
        obj = next((c for c in doc[unit_end].children if c.dep_ == "pobj"), None)
    if obj is not None and (has_unit or phrase.vague or number.lower_ in ("one",)):
        return _noun(obj)
    if has_unit and unit_end < len(doc) and obj is None:
        modified = _modified_noun(doc, unit_end)
        if modified is not None:
            return modified
    head = number.head
    while (
        head.dep_ in ("nummod", "compound")
        and head.pos_ in ("NUM", "PROPN")
        and any(c.isdigit() for c in head.text)
    ):
        head = head.head  # "six AK-47 rifles": the model number is not what is counted
    if number.dep_ in ("nummod", "quantmod", "compound", "amod", "nmod") and head.i >= unit_end:
        return _noun(_plural_head(head))
    if number.dep_ == "pobj" and head.lower_ in ("to", "at") and head.head.pos_ == "VERB":
        subject = next((c for c in head.head.children if c.dep_ == "nsubj"), None)
        if subject is not None and head.head.lemma_.lower() in LEVEL_VERBS and not has_unit:
            counted = _of_object(subject) if subject.lemma_.lower() in _TOTALS else None
            if counted is not None and counted.pos_ == "NOUN":
                subject = counted  # "the number of people killed rose to 41"
            return _noun(subject)  # "the death toll rose to 31", "turnout stood at 61"
    if number.dep_ == "pobj" and head.lower_ == "at" and head.head.pos_ == "VERB":
        estimated = next((c for c in head.head.children if c.dep_ == "dobj"), None)
        if estimated is not None and estimated.lemma_.lower() in ("number", "total", "count"):
            estimated = _of_object(estimated) or estimated  # "the number of evacuees at"
        if estimated is not None and not has_unit:
            return _noun(estimated)  # "estimated the crowd at 70", "put the toll at 10"
    if not has_unit and unit_end < len(doc):
        nxt = doc[unit_end]
        if nxt.pos_ in ("NOUN", "PROPN") and nxt.i not in span:
            return _head_noun(nxt)
        if nxt.pos_ == "ADJ" and nxt.head.pos_ in ("NOUN", "PROPN") and nxt.head.i > nxt.i:
            return nxt.head
    if obj is not None:
        return _noun(obj)
    return None


def _noun(token: Token) -> Token | None:
    return token if token.pos_ in ("NOUN", "PROPN", "PRON") else None


def counted_of(doc: Doc, phrase: NumberPhrase, unit_end: int, has_unit: bool) -> str | None:
    """What the number counts, as written: the noun phrase of ``counted_head``."""
    head = counted_head(doc, phrase, unit_end, has_unit)
    return noun_phrase(head, range(phrase.start, unit_end)) if head is not None else None


def _modified_noun(doc: Doc, i: int) -> Token | None:
    """The noun right after a measure that the measure describes: "a 20 km bike ride",
    "a 5% pay rise", "500mg tablets"."""
    token = doc[i]
    if token.pos_ not in ("NOUN", "PROPN", "ADJ") or token.lower_ in MEASURE_UNITS:
        return None
    if token.is_stop:
        return None
    noun = _head_noun(token)
    return noun if noun.pos_ in ("NOUN", "PROPN") else None


def _plural_head(noun: Token) -> Token:
    """The plural noun a count's singular compound modifies: "the 3 bank employees" parsed
    as "3 bank" counts employees; "a five-boat pirate attack" still counts boats."""
    if noun.tag_ != "NN" or noun.dep_ != "compound" or noun.nbor(-1).text == "-":
        return noun
    head = _head_noun(noun)
    return head if head.tag_ in ("NNS", "NNPS") else noun


def _head_noun(token: Token) -> Token:
    """Walk right through a compound to its head ("North Korean soldiers" -> "soldiers")."""
    while (
        token.dep_ in ("compound", "amod")
        and token.head.i > token.i
        and token.head.pos_ in ("NOUN", "PROPN")
    ):
        token = token.head
    return token
