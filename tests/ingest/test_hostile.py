"""Inputs built to break a reader: each becomes a counted Problem, and the batch goes on."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

from newsledger.config import Settings
from newsledger.ingest import read_sources
from newsledger.records import Article, ErrorKind, Problem, Skip, SkipReason

GOOD = "Headline\nThe council said 40 homes were flooded on Monday."


def _kinds(items: list) -> dict[str, ErrorKind]:
    return {Path(i.source).name: i.kind for i in items if isinstance(i, Problem)}


def test_hostile_200_mb_files_do_not_stop_the_batch(tmp_path: Path) -> None:
    for name in ("huge.txt", "huge.jsonl"):
        with open(tmp_path / name, "wb") as fh:
            fh.truncate(200 * 1024 * 1024)  # sparse: 200 MB of NUL bytes, no newline
    (tmp_path / "ok.txt").write_text(GOOD)
    items = list(read_sources([tmp_path], Settings(workers=1)))
    assert _kinds(items) == {"huge.txt": ErrorKind.TOO_LARGE, "huge.jsonl": ErrorKind.TOO_LARGE}
    assert [i.id for i in items if isinstance(i, Article)] == ["ok"]


def test_hostile_broken_files(tmp_path: Path, settings) -> None:
    (tmp_path / "fake.html.gz").write_bytes(b"<html>not gzip at all</html>")
    (tmp_path / "fake.warc.gz").write_bytes(b"\x1f\x8b" + os.urandom(2000))
    (tmp_path / "random.warc").write_bytes(b"GARBAGE\r\n" * 50)
    lines = "\n".join(f"Line {i}: officials said {i * 7} homes were hit." for i in range(3000))
    packed = gzip.compress(f"Headline\n{lines}".encode())
    (tmp_path / "cut.txt.gz").write_bytes(packed[: len(packed) // 2])
    os.symlink(tmp_path / "gone.txt", tmp_path / "dangling.txt")
    (tmp_path / "ok.txt").write_text(GOOD)
    items = list(read_sources([tmp_path], settings))
    kinds = _kinds(items)
    assert kinds["fake.html.gz"] is ErrorKind.UNREADABLE
    assert kinds["fake.warc.gz"] in (ErrorKind.MALFORMED, ErrorKind.TRUNCATED)
    assert kinds["random.warc"] is ErrorKind.MALFORMED
    assert kinds["cut.txt.gz"] is ErrorKind.TRUNCATED  # and what was read is kept:
    assert {i.id for i in items if isinstance(i, Article)} == {"cut", "ok"}
    assert kinds["dangling.txt"] is ErrorKind.UNREADABLE
    assert ErrorKind.INTERNAL not in kinds.values()


def test_hostile_article_over_the_size_limit(tmp_path: Path) -> None:
    (tmp_path / "long.txt").write_text("Headline\n" + "word " * 5000)
    (problem,) = list(read_sources([tmp_path / "long.txt"], Settings(max_article_chars=10_000)))
    assert problem.kind is ErrorKind.TOO_LARGE and "max_article_chars" in problem.message


def test_hostile_unknown_files_in_a_folder_are_skipped_not_errors(tmp_path: Path, settings) -> None:
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff" + os.urandom(100))
    (tmp_path / ".hidden.txt").write_text(GOOD)
    (tmp_path / "ok.txt").write_text(GOOD)
    items = list(read_sources([tmp_path], settings))
    assert [type(i) for i in items] == [Article, Skip]
    assert items[1].reason is SkipReason.UNKNOWN_FILE


def test_hostile_named_file_without_extension_is_sniffed(tmp_path: Path, settings) -> None:
    (tmp_path / "page").write_text(
        "<!DOCTYPE html><html><body><article><p>"
        + "The mayor said 40 homes were flooded. " * 10
        + "</p></article></body></html>"
    )
    (article,) = list(read_sources([tmp_path / "page"], settings))
    assert "40 homes" in article.raw_text
