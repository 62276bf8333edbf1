"""Ingest throughput against bare spaCy on the same texts, cores and run.

    python bench/ingest.py [--limit N] [--workers 2] [--engine local|dask] [--repeat N] [FILES...]

Default input: the real news in ../shared/corpora (3,214 articles). Each side runs in its own
process, one after the other: (1) bare ``nlp.pipe(texts, n_process=W)``, the parser alone;
(2) ``newsledger.ingest`` of the same files into a new ledger with W workers, which adds
reading, cleaning, storing sentences and mentions and the FTS index. Prints articles/s of each,
their ratio (target >= 0.8), and the peak resident memory of each side and its workers.
With ``--engine dask`` newsledger analyses on a local Dask cluster of W worker processes (the
``dask`` extra), to show what the Dask engine costs against the process pool on one machine.
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_FILES = [
    ROOT.parent / "shared" / "corpora" / "bbc-news-2005.jsonl.gz",
    ROOT.parent / "shared" / "corpora" / "isot-reuters-2017-sample.jsonl.gz",
]


def load_texts(files: list[Path], limit: int | None) -> list[str]:
    texts: list[str] = []
    for path in files:
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as fh:
            texts.extend(json.loads(line)["text"] for line in fh if line.strip())
    return texts[:limit] if limit else texts


def peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + children) / 1024


def run_bare(files: list[Path], limit: int | None, workers: int) -> dict[str, float]:
    import spacy

    from newsledger.config import Settings

    texts = load_texts(files, limit)
    nlp = spacy.load(Settings().spacy_model)
    start = time.perf_counter()
    count = sum(1 for _ in nlp.pipe(texts, n_process=workers, batch_size=64))
    seconds = time.perf_counter() - start
    return {"articles": count, "seconds": seconds, "peak_mb": peak_mb()}


def run_newsledger(
    files: list[Path], limit: int | None, workers: int, engine: str = "local"
) -> dict[str, float]:
    from newsledger import Settings, ingest

    with tempfile.TemporaryDirectory() as tmp:
        inputs = files
        if limit:
            subset = Path(tmp) / "subset.jsonl"
            with open(subset, "w", encoding="utf-8") as fh:
                for i, text in enumerate(load_texts(files, limit)):
                    fh.write(json.dumps({"id": f"bench-{i}", "text": text}) + "\n")
            inputs = [subset]
        start = time.perf_counter()
        settings = Settings(workers=workers, engine=engine)
        summary = ingest(inputs, Path(tmp) / "bench.db", settings)
        seconds = time.perf_counter() - start
    return {"articles": summary.counts.read, "seconds": seconds, "peak_mb": peak_mb()}


def side(name: str, args: argparse.Namespace) -> dict[str, float]:
    """Run one side in a fresh interpreter so memory and caches are its own."""
    cmd = [
        sys.executable,
        __file__,
        "--side",
        name,
        "--workers",
        str(args.workers),
        "--engine",
        args.engine,
        *(["--limit", str(args.limit)] if args.limit else []),
        *map(str, args.files),
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def fastest(args: argparse.Namespace) -> tuple[dict[str, float], dict[str, float]]:
    """The fastest of ``args.repeat`` runs of each side, the two sides taking turns, so that
    other work on a shared machine slows both alike and the best run is the least disturbed."""
    runs: dict[str, list[dict[str, float]]] = {"bare": [], "newsledger": []}
    for _ in range(args.repeat):
        for name, done in runs.items():
            done.append(side(name, args))
    bare, ours = (min(done, key=lambda r: r["seconds"]) for done in runs.values())
    return bare, ours


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="*", type=Path, default=DEFAULT_FILES)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--engine", choices=("local", "dask"), default="local")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each side, fastest counts")
    parser.add_argument("--side", choices=("bare", "newsledger"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.side:
        if args.side == "bare":
            print(json.dumps(run_bare(args.files, args.limit, args.workers)))
        else:
            print(json.dumps(run_newsledger(args.files, args.limit, args.workers, args.engine)))
        return
    bare, ours = fastest(args)
    for name, r in (("bare spaCy nlp.pipe", bare), ("newsledger ingest", ours)):
        print(
            f"{name:22s} {r['articles']:6.0f} articles {r['seconds']:7.1f}s "
            f"{r['articles'] / r['seconds']:7.1f} articles/s  "
            f"peak {r['peak_mb']:5.0f} MB (main + largest worker)"
        )
    ratio = (ours["articles"] / ours["seconds"]) / (bare["articles"] / bare["seconds"])
    print(
        f"ratio newsledger/bare: {ratio:.2f} (target >= 0.80), workers={args.workers}, "
        f"engine={args.engine}, best of {args.repeat}"
    )


if __name__ == "__main__":
    main()
