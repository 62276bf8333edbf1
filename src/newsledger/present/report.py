"""Story reports: the sources side by side, each claim group as a table, flags with their
reasons and evidence, statements by speaker, and what cleaning removed.

``build_report`` reads the ledger into plain data (the JSON format, documented in
docs/report.md); ``render_markdown`` turns it into Markdown with every piece of article text
escaped, since article text is untrusted.
"""

from __future__ import annotations

import enum
import json
import re
import sqlite3
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from newsledger.ledger.db import Ledger
from newsledger.ledger.queries import dict_rows
from newsledger.present.html_report import (
    converted_text,
    figure_text,
    group_label,
    render_html,
)
from newsledger.vocabulary import ClaimKind, FlagKind

REPORT_VERSION = 2
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


class ReportFormat(str, enum.Enum):
    MARKDOWN = "md"
    HTML = "html"
    JSON = "json"


def build_report(conn: sqlite3.Connection, story: str | None = None) -> dict[str, Any]:
    """Every story of the ledger (or one), as plain data."""
    stories = [
        r[0]
        for r in conn.execute(
            "SELECT story_id, COUNT(*) AS n FROM articles WHERE story_id IS NOT NULL "
            "AND (? IS NULL OR story_id = ?) GROUP BY story_id ORDER BY n DESC, story_id",
            (story, story),
        )
    ]
    return {"report_version": REPORT_VERSION, "stories": [_story(conn, s) for s in stories]}


def _story(conn: sqlite3.Connection, story: str) -> dict[str, Any]:
    sources = dict_rows(
        conn,
        "SELECT a.id, a.outlet, a.published, a.title, a.url, a.duplicate_of "
        "FROM articles a WHERE a.story_id = ? ORDER BY a.published, a.id",
        story,
    )
    claims = dict_rows(
        conn,
        "SELECT c.id, c.kind, c.text, c.sentence, c.speaker, c.speaker_id, c.value, c.low, "
        "c.high, c.qualifier, c.unit, c.counted, c.group_id, c.direct, c.said_on, "
        "c.measure, c.dimension, c.base_unit, c.base_value, c.base_low, c.base_high, "
        "c.era, c.event_day, c.headline, json_extract(c.detail, '$.change') AS change, "
        "json_extract(c.detail, '$.time_text') AS time_text, "
        "json_extract(c.detail, '$.role') AS role, a.id AS article, a.published, "
        "COALESCE(a.outlet, a.id) AS outlet FROM claims c JOIN articles a ON a.key = "
        "c.article_key WHERE a.story_id = ? ORDER BY a.published, a.id, c.start",
        story,
    )
    flags = dict_rows(
        conn,
        "SELECT f.claim_id, f.kind, f.reason, f.evidence FROM flags f JOIN claims c ON "
        "c.id = f.claim_id JOIN articles a ON a.key = c.article_key WHERE a.story_id = ? "
        "ORDER BY f.kind, f.claim_id",
        story,
    )
    removed = dict_rows(
        conn,
        "SELECT a.id AS article, r.kind, r.text FROM removals r JOIN articles a ON "
        "a.key = r.article_key WHERE a.story_id = ? ORDER BY a.id, r.n",
        story,
    )
    flags_by_claim: dict[str, list[str]] = defaultdict(list)
    for flag in flags:
        flag["evidence"] = json.loads(flag["evidence"] or "[]")
        flags_by_claim[flag["claim_id"]].append(flag["kind"])
    by_id = {c["id"]: c for c in claims}
    conflicts: dict[str, list[str]] = defaultdict(list)
    for flag in flags:
        if flag["kind"] == FlagKind.NUMERIC_CONFLICT:
            conflicts[flag["claim_id"]] += [
                f"{figure_text(by_id[i])} ({by_id[i]['outlet']})"
                for i in flag["evidence"]
                if i in by_id
            ]
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    speakers: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for claim in claims:
        claim["flags"] = flags_by_claim.get(claim["id"], [])
        claim["conflicts_with"] = conflicts.get(claim["id"], [])
        if claim["kind"] == ClaimKind.QUANTITY and claim["group_id"]:
            groups[claim["group_id"]].append(claim)
        elif claim["kind"] == ClaimKind.STATEMENT:
            speakers[claim["speaker"] or "(no source)"].append(claim)
    title = conn.execute("SELECT title FROM stories WHERE story_id = ?", (story,)).fetchone()
    return {
        "story_id": story,
        "title": title[0] if title else None,
        "sources": sources,
        "claim_groups": [
            {
                "group_id": g,
                "label": group_label(members),
                "counted": members[0]["counted"],
                "members": members,
            }
            for g, members in sorted(groups.items(), key=lambda kv: -len(kv[1]))
        ],
        "statements_by_speaker": [
            {"speaker": s, "statements": items} for s, items in sorted(speakers.items())
        ],
        "flags": flags,
        "removed": removed,
    }


def _flag_cell(claim: dict[str, Any]) -> str:
    """A figure's flags, with the figures it conflicts with."""
    cell = ", ".join(claim["flags"])
    if claim["conflicts_with"]:
        cell += " (vs " + "; ".join(claim["conflicts_with"][:3]) + ")"
    return cell


def md(text: object) -> str:
    """Article text made inert for Markdown: specials escaped, one line."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split())) if text is not None else "-"


def render_markdown(report: dict[str, Any]) -> str:
    out: list[str] = ["# newsledger report", ""]
    for story in report["stories"]:
        out += [
            f"## {md(story.get('title') or 'Story ' + story['story_id'])}",
            "",
            f"story {md(story['story_id'])}",
            "",
            "### Sources",
            "",
            "| article | outlet | published | title | copy of |",
            "| --- | --- | --- | --- | --- |",
        ]
        out += [
            f"| {md(s['id'])} | {md(s['outlet'])} | {md(s['published'])} | {md(s['title'])} "
            f"| {md(s['duplicate_of'])} |"
            for s in story["sources"]
        ]
        out += ["", "### Figures, claim by claim", ""]
        for group in story["claim_groups"]:
            out += [
                f"**{md(group['label'])}**",
                "",
                "| outlet | published | figure | compared as | source | when | flags | sentence |",
                "| --- | --- | --- | --- | --- | --- | --- | --- |",
            ]
            out += [
                f"| {md(c['outlet'])} | {md(c['published'])} | {md(figure_text(c))} | "
                f"{md(converted_text(c) or '-')} | {md(c['speaker'])} | {md(c['time_text'])} | "
                f"{md(_flag_cell(c))} | {md(c['sentence'])} |"
                for c in group["members"]
            ]
            out.append("")
        out += ["### Flags", ""]
        out += [
            f"- **{md(f['kind'])}** on {md(f['claim_id'])}: {md(f['reason'])}"
            for f in story["flags"]
            if f["kind"] != FlagKind.UNATTRIBUTED
        ] or ["- none"]
        unattributed = sum(f["kind"] == FlagKind.UNATTRIBUTED for f in story["flags"])
        out += [
            f"- {unattributed} figure(s) stated with no source (`unattributed`)",
            "",
            "### Statements by speaker",
            "",
        ]
        for speaker in story["statements_by_speaker"]:
            out.append(f"- **{md(speaker['speaker'])}**")
            out += [
                f"  - {md(s['outlet'])}: {'“' if s['direct'] else ''}{md(s['text'])}"
                f"{'”' if s['direct'] else ''}"
                for s in speaker["statements"]
            ]
        out += ["", "### Removed by cleaning", ""]
        out += [
            f"- {md(r['article'])} ({md(r['kind'])}): {md(r['text'])}" for r in story["removed"]
        ] or ["- nothing"]
        out.append("")
    return "\n".join(out)


def write_report(
    db: str | Path, out: str | Path, fmt: ReportFormat, story: str | None = None
) -> int:
    """Write the report of the ledger at ``db`` to ``out``; returns the number of stories."""
    with Ledger.open(db, readonly=True) as ledger:
        report = build_report(ledger.conn, story)
    renderers: dict[ReportFormat, Callable[[dict[str, Any]], str]] = {
        ReportFormat.MARKDOWN: render_markdown,
        ReportFormat.HTML: render_html,
        ReportFormat.JSON: lambda r: json.dumps(r, ensure_ascii=False, indent=1),
    }
    text = renderers[fmt](report)
    Path(out).write_text(text, encoding="utf-8")
    return len(report["stories"])
