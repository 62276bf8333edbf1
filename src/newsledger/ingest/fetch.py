"""A polite HTTP fetcher (httpx2) for watching live sources.

Politeness is per host (host and port): robots.txt obeyed (its Crawl-delay too), at least
``delay`` seconds between the starts of two requests, at most ``per_host`` in flight. A
request has a total time limit, follows at most ``max_redirects`` redirects (each hop asks
robots.txt and waits its turn), reads at most ``max_body_bytes`` and only the content types
asked for; 429 and 5xx answers and network errors are retried with exponential backoff and
jitter, honouring Retry-After (which also holds back the host's other requests). Validators
(ETag, Last-Modified) make a request conditional.

The fetcher runs an asyncio loop in a thread of its own, so the caller stays synchronous:
``Fetcher.fetch_all`` yields each outcome as it completes, one slow host never holds back the
others, and every exchange (request and response as sent and received) comes with its outcome
for the archive.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email.utils
import random
import threading
import time
import urllib.robotparser
from collections import deque
from collections.abc import AsyncIterator, Coroutine, Generator, Iterable
from concurrent.futures import Future, as_completed
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import urljoin, urlsplit

import httpx2

from newsledger.ingest.urls import host_of
from newsledger.records import ErrorKind
from newsledger.version import __version__

HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = (
    *HTML_TYPES,
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
    "application/feed+json",
    "application/json",
    "text/plain",
)
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_ROBOTS_TTL = 3600.0  # seconds a host's robots.txt is kept
_ROBOTS_MAX_BYTES = 512 * 1024  # RFC 9309 asks crawlers to read at least 500 KiB
_GAPS_KEPT = 10_000
_DISALLOW_ALL = ["User-agent: *", "Disallow: /"]
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Politeness:
    """How the fetcher treats the sites it fetches from (see docs/watch.md)."""

    user_agent: str = f"newsledger/{__version__} (news claims ledger; watch)"
    delay: float = 2.0  # seconds between the starts of two requests to one host
    per_host: int = 1  # requests in flight per host
    timeout: float = 20.0  # seconds for one attempt, from connecting to the body's end
    retries: int = 2  # further attempts after a 429, a 5xx or a network error
    backoff: float = 2.0  # seconds before the first retry; doubles each time, with jitter
    max_retry_after: float = 600.0  # a longer Retry-After gives up instead of waiting
    max_redirects: int = 5
    max_body_bytes: int = 10 * 1024 * 1024
    robots: bool = True


@dataclass(frozen=True, slots=True)
class Request:
    """A URL to fetch, its validators from the last fetch, and the content types accepted
    (none: any)."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    types: tuple[str, ...] = HTML_TYPES


@dataclass(frozen=True, slots=True)
class Exchange:
    """One HTTP request and its response as sent and received, for the archive."""

    url: str
    request_headers: tuple[tuple[str, str], ...]
    status: int
    reason: str
    http_version: str
    response_headers: tuple[tuple[str, str], ...]
    body: bytes
    when: str  # ISO 8601, UTC


@dataclass(frozen=True, slots=True)
class Fetched:
    """A successful fetch: 200 with its body, or 304 (not modified, no body)."""

    request: Request
    url: str  # where the body came from, after redirects
    status: int
    body: bytes
    content_type: str
    charset: str | None
    etag: str | None
    last_modified: str | None
    exchanges: tuple[Exchange, ...]

    @property
    def modified(self) -> bool:
        return self.status != 304


@dataclass(frozen=True, slots=True)
class Failed:
    """A fetch that gave nothing usable, and why (an ``errors`` row)."""

    request: Request
    kind: ErrorKind
    reason: str
    exchanges: tuple[Exchange, ...] = ()


Outcome = Fetched | Failed


class _Stop(Exception):
    """Ends one fetch with a Failed outcome."""

    def __init__(self, kind: ErrorKind, reason: str) -> None:
        super().__init__(reason)
        self.kind = kind
        self.reason = reason


@dataclass(slots=True)
class HostStats:
    """Request starts to one host: how close the fetcher kept to its delay."""

    requests: int = 0
    last_start: float | None = None
    gaps: deque[float] = field(default_factory=lambda: deque(maxlen=_GAPS_KEPT))


@dataclass(slots=True)
class _Host:
    slots: asyncio.Semaphore
    turn: asyncio.Lock
    delay: float
    next_start: float = 0.0
    robots: urllib.robotparser.RobotFileParser | None = None
    robots_until: float = 0.0
    robots_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    stats: HostStats = field(default_factory=HostStats)


class Fetcher:
    """Fetches URLs politely; use as a context manager (it owns a thread and a client)."""

    def __init__(
        self, politeness: Politeness, transport: httpx2.AsyncBaseTransport | None = None
    ) -> None:
        self.politeness = politeness
        self._transport = transport
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._hosts: dict[str, _Host] = {}
        self._client: httpx2.AsyncClient | None = None

    def __enter__(self) -> Fetcher:
        self._thread.start()
        self._client = self._run(self._open()).result()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._client is not None:
            self._run(self._client.aclose()).result()
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join()
        self._loop.close()

    async def _open(self) -> httpx2.AsyncClient:
        timeout = self.politeness.timeout
        return httpx2.AsyncClient(
            headers={"User-Agent": self.politeness.user_agent},
            timeout=httpx2.Timeout(timeout),
            follow_redirects=False,
            trust_env=False,
            transport=self._transport,
        )

    def _run(self, coroutine: Coroutine[Any, Any, T]) -> Future[T]:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop)

    def stats(self) -> dict[str, HostStats]:
        """Request starts per host so far."""
        return {name: host.stats for name, host in self._hosts.items()}

    def fetch(self, request: Request) -> Outcome:
        """Fetch one URL and wait for it."""
        return next(self.fetch_all([request]))

    def fetch_all(self, requests: Iterable[Request]) -> Generator[Outcome, None, None]:
        """Fetch every request, yielding outcomes as they complete (closing the iterator
        cancels the ones not done)."""
        futures = [self._run(self._fetch(r)) for r in requests]
        try:
            for future in as_completed(futures):
                yield future.result()
        finally:
            for future in futures:
                future.cancel()

    # --- in the fetcher's loop ---------------------------------------------------------
    def _host(self, name: str) -> _Host:
        host = self._hosts.get(name)
        if host is None:
            host = _Host(
                asyncio.Semaphore(self.politeness.per_host),
                asyncio.Lock(),
                self.politeness.delay,
            )
            self._hosts[name] = host
        return host

    @asynccontextmanager
    async def _turn(self, name: str) -> AsyncIterator[None]:
        """Hold one of the host's slots, starting no sooner than ``delay`` after the start
        before (the host's requests start one at a time, in turn)."""
        host = self._host(name)
        async with host.slots:
            async with host.turn:
                while (wait := host.next_start - time.monotonic()) > 0:
                    await asyncio.sleep(wait)  # again if the loop woke it a little early
                began = time.monotonic()
                host.next_start = began + host.delay
            stats = host.stats
            if stats.last_start is not None:
                stats.gaps.append(began - stats.last_start)
            stats.last_start = began
            stats.requests += 1
            yield

    async def _fetch(self, request: Request) -> Outcome:
        exchanges: list[Exchange] = []
        try:
            return await self._follow(request, exchanges)
        except _Stop as stop:
            return Failed(request, stop.kind, stop.reason, tuple(exchanges))

    async def _follow(self, request: Request, exchanges: list[Exchange]) -> Fetched:
        """Fetch ``request.url``, following redirects up to the limit."""
        url, seen = request.url, [request.url]
        for _ in range(self.politeness.max_redirects + 1):
            await self._check_robots(url)
            response = await self._attempts(request, url, exchanges)
            if response.status not in _REDIRECTS:
                return _fetched(request, url, response, tuple(exchanges))
            location = _header(response.response_headers, "location")
            if not location:
                raise _Stop(ErrorKind.FETCH, f"HTTP {response.status} without a Location")
            url = urljoin(url, location)
            seen.append(url)
        path = " -> ".join(seen)
        raise _Stop(ErrorKind.FETCH, f"more than {self.politeness.max_redirects} redirects: {path}")

    async def _attempts(self, request: Request, url: str, exchanges: list[Exchange]) -> Exchange:
        """One URL with its retries; the last answer, or _Stop."""
        policy = self.politeness
        for attempt in range(policy.retries + 1):
            last = attempt == policy.retries
            try:
                exchange = await self._once(request, url)
            except _Stop as stop:
                if last or stop.kind is not ErrorKind.FETCH:
                    raise
                await self._pause(host_of(url), self._backoff(attempt))
                continue
            exchanges.append(exchange)
            if exchange.status not in _RETRY_STATUSES:
                return exchange
            wait = self._retry_wait(exchange, attempt)
            if last:
                raise _Stop(
                    ErrorKind.FETCH,
                    f"HTTP {exchange.status} {exchange.reason} after {attempt + 1} attempts",
                )
            await self._pause(host_of(url), wait)
        raise AssertionError("unreachable")  # pragma: no cover

    def _backoff(self, attempt: int) -> float:
        return float(self.politeness.backoff * 2**attempt * random.uniform(0.5, 1.5))

    def _retry_wait(self, exchange: Exchange, attempt: int) -> float:
        """Seconds before the next attempt: Retry-After when the site gives one."""
        after = retry_after(_header(exchange.response_headers, "retry-after"))
        if after is None:
            return self._backoff(attempt)
        if after > self.politeness.max_retry_after:
            raise _Stop(
                ErrorKind.FETCH,
                f"HTTP {exchange.status}: the site asks to retry after {after:.0f} s, "
                f"over the limit of {self.politeness.max_retry_after:.0f} s",
            )
        return after + random.uniform(0, 0.1)

    async def _pause(self, name: str, seconds: float) -> None:
        """Hold back the whole host (not only this request) for ``seconds``."""
        host = self._host(name)
        async with host.turn:
            host.next_start = max(host.next_start, time.monotonic() + seconds)

    async def _once(self, request: Request, url: str) -> Exchange:
        """One attempt within the total time limit; _Stop(FETCH) on a network failure."""
        policy = self.politeness
        async with self._turn(host_of(url)):
            try:
                return await asyncio.wait_for(self._send(request, url), policy.timeout)
            except asyncio.TimeoutError:
                raise _Stop(ErrorKind.FETCH, f"timed out after {policy.timeout:g} s") from None
            except httpx2.TimeoutException:
                raise _Stop(ErrorKind.FETCH, f"timed out after {policy.timeout:g} s") from None
            except httpx2.HTTPError as exc:
                raise _Stop(ErrorKind.FETCH, f"{type(exc).__name__}: {exc}") from None

    async def _send(self, request: Request, url: str) -> Exchange:
        assert self._client is not None
        headers = {"Accept": ", ".join(request.types) + ", */*;q=0.1"}
        if url == request.url and request.etag:
            headers["If-None-Match"] = request.etag
        if url == request.url and request.last_modified:
            headers["If-Modified-Since"] = request.last_modified
        when = _now()
        async with self._client.stream("GET", url, headers=headers) as response:
            if response.status_code == 200:
                _check_type(response, request.types)
            body = await self._body(response)
        return Exchange(
            url=url,
            request_headers=tuple(response.request.headers.items()),
            status=response.status_code,
            reason=response.reason_phrase,
            http_version=response.http_version,
            response_headers=tuple(response.headers.multi_items()),
            body=body,
            when=when,
        )

    async def _body(self, response: httpx2.Response) -> bytes:
        limit = self.politeness.max_body_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise _Stop(ErrorKind.TOO_LARGE, f"body of {int(declared):,} bytes is over {limit:,}")
        chunks, size = [], 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > limit:
                raise _Stop(ErrorKind.TOO_LARGE, f"body is over the limit of {limit:,} bytes")
            chunks.append(chunk)
        return b"".join(chunks)

    async def _check_robots(self, url: str) -> None:
        if not self.politeness.robots:
            return
        name = host_of(url)
        host = self._host(name)
        async with host.robots_lock:
            if host.robots is None or time.monotonic() > host.robots_until:
                host.robots = await self._robots(url)
                host.robots_until = time.monotonic() + _ROBOTS_TTL
                delay = host.robots.crawl_delay(self.politeness.user_agent)
                host.delay = max(self.politeness.delay, float(delay or 0))
        if not host.robots.can_fetch(self.politeness.user_agent, url):
            raise _Stop(ErrorKind.DISALLOWED, f"robots.txt of {name} disallows this URL")

    async def _robots(self, url: str) -> urllib.robotparser.RobotFileParser:
        """The host's robots.txt (RFC 9309: a 4xx allows everything; an unreachable or
        5xx robots.txt disallows everything until it is asked again)."""
        parts = urlsplit(url)
        robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
        parser = urllib.robotparser.RobotFileParser(robots_url)
        request = Request(robots_url, types=())  # any type: some sites serve it as HTML
        try:
            exchanges: list[Exchange] = []
            answer = await self._attempts(request, robots_url, exchanges)
        except _Stop:
            parser.parse(_DISALLOW_ALL)
            return parser
        if answer.status == 200:
            parser.parse(answer.body[:_ROBOTS_MAX_BYTES].decode("utf-8", "replace").splitlines())
        else:
            parser.parse(_DISALLOW_ALL if answer.status >= 500 else [])
        return parser


def _fetched(
    request: Request, url: str, answer: Exchange, exchanges: tuple[Exchange, ...]
) -> Fetched:
    if answer.status not in (200, 304):
        raise _Stop(ErrorKind.FETCH, f"HTTP {answer.status} {answer.reason}")
    content_type = _header(answer.response_headers, "content-type") or ""
    return Fetched(
        request=request,
        url=url,
        status=answer.status,
        body=answer.body,
        content_type=content_type.split(";")[0].strip().lower(),
        charset=_charset(content_type),
        etag=_header(answer.response_headers, "etag") or request.etag,
        last_modified=_header(answer.response_headers, "last-modified") or request.last_modified,
        exchanges=exchanges,
    )


def _check_type(response: httpx2.Response, types: tuple[str, ...]) -> None:
    declared = response.headers.get("content-type", "")
    kind = declared.split(";")[0].strip().lower()
    if types and kind and kind not in types:
        raise _Stop(
            ErrorKind.UNSUPPORTED,
            f"content type {kind} is not one asked for ({', '.join(types)})",
        )


def _header(headers: tuple[tuple[str, str], ...], name: str) -> str | None:
    return next((value for key, value in headers if key.lower() == name), None)


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def retry_after(value: str | None) -> float | None:
    """Seconds a Retry-After header asks for (delta-seconds or an HTTP date), or None."""
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return max(0.0, (when - dt.datetime.now(dt.timezone.utc)).total_seconds())


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
