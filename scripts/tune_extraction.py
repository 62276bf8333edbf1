"""Choose newsledger's HTML extraction options by cross-validation over sites.

    .venv/bin/python scripts/tune_extraction.py [--eval ../shared/eval/html] [--folds 5]
        [--seed 13] [--jobs 2] [--top 12]

Reads the dev pages and gold bodies of the shared HTML eval and scores with its own scorer
(``score_extraction.py``, loaded from ``--eval``), so the numbers are the eval's. The pages
are split by site (registrable domain of the gold URL) into ``--folds`` groups of about the
same size, so no site is in both halves of a split.

Every page is extracted once per trafilatura option set of the grid (focus, comments, tables,
deduplication, fallbacks); candidates add the precision guard (``html_min_share``) and
newsledger's cleaning rules (each one off, all off). For each candidate the script prints the
F1 of every held-out fold, their mean and spread; for each fold it also picks the best
candidate on the other folds (the tuning half) and scores it on that fold (the testing half).

The choice: among candidates tied with the best mean held-out F1 (trailing it by no more
than one standard error of the per-fold differences, or than one page's weight, 1/pages),
the one with the fewest changes from the benchmark's trafilatura call (comments off). The
guard is then added when, over every precision option set of the grid, it never costs more
than that noise and it removes pages that precision mode lost. Last, the package's own
defaults are run on every page and must score what the chosen candidate scores.
Nothing from the eval is written anywhere.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import itertools
import json
import random
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from trafilatura.deduplication import LRUCache  # noqa: E402

from newsledger.analyse.clean import clean, normalise  # noqa: E402
from newsledger.config import Settings  # noqa: E402
from newsledger.ingest.decode import declared_charset, decode  # noqa: E402
from newsledger.ingest.html import article_from_html, extract, keeps_enough  # noqa: E402
from newsledger.records import RemovalKind  # noqa: E402
from newsledger.vocabulary import HtmlFocus  # noqa: E402

COMMENTS = ("off", "apart", "appended")  # not extracted / extracted apart / after the text
SHARES = (30, 50, 70)  # guard thresholds tried (percent of the balanced text)
GUARD_SHARE = 50
COLLAPSE_RECALL = 0.5  # a page whose recall falls below this was lost, not trimmed
# second-level labels under which sites register (example.co.uk is one site)
_SECOND_LEVEL = {"ac", "co", "com", "edu", "go", "gov", "ne", "net", "or", "org"}

Counts = tuple[float, float, float]


@dataclass(frozen=True, slots=True)
class Extraction:
    """One set of trafilatura options."""

    focus: str = "balanced"
    comments: str = "appended"
    tables: bool = True
    dedup: bool = False
    fast: bool = False

    def options(self) -> dict[str, Any]:
        """Keyword arguments for ``newsledger.ingest.html.extract`` (besides the focus)."""
        chosen: dict[str, Any] = {
            "include_comments": self.comments != "off",
            "include_tables": self.tables,
            "fast": self.fast,
        }
        if self.dedup:  # a cache per page: a shared one would drop text seen in other pages
            chosen["deduplicate"] = LRUCache()
        return chosen

    def label(self) -> str:
        flags = [self.focus, f"comments {self.comments}"]
        flags += [] if self.tables else ["no tables"]
        flags += ["dedup"] if self.dedup else []
        flags += ["fast"] if self.fast else []
        return ", ".join(flags)


TRAFILATURA_DEFAULTS = Extraction()  # what trafilatura.extract(html) does
# the benchmark's run (include_comments=False): the baseline that issue #13 quotes, and the
# reference that changes are counted from (comments are never article text in a ledger)
BENCHMARK_CALL = Extraction(comments="off")
GRID = tuple(
    Extraction(*values)
    for values in itertools.product(
        [f.value for f in HtmlFocus], COMMENTS, (True, False), (False, True), (False, True)
    )
)


@dataclass(frozen=True, slots=True)
class Candidate:
    """Options, the precision guard's share (0: off) and the cleaning rules turned off."""

    extraction: Extraction
    min_share: int = 0
    dropped: frozenset[RemovalKind] | None = field(default=frozenset())  # None: no cleaning

    def changes(self) -> int:
        """How far this is from the benchmark call with newsledger's cleaning."""
        base = BENCHMARK_CALL
        ext = self.extraction
        moved = sum(bool(getattr(ext, f.name) != getattr(base, f.name)) for f in fields(base))
        dropped = len(RemovalKind) if self.dropped is None else len(self.dropped)
        return moved + bool(self.min_share) + dropped

    def label(self) -> str:
        parts = [self.extraction.label()]
        parts += [f"guard {self.min_share}%"] if self.min_share else []
        if self.dropped is None:
            parts.append("no cleaning")
        elif self.dropped:
            parts.append("cleaning without " + "/".join(k.value for k in sorted(self.dropped)))
        return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class Result:
    candidate: Candidate
    folds: tuple[float, ...]
    overall: tuple[float, float, float]  # precision, recall, F1 over all pages
    collapsed: int

    @property
    def mean(self) -> float:
        return statistics.mean(self.folds)

    def on(self, use: Sequence[int]) -> list[float]:
        """The F1 of the folds numbered in ``use``."""
        return [self.folds[k] for k in use]


def load_scorer(eval_dir: Path) -> ModuleType:
    """The eval's own scorer module, loaded from its file."""
    spec = importlib.util.spec_from_file_location(
        "score_extraction", eval_dir / "score_extraction.py"
    )
    if spec is None or spec.loader is None:
        raise SystemExit(f"no scorer in {eval_dir}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_page(path: Path) -> str:
    """The page decoded as ingest decodes it."""
    data = gzip.decompress(path.read_bytes()) if path.name.endswith(".gz") else path.read_bytes()
    return decode(data, declared_charset(data))


def site_of(url: str) -> str:
    """The registrable domain of a URL, roughly: news.example.co.uk -> example.co.uk."""
    labels = (urlsplit(url).hostname or url).removeprefix("www.").split(".")
    keep = 3 if len(labels) > 2 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL else 2
    return ".".join(labels[-keep:])


def group_folds(sites: dict[str, str], k: int, seed: int) -> list[list[str]]:
    """Page ids in ``k`` folds, every site in one fold, sizes balanced (sites shuffled first)."""
    by_site: dict[str, list[str]] = defaultdict(list)
    for page, site in sorted(sites.items()):
        by_site[site].append(page)
    order = sorted(by_site)
    random.Random(seed).shuffle(order)
    order.sort(key=lambda s: -len(by_site[s]))  # stable: big sites first, else shuffled
    folds: list[list[str]] = [[] for _ in range(k)]
    for site in order:
        min(folds, key=len).extend(by_site[site])
    return folds


def extract_all(html: str) -> dict[Extraction, str]:
    """The text of one page under every option set of the grid (comments as configured)."""
    texts = {}
    for ext in GRID:
        doc = extract(html, None, HtmlFocus(ext.focus), **ext.options())
        text = (doc.text or "") if doc is not None else ""
        if ext.comments == "appended" and doc is not None and doc.comments:
            text += "\n" + doc.comments
        texts[ext] = text
    return texts


def cleaned(raw: str, dropped: frozenset[RemovalKind] | None) -> str:
    """The clean text newsledger would export, with the ``dropped`` cleaning rules off."""
    if dropped is None:
        return raw
    if not dropped:
        return clean(raw).text
    chars = list(normalise(raw))
    for removal in clean(raw).removals:
        if removal.kind not in dropped:
            for k in range(removal.start, removal.end):
                chars[k] = chars[k] if chars[k] == "\n" else " "
    return "".join(chars)


def candidates() -> list[Candidate]:
    cleanings: list[frozenset[RemovalKind] | None] = [frozenset(), None]
    cleanings += [frozenset({kind}) for kind in RemovalKind]
    out = []
    for ext, dropped in itertools.product(GRID, cleanings):
        shares = (0, *SHARES) if ext.focus == "precision" else (0,)
        out += [Candidate(ext, share, dropped) for share in shares]
    return out


class Scorer:
    """Per-page shingle counts of candidate texts, cached by text."""

    def __init__(self, module: ModuleType, gold: dict[str, str]) -> None:
        self.module = module
        self.gold = gold
        self._cache: dict[tuple[str, str], Counts] = {}

    def counts(self, page: str, text: str) -> Counts:
        key = (page, text)
        if key not in self._cache:
            self._cache[key] = self.module.match_counts(self.gold[page], text, 4)
        return self._cache[key]

    def aggregate(self, counts: Iterable[Counts]) -> tuple[float, float, float]:
        precision, recall, f1 = self.module.aggregate(list(counts))
        return precision, recall, f1

    def recall(self, counts: Counts) -> float:
        return float(self.module.doc_recall(*counts))


def text_of(
    candidate: Candidate, raw: dict[Extraction, str], memo: dict[tuple[Any, ...], str]
) -> str:
    """A candidate's exported text for one page, from the page's raw texts."""
    ext = candidate.extraction
    text = raw[ext]
    if candidate.min_share:
        balanced = raw[replace(ext, focus="balanced")]
        text = text if keeps_enough(text, balanced, candidate.min_share) else balanced
    key = (text, candidate.dropped)
    if key not in memo:
        memo[key] = cleaned(text, candidate.dropped)
    return memo[key]


def evaluate(
    cands: Sequence[Candidate],
    raw: dict[str, dict[Extraction, str]],
    folds: list[list[str]],
    scorer: Scorer,
) -> list[Result]:
    memo: dict[tuple[Any, ...], str] = {}
    results = []
    for cand in cands:
        counts = {page: scorer.counts(page, text_of(cand, raw[page], memo)) for page in raw}
        per_fold = tuple(scorer.aggregate(counts[p] for p in fold)[2] for fold in folds)
        lost = sum(scorer.recall(c) < COLLAPSE_RECALL for c in counts.values())
        results.append(Result(cand, per_fold, scorer.aggregate(counts.values()), lost))
    return results


@dataclass(frozen=True, slots=True)
class Noise:
    """What counts as a tie: the folds compared and one page's weight in a mean."""

    use: Sequence[int]
    page: float

    def tied(self, best: Result, other: Result) -> bool:
        """Whether ``other`` trails ``best`` by at most one standard error of the per-fold
        differences, or by at most one page's weight (the floor when folds agree)."""
        diffs = [b - o for b, o in zip(best.on(self.use), other.on(self.use), strict=True)]
        error = statistics.stdev(diffs) / len(diffs) ** 0.5
        return bool(statistics.mean(diffs) <= max(error, self.page))

    def mean(self, result: Result) -> float:
        return statistics.mean(result.on(self.use))


def simplest_of_best(results: Sequence[Result], noise: Noise) -> Result:
    """The candidate with the fewest changes among those tied with the best."""
    best = max(results, key=noise.mean)
    close = [r for r in results if noise.tied(best, r)]
    return min(close, key=lambda r: (r.candidate.changes(), -noise.mean(r)))


def one_change(results: Sequence[Result], chosen: Candidate) -> list[Result]:
    """The candidates that differ from ``chosen`` in one option, guard or cleaning rule."""

    def parts(c: Candidate) -> tuple[Any, ...]:
        return (
            *(getattr(c.extraction, f.name) for f in fields(c.extraction)),
            c.min_share,
            c.dropped,
        )

    mine = parts(chosen)
    return [
        r
        for r in results
        if sum(a != b for a, b in zip(parts(r.candidate), mine, strict=True)) == 1
    ]


def nested(results: Sequence[Result], k: int, page: float) -> list[tuple[Candidate, float, float]]:
    """Per fold: the rule's pick on the other folds, its mean F1 there and on the fold."""
    out = []
    for held in range(k):
        tuning = Noise([j for j in range(k) if j != held], page)
        pick = simplest_of_best(results, tuning)
        out.append((pick.candidate, tuning.mean(pick), pick.folds[held]))
    return out


def guard_check(
    results: Sequence[Result], noise: Noise
) -> tuple[bool, list[tuple[str, Result, Result]]]:
    """The guard at GUARD_SHARE against no guard, for every precision option set."""
    by_key = {
        (r.candidate.extraction, r.candidate.min_share, r.candidate.dropped): r for r in results
    }
    pairs = [
        (ext.label(), by_key[(ext, 0, frozenset())], by_key[(ext, GUARD_SHARE, frozenset())])
        for ext in GRID
        if ext.focus == "precision"
    ]
    safe = all(
        guarded.mean >= plain.mean or noise.tied(plain, guarded) for _, plain, guarded in pairs
    )
    rescues = any(guarded.collapsed < plain.collapsed for _, plain, guarded in pairs)
    return safe and rescues, pairs


def package_score(pages: dict[str, str], scorer: Scorer) -> tuple[float, float, float]:
    """The package's own defaults, end to end (extraction and cleaning) on every page."""
    settings = Settings()
    counts = []
    for page, html in pages.items():
        article = article_from_html(html, article_id=page, source=page, settings=settings)
        counts.append(scorer.counts(page, clean(article.raw_text).text))
    return scorer.aggregate(counts)


def row(name: str, folds: Iterable[float], extra: str = "") -> str:
    values = list(folds)
    cells = " | ".join(f"{v:.4f}" for v in values)
    spread = statistics.stdev(values)
    return f"| {name} | {cells} | {statistics.mean(values):.4f} ± {spread:.4f} |{extra}"


def report(
    results: list[Result],
    folds: list[list[str]],
    top: int,
    package: Callable[[], tuple[float, float, float]],
) -> None:
    by_cand = {r.candidate: r for r in results}
    current = by_cand[Candidate(Extraction("precision", "off"))]
    fixed = [
        ("newsledger before (precision, comments off, cleaning)", current),
        ("trafilatura defaults (extract(html))", by_cand[Candidate(TRAFILATURA_DEFAULTS, 0, None)]),
        ("trafilatura, benchmark call (no comments)", by_cand[Candidate(BENCHMARK_CALL, 0, None)]),
    ]
    page = 1 / sum(len(f) for f in folds)
    every = Noise(range(len(folds)), page)
    pick = simplest_of_best(results, every)
    guard_ok, pairs = guard_check(results, every)
    chosen = pick
    if guard_ok and pick.candidate.extraction.focus == "precision":
        chosen = by_cand[replace(pick.candidate, min_share=GUARD_SHARE)]
    header = "| configuration | " + " | ".join(f"fold {k + 1}" for k in range(len(folds)))
    print(f"\nfolds (pages): {[len(f) for f in folds]}\n")
    print(header + " | mean ± sd |")
    print("| --- " * (len(folds) + 2) + "|")
    for name, res in [*fixed, ("chosen: " + chosen.candidate.label(), chosen)]:
        p, r, f = res.overall
        print(
            row(
                name,
                res.folds,
                f" all pages F1 {f:.4f} (P {p:.3f} / R {r:.3f}), lost {res.collapsed}",
            )
        )
    best = max(results, key=lambda r: r.mean)
    print(f"\nbest {top} of {len(results)} candidates by mean held-out F1 (changes, within noise):")
    for res in sorted(results, key=lambda r: -r.mean)[:top]:
        note = f" ({res.candidate.changes()}, {'yes' if every.tied(best, res) else 'no'})"
        print(row(res.candidate.label(), res.folds, note))
    print(f"\none change from the chosen candidate ({chosen.candidate.label()}):")
    for res in sorted(one_change(results, chosen.candidate), key=lambda r: -r.mean):
        print(row(res.candidate.label(), res.folds, f" lost {res.collapsed}"))
    print("\nnested: best on the tuning half (other folds), scored on the testing half (the fold):")
    picks = nested(results, len(folds), page)
    for k, (cand, tuning, testing) in enumerate(picks):
        print(f"  fold {k + 1}: tuning {tuning:.4f}  testing {testing:.4f}  {cand.label()}")
    tuning_mean = statistics.mean(t for _, t, _ in picks)
    tested = [t for _, _, t in picks]
    spread = statistics.stdev(tested)
    print(f"  mean: tuning {tuning_mean:.4f}  testing {statistics.mean(tested):.4f} ± {spread:.4f}")
    print(f"\nguard {GUARD_SHARE}% on every precision option set (F1 mean, pages lost):")
    for label, plain, guarded in pairs:
        print(
            f"  {label}: {plain.mean:.4f} ({plain.collapsed})"
            f" -> {guarded.mean:.4f} ({guarded.collapsed})"
        )
    for share in SHARES:
        res = by_cand[replace(pick.candidate, min_share=share)]
        print(f"  chosen options, guard {share}%: {res.mean:.4f} (lost {res.collapsed})")
    print(f"\nrule pick: {pick.candidate.label()}; guard added: {guard_ok}")
    p, r, f = package()
    print(f"package defaults end to end: F1 {f:.4f} (P {p:.3f} / R {r:.3f})")
    if abs(f - chosen.overall[2]) > 1e-9:
        raise SystemExit("the package's defaults do not score what the chosen candidate scores")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval" / "html")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--top", type=int, default=12)
    args = parser.parse_args(argv)
    truth = json.loads((args.eval / "ground-truth.json").read_text(encoding="utf-8"))
    paths = {p.name.split(".html")[0]: p for p in sorted((args.eval / "pages").glob("*.html*"))}
    pages = {page: read_page(path) for page, path in paths.items() if page in truth}
    scorer = Scorer(load_scorer(args.eval), {p: truth[p]["articleBody"] for p in pages})
    folds = group_folds({p: site_of(truth[p]["url"]) for p in pages}, args.folds, args.seed)
    started = time.monotonic()
    with ProcessPoolExecutor(args.jobs) as pool:
        raw = dict(zip(pages, pool.map(extract_all, pages.values(), chunksize=1), strict=True))
    print(
        f"{len(pages)} pages x {len(GRID)} option sets extracted"
        f" in {time.monotonic() - started:.0f} s"
    )
    results = evaluate(candidates(), raw, folds, scorer)
    report(results, folds, args.top, lambda: package_score(pages, scorer))


if __name__ == "__main__":
    main()
