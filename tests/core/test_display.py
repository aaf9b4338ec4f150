"""for_display, one_line and escape_json: stored text shown on a terminal never acts on it."""

from __future__ import annotations

import json
import sys
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from reader.core.text.display import (
    escape_json,
    for_display,
    has_directional,
    one_line,
    without_directional,
)

KEPT_FORMAT = {"\u200c", "\u200d"}
"""Format characters shown as they are: joiners that emoji and scripts need."""

FILLERS = {"\u115f", "\u1160", "\u3164", "\uffa0"}


def unsafe(char: str) -> bool:
    """A character a terminal may act on, hide, or misalign a table with."""
    category = unicodedata.category(char)
    if char in "\t\n":
        return False
    return (
        category in {"Cc", "Cs", "Zl", "Zp"}
        or (category == "Cf" and char not in KEPT_FORMAT)
        or char in FILLERS
    )


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("\x1b]0;title\x07", "␛]0;title␇"),
        ("\x1b[2J", "␛[2J"),
        ("a\x7fb", "a␡b"),
        ("a\x9b2Jb", "a<U+009B>2Jb"),
        ("abc\u202edcba", "abc<U+202E>dcba"),
        ("\u2066x\u2069", "<U+2066>x<U+2069>"),
        ("flag \U0001f3f4\U000e0067\U000e0062\U000e007f", "flag \U0001f3f4"),
        ("hidden\U000e0041\U000e0042", "hidden"),
        ("\u3164name", "<U+3164>name"),
        ("soft\u00adhyphen\u200b", "softhyphen"),
        ("\u200fשלום", "שלום"),
        ("one\r\ntwo\rthree\u2028four", "one\ntwo\nthree\nfour"),
        ("caf\udce9.txt", "caf<0xE9>.txt"),
        ("\ud800", "<U+D800>"),
        ("tab\tnew\nline", "tab\tnew\nline"),
        ("[bold]x[/]", "[bold]x[/]"),
        ("👨\u200d👩\u200d👧 می\u200cخواهم", "👨\u200d👩\u200d👧 می\u200cخواهم"),
    ],
    ids=[
        "osc-title",
        "csi-clear",
        "del",
        "c1-csi",
        "bidi-override",
        "bidi-isolates",
        "emoji-flag-tags",
        "tag-smuggling",
        "hangul-filler",
        "invisibles-dropped",
        "rlm-dropped",
        "line-ends",
        "surrogateescape-byte",
        "lone-surrogate",
        "tab-newline-kept",
        "markup-is-text",
        "joiners-kept",
    ],
)
def test_for_display(text: str, shown: str) -> None:
    assert for_display(text) == shown


def test_one_line_flattens_white_space() -> None:
    assert one_line("  a\n\tb\r\n c \x1b ") == "a b c ␛"


def test_every_unsafe_code_point_is_changed() -> None:
    """Checked against this Python's Unicode database, so a new format character shows up."""
    missed = [
        f"U+{code:04X}"
        for code in range(sys.maxunicode + 1)
        if unsafe(char := chr(code)) and any(unsafe(c) for c in for_display(char))
    ]
    assert missed == []


@given(st.text())
def test_output_is_safe(text: str) -> None:
    shown = for_display(text)
    assert not any(unsafe(char) for char in shown)
    shown.encode("utf-8")  # never a UnicodeEncodeError


@given(st.text())
def test_idempotent(text: str) -> None:
    assert for_display(for_display(text)) == for_display(text)


@given(st.text(st.characters(exclude_categories=("Cc", "Cf", "Cs", "Zl", "Zp"))))
def test_ordinary_text_is_unchanged(text: str) -> None:
    text = "".join(char for char in text if char not in FILLERS)
    assert for_display(text) == text


@given(st.recursive(st.text(), lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner)))
def test_escape_json_is_lossless_and_safe(data: object) -> None:
    serialised = escape_json(json.dumps(data, ensure_ascii=False))
    assert json.loads(serialised) == data
    assert not any(unsafe(char) for char in serialised)


@given(st.text())
def test_leaving_out_directional_characters_moves_no_column(text: str) -> None:
    drawn = without_directional(text)
    assert cell_len(drawn) == cell_len(text)
    assert not has_directional(drawn)
    assert all(char in text for char in drawn)


def test_directional_characters_are_left_out_of_the_drawing() -> None:
    assert without_directional("a\u202eb\u2066c\u2069\u200fd\U000e0041e") == "abcde"
    assert without_directional("plain text") == "plain text"
