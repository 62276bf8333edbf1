"""Bytes to text: bounded reads, gzip, byte-order marks, charset detection, valid Unicode.

Every read here has a ceiling: a whole-file read stops past ``max_file_mb`` and a stream past
``max_stream_mb`` of decompressed bytes, and gzip data is inflated a bounded piece at a time,
so a small compressed bomb never holds more than a piece of its output in memory.
"""

from __future__ import annotations

import codecs
import json
import re
import zlib
from dataclasses import dataclass
from typing import Any, BinaryIO

from charset_normalizer import from_bytes

from newsledger.records import ErrorKind

CHUNK = 1 << 16  # compressed bytes fed to the inflater at a time
PIECE = 1 << 20  # most decompressed bytes produced by one inflater call
GZIP_MAGIC = b"\x1f\x8b"
RATIO_FLOOR = 1 << 20  # decompressed bytes let through before the ratio is checked
_GZIP_WBITS = 16 + zlib.MAX_WBITS
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]{0,100}?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)
# Control bytes that never appear in text (tab, newlines, form feed and escape are allowed).
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))
# Characters XML 1.0 (and so lxml) refuses: C0 controls but tab and newlines, lone
# surrogates, and the two non-characters U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
MAX_MESSAGE_CHARS = 500
_KEEPS_WHAT_CAME_BEFORE = (ErrorKind.TRUNCATED, ErrorKind.MALFORMED)


class InputProblem(Exception):
    """Raised inside a reader for one input or record; the dispatcher turns it into a Problem."""

    def __init__(self, kind: ErrorKind, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


@dataclass(frozen=True, slots=True)
class FileBytes:
    """The bytes of a file, and a note if a compressed stream stopped early."""

    data: bytes
    truncated: str | None = None


class Gunzip:
    """The decompressed bytes of every gzip member in ``fh``, read with ``read(n)``.

    At most ``limit`` decompressed bytes are given out: past that ``read`` raises
    InputProblem(TOO_LARGE). A stream that stops inside a member raises TRUNCATED, corrupt
    data MALFORMED; the bytes before the damage have been given out already.
    """

    def __init__(self, fh: BinaryIO, limit: int, setting: str, ratio: int) -> None:
        self._fh = fh
        self._limit = limit
        self._setting = setting
        self._ratio = ratio
        self.consumed = 0  # compressed bytes read from fh
        self._inflater = zlib.decompressobj(_GZIP_WBITS)
        self._pending = b""  # compressed bytes not yet given to the inflater
        self._out = b""  # decompressed bytes not yet read
        self._member_started = False
        self._done = False
        self.produced = 0  # decompressed bytes given out so far

    def read(self, size: int) -> bytes:
        """Up to ``size`` bytes; ``b""`` only at the clean end of the last member."""
        while not self._out and not self._done:
            self._inflate()
        chunk, self._out = self._out[:size], self._out[size:]
        self.produced += len(chunk)
        if self.produced > self._limit:
            raise too_large(self.produced, self._limit, self._setting)
        check_ratio(self.produced, self.consumed - len(self._pending), self._ratio)
        return chunk

    def _inflate(self) -> None:
        if not self._pending:
            self._pending = self._inflater.unconsumed_tail or self._read_compressed()
            if not self._pending:
                self._done = True
                if self._member_started and not self._inflater.eof:
                    raise InputProblem(
                        ErrorKind.TRUNCATED, "compressed stream ends early; kept what came before"
                    )
                return
        if not self._member_started:
            after_member = self._inflater.eof
            if after_member:  # the previous member ended: zero padding, or another member
                if not self._pending.strip(b"\0"):
                    self._pending = b""
                    return
                self._inflater = zlib.decompressobj(_GZIP_WBITS)
            if not self._pending.startswith(GZIP_MAGIC[: len(self._pending)]):
                self._done = True
                if after_member:
                    raise InputProblem(
                        ErrorKind.MALFORMED,
                        "data after the last gzip member is not gzip; kept what came before",
                    )
                raise InputProblem(ErrorKind.UNREADABLE, "not a gzip file (no gzip header)")
            self._member_started = True
        data, self._pending = self._pending, b""
        try:
            self._out = self._inflater.decompress(data, PIECE)
        except zlib.error as exc:
            self._done = True
            raise InputProblem(
                ErrorKind.MALFORMED, f"compressed data is corrupt ({exc}); kept what came before"
            ) from None
        if self._inflater.eof:
            self._member_started = False
            self._pending = self._inflater.unused_data
        else:
            self._pending = self._inflater.unconsumed_tail

    def _read_compressed(self) -> bytes:
        data = self._fh.read(CHUNK)
        self.consumed += len(data)
        return data


def check_ratio(produced: int, consumed: int, ratio: int) -> None:
    """Raise TOO_LARGE when ``produced`` decompressed bytes came from too few compressed
    ones: past the first MB, more than ``ratio`` to one is a bomb, not news."""
    if produced > RATIO_FLOOR and produced > ratio * max(consumed, 1):
        raise InputProblem(
            ErrorKind.TOO_LARGE,
            f"compressed data grows more than {ratio}:1 ({consumed:,} bytes gave "
            f"{produced:,} so far): a compression bomb, not read further (max_gzip_ratio)",
        )


class Plain:
    """A binary stream with the same ``read`` and limit as Gunzip, for uncompressed data."""

    def __init__(self, fh: BinaryIO, limit: int, setting: str) -> None:
        self._fh = fh
        self._limit = limit
        self._setting = setting
        self.produced = 0

    def read(self, size: int) -> bytes:
        chunk = self._fh.read(size)
        self.produced += len(chunk)
        if self.produced > self._limit:
            raise too_large(self.produced, self._limit, self._setting)
        return chunk


def read_all(stream: Gunzip | Plain) -> FileBytes:
    """Everything ``stream`` holds; damage keeps what came before it, with a note."""
    parts: list[bytes] = []
    try:
        while chunk := stream.read(PIECE):
            parts.append(chunk)
    except InputProblem as problem:
        if problem.kind not in _KEEPS_WHAT_CAME_BEFORE:
            raise
        return FileBytes(b"".join(parts), problem.message)
    return FileBytes(b"".join(parts))


def too_large(size: int, limit: int, setting: str = "max_file_mb") -> InputProblem:
    return InputProblem(
        ErrorKind.TOO_LARGE,
        f"{size:,} bytes is over the limit of {limit:,} bytes (raise the {setting} setting "
        "to read it)",
    )


def unreadable(exc: OSError) -> InputProblem:
    """The problem to report for a file the operating system would not let us read."""
    return InputProblem(ErrorKind.UNREADABLE, f"cannot read file: {exc.strerror or exc}")


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML ``<meta>`` or XML prolog declares in the first 4 KB, if any."""
    head = data[:4096]
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    return match.group(1).decode("ascii").lower() if match else None


def looks_binary(data: bytes) -> bool:
    """True for bytes with NULs or many control characters (and no UTF-16/32 byte-order mark)."""
    sample = data[:8192]
    if not sample or any(sample.startswith(bom) for bom, _ in _BOMS):
        return False
    if b"\x00" in sample:
        return True
    controls = sum(sample.count(bytes([c])) for c in _CONTROL)
    return controls > len(sample) * 0.05


def decode(data: bytes, declared: str | None = None) -> str:
    """Decode text: byte-order mark, then UTF-8, the declared charset, then detection.

    Valid UTF-8 comes first because pages often declare a legacy charset for bytes that are
    UTF-8, while legacy-encoded text is almost never valid UTF-8 by chance.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    if looks_binary(data):
        raise InputProblem(ErrorKind.BINARY, "binary data, not text")
    for name in ("utf-8", declared):
        if name:
            try:
                return data.decode(_python_codec(name))
            except (UnicodeDecodeError, LookupError):
                continue
    best = from_bytes(data[:262144]).best()
    if best is None or best.encoding is None:
        raise InputProblem(ErrorKind.ENCODING, "the text encoding could not be recognised")
    return data.decode(best.encoding, errors="replace")


def without_surrogates(text: str) -> str:
    """``text`` with any lone surrogate (which no encoder can write) replaced by U+FFFD."""
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


def surrogate_at(text: str) -> int | None:
    """The index of the first lone surrogate in ``text``, or None when it is valid Unicode."""
    match = _SURROGATE.search(text)
    return match.start() if match else None


def lone_surrogate(value: object, name: str) -> InputProblem | None:
    """The ENCODING problem of a string ``value`` holding a lone surrogate (an escape such as
    ``\\ud800`` that pairs with nothing: no Unicode text, and nothing can store it)."""
    if not isinstance(value, str) or (at := surrogate_at(value)) is None:
        return None
    return InputProblem(
        ErrorKind.ENCODING,
        f"{name} holds a lone surrogate (\\u{ord(value[at]):04x}) at character {at}, which "
        "is not valid Unicode",
    )


def json_value(text: str) -> Any:
    """``text`` read as JSON, or the BAD_RECORD problem saying why it cannot be."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputProblem(ErrorKind.BAD_RECORD, f"not JSON: {exc}") from None
    except RecursionError:
        raise InputProblem(ErrorKind.BAD_RECORD, "JSON nested too deeply to read") from None
    except ValueError as exc:  # an integer of thousands of digits
        raise InputProblem(ErrorKind.BAD_RECORD, f"JSON value cannot be read: {exc}") from None


def xml_safe(text: str) -> str:
    """``text`` without the characters XML and lxml refuse (control characters become spaces)."""
    return _NOT_XML.sub(" ", text) if _NOT_XML.search(text) else text


def printable(text: str, limit: int = MAX_MESSAGE_CHARS) -> str:
    """One line of at most ``limit`` characters, safe to store and to print: whitespace runs
    become one space, control characters and lone surrogates are escaped."""
    line = " ".join(without_surrogates(text).split())
    if not line.isprintable():
        line = "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in line)
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _python_codec(name: str) -> str:
    """Map web charset labels to the codec browsers really use for them."""
    name = name.strip().lower()
    aliases = {
        "gb2312": "gb18030",
        "gbk": "gb18030",
        "iso-8859-1": "cp1252",
        "latin1": "cp1252",
        "latin-1": "cp1252",
        "us-ascii": "cp1252",
        "ascii": "cp1252",
        "x-sjis": "shift_jis",
    }
    return aliases.get(name, name)
