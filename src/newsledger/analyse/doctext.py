"""The text of a parsed document, read once: spaCy rebuilds ``Doc.text`` from its tokens on
every access, which made the rules quadratic on long articles."""

from __future__ import annotations

from spacy.tokens import Doc

_KEY = "newsledger.text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, cached in the document's ``user_data``."""
    text = doc.user_data.get(_KEY)
    if text is None:
        text = doc.user_data[_KEY] = doc.text
    return text
