"""The watch fetcher and a watch poll against 500 pages on 5 local hosts.

    python bench/watch.py [--pages 500] [--hosts 5] [--delay 0.1] [--per-host 2]

Each host (a server on 127.0.0.1, from tests/watch/server.py) answers every page after a
seeded latency of 30-150 ms, and serves a feed listing its pages. Three measures, each against
a baseline taken in the same run:

1. the fetcher alone fetches every page: pages/s against the politeness bound (hosts / delay:
   no fetcher may go faster), and the gaps between two request starts to one host against
   the delay allowed (the smallest gap must not be below it);
2. a first watch poll (fetch, extract, analyse in-process, write, link): pages/s;
3. a second poll with nothing changed: its time against the first, the share of answers that
   were 304, and how many articles were read again (must be 0: no re-analysis).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.watch import corpus  # noqa: E402
from tests.watch.server import LocalServer, page, serving, slow  # noqa: E402

from newsledger.config import Settings  # noqa: E402
from newsledger.ingest.fetch import Fetcher, Politeness, Request  # noqa: E402
from newsledger.ingest.sources import Source  # noqa: E402
from newsledger.watch import Watcher, WatchOptions  # noqa: E402


def _host(server: LocalServer, host: int, pages: int, rng: random.Random) -> list[str]:
    reports = corpus.reports()
    urls = []
    for n in range(pages):
        report = reports[(host + n) % len(reports)]
        variant = corpus.Report(
            report.slug, f"{report.title} ({host}-{n})", (*report.paragraphs, f"Item {host}-{n}.")
        )
        path = f"/news/{n}"
        server.routes[path] = slow(rng.uniform(0.03, 0.15), page(corpus.article_html(variant)))
        urls.append(server.url(path))
    server.routes["/feed.xml"] = page(corpus.rss(f"Host {host}", urls), "application/rss+xml")
    return urls


def _fetch_only(urls: list[str], politeness: Politeness, hosts: int) -> None:
    started = time.monotonic()
    with Fetcher(politeness) as fetcher:
        done = sum(1 for outcome in fetcher.fetch_all(Request(u) for u in urls))
        seconds = time.monotonic() - started
        gaps = [g for stats in fetcher.stats().values() for g in stats.gaps]
    bound = hosts / politeness.delay
    rate = done / seconds
    print(f"fetcher alone: {done} pages in {seconds:.2f} s = {rate:.1f} pages/s")
    print(f"  politeness bound (hosts / delay): {bound:.1f} pages/s; ratio {rate / bound:.2f}")
    print(
        f"  gap between request starts to one host: min {min(gaps):.3f} s, median "
        f"{statistics.median(gaps):.3f} s, allowed delay {politeness.delay:.3f} s; "
        f"median / delay {statistics.median(gaps) / politeness.delay:.2f}"
    )


def _polls(servers: list[LocalServer], politeness: Politeness, pages: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        options = WatchOptions(
            sources=tuple(Source(s.url("/feed.xml")) for s in servers),
            refetch_every=0,
            politeness=politeness,
        )
        with Watcher(Path(folder) / "ledger.db", options, Settings(workers=1)) as watcher:
            started = time.monotonic()
            first = watcher.poll()
            first_seconds = time.monotonic() - started
            started = time.monotonic()
            second = watcher.poll()
            second_seconds = time.monotonic() - started
    print(
        f"first poll: {first.counts.stored} stored of {pages} in {first_seconds:.1f} s = "
        f"{first.counts.stored / first_seconds:.1f} pages/s (fetch, extract, analyse, link)"
    )
    answers = second.fetched + second.not_modified
    print(
        f"poll with nothing changed: {second_seconds:.2f} s = {second_seconds / first_seconds:.3f}"
        f" of the first; {second.not_modified} of {answers} answers 304 "
        f"({second.not_modified / max(1, answers):.0%}); articles read again: {second.counts.read}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--hosts", type=int, default=5)
    parser.add_argument("--delay", type=float, default=0.1)
    parser.add_argument("--per-host", type=int, default=2)
    args = parser.parse_args()
    politeness = Politeness(delay=args.delay, per_host=args.per_host, timeout=10, retries=1)
    rng = random.Random(13)
    with ExitStack() as stack:
        servers = [stack.enter_context(serving()) for _ in range(args.hosts)]
        per_host = args.pages // args.hosts
        urls = [u for n, s in enumerate(servers) for u in _host(s, n, per_host, rng)]
        _fetch_only(urls, politeness, args.hosts)
        _polls(servers, politeness, len(urls))


if __name__ == "__main__":
    main()
