"""The link stage on hand-made records: what must be linked or flagged, and what must not."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from newsledger.ledger.claims import Figure
from newsledger.link.claims import (
    claim_groups,
    compatible,
    interval,
    measure_key,
    part_of,
)
from newsledger.link.clusters import candidate_pairs, cluster
from newsledger.link.flags import (
    FlagKind,
    Reported,
    Said,
    content_words,
    date_drift,
    echoes,
    group_flags,
    unsupported_quotes,
)
from newsledger.link.speakers import Spoken, canonical_ids, fold, is_named
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


def _ids(*mentions: tuple[str, ...]) -> list[str]:
    """Speaker ids of (story, article, name[, role]) mentions, in order."""
    spoken = [Spoken(*m) for m in mentions]
    ids = canonical_ids(spoken)
    return [ids[m] for m in spoken]


def test_link_speakers_same_person_across_spellings_not_across_people() -> None:
    ids = _ids(
        ("s1", "a", "Andriy Kovalenko"),
        ("s1", "b", "Andrii Kovalenko"),
        ("s1", "c", "Kovalenko"),
        ("s1", "d", "Lt. Andriy Kovalenko"),
        ("s2", "e", "Oleh Kovalenko"),
        ("s1", "a", "The Pentagon"),
        ("s2", "e", "Pentagon"),
        ("s1", "a", "Fire service spokeswoman Mikaela Sørensen"),
        ("s2", "e", "Mikaela Sorensen"),
    )
    assert len(set(ids[:4])) == 1 and ids[4] != ids[0]
    assert ids[5] == ids[6] and ids[7] == ids[8]


def test_link_speakers_transliterations_initials_titles_and_ages() -> None:
    ids = _ids(
        ("s", "a", "Heidar Alishvandi"),
        ("s", "b", "Heydar Alishbandi"),
        ("s", "b", "Mr Alishbandi"),
        ("s", "c", "City Council Member Jumaane Williams"),
        ("s", "d", "New York City Councilman Jumaane D. Williams"),
        ("s", "e", "Makaeo Williams, 18"),
        ("s", "e", "Makaeo Williams"),
    )
    assert ids[0] == ids[1] == ids[2]
    assert ids[3] == ids[4] and ids[5] == ids[6] != ids[3]


def test_link_speakers_surname_particles_written_apart_or_together() -> None:
    ids = _ids(
        ("s", "a", "Judge Vincent DelGiudice"),
        ("s", "b", "Vincent Del Giudice"),
        ("s", "c", "Ursula von der Leyen"),
        ("s", "d", "Commission President Ursula Von der Leyen"),
        ("s", "e", "Vincent Giudice"),
        ("s", "f", "Del Giudice"),  # the surname alone, its particle first
        ("s", "g", "Bill de Blasio"),
        ("s", "g", "De Blasio"),
    )
    assert ids[0] == ids[1] == ids[5] and ids[2] == ids[3] and ids[4] != ids[0]
    assert ids[6] == ids[7]


def test_link_an_outlet_written_short_or_long_is_one_body_not_a_person() -> None:
    ids = _ids(
        ("s", "a", "the N.Y. Daily News"),
        ("s", "b", "the New York Daily News"),
        ("s", "c", "the New York Post"),
    )
    assert ids[0] == ids[1] != ids[2]


def test_link_bare_surname_stays_apart_when_two_people_share_it() -> None:
    ids = _ids(
        ("s", "a", "Andriy Kovalenko"), ("s", "b", "Oleh Kovalenko"), ("s", "c", "Kovalenko")
    )
    assert ids[2] not in (ids[0], ids[1])
    # but in an article that names one of them, the surname is that one
    ids = _ids(
        ("s", "a", "Jumaane Williams"), ("s", "b", "Makaeo Williams"), ("s", "a", "Williams")
    )
    assert ids[2] == ids[0]


def test_link_a_role_joins_the_one_person_who_holds_it() -> None:
    ids = _ids(
        ("s", "a", "Heydar Alishbandi", "Governor of Qeshm island"),
        ("s", "b", "Abdolreza Sheikholeslami", "the governor of Hormozgan Province"),
        ("s", "c", "The governor of Qeshm island"),
        ("s", "d", "the governor"),  # two governors: cannot tell which
        ("s", "e", "Qeshm Gov. Heidar Alishvandi"),
    )
    assert ids[2] == ids[0] == ids[4] and ids[3] not in (ids[0], ids[1])


def test_link_organisations_however_written() -> None:
    ids = _ids(
        ("s", "a", "U.S. Geological Survey"),
        ("s", "a", "the U.S. Geological Survey in Golden, Colo."),
        ("s", "b", "The US Geological Survey"),
        ("s", "c", "The USGS"),
        ("s", "c", "Tehran's seismologic center"),
        ("s", "d", "Iran's seismologic center"),
        ("s", "e", "the seismological center"),
    )
    assert len(set(ids[:4])) == 1
    assert ids[4] == ids[5] == ids[6] != ids[0]


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


def _figure(cid: str, value: float | None, **fields: object) -> Figure:
    """A stored figure as the link stage reads it; by default 'North Korean troops' of story
    's' in article 'a1'."""
    base: dict[str, object] = {
        "claim_id": cid,
        "article_key": "a1",
        "story_id": "s",
        "text": "",
        "sentence": "",
        "value": value,
        "low": None,
        "high": None,
        "qualifier": "exact",
        "unit": None,
        "counted": "North Korean troops",
        "measure": "troops",
        "thing": "troops",
        "outcome": None,
        "part": False,
        "dimension": None,
        "base_unit": None,
        "base_value": None,
        "base_low": None,
        "base_high": None,
        "era": None,
        "event_day": None,
        "running": False,
        "headline": False,
        "speaker": None,
        "speaker_id": None,
        "group_id": None,
    }
    base.update(fields)
    return Figure(**base)  # type: ignore[arg-type]


def test_link_measure_keys() -> None:
    troops = measure_key(_figure("1", 1))
    assert troops == measure_key(_figure("2", 1, counted="North Korean soldiers"))
    assert troops == measure_key(_figure("3", 1, scope_head="kursk", scope_is_place=True))
    assert troops != measure_key(_figure("4", 1, scope_head="border"))  # narrows it
    assert troops != measure_key(_figure("5", 1, counted="Russian troops"))
    assert troops != measure_key(
        _figure("6", 1, sentence="five units of about 3,000 each", text="3,000")
    )
    assert troops != measure_key(_figure("7", 1, era="2003"))  # a past event
    assert troops != measure_key(_figure("8", 1, running=True))  # a running total
    assert troops != measure_key(_figure("9", 1, part=True))  # "two of them"
    assert measure_key(_figure("10", 1, counted="troops", concept="Russia")) == measure_key(
        _figure("11", 1, counted="Russian troops")
    )
    deal = {"measure": "amount of deal", "thing": "deal", "counted": "deal"}
    total = measure_key(_figure("14", 184e6, dimension="money", **deal))
    per_season = measure_key(_figure("15", 23e6, dimension="money/season", **deal))
    assert total is not None and per_season is not None
    assert per_season.kind == "amount of deal per season" != total.kind  # a rate apart
    assert measure_key(_figure("12", 1, measure=None, counted="")) is None
    assert measure_key(_figure("13", 1, derived=True)) is None


def test_link_figures_of_a_ledger_made_before_measures_group_by_their_noun() -> None:
    old = [
        _figure("a", 12, measure=None, thing=None, counted="North Korean soldiers"),
        _figure("b", 12, measure=None, thing=None, counted="North Korean troops", article_key="a2"),
        _figure("c", 3, measure=None, thing=None, counted="generals"),
    ]
    groups = claim_groups(old)
    assert groups["a"] == groups["b"] != groups["c"]


def _counts(cid: str, value: float, thing: str, outcome: str | None = None, **fields: object):
    measure = f"{thing}s {outcome}" if outcome else f"{thing}s"
    return _figure(
        cid, value, thing=thing, outcome=outcome, measure=measure, counted=measure, **fields
    )


def test_link_a_figure_that_says_less_joins_the_one_measure_that_says_more() -> None:
    figures = [
        _counts("v1", 7, "village"),  # "seven villages"
        _counts("v2", 7, "village", "damaged"),  # "flattening seven villages"
        _counts("v3", 4, "village", "damaged"),
        _counts("p1", 26, "crew"),  # "26 crewmen aboard"
        _counts("p2", 26, "pirate", "held"),  # "26 pirates captured"
        _counts("b1", 5, "boat"),  # "five boats were seen"
        _counts("b2", 3, "boat", "held"),  # "three boats captured"
        _counts("b3", 2, "boat", "escaped"),
    ]
    groups = claim_groups(figures)
    assert groups["v1"] == groups["v2"] == groups["v3"]
    assert groups["p1"] == groups["p2"]
    # five boats seen share no figure with those captured or escaped: three measures
    assert len({groups["b1"], groups["b2"], groups["b3"]}) == 3


def test_link_a_figure_does_not_join_when_two_measures_could_take_it() -> None:
    figures = [
        _counts("x", 10, "people"),  # "ten people": killed or injured?
        _counts("k", 10, "people", "killed"),
        _counts("i", 10, "people", "injured"),
    ]
    groups = claim_groups(figures)
    assert len({groups["x"], groups["k"], groups["i"]}) == 3


def test_link_people_in_hospital_join_the_injured_when_their_figures_agree() -> None:
    figures = [
        _counts("i1", 2, "people", "injured"),  # "two wounded"
        _counts("i2", 2, "people", "injured"),
        _counts("t1", 2, "people", "treated"),  # "the two other victims were being treated"
        _counts("t2", 4, "worker", "treated"),  # "four workers in hospital": another figure
        _counts("t3", 4, "worker", "treated"),
    ]
    groups = claim_groups(figures)
    assert groups["t1"] == groups["i1"] == groups["i2"]
    assert groups["t2"] == groups["t3"] != groups["i1"]


def test_link_a_toll_of_one_kind_of_people_joins_the_toll_it_agrees_with() -> None:
    figures = [
        _counts("p1", 3, "people", "killed"),  # "three people died"
        _counts("p2", 3, "people", "killed"),
        _counts("w1", 3, "worker", "killed"),  # "the three bank workers were killed"
        _counts("c1", 3, "children", "killed"),  # "mourn the loss of three children"
        _counts("c2", 5, "children", "killed"),  # another toll: five children of twelve
        _counts("c3", 5, "children", "killed"),
    ]
    groups = claim_groups(figures)
    assert groups["p1"] == groups["p2"] == groups["w1"]
    assert groups["c2"] == groups["c3"] != groups["p1"]


def test_link_a_count_by_nationality_joins_that_nation_s_troops() -> None:
    figures = [
        _figure("t", 12000),
        _figure("n", 10000, thing="nationals", measure="nationals", counted="North Koreans"),
        _figure("o", 500, thing="officer", measure="officers", counted="North Korean officers"),
        _figure("r", 45000, counted="Russian troops"),
    ]
    groups = claim_groups(figures)
    assert groups["n"] == groups["t"] and len({groups["t"], groups["o"], groups["r"]}) == 3


def test_link_claim_groups_are_per_story() -> None:
    groups = claim_groups([_figure("a", 5), _figure("b", 5, story_id="other")])
    assert groups["a"] != groups["b"]


def _reported(figure: Figure, outlet: str, origin: str = "", published: str | None = None):
    article = figure.article_key
    return Reported(figure, article, outlet, origin or article, published)


def _killed(cid: str, value: float, article: str, **fields: object) -> Figure:
    fields = {
        "measure": "people killed",
        "thing": "people",
        "outcome": "killed",
        "counted": "people killed",
        "article_key": article,
        **fields,
    }
    return _figure(cid, value, **fields)


def test_link_conflict_when_intervals_are_disjoint_whichever_outlets() -> None:
    flags = group_flags(
        [_reported(_killed("a", 10, "x"), "X"), _reported(_killed("b", 3, "y"), "Y")]
    )
    assert Counter(f.kind for f in flags) == {FlagKind.NUMERIC_CONFLICT: 2}
    assert "cannot both hold" in flags[0].reason and flags[0].evidence == ["b"]
    # two sources in one report: Tehran's 5.9 and the USGS's 6.1
    tehran = _figure(
        "t", 5.9, measure="magnitude", thing=None, speaker="Tehran's center", speaker_id="c"
    )
    usgs = _figure("u", 6.1, measure="magnitude", thing=None, speaker="USGS", speaker_id="u")
    assert len(group_flags([_reported(tehran, "X"), _reported(usgs, "X")])) == 2
    # one report's two figures from no two sources count two subjects
    plain = [_figure(c, v, measure="magnitude", thing=None) for c, v in (("p", 5.9), ("q", 6.1))]
    assert group_flags([_reported(f, "X") for f in plain]) == []


def test_link_no_conflict_between_players_statistics() -> None:
    def rebounds(cid: str, value: float, article: str, owner: str | None = None) -> Reported:
        figure = _figure(
            cid,
            value,
            measure="rebounds",
            thing="rebound",
            counted="rebounds",
            article_key=article,
            owner=owner,
        )
        return _reported(figure, article.upper())

    assert group_flags([rebounds("a", 12, "x"), rebounds("b", 8, "y")]) == []
    same = [rebounds("a", 12, "x", "Marta Lind"), rebounds("b", 8, "y", "Marta Lind")]
    assert {f.kind for f in group_flags(same)} == {FlagKind.NUMERIC_CONFLICT}


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ((10, "exact"), (10, "at_least")),  # at least ten holds with ten
        ((26000, "more_than"), (31000, "more_than")),  # two lower bounds
        ((200, "exact"), (200, "more_than")),  # "200" and "more than 200"
        ((612, "exact"), (600, "exact")),  # a round figure for an exact one
        ((50, "approximately"), (60, "exact")),  # about fifty
    ],
)
def test_link_no_conflict_when_the_hedges_allow_both(first: tuple, second: tuple) -> None:
    a = _killed("a", first[0], "x", qualifier=first[1])
    b = _killed("b", second[0], "y", qualifier=second[1])
    assert group_flags([_reported(a, "X"), _reported(b, "Y")]) == []


def test_link_units_are_compared_in_their_base() -> None:
    km = _figure(
        "a",
        58,
        unit="km",
        qualifier="approximately",
        dimension="length",
        base_unit="m",
        base_value=58000.0,
        measure="distance from bandar abbas",
    )
    miles = _figure(
        "b",
        35,
        unit="miles",
        dimension="length",
        base_unit="m",
        base_value=56327.04,
        measure="distance from bandar abbas",
        article_key="a2",
    )
    assert group_flags([_reported(km, "X"), _reported(miles, "Y")]) == []
    far = _figure(
        "c",
        90,
        unit="miles",
        dimension="length",
        base_unit="m",
        base_value=144840.96,
        measure="distance from bandar abbas",
        article_key="a3",
    )
    assert {f.kind for f in group_flags([_reported(km, "X"), _reported(far, "Y")])} == {
        FlagKind.NUMERIC_CONFLICT
    }


@pytest.mark.parametrize(
    "second",
    [
        _killed("b", 3, "y", headline=True),  # a headline
        _killed("b", 3, "y", tense="future"),  # "will kill": not what was
        _killed("b", 3, "y", event_day="monday"),  # two days: two events
        _killed("b", 1000, "y"),  # over ten times apart: more often two counts
        _counts("b", 3, "people", article_key="y"),  # a loose count of people
    ],
    ids=["headline", "tense", "days", "far-apart", "loose-people"],
)
def test_link_no_conflict(second: Figure) -> None:
    first = _killed("a", 10, "x", tense="past", event_day="sunday")
    assert [
        f
        for f in group_flags([_reported(first, "X"), _reported(second, "Y")])
        if f.kind == FlagKind.NUMERIC_CONFLICT
    ] == []


def test_link_no_conflict_between_a_copy_and_its_original_or_two_parts() -> None:
    a, b = _killed("a", 10, "x"), _killed("b", 3, "y")
    assert group_flags([_reported(a, "X"), _reported(b, "Y", origin="x")]) == []
    two = _counts("p2", 2, "boat", part=True)
    three = _counts("p3", 3, "boat", part=True, article_key="y")
    assert group_flags([_reported(two, "X"), _reported(three, "Y")]) == []


def test_link_conflict_reports_hours_apart_read_as_an_update() -> None:
    early = _reported(_killed("a", 3, "x"), "X", published="2005-11-27T08:00:00+00:00")
    late = _reported(_killed("b", 10, "y"), "Y", published="2005-11-27T18:00:00+00:00")
    reason = group_flags([late, early])[0].reason
    assert reason.index("3 (X") < reason.index("10 (Y") and "update" in reason


def test_link_attribution_drift() -> None:
    def troops(cid: str, value: float, speaker: str, article: str) -> Reported:
        figure = _figure(
            cid, value, speaker=speaker, speaker_id="sp-" + speaker, article_key=article
        )
        return _reported(figure, article.upper())

    flags = group_flags(
        [
            troops("a", 12000, "Ukrainian military intelligence", "x"),
            troops("b", 12000, "US intelligence agencies", "y"),
        ]
    )
    assert {f.kind for f in flags} == {FlagKind.ATTRIBUTION_DRIFT}
    usgs = group_flags([troops("a", 12000, "USGS", "x"), troops("b", 9000, "USGS", "y")])
    assert {f.kind for f in usgs} == {FlagKind.NUMERIC_CONFLICT}
    magnitude = [
        _reported(
            _figure(
                "m1",
                5.9,
                measure="magnitude",
                speaker="USGS",
                speaker_id="u",
                qualifier="approximately",
                article_key="x",
            ),
            "X",
        ),
        _reported(
            _figure(
                "m2",
                6.1,
                measure="magnitude",
                speaker="USGS",
                speaker_id="u",
                qualifier="approximately",
                article_key="y",
            ),
            "Y",
        ),
    ]
    assert {f.kind for f in group_flags(magnitude)} == {FlagKind.ATTRIBUTION_DRIFT}
    assert (
        group_flags([troops("a", 12000, "its owner", "x"), troops("b", 12000, "the owner", "y")])
        == []
    )
    assert not is_named("its owner") and is_named("Ukrainian military intelligence")
    # one source named more or less fully is not drift
    fuller = [
        troops("a", 12000, "Microsoft", "x"),
        troops("b", 12000, "Microsoft security researchers", "y"),
    ]
    assert group_flags(fuller) == []


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
        ("five units of about 3,000 each", "3,000", "each"),
        ("five units of 3,000 troops apiece", "3,000", "each"),
        ("Garrard completed 28 of 41 passes for 329 yards.", "41", ""),
        ("The ministry counted 2,000 of the troops.", "2,000", ""),
    ],
)
def test_link_part_of_a_whole(sentence: str, figure: str, part: str) -> None:
    assert part_of(sentence, figure) == part


def test_link_people_with_an_outcome_join_the_one_kind_of_people_with_it() -> None:
    figures = [
        _counts("p", 2, "people", "killed"),  # "two people have been killed"
        _counts("w", 2, "worker", "killed", article_key="a2"),  # "killing two workers"
        _counts("x", 3, "people"),  # "three people": no outcome, no join
        _counts("y", 3, "worker", article_key="a2"),
    ]
    groups = claim_groups(figures)
    assert groups["p"] == groups["w"]
    assert groups["x"] != groups["y"]


def test_link_a_count_joins_its_own_class_before_other_people() -> None:
    figures = [
        _counts("s", 2, "son"),  # "two sons"
        _counts("v", 2, "son", "survived", article_key="a2"),  # "two sons survived"
        _counts("k", 2, "people", "killed", article_key="a2"),
    ]
    groups = claim_groups(figures)
    assert groups["s"] == groups["v"] != groups["k"]
