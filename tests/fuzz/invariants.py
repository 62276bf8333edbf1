"""What every reader owes its caller, whatever the input: checked on every fuzzed item."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from newsledger.config import Settings
from newsledger.ingest import read_sources
from newsledger.records import Article, ErrorKind, Problem, Skip

# small limits, so that memory stays bounded by the settings in every example
SETTINGS = Settings(workers=1, max_file_mb=4, max_stream_mb=8, max_line_mb=1)


@contextmanager
def written(name: str | bytes, data: bytes) -> Iterator[Path]:
    """A file ``name`` holding ``data`` in a fresh folder (hypothesis runs many examples
    in one test, so pytest's tmp_path cannot be used)."""
    with tempfile.TemporaryDirectory() as folder:
        raw = os.fsencode(folder) + b"/" + (name if isinstance(name, bytes) else name.encode())
        path = Path(os.fsdecode(raw))
        path.write_bytes(data)
        yield path


def read_checked(path: Path, settings: Settings = SETTINGS) -> list[Article | Problem | Skip]:
    """Read ``path`` and check the invariant: no exception, something said about the input,
    every article storable, every problem one printable line, no reader bug met."""
    items = list(read_sources([path], settings))
    assert items, "an input that yields nothing is an input nobody hears about"
    for item in items:
        if isinstance(item, Article):
            assert item.id and item.raw_text.strip()
            assert item.key  # encodes every field as UTF-8: no lone surrogate got through
            assert len(item.raw_text) <= settings.max_article_chars
        elif isinstance(item, Problem):
            assert item.message.isprintable() and item.source.isprintable()
            assert item.kind is not ErrorKind.INTERNAL, item.message
        else:
            assert isinstance(item, Skip)
    return items
