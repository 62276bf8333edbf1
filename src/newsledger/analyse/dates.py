"""Dates written in an article ("on Monday", "last week", "since October") resolved against
its publication date; the phrase is always kept beside what it resolves to."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

import dateparser

from newsledger.analyse.numbers import YEAR

_LEAD_WORDS = re.compile(r"^(on|in|since|by|from|until|till|during|at|as of)\s+", re.I)
_VAGUE = re.compile(
    r"\b(recent|coming|past|next few|several|many|earlier|later|this year|"
    r"this month|this week|years?|decades?)\b",
    re.I,
)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_SETTINGS = {
    "PREFER_DATES_FROM": "past",
    "RETURN_AS_TIMEZONE_AWARE": False,
    "PREFER_DAY_OF_MONTH": "first",
}


def resolve_date(phrase: str, published: str | None) -> str | None:
    """The ISO date ``phrase`` points to, read as on the publication day, or None.

    A weekday is the latest such day on or before publication (news reports what happened:
    "Monday" in an article of Wednesday 2024-11-06 is 2024-11-04). Relative phrases count back
    from publication. Without a publication date only dates that give their year resolve.
    """
    text = _LEAD_WORDS.sub("", phrase.strip()).strip()
    if not text or len(text) > 40:
        return None
    base = _base(published)
    if base is None:
        return _parse(text, None) if YEAR.search(text) else None
    if text.lower() in _WEEKDAYS:
        back = (base.weekday() - _WEEKDAYS.index(text.lower())) % 7
        return (base - dt.timedelta(days=back)).date().isoformat()
    if _VAGUE.search(text) and not YEAR.search(text) and not text.lower().startswith("last"):
        return None
    return _parse(text, base.isoformat())


def _base(published: str | None) -> dt.datetime | None:
    if not published:
        return None
    try:
        return dt.datetime.fromisoformat(published).replace(tzinfo=None)
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def _parse(text: str, base: str | None) -> str | None:
    settings: dict[str, object] = dict(_SETTINGS)
    if base is not None:
        settings["RELATIVE_BASE"] = dt.datetime.fromisoformat(base)
    parsed = dateparser.parse(text, languages=["en"], settings=settings)  # type: ignore[arg-type]
    return parsed.date().isoformat() if parsed else None
