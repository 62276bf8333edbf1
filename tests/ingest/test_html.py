from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from trafilatura.settings import Document

from newsledger.config import Settings
from newsledger.errors import ConfigError
from newsledger.ingest import html as html_reader
from newsledger.ingest import read_sources
from newsledger.ingest.html import fragment_text, keeps_enough, main_text
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


def _fake_extract(texts: dict[str, str], calls: list[str]):
    """An ``extract`` stand-in that gives ``texts[focus]`` and records the focuses asked for."""

    def extract(html: str, url: str | None, focus: str, **options: object) -> Document:
        calls.append(focus)
        return Document(text=texts[focus])

    return extract


def test_html_precise_text_that_lost_most_of_the_page_gives_way_to_balanced(monkeypatch) -> None:
    calls: list[str] = []
    texts = {"precision": "Lead.", "balanced": "Lead. " + "The body of the article. " * 20}
    monkeypatch.setattr(html_reader, "extract", _fake_extract(texts, calls))
    doc = main_text("<html></html>", None, Settings())
    assert doc is not None and doc.text == texts["balanced"]
    assert calls == ["precision", "balanced"]


def test_html_precise_text_is_kept_when_it_trims_a_little_or_the_guard_is_off(monkeypatch) -> None:
    texts = {"precision": "Body. " * 20, "balanced": "Body. " * 20 + "Related: more. " * 5}
    monkeypatch.setattr(html_reader, "extract", _fake_extract(texts, []))
    assert main_text("<html></html>", None, Settings()).text == texts["precision"]
    texts["precision"] = "Lead."
    off = Settings(html_min_share=0)
    assert main_text("<html></html>", None, off).text == "Lead."


def test_html_other_focuses_run_one_extraction(monkeypatch) -> None:
    calls: list[str] = []
    texts = {"balanced": "Body.", "recall": "Body and more."}
    monkeypatch.setattr(html_reader, "extract", _fake_extract(texts, calls))
    assert main_text("<html></html>", None, Settings(html_focus="recall")).text == "Body and more."
    assert calls == ["recall"]


def test_html_keeps_enough_compares_text_lengths() -> None:
    assert keeps_enough("a" * 50, "b" * 100, 50)
    assert not keeps_enough("a" * 49, "b" * 100, 50)
    assert keeps_enough("", "", 50) and keeps_enough("", "b" * 100, 0)


def test_html_extraction_settings_are_checked_and_read_from_the_environment() -> None:
    with pytest.raises(ConfigError, match="html_focus"):
        Settings(html_focus="everything")
    with pytest.raises(ConfigError, match="html_min_share"):
        Settings(html_min_share=101)
    env = {"NEWSLEDGER_HTML_FOCUS": "balanced", "NEWSLEDGER_HTML_MIN_SHARE": "0"}
    assert Settings.from_env(env).html_focus == "balanced"
    assert Settings.from_env(env).html_min_share == 0
