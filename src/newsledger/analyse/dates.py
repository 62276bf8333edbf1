"""Dates written in an article ("on Monday", "last week", "since October") resolved against
its publication date; the phrase is always kept beside what it resolves to."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

import dateparser

from newsledger.vocabulary import YEAR, Tense

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


_MONTHS = (
    "january february march april may june july august september october november december"
).split()
_MONTH = re.compile(
    r"\b(" + "|".join(_MONTHS) + r"|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\b\.?", re.I
)
_DAY_NUMBER = re.compile(r"\b\d{1,2}(st|nd|rd|th)?\b")
_YEAR_ONLY = re.compile(r"^(the year\s+)?(1[5-9]|2[01])\d\d$")
_RELATIVE_PERIOD = re.compile(r"^(last|this|next)\s+(year|month)$", re.I)


def resolve_date(phrase: str, published: str | None, tense: Tense | None = None) -> str | None:
    """The date ``phrase`` points to, read as on the publication day, at the precision it
    is written with: "2015" or "last year" a year ("2015"), "in February" or "last month" a
    month ("2024-02"), a day otherwise ("2024-11-04"); or None.

    The verb's ``tense`` says which way a weekday or a date without a year points: news
    reports what happened, so a weekday is the latest such day on or before publication
    ("Monday" in an article of Wednesday 2024-11-06 is 2024-11-04), unless the verb is in the
    future ("will appear on Thursday": 2024-11-07). Relative phrases count from publication.
    Without a publication date only dates that give their year resolve.
    """
    text = _LEAD_WORDS.sub("", phrase.strip()).strip()
    if not text or len(text) > 40:
        return None
    if _YEAR_ONLY.match(text):
        return text[-4:]
    base = _base(published)
    future = tense == Tense.FUTURE
    if base is None:
        return _at_precision(text, _parse(text, None, future)) if YEAR.search(text) else None
    relative = _RELATIVE_PERIOD.match(text)
    if relative:
        return _relative_period(relative.group(1).lower(), relative.group(2).lower(), base)
    if text.lower() in _WEEKDAYS:
        step = (_WEEKDAYS.index(text.lower()) - base.weekday()) % 7
        if not future:
            step = -((base.weekday() - _WEEKDAYS.index(text.lower())) % 7)
        return (base + dt.timedelta(days=step)).date().isoformat()
    if _VAGUE.search(text) and not YEAR.search(text) and not text.lower().startswith("last"):
        return None
    return _at_precision(text, _parse(text, base.isoformat(), future))


def _at_precision(text: str, iso: str | None) -> str | None:
    """``iso`` cut to what ``text`` says: a month and no day -> "YYYY-MM"."""
    if iso is None:
        return None
    if _MONTH.search(text) and not _DAY_NUMBER.search(_MONTH.sub(" ", YEAR.sub(" ", text))):
        return iso[:7]
    return iso


def _relative_period(which: str, unit: str, base: dt.datetime) -> str:
    shift = {"last": -1, "this": 0, "next": 1}[which]
    if unit == "year":
        return str(base.year + shift)
    month = base.year * 12 + base.month - 1 + shift
    return f"{month // 12:04d}-{month % 12 + 1:02d}"


def _base(published: str | None) -> dt.datetime | None:
    if not published:
        return None
    try:
        return dt.datetime.fromisoformat(published).replace(tzinfo=None)
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def _parse(text: str, base: str | None, future: bool = False) -> str | None:
    settings: dict[str, object] = dict(_SETTINGS)
    if future:
        settings["PREFER_DATES_FROM"] = "future"
    if base is not None:
        settings["RELATIVE_BASE"] = dt.datetime.fromisoformat(base)
    parsed = dateparser.parse(text, languages=["en"], settings=settings)
    return parsed.date().isoformat() if parsed else None
