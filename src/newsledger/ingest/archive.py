"""Provenance: every HTTP exchange of a watch written to rotating, gzipped WARC files.

Each exchange becomes a ``request`` record and a ``response`` record (one gzip member each,
flushed at once, so a killed process leaves whole records); a 200 whose body is the same as
the last one archived for its URL becomes a ``revisit`` record instead. Bodies are stored
decoded (as the fetcher read them), so the HTTP headers lose their Content-Encoding and
Transfer-Encoding and get the Content-Length of what is stored. A file is closed and the next
one begun once it reaches ``max_bytes``. ``ingest`` reads these files back.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsledger.ingest.fetch import Exchange
from newsledger.version import __version__

DEFAULT_MAX_BYTES = 256 * 1024 * 1024
_DROPPED = frozenset({"content-encoding", "transfer-encoding", "content-length"})


@dataclass(frozen=True, slots=True)
class Pointer:
    """Where a response is archived: file name (in the archive folder), offset of its
    gzip member, and WARC-Record-ID."""

    file: str
    offset: int
    record_id: str


class Archive:
    """Rotating WARC files in one folder; use as a context manager."""

    def __init__(self, folder: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.folder = folder
        self.max_bytes = max_bytes
        self._fh: BinaryIO | None = None
        self._writer: WARCWriter | None = None
        self._name = ""

    def __enter__(self) -> Archive:
        self.folder.mkdir(parents=True, exist_ok=True)
        return self

    def __exit__(self, *exc: object) -> None:
        self._close()

    def _close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = self._writer = None

    def _open(self) -> WARCWriter:
        """The current file's writer, starting a new file when there is none or it is full."""
        if self._fh is not None and self._fh.tell() >= self.max_bytes:
            self._close()
        if self._writer is None:
            stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%d%H%M%S%f")
            self._name = f"newsledger-{stamp}.warc.gz"
            self._fh = open(self.folder / self._name, "xb")  # noqa: SIM115 - kept open
            self._writer = WARCWriter(self._fh, gzip=True)
            info = self._writer.create_warcinfo_record(
                self._name, {"software": f"newsledger/{__version__}", "format": "WARC/1.1"}
            )
            self._write(info)
        return self._writer

    def _write(self, record: object) -> int:
        """Write one record; the offset its gzip member starts at."""
        assert self._fh is not None and self._writer is not None
        offset = self._fh.tell()
        self._writer.write_record(record)
        self._fh.flush()
        return offset

    def write(self, exchange: Exchange, unchanged: bool = False) -> Pointer:
        """Archive one exchange (``unchanged``: as a revisit of the URL's last capture)."""
        writer = self._open()
        date = {"WARC-Date": _warc_date(exchange.when)}
        request = writer.create_warc_record(
            exchange.url,
            "request",
            payload=io.BytesIO(b""),
            length=0,
            warc_headers_dict=date,
            http_headers=_request_headers(exchange),
        )
        headers = _response_headers(exchange)
        if unchanged:
            record = writer.create_revisit_record(
                exchange.url,
                _payload_digest(exchange.body),
                exchange.url,
                date["WARC-Date"],
                http_headers=headers,
                warc_headers_dict=date,
            )
        else:
            record = writer.create_warc_record(
                exchange.url,
                "response",
                payload=io.BytesIO(exchange.body),
                length=len(exchange.body),
                warc_headers_dict=date,
                http_headers=headers,
            )
        record_id = record.rec_headers.get_header("WARC-Record-ID")
        request.rec_headers.add_header("WARC-Concurrent-To", record_id)
        offset = self._write(record)
        self._write(request)
        return Pointer(self._name, offset, record_id.strip("<>"))


def _request_headers(exchange: Exchange) -> StatusAndHeaders:
    path = exchange.url.split("/", 3)[3] if exchange.url.count("/") >= 3 else ""
    return StatusAndHeaders(
        f"GET /{path} {exchange.http_version}",
        list(exchange.request_headers),
        is_http_request=True,
    )


def _response_headers(exchange: Exchange) -> StatusAndHeaders:
    kept = [(k, v) for k, v in exchange.response_headers if k.lower() not in _DROPPED]
    kept.append(("Content-Length", str(len(exchange.body))))
    return StatusAndHeaders(
        f"{exchange.status} {exchange.reason}", kept, protocol=exchange.http_version
    )


def _payload_digest(body: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode()


def _warc_date(when: str) -> str:
    return dt.datetime.fromisoformat(when).strftime("%Y-%m-%dT%H:%M:%SZ")
