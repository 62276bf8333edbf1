"""The link stage on hand-made records: what must be linked or flagged, and what must not."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from newsledger.link.claims import (
    QuantityRow,
    compatible,
    interval,
    measure_key,
    outcome,
    part_of,
)
from newsledger.link.flags import (
    FlagKind,
    GroupMember,
    Said,
    content_words,
    date_drift,
    echoes,
    group_flags,
    unsupported_quotes,
)
from newsledger.link.speakers import canonical_ids, fold, is_named
from newsledger.link.stories import candidate_pairs, cluster
from newsledger.link.text_features import terms, tfidf


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Andriy", "Andrii"),
        ("Zelenskyy", "Zelensky"),
        ("Sørensen", "Sorensen"),
        ("Kharkiv", "Harkiv"),
    ],
)
def test_link_fold_transliterations(a: str, b: str) -> None:
    assert fold(a) == fold(b)


def test_link_speakers_same_person_across_spellings_not_across_people() -> None:
    names = [
        ("s1", "Andriy Kovalenko"),
        ("s1", "Andrii Kovalenko"),
        ("s1", "Kovalenko"),
        ("s1", "Lt. Andriy Kovalenko"),
        ("s2", "Oleh Kovalenko"),
        ("s1", "The Pentagon"),
        ("s2", "Pentagon"),
        ("s1", "Fire service spokeswoman Mikaela Sørensen"),
        ("s2", "Mikaela Sorensen"),
    ]
    ids = canonical_ids(names)
    kovalenko = {ids[n] for n in names[:4]}
    assert len(kovalenko) == 1
    assert ids[("s2", "Oleh Kovalenko")] not in kovalenko
    assert ids[("s1", "The Pentagon")] == ids[("s2", "Pentagon")]
    assert ids[names[7]] == ids[names[8]]


def test_link_bare_surname_stays_apart_when_two_people_share_it() -> None:
    names = [("s", "Andriy Kovalenko"), ("s", "Oleh Kovalenko"), ("s", "Kovalenko")]
    ids = canonical_ids(names)
    assert ids[("s", "Kovalenko")] not in (ids[names[0]], ids[names[1]])


@pytest.mark.parametrize(
    ("a", "b", "ok"),
    [
        ((12000, None, None, "exact"), (10000, None, None, "at_least"), True),
        ((12000, None, None, "exact"), (8000, None, None, "approximately"), False),
        ((4000, None, None, "approximately"), (3500, None, None, "more_than"), True),
        ((4000, None, None, "exact"), (None, 3000, 5000, "exact"), True),
        ((900, None, None, "up_to"), (1200, None, None, "exact"), False),
    ],
    ids=["at-least-holds", "exact-apart", "more-than-holds", "inside-range", "above-up-to"],
)
def test_link_hedged_values_compatible(a: tuple, b: tuple, ok: bool) -> None:
    assert compatible(interval(*a), interval(*b)) is ok


def _row(
    cid: str,
    counted: str,
    scope_head: str | None = None,
    place: bool = False,
    part: str = "",
    concept: str | None = None,
) -> QuantityRow:
    return QuantityRow(
        cid, "story", "a1", 1.0, None, None, "exact", counted, concept, scope_head, place, part
    )


def test_link_measure_keys() -> None:
    troops = measure_key(_row("1", "North Korean soldiers"))
    assert troops == measure_key(_row("2", "North Korean troops"))
    assert troops == measure_key(_row("3", "North Koreans", "russia", place=True))
    assert troops != measure_key(_row("4", "North Korean troops", "border"))
    assert troops != measure_key(_row("5", "Russian troops"))
    assert troops != measure_key(_row("6", "troops", part="each"))
    assert troops != measure_key(_row("6", "troops", part="total"))
    assert measure_key(_row("7", "troops", concept="Russia")) == measure_key(
        _row("8", "Russian troops")
    )
    assert measure_key(_row("9", "")) is None


def test_link_outcomes_keep_different_people_apart() -> None:
    hospital = QuantityRow(
        "1",
        "s",
        "a",
        27.0,
        None,
        None,
        "exact",
        "people",
        None,
        None,
        False,
        "",
        "take",
        "27 people were taken to hospital.",
    )
    evacuated = QuantityRow(
        "2",
        "s",
        "a",
        4000.0,
        None,
        None,
        "exact",
        "people",
        None,
        None,
        False,
        "",
        "evacuate",
        "4,000 people were evacuated.",
    )
    treated = QuantityRow(
        "3",
        "s",
        "b",
        31.0,
        None,
        None,
        "exact",
        "people",
        None,
        None,
        False,
        "",
        "treat",
        "31 people were treated in hospital.",
    )
    assert measure_key(hospital) == measure_key(treated) != measure_key(evacuated)


@pytest.mark.parametrize(
    ("predicate", "sentence", "expected"),
    [
        ("shoot", "A man shot to death one person at the firm.", "dead"),
        ("shoot", "Police shot dead two gunmen.", "dead"),
        ("shoot", "A man shot three people at the firm.", ""),
        ("kill", "The blast killed nine people.", "dead"),
        ("take", "Twelve were taken to hospital.", "injured"),
    ],
)
def test_link_outcome_of_a_figure(predicate: str, sentence: str, expected: str) -> None:
    assert outcome(predicate, sentence) == expected


def _member(
    cid: str,
    article: str,
    value: float,
    qualifier: str = "exact",
    speaker: str | None = "The Pentagon",
    predicate: str | None = "deploy",
    origin: str = "",
    sentence: str = "North Korea has deployed {} troops to the Kursk region of Russia.",
    outlet: str | None = None,
    tense: str | None = None,
) -> GroupMember:
    return GroupMember(
        cid,
        article,
        outlet or article.upper(),
        value,
        None,
        None,
        qualifier,
        speaker and "sp-" + speaker,
        speaker,
        predicate,
        origin or article,
        "troops",
        sentence.format(f"{value:,.0f}"),
        tense,
    )


def test_link_conflict_only_across_independent_outlets_on_one_predicate() -> None:
    flags = group_flags([_member("a", "x", 12000), _member("b", "y", 8000, speaker="The U.S.")])
    assert Counter(f.kind for f in flags) == {FlagKind.NUMERIC_CONFLICT: 2}
    assert "cannot both hold" in flags[0].reason and flags[0].evidence == ["b"]
    # must not flag: the same article, a copy, another predicate, a hedge that allows both
    assert group_flags([_member("a", "x", 12000), _member("b", "x", 8000)]) == []
    assert group_flags([_member("a", "x", 12000), _member("b", "y", 8000, origin="x")]) == []
    assert (
        group_flags(
            [_member("a", "x", 27, predicate="take"), _member("b", "y", 31, predicate="treat")]
        )
        == []
    )
    assert group_flags([_member("a", "x", 12000), _member("b", "y", 10000, "at_least")]) == []


@pytest.mark.parametrize(
    "other",
    [
        _member("b", "y", 8000, outlet="X"),  # two articles of one outlet
        _member("b", "y", 3000),  # four times smaller: more likely another measure
        _member("b", "y", 8000, predicate=None),  # no verb to tell what is counted
        _member("b", "y", 8000, sentence="Officials counted {} troops at the parade."),
    ],
)
def test_link_conflict_needs_two_outlets_one_order_one_subject(other: GroupMember) -> None:
    assert group_flags([_member("a", "x", 12000), other]) == []


def test_link_no_conflict_between_what_was_and_what_will_be() -> None:
    missed = _member("a", "x", 4, predicate="miss", tense="past")
    will_miss = _member("b", "y", 2, predicate="miss", tense="future")
    assert group_flags([missed, will_miss]) == []
    also_missed = _member("b", "y", 2, predicate="miss", tense="past")
    assert {f.kind for f in group_flags([missed, also_missed])} == {FlagKind.NUMERIC_CONFLICT}


def test_link_no_conflict_when_both_reports_carry_both_figures() -> None:
    """ "two counts of murder and one count of kidnapping" in both: each sentence pairs a
    different figure with the noun, but the reports agree."""
    sentence = "He was charged on {} counts of murder and one count of kidnapping by the court."
    members = [
        _member("a2", "x", 2, sentence=sentence),
        _member("a1", "x", 1, sentence=sentence),
        _member("b1", "y", 1, sentence=sentence),
        _member("b2", "y", 2, sentence=sentence),
    ]
    assert group_flags(members) == []
    three = _member("b3", "y", 3, sentence=sentence)
    assert {f.kind for f in group_flags([members[0], three])} == {FlagKind.NUMERIC_CONFLICT}


def test_link_attribution_drift_needs_two_named_sources() -> None:
    flags = group_flags(
        [
            _member("a", "x", 12000, speaker="Ukrainian military intelligence"),
            _member("b", "y", 12000, speaker="US intelligence agencies"),
        ]
    )
    assert {f.kind for f in flags} == {FlagKind.ATTRIBUTION_DRIFT}
    assert (
        group_flags(
            [
                _member("a", "x", 12000, speaker="its owner"),
                _member("b", "y", 12000, speaker="the owner"),
            ]
        )
        == []
    )
    assert not is_named("its owner") and is_named("Ukrainian military intelligence")
    # one source named more or less fully is not drift; nor are figures of two verbs
    fuller = [
        _member("a", "x", 12000, speaker="Microsoft"),
        _member("b", "y", 12000, speaker="Microsoft security researchers"),
    ]
    assert group_flags(fuller) == []
    verbs = [
        _member("a", "x", 12000, speaker="Ukrainian military intelligence"),
        _member("b", "y", 12000, speaker="US intelligence agencies", predicate="train"),
    ]
    assert group_flags(verbs) == []


def test_link_echoes_detect_restated_narration() -> None:
    narration = [
        content_words(
            "Ukrainian military intelligence reported that approximately "
            "12,000 North Korean soldiers have been deployed to Russia."
        )
    ]
    assert echoes(
        "Our intelligence has indicated that around 12,000 North Korean soldiers "
        "have been deployed to Russia.",
        narration,
    )
    assert not echoes("Thank you for having me, it is a pleasure to talk today.", narration)


def test_link_stories_do_not_depend_on_input_order() -> None:
    texts = {
        "a": "Flood waters rose in Varnhelm as the river burst its banks near the depot.",
        "b": "The river burst its banks in Varnhelm and flood waters reached the depot.",
        "c": "The central bank raised interest rates by half a point on Thursday.",
        "d": "Interest rates went up at the central bank, which cited inflation.",
    }
    vectors = tfidf({k: terms(t, []) for k, t in texts.items()})
    labels = cluster(sorted(vectors), candidate_pairs(vectors))
    assert labels["a"] == labels["b"] != labels["c"] == labels["d"]
    keys = list(vectors)
    random.Random(7).shuffle(keys)
    shuffled = {k: vectors[k] for k in keys}
    assert cluster(keys, candidate_pairs(shuffled)) == labels


def _said(
    cid: str,
    article: str,
    text: str,
    when: str | None = "Monday",
    speaker: str = "Andriy Kovalenko",
    published: str | None = None,
    said_on: str | None = None,
    direct: bool = False,
    span: tuple[int, int] = (0, 10),
    origin: str | None = None,
    outlet: str | None = None,
) -> Said:
    return Said(
        cid,
        article,
        origin or article,
        outlet or article.upper(),
        published,
        "sp-" + speaker,
        speaker,
        text,
        span[0],
        span[1],
        direct,
        said_on,
        when,
    )


KURSK = "Ukrainian forces fired on North Korean troops in the Kursk region"


def test_link_date_drift_between_independent_reports() -> None:
    flags = date_drift([_said("a", "x", KURSK), _said("b", "y", KURSK + " of Russia", "Tuesday")])
    assert {(f.claim_id, f.kind) for f in flags} == {
        ("a", FlagKind.DATE_DRIFT),
        ("b", FlagKind.DATE_DRIFT),
    }
    assert "Monday" in flags[0].reason and "Tuesday" in flags[0].reason


@pytest.mark.parametrize(
    "statements",
    [
        # the same day
        [_said("a", "x", KURSK), _said("b", "y", KURSK)],
        # a copy is not an independent report
        [_said("a", "x", KURSK), _said("b", "y", KURSK, "Tuesday", origin="x")],
        # another subject on another day
        [_said("a", "x", KURSK), _said("b", "y", "Talks with the EU went well", "Tuesday")],
        # the other report also has the speaker on Tuesday: two remarks, two days
        [
            _said("a", "x", KURSK),
            _said("c", "x", "More Kursk region strikes on troops", "Tuesday"),
            _said("b", "y", KURSK, "Tuesday"),
        ],
        # published on Monday, it could not know of Wednesday's remarks
        [
            _said("a", "x", KURSK, "Monday", published="2024-11-04", said_on="2024-11-04"),
            _said("b", "y", KURSK, "Wednesday", published="2024-11-06", said_on="2024-11-06"),
        ],
        # weekdays of reports a month apart are not comparable
        [
            _said("a", "x", KURSK, published="2024-11-04"),
            _said("b", "y", KURSK, "Tuesday", published="2024-12-04"),
        ],
        # two different people
        [_said("a", "x", KURSK), _said("b", "y", KURSK, "Tuesday", speaker="Oleh Kovalenko")],
        # two articles of one outlet
        [_said("a", "x", KURSK), _said("b", "y", KURSK, "Tuesday", outlet="X")],
    ],
)
def test_link_no_date_drift(statements: list[Said]) -> None:
    assert date_drift(statements) == []


NARRATION = (
    0,
    110,
    "Ukrainian military intelligence reported that 12,000 North Korean soldiers have been deployed to Russia.",
)
QUOTE = "Our military intelligence shows that 12,000 North Korean soldiers have now been deployed to Russia."


def test_link_unsupported_quote_restating_narration() -> None:
    quote = _said("q", "x", QUOTE, direct=True, span=(200, 290))
    sentences = {
        "x": [NARRATION, (200, 290, QUOTE)],
        "y": [(0, 40, "Talks in Brussels ended without a deal.")],
    }
    (flag,) = unsupported_quotes([quote], sentences, _sources(sentences))
    assert (
        flag.kind is FlagKind.UNSUPPORTED_QUOTE and "Ukrainian military intelligence" in flag.reason
    )


@pytest.mark.parametrize(
    ("statements", "sentences"),
    [
        # another independent report carries the words
        (
            [_said("q", "x", QUOTE, direct=True, span=(200, 290))],
            {"x": [NARRATION, (200, 290, QUOTE)], "y": [(0, 90, QUOTE)]},
        ),
        # one report alone: nothing to compare with
        (
            [_said("q", "x", QUOTE, direct=True, span=(200, 290))],
            {"x": [NARRATION, (200, 290, QUOTE)]},
        ),
        # the narration is the same speaker's own reported words ("X said ... 'X'")
        (
            [
                _said("r", "x", NARRATION[2], speaker="Andriy Kovalenko", span=(0, 110)),
                _said("q", "x", QUOTE, direct=True, span=(200, 290)),
            ],
            {
                "x": [NARRATION, (200, 290, QUOTE)],
                "y": [(0, 40, "Talks in Brussels ended without a deal.")],
            },
        ),
        # reported speech is not a quote
        (
            [_said("q", "x", QUOTE, direct=False, span=(200, 290))],
            {"x": [NARRATION, (200, 290, QUOTE)], "y": [(0, 40, "Talks ended.")]},
        ),
    ],
)
def test_link_no_unsupported_quote(statements: list[Said], sentences: dict) -> None:
    assert unsupported_quotes(statements, sentences, _sources(sentences)) == []


def test_link_no_unsupported_quote_when_the_other_report_is_a_copy_or_same_outlet() -> None:
    quote = _said("q", "x", QUOTE, direct=True, span=(200, 290))
    sentences = {"x": [NARRATION, (200, 290, QUOTE)], "y": [(0, 40, "Talks ended.")]}
    for y_source in (("x", "Y"), ("y", "X")):  # a copy of x, or another article of X
        sources = {"x": ("x", "X"), "y": y_source}
        assert unsupported_quotes([quote], sentences, sources) == []


def _sources(sentences: dict) -> dict[str, tuple[str, str]]:
    return {a: (a, a.upper()) for a in sentences}


@pytest.mark.parametrize(
    ("sentence", "figure", "part"),
    [
        ("Garrard completed 28 of 41 passes for 329 yards.", "41", "total"),
        ("Garrard completed 28 of 41 passes for 329 yards.", "28", ""),
        ("He missed 10 of the Saints' 16 games.", "16", "total"),
        ("Philadelphia won 18 of its next 23 games.", "23", "total"),
        ("three out of every ten voters", "ten", "total"),
        ("five units of about 3,000 each", "3,000", "each"),
        ("The ministry counted 2,000 of the troops.", "2,000", ""),
        ("Officials said 40 of them were injured.", "40", ""),
    ],
)
def test_link_part_of_a_whole(sentence: str, figure: str, part: str) -> None:
    assert part_of(sentence, figure) == part
