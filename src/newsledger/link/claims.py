"""Claim groups: the figures of one story that give one measure, across outlets and within a
report.

A figure's measure comes from the analysis ("people killed" for "Ten dead", "killing 10
persons" and "600 were killed"; "magnitude"; "distance from bandar abbas"). The group key adds
what keeps two figures of one measure apart: whose they are ("North Korean" vs "Russian"
troops), a place that narrows them ("on the border"), a share of a whole ("3,000 each", "28 of
41"), a part of an earlier figure ("three of them"), a past event ("in December 2003") and a
running total ("so far"). Then partitions that differ only in what one of them leaves unsaid
("26 crewmen aboard" and "26 pirates captured", "seven villages" and "seven villages
flattened") are joined when they agree on their most common figure and no other partition
claims the same.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from newsledger.ledger.claims import Figure
from newsledger.ledger.links import LinkStore
from newsledger.records import Qualifier
from newsledger.vocabulary import PEOPLE_KINDS

_NATIONALITY = re.compile(
    r"\b(north korean|south korean|korean|russian|ukrainian|american|"
    r"chinese|iranian|israeli|palestinian|british|french|german)s?\b"
)
_WORD = re.compile(r"[a-z]+")
COUNTRIES = {
    "north korea": "north korean",
    "south korea": "south korean",
    "russia": "russian",
    "ukraine": "ukrainian",
    "united states": "american",
    "u.s.": "american",
    "china": "chinese",
    "iran": "iranian",
    "israel": "israeli",
    "britain": "british",
    "france": "french",
    "germany": "german",
}
TREATED, INJURED = "treated", "injured"  # outcome classes (see analyse.quantities.measure)
NATIONALS = "nationals"  # the thing of "12,000 North Koreans" (see analyse.quantities.measure)
# things counted that are people (and nationals by their adjective): partitions of two of them
# may be one set
HUMAN = PEOPLE_KINDS | {"korean", "russian"}
# places that narrow a measure to a part of the story's area ("8,000 on the border", "3,000 on
# training grounds"); other places ("in the Kursk region", "on Qeshm island") name it
NARROWING = frozenset(
    "border front frontline line lines ground grounds base bases camp camps facility "
    "facilities".split()
)
# nouns that stand for soldiers in a count ("12,000 North Koreans", "forces")
_TROOP_WORDS = frozenset(
    {"troop", "troops", "soldier", "fighter", "personnel", "serviceman", "servicemen", "force"}
)


@dataclass(frozen=True, slots=True)
class MeasureKey:
    """What a figure measures within its story, and what keeps it apart from other figures
    of that measure."""

    story: str
    kind: str  # the measure without the thing's modifier ("boats seized", "magnitude")
    thing: str  # the head class of the thing counted ("boat"), "" for other measures
    modifier: str  # the noun that narrows it ("pirate"), "" if none
    outcome: str  # "" when the figure says nothing of what befell its things
    nationality: str
    scope: str  # a place or part that narrows the measure ("border")
    share: str  # "each", "total" (of "28 of 41") or ""
    part: bool
    era: str
    running: bool
    change: str  # "before" / "after" in a change ("rose from 55% to 70%"), else ""

    @property
    def setting(self) -> tuple[object, ...]:
        """What two keys must share to be one group whatever their wording."""
        return (
            self.story,
            self.nationality,
            self.scope,
            self.share,
            self.part,
            self.era,
            self.running,
            self.change,
        )


def head(counted: str | None) -> str | None:
    """The last word of what is counted, singular: the measure of a figure stored before
    measures were kept (such a ledger still links, by its counted noun)."""
    words = _WORD.findall((counted or "").lower())
    if not words:
        return None
    word = words[-1]
    if word in _TROOP_WORDS or word.rstrip("s") in _TROOP_WORDS:
        return "troops"
    return str(word.rstrip("s"))


_PER_UNIT = re.compile(r"^\W*(\w+\s+){0,3}(each|apiece)\b", re.I)


def part_of(sentence: str, figure: str) -> str:
    """ "each" for a figure per unit ("five units of 3,000 each"), else ""."""
    at = sentence.find(figure) if figure else -1
    if at < 0:
        return ""
    return "each" if _PER_UNIT.match(sentence[at + len(figure) :]) else ""


def nationality(figure: Figure) -> str:
    """Whose it is: "North Korean" in the counted words, else the country or people that the
    clause is about ("Russia has massed 45,000 troops" -> "russian")."""
    texts = (figure.counted, figure.concept) if figure.thing == "troops" else (figure.counted,)
    for text in texts:
        lowered = (text or "").lower()
        match = _NATIONALITY.search(lowered)
        if match:
            return match.group(1)
        for country, adjective in COUNTRIES.items():
            if re.search(rf"\b{re.escape(country)}\b", lowered):
                return adjective
    return ""


def measure_key(figure: Figure) -> MeasureKey | None:
    """The key of a figure's measure, or None when it measures nothing nameable."""
    if figure.derived or figure.story_id is None:
        return None
    thing, modifier = _split_thing(figure.thing)
    if figure.measure is None:
        legacy = head(figure.counted)  # a figure of a ledger made before measures were kept
        if legacy is None:
            return None
        thing, modifier, kind = legacy, "", legacy
    else:
        kind = figure.measure
        if modifier and kind.startswith(modifier + " "):
            kind = kind[len(modifier) + 1 :]
    if figure.dimension and "/" in figure.dimension:
        kind += " per " + figure.dimension.split("/", 1)[1]  # "$23 million a season"
    scope = figure.scope_head if figure.scope_head in NARROWING else ""
    return MeasureKey(
        story=figure.story_id,
        kind=kind,
        thing=thing,
        modifier=modifier,
        outcome=figure.outcome or "",
        nationality=nationality(figure) if thing in HUMAN | {NATIONALS, ""} else "",
        scope=scope,
        share=part_of(figure.sentence, figure.text),
        part=figure.part,
        era=figure.era or "",
        running=figure.running,
        change=figure.change or "",
    )


def _split_thing(thing: str | None) -> tuple[str, str]:
    """("boat", "pirate") for "pirate boat"; ("", "") for None."""
    if not thing:
        return "", ""
    if " of " in thing:
        return thing, ""  # "count of murder" is one class
    modifier, _, noun = thing.rpartition(" ")
    return noun, modifier


def group_id(key: MeasureKey) -> str:
    """A stable id for the group a key names: a hash of all its fields."""
    fields = [str(getattr(key, name)) for name in key.__dataclass_fields__]
    return "g-" + hashlib.sha256("\x1f".join(fields).encode("utf-8")).hexdigest()[:12]


def assign_groups(store: LinkStore) -> None:
    """Claim groups for the figures of the touched stories."""
    store.set_groups(claim_groups(store.figures()))


def claim_groups(figures: Iterable[Figure]) -> dict[str, str]:
    """The claim group of each figure that measures something (claim id -> group id)."""
    partitions: dict[MeasureKey, list[Figure]] = {}
    for figure in figures:
        key = measure_key(figure)
        if key is not None:
            partitions.setdefault(key, []).append(figure)
    target = _joined(partitions)
    return {
        f.claim_id: group_id(_final(key, target))
        for key, members in partitions.items()
        for f in members
    }


def _final(key: MeasureKey, target: dict[MeasureKey, MeasureKey]) -> MeasureKey:
    """Where a partition ends up, through the partitions it was joined to in turn."""
    seen = {key}
    while key in target and target[key] not in seen:
        key = target[key]
        seen.add(key)
    return key


def _joined(partitions: dict[MeasureKey, list[Figure]]) -> dict[MeasureKey, MeasureKey]:
    """Partitions that say less, joined to the one partition that says more of the same
    things and gives one of their figures: key -> the key it joins."""
    values = {key: _values(members) for key, members in partitions.items()}
    # a partition joins only one of its own setting (story, scope, era ...): compare within
    alike: dict[tuple[object, ...], list[MeasureKey]] = defaultdict(list)
    for key in partitions:
        alike[key.setting].append(key)
    target = _tolls_of_people(partitions, values, alike)
    hubs = set(target.values())  # a toll that others joined stays where it is
    for key in sorted(partitions, key=_generality):
        if key in target or key in hubs:
            continue
        others = [o for o in alike[key.setting] if o not in target]
        if key.thing == NATIONALS and not key.outcome:
            candidates = [
                o
                for o in others
                if o != key and _counts_nationals_as(o, key) and _same_order(values[o], values[key])
            ]
        else:
            candidates = [
                o
                for o in others
                if o != key and _says_more(o, key) and _agrees(partitions[key], values[o])
            ]
            # things of its own class first: "two sons" joins "two sons survived", not
            # "two people killed"
            candidates = [o for o in candidates if o.thing == key.thing] or candidates
        if len(candidates) == 1:
            target[key] = candidates[0]
    return target


def _tolls_of_people(
    partitions: dict[MeasureKey, list[Figure]],
    values: dict[MeasureKey, set[float]],
    alike: dict[tuple[object, ...], list[MeasureKey]],
) -> dict[MeasureKey, MeasureKey]:
    """People of one kind that a toll of people gives ("three bank workers killed", "three
    children killed" beside "three people killed") join that toll when their figures are
    its figures: one outlet names who died, the others count them."""
    target: dict[MeasureKey, MeasureKey] = {}
    for key in partitions:
        if (
            key.thing not in HUMAN
            or not key.outcome
            or (key.thing == "people" and not key.modifier)
        ):
            continue
        toll = next(
            (
                o
                for o in alike[key.setting]
                if o.thing == "people" and not o.modifier and o.outcome == key.outcome
            ),
            None,
        )
        if toll is not None and _agrees(partitions[key], values[toll]):
            target[key] = toll
    return target


def _agrees(members: list[Figure], fuller: set[float]) -> bool:
    """Whether most figures of a partition (outside headlines) give a value of the fuller
    one: "seven villages", "five villages" join the villages destroyed (4, 5, 7), a day's
    loose counts of people (70, 130, 200, 30) do not join "two officers"."""
    body = [f.value for f in members if f.value is not None and not f.headline]
    body = body or [f.value for f in members if f.value is not None]
    return bool(body) and sum(v in fuller for v in body) * 2 > len(body)


def _values(members: list[Figure]) -> set[float]:
    """The figures a partition gives (outside headlines, when it has others)."""
    body = {f.value for f in members if f.value is not None and not f.headline}
    return body or {f.value for f in members if f.value is not None}


def _counts_nationals_as(other: MeasureKey, key: MeasureKey) -> bool:
    """Whether ``other`` counts people of the nation that ``key`` names only by nation."""
    return (
        other.setting == key.setting
        and bool(key.nationality)
        and other.thing in HUMAN
        and other.thing != NATIONALS
        and not other.outcome
    )


def _same_order(a: set[float], b: set[float]) -> bool:
    """Two sets of figures within a factor of three of each other."""
    positive = [v for v in a | b if v > 0]
    return bool(a and b) and len(positive) == len(a | b) and max(positive) <= 3 * min(positive)


def _generality(key: MeasureKey) -> tuple[int, str]:
    """Sort order: partitions that say least first (no outcome, no modifier)."""
    return (bool(key.outcome) + bool(key.modifier), repr(key))


def _says_more(fuller: MeasureKey, key: MeasureKey) -> bool:
    """Whether ``fuller`` counts the same things as ``key`` and says at least as much of
    them: the same setting, things of one class (or both people), and an outcome, a
    modifier or a kind of people ("workers" for "people") where ``key`` has none."""
    if fuller.setting != key.setting or not key.thing or not fuller.thing:
        return False
    same_thing = fuller.thing == key.thing or (fuller.thing in HUMAN and key.thing in HUMAN)
    if not same_thing:
        return False
    if key.outcome == TREATED and fuller.outcome == INJURED:
        return True  # the people in hospital are the injured, when their figures agree
    if key.outcome and fuller.outcome != key.outcome:
        return False
    if key.modifier and fuller.modifier != key.modifier:
        return False
    return (
        bool(fuller.outcome and not key.outcome)
        or bool(fuller.modifier and not key.modifier)
        or (bool(key.outcome) and key.thing == "people" and fuller.thing != "people")
    )


def group_label(figures: Iterable[Figure]) -> str | None:
    """A group's name as a person says it: the measure of its members that say the most
    ("people killed" over "people"), the most common among those."""
    counts = Counter(f.measure for f in figures if f.measure)
    if not counts:
        return None
    return max(counts, key=lambda m: (len(m.split()), counts[m], m))


def interval(
    value: float | None, low: float | None, high: float | None, qualifier: str
) -> tuple[float, float]:
    """The values a figure allows once its hedge is read: "at least 10,000" -> [10000, inf);
    "about 50" -> 50 +- 25 %; a round exact figure ("600") allows what rounds to it (+- 5 %)."""
    if low is not None and high is not None:
        return low, high
    v = value if value is not None else (low if low is not None else high or 0.0)
    spread = _SPREADS.get(qualifier)
    if qualifier == Qualifier.EXACT:
        spread = ROUND_SPREAD if is_round(v) else 0.0
    if spread is not None:
        return min(v * (1 - spread), v * (1 + spread)), max(v * (1 - spread), v * (1 + spread))
    if qualifier in _FLOORS:
        return v, float("inf")
    if qualifier in _CEILINGS:
        return float("-inf"), v
    return v, v


ROUND_SPREAD = 0.05
_SPREADS: dict[str, float] = {Qualifier.APPROXIMATELY: 0.25, Qualifier.ESTIMATED: 0.5}
_FLOORS = frozenset({Qualifier.AT_LEAST, Qualifier.MORE_THAN})  # the figure is a lower bound
_CEILINGS = frozenset({Qualifier.AT_MOST, Qualifier.LESS_THAN, Qualifier.UP_TO})


def is_round(v: float) -> bool:
    """A figure written to a round hundred or more ("600", "1,500", "120,000"), which a
    report may give for a more exact one ("612")."""
    return abs(v) >= 100 and v == int(v) and int(v) % 100 == 0


def compatible(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]
