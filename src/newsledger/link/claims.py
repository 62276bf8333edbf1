"""Claim groups: figures about the same measure in one story, across outlets.

A measure is what is counted (its head noun, with synonyms such as troops / soldiers /
fighters made one), the nationality or group words that qualify it ("North Korean" vs
"Russian"), whether it is per unit ("3,000 each"), and a place that narrows it ("on the
border"; a country or region does not narrow it, since the other outlets name it too).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from newsledger.analyse.numbers import UNITS

SYNONYMS = {
    "troop": "troops",
    "soldier": "troops",
    "fighter": "troops",
    "personnel": "troops",
    "servicemen": "troops",
    "serviceman": "troops",
    "mercenary": "troops",
    "force": "troops",
    "korean": "troops",
    "koreans": "troops",
    "russian": "troops",
    "russians": "troops",
    "person": "people",
    "resident": "people",
    "civilian": "people",
    "individual": "people",
    "death": "dead",
    "fatality": "dead",
    "killed": "dead",
    "injury": "injured",
    "evacuee": "evacuated",
}
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


@dataclass(frozen=True, slots=True)
class QuantityRow:
    claim_id: str
    story: str
    article: str
    value: float | None
    low: float | None
    high: float | None
    qualifier: str
    counted: str | None
    concept: str | None
    scope_head: str | None
    scope_is_place: bool
    part: str  # "each" (a figure per unit), "total" (the whole in "28 of 41"), or ""
    predicate: str | None = None
    sentence: str | None = None


def head(counted: str | None) -> str | None:
    words = _WORD.findall((counted or "").lower())
    if not words:
        return None
    word = words[-1]
    word = SYNONYMS.get(word, SYNONYMS.get(word.rstrip("s"), word.rstrip("s")))
    return word


_PER_UNIT = re.compile(r"^\W*(\w+\s+){0,3}(each|apiece)\b", re.I)
# the whole a part is counted against: "28 of 41 passes", "10 of the Saints' 16 games",
# "18 of its next 23 games"
_OF_TOTAL = re.compile(
    r"(?:\b\d[\d,.]*|\b(?:" + "|".join(UNITS) + r"))\s+(?:out\s+)?of\s+"
    r"(?:(?:the|its|their|his|her|our|a)\s+)?(?:[\w.'’-]+\s+){0,2}$",
    re.I,
)


def part_of(sentence: str, figure: str) -> str:
    """What share of a whole the figure is, as its sentence words it: "each" for a figure per
    unit ("five units of 3,000 each"), "total" for the whole of a part ("28 of 41 passes":
    41), else ""."""
    at = sentence.find(figure) if figure else -1
    if at < 0:
        return ""
    if _PER_UNIT.match(sentence[at + len(figure) :]):
        return "each"
    return "total" if _OF_TOTAL.search(sentence[:at]) else ""


def measure_key(row: QuantityRow) -> tuple[str, ...] | None:
    """The measure a figure is about, or None when it counts nothing nameable."""
    noun = head(row.counted)
    if noun is None:
        return None
    scope = "" if row.scope_head is None or row.scope_is_place else row.scope_head
    return (
        row.story,
        noun,
        nationality(row),
        scope,
        row.part,
        outcome(row.predicate, row.sentence),
    )


# What happened to the people counted: "27 were taken to hospital" and "4,000 were evacuated"
# count people, but not the same people.
OUTCOMES = {
    "dead": {"kill", "die", "perish", "murder", "drown"},
    "injured": {"injure", "wound", "hurt", "hospitalise", "hospitalize", "treat"},
    "displaced": {"evacuate", "leave", "flee", "move", "displace", "relocate", "shelter"},
    "detained": {"arrest", "detain", "hold", "jail", "imprison"},
    "missing": {"miss", "disappear"},
}


# verbs of violence that news pairs with "to death" or "dead" when the victims died
_VIOLENT = frozenset({"shoot", "stab", "beat", "hack", "burn", "crush", "trample", "gun"})
_DEATH = re.compile(r"\b(to death|dead)\b", re.I)


def outcome(predicate: str | None, sentence: str | None) -> str:
    """The outcome class of a figure's verb, when it is one of the common ones ("shot to
    death" and "shot dead" count the dead, "shot" alone does not)."""
    if predicate == "take" and "hospital" in (sentence or "").lower():
        return "injured"
    if predicate in _VIOLENT and _DEATH.search(sentence or ""):
        return "dead"
    for name, verbs in OUTCOMES.items():
        if predicate in verbs:
            return name
    return ""


def nationality(row: QuantityRow) -> str:
    """Whose it is: "North Korean" in the counted words, else the country or people that the
    clause is about ("Russia has massed 45,000 troops" -> "russian")."""
    for text in (row.counted, row.concept):
        lowered = (text or "").lower()
        match = _NATIONALITY.search(lowered)
        if match:
            return match.group(1)
        for country, adjective in COUNTRIES.items():
            if re.search(rf"\b{re.escape(country)}\b", lowered):
                return adjective
    return ""


def group_id(key: tuple[str, ...]) -> str:
    return "g-" + hashlib.sha256("\x1f".join(key).encode("utf-8")).hexdigest()[:12]


def interval(
    value: float | None, low: float | None, high: float | None, qualifier: str
) -> tuple[float, float]:
    """The values a figure allows once its hedge is read: "at least 10,000" -> [10000, inf)."""
    if low is not None and high is not None:
        return low, high
    v = value if value is not None else (low if low is not None else high or 0.0)
    spread = {"exact": 0.02, "approximately": 0.15, "estimated": 0.25}.get(qualifier)
    if spread is not None:
        return v * (1 - spread), v * (1 + spread)
    return {
        "at_least": (v, float("inf")),
        "more_than": (v, float("inf")),
        "at_most": (0.0, v),
        "less_than": (0.0, v),
        "up_to": (0.0, v),
    }.get(qualifier, (v, v))


def compatible(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]
