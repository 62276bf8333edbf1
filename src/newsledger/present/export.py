"""Exports of the ledger: JSON lines (the format the shared scorers read) and CSV.

Rows are streamed from SQLite to the files; nothing holds a whole table in memory.
"""

from __future__ import annotations

import csv
import enum
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from newsledger.ledger.db import Ledger
from newsledger.ledger.queries import iter_articles, iter_claims
from newsledger.present.claimreview import write_claim_reviews


class ExportFormat(str, enum.Enum):
    JSONL = "jsonl"
    CSV = "csv"
    CLAIMREVIEW = "claimreview"  # schema.org ClaimReview drafts for flagged claim groups


ARTICLE_FIELDS = (
    "id",
    "url",
    "outlet",
    "title",
    "published",
    "story_id",
    "duplicate_of",
    "text",
    "author",
    "language",
    "version",
    "format",
    "source",
    "removed",
)
CLAIM_FIELDS = (
    "id",
    "article_id",
    "kind",
    "direct",
    "speaker",
    "speaker_id",
    "text",
    "sentence",
    "start",
    "end",
    "speaker_span",
    "cue_span",
    "said_on",
    "value",
    "low",
    "high",
    "qualifier",
    "unit",
    "counted",
    "scope",
    "statement_id",
    "group_id",
    "flags",
)


def export(
    db: str | Path, out: str | Path, fmt: ExportFormat = ExportFormat.JSONL
) -> dict[str, int]:
    """Write articles and claims of the ledger at ``db`` into folder ``out``; rows per file."""
    if fmt is ExportFormat.CLAIMREVIEW:
        return {"claimreview.json": write_claim_reviews(db, out)}
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    written: dict[str, int] = {}
    with Ledger.open(db, readonly=True) as ledger:
        tables = (
            ("articles", iter_articles(ledger.conn), ARTICLE_FIELDS),
            ("claims", iter_claims(ledger.conn), CLAIM_FIELDS),
        )
        for name, rows, fields in tables:
            target = folder / f"{name}.{fmt.value}"
            writer = _write_jsonl if fmt is ExportFormat.JSONL else _write_csv
            written[target.name] = writer(target, rows, fields)
    return written


def _write_jsonl(path: Path, rows: Iterator[dict[str, Any]], _fields: tuple[str, ...]) -> int:
    count = 0
    with open(path, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    return count


def _write_csv(path: Path, rows: Iterator[dict[str, Any]], fields: tuple[str, ...]) -> int:
    count = 0
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _cell(v) for k, v in row.items()})
            count += 1
    return count


# Spreadsheets run a cell that starts with one of these as a formula; article text is hostile.
_FORMULA_START = ("=", "+", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    """CSV cells: lists and objects as JSON, booleans as true/false, formulas defused."""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value
