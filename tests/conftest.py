"""Shared fixtures: the read-only ../shared folder, settings for fast in-process runs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from newsledger.config import Settings

REPO = Path(__file__).resolve().parents[1]


def _shared_root() -> Path:
    return Path(os.environ.get("NEWSLEDGER_SHARED", REPO.parent / "shared"))


@pytest.fixture(scope="session")
def shared() -> Path:
    """The shared data folder beside the repo (seeds, fixtures, eval); skip when absent."""
    root = _shared_root()
    if not (root / "seeds").is_dir():
        pytest.skip(f"shared data not found at {root} (set NEWSLEDGER_SHARED to its path)")
    return root


@pytest.fixture(scope="session")
def settings() -> Settings:
    """In-process analysis with the default pipeline: no worker start-up in unit tests."""
    return Settings(workers=1)
