"""Finding quoted words in an article for `reader highlight`."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.core.text.locate import QuoteNotFound, locate_quote

TEXT = (
    "Kerry said he and Lavrov reached a “provisional agreement” on a ceasefire.\n\n"
    "It’s the ceasefire that matters — the ceasefire."
)


def test_a_quote_found_once_gives_its_range() -> None:
    start, end = locate_quote(TEXT, "reached a")
    assert TEXT[start:end] == "reached a"


def test_spacing_quotes_and_dashes_are_forgiven() -> None:
    start, end = locate_quote(TEXT, 'a "provisional   agreement" on')
    assert TEXT[start:end] == "a “provisional agreement” on"
    start, end = locate_quote(TEXT, "It's the ceasefire that matters - the")
    assert TEXT[start:end] == "It’s the ceasefire that matters — the"


def test_case_and_words_must_match() -> None:
    with pytest.raises(QuoteNotFound, match="is not in the article"):
        locate_quote(TEXT, "kerry said")


def test_several_occurrences_need_a_choice() -> None:
    with pytest.raises(QuoteNotFound, match="3 times; choose one with --occurrence 1 to 3"):
        locate_quote(TEXT, "ceasefire")
    start, _end = locate_quote(TEXT, "ceasefire", occurrence=2)
    assert start == TEXT.index("ceasefire that")
    with pytest.raises(QuoteNotFound, match="no occurrence 4"):
        locate_quote(TEXT, "ceasefire", occurrence=4)


def test_empty_words_are_refused() -> None:
    with pytest.raises(QuoteNotFound, match="Give the words"):
        locate_quote(TEXT, "  \n ")


WORDS = st.text(alphabet="abcXYZ019 \n\t", min_size=1)


@given(passage=WORDS, before=WORDS, after=WORDS)
def test_the_first_occurrence_is_the_passage_with_its_own_spacing(
    passage: str, before: str, after: str
) -> None:
    if not passage.split():
        return
    text = before + "|" + passage + "|" + after
    start, end = locate_quote(text, passage, occurrence=1)
    assert " ".join(text[start:end].split()) == " ".join(passage.split())
    planted = len(before) + 1 + len(passage) - len(passage.lstrip())
    assert start <= planted  # nothing after the planted copy is chosen first
