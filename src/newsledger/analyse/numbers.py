"""Numbers as written in news: digits in both separator conventions, words, scales, and the
vague plurals ("dozens", "tens of thousands") that stand for a range."""

from __future__ import annotations

import re

UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
SCALES = {
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
    "dozen": 12,
}
# Abbreviated scales written after digits: "$2.5bn", "300m", "10k", "1.2 mln".
SHORT_SCALES = {
    "k": 1_000,
    "m": 1_000_000,
    "mn": 1_000_000,
    "mln": 1_000_000,
    "million": 1_000_000,
    "b": 1_000_000_000,
    "bn": 1_000_000_000,
    "bln": 1_000_000_000,
    "billion": 1_000_000_000,
    "tn": 1_000_000_000_000,
    "trn": 1_000_000_000_000,
    "trillion": 1_000_000_000_000,
    "thousand": 1_000,
    "hundred": 100,
}
# A vague plural stands for a range from one to ten of it: "thousands" = 1,000-10,000.
VAGUE = {
    "dozens": 12,
    "scores": 20,
    "hundreds": 100,
    "thousands": 1_000,
    "millions": 1_000_000,
    "billions": 1_000_000_000,
    "trillions": 1_000_000_000_000,
}

_DIGITS = re.compile(
    r"^(?P<sign>[-+\u2212])?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?"  # 1,200,000.5
    r"|\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?"  # 1.200.000,5
    r"|\d{1,3}\.\d{3},\d+"  # 1.200,5
    r"|\d+(?:[.,]\d+)?"  # 1200 / 12.5 / 12,5
    r"|\.\d+)$"
)


def parse_digits(text: str) -> float | None:
    """The value of a digit string such as ``12,000``, ``1.200.000``, ``3,5`` or ``-4.7``."""
    match = _DIGITS.match(text.strip())
    if not match:
        return None
    num = match.group("num")
    if "," in num and "." in num:
        # whichever separator comes last is the decimal mark
        if num.rfind(",") > num.rfind("."):
            num = num.replace(".", "").replace(",", ".")
        else:
            num = num.replace(",", "")
    elif num.count(",") >= 1 and re.fullmatch(r"\d{1,3}(,\d{3})+", num):
        num = num.replace(",", "")
    elif num.count(".") >= 2:
        num = num.replace(".", "")
    elif "," in num:
        num = num.replace(",", ".")  # 12,5 -> a decimal comma
    value = float(num)
    return -value if match.group("sign") in ("-", "\u2212") else value


def word_value(word: str) -> float | None:
    """The value of one number word or hyphenated pair: ``seven``, ``twenty-seven``, ``dozen``."""
    word = word.lower()
    if word in UNITS:
        return float(UNITS[word])
    if word in TENS:
        return float(TENS[word])
    if word in SCALES:
        return float(SCALES[word])
    head, _, tail = word.partition("-")
    if head in TENS and tail in UNITS and 0 < UNITS[tail] < 10:
        return float(TENS[head] + UNITS[tail])
    return None


def combine_words(values: list[float]) -> float:
    """Fold a run of word values into one number: [2, 100, 30, 5] (two hundred thirty-five)."""
    total = current = 0.0
    for value in values:
        if value in (100.0,) and current:
            current *= value
        elif value >= 1000:
            total += (current or 1.0) * value
            current = 0.0
        elif value == 12.0 and current:  # "two dozen"
            current *= value
        else:
            current += value
    return total + current
