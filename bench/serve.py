"""Does a web UI page stay fast when the ledger grows to 10^5 articles?

    python bench/serve.py [--base 1000] [--factor 100]

Ingests ``--base`` real articles of ../shared/corpora (full analysis and linking), times every
kind of page, then grows the same ledger ``--factor`` times by copying its rows in SQL (each
copy's articles, sentences, claims, stories, groups and flags get new ids, labelled
``-copyN``; speakers keep their ids, so one speaker's page grows with the ledger), and times
the same pages again. Prints the median time per page at both sizes and their ratio.
"""

from __future__ import annotations

import argparse
import gzip
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

from starlette.testclient import TestClient

from newsledger import Settings, ingest
from newsledger.present.web import create_app

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT.parent / "shared" / "corpora"
REPEATS = 5

# Each table copied with a suffix on the columns that identify a row or a cluster.
_COPIES = (
    "INSERT INTO articles (key, id, version, source, position, format, url, outlet, title, "
    "author, published, language, raw_text, text, story_id, run_id, duplicate_of) "
    "SELECT key || :s, id || :s, version, source, position, format, url, outlet, title, author, "
    "published, language, raw_text, text, story_id || :s, run_id, duplicate_of || :s "
    "FROM articles WHERE key NOT LIKE '%-copy%'",
    'INSERT INTO sentences (article_key, n, start, "end", text) SELECT article_key || :s, n, '
    "start, \"end\", text FROM sentences WHERE article_key NOT LIKE '%-copy%'",
    'INSERT INTO claims SELECT id || :s, article_key || :s, kind, start, "end", text, '
    "sentence, speaker, speaker_id, speaker_start, speaker_end, cue_start, cue_end, direct, "
    "said_on, value, low, high, qualifier, unit, counted, scope, statement_id || :s, "
    "group_id || :s, detail FROM claims WHERE id NOT LIKE '%-copy%'",
    "INSERT INTO flags SELECT claim_id || :s, kind, reason, evidence FROM flags "
    "WHERE claim_id NOT LIKE '%-copy%'",
    "INSERT INTO stories SELECT story_id || :s, articles, outlets, first, last, title, flags "
    "FROM stories WHERE story_id NOT LIKE '%-copy%'",
)


def sample(n: int, folder: Path) -> Path:
    """The first ``n`` corpus articles as one JSON lines file."""
    target = folder / "sample.jsonl"
    with open(target, "w", encoding="utf-8") as out:
        written = 0
        for path in sorted(CORPORA.glob("*.jsonl.gz")):
            with gzip.open(path, "rt", encoding="utf-8") as fh:
                for line in fh:
                    if written == n:
                        return target
                    out.write(line)
                    written += 1
    return target


def grow(db: Path, factor: int) -> None:
    with sqlite3.connect(db) as conn:
        for k in range(1, factor):
            for sql in _COPIES:
                conn.execute(sql, {"s": f"-copy{k}"})
        conn.execute("ANALYZE")


def paths(db: Path) -> dict[str, str]:
    """One URL per kind of page, picked for being the biggest of its kind."""
    with sqlite3.connect(db) as conn:

        def one(sql: str) -> str:
            return str(conn.execute(sql).fetchone()[0])

        story = one(
            "SELECT story_id FROM articles GROUP BY story_id ORDER BY COUNT(*) DESC LIMIT 1"
        )
        speaker = one(
            "SELECT speaker_id FROM claims WHERE speaker_id IS NOT NULL GROUP BY speaker_id "
            "ORDER BY COUNT(*) DESC LIMIT 1"
        )
        group = one(
            "SELECT group_id FROM claims WHERE group_id IS NOT NULL GROUP BY group_id "
            "ORDER BY COUNT(*) DESC LIMIT 1"
        )
        article = one("SELECT id FROM articles ORDER BY length(text) DESC LIMIT 1")
    return {
        "stories, page 1": "/",
        "stories, page 10": "/?page=10",
        "story": f"/story/{story}",
        "speaker": f"/speaker/{speaker}",
        "group": f"/group/{group}",
        "article": f"/article/{article}",
        "search 'said'": "/search?q=said",
        "search 'said', page 10": "/search?q=said&page=10",
    }


def timings(db: Path, urls: dict[str, str]) -> dict[str, float]:
    client = TestClient(create_app(db))
    result = {}
    for name, url in urls.items():
        samples = []
        for _ in range(REPEATS):
            start = time.perf_counter()
            response = client.get(url)
            samples.append(time.perf_counter() - start)
            if response.status_code != 200:
                sys.exit(f"{url}: HTTP {response.status_code}")
        result[name] = statistics.median(samples) * 1000
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=int, default=1000)
    parser.add_argument("--factor", type=int, default=100)
    parser.add_argument("--keep", type=Path, help="folder to keep the grown ledger in")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        db = folder / "bench.db"
        started = time.perf_counter()
        ingest([sample(args.base, folder)], db, Settings())
        print(f"ingested {args.base} articles in {time.perf_counter() - started:.0f} s")
        urls = paths(db)
        small = timings(db, urls)
        started = time.perf_counter()
        grow(db, args.factor)
        with sqlite3.connect(db) as conn:
            total = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        print(f"grown to {total:,} articles in {time.perf_counter() - started:.0f} s")
        large = timings(db, urls)
    print(f"\n| page | {args.base:,} articles (ms) | {total:,} articles (ms) | ratio |")
    print("| --- | --- | --- | --- |")
    for name in urls:
        print(
            f"| {name} | {small[name]:.1f} | {large[name]:.1f} | {large[name] / small[name]:.1f}x |"
        )


if __name__ == "__main__":
    main()
