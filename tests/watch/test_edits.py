"""Silent edits between two versions of one article, on their own and on the article page."""

from __future__ import annotations

from pathlib import Path

from starlette.testclient import TestClient

from newsledger.api import ingest
from newsledger.config import Settings
from newsledger.ledger.versions import Said
from newsledger.link.edits import edits
from newsledger.present.versions import changes
from newsledger.present.web import create_app
from newsledger.vocabulary import FlagKind

SENTENCE = "Officials said {} people were injured in the blast."


def _figure(cid: str, value: float, sentence: str) -> Said:
    text = f"{value:g}"
    return Said(
        cid,
        "quantity",
        text,
        sentence,
        None,
        False,
        value,
        None,
        None,
        None,
        "exact",
        "people injured",
    )


def _quote(cid: str, text: str, speaker: str) -> Said:
    return Said(
        cid,
        "statement",
        text,
        f'"{text}," {speaker} said.',
        speaker,
        True,
        None,
        None,
        None,
        None,
        None,
        None,
    )


def test_a_changed_figure_quote_and_speaker_are_edits() -> None:
    before = [
        _figure("q1", 27, SENTENCE.format(27)),
        _quote("s1", "We were lucky with the wind", "Jonas Ek"),
        _quote("s2", "The smoke posed no lasting danger", "Mikaela Sorensen"),
        _quote("s3", "Nothing changed here at all", "Anders Holt"),
    ]
    after = [
        _figure("q2", 31, SENTENCE.format(31)),
        _quote("s4", "We were lucky with the wind", "Per Lindqvist"),
        _quote("s5", "The smoke posed no immediate danger", "Mikaela Sorensen"),
        _quote("s6", "Nothing changed here at all", "Anders Holt"),
    ]
    flags = {f.claim_id: f for f in edits(before, after)}
    assert set(flags) == {"q2", "s4", "s5"}
    assert all(f.kind is FlagKind.SILENT_EDIT for f in flags.values())
    assert "27 -> 31 (people injured)" in flags["q2"].reason
    assert flags["q2"].evidence == ["q1", "q2"]
    assert "Jonas Ek -> Per Lindqvist" in flags["s4"].reason
    assert "no immediate danger" in flags["s5"].reason


def test_added_or_removed_claims_and_other_sentences_are_not_edits() -> None:
    before = [_figure("q1", 27, SENTENCE.format(27))]
    after = [
        _figure("q2", 27, SENTENCE.format(27)),
        _figure(
            "q3", 5, "A separate tally gave 5 people injured on the ferry overnight, police said."
        ),
    ]
    assert edits(before, after) == []
    assert edits(before, []) == []


def test_word_changes() -> None:
    pieces = changes("27 people were hurt.", "31 people were hurt.")
    assert pieces[:2] == [{"text": "27", "op": "removed"}, {"text": "31", "op": "added"}]
    assert "".join(p["text"] for p in pieces if p["op"] != "removed") == "31 people were hurt."


def test_versions_on_the_article_page_are_escaped(tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    db = tmp_path / "ledger.db"
    body = "Depot fire\nFire service spokeswoman Mikaela Sorensen said {} people were injured on Sunday.\n"
    report.write_text(body.format(27))
    ingest([report], db, Settings(workers=1))
    report.write_text(body.format(31) + "Updated <script>alert(1)</script> at 10:00.\n")
    ingest([report], db, Settings(workers=1))
    page = TestClient(create_app(db), base_url="http://127.0.0.1").get("/article/report")
    assert page.status_code == 200
    assert "<h2>Versions</h2>" in page.text
    assert "<del>27" in page.text and "<ins>31" in page.text
    assert "<script>" not in page.text and "&lt;script&gt;" in page.text
    assert "silent_edit" in page.text
