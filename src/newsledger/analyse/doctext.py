"""The text and entities of a parsed document, read once: spaCy rebuilds ``Doc.text`` and
``Doc.ents`` on every access, which made the rules quadratic on long articles."""

from __future__ import annotations

from spacy.tokens import Doc, Span

_KEY = "newsledger.text"
_ENTS = "newsledger.ents"


def doc_text(doc: Doc) -> str:
    """``doc.text``, cached in the document's ``user_data``."""
    text = doc.user_data.get(_KEY)
    if text is None:
        text = doc.user_data[_KEY] = doc.text
    return text


def doc_ents(doc: Doc) -> tuple[Span, ...]:
    """``doc.ents``, cached in the document's ``user_data``."""
    ents = doc.user_data.get(_ENTS)
    if ents is None:
        ents = doc.user_data[_ENTS] = tuple(doc.ents)
    return ents
