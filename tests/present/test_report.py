from __future__ import annotations

import json
import re
from pathlib import Path

from newsledger import Settings, ingest
from newsledger.present.report import ReportFormat, md, write_report
from tests.present.hostile import HOSTILE as HOSTILE_TEXT

HOSTILE = HOSTILE_TEXT + " | broken | table"
# one JSON line whose outlet, title and text are all hostile
EVIL_LINE = json.dumps(
    {
        "id": "evil",
        "outlet": HOSTILE,
        "title": HOSTILE,
        "text": f"The mayor said 40 homes were flooded. {HOSTILE}",
    }
)


def test_report_markdown_escapes_hostile_text(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text(EVIL_LINE + "\n")
    db = tmp_path / "l.db"
    ingest([tmp_path / "a.jsonl"], db, Settings(workers=1))
    out = tmp_path / "r.md"
    assert write_report(db, out, ReportFormat.MARKDOWN) == 1
    text = out.read_text()
    # every "<", "[" and "(" that came from the article is escaped
    assert not re.search(r"(?<!\\)[<>]", text)
    assert not re.search(r"(?<!\\)\]\(javascript", text)
    assert "\\<script\\>" in text
    assert all(
        line.count("|") - line.count("\\|") in (0, 6, 9)
        for line in text.splitlines()
        if line.startswith("|")
    )


def test_report_json_on_the_seeds(shared: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    ingest(sorted((shared / "seeds").glob("*.txt")), db, Settings(workers=1))
    out = tmp_path / "r.json"
    write_report(db, out, ReportFormat.JSON)
    report = json.loads(out.read_text())
    (story,) = report["stories"]
    assert {s["id"] for s in story["sources"]} == {"000_36a5580235b828ee", "001_f9dca09a0888e395"}
    soldiers = next(g for g in story["claim_groups"] if len(g["members"]) >= 4)
    assert {m["value"] for m in soldiers["members"]} >= {12000.0, 10000.0}
    assert any(f["kind"] == "synthetic_qa" for f in story["flags"])
    speakers = {s["speaker"] for s in story["statements_by_speaker"]}
    assert {"Andriy Kovalenko", "Rustem Umerov", "Volodymyr Zelensky"} <= speakers


def test_report_md_helper() -> None:
    assert md(None) == "-"
    assert md("a|b\n*c*") == "a\\|b \\*c\\*"


def test_report_html_is_self_contained_and_escaped(tmp_path: Path) -> None:
    line2 = json.dumps(
        {
            "id": "other",
            "outlet": "Second",
            "title": "Flood",
            "text": "The mayor said 60 homes were flooded in the town.",
        }
    )
    (tmp_path / "a.jsonl").write_text(EVIL_LINE + "\n" + line2 + "\n")
    db = tmp_path / "l.db"
    ingest([tmp_path / "a.jsonl"], db, Settings(workers=1))
    out = tmp_path / "r.html"
    write_report(db, out, ReportFormat.HTML)
    html = out.read_text()
    tags = re.findall(r"<([a-zA-Z][a-zA-Z0-9]*)([^>]*)>", html)
    assert not {name.lower() for name, _ in tags} & {"script", "img", "iframe", "a", "link"}
    assert not [attrs for _, attrs in tags if re.search(r"\b(src|href|on\w+)=", attrs)]
    assert "&lt;script&gt;" in html
    assert html.count("<svg") >= 1


def test_claimreview_drafts_for_flagged_groups(shared: Path, tmp_path: Path) -> None:
    from newsledger import export
    from newsledger.present.export import ExportFormat

    db = tmp_path / "s.db"
    ingest(sorted((shared / "seeds").glob("*.txt")), db, Settings(workers=1))
    written = export(db, tmp_path / "cr", ExportFormat.CLAIMREVIEW)
    payload = json.loads((tmp_path / "cr" / "claimreview.json").read_text())
    assert written == {"claimreview.json": len(payload["reviews"])} and payload["reviews"]
    assert "human" in payload["note"]
    for review in payload["reviews"]:
        assert review["@type"] == "ClaimReview" and "reviewRating" not in review
        assert review["itemReviewed"]["@type"] == "Claim"
        assert len(review["itemReviewed"]["appearance"]) >= 2 and review["reviewBody"]


def _figure(outlet: str, published: str | None, value: float, qualifier: str = "exact") -> dict:
    return {
        "outlet": outlet,
        "published": published,
        "value": value,
        "low": None,
        "high": None,
        "qualifier": qualifier,
        "text": f"{value:g} people",
        "flags": [],
    }


def test_timeline_plots_figures_from_two_moments_and_escapes_labels() -> None:
    from newsledger.present.html_report import timeline_svg

    svg = timeline_svg(
        [
            _figure(HOSTILE_TEXT, "2025-03-10", 27),
            _figure("Fjord Post", "2025-03-11T08:02:00+00:00", 31, "at_least"),
            _figure("No date", None, 40),
        ]
    )
    assert svg.startswith("<svg") and svg.count("<circle") == 1 and svg.count("<polygon") == 1
    assert "<script" not in svg and "&lt;script&gt;" in svg
    assert "No date" not in svg
    assert timeline_svg([_figure("A", "2025-03-10", 27), _figure("B", "2025-03-10", 31)]) == ""
    assert timeline_svg([_figure("A", "not a date", 27), _figure("B", None, 31)]) == ""
