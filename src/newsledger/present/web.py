"""``newsledger serve``: a read-only browser over a ledger (Starlette, Jinja2, uvicorn).

Pages: ``/`` stories, ``/story/{id}``, ``/speaker/{id}``, ``/group/{id}``, ``/article/{id}``,
``/flags?flag=`` (every flag, for triage), ``/search?q=``. Each request opens its own
read-only connection, so an ingest may write the ledger (WAL) while it is browsed. Article
text is untrusted: templates escape everything, and a Content-Security-Policy forbids scripts
outright, so even a missed escape cannot run one. Only requests for a host the server was
bound for (or one the user named) are answered, so a page elsewhere cannot read the ledger
by pointing its own name at 127.0.0.1 (DNS rebinding).
"""

from __future__ import annotations

import ipaddress
import socket
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp, Receive, Scope, Send

from newsledger.errors import LedgerError
from newsledger.ledger.db import Ledger, latest_version
from newsledger.present import pages
from newsledger.present.html_report import chart_svg, converted_text, figure_text, timeline_svg
from newsledger.vocabulary import FlagKind

HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
        "base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
_MAX_PARAM_CHARS = 300
LOOPBACK = ("127.0.0.1", "localhost", "::1")
_WILDCARDS = ("", "0.0.0.0", "::")


@dataclass(frozen=True, slots=True)
class Hosts:
    """The ``Host`` names a server answers to: ``names``, and any IP address when bound to
    every interface (an address cannot be rebound; a name can)."""

    names: frozenset[str]
    any_address: bool = False

    @classmethod
    def bound(cls, host: str, named: Iterable[str] = ()) -> Hosts:
        """The hosts for a server listening on ``host``, with those the user ``named``."""
        names = {_bare(host), *(_bare(n) for n in named)}
        wildcard = host in _WILDCARDS
        if wildcard or names & set(LOOPBACK):
            names.update(LOOPBACK)
        if wildcard:
            names.update({_bare(socket.gethostname()), _bare(socket.getfqdn())})
        return cls(frozenset(names), any_address=wildcard)

    def allow(self, header: str) -> bool:
        name = _bare(header, port=True)
        if "*" in self.names or name in self.names:
            return True
        if not self.any_address:
            return False
        try:
            ipaddress.ip_address(name)
        except ValueError:
            return False
        return True


def _bare(host: str, port: bool = False) -> str:
    """A host name in lower case without brackets, trailing dot or (``port``) port."""
    host = host.strip().lower()
    if host.startswith("["):
        host = host[1:].partition("]")[0]
    elif port and host.count(":") == 1:
        host = host.partition(":")[0]
    return host.rstrip(".")


class HostCheck:
    """ASGI middleware: a request whose ``Host`` is not allowed gets 400 and nothing else."""

    def __init__(self, app: ASGIApp, hosts: Hosts) -> None:
        self.app = app
        self.hosts = hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            header = dict(scope.get("headers") or []).get(b"host", b"").decode("latin-1")
            if not self.hosts.allow(header):
                response = PlainTextResponse(
                    "this server does not answer to that Host (serve --allow-host names more)",
                    status_code=400,
                    headers=HEADERS,
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("newsledger.present", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["marks"] = _marks
    env.filters["http_url"] = http_url
    env.filters["figure"] = figure_text
    env.filters["converted"] = converted_text
    # the charts escape every piece of text they draw
    env.globals["chart"] = lambda members: Markup(chart_svg(members))
    env.globals["timeline"] = lambda members: Markup(timeline_svg(members))
    return env


def _marks(snippet: str) -> Markup:
    """A search snippet escaped, then its match markers turned into ``<mark>``."""
    escaped = str(escape(snippet))
    return Markup(escaped.replace(pages.MARK_OPEN, "<mark>").replace(pages.MARK_CLOSE, "</mark>"))


def http_url(url: str | None) -> str | None:
    """``url`` if it is an http(s) address, else None: no ``javascript:`` or ``data:`` links."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def _int_param(request: Request, name: str, default: int, ceiling: int) -> int:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw[:7]) <= ceiling:
        raise HTTPException(400, f"{name} must be a whole number from 1 to {ceiling:,}")
    return int(raw)


def _text_param(request: Request, name: str) -> str | None:
    raw = request.query_params.get(name)
    if raw is not None and len(raw) > _MAX_PARAM_CHARS:
        raise HTTPException(400, f"{name} is longer than {_MAX_PARAM_CHARS} characters")
    return raw or None


def _flag_kind(request: Request) -> str | None:
    kind = _text_param(request, "flag")
    if kind is not None and kind not in {k.value for k in FlagKind}:
        raise HTTPException(400, f"unknown flag kind {kind!r}")
    return kind


def create_app(db: str | Path, hosts: Hosts | None = None) -> Starlette:
    """The web UI over the ledger at ``db`` (checked now, opened read-only per request),
    answering requests for ``hosts`` only (by default the loopback names)."""
    with Ledger.open(db, readonly=True) as ledger:
        if ledger.schema_version() != latest_version():
            raise LedgerError(
                f"{str(db)!r} has schema version {ledger.schema_version()}, older than this "
                f"newsledger's {latest_version()}: run `newsledger link --db {db}` once to "
                "upgrade it (serve only reads)"
            )
    templates = Jinja2Templates(env=_environment())
    stylesheet = resources.files("newsledger.present").joinpath("templates/style.css")
    css = stylesheet.read_text(encoding="utf-8")

    @contextmanager
    def reading() -> Iterator[sqlite3.Connection]:
        with Ledger.open(db, readonly=True) as ledger:
            yield ledger.conn

    def render(request: Request, name: str, status: int = 200, **context: Any) -> Response:
        return templates.TemplateResponse(
            request, name, {"db": Path(db).name, **context}, status_code=status, headers=HEADERS
        )

    def page_of(request: Request, name: str = "page") -> int:
        return _int_param(request, name, 1, pages.MAX_PAGE)

    def index(request: Request) -> Response:
        number = page_of(request)
        with reading() as conn:
            return render(
                request,
                "index.html",
                stories=pages.stories(conn, number),
                totals=pages.totals(conn),
            )

    def story(request: Request) -> Response:
        lists = pages.StoryPages(
            page_of(request),
            page_of(request, "gpage"),
            page_of(request, "fpage"),
            page_of(request, "spage"),
        )
        flag = _flag_kind(request)
        outlet = _text_param(request, "outlet")
        story_id = request.path_params["story_id"]
        with reading() as conn:
            try:
                data = pages.story(conn, story_id, lists, flag, outlet)
            except pages.NotFound:
                target = pages.merged_into(conn, story_id)
                if target is None:
                    raise
                location = "/story/" + quote(target, safe="")
                return RedirectResponse(location, status_code=301, headers=HEADERS)
        filters = urlencode({k: v for k, v in (("flag", flag), ("outlet", outlet)) if v})
        return render(request, "story.html", story=data, flag=flag, outlet=outlet, filters=filters)

    def flag_list(request: Request) -> Response:
        number = page_of(request)
        kind = _flag_kind(request)
        with reading() as conn:
            return render(
                request,
                "flags.html",
                flags=pages.flags(conn, kind, number),
                kinds=pages.all_flag_kinds(conn),
                kind=kind,
            )

    def speaker(request: Request) -> Response:
        number = page_of(request)
        with reading() as conn:
            data = pages.speaker(conn, request.path_params["speaker_id"], number)
        return render(request, "speaker.html", speaker=data)

    def group(request: Request) -> Response:
        with reading() as conn:
            data = pages.group(conn, request.path_params["group_id"])
        return render(request, "group.html", group=data)

    def article(request: Request) -> Response:
        with reading() as conn:
            data = pages.article(conn, request.path_params["article_id"])
        return render(request, "article.html", article=data)

    def search(request: Request) -> Response:
        number = page_of(request)
        text = _text_param(request, "q") or ""
        with reading() as conn:
            results, ranked = pages.search(conn, text, number)
        return render(request, "search.html", q=text, results=results, ranked=ranked)

    def style(_request: Request) -> Response:
        return Response(css, media_type="text/css", headers=HEADERS)

    def failure(status: int) -> Callable[[Request, Exception], Response]:
        def handle(request: Request, exc: Exception) -> Response:
            code = exc.status_code if isinstance(exc, HTTPException) else status
            detail = exc.detail if isinstance(exc, HTTPException) else None
            if isinstance(exc, (pages.NotFound, LedgerError)):
                detail = str(exc)
            return render(request, "error.html", status=code, code=code, detail=detail)

        return handle

    routes = [
        Route("/", index),
        Route("/story/{story_id:path}", story),
        Route("/speaker/{speaker_id:path}", speaker),
        Route("/group/{group_id:path}", group),
        Route("/article/{article_id:path}", article),
        Route("/flags", flag_list),
        Route("/search", search),
        Route("/style.css", style),
    ]
    handlers: dict[Any, Callable[[Request, Exception], Response]] = {
        HTTPException: failure(500),
        pages.NotFound: failure(404),
        LedgerError: failure(503),
        Exception: failure(500),
    }
    middleware = [Middleware(HostCheck, hosts=hosts or Hosts.bound("127.0.0.1"))]
    return Starlette(routes=routes, exception_handlers=handlers, middleware=middleware)
