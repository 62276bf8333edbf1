"""One ``Quantity`` per numeric claim of a parsed document, in text order."""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Doc, Span

from newsledger.analyse.attribution import source_of
from newsledger.analyse.dates import resolve_date
from newsledger.analyse.doctext import doc_text
from newsledger.analyse.layout import head_end
from newsledger.analyse.quantities.context import (
    concept_of,
    owner_of,
    predicate_of,
    scope_of,
    tense_of,
)
from newsledger.analyse.quantities.convert import convert
from newsledger.analyse.quantities.counted import counted_of
from newsledger.analyse.quantities.filters import is_claim
from newsledger.analyse.quantities.hedges import qualifier_of
from newsledger.analyse.quantities.measure import Earlier, Measured, measured_of
from newsledger.analyse.quantities.phrases import NumberPhrase
from newsledger.analyse.quantities.ranges import number_phrases
from newsledger.analyse.quantities.units import currency_before, per_chain, unit_after
from newsledger.analyse.quantities.when import Calendar
from newsledger.analyse.statements import split_role
from newsledger.records import Quantity


def quantities_of(doc: Doc, published: str | None = None) -> tuple[Quantity, ...]:
    """Every numeric claim of the document, in text order; dates resolve against
    ``published``."""
    found: list[Quantity] = []
    earlier: list[Earlier] = []
    calendar = Calendar(doc, head_end(doc_text(doc)), published)
    for sentence in doc.sents:
        sentence_found: list[Quantity] = []
        for phrase in number_phrases(doc, sentence):
            if not is_claim(doc, phrase):
                continue
            quantity = _quantity(doc, phrase, sentence, calendar, earlier)
            if sentence_found and _converts(doc, sentence_found[-1], quantity):
                quantity = _as_conversion_of(sentence_found[-1], quantity)
            sentence_found.append(quantity)
            earlier.append(_earlier(phrase, quantity, sentence))
        found.extend(sentence_found)
        found.extend(_derived_totals(doc, sentence, sentence_found))
    return tuple(found)


AGE_UNIT = "years of age"
# measures whose figure is an amount, share or age of something the sentence names elsewhere
SHARE_MEASURES = frozenset({"percent", "percentage points", "amount of money", "age"})
# measures of what someone has rather than of an event: "a mother of 12 was shot in 2011"
# does not date the twelve children to 2011
STANDING_MEASURES = frozenset({"children", "population"})


def _converts(doc: Doc, before: Quantity, quantity: Quantity) -> bool:
    """ "8 miles (13 kilometers)", "38 degrees Celsius (100 degrees Fahrenheit)": a figure in
    brackets right after another of its dimension is the same figure in another unit."""
    text = doc_text(doc)
    between = text[before.end : quantity.start].strip()
    return (
        between == "("
        and quantity.dimension is not None
        and quantity.dimension == before.dimension
        and quantity.base_unit == before.base_unit
    )


def _as_conversion_of(before: Quantity, quantity: Quantity) -> Quantity:
    """The bracketed figure measures what the one before it measures."""
    return replace(
        quantity,
        counted=before.counted,
        measure=before.measure,
        thing=before.thing,
        outcome=before.outcome,
        concept=before.concept,
        scope=before.scope,
        scope_head=before.scope_head,
        scope_is_place=before.scope_is_place,
    )


_AGE_WORDS = frozenset({"aged", "ages", "age"})


def _after_age_word(doc: Doc, phrase: NumberPhrase) -> bool:
    """The figure, or the first of the figures it is joined to by "and", follows "aged"."""
    first = doc[phrase.start]
    while first.dep_ == "conj" and first.head.like_num and first.head.i < first.i:
        first = first.head
    i = min(first.i, phrase.start)
    if i > 1 and doc[i - 1].lower_ in ("between", "from"):
        i -= 1  # "aged between 18 and 25"
    return i > 0 and doc[i - 1].lower_ in _AGE_WORDS


def _earlier(phrase: NumberPhrase, quantity: Quantity, sentence: Span) -> Earlier:
    measured = Measured(
        quantity.counted, quantity.measure, quantity.thing, quantity.outcome, quantity.part
    )
    return Earlier(phrase.end - 1, quantity.value, measured, sentence.start)


def _quantity(
    doc: Doc,
    phrase: NumberPhrase,
    sentence: Span,
    calendar: Calendar,
    earlier: list[Earlier],
) -> Quantity:
    qualifier, q_start = qualifier_of(doc, phrase, sentence)
    currency, c_start = currency_before(doc, phrase, sentence)
    unit, unit_end = unit_after(doc, phrase, sentence)
    if unit is None and _after_age_word(doc, phrase):
        unit = AGE_UNIT  # "died aged 91", "two sons, ages 16 and 6"
    if unit is None and phrase.inner_unit is not None:
        unit = phrase.inner_unit  # "252 miles to 287"
    if currency and unit is None:
        unit, unit_end = per_chain(doc, currency, unit_end, sentence)
    elif currency and unit:
        unit = f"{currency} {unit}"
    measured = measured_of(doc, phrase, unit, unit_end, earlier)
    counted = measured.counted or counted_of(doc, phrase, unit_end, unit is not None)
    concept = concept_of(doc, phrase, counted)
    if counted is None and measured.measure in SHARE_MEASURES and concept:
        # "European sales fell 2.8%": a share of sales
        counted, _, rest = concept.partition(", ")
        concept = rest or None
    value = None if phrase.low is not None else phrase.value
    base = convert(value, phrase.low, phrase.high, unit)
    number = doc[phrase.end - 1]
    noun = number.head if number.head.pos_ in ("NOUN", "PROPN") else None
    scope = scope_of(doc, phrase, noun)
    start_token = min(q_start, c_start)
    start = doc[start_token].idx
    end_token = doc[max(unit_end, phrase.end) - 1]
    end = end_token.idx + len(end_token)
    source = source_of(number, sentence)
    if source is not None and source.name == doc_text(doc)[source.start : source.end]:
        name = split_role(doc, (source.start, source.end))[0]  # "spokeswoman X" -> "X"
        source = replace(source, name=name)
    timing = calendar.timing(number)
    verb = predicate_of(number)
    tense = tense_of(verb) if verb is not None else None
    return Quantity(
        start=start,
        end=end,
        text=doc_text(doc)[start:end],
        value=value,
        low=phrase.low,
        high=phrase.high,
        qualifier=qualifier,
        unit=unit,
        counted=counted,
        measure=measured.measure,
        thing=measured.thing,
        outcome=measured.outcome,
        part=measured.part,
        change=phrase.change,
        dimension=base.dimension if base else None,
        base_unit=base.unit if base else None,
        base_value=base.value if base else None,
        base_low=base.low if base else None,
        base_high=base.high if base else None,
        concept=concept,
        owner=owner_of(number),
        scope=scope.text if scope else None,
        scope_head=scope.head if scope else None,
        scope_is_place=scope.is_place if scope else False,
        predicate=verb.lemma_.lower() if verb is not None else None,
        tense=tense,
        time_text=timing.text,
        time=resolve_date(timing.text, calendar.published, tense) if timing.text else None,
        era=None if measured.measure in STANDING_MEASURES else timing.era,
        day=timing.day,
        running=timing.running,
        headline=start < calendar.body_start,
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
