"""A name's text: its edges cleaned, its title taken off, its form for comparing.

Below the grouping of mentions into entities (`entities.py`) and the reading of mentions
from the parse (`mentions.py`), which both work on names as strings.
"""

from __future__ import annotations

import re
import unicodedata

from reader.core.analysis.lexicon import LEADING_WORDS, PERSON_TITLES

_SPACE = re.compile(r"\s+")
_ADJECTIVE_SUFFIX = re.compile(
    r"-(?:owned|based|led|backed|born|made|funded|run|style|era|linked|affiliated|controlled)$"
)
_NAME_END = re.compile(r"—|--|[“”\"]")


_CREDIT_PREFIX = re.compile(r"(?:(?:Photo |Image )?Credit(?::\s?)?)+(?=[A-Z])")
"""A credit label run into a name ("CreditChang W. Lee", "Credit: Jane"), not "Credit Suisse"."""


def clean_mention(text: str, start: int, end: int) -> tuple[str, int, int] | None:
    """Trim a determiner, possessive, title or punctuation off a span, keeping offsets exact."""
    original = text
    # Leading determiner.
    words = original.split(" ", 1)
    if len(words) == 2 and words[0].lower() in LEADING_WORDS:
        cut = len(words[0]) + 1
        original, start = original[cut:], start + cut
    # A photo credit's label run into the name by the page: "CreditChang W. Lee".
    credit = _CREDIT_PREFIX.match(original)
    if credit is not None:
        original, start = original[credit.end() :], start + credit.end()
    # Trailing possessive: "Kerry's", "Kerry’s", "Reuters’".
    for suffix in ("'s", "’s", "'", "’"):
        if original.endswith(suffix) and len(original) > len(suffix) + 1:
            original, end = original[: -len(suffix)], end - len(suffix)
            break
    # A dash or quotation mark the tokenizer left inside a word ends the name: "Natásha—“is".
    inner = _NAME_END.search(original, 1)
    if inner is not None and any(char.isalpha() for char in original[: inner.start()]):
        original, end = original[: inner.start()], start + inner.start()
    # "Kroger-owned", "London-based": the name without the word that makes it an adjective.
    adjective = _ADJECTIVE_SUFFIX.search(original)
    if adjective is not None and adjective.start() > 1:
        original, end = original[: adjective.start()], start + adjective.start()
    # "Rice Krispies Treats at", "Likud party": a name does not end in a lower-case word.
    words = original.split(" ")
    while (
        len(words) > 1
        and words[-1].isalpha()
        and words[-1].islower()
        and any(word[:1].isupper() for word in words[:-1])
    ):
        words.pop()
        cut = len(" ".join(words))
        original, end = original[:cut], start + cut
    # Punctuation the tokenizer left at either edge.
    while original and not (original[0].isalnum() or original[0] in "$£€"):
        original, start = original[1:], start + 1
    while original and not (original[-1].isalnum() or original[-1] in ".)"):
        original, end = original[:-1], end - 1
    if original.endswith(")") and "(" not in original:
        original, end = original[:-1], end - 1  # "(Kerry)": an unbalanced bracket
    if not original or not any(char.isalpha() for char in original):
        return None
    return original, start, end


def strip_title(name: str) -> str:
    """The name without a leading title: "Secretary of State John Kerry" stays as is only when
    no shorter personal name follows a title word."""
    words = name.split()
    index = 0
    while index < len(words) - 1 and (
        words[index].lower().rstrip(",") in PERSON_TITLES
        or words[index].lower() in {"of", "state", "foreign", "prime", "vice", "deputy"}
    ):
        index += 1
    return " ".join(words[index:]) if index else name


def normal_form(text: str) -> str:
    """The comparison key of a name: case, accents, spacing and curly apostrophes folded."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(char for char in folded if not unicodedata.combining(char))
    return _SPACE.sub(" ", folded.replace("’", "'").casefold()).strip()
