"""Reports, exports and every page of the UI on real news: a slice of ../shared/corpora."""

from __future__ import annotations

import gzip
import json
import sqlite3
from itertools import islice
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from starlette.testclient import TestClient

from newsledger import Settings, export, ingest
from newsledger.present.export import ExportFormat
from newsledger.present.report import ReportFormat, write_report
from newsledger.present.web import create_app

ARTICLES = 120  # from each corpus file: BBC (with its real duplicates) and Reuters


@pytest.fixture(scope="module")
def corpus_db(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    sample = folder / "sample.jsonl"
    with open(sample, "w", encoding="utf-8") as out:
        for path in sorted((shared / "corpora").glob("*.jsonl.gz")):
            with gzip.open(path, "rt", encoding="utf-8") as fh:
                out.writelines(islice(fh, ARTICLES))
    db = folder / "corpus.db"
    ingest([sample], db, Settings())
    return db


def _one(db: Path, sql: str) -> str:
    with sqlite3.connect(db) as conn:
        return str(conn.execute(sql).fetchone()[0])


def test_every_page_answers_on_real_news(corpus_db: Path) -> None:
    client = TestClient(
        create_app(corpus_db), base_url="http://127.0.0.1:8000", raise_server_exceptions=False
    )
    story = _one(corpus_db, "SELECT story_id FROM stories ORDER BY articles DESC LIMIT 1")
    speaker = _one(
        corpus_db,
        "SELECT speaker_id FROM claims WHERE speaker_id IS NOT NULL "
        "GROUP BY speaker_id ORDER BY COUNT(*) DESC LIMIT 1",
    )
    group = _one(
        corpus_db,
        "SELECT group_id FROM claims WHERE group_id IS NOT NULL "
        "GROUP BY group_id ORDER BY COUNT(*) DESC LIMIT 1",
    )
    article = _one(corpus_db, "SELECT id FROM articles ORDER BY length(text) DESC LIMIT 1")
    for path in (
        "/",
        f"/story/{story}",
        f"/speaker/{speaker}",
        f"/group/{group}",
        f"/article/{article}",
        "/search?q=government+said",
    ):
        page = client.get(path)
        assert page.status_code == 200, path
        assert "<script" not in page.text.lower()
    assert "<mark" in client.get(f"/article/{article}").text


@pytest.mark.parametrize("fmt", list(ReportFormat))
def test_reports_on_real_news(corpus_db: Path, tmp_path: Path, fmt: ReportFormat) -> None:
    out = tmp_path / f"report.{fmt.value}"
    stories = write_report(corpus_db, out, fmt)
    assert stories == int(_one(corpus_db, "SELECT COUNT(*) FROM stories"))
    if fmt is ReportFormat.JSON:
        assert len(json.loads(out.read_text())["stories"]) == stories


def test_exports_on_real_news(corpus_db: Path, tmp_path: Path) -> None:
    claims = int(_one(corpus_db, "SELECT COUNT(*) FROM claims"))
    written = export(corpus_db, tmp_path / "pq", ExportFormat.PARQUET)
    assert (
        written["claims.parquet"]
        == claims
        == pq.read_table(tmp_path / "pq" / "claims.parquet").num_rows
    )
    assert export(corpus_db, tmp_path / "csv", ExportFormat.CSV)["articles.csv"] == 2 * ARTICLES
    copies = pq.read_table(tmp_path / "pq" / "articles.parquet").column("duplicate_of")
    assert copies.null_count < 2 * ARTICLES  # the BBC set has real duplicates
    export(corpus_db, tmp_path / "cr", ExportFormat.CLAIMREVIEW)
    assert json.loads((tmp_path / "cr" / "claimreview.json").read_text())
