"""The unit of a figure: a currency before or glued to it, a percent word, currency word or
measure after it, hyphen chains ("50-year-old") and "per" chains ("miles per hour")."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from newsledger.analyse.quantities.phrases import NumberPhrase, glued
from newsledger.analyse.quantities.vocab import (
    CURRENCY_SYMBOLS,
    CURRENCY_WORDS,
    MEASURE_UNITS,
    PER_UNITS,
    PERCENT_WORDS,
    TEMPERATURE_SCALES,
    TIME_UNITS,
)


def currency_key(currency: str | None) -> str | None:
    return currency.replace("US", "").replace("U.S.", "") if currency else currency


def unit_key(unit: str) -> str:
    return unit.lower().rstrip("s").replace("per cent", "%").replace("percent", "%")


def currency_before(doc: Doc, phrase: NumberPhrase, sentence: Span) -> tuple[str | None, int]:
    """The currency written before (or glued to) the number, and where it starts."""
    if phrase.currency:
        return phrase.currency, phrase.start  # as written ("PS2.7m", "Y=590 billion")
    j = phrase.start
    if j > sentence.start + 1 and doc[j - 1].text == "=" and doc[j - 2].text == "Y":
        return "¥", j - 2
    if j > sentence.start and doc[j - 1].lower_ in CURRENCY_SYMBOLS:
        symbol = CURRENCY_SYMBOLS[doc[j - 1].lower_]
        if j - 1 > sentence.start and doc[j - 2].text in ("US", "A", "C", "HK", "NZ", "S"):
            return doc[j - 2].text + symbol, j - 2
        return symbol, j - 1
    return None, j


def unit_after(doc: Doc, phrase: NumberPhrase, sentence: Span) -> tuple[str | None, int]:
    """A percent, currency word or measure written after the number; returns (unit, end)."""
    i = phrase.end
    if phrase.suffix_unit:
        if phrase.suffix_unit == "°" or phrase.suffix_unit.lower() == "°c":
            scale = temperature_scale(doc, i, sentence)
            if scale is not None:
                return scale
        return per_chain(doc, phrase.suffix_unit, i, sentence)
    scale = temperature_scale(doc, i, sentence)
    if scale is not None:
        return scale
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
        if doc[i + 1].lower_ in CURRENCY_WORDS:
            return doc[i + 1].text, i + 2  # "a 110bn-euro rescue package"
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
    if (
        i + 1 < sentence.end
        and doc[i].lower_ in ("square", "sq", "sq.", "cubic")
        and (doc[i + 1].lower_ in MEASURE_UNITS)
    ):
        return per_chain(doc, doc[i : i + 2].text, i + 2, sentence)  # "300 square miles"
    if (
        i + 1 < sentence.end
        and doc[i].tag_ == "VBG"
        and doc[i + 1].lemma_.lower() in TIME_UNITS
        and doc[i + 1].lower_ in MEASURE_UNITS
    ):
        return doc[i + 1].text, i + 2  # "12,000 flying hours", "ten working days"
    if i < sentence.end and doc[i].lower_ in MEASURE_UNITS:
        if (
            i + 2 < sentence.end
            and doc[i + 1].text == "-"
            and doc[i + 2].is_alpha
            and glued(doc, i, i + 2)
        ):
            chained = _hyphen_chain(doc, i, sentence)  # "18 month-old", "barrel-a-day"
            if chained is not None:
                return chained
        return per_chain(doc, doc[i].text, i + 1, sentence)
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


def temperature_scale(doc: Doc, i: int, sentence: Span) -> tuple[str, int] | None:
    """A temperature unit at token ``i``: "° C", "°C", "degrees Celsius", "degrees F"; the
    unit as "°C" or "°F" and where it ends."""
    if i >= sentence.end:
        return None
    word = doc[i].lower_
    if word in ("°c", "°f"):
        return TEMPERATURE_SCALES[word[1]], i + 1
    if word in ("°", "degree", "degrees") and i + 1 < sentence.end:
        scale = TEMPERATURE_SCALES.get(doc[i + 1].lower_)
        if scale is not None:
            return scale, i + 2
    return None


def per_chain(doc: Doc, unit: str, i: int, sentence: Span) -> tuple[str, int]:
    """Extend a unit by "per X", "/X" or "a X" ("miles per hour", "$ per barrel", "km/h",
    "$15/hour", "miles an hour")."""
    if (
        i + 1 < sentence.end
        and doc[i].text == "/"
        and doc[i + 1].lower_ in PER_UNITS
        and glued(doc, i - 1, i + 1)
    ):
        return f"{unit}/{doc[i + 1].text}", i + 2
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
    if (
        i + 1 < sentence.end
        and doc[i].lower_ in ("a", "an")
        and doc[i + 1].lower_ in PER_UNITS
        and doc[i + 1].is_alpha
    ):
        return f"{unit} per {doc[i + 1].text}", i + 2  # "120 miles an hour", "$15 a day"
    return unit, i
