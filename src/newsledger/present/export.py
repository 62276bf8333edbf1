"""Exports of the ledger: JSON lines (the format the shared scorers read), CSV, Parquet, and
schema.org ClaimReview drafts.

Four tables: articles, claims (statements and figures), claim groups and flags. Rows are
streamed from SQLite to the files (Parquet in row groups of ``PARQUET_BATCH``); nothing holds
a whole table in memory.
"""

from __future__ import annotations

import csv
import enum
import json
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from newsledger.ledger.db import Ledger
from newsledger.ledger.queries import iter_articles, iter_claims, iter_flags, iter_groups
from newsledger.present.claimreview import write_claim_reviews

PARQUET_BATCH = 5_000


class ExportFormat(str, enum.Enum):
    JSONL = "jsonl"
    CSV = "csv"
    PARQUET = "parquet"
    CLAIMREVIEW = "claimreview"  # schema.org ClaimReview drafts for flagged claim groups


_TEXT, _INT, _FLOAT, _BOOL = pa.string(), pa.int64(), pa.float64(), pa.bool_()
_SPAN = pa.list_(pa.int64())
_REMOVED = pa.list_(pa.struct([("kind", _TEXT), ("start", _INT), ("end", _INT), ("text", _TEXT)]))
ARTICLES = pa.schema(
    [
        ("id", _TEXT),
        ("url", _TEXT),
        ("outlet", _TEXT),
        ("title", _TEXT),
        ("published", _TEXT),
        ("story_id", _TEXT),
        ("duplicate_of", _TEXT),
        ("text", _TEXT),
        ("author", _TEXT),
        ("language", _TEXT),
        ("version", _INT),
        ("format", _TEXT),
        ("source", _TEXT),
        ("removed", _REMOVED),
    ]
)
CLAIMS = pa.schema(
    [
        ("id", _TEXT),
        ("article_id", _TEXT),
        ("kind", _TEXT),
        ("direct", _BOOL),
        ("speaker", _TEXT),
        ("speaker_id", _TEXT),
        ("text", _TEXT),
        ("sentence", _TEXT),
        ("start", _INT),
        ("end", _INT),
        ("speaker_span", _SPAN),
        ("cue_span", _SPAN),
        ("said_on", _TEXT),
        ("value", _FLOAT),
        ("low", _FLOAT),
        ("high", _FLOAT),
        ("qualifier", _TEXT),
        ("unit", _TEXT),
        ("counted", _TEXT),
        ("scope", _TEXT),
        ("statement_id", _TEXT),
        ("group_id", _TEXT),
        ("measure", _TEXT),
        ("thing", _TEXT),
        ("outcome", _TEXT),
        ("part", _BOOL),
        ("dimension", _TEXT),
        ("base_unit", _TEXT),
        ("base_value", _FLOAT),
        ("base_low", _FLOAT),
        ("base_high", _FLOAT),
        ("era", _TEXT),
        ("event_day", _TEXT),
        ("running", _BOOL),
        ("headline", _BOOL),
        ("flags", pa.list_(_TEXT)),
    ]
)
GROUPS = pa.schema(
    [
        ("group_id", _TEXT),
        ("story_id", _TEXT),
        ("measure", _TEXT),
        ("counted", _TEXT),
        ("claims", _INT),
        ("articles", _INT),
        ("outlets", _INT),
        ("low", _FLOAT),
        ("high", _FLOAT),
        ("claim_ids", pa.list_(_TEXT)),
    ]
)
FLAGS = pa.schema(
    [
        ("claim_id", _TEXT),
        ("kind", _TEXT),
        ("reason", _TEXT),
        ("evidence", pa.list_(_TEXT)),
        ("group_id", _TEXT),
        ("article_id", _TEXT),
        ("story_id", _TEXT),
    ]
)
# The columns of each table in every format (JSON lines also keep a claim's extra detail).
TABLES: dict[str, tuple[Callable[[Any], Iterator[dict[str, Any]]], pa.Schema]] = {
    "articles": (iter_articles, ARTICLES),
    "claims": (iter_claims, CLAIMS),
    "groups": (iter_groups, GROUPS),
    "flags": (iter_flags, FLAGS),
}


def export(
    db: str | Path, out: str | Path, fmt: ExportFormat = ExportFormat.JSONL
) -> dict[str, int]:
    """Write the tables of the ledger at ``db`` into folder ``out``; rows per file."""
    if fmt is ExportFormat.CLAIMREVIEW:
        return {"claimreview.json": write_claim_reviews(db, out)}
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    writer = {
        ExportFormat.JSONL: _write_jsonl,
        ExportFormat.CSV: _write_csv,
        ExportFormat.PARQUET: _write_parquet,
    }[fmt]
    written: dict[str, int] = {}
    with Ledger.open(db, readonly=True) as ledger:
        for name, (rows, schema) in TABLES.items():
            target = folder / f"{name}.{fmt.value}"
            written[target.name] = writer(target, rows(ledger.conn), schema)
    return written


def _write_jsonl(path: Path, rows: Iterator[dict[str, Any]], _schema: pa.Schema) -> int:
    count = 0
    with open(path, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    return count


def _write_csv(path: Path, rows: Iterator[dict[str, Any]], schema: pa.Schema) -> int:
    count = 0
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=schema.names, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _cell(v) for k, v in row.items()})
            count += 1
    return count


def _batches(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def _write_parquet(path: Path, rows: Iterator[dict[str, Any]], schema: pa.Schema) -> int:
    """Typed columns (spans and flags as lists), written one row group per batch."""
    count = 0
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        for batch in _batches(rows, PARQUET_BATCH):
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
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
