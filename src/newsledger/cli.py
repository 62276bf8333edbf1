"""The ``newsledger`` command: parse arguments, call the library, render with Rich.

Exit codes: 0 clean; 1 the command ran but some inputs or records failed; 2 the command could
not run (bad usage, no inputs, unusable ledger or settings). Data goes to stdout, progress and
messages to stderr.
"""

from __future__ import annotations

import json
import logging
import socket
import sys
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from newsledger.api import IngestSummary, ingest
from newsledger.config import SETTINGS, Settings
from newsledger.errors import LedgerError, NewsledgerError
from newsledger.ingest import reader_for
from newsledger.ledger.db import Ledger, dead_runs, latest_version
from newsledger.ledger.queries import (
    error_counts,
    iter_errors,
    outlet_counts,
    recent_runs,
    table_counts,
)
from newsledger.link import LinkSummary, link
from newsledger.present.export import ExportFormat, export
from newsledger.present.report import ReportFormat, build_report, write_report
from newsledger.records import ErrorKind, RunCounts
from newsledger.version import __version__
from newsledger.vocabulary import FlagKind, RunStatus
from newsledger.watch_cli import watch_cli

EXIT_CODES = (
    "Exit codes: 0 clean; 1 the command ran but some inputs or records failed (see `newsledger "
    "errors`); 2 the command could not run (bad usage, no inputs, no usable ledger)."
)
ERROR_KINDS = "Error kinds: " + ", ".join(kind.value for kind in ErrorKind) + "."
app = typer.Typer(
    help="Who claimed what, with which numbers, when, in which outlet: a ledger of news claims.",
    epilog=EXIT_CODES,
    rich_markup_mode=None,  # plain help: flags without a type, defaults shown as written
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)  # one line per problem, however long

DbOption = Annotated[Path, typer.Option("--db", help="Ledger file (SQLite).")]
EXIT_FAILURES = 1
EXIT_UNUSABLE = 2


def _version(value: bool) -> None:
    if value:
        out.print(f"newsledger {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    verbose: Annotated[
        int, typer.Option("--verbose", "-v", count=True, help="More log output (-vv for debug).")
    ] = 0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only errors.")] = False,
    version: Annotated[
        bool | None,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = None,
) -> None:
    """Who claimed what, with which numbers, when, in which outlet."""
    level = (
        logging.ERROR if quiet else (logging.WARNING, logging.INFO, logging.DEBUG)[min(verbose, 2)]
    )
    # Extraction libraries log about every odd page, at ERROR too; each problem they meet is
    # already one line of the summary and a row of the errors table, so they speak with -v.
    for noisy in ("trafilatura", "htmldate", "courlan", "charset_normalizer", "warcio"):
        logging.getLogger(noisy).setLevel(level if verbose else logging.CRITICAL + 1)
    logging.basicConfig(
        level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )


def _setting_option(text: str, setting: str) -> Any:
    """An option that overrides a setting, its help ending with the setting's default and
    environment variable."""
    default = next(s.plain_default for s in SETTINGS if s.name == setting)
    return typer.Option(help=f"{text} Default: {default} (or NEWSLEDGER_{setting.upper()}).")


@app.command("ingest", epilog=f"{ERROR_KINDS} {EXIT_CODES}")
def ingest_cli(
    paths: Annotated[list[str], typer.Argument(help="Files, folders (read recursively) or globs.")],
    db: DbOption = Path("ledger.db"),
    workers: Annotated[
        int | None, _setting_option("NLP worker processes (0: one per core).", "workers")
    ] = None,
    batch_size: Annotated[
        int | None, _setting_option("Articles per batch and transaction.", "batch_size")
    ] = None,
    spacy_model: Annotated[
        str | None, _setting_option("spaCy pipeline to use.", "spacy_model")
    ] = None,
    max_file_mb: Annotated[
        int | None, _setting_option("Largest file read whole, in MB.", "max_file_mb")
    ] = None,
    engine: Annotated[
        str | None, _setting_option("Where the NLP runs: local or dask.", "engine")
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(help="Dask scheduler address for --engine dask (none: a local cluster)."),
    ] = None,
    attribution: Annotated[
        str | None, _setting_option("Who finds statements: model or rules.", "attribution")
    ] = None,
    run_link: Annotated[
        bool, typer.Option("--link/--no-link", help="Link stories, speakers and claims after.")
    ] = True,
) -> None:
    """Read news reports (text, HTML, JSON lines, WARC, RSS/Atom/JSON feeds) into the ledger.

    PATHS: files, folders, globs, named pipes, or - (standard input); limits: docs/settings.md
    """
    settings = Settings.from_env().with_changes(
        workers=workers,
        batch_size=batch_size,
        spacy_model=spacy_model,
        max_file_mb=max_file_mb,
        engine=engine,
        dask_scheduler=scheduler,
        attribution=attribution,
    )
    summary = _run_with_progress(paths, db, settings)
    _print_summary(summary, db)
    if run_link:
        _print_link(_linked(db))
    if not summary.ok:
        raise typer.Exit(EXIT_FAILURES)


def _run_with_progress(paths: list[str], db: Path, settings: Settings) -> IngestSummary:
    if not err.is_terminal:
        return ingest(paths, db, settings, run_link=False)
    columns = (
        TextColumn("[bold]ingest"),
        BarColumn(bar_width=None),
        TextColumn(
            "{task.fields[read]} read, {task.fields[stored]} stored, "
            "[red]{task.fields[errors]} errors[/], {task.fields[rate]:.1f} articles/s"
        ),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task("ingest", total=None, read=0, stored=0, errors=0, rate=0.0)

        def update(counts: RunCounts) -> None:
            elapsed = progress.tasks[task].elapsed or 1e-9
            progress.update(
                task,
                read=counts.read,
                stored=counts.stored,
                errors=counts.error_total,
                rate=counts.read / elapsed,
            )

        return ingest(paths, db, settings, on_progress=update, run_link=False)


def _print_summary(summary: IngestSummary, db: Path) -> None:
    c = summary.counts
    rate = c.read / summary.seconds if summary.seconds else 0.0
    out.print(
        f"read {c.read} articles, stored {c.stored} new ({c.new_versions} new versions) "
        f"into {db} in {summary.seconds:.1f}s ({rate:.1f} articles/s)",
        highlight=False,
    )
    for reason, n in sorted(c.skipped.items()):
        out.print(f"skipped {n} ({reason})", highlight=False)
    for kind, n in sorted(c.errors.items()):
        out.print(f"errors {n} ({kind})", highlight=False)
    for problem in summary.problems:
        where = f"{problem.source}{' ' + problem.position if problem.position else ''}"
        err.print(
            f"  {problem.kind.value}: {where}: {problem.message}", highlight=False, markup=False
        )
    if c.error_total > len(summary.problems):
        err.print(
            f"  ... see all {c.error_total} with: newsledger errors --db {db}",
            highlight=False,
            markup=False,
        )


app.command("watch")(watch_cli)


@app.command("link")
def link_cli(
    db: DbOption = Path("ledger.db"),
    full: Annotated[
        bool, typer.Option("--full", help="Forget every link and link the whole ledger anew.")
    ] = False,
) -> None:
    """Link the articles not linked yet: stories and copies, canonical speakers, claim groups
    and flags, recomputed only in the stories the new articles join."""
    if not db.is_file():
        raise LedgerError(f"no ledger at {str(db)!r}: run `newsledger ingest` first")
    _print_link(_linked(db, full=full))


def _linked(db: Path, full: bool = False) -> LinkSummary:
    """``link``, with a spinner on a terminal: a large ledger takes minutes to link."""
    if not err.is_terminal:
        return link(db, full=full)
    with err.status("linking: stories, copies, speakers, claim groups, flags"):
        return link(db, full=full)


def _print_link(summary: LinkSummary) -> None:
    flags = ", ".join(f"{n} {kind}" for kind, n in sorted(summary.flags.items())) or "none"
    out.print(
        f"linked {summary.articles} new articles into {summary.stories} stories "
        f"({summary.new_stories} new); {summary.duplicates} copies; in those stories "
        f"{summary.speakers} speakers, "
        f"{summary.groups} claim groups; flags: {flags}",
        highlight=False,
    )


@app.command("export")
def export_cli(
    db: DbOption = Path("ledger.db"),
    fmt: Annotated[
        ExportFormat, typer.Option("--format", help="File format.")
    ] = ExportFormat.JSONL,
    out_dir: Annotated[Path, typer.Option("--out", help="Folder to write into.")] = Path("export"),
) -> None:
    """Write articles, claims, claim groups and flags to OUT as JSON lines, CSV or Parquet
    (streamed, any ledger size), or schema.org ClaimReview drafts for flagged claim groups."""
    for name, rows in export(db, out_dir, fmt).items():
        out.print(f"{rows} rows -> {out_dir / name}", highlight=False)


@app.command("report")
def report_cli(
    db: DbOption = Path("ledger.db"),
    fmt: Annotated[
        ReportFormat, typer.Option("--format", help="md, html or json.")
    ] = ReportFormat.MARKDOWN,
    out_path: Annotated[
        Path | None,
        typer.Option("--out", help="File to write.", show_default="report.md, .html or .json"),
    ] = None,
    story: Annotated[str | None, typer.Option(help="Only this story id.")] = None,
) -> None:
    """Per story: sources side by side, claim groups, flags with reasons, statements."""
    out_path = out_path or Path(f"report.{fmt.value}")
    stories = write_report(db, out_path, fmt, story)
    out.print(f"{stories} stories -> {out_path}", highlight=False)


@app.command("serve")
def serve_cli(
    db: DbOption = Path("ledger.db"),
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    allow_host: Annotated[
        list[str] | None,
        typer.Option(
            "--allow-host",
            help="Another host name the server answers to (repeatable; * for any). By "
            "default only the address it listens on (and localhost for a loopback one).",
        ),
    ] = None,
) -> None:
    """Browse the ledger in a web browser (read-only): stories, speakers, claim groups,
    articles with their claims highlighted, and full-text search."""
    import uvicorn

    from newsledger.present.web import LOOPBACK, Hosts, create_app

    web = create_app(db, Hosts.bound(host, allow_host or ()))
    listening = _bind(host, port)
    if host not in LOOPBACK:
        err.print(f"warning: listening on {host}: anyone who can reach it can read the ledger")
    err.print(f"serving {db} at http://{host}:{port}/ (Ctrl+C stops)", highlight=False)
    server = uvicorn.Server(uvicorn.Config(web, log_level="warning"))
    with listening:
        server.run(sockets=[listening])


def _bind(host: str, port: int) -> socket.socket:
    """A socket listening on ``host:port``; exit 2 with one line if there can be none."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        return socket.create_server((host, port), family=family, backlog=2048)
    except OSError as exc:
        err.print(
            f"error: cannot listen on {host}:{port}: {exc.strerror or exc}",
            highlight=False,
            markup=False,
        )
        raise typer.Exit(EXIT_UNUSABLE) from None


@app.command("stats")
def stats_cli(
    db: DbOption = Path("ledger.db"),
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Counts per table, per outlet, errors by kind, the last runs, and what needs care: runs
    that died, a schema older than this newsledger writes."""
    with Ledger.open(db, readonly=True) as ledger:
        dead = set(dead_runs(ledger.conn))
        runs = recent_runs(ledger.conn)
        for run in runs:
            if run["id"] in dead:
                run["status"] = RunStatus.DIED.value
        tables = table_counts(ledger.conn)
        outlets = outlet_counts(ledger.conn)
        errors = error_counts(ledger.conn)
        checks = _checks(ledger, sorted(dead))
    if as_json:
        data = {"tables": tables, "outlets": outlets, "errors": errors, "runs": runs}
        out.print_json(json.dumps({**data, "checks": checks}))
        return
    out.print(_pairs_table("ledger " + str(db), ("table", "rows"), tables.items()))
    out.print(_pairs_table("articles per outlet", ("outlet", "articles"), outlets))
    if errors:
        out.print(_pairs_table("errors by kind", ("kind", "count"), errors))
    table = Table(title="last runs")
    for column in ("id", "command", "started", "status", "counts"):
        table.add_column(column)
    for run in runs:
        cells = (run["id"], run["command"], run["started"], run["status"], run["counts"] or "")
        table.add_row(*map(str, cells))
    out.print(table)
    for check in checks:
        out.print(f"check: {check}", highlight=False, markup=False)


def _checks(ledger: Ledger, dead: list[int]) -> list[str]:
    """What a user should know about the ledger, one sentence each."""
    found = [
        f"run {run_id} died (its process is gone) without finishing: run the same "
        "command again to complete its work"
        for run_id in dead
    ]
    version, latest = ledger.schema_version() or 0, latest_version()
    if version < latest:
        found.append(
            f"schema version {version} is older than this newsledger's {latest}: the next "
            "ingest or link upgrades it"
        )
    return found


def _pairs_table(title: str, header: tuple[str, str], rows: Iterable[tuple[str, object]]) -> Table:
    table = Table(title=title)
    table.add_column(header[0])
    table.add_column(header[1], justify="right")
    for key, value in rows:
        table.add_row(str(key), str(value))
    return table


@app.command("errors")
def errors_cli(
    db: DbOption = Path("ledger.db"),
    kind: Annotated[ErrorKind | None, typer.Option(help="Only errors of this kind.")] = None,
) -> None:
    """The inputs that failed, with where and why: tab-separated, with a header line."""
    with Ledger.open(db, readonly=True) as ledger:
        typer.echo("kind\tsource\tposition\tmessage")
        for row in iter_errors(ledger.conn, kind.value if kind else None):
            fields = (row["kind"], row["source"], row["position"], row["message"])
            typer.echo("\t".join(" ".join(f.split()) for f in fields))


@app.command("demo")
def demo_cli(
    db: DbOption = Path("newsledger-demo.db"),
    workers: Annotated[int | None, typer.Option(help="NLP worker processes.")] = None,
) -> None:
    """Ingest the example corpus that ships with newsledger and show what was found."""
    corpus = resources.files("newsledger").joinpath("examples")
    with resources.as_file(corpus) as folder:
        reports = sorted(p for p in folder.iterdir() if reader_for(p) is not None)
        summary = ingest(
            reports, db, Settings.from_env().with_changes(workers=workers), run_link=False
        )
    _print_summary(summary, db)
    _print_link(_linked(db))
    with Ledger.open(db, readonly=True) as ledger:
        _print_demo(ledger)
    out.print(
        f"\nNext: newsledger serve --db {db}   |   newsledger report --db {db} --format html "
        f"--out report.html   |   newsledger export --db {db} --out export/",
        highlight=False,
    )


def _print_demo(ledger: Ledger) -> None:
    """The example ledger in the terminal, story by story, from the same data as reports."""
    report = build_report(ledger.conn)
    articles = Table(title="reports")
    for column in ("id", "outlet", "published", "story", "copy of"):
        articles.add_column(column)
    for story in report["stories"]:
        for a in story["sources"]:
            cells = (a["id"], a["outlet"], (a["published"] or "")[:10], story["story_id"])
            articles.add_row(*(str(v or "-") for v in (*cells, a["duplicate_of"])))
    out.print(articles)
    stories = report["stories"]
    for group in (g for story in stories for g in story["claim_groups"]):
        if len({m["article"] for m in group["members"]}) < 2:
            continue
        table = Table(title=f"claim group: {group['label']}")
        for column in ("outlet", "figure", "hedge", "source", "flags"):
            table.add_column(column)
        for m in group["members"]:
            flags = ", ".join(m["flags"]) or "-"
            table.add_row(m["outlet"], m["text"], m["qualifier"], m["speaker"] or "-", flags)
        out.print(table)
    statements = Table(title="who said what (first 12)")
    for column in ("outlet", "speaker", "said"):
        statements.add_column(column)
    by_speaker = [by for story in stories for by in story["statements_by_speaker"]]
    said = [claim for by in by_speaker for claim in by["statements"]]
    for claim in said[:12]:
        statements.add_row(claim["outlet"], claim["speaker"] or "-", claim["text"][:90])
    out.print(statements)
    figures = [m for story in stories for g in story["claim_groups"] for m in g["members"]]
    text_of = {claim["id"]: claim["text"] for claim in [*figures, *said]}
    reasons = sorted(
        {(f["kind"], f["reason"], f["claim_id"]) for story in stories for f in story["flags"]}
    )
    shown: set[tuple[str, str]] = set()
    for kind, reason, claim_id in reasons:
        if kind != FlagKind.UNATTRIBUTED and (kind, reason) not in shown:
            shown.add((kind, reason))
            claim = text_of.get(claim_id, claim_id)
            out.print(f"flag {kind}: {claim!r}: {reason}", highlight=False, markup=False)
    for removed in (r for story in stories for r in story["removed"]):
        out.print(
            f"cleaning removed from {removed['article']} ({removed['kind']}): "
            f"{removed['text'].strip()[:80]!r}",
            highlight=False,
            markup=False,
        )


def main() -> None:
    """Entry point: run the app, mapping newsledger errors to a message and exit code 2."""
    try:
        app()
    except NewsledgerError as exc:
        err.print(f"error: {exc}", highlight=False, markup=False)
        sys.exit(EXIT_UNUSABLE)
