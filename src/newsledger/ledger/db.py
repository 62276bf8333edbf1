"""The ledger: one SQLite file in WAL mode, written by one connection in batched transactions.

Every write happens inside ``BEGIN IMMEDIATE ... COMMIT``, so a process killed at any moment
leaves the ledger as it was after the last committed batch; running the same ingest again
skips what is stored (content-hash keys) and completes the rest.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import socket
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from types import TracebackType

from newsledger.errors import LedgerError, MigrationFailed, SchemaTooNew
from newsledger.records import AnalysedArticle, Problem, Quantity, RunCounts, Statement
from newsledger.version import __version__
from newsledger.vocabulary import ClaimKind, RunStatus

LOGGER = logging.getLogger(__name__)
_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")
BASE_VERSION = 1


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def migrations() -> list[tuple[int, str, str]]:
    """The forward migrations shipped with this version: (version, file name, SQL), sorted."""
    folder = resources.files("newsledger.ledger").joinpath("migrations")
    found = []
    if folder.is_dir():
        for entry in folder.iterdir():
            match = _MIGRATION_NAME.match(entry.name)
            if match:
                found.append((int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    return sorted(found)


def latest_version() -> int:
    """The schema version this code writes: the last migration, or the base schema."""
    steps = migrations()
    return steps[-1][0] if steps else BASE_VERSION


class Ledger:
    """A connection to a ledger file; use ``Ledger.open`` and close it (or use ``with``)."""

    def __init__(self, conn: sqlite3.Connection, path: Path, readonly: bool) -> None:
        self.conn = conn
        self.path = path
        self.readonly = readonly

    @classmethod
    def open(cls, path: str | Path, readonly: bool = False) -> Ledger:
        """Open (creating and migrating when writable) the ledger at ``path``."""
        path = Path(path)
        if readonly and not path.is_file():
            raise LedgerError(f"no ledger at {str(path)!r}: run `newsledger ingest` first")
        if not readonly and path.parent and not path.parent.is_dir():
            raise LedgerError(f"folder {str(path.parent)!r} does not exist")
        try:
            if readonly:
                conn = sqlite3.connect(
                    path.resolve().as_uri() + "?mode=ro",
                    uri=True,
                    isolation_level=None,
                    check_same_thread=False,
                )
            else:
                conn = sqlite3.connect(path, isolation_level=None)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA busy_timeout = 10000")
            conn.execute("PRAGMA foreign_keys = ON")
            # 64 MiB of page cache (SQLite's default is 2 MiB): linking and ingesting write
            # B-trees larger than that, and spilling them mid-transaction costs more the
            # larger the ledger grows
            conn.execute("PRAGMA cache_size = -65536")
            if not readonly:
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")
            ledger = cls(conn, path, readonly)
            ledger._check_schema()
        except sqlite3.DatabaseError as exc:
            raise LedgerError(f"{str(path)!r} is not a usable newsledger ledger: {exc}") from None
        return ledger

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # --- schema ---------------------------------------------------------------------
    def schema_version(self) -> int | None:
        row = self.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
        ).fetchone()
        if row is None:
            return None
        version = self.conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0]
        return int(version) if version is not None else None

    def _check_schema(self) -> None:
        current = self.schema_version()
        latest = latest_version()
        if current is not None and current > latest:
            raise SchemaTooNew(
                f"ledger {str(self.path)!r} has schema version {current}, newer than this "
                f"newsledger ({__version__}) knows ({latest}): upgrade newsledger"
            )
        if self.readonly:
            if current is None:
                raise LedgerError(f"{str(self.path)!r} is not a newsledger ledger")
            return
        if current is None:
            schema = resources.files("newsledger.ledger").joinpath("schema.sql")
            self._apply(schema.read_text(encoding="utf-8"), latest, "schema.sql", insert=True)
            return
        for version, name, sql in migrations():
            if version > current:
                self._apply(sql, version, name, insert=False)

    def _apply(self, sql: str, version: int, name: str, insert: bool) -> None:
        """Run one schema script and record its version, in one transaction."""
        try:
            self.conn.executescript("BEGIN IMMEDIATE;\n" + sql)
            if insert:
                self.conn.execute("INSERT INTO schema_version (version) VALUES (?)", (version,))
            else:
                self.conn.execute("UPDATE schema_version SET version = ?", (version,))
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise MigrationFailed(
                f"{name} failed on {str(self.path)!r}: {exc}; the ledger was left unchanged"
            ) from None
        LOGGER.info("ledger %s at schema version %d (%s)", self.path, version, name)

    # --- writes ---------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` ... ``COMMIT``, rolled back if the block raises."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def start_run(self, command: str) -> int:
        """Record a new run of this process; runs left 'running' by dead processes of this
        machine are marked 'died' first."""
        with self.transaction() as conn:
            for run_id in dead_runs(conn):
                conn.execute(
                    "UPDATE runs SET status = ?, ended = ? WHERE id = ?",
                    (RunStatus.DIED.value, _now(), run_id),
                )
            cursor = conn.execute(
                "INSERT INTO runs (command, newsledger_version, started, pid, host, status) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (
                    command,
                    __version__,
                    _now(),
                    os.getpid(),
                    socket.gethostname(),
                    RunStatus.RUNNING.value,
                ),
            )
        return int(cursor.lastrowid or 0)

    def finish_run(
        self, run_id: int, counts: RunCounts, status: RunStatus = RunStatus.DONE
    ) -> None:
        payload = json.dumps(
            {
                "read": counts.read,
                "stored": counts.stored,
                "new_versions": counts.new_versions,
                "errors": counts.errors,
                "skipped": counts.skipped,
            }
        )
        with self.transaction() as conn:
            conn.execute(
                "UPDATE runs SET ended = ?, status = ?, counts = ? WHERE id = ?",
                (_now(), status.value, payload, run_id),
            )

    def known_keys(self, keys: Iterable[str]) -> set[str]:
        """Those of ``keys`` whose article version is already stored."""
        rows = self.conn.execute(
            "SELECT key FROM articles WHERE key IN (SELECT value FROM json_each(?))",
            (json.dumps(list(keys)),),
        )
        return {row[0] for row in rows}

    def write_batch(
        self,
        run_id: int,
        analysed: Sequence[AnalysedArticle],
        problems: Sequence[Problem],
        also: Callable[[sqlite3.Connection], None] | None = None,
    ) -> tuple[int, int]:
        """Store articles (with everything found in them) and problems in one transaction,
        with whatever ``also`` writes (the watch's fetch state) in the same transaction.

        Returns (articles stored, of which new versions of an id already held).
        """
        stored = new_versions = 0
        with self.transaction() as conn:
            for item in analysed:
                outcome = _insert_article(conn, run_id, item)
                stored += outcome > 0
                new_versions += outcome > 1
            conn.executemany(
                "INSERT INTO errors (run_id, source, position, kind, message) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                [(run_id, p.source, p.position, p.kind.value, p.message) for p in problems],
            )
            if also is not None:
                also(conn)
        return stored, new_versions


def dead_runs(conn: sqlite3.Connection) -> list[int]:
    """Runs still marked 'running' whose process on this machine no longer exists."""
    columns = {row[1] for row in conn.execute("PRAGMA table_info(runs)")}
    if "pid" not in columns:
        return []
    rows = conn.execute(
        "SELECT id, pid FROM runs WHERE status = ? AND pid IS NOT NULL AND host = ?",
        (RunStatus.RUNNING.value, socket.gethostname()),
    )
    return [int(run_id) for run_id, pid in rows if not _alive(int(pid))]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def _insert_article(conn: sqlite3.Connection, run_id: int, item: AnalysedArticle) -> int:
    """Insert one article version and its children; returns its version, or 0 if held."""
    article, key = item.article, item.article.key
    if conn.execute("SELECT 1 FROM articles WHERE key = ?", (key,)).fetchone():
        return 0
    version = conn.execute(
        "SELECT COALESCE(MAX(version), 0) + 1 FROM articles WHERE id = ?", (article.id,)
    ).fetchone()[0]
    conn.execute(
        "INSERT INTO articles (key, id, version, source, position, format, url, outlet, title, "
        "author, published, language, raw_text, text, run_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            key,
            article.id,
            version,
            article.source,
            article.position,
            article.format.value,
            article.url,
            article.outlet,
            article.title,
            article.author,
            article.published,
            article.language,
            article.raw_text,
            item.clean.text,
            run_id,
        ),
    )
    conn.executemany(
        'INSERT INTO removals (article_key, n, start, "end", kind, text) VALUES (?, ?, ?, ?, ?, ?)',
        [(key, n, r.start, r.end, r.kind.value, r.text) for n, r in enumerate(item.clean.removals)],
    )
    conn.executemany(
        'INSERT INTO sentences (article_key, n, start, "end", text) VALUES (?, ?, ?, ?, ?)',
        [(key, n, s.start, s.end, s.text) for n, s in enumerate(item.analysis.sentences)],
    )
    conn.executemany(
        'INSERT INTO mentions (article_key, n, start, "end", label, text) '
        "VALUES (?, ?, ?, ?, ?, ?)",
        [(key, n, m.start, m.end, m.label, m.text) for n, m in enumerate(item.analysis.mentions)],
    )
    text = item.clean.text
    statement_ids = [f"s-{key[:16]}-{n}" for n in range(len(item.analysis.statements))]
    conn.executemany(
        'INSERT INTO claims (id, article_key, kind, start, "end", text, sentence, speaker, '
        "speaker_start, speaker_end, cue_start, cue_end, direct, said_on, statement_id, detail) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                statement_ids[n],
                key,
                ClaimKind.STATEMENT.value,
                s.start,
                s.end,
                s.text,
                _sentence_of(item, s.start, s.end),
                s.speaker,
                s.speaker_start,
                s.speaker_end,
                s.cue_start,
                s.cue_end,
                int(s.direct),
                s.time,
                statement_ids[s.parent] if s.parent is not None else None,
                _statement_detail(s),
            )
            for n, s in enumerate(item.analysis.statements)
        ],
    )
    conn.executemany(
        'INSERT INTO claims (id, article_key, kind, start, "end", text, sentence, speaker, '
        "speaker_start, speaker_end, cue_start, cue_end, value, low, high, qualifier, unit, "
        "counted, scope, statement_id, detail, measure, thing, outcome, part, dimension, "
        "base_unit, base_value, base_low, base_high, era, event_day, running, headline) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                f"q-{key[:16]}-{n}",
                key,
                ClaimKind.QUANTITY.value,
                q.start,
                q.end,
                q.text,
                text[q.sentence_start : q.sentence_end],
                q.speaker,
                q.speaker_start,
                q.speaker_end,
                q.cue_start,
                q.cue_end,
                q.value,
                q.low,
                q.high,
                q.qualifier.value,
                q.unit,
                q.counted,
                q.scope,
                statement_ids[q.statement] if q.statement is not None else None,
                _quantity_detail(q),
                q.measure,
                q.thing,
                q.outcome,
                int(q.part),
                q.dimension,
                q.base_unit,
                q.base_value,
                q.base_low,
                q.base_high,
                q.era,
                q.day,
                int(q.running),
                int(q.headline),
            )
            for n, q in enumerate(item.analysis.quantities)
        ],
    )
    return int(version)


def _quantity_detail(q: Quantity) -> str:
    """Fields of a quantity beyond the claims columns, as JSON."""
    detail = {
        "concept": q.concept,
        "owner": q.owner,
        "change": q.change,
        "time_text": q.time_text,
        "time": q.time,
        "cue": q.cue,
        "derived": q.derived,
        "scope_head": q.scope_head,
        "scope_is_place": q.scope_is_place,
        "predicate": q.predicate,
        "tense": q.tense,
    }
    return json.dumps({k: v for k, v in detail.items() if v not in (None, False)})


def _statement_detail(s: Statement) -> str:
    detail = {
        "cue": s.cue,
        "role": s.role,
        "time_text": s.time_text,
        "content_spans": [list(span) for span in s.content_spans] or None,
    }
    return json.dumps({k: v for k, v in detail.items() if v is not None})


def _sentence_of(item: AnalysedArticle, start: int, end: int) -> str:
    """The sentence (or run of sentences) of the clean text that holds ``[start, end)``."""
    sentences = item.analysis.sentences
    first = next((x.start for x in sentences if x.start <= start < x.end), start)
    last = next((x.end for x in reversed(sentences) if x.start < end <= x.end), end)
    return item.clean.text[first:last]
