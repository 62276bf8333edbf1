"""JSON lines reader: one article object per line, with ``text`` or ``html``."""

from __future__ import annotations

import gzip
import hashlib
import json
import zlib
from collections.abc import Iterator
from dataclasses import replace
from io import BufferedIOBase
from pathlib import Path
from typing import Any

from newsledger.config import Settings
from newsledger.ingest.decode import InputProblem, is_gzip, unreadable
from newsledger.ingest.html import article_from_html
from newsledger.ingest.metadata import outlet_from_url, parse_published
from newsledger.records import Article, ErrorKind, Problem, SourceFormat

_TEXT_FIELDS = ("id", "url", "outlet", "title", "author", "language")


def read_jsonl(path: Path, settings: Settings) -> Iterator[Article | Problem]:
    """Yield one article per JSON line; bad lines become Problems and the file goes on."""
    source = str(path)
    opener = gzip.open if is_gzip(path) else open
    try:
        with opener(path, "rb") as fh:
            yield from _read_lines(fh, source, settings)
    except OSError as exc:
        raise unreadable(exc) from None


def _read_lines(fh: BufferedIOBase, source: str, settings: Settings) -> Iterator[Article | Problem]:
    limit = settings.max_line_bytes
    number = 0
    while True:
        number += 1
        try:
            line = fh.readline(limit + 1)
            if len(line) > limit and not line.endswith(b"\n"):
                _skip_rest_of_line(fh)
                yield Problem(
                    source,
                    f"line {number}",
                    ErrorKind.TOO_LARGE,
                    f"line is over {limit:,} bytes (raise max_line_mb to read it)",
                )
                continue
        except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
            yield Problem(
                source,
                f"line {number}",
                ErrorKind.TRUNCATED,
                f"compressed stream ends early ({exc}); lines before it were read",
            )
            return
        if not line:
            return
        if not line.strip():
            continue
        try:
            yield article_from_object(
                _parse(line), source=source, position=f"line {number}", settings=settings
            )
        except InputProblem as problem:
            yield Problem(source, f"line {number}", problem.kind, problem.message)


def _skip_rest_of_line(fh: BufferedIOBase) -> None:
    while (chunk := fh.readline(1 << 20)) and not chunk.endswith(b"\n"):
        pass


def _parse(line: bytes) -> dict[str, Any]:
    try:
        value = json.loads(line.decode("utf-8-sig", errors="strict"))
    except UnicodeDecodeError as exc:
        raise InputProblem(ErrorKind.ENCODING, f"line is not UTF-8: {exc}") from None
    except json.JSONDecodeError as exc:
        raise InputProblem(ErrorKind.BAD_RECORD, f"not JSON: {exc}") from None
    if not isinstance(value, dict):
        raise InputProblem(
            ErrorKind.BAD_RECORD, f"expected a JSON object, got {type(value).__name__}"
        )
    return value


def article_from_object(
    obj: dict[str, Any], *, source: str, position: str, settings: Settings
) -> Article:
    """An Article from a JSON object with ``text`` or ``html`` and optional metadata."""
    fields = {name: _optional_str(obj, name) for name in _TEXT_FIELDS}
    text, html = obj.get("text"), obj.get("html")
    if isinstance(text, str) and text.strip():
        article_id = fields["id"] or "sha-" + hashlib.sha256(text.encode()).hexdigest()[:16]
        return Article(
            id=article_id,
            raw_text=text,
            source=source,
            position=position,
            format=SourceFormat.JSONL,
            url=fields["url"],
            outlet=fields["outlet"] or outlet_from_url(fields["url"]),
            title=fields["title"],
            author=fields["author"],
            published=parse_published(obj.get("published")),
            language=fields["language"],
        )
    if isinstance(html, str) and html.strip():
        article_id = fields["id"] or "sha-" + hashlib.sha256(html.encode()).hexdigest()[:16]
        page = article_from_html(
            html,
            article_id=article_id,
            source=source,
            position=position,
            url=fields["url"],
            fmt=SourceFormat.JSONL,
            settings=settings,
        )
        return _prefer_given(page, fields, obj.get("published"))
    if text is not None and not isinstance(text, str):
        raise InputProblem(
            ErrorKind.BAD_RECORD, f"field text must be a string, got {type(text).__name__}"
        )
    raise InputProblem(ErrorKind.EMPTY, "the object has no text or html")


def _prefer_given(page: Article, fields: dict[str, str | None], published: object) -> Article:
    """Metadata given in the JSON object wins over what was found in its HTML."""
    return replace(
        page,
        outlet=fields["outlet"] or page.outlet,
        title=fields["title"] or page.title,
        author=fields["author"] or page.author,
        published=parse_published(published) or page.published,
        language=fields["language"] or page.language,
    )


def _optional_str(obj: dict[str, Any], name: str) -> str | None:
    value = obj.get(name)
    if value is None:
        return None
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        text = str(value).strip()
        return text or None
    raise InputProblem(
        ErrorKind.BAD_RECORD, f"field {name} must be a string, got {type(value).__name__}"
    )
