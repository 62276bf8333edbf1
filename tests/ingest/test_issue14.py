"""Issue #14, items 1-9 and 12: each reproduction from the issue, as a test.

Every bad record is a Problem with its file, position and reason; the good ones around it
are read; nothing raises, hangs, floods the errors table or prints to stderr."""

from __future__ import annotations

import gzip
import importlib
import json
import logging
import os
import threading
import tracemalloc
import zlib
from pathlib import Path

import pytest

from newsledger.api import ingest
from newsledger.config import Settings
from newsledger.errors import NoInputs
from newsledger.ingest import read_sources
from newsledger.ledger.db import Ledger
from newsledger.records import Article, ErrorKind, Problem, Skip

GOOD = "The mayor said 40 people were evacuated from the old town on Monday."


def _split(items: list) -> tuple[list[Article], list[Problem]]:
    return (
        [i for i in items if isinstance(i, Article)],
        [i for i in items if isinstance(i, Problem)],
    )


def _bomb(size: int, unit: bytes = b"\0") -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = unit * ((1 << 20) // len(unit))
    return b"".join([*(packer.compress(block) for _ in range(size >> 20)), packer.flush()])


def _warc_record(body: bytes, url: str | None = "http://news.example/a", n: int = 0) -> bytes:
    head = ["WARC/1.0", "WARC-Type: response", f"WARC-Record-ID: <urn:uuid:0000-{n}>"]
    head += [f"WARC-Target-URI: {url}"] if url else []
    head += ["Content-Type: application/http; msgtype=response", f"Content-Length: {len(body)}"]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body + b"\r\n\r\n"


def _page(n: int) -> bytes:
    html = f"<html><body><article><p>{GOOD} Report {n}.</p><p>{GOOD}</p></article></body></html>"
    data = html.encode()
    head = f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {len(data)}\r\n\r\n"
    return head.encode() + data


# --- 1, 2: what cannot be stored ---------------------------------------------------------------
def test_issue14_1_lone_surrogate_in_a_json_line_is_one_error_and_the_run_goes_on(
    tmp_path: Path,
) -> None:
    path = tmp_path / "s.jsonl"
    path.write_text(
        '{"id":"a1","text":"The mayor said 40 people were evacuated."}\n'
        '{"id":"a2","text":"Lone \\ud800 said the mayor."}\n'
        '{"id":"a\\udc00","text":"The chief said 3 were hurt."}\n'
    )
    summary = ingest([path], tmp_path / "s.db", Settings(workers=1), run_link=False)
    assert summary.counts.stored == 1 and summary.counts.errors == {"encoding": 2}
    assert [p.position for p in summary.problems] == ["line 2", "line 3"]
    assert "lone surrogate" in summary.problems[0].message
    with Ledger.open(tmp_path / "s.db", readonly=True) as ledger:
        assert ledger.conn.execute("SELECT status FROM runs").fetchone()[0] == "done"


def test_issue14_2_a_file_name_that_is_not_utf8_is_read_and_stored(tmp_path: Path) -> None:
    folder = tmp_path / "lat"
    folder.mkdir()
    name = os.fsdecode(os.fsencode(folder) + b"/caf\xe9.txt")
    Path(name).write_text("Schools\nThe minister said 12 schools closed.")
    summary = ingest([folder], tmp_path / "l.db", Settings(workers=1), run_link=False)
    assert summary.counts.stored == 1 and summary.ok
    with Ledger.open(tmp_path / "l.db", readonly=True) as ledger:
        (source, key) = ledger.conn.execute("SELECT source, id FROM articles").fetchone()
    assert source.endswith("caf\\xe9.txt") and key == "caf\\xe9"


# --- 3: one bad JSON line is one error --------------------------------------------------------
def test_issue14_3_bad_json_lines_each_give_an_error_and_later_lines_are_read(
    tmp_path: Path, settings: Settings
) -> None:
    path = tmp_path / "bad.jsonl"
    lines = [
        b"[" * 100_000,  # RecursionError in json
        b'{"id": "n", "text": "x", "n": ' + b"7" * 5000 + b"}",  # int of 5,000 digits
        b'{"text": "Lone \\ud800 said the mayor."}',  # surrogate in a line without id
        json.dumps({"id": "ok", "text": GOOD}).encode(),
    ]
    path.write_bytes(b"\n".join(lines) + b"\n")
    articles, problems = _split(list(read_sources([path], settings)))
    assert [a.id for a in articles] == ["ok"]
    assert [(p.position, p.kind) for p in problems] == [
        ("line 1", ErrorKind.BAD_RECORD),
        ("line 2", ErrorKind.BAD_RECORD),
        ("line 3", ErrorKind.ENCODING),
    ]


# --- 4: WARC read past a broken record ---------------------------------------------------------
@pytest.mark.parametrize("gz", [False, True], ids=["plain", "gzip"])
def test_issue14_4_warc_reading_goes_on_past_a_garbage_record(
    tmp_path: Path, settings: Settings, gz: bool
) -> None:
    records = [_warc_record(_page(n), n=n) for n in range(15)]
    records.insert(7, b"WARC/1.0\r\nnot a header at all\r\n" + os.urandom(300) + b"\r\n\r\n")
    records.insert(3, _warc_record(b"no http here", url=None, n=99))
    path = tmp_path / ("mixed.warc.gz" if gz else "mixed.warc")
    path.write_bytes(b"".join(gzip.compress(r) if gz else r for r in records))
    articles, problems = _split(list(read_sources([path], settings)))
    assert len(articles) == 15
    assert [p.kind for p in problems] == [ErrorKind.BAD_RECORD, ErrorKind.MALFORMED]
    assert all(p.position.startswith("offset ") for p in problems)
    assert "reading went on at the next record" in problems[1].message


# --- 5, 6: bombs and amplifiers ----------------------------------------------------------------
@pytest.mark.parametrize("ext", ["txt", "html", "xml", "jsonl", "warc"])
def test_issue14_5_a_gzip_bomb_stops_at_the_limit_in_bounded_memory(
    tmp_path: Path, ext: str
) -> None:
    path = tmp_path / f"bomb.{ext}.gz"
    path.write_bytes(_bomb(256 << 20))
    settings = Settings(workers=1, max_file_mb=8, max_stream_mb=8)
    tracemalloc.start()
    try:
        _, problems = _split(list(read_sources([path], settings)))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [p.kind for p in problems] == [ErrorKind.TOO_LARGE]
    assert peak < 48 << 20  # a few 1 MB pieces and the 8 MB limit, never the 256 MB


def test_issue14_6_a_million_bad_lines_are_a_few_counted_rows(tmp_path: Path) -> None:
    path = tmp_path / "objects.jsonl.gz"
    path.write_bytes(gzip.compress(b"{}\n" * (1 << 18)))
    settings = Settings(workers=1, max_errors_per_input=10, max_gzip_ratio=10_000)
    _, problems = _split(list(read_sources([path], settings)))
    assert len(problems) == 11 and sum(p.count for p in problems) == 1 << 18
    last = problems[-1]
    assert last.position == "line 11 to line 262144" and "max_errors_per_input" in last.message


def test_issue14_6_blank_and_bomb_inputs_are_cheap_and_reported(
    tmp_path: Path, settings: Settings
) -> None:
    (tmp_path / "newlines.jsonl.gz").write_bytes(_bomb(200 << 20, b"\n"))
    (tmp_path / "blank.jsonl").write_bytes(b" \n\t\r\n" * 100_000)
    (tmp_path / "objects.jsonl.gz").write_bytes(_bomb(64 << 20, b"{}\n"))
    problems = _split(list(read_sources([tmp_path], settings)))[1]
    kinds = {Path(p.source).name: p.kind for p in problems if p.count == 1}
    assert kinds["newlines.jsonl.gz"] is ErrorKind.TOO_LARGE  # a bomb: 1,000:1
    assert kinds["blank.jsonl"] is ErrorKind.EMPTY
    bomb = [p for p in problems if p.source.endswith("objects.jsonl.gz")]
    assert bomb[-1].kind is ErrorKind.TOO_LARGE and "max_gzip_ratio" in bomb[-1].message
    assert sum(p.count for p in bomb) < 400_000  # stopped after about 1 MB of {} lines


# --- 7: pipes and standard input ---------------------------------------------------------------
THREE = b"".join(json.dumps({"id": f"p{i}", "text": GOOD}).encode() + b"\n" for i in range(3))


def test_issue14_7_a_named_pipe_is_read_as_a_stream(tmp_path: Path, settings: Settings) -> None:
    fifo = tmp_path / "f.jsonl"
    os.mkfifo(fifo)

    def write() -> None:
        with open(fifo, "wb") as fh:
            fh.write(THREE)

    writer = threading.Thread(target=write)
    writer.start()
    articles, problems = _split(list(read_sources([fifo], settings)))
    writer.join(timeout=10)
    assert [a.id for a in articles] == ["p0", "p1", "p2"] and not problems


def test_issue14_7_a_pipe_nobody_writes_to_is_given_up(tmp_path: Path) -> None:
    fifo = tmp_path / "f.txt"
    os.mkfifo(fifo)
    items = list(read_sources([fifo], Settings(workers=1, pipe_wait_seconds=1)))
    assert [(type(i), i.kind) for i in items] == [(Problem, ErrorKind.UNREADABLE)]
    assert "pipe_wait_seconds" in items[0].message


def test_issue14_7_a_pipe_in_a_folder_is_reported_not_opened(
    tmp_path: Path, settings: Settings
) -> None:
    os.mkfifo(tmp_path / "f.txt")
    (problem,) = list(read_sources([tmp_path], settings))
    assert problem.kind is ErrorKind.UNSUPPORTED and "name it to read it" in problem.message


def _piped(data: bytes) -> int:
    read_end, write_end = os.pipe()
    os.write(write_end, data)
    os.close(write_end)
    return read_end


def test_issue14_7_process_substitution_and_standard_input(settings: Settings) -> None:
    read_end = _piped(THREE)  # what <(cat three.jsonl) hands over: /dev/fd/N
    try:
        articles = _split(list(read_sources([f"/dev/fd/{read_end}"], settings)))[0]
    finally:
        os.close(read_end)
    assert len(articles) == 3
    saved, read_end = os.dup(0), _piped(THREE)
    os.dup2(read_end, 0)
    try:
        articles = _split(list(read_sources(["-"], settings)))[0]
    finally:
        os.dup2(saved, 0)
        os.close(saved)
        os.close(read_end)
    assert [a.source for a in articles] == ["<stdin>"] * 3


# --- 8, 9: control bytes in feeds, empty inputs -----------------------------------------------
def test_issue14_8_a_control_byte_does_not_lose_the_feed(
    tmp_path: Path, settings: Settings
) -> None:
    items = "".join(
        f"<item><title>T{i}\x01</title><guid>g{i}</guid><description>{GOOD}\x0b</description>"
        "</item>"
        for i in range(3)
    )
    path = tmp_path / "feed.xml"
    path.write_text(f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>')
    articles, problems = _split(list(read_sources([path], settings)))
    assert [a.id for a in articles] == ["g0", "g1", "g2"]
    assert [p.kind for p in problems] == [ErrorKind.MALFORMED]  # said, and read past


def test_issue14_9_empty_inputs_of_every_format_are_reported(
    tmp_path: Path, settings: Settings
) -> None:
    names = ["e.txt", "e.html", "e.xml", "e.jsonl", "e.warc", "e.warc.gz", "e.json", "e.txt.gz"]
    for name in names:
        (tmp_path / name).write_bytes(b"" if "gz" not in name else gzip.compress(b""))
    items = list(read_sources([tmp_path], settings))
    assert sorted(Path(i.source).name for i in items if isinstance(i, Problem)) == sorted(names)
    assert {i.kind for i in items} == {ErrorKind.EMPTY}
    (tmp_path / "none").mkdir()
    with pytest.raises(NoInputs, match="holds no file"):
        list(read_sources([tmp_path / "none"], settings))


# --- 12: nothing printed; a reader bug is one row with where it happened ---------------------
def test_issue14_12_readers_print_nothing(
    tmp_path: Path, settings: Settings, capfd: pytest.CaptureFixture[str]
) -> None:
    page = _page(1).replace(
        b"Content-Type: text/html", b"Content-Encoding: gzip\r\nContent-Type: text/html"
    )
    bad_gzip_body = page.split(b"\r\n\r\n", 1)[0] + b"\r\n\r\n" + b"\x1f\x8b\x08" + b"x" * 20_000
    spaced = _warc_record(_page(2), url="http://news.example/a b " + "x" * 2000)
    (tmp_path / "noisy.warc").write_bytes(_warc_record(bad_gzip_body) + spaced)
    list(read_sources([tmp_path], settings))
    assert capfd.readouterr().err == ""


def test_issue14_12_a_reader_bug_is_one_internal_row_without_traceback(
    tmp_path: Path,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    ingest_package = importlib.import_module("newsledger.ingest")

    def broken(source: object, settings: Settings) -> list[Article]:
        raise KeyError("boom")

    monkeypatch.setitem(ingest_package._READERS, ".txt", broken)
    (tmp_path / "a.txt").write_text(GOOD)
    with caplog.at_level(logging.INFO):
        (problem,) = list(read_sources([tmp_path / "a.txt"], settings))
    assert problem.kind is ErrorKind.INTERNAL and "KeyError" in problem.message
    assert "test_issue14.py:" in problem.message  # where it happened, for the report
    assert not caplog.records


def test_issue14_skips_are_not_errors(tmp_path: Path, settings: Settings) -> None:
    (tmp_path / "notes.md").write_text("# not news")
    (tmp_path / "a.txt").write_text(GOOD)
    items = list(read_sources([tmp_path], settings))
    assert [type(i) for i in items] == [Article, Skip]
