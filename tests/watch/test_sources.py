"""URLs as keys, the sources file, and what a fetched source lists (real feed fixtures too)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsledger.errors import ConfigError
from newsledger.ingest.fetch import retry_after
from newsledger.ingest.sources import Source, canonical_of_page, listing, load_sources
from newsledger.ingest.urls import BadURL, canonical_url
from tests.watch import corpus


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("HTTP://Example.COM:80/a?utm_source=x&id=3#top", "http://example.com/a?id=3"),
        ("https://example.com:443", "https://example.com/"),
        ("https://example.com/a?fbclid=1&gclid=2&utm_medium=m", "https://example.com/a"),
        ("https://example.com:8443/a?b=1&a=2", "https://example.com:8443/a?b=1&a=2"),
        ("http://[::1]:8000/x", "http://[::1]:8000/x"),
    ],
)
def test_canonical_urls(given: str, expected: str) -> None:
    assert canonical_url(given) == expected


def test_relative_and_bad_urls() -> None:
    assert canonical_url("../b?ref_src=t", "http://h.example/x/y/z") == "http://h.example/x/b"
    for bad in ("mailto:a@b.example", "javascript:alert(1)", "http://", "ftp://h.example/f"):
        with pytest.raises(BadURL):
            canonical_url(bad)


def test_a_page_names_its_canonical_url_on_its_own_site_only() -> None:
    report = corpus.reports()[0]
    own = corpus.article_html(report, canonical="/news/1?utm_campaign=c").decode()
    assert canonical_of_page(own, "http://h.example/amp/1") == "http://h.example/news/1"
    other = corpus.article_html(report, canonical="https://elsewhere.example/1").decode()
    assert canonical_of_page(other, "http://h.example/amp/1") == "http://h.example/amp/1"


def test_sources_file(tmp_path: Path) -> None:
    path = tmp_path / "sources.toml"
    path.write_text(
        '[[sources]]\nurl = "https://harbour-courier.example/feed.xml"\n'
        'outlet = "Harbour Courier"\n\n[[sources]]\nurl = "https://wire.example/"\n'
        'hosts = ["cdn.wire-media.example"]\n'
        '[[sources]]\nurl = "https://harbour-courier.example/feed.xml?utm_source=x"\n'
    )
    sources = load_sources(path)
    assert sources == [
        Source("https://harbour-courier.example/feed.xml", "Harbour Courier"),
        Source("https://wire.example/", None, ("cdn.wire-media.example",)),
    ]
    assert sources[1].follows("https://www.wire.example/a")
    assert sources[1].follows("https://img.cdn.wire-media.example/a")
    assert not sources[1].follows("https://evil.example/wire.example")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "sources = 3",
        "[[sources]]\noutlet = 'x'",
        "[[sources]]\nurl = 'ftp://x.example/'",
        "[[sources]]\nurl = 'https://x.example/'\ncolour = 'red'",
        "[[sources]\nurl = 'https://x.example/'",
    ],
)
def test_bad_sources_files(tmp_path: Path, text: str) -> None:
    path = tmp_path / "sources.toml"
    path.write_text(text)
    with pytest.raises(ConfigError):
        load_sources(path)


def test_listings_of_each_kind() -> None:
    base = "http://h.example/"
    feed = listing(corpus.rss("t", ["/a?utm_source=1", "/a?utm_source=2", "/b"]), base)
    assert feed.pages == ("http://h.example/a", "http://h.example/b")
    assert listing(corpus.sitemap(["http://h.example/s#x"]), base).pages == ("http://h.example/s",)
    index = (
        b'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<sitemap><loc>http://h.example/news.xml</loc></sitemap></sitemapindex>"
    )
    assert listing(index, base).feeds == ("http://h.example/news.xml",)
    assert listing(corpus.home_page("/rss"), base).feeds == ("http://h.example/rss",)
    assert listing(b"<html><body>no feed</body></html>", base).problem
    assert listing(b"{not json", base).problem
    assert listing(b"\x00\x01binary", base).problem


def test_listings_of_real_feeds(shared: Path) -> None:
    feeds = shared / "fixtures" / "feeds"
    atom = listing(
        (feeds / "sanitize_large_atom_feed_that_needs_css_sanitisation.xml").read_bytes(),
        "http://touchnokia.ru/",
    )
    assert len(atom.pages) == 15 and all(p.startswith("http://touchnokia.ru/") for p in atom.pages)
    assert listing((feeds / "json_example.json").read_bytes(), "https://example.org/").pages
    broken = listing(
        (feeds / "illformed_rss_item_link_corrupted_ampersands.xml").read_bytes(),
        "http://x.example/",
    )
    assert len(broken.pages) == 1


def test_retry_after() -> None:
    assert retry_after("120") == 120
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0  # in the past: at once
    assert retry_after("soon") is None and retry_after(None) is None
