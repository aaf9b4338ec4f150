"""Whether a name is a person's by its own words: a title before it ("General Barclay",
"President Trump") or a first name no dictionary knows as a word ("Jessica Chastain").

The model tags unfamiliar names by guesswork; these words settle it. `dictionary` is the
pipeline's list of English words (`pipeline.dictionary_words`): it tells "General Motors"
from "General Barclay", "Grace Mugabe" (no help) from "Jessica Chastain".
"""

from __future__ import annotations

from reader.core.analysis.gender import is_first_name
from reader.core.analysis.lexicon import (
    NAME_TITLES,
    OFFICE_TITLES,
    ORG_HEADS,
    PERSON_TITLES,
    PLACE_HEADS,
)


def titled(name: str, dictionary: frozenset[str] = frozenset()) -> bool:
    """Whether a name is a courtesy or rank title and a name only ("Count Bezúkhov",
    "Mr Ford"): a person, whatever the model tagged it. A title that also begins names of
    other things ("General", "Captain") counts only before words no dictionary holds:
    "General Barclay" is a person, "General Motors" a company."""
    words = name.split()
    if not (2 <= len(words) <= 4 and all(word[:1].isupper() for word in words[1:])):
        return False
    title = words[0].lower().rstrip(".")
    if title in NAME_TITLES or title in OFFICE_TITLES:
        return True
    return (
        bool(dictionary)
        and title in PERSON_TITLES
        and title not in PLACE_SAINTS
        and not any(in_dictionary(word, dictionary) for word in words[1:])
    )


def first_and_last(name: str, dictionary: frozenset[str]) -> bool:
    """A first name no dictionary knows as a word and a surname ("Jessica Chastain", "Lucia
    Suarez"): a person, whatever the model said. "Grace", "Mark" or "Morgan" (in "Morgan
    Stanley") are words too, and tell nothing."""
    words = name.split()
    return (
        bool(dictionary)
        and 2 <= len(words) <= 3
        and all(word.isalpha() and word[:1].isupper() for word in words)
        and is_first_name(words[0])
        and words[0].lower() not in dictionary
        and not any(word.lower() in ORG_HEADS | PLACE_HEADS for word in words)
    )


PLACE_SAINTS = frozenset(["saint", "st", "st."])
"""Titles that begin as many places as people ("St. Petersburg", "Saint Lucia")."""


def in_dictionary(word: str, dictionary: frozenset[str]) -> bool:
    """Whether a word, or its singular, is an English word ("Motors", "Dynamics")."""
    lower = word.lower().strip(".,'’")
    return (
        lower in dictionary
        or (lower.endswith("s") and lower[:-1] in dictionary)
        or (lower.endswith("ies") and lower[:-3] + "y" in dictionary)
    )
