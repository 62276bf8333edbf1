"""Feed readers: RSS, Atom and RDF with feedparser; JSON Feed by its published spec."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import feedparser

from newsledger.config import Settings
from newsledger.ingest.decode import (
    InputProblem,
    declared_charset,
    decode,
    json_value,
    printable,
    xml_safe,
)
from newsledger.ingest.html import fragment_text
from newsledger.ingest.inputs import Input
from newsledger.ingest.metadata import outlet_from_url, parse_published
from newsledger.ingest.text import content_id
from newsledger.records import Article, ErrorKind, Item, Problem, Skip, SkipReason, SourceFormat

LOGGER = logging.getLogger(__name__)
JSON_FEED_PREFIX = "https://jsonfeed.org/version/"
_PROLOG_ENCODING = re.compile(r"""^(\s*<\?xml[^>]*?encoding\s*=\s*["'])[^"']*""")


def read_feed(source: Input, settings: Settings) -> Iterator[Item]:
    """Yield an article per feed item with a body; a malformed feed also yields a Problem."""
    loaded = source.read_whole(settings)
    name = source.name
    if loaded.truncated:
        yield Problem(name, "", ErrorKind.TRUNCATED, loaded.truncated)
    if not loaded.data.strip():
        raise InputProblem(ErrorKind.EMPTY, "the file is empty")
    if loaded.data.lstrip()[:1] == b"{":
        yield from read_json_feed_bytes(loaded.data, name)
        return
    data = _xml_clean(loaded.data)
    if data is not loaded.data:
        yield Problem(
            name,
            "",
            ErrorKind.MALFORMED,
            "the feed holds characters XML forbids (NUL or control bytes); they were read as "
            "spaces",
        )
    parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=False)
    if parsed.get("bozo"):
        problem = parsed.get("bozo_exception")
        yield Problem(
            name,
            "",
            ErrorKind.MALFORMED,
            f"feed is not well-formed ({type(problem).__name__}: {printable(str(problem), 200)}); "
            f"{len(parsed.entries)} item(s) recovered",
        )
    if not parsed.entries:
        if not parsed.get("version") and not parsed.get("bozo"):
            raise InputProblem(ErrorKind.EMPTY, "no feed found in the file")
        if parsed.get("version"):
            yield Skip(name, "", SkipReason.EMPTY_FEED)
        return
    outlet = _text(parsed.feed.get("title")) or outlet_from_url(_text(parsed.feed.get("link")))
    language = _text(parsed.feed.get("language"))
    for index, entry in enumerate(parsed.entries, 1):

        def item(entry: Mapping[str, Any] = entry, index: int = index) -> Article | Skip:
            return _feed_article(
                name,
                f"item {index}",
                SourceFormat.FEED,
                _entry_body(entry),
                ident=_text(entry.get("id")) or _text(entry.get("link")),
                url=_text(entry.get("link")),
                outlet=outlet,
                title=_text(entry.get("title")),
                author=_text(entry.get("author")),
                published=_text(entry.get("published")) or _text(entry.get("updated")),
                language=language,
            )

        yield _isolated(item, name, f"item {index}")


def _xml_clean(data: bytes) -> bytes:
    """The feed without the characters XML forbids (a NUL stops feedparser, a control byte
    lxml): decoded, those blanked, and written back as UTF-8 with a prolog that says so.
    The very same object when it holds none of them."""
    text = decode(data, declared_charset(data))
    safe = xml_safe(text)
    if safe == text:
        return data
    return _PROLOG_ENCODING.sub(r"\g<1>utf-8", safe, count=1).encode("utf-8")


def _isolated(make: Callable[[], Item], source: str, position: str) -> Item:
    """One item, or the Problem that stopped it: one bad item never loses the feed."""
    try:
        return make()
    except InputProblem as problem:
        return Problem(source, position, problem.kind, problem.message)
    except Exception as exc:  # a parser bug on one item must not end the feed
        LOGGER.debug("feed item %s of %s failed", position, source, exc_info=True)
        return Problem(
            source,
            position,
            ErrorKind.INTERNAL,
            f"newsledger failed on this item ({type(exc).__name__}: {exc}); please report it",
        )


def _entry_body(entry: Mapping[str, Any]) -> str:
    """The fullest body an item has: content:encoded / Atom content, else its summary."""
    contents = entry.get("content") or []
    html = max((c.get("value") or "" for c in contents), key=len, default="")
    return fragment_text(html or entry.get("summary") or entry.get("description") or "")


def read_json_feed_bytes(data: bytes, source: str) -> Iterator[Item]:
    """Yield an article per JSON Feed item that has ``content_text`` or ``content_html``."""
    feed = json_value(decode(data))
    if not isinstance(feed, dict) or not str(feed.get("version", "")).startswith(JSON_FEED_PREFIX):
        raise InputProblem(
            ErrorKind.UNSUPPORTED,
            f"a JSON file that is not a JSON Feed (no version {JSON_FEED_PREFIX}...)",
        )
    items = feed.get("items")
    if not isinstance(items, list):
        raise InputProblem(ErrorKind.BAD_RECORD, "JSON Feed has no list of items")
    outlet = _text(feed.get("title")) or outlet_from_url(_text(feed.get("home_page_url")))
    language = _text(feed.get("language"))
    for index, entry in enumerate(items, 1):
        position = f"item {index}"
        if not isinstance(entry, dict):
            yield Problem(source, position, ErrorKind.BAD_RECORD, "item is not a JSON object")
            continue

        def item(entry: dict[str, Any] = entry, position: str = position) -> Article | Skip:
            body = _text(entry.get("content_text")) or fragment_text(
                _text(entry.get("content_html")) or ""
            )
            if not body:
                body = _text(entry.get("summary")) or ""
            author = entry.get("author")
            return _feed_article(
                source,
                position,
                SourceFormat.JSON_FEED,
                body,
                ident=_text(entry.get("id")),
                url=_text(entry.get("url")),
                outlet=outlet,
                title=_text(entry.get("title")),
                author=_text(author.get("name")) if isinstance(author, dict) else None,
                published=_text(entry.get("date_published")),
                language=language,
            )

        yield _isolated(item, source, position)


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
    return Article(
        id=ident or content_id(body),
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
