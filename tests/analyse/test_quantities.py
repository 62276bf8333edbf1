"""Numeric claims on sentences written for these tests (the eval sets are for scoring only)."""

from __future__ import annotations

import pytest

from newsledger.analyse.pipeline import load_pipeline
from newsledger.analyse.quantities import quantities_of
from newsledger.records import Qualifier, Quantity
from newsledger.vocabulary import show


@pytest.fixture(scope="module")
def nlp(settings):
    return load_pipeline(settings.spacy_model)


def _found(nlp, text: str) -> list[Quantity]:
    return list(quantities_of(nlp(text)))


def _one(nlp, text: str) -> Quantity:
    found = _found(nlp, text)
    assert len(found) == 1, [(q.text, q.value) for q in found]
    return found[0]


@pytest.mark.parametrize(
    ("text", "value", "qualifier"),
    [
        ("Officials said about 4,000 residents left their homes.", 4000, Qualifier.APPROXIMATELY),
        (
            "The ministry counted at least 10,000 soldiers near the border.",
            10000,
            Qualifier.AT_LEAST,
        ),
        ("More than 3,500 people were evacuated from the town.", 3500, Qualifier.MORE_THAN),
        ("Fewer than 40 boats returned to the harbour.", 40, Qualifier.LESS_THAN),
        ("The shelters can hold up to 900 people.", 900, Qualifier.UP_TO),
        ("Some 1.5 million voters stayed at home.", 1_500_000, Qualifier.APPROXIMATELY),
        ("An estimated 12,000 troops were sent to the front.", 12000, Qualifier.ESTIMATED),
        ("Nearly twelve thousand workers joined the strike.", 12000, Qualifier.APPROXIMATELY),
        ("The council hired twenty-seven extra nurses.", 27, Qualifier.EXACT),
        ("Police arrested a dozen protesters outside the court.", 12, Qualifier.EXACT),
        (
            "The club sold 1.200.000 tickets last season, the league said.",
            1_200_000,
            Qualifier.EXACT,
        ),
    ],
    ids=[
        "about",
        "at-least",
        "more-than",
        "fewer-than",
        "up-to",
        "some-million",
        "estimated",
        "nearly-words",
        "hyphen-words",
        "a-dozen",
        "dot-thousands",
    ],
)
def test_quantities_value_and_qualifier(nlp, text: str, value: float, qualifier: Qualifier) -> None:
    q = _one(nlp, text)
    assert q.value == pytest.approx(value)
    assert q.qualifier is qualifier


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("Between 40 and 50 people died in the flooding.", 40, 50),
        ("Prices rose by 5 to 7 per cent over the year.", 5, 7),
        ("The company expects revenue of $89 to $93 billion.", 89e9, 93e9),
        ("Tickets cost 15-22 euros at the door.", 15, 22),
        ("Dozens of families lost their homes.", 12, 120),
        ("Hundreds of thousands of people marched on Sunday.", 100_000, 1_000_000),
        ("It took three or four years to build the bridge.", 3, 4),
    ],
    ids=["between", "to-percent", "shared-scale", "dash", "dozens", "hundreds-of-thousands", "or"],
)
def test_quantities_ranges(nlp, text: str, low: float, high: float) -> None:
    q = _one(nlp, text)
    assert (q.low, q.high) == (pytest.approx(low), pytest.approx(high))


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("The deal is worth $2.5bn to the port.", 2.5e9, "$"),
        ("Exports grew 15% in March.", 15, "%"),
        ("Inflation slowed to 3.2 per cent.", 3.2, "per cent"),
        ("The fine was £300m, the regulator said.", 3e8, "£"),
        ("The depot stored about 1,200 tonnes of fertiliser.", 1200, "tonnes"),
        ("The storm moved at 87 mph towards the coast.", 87, "mph"),
        (
            "The fund paid 10.5 million Australian dollars to investors.",
            10.5e6,
            "Australian dollars",
        ),
        ("The tower is 300 feet tall.", 300, "feet"),
    ],
    ids=[
        "money-bn",
        "percent-sign",
        "per-cent",
        "pounds-m",
        "tonnes",
        "mph",
        "currency-words",
        "feet",
    ],
)
def test_quantities_units(nlp, text: str, value: float, unit: str) -> None:
    q = _one(nlp, text)
    assert q.value == pytest.approx(value)
    assert q.unit == unit


def test_quantities_counted_scope_and_speaker(nlp) -> None:
    q = _one(
        nlp,
        "The U.S. said last week that around 8,000 North Korean soldiers were "
        "stationed on the border with Ukraine.",
    )
    assert q.counted == "North Korean soldiers"
    assert q.scope is not None and q.scope.startswith("on the border")
    assert q.speaker == "The U.S." and q.cue == "said"
    assert q.time_text == "last week"


def test_quantities_percent_of_counts_the_object(nlp) -> None:
    q = _one(nlp, "The firm earns more than 60 per cent of its revenue from advertising.")
    assert q.counted == "revenue" and q.qualifier is Qualifier.MORE_THAN


def test_quantities_according_to_and_pronoun_speaker(nlp) -> None:
    found = _found(
        nlp,
        "Rustem Umerov spoke in Kyiv. He said five units with about 3,000 "
        "troops each would be deployed.",
    )
    assert [(q.value, q.counted, q.speaker) for q in found[:2]] == [
        (5, "units", "Rustem Umerov"),
        (3000, "troops", "Rustem Umerov"),
    ]
    derived = [q for q in found if q.derived]
    assert [(q.value, q.derived) for q in derived] == [(15000, True)]
    q = _one(nlp, "According to the health ministry, 27 people were taken to hospital.")
    assert q.speaker == "the health ministry" and q.cue == "according to"


def test_quantities_unattributed_figure_has_no_speaker(nlp) -> None:
    q = _one(nlp, "The estimated 12,000 troops arrived by train.")
    assert q.speaker is None and q.unattributed and q.qualifier is Qualifier.ESTIMATED


@pytest.mark.parametrize(
    "text",
    [
        "The talks began on March 29, 2019 in Geneva.",
        "The meeting starts at 10:30 am on Monday.",
        "She finished second in the race.",
        "It was the 3rd attempt to cross the river.",
        "The F-16 jets landed at the base.",
        "Leaders of the Group of 7 met in Rome.",
        "The new iPhone 11 Pro went on sale.",
        "See page 12 for the full table.",
        "Maddon, 66, has worked in the league for decades.",
        "1. Introduction",
        "The law was passed in 1998 after a long debate.",
        "He was born in the 1990s.",
        "The S&P 500 fell on Friday.",
        "She lives at 49 Zorro Ranch Road.",
        "No one was hurt in the fire.",
        "Call the hotline on +44 20 7946 0000 for help.",
        "Readers can reach the desk at (020) 7946-0123.",
        "The men drove a large four-by-four into the store.",
        "They shared a 10-by-12 cell.",
    ],
    ids=[
        "date",
        "time",
        "ordinal-word",
        "ordinal-digits",
        "model-hyphen",
        "group-of-7",
        "iphone",
        "page",
        "age",
        "numbering",
        "year",
        "decade",
        "index",
        "address",
        "no-one",
        "phone-intl",
        "phone-local",
        "vehicle-by",
        "size-by",
    ],
)
def test_quantities_not_claims(nlp, text: str) -> None:
    assert _found(nlp, text) == []


def test_quantities_time_resolves_against_publication(nlp) -> None:
    doc = nlp("The fire service said on Monday that about 4,000 residents had left.")
    (q,) = quantities_of(doc, published="2024-11-06T09:00:00+00:00")  # a Wednesday
    assert (q.time_text, q.time) == ("Monday", "2024-11-04")
    (undated,) = quantities_of(doc)
    assert (undated.time_text, undated.time) == ("Monday", None)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (12000, "12,000"),
        (5.9, "5.9"),
        (1_250_000, "1,250,000"),
        (0.125, "0.125"),
        (2.5e9, "2,500,000,000"),
    ],
)
def test_figures_are_shown_as_written_not_rounded_or_in_exponents(value: float, shown: str) -> None:
    assert show(value) == shown


@pytest.mark.parametrize(
    ("text", "value", "counted"),
    [
        ("Mara Quist, 34, a mother of 12, was hurt.", 12, "children of the mother"),
        ("The father of three was arrested on Monday.", 3, "children of the father"),
        ("He told police his dozen rounds missed the car.", 12, "rounds missed"),
        ("The hiker fell about 600m while climbing the ridge.", 600, "fall distance"),
        ("The column advanced 12 kilometres overnight.", 12, "advance distance"),
    ],
)
def test_quantities_counted_from_the_words_around(
    nlp, text: str, value: float, counted: str
) -> None:
    (q,) = [q for q in _found(nlp, text) if q.value == value]
    assert q.counted == counted


@pytest.mark.parametrize(
    "text",
    ["The guide, in his early 30s, led the group.", "Prices doubled in the 1980s."],
)
def test_quantities_decades_are_not_seconds(nlp, text: str) -> None:
    assert all(q.unit != "s" for q in _found(nlp, text))


def test_quantities_showing_an_object_is_no_source(nlp) -> None:
    (q,) = _found(nlp, "Prosecutors showed the footage at the trial of the two youths.")
    assert q.speaker is None
    (q,) = _found(nlp, "The data show 12 deaths in May.")
    assert q.speaker == "The data"


@pytest.mark.parametrize(
    ("text", "value", "counted", "measure"),
    [
        ("The gunman wounded two co-workers.", 2, "co-workers wounded", "workers injured"),
        ("He bought 300 Coca-Cola bottles.", 300, "Coca-Cola bottles", "bottles"),
        ("She shot three neighbours.", 3, "neighbours shot", "neighbours shot"),
        ("Seven miners were trapped below.", 7, "miners trapped", "miners trapped"),
        ("He stood accused of letting off 13 shots.", 13, "shots let", "shots fired"),
        ("The sniper sprayed 13 bullets.", 13, "bullets sprayed", "shots fired"),
        ("The town of 14,000 mourned.", 14000, "population", "population"),
        (
            "The blast killed at least 12 and injured 40 others.",
            40,
            "people injured",
            "people injured",
        ),
        ("Two boats were captured and three others escaped.", 3, "boats escaped", "boats escaped"),
        ("Officials put the number of missing at 17.", 17, "missing", "people missing"),
        ("The number of people killed rose to 41.", 41, "people killed", "people killed"),
        ("Driver Kills Two In Depot Crash\nThe town is quiet.", 2, "kills", "people killed"),
    ],
)
def test_quantities_what_is_counted_when_the_words_vary(
    nlp, text: str, value: float, counted: str, measure: str
) -> None:
    (q,) = [q for q in _found(nlp, text) if q.value == value]
    assert (q.counted, q.measure) == (counted, measure)


@pytest.mark.parametrize(
    "text", ["He has two sons, ages 16 and 6.", "The boys, aged 16 and 6, were treated."]
)
def test_quantities_ages_after_an_age_word_are_ages(nlp, text: str) -> None:
    ages = [q for q in _found(nlp, text) if q.value in (16, 6)]
    assert [q.measure for q in ages] == ["age", "age"]


def test_quantities_a_standing_count_is_not_dated_by_the_event(nlp) -> None:
    found = _found(nlp, "Ana Ruiz, a mother of 12, was shot in 2011 at a bus stop.")
    (children,) = [q for q in found if q.value == 12]
    assert children.measure == "children" and children.era is None


def test_quantities_an_age_with_its_closing_comma_left_out(nlp) -> None:
    assert [q.value for q in _found(nlp, "Mark Delaney, 20 was found guilty on Tuesday.")] == []
    (q,) = _found(nlp, "2 Dead, 1 Wounded in Plant Shooting\nThe plant is closed.")[1:]
    assert (q.value, q.measure) == (1, "people injured")


def test_quantities_others_with_no_outcome_are_a_part(nlp) -> None:
    found = _found(
        nlp, "She cares for five of the kids while their father looks after seven others."
    )
    (others,) = [q for q in found if q.value == 7]
    assert others.part


def test_quantities_an_age_range_after_aged(nlp) -> None:
    (q,) = [q for q in _found(nlp, "Three suspects, aged between 18 and 25, were held.") if q.low]
    assert (q.low, q.high, q.measure) == (18, 25, "age")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The club offered him an eight-year, $160MM deal.", 160_000_000),
        ("He wants $27.5MM per season.", 27_500_000),
        ("The rival bid was $5B.", 5_000_000_000),
    ],
)
def test_quantities_money_shorthand(nlp, text: str, value: float) -> None:
    assert [q.value for q in _found(nlp, text) if (q.unit or "").startswith("$")] == [value]


def test_quantities_mm_after_a_plain_number_stays_millimetres(nlp) -> None:
    (q,) = _found(nlp, "He carried a 9mm pistol.")
    assert (q.value, q.unit) == (9, "mm")


@pytest.mark.parametrize(
    "text", ["Crews estimated the loss at $12,000.", "The crowd was estimated at 5,000."]
)
def test_quantities_estimated_at_is_an_estimate(nlp, text: str) -> None:
    (q,) = _found(nlp, text)
    assert q.qualifier is Qualifier.ESTIMATED


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("The club offered him $160 million over eight years.", Qualifier.EXACT),
        ("Prices rose 5% over three months.", Qualifier.EXACT),
        ("He has lived there for over eight years.", Qualifier.MORE_THAN),
        ("Over 20 years ago, the plant closed.", Qualifier.MORE_THAN),
    ],
)
def test_quantities_over_a_period_spreads_rather_than_hedges(
    nlp, text: str, qualifier: Qualifier
) -> None:
    (q,) = [q for q in _found(nlp, text) if q.unit in ("years", "months")]
    assert q.qualifier is qualifier


@pytest.mark.parametrize(
    ("text", "counted"),
    [
        ("Crews sent 31 pieces of firefighting apparatus.", "firefighting apparatus"),
        ("The flood killed 40 head of cattle.", "cattle"),
    ],
)
def test_quantities_a_container_noun_counts_its_of_object(nlp, text: str, counted: str) -> None:
    (q,) = _found(nlp, text)
    assert q.counted.startswith(counted)


@pytest.mark.parametrize(
    ("text", "value", "qualifier"),
    [
        ("He is seeking a deal in the $75 million range.", 75_000_000, Qualifier.APPROXIMATELY),
        ("He averaged more than 30 home runs and 100 RBIs.", 100, Qualifier.MORE_THAN),
        ("About 50 boats and 20 planes joined the search.", 20, Qualifier.APPROXIMATELY),
        ("The quake killed more than 30 people and injured 100.", 100, Qualifier.EXACT),
    ],
    ids=["in-the-range", "shared-hedge", "shared-about", "other-verb-own-hedge"],
)
def test_quantities_a_range_word_and_a_hedge_shared_by_joined_nouns(
    nlp, text: str, value: float, qualifier: Qualifier
) -> None:
    (q,) = [q for q in quantities_of(nlp(text)) if q.value == value]
    assert q.qualifier is qualifier
