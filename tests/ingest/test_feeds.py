"""Feed readers on feedparser's own test feeds in ../shared/fixtures/feeds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsledger.ingest import read_sources
from newsledger.records import Article, ErrorKind, Problem, Skip, SkipReason, SourceFormat


@pytest.fixture(scope="module")
def feeds(shared: Path) -> Path:
    return shared / "fixtures" / "feeds"


def test_feeds_every_fixture_reads_without_crashing(feeds: Path, settings) -> None:
    items = list(read_sources([feeds], settings))
    assert not [i for i in items if isinstance(i, Problem) and i.kind is ErrorKind.INTERNAL]
    assert sum(isinstance(i, Article) for i in items) >= 20


def test_feeds_atom_content_becomes_article_text(feeds: Path, settings) -> None:
    path = feeds / "sanitize_large_atom_feed_that_needs_css_sanitisation.xml"
    articles = [i for i in read_sources([path], settings) if isinstance(i, Article)]
    assert len(articles) == 15
    assert all(a.format is SourceFormat.FEED and a.url and a.published for a in articles)
    assert all("<" not in a.raw_text[:200] for a in articles)  # markup turned into text


@pytest.mark.parametrize(
    "name",
    [
        "illformed_rss_incomplete_cdata.xml",
        "illformed_undeclared_namespace.xml",
        "encoding_bozo_invalid-bytes-with-bom.xml",
        "illformed_rss_empty_document.xml",
    ],
)
def test_feeds_malformed_feed_is_a_counted_problem(feeds: Path, settings, name: str) -> None:
    items = list(read_sources([feeds / name], settings))
    assert any(isinstance(i, Problem) and i.kind is ErrorKind.MALFORMED for i in items)


def test_feeds_item_without_body_is_skipped_and_counted(feeds: Path, settings) -> None:
    items = list(read_sources([feeds / "namespace_rss2.0withAtomNS.xml"], settings))
    assert items == [
        Skip(str(feeds / "namespace_rss2.0withAtomNS.xml"), "item 1", SkipReason.NO_BODY)
    ]


def test_feeds_json_feed(feeds: Path, settings) -> None:
    articles = list(read_sources([feeds / "json_example.json"], settings))
    assert {a.id for a in articles} == {"1", "2"}
    assert all(
        a.format is SourceFormat.JSON_FEED and a.outlet == "My Example Feed" for a in articles
    )


def test_feeds_json_that_is_not_a_feed(tmp_path: Path, settings) -> None:
    (tmp_path / "data.json").write_text(json.dumps({"hello": "world"}))
    (problem,) = list(read_sources([tmp_path / "data.json"], settings))
    assert problem.kind is ErrorKind.UNSUPPORTED
