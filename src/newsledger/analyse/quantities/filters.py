"""Numbers that are not claims: dates, years, times, ordinals, numbers inside names and
model numbers, ages beside a name, durations used as adjectives, phone numbers, numbering."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from newsledger.analyse.doctext import doc_text
from newsledger.analyse.quantities.hedges import HEDGES
from newsledger.analyse.quantities.phrases import NumberPhrase
from newsledger.analyse.quantities.vocab import (
    CURRENCY_SYMBOLS,
    CURRENCY_WORDS,
    MEASURE_UNITS,
    MONTHS,
    PERCENT_WORDS,
    TIME_UNITS,
)
from newsledger.vocabulary import YEAR

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


def is_claim(doc: Doc, phrase: NumberPhrase) -> bool:
    """False for dates, years, times, numbers inside names, ages beside a name, numbering."""
    if phrase.tally:
        return False
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
    if is_age(doc, phrase) or _is_model_number(doc, phrase, before, after):
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
    if _is_clock_time(doc, phrase, before, after) or _is_generic(doc, phrase):
        return False
    if (
        after is not None
        and after.lower_ == "block"
        and before is not None
        and before.lower_ == "the"
    ):
        return False  # "the 12200 block of 223rd Street": an address
    if _names_a_kind(doc, phrase):
        return False
    if (
        after is not None
        and after.text == "-"
        and phrase.end + 1 < len(doc)
        and (doc[phrase.end + 1].lower_ == "by" or doc[phrase.end + 1].lower_.startswith("by-"))
    ):
        return False  # "a four-by-four", "a 10-by-12 room": a kind or a size, not a count
    return not (after is not None and after.lower_ in ("am", "pm", "a.m.", "p.m.", "gmt", "utc"))


_HHMM = re.compile(r"^([01]\d|2[0-3])[0-5]\d$")


# nouns after a number that make it the name of a kind: ".38 caliber", "64-bit", "4-star"
KIND_NOUNS = frozenset({"caliber", "calibre", "bit", "star", "gauge"})


def _names_a_kind(doc: Doc, phrase: NumberPhrase) -> bool:
    """ "a .357 caliber revolver", "the 64 bit version": the number names a kind."""
    i = phrase.end
    if i < len(doc) and doc[i].text == "-":
        i += 1
    return i < len(doc) and doc[i].lower_ in KIND_NOUNS


def _is_clock_time(
    doc: Doc, phrase: NumberPhrase, before: Token | None, after: Token | None
) -> bool:
    """ "struck at 1353 (1023 GMT)", "at 0600 hrs": a four-digit clock time."""
    if phrase.end - phrase.start != 1 or not _HHMM.match(doc[phrase.start].text):
        return False
    if after is not None and after.lower_ in ("hrs", "hours", "gmt", "utc", "local", "ist"):
        return True
    if after is not None and after.text == "(":
        inside = doc[after.i + 1 : min(len(doc), after.i + 4)]
        return any(t.lower_ in ("gmt", "utc") for t in inside)
    return before is not None and before.lower_ == "at" and doc[phrase.start].text[0] in "012"


_MODALS = frozenset({"can", "could", "may", "might", "would"})


def _is_generic(doc: Doc, phrase: NumberPhrase) -> bool:
    """ "A magnitude 6 quake can cause severe damage": a figure inside an indefinite noun
    phrase that is the subject of a modal clause describes a kind of thing, not an event."""
    number = doc[phrase.end - 1]
    noun = number.head
    while noun.dep_ in ("compound", "nummod", "amod") and noun.head.i != noun.i:
        noun = noun.head
    if noun.dep_ not in ("nsubj", "nsubjpass"):
        return False
    if not any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in noun.children):
        return False
    return any(c.dep_ == "aux" and c.lower_ in _MODALS for c in noun.head.children)


def _is_year(phrase: NumberPhrase, tokens: Span, before: Token | None, after: Token | None) -> bool:
    if phrase.low is not None or len(tokens) != 1 or phrase.scale != 1.0 or phrase.currency:
        return False
    text = tokens[0].text
    if re.fullmatch(r"(1[5-9]|2[01])\d0s|(1[5-9]|2[01])\d\ds|'\d\ds?", text):
        return True  # "the 1990s", "2018s", "'90s"
    if not YEAR.fullmatch(text):
        return False
    if before is not None and (before.lower_ in CURRENCY_SYMBOLS or before.lower_ in HEDGES):
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
    if token.ent_type_ not in NAME_LABELS or token.ent_iob_ != "I":
        return False
    after = doc[phrase.end] if phrase.end < len(doc) else None
    # "hitting Gray eleven times": a number word before a plural noun counts that noun,
    # whatever the tagger joined it to
    return not (token.is_alpha and after is not None and after.tag_ == "NNS")


def is_age(doc: Doc, phrase: NumberPhrase) -> bool:
    """ "Maddon, 66, has ...", "his two half-brothers, 17 and 22, were": ages set off by
    commas after a person's name or a noun for people."""
    before = doc[phrase.start - 1] if phrase.start > 0 else None
    after = doc[phrase.end] if phrase.end < len(doc) else None
    if not (0 < phrase.value < 120 and phrase.value == int(phrase.value)):
        return False
    number = doc[phrase.end - 1]
    first = number.head if number.dep_ == "conj" and number.head.like_num else number
    if (
        first.dep_ == "appos"
        and first.head.pos_ in ("NOUN", "PROPN")
        and (first.i > 0 and doc[first.i - 1].text == ",")
    ):
        return first.head.tag_ in ("NNS", "NNP", "NNPS") or first.head.ent_type_ == "PERSON"
    if before is None or before.text != "," or after is None:
        return False
    name = doc[phrase.start - 2] if phrase.start > 1 else None
    if after.text not in (",", ")"):
        # "Andrew Lopez, 20 was found guilty": the closing comma left out after a person
        return (
            after.pos_ in ("AUX", "VERB")
            and after.text.islower()  # not a headline's "2 Dead, 1 Wounded"
            and name is not None
            and name.ent_type_ == "PERSON"
            and 0 < phrase.value < 120
        )
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
        and not _title_case(before.sent)  # "Quake in Iran Kills 10": a headline's capitals
        and before.i > before.sent.start
        and any(c.isupper() for c in before.text)
        and before.lower_ not in MONTHS
        and before.lower_ not in CURRENCY_SYMBOLS
        and before.ent_type_ not in ("GPE", "NORP", "PERSON")
        and not (after is not None and after.pos_ == "NOUN" and after.text.islower())
    )


def _title_case(sentence: Span) -> bool:
    """A headline written in title case: most of its words start with a capital."""
    words = [t for t in sentence if t.is_alpha and len(t) > 3]
    return len(words) >= 3 and sum(t.text[0].isupper() for t in words) >= 0.75 * len(words)


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
