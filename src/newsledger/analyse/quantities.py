"""Numeric claims in a parsed article: value or range, hedge, unit, what is counted, where,
when, and who asserts it.

The finder walks the tokens of each sentence: it joins digits, number words, scales and vague
plurals into number phrases, pairs phrases into ranges, drops numbers that are not claims
(dates, times, ordinals, numbers inside names, ages beside a name, list numbering), then reads
the hedge and currency before the phrase, the unit and counted noun after it, and the source
from the parse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from newsledger.analyse.attribution import SPEECH_VERBS, source_of
from newsledger.analyse.dates import resolve_date
from newsledger.analyse.doctext import doc_text
from newsledger.analyse.numbers import (
    SHORT_SCALES,
    VAGUE,
    YEAR,
    combine_words,
    parse_digits,
    word_value,
)
from newsledger.analyse.statements import split_role
from newsledger.records import Qualifier, Quantity

# ---------------------------------------------------------------- vocabularies
CURRENCY_SYMBOLS = {
    "$": "$",
    "us$": "US$",
    "a$": "A$",
    "c$": "C$",
    "hk$": "HK$",
    "nz$": "NZ$",
    "s$": "S$",
    "£": "£",
    "€": "€",
    "¥": "¥",
    "₹": "₹",
    "rs": "Rs",
    "rs.": "Rs",
    "usd": "USD",
    "eur": "EUR",
    "gbp": "GBP",
    "jpy": "JPY",
    "cny": "CNY",
    "chf": "CHF",
    "r$": "R$",
}
CURRENCY_WORDS = frozenset(
    """
dollar dollars euro euros pound pounds sterling yen yuan renminbi rupee rupees rouble roubles
ruble rubles franc francs peso pesos won rand real reais lira krona kronor krone kroner shekel
shekels dirham dirhams riyal riyals ringgit baht dong hryvnia hryvnias zloty naira cent cents
pence p bitcoin bitcoins
""".split()
)
PERCENT_WORDS = (
    "%",
    "percent",
    "per cent",
    "pct",
    "percentage point",
    "percentage points",
    "basis point",
    "basis points",
    "bps",
)
MEASURE_UNITS = frozenset(
    """
km kms kilometre kilometres kilometer kilometers mile miles mi m metre metres meter meters cm mm
centimetre centimetres centimeter centimeters millimetre millimetres inch inches ft foot feet
yard yards mph kph km/h kmh mpg kg kgs kilogram kilograms kilo kilos g gram grams mg lb lbs ounce
ounces oz tonne tonnes ton tons t litre litres liter liters l ml gallon gallons barrel barrels
bpd acre acres hectare hectares ha sq square degree degrees °c °f celsius fahrenheit kelvin hour
hours hr hrs minute minutes min mins second seconds sec secs day days week weeks month months
year years decade decades century centuries w kw mw gw kwh mwh gwh twh watt watts volt volts v
hz khz mhz ghz gb mb kb tb gbps mbps bit bits byte bytes rpm psi gpa mpa pa bar calorie calories
kcal point points pts pixel pixels megapixel megapixels horsepower hp nm knot knots storey storeys
""".split()
)
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
    (("over",), Qualifier.MORE_THAN),
    (("above",), Qualifier.MORE_THAN),
    (("exceeding",), Qualifier.MORE_THAN),
    (("under",), Qualifier.LESS_THAN),
    (("below",), Qualifier.LESS_THAN),
    (("just",), Qualifier.EXACT),
)
MONTHS = frozenset(
    """
january february march april may june july august september october november december jan feb mar
apr jun jul aug sep sept oct nov dec
""".split()
)
NAME_LABELS = frozenset({"PRODUCT", "WORK_OF_ART", "LAW", "EVENT", "FAC", "ORG"})
NOT_AFTER = frozenset(
    {
        "page",
        "pages",
        "p.",
        "pp.",
        "chapter",
        "section",
        "article",
        "no.",
        "number",
        "nos.",
        "route",
        "room",
        "flight",
        "platform",
        "line",
        "version",
        "episode",
        "season",
        "channel",
        "highway",
        "interstate",
        "category",
        "stage",
        "phase",
        "round",
        "grade",
        "level",
        "tier",
        "gate",
        "terminal",
        "unit",
        "block",
        "lot",
        "exit",
        "pier",
        "week",
        "game",
        "act",
        "scene",
        "verse",
        "figure",
        "table",
        "appendix",
        "step",
    }
)
STREET_WORDS = frozenset(
    {
        "road",
        "rd",
        "street",
        "st",
        "avenue",
        "ave",
        "way",
        "lane",
        "drive",
        "boulevard",
        "blvd",
        "place",
        "square",
        "court",
        "terrace",
        "crescent",
        "close",
        "parkway",
        "highway",
    }
)
_HEDGES = frozenset(
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
MODEL_SUFFIXES = frozenset(
    {
        "pro",
        "max",
        "mini",
        "plus",
        "ultra",
        "lite",
        "air",
        "edge",
        "neo",
        "se",
        "xl",
        "xs",
        "gt",
        "gti",
        "turbo",
        "series",
        "dreamliner",
    }
)
INDEX_NAMES = frozenset(
    {
        "s&p",
        "sp",
        "ftse",
        "dax",
        "cac",
        "nikkei",
        "fortune",
        "russell",
        "stoxx",
        "asx",
        "sensex",
        "nifty",
        "hang",
        "kospi",
        "dow",
    }
)
TIME_UNITS = frozenset({"year", "month", "week", "day", "hour", "minute", "second", "decade"})
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
_DIGIT_AND_SUFFIX = re.compile(
    r"^(?P<approx>~|≈|minus-)?(?P<cur>US\$|\$US|\$A|A\$|C\$|HK\$|NZ\$|S\$|R\$|USD|EUR|GBP|JPY|RM|Rs\.?|PS|Y=|[$£€¥₹])?"
    r"(?P<num>[-+\u2212]?\d[\d.,]*)(?P<suffix>[a-zA-Z%°/²³″]+)?$"
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
_RANGE_LINKS = frozenset({"-", "\u2013", "\u2014", "to", "and", "or", "through", "till"})
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


# ---------------------------------------------------------------- number phrases
def _atom(doc: Doc, i: int) -> NumberPhrase | None:
    """A number that starts at token ``i``, with its sign and scale words, or None."""
    token = doc[i]
    text = token.text
    if _TIME.match(text) or _ORDINAL.match(text):
        return None
    fraction = _FRACTION.match(text)
    if fraction and int(fraction.group("b")) > 0 and i + 1 < len(doc) and doc[i + 1].lower_ == "of":
        return NumberPhrase(i, i + 1, int(fraction.group("a")) / int(fraction.group("b")))
    match = _DIGIT_AND_SUFFIX.match(text)
    if not match or parse_digits(match.group("num")) is None:
        return _word_atom(doc, i)
    value = parse_digits(match.group("num"))
    assert value is not None
    suffix = match.group("suffix") or ""
    currency = match.group("cur")
    scale, suffix_unit = 1.0, None
    if suffix.lower() in SHORT_SCALES:
        scale = SHORT_SCALES[suffix.lower()]
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
    return NumberPhrase(
        start, end, value * scale, scale=scale, suffix_unit=suffix_unit, currency=currency
    )


def _scale_token(doc: Doc, number: int, i: int) -> bool:
    """Whether token ``i`` is a scale word for the digits at ``number`` ("1.5 million")."""
    word = doc[i].text
    if word.lower() in _SEPARATE_SCALES:
        return True
    if word in ("M", "B", "K", "bn", "mn", "m.", "M.") or word.lower() == "m":
        return word[0].isupper() or _money_before(doc, number)
    return False


def _money_before(doc: Doc, i: int) -> bool:
    return (i > 0 and doc[i - 1].lower_ in CURRENCY_SYMBOLS) or bool(
        _DIGIT_AND_SUFFIX.match(doc[i].text) and _DIGIT_AND_SUFFIX.match(doc[i].text).group("cur")
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
            and _glued(doc, j - 1, j + 1)
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
    if j < len(doc) and doc[j].lower_ in FRACTION_WORDS and values and values[-1] < 10:
        return NumberPhrase(start, j + 1, combine_words(values) / FRACTION_WORDS[doc[j].lower_])
    if j + 1 < len(doc) and doc[j].text == "-" and doc[j + 1].lower_ in FRACTION_WORDS and values:
        return NumberPhrase(start, j + 2, combine_words(values) / FRACTION_WORDS[doc[j + 1].lower_])
    if (
        not values
        and lower in ("a", "an")
        and i + 1 < len(doc)
        and doc[i + 1].lower_ in FRACTION_WORDS
        and doc[i + 1].lower_ != "half"
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
    if len(values) == 1 and values[0] in (100.0, 1000.0, 1e6, 1e9, 1e12, 12.0) and start == i:
        return None  # a bare "hundred" or "dozen" without "a" or a number before it
    scale = values[-1] if values[-1] >= 100 else 1.0
    return NumberPhrase(start, j, combine_words(values), scale=scale)


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
    """ "one" is a number in "one of the" and "one soldier", not in "no one" or "this one"."""
    before = doc[i - 1].lower_ if i > 0 else ""
    after = doc[i + 1] if i + 1 < len(doc) else None
    if before in _ONE_BLOCKERS or (after is not None and after.lower_ in ("another", "day")):
        return False
    return after is not None and (after.lower_ == "of" or after.pos_ in ("NOUN", "PROPN", "ADJ"))


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


def number_phrases(doc: Doc, sentence: Span) -> list[NumberPhrase]:
    """Every number phrase of the sentence, ranges joined, in text order."""
    phrases: list[NumberPhrase] = []
    i = sentence.start
    while i < sentence.end:
        atom = _atom(doc, i)
        if atom is None or atom.end > sentence.end or atom.start < sentence.start:
            i += 1
            continue
        phrases.append(atom)
        i = atom.end
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
    first_unit, unit_end = _unit_after(doc, first, sentence)
    second_unit, _ = _unit_after(doc, second, sentence)
    first_currency = _currency_before(doc, first, sentence)[0]
    second_currency = _currency_before(doc, second, sentence)[0]
    if second_currency and _currency_key(first_currency) != _currency_key(second_currency):
        return False
    if first_unit and second_unit and _unit_key(first_unit) != _unit_key(second_unit):
        return False
    if first_unit and _unit_key(first_unit) == "%" and not second_unit:
        return False  # "rose 8.15% to 3.65": a change, then a level
    q_start = min(_qualifier(doc, first, sentence)[1], _currency_before(doc, first, sentence)[1])
    by_change = q_start > sentence.start and doc[q_start - 1].lower_ == "by"
    if by_change and (first_unit or first_currency):
        return False  # "increased by $43.6 billion to $419.2 billion": a change, then a level
    between = [
        t.lower_
        for t in doc[unit_end : second.start]
        if t.lower_ not in CURRENCY_SYMBOLS
        and t.lower_ != "us"
        and _DIGIT_AND_SUFFIX.match(t.text) is None
    ]
    if not between:
        return doc[first.end - 1].text.endswith("-")
    if len(between) != 1 or between[0] not in _RANGE_LINKS:
        return False
    link = between[0]
    if link == "and":
        window = doc[max(sentence.start, first.start - 2) : first.start]
        return any(t.lower_ == "between" for t in window)
    if link == "or":
        return first.value < second.value <= first.value * 3
    return True


def _currency_key(currency: str | None) -> str | None:
    return currency.replace("US", "").replace("U.S.", "") if currency else currency


def _unit_key(unit: str) -> str:
    return unit.lower().rstrip("s").replace("per cent", "%").replace("percent", "%")


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


# ---------------------------------------------------------------- not claims
def is_claim(doc: Doc, phrase: NumberPhrase) -> bool:
    """False for dates, years, times, numbers inside names, ages beside a name, numbering."""
    tokens = doc[phrase.start : phrase.end]
    first = tokens[0]
    before = doc[phrase.start - 1] if phrase.start > 0 else None
    after = doc[phrase.end] if phrase.end < len(doc) else None
    if _is_year(phrase, tokens, before, after) or _is_day_of_month(before, after, phrase):
        return False
    if before is not None and before.lower_ in NOT_AFTER:
        return False
    if _inside_name(doc, phrase):
        return False
    if (
        before is not None
        and before.text in ("-", "#")
        and before.idx + 1 == first.idx
        and phrase.start > 1
        and doc[phrase.start - 2].is_alpha
    ):
        return False  # "COVID-19", "F-16" written with a space
    if _is_age(doc, phrase, before, after) or _is_model_number(doc, phrase, before, after):
        return False
    if (
        before is not None
        and before.lower_ == "the"
        and first.is_alpha
        and after is not None
        and after.pos_ in ("VERB", "AUX")
    ):
        return False  # "the two agreed": a pronoun, not a count
    if _is_duration_adjective(doc, phrase) or (
        phrase.low is not None and phrase.low == phrase.high
    ):
        return False
    if (
        first.text.startswith("-")
        and before is not None
        and before.text.isupper()
        and before.is_alpha
    ):
        return False  # "COVID -19"
    if _is_numbering(doc, phrase, after) or _is_phone_number(doc, phrase):
        return False
    if (
        after is not None
        and after.text == "-"
        and phrase.end + 1 < len(doc)
        and (doc[phrase.end + 1].lower_ == "by" or doc[phrase.end + 1].lower_.startswith("by-"))
    ):
        return False  # "a four-by-four", "a 10-by-12 room": a kind or a size, not a count
    return not (after is not None and after.lower_ in ("am", "pm", "a.m.", "p.m.", "gmt", "utc"))


def _is_year(phrase: NumberPhrase, tokens: Span, before: Token | None, after: Token | None) -> bool:
    if phrase.low is not None or len(tokens) != 1 or phrase.scale != 1.0 or phrase.currency:
        return False
    text = tokens[0].text
    if re.fullmatch(r"(1[5-9]|2[01])\d0s|(1[5-9]|2[01])\d\ds|'\d\ds?", text):
        return True  # "the 1990s", "2018s", "'90s"
    if not YEAR.fullmatch(text):
        return False
    if before is not None and (before.lower_ in CURRENCY_SYMBOLS or before.lower_ in _HEDGES):
        return False  # "$2000", "about 1500"
    if after is not None and (
        after.lower_ in MEASURE_UNITS
        or after.lower_ in PERCENT_WORDS
        or after.lower_ in CURRENCY_WORDS
    ):
        return False  # "1520 sq m", "2000 feet"
    if (
        after is not None
        and (after.pos_ == "NOUN" and after.lower_ not in MONTHS and after.ent_type_ != "DATE")
        and after.lower_ not in ("season", "election", "budget", "census", "report", "levels")
    ):
        return tokens[0].ent_type_ == "DATE"
    return True


def _is_day_of_month(before: Token | None, after: Token | None, phrase: NumberPhrase) -> bool:
    if phrase.value > 31 or phrase.value < 1 or phrase.value != int(phrase.value):
        return False
    near = {t.lower_.rstrip(".") for t in (before, after) if t is not None}
    return bool(near & MONTHS)


def _inside_name(doc: Doc, phrase: NumberPhrase) -> bool:
    """A number inside a named product, law, event, place or organisation ("Group of 7",
    "iPhone 11", "Windows 10"), but not one that only starts the entity ("2,000 Airbus")."""
    token = doc[phrase.start]
    if token.ent_type_ not in NAME_LABELS or token.ent_iob_ == "B":
        return False
    return token.ent_iob_ == "I"


def _is_age(doc: Doc, phrase: NumberPhrase, before: Token | None, after: Token | None) -> bool:
    """ "Maddon, 66, has ..." - an age set off by commas after a person's name."""
    if before is None or before.text != "," or after is None or after.text not in (",", ")"):
        return False
    name = doc[phrase.start - 2] if phrase.start > 1 else None
    return (
        name is not None
        and (name.ent_type_ == "PERSON" or name.pos_ == "PROPN")
        and 0 < phrase.value < 120
        and phrase.value == int(phrase.value)
    )


def _is_model_number(
    doc: Doc, phrase: NumberPhrase, before: Token | None, after: Token | None
) -> bool:
    """A number that names rather than counts: "iPhone 11", "S&P 500", "737 Max", "Game 7",
    "49 Zorro Ranch Road", "16-18 Industrial Avenue"."""
    if phrase.scale != 1.0 or phrase.currency or not doc[phrase.end - 1].text.isdigit():
        return False
    if after is not None and after.text[:1].isupper() and after.lower_ not in MEASURE_UNITS:
        following = {t.lower_.rstrip(".") for t in doc[after.i : min(after.i + 4, len(doc))]}
        if following & STREET_WORDS or after.lower_ in MODEL_SUFFIXES:
            return True
    if phrase.low is not None or before is None:
        return False
    if before.lower_ in INDEX_NAMES:
        return True
    if (
        before.lower_ == "of"
        and before.i > 0
        and doc[before.i - 1].text[:1].isupper()
        and doc[before.i - 1].pos_ == "PROPN"
        and not (after is not None and after.pos_ == "NOUN")
    ):
        return True  # "Group of 7", "Class of 92"
    named = before.pos_ == "PROPN" or any(c.isupper() for c in before.text[1:])
    return (
        named
        and before.i > before.sent.start
        and any(c.isupper() for c in before.text)
        and before.lower_ not in MONTHS
        and before.lower_ not in CURRENCY_SYMBOLS
        and before.ent_type_ not in ("GPE", "NORP", "PERSON")
        and not (after is not None and after.pos_ == "NOUN" and after.text.islower())
    )


def _is_duration_adjective(doc: Doc, phrase: NumberPhrase) -> bool:
    """ "a five-year award", "a two-month contract": a modifier, not a claim (ages are)."""
    end = phrase.end
    if end + 1 >= len(doc) or doc[end].text != "-" or doc[end + 1].lemma_.lower() not in TIME_UNITS:
        return False
    return not (end + 3 < len(doc) and doc[end + 2].text == "-" and doc[end + 3].lower_ == "old")


_PHONE = re.compile(r"^\+?\(?\d{1,4}\)?(?:[\s.-]\(?\d{2,4}\)?){2,5}$")


def _is_phone_number(doc: Doc, phrase: NumberPhrase) -> bool:
    """ "+44 20 7946 0000", "(020) 7946-0000", "555-123-4567": digits grouped as a phone
    number (nine digits or more), read from the text around the phrase."""
    text = doc_text(doc)
    start, end = doc[phrase.start].idx, doc[phrase.end - 1].idx + len(doc[phrase.end - 1])
    while (
        start > 0
        and (text[start - 1].isdigit() or text[start - 1] in "+()-. ")
        and not (
            text[start - 1] == " "
            and start > 1
            and not text[start - 2].isdigit()
            and text[start - 2] not in "()"
        )
    ):
        start -= 1
    while (
        end < len(text)
        and (text[end].isdigit() or text[end] in "()-. ")
        and not (
            text[end] in " .-"
            and (end + 1 >= len(text) or not text[end + 1].isdigit() and text[end + 1] != "(")
        )
    ):
        end += 1
    candidate = text[start:end].strip(" .-")
    digits = sum(c.isdigit() for c in candidate)
    return digits >= 9 and bool(_PHONE.match(candidate))


def _is_numbering(doc: Doc, phrase: NumberPhrase, after: Token | None) -> bool:
    """ "1." or "2)" opening a line: list or headline numbering."""
    start = doc[phrase.start].idx
    line_start = doc_text(doc).rfind("\n", 0, start) + 1
    if doc_text(doc)[line_start:start].strip():
        return False
    return (
        after is not None
        and after.text in (".", ")")
        and after.idx == start + len(doc[phrase.end - 1].text)
    )


# ---------------------------------------------------------------- context
def _qualifier(doc: Doc, phrase: NumberPhrase, sentence: Span) -> tuple[Qualifier, int]:
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
    words = [t.lower_ for t in doc[max(sentence.start, j - 4) : j]]
    for phrase_words, qualifier in QUALIFIER_PHRASES:
        n = len(phrase_words)
        if tuple(words[-n:]) == phrase_words:
            if phrase_words == ("just",):
                continue
            return qualifier, j - n
    after = [t.lower_ for t in doc[phrase.end : min(sentence.end, phrase.end + 3)]]
    if after[:2] == ["or", "more"] or after[:1] == ["plus"] or after[:1] == ["-plus"]:
        return Qualifier.AT_LEAST, j
    if after[:2] == ["or", "so"]:
        return Qualifier.APPROXIMATELY, j
    if doc[phrase.end - 1].text.endswith("+"):
        return Qualifier.AT_LEAST, j
    return Qualifier.EXACT, j


def _currency_before(doc: Doc, phrase: NumberPhrase, sentence: Span) -> tuple[str | None, int]:
    """The currency written before (or glued to) the number, and where it starts."""
    if phrase.currency:
        return {"PS": "£", "Y=": "¥"}.get(phrase.currency, phrase.currency), phrase.start
    j = phrase.start
    if j > sentence.start + 1 and doc[j - 1].text == "=" and doc[j - 2].text == "Y":
        return "¥", j - 2
    if j > sentence.start and doc[j - 1].lower_ in CURRENCY_SYMBOLS:
        symbol = CURRENCY_SYMBOLS[doc[j - 1].lower_]
        if j - 1 > sentence.start and doc[j - 2].text in ("US", "A", "C", "HK", "NZ", "S"):
            return doc[j - 2].text + symbol, j - 2
        return symbol, j - 1
    return None, j


def _unit_after(doc: Doc, phrase: NumberPhrase, sentence: Span) -> tuple[str | None, int]:
    """A percent, currency word or measure written after the number; returns (unit, end)."""
    i = phrase.end
    if phrase.suffix_unit:
        return _per_chain(doc, phrase.suffix_unit, i, sentence)
    words = [t.lower_ for t in doc[i : min(sentence.end, i + 3)]]
    for percent in sorted(PERCENT_WORDS, key=len, reverse=True):
        parts = percent.split()
        if words[: len(parts)] == parts:
            return doc[i : i + len(parts)].text, i + len(parts)
    if (
        i + 1 < sentence.end
        and doc[i].text == "-"
        and doc[i].idx == doc[i - 1].idx + len(doc[i - 1])
        and doc[i + 1].is_alpha
    ):
        hyphened = _hyphen_chain(doc, i + 1, sentence)  # "50-year-old", "four-cylinder"
        if hyphened is not None:
            return hyphened
    j = i
    while (
        j < sentence.end
        and doc[j].pos_ in ("ADJ", "PROPN")
        and j - i < 2
        and doc[j].lower_ not in MEASURE_UNITS
    ):
        j += 1  # "Australian dollars", "US dollars"
    if j < sentence.end and doc[j].lower_ in CURRENCY_WORDS:
        return doc[i : j + 1].text, j + 1
    if i < sentence.end and doc[i].lower_ in MEASURE_UNITS:
        if i + 2 < sentence.end and doc[i + 1].text == "-" and doc[i + 2].is_alpha:
            chained = _hyphen_chain(doc, i, sentence)  # "18 month-old", "barrel-a-day"
            if chained is not None:
                return chained
        return _per_chain(doc, doc[i].text, i + 1, sentence)
    return None, i


def _hyphen_chain(doc: Doc, i: int, sentence: Span) -> tuple[str, int] | None:
    """Hyphen-joined words right after a number: ("year-old", end) for "50-year-old"."""
    words = [doc[i].text]
    end = i + 1
    while end + 1 < sentence.end and doc[end].text == "-" and doc[end + 1].is_alpha:
        words.append(doc[end + 1].text)
        end += 2
    if words[0].lower() not in MEASURE_UNITS and words[-1].lower() != "old":
        return None
    return "-".join(words), end


def _per_chain(doc: Doc, unit: str, i: int, sentence: Span) -> tuple[str, int]:
    """Extend a unit by "per X" ("miles per hour", "$ per barrel")."""
    if (
        i + 1 < sentence.end
        and doc[i].lower_ == "per"
        and doc[i + 1].is_alpha
        and doc[i + 1].lower_ not in ("cent",)
    ):
        end = i + 2
        if doc[i + 1].lower_ in ("square", "sq", "cubic") and end < sentence.end:
            end += 1
        return f"{unit} {doc[i:end].text}", end
    return unit, i


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


def _noun_phrase(head: Token, skip: range) -> str | None:
    """The head noun with the modifiers written right before it, outside ``skip``."""
    if head.pos_ not in ("NOUN", "PROPN"):
        return None
    left = head.i
    while left - 2 >= 0 and head.doc[left - 1].text == "-" and _glued(head.doc, left - 2, left):
        left -= 2  # "first-team players", "Ben-Moshe"
    while left - 1 >= 0:
        prev = head.doc[left - 1]
        if (
            prev.i in skip
            or prev.is_punct
            or prev.lower_ in _STOP_MODIFIERS
            or prev.pos_ in ("DET", "NUM", "ADP", "VERB", "AUX", "PRON", "CCONJ", "SCONJ")
            or prev.like_num
        ):
            break
        if prev.head.i != head.i and prev.head.i not in range(left - 1, head.i + 1):
            break
        left -= 1
    return head.doc[left : head.i + 1].text


def _glued(doc: Doc, first: int, last: int) -> bool:
    """Tokens ``first..last`` are written with no space between them."""
    return all(not doc[k].whitespace_ for k in range(first, last))


def _of_object(token: Token) -> Token | None:
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def _counted(doc: Doc, phrase: NumberPhrase, unit_end: int, has_unit: bool) -> str | None:
    """What the number counts: the noun it modifies, or the "of" object of a unit or amount."""
    span = range(phrase.start, unit_end)
    number = doc[phrase.end - 1]
    anchor = doc[unit_end - 1] if unit_end > phrase.end else number
    obj = _of_object(anchor) or (_of_object(number) if not has_unit else None)
    if obj is None and unit_end < len(doc) and doc[unit_end].lower_ == "of":
        obj = next((c for c in doc[unit_end].children if c.dep_ == "pobj"), None)
    if obj is not None and (has_unit or phrase.vague or number.lower_ in ("one",)):
        return _noun_phrase(obj, span)
    if has_unit and unit_end < len(doc) and obj is None:
        modified = _modified_noun(doc, unit_end)
        if modified is not None:
            return _noun_phrase(modified, span)
    head = number.head
    if number.dep_ in ("nummod", "quantmod", "compound", "amod", "nmod") and head.i >= unit_end:
        return _noun_phrase(head, span)
    if not has_unit and unit_end < len(doc):
        nxt = doc[unit_end]
        if nxt.pos_ in ("NOUN", "PROPN") and nxt.i not in span:
            return _noun_phrase(_head_noun(nxt), span)
        if nxt.pos_ == "ADJ" and nxt.head.pos_ in ("NOUN", "PROPN") and nxt.head.i > nxt.i:
            return _noun_phrase(nxt.head, span)
    if obj is not None:
        return _noun_phrase(obj, span)
    return None


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


def _head_noun(token: Token) -> Token:
    """Walk right through a compound to its head ("North Korean soldiers" -> "soldiers")."""
    while (
        token.dep_ in ("compound", "amod")
        and token.head.i > token.i
        and token.head.pos_ in ("NOUN", "PROPN")
    ):
        token = token.head
    return token


def _predicate(number: Token) -> Token | None:
    """The nearest verb above the figure that is not a cue ("have been deployed" in "X
    reported that 12,000 troops have been deployed")."""
    for ancestor in number.ancestors:
        if ancestor.pos_ == "VERB" and ancestor.lemma_.lower() not in SPEECH_VERBS:
            return ancestor
    return None


_FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo", "to"})
_PAST_AUX = frozenset({"had", "has", "have", "did", "was", "were"})


def _tense(verb: Token) -> str | None:
    """ "past" for "missed", "had missed", "have been deployed"; "future" for "will miss",
    "is to miss", "Bush to miss"; None for forms that do not say ("missing", "miss")."""
    auxiliaries = {child.lower_ for child in verb.children if child.dep_ in ("aux", "auxpass")}
    if auxiliaries & _FUTURE_AUX and verb.tag_ == "VB":
        return "future"
    if verb.tag_ == "VBD" or (verb.tag_ == "VBN" and auxiliaries & _PAST_AUX):
        return "past"
    return None


def _governing_verb(token: Token) -> Token | None:
    for ancestor in token.ancestors:
        if ancestor.pos_ in ("VERB", "AUX"):
            return ancestor
    return None


_RELATIVE = frozenset({"that", "which", "who", "whom", "whose"})
_EMPTY_SUBJECTS = (
    frozenset({"it", "there", "this", "that", "they", "he", "she", "we", "i", "you", "what"})
    | _RELATIVE
)
_MAX_CONCEPT_WORDS = 8


def _subject(number: Token, skip: range) -> Token | None:
    """The subject of the nearest clause above the number that has one; a relative pronoun
    stands for the noun its clause describes ("a defense that gave up 517 yards")."""
    for ancestor in number.ancestors:
        if ancestor.pos_ not in ("VERB", "AUX"):
            continue
        for child in ancestor.children:
            if child.dep_ not in ("nsubj", "nsubjpass") or child.i in skip:
                continue
            if child.lower_ in _RELATIVE and ancestor.dep_ == "relcl":
                before = child.doc[child.i - 1] if child.i > 0 else None
                if before is not None and before.pos_ in ("NOUN", "PROPN"):
                    return before  # the antecedent is the noun right before "that"
                return ancestor.head
            if child.lower_ not in _EMPTY_SUBJECTS:
                return child
    return None


def _measured(number: Token, skip: range) -> Token | None:
    """The noun a figure measures when it is the object of a preposition: "a net worth of
    $1.7bn", "boost the driving range by 35 miles", "up 9.4% at Blackmores"."""
    holder = number.head
    while (
        holder.dep_ in ("nummod", "quantmod", "compound", "npadvmod", "amod")
        and holder.head.i != holder.i
    ):
        holder = holder.head
    if holder.dep_ != "pobj":
        return None
    prep = holder.head
    owner = prep.head
    if owner.pos_ in ("NOUN", "PROPN") and owner.i not in skip:
        return owner
    if owner.pos_ in ("VERB", "AUX"):
        return next(
            (
                c
                for c in owner.children
                if c.dep_ in ("dobj", "attr") and c.i not in skip and c.pos_ in ("NOUN", "PROPN")
            ),
            None,
        )
    return None


_ATTACHING_PREPS = frozenset({"in", "from", "for", "on", "of"})


def _attached(doc: Doc, phrase: NumberPhrase, skip: range) -> Token | None:
    """The object of a preposition hanging off the figure or its unit: "$1 billion in gains",
    "47.6% from the field"."""
    end = min(phrase.end + 3, len(doc))
    for token in doc[phrase.start : end]:
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in _ATTACHING_PREPS and child.i >= phrase.end:
                obj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if (
                    obj is not None
                    and obj.i not in skip
                    and obj.pos_ in ("NOUN", "PROPN")
                    and obj.ent_type_ not in ("DATE", "TIME")
                ):
                    return obj
    return None


def _phrase_text(token: Token, skip: range) -> str | None:
    """A short noun phrase for ``token``, whatever its tag (taggers miss some names)."""
    text = _noun_phrase(token, skip) if token.pos_ in ("NOUN", "PROPN") else None
    if text is None and token.is_alpha and not token.is_stop:
        text = token.text
    return text


def _concept(doc: Doc, phrase: NumberPhrase, counted: str | None) -> str | None:
    """What the figure is about beyond what it counts: the noun it measures and the subject
    of its clause ("net worth, London-based brothers"), at most eight words."""
    number = doc[phrase.end - 1]
    skip = range(phrase.start, phrase.end)
    candidates = [_measured(number, skip), _attached(doc, phrase, skip), _subject(number, skip)]
    if not any(candidates):
        candidates.append(_entity_before(doc, phrase))
    parts: list[str] = []
    words = 0
    for token in candidates:
        text = _phrase_text(token, skip) if token is not None else None
        if not text or text == counted or text in parts:
            continue
        size = len(text.split())
        if words + size > _MAX_CONCEPT_WORDS:
            break
        parts.append(text)
        words += size
    return ", ".join(parts) or None


def _entity_before(doc: Doc, phrase: NumberPhrase) -> Token | None:
    """The nearest named thing before the number in its sentence ("Blackmores up 9.4%")."""
    sentence = doc[phrase.start].sent
    for token in reversed(doc[sentence.start : phrase.start]):
        if token.pos_ == "PROPN" and token.ent_type_ not in ("DATE", "TIME", "MONEY"):
            return token
    return None


_SCOPE_PREPS = frozenset(
    {
        "in",
        "on",
        "at",
        "near",
        "across",
        "along",
        "inside",
        "within",
        "outside",
        "throughout",
        "from",
    }
)


_SCOPE_NOUNS = frozenset(
    {
        "border",
        "front",
        "frontline",
        "line",
        "lines",
        "region",
        "area",
        "province",
        "city",
        "country",
        "state",
        "oblast",
        "grounds",
        "ground",
        "base",
        "bases",
        "camp",
        "camps",
        "zone",
        "territory",
        "facility",
        "facilities",
        "district",
        "town",
        "village",
        "coast",
        "sea",
    }
)
_PLACE_NOUNS = frozenset(
    {"region", "province", "city", "country", "state", "oblast", "district", "town", "village"}
)


@dataclass(frozen=True, slots=True)
class Scope:
    """Where a figure holds: the phrase, its head noun, and whether it only names a place
    ("in Kursk", "in the Kursk region") rather than narrowing the measure ("on the border")."""

    text: str
    head: str
    is_place: bool


def _scope(doc: Doc, phrase: NumberPhrase, noun: Token | None) -> Scope | None:
    """The place the figure holds for: "in the Kursk region", "on the border"."""
    holders = [t for t in (noun, _governing_verb(doc[phrase.end - 1])) if t is not None]
    for holder in holders:
        for prep in holder.children:
            if prep.dep_ != "prep" or prep.lower_ not in _SCOPE_PREPS:
                continue
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if obj is None or obj.ent_type_ in ("DATE", "TIME") or obj.like_num:
                continue
            named = obj.ent_type_ in ("GPE", "LOC", "FAC", "NORP")
            place = named or any(t.ent_type_ in ("GPE", "LOC", "FAC") for t in obj.subtree)
            if not place and obj.lower_ not in _SCOPE_NOUNS:
                continue
            tokens = list(prep.subtree)
            if len(tokens) > 14:  # keep the head phrase, not every clause hanging from it
                tokens = [t for t in tokens if t.i <= obj.i]
            text = doc[tokens[0].i : tokens[-1].i + 1].text
            return Scope(text, obj.lemma_.lower(), named or obj.lower_ in _PLACE_NOUNS)
    return None


def _time(doc: Doc, phrase: NumberPhrase, sentence: Span) -> str | None:
    """A date phrase of the sentence (the figure's time), not the number itself."""
    for ent in sentence.ents:
        if ent.label_ == "DATE" and not (ent.start < phrase.end and phrase.start < ent.end):
            return ent.text
    return None


# ---------------------------------------------------------------- assembly
def quantities_of(doc: Doc, published: str | None = None) -> tuple[Quantity, ...]:
    """Every numeric claim of the document, in text order; dates resolve against
    ``published``."""
    found: list[Quantity] = []
    for sentence in doc.sents:
        sentence_found: list[Quantity] = []
        for phrase in number_phrases(doc, sentence):
            if not is_claim(doc, phrase):
                continue
            sentence_found.append(_quantity(doc, phrase, sentence, published))
        found.extend(sentence_found)
        found.extend(_derived_totals(doc, sentence, sentence_found))
    return tuple(found)


def _quantity(doc: Doc, phrase: NumberPhrase, sentence: Span, published: str | None) -> Quantity:
    qualifier, q_start = _qualifier(doc, phrase, sentence)
    currency, c_start = _currency_before(doc, phrase, sentence)
    unit, unit_end = _unit_after(doc, phrase, sentence)
    if currency and unit is None:
        unit, unit_end = _per_chain(doc, currency, unit_end, sentence)
    elif currency and unit:
        unit = f"{currency} {unit}"
    counted = _counted(doc, phrase, unit_end, unit is not None)
    number = doc[phrase.end - 1]
    noun = number.head if number.head.pos_ in ("NOUN", "PROPN") else None
    scope = _scope(doc, phrase, noun)
    start_token = min(q_start, c_start)
    start = doc[start_token].idx
    end_token = doc[max(unit_end, phrase.end) - 1]
    end = end_token.idx + len(end_token)
    source = source_of(number, sentence)
    if source is not None and source.name == doc_text(doc)[source.start : source.end]:
        name = split_role(doc, (source.start, source.end))[0]  # "spokeswoman X" -> "X"
        source = replace(source, name=name)
    time_text = _time(doc, phrase, sentence)
    verb = _predicate(number)
    return Quantity(
        start=start,
        end=end,
        text=doc_text(doc)[start:end],
        value=None if phrase.low is not None else phrase.value,
        low=phrase.low,
        high=phrase.high,
        qualifier=qualifier,
        unit=unit,
        counted=counted,
        concept=_concept(doc, phrase, counted),
        scope=scope.text if scope else None,
        scope_head=scope.head if scope else None,
        scope_is_place=scope.is_place if scope else False,
        predicate=verb.lemma_.lower() if verb is not None else None,
        tense=_tense(verb) if verb is not None else None,
        time_text=time_text,
        time=resolve_date(time_text, published) if time_text else None,
        speaker=source.name if source else None,
        speaker_start=source.start if source else None,
        speaker_end=source.end if source else None,
        cue=source.cue if source else None,
        cue_start=source.cue_start if source else None,
        cue_end=source.cue_end if source else None,
        sentence_start=sentence.start_char,
        sentence_end=sentence.end_char,
    )


def _derived_totals(doc: Doc, sentence: Span, found: list[Quantity]) -> list[Quantity]:
    """ "five units of about 3,000 each" -> a derived total of about 15,000, marked derived."""
    derived = []
    for k, per_unit in enumerate(found):
        after = doc_text(doc)[per_unit.end : per_unit.end + 24].lower()
        if not re.match(r"\s*([a-z]+\s+)?(each|apiece)\b", after) or per_unit.value is None:
            continue
        groups = [
            q
            for q in found[:k]
            if q.value is not None and q.value == int(q.value) and 1 < q.value < 1000
        ]
        if not groups:
            continue
        total = groups[-1].value * per_unit.value  # type: ignore[operator]
        derived.append(replace(per_unit, value=total, derived=True, qualifier=per_unit.qualifier))
    return derived
