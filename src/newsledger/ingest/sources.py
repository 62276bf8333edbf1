"""Sources to watch (a TOML file) and the links a fetched source gives.

A source is a feed (RSS, Atom, RDF, JSON Feed), a news sitemap (or a sitemap index), or a
site's home page, whose feeds are found from its ``<link rel="alternate">`` tags. What a
source lists is read here; fetching is ``ingest.fetch``'s and storing the watch's.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import feedparser
import lxml.etree
import lxml.html

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

from newsledger.errors import ConfigError
from newsledger.ingest.urls import BadURL, canonical_url, host_of, site_of

MAX_LINKS = 1000  # links read from one source per poll: a runaway sitemap stops here
_SOURCE_KEYS = frozenset({"url", "outlet", "hosts"})
_FEED_LINK_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/feed+json",
        "application/json",
    }
)
_XML = lxml.etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)


@dataclass(frozen=True, slots=True)
class Source:
    """One entry of the sources file: its canonical URL, the outlet name to give its
    articles (None: the page's own), and further sites whose links it may follow."""

    url: str
    outlet: str | None = None
    hosts: tuple[str, ...] = ()

    def follows(self, url: str) -> bool:
        """Whether a link found through this source is fetched: same site, or listed."""
        site = site_of(host_of(url))
        allowed = {site_of(host_of(self.url)), *(site_of(h.lower()) for h in self.hosts)}
        return any(site == a or site.endswith("." + a) for a in allowed)


@dataclass(frozen=True, slots=True)
class Listing:
    """What one fetched source lists: article pages, and feeds or sitemaps to read next."""

    pages: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    problem: str | None = None


def load_sources(path: Path) -> list[Source]:
    """The sources of a TOML file (``[[sources]]`` tables), each URL once; ConfigError if
    the file cannot be read or an entry is not right."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read sources file {str(path)!r}: {exc}") from None
    entries = data.get("sources")
    if not isinstance(entries, list) or not entries:
        raise ConfigError(f"{str(path)!r} has no [[sources]] entries")
    sources: dict[str, Source] = {}
    for n, entry in enumerate(entries, 1):
        source = _source(entry, f"{path}: source {n}")
        sources.setdefault(source.url, source)
    return list(sources.values())


def _source(entry: Any, where: str) -> Source:
    if not isinstance(entry, dict):
        raise ConfigError(f"{where} is not a table")
    unknown = sorted(set(entry) - _SOURCE_KEYS)
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(unknown)}")
    url, outlet, hosts = entry.get("url"), entry.get("outlet"), entry.get("hosts", [])
    if not isinstance(url, str):
        raise ConfigError(f"{where}: url must be a string")
    if outlet is not None and not isinstance(outlet, str):
        raise ConfigError(f"{where}: outlet must be a string")
    if not isinstance(hosts, list) or not all(isinstance(h, str) for h in hosts):
        raise ConfigError(f"{where}: hosts must be a list of host names")
    try:
        return Source(canonical_url(url), outlet or None, tuple(hosts))
    except BadURL as exc:
        raise ConfigError(f"{where}: {exc}") from None


def listing(body: bytes, url: str) -> Listing:
    """The pages or feeds a source's body lists, by what the body is (not what it says)."""
    head = body[:512].lstrip().lower()
    if head.startswith(b"{"):
        return _json_feed(body, url)
    if head.startswith((b"<!doctype html", b"<html")):
        return _home_page(body, url)
    root = _xml_root(body)
    if root is not None and _local(root.tag) in ("urlset", "sitemapindex"):
        return _sitemap(root, url)
    return _feed(body, url)


def _links(candidates: list[str], base: str) -> tuple[str, ...]:
    """Canonical, distinct, in order, at most MAX_LINKS; what is not a URL is dropped."""
    found: dict[str, None] = {}
    for href in candidates:
        try:
            found.setdefault(canonical_url(href, base))
        except BadURL:
            continue
        if len(found) >= MAX_LINKS:
            break
    return tuple(found)


def _feed(body: bytes, url: str) -> Listing:
    parsed = feedparser.parse(body, sanitize_html=False, resolve_relative_uris=False)
    if not parsed.get("version") and not parsed.entries:
        return Listing(problem="neither a feed, a sitemap nor an HTML page")
    return Listing(pages=_links([e.get("link") or "" for e in parsed.entries], url))


def _json_feed(body: bytes, url: str) -> Listing:
    try:
        feed = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        return Listing(problem=f"not JSON: {exc}")
    items = feed.get("items") if isinstance(feed, dict) else None
    if not isinstance(items, list):
        return Listing(problem="a JSON document that is not a JSON Feed (no items)")
    hrefs = [i.get("url") for i in items if isinstance(i, dict)]
    return Listing(pages=_links([h for h in hrefs if isinstance(h, str)], url))


def _xml_root(body: bytes) -> Any:
    try:
        return lxml.etree.fromstring(body, _XML)
    except lxml.etree.XMLSyntaxError:
        return None


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _sitemap(root: Any, url: str) -> Listing:
    """A sitemap's pages, or a sitemap index's sitemaps."""
    locs = [
        (el.text or "").strip()
        for el in root.iter()
        if _local(el.tag) == "loc" and _local(el.getparent().tag) in ("url", "sitemap")
    ]
    if _local(root.tag) == "sitemapindex":
        return Listing(feeds=_links(locs, url))
    return Listing(pages=_links(locs, url))


def _home_page(body: bytes, url: str) -> Listing:
    """The feeds a home page announces with ``<link rel="alternate" type="...">``."""
    try:
        doc = lxml.html.fromstring(body)
    except (lxml.etree.ParserError, ValueError):
        return Listing(problem="an HTML page that cannot be parsed")
    hrefs = [
        link.get("href") or ""
        for link in doc.iter("link")
        if "alternate" in (link.get("rel") or "").lower().split()
        and (link.get("type") or "").lower().strip() in _FEED_LINK_TYPES
    ]
    feeds = _links(hrefs, url)
    return Listing(feeds=feeds) if feeds else Listing(problem="a page that announces no feed")


def canonical_of_page(html: str, url: str) -> str:
    """The canonical URL a page declares (``<link rel="canonical">``) on its own site, else
    ``url``: a page cannot claim to be another site's article."""
    try:
        doc = lxml.html.fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return url
    for link in doc.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            try:
                canonical = canonical_url(link.get("href") or "", url)
            except BadURL:
                return url
            same = site_of(host_of(canonical)) == site_of(host_of(url))
            return canonical if same else url
    return url
