"""Pages and feeds for the watch tests, made from the package's example corpus (five
invented reports of one event) and the shared feed fixtures."""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from pathlib import Path

import newsledger

EXAMPLES = Path(newsledger.__file__).parent / "examples"


@dataclass(frozen=True)
class Report:
    slug: str
    title: str
    paragraphs: tuple[str, ...]


def reports() -> list[Report]:
    """The example reports written as text: the .txt files and the JSON lines."""
    found = []
    for path in sorted(EXAMPLES.glob("*.txt")):
        lines = [x for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
        found.append(Report(path.stem, lines[0], tuple(lines[1:])))
    for line in (EXAMPLES / "wires.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        found.append(Report(record["id"], record["title"], tuple(record["text"].splitlines())))
    return found


def baltic_wire() -> bytes:
    return (EXAMPLES / "baltic-wire.html").read_bytes()


def article_html(report: Report, canonical: str | None = None, outlet: str = "") -> bytes:
    """A news page for a report: a head with title and canonical link, nav and footer
    around the article body."""
    e = html.escape
    link = f'<link rel="canonical" href="{e(canonical)}">' if canonical else ""
    site = f'<meta property="og:site_name" content="{e(outlet)}">' if outlet else ""
    body = "\n".join(f"<p>{e(p)}</p>" for p in report.paragraphs)
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{e(report.title)}"
        f"</title>{link}{site}</head><body><nav><a href='/'>Home</a> <a href='/world'>World"
        f"</a></nav><article><h1>{e(report.title)}</h1>\n{body}\n</article><footer>All "
        "rights reserved.</footer></body></html>"
    ).encode()


def rss(title: str, links: list[str]) -> bytes:
    """An RSS 2.0 feed listing ``links``."""
    e = html.escape
    items = "".join(
        f"<item><title>item {n}</title><link>{e(link)}</link><guid>{e(link)}</guid></item>"
        for n, link in enumerate(links)
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{e(title)}'
        f"</title><link>http://127.0.0.1/</link><description>test</description>{items}"
        "</channel></rss>"
    ).encode()


def sitemap(links: list[str]) -> bytes:
    urls = "".join(f"<url><loc>{html.escape(u)}</loc></url>" for u in links)
    return (
        '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/'
        f'schemas/sitemap/0.9">{urls}</urlset>'
    ).encode()


def home_page(feed_href: str) -> bytes:
    return (
        "<!DOCTYPE html><html><head><title>Home</title><link rel='alternate' "
        f"type='application/rss+xml' href='{html.escape(feed_href)}'></head><body><p>News"
        "</p></body></html>"
    ).encode()
