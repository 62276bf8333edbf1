"""Reference docs made from the code itself, so they cannot drift: CLI help and settings."""

from __future__ import annotations

import typer
from typer.testing import CliRunner

from newsledger.config import SETTINGS

_HELP_ENV = {"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"}


def command_names(app: typer.Typer) -> list[str]:
    return [c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands]


def cli_reference(app: typer.Typer) -> str:
    """Markdown with the ``--help`` text of the command and of each subcommand."""
    runner = CliRunner()
    parts = [
        "# Command-line reference",
        "",
        "Generated from `--help` by `python scripts/gen_docs.py`; a test checks it is current.",
        "",
    ]
    for name in ["", *command_names(app)]:
        args = [name, "--help"] if name else ["--help"]
        result = runner.invoke(app, args, env=_HELP_ENV, prog_name="newsledger")
        lines = [line.rstrip() for line in result.output.strip("\n").splitlines()]
        title = f"newsledger {name}".strip()
        parts += [f"## {title}", "", "```", *lines, "```", ""]
    return "\n".join(parts)


def settings_reference() -> str:
    """Markdown table of every setting, its default, environment variable and meaning."""
    rows = [
        "# Settings",
        "",
        "Every setting has a default, can be set in the environment as `NEWSLEDGER_<NAME>`,",
        "and the most used ones also as command-line options (`newsledger ingest --help`).",
        "Generated from `newsledger/config.py` by `python scripts/gen_docs.py`.",
        "",
        "| setting | default | environment | meaning |",
        "| --- | --- | --- | --- |",
    ]
    for s in SETTINGS:
        rows.append(
            f"| `{s.name}` | `{s.plain_default!r}` | `NEWSLEDGER_{s.name.upper()}` | {s.help} |"
        )
    return "\n".join(rows) + "\n"
