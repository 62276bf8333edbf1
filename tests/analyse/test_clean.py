from __future__ import annotations

from pathlib import Path

import pytest

from newsledger.analyse.clean import clean, normalise
from newsledger.records import RemovalKind


def test_clean_seed_debris_is_removed_and_recorded(shared: Path) -> None:
    raw = (shared / "seeds" / "000_36a5580235b828ee.txt").read_text(encoding="utf-8")
    result = clean(raw)
    assert "<source type=" not in result.text
    (removal,) = result.removals
    assert removal.kind is RemovalKind.MARKUP
    assert raw[removal.start : removal.end] == removal.text
    assert removal.text.startswith('<source type="image/webp"')
    # the debris is blanked in place, so the text around it keeps its offsets
    assert len(result.text) == len(raw)
    after = raw.index("The U.S. also stated last week")
    assert result.text[after:].startswith("The U.S. also stated last week")
    assert result.text[removal.start : removal.end].strip() == ""


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Share this article", RemovalKind.SHARE),
        ("Share on Facebook", RemovalKind.SHARE),
        ("Subscribe to our newsletter for daily updates", RemovalKind.SUBSCRIBE),
        ("Read also: Three years of warnings at the site", RemovalKind.READ_ALSO),
        ("Related: Ferry strike enters second week", RemovalKind.READ_ALSO),
        ("Photo: Reuters/Staff", RemovalKind.IMAGE_CREDIT),
        ("Image copyright Getty Images", RemovalKind.IMAGE_CREDIT),
        ("Advertisement", RemovalKind.ADVERTISEMENT),
        ('<img src="a.jpg" alt="x"', RemovalKind.MARKUP),
        ('data-src="a.jpg" loading="lazy">', RemovalKind.MARKUP),
        ("</div>", RemovalKind.MARKUP),
    ],
)
def test_clean_debris_lines(line: str, kind: RemovalKind) -> None:
    result = clean(f"First sentence.\n{line}\nLast sentence.")
    assert result.text == f"First sentence.\n{' ' * len(line)}\nLast sentence."
    assert [r.kind for r in result.removals] == [kind]
    assert [r.text for r in result.removals] == [line]


@pytest.mark.parametrize(
    "line",
    [
        "Share prices fell by 5% on Monday after the announcement.",
        "Photographs released by the ministry showed the damage, officials said.",
        "Advertisement revenue rose to $2.5bn in the quarter.",
        "The minister said 3 < 5 and 7 > 2 in a joke about the budget.",
        "Read the full statement, the spokesman told reporters, before judging.",
    ],
)
def test_clean_keeps_real_sentences(line: str) -> None:
    result = clean(line)
    assert result.text == line and not result.removals


def test_clean_inline_tags_removed_with_offsets() -> None:
    raw = "The <b>minister</b> said 12,000 troops arrived."
    result = clean(raw)
    assert result.text == "The    minister     said 12,000 troops arrived."
    assert [raw[r.start : r.end] for r in result.removals] == ["<b>", "</b>"]


def test_clean_normalises_one_character_for_one() -> None:
    raw = "Caf\u00e9\u00a0au lait\r\n\tNext\u2009line\rend"
    assert normalise(raw) == "Caf\u00e9 au lait \n Next line\nend"
    # NFC would shorten this one, so it is left as written rather than shift offsets
    assert normalise("Cafe\u0301") == "Cafe\u0301"


def test_clean_keeps_offsets_of_real_corpus_text(shared: Path) -> None:
    for path in sorted((shared / "seeds").glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        assert len(clean(raw).text) == len(raw)


@pytest.mark.parametrize(
    "line",
    [
        "<p>Kyiv - Ukrainian forces shelled positions in Kursk on Monday, officials said.</p>",
        "<script>alert(1)</script> Officials said 40 homes were flooded in the old town.",
        "<b>Varnhelm</b> The fire service said 27 people had been taken to hospital.",
    ],
)
def test_clean_a_paragraph_that_starts_with_a_tag_keeps_its_words(line: str) -> None:
    result = clean(line)
    assert all(r.kind is RemovalKind.MARKUP and r.text.startswith("<") for r in result.removals)
    assert all(r.end - r.start < 30 for r in result.removals)  # the tags, not the line
    assert "said" in result.text and "<" not in result.text
