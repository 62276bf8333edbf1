"""How the link stage grows with the ledger: 1x and 10x articles, time and memory.

    python bench/link.py [--base 1000] [--factor 10]

Articles come from ../shared/corpora (3,214 real ones), grown to the larger size by seeded
perturbation (sentences shuffled and a few dropped, each copy labelled `synthetic-` in its
id). To time linking alone, articles are written to a fresh ledger with their clean text and
no NLP analysis (so stories rest on words, and claim groups are empty). Each size runs in its
own process. Target from the link issue: 10x the articles in at most 12x the time.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT.parent / "shared" / "corpora"


def texts(n: int, seed: int = 13) -> list[tuple[str, str]]:
    """``n`` (id, text) pairs: the real articles first, then seeded perturbations of them."""
    real = []
    for path in sorted(CORPORA.glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            real += [(r["id"], r["text"]) for r in map(json.loads, fh)]
    rng = random.Random(seed)
    out = real[:n]
    while len(out) < n:
        source_id, text = rng.choice(real)
        sentences = re.split(r"(?<=[.!?])\s+", text)
        rng.shuffle(sentences)
        kept = [s for s in sentences if rng.random() > 0.2] or sentences
        out.append((f"synthetic-{len(out)}-{source_id}", " ".join(kept)))
    return out


def run(n: int) -> dict[str, float]:
    from newsledger.analyse.clean import clean
    from newsledger.ledger.db import Ledger
    from newsledger.link import link
    from newsledger.records import AnalysedArticle, Analysis, Article

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        with Ledger.open(db) as ledger:
            run_id = ledger.start_run("bench")
            batch = []
            for article_id, text in texts(n):
                article = Article(id=article_id, raw_text=text, source="bench")
                batch.append(AnalysedArticle(article, clean(text), Analysis()))
                if len(batch) == 500:
                    ledger.write_batch(run_id, batch, [])
                    batch = []
            ledger.write_batch(run_id, batch, [])
        start = time.perf_counter()
        summary = link(db)
        seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "articles": n,
        "seconds": seconds,
        "peak_mb": peak,
        "stories": summary.stories,
        "duplicates": summary.duplicates,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", type=int, default=1000)
    parser.add_argument("--factor", type=int, default=10)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.size:
        print(json.dumps(run(args.size)))
        return
    results = []
    for size in (args.base, args.base * args.factor):
        out = subprocess.run(
            [sys.executable, __file__, "--size", str(size)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        results.append(json.loads(out.strip().splitlines()[-1]))
    for r in results:
        print(
            f"{r['articles']:7.0f} articles  link {r['seconds']:7.1f}s  peak {r['peak_mb']:6.0f} MB"
            f"  stories {r['stories']:.0f}  copies {r['duplicates']:.0f}"
        )
    ratio = results[1]["seconds"] / results[0]["seconds"]
    print(f"{args.factor}x the articles took {ratio:.1f}x the time (target <= 12x)")


if __name__ == "__main__":
    main()
