"""Numbers that are not quantities, and quantities the model hides inside dates and times.

A telephone number, a clock time, "call 999", a postcode or "Boeing 737" is written in digits
but counts nothing; the pane would list it as a figure. The other way round, spaCy tags "a
19-year-old", "more than four hours" and "2-0" as dates, times or nothing, and a reader
expects them among the figures. These rules look at the text and the tokens only, so they
hold for any article, and `figures.py` applies them. The units a number is written with
(currencies, measures, lengths of time) are listed here too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

_PHONE = re.compile(
    r"(?<![\w.,])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,5}\)[\s.-]?)?"
    r"\d{2,5}(?:[\s.-]\d{2,5}){1,3}(?![\w]|[.,]\d)"
)
"""A run of digit groups joined by spaces, dots or hyphens: "0800 123 4567", "(555) 123-4567"."""
_CLOCK = re.compile(
    r"\b\d{1,2}(?:[:.]\d{2})?\s?(?:a\.m\.|p\.m\.|am|pm)(?!\w)"
    r"|(?<![\d.,$£€])\b\d{1,2}:\d{2}\b"
    r"|\b\d{3,4}\s?(?:GMT|UTC|BST|CET|CEST|EST|EDT|CST|PST|PDT|ET|PT|IST|AEST|hrs|h)\b",
    re.IGNORECASE,
)
"""Clock times: "3:23", "10.30pm", "1600 GMT" (a bare "10.30" is a decimal, not a time)."""
_SHORT_YEAR = re.compile(r"(?<![\w])['’]\d{2}\b")
"""A year cut to two digits: "in ’91", "the class of '04"."""
_ZIP = re.compile(r"\b[A-Z]{2}\.?\s\d{5}(?:-\d{4})?\b")
"""A US state and ZIP code: "NY 10001"."""
_DIALLED = re.compile(
    r"\b(?:call(?:ed|ing|s)?|dial(?:led|ed|ling|s)?|ring(?:ing|s)?|phon(?:e|ed|ing)|text(?:ed)?)"
    r"\s+(?:on\s+)?\d{2,4}\b",
    re.IGNORECASE,
)
"""An emergency or service number after the verb that dials it: "call 999", "dialled 911"."""
_EMERGENCY = re.compile(
    r"\b(?:911|999|112|000)(?=[\s-]+(?:emergency|call|calls|caller|operator|dispatch"
    r"|dispatcher|line|service|services|number)\b)",
    re.IGNORECASE,
)
"""An emergency number naming its service: "a 911 emergency dispatch operator", "999 calls"."""

CURRENCY = {
    "$": "USD",
    "us$": "USD",
    "£": "GBP",
    "€": "EUR",
    "¥": "JPY",
    "₹": "INR",
    "dollars": "USD",
    "dollar": "USD",
    "euros": "EUR",
    "euro": "EUR",
    "pounds": "GBP",
    "yen": "JPY",
    "yuan": "CNY",
    "rupees": "INR",
}
MEASURES = frozenset(
    [
        "km",
        "kilometre",
        "kilometres",
        "kilometer",
        "kilometers",
        "mile",
        "miles",
        "metre",
        "metres",
        "meter",
        "meters",
        "m2",
        "cm",
        "mm",
        "kg",
        "kilogram",
        "kilograms",
        "gram",
        "grams",
        "g",
        "lb",
        "lbs",
        "pound",
        "ton",
        "tons",
        "tonne",
        "tonnes",
        "barrel",
        "barrels",
        "acre",
        "acres",
        "hectare",
        "hectares",
        "foot",
        "feet",
        "ft",
        "inch",
        "inches",
        "litre",
        "litres",
        "liter",
        "liters",
        "gallon",
        "gallons",
        "degree",
        "degrees",
        "mph",
        "kph",
        "kmh",
        "mw",
        "gw",
        "kw",
        "kwh",
        "mwh",
        "gwh",
        "gb",
        "tb",
        "mb",
        "ghz",
        "mhz",
        "hz",
        "fps",
        "mah",
    ]
)

IDENTIFIER_NOUNS = frozenset(
    [
        "page",
        "pages",
        "chapter",
        "verse",
        "line",
        "volume",
        "vol",
        "part",
        "room",
        "platform",
        "section",
        "article",
        "paragraph",
        "gate",
        "exit",
        "route",
        "flight",
        "level",
        "grade",
        "no",
        "number",
        "channel",
        "episode",
        "season",
        "game",
        "round",
        "track",
        "bus",
        "highway",
        "interstate",
        "junction",
        "lot",
        "unit",
        "apartment",
        "suite",
        "box",
        "code",
        "version",
        "model",
    ]
)
"""Nouns a number names rather than counts: "page 10", "Flight 370", "Route 66"."""

DURATION_UNITS = frozenset(
    [
        "second",
        "seconds",
        "minute",
        "minutes",
        "hour",
        "hours",
        "day",
        "days",
        "week",
        "weeks",
        "fortnight",
        "fortnights",
        "month",
        "months",
        "year",
        "years",
        "decade",
        "decades",
        "century",
        "centuries",
    ]
)
"""Units of a length of time: "four hours" is a quantity, though spaCy calls it a time."""

SPORT_WORDS = frozenset(
    [
        "won",
        "win",
        "wins",
        "winning",
        "lost",
        "lose",
        "loses",
        "losing",
        "beat",
        "beats",
        "beaten",
        "drew",
        "draw",
        "draws",
        "drawn",
        "victory",
        "defeat",
        "lead",
        "led",
        "leading",
        "trail",
        "trailed",
        "trailing",
        "score",
        "scored",
        "scoreline",
        "thrashed",
        "thrashing",
        "rout",
        "win-loss",
        # a tally of votes is written the same way ("a 3-2 vote", "ruled 5-4")
        "vote",
        "votes",
        "voted",
        "ruled",
        "ruling",
        "decision",
    ]
)
"""Words beside "2-0" that make it a score or a tally, not a range."""


def identifier_spans(text: str) -> list[tuple[int, int]]:
    """Where a block's text writes telephone numbers, clock times, ZIP codes, dialled or
    emergency numbers: digits there are never figures."""
    spans: list[tuple[int, int]] = []
    for match in _PHONE.finditer(text):
        digits = sum(char.isdigit() for char in match.group())
        if digits >= 7:
            spans.append(match.span())
    spans.extend(match.span() for match in _CLOCK.finditer(text))
    spans.extend(match.span() for match in _ZIP.finditer(text))
    spans.extend(match.span() for match in _SHORT_YEAR.finditer(text))
    spans.extend(match.span() for match in _EMERGENCY.finditer(text))
    for match in _DIALLED.finditer(text):
        number = re.search(r"\d+$", match.group())
        if number is not None:
            spans.append((match.start() + number.start(), match.end()))
    return sorted(spans)


def inside(spans: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) lies within one of `spans`."""
    return any(span_start <= start and end <= span_end for span_start, span_end in spans)


def names_a_thing(token: Token) -> bool:
    """Whether a number names a thing rather than counting: "iPhone 6", "Boeing 737",
    "page 10", "Flight 370" — right after a name or an identifying noun, counting nothing
    after it."""
    if token.i == 0:
        return False
    before = token.doc[token.i - 1]
    if before.lower_ in IDENTIFIER_NOUNS:
        return True
    counted = token.dep_ == "nummod" and token.head.i > token.i and token.head.pos_ == "NOUN"
    if before.pos_ != "PROPN" or not before.text[:1].isalpha() or counted:
        return False
    # "iPhone 6": the number hangs from the name; "In Syria 470,000 people": it does not.
    return token.head.i == before.i or before.ent_type_ in {"PRODUCT", "ORG"}


def age_end(tokens: Sequence[Token], index: int) -> int | None:
    """Where an age written from `index` ends: "19-year-old", "40 year old", "52-years-old";
    None if it is not one."""
    words = [token.lower_ for token in tokens[index + 1 : index + 6]]
    for pattern in (["-", "year", "-", "old"], ["-", "years", "-", "old"], ["year", "old"]):
        if words[: len(pattern)] == pattern:
            return index + 1 + len(pattern)
    if words[:2] in (["years", "old"], ["-", "year-old"]):
        return index + 3
    return None


def hyphen_pair(tokens: Sequence[Token], index: int) -> str | None:
    """ "2-0" after "won" is a "score"; "10-15 people" a "range"; None if `index` is not the
    first number of two joined by a hyphen or dash (or is part of a longer chain: a phone
    number or a date)."""
    if index + 2 >= len(tokens):
        return None
    first, dash, second = tokens[index], tokens[index + 1], tokens[index + 2]
    if dash.text not in {"-", "–"} or first.whitespace_ or dash.whitespace_:
        return None
    if not (first.text.isdigit() and second.text.isdigit()):
        return None
    chained = index + 3 < len(tokens) and tokens[index + 3].text in {"-", "–", "/"}
    if chained or (index > 0 and tokens[index - 1].text in {"-", "–", "/"}):
        return None
    nearby = {token.lower_ for token in tokens[max(0, index - 4) : index + 6]}
    if nearby & SPORT_WORDS and len(first.text) <= 3 and len(second.text) <= 3:
        return "score"
    return "range" if int(first.text) < int(second.text) else None


def duration_unit(tokens: Sequence[Token] | Span, end: int) -> str | None:
    """The unit of time after a number ending at `end` ("four hours"), unless "ago" or
    "old" makes it a point in time or an age."""
    if end >= len(tokens) or tokens[end].lower_ not in DURATION_UNITS:
        return None
    after = tokens[end + 1].lower_ if end + 1 < len(tokens) else ""
    if after in {"ago", "old", "earlier", "later", "before", "after", "'", "’"}:
        return None
    return tokens[end].lower_
