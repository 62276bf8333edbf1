from __future__ import annotations

import pytest

from newsledger.analyse.dates import resolve_date

WEDNESDAY = "2024-11-06T10:00:00+00:00"


@pytest.mark.parametrize(
    ("phrase", "published", "expected"),
    [
        ("on Monday", WEDNESDAY, "2024-11-04"),
        ("Tuesday", WEDNESDAY, "2024-11-05"),
        ("on Wednesday", WEDNESDAY, "2024-11-06"),
        ("last week", WEDNESDAY, "2024-10-30"),
        ("since October", WEDNESDAY, "2024-10"),
        ("in 2015", WEDNESDAY, "2015"),
        ("last year", WEDNESDAY, "2023"),
        ("last month", WEDNESDAY, "2024-10"),
        ("in February", WEDNESDAY, "2024-02"),
        ("December 2003", None, "2003-12"),
        ("5 November 2024", None, "2024-11-05"),
        ("on Monday", None, None),
        ("the past three months", WEDNESDAY, None),
        ("earlier this year", WEDNESDAY, None),
    ],
)
def test_dates_resolve_against_publication(
    phrase: str, published: str | None, expected: str | None
) -> None:
    assert resolve_date(phrase, published) == expected


@pytest.mark.parametrize(
    ("phrase", "tense", "expected"),
    [
        ("on Thursday", "future", "2024-11-07"),  # "will appear on Thursday"
        ("on Thursday", "past", "2024-10-31"),
        ("on Thursday", None, "2024-10-31"),
        ("on Wednesday", "future", "2024-11-06"),
        ("March 3", "future", "2025-03-03"),
        ("March 3", "past", "2024-03-03"),
    ],
)
def test_dates_tense_decides_the_direction(phrase: str, tense: str | None, expected: str) -> None:
    assert resolve_date(phrase, WEDNESDAY, tense) == expected
