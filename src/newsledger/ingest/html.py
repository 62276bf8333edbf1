"""HTML reader: main text and metadata with trafilatura (its metadata dates come from htmldate)."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from typing import Any

import lxml.html
import trafilatura
from lxml.etree import ParserError
from trafilatura.settings import Document

from newsledger.config import Settings
from newsledger.ingest.decode import InputProblem, declared_charset, decode, xml_safe
from newsledger.ingest.inputs import Input
from newsledger.ingest.metadata import outlet_from_url, parse_published
from newsledger.ingest.text import content_id
from newsledger.records import Article, ErrorKind, Problem, SourceFormat
from newsledger.vocabulary import HtmlFocus

LOGGER = logging.getLogger(__name__)
_HTML_LANG = re.compile(r"""<html[^>]{0,300}?\blang\s*=\s*["']?([A-Za-z]{2,3})""", re.I)
# Chosen by cross-validation over sites (scripts/tune_extraction.py, docs/extraction.md):
# no comments, tables and trafilatura's fallbacks kept; the focus is the html_focus setting.
EXTRACT_OPTIONS: dict[str, Any] = {"include_comments": False, "with_metadata": True}
FOCUS_OPTIONS: dict[HtmlFocus, dict[str, Any]] = {
    HtmlFocus.PRECISION: {"favor_precision": True},
    HtmlFocus.BALANCED: {},
    HtmlFocus.RECALL: {"favor_recall": True},
}
_BLOCKS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr")


def read_html(source: Input, settings: Settings) -> Iterator[Article | Problem]:
    """Yield the article in an ``.html``/``.htm`` file (optionally gzipped)."""
    loaded = source.read_whole(settings)
    if loaded.truncated:
        yield Problem(source.name, "", ErrorKind.TRUNCATED, loaded.truncated)
    html = decode(loaded.data, declared_charset(loaded.data))
    yield article_from_html(
        html, article_id=source.stem or content_id(html), source=source.name, settings=settings
    )


def article_from_html(
    html: str,
    *,
    article_id: str,
    source: str,
    position: str = "",
    url: str | None = None,
    fmt: SourceFormat = SourceFormat.HTML,
    settings: Settings,
) -> Article:
    """Extract the main text and metadata of one page, or raise InputProblem(EMPTY).

    Characters that lxml refuses (control characters) are blanked first, so one stray byte
    does not lose a page; a page the extractor still cannot parse is MALFORMED.
    """
    if not html.strip():
        raise InputProblem(ErrorKind.EMPTY, "the page is empty")
    html = xml_safe(html)
    try:
        doc = main_text(html, url, settings)
    except (ValueError, TypeError, ParserError, RecursionError, LookupError) as exc:
        raise InputProblem(
            ErrorKind.MALFORMED, f"HTML could not be parsed ({type(exc).__name__}: {exc})"
        ) from None
    text = _text(doc)
    if doc is None or not text.strip():
        raise InputProblem(ErrorKind.EMPTY, "no main text found in the page")
    page_url = url or doc.url
    lang = _HTML_LANG.search(html[:4096])
    return Article(
        id=article_id,
        raw_text=text,
        source=source,
        position=position,
        format=fmt,
        url=page_url,
        outlet=doc.sitename or outlet_from_url(page_url),
        title=doc.title,
        author=doc.author,
        published=parse_published(doc.date),
        language=lang.group(1).lower() if lang else None,
    )


def main_text(html: str, url: str | None, settings: Settings) -> Document | None:
    """trafilatura's document in the ``html_focus``; a precise one that kept less than
    ``html_min_share`` % of the balanced one's text gives way to the balanced one."""
    doc = extract(html, url, settings.html_focus)
    if settings.html_focus is not HtmlFocus.PRECISION or not settings.html_min_share:
        return doc
    balanced = extract(html, url, HtmlFocus.BALANCED)
    return doc if keeps_enough(_text(doc), _text(balanced), settings.html_min_share) else balanced


def extract(html: str, url: str | None, focus: HtmlFocus, **options: Any) -> Document | None:
    """trafilatura's document (or None) with newsledger's options, ``options`` overriding."""
    chosen = {**EXTRACT_OPTIONS, **FOCUS_OPTIONS[focus], **options}
    doc = trafilatura.bare_extraction(html, url=url, **chosen)
    return doc if isinstance(doc, Document) else None


def keeps_enough(precise: str, balanced: str, min_share: int) -> bool:
    """Whether ``precise`` holds at least ``min_share`` % of the characters of ``balanced``."""
    return len(precise.strip()) * 100 >= min_share * len(balanced.strip())


def _text(doc: Document | None) -> str:
    return (doc.text or "") if doc is not None else ""


def fragment_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed summary), one line per block element."""
    fragment = xml_safe(fragment)
    if "<" not in fragment:
        return fragment.strip()
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (ParserError, ValueError):
        return re.sub(r"<[^>]*>", " ", fragment).strip()
    for bad in list(root.iter("script", "style")):
        bad.drop_tree()
    for element in root.iter(*_BLOCKS):
        element.tail = "\n" + (element.tail or "")
    lines = (re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in root.text_content().split("\n"))
    return "\n".join(line for line in lines if line)
