"""JSON lines reader: one article object per line, with ``text`` or ``html``.

Every line is its own record: one that cannot be read (not JSON, nested too deeply, a number
of thousands of digits, text that is not valid Unicode, over ``max_line_mb``) becomes a
Problem with its line number and the lines after it are read. Runs of blank lines are skipped
without looking at them one by one, so a stream of newlines costs what reading it costs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from newsledger.config import Settings
from newsledger.ingest.decode import Gunzip, InputProblem, Plain, json_value, lone_surrogate
from newsledger.ingest.html import article_from_html
from newsledger.ingest.inputs import Input
from newsledger.ingest.metadata import outlet_from_url, parse_published
from newsledger.ingest.text import content_id
from newsledger.records import Article, ErrorKind, Problem, SourceFormat

_TEXT_FIELDS = ("id", "url", "outlet", "title", "author", "language")
_READ = 1 << 20
_NOT_BLANK = re.compile(rb"[^ \t\r\n\x0b\x0c]")


def read_jsonl(source: Input, settings: Settings) -> Iterator[Article | Problem]:
    """Yield one article per JSON line; bad lines become Problems and the file goes on."""
    fh = source.open_raw()
    with fh:
        lines = 0
        for number, line in _lines(source.stream(fh, settings), settings.max_line_bytes):
            lines = number
            position = f"line {number}"
            if line is None:
                yield Problem(
                    source.name,
                    position,
                    ErrorKind.TOO_LARGE,
                    f"line is over {settings.max_line_bytes:,} bytes "
                    "(raise max_line_mb to read it)",
                )
                continue
            if isinstance(line, InputProblem):
                yield Problem(source.name, position, line.kind, f"{line.message} (at this line)")
                return
            try:
                yield article_from_object(
                    _parse(line), source=source.name, position=position, settings=settings
                )
            except InputProblem as problem:
                yield Problem(source.name, position, problem.kind, problem.message)
        if lines == 0:
            raise InputProblem(ErrorKind.EMPTY, "the file holds no JSON lines")


def _lines(stream: Gunzip | Plain, limit: int) -> Iterator[tuple[int, bytes | InputProblem | None]]:
    """(line number, line) for every line that is not blank; None for a line over ``limit``
    bytes (skipped without keeping it), and an InputProblem last if the stream breaks."""
    buffer = b""
    number = 1  # the number of the line ``buffer`` starts in
    skipping = False  # inside a line over the limit, reading to its end
    ended = False
    while True:
        start = 0
        while True:
            if not skipping:
                found = _NOT_BLANK.search(buffer, start)
                if found is None:
                    number += buffer.count(b"\n", start)
                    start = len(buffer)
                    break
                number += buffer.count(b"\n", start, found.start())
                start = found.start()
            end = buffer.find(b"\n", start)
            if end < 0:
                if len(buffer) - start > limit and not skipping:
                    skipping = True
                    yield number, None
                if skipping:
                    start = len(buffer)
                break
            if skipping:
                skipping = False
            elif end - start > limit:
                yield number, None
            else:
                yield number, buffer[start:end]
            number += 1
            start = end + 1
        buffer = buffer[start:]
        if ended:
            if buffer.strip() and not skipping:
                yield number, buffer
            return
        try:
            chunk = stream.read(_READ)
        except InputProblem as problem:
            yield number, problem
            return
        ended = not chunk
        buffer += chunk


def _parse(line: bytes) -> dict[str, Any]:
    try:
        text = line.decode("utf-8-sig", errors="strict")
    except UnicodeDecodeError as exc:
        raise InputProblem(ErrorKind.ENCODING, f"line is not UTF-8: {exc}") from None
    value = json_value(text)
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
    text, html = _valid(obj.get("text"), "text"), _valid(obj.get("html"), "html")
    if isinstance(text, str) and text.strip():
        return Article(
            id=fields["id"] or content_id(text),
            raw_text=text,
            source=source,
            position=position,
            format=SourceFormat.JSONL,
            url=fields["url"],
            outlet=fields["outlet"] or outlet_from_url(fields["url"]),
            title=fields["title"],
            author=fields["author"],
            published=parse_published(_valid(obj.get("published"), "published")),
            language=fields["language"],
        )
    if isinstance(html, str) and html.strip():
        page = article_from_html(
            html,
            article_id=fields["id"] or content_id(html),
            source=source,
            position=position,
            url=fields["url"],
            fmt=SourceFormat.JSONL,
            settings=settings,
        )
        return _prefer_given(page, fields, _valid(obj.get("published"), "published"))
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


def _valid(value: object, name: str) -> object:
    """``value``, unless it is a string that is not valid Unicode."""
    problem = lone_surrogate(value, f"field {name}")
    if problem is not None:
        raise problem
    return value


def _optional_str(obj: dict[str, Any], name: str) -> str | None:
    value = _valid(obj.get(name), name)
    if value is None:
        return None
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        text = str(value).strip()
        return text or None
    raise InputProblem(
        ErrorKind.BAD_RECORD, f"field {name} must be a string, got {type(value).__name__}"
    )
