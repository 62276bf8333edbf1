"""Linking batch by batch: new articles join what the ledger holds; only small stories they
reach are re-clustered, the rest of the past is not redone."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from newsledger import Settings, ingest
from newsledger.ledger.db import Ledger, latest_version
from newsledger.link import link
from newsledger.link.stories import retired_ids
from newsledger.present.report import build_report

STORY_A = [
    "Flood waters rose in Varnhelm on Monday as the river Lind burst its banks near the harbour.",
    "The river Lind burst its banks in Varnhelm and flood waters reached the harbour district.",
    "Varnhelm harbour was flooded after the Lind broke its banks, officials in Varnhelm said.",
]
STORY_B = [
    "The central bank of Norland raised interest rates by half a point, citing inflation.",
    "Norland's central bank put up interest rates again as inflation stayed high.",
]


# two ferries capsized off two islands: the same kind of event, told in the same words
FERRY_TARN = [
    "A ferry capsized off Tarn island on Saturday and the coastguard rescued 41 passengers, "
    "captain Ilse Brandt said. The ferry Morvan sank in heavy seas near the harbour of Tarn.",
    "Coastguard crews pulled 41 passengers from the sea after the ferry Morvan capsized near "
    "Tarn island. Captain Ilse Brandt said the Morvan took on water in the storm.",
    "The Morvan, a ferry on the Tarn island route, capsized in a storm; Ilse Brandt, its "
    "captain, said all 41 passengers were rescued by the Tarn coastguard.",
    "Passengers of the Morvan ferry told how they clung to the hull off Tarn island before the "
    "coastguard arrived. Ilse Brandt, the captain, praised the Tarn lifeboat crew.",
    "Tarn's harbour master said the Morvan had passed its inspection in March. Ilse Brandt has "
    "sailed the Tarn crossing for twelve years.",
    "Divers from Tarn reached the wreck of the Morvan and found the cargo doors open, Ilse "
    "Brandt told investigators.",
    "The operator of the Morvan suspended its Tarn island sailings while Ilse Brandt and the "
    "crew give evidence.",
]
FERRY_HOLM = [
    "A ferry capsized off Holm island on Sunday and the coastguard rescued 17 passengers, "
    "captain Piet Vosk said. The ferry Saskia sank in heavy seas near the pier at Holm.",
    "Coastguard crews pulled 17 passengers from the sea after the ferry Saskia capsized near "
    "Holm island. Captain Piet Vosk said the Saskia lost power in the storm.",
    "The Saskia, a ferry on the Holm island route, capsized in a storm; Piet Vosk, its "
    "captain, said all 17 passengers were rescued by the Holm coastguard.",
    "Passengers of the Saskia ferry described the night off Holm island before the coastguard "
    "came. Piet Vosk, the captain, thanked the Holm lifeboat volunteers.",
    "Holm's pier authority said the Saskia's engines were overhauled in May. Piet Vosk has run "
    "the Holm service since the spring.",
    "Salvage teams at Holm towed the Saskia upright and found its generator flooded, according "
    "to Piet Vosk.",
    "The company behind the Saskia cancelled Holm island crossings while Piet Vosk and his "
    "crew are questioned.",
]


def _jsonl(path: Path, rows: list[tuple[str, str]]) -> Path:
    path.write_text(
        "".join(json.dumps({"id": i, "outlet": f"Outlet {i}", "text": t}) + "\n" for i, t in rows),
        encoding="utf-8",
    )
    return path


def _links(db: Path) -> dict[str, tuple[str, str | None]]:
    with sqlite3.connect(db) as conn:
        return {
            r[0]: (r[1], r[2])
            for r in conn.execute("SELECT id, story_id, duplicate_of FROM articles")
        }


def _seed_files(shared: Path) -> list[Path]:
    return sorted((shared / "seeds").glob("*.txt"))


def test_batches_join_the_stories_already_held(tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    first = [("a1", STORY_A[0]), ("b1", STORY_B[0])]
    ingest([_jsonl(tmp_path / "1.jsonl", first)], db, Settings(workers=1))
    before = _links(db)
    second = [("a2", STORY_A[1]), ("a3", STORY_A[2]), ("b2", STORY_B[1])]
    ingest([_jsonl(tmp_path / "2.jsonl", second)], db, Settings(workers=1))
    after = _links(db)
    assert {k: after[k] for k in before} == before  # the past keeps its stories
    assert after["a2"][0] == after["a3"][0] == before["a1"][0]
    assert after["b2"][0] == before["b1"][0] != before["a1"][0]


def test_nothing_new_links_nothing(tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    ingest([_jsonl(tmp_path / "1.jsonl", [("a1", STORY_A[0])])], db, Settings(workers=1))
    summary = link(db)
    assert (summary.articles, summary.stories, summary.flags) == (0, 0, {})


def test_seeds_one_by_one_match_seeds_together(shared: Path, tmp_path: Path) -> None:
    together, apart = tmp_path / "together.db", tmp_path / "apart.db"
    ingest(_seed_files(shared), together, Settings(workers=1))
    for path in _seed_files(shared):
        ingest([path], apart, Settings(workers=1))

    def linked(db: Path) -> tuple[set, set, set]:
        with sqlite3.connect(db) as conn:
            stories = {r[0] for r in conn.execute("SELECT story_id FROM articles")}
            speakers = set(conn.execute("SELECT id, speaker_id FROM claims"))
            flags = set(conn.execute("SELECT claim_id, kind FROM flags"))
        return stories, speakers, flags

    assert len(linked(apart)[0]) == 1
    assert linked(apart)[1:] == linked(together)[1:]


def test_full_relink_gives_the_same_links(shared: Path, tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    ingest(_seed_files(shared), db, Settings(workers=1))
    with sqlite3.connect(db) as conn:
        before = sorted(conn.execute("SELECT id, speaker_id, group_id FROM claims"))
        flags = sorted(conn.execute("SELECT claim_id, kind, reason FROM flags"))
    summary = link(db, full=True)
    assert summary.articles == 2 and summary.stories == 1
    with sqlite3.connect(db) as conn:
        assert sorted(conn.execute("SELECT id, speaker_id, group_id FROM claims")) == before
        assert sorted(conn.execute("SELECT claim_id, kind, reason FROM flags")) == flags


def test_a_new_version_is_linked_and_the_old_one_leaves_the_story(tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    rows = [("a1", STORY_A[0]), ("a2", STORY_A[1])]
    ingest([_jsonl(tmp_path / "1.jsonl", rows)], db, Settings(workers=1))
    changed = [("a1", STORY_A[0] + " Hundreds of homes were flooded.")]
    ingest([_jsonl(tmp_path / "2.jsonl", changed)], db, Settings(workers=1))
    with sqlite3.connect(db) as conn:
        versions = conn.execute(
            "SELECT a.version, a.story_id, EXISTS (SELECT 1 FROM link_articles l "
            "WHERE l.article_key = a.key) FROM articles a WHERE a.id = 'a1' ORDER BY a.version"
        ).fetchall()
        story_a2 = conn.execute("SELECT story_id FROM articles WHERE id = 'a2'").fetchone()[0]
    (v1, v1_story, v1_linked), (v2, story, v2_linked) = versions
    assert (v1, v2, v1_linked, v2_linked) == (1, 2, 0, 1)
    assert story == story_a2 and v1_story is None  # the old version left the story
    with Ledger.open(db, readonly=True) as ledger:
        (told,) = build_report(ledger.conn)["stories"]
        size = ledger.conn.execute("SELECT articles FROM stories").fetchone()[0]
    assert [a["id"] for a in told["sources"]] == ["a1", "a2"] and size == 2


def _drop_figure_measures(conn: sqlite3.Connection) -> None:
    """Take the claims table back to before migration 0007 (figure measures)."""
    conn.execute("DROP INDEX claims_measure")
    added = [row[1] for row in conn.execute("PRAGMA table_info(claims)")]
    for column in added[added.index("measure") :]:
        conn.execute(f"ALTER TABLE claims DROP COLUMN {column}")


def test_an_older_ledger_is_relinked_once_after_upgrade(tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    rows = [("a1", STORY_A[0]), ("a2", STORY_A[1])]
    ingest([_jsonl(tmp_path / "1.jsonl", rows)], db, Settings(workers=1))
    with sqlite3.connect(db) as conn:  # as a version-3 ledger left it: stories, no link state
        for table in ("link_postings", "link_articles", "link_terms"):
            conn.execute(f"DROP TABLE {table}")
        _drop_figure_measures(conn)
        for column in ("pid", "host"):  # migration 0009: who ran each run
            conn.execute(f"ALTER TABLE runs DROP COLUMN {column}")
        conn.execute("UPDATE schema_version SET version = 3")
    with Ledger.open(db) as ledger:
        assert ledger.schema_version() == latest_version()
        assert ledger.conn.execute("SELECT COUNT(story_id) FROM articles").fetchone()[0] == 0
    assert link(db).articles == 2
    assert len({s for s, _ in _links(db).values()}) == 1


@pytest.mark.parametrize("full", [False, True])
def test_link_on_an_empty_ledger(tmp_path: Path, full: bool) -> None:
    db = tmp_path / "empty.db"
    Ledger.open(db).close()
    summary = link(db, full=full)
    assert (summary.articles, summary.stories, summary.groups) == (0, 0, 0)


def test_a_small_story_merged_on_thin_evidence_is_split_when_more_reports_come(
    tmp_path: Path,
) -> None:
    db = tmp_path / "l.db"
    pair = [("t0", FERRY_TARN[0]), ("h0", FERRY_HOLM[0])]
    ingest([_jsonl(tmp_path / "1.jsonl", pair)], db, Settings(workers=1))
    first = _links(db)
    assert first["t0"][0] == first["h0"][0]  # two reports alike: one story, for now
    more = [(f"t{n}", text) for n, text in enumerate(FERRY_TARN)][1:]
    more += [(f"h{n}", text) for n, text in enumerate(FERRY_HOLM)][1:]
    ingest([_jsonl(tmp_path / "2.jsonl", more)], db, Settings(workers=1))
    after = _links(db)
    tarn = {after[f"t{n}"][0] for n in range(len(FERRY_TARN))}
    holm = {after[f"h{n}"][0] for n in range(len(FERRY_HOLM))}
    assert len(tarn) == len(holm) == 1 and tarn != holm
    assert first["t0"][0] in tarn | holm  # the old story's id lives on in one of them
    with sqlite3.connect(db) as conn:
        sizes = conn.execute("SELECT articles FROM stories ORDER BY story_id").fetchall()
    assert sizes == [(7,), (7,)]
    link(db, full=True)
    anew = _links(db)
    assert len({anew[k][0] for k in anew if k[0] == "t"}) == 1
    assert {anew[k][0] for k in anew if k[0] == "t"} != {anew[k][0] for k in anew if k[0] == "h"}


def test_a_large_run_links_in_chunks_like_batches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With chunks of two articles the run links as successive batches would (one
    transaction each) and reports the same totals as one chunk."""
    rows = [(f"t{n}", t) for n, t in enumerate(FERRY_TARN)]
    rows += [(f"h{n}", t) for n, t in enumerate(FERRY_HOLM)]
    db = tmp_path / "l.db"
    ingest([_jsonl(tmp_path / "all.jsonl", rows)], db, Settings(workers=1), run_link=False)
    whole = link(db)
    in_one = _links(db)
    monkeypatch.setattr("newsledger.link.LINK_CHUNK", 2)
    chunked = link(db, full=True)
    in_chunks = _links(db)
    assert chunked.articles == whole.articles == len(rows)
    assert (chunked.stories, chunked.new_stories) == (whole.stories, whole.new_stories) == (2, 2)
    assert _partition(in_chunks) == _partition(in_one)  # ids differ: a story's first article
    with sqlite3.connect(db) as conn:
        unlinked = conn.execute("SELECT COUNT(*) FROM articles WHERE story_id IS NULL")
        assert unlinked.fetchone() == (0,)


def _partition(links: dict[str, tuple[str, str | None]]) -> set[frozenset[str]]:
    stories: dict[str, set[str]] = {}
    for article, (story, _) in links.items():
        stories.setdefault(story, set()).add(article)
    return {frozenset(members) for members in stories.values()}


def test_a_retired_story_id_points_to_where_its_articles_went() -> None:
    reopened = {"a1": "S1", "a2": "S1", "b1": "S2", "b2": "S2", "b3": "S2"}
    merged = {"a1": "S1", "a2": "S1", "b1": "S1", "b2": "S1", "b3": "S3"}
    assert retired_ids(reopened, merged) == {"S2": "S1"}
    split = {"a1": "S1", "a2": "S4", "b1": "S2", "b2": "S2", "b3": "S2"}
    assert retired_ids(reopened, split) == {}  # both ids live on
