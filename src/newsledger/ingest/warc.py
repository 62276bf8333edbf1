"""WARC reader: HTML responses become articles, as in Common Crawl's CC-NEWS.

warcio parses each record's headers; the walk from record to record is ours, so that a record
that cannot be read is one Problem and reading goes on at the next record: in a gzipped WARC
(one gzip member per record) at the next member, in a plain one at the next line that starts
``WARC/``. Every read is bounded: a header line, a record's headers, a body (``max_file_mb``)
and the whole decompressed file (``max_stream_mb``). Nothing is printed: warcio's warnings
become Problems.
"""

from __future__ import annotations

import contextlib
import io
import logging
import zlib
from collections.abc import Iterator
from dataclasses import replace
from typing import BinaryIO

from warcio.bufferedreaders import BufferedReader, ChunkedDataReader
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord, ArcWarcRecordLoader
from warcio.statusandheaders import StatusAndHeaders, StatusAndHeadersParserException

from newsledger.config import Settings
from newsledger.ingest.decode import (
    CHUNK,
    GZIP_MAGIC,
    PIECE,
    InputProblem,
    check_ratio,
    declared_charset,
    decode,
)
from newsledger.ingest.html import article_from_html
from newsledger.ingest.inputs import Input
from newsledger.records import Article, ErrorKind, Item, Problem, Skip, SkipReason, SourceFormat

LOGGER = logging.getLogger(__name__)
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_MAX_LINE = 1 << 20  # longest header line read
_MAX_HEADERS = 1 << 20  # most bytes of WARC or HTTP headers in one record
_BLANK = b" \t\r\n\0"
_PLAIN_START = b"\nWARC/"
_GZIP_START = GZIP_MAGIC + b"\x08"
_HTTP = ArcWarcRecordLoader(verify_http=False).http_parser
_RECORD_ERRORS = (
    ArchiveLoadFailed,
    StatusAndHeadersParserException,
    EOFError,
    ValueError,
    UnicodeError,
    zlib.error,
)


class _Damaged(Exception):
    """The bytes of the current record cannot be read further (corrupt compressed data)."""


class _Records:
    """The decompressed bytes of a WARC file with warcio's ``read``/``readline``, one gzip
    member at a time (``.gz``) or straight (plain), knowing the file offset of each record."""

    def __init__(self, fh: BinaryIO, gzip: bool, settings: Settings) -> None:
        self._fh = fh
        self._gzip = gzip
        self._stream_limit = settings.max_stream_bytes
        self._ratio = settings.max_gzip_ratio
        self._seekable = fh.seekable() if hasattr(fh, "seekable") else False
        self.produced = 0
        self.truncated = False  # the last gzip member stopped before its end
        self._budget: int | None = None
        self._start_at(0)

    # --- where we are -------------------------------------------------------------------
    def _start_at(self, offset: int) -> None:
        """Read on from file ``offset`` (the start of a gzip member, or of a line)."""
        self._buf = b""
        self._at = 0
        self._raw = b""  # raw bytes read from the file and not yet decompressed
        self._raw_end = offset  # file offset just past the raw bytes read so far
        # offset of _buf[0]: in the file (plain), or in the decompressed member (gzip)
        self._base = 0 if self._gzip else offset
        self._inflater = zlib.decompressobj(16 + zlib.MAX_WBITS) if self._gzip else None
        self._member_start = offset
        self._member_over = False

    def record_offset(self, first_line: bytes = b"") -> int:
        """The file offset to resume after: the record's gzip member, or (plain) its first
        byte, ``first_line`` having been read."""
        if self._gzip:
            return self._member_start
        return self._base + self._at - len(first_line)

    def record_position(self, first_line: bytes) -> str:
        """Where the record starts, as stored: ``offset N`` (its member, or its first byte),
        ``offset N+M`` for a record M decompressed bytes into the gzip member at N."""
        inner = self._base + self._at - len(first_line)
        if not self._gzip:
            return f"offset {inner}"
        return f"offset {self._member_start}" + (f"+{inner}" if inner else "")

    # --- reading ------------------------------------------------------------------------
    def _fill(self) -> bool:
        """Add decompressed bytes to the buffer; False at the end of the member (or file)."""
        if self._at:
            self._base += self._at
            self._buf, self._at = self._buf[self._at :], 0
        chunk = self._next_piece()
        if not chunk:
            return False
        self.produced += len(chunk)
        if self.produced > self._stream_limit:
            raise InputProblem(
                ErrorKind.TOO_LARGE,
                f"decompressed data is over {self._stream_limit:,} bytes "
                "(raise the max_stream_mb setting to read it); records before were read",
            )
        if self._gzip:
            check_ratio(self.produced, self._raw_end, self._ratio)
        self._buf += chunk
        return True

    def _next_piece(self) -> bytes:
        if self._inflater is None:
            chunk = self._fh.read(CHUNK)
            self._raw_end += len(chunk)
            return chunk
        while not self._member_over:
            if not self._raw:
                self._raw = self._fh.read(CHUNK)
                self._raw_end += len(self._raw)
                if not self._raw:
                    self._member_over = True
                    self.truncated = not self._inflater.eof
                    return b""
            data, self._raw = self._raw, b""
            try:
                out = self._inflater.decompress(data, PIECE)
            except zlib.error as exc:
                raise _Damaged(f"compressed data is corrupt ({exc})") from None
            if self._inflater.eof:
                self._member_over = True
                self._raw = self._inflater.unused_data
            else:
                self._raw = self._inflater.unconsumed_tail
            if out:
                return out
        return b""

    def next_member(self) -> bool:
        """Go on to the next gzip member; False at the end of the file."""
        if self._inflater is None:
            return False
        rest = self._raw.lstrip(b"\0")
        while not rest:
            more = self._fh.read(CHUNK)
            if not more:
                return False
            self._raw_end += len(more)
            rest = more.lstrip(b"\0")
        start = self._raw_end - len(rest)
        self._buf, self._at, self._base, self._raw = b"", 0, 0, rest
        self._inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        self._member_start = start
        self._member_over = False
        return True

    def headers_budget(self, limit: int | None) -> None:
        """Count the header bytes read from now (None: stop counting)."""
        self._budget = limit

    def _spend(self, n: int) -> None:
        if self._budget is not None:
            self._budget -= n
            if self._budget < 0:
                raise InputProblem(
                    ErrorKind.MALFORMED, f"record headers are over {_MAX_HEADERS:,} bytes"
                )

    def read(self, size: int | None = None) -> bytes:
        size = PIECE if size is None or size < 0 else size
        while len(self._buf) - self._at < size and self._fill():
            pass
        chunk = self._buf[self._at : self._at + size]
        self._at += len(chunk)
        self._spend(len(chunk))
        return chunk

    def readline(self, size: int | None = None) -> bytes:
        size = _MAX_LINE if size is None or size < 0 else min(size, _MAX_LINE)
        while True:
            end = self._buf.find(b"\n", self._at, self._at + size)
            if end >= 0:
                line = self._buf[self._at : end + 1]
                break
            if len(self._buf) - self._at >= size or not self._fill():
                line = self._buf[self._at : self._at + size]
                break
        self._at += len(line)
        self._spend(len(line))
        return line

    def tell(self) -> int:
        return self._base + self._at

    # --- resynchronising ----------------------------------------------------------------
    def resume_after(self, offset: int) -> int | None:
        """Go to the first record start after file ``offset``; its offset, or None."""
        if not self._seekable:
            return None
        marker = _GZIP_START if self._gzip else _PLAIN_START
        position = offset + 1
        self._fh.seek(position)
        tail = b""
        while True:
            chunk = self._fh.read(1 << 20)
            if not chunk:
                return None
            window = tail + chunk
            found = window.find(marker)
            if found >= 0:
                start = position - len(tail) + found + (0 if self._gzip else 1)
                self._fh.seek(start)
                self._start_at(start)
                return start
            tail = window[-(len(marker) - 1) :]
            position += len(chunk)


def read_warc(source: Input, settings: Settings) -> Iterator[Item]:
    """Yield an article per HTML response; other records are skipped and counted. A record
    that cannot be read is a Problem, and reading goes on at the next record."""
    fh = source.open_raw()
    with fh:
        stream = _Records(fh, _is_gzip(fh, source), settings)
        loader = ArcWarcRecordLoader(verify_http=False, arc2warc=True)
        records = broken = 0
        while True:
            offset = stream.record_offset()
            position = f"offset {offset}"
            failure: tuple[ErrorKind, str] | None
            try:
                line = _next_line(stream)
                if line is None:
                    break
                records += 1
                offset, position = stream.record_offset(line), stream.record_position(line)
                item, missing = _read_record(stream, loader, line, source.name, settings)
            except InputProblem as problem:
                if problem.kind is ErrorKind.TOO_LARGE:
                    yield Problem(source.name, position, problem.kind, problem.message)
                    return
                failure = (problem.kind, problem.message)
            except (_Damaged, *_RECORD_ERRORS) as exc:
                failure = (ErrorKind.MALFORMED, _first_line(exc))
            except Exception as exc:  # a parser bug on one record must not end the file
                LOGGER.debug("WARC record at %s failed", position, exc_info=True)
                failure = (ErrorKind.INTERNAL, _first_line(exc))
            else:
                failure = None
                yield replace(item, position=position)
            if stream.truncated:
                yield _cut(source.name, position)
                return
            if failure is None and missing and not isinstance(item, Problem):
                yield _short(source.name, position, missing)
            if failure is None:
                continue
            broken += 1
            gave_up = broken >= settings.max_errors_per_input
            resumed = None if gave_up else stream.resume_after(offset)
            yield _broken(source.name, position, failure, offset, resumed, gave_up)
            if resumed is None:
                return
        if records == 0:
            raise InputProblem(ErrorKind.EMPTY, "the file holds no WARC record")


def _is_gzip(fh: BinaryIO, source: Input) -> bool:
    """Gzipped by its first bytes where the file can be peeked, else by its name."""
    if source.pipe is not None or not fh.seekable():
        return source.gzip
    head = fh.read(2)
    fh.seek(0)
    return head == GZIP_MAGIC


def _cut(source: str, position: str) -> Problem:
    return Problem(
        source,
        position,
        ErrorKind.TRUNCATED,
        "compressed stream ends early, inside this record; kept what could be read",
    )


def _next_line(stream: _Records) -> bytes | None:
    """The first line of the next record, past blank lines and gzip member ends; None at
    the end of the file."""
    while True:
        line = stream.readline()
        if not line:
            if not stream.next_member():
                return None
            continue
        if line.strip(_BLANK):
            return line


def _read_record(
    stream: _Records, loader: ArcWarcRecordLoader, line: bytes, source: str, settings: Settings
) -> tuple[Item, int]:
    """The record's item, and how many bytes short of its Content-Length the record stops."""
    stream.headers_budget(_MAX_HEADERS)
    record = loader.parse_record_stream(stream, statusline=line, no_record_parse=True)
    if record.length is None:
        raise ArchiveLoadFailed("the record has no Content-Length")
    try:
        item = _from_record(record, source, settings, stream)
    finally:
        stream.headers_budget(None)
        missing = _drain(record)
    return item, missing


def _drain(record: ArcWarcRecord) -> int:
    """Read what is left of the record, so the next one starts where it should; the bytes
    its Content-Length promised that the file does not hold."""
    while record.raw_stream.read(PIECE):
        pass
    return int(getattr(record.raw_stream, "limit", 0))


def _short(source: str, position: str, missing: int) -> Problem:
    return Problem(
        source,
        position,
        ErrorKind.TRUNCATED,
        f"the record stops {missing:,} bytes short of its Content-Length; what it holds was read",
    )


def _from_record(record: ArcWarcRecord, source: str, settings: Settings, stream: _Records) -> Item:
    """The article in one record, or why there is none (the caller fills in the position)."""
    kind = record.rec_type
    if kind == "revisit":
        return Skip(source, "", SkipReason.REVISIT)
    if kind != "response":
        return Skip(source, "", SkipReason.NOT_RESPONSE)
    url = record.rec_headers.get_header("WARC-Target-URI")
    if url is not None and not url.lower().startswith(("http:", "https:")):
        return Skip(source, "", SkipReason.NOT_RESPONSE)  # dns:, whois: ... records
    try:
        return _response(record, url, source, settings, stream)
    except InputProblem as problem:
        return Problem(source, "", problem.kind, problem.message)


def _response(
    record: ArcWarcRecord, url: str | None, source: str, settings: Settings, stream: _Records
) -> Article | Skip:
    """The article in an HTTP response record, a Skip, or raise InputProblem."""
    if not record.length:
        raise InputProblem(ErrorKind.EMPTY, "the response has no body")
    headers = _http_headers(record)
    stream.headers_budget(None)
    if headers.get_statuscode() != "200":
        return Skip(source, "", SkipReason.HTTP_STATUS)
    content_type = (headers.get_header("Content-Type") or "").lower()
    if content_type and not content_type.startswith(_HTML_TYPES):
        return Skip(source, "", SkipReason.NOT_HTML)
    body = _body(record, settings.max_file_bytes)
    html = decode(body, _header_charset(content_type) or declared_charset(body))
    return article_from_html(
        html,
        article_id=_record_id(record, url),
        source=source,
        url=url,
        fmt=SourceFormat.WARC,
        settings=settings,
    )


def _http_headers(record: ArcWarcRecord) -> StatusAndHeaders:
    """Parse the HTTP status and headers at the start of a response record's block."""
    headers: StatusAndHeaders = _HTTP.parse(record.raw_stream)
    if not (headers.protocol or "").upper().startswith("HTTP/"):
        first = f"{headers.protocol} {headers.statusline}".strip()[:60]
        raise InputProblem(
            ErrorKind.BAD_RECORD, f"the response record holds no HTTP response ({first!r})"
        )
    record.http_headers = headers
    return headers


def _body(record: ArcWarcRecord, limit: int) -> bytes:
    """The HTTP body, de-chunked and decompressed where that works, else as stored.

    Some crawlers keep ``Content-Encoding: gzip`` in the headers of a body they stored
    decompressed (ClueWeb09 does), so a failed decoding falls back to the stored bytes.
    """
    stored: bytes = record.raw_stream.read(limit + 1)
    if len(stored) > limit:
        raise InputProblem(ErrorKind.TOO_LARGE, f"record body is over {limit:,} bytes")
    missing = getattr(record.raw_stream, "limit", 0)
    if missing > 0 and not stored.strip():
        raise InputProblem(
            ErrorKind.TRUNCATED,
            f"the record stops {missing:,} bytes short of its Content-Length, before its body",
        )
    data = stored
    headers = record.http_headers
    encoding = (headers.get_header("Content-Encoding") or "").lower().strip()
    if encoding not in BufferedReader.get_supported_decompressors():
        encoding = ""
    chunked = (headers.get_header("Transfer-Encoding") or "").lower().strip() == "chunked"
    if chunked or encoding:
        reader_type = ChunkedDataReader if chunked else BufferedReader
        try:  # warcio writes a decoding failure to stderr: it is caught and said here instead
            with contextlib.redirect_stderr(io.StringIO()) as said:
                decoder = reader_type(io.BytesIO(stored), decomp_type=encoding or None)
                data = bytes(decoder.read(limit + 1))
            if said.getvalue():
                raise ValueError(said.getvalue().strip())
        except (zlib.error, OSError, ValueError, EOFError):
            LOGGER.debug("content decoding failed; using the stored body")
            data = stored
        if len(data) > limit:
            raise InputProblem(ErrorKind.TOO_LARGE, f"decoded body is over {limit:,} bytes")
        if not data.strip() and stored.strip():
            data = stored
    if not data.strip():
        raise InputProblem(ErrorKind.EMPTY, "the response has no body")
    return data


def _broken(
    source: str,
    position: str,
    failure: tuple[ErrorKind, str],
    offset: int,
    resumed: int | None,
    gave_up: bool,
) -> Problem:
    if resumed is not None:
        where = (
            f"reading went on at the next record, offset {resumed} "
            f"({resumed - offset:,} bytes skipped)"
        )
    elif gave_up:
        where = "too many records of this file could not be read (max_errors_per_input), so "
        where += "the rest was not read"
    else:
        where = "no record follows it, so the rest of the file was not read"
    kind, reason = failure
    return Problem(source, position, kind, f"the record here cannot be read ({reason}); {where}")


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    first = text.splitlines()[0] if text else ""
    return f"{type(exc).__name__}: {first[:200]}" if first else type(exc).__name__


def _header_charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        name, _, value = part.partition("=")
        if name.strip() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def _record_id(record: ArcWarcRecord, url: str | None) -> str:
    """The WARC-Record-ID without its ``<urn:uuid:...>`` wrapping (stable across reads)."""
    raw = record.rec_headers.get_header("WARC-Record-ID") or ""
    rid = raw.strip().strip("<>")
    for prefix in ("urn:uuid:", "urn:"):
        if rid.startswith(prefix):
            rid = rid[len(prefix) :]
            break
    if rid:
        return rid
    date = record.rec_headers.get_header("WARC-Date") or ""
    return f"{url or 'record'}@{date}"
