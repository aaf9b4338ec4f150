"""Wrap an article at a width into rows, with a map both ways between offsets and rows.

The article view draws only the rows on screen, so it needs, once per width, the list of
wrapped rows and a quick way to find the row of any character offset (for the caret, search
hits, highlights and jumps) and the offset under any cell (for the mouse).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import NamedTuple

from reader.core.model.document import Article, Block, BlockKind
from reader.core.text.cells import cell_len, is_narrow

GAP = -1
"""`Row.block_index` of the blank row drawn between two blocks."""

MIN_WIDTH = 10
"""Narrower than this, wrapping stops making sense; the layout uses this width instead."""


class Row(NamedTuple):
    """One screen row of the article.

    `start`..`end` is the range of `Article.text` the row shows. A row owns the spaces after
    its last word, so every offset in the text belongs to exactly one row; `text_end` is
    where the visible text stops. A named tuple rather than a dataclass: a book has tens of
    thousands of rows, and building them is most of what a re-wrap costs.
    """

    block_index: int
    start: int
    end: int
    text_end: int
    indent: int
    first: bool
    """True for the first row of its block, where a list marker or quote bar starts."""


def block_indent(block: Block) -> int:
    """How many cells a block's rows are indented, for its marker or quote bar."""
    if block.kind is BlockKind.LIST_ITEM:
        return 2 * max(block.level - 1, 0) + len(block.marker or "•") + 1
    if block.kind is BlockKind.BLOCK_QUOTE:
        return 2 * max(block.level, 1)
    if block.kind is BlockKind.CODE:
        return 2
    return 0


def _break_runs(text: str, base: int, width: int) -> list[tuple[int, int, int]]:
    """Greedy word wrap of one line of text into (start, text_end, end) runs.

    Offsets are absolute (`base` is where `text` starts). Breaks fall after spaces; a word
    longer than the width is cut at the width.
    """
    runs: list[tuple[int, int, int]] = []
    length = len(text)
    position = 0
    narrow = is_narrow(text)
    while position < length:
        if narrow:
            limit = position + width
            if limit >= length:
                runs.append((base + position, base + length, base + length))
                break
            # The best break is the last space at or before the limit.
            space = text.rfind(" ", position, limit + 1)
        else:
            limit, space = _wide_limit(text, position, width)
            if limit >= length:
                runs.append((base + position, base + length, base + length))
                break
        if space > position:
            text_end = space
            while text_end > position and text[text_end - 1] == " ":
                text_end -= 1
            end = space + 1
            while end < length and text[end] == " ":
                end += 1
        else:
            text_end = end = max(limit, position + 1)
        runs.append((base + position, base + text_end, base + end))
        position = end
    return runs


def _wide_limit(text: str, position: int, width: int) -> tuple[int, int]:
    """For text with wide characters: the first offset past `width` cells, and the last space
    at or before it (or -1)."""
    cells = 0
    index = position
    space = -1
    length = len(text)
    while index < length:
        char = text[index]
        if char == " ":
            space = index
        cells += cell_len(char)
        if cells > width:
            return index, space
        index += 1
    return length, space


@dataclass(frozen=True)
class Layout:
    """An article wrapped at one width."""

    width: int
    rows: tuple[Row, ...]
    row_starts: tuple[int, ...]
    text: str
    """The article's canonical text (shared, not copied)."""

    def __len__(self) -> int:
        return len(self.rows)

    def row_of(self, offset: int) -> tuple[int, int]:
        """The (row, column) where `offset` is drawn; offsets past the end clamp to the end."""
        if not self.rows:
            return 0, 0
        offset = max(0, min(offset, len(self.text)))
        index = max(bisect_right(self.row_starts, offset) - 1, 0)
        row = self.rows[index]
        if row.block_index == GAP:
            return index, 0
        visible = self.text[row.start : min(offset, row.text_end)]
        return index, row.indent + cell_len(visible)

    def offset_at(self, row_index: int, column: int) -> int:
        """The offset of the character drawn at (row, column), clamped to the row's text."""
        if not self.rows:
            return 0
        row = self.rows[max(0, min(row_index, len(self.rows) - 1))]
        if row.block_index == GAP:
            return row.start
        target = column - row.indent
        offset = row.start
        cells = 0
        while offset < row.text_end:
            cells += cell_len(self.text[offset])
            if cells > target:
                break
            offset += 1
        return offset


def wrap(article: Article, width: int) -> Layout:
    """Wrap every block of `article` to `width` cells.

    Blocks are separated by one blank (GAP) row that owns the separator's offsets. Code keeps
    its line breaks; other blocks wrap at spaces.
    """
    width = max(width, MIN_WIDTH)
    rows: list[Row] = []
    add_row = rows.append
    text = article.text
    previous_end = -1
    for index, block in enumerate(article.blocks):
        if previous_end >= 0:
            add_row(Row(GAP, previous_end + 1, block.start, block.start, 0, True))
        previous_end = block.end
        indent = block_indent(block)
        available = max(width - indent, MIN_WIDTH // 2)
        if block.kind is BlockKind.CODE:
            runs = _code_runs(text[block.start : block.end], block.start, available)
        else:
            runs = _break_runs(text[block.start : block.end], block.start, available)
        first = True
        for start, text_end, end in runs:
            add_row(Row(index, start, end, text_end, indent, first))
            first = False
    return Layout(width, tuple(rows), tuple([row.start for row in rows]), text)


def _code_runs(code: str, base: int, width: int) -> list[tuple[int, int, int]]:
    """Runs for a code block: each line its own row (cut at the width), newline included."""
    lines = code.split("\n")
    line_start = base
    runs: list[tuple[int, int, int]] = []
    for line_number, line in enumerate(lines):
        line_runs = _break_runs(line, line_start, width) or [(line_start, line_start, line_start)]
        if line_number < len(lines) - 1:
            # The newline belongs to the line it ends.
            start, text_end, end = line_runs[-1]
            line_runs[-1] = (start, text_end, end + 1)
        runs.extend(line_runs)
        line_start += len(line) + 1
    return runs
