"""Ledgers for the presentation tests: the example corpus newsledger ships, and one hostile
article whose every field tries to inject markup or script."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

from newsledger import Settings, ingest
from tests.present.hostile import hostile_record


@pytest.fixture(scope="session")
def example_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped example corpus (five invented reports of one depot fire), linked."""
    db = tmp_path_factory.mktemp("examples") / "examples.db"
    with resources.as_file(resources.files("newsledger").joinpath("examples")) as folder:
        ingest([folder], db, Settings(workers=1))
    return db


@pytest.fixture(scope="session")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "evil.jsonl").write_text(json.dumps(hostile_record()) + "\n", encoding="utf-8")
    db = folder / "hostile.db"
    ingest([folder / "evil.jsonl"], db, Settings(workers=1))
    return db
