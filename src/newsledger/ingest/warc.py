"""WARC reader (warcio): HTML responses become articles, as in Common Crawl's CC-NEWS."""

from __future__ import annotations

import contextlib
import io
import logging
import zlib
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from newsledger.config import Settings
from newsledger.ingest.decode import InputProblem, declared_charset, decode, unreadable
from newsledger.ingest.html import article_from_html
from newsledger.records import Article, ErrorKind, Problem, Skip, SkipReason, SourceFormat

LOGGER = logging.getLogger(__name__)
Item = Article | Problem | Skip
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_NON_RESPONSE = ("warcinfo", "request", "metadata", "resource", "conversion", "continuation")


def read_warc(path: Path, settings: Settings) -> Iterator[Item]:
    """Yield an article per HTML response; other records are skipped and counted.

    A record that breaks the file ends it with a Problem; the records before it are kept.
    """
    source = str(path)
    try:
        fh = open(path, "rb")  # noqa: SIM115 - closed by the with below
    except OSError as exc:
        raise unreadable(exc) from None
    # warcio prints its own warnings to stderr; they are reported as Problems instead.
    with fh, contextlib.redirect_stderr(io.StringIO()):
        records = ArchiveIterator(fh, arc2warc=True)
        position = "offset 0"
        try:
            for record in records:
                result = _from_record(record, source, settings)
                # Only after the body is read: asking for the offset reads to the record's end.
                position = f"offset {records.get_record_offset()}"
                yield replace(result, position=position)
        except ArchiveLoadFailed as exc:
            first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else "bad record"
            yield Problem(
                source,
                f"after {position}",
                ErrorKind.MALFORMED,
                f"WARC cannot be read past this point: {first_line}",
            )
        except (EOFError, zlib.error) as exc:
            yield Problem(
                source,
                f"after {position}",
                ErrorKind.TRUNCATED,
                f"compressed stream ends early ({exc}); records before it were read",
            )


def _from_record(
    record: ArcWarcRecord, source: str, settings: Settings
) -> Article | Problem | Skip:
    """The article in one record, or why there is none (the caller fills in the position)."""
    position = ""
    kind = record.rec_type
    if kind == "revisit":
        return Skip(source, position, SkipReason.REVISIT)
    if kind != "response" or record.http_headers is None:
        return Skip(source, position, SkipReason.NOT_RESPONSE)
    headers = record.http_headers
    if headers.get_statuscode() != "200":
        return Skip(source, position, SkipReason.HTTP_STATUS)
    content_type = (headers.get_header("Content-Type") or "").lower()
    if content_type and not content_type.startswith(_HTML_TYPES):
        return Skip(source, position, SkipReason.NOT_HTML)
    url = record.rec_headers.get_header("WARC-Target-URI")
    try:
        body = _body(record, settings.max_file_bytes)
        html = decode(body, _header_charset(content_type) or declared_charset(body))
        return article_from_html(
            html,
            article_id=_record_id(record, url),
            source=source,
            position=position,
            url=url,
            fmt=SourceFormat.WARC,
            settings=settings,
        )
    except InputProblem as problem:
        return Problem(source, position, problem.kind, problem.message)


def _body(record: ArcWarcRecord, limit: int) -> bytes:
    """The HTTP body, de-chunked and decompressed where that works, else as stored.

    Some crawlers keep ``Content-Encoding: gzip`` in the headers of a body they stored
    decompressed (ClueWeb09 does), so a failed decompression falls back to the raw bytes.
    """
    try:
        data: bytes = record.content_stream().read(limit + 1)
    except (zlib.error, OSError, ValueError, EOFError):
        LOGGER.debug("content decoding failed; using the stored body")
        data = record.raw_stream.read(limit + 1)
    if len(data) > limit:
        raise InputProblem(ErrorKind.TOO_LARGE, f"record body is over {limit:,} bytes")
    if not data.strip():
        raise InputProblem(ErrorKind.EMPTY, "the response has no body")
    return data


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
