"""Near-duplicate detection on the synthetic copy set in ../shared/eval/stories/neardups.

    python bench/neardups.py [--shared ../shared]

Ingests the 656 articles (596 originals without reprints, 60 rewritten copies in three
strengths), then counts a (copy, original) pair as found when the export gives the copy a
`duplicate_of` equal to its original; any other `duplicate_of` is a false positive.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    folder = args.shared / "eval" / "stories" / "neardups"
    gold = [json.loads(line) for line in (folder / "neardup_gold.jsonl").read_text().splitlines()]
    from newsledger import Settings, export, ingest

    with tempfile.TemporaryDirectory() as tmp:
        ingest([folder / "articles.jsonl"], Path(tmp) / "n.db", Settings())
        export(Path(tmp) / "n.db", Path(tmp) / "out")
        rows = (Path(tmp) / "out" / "articles.jsonl").read_text().splitlines()
    predicted = {r["id"]: r["duplicate_of"] for r in map(json.loads, rows) if r["duplicate_of"]}
    truth = {g["article_id"]: g["copy_of"] for g in gold if g["copy_of"]}
    strength = {g["article_id"]: g.get("strength") for g in gold if g["copy_of"]}
    found = {c for c, o in truth.items() if predicted.get(c) == o}
    false = {c for c, o in predicted.items() if truth.get(c) != o}
    p = len(found) / max(1, len(found) + len(false))
    r = len(found) / len(truth)
    print(
        f"copies {len(truth)}, predicted {len(predicted)}, found {len(found)}, "
        f"false {len(false)}: P {p:.3f} R {r:.3f} F1 {2 * p * r / max(1e-9, p + r):.3f}"
    )
    missed = Counter(strength[c] for c in truth if c not in found)
    print("missed by strength:", dict(missed) or "none")


if __name__ == "__main__":
    main()
