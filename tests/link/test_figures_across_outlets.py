"""Invented reports of an invented flood and of an invented air crash, end to end: the same
figure lined up across outlets in claim groups, and the conflicts a fact-checker should see,
with their reasons."""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from pathlib import Path

import pytest

from newsledger import Settings, ingest

FLOOD = [
    {
        "id": "valley-herald-1",
        "outlet": "Valley Herald",
        "published": "2025-06-02T08:00:00+00:00",
        "text": "Floods kill 12 in Mirnov\n"
        "Flash floods swept through the town of Mirnov on Sunday, killing 12 people and "
        "injuring about 40, the regional emergency service said.\n"
        "Rescuers evacuated 2,300 residents from low-lying districts.\n"
        "The river rose 4.5 metres above its normal level.\n"
        "A similar flood in 1998 killed 31 people.",
    },
    {
        "id": "river-post-1",
        "outlet": "River Post",
        "published": "2025-06-02T19:00:00+00:00",
        "text": "Mirnov flood toll rises to 17\n"
        "The death toll from Sunday's floods in Mirnov has risen to 17, officials said on "
        "Monday.\n"
        "At least 60 people were injured and more than 2,000 residents were moved out of "
        "their homes.\n"
        "Mayor Ilse Varga said 30 houses had been destroyed.\n"
        "The river peaked at 4.5 meters above normal.",
    },
    {
        "id": "coast-wire-1",
        "outlet": "Coast Wire",
        "published": "2025-06-03T10:00:00+00:00",
        "text": "Mirnov counts the cost\n"
        "Seventeen people died in the Mirnov floods, the emergency service said.\n"
        "Mayor Ilse Varga told reporters that 45 homes were destroyed and that 2,300 people "
        "had been evacuated.\n"
        "In 1998, floods in the same valley killed 31.",
    },
]


CRASH = [
    {
        "id": "daily-a",
        "outlet": "Daily A",
        "published": "2025-09-14T09:00:00+00:00",
        "text": "Airliner crashes near Tavel, 143 feared dead\n"
        "A passenger jet carrying 138 passengers and six crew members crashed shortly after "
        "take-off from Tavel airport on Saturday, the civil aviation authority said.\n"
        "Rescue workers pulled three survivors from the wreckage, airport officials said.\n"
        "The aircraft came down about 8 km north of the runway.\n"
        "It was the country's worst air disaster since 2009, when 97 people died.",
    },
    {
        "id": "paper-b",
        "outlet": "Paper B",
        "published": "2025-09-14T21:00:00+00:00",
        "text": "Tavel crash: 141 dead, two survive\n"
        "Of the 144 people on board the flight, 141 were killed and two survived, transport "
        "minister Olek Baran said on Saturday evening.\n"
        "The plane came down 5 miles north of the airport.\n"
        "The airline said the pilot had flown for 12,000 hours.",
    },
    {
        "id": "wire-c",
        "outlet": "Wire C",
        "published": "2025-09-15T06:00:00+00:00",
        "text": "Death toll in Tavel air crash rises to 142\n"
        "The death toll from Saturday's crash near Tavel rose to 142 after one of the two "
        "survivors died in hospital, the health ministry said on Sunday.\n"
        "The jet was carrying 144 people, including 138 passengers.\n"
        "The pilot had logged more than 12,000 flying hours, the airline said.",
    },
]


def _ledger(folder: Path, reports: list[dict[str, str]]) -> sqlite3.Connection:
    source = folder / "reports.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in reports), encoding="utf-8")
    ingest([source], folder / "l.db", Settings(workers=1))
    return sqlite3.connect(folder / "l.db")


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> sqlite3.Connection:
    return _ledger(tmp_path_factory.mktemp("flood"), FLOOD)


@pytest.fixture(scope="module")
def crash(tmp_path_factory: pytest.TempPathFactory) -> sqlite3.Connection:
    return _ledger(tmp_path_factory.mktemp("crash"), CRASH)


def _groups(conn: sqlite3.Connection) -> dict[str, dict[str, list[float]]]:
    """measure -> group id -> the body figures of that group (headlines left out)."""
    groups: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for measure, group, value in conn.execute(
        "SELECT measure, group_id, value FROM claims WHERE kind = 'quantity' "
        "AND group_id IS NOT NULL AND headline = 0 ORDER BY value"
    ):
        groups[measure][group].append(value)
    return groups


def test_the_same_measure_lines_up_across_outlets(ledger: sqlite3.Connection) -> None:
    groups = _groups(ledger)
    killed = sorted(groups["people killed"].values())
    assert killed == [[12, 17, 17], [31, 31]]  # this flood, and the one of 1998
    assert list(groups["people evacuated"].values()) == [[2000, 2300, 2300]]
    assert list(groups["houses damaged"].values()) == [[30, 45]]
    assert list(groups["people injured"].values()) == [[40, 60]]


def _conflicts(conn: sqlite3.Connection) -> dict[str, set[str]]:
    """measure -> the reasons of its numeric conflicts."""
    found: dict[str, set[str]] = defaultdict(set)
    for measure, reason in conn.execute(
        "SELECT c.measure, f.reason FROM flags f JOIN claims c ON c.id = f.claim_id "
        "WHERE f.kind = 'numeric_conflict'"
    ):
        found[measure].add(reason)
    return found


def test_conflicts_are_flagged_and_read_as_updates_in_time_order(
    ledger: sqlite3.Connection,
) -> None:
    conflicts = _conflicts(ledger)
    assert set(conflicts) == {"people killed", "people injured", "houses damaged"}
    for reason in conflicts["people killed"]:
        assert reason.index("12 (Valley Herald") < reason.index("17 (")
        assert "may be an update" in reason
    # figures that agree, and a past flood, raise nothing
    assert not any("31" in r for r in conflicts["people killed"])


def test_an_air_crash_lines_up_the_dead_the_survivors_and_the_distance(
    crash: sqlite3.Connection,
) -> None:
    groups = _groups(crash)
    assert sorted(groups["people killed"].values()) == [[1], [97], [141, 142]]
    assert list(groups["people survived"].values()) == [[2, 2, 3]]
    assert list(groups["length"].values()) == [[5, 8]]  # 5 miles and about 8 km agree
    assert list(groups["duration"].values()) == [[12000, 12000]]  # flown, flying hours


def test_an_air_crash_flags_the_rising_toll_and_the_survivor_count(
    crash: sqlite3.Connection,
) -> None:
    conflicts = _conflicts(crash)
    assert set(conflicts) == {"people killed", "people survived"}
    assert all("may be an update" in r for r in conflicts["people killed"])
    assert all("141 (Paper B, Olek Baran) and 142 (Wire C" in r for r in conflicts["people killed"])
