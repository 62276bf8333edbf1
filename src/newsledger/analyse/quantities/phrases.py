"""Numbers as written: digits with their sign, scale and glued unit or currency, number
words ("twenty-seven", "a dozen"), fractions, shares ("one in five") and vague plurals
("dozens", "tens of thousands")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from newsledger.analyse.doctext import doc_text
from newsledger.analyse.numbers import (
    SHORT_SCALES,
    VAGUE,
    combine_words,
    parse_digits,
    word_value,
)
from newsledger.analyse.quantities.vocab import CURRENCY_SYMBOLS, CURRENCY_WORDS

_ONE_BLOCKERS = frozenset(
    {
        "no",
        "this",
        "that",
        "the",
        "every",
        "any",
        "each",
        "which",
        "someone",
        "another",
        "other",
        "last",
        "only",
        "such",
    }
)


# "10:30", "10.45pm", "5am"; a decimal such as "1.61" is not a time.
_TIME = re.compile(r"^\d{1,2}:[0-5]\d(?:[ap]\.?m\.?)?$|^\d{1,2}(?:[.:][0-5]\d)?[ap]\.?m\.?$", re.I)


_ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th)$", re.I)


# a measure word joined to its figure by a hyphen: "magnitude-6.1"
MEASURE_PREFIXED = re.compile(r"^(?:magnitude|richter)-(?P<num>\d{1,2}(?:\.\d+)?)$", re.I)
DIGIT_AND_SUFFIX = re.compile(
    r"^(?P<approx>~|≈|minus-)?(?P<cur>US\$|\$US|\$A|A\$|C\$|HK\$|NZ\$|S\$|R\$|USD|EUR|GBP|JPY|RM|Rs\.?|PS|Y=|[$£€¥₹])?"
    r"(?P<num>[-+\u2212]?(?:\d[\d.,]*|\.\d+))(?:(?P<suffix>[a-zA-Z%°/²³″]+[23]?)\.?)?$"
)


_FRACTION = re.compile(r"^(?P<a>\d{1,3})[/\u2044](?P<b>\d{1,4})$")


FRACTION_WORDS = {
    "half": 2,
    "halves": 2,
    "third": 3,
    "thirds": 3,
    "quarter": 4,
    "quarters": 4,
    "fifth": 5,
    "fifths": 5,
    "sixth": 6,
    "tenth": 10,
    "tenths": 10,
}


RANGE_LINKS = frozenset({"-", "\u2013", "\u2014", "to", "and", "or", "through", "till"})


_SCALE_WORDS = frozenset({"hundred", "thousand", "million", "billion", "trillion", "dozen"})


# Scale words that may follow digits as their own token ("1.5 million", "2.5 bn").
_SEPARATE_SCALES = frozenset(
    {"hundred", "thousand", "million", "billion", "trillion", "bn", "mn", "mln", "bln", "tn", "trn"}
)


@dataclass(frozen=True, slots=True)
class NumberPhrase:
    """Tokens ``[start, end)`` that write one number or a vague amount."""

    start: int
    end: int
    value: float
    low: float | None = None
    high: float | None = None
    scale: float = 1.0  # the scale word it carries ("billion"), for "89 to 93 billion"
    suffix_unit: str | None = None  # "10W", "45g", "5%"
    vague: bool = False
    currency: str | None = None  # written inside the token: "US$84", "RM23.50"
    tally: bool = False  # a score, record or dated period ("52-48", "(11-4)", "2013-14")
    change: str | None = None  # "before" / "after" in a change ("rose from 55% to 70%")
    inner_unit: str | None = None  # of a range's first end: "miles" in "252 miles to 287"


def _fraction_reading(doc: Doc, i: int) -> bool:
    """Whether "a third" at ``i`` is a share ("a third of the homes", "cut by a third",
    "nearly a third") rather than an ordinal ("a third straight night", "wounding a
    third")."""
    after = doc[i + 2] if i + 2 < len(doc) else None
    before = doc[i - 1] if i > 0 else None
    if after is not None and after.lower_ in ("of", "more", "less", "fewer"):
        return True
    return before is not None and before.lower_ in (
        "by",
        "than",
        "nearly",
        "about",
        "almost",
        "roughly",
        "around",
        "over",
        "some",
    )


def number_at(doc: Doc, i: int) -> NumberPhrase | None:
    """A number that starts at token ``i``, with its sign and scale words, or None."""
    token = doc[i]
    text = token.text
    if _TIME.match(text) or _ORDINAL.match(text):
        return None
    fraction = _FRACTION.match(text)
    if fraction and int(fraction.group("b")) > 0 and i + 1 < len(doc) and doc[i + 1].lower_ == "of":
        return NumberPhrase(i, i + 1, int(fraction.group("a")) / int(fraction.group("b")))
    prefixed = MEASURE_PREFIXED.match(text)
    if prefixed:  # "magnitude-5.9", one token
        return NumberPhrase(i, i + 1, float(prefixed.group("num")))
    scientific = _scientific(doc, i)
    if scientific is not None:
        return scientific
    dollar = _DOLLAR_OF.match(text) if i > 0 and doc[i - 1].text == "$" else None
    if dollar is not None and parse_digits(dollar.group("num")) is not None:
        value = parse_digits(dollar.group("num"))  # "$US55,931,000": "$" and "US55,931,000"
        return NumberPhrase(i - 1, i + 1, value, currency=f"{dollar.group('country')}$")  # type: ignore[arg-type]
    match = DIGIT_AND_SUFFIX.match(text)
    if not match or parse_digits(match.group("num")) is None:
        return _word_atom(doc, i)
    value = parse_digits(match.group("num"))
    assert value is not None
    suffix = match.group("suffix") or ""
    if suffix == "s" and _decade(doc, i, value):
        return None  # "in his early 30s", "the 1980s": an age or an era, not seconds
    currency = match.group("cur")
    scale, suffix_unit = 1.0, None
    if suffix.lower() in SHORT_SCALES:
        scale = SHORT_SCALES[suffix.lower()]
    elif suffix == "MM" and (currency or _money_before(doc, i)):
        scale = 1_000_000.0  # finance shorthand: "$160MM" (not "9mm")
    elif suffix:
        suffix_unit = suffix
    end = i + 1
    while end < len(doc) and _scale_token(doc, i, end):
        scale *= SHORT_SCALES.get(doc[end].lower_.rstrip("."), 1_000_000)
        end += 1
    start = i
    if (match.group("approx") or "").lower() == "minus-":
        value = -value
    elif i > 0 and doc[i - 1].lower_ in ("minus", "negative"):
        value, start = -value, i - 1
    elif i > 1 and doc[i - 1].text == "-" and doc[i - 2].lower_ == "minus":
        value, start = -value, i - 2
    mixed = _FRACTION.match(doc[end].text) if end < len(doc) and not suffix else None
    if (
        mixed
        and value == int(value)
        and scale == 1.0
        and 0 < int(mixed.group("a")) < int(mixed.group("b"))
    ):
        value += int(mixed.group("a")) / int(mixed.group("b"))  # "3 1/4 inches"
        end += 1
    return NumberPhrase(
        start, end, value * scale, scale=scale, suffix_unit=suffix_unit, currency=currency
    )


_DECADE_BEFORE = frozenset("his her their its our my your early mid late the".split())


def _decade(doc: Doc, i: int, value: float) -> bool:
    """ "30s" after "his", "early" or "the", or "1980s": a decade, not a count of seconds."""
    if value % 10 or value <= 0:
        return False
    return value >= 1000 or (i > 0 and doc[i - 1].lower_.rstrip("-") in _DECADE_BEFORE)


# the country of a dollar written after its sign: "$US55,931,000", "$A82,615,680"
_DOLLAR_OF = re.compile(r"^(?P<country>US|AU|A|C|HK|NZ|S)(?P<num>\d[\d.,]*)$")
# "2.5x10-4", "2.5 x 10^-4", "3.2×10^6", "1.99E-29": a mantissa and a power of ten
_SCIENTIFIC = re.compile(
    r"(?P<m>[-+]?\d+(?:\.\d+)?)(?:\s?[x×*]\s?10\s?(?:\^\s?)?|[eE])(?P<e>[-+\u2212]?\d{1,3})\b"
)


def _scientific(doc: Doc, i: int) -> NumberPhrase | None:
    """A number in scientific notation that starts at token ``i``."""
    if not doc[i].text[:1].isdigit():
        return None
    start = doc[i].idx
    match = _SCIENTIFIC.match(doc_text(doc)[start : start + 24])
    if match is None:
        return None
    stop = start + match.end()
    end = i
    while end < len(doc) and doc[end].idx < stop:
        end += 1
    if doc[end - 1].idx + len(doc[end - 1]) != stop:
        return None  # the notation ends inside a token
    exponent = int(match.group("e").replace("\u2212", "-"))
    return NumberPhrase(i, end, float(match.group("m")) * 10.0**exponent)


def _scale_token(doc: Doc, number: int, i: int) -> bool:
    """Whether token ``i`` is a scale word for the digits at ``number`` ("1.5 million")."""
    word = doc[i].text
    if word.lower() in _SEPARATE_SCALES:
        return True
    if word == "MM":
        return _money_before(doc, number)  # "$27.5 MM"
    if word in ("M", "B", "K", "bn", "mn", "m.", "M.") or word.lower() == "m":
        money_after = i + 1 < len(doc) and doc[i + 1].lower_ in CURRENCY_WORDS  # "500m euros"
        return word[0].isupper() or _money_before(doc, number) or money_after
    return False


def _money_before(doc: Doc, i: int) -> bool:
    suffixed = DIGIT_AND_SUFFIX.match(doc[i].text)
    return (i > 0 and doc[i - 1].lower_ in CURRENCY_SYMBOLS) or bool(
        suffixed and suffixed.group("cur")
    )


def _word_atom(doc: Doc, i: int) -> NumberPhrase | None:
    lower = doc[i].lower_
    if lower in VAGUE:
        return _vague(doc, i)
    if (
        lower == "tens"
        and i + 2 < len(doc)
        and doc[i + 1].lower_ == "of"
        and doc[i + 2].lower_ in VAGUE
        and doc[i + 2].lower_ != "dozens"
    ):
        base = VAGUE[doc[i + 2].lower_] * 10
        return NumberPhrase(i, i + 3, base * 5.5, base, base * 10, vague=True)
    start = i
    if lower in ("a", "an") and i + 1 < len(doc) and doc[i + 1].lower_ in _SCALE_WORDS:
        i += 1
    values: list[float] = []
    j = i
    while j < len(doc):
        if (
            doc[j].text == "-"
            and values
            and j + 1 < len(doc)
            and glued(doc, j - 1, j + 1)
            and 20 <= values[-1] < 100
            and values[-1] % 10 == 0
            and (word_value(doc[j + 1].lower_) or 10) < 10
        ):
            j += 1  # "twenty-seven" split by the tokenizer
            continue
        value = word_value(doc[j].lower_)
        if value is None:
            if (
                doc[j].lower_ == "and"
                and values
                and j + 1 < len(doc)
                and word_value(doc[j + 1].lower_) is not None
                and values[-1] >= 100
            ):
                j += 1
                continue
            break
        values.append(value)
        j += 1
    fraction_word = j < len(doc) and doc[j].lower_ in FRACTION_WORDS
    if fraction_word and j + 1 < len(doc) and doc[j + 1].text == "-" and glued(doc, j, j + 1):
        fraction_word = False  # "two half-brothers"
    if fraction_word and values and values[-1] < 10:
        return NumberPhrase(start, j + 1, combine_words(values) / FRACTION_WORDS[doc[j].lower_])
    if j + 1 < len(doc) and doc[j].text == "-" and doc[j + 1].lower_ in FRACTION_WORDS and values:
        return NumberPhrase(start, j + 2, combine_words(values) / FRACTION_WORDS[doc[j + 1].lower_])
    if (
        not values
        and lower in ("a", "an")
        and i + 1 < len(doc)
        and doc[i + 1].lower_ in FRACTION_WORDS
        and doc[i + 1].lower_ != "half"
        and _fraction_reading(doc, i)
    ):
        return NumberPhrase(start, i + 2, 1 / FRACTION_WORDS[doc[i + 1].lower_])
    if not values and lower == "half" and i + 1 < len(doc) and doc[i + 1].lower_ == "of":
        return NumberPhrase(start, i + 1, 0.5)
    if not values:
        return None
    out_of = _out_of(doc, j, combine_words(values))
    if out_of is not None:
        return NumberPhrase(start, out_of[0], out_of[1])
    if lower == "one" and len(values) == 1 and not _counts_as_one(doc, i):
        return None
    if (
        len(values) == 1
        and values[0] in (100.0, 1000.0, 1e6, 1e9, 1e12, 12.0)
        and start == i
        and not (lower == "dozen" and i > 0 and doc[i - 1].lower_ in _DOZEN_OWNERS)
    ):
        return None  # a bare "hundred" or "dozen" without "a" or a number before it
    scale = values[-1] if values[-1] >= 100 else 1.0
    return NumberPhrase(start, j, combine_words(values), scale=scale)


# "his dozen rounds", "the dozen hostages": a dozen all the same
_DOZEN_OWNERS = frozenset("his her their its our my your the these those".split())


def _out_of(doc: Doc, j: int, numerator: float) -> tuple[int, float] | None:
    """ "one out of three", "one in five": a share."""
    if j + 2 < len(doc) and doc[j].lower_ == "out" and doc[j + 1].lower_ == "of":
        k = j + 2
    elif j + 1 < len(doc) and doc[j].lower_ == "in" and word_value(doc[j + 1].lower_):
        k = j + 1
    else:
        return None
    denominator = word_value(doc[k].lower_) or parse_digits(doc[k].text)
    if not denominator or denominator <= numerator:
        return None
    return k + 1, numerator / denominator


def _counts_as_one(doc: Doc, i: int) -> bool:
    """ "one" is a number in "one of the", "one soldier" and "killing one", not in "no one" or
    "this one"."""
    before = doc[i - 1].lower_ if i > 0 else ""
    after = doc[i + 1] if i + 1 < len(doc) else None
    if before in _ONE_BLOCKERS or (after is not None and after.lower_ in ("another", "day")):
        return False
    if i > 0 and doc[i - 1].lemma_.lower() in _HARMING and doc[i].dep_ == "dobj":
        return True  # "shooting three people, killing one"
    return after is not None and (after.lower_ == "of" or after.pos_ in ("NOUN", "PROPN", "ADJ"))


_HARMING = frozenset({"kill", "wound", "injure", "hurt", "shoot", "stab", "rescue", "arrest"})


def _vague(doc: Doc, i: int) -> NumberPhrase:
    """ "dozens", "thousands", "hundreds of thousands": a range from one to ten of it."""
    base = float(VAGUE[doc[i].lower_])
    end = i + 1
    if (
        end + 1 < len(doc)
        and doc[end].lower_ == "of"
        and doc[end + 1].lower_ in VAGUE
        and doc[end + 1].lower_ != "dozens"
    ):
        base *= VAGUE[doc[end + 1].lower_]
        end += 2
    low, high = base, base * 10
    return NumberPhrase(i, end, (low + high) / 2, low, high, vague=True)


def phrase_root(doc: Doc, phrase: NumberPhrase) -> Token:
    """The token of a number phrase the rest of the sentence attaches to: its last number,
    or the scale word or currency sign above it ("$2 million" -> "million")."""
    top = doc[phrase.end - 1]
    while top.head.i != top.i and (
        phrase.start <= top.head.i < phrase.end or top.head.lower_ in CURRENCY_SYMBOLS
    ):
        top = top.head
    return top


def glued(doc: Doc, first: int, last: int) -> bool:
    """Tokens ``first..last`` are written with no space between them."""
    return all(not doc[k].whitespace_ for k in range(first, last))
