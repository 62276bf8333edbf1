"""The story report as one self-contained HTML file: no script, no CDN, charts as inline SVG,
every piece of article text escaped, readable on a phone."""

from __future__ import annotations

import datetime as dt
from html import escape
from typing import Any

from newsledger.records import Qualifier
from newsledger.vocabulary import FlagKind, show

_STYLE = """
body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem;color:#222}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem;font-size:.92em}
th,td{border-bottom:1px solid #ddd;padding:.3rem .4rem;text-align:left;vertical-align:top}
th{background:#f4f4f4} .flag{color:#a40000;font-weight:600} details{margin:.2rem 0}
.wrap{overflow-x:auto} h2{border-top:3px solid #333;padding-top:.6rem} svg{max-width:100%}
"""
_BAR_HEIGHT = 22
_CHART_WIDTH = 640
_LABEL_WIDTH = 230


def e(value: object) -> str:
    """Escaped text for HTML (``-`` for nothing)."""
    return escape(str(value), quote=True) if value is not None else "-"


CONFLICT, DRIFT, PLAIN = "#a40000", "#c17d11", "#3465a4"


def _colour(member: dict[str, Any]) -> str:
    """Red for a figure in conflict with another of its group, amber for one credited to
    different sources (or another flag worth a look), blue for the rest."""
    flags = member["flags"]
    if FlagKind.NUMERIC_CONFLICT in flags:
        return CONFLICT
    return DRIFT if any(f != FlagKind.UNATTRIBUTED for f in flags) else PLAIN


def compared(member: dict[str, Any]) -> tuple[float | None, float | None, float | None]:
    """(value, low, high) of a figure in the unit its group compares in: the base unit of
    its dimension when it has one ("35 miles" as 56,327 m), else as written."""
    if member.get("base_unit") and (
        member.get("base_value") is not None or member.get("base_low") is not None
    ):
        return member.get("base_value"), member.get("base_low"), member.get("base_high")
    return member["value"], member["low"], member["high"]


def group_label(members: list[dict[str, Any]]) -> str:
    """A group's name as a person says it: the measure most of its figures share, the most
    specific first ("people treated in hospital" over "people"), else what they count."""
    measures = [m["measure"] for m in members if m.get("measure")]
    if measures:
        return str(max(set(measures), key=lambda x: (len(x.split()), measures.count(x), x)))
    counted = next((m["counted"] for m in members if m.get("counted")), None)
    return counted or "(unnamed measure)"


def chart_svg(members: list[dict[str, Any]]) -> str:
    """Horizontal bars: each source's figure, ranges drawn from low to high."""
    points: list[tuple[dict[str, Any], float, float]] = []
    for m in members:
        value, low, high = compared(m)
        lo, hi = (low if low is not None else value), (high if high is not None else value)
        if lo is not None and hi is not None:
            points.append((m, lo, hi))
    if not points:
        return ""
    top = max(hi for _, _, hi in points) or 1.0
    scale = (_CHART_WIDTH - _LABEL_WIDTH - 150) / top
    height = _BAR_HEIGHT * len(points) + 6
    rows = []
    for k, (m, lo, hi) in enumerate(points):
        y = 3 + k * _BAR_HEIGHT
        x0 = _LABEL_WIDTH + lo * scale if hi != lo else _LABEL_WIDTH
        width = max(2.0, (hi - lo) * scale if hi != lo else hi * scale)
        colour = _colour(m)
        label = f"{m['outlet']} ({m['speaker'] or 'no source'})"
        against = m.get("conflicts_with") or []
        shown = figure_text(m) + (f" \u2260 {against[0]}" if against else "")
        rows.append(
            f'<text x="0" y="{y + 15}" font-size="11">{e(label[:36])}</text>'
            f'<rect x="{x0:.1f}" y="{y + 3}" width="{width:.1f}" height="{_BAR_HEIGHT - 8}" '
            f'fill="{colour}"><title>{e(m["text"])}</title></rect>'
            f'<text x="{x0 + width + 4:.1f}" y="{y + 15}" font-size="12">'
            f"{e(shown)}</text>"
        )
    return (
        f'<svg role="img" viewBox="0 0 {_CHART_WIDTH} {height}" width="{_CHART_WIDTH}" '
        f'height="{height}" xmlns="http://www.w3.org/2000/svg">{"".join(rows)}</svg>'
    )


_PLOT_W, _PLOT_H, _PAD = 640, 220, 48
_UP = ("at_least", "more_than")
_DOWN = ("at_most", "less_than", "up_to")


def _moment(published: str | None) -> dt.datetime | None:
    """A publication time as an aware datetime (dates alone at midnight UTC), or None."""
    if not published:
        return None
    try:
        moment = dt.datetime.fromisoformat(published)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


def timeline_svg(members: list[dict[str, Any]]) -> str:
    """Each source's figure against the time its report was published (a range as a line,
    "at least" as an up-pointing mark): only when the figures come from two moments or more."""
    points = [
        (when, m)
        for m in members
        if (when := _moment(m.get("published"))) is not None and m["value"] is not None
    ]
    if len({when for when, _ in points}) < 2:
        return ""
    start = min(w for w, _ in points)
    span = (max(w for w, _ in points) - start).total_seconds() or 1.0
    values = [
        float(v) for _, m in points for v in (m["value"], m["low"], m["high"]) if v is not None
    ]
    bottom, top = min(values), max(values)
    margin = (top - bottom) * 0.15 or max(abs(top) * 0.2, 1.0)
    bottom, top = bottom - margin, top + margin

    def x(when: dt.datetime) -> float:
        return _PAD + (when - start).total_seconds() / span * (_PLOT_W - 2 * _PAD)

    def y(value: float) -> float:
        return 10 + (top - value) / (top - bottom) * (_PLOT_H - 40)

    marks = []
    placed: list[tuple[float, float]] = []
    for when, m in sorted(points, key=lambda p: (p[0], p[1]["outlet"])):
        cx, cy = x(when), y(m["value"])
        colour = _colour(m)
        if m["low"] is not None and m["high"] is not None:
            marks.append(
                f'<line x1="{cx:.1f}" x2="{cx:.1f}" y1="{y(m["low"]):.1f}" y2="{y(m["high"]):.1f}" '
                f'stroke="{colour}" stroke-width="4"/>'
            )
        shape = {True: "0,-7 6,4 -6,4", False: "0,7 6,-4 -6,-4"}
        if m["qualifier"] in _UP or m["qualifier"] in _DOWN:
            mark = (
                f'<polygon transform="translate({cx:.1f},{cy:.1f})" '
                f'points="{shape[m["qualifier"] in _UP]}" fill="{colour}">'
            )
        else:
            mark = f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="5" fill="{colour}">'
        tag = mark.split(" ", 1)[0][1:]
        marks.append(f"{mark}<title>{e(m['outlet'])}: {e(m['text'])}</title></{tag}>")
        # labels sit beside their point, moved down past any label already close by
        ly = cy + 4
        while any(abs(px - cx) < 150 and abs(py - ly) < 13 for px, py in placed):
            ly += 13
        placed.append((cx, ly))
        left = cx > _PLOT_W / 2
        marks.append(
            f'<text x="{cx - 8 if left else cx + 8:.1f}" y="{ly:.1f}" font-size="11" '
            f'text-anchor="{"end" if left else "start"}">'
            f"{e(str(m['outlet'])[:18])}: {e(figure_text(m))}</text>"
        )
    axis = (
        f'<line x1="{_PAD}" x2="{_PLOT_W - _PAD}" y1="{_PLOT_H - 20}" y2="{_PLOT_H - 20}" '
        'stroke="#999"/>'
        f'<text x="{_PAD}" y="{_PLOT_H - 4}" font-size="11">{e(start.isoformat()[:16])}</text>'
        f'<text x="{_PLOT_W - _PAD}" y="{_PLOT_H - 4}" font-size="11" text-anchor="end">'
        f"{e(max(w for w, _ in points).isoformat()[:16])}</text>"
    )
    return (
        f'<svg role="img" aria-label="figures over time" viewBox="0 0 {_PLOT_W} {_PLOT_H}" '
        f'width="{_PLOT_W}" height="{_PLOT_H}" xmlns="http://www.w3.org/2000/svg">'
        f"{axis}{''.join(marks)}</svg>"
    )


def figure_number(claim: dict[str, Any], missing: str = "-") -> str:
    """The figure of a claim row: "12,000" or "40-50"."""
    if claim["low"] is not None and claim["high"] is not None:
        return f"{show(claim['low'])}-{show(claim['high'])}"
    return show(claim["value"]) if claim["value"] is not None else missing


def figure_text(claim: dict[str, Any]) -> str:
    """A claim's figure with its hedge and unit as written: "at least 10,000", "40-50",
    "about 58 km"; "before: 55 %" for the first figure of a change."""
    qualifier = claim["qualifier"]
    hedge = "" if qualifier in (None, Qualifier.EXACT) else qualifier.replace("_", " ")
    unit = f" {claim['unit']}" if claim.get("unit") else ""
    change = f"{claim['change']}: " if claim.get("change") else ""
    return f"{change}{hedge} {figure_number(claim, missing='?')}{unit}".strip()


def converted_text(claim: dict[str, Any]) -> str:
    """The figure in the base unit it is compared in, when that differs from the unit as
    written ("56,327 m" for "35 miles"), else ""."""
    base = claim.get("base_unit")
    if not base or base == claim.get("unit") or base.split("/")[0] == claim.get("unit"):
        return ""
    value, low, high = compared(claim)
    row = {"value": value, "low": low, "high": high}
    return f"{figure_number(row, missing='?')} {base}"


def render_html(report: dict[str, Any]) -> str:
    parts = [
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width,initial-scale=1">',
        "<title>newsledger report</title><style>",
        _STYLE,
        "</style></head><body>",
        "<h1>newsledger report</h1>",
    ]
    for story in report["stories"]:
        parts.append(
            f"<h2>{e(story.get('title') or 'Story ' + story['story_id'])}</h2>"
            f"<p class=meta>story {e(story['story_id'])}</p><h3>Sources</h3><div class=wrap>"
            "<table><tr><th>article</th><th>outlet</th><th>published</th>"
            "<th>title</th><th>copy of</th></tr>"
        )
        parts += [
            f"<tr><td>{e(s['id'])}</td><td>{e(s['outlet'])}</td><td>{e(s['published'])}"
            f"</td><td>{e(s['title'])}</td><td>{e(s['duplicate_of'])}</td></tr>"
            for s in story["sources"]
        ]
        parts.append("</table></div><h3>Figures, claim by claim</h3>")
        for group in story["claim_groups"]:
            parts.append(
                f"<h4>{e(group['label'])}</h4>{chart_svg(group['members'])}"
                f"{timeline_svg(group['members'])}"
                "<div class=wrap><table><tr><th>outlet</th><th>published</th><th>figure</th>"
                "<th>compared as</th><th>source</th><th>when</th><th>flags</th>"
                "<th>sentence</th></tr>"
            )
            parts += [
                f"<tr><td>{e(c['outlet'])}</td><td>{e(c['published'])}</td>"
                f"<td>{e(figure_text(c))}</td><td>{e(converted_text(c))}</td>"
                f"<td>{e(c['speaker'])}</td><td>{e(c['time_text'])}</td>"
                f"<td class=flag>{e(', '.join(c['flags']))}</td>"
                f"<td><details><summary>{e(c['text'])}</summary>{e(c['sentence'])}"
                "</details></td></tr>"
                for c in group["members"]
            ]
            parts.append("</table></div>")
        parts.append("<h3>Flags</h3><ul>")
        parts += [
            f"<li><span class=flag>{e(f['kind'])}</span> {e(f['reason'])}</li>"
            for f in story["flags"]
            if f["kind"] != FlagKind.UNATTRIBUTED
        ] or ["<li>none</li>"]
        parts.append("</ul><h3>Statements by speaker</h3>")
        for speaker in story["statements_by_speaker"]:
            parts.append(
                f"<details><summary>{e(speaker['speaker'])} "
                f"({len(speaker['statements'])})</summary><ul>"
            )
            parts += [f"<li>{e(s['outlet'])}: {e(s['text'])}</li>" for s in speaker["statements"]]
            parts.append("</ul></details>")
        parts.append("<h3>Removed by cleaning</h3><ul>")
        parts += [
            f"<li>{e(r['article'])} ({e(r['kind'])}): {e(r['text'])}</li>" for r in story["removed"]
        ] or ["<li>nothing</li>"]
        parts.append("</ul>")
    parts.append("</body></html>")
    return "".join(parts)
