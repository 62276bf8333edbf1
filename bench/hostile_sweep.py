"""A seeded sweep of hostile inputs beside good articles: does bad input ever stop a run?

    python bench/hostile_sweep.py [--seed 14] [--out /tmp/sweep] [--keep]

Writes 50 good articles (text, HTML, JSON lines, WARC, feeds; some in files with hostile
parts, some under file names that are not UTF-8) and over 1,000 hostile inputs (lone
surrogates, deep nesting, huge numbers and lines, gzip bombs, error and blank-line
amplifiers, broken WARC records, control bytes in feeds, empty files of every format, a FIFO,
binary data, and mutations of the real fixtures in ../shared/fixtures when present), then:

1. reads each input alone with ``newsledger.ingest.read_inputs`` in this process, timing it
   and noting any exception (a traceback) and which input raised the peak memory;
2. runs ``newsledger ingest`` on the whole folder in a child process and checks the ledger:
   every good article stored, an ``errors`` row for every input that is bad by
   construction (and for every bad JSON line, by its line number), no traceback on stderr.

Prints the numbers the issue asks for; the goal is 0 tracebacks, 0 good articles lost, 0 bad
inputs without an error row, peak memory under 1 GB, slowest input under 30 s.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import os
import random
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT.parent / "shared" / "fixtures"
GOOD_COUNT = 50
INPUT_SECONDS = 60  # an input that takes longer is stopped and counted as hanging
TOWNS = ("Kelvport", "Ardmere", "Tollbridge", "Veskan", "Orrin", "Maldon", "Pellsby", "Quarn")
SPEAKERS = ("Mayor Ilse Varnak", "Chief Tomas Oduya", "Minister Rhea Castell", "Dr Juno Palk")


@dataclass(slots=True)
class Corpus:
    """What was written: good articles by marker, inputs bad by construction, bad lines."""

    root: Path
    good: dict[str, str] = field(default_factory=dict)  # marker -> file it is in
    bad: list[Path] = field(default_factory=list)
    other: list[Path] = field(default_factory=list)  # hostile, but may read cleanly (mutants)
    bad_lines: dict[Path, list[int]] = field(default_factory=dict)

    def path(self, name: str | bytes) -> Path:
        raw = os.fsencode(self.root) + b"/" + (name if isinstance(name, bytes) else name.encode())
        return Path(os.fsdecode(raw))


# --- good articles -------------------------------------------------------------------------
def good_text(rng: random.Random, marker: str) -> str:
    town, speaker = rng.choice(TOWNS), rng.choice(SPEAKERS)
    n, m = rng.randint(12, 900), rng.randint(2, 60)
    return (
        f"Floods reach {marker}\n"
        f"Flood water reached the centre of {marker}, a town near {town}, on Monday. "
        f'"We evacuated {n} people overnight," {speaker} said on Tuesday. '
        f"Officials said {m} homes were damaged and two bridges were closed. "
        f"According to the fire service, {n + m} calls were answered in {marker} in one night. "
        "The river is expected to fall by Thursday, forecasters said."
    )


def good_html(text: str) -> str:
    title, body = text.split("\n", 1)
    paragraphs = "".join(f"<p>{s.strip()}.</p>" for s in body.split(". ") if s.strip())
    return (
        f"<!DOCTYPE html><html lang='en'><head><title>{title}</title></head><body>"
        f"<article><h1>{title}</h1>{paragraphs}{paragraphs}</article></body></html>"
    )


def warc_record(kind: str, body: bytes, url: str | None = "http://news.example/a") -> bytes:
    headers = [
        "WARC/1.0",
        f"WARC-Type: {kind}",
        f"WARC-Record-ID: <urn:uuid:{uuid.UUID(int=random.getrandbits(128))}>",
        "WARC-Date: 2024-05-06T07:08:09Z",
    ]
    if url is not None:
        headers.append(f"WARC-Target-URI: {url}")
    headers += ["Content-Type: application/http; msgtype=response", f"Content-Length: {len(body)}"]
    return ("\r\n".join(headers) + "\r\n\r\n").encode() + body + b"\r\n\r\n"


def http_response(html: str) -> bytes:
    data = html.encode()
    head = (
        f"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {len(data)}"
    )
    return (head + "\r\n\r\n").encode() + data


def rss(items: list[tuple[str, str]]) -> str:
    body = "".join(
        f"<item><title>{t}</title><guid>{g}</guid><description>{_xml(t)}</description></item>"
        for g, t in items
    )
    channel = f"<channel><title>Wire</title>{body}</channel>"
    return f'<?xml version="1.0"?><rss version="2.0">{channel}</rss>'


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;")


# --- writers of good articles, each in its own way --------------------------------------
def write_good(corpus: Corpus, rng: random.Random) -> None:
    markers = [f"Zorvath{i:03d}" for i in range(GOOD_COUNT)]
    texts = {m: good_text(rng, m) for m in markers}
    for m in markers[:15]:  # plain text files
        _good(corpus, m, corpus.path(f"good/{m}.txt"), texts[m].encode())
    for m in markers[15:20]:  # file names that are not UTF-8
        _good(corpus, m, corpus.path(f"good/caf\xe9-{m}.txt".encode("latin-1")), texts[m].encode())
    for m in markers[20:25]:
        _good(corpus, m, corpus.path(f"good/{m}.html"), good_html(texts[m]).encode())
    for i, m in enumerate(markers[25:35]):  # JSON lines files with bad lines around the good one
        path = corpus.path(f"mixed/lines-{i}.jsonl")
        good = json.dumps({"id": m, "text": texts[m]})
        lines = [_bad_json_line(rng), good.encode(), _bad_json_line(rng), _bad_json_line(rng)]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"\n".join(lines) + b"\n")
        corpus.good[m] = str(path)
        corpus.bad_lines[path] = [1, 3, 4]
        corpus.bad.append(path)
    for i, m in enumerate(markers[35:45]):  # WARC files with a broken record before the good one
        path = corpus.path(f"mixed/capture-{i}.warc" + (".gz" if i % 2 else ""))
        records = [
            warc_record("response", b"GARBAGE " * 50, None),  # no target URI, no HTTP
            b"WARC/1.0\r\nthis is not a header\r\n" + os.urandom(200) + b"\r\n\r\n",
            warc_record("response", http_response(good_html(texts[m]))),
        ]
        data = b"".join(gzip.compress(r) if i % 2 else r for r in records)
        _good(corpus, m, path, data)
        corpus.bad.append(path)
    for i, m in enumerate(markers[45:50]):  # feeds with a control byte in another item
        path = corpus.path(f"mixed/feed-{i}.xml")
        feed = rss([(f"bad-{i}", "Bad \x01 item \x0b here"), (m, texts[m])])
        _good(corpus, m, path, feed.encode())


def _good(corpus: Corpus, marker: str, path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    corpus.good[marker] = os.fsdecode(path)


# --- hostile inputs -------------------------------------------------------------------------
def _bad_json_line(rng: random.Random) -> bytes:
    makers: list[Callable[[], bytes]] = [
        lambda: b"[" * 100_000,
        lambda: b'{"id": "n", "text": "x", "n": ' + b"7" * 5000 + b"}",
        lambda: b'{"text": "Lone \\ud800 said the mayor."}',
        lambda: b'{"id": "a\\udc00", "text": "The mayor said 4 were hurt."}',
        lambda: b"{}",
        lambda: b'{"text": 12}',
        lambda: b"\xff\xfe not utf-8 \x80",
        lambda: b'{"text": "cut',
        lambda: b"null",
        lambda: b'{"html": "<html><body></body></html>"}',
    ]
    return rng.choice(makers)()


def bomb(size: int, unit: bytes = b"\0") -> bytes:
    """A gzip stream of ``size`` bytes of ``unit``, compressed without holding it whole."""
    import zlib

    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = unit * ((1 << 20) // len(unit))
    out = [packer.compress(block) for _ in range(size // len(block))]
    return b"".join([*out, packer.flush()])


def write_hostile(corpus: Corpus, rng: random.Random) -> None:
    for writer in (
        _jsonl_lines,
        _bombs,
        _amplifiers,
        _broken_warcs,
        _control_feeds,
        _empties,
        _binaries,
        _odd_files,
    ):
        writer(corpus, rng)
    _mutants(corpus, rng)


def _bad(corpus: Corpus, name: str, data: bytes) -> Path:
    path = corpus.path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    corpus.bad.append(path)
    return path


def _jsonl_lines(corpus: Corpus, rng: random.Random) -> None:
    for i in range(150):
        lines = [_bad_json_line(rng) for _ in range(rng.randint(1, 8))]
        path = _bad(corpus, f"jsonl/bad-{i}.jsonl", b"\n".join(lines) + b"\n")
        corpus.bad_lines[path] = list(range(1, len(lines) + 1))


def _bombs(corpus: Corpus, rng: random.Random) -> None:
    for ext in ("txt", "html", "xml", "jsonl", "warc", "json"):
        _bad(corpus, f"bombs/bomb.{ext}.gz", bomb(4 << 30 if ext != "warc" else 1 << 30))


def _amplifiers(corpus: Corpus, rng: random.Random) -> None:
    _bad(corpus, "amplify/empty-objects.jsonl.gz", bomb(3 << 20, b"{}\n"))
    _bad(corpus, "amplify/newlines.jsonl.gz", bomb(200 << 20, b"\n"))
    _bad(corpus, "amplify/spaces.jsonl", b" \n" * 100_000)
    big = corpus.path("amplify/huge-line.jsonl")
    with open(big, "wb") as fh:
        fh.truncate(20 << 20)  # one 20 MB line of NUL bytes
    corpus.bad.append(big)


def _broken_warcs(corpus: Corpus, rng: random.Random) -> None:
    html = http_response(good_html(good_text(rng, "Ignored")))
    for i in range(120):
        good = warc_record("response", html)
        cut = good[: rng.randint(20, len(good) - 10)]
        parts = [warc_record("response", b"x" * 40, None), cut]
        gz = i % 2 == 1
        data = b"".join(gzip.compress(p)[: -rng.randint(0, 8) or None] if gz else p for p in parts)
        _bad(corpus, f"warc/broken-{i}.warc" + (".gz" if gz else ""), data)


def _control_feeds(corpus: Corpus, rng: random.Random) -> None:
    for i in range(60):
        junk = "".join(chr(rng.choice([0, 1, 2, 8, 11, 12, 27, 31])) for _ in range(3))
        feed = rss([(f"c-{i}", f"Title {junk}")]).replace("<item>", f"<item>{junk}", 1)
        _bad(corpus, f"feeds/control-{i}.xml", feed.encode())


def _empties(corpus: Corpus, rng: random.Random) -> None:
    exts = ("txt", "html", "htm", "xml", "rss", "atom", "json", "jsonl", "ndjson", "warc")
    for copy in range(6):
        for ext in exts:
            _bad(corpus, f"empty/{copy}/empty.{ext}", b"")
            _bad(corpus, f"empty/{copy}/empty.{ext}.gz", gzip.compress(b""))
            _bad(corpus, f"empty/{copy}/blank.{ext}", b" \n\t\r\n" * rng.randint(1, 40))


def _binaries(corpus: Corpus, rng: random.Random) -> None:
    exts = ("txt", "html", "xml", "jsonl", "warc", "json", "txt.gz", "warc.gz", "jsonl.gz")
    for i in range(150):
        data = rng.randbytes(rng.randint(1, 5000))
        if data[:1] in (b"{", b"<"):
            data = b"\0" + data
        _bad(corpus, f"binary/random-{i}.{exts[i % len(exts)]}", b"\0\0\0" + data)


def _odd_files(corpus: Corpus, rng: random.Random) -> None:
    folder = corpus.path("odd")
    folder.mkdir(parents=True, exist_ok=True)
    os.mkfifo(folder / "pipe.txt")
    corpus.bad.append(folder / "pipe.txt")
    os.symlink(folder / "nowhere.txt", folder / "dangling.txt")
    corpus.bad.append(folder / "dangling.txt")
    os.symlink(folder / "loop-b.txt", folder / "loop-a.txt")
    os.symlink(folder / "loop-a.txt", folder / "loop-b.txt")
    corpus.bad += [folder / "loop-a.txt", folder / "loop-b.txt"]
    for i in range(40):  # NUL and control bytes through text
        noise = bytes(rng.choice(b"\0\1\2\3\4\5\6\7\x0e\x0f") for _ in range(200))
        _bad(corpus, f"odd/control-{i}.txt", noise + b"The mayor said 3 were hurt." + noise)


def _mutants(corpus: Corpus, rng: random.Random) -> None:
    """Truncations, byte flips, NUL runs and wrong extensions of the real fixtures."""
    if not FIXTURES.is_dir():
        return
    seeds = sorted(p for p in FIXTURES.rglob("*") if p.is_file() and p.suffix != ".md")
    exts = ("txt", "html", "xml", "jsonl", "warc", "json", "warc.gz", "xml.gz")
    for i in range(max(0, 1000 - len(corpus.bad)) + 100):
        seed = rng.choice(seeds)
        data = bytearray(seed.read_bytes())
        how = rng.choice(("truncate", "flip", "nul", "rename", "splice"))
        if how == "truncate":
            data = data[: rng.randint(0, len(data))]
        elif how == "flip":
            for _ in range(rng.randint(1, 20)):
                data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
        elif how == "nul":
            at = rng.randrange(len(data))
            data[at:at] = b"\0" * rng.randint(1, 5000)
        elif how == "splice":
            other = rng.choice(seeds).read_bytes()
            data = data[: rng.randrange(len(data))] + other[rng.randrange(len(other)) :]
        name = seed.name if how != "rename" else f"{seed.stem}.{rng.choice(exts)}"
        path = corpus.path(f"mutants/{i:04d}-{how}-{name}")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(bytes(data))
        corpus.other.append(path)


# --- phase 1: each input alone --------------------------------------------------------------
@dataclass(slots=True)
class Alone:
    tracebacks: list[str] = field(default_factory=list)
    internal: list[str] = field(default_factory=list)  # reader bugs caught as 'internal' rows
    logged: int = 0  # tracebacks written to the log
    slowest: tuple[float, str] = (0.0, "")
    peak_mb: float = 0.0
    peak_input: str = ""


class Hang(Exception):
    pass


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise Hang


def each_alone(corpus: Corpus) -> Alone:
    from newsledger.config import Settings
    from newsledger.ingest import read_inputs

    settings = Settings(workers=1)
    result = Alone()
    counter = _TracebackCounter()
    logging.getLogger().addHandler(counter)
    signal.signal(signal.SIGALRM, _alarm)
    inputs = sorted(
        [Path(p) for p in corpus.good.values()] + corpus.bad + corpus.other, key=os.fsencode
    )
    for path in dict.fromkeys(inputs):
        name = os.fsencode(path).decode("utf-8", "backslashreplace")
        started = time.monotonic()
        signal.alarm(INPUT_SECONDS)
        try:
            for item in read_inputs([(path, False)], settings):
                if getattr(item, "kind", None) == "internal":
                    result.internal.append(f"{name}: {item.message[:120]}")
        except Hang:
            result.tracebacks.append(f"{name}: still reading after {INPUT_SECONDS} s")
        except Exception as exc:  # what the sweep is looking for
            result.tracebacks.append(f"{name}: {type(exc).__name__}: {str(exc)[:120]}")
        finally:
            signal.alarm(0)
        took = time.monotonic() - started
        result.slowest = max(result.slowest, (took, name))
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        if peak > result.peak_mb:
            result.peak_mb, result.peak_input = peak, name
    result.logged = counter.count
    return result


class _TracebackCounter(logging.Handler):
    """Counts log records that carry a traceback (and prints nothing)."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += record.exc_info is not None


# --- phase 2: one run over the whole folder ------------------------------------------------
@dataclass(slots=True)
class Whole:
    exit_code: int
    seconds: float
    peak_mb: float
    tracebacks: int
    stderr_lines: int
    lost: list[str]
    silent: list[str]
    silent_lines: list[str]
    error_rows: int


def whole_run(corpus: Corpus, db: Path) -> Whole:
    started = time.monotonic()
    command = [sys.executable, "-m", "newsledger", "ingest", str(corpus.root), "--db", str(db)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=3600)
        code, stderr = done.returncode, done.stderr
    except subprocess.TimeoutExpired as exc:
        code, stderr = -1, (exc.stderr or b"").decode(errors="replace") + "\n(timed out)"
    seconds = time.monotonic() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    (db.parent / "stderr.txt").write_text(stderr)
    lost, silent, silent_lines, rows = _check_ledger(corpus, db)
    return Whole(
        code,
        seconds,
        peak,
        stderr.count("Traceback (most recent call last)"),
        len(stderr.splitlines()),
        lost,
        silent,
        silent_lines,
        rows,
    )


def _check_ledger(corpus: Corpus, db: Path) -> tuple[list[str], list[str], list[str], int]:
    if not db.exists():
        return sorted(corpus.good), [str(p) for p in corpus.bad], [], 0
    conn = sqlite3.connect(db)
    texts = "\n".join(row[0] for row in conn.execute("SELECT raw_text FROM articles"))
    lost = [m for m in corpus.good if m not in texts]
    errors: dict[str, set[str]] = {}
    for source, position in conn.execute("SELECT source, position FROM errors"):
        errors.setdefault(source, set()).add(position)
    rows = conn.execute("SELECT COUNT(*) FROM errors").fetchone()[0]
    conn.close()
    silent = [str(p) for p in corpus.bad if not _named(errors, p)]
    silent_lines = [
        f"{path.name} line {n}"
        for path, numbers in corpus.bad_lines.items()
        for n in numbers
        if f"line {n}" not in _named(errors, path)
    ]
    return lost, silent, silent_lines, rows


def _named(errors: dict[str, set[str]], path: Path) -> set[str]:
    """The error positions recorded for ``path``, whatever spelling of it the ledger holds."""
    for spelling in (os.fsencode(path).decode("utf-8", "backslashreplace"), str(path)):
        if spelling in errors:
            return errors[spelling] or {""}
    return set()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--out", type=Path, default=None, help="folder to write (kept)")
    parser.add_argument("--skip-alone", action="store_true", help="only the whole run")
    args = parser.parse_args()
    root = args.out or Path(tempfile.mkdtemp(prefix="hostile-sweep-"))
    if root.exists():
        shutil.rmtree(root)
    rng = random.Random(args.seed)
    random.seed(args.seed)
    corpus = Corpus(root / "inputs")
    write_good(corpus, rng)
    write_hostile(corpus, rng)
    print(
        f"seed {args.seed}: {len(corpus.good)} good articles, {len(corpus.bad)} inputs bad by "
        f"construction ({sum(map(len, corpus.bad_lines.values()))} bad JSON lines), "
        f"{len(corpus.other)} mutated fixtures, in {corpus.root}",
        flush=True,
    )
    alone = Alone() if args.skip_alone else each_alone(corpus)
    whole = whole_run(corpus, root / "sweep.db")
    _print(alone, whole)
    if args.out is None:
        shutil.rmtree(root)


def _print(alone: Alone, whole: Whole) -> None:
    print(
        f"each input alone: {len(alone.tracebacks)} exceptions or hangs, "
        f"{len(alone.internal)} reader bugs caught as internal rows, "
        f"{alone.logged} tracebacks logged"
    )
    for line in alone.tracebacks[:10] + alone.internal[:10]:
        print("   ", line)
    print(f"  slowest input {alone.slowest[0]:.1f} s: {alone.slowest[1]}")
    print(f"  peak memory {alone.peak_mb:.0f} MB, reached on {alone.peak_input}")
    print(
        f"whole run: exit {whole.exit_code} in {whole.seconds:.0f} s, peak memory "
        f"{whole.peak_mb:.0f} MB (largest process), {whole.tracebacks} tracebacks, "
        f"{whole.stderr_lines} stderr lines, {whole.error_rows} error rows"
    )
    print(f"  good articles lost: {len(whole.lost)} {whole.lost[:10]}")
    print(f"  bad inputs without an error row: {len(whole.silent)}")
    for line in _short(whole.silent):
        print("   ", line)
    print(f"  bad JSON lines without an error row: {len(whole.silent_lines)}")
    for line in whole.silent_lines[:10]:
        print("   ", line)


def _short(items: list[str]) -> Iterator[str]:
    yield from items[:15]
    if len(items) > 15:
        yield f"... and {len(items) - 15} more"


if __name__ == "__main__":
    main()
