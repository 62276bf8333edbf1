"""The web UI through Starlette's test client: every page, hostile content, bad requests."""

from __future__ import annotations

import json
import re
import sqlite3
import threading
from pathlib import Path
from urllib.parse import quote

import pytest
from starlette.testclient import TestClient

from newsledger import Settings, ingest
from newsledger.errors import LedgerError
from newsledger.ledger.db import Ledger
from newsledger.present.pages import fts_query, highlight
from newsledger.present.web import Hosts, create_app, http_url
from tests.present.hostile import HOSTILE_ID, hostile_record

LOCAL = "http://127.0.0.1:8000"


@pytest.fixture(scope="module")
def client(example_db: Path) -> TestClient:
    return TestClient(create_app(example_db), base_url=LOCAL, raise_server_exceptions=False)


def _ids(db: Path, sql: str) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [r[0] for r in conn.execute(sql)]


def test_front_page_lists_the_story(client: TestClient, example_db: Path) -> None:
    (story,) = _ids(example_db, "SELECT DISTINCT story_id FROM articles")
    page = client.get("/")
    assert page.status_code == 200
    assert f'href="/story/{story}"' in page.text
    assert "5 articles" in page.text
    assert page.headers["content-security-policy"].startswith("default-src 'none'")


def test_story_page_has_sources_groups_flags_and_speakers(
    client: TestClient, example_db: Path
) -> None:
    (story,) = _ids(example_db, "SELECT DISTINCT story_id FROM articles")
    text = client.get(f"/story/{story}").text
    for title in ("Depot fire in Varnhelm under control", "Thousands evacuated as Varnhelm"):
        assert title in text
    assert "/group/g-" in text and "/speaker/sp-" in text
    assert "numeric_conflict" in text
    only = client.get(f"/story/{story}", params={"flag": "numeric_conflict"}).text
    assert "numeric_conflict" in only and "cannot both hold" in only
    none = client.get(f"/story/{story}", params={"outlet": "No Such Outlet"}).text
    assert "No flags match the filter" in none


def test_speaker_page_shows_every_spelling(client: TestClient, example_db: Path) -> None:
    (speaker,) = _ids(
        example_db, "SELECT DISTINCT speaker_id FROM claims WHERE speaker LIKE 'Mikaela%'"
    )
    text = client.get(f"/speaker/{speaker}").text
    assert "Mikaela Sørensen" in text and "Mikaela Sorensen" in text
    assert text.count('href="/article/') >= 2


def test_group_page_lists_each_outlet_figure_with_evidence(
    client: TestClient, example_db: Path
) -> None:
    (group,) = _ids(
        example_db,
        "SELECT c.group_id FROM claims c JOIN flags f ON f.claim_id = c.id "
        "WHERE f.kind = 'numeric_conflict' GROUP BY c.group_id",
    )
    text = client.get(f"/group/{group}").text
    assert "<svg" in text and "27" in text and "31" in text
    assert "cannot both hold" in text


def test_flags_page_lists_every_flag_for_triage(client: TestClient) -> None:
    text = client.get("/flags").text
    assert "numeric_conflict" in text and "date_drift" in text and "cannot both hold" in text
    only = client.get("/flags", params={"flag": "date_drift"}).text
    assert "date_drift</span>" in only and "numeric_conflict</span>" not in only
    assert client.get("/flags", params={"flag": "bogus"}).status_code == 400


def test_article_page_highlights_claims(client: TestClient) -> None:
    text = client.get("/article/baltic-wire").text
    assert '<mark class="quantity' in text and '<mark class="statement' in text
    assert "Removed by cleaning" in text


def test_search_finds_sentences_and_marks_words(client: TestClient) -> None:
    text = client.get("/search", params={"q": "evacuated"}).text
    assert "<mark>evacuated</mark>" in text.replace(
        "<mark>Evacuated</mark>", "<mark>evacuated</mark>"
    )
    assert "No sentence" in client.get("/search", params={"q": "zebraqx"}).text
    # FTS syntax in the input is searched for as words, never run
    for query in ("NEAR(fire", '"', "fire*", "-fire", "fire OR", "^", "a:b"):
        assert client.get("/search", params={"q": query}).status_code == 200


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/story/st-nope", 404),
        ("/speaker/sp-nope", 404),
        ("/group/g-nope", 404),
        ("/article/nope", 404),
        ("/no/such/page", 404),
        ("/?page=0", 400),
        ("/?page=-1", 400),
        ("/?page=abc", 400),
        ("/?page=1e3", 400),
        ("/?page=99999999999999999999", 400),
        ("/?page=999", 404),
        ("/search?q=fire&page=5000", 404),
        ("/search?q=" + "x" * 400, 400),
        ("/story/x?flag=bogus", 400),
    ],
)
def test_bad_requests_get_an_error_page(client: TestClient, path: str, status: int) -> None:
    page = client.get(path)
    assert page.status_code == status
    assert "<h1>" in page.text and "Traceback" not in page.text
    assert page.headers["content-security-policy"]


def test_hostile_article_renders_as_text_everywhere(hostile_db: Path) -> None:
    client = TestClient(create_app(hostile_db), base_url=LOCAL, raise_server_exceptions=False)
    (story,) = _ids(hostile_db, "SELECT DISTINCT story_id FROM articles")
    speakers = _ids(
        hostile_db, "SELECT DISTINCT speaker_id FROM claims WHERE speaker_id IS NOT NULL"
    )
    paths = ["/", f"/story/{story}", f"/article/{quote(HOSTILE_ID)}", "/search?q=script+alert"]
    paths.append("/flags?flag=unattributed")
    paths += [f"/speaker/{s}" for s in speakers]
    for path in paths:
        page = client.get(path)
        assert page.status_code == 200, path
        assert "<script" not in page.text.lower(), path
        assert "<img" not in page.text.lower(), path
        assert not re.search(r"""href=["']?\s*javascript:""", page.text, re.I), path
    article = client.get(f"/article/{quote(HOSTILE_ID)}").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in article
    assert "A" * 20_000 in article  # long strings are kept, and wrapped by the stylesheet


def test_serving_while_an_ingest_writes(tmp_path: Path) -> None:
    first = tmp_path / "one.jsonl"
    first.write_text(json.dumps(hostile_record()) + "\n", encoding="utf-8")
    db = tmp_path / "live.db"
    ingest([first], db, Settings(workers=1))
    client = TestClient(create_app(db), base_url=LOCAL, raise_server_exceptions=False)
    assert client.get("/").status_code == 200
    second = tmp_path / "two.jsonl"
    second.write_text(json.dumps(hostile_record() | {"id": "second"}) + "\n", encoding="utf-8")
    ingest([second], db, Settings(workers=1))
    assert client.get("/article/second").status_code == 200


def test_pages_answer_while_an_ingest_is_writing(tmp_path: Path) -> None:
    db = tmp_path / "busy.db"
    first = tmp_path / "first.jsonl"
    first.write_text(json.dumps(hostile_record()) + "\n", encoding="utf-8")
    ingest([first], db, Settings(workers=1))
    many = tmp_path / "many.jsonl"
    many.write_text(
        "".join(
            json.dumps(
                hostile_record() | {"id": f"n{k}", "text": f"Officials said {k} homes flooded."}
            )
            + "\n"
            for k in range(40)
        ),
        encoding="utf-8",
    )
    client = TestClient(create_app(db), base_url=LOCAL, raise_server_exceptions=False)
    writer = threading.Thread(target=ingest, args=([many], db, Settings(workers=1, batch_size=2)))
    writer.start()
    statuses = []
    while writer.is_alive():
        statuses += [client.get(p).status_code for p in ("/", "/search?q=homes")]
    writer.join()
    assert statuses and set(statuses) == {200}
    assert client.get("/article/n39").status_code == 200


def test_a_missing_ledger_is_refused_before_serving(tmp_path: Path) -> None:
    with pytest.raises(LedgerError, match="no ledger"):
        create_app(tmp_path / "absent.db")


def test_highlight_cuts_overlapping_claims() -> None:
    text = "He said 40 homes flooded."
    claims = [
        {"start": 8, "end": 24, "kind": "statement", "speaker": "He", "flags": None},
        {"start": 8, "end": 10, "kind": "quantity", "speaker": None, "flags": "unattributed"},
    ]
    pieces = highlight(text, claims)
    assert "".join(p["text"] for p in pieces) == text
    assert [(p["text"], p["kinds"]) for p in pieces] == [
        ("He said ", []),
        ("40", ["quantity", "statement"]),
        (" homes flooded", ["statement"]),
        (".", []),
    ]
    assert pieces[1]["flagged"] and not pieces[2]["flagged"]


def test_fts_query_quotes_every_word() -> None:
    assert fts_query('NEAR(fire "x" -y*') == '"NEAR" "fire" "x" "y"'
    assert fts_query("  ...  ") == ""


def test_only_http_links_are_kept() -> None:
    assert http_url("https://example.org/a") == "https://example.org/a"
    for url in ("javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x", "//x", None):
        assert http_url(url) is None


def test_search_of_a_common_word_lists_newest_first(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsledger.present import pages

    assert "(best match first)" in client.get("/search", params={"q": "fire"}).text
    monkeypatch.setattr(pages, "RANKED_MATCHES", 1)
    text = client.get("/search", params={"q": "fire"}).text
    assert "newest first" in text and text.count("<li>") >= 2


def test_every_list_of_a_story_page_is_paginated(
    client: TestClient, example_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsledger.present import pages

    (story,) = _ids(example_db, "SELECT DISTINCT story_id FROM articles")
    monkeypatch.setattr(pages, "PAGE_SIZE", 1)
    text = client.get(f"/story/{story}").text
    for param in ("page", "gpage", "fpage", "spage"):
        assert f"?{param}=2" in text
    second = client.get(f"/story/{story}", params={"fpage": 2, "flag": "numeric_conflict"})
    assert second.status_code == 200 and "flag=numeric_conflict&amp;fpage=1" in second.text
    assert client.get(f"/story/{story}", params={"spage": 999}).status_code == 404


def test_an_older_ledger_is_refused_with_the_way_to_upgrade(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    Ledger.open(db).close()
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE schema_version SET version = 2")
    with pytest.raises(LedgerError, match="newsledger link"):
        create_app(db)


def test_a_story_id_retired_by_a_merge_redirects_to_the_story_that_took_it(
    example_db: Path, tmp_path: Path
) -> None:
    db = tmp_path / "merged.db"
    db.write_bytes(example_db.read_bytes())
    (story,) = _ids(db, "SELECT story_id FROM stories")
    with sqlite3.connect(db) as conn:  # as link leaves it: old -> older -> the live story
        conn.executemany(
            "INSERT INTO story_aliases (old_id, story_id) VALUES (?, ?)",
            [("st-older", "st-old"), ("st-old", story), ("st-loop-a", "st-loop-b")],
        )
        conn.execute("INSERT INTO story_aliases VALUES ('st-loop-b', 'st-loop-a')")
    client = TestClient(create_app(db), base_url=LOCAL, raise_server_exceptions=False)
    moved = client.get("/story/st-older", follow_redirects=False)
    assert moved.status_code == 301 and moved.headers["location"] == f"/story/{story}"
    assert client.get("/story/st-loop-a").status_code == 404  # a loop leads nowhere
    assert client.get("/story/st-never").status_code == 404


@pytest.mark.parametrize(
    ("bound", "named", "host", "answered"),
    [
        ("127.0.0.1", (), "127.0.0.1:8000", True),
        ("127.0.0.1", (), "localhost", True),
        ("127.0.0.1", (), "[::1]:8000", True),
        ("127.0.0.1", (), "evil.example.com", False),  # DNS rebinding: a name pointed at us
        ("127.0.0.1", (), "evil.example.com:8000", False),
        ("127.0.0.1", (), "", False),
        ("127.0.0.1", ("ledger.lan",), "LEDGER.lan.:8000", True),
        ("0.0.0.0", (), "192.168.1.20:8000", True),  # an address cannot be rebound
        ("0.0.0.0", (), "evil.example.com", False),
        ("10.0.0.5", (), "10.0.0.5:8000", True),
        ("10.0.0.5", (), "localhost", False),
        ("127.0.0.1", ("*",), "anything.example", True),
    ],
)
def test_serve_answers_only_the_hosts_it_was_bound_for(
    example_db: Path, bound: str, named: tuple[str, ...], host: str, answered: bool
) -> None:
    app = create_app(example_db, Hosts.bound(bound, named))
    client = TestClient(app, base_url=LOCAL, raise_server_exceptions=False)
    response = client.get("/", headers={"Host": host})
    assert (response.status_code == 200) is answered
    if not answered:
        assert response.status_code == 400 and "Mikaela" not in response.text
