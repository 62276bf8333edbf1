"""quantulum3 and newsledger on the same NewsQuant dev sentences, scored by the same scorer.

    python bench/quantities_side_by_side.py [--shared ../shared]

quantulum3 is not a newsledger dependency: the first run installs quantulum3 0.10.0 into a
venv of its own under ~/.cache/newsledger-bench (from PyPI) and runs the shared baseline
script there (`--classifier none`, its rule-based units). Prints value, unit, concept and
qualifier figures for both systems.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path.home() / ".cache" / "newsledger-bench" / "quantulum3"
FIELDS = (
    ("value F1", "value_f1"),
    ("value P", "value_p"),
    ("value R", "value_r"),
    ("unit acc", "unit_acc"),
    ("concept F1", "concept_f1"),
    ("qualifier (non-exact)", "qualifier_nonexact_acc"),
    ("score", "score"),
)


def quantulum_python() -> Path:
    python = CACHE / "bin" / "python"
    if not python.exists():
        venv.create(CACHE, with_pip=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", "quantulum3==0.10.0"], check=True
        )
    return python


def score(scorer: Path, gold: Path, export_dir: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, str(scorer), str(gold), str(export_dir), "--json"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    data = json.loads(next(ln for ln in reversed(out.splitlines()) if ln.startswith("{")))
    data["score"] = (data["value_f1"] + data["concept_f1"]) / 2
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    quant = args.shared / "eval" / "newsquant"
    articles, gold = quant / "dev" / "articles.jsonl", quant / "dev" / "gold.jsonl"
    scorer = quant / "score_quantities.py"
    with tempfile.TemporaryDirectory() as tmp:
        base, ours = Path(tmp) / "quantulum3", Path(tmp) / "newsledger"
        subprocess.run(
            [
                str(quantulum_python()),
                str(quant / "baseline_quantulum.py"),
                str(articles),
                str(base),
                "--classifier",
                "none",
            ],
            check=True,
            capture_output=True,
        )
        from newsledger import Settings, export, ingest

        ingest([articles], Path(tmp) / "nq.db", Settings(workers=1))
        export(Path(tmp) / "nq.db", ours)
        results = {
            "quantulum3 0.10.0": score(scorer, gold, base),
            "newsledger": score(scorer, gold, ours),
        }
    print(f"{'measure':24s}" + "".join(f"{name:>20s}" for name in results))
    for label, key in FIELDS:
        print(f"{label:24s}" + "".join(f"{r.get(key) or 0:20.3f}" for r in results.values()))


if __name__ == "__main__":
    main()
