"""Plain-text reader: one article per file; the first line is the title when it reads as one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from newsledger.config import Settings
from newsledger.ingest.decode import InputProblem, decode, read_whole
from newsledger.records import Article, ErrorKind, Problem, SourceFormat

_SENTENCE_END = (".", "!", "?", "\u201d", '"', "'", "\u2019", ":", ";", ",")
_MAX_TITLE_WORDS = 25


def split_title(text: str) -> tuple[str | None, str]:
    """(title, body) when the first line reads as a headline, else (None, text).

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
        return None, text
    return first, rest


def read_text(path: Path, settings: Settings) -> Iterator[Article | Problem]:
    """Yield the article in a ``.txt`` (or ``.txt.gz``) file."""
    source = str(path)
    loaded = read_whole(path, settings.max_file_bytes)
    if loaded.truncated:
        yield Problem(source, "", ErrorKind.TRUNCATED, loaded.truncated)
    text = decode(loaded.data)
    if not text.strip():
        raise InputProblem(ErrorKind.EMPTY, "the file holds no text")
    title, body = split_title(text)
    yield Article(
        id=article_id_from_path(path),
        raw_text=body,
        source=source,
        format=SourceFormat.TEXT,
        title=title,
    )


def article_id_from_path(path: Path) -> str:
    """The file name without its extensions (``a/b/042.html.gz`` -> ``042``)."""
    name = path.name
    lowered = name.lower()
    if lowered.endswith(".gz"):
        name, lowered = name[:-3], lowered[:-3]
    for suffix in (".txt", ".text", ".html", ".htm", ".xhtml"):
        if lowered.endswith(suffix):
            return name[: -len(suffix)]
    return Path(name).stem
