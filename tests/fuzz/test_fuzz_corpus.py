"""Corpus mutation: the real fixtures in ../shared/fixtures, truncated, bit-flipped, given the
wrong extension, nested in gzip, spliced, padded with NUL and control bytes or a huge line,
cut into invalid UTF-8, and made into bombs. The invariant of ``read_checked`` holds for all."""

from __future__ import annotations

import gzip
import random
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tests.conftest import REPO
from tests.fuzz.invariants import SETTINGS, read_checked, written

FIXTURES = REPO.parent / "shared" / "fixtures"
SEEDS = sorted(p for p in FIXTURES.rglob("*") if p.is_file() and p.suffix != ".md")
EXTENSIONS = ("txt", "html", "xml", "json", "jsonl", "warc", "xml.gz", "warc.gz", "jsonl.gz")
Mutation = Callable[[bytes, random.Random], bytes]


def _truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def _flip(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 30)):
        out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
    return bytes(out)


def _insert(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data) + 1)
    junk = rng.choice([b"\0" * 3000, bytes(range(32)) * 20, b"\xff\xfe\xc3", b"\x80" * 50])
    return data[:at] + junk + data[at:]


def _huge_line(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data) + 1)
    return data[:at] + b"x" * (SETTINGS.max_line_bytes + 10) + data[at:]


def _nest(data: bytes, rng: random.Random) -> bytes:
    return gzip.compress(gzip.compress(data) if rng.random() < 0.5 else data)


def _splice(data: bytes, rng: random.Random) -> bytes:
    other = rng.choice(SEEDS).read_bytes()
    return data[: rng.randrange(len(data) + 1)] + other[rng.randrange(len(other) + 1) :]


def _bomb(data: bytes, rng: random.Random) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = rng.choice([b"\0", b"\n", b"{}\n", b"<a>"]) * (1 << 18)
    return gzip.compress(data[:200]) + b"".join(
        [*(packer.compress(block) for _ in range(64)), packer.flush()]
    )


MUTATIONS: tuple[Mutation, ...] = (_truncate, _flip, _insert, _huge_line, _nest, _splice, _bomb)


@pytest.mark.skipif(not SEEDS, reason=f"no fixtures at {FIXTURES}")
@given(
    seed=st.sampled_from(SEEDS or [Path("none")]),
    mutations=st.lists(st.sampled_from(MUTATIONS), min_size=1, max_size=3),
    rename=st.none() | st.sampled_from(EXTENSIONS),
    rng_seed=st.integers(0, 2**32),
)
# finds of the long run, kept as regression cases
@example(FIXTURES / "feeds" / "encoding_euc-kr.xml", [_insert], None, 1)  # NUL in a feed
def test_fuzz_mutated_fixtures(
    seed: Path, mutations: list[Mutation], rename: str | None, rng_seed: int
) -> None:
    rng = random.Random(rng_seed)
    data = seed.read_bytes()
    for mutate in mutations:
        data = mutate(data, rng) if data else data
    name = seed.name if rename is None else f"{seed.name.split('.')[0]}.{rename}"
    with written(name, data) as path:
        read_checked(path)
