"""The wrapped layout: every offset maps to a row and back, and no row is too wide."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len as rich_cell_len

from reader.core.model.document import ArticleBuilder, BlockKind
from reader.core.text.cells import NARROW_RANGES, cell_len, is_narrow
from reader.core.text.layout import GAP, MIN_WIDTH, Layout, wrap


def make_article(*blocks: tuple[BlockKind, str], **extra: object):  # type: ignore[no-untyped-def]
    builder = ArticleBuilder()
    for kind, text in blocks:
        builder.add(kind, text, **extra)  # type: ignore[arg-type]
    return builder.build()


def visible(layout: Layout, index: int) -> str:
    row = layout.rows[index]
    return layout.text[row.start : row.text_end]


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("one two three", 20, ["one two three"]),
        ("one two three", 7, ["one two", "three"]),
        ("one two three", 10, ["one two", "three"]),
        ("abcdefghijklmnopqrstuvwxyz", 10, ["abcdefghij", "klmnopqrst", "uvwxyz"]),
        ("aaaa bbbb cccc dddd", 9, ["aaaa bbbb", "cccc dddd"]),
        ("日本語のテキストです", 10, ["日本語のテ", "キストです"]),
    ],
    ids=["fits", "breaks-at-space", "space-at-limit", "long-word-cut", "exact-fit", "wide-chars"],
)
def test_wrap_breaks_rows(text: str, width: int, expected: list[str]) -> None:
    layout = wrap(make_article((BlockKind.PARAGRAPH, text)), max(width, MIN_WIDTH))
    assert [visible(layout, i) for i in range(len(layout))] == expected


def test_blocks_are_separated_by_one_gap_row() -> None:
    article = make_article((BlockKind.TITLE, "Title"), (BlockKind.PARAGRAPH, "Body text."))
    layout = wrap(article, 40)
    assert [row.block_index for row in layout.rows] == [0, GAP, 1]
    assert layout.row_of(article.blocks[1].start) == (2, 0)


def test_code_keeps_its_lines() -> None:
    article = make_article((BlockKind.CODE, "def f():\n    return 1\n\nprint(f())"))
    layout = wrap(article, 40)
    assert [visible(layout, i) for i in range(len(layout))] == [
        "def f():",
        "    return 1",
        "",
        "print(f())",
    ]


def test_list_items_are_indented_past_their_marker() -> None:
    builder = ArticleBuilder()
    builder.add(BlockKind.LIST_ITEM, "word " * 10, level=1, marker="10.")
    layout = wrap(builder.build(), 20)
    assert {row.indent for row in layout.rows} == {4}
    assert all(row.indent + cell_len(visible(layout, i)) <= 20 for i, row in enumerate(layout.rows))


def test_a_new_width_keeps_every_offset_addressable() -> None:
    article = make_article((BlockKind.PARAGRAPH, "lorem ipsum dolor sit amet " * 40))
    for width in (10, 33, 72, 200):
        layout = wrap(article, width)
        assert layout.rows[-1].end == len(article.text)


def test_known_narrow_ranges_are_one_cell_in_rich() -> None:
    for low, high in NARROW_RANGES:
        for code in range(low, high + 1):
            assert rich_cell_len(chr(code)) == 1, hex(code)


def test_a_wide_and_a_zero_width_character_together_still_wrap_by_cells() -> None:
    # Found by hypothesis: a wide radical (2 cells) and a Hangul filler (0 cells) sum to
    # two cells for two characters, which once passed the text off as narrow.
    text = "000000000\u2e80\u1160"
    assert not is_narrow(text)
    layout = wrap(make_article((BlockKind.PARAGRAPH, text)), 10)
    for index, row in enumerate(layout.rows):
        assert row.indent + cell_len(visible(layout, index)) <= 10


words = st.text(
    alphabet=st.characters(
        codec="utf-8", categories=("L", "N", "P", "S"), exclude_characters="\n\r"
    ),
    min_size=1,
    max_size=25,
)
paragraphs = st.lists(words, min_size=1, max_size=40).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(st.lists(paragraphs, min_size=1, max_size=5), st.integers(MIN_WIDTH, 90))
def test_every_offset_maps_to_a_row_and_back(texts: list[str], width: int) -> None:
    article = make_article(*((BlockKind.PARAGRAPH, text) for text in texts))
    layout = wrap(article, width)
    # Rows tile the text: each starts where the previous one ended, or one past it for a gap.
    assert layout.rows[0].start == 0
    assert layout.rows[-1].end == len(article.text)
    for before, after in zip(layout.rows, layout.rows[1:], strict=False):
        assert after.start in (before.end, before.end + 1)
    for index, row in enumerate(layout.rows):
        assert row.indent + cell_len(visible(layout, index)) <= width
        # The offsets of every visible character come back from their cell.
        for offset in range(row.start, row.text_end):
            row_index, column = layout.row_of(offset)
            assert row_index == index
            if cell_len(article.text[offset]) == 1:
                assert layout.offset_at(row_index, column) == offset


def test_paragraph_numbers_count_only_the_story() -> None:
    builder = ArticleBuilder()
    for kind, text in [
        (BlockKind.TITLE, "Headline"),
        (BlockKind.CAPTION, "A photo. — AP"),
        (BlockKind.PARAGRAPH, "First."),
        (BlockKind.ASIDE, "More Other Stories"),
        (BlockKind.HEADING, "Part two"),
        (BlockKind.PARAGRAPH, "Second."),
    ]:
        builder.add(kind, text)
    article = builder.build()
    assert article.paragraph_number(article.text.index("First")) == 1
    assert article.paragraph_number(article.text.index("Second")) == 2
    assert article.paragraph_number(article.text.index("photo")) is None
    assert article.paragraph_number(article.text.index("Other")) is None
