from __future__ import annotations

import gzip
from pathlib import Path

from newsledger.ingest import read_sources
from newsledger.ingest.html import fragment_text
from newsledger.records import Article, ErrorKind, Problem, SourceFormat

EXAMPLE = (
    Path(__file__).resolve().parents[2] / "src" / "newsledger" / "examples" / "baltic-wire.html"
)


def test_html_example_page_main_text_and_metadata(settings) -> None:
    (article,) = list(read_sources([EXAMPLE], settings))
    assert isinstance(article, Article)
    assert article.id == "baltic-wire"
    assert article.format is SourceFormat.HTML
    assert article.outlet == "Baltic Wire"
    assert article.title == "Depot fire in Varnhelm under control, says fire chief"
    assert article.author == "Liisa Kangas"
    assert article.published is not None and article.published.startswith("2025-03-11")
    assert article.url == "https://balticwire.example/news/varnhelm-depot-fire"
    assert article.language == "en"
    assert "We were lucky with the wind" in article.raw_text
    # navigation, asides and footers are not article text
    assert "Most read" not in article.raw_text and "All rights reserved" not in article.raw_text


def test_html_real_pages_gz_ids_and_text(shared: Path, settings) -> None:
    pages = sorted((shared / "eval" / "html" / "pages").glob("*.html.gz"))[:5]
    items = list(read_sources(pages, settings))
    assert [i.id for i in items if isinstance(i, Article)] == [p.name[:-8] for p in pages]
    assert all(len(i.raw_text) > 200 for i in items if isinstance(i, Article))


def test_html_charset_from_meta(tmp_path: Path, settings) -> None:
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'
        "<title>Новости</title></head><body><article><p>"
        + "Министр сказал, что 12 000 солдат прибыли в регион. " * 8
        + "</p></article></body></html>"
    )
    (tmp_path / "ru.html.gz").write_bytes(gzip.compress(page.encode("cp1251")))
    (article,) = list(read_sources([tmp_path / "ru.html.gz"], settings))
    assert "Министр сказал" in article.raw_text


def test_html_page_without_text_is_an_empty_problem(tmp_path: Path, settings) -> None:
    (tmp_path / "nav.html").write_text(
        "<html><head><script>var a = 1;</script></head><body></body></html>"
    )
    (problem,) = list(read_sources([tmp_path / "nav.html"], settings))
    assert isinstance(problem, Problem) and problem.kind is ErrorKind.EMPTY


def test_html_fragment_text_keeps_blocks_and_drops_scripts() -> None:
    text = fragment_text("<p>First <b>para</b>.</p><script>alert(1)</script><p>Second.</p>")
    assert text == "First para.\nSecond."
