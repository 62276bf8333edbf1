"""``newsledger serve``: a read-only browser over a ledger (Starlette, Jinja2, uvicorn).

Pages: ``/`` stories, ``/story/{id}``, ``/speaker/{id}``, ``/group/{id}``, ``/article/{id}``,
``/flags?flag=`` (every flag, for triage), ``/search?q=``. Each request opens its own
read-only connection, so an ingest may write the ledger (WAL) while it is browsed. Article
text is untrusted: templates escape everything, and a Content-Security-Policy forbids scripts
outright, so even a missed escape cannot run one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route
from starlette.templating import Jinja2Templates

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


def create_app(db: str | Path) -> Starlette:
    """The web UI over the ledger at ``db`` (checked now, opened read-only per request)."""
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
    return Starlette(routes=routes, exception_handlers=handlers)
