"""URLs as keys: one canonical spelling per page, so an article is fetched and stored once.

Feeds hand out the same page under many spellings: tracking parameters that change from one
poll to the next, fragments, ``HTTP`` against ``http``, a default port written out.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

# query parameters that say who sent the reader, never which page it is
_TRACKING = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_ga|_gl|igshid|yclid|"
    r"ref_src|ocid|cmpid|at_\w+|wt_\w+|__twitter_impression|smid|spm|taid)$",
    re.I,
)
_DEFAULT_PORTS = {"http": 80, "https": 443}


class BadURL(ValueError):
    """A URL that cannot be fetched: no http(s) scheme or no host."""


def canonical_url(url: str, base: str | None = None) -> str:
    """``url`` (relative to ``base``) with scheme and host lower-cased, the default port,
    the fragment and tracking parameters dropped; raises BadURL if it is not http(s)."""
    absolute = urljoin(base, url.strip()) if base else url.strip()
    try:
        parts = urlsplit(absolute)
        port = parts.port
    except ValueError as exc:
        raise BadURL(f"not a URL: {url!r} ({exc})") from None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if scheme not in _DEFAULT_PORTS or not host:
        raise BadURL(f"not an http(s) URL with a host: {url!r}")
    if ":" in host:
        host = f"[{host}]"  # an IPv6 address
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    query = parse_qsl(parts.query, keep_blank_values=True)
    kept = urlencode([(k, v) for k, v in query if not _TRACKING.match(k)])
    return urlunsplit((scheme, netloc, parts.path or "/", kept, ""))


def host_of(url: str) -> str:
    """The host and port a URL is fetched from: the unit of politeness."""
    parts = urlsplit(url)
    return parts.netloc.lower()


def site_of(host: str) -> str:
    """A host without ``www.`` and port: links within one site are followed."""
    name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    return name[4:] if name.startswith("www.") else name
