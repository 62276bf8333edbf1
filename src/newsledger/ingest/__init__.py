"""Ingest: turn files, folders and globs of any supported format into Article records.

``read_sources`` yields, in input order, an ``Article`` for each readable report, a
``Problem`` for each input or record that could not be read, and a ``Skip`` for each record
passed over on purpose. It never raises for bad input: the batch always goes on.
"""

from __future__ import annotations

import glob
import logging
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from newsledger.config import Settings
from newsledger.errors import NoInputs
from newsledger.ingest.decode import InputProblem
from newsledger.ingest.feeds import read_feed
from newsledger.ingest.html import read_html
from newsledger.ingest.jsonl import read_jsonl
from newsledger.ingest.text import read_text
from newsledger.ingest.warc import read_warc
from newsledger.records import Article, ErrorKind, Problem, Skip, SkipReason

__all__ = ["read_sources", "read_inputs", "discover", "reader_for"]

LOGGER = logging.getLogger(__name__)
Item = Article | Problem | Skip
Reader = Callable[[Path, Settings], Iterator[Item]]

_READERS: dict[str, Reader] = {
    ".txt": read_text,
    ".text": read_text,
    ".html": read_html,
    ".htm": read_html,
    ".xhtml": read_html,
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
    ".warc": read_warc,
    ".arc": read_warc,
    ".xml": read_feed,
    ".rss": read_feed,
    ".atom": read_feed,
    ".rdf": read_feed,
    ".json": read_feed,
}
_SNIFF: tuple[tuple[bytes, Reader], ...] = (
    (b"WARC/", read_warc),
    (b"<?xml", read_feed),
    (b"<rss", read_feed),
    (b"<feed", read_feed),
    (b"<!doctype", read_html),
    (b"<html", read_html),
    (b"{", read_jsonl),
)


def reader_for(path: Path, sniff: bool = False) -> Reader | None:
    """The reader for a file, by its extension (``.gz`` looked through); optionally by content."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    if suffixes and suffixes[-1] in _READERS:
        return _READERS[suffixes[-1]]
    if not sniff:
        return None
    try:
        with open(path, "rb") as fh:
            head = fh.read(512).lstrip().lower()
    except OSError:
        return read_text  # the reader reports why it cannot be read
    for prefix, reader in _SNIFF:
        if head.startswith(prefix):
            return reader
    return read_text


def discover(paths: Iterable[str | Path]) -> list[tuple[Path, bool]]:
    """Expand files, folders (recursively, hidden entries skipped) and globs, in sorted order.

    Returns ``(path, named)`` pairs: ``named`` is true for a file the user named, false for
    one found by walking a folder or matching a glob. Raises NoInputs, before anything is
    read, if a path matches nothing.
    """
    return list(_expand(paths))


def _expand(paths: Iterable[str | Path]) -> Iterator[tuple[Path, bool]]:
    for given in paths:
        text = str(given)
        path = Path(text)
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if (p.is_file() or _dangling(p)) and not _hidden(p, path)
            )
            yield from ((p, False) for p in found)
        elif path.exists() or path.is_symlink():
            yield path, True
        elif glob.has_magic(text):
            matches = sorted(Path(m) for m in glob.glob(text, recursive=True))
            if not matches:
                raise NoInputs(f"no file matches {text!r}")
            for match in matches:
                yield from _expand([match]) if match.is_dir() else [(match, False)]
        else:
            raise NoInputs(f"no such file or folder: {text!r}")


def _dangling(path: Path) -> bool:
    """A symbolic link to nothing: reported as unreadable rather than silently passed over."""
    return path.is_symlink() and not path.exists()


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def read_sources(paths: Iterable[str | Path], settings: Settings) -> Iterator[Item]:
    """Read every input, yielding Articles, Problems and Skips (see module doc)."""
    return read_inputs(discover(paths), settings)


def read_inputs(inputs: Iterable[tuple[Path, bool]], settings: Settings) -> Iterator[Item]:
    """Read inputs found by ``discover``."""
    for path, named in inputs:
        reader = reader_for(path, sniff=named)
        if reader is None:
            yield Skip(str(path), "", SkipReason.UNKNOWN_FILE)
            continue
        yield from _read_one(reader, path, settings)


def _read_one(reader: Reader, path: Path, settings: Settings) -> Iterator[Item]:
    source = str(path)
    try:
        for item in reader(path, settings):
            if isinstance(item, Article) and len(item.raw_text) > settings.max_article_chars:
                yield Problem(
                    item.source,
                    item.position,
                    ErrorKind.TOO_LARGE,
                    f"article text of {len(item.raw_text):,} characters is over the "
                    f"limit of {settings.max_article_chars:,} (max_article_chars)",
                )
            else:
                yield item
    except InputProblem as problem:
        yield Problem(source, "", problem.kind, problem.message)
    except Exception as exc:  # a reader bug must not end a batch of thousands of files
        LOGGER.exception("reader failed on %s", source)
        yield Problem(
            source,
            "",
            ErrorKind.INTERNAL,
            f"newsledger failed on this input ({type(exc).__name__}: {exc}); "
            "please report it with the file",
        )
