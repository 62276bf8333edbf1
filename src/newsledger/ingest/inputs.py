"""What a reader reads: a regular file, or a pipe or standard input read once as a stream.

An ``Input`` names itself in valid UTF-8 whatever bytes its file name holds (``caf\\xe9.txt``),
opens bounded streams (``stream``) and reads whole files under a limit (``read_whole``).
A pipe that nobody writes to, or that goes quiet, is given up after ``pipe_wait_seconds``
instead of hanging the run.
"""

from __future__ import annotations

import os
import select
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from newsledger.config import Settings
from newsledger.ingest.decode import (
    GZIP_MAGIC,
    FileBytes,
    Gunzip,
    InputProblem,
    Plain,
    read_all,
    too_large,
    unreadable,
)
from newsledger.records import ErrorKind

STDIN = "-"
STDIN_NAME = "<stdin>"
HEAD_BYTES = 512
_ONE_ARTICLE_SUFFIXES = (".txt", ".text", ".html", ".htm", ".xhtml")


def display_name(path: Path | str) -> str:
    """``path`` as text that can be stored and printed: bytes that are not UTF-8 are escaped."""
    return os.fsencode(path).decode("utf-8", errors="backslashreplace")


def stem_of(name: str) -> str:
    """A file name without its extensions (``042.html.gz`` -> ``042``)."""
    lowered = name.lower()
    if lowered.endswith(".gz"):
        name, lowered = name[:-3], lowered[:-3]
    for suffix in _ONE_ARTICLE_SUFFIXES:
        if lowered.endswith(suffix):
            return name[: -len(suffix)]
    return Path(name).stem


class PipeStream:
    """Reads a pipe's file descriptor, giving up when no data comes for ``seconds``."""

    def __init__(self, fd: int, seconds: float, what: str) -> None:
        self._fd = fd
        self._seconds = seconds
        self._what = what
        self._poll = select.poll()
        self._poll.register(fd, select.POLLIN | select.POLLHUP)
        self._head = b""

    def read(self, size: int = -1) -> bytes:
        if self._head:
            take = len(self._head) if size < 0 else size
            chunk, self._head = self._head[:take], self._head[take:]
            return chunk
        if not self._poll.poll(self._seconds * 1000):
            raise InputProblem(
                ErrorKind.UNREADABLE,
                f"no data came from {self._what} for {self._seconds:g} s "
                "(pipe_wait_seconds); what came before was read",
            )
        return os.read(self._fd, size if size > 0 else 1 << 16)

    def peek(self, size: int) -> bytes:
        """The first ``size`` bytes (or fewer at the end), kept to be read again."""
        while len(self._head) < size:
            saved, self._head = self._head, b""
            chunk = self.read(size - len(saved))
            self._head = saved + chunk
            if not chunk:
                break
        return self._head[:size]

    def seekable(self) -> bool:
        return False

    def close(self) -> None:
        """Close the descriptor (once: a reader and the caller may both close)."""
        if self._fd > 2:
            os.close(self._fd)
        self._fd = -1

    def __enter__(self) -> PipeStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@dataclass(slots=True)
class Input:
    """One input, called ``name`` in Problems and the ledger. ``stem`` is the id of the one
    article a text or HTML file holds (None for a stream, whose article is named by its
    content); ``pipe`` is set for a stream, which can be read once only."""

    path: Path
    name: str
    stem: str | None
    gzip: bool
    pipe: PipeStream | None = field(default=None, repr=False)

    @classmethod
    def file(cls, path: Path) -> Input:
        return cls(
            path, display_name(path), stem_of(display_name(path.name)), _gzip_named(path.name)
        )

    @classmethod
    def stream_of(cls, path: Path, settings: Settings) -> Input:
        """A pipe, a character device or (``-``) standard input, read as a stream."""
        if str(path) == STDIN:
            fd, source = os.dup(0), STDIN_NAME
            if os.isatty(fd):
                os.close(fd)
                raise InputProblem(
                    ErrorKind.UNREADABLE,
                    "standard input is a terminal: pipe data into `newsledger ingest -`",
                )
        else:
            source = display_name(path)
            try:
                fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
            except OSError as exc:
                raise unreadable(exc) from None
        os.set_blocking(fd, False)
        pipe = PipeStream(fd, settings.pipe_wait_seconds, source)
        head = pipe.peek(2)
        gzip = head.startswith(GZIP_MAGIC) or _gzip_named(path.name)
        return cls(path, source, None, gzip, pipe)

    @property
    def suffix(self) -> str:
        """The extension that names the format (``.gz`` looked through), lower case."""
        suffixes = [s.lower() for s in self.path.suffixes]
        if suffixes and suffixes[-1] == ".gz":
            suffixes.pop()
        return suffixes[-1] if suffixes else ""

    def open_raw(self) -> BinaryIO:
        """The raw bytes: the file opened anew, or the pipe (once)."""
        if self.pipe is not None:
            return self.pipe  # type: ignore[return-value]
        try:
            return open(self.path, "rb")
        except OSError as exc:
            raise unreadable(exc) from None

    def stream(self, fh: BinaryIO, settings: Settings) -> Gunzip | Plain:
        """A bounded stream of the (decompressed) bytes of ``fh``: ``max_stream_mb``."""
        return self._bounded(fh, settings.max_stream_bytes, "max_stream_mb", settings)

    def _bounded(
        self, fh: BinaryIO, limit: int, setting: str, settings: Settings
    ) -> Gunzip | Plain:
        if self.gzip:
            return Gunzip(fh, limit, setting, settings.max_gzip_ratio)
        return Plain(fh, limit, setting)

    def read_whole(self, settings: Settings) -> FileBytes:
        """Every (decompressed) byte, up to ``max_file_mb``, or raise InputProblem."""
        limit = settings.max_file_bytes
        fh = self.open_raw()
        try:
            if self.pipe is None and not self.gzip:
                size = os.fstat(fh.fileno()).st_size
                if size > limit:
                    raise too_large(size, limit)
            return read_all(self._bounded(fh, limit, "max_file_mb", settings))
        except OSError as exc:
            raise unreadable(exc) from None
        finally:
            fh.close()

    def head(self) -> bytes:
        """The first bytes, decompressed when gzipped, for recognising the format."""
        if self.pipe is not None:
            raw = self.pipe.peek(HEAD_BYTES * 8 if self.gzip else HEAD_BYTES)
        else:
            try:
                with open(self.path, "rb") as fh:
                    raw = fh.read(HEAD_BYTES * 8 if self.gzip else HEAD_BYTES)
            except OSError:
                return b""
        if not self.gzip:
            return raw
        try:
            return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(raw, HEAD_BYTES)
        except zlib.error:
            return b""


def _gzip_named(name: str) -> bool:
    return name.lower().endswith(".gz")
