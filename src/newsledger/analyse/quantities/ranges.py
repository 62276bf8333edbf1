"""Number phrases of a sentence, with two numbers joined into one range when the words and
units between them allow it ("5 to 7 per cent", "between 40 and 50", "$89 to $93 billion")."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Span

from newsledger.analyse.quantities.hedges import qualifier_of
from newsledger.analyse.quantities.phrases import (
    DIGIT_AND_SUFFIX,
    RANGE_LINKS,
    NumberPhrase,
    glued,
    number_at,
)
from newsledger.analyse.quantities.units import currency_before, currency_key, unit_after, unit_key
from newsledger.analyse.quantities.vocab import CURRENCY_SYMBOLS
from newsledger.vocabulary import YEAR


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
        second = phrases[k + 1] if k + 1 < len(phrases) else None
        if second is not None and _is_tally(doc, first, second):
            last = second
            while k + 2 < len(phrases) and _dashed(doc, last, phrases[k + 2]):
                k, last = k + 1, phrases[k + 2]  # "45-7-2", "2019-03-12"
            joined.append(replace(first, end=last.end, tally=True))
            k += 2
            continue
        if second is not None and _is_change(doc, first, second, sentence):
            joined += [replace(first, change="before"), replace(second, change="after")]
            k += 2
            continue
        if second is not None and _is_range(doc, first, second, sentence):
            inner = unit_after(doc, first, sentence)[0]
            joined.append(replace(_range(first, second), inner_unit=inner))
            k += 2
            continue
        joined.append(first)
        k += 1
    return joined


_DASHES = ("-", "\u2013")
# nouns after a win-loss record: "an 18-30 start", "a 9-14 record"
RECORD_NOUNS = frozenset({"start", "record", "mark", "finish", "season", "run", "streak"})


def _dashed(doc: Doc, first: NumberPhrase, second: NumberPhrase) -> bool:
    """Two numbers joined by a dash with no space: "52-48"."""
    return doc[first.end : second.start].text in _DASHES and glued(doc, first.start, second.end - 1)


def _is_tally(doc: Doc, first: NumberPhrase, second: NumberPhrase) -> bool:
    """Two numbers written as one with a dash that is not a range: a score or vote tally
    ("won 52-48", "voted 13-10"), a record in brackets ("the Colts (11-4)"), a date or a
    dated period ("2020-06-30", "2013-14", "1979-90")."""
    if not _dashed(doc, first, second):
        return False
    if first.vague or second.vague or first.currency or second.currency:
        return False
    if _year_like(doc, first):
        return True  # "2013-14", "1979-90", "2020-06-30"
    if first.value > second.value:
        return True  # "52-48", "13-10"
    after_word = doc[second.end] if second.end < len(doc) else None
    if after_word is not None and after_word.lemma_.lower() in RECORD_NOUNS:
        return True  # "an 18-30 start", "a 9-14 record"
    before = doc[first.start - 1] if first.start > 0 else None
    after = doc[second.end] if second.end < len(doc) else None
    return (  # "the Colts (11-4)": a win-loss record in brackets after a name
        before is not None
        and before.text == "("
        and after is not None
        and after.text in (")", ",")
        and before.i > 0
        and doc[before.i - 1].pos_ == "PROPN"
    )


CHANGE_VERBS = frozenset(
    "rise fall increase decrease grow drop climb jump go soar plunge slip slide surge "
    "decline shrink swell change raise cut lower lift boost reduce double halve".split()
)


def _is_change(doc: Doc, first: NumberPhrase, second: NumberPhrase, sentence: Span) -> bool:
    """ "rose from 55% to 70%", "cut from $12 a share to $19": a value before and after."""
    if first.start <= sentence.start or doc[first.start - 1].lower_ != "from":
        return False
    between = {t.lower_ for t in doc[first.end : second.start]}
    if "to" not in between:
        return False
    verb = doc[first.start - 1].head
    return verb.lemma_.lower() in CHANGE_VERBS or any(
        t.lemma_.lower() in CHANGE_VERBS for t in doc[sentence.start : first.start]
    )


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
