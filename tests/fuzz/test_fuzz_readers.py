"""Property tests: every reader, on arbitrary bytes and on records mixed with garbage."""

from __future__ import annotations

import gzip
import json

from hypothesis import given
from hypothesis import strategies as st

from newsledger.records import Article, Problem
from tests.fuzz.invariants import read_checked, written

EXTENSIONS = ("txt", "html", "xml", "json", "jsonl", "warc", "txt.gz", "jsonl.gz", "warc.gz")
# text that can be stored: any code point but a lone surrogate
TEXT = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=300)
BAD_LINE = st.binary(min_size=1, max_size=200).filter(lambda b: b"\n" not in b and b.strip())


@given(ext=st.sampled_from(EXTENSIONS), data=st.binary(max_size=4000))
def test_fuzz_any_bytes_in_any_format(ext: str, data: bytes) -> None:
    with written(f"input.{ext}", data) as path:
        read_checked(path)


@given(ext=st.sampled_from(EXTENSIONS), text=st.text(max_size=2000))
def test_fuzz_any_unicode_in_any_format(ext: str, text: str) -> None:
    data = text.encode("utf-8", "surrogatepass")
    if ext.endswith(".gz"):
        data = gzip.compress(data)
    with written(f"input.{ext}", data) as path:
        read_checked(path)


@given(
    records=st.lists(
        st.one_of(
            st.tuples(st.just("good"), TEXT.filter(str.strip)),
            st.tuples(st.just("bad"), BAD_LINE),
            st.tuples(st.just("surrogate"), st.just('{"text": "a \\ud83d b"}')),
        ),
        min_size=1,
        max_size=30,
    ),
    compressed=st.booleans(),
)
def test_fuzz_json_lines_every_good_line_read_every_bad_one_counted(
    records: list[tuple[str, object]], compressed: bool
) -> None:
    lines = []
    for n, (kind, value) in enumerate(records):
        if kind == "good":
            lines.append(json.dumps({"id": f"good-{n}", "text": value}).encode())
        else:
            lines.append(value if isinstance(value, bytes) else str(value).encode())
    data = b"\n".join(lines) + b"\n"
    name = "lines.jsonl.gz" if compressed else "lines.jsonl"
    with written(name, gzip.compress(data) if compressed else data) as path:
        items = read_checked(path)
    by_line = {item.position: item for item in items if isinstance(item, (Article, Problem))}
    for n, (kind, _) in enumerate(records, 1):
        item = by_line[f"line {n}"]  # one item for every line: none lost, none silent
        if kind == "good":
            assert isinstance(item, Article) and item.id == f"good-{n - 1}"
        elif kind == "surrogate":
            assert isinstance(item, Problem)


@given(name=st.binary(min_size=1, max_size=40).filter(lambda b: b"/" not in b and b"\0" not in b))
def test_fuzz_any_file_name(name: bytes) -> None:
    with written(name.lstrip(b".") or b"x" + b".txt", b"The mayor said 3 were hurt.") as path:
        read_checked(path)
