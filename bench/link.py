"""How the link stage grows with the ledger: 1x and 10x articles, time and memory.

    python bench/link.py [--base 1000] [--factor 10]

Then links the same 10x articles again in 10 batches, one after another into one ledger, to
show what an incremental run costs as the ledger grows.

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


def run(n: int, batches: int) -> dict[str, object]:
    """Write ``n`` articles and link them, in one go or in ``batches`` equal batches (each
    linked into what the earlier ones left), timing each link."""
    from newsledger.analyse.clean import clean
    from newsledger.ledger.db import Ledger
    from newsledger.link import link
    from newsledger.records import AnalysedArticle, Analysis, Article

    articles = texts(n)
    size = n // batches
    seconds, stories = [], 0
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        for b in range(batches):
            with Ledger.open(db) as ledger:
                run_id = ledger.start_run("bench")
                chunk = articles[b * size : (b + 1) * size]
                for start in range(0, len(chunk), 500):
                    ledger.write_batch(
                        run_id,
                        [
                            AnalysedArticle(
                                Article(id=i, raw_text=t, source="bench"), clean(t), Analysis()
                            )
                            for i, t in chunk[start : start + 500]
                        ],
                        [],
                    )
            started = time.perf_counter()
            summary = link(db)
            seconds.append(time.perf_counter() - started)
            stories += summary.new_stories
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"articles": n, "seconds": seconds, "peak_mb": peak, "stories": stories}


def _measure(size: int, batches: int) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--size", str(size), "--batches", str(batches)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", type=int, default=1000)
    parser.add_argument("--factor", type=int, default=10)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--batches", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.size:
        print(json.dumps(run(args.size, args.batches)))
        return
    small = _measure(args.base, 1)
    large = _measure(args.base * args.factor, 1)
    for r in (small, large):
        print(
            f"{r['articles']:7,} articles in one run: link {r['seconds'][0]:6.1f} s, "
            f"peak {r['peak_mb']:5.0f} MB, {r['stories']:,} stories"
        )
    ratio = large["seconds"][0] / small["seconds"][0]
    print(f"{args.factor}x the articles took {ratio:.1f}x the time (target <= 12x)")
    steps = _measure(args.base * args.factor, args.factor)
    print(f"\nthe same {args.base * args.factor:,} articles linked in {args.factor} batches:")
    for k, secs in enumerate(steps["seconds"], 1):
        print(f"  batch {k:2} ({k * args.base:7,} in the ledger): {secs:6.2f} s")
    print(
        f"last batch / first batch: {steps['seconds'][-1] / steps['seconds'][0]:.1f}x; "
        f"all batches {sum(steps['seconds']):.1f} s vs one run {large['seconds'][0]:.1f} s; "
        f"peak {steps['peak_mb']:.0f} MB"
    )


if __name__ == "__main__":
    main()
