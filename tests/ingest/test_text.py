from __future__ import annotations

from pathlib import Path

import pytest

from newsledger.ingest import read_sources
from newsledger.ingest.inputs import stem_of
from newsledger.ingest.text import headline_of
from newsledger.records import Article, ErrorKind, Problem


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "Fire at depot forces thousands out\nA fire broke out on Sunday.",
            "Fire at depot forces thousands out",
        ),
        ("A fire broke out on Sunday at the depot.\nMore text follows.", None),
        ("Only one line, no body", None),
        ('Mayor: "We will rebuild"\nThe mayor spoke on Monday.', None),
    ],
    ids=["headline", "sentence-first-line", "single-line", "quote-line"],
)
def test_text_headline(text: str, title: str | None) -> None:
    assert headline_of(text) == title


def test_text_headline_stays_in_the_analysed_text(tmp_path: Path, settings) -> None:
    """A headline's figures are claims too: the title is kept and the text still holds it."""
    (tmp_path / "quake.txt").write_text("Quake Kills 10; 80 Hurt\nA quake struck on Sunday.\n")
    (article,) = list(read_sources([tmp_path / "quake.txt"], settings))
    assert isinstance(article, Article)
    assert article.title == "Quake Kills 10; 80 Hurt"
    assert article.raw_text.startswith("Quake Kills 10; 80 Hurt\nA quake struck")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("000_36a5.txt", "000_36a5"),
        ("042bb.html.gz", "042bb"),
        ("a.b.HTM", "a.b"),
        ("x.txt.gz", "x"),
    ],
)
def test_text_article_id_is_file_name_without_extensions(name: str, expected: str) -> None:
    assert stem_of(name) == expected


def test_text_seeds_read_with_stem_ids(shared: Path, settings) -> None:
    items = list(read_sources(sorted((shared / "seeds").glob("*.txt")), settings))
    articles = [i for i in items if isinstance(i, Article)]
    assert [a.id for a in articles] == ["000_36a5580235b828ee", "001_f9dca09a0888e395"]
    # Both seeds start with a full sentence, so no line is taken as a title.
    assert all(a.title is None for a in articles)
    assert "Kovalenko" in articles[0].raw_text


def test_text_binary_and_empty_files_are_problems(tmp_path: Path, settings) -> None:
    (tmp_path / "blob.txt").write_bytes(bytes(range(256)) * 10)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "utf16.txt").write_bytes("Headline here\nBody text.".encode("utf-16"))
    items = list(read_sources([tmp_path], settings))
    problems = {Path(p.source).name: p.kind for p in items if isinstance(p, Problem)}
    assert problems == {"blob.txt": ErrorKind.BINARY, "empty.txt": ErrorKind.EMPTY}
    (article,) = [i for i in items if isinstance(i, Article)]
    assert article.title == "Headline here"


def test_text_latin1_file_is_decoded(tmp_path: Path, settings) -> None:
    (tmp_path / "latin.txt").write_bytes(
        "Le ministre a déclaré que 1 200 soldats étaient là.".encode("cp1252")
    )
    (article,) = [i for i in read_sources([tmp_path / "latin.txt"], settings)]
    assert "déclaré" in article.raw_text
