"""An article's versions for the article page: each later version's clean text against the
one before it, cut into pieces that are kept, inserted or deleted (word by word)."""

from __future__ import annotations

import re
import sqlite3
from difflib import SequenceMatcher
from itertools import pairwise
from typing import Any

from newsledger.ledger.versions import versions

_WORDS = re.compile(r"\s+|[^\s]+")
_OPS = {"equal": "same", "insert": "added", "delete": "removed"}


def changes(before: str, after: str) -> list[dict[str, str]]:
    """``after`` against ``before`` as pieces ``{"text", "op"}``, op one of same, added,
    removed (a replaced run gives its removed words, then its added ones)."""
    old, new = _WORDS.findall(before), _WORDS.findall(after)
    pieces: list[dict[str, str]] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op in ("delete", "replace"):
            pieces.append({"text": "".join(old[i1:i2]), "op": "removed"})
        if op in ("insert", "replace"):
            pieces.append({"text": "".join(new[j1:j2]), "op": "added"})
        if op == "equal":
            pieces.append({"text": "".join(new[j1:j2]), "op": "same"})
    return pieces


def article_versions(conn: sqlite3.Connection, article_id: str) -> list[dict[str, Any]]:
    """The versions of an article, newest first, each later one with its changes; empty
    when there is only one."""
    found = versions(conn, article_id)
    if len(found) < 2:
        return []
    shown = [{**found[0], "pieces": [{"text": found[0]["text"], "op": "same"}]}]
    for before, after in pairwise(found):
        shown.append({**after, "pieces": changes(str(before["text"]), str(after["text"]))})
    for version in shown:
        del version["text"], version["key"]
    return shown[::-1]
