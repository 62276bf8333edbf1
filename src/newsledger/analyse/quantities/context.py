"""A figure's context in the parse: the concept it is about, the place it holds for, the
date phrase of its sentence, and the verb it hangs from with that verb's tense."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from newsledger.analyse.attribution import SPEECH_VERBS
from newsledger.analyse.doctext import doc_ents
from newsledger.analyse.quantities.counted import noun_phrase
from newsledger.analyse.quantities.phrases import NumberPhrase
from newsledger.analyse.quantities.vocab import MEASURE_UNITS
from newsledger.vocabulary import Tense


def predicate_of(number: Token) -> Token | None:
    """The nearest verb above the figure that is not a cue ("have been deployed" in "X
    reported that 12,000 troops have been deployed")."""
    for ancestor in number.ancestors:
        if ancestor.pos_ == "VERB" and ancestor.lemma_.lower() not in SPEECH_VERBS:
            return ancestor
    return None


_FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})


_PAST_AUX = frozenset({"had", "has", "have", "did", "was", "were"})


def tense_of(verb: Token) -> Tense | None:
    """ "past" for "missed", "had missed", "have been deployed"; "future" for "will miss",
    "is to miss", "Bush to miss"; None for forms that do not say ("missing", "miss", and an
    infinitive of purpose: "put the march, to mark a strike, at 30,000")."""
    auxiliaries = {child.lower_ for child in verb.children if child.dep_ in ("aux", "auxpass")}
    planned = "to" in auxiliaries and (verb.dep_ == "ROOT" or verb.head.lemma_ == "be")
    if (auxiliaries & _FUTURE_AUX or planned) and verb.tag_ == "VB":
        return Tense.FUTURE
    if verb.tag_ == "VBD" or (verb.tag_ == "VBN" and auxiliaries & _PAST_AUX):
        return Tense.PAST
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


def attached(doc: Doc, phrase: NumberPhrase, skip: range) -> Token | None:
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
    text = noun_phrase(token, skip) if token.pos_ in ("NOUN", "PROPN") else None
    if text is None and token.is_alpha and not token.is_stop:
        text = token.text
    return text


def concept_of(doc: Doc, phrase: NumberPhrase, counted: str | None) -> str | None:
    """What the figure is about beyond what it counts: the noun it measures and the subject
    of its clause ("net worth, London-based brothers"), at most eight words."""
    number = doc[phrase.end - 1]
    skip = range(phrase.start, phrase.end)
    candidates = [_measured(number, skip), attached(doc, phrase, skip), _subject(number, skip)]
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
    """The nearest thing named before the number in its sentence ("Blackmores up 9.4%",
    "floor area of 32m2", "a grant worth up to $8 million"): a name first, else a noun."""
    sentence = doc[phrase.start].sent
    before = [
        t
        for t in reversed(doc[sentence.start : phrase.start])
        if t.pos_ in ("PROPN", "NOUN")
        and t.ent_type_ not in ("DATE", "TIME", "MONEY")
        and not any(c.isdigit() for c in t.text)
        and t.lower_ not in MEASURE_UNITS
    ]
    return next((t for t in before if t.pos_ == "PROPN"), before[0] if before else None)


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


def scope_of(doc: Doc, phrase: NumberPhrase, noun: Token | None) -> Scope | None:
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


def owner_of(number: Token) -> str | None:
    """The person a figure belongs to: the named subject of the clause the figure's noun is
    an object in, found through the clauses that share it ("McDermott led all players with
    23 points while also grabbing seven rebounds"), or the person named as the noun's owner
    ("Smith's 12 rebounds", "his 12 rebounds"); "he" or "she" when the text says so."""
    noun = number.head if number.dep_ in ("nummod", "quantmod") else number
    for child in noun.children:
        if child.dep_ == "poss" and (child.ent_type_ == "PERSON" or child.lower_ in _PERSONAL):
            return _entity_text(child) if child.ent_type_ == "PERSON" else child.lower_
    own = {t.i for t in noun.subtree}
    for verb in noun.ancestors:
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        if verb.lemma_.lower() in SPEECH_VERBS:
            return None
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None or subject.i in own:
            if subject is not None:
                return None  # the figure's noun is the subject: "12 people died"
            continue  # "while also grabbing seven rebounds": the subject is above
        if subject.ent_type_ == "PERSON":
            return _entity_text(subject)
        return subject.lower_ if subject.lower_ in _PERSONAL else None
    return None


_PERSONAL = frozenset({"he", "she", "his", "her"})


def _entity_text(token: Token) -> str:
    """The whole named entity a token is in."""
    for ent in doc_ents(token.doc):
        if ent.start <= token.i < ent.end:
            return ent.text
    return token.text
