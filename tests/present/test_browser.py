"""The web UI and the HTML report in a real browser: Playwright driving Debian's Chromium.

.ci/run installs Chromium (apt-get install chromium); elsewhere these tests skip with the
reason. Screenshots go to the test's temporary folder, or to docs/img when
NEWSLEDGER_SCREENSHOTS=docs (how the README's pictures are made).
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
import uvicorn

from newsledger.ledger.db import Ledger
from newsledger.present.report import ReportFormat, write_report
from newsledger.present.web import create_app
from tests.present.hostile import HOSTILE_ID

playwright_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = os.environ.get("NEWSLEDGER_CHROMIUM") or shutil.which("chromium") or ""
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DOCS_IMAGES = Path(__file__).resolve().parents[2] / "docs" / "img"
pytestmark = pytest.mark.skipif(
    not CHROMIUM,
    reason="Chromium not found: `apt-get install chromium` (as .ci/run does) "
    "or set NEWSLEDGER_CHROMIUM to a Chromium binary",
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve(db: Path) -> Iterator[str]:
    """Run the UI for ``db`` with uvicorn in a thread; yield its base URL."""
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def site(example_db: Path) -> Iterator[str]:
    yield from _serve(example_db)


@pytest.fixture(scope="module")
def hostile_site(hostile_db: Path) -> Iterator[str]:
    yield from _serve(hostile_db)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with playwright_api.sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1100, "height": 900})  # type: ignore[attr-defined]
    tab = context.new_page()
    dialogs: list[str] = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    tab.dialogs = dialogs
    yield tab
    context.close()


def _shot(tab: object, name: str, tmp_path: Path) -> Path:
    folder = DOCS_IMAGES if os.environ.get("NEWSLEDGER_SCREENSHOTS") == "docs" else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    tab.screenshot(path=str(target), full_page=False)  # type: ignore[attr-defined]
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    return target


def test_click_from_story_to_group_to_source_article(site: str, page, tmp_path: Path) -> None:
    page.goto(site + "/")
    assert page.title() == "Stories · newsledger"
    page.locator("table a").first.click()
    page.wait_for_url("**/story/**")
    assert page.locator("h2", has_text="Sources").count() == 1
    assert page.locator("table").first.locator("tbody tr").count() == 5
    _shot(page, "story.png", tmp_path)
    page.locator("a[href^='/group/']").first.click()
    page.wait_for_url("**/group/**")
    assert page.locator("svg rect").count() >= 2
    page.locator("details summary").first.click()
    page.locator("details[open] a", has_text="source").first.click()
    page.wait_for_url("**/article/**")
    assert page.locator("article mark.quantity").count() >= 1
    _shot(page, "article.png", tmp_path)


def test_speaker_page_from_the_story(site: str, page) -> None:
    page.goto(site + "/")
    page.locator("table a").first.click()
    page.locator("a[href^='/speaker/']", has_text="Mikaela").first.click()
    page.wait_for_url("**/speaker/**")
    names = page.locator("table").first.inner_text()
    assert "Mikaela Sørensen" in names and "Mikaela Sorensen" in names


def test_search_form(site: str, page) -> None:
    page.goto(site + "/")
    page.fill("input[name=q]", "evacuated residents")
    page.press("input[name=q]", "Enter")
    page.wait_for_url("**/search?q=**")
    assert page.locator("ol.results li").count() >= 1
    assert page.locator("ol.results mark").count() >= 2


def test_story_filter_by_flag_kind(site: str, page) -> None:
    page.goto(site + "/")
    page.locator("table a").first.click()
    page.select_option("select[name=flag]", "numeric_conflict")
    page.click("form.filters button")
    page.wait_for_url("**flag=numeric_conflict**")
    items = page.locator("ul.flags li")
    assert items.count() >= 1
    assert all("numeric_conflict" in t for t in items.all_inner_texts())


def test_unknown_page_is_a_404_page(site: str, page) -> None:
    response = page.goto(site + "/story/st-none")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Not found"


def test_no_script_runs_from_hostile_content(hostile_site: str, page) -> None:
    for path in ("/", f"/article/{quote(HOSTILE_ID)}", "/search?q=script+alert"):
        page.goto(hostile_site + path)
        assert page.locator("script").count() == 0
        assert page.locator("img").count() == 0
        assert page.evaluate("typeof window.alert") == "function"  # the page did load
    page.goto(hostile_site + f"/article/{quote(HOSTILE_ID)}")
    assert page.locator("h1").inner_text().startswith("<script>alert(1)</script>")
    # cleaning blanked the markup in the text; the page lists it, as text, under what it removed
    assert "<script>" in page.locator("li code").first.inner_text()
    assert page.locator("a[href^='javascript']").count() == 0
    assert page.dialogs == []


def test_html_report_in_the_browser(example_db: Path, page, tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    write_report(example_db, report, ReportFormat.HTML)
    page.goto(report.as_uri())
    # a story is titled by its headline, a group by its measure, a conflict by what it is with
    with Ledger.open(example_db, readonly=True) as ledger:
        title = ledger.conn.execute("SELECT title FROM stories").fetchone()[0]
    assert page.locator("h2").first.inner_text() == title
    assert "people treated in hospital" in page.locator("h4").all_inner_texts()
    assert page.locator("svg rect").count() >= 2
    assert page.locator("svg text", has_text="\u2260 31").count() >= 1
    assert page.locator("script").count() == 0
    _shot(page, "report.png", tmp_path)


def test_triage_from_the_flags_page(site: str, page) -> None:
    page.goto(site + "/")
    page.click("header a.nav")
    page.wait_for_url("**/flags")
    page.locator("p.filters a", has_text="numeric_conflict").click()
    page.wait_for_url("**/flags?flag=numeric_conflict")
    page.locator("ul.flags a", has_text="claim group").first.click()
    page.wait_for_url("**/group/**")
    assert page.locator("section.evidence").count() >= 1
