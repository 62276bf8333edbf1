"""Bytes to text: whole-file reads with limits, gzip, byte-order marks and charset detection."""

from __future__ import annotations

import codecs
import re
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from charset_normalizer import from_bytes

from newsledger.records import ErrorKind

_CHUNK = 1 << 20
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


def is_gzip(path: Path) -> bool:
    return path.name.lower().endswith(".gz")


def read_whole(path: Path, limit: int) -> FileBytes:
    """Read a file (gunzipped if named .gz) up to ``limit`` bytes, or raise InputProblem.

    A gzip stream that stops early keeps every byte that could be decompressed.
    """
    try:
        if not is_gzip(path) and path.stat().st_size > limit:
            raise InputProblem(ErrorKind.TOO_LARGE, _too_large(path.stat().st_size, limit))
        with open(path, "rb") as fh:
            if is_gzip(path):
                return _gunzip(fh, limit)
            return FileBytes(fh.read(limit + 1))
    except OSError as exc:
        raise unreadable(exc) from None


def _gunzip(fh: IO[bytes], limit: int) -> FileBytes:
    """Decompress all gzip members of ``fh``; a cut or corrupt stream keeps what came before."""
    out = bytearray()
    inflater = zlib.decompressobj(_GZIP_WBITS)
    started = False
    while chunk := fh.read(_CHUNK):
        if not started and not chunk.startswith(b"\x1f\x8b"):
            raise InputProblem(ErrorKind.UNREADABLE, "not a gzip file (no gzip header)")
        started = True
        try:
            out += inflater.decompress(chunk)
            while inflater.eof and inflater.unused_data:  # the next gzip member
                rest = inflater.unused_data
                inflater = zlib.decompressobj(_GZIP_WBITS)
                out += inflater.decompress(rest)
        except zlib.error as exc:
            return FileBytes(
                bytes(out), f"compressed data is corrupt ({exc}); kept what came before"
            )
        if len(out) > limit:
            raise InputProblem(ErrorKind.TOO_LARGE, _too_large(len(out), limit))
    if not started:
        return FileBytes(b"")
    if not inflater.eof:
        return FileBytes(bytes(out), "compressed stream ends early; kept what came before")
    return FileBytes(bytes(out))


def unreadable(exc: OSError) -> InputProblem:
    """The problem to report for a file the operating system would not let us read."""
    return InputProblem(ErrorKind.UNREADABLE, f"cannot read file: {exc.strerror or exc}")


def _too_large(size: int, limit: int) -> str:
    return (
        f"{size:,} bytes is over the limit of {limit:,} bytes "
        "(raise the max_file_mb setting to read it)"
    )


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
    for encoding in ("utf-8", declared):
        if encoding:
            try:
                return data.decode(_python_codec(encoding))
            except (UnicodeDecodeError, LookupError):
                continue
    best = from_bytes(data[:262144]).best()
    if best is None or best.encoding is None:
        raise InputProblem(ErrorKind.ENCODING, "the text encoding could not be recognised")
    return data.decode(best.encoding, errors="replace")


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
