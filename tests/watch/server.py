"""A local HTTP server for the watch tests: 127.0.0.1 only, routes set by each test, faults
on demand, every request logged. Handlers that wait stop by themselves (bounded sleeps)."""

from __future__ import annotations

import hashlib
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

Route = Callable[["Handler"], None]
MAX_WAIT = 5.0  # no handler waits longer than this


class Handler(BaseHTTPRequestHandler):
    server: LocalServer

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Quiet: the server keeps its own log."""

    def do_GET(self) -> None:
        self.server.record(self)
        route = self.server.routes.get(urlsplit(self.path).path)
        if route is None:
            self.answer(404, b"not here", "text/plain")
        else:
            try:
                route(self)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (too large, timed out): expected

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.server.posts.append((self.path, self.rfile.read(length)))
        self.server.record(self)
        self.answer(204, b"", "text/plain")

    def answer(
        self, status: int, body: bytes, kind: str, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        if kind:
            self.send_header("Content-Type", kind)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class LocalServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.log: list[tuple[str, dict[str, str]]] = []
        self.posts: list[tuple[str, bytes]] = []
        self.stopping = threading.Event()
        self._lock = threading.Lock()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def record(self, handler: Handler) -> None:
        with self._lock:
            self.hits[urlsplit(handler.path).path] += 1
            self.log.append((handler.path, dict(handler.headers.items())))

    def wait(self, seconds: float) -> None:
        """Sleep, but never past MAX_WAIT nor past the server's stop."""
        self.stopping.wait(min(seconds, MAX_WAIT))


@contextmanager
def serving() -> Iterator[LocalServer]:
    server = LocalServer()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield server
    finally:
        server.stopping.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=MAX_WAIT)


# --- routes -------------------------------------------------------------------------------
def page(body: bytes | Callable[[], bytes], kind: str = "text/html; charset=utf-8") -> Route:
    """A resource with an ETag, answering 304 to a matching If-None-Match."""

    def route(h: Handler) -> None:
        data = body() if callable(body) else body
        etag = '"' + hashlib.sha1(data).hexdigest()[:16] + '"'
        if h.headers.get("If-None-Match") == etag:
            h.answer(304, b"", "", {"ETag": etag})
        else:
            h.answer(200, data, kind, {"ETag": etag})

    return route


def status(code: int, headers: dict[str, str] | None = None) -> Route:
    return lambda h: h.answer(code, f"status {code}".encode(), "text/html", headers)


def then(first: Route, rest: Route) -> Route:
    """``first`` for the first request, ``rest`` after."""
    calls = Counter[str]()

    def route(h: Handler) -> None:
        calls["n"] += 1
        (first if calls["n"] == 1 else rest)(h)

    return route


def slow(seconds: float, inner: Route) -> Route:
    def route(h: Handler) -> None:
        h.server.wait(seconds)
        inner(h)

    return route


def redirect(to: str) -> Route:
    return lambda h: h.answer(302, b"", "text/html", {"Location": to})


def huge(size: int) -> Route:
    """A body of ``size`` bytes, streamed without Content-Length (read to the end or cut)."""

    def route(h: Handler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.end_headers()
        chunk = b"<p>" + b"x" * 65_533
        sent = 0
        deadline = time.monotonic() + MAX_WAIT
        while sent < size and time.monotonic() < deadline and not h.server.stopping.is_set():
            h.wfile.write(chunk)
            sent += len(chunk)

    return route
