"""newsledger watch end to end against local hosts: faults give error rows while the other
hosts go on, repeated items are fetched once, an edit becomes a version with a silent_edit
flag and an alert, a poll with nothing new sends conditional GETs only, and the WARC archive
re-ingests to the same articles."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from newsledger.api import ingest
from newsledger.config import Settings
from newsledger.ingest.sources import Source
from newsledger.watch import PollSummary, Watcher, WatchOptions
from tests.watch import corpus
from tests.watch.conftest import FAST
from tests.watch.server import LocalServer, huge, page, redirect, serving, slow, status, then

EDIT_BEFORE = ("31 people had been treated", "posed no lasting danger")
EDIT_AFTER = ("34 people had been treated", "posed no immediate danger")


@dataclass
class World:
    news: LocalServer  # a feed, with every fault
    wire: LocalServer  # a news sitemap
    ledger_site: LocalServer  # a home page announcing a JSON Feed; its article is edited
    stalled: LocalServer  # a host that never answers in time
    db: Path
    archive: Path
    alerts: Path
    polls: list[PollSummary] = field(default_factory=list)
    feed_requests: int = 0

    def conn(self) -> sqlite3.Connection:
        return sqlite3.connect(self.db)


def _reports() -> dict[str, corpus.Report]:
    return {r.slug: r for r in corpus.reports()}


def _edited(report: corpus.Report, edited: dict[str, bool]) -> bytes:
    text = corpus.article_html(report)
    if edited["now"]:
        for old, new in zip(EDIT_BEFORE, EDIT_AFTER, strict=True):
            text = text.replace(old.encode(), new.encode())
    return text


def _news_feed(world: World, links: list[str]) -> bytes:
    """The feed lists its items under tracking parameters that change at every request."""
    world.feed_requests += 1
    n = world.feed_requests
    return corpus.rss("Harbour Courier", [f"{u}?utm_source=rss{n}&fbclid=x{n}" for u in links])


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    reports = _reports()
    edited = {"now": False}
    folder = tmp_path_factory.mktemp("watch")
    with ExitStack() as stack:
        news, wire, home, stalled = (stack.enter_context(serving()) for _ in range(4))
        w = World(
            news,
            wire,
            home,
            stalled,
            folder / "ledger.db",
            folder / "warc",
            folder / "alerts.jsonl",
        )
        news.routes["/robots.txt"] = page(b"User-agent: *\nDisallow: /private/\n", "text/plain")
        faults = {
            "/private/memo": page(b"<html><body><p>secret</p></body></html>"),
            "/broken": status(500),
            "/busy": status(429, {"Retry-After": "3600"}),
            "/loop": redirect("/loop2"),
            "/loop2": redirect("/loop"),
            "/huge": huge(50 * 1024 * 1024),
            "/logo": page(b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "image/png"),
        }
        news.routes.update(faults)
        news.routes["/a/courier"] = page(corpus.article_html(reports["harbour-courier-depot-fire"]))
        news.routes["/busy-once"] = then(
            status(429, {"Retry-After": "0"}), page(corpus.article_html(reports["fjord-post-0311"]))
        )
        stalled.routes["/late"] = slow(3.0, page(b"<html><body><p>too late</p></body></html>"))
        links = [news.url(p) for p in ("/a/courier", "/busy-once", *faults)] + [
            stalled.url("/late")
        ]
        news.routes["/feed.xml"] = page(lambda: _news_feed(w, links), "application/rss+xml")
        # the wire: a sitemap; one page also reachable under a second URL naming it canonical
        coastal = wire.url("/b/coastal")
        wire.routes["/sitemap.xml"] = page(
            corpus.sitemap([coastal, wire.url("/amp/coastal"), wire.url("/b/baltic")]),
            "application/xml",
        )
        coastal_page = corpus.article_html(reports["coastal-times-0311"], canonical=coastal)
        wire.routes["/b/coastal"] = page(coastal_page)
        wire.routes["/amp/coastal"] = page(coastal_page)
        wire.routes["/b/baltic"] = page(corpus.baltic_wire())
        # the ledger site: a home page whose JSON Feed lists the article that will be edited
        nordic = reports["nordic-ledger-evacuation"]
        home.routes["/"] = page(corpus.home_page("/feed.json"))
        home.routes["/feed.json"] = page(
            json.dumps(
                {
                    "version": "https://jsonfeed.org/version/1.1",
                    "title": "Nordic Ledger",
                    "items": [{"id": "1", "url": home.url("/c/nordic#top")}],
                }
            ).encode(),
            "application/feed+json",
        )
        home.routes["/c/nordic"] = page(lambda: _edited(nordic, edited))
        notify = stack.enter_context(serving())
        options = WatchOptions(
            sources=(
                Source(news.url("/feed.xml"), "Harbour Courier"),
                Source(wire.url("/sitemap.xml"), "Coastal Times"),
                Source(home.url("/"), "Nordic Ledger"),
            ),
            refetch_every=0,
            archive=w.archive,
            alerts=w.alerts,
            notify=notify.url("/hook"),
            politeness=FAST,
        )
        with Watcher(w.db, options, Settings(workers=1)) as watcher:
            w.polls.append(watcher.poll())
            edited["now"] = True
            w.polls.append(watcher.poll())
            w.polls.append(watcher.poll())
        w.notified = notify.posts  # type: ignore[attr-defined]
        yield w


def _errors(world: World) -> dict[str, tuple[str, str]]:
    with world.conn() as conn:
        rows = conn.execute("SELECT source, kind, message FROM errors WHERE position = 'poll 1'")
        return {source.rsplit("/", 1)[-1]: (kind, message) for source, kind, message in rows}


def test_each_fault_gives_its_error_row(world: World) -> None:
    errors = _errors(world)
    assert errors["memo"][0] == "disallowed" and "robots.txt" in errors["memo"][1]
    assert errors["broken"] == ("fetch", "HTTP 500 Internal Server Error after 2 attempts")
    assert errors["busy"][0] == "fetch" and "retry after 3600 s" in errors["busy"][1]
    assert errors["loop"][0] == "fetch" and "redirects" in errors["loop"][1]
    assert errors["huge"][0] == "too_large"
    assert errors["logo"][0] == "unsupported" and "image/png" in errors["logo"][1]
    assert errors["late"][0] == "fetch" and "timed out" in errors["late"][1]


def test_the_other_hosts_go_on(world: World) -> None:
    with world.conn() as conn:
        ids = {r[0] for r in conn.execute("SELECT id FROM articles")}
    assert world.news.url("/a/courier") in ids
    assert world.news.url("/busy-once") in ids  # 429 with Retry-After 0, then the page
    assert {world.wire.url("/b/coastal"), world.wire.url("/b/baltic")} <= ids
    assert world.ledger_site.url("/c/nordic") in ids  # found through the home page's feed
    assert "busy-once" not in _errors(world)


def test_no_url_stored_twice(world: World) -> None:
    with world.conn() as conn:
        rows = conn.execute("SELECT id, COUNT(DISTINCT text) FROM articles GROUP BY id").fetchall()
        urls = [r[0] for r in conn.execute("SELECT url FROM articles WHERE version = 1")]
    assert len(urls) == len(set(urls)) == 5
    assert all("utm_" not in u and "#" not in u for u in urls)
    assert world.feed_requests == 3
    assert world.news.hits["/a/courier"] <= 3  # once, then conditional GETs for edits
    assert world.wire.hits["/amp/coastal"] == 1  # its canonical /b/coastal is checked instead
    assert dict(rows)[world.ledger_site.url("/c/nordic")] == 2


def test_an_edit_becomes_a_version_with_a_silent_edit_flag(world: World) -> None:
    url = world.ledger_site.url("/c/nordic")
    with world.conn() as conn:
        versions = conn.execute("SELECT version FROM articles WHERE id = ?", (url,)).fetchall()
        flags = conn.execute(
            "SELECT f.reason, f.evidence FROM flags f JOIN claims c ON c.id = f.claim_id "
            "JOIN articles a ON a.key = c.article_key WHERE f.kind = 'silent_edit' AND a.id = ?",
            (url,),
        ).fetchall()
    assert sorted(v for (v,) in versions) == [1, 2]
    reasons = " | ".join(r for r, _ in flags)
    assert "31 -> 34" in reasons
    assert "no immediate danger" in reasons
    assert all(len(json.loads(e)) == 2 for _, e in flags)


def test_alerts_are_printed_written_and_posted_once(world: World) -> None:
    first, second, third = world.polls
    assert any(a.kind == "numeric_conflict" for a in first.alerts)
    assert {a.kind for a in second.alerts} >= {"silent_edit"}
    assert third.alerts == []
    lines = [json.loads(x) for x in world.alerts.read_text().splitlines()]
    assert len(lines) == len(first.alerts) + len(second.alerts)
    assert {"poll", "kind", "reason", "url", "outlet", "evidence"} <= lines[0].keys()
    posted = [json.loads(body)["alerts"] for _, body in world.notified]  # type: ignore[attr-defined]
    assert [len(p) for p in posted] == [len(first.alerts), len(second.alerts)]


def test_a_poll_with_nothing_new_is_conditional_gets_only(world: World) -> None:
    third = world.polls[2]
    assert third.counts.read == 0 and third.counts.stored == 0
    assert third.fetched == 1  # the news feed: its tracking parameters change every time
    assert third.not_modified >= 6
    last = [h for p, h in world.ledger_site.log if p == "/c/nordic"][-1]
    assert "If-None-Match" in last


def test_the_archive_reingests_to_the_same_articles(world: World, tmp_path: Path) -> None:
    fresh = tmp_path / "again.db"
    ingest([world.archive], fresh, Settings(workers=1), run_link=False)
    sources = json.dumps([world.ledger_site.url("/")])  # a home page reads as a page too
    with sqlite3.connect(fresh) as conn:
        again = set(
            conn.execute(
                "SELECT raw_text FROM articles WHERE url NOT IN (SELECT value FROM json_each(?))",
                (sources,),
            )
        )
    with world.conn() as conn:
        watched = set(conn.execute("SELECT raw_text FROM articles"))
        pointers = conn.execute(
            "SELECT COUNT(*), COUNT(warc_record_id) FROM captures c JOIN articles a ON a.key = c.article_key"
        ).fetchone()
    assert again == watched
    assert pointers[0] == pointers[1] == len(watched)
