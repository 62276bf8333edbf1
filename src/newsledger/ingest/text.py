"""Plain-text reader: one article per file; the first line is also the title when it reads as
one (it stays in the text, so the analysis reads the headline's figures and quotes too)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from newsledger.config import Settings
from newsledger.ingest.decode import InputProblem, decode
from newsledger.ingest.inputs import Input
from newsledger.records import Article, ErrorKind, Problem, SourceFormat

_SENTENCE_END = (".", "!", "?", "\u201d", '"', "'", "\u2019", ":", ";", ",")
_MAX_TITLE_WORDS = 25


def headline_of(text: str) -> str | None:
    """The first line when it reads as a headline, else None.

    A headline is a short first line, followed by more text, that does not end as a
    sentence does.
    """
    first, sep, rest = text.lstrip().partition("\n")
    first = first.strip()
    if (
        not sep
        or not rest.strip()
        or not first
        or len(first.split()) > _MAX_TITLE_WORDS
        or first.endswith(_SENTENCE_END)
    ):
        return None
    return first


def read_text(source: Input, settings: Settings) -> Iterator[Article | Problem]:
    """Yield the article in a ``.txt`` (or ``.txt.gz``) file."""
    loaded = source.read_whole(settings)
    if loaded.truncated:
        yield Problem(source.name, "", ErrorKind.TRUNCATED, loaded.truncated)
    text = decode(loaded.data)
    if not text.strip():
        raise InputProblem(ErrorKind.EMPTY, "the file holds no text")
    yield Article(
        id=source.stem or content_id(text),
        raw_text=text,
        source=source.name,
        format=SourceFormat.TEXT,
        title=headline_of(text),
    )


def content_id(text: str) -> str:
    """The id of an article that comes with none: a hash of its text."""
    return "sha-" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
