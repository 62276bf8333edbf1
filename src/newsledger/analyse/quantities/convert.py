"""Units converted to one base per dimension, so that "35 miles" and "58 km", or "100 °F" and
"38 °C", can be compared; the figure as written is kept beside it for display.

Money keeps its currency (no exchange rates: a sum in dollars and one in euros are not
compared); percentages are their own dimension.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# unit word (lower case, singular) -> (dimension, factor to the base unit of the dimension)
_LINEAR: dict[str, tuple[str, float]] = {
    **dict.fromkeys(("km", "kms", "kilometre", "kilometer"), ("length", 1000.0)),
    **dict.fromkeys(("m", "metre", "meter"), ("length", 1.0)),
    **dict.fromkeys(("cm", "centimetre", "centimeter"), ("length", 0.01)),
    **dict.fromkeys(("mm", "millimetre", "millimeter"), ("length", 0.001)),
    **dict.fromkeys(("nm", "nanometre", "nanometer"), ("length", 1e-9)),
    **dict.fromkeys(("μm", "µm", "micrometre", "micrometer", "micron"), ("length", 1e-6)),
    **dict.fromkeys(("mile", "mi"), ("length", 1609.344)),
    **dict.fromkeys(("nautical mile",), ("length", 1852.0)),
    **dict.fromkeys(("ft", "foot", "feet"), ("length", 0.3048)),
    **dict.fromkeys(("yard", "yd"), ("length", 0.9144)),
    **dict.fromkeys(("inch", "in"), ("length", 0.0254)),
    **dict.fromkeys(("km²", "km2", "sq km", "square kilometre", "square kilometer"), ("area", 1e6)),
    **dict.fromkeys(("m²", "m2", "sq m", "square metre", "square meter"), ("area", 1.0)),
    **dict.fromkeys(("sq mi", "square mile"), ("area", 2_589_988.1)),
    **dict.fromkeys(("sq ft", "square foot", "square feet"), ("area", 0.092903)),
    **dict.fromkeys(("hectare", "ha"), ("area", 10_000.0)),
    **dict.fromkeys(("acre",), ("area", 4046.856)),
    **dict.fromkeys(("kg", "kgs", "kilogram", "kilo"), ("mass", 1.0)),
    **dict.fromkeys(("g", "gram", "gramme"), ("mass", 0.001)),
    **dict.fromkeys(("mg", "milligram"), ("mass", 1e-6)),
    **dict.fromkeys(("lb", "lbs", "pound"), ("mass", 0.45359237)),
    **dict.fromkeys(("oz", "ounce"), ("mass", 0.028349523)),
    **dict.fromkeys(("tonne", "t", "metric ton"), ("mass", 1000.0)),
    **dict.fromkeys(("ton",), ("mass", 907.18474)),
    **dict.fromkeys(("l", "litre", "liter"), ("volume", 1.0)),
    **dict.fromkeys(("ml", "millilitre", "milliliter"), ("volume", 0.001)),
    **dict.fromkeys(("gallon",), ("volume", 3.785411784)),
    **dict.fromkeys(("barrel",), ("volume", 158.987294928)),
    **dict.fromkeys(
        ("km/h", "kph", "kmh", "kilometres per hour", "kilometers per hour"), ("speed", 1.0)
    ),
    **dict.fromkeys(("mph", "miles per hour", "mile per hour"), ("speed", 1.609344)),
    **dict.fromkeys(("m/s", "metres per second", "meters per second"), ("speed", 3.6)),
    **dict.fromkeys(("knot", "kn"), ("speed", 1.852)),
    **dict.fromkeys(("second", "sec", "s"), ("duration", 1.0)),
    **dict.fromkeys(("minute", "min"), ("duration", 60.0)),
    **dict.fromkeys(("hour", "hr", "h"), ("duration", 3600.0)),
    **dict.fromkeys(("day",), ("duration", 86_400.0)),
    **dict.fromkeys(("week",), ("duration", 604_800.0)),
    **dict.fromkeys(("month",), ("duration", 2_629_800.0)),
    **dict.fromkeys(("year",), ("duration", 31_557_600.0)),
    **dict.fromkeys(("decade",), ("duration", 315_576_000.0)),
    **dict.fromkeys(("kb", "kilobyte"), ("data", 1e3)),
    **dict.fromkeys(("mb", "megabyte"), ("data", 1e6)),
    **dict.fromkeys(("gb", "gigabyte"), ("data", 1e9)),
    **dict.fromkeys(("tb", "terabyte"), ("data", 1e12)),
    **dict.fromkeys(("w", "watt"), ("power", 1.0)),
    **dict.fromkeys(("kw", "kilowatt"), ("power", 1e3)),
    **dict.fromkeys(("mw", "megawatt"), ("power", 1e6)),
    **dict.fromkeys(("gw", "gigawatt"), ("power", 1e9)),
}
BASE_UNITS = {
    "length": "m",
    "area": "m²",
    "mass": "kg",
    "volume": "l",
    "speed": "km/h",
    "duration": "s",
    "data": "B",
    "power": "W",
    "temperature": "°C",
    "percent": "%",
}
_TEMPERATURE = {
    "°c": "c",
    "c": "c",
    "celsius": "c",
    "centigrade": "c",
    "degrees celsius": "c",
    "degree celsius": "c",
    "°f": "f",
    "f": "f",
    "fahrenheit": "f",
    "degrees fahrenheit": "f",
    "degree fahrenheit": "f",
    "kelvin": "k",
}
_PERCENT = frozenset({"%", "percent", "per cent", "pct", "percentage", "percentage point"})
CURRENCY_CODES = {
    "$": "USD",
    "us$": "USD",
    "$us": "USD",
    "usd": "USD",
    "dollar": "USD",
    "us dollar": "USD",
    "a$": "AUD",
    "$a": "AUD",
    "au$": "AUD",
    "aud": "AUD",
    "australian dollar": "AUD",
    "c$": "CAD",
    "canadian dollar": "CAD",
    "hk$": "HKD",
    "nz$": "NZD",
    "s$": "SGD",
    "r$": "BRL",
    "£": "GBP",
    "ps": "GBP",  # "PS2.7m": how a pound sign reads in text that lost its encoding
    "gbp": "GBP",
    "sterling": "GBP",
    "€": "EUR",
    "eur": "EUR",
    "euro": "EUR",
    "¥": "JPY",
    "y=": "JPY",
    "jpy": "JPY",
    "yen": "JPY",
    "yuan": "CNY",
    "cny": "CNY",
    "renminbi": "CNY",
    "₹": "INR",
    "rs": "INR",
    "rupee": "INR",
    "chf": "CHF",
    "franc": "CHF",
    "rouble": "RUB",
    "ruble": "RUB",
    "hryvnia": "UAH",
    "won": "KRW",
    "rand": "ZAR",
    "peso": "MXN",
    "lira": "TRY",
    "shekel": "ILS",
    "dirham": "AED",
    "riyal": "SAR",
    "naira": "NGN",
    "zloty": "PLN",
}


@dataclass(frozen=True, slots=True)
class Converted:
    """A figure in the base unit of its dimension: ``dimension`` ("length", "money"),
    ``unit`` (the base: "m", "USD") and the converted value, low and high."""

    dimension: str
    unit: str
    value: float | None
    low: float | None
    high: float | None


def _singular(word: str) -> str:
    word = word.strip().lower().replace("\u00a0", " ")
    word = re.sub(r"\s+", " ", word)
    if word in _LINEAR or word in _TEMPERATURE or word in CURRENCY_CODES:
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("es") and word[:-2] in _LINEAR:
        return word[:-2]
    if word.endswith("s") and word[:-1] in _LINEAR | CURRENCY_CODES:
        return word[:-1]
    parts = word.split(" ")
    if parts[0].endswith("s") and " ".join([parts[0][:-1], *parts[1:]]) in _LINEAR:
        return " ".join([parts[0][:-1], *parts[1:]])  # "miles per hour"
    return word


def _normal(unit: str) -> str:
    """A unit as written, reduced to a table key: "Square Kilometres" -> "square kilometre",
    "1,500-square-kilometer" -> "square kilometer", "° C" -> "°c", "km/hr" -> "km/h"."""
    word = unit.lower().replace("-", " ").replace("° ", "°").strip(" .")
    word = re.sub(r"^(degrees?|°)\s*(c|f|celsius|fahrenheit)$", r"°\2", word)
    word = word.replace("°celsius", "°c").replace("°fahrenheit", "°f")
    word = re.sub(r"\bsq\.?\s", "sq ", word)
    word = word.replace("km/hr", "km/h").replace("kilometres/hour", "km/h")
    return _singular(word)


def currency_code(unit: str) -> str | None:
    """The ISO code of a currency as written ("$", "US$", "euros", "Australian dollars")."""
    word = _normal(unit)
    if word in CURRENCY_CODES:
        return CURRENCY_CODES[word]
    last = word.split(" ")[-1] if word else ""
    first = word.split(" ")[0] if word else ""
    return CURRENCY_CODES.get(first) or CURRENCY_CODES.get(_singular(last))


def dimension_of(unit: str | None) -> str | None:
    """The dimension a unit measures ("length", "money", "percent"), or None for a unit this
    table does not know."""
    if not unit:
        return None
    word = _normal(unit)
    if word in _PERCENT or word.startswith("percentage"):
        return "percent"
    if word in _TEMPERATURE:
        return "temperature"
    if word in _LINEAR:
        return _LINEAR[word][0]
    if currency_code(unit):
        return "money"
    return None


def convert(
    value: float | None, low: float | None, high: float | None, unit: str | None
) -> Converted | None:
    """The figure in its dimension's base unit, or None when the unit is unknown."""
    if not unit:
        return None
    word = _normal(unit)
    if ("/" in word or " per " in word) and word not in _LINEAR:
        return _rate(value, low, high, unit.replace(" per ", "/"))
    code = None if word in _LINEAR or word in _TEMPERATURE else currency_code(unit)
    if code:
        return Converted("money", code, value, low, high)
    if word in _PERCENT or word.startswith("percentage"):
        return Converted("percent", "%", value, low, high)
    if word in _TEMPERATURE:
        scale = _TEMPERATURE[word]
        return Converted("temperature", "°C", *(_celsius(v, scale) for v in (value, low, high)))
    if word in _LINEAR:
        dimension, factor = _LINEAR[word]
        return Converted(
            dimension,
            BASE_UNITS[dimension],
            *(None if v is None else v * factor for v in (value, low, high)),
        )
    return None


def _rate(
    value: float | None, low: float | None, high: float | None, unit: str
) -> Converted | None:
    """A rate written with "/" ("$15/hour", "5 mg/l"): the numerator converted, the
    denominator kept as written ("USD/hour")."""
    numerator, _, denominator = unit.partition("/")
    base = convert(value, low, high, numerator)
    if base is None or not denominator:
        return None
    per = _singular(denominator)
    return Converted(
        f"{base.dimension}/{per}", f"{base.unit}/{per}", base.value, base.low, base.high
    )


def _celsius(v: float | None, scale: str) -> float | None:
    if v is None:
        return None
    if scale == "f":
        return (v - 32.0) * 5.0 / 9.0
    if scale == "k":
        return v - 273.15
    return v
