"""Number phrases of a sentence, with two numbers joined into one range when the words and
units between them allow it ("5 to 7 per cent", "between 40 and 50", "$89 to $93 billion")."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from newsledger.analyse.numbers import (
    YEAR,
)
from newsledger.analyse.quantities.hedges import qualifier_of
from newsledger.analyse.quantities.phrases import (
    DIGIT_AND_SUFFIX,
    RANGE_LINKS,
    NumberPhrase,
    number_at,
)
from newsledger.analyse.quantities.units import currency_before, currency_key, unit_after, unit_key
from newsledger.analyse.quantities.vocab import CURRENCY_SYMBOLS


def number_phrases(doc: Doc, sentence: Span) -> list[NumberPhrase]:
    """Every number phrase of the sentence, ranges joined, in text order."""
    phrases: list[NumberPhrase] = []
    i = sentence.start
    while i < sentence.end:
        found = number_at(doc, i)
        if found is None or found.end > sentence.end or found.start < sentence.start:
            i += 1
            continue
        phrases.append(found)
        i = found.end
    return _join_ranges(doc, phrases, sentence)


def _join_ranges(doc: Doc, phrases: list[NumberPhrase], sentence: Span) -> list[NumberPhrase]:
    joined: list[NumberPhrase] = []
    k = 0
    while k < len(phrases):
        first = phrases[k]
        if k + 1 < len(phrases) and _is_range(doc, first, phrases[k + 1], sentence):
            joined.append(_range(first, phrases[k + 1]))
            k += 2
            continue
        joined.append(first)
        k += 1
    return joined


def _is_range(doc: Doc, first: NumberPhrase, second: NumberPhrase, sentence: Span) -> bool:
    """Two numbers joined by a range word ("5 to 7 per cent", "between 40 and 50",
    "$89 to $93 billion") that measure the same thing in the same unit."""
    if first.vague or second.vague:
        return False
    if first.value == second.value:  # "89-89": a tie score, joined so it is dropped as one
        return doc[first.end : second.start].text.strip() in ("-", "\u2013")
    if _year_like(doc, first) and _year_like(doc, second):
        return False
    first_unit, unit_end = unit_after(doc, first, sentence)
    second_unit, _ = unit_after(doc, second, sentence)
    first_currency = currency_before(doc, first, sentence)[0]
    second_currency = currency_before(doc, second, sentence)[0]
    if second_currency and currency_key(first_currency) != currency_key(second_currency):
        return False
    if first_unit and second_unit and unit_key(first_unit) != unit_key(second_unit):
        return False
    if first_unit and unit_key(first_unit) == "%" and not second_unit:
        return False  # "rose 8.15% to 3.65": a change, then a level
    q_start = min(qualifier_of(doc, first, sentence)[1], currency_before(doc, first, sentence)[1])
    by_change = q_start > sentence.start and doc[q_start - 1].lower_ == "by"
    if by_change and (first_unit or first_currency):
        return False  # "increased by $43.6 billion to $419.2 billion": a change, then a level
    between = [
        t.lower_
        for t in doc[unit_end : second.start]
        if t.lower_ not in CURRENCY_SYMBOLS
        and t.lower_ != "us"
        and DIGIT_AND_SUFFIX.match(t.text) is None
    ]
    if not between:
        return doc[first.end - 1].text.endswith("-")
    if len(between) != 1 or between[0] not in RANGE_LINKS:
        return False
    link = between[0]
    if link == "and":
        window = doc[max(sentence.start, first.start - 2) : first.start]
        return any(t.lower_ == "between" for t in window)
    if link == "or":
        return first.value < second.value <= first.value * 3
    return True


def _year_like(doc: Doc, phrase: NumberPhrase) -> bool:
    return phrase.end - phrase.start == 1 and bool(YEAR.fullmatch(doc[phrase.start].text))


def _range(first: NumberPhrase, second: NumberPhrase) -> NumberPhrase:
    low, high = first.value, second.value
    # "89 to 93 billion": the scale written once belongs to both ends
    if first.scale == 1.0 and second.scale > 1.0 and low * second.scale <= high * 1.01:
        low *= second.scale
    low, high = min(low, high), max(low, high)
    return NumberPhrase(
        first.start,
        second.end,
        (low + high) / 2,
        low,
        high,
        scale=second.scale,
        suffix_unit=second.suffix_unit or first.suffix_unit,
        currency=first.currency or second.currency,
    )
