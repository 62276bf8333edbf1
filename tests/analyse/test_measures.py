"""What figures measure, their units and timing, on sentences written for these tests."""

from __future__ import annotations

import pytest

from newsledger.analyse.pipeline import load_pipeline
from newsledger.analyse.quantities import quantities_of
from newsledger.analyse.quantities.context import tense_of
from newsledger.records import Qualifier, Quantity
from newsledger.vocabulary import Tense


@pytest.fixture(scope="module")
def nlp(settings):
    return load_pipeline(settings.spacy_model)


def _found(nlp, text: str, published: str | None = None) -> list[Quantity]:
    return list(quantities_of(nlp(text), published))


def _by_value(nlp, text: str) -> dict[float | None, Quantity]:
    return {q.value: q for q in _found(nlp, text)}


@pytest.mark.parametrize(
    ("text", "value", "measure", "counted_word"),
    [
        ("The blast left 23 dead and over 80 injured in the market.", 23, "people killed", "dead"),
        (
            "The blast left 23 dead and over 80 injured in the market.",
            80,
            "people injured",
            "injured",
        ),
        ("The storm swept the coast, killing 12 people.", 12, "people killed", "killed"),
        ("Officials said 60 were hurt in the crush.", 60, "people injured", "hurt"),
        ("Police said 46 were arrested near the stadium.", 46, "people arrested", "arrested"),
        ("Nine people died when the bridge fell.", 9, "people killed", "died"),
        ("The death toll rose to 31 on Friday.", 31, "people killed", "toll"),
        ("Guards seized four AK-47 rifles from the truck.", 4, "rifles seized", "AK-47 rifles"),
        ("Officers fired 14 shots at the car.", 14, "shots fired", "shots"),
        ("The man was shot nine times by the guard.", 9, "hits", "times"),
        ("The flood destroyed 15 villages in the valley.", 15, "villages damaged", "villages"),
        ("Twenty-two passengers were rescued from the ferry.", 22, "passengers rescued", "rescued"),
        ("Some 3,000 residents were evacuated overnight.", 3000, "people evacuated", "evacuated"),
        (
            "Forty people were taken to hospital with burns.",
            40,
            "people treated in hospital",
            "taken",
        ),
        ("A gunman shot to death one clerk at the depot.", 1, "clerks killed", "shot"),
        ("The sniper shot dead four guards.", 4, "guards killed", "dead"),
        ('"We mourn the death of seven of our citizens," the mayor said.', 7, "people killed", ""),
        ("The town mourned the loss of five children in the flood.", 5, "children killed", ""),
        ("The closure means the loss of 300 jobs.", 300, "jobs", "jobs"),
        ("Two miners underwent surgery overnight.", 2, "miners treated in hospital", "miners"),
        ("Some 8,000 people took to the streets of Lyon.", 8000, "people protesting", "took"),
        ("About 5,000 marched through the capital.", 5000, "people protesting", "marched"),
        ("Police put the rally at roughly 12,000 people.", 12000, "people protesting", "rally"),
        ("A march of 900 supporters filled the square.", 900, "people protesting", "march"),
        ("In March, 3,000 people died.", 3000, "people killed", "died"),
        ("Organisers held 20 protests in May.", 20, "protests", "protests"),
    ],
)
def test_measures_as_people_say_them(
    nlp, text: str, value: float, measure: str, counted_word: str
) -> None:
    q = _by_value(nlp, text)[value]
    assert q.measure == measure
    assert counted_word.lower() in (q.counted or "").lower()


@pytest.mark.parametrize(
    "text",
    [
        "A 6.3 magnitude earthquake shook the island.",
        "A magnitude-6.3 temblor shook the island.",
        "The survey put the magnitude at 6.3.",
        "The quake had a magnitude of 6.3, the agency said.",
    ],
)
def test_measures_magnitude_however_written(nlp, text: str) -> None:
    q = _by_value(nlp, text)[6.3]
    assert q.measure == "magnitude" and q.unit is None


def test_measures_aftershock_magnitudes_are_their_own(nlp) -> None:
    found = _found(nlp, "The quake was followed by five aftershocks of around 4.2.")
    assert [q.measure for q in found] == ["aftershocks", "aftershock magnitude"]


def test_measures_depth_and_distance_from_a_place(nlp) -> None:
    depth = _by_value(nlp, "The quake struck at a depth of 33 kilometres.")[33]
    assert depth.measure == "depth" and depth.base_value == 33000 and depth.base_unit == "m"
    distance = _by_value(nlp, "The epicentre was 35 miles southwest of Port Arden.")[35]
    assert distance.measure == "distance from port arden"
    assert distance.base_value == pytest.approx(56327.04)


@pytest.mark.parametrize(
    ("text", "value", "measure"),
    [
        ("The quake hit Varn island, home to 90,000 people.", 90000, "population of varn"),
        (
            "Gotland is a large island with a population of more than 60,000.",
            60000,
            "population of gotland",
        ),
        ("Ostby, a town of about 15,000 people, was spared.", 15000, "population of ostby"),
        ("The club offered the striker $160 million.", 160_000_000, "amount of deal"),
        (
            "The club made an offer to him in excess of $160 million.",
            160_000_000,
            "amount of deal",
        ),
        ("They agreed a four-year deal worth $84 million.", 84_000_000, "amount of deal"),
        ("The deal could be up to $180 million.", 180_000_000, "amount of deal"),
        ("The owners committed $240 million to new players.", 240_000_000, "amount of commitment"),
        (
            "Over a hundred billion dollars of trade passes through.",
            100_000_000_000,
            "amount of trade",
        ),
        ("The club agreed a 40 million euro deal for the winger.", 40_000_000, "amount of deal"),
        ("Lenders put up a 90bn-euro rescue package.", 90_000_000_000, "amount of deal"),
        ("The council will slice 40m euros from its budget.", 40_000_000, "amount of saving"),
        ("The plan foresees 12 billion euros in savings.", 12_000_000_000, "amount of saving"),
        ("The club offered 20 million euros for the winger.", 20_000_000, "amount of deal"),
        ("Thieves took jewels valued at $4 million on Monday.", 4_000_000, "amount of jewel"),
        ("The haul was estimated at $2 million.", 2_000_000, "amount of haul"),
        ("Police put the damage at $5 million.", 5_000_000, "amount of damage"),
        (
            "Reports of the club's offer varied; one station says it was eight years and "
            "$184 million.",
            184_000_000,
            "amount of deal",
        ),
        (
            "The club made an offer above $160 million, but sources say it is less than the "
            "$184 million reported by a sportscaster.",
            184_000_000,
            "amount of deal",
        ),
    ],
)
def test_measures_population_and_sums_of_money(nlp, text: str, value: float, measure: str) -> None:
    (q,) = [q for q in _found(nlp, text) if q.value == value]
    assert q.measure == measure


def test_measures_a_market_rally_is_no_crowd(nlp) -> None:
    (q,) = _found(nlp, "The index rallied 300 points.")
    assert q.measure is None or "protesting" not in q.measure


def test_measures_two_of_them_and_the_others_are_parts(nlp) -> None:
    text = (
        "Seven trucks tried to cross the border. "
        "Two of them turned back, and guards stopped the other five."
    )
    found = _found(nlp, text)
    assert [q.part for q in found] == [False, True, True]
    assert {q.thing for q in found} == {"truck"}


@pytest.mark.parametrize(
    "text",
    [
        "The council voted 13-10 to close the school.",
        "The home side won 52-48 after extra time.",
        "The budget for 2013-14 was cut again.",
        "He was released on 2019-03-12.",
        "A magnitude 6 quake can cause severe damage.",
        "The quake struck at 1353 (1023 GMT).",
        "Protesters marched for a third straight night.",
        "The shooting happened in the 12200 block of Oak Street.",
    ],
    ids=["vote", "score", "fiscal-year", "iso-date", "generic", "clock", "ordinal", "address"],
)
def test_measures_not_figures(nlp, text: str) -> None:
    assert _found(nlp, text) == []


def test_measures_a_change_is_a_before_and_an_after(nlp) -> None:
    share = _found(nlp, "Turnout rose from 55% to 70% in a decade.")
    assert [(q.value, q.change) for q in share] == [(55, "before"), (70, "after")]
    assert all(q.low is None for q in share)
    price = _found(nlp, "The price rose from $12 a share to $19 a share.")
    assert [q.value for q in price] == [12, 19]


def test_measures_a_range_keeps_its_unit(nlp) -> None:
    (q,) = _found(nlp, "The range is between 250 miles and 290 miles.")
    assert (q.low, q.high) == (250, 290) and q.dimension == "length"


@pytest.mark.parametrize(
    ("text", "value", "unit", "base_value", "base_unit"),
    [
        ("It was 38 degrees Celsius in the shade.", 38, "°C", 38, "°C"),
        (
            "It was 100 degrees Fahrenheit in the shade.",
            100,
            "°F",
            pytest.approx(37.78, 0.01),
            "°C",
        ),
        ("Temperatures reached -12 °C overnight.", -12, "°C", -12, "°C"),
        ("The car reached 140 km/h on the motorway.", 140, "km/h", 140, "km/h"),
        ("The wind gusted to 90 mph.", 90, "mph", pytest.approx(144.84, 0.01), "km/h"),
        ("Cleaners earn $15/hour there.", 15, "$/hour", 15, "USD/hour"),
        ("The reserve covers 300 km² of forest.", 300, "km²", 3e8, "m²"),
        ("The pipe is 3 1/4 inches wide.", 3.25, "inches", pytest.approx(0.08255), "m"),
        ("The dose was 2.5x10-4 g per day.", 0.00025, "g per day", 2.5e-7, "kg/day"),
        ("The chips use a 5 nanometre process.", 5, "nanometre", 5e-9, "m"),
    ],
)
def test_measures_units_converted_to_their_base(
    nlp, text: str, value: float, unit: str, base_value: float, base_unit: str
) -> None:
    q = _only(nlp, text)
    assert q.value == pytest.approx(value) and q.unit == unit
    assert q.base_value == base_value and q.base_unit == base_unit
    assert q.counted is None or unit.split()[0].lower() not in q.counted.lower()


def _only(nlp, text: str) -> Quantity:
    found = _found(nlp, text)
    assert len(found) == 1, [(q.text, q.value) for q in found]
    return found[0]


def test_measures_a_conversion_in_brackets_measures_the_same(nlp) -> None:
    found = _found(nlp, "The tunnel runs for 8 miles (13 kilometers) of new track.")
    assert [q.measure for q in found] == [found[0].measure] * 2


def test_measures_past_events_running_totals_and_headlines(nlp) -> None:
    text = (
        "Quake kills 10 on island\n"
        "A quake killed 10 people on Sunday. A quake killed more than 26,000 people "
        "in December 2003. In its five patrols so far, the ship has seized 14 rifles."
    )
    found = _found(nlp, text)
    assert [(q.value, q.headline) for q in found][:2] == [(10, True), (10, False)]
    assert found[1].day == "sunday" and found[1].era is None
    assert found[2].era == "2003"
    rifles = next(q for q in found if q.value == 14)
    assert rifles.running and rifles.measure == "rifles seized"


def test_measures_time_with_its_precision_and_direction(nlp) -> None:
    wednesday = "2024-11-06T10:00:00+00:00"
    (q,) = _found(nlp, "Officials said 40 homes were destroyed in 2015.", wednesday)
    assert q.time == "2015"
    (q,) = _found(nlp, "The 12 finalists will appear on Thursday.", wednesday)
    assert q.time == "2024-11-07"


def test_measures_qualifiers(nlp) -> None:
    q = _only(nlp, "The floor area is ≈ 32m2.")
    assert q.qualifier is Qualifier.APPROXIMATELY and q.dimension == "area"


def test_measures_a_person_s_own_figures(nlp) -> None:
    found = _found(nlp, "Marta Lind scored 21 points while also grabbing nine rebounds.")
    assert {q.owner for q in found} == {"Marta Lind"}


@pytest.mark.parametrize(
    ("text", "verb", "tense"),
    [
        ("He will miss three games.", "miss", Tense.FUTURE),
        ("Star to miss three games", "miss", Tense.FUTURE),
        ("He is to miss three games.", "miss", Tense.FUTURE),
        ("Police put the rally, to mark the strike, at 9,000 people.", "mark", None),
        ("He missed three games.", "missed", Tense.PAST),
    ],
    ids=["will", "headline-to", "is-to", "purpose-to", "past"],
)
def test_measures_the_tense_a_figure_is_told_in(
    nlp, text: str, verb: str, tense: Tense | None
) -> None:
    (token,) = [t for t in nlp(text) if t.text == verb]
    assert tense_of(token) == tense


def test_measures_a_toll_given_as_a_share_of_the_victims_is_the_toll(nlp) -> None:
    """ "two of the three victims died" counts the dead (a rival toll), not a part of them;
    "two of the five victims were children" stays a part of the victims."""
    died = _by_value(nlp, "An early report said that two of the three victims died.")[2]
    assert (died.measure, died.part) == ("people killed", False)
    kids = _by_value(nlp, "Two of the five victims were children.")[2]
    assert kids.part


@pytest.mark.parametrize(
    ("text", "value", "measure"),
    [
        ("The gunman opened fire, wounding four and killing one.", 1, "people killed"),
        ("Riders reached 80 miles an hour on the descent.", 80, "speed"),
        ("Reports say the 4 bank employees were trapped.", 4, "bank workers trapped"),
    ],
    ids=["killing-one", "miles-an-hour", "compound-before-plural"],
)
def test_measures_counts_the_parse_splits(nlp, text: str, value: float, measure: str) -> None:
    assert _by_value(nlp, text)[value].measure == measure
