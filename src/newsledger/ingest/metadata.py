"""Article metadata shared by the readers: publication dates and outlets from URLs."""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from urllib.parse import urlsplit

import dateparser

_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATEPARSER_SETTINGS = {"RETURN_AS_TIMEZONE_AWARE": False, "PREFER_DAY_OF_MONTH": "first"}


def parse_published(value: object) -> str | None:
    """An ISO 8601 string for a publication date given in any common form, or None.

    A bare date stays a date (``2017-10-27``); a time without a zone is taken as UTC, so
    every stored timestamp is timezone-aware.
    """
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return dt.datetime.fromtimestamp(value, dt.timezone.utc).isoformat()
        except (OverflowError, OSError, ValueError):
            return None
    text = str(value).strip()
    if not text:
        return None
    if _DATE_ONLY.match(text):
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            return None
    parsed = _parse_datetime(text)
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.timezone.utc)
    return parsed.isoformat()


def _parse_datetime(text: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        pass
    if len(text) > 64:
        return None
    return dateparser.parse(text, languages=None, settings=_DATEPARSER_SETTINGS)


def outlet_from_url(url: str | None) -> str | None:
    """The host of a URL without ``www.``, as a stand-in outlet name."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host
