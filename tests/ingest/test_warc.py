"""The WARC reader on real files from ../shared/fixtures/warc (see its README for the counts)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from newsledger.ingest import read_sources
from newsledger.records import Article, ErrorKind, Problem, Skip, SkipReason


def _read(path: Path, settings) -> tuple[list[Article], Counter, Counter]:
    items = list(read_sources([path], settings))
    articles = [i for i in items if isinstance(i, Article)]
    problems = Counter(i.kind for i in items if isinstance(i, Problem))
    skips = Counter(i.reason for i in items if isinstance(i, Skip))
    return articles, problems, skips


@pytest.fixture(scope="module")
def warc_dir(shared: Path) -> Path:
    return shared / "fixtures" / "warc"


def test_warc_clipped_news_record_gives_the_article(warc_dir: Path, settings) -> None:
    (article,), problems, _ = _read(warc_dir / "houstonpress-2016-clipped.warc.gz", settings)
    assert problems == {ErrorKind.TRUNCATED: 1}  # its gzip member stops early: said, and kept
    assert article.id == "f3dfa8fa-f031-4a38-90cc-1dcee3d07bb5"
    assert article.outlet == "Houston Press"
    assert article.url.startswith("http://www.houstonpress.com/music/")
    assert "Chance" in article.title
    assert len(article.raw_text.split()) > 300


def test_warc_common_crawl_excerpt_charsets(warc_dir: Path, settings) -> None:
    articles, problems, skips = _read(warc_dir / "cc-main-2020-34-excerpt.warc.gz", settings)
    # 16 HTML responses: each becomes an article or a counted problem; the rest are skipped.
    assert len(articles) + sum(problems.values()) == 16
    assert skips == {SkipReason.NOT_RESPONSE: 34}
    russian = next(a for a in articles if a.outlet == "01spb.ru")
    assert "О компании" in russian.raw_text  # windows-1251 from the HTTP header
    assert all("\ufffd" not in a.raw_text[:500] for a in articles)


def test_warc_0_18_euc_jp_with_lf_headers(warc_dir: Path, settings) -> None:
    articles, problems, _ = _read(warc_dir / "clueweb09-ja-quirk.warc.gz", settings)
    assert len(articles) == 29 and not problems
    assert all(a.outlet == "uraharajuku.st" for a in articles)
    assert any("吉田カバン" in (a.title or "") for a in articles)


def test_warc_browser_capture_skips_non_html_and_errors(warc_dir: Path, settings) -> None:
    articles, problems, skips = _read(warc_dir / "qq-homepage-2018-webrecorder.warc.gz", settings)
    assert skips[SkipReason.HTTP_STATUS] == 19
    assert skips[SkipReason.NOT_HTML] == 31
    assert skips[SkipReason.NOT_RESPONSE] == 52
    assert len(articles) + sum(problems.values()) == 2  # the two HTTP 200 HTML pages


@pytest.mark.parametrize(
    ("name", "articles", "problem", "skip"),
    [
        ("warcio-example.warc.gz", 1, None, SkipReason.REVISIT),
        ("warcio-trunc.warc", 1, None, SkipReason.NOT_RESPONSE),
        # one gzip member for the whole file is still gzip: every record is read
        ("warcio-bad-non-chunked.warc.gz", 1, None, SkipReason.REVISIT),
        # a record split over two gzip members: its body is lost (truncated), the stray
        # member is one malformed record, and the request after it is read
        ("warcio-wrong-chunks.warc.gz", 0, ErrorKind.MALFORMED, SkipReason.NOT_RESPONSE),
    ],
    ids=["revisit", "bad-content-length", "single-gzip-member", "bad-chunks"],
)
def test_warc_broken_files_keep_what_can_be_read(
    warc_dir: Path,
    settings,
    name: str,
    articles: int,
    problem: ErrorKind | None,
    skip: SkipReason | None,
) -> None:
    got, problems, skips = _read(warc_dir / "edge" / name, settings)
    assert len(got) == articles
    if problem is None:
        assert not problems
    else:
        assert problems[problem] == 1
    if skip is not None:
        assert skips[skip] >= 1


def test_warc_ids_are_stable(warc_dir: Path, settings) -> None:
    path = warc_dir / "clueweb09-ja-quirk.warc.gz"
    first = [a.key for a in _read(path, settings)[0]]
    assert first == [a.key for a in _read(path, settings)[0]]
