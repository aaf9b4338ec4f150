"""Anchoring helpers: quotes with context, ids, timestamps and colour names."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.core.model.annotations import (
    CONTEXT_CHARS,
    DEFAULT_COLOR,
    TextQuote,
    check_color,
    new_id,
    quote_at,
    utc_now,
)

TEXT = "The ceasefire begins at midnight."


@pytest.mark.parametrize(
    ("start", "end", "context", "expected"),
    [
        (4, 13, 32, TextQuote("ceasefire", "The ", " begins at midnight.")),
        (0, 3, 32, TextQuote("The", "", " ceasefire begins at midnight.")),
        (24, 33, 32, TextQuote("midnight.", "The ceasefire begins at ", "")),
        (4, 13, 3, TextQuote("ceasefire", "he ", " be")),
        (0, len(TEXT), 5, TextQuote(TEXT, "", "")),
        (4, 13, 0, TextQuote("ceasefire", "", "")),
    ],
    ids=["middle", "at-start", "at-end", "short-context", "whole-text", "no-context"],
)
def test_quote_at(start: int, end: int, context: int, expected: TextQuote) -> None:
    assert quote_at(TEXT, start, end, context) == expected


@pytest.mark.parametrize(
    ("start", "end"),
    [(-1, 3), (3, 3), (5, 4), (0, len(TEXT) + 1)],
    ids=["negative-start", "empty", "reversed", "past-end"],
)
def test_quote_at_refuses_bad_ranges(start: int, end: int) -> None:
    with pytest.raises(ValueError, match="is not a passage"):
        quote_at(TEXT, start, end)


@given(st.text(min_size=1), st.data())
def test_quote_pieces_rebuild_the_text_around_the_range(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    quote = quote_at(text, start, end)
    assert quote.exact == text[start:end]
    assert text.endswith(quote.prefix + quote.exact + quote.suffix, 0, end + CONTEXT_CHARS)
    assert len(quote.prefix) == min(start, CONTEXT_CHARS)
    assert len(quote.suffix) == min(len(text) - end, CONTEXT_CHARS)


def test_ids_are_short_block_reference_safe_and_distinct() -> None:
    ids = {new_id() for _ in range(10_000)}
    assert len(ids) == 10_000
    assert all(re.fullmatch(r"[a-z2-7]{10}", identifier) for identifier in ids)


def test_utc_now_is_iso_8601_to_the_second() -> None:
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", utc_now())


@pytest.mark.parametrize("color", [DEFAULT_COLOR, "blue", "sea-green", "c2"])
def test_colour_names(color: str) -> None:
    assert check_color(color) == color


@pytest.mark.parametrize("color", ["", "Yellow", "2blue", "red green", "*x*", "a" * 40])
def test_bad_colour_names(color: str) -> None:
    with pytest.raises(ValueError, match="is not a colour name"):
        check_color(color)
