"""The text and entities of a parsed document, read once: spaCy rebuilds ``Doc.text`` and
``Doc.ents`` on every access, which made the rules quadratic on long articles."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from newsledger.titles import HONORIFICS, PERSON_NOUNS

_KEY = "newsledger.text"
_ENTS = "newsledger.ents"


def doc_text(doc: Doc) -> str:
    """``doc.text``, cached in the document's ``user_data``."""
    text = doc.user_data.get(_KEY)
    if text is None:
        text = doc.user_data[_KEY] = doc.text
    return text


def doc_ents(doc: Doc) -> tuple[Span, ...]:
    """``doc.ents``, cached in the document's ``user_data``, with the names the text shows to
    be people relabelled PERSON (see ``_people_relabelled``)."""
    ents = doc.user_data.get(_ENTS)
    if ents is None:
        ents = doc.user_data[_ENTS] = _people_relabelled(doc, tuple(doc.ents))
    return ents


_RELABELLED = frozenset({"ORG", "GPE", "NORP", "FAC", "PRODUCT", "WORK_OF_ART", "LOC"})


def _people_relabelled(doc: Doc, ents: tuple[Span, ...]) -> tuple[Span, ...]:
    """A small tagger often calls an unfamiliar person's name an organisation or a place
    ("Yanis Varoufakis" as ORG). A name the article itself shows to be a person's is
    relabelled: its surname follows an honorific somewhere ("Professor Varoufakis"), or it
    stands in apposition to a person noun ("a professor of economics, Yanis Varoufakis")."""
    if not any(e.label_ in _RELABELLED for e in ents):
        return ents
    honoured = {
        token.text
        for token in doc[1:]
        if token.is_title and doc[token.i - 1].lower_.rstrip(".") in HONORIFICS
    }
    return tuple(
        Span(doc, e.start, e.end, label="PERSON")
        if e.label_ in _RELABELLED and (e[-1].text in honoured or _beside_person_noun(e))
        else e
        for e in ents
    )


def _beside_person_noun(entity: Span) -> bool:
    """Whether the entity and a person noun are each other's apposition."""
    root = entity.root
    if root.dep_ == "appos" and root.head.pos_ == "NOUN":
        return root.head.lemma_.lower() in PERSON_NOUNS
    return any(
        c.dep_ == "appos" and c.pos_ == "NOUN" and c.lemma_.lower() in PERSON_NOUNS
        for c in root.children
    )
