"""Regenerate docs/cli.md and docs/settings.md from the code (tests check they are current)."""

from __future__ import annotations

from pathlib import Path

from newsledger.cli import app
from newsledger.present.reference import cli_reference, settings_reference

DOCS = Path(__file__).resolve().parents[1] / "docs"

if __name__ == "__main__":
    (DOCS / "cli.md").write_text(cli_reference(app), encoding="utf-8")
    (DOCS / "settings.md").write_text(settings_reference(), encoding="utf-8")
    print(f"wrote {DOCS / 'cli.md'} and {DOCS / 'settings.md'}")
