"""Numbers that state no quantity: dates, ranks, names, identifiers, "one" as a word, hours
told in words and the numbers of list titles. `figures.py` asks `excluded` of every number."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from reader.core.analysis.number_words import (
    NUMBER_WORDS,
    after_currency,
    is_number_token,
)
from reader.core.analysis.numbers import MEASURES, duration_unit, names_a_thing

if TYPE_CHECKING:
    from spacy.tokens import Token

ONE_QUALIFIERS = frozenset(["only", "least", "than", "about", "around", "nearly", "almost", "just"])
NOT_QUANTITY_LABELS = frozenset({"DATE", "TIME", "ORDINAL"})
"""A number inside these spans is a date, a time or a rank, not a quantity."""
NAME_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT"}
)
"""A number inside a name ("Apollo 11", "G20") is part of the name."""


def excluded(token: Token) -> bool:
    """Dates, times, ranks, names, years and the pronoun "one" are not quantities."""
    lower = token.lower_
    # "one of the", "one day", "one thing", "the only one who": "one" is nearly always a word,
    # not a figure, unless a qualifier makes it one ("only one", "at least one").
    if lower == "one" and _one_is_a_word(token):
        return True
    if lower in NUMBER_WORDS and _clock_time(token):
        return True
    if token.ent_type_ in {"DATE", "TIME"} and _duration_follows(token):
        return False  # "more than four hours", "six months": a length of time is a quantity
    if token.ent_type_ in NOT_QUANTITY_LABELS or token.ent_type_ in NAME_LABELS:
        return True
    if names_a_thing(token) or _numbers_a_list_title(token):
        return True
    # "the two sides", "those three": a small number after "the" points back at things
    # already named; it states no quantity.
    if (
        lower in NUMBER_WORDS
        and NUMBER_WORDS[lower] <= 10
        and token.i > 0
        and token.nbor(-1).lower_ in {"the", "these", "those"}
    ):
        return True
    # A year written alone: four digits between 1500 and 2100 with no counted noun.
    if re.fullmatch(r"1[5-9]\d\d|20\d\d|2100", token.text) and not _counts_noun(token):
        return True
    if _jersey_or_address(token):
        return True
    # "No. 4", "#1", "number 3": a rank, not a quantity.
    before = [t.lower_ for t in token.doc[max(0, token.i - 2) : token.i]]
    if before[-1:] in (["no."], ["#"], ["number"], ["nos."]) or before == ["no", "."]:
        return True
    # "the Big Ten", "Fantastic Four": a capitalised number word inside a sentence is a name.
    if token.text[:1].isupper() and lower in NUMBER_WORDS and not _sentence_first(token):
        return True
    # "Form 10-K", "F-35"-style codes: digits hyphened to capitals name a thing.
    if (
        token.i + 2 < len(token.doc)
        and token.nbor(1).text == "-"
        and not token.whitespace_
        and not token.nbor(1).whitespace_
        and token.nbor(2).text.isalpha()
        and token.nbor(2).text.isupper()
    ):
        return True
    # "5G", "4K", "3D": capital letters glued to the digits name a thing.
    following = token.nbor(1) if token.i + 1 < len(token.doc) else None
    if (
        following is not None
        and not token.whitespace_
        and following.text.isalpha()
        and following.text.isupper()
        and following.text not in {"C", "F"}
        and not (len(following.text) > 1 and following.lower_ in MEASURES)  # "12GB"
        and not after_currency(token)
    ):
        return True
    # Numbers glued into identifiers ("3:23", "COVID-19", phone numbers) are not quantities.
    if (
        token.i > 0
        and token.nbor(-1).text in {"-", "#", "No.", "no."}
        and not token.nbor(-1).whitespace_
    ):
        return True
    return bool(
        token.i + 1 < len(token.doc)
        and token.nbor(1).text in {":", "-"}
        and not token.whitespace_
        and token.i + 2 < len(token.doc)
        and token.nbor(2).text.isdigit()
    )


def _one_is_a_word(token: Token) -> bool:
    """ "one of several", "one day", "only one who believes": "one" as a word, not a count."""
    following = token.nbor(1).lower_ if token.i + 1 < len(token.doc) else ""
    if following in {"of", "who", "that", "which", "another"}:
        return True
    if following == "-" and not token.whitespace_ and _duration_follows(token):
        return False  # "a one-year sentence"
    return token.i == 0 or token.nbor(-1).lower_ not in ONE_QUALIFIERS


_CLOCK_BEFORE = frozenset(["till", "until", "after", "before", "past", "at", "by", "around"])


def _clock_time(token: Token) -> bool:
    """ "till after two", "at eleven.": an hour named by a number word that ends its phrase."""
    doc = token.doc
    if token.i == 0 or doc[token.i - 1].lower_ not in _CLOCK_BEFORE:
        return False
    following = doc[token.i + 1] if token.i + 1 < len(doc) else None
    return following is None or following.is_punct or following.lower_ in {"o'clock", "o’clock"}


_TITLE_SMALL_WORDS = frozenset(
    [
        "a", "an", "the", "and", "or", "but", "of", "for", "to", "in", "on", "at", "by",
        "with", "from", "as", "vs", "via", "is", "are",
    ]
)  # fmt: skip
"""Words a title in Title Case leaves in lower case."""


def _numbers_a_list_title(token: Token) -> bool:
    """ "7 Habits of Rich Investors", "The 20 Best Albums", "ALSO READ: 5 Top Tech Stocks":
    a number opening a capitalised noun phrase in a line set in Title Case numbers a list's
    title; it states no quantity of anything the article reports."""
    doc = token.doc
    if token.i > 0:
        before = doc[token.i - 1]
        opening = before.is_punct or (before.lower_ in {"the", "top", "of"})
        if not opening and not token.is_sent_start:
            return False
    following = doc[token.i + 1] if token.i + 1 < len(doc) else None
    if following is None or not following.is_alpha or not following.text[:1].isupper():
        return False
    words = [
        word.text for word in token.sent if word.is_alpha and word.lower_ not in _TITLE_SMALL_WORDS
    ]
    capitalised = sum(1 for word in words if word[:1].isupper())
    return len(words) >= 3 and capitalised >= 0.8 * len(words)


def _duration_follows(token: Token) -> bool:
    """Whether the number run `token` is in ends before a unit of time ("four hours")."""
    doc = token.doc
    end = token.i + 1
    while end < len(doc) and is_number_token(doc[end]):
        end += 1
    if end < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_:
        end += 1  # "a 30-year prison term", "a two-week cap": a length of time all the same
    return duration_unit(doc[end : end + 2], 0) is not None


def _sentence_first(token: Token) -> bool:
    position = token.i
    while position > token.sent.start and token.doc[position - 1].is_punct:
        position -= 1
    return position == token.sent.start


def _counts_noun(token: Token) -> bool:
    """ "2014 votes" counts votes; "the 2014 budget", a singular noun, is a year's."""
    return (
        token.dep_ == "nummod"
        and token.head.pos_ == "NOUN"
        and token.head.i > token.i
        and token.head.tag_ in {"NNS", "NNPS"}
    )


def _jersey_or_address(token: Token) -> bool:
    """ "Ryan Nunn (22)": a player's number (or age) in brackets after a name; "the 23300
    block of Edmond Street": an address; "a thing or two": an idiom."""
    doc = token.doc
    before = [t.text for t in doc[max(0, token.i - 2) : token.i]]
    after = [t.lower_ for t in doc[token.i + 1 : token.i + 3]]
    if (
        before[-1:] == ["("]
        and after[:1] == [")"]
        and token.i >= 2
        and doc[token.i - 2].pos_ == "PROPN"
    ):
        return True
    if after == ["block", "of"]:
        return True
    return [t.lower_ for t in doc[max(0, token.i - 3) : token.i]] == ["a", "thing", "or"]
