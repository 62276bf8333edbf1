"""Feed readers: RSS, Atom and RDF with feedparser; JSON Feed by its published spec."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import feedparser

from newsledger.config import Settings
from newsledger.ingest.decode import InputProblem, decode, read_whole
from newsledger.ingest.html import fragment_text
from newsledger.ingest.metadata import outlet_from_url, parse_published
from newsledger.records import Article, ErrorKind, Problem, Skip, SkipReason, SourceFormat

JSON_FEED_PREFIX = "https://jsonfeed.org/version/"


def read_feed(path: Path, settings: Settings) -> Iterator[Article | Problem | Skip]:
    """Yield an article per feed item with a body; a malformed feed also yields a Problem."""
    source = str(path)
    loaded = read_whole(path, settings.max_file_bytes)
    if loaded.truncated:
        yield Problem(source, "", ErrorKind.TRUNCATED, loaded.truncated)
    if not loaded.data.strip():
        raise InputProblem(ErrorKind.EMPTY, "the file is empty")
    if loaded.data.lstrip()[:1] == b"{":
        yield from read_json_feed_bytes(loaded.data, source)
        return
    parsed = feedparser.parse(loaded.data, sanitize_html=True, resolve_relative_uris=False)
    if parsed.get("bozo"):
        problem = parsed.get("bozo_exception")
        yield Problem(
            source,
            "",
            ErrorKind.MALFORMED,
            f"feed is not well-formed ({type(problem).__name__}: {problem}); "
            f"{len(parsed.entries)} item(s) recovered",
        )
    if not parsed.entries:
        if not parsed.get("version") and not parsed.get("bozo"):
            raise InputProblem(ErrorKind.EMPTY, "no feed found in the file")
        if parsed.get("version"):
            yield Skip(source, "", SkipReason.EMPTY_FEED)
        return
    outlet = parsed.feed.get("title") or outlet_from_url(parsed.feed.get("link"))
    for index, entry in enumerate(parsed.entries, 1):
        body = _entry_body(entry)
        yield _feed_article(
            source,
            f"item {index}",
            SourceFormat.FEED,
            body,
            ident=entry.get("id") or entry.get("link"),
            url=entry.get("link"),
            outlet=outlet,
            title=entry.get("title"),
            author=entry.get("author"),
            published=entry.get("published") or entry.get("updated"),
            language=parsed.feed.get("language"),
        )


def _entry_body(entry: Mapping[str, Any]) -> str:
    """The fullest body an item has: content:encoded / Atom content, else its summary."""
    contents = entry.get("content") or []
    html = max((c.get("value") or "" for c in contents), key=len, default="")
    return fragment_text(html or entry.get("summary") or entry.get("description") or "")


def read_json_feed_bytes(data: bytes, source: str) -> Iterator[Article | Problem | Skip]:
    """Yield an article per JSON Feed item that has ``content_text`` or ``content_html``."""
    try:
        feed = json.loads(decode(data))
    except json.JSONDecodeError as exc:
        raise InputProblem(ErrorKind.BAD_RECORD, f"not JSON: {exc}") from None
    if not isinstance(feed, dict) or not str(feed.get("version", "")).startswith(JSON_FEED_PREFIX):
        raise InputProblem(
            ErrorKind.UNSUPPORTED,
            f"a JSON file that is not a JSON Feed (no version {JSON_FEED_PREFIX}...)",
        )
    items = feed.get("items")
    if not isinstance(items, list):
        raise InputProblem(ErrorKind.BAD_RECORD, "JSON Feed has no list of items")
    outlet = _text(feed.get("title")) or outlet_from_url(_text(feed.get("home_page_url")))
    for index, item in enumerate(items, 1):
        position = f"item {index}"
        if not isinstance(item, dict):
            yield Problem(source, position, ErrorKind.BAD_RECORD, "item is not a JSON object")
            continue
        body = _text(item.get("content_text")) or fragment_text(
            _text(item.get("content_html")) or ""
        )
        if not body:
            body = _text(item.get("summary")) or ""
        author = item.get("author") if isinstance(item.get("author"), dict) else {}
        yield _feed_article(
            source,
            position,
            SourceFormat.JSON_FEED,
            body,
            ident=_text(item.get("id")),
            url=_text(item.get("url")),
            outlet=outlet,
            title=_text(item.get("title")),
            author=_text(author.get("name")),
            published=_text(item.get("date_published")),
            language=_text(feed.get("language")),
        )


def _feed_article(
    source: str,
    position: str,
    fmt: SourceFormat,
    body: str,
    *,
    ident: str | None,
    url: str | None,
    outlet: str | None,
    title: str | None,
    author: str | None,
    published: str | None,
    language: str | None,
) -> Article | Skip:
    if not body.strip():
        return Skip(source, position, SkipReason.NO_BODY)
    article_id = ident or "sha-" + hashlib.sha256(body.encode()).hexdigest()[:16]
    return Article(
        id=article_id,
        raw_text=body,
        source=source,
        position=position,
        format=fmt,
        url=url,
        outlet=outlet,
        title=title,
        author=author,
        published=parse_published(published),
        language=language,
    )


def _text(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None
