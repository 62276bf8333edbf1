"""Ingest: turn files, folders, globs, pipes and standard input into Article records.

``read_sources`` yields, in input order, an ``Article`` for each readable report, a
``Problem`` for each input or record that could not be read, and a ``Skip`` for each record
passed over on purpose. It never raises for bad input: the batch always goes on. Every
Article it yields can be stored (valid Unicode, within ``max_article_chars``); every Problem
message is one printable line.
"""

from __future__ import annotations

import glob
import logging
import os
import stat
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, fields, replace
from pathlib import Path

from newsledger.config import Settings
from newsledger.errors import NoInputs
from newsledger.ingest.decode import InputProblem, lone_surrogate, printable
from newsledger.ingest.feeds import read_feed
from newsledger.ingest.html import read_html
from newsledger.ingest.inputs import STDIN, Input, display_name
from newsledger.ingest.jsonl import read_jsonl
from newsledger.ingest.text import read_text
from newsledger.ingest.warc import read_warc
from newsledger.records import Article, ErrorKind, Item, Problem, Skip, SkipReason

__all__ = ["read_sources", "read_inputs", "discover", "reader_for", "safe_problem"]

LOGGER = logging.getLogger(__name__)
Reader = Callable[[Input, Settings], Iterator[Item]]
_PACKAGE = Path(__file__).resolve().parents[1]
_HERE = Path(__file__).resolve()

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
_TEXT_FIELDS = tuple(f.name for f in fields(Article) if f.name not in ("format",))


def reader_for(path: Path, sniff: bool = False) -> Reader | None:
    """The reader for a file, by its extension (``.gz`` looked through); optionally by content."""
    source = Input.file(path)
    if source.suffix in _READERS:
        return _READERS[source.suffix]
    if not sniff:
        return None
    return _sniffed(source.head())


def _sniffed(head: bytes) -> Reader:
    head = head.lstrip().lower()
    for prefix, reader in _SNIFF:
        if head.startswith(prefix):
            return reader
    return read_text  # the reader reports what it finds (binary data, no text)


def discover(paths: Iterable[str | Path]) -> list[tuple[Path, bool]]:
    """Expand files, folders (recursively, hidden entries skipped) and globs, in sorted order.

    Returns ``(path, named)`` pairs: ``named`` is true for a file the user named, false for
    one found by walking a folder or matching a glob; ``-`` names standard input. Raises
    NoInputs, before anything is read, if a path matches nothing or a folder holds no file.
    """
    return list(_expand(paths))


def _expand(paths: Iterable[str | Path]) -> Iterator[tuple[Path, bool]]:
    for given in paths:
        text = os.fspath(given)
        path = Path(text)
        if text == STDIN:
            yield path, True
        elif path.is_dir():
            found = _walk(path)
            if not found:
                raise NoInputs(f"folder {display_name(text)!r} holds no file to read")
            yield from ((p, False) for p in found)
        elif path.exists() or path.is_symlink():
            yield path, True
        elif glob.has_magic(text):
            matches = sorted(Path(m) for m in glob.glob(text, recursive=True))
            if not matches:
                raise NoInputs(f"no file matches {display_name(text)!r}")
            for match in matches:
                yield from _expand([match]) if match.is_dir() else [(match, False)]
        else:
            raise NoInputs(f"no such file or folder: {display_name(text)!r}")


def _walk(root: Path) -> list[Path]:
    """Every entry below ``root`` that is not a folder (hidden ones left out), and the
    folders that could not be listed, so that each is reported rather than passed over."""
    found: list[Path] = []

    def unlisted(exc: OSError) -> None:
        found.append(Path(exc.filename))

    for folder, dirs, files in os.walk(root, onerror=unlisted):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        base = Path(folder)
        found += (base / name for name in files if not name.startswith("."))
        found += (base / d for d in dirs if (base / d).is_symlink() and not (base / d).exists())
    return sorted(found)


def read_sources(paths: Iterable[str | Path], settings: Settings) -> Iterator[Item]:
    """Read every input, yielding Articles, Problems and Skips (see module doc)."""
    return read_inputs(discover(paths), settings)


def read_inputs(inputs: Iterable[tuple[Path, bool]], settings: Settings) -> Iterator[Item]:
    """Read inputs found by ``discover``."""
    for path, named in inputs:
        yield from _capped(_read_input(path, named, settings), settings.max_errors_per_input)


def _capped(items: Iterator[Item], cap: int) -> Iterator[Item]:
    """The items of one input with at most ``cap`` Problems; the rest of each kind become
    one Problem that counts them, so a file of a million bad lines is a few rows."""
    kept = 0
    over: dict[ErrorKind, _Overflow] = {}
    for item in items:
        if isinstance(item, Problem) and kept >= cap:
            if item.kind in over:
                over[item.kind].add(item)
            else:
                over[item.kind] = _Overflow(item)
            continue
        if isinstance(item, Problem):
            kept += 1
            item = safe_problem(item)
        yield item
    yield from (safe_problem(found.problem(cap)) for found in over.values())


@dataclass(slots=True)
class _Overflow:
    """Problems of one kind past ``max_errors_per_input``: counted, first and last kept."""

    first: Problem
    last: Problem | None = None
    count: int = 1

    def add(self, problem: Problem) -> None:
        self.last = problem
        self.count += problem.count

    def problem(self, cap: int) -> Problem:
        where = self.first.position
        if self.last is not None and self.last.position:
            where = f"{where} to {self.last.position}" if where else self.last.position
        return Problem(
            self.first.source,
            where,
            self.first.kind,
            f"{self.count:,} more {self.first.kind.value} problems in this input, counted "
            f"here and not stored one by one (max_errors_per_input = {cap}); the first: "
            f"{self.first.message}",
            self.count,
        )


def _read_input(path: Path, named: bool, settings: Settings) -> Iterator[Item]:
    name = "<stdin>" if named and str(path) == STDIN else display_name(path)
    try:
        source, reader = _open(path, named, settings)
    except InputProblem as problem:
        yield Problem(name, "", problem.kind, problem.message)
        return
    if reader is None:
        yield Skip(source.name, "", SkipReason.UNKNOWN_FILE)
        return
    try:
        yield from _read_one(reader, source, settings)
    finally:
        if source.pipe is not None:
            source.pipe.close()


def _open(path: Path, named: bool, settings: Settings) -> tuple[Input, Reader | None]:
    """The input and its reader (None: a file of a type newsledger does not read)."""
    if named and str(path) == STDIN:
        return _stream(path, settings)
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        raise InputProblem(
            ErrorKind.UNREADABLE, f"cannot read file: {exc.strerror or exc}"
        ) from None
    if stat.S_ISDIR(mode):  # a folder the walk could not list
        raise InputProblem(ErrorKind.UNREADABLE, "cannot list the files of this folder")
    if stat.S_ISREG(mode):
        return Input.file(path), reader_for(path, sniff=named)
    if not named:
        raise InputProblem(
            ErrorKind.UNSUPPORTED,
            "a pipe, socket or device found in a folder is not read (name it to read it)",
        )
    if stat.S_ISFIFO(mode) or stat.S_ISCHR(mode):
        return _stream(path, settings)
    raise InputProblem(ErrorKind.UNSUPPORTED, "not a file, pipe or device that can be read")


def _stream(path: Path, settings: Settings) -> tuple[Input, Reader]:
    source = Input.stream_of(path, settings)
    if source.suffix in _READERS:
        return source, _READERS[source.suffix]
    return source, _sniffed(source.head())


def _read_one(reader: Reader, source: Input, settings: Settings) -> Iterator[Item]:
    """The reader's items, each checked; whatever the reader raises ends this input only."""
    try:
        for item in reader(source, settings):
            yield _checked(item, settings)
    except InputProblem as problem:
        yield Problem(source.name, "", problem.kind, problem.message)
    except Exception as exc:  # a reader bug must not end a batch of thousands of files
        LOGGER.debug("reader failed on %s", source.name, exc_info=True)
        yield Problem(
            source.name,
            "",
            ErrorKind.INTERNAL,
            f"newsledger failed on this input ({type(exc).__name__}: {exc}, at "
            f"{_where(exc)}); please report it with the file",
        )


def _checked(item: Item, settings: Settings) -> Item:
    """An Article that can be stored, else the Problem that says why not."""
    if not isinstance(item, Article):
        return item
    if len(item.raw_text) > settings.max_article_chars:
        return Problem(
            item.source,
            item.position,
            ErrorKind.TOO_LARGE,
            f"article text of {len(item.raw_text):,} characters is over the "
            f"limit of {settings.max_article_chars:,} (max_article_chars)",
        )
    for name in _TEXT_FIELDS:
        problem = lone_surrogate(getattr(item, name), name)
        if problem is not None:
            return Problem(item.source, item.position, problem.kind, problem.message)
    if not item.id.strip():
        return replace(item, id=f"{item.source}#{item.position}")
    return item


def safe_problem(problem: Problem) -> Problem:
    """The problem with a source, position and message that can be stored and printed."""
    return replace(
        problem,
        source=printable(problem.source, 1000),
        position=printable(problem.position, 200),
        message=printable(problem.message),
    )


def _in_a_reader(path: Path) -> bool:
    return path.is_relative_to(_PACKAGE) and path != _HERE


def _where(exc: BaseException) -> str:
    """``module.py:line`` of the innermost frame the exception passed through in a reader of
    newsledger (else the innermost of all: a library's, or a reader plugged in)."""
    frames = traceback.extract_tb(exc.__traceback__)
    inside = [f for f in frames if _in_a_reader(Path(f.filename).resolve())]
    if not (inside or frames):
        return "?"
    frame = (inside or frames)[-1]
    return f"{Path(frame.filename).name}:{frame.lineno}"
