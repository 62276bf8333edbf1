"""The engines that run the per-article stage give the same results, in input order."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsledger import engine
from newsledger.config import Settings
from newsledger.errors import ConfigError
from newsledger.records import Article

EXAMPLES = Path(__file__).resolve().parents[1] / "src" / "newsledger" / "examples"


def _batches() -> list[list[Article]]:
    articles = [
        Article(id=path.stem, raw_text=path.read_text(encoding="utf-8"), source=str(path))
        for path in sorted(EXAMPLES.iterdir())
        if path.is_file()
    ]
    return [articles[i : i + 2] for i in range(0, len(articles), 2)]


def _run(settings: Settings) -> list[tuple[list[str], list[object]]]:
    return [
        ([a.id for a in batch], results)
        for batch, results in engine.analyse_stream(iter(_batches()), settings)
    ]


@pytest.fixture(scope="module")
def in_process() -> list[tuple[list[str], list[object]]]:
    return _run(Settings(workers=1))


def test_a_pool_of_processes_gives_what_one_process_gives(in_process: list) -> None:
    assert len(in_process) == len(_batches()) >= 3
    assert _run(Settings(workers=2)) == in_process


def test_a_dask_cluster_gives_what_one_process_gives(in_process: list) -> None:
    pytest.importorskip("distributed", reason="the dask extra is not installed")
    assert _run(Settings(workers=2, engine="dask")) == in_process


def test_an_unknown_engine_or_an_unreachable_scheduler_is_a_config_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with pytest.raises(ConfigError, match="engine must be one of local, dask"):
        Settings(engine="spark")
    pytest.importorskip("distributed", reason="the dask extra is not installed")
    monkeypatch.setattr(engine, "DASK_CONNECT_SECONDS", 1)
    settings = Settings(engine="dask", dask_scheduler="tcp://127.0.0.1:9")
    with pytest.raises(ConfigError, match="cannot reach the Dask scheduler"):
        _run(settings)


def test_the_ledger_exports_and_web_ui_import_without_the_parser() -> None:
    """The web server and the exports need no NLP: importing them must not load spaCy."""
    import subprocess
    import sys

    code = (
        "import sys, newsledger.ledger, newsledger.present.web, newsledger.present.export; "
        "print('spacy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_face_ingest_is_the_function_whatever_was_imported_first() -> None:
    """``newsledger.ingest`` names a subpackage and the library's function: the function wins,
    in a fresh interpreter where the subpackage was imported first."""
    import subprocess
    import sys

    code = (
        "import newsledger.ingest; from newsledger.ingest import discover; "
        "from newsledger import ingest; print(callable(ingest), ingest.__module__)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "newsledger.api"]
