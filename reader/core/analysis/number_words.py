"""Numbers written in words or digits: which tokens are one, and the value they state.

"7.6 million", "forty-five", "$639m": the pieces a figure is read from (`figures.py`), kept
apart from what the figure counts.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from reader.core.analysis.numbers import CURRENCY

if TYPE_CHECKING:
    from spacy.tokens import Token

NUMBER_WORDS = {
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
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "dozen": 12,
    "dozens": 24,
    "hundreds": 200,
    "thousands": 2000,
    "millions": 2_000_000,
    "billions": 2_000_000_000,
}
SCALE_WORDS = {
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
    "k": 1_000,
    "m": 1_000_000,
    "mn": 1_000_000,
    "bn": 1_000_000_000,
    "b": 1_000_000_000,
    "tn": 1_000_000_000_000,
}
TENS_WORDS = frozenset(
    ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
)

ORDINAL_WORDS = frozenset(
    [
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
        "ninth",
        "tenth",
        "eleventh",
        "twelfth",
        "hundredth",
        "thousandth",
        "millionth",
        "last",
    ]
)
DIGITS = re.compile(r"^[+-]?\d[\d,]*(\.\d+)?$")
DIGITS_WITH_SCALE = re.compile(r"^(\d[\d,]*(?:\.\d+)?)(k|m|mn|bn|b|tn)$", re.IGNORECASE)


def is_number_token(token: Token) -> bool:
    """Whether a token is (part of) a number written in digits or words."""
    lower = token.lower_
    if lower in ORDINAL_WORDS or re.match(r"^\d+(st|nd|rd|th)$", lower):
        return False
    if lower in SCALE_WORDS and lower not in {"k", "m", "b", "bn", "mn", "tn"}:
        return True
    scaled = DIGITS_WITH_SCALE.match(token.text)
    if scaled and scaled.group(2).isupper() and not after_currency(token):
        return False  # "221B Baker Street": a letter in capitals names; "$5B" is a scale
    return bool(
        DIGITS.match(token.text)
        or scaled
        or lower in NUMBER_WORDS
        or _hyphenated_number(lower) is not None
    )


def after_currency(token: Token) -> bool:
    return token.i > 0 and token.nbor(-1).lower_ in CURRENCY


def _hyphenated_number(lower: str) -> int | None:
    """ "forty-five" → 45."""
    if "-" not in lower:
        return None
    tens, _, unit = lower.partition("-")
    if tens in NUMBER_WORDS and unit in NUMBER_WORDS and NUMBER_WORDS[unit] < 10:
        return NUMBER_WORDS[tens] + NUMBER_WORDS[unit]
    return None


def parse_value(words: list[str]) -> float | None:
    """The value of a number phrase's number words: ["7.6", "million"] → 7600000."""
    total = 0.0
    current: float | None = None
    for word in words:
        lower = word.lower()
        scaled = DIGITS_WITH_SCALE.match(lower)
        if DIGITS.match(word):
            current = (current or 0.0) + float(word.replace(",", ""))
        elif scaled:
            current = (current or 0.0) + float(scaled.group(1).replace(",", "")) * SCALE_WORDS[
                scaled.group(2).lower()
            ]
        elif lower in NUMBER_WORDS:
            current = (current or 0.0) + NUMBER_WORDS[lower]
        elif (hyphenated := _hyphenated_number(lower)) is not None:
            current = (current or 0.0) + hyphenated
        elif lower in SCALE_WORDS:
            scale = SCALE_WORDS[lower]
            current = (current or 1.0) * scale
            if scale >= 1000:
                total += current
                current = None
        elif lower.rstrip(".") in SCALE_WORDS:
            current = (current or 1.0) * SCALE_WORDS[lower.rstrip(".")]
        elif lower in {"and", "-", "a"}:
            continue
        else:
            return None
    if current is not None:
        total += current
    if not words:
        return None
    # 4.1 * 1e6 is 4099999.9999999995 in binary floating point.
    return round(total, 6)


VAGUE_PLURALS = frozenset({"dozens", "hundreds", "thousands", "millions", "billions", "trillions"})
"""Scale words in the plural, alone: they say "many", not how many."""
