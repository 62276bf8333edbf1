from __future__ import annotations

import gzip
import json
from pathlib import Path

from newsledger.config import Settings
from newsledger.ingest import read_sources
from newsledger.records import Article, ErrorKind, Problem


def _lines(*objects: object) -> str:
    return "\n".join(o if isinstance(o, str) else json.dumps(o) for o in objects) + "\n"


def test_jsonl_good_and_bad_lines(tmp_path: Path, settings) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text(
        _lines(
            {
                "id": "a1",
                "url": "https://www.example.org/x",
                "title": "T",
                "published": "2024-11-05",
                "text": "Body one.",
            },
            "[1, 2, 3]",
            "{not json",
            {"id": "a2", "text": 42},
            {"id": "a3"},
            "",
            {
                "id": "a4",
                "html": "<html><body><article><p>"
                + "Real words here. " * 20
                + "</p></article></body></html>",
                "outlet": "Given Outlet",
            },
        )
    )
    items = list(read_sources([path], settings))
    articles = [i for i in items if isinstance(i, Article)]
    problems = [(p.position, p.kind) for p in items if isinstance(p, Problem)]
    assert [a.id for a in articles] == ["a1", "a4"]
    assert articles[0].outlet == "example.org" and articles[0].published == "2024-11-05"
    assert articles[1].outlet == "Given Outlet" and "Real words here." in articles[1].raw_text
    assert problems == [
        ("line 2", ErrorKind.BAD_RECORD),
        ("line 3", ErrorKind.BAD_RECORD),
        ("line 4", ErrorKind.BAD_RECORD),
        ("line 5", ErrorKind.EMPTY),
    ]


def test_jsonl_truncated_gzip_keeps_lines_before(tmp_path: Path, settings) -> None:
    body = _lines(*({"id": f"n{i}", "text": f"Article number {i}. " * 50} for i in range(200)))
    data = gzip.compress(body.encode())
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    items = list(read_sources([path], settings))
    articles = [i for i in items if isinstance(i, Article)]
    assert 0 < len(articles) < 200
    assert [a.id for a in articles] == [f"n{i}" for i in range(len(articles))]
    assert isinstance(items[-1], Problem) and items[-1].kind is ErrorKind.TRUNCATED


def test_jsonl_line_over_limit_is_skipped_not_fatal(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    path.write_text(
        _lines({"id": "big", "text": "x" * (1024 * 1024 + 10)}, {"id": "ok", "text": "fine"})
    )
    items = list(read_sources([path], Settings(workers=1, max_line_mb=1)))
    assert isinstance(items[0], Problem) and items[0].kind is ErrorKind.TOO_LARGE
    assert isinstance(items[1], Article) and items[1].id == "ok"


def test_jsonl_missing_id_gets_content_hash(tmp_path: Path, settings) -> None:
    path = tmp_path / "noid.jsonl"
    path.write_text(_lines({"text": "Same text."}, {"text": "Same text."}))
    first, second = list(read_sources([path], settings))
    assert first.id == second.id and first.id.startswith("sha-")


def test_jsonl_eval_corpus_reads_every_line(shared: Path, settings) -> None:
    path = shared / "eval" / "stories" / "dev" / "articles.jsonl"
    items = list(read_sources([path], settings))
    assert len(items) == sum(1 for line in path.read_text().splitlines() if line.strip())
    assert all(isinstance(i, Article) for i in items)
