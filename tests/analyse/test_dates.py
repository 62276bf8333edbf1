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
        ("since October", WEDNESDAY, "2024-10-01"),
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
