from __future__ import annotations

import json
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsledger.cli import app, main
from newsledger.config import Settings
from newsledger.errors import ConfigError, LedgerError
from newsledger.ledger.db import Ledger
from newsledger.present.reference import cli_reference, command_names, settings_reference
from newsledger.vocabulary import Attribution, Engine, HtmlFocus

runner = CliRunner()
SEEDS_GOLD_CLEANING = "<source type="


def _run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_cli_seeds_ingest_export_stats_errors(shared: Path, tmp_path: Path) -> None:
    db, out = tmp_path / "seeds.db", tmp_path / "export"
    seeds = sorted(str(p) for p in (shared / "seeds").glob("*.txt"))
    result = _run("ingest", *seeds, "--db", str(db), "--workers", "1")
    assert result.exit_code == 0, result.output
    assert "read 2 articles, stored 2 new" in result.output

    result = _run("export", "--db", str(db), "--format", "jsonl", "--out", str(out))
    assert result.exit_code == 0
    rows = [json.loads(line) for line in (out / "articles.jsonl").read_text().splitlines()]
    assert [r["id"] for r in rows] == ["000_36a5580235b828ee", "001_f9dca09a0888e395"]
    assert set(rows[0]) >= {"id", "url", "outlet", "title", "published", "story_id", "text"}
    assert SEEDS_GOLD_CLEANING not in rows[0]["text"]
    assert rows[0]["removed"][0]["kind"] == "markup"
    assert (out / "claims.jsonl").exists()

    result = _run("export", "--db", str(db), "--format", "csv", "--out", str(out))
    assert result.exit_code == 0 and (out / "articles.csv").read_text().startswith("id,url,outlet")

    stats = _run("stats", "--db", str(db), "--json")
    data = json.loads(stats.output)
    assert data["tables"]["articles"] == 2 and data["tables"]["sentences"] > 30
    assert _run("errors", "--db", str(db)).output == "kind\tsource\tposition\tmessage\n"


def test_cli_bad_inputs_are_reported_and_exit_1(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("Headline\nThe mayor said 40 homes were flooded.")
    (tmp_path / "bad.jsonl").write_text('{"id": "x", "text": "ok text"}\n[1]\n')
    (tmp_path / "blob.txt").write_bytes(b"\x00\x01\x02" * 100)
    db = tmp_path / "l.db"
    result = _run("ingest", str(tmp_path), "--db", str(db), "--workers", "1")
    assert result.exit_code == 1
    assert "read 2 articles, stored 2 new" in result.output
    assert "errors 1 (bad_record)" in result.output and "errors 1 (binary)" in result.output
    header, *listed = _run("errors", "--db", str(db)).output.splitlines()
    assert header == "kind\tsource\tposition\tmessage"
    assert sorted(line.split("\t")[0] for line in listed) == ["bad_record", "binary"]
    assert "line 2" in next(line for line in listed if line.startswith("bad_record"))


def test_cli_missing_input_is_a_usage_error(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setattr(
        "sys.argv",
        ["newsledger", "ingest", str(tmp_path / "nope.txt"), "--db", str(tmp_path / "l.db")],
    )
    with pytest.raises(SystemExit) as exit_info:
        main()
    assert exit_info.value.code == 2
    assert "no such file or folder" in capsys.readouterr().err


def test_cli_demo_runs_on_the_shipped_corpus(tmp_path: Path) -> None:
    result = _run("demo", "--db", str(tmp_path / "demo.db"), "--workers", "1")
    assert result.exit_code == 0, result.output
    assert "read 5 articles, stored 5 new" in result.output
    assert "Mikaela" in result.output and "4,000" in result.output
    assert "cleaning removed from nordic-ledger-evacuation" in result.output


DOCS = Path(__file__).resolve().parents[1] / "docs"


@pytest.mark.parametrize("command", command_names(app))
def test_cli_every_command_has_help_and_a_docs_section(command: str) -> None:
    result = _run(command, "--help")
    assert result.exit_code == 0 and "Usage" in result.output
    assert f"## newsledger {command}\n" in (DOCS / "cli.md").read_text()


def test_cli_reference_docs_are_current() -> None:
    assert (DOCS / "cli.md").read_text() == cli_reference(app), "run: python scripts/gen_docs.py"


def test_cli_every_setting_is_documented() -> None:
    assert (DOCS / "settings.md").read_text() == settings_reference(), (
        "run: python scripts/gen_docs.py"
    )


def test_cli_choice_settings_take_their_words_and_name_them_when_wrong(tmp_path: Path) -> None:
    env = {"NEWSLEDGER_ATTRIBUTION": "rules", "NEWSLEDGER_HTML_FOCUS": "recall"}
    settings = Settings.from_env(env).with_changes(engine="dask")
    assert settings.attribution is Attribution.RULES and settings.html_focus is HtmlFocus.RECALL
    assert settings.engine is Engine.DASK and Settings().engine is Engine.LOCAL
    with pytest.raises(
        ConfigError, match="^setting attribution must be one of model, rules, got 'crf'$"
    ):
        _run("ingest", str(tmp_path), "--attribution", "crf")
    with pytest.raises(
        ConfigError,
        match="^setting html_focus must be one of precision, balanced, recall, got 'fast'$",
    ):
        Settings.from_env({"NEWSLEDGER_HTML_FOCUS": "fast"})


def test_cli_serve_refuses_a_missing_ledger_and_a_busy_port(tmp_path: Path) -> None:
    with pytest.raises(LedgerError, match="no ledger"):  # main() maps it to exit code 2
        _run("serve", "--db", str(tmp_path / "none.db"))
    db = tmp_path / "l.db"
    Ledger.open(db).close()
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = _run("serve", "--db", str(db), "--port", str(port))
    assert result.exit_code == 2
    assert "cannot listen" in result.output and "serving" not in result.output


def test_cli_stats_reads_a_ledger_of_an_older_schema(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    Ledger.open(db).close()
    with sqlite3.connect(db) as conn:
        conn.execute("DROP TABLE stories")
        conn.execute("UPDATE schema_version SET version = 3")
    result = _run("stats", "--db", str(db), "--json")
    assert result.exit_code == 0
    tables = json.loads(result.stdout)["tables"]
    assert tables["articles"] == 0 and "stories" not in tables


# --- issue #14 item 13: the command line says what it does --------------------------------
def test_cli_report_html_without_out_writes_report_html(tmp_path: Path, monkeypatch) -> None:
    db = tmp_path / "l.db"
    Ledger.open(db).close()
    monkeypatch.chdir(tmp_path)
    assert _run("report", "--db", str(db), "--format", "html").exit_code == 0
    assert (tmp_path / "report.html").read_text().lstrip().lower().startswith("<!doctype html")
    assert not (tmp_path / "report.md").exists()


def test_cli_errors_refuses_an_unknown_kind(tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    Ledger.open(db).close()
    result = runner.invoke(app, ["errors", "--db", str(db), "--kind", "nonsense"])
    assert result.exit_code == 2 and "nonsense" in result.output


def test_cli_link_refuses_a_missing_ledger(tmp_path: Path) -> None:
    with pytest.raises(LedgerError, match="no ledger"):  # main() maps it to exit code 2
        _run("link", "--db", str(tmp_path / "missing.db"))
    assert not (tmp_path / "missing.db").exists()


def test_cli_help_shows_defaults_exit_codes_and_error_kinds() -> None:
    text = " ".join(_run("ingest", "--help").output.split())
    assert "Default: 0 (or NEWSLEDGER_WORKERS)" in text and "Default: 64" in text
    assert "Exit codes: 0 clean; 1" in text and "too_large" in text and "<bool>" not in text


def test_cli_demo_skips_nothing(tmp_path: Path) -> None:
    result = _run("demo", "--db", str(tmp_path / "demo.db"), "--workers", "1")
    assert result.exit_code == 0 and "skipped" not in result.output


def test_cli_stats_tells_a_dead_run_and_the_next_run_marks_it(tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    with Ledger.open(db) as ledger:
        ledger.conn.execute(
            "INSERT INTO runs (command, newsledger_version, started, pid, host) "
            "VALUES ('ingest', '0', '2024-01-01', ?, ?)",
            (gone.pid, socket.gethostname()),
        )
    checks = json.loads(_run("stats", "--db", str(db), "--json").stdout)["checks"]
    assert len(checks) == 1 and checks[0].startswith("run 1 died")
    with Ledger.open(db) as ledger:
        ledger.start_run("ingest")
        statuses = [r[0] for r in ledger.conn.execute("SELECT status FROM runs ORDER BY id")]
    assert statuses == ["died", "running"]
