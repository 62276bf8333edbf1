"""Eval gates: run newsledger as a user would (ingest, export), then the shared scorers."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from newsledger import Settings, export, ingest
from newsledger.link import link

FLOORS = json.loads((Path(__file__).parent / "floors.json").read_text())


def _score(scorer: Path, gold: Path, export_dir: Path) -> dict[str, float]:
    result = subprocess.run(
        [sys.executable, str(scorer), str(gold), str(export_dir), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    # some scorers print a header before their JSON
    return json.loads(result.stdout[result.stdout.index("{") : result.stdout.rindex("}") + 1])


@pytest.fixture(scope="module")
def eval_dir(shared: Path) -> Path:
    return shared / "eval"


def test_gate_html_extraction(eval_dir: Path, tmp_path: Path) -> None:
    db, out = tmp_path / "h.db", tmp_path / "export"
    summary = ingest([eval_dir / "html" / "pages"], db, Settings())
    assert summary.counts.read == 145 and summary.ok
    export(db, out)
    scores = _score(
        eval_dir / "html" / "score_extraction.py", eval_dir / "html" / "ground-truth.json", out
    )
    assert scores["f1"] >= FLOORS["html_extraction_f1"], scores


def test_gate_seeds_cleaning(eval_dir: Path, shared: Path, tmp_path: Path) -> None:
    db, out = tmp_path / "s.db", tmp_path / "export"
    ingest(sorted((shared / "seeds").glob("*.txt")), db, Settings(workers=1))
    export(db, out)
    gold = json.loads((eval_dir / "dev" / "seeds.gold.json").read_text())
    articles = {
        json.loads(line)["id"]: json.loads(line)
        for line in (out / "articles.jsonl").read_text().splitlines()
    }
    rules = gold["cleaning"]
    kept = [r for r in rules if r["must_not_contain"] not in articles[r["article"]]["text"]]
    assert len(kept) / len(rules) >= FLOORS["seeds_cleaning_rules"]
    # the scorer itself runs on the export without complaint
    scores = _score(eval_dir / "score_claims.py", eval_dir / "dev" / "seeds.gold.json", out)
    assert "score" in scores


def test_gate_newsquant_quantities(eval_dir: Path, tmp_path: Path) -> None:
    db, out = tmp_path / "q.db", tmp_path / "export"
    ingest([eval_dir / "newsquant" / "dev" / "articles.jsonl"], db, Settings(workers=1))
    export(db, out)
    scores = _score(
        eval_dir / "newsquant" / "score_quantities.py",
        eval_dir / "newsquant" / "dev" / "gold.jsonl",
        out,
    )
    assert scores["value_f1"] >= FLOORS["newsquant_value_f1"], scores
    assert scores["concept_f1"] >= FLOORS["newsquant_concept_f1"], scores


@pytest.fixture(scope="module")
def seeds_scores(
    eval_dir: Path, shared: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, float]:
    """The claims scorer on the two seed reports, ingested and exported as a user would."""
    folder = tmp_path_factory.mktemp("seeds")
    db, out = folder / "s.db", folder / "export"
    ingest(sorted((shared / "seeds").glob("*.txt")), db, Settings(workers=1))
    export(db, out)
    return _score(eval_dir / "score_claims.py", eval_dir / "dev" / "seeds.gold.json", out)


def test_gate_seeds_quantities(seeds_scores: dict[str, float]) -> None:
    scores = seeds_scores
    assert scores["quantity F1"] >= FLOORS["seeds_quantity_f1"], scores
    assert scores["quantity speaker accuracy"] >= FLOORS["seeds_quantity_speaker"], scores
    assert scores["quantity qualifier accuracy"] >= FLOORS["seeds_quantity_qualifier"], scores


def test_gate_polnear_attribution(eval_dir: Path, tmp_path: Path) -> None:
    db, out = tmp_path / "p.db", tmp_path / "export"
    ingest([eval_dir / "polnear" / "dev" / "articles.jsonl"], db, Settings())
    export(db, out)
    scores = _score(
        eval_dir / "polnear" / "score_attribution.py",
        eval_dir / "polnear" / "dev" / "gold.jsonl",
        out,
    )
    for role in ("content", "source", "cue"):
        assert scores[role]["overlap"]["f1"] >= FLOORS[f"polnear_{role}_overlap_f1"], scores[role]


def test_gate_seeds_statements(eval_dir: Path, shared: Path, tmp_path: Path) -> None:
    db, out = tmp_path / "s.db", tmp_path / "export"
    ingest(sorted((shared / "seeds").glob("*.txt")), db, Settings(workers=1))
    export(db, out)
    scores = _score(eval_dir / "score_claims.py", eval_dir / "dev" / "seeds.gold.json", out)
    for measure, floor in (
        ("statement recall", "seeds_statement_recall"),
        ("statement speaker accuracy", "seeds_statement_speaker"),
        ("statement direct/indirect accuracy", "seeds_statement_direct"),
        ("statement precision", "seeds_statement_precision"),
    ):
        assert scores[measure] >= FLOORS[floor], (measure, scores)


def test_gate_stories_in_batches_and_in_one_run(eval_dir: Path, tmp_path: Path) -> None:
    """ECB+ dev arriving in four batches, each linked into what the ledger holds; then the
    same ledger linked anew in one run."""
    lines = (eval_dir / "stories" / "dev" / "articles.jsonl").read_text().splitlines()
    db, gold = tmp_path / "e.db", eval_dir / "stories" / "dev" / "gold.jsonl"
    scorer = eval_dir / "stories" / "score_stories.py"
    for n in range(4):
        batch = tmp_path / f"batch{n}.jsonl"
        batch.write_text("\n".join(lines[n::4]) + "\n")
        ingest([batch], db, Settings())
    export(db, tmp_path / "batches")
    in_batches = _score(scorer, gold, tmp_path / "batches")
    link(db, full=True)
    export(db, tmp_path / "one-run")
    in_one_run = _score(scorer, gold, tmp_path / "one-run")
    assert in_one_run["bcubed_f1"] >= FLOORS["stories_bcubed_f1"], in_one_run
    assert in_batches["bcubed_f1"] >= FLOORS["stories_batches_bcubed_f1"], in_batches


def test_gate_seeds_linking_and_flags(seeds_scores: dict[str, float]) -> None:
    scores = seeds_scores
    assert scores["score"] >= FLOORS["seeds_score"], scores
    for measure in (
        "claim grouping F1",
        "speaker linking accuracy",
        "story grouping accuracy",
        "flags and cleaning accuracy",
    ):
        assert scores[measure] >= FLOORS["seeds_linking"], (measure, scores)
