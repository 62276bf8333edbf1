"""The claims read model: figures and statements as the link stage reads them, one typed
record per row, so a stage never reads positional tuples or JSON paths of the claims table.

This module owns the SQL that reads them; adding a field to a figure touches
``records.Quantity``, ``schema.sql`` (and a migration) and ``_COLUMNS`` here.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass

from newsledger.vocabulary import ClaimKind, Tense

# the articles a link run recomputes: keys in the temporary table ``touched``
TOUCHED = "c.article_key IN (SELECT key FROM temp.touched)"


@dataclass(frozen=True, slots=True)
class Figure:
    """A stored figure: what it counts and measures, its value as written and in the base
    unit of its dimension, its hedge, timing, source and sentence."""

    claim_id: str
    article_key: str
    story_id: str | None
    text: str
    sentence: str
    value: float | None
    low: float | None
    high: float | None
    qualifier: str
    unit: str | None
    counted: str | None
    measure: str | None
    thing: str | None
    outcome: str | None
    part: bool
    dimension: str | None
    base_unit: str | None
    base_value: float | None
    base_low: float | None
    base_high: float | None
    era: str | None
    event_day: str | None
    running: bool
    headline: bool
    speaker: str | None
    speaker_id: str | None
    group_id: str | None
    concept: str | None = None
    owner: str | None = None
    change: str | None = None
    scope_head: str | None = None
    scope_is_place: bool = False
    predicate: str | None = None
    tense: Tense | None = None
    time: str | None = None
    derived: bool = False

    @property
    def shown_value(self) -> tuple[float | None, float | None, float | None]:
        """(value, low, high) in the unit to compare in: the base unit when the dimension
        is known, else as written."""
        if self.dimension is not None and (self.base_value is not None or self.base_low):
            return self.base_value, self.base_low, self.base_high
        return self.value, self.low, self.high


# (SQL expression, Figure field) for every stored column of a figure
_COLUMNS = (
    ("c.id", "claim_id"),
    ("c.article_key", "article_key"),
    ("a.story_id", "story_id"),
    ("c.text", "text"),
    ("COALESCE(c.sentence, '')", "sentence"),
    ("c.value", "value"),
    ("c.low", "low"),
    ("c.high", "high"),
    ("COALESCE(c.qualifier, 'exact')", "qualifier"),
    ("c.unit", "unit"),
    ("c.counted", "counted"),
    ("c.measure", "measure"),
    ("c.thing", "thing"),
    ("c.outcome", "outcome"),
    ("COALESCE(c.part, 0) = 1", "part"),
    ("c.dimension", "dimension"),
    ("c.base_unit", "base_unit"),
    ("c.base_value", "base_value"),
    ("c.base_low", "base_low"),
    ("c.base_high", "base_high"),
    ("c.era", "era"),
    ("c.event_day", "event_day"),
    ("COALESCE(c.running, 0) = 1", "running"),
    ("COALESCE(c.headline, 0) = 1", "headline"),
    ("c.speaker", "speaker"),
    ("c.speaker_id", "speaker_id"),
    ("c.group_id", "group_id"),
)
_BOOLEAN = frozenset({"part", "running", "headline"})
FIGURE_COLUMNS = ", ".join(sql for sql, _ in _COLUMNS) + ", c.detail"
# fields kept in the claims table's JSON ``detail``
_DETAIL_FIELDS = (
    "concept",
    "owner",
    "change",
    "scope_head",
    "scope_is_place",
    "predicate",
    "tense",
    "time",
    "derived",
)


def _figure(row: tuple[object, ...]) -> Figure:
    """A ``Figure`` from a row of FIGURE_COLUMNS."""
    fields = {
        name: bool(value) if name in _BOOLEAN else value
        for (_, name), value in zip(_COLUMNS, row, strict=False)
    }
    detail = row[len(_COLUMNS)]
    extra = json.loads(detail) if isinstance(detail, str) and detail else {}
    fields.update({k: extra[k] for k in _DETAIL_FIELDS if k in extra})
    if fields.get("tense"):
        fields["tense"] = Tense(fields["tense"])
    return Figure(**fields)  # type: ignore[arg-type]


def touched_figures(conn: sqlite3.Connection) -> Iterator[Figure]:
    """Every figure of the articles a link run touches, in claim id order."""
    rows = conn.execute(
        "SELECT " + FIGURE_COLUMNS + " FROM claims c JOIN articles a ON a.key = c.article_key "
        "WHERE c.kind = ? AND " + TOUCHED + " ORDER BY c.id",
        (ClaimKind.QUANTITY.value,),
    )
    for row in rows:
        yield _figure(tuple(row))


def group_figures(conn: sqlite3.Connection, group_id: str) -> list[Figure]:
    """The figures of one claim group, in claim id order."""
    rows = conn.execute(
        "SELECT " + FIGURE_COLUMNS + " FROM claims c JOIN articles a ON a.key = c.article_key "
        "WHERE c.kind = ? AND c.group_id = ? ORDER BY c.id",
        (ClaimKind.QUANTITY.value, group_id),
    )
    return [_figure(tuple(row)) for row in rows]


@dataclass(frozen=True, slots=True)
class Stated:
    """A stored statement: who said it, the content and where it is, quoted or not, when."""

    claim_id: str
    article_key: str
    story_id: str | None
    speaker: str | None
    speaker_id: str | None
    text: str
    start: int
    end: int
    direct: bool
    said_on: str | None
    time_text: str | None
    cue: str | None
    published: str | None


_STATED = (
    "SELECT c.id, c.article_key, a.story_id, c.speaker, c.speaker_id, c.text, c.start, "
    "c.\"end\", COALESCE(c.direct, 0) = 1, c.said_on, json_extract(c.detail, '$.time_text'), "
    "json_extract(c.detail, '$.cue'), a.published FROM claims c JOIN articles a ON "
    "a.key = c.article_key WHERE c.kind = ? AND " + TOUCHED
)


def touched_statements(conn: sqlite3.Connection) -> Iterator[Stated]:
    """Every statement of the articles a link run touches, by article and position."""
    rows = conn.execute(
        _STATED + " ORDER BY c.article_key, c.start, c.id", (ClaimKind.STATEMENT.value,)
    )
    for row in rows:
        yield Stated(*row)
