"""ArticleView: the article typeset for reading, drawn row by row with Textual's Line API.

One widget for the whole article (not one per block), so a 3 MB book costs only the rows on
screen. The wrapped layout comes from `reader.core.text.layout` and is rebuilt only when the
reading width changes. A caret marks the reader's place in the text; search matches, entity
marks and the caret are drawn as overlays, found by offset.
"""

from __future__ import annotations

import gc
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import accumulate
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.core.analysis.model import EntityKind
from reader.core.model.annotations import DEFAULT_COLOR, HIGHLIGHT_COLORS, Highlight
from reader.core.model.document import Article, BlockKind, SpanKind
from reader.core.text import ranges
from reader.core.text.find import SearchResult, find_all
from reader.core.text.jumplist import JumpList
from reader.core.text.layout import GAP, Layout, Row, wrap
from reader.core.text.text_units import TextUnits

DEFAULT_READING_WIDTH = 72
"""Columns of text: about the measure of a printed page, comfortable to read."""

BLOCK_COMPONENTS: dict[BlockKind, str] = {
    BlockKind.TITLE: "article-view--title",
    BlockKind.DEK: "article-view--dek",
    BlockKind.BYLINE: "article-view--byline",
    BlockKind.DATELINE: "article-view--dateline",
    BlockKind.HEADING: "article-view--heading",
    BlockKind.PARAGRAPH: "article-view--paragraph",
    BlockKind.BLOCK_QUOTE: "article-view--quote",
    BlockKind.LIST_ITEM: "article-view--list-item",
    BlockKind.CAPTION: "article-view--caption",
    BlockKind.ASIDE: "article-view--aside",
    BlockKind.CODE: "article-view--code",
}

SPAN_COMPONENTS: dict[SpanKind, str] = {
    SpanKind.EMPHASIS: "article-view--emphasis",
    SpanKind.STRONG: "article-view--strong",
    SpanKind.CODE: "article-view--inline-code",
    SpanKind.LINK: "article-view--link",
    SpanKind.CREDIT: "article-view--credit",
}

QUOTE_BAR = "▌ "
"""Drawn before every row of a block quote, so a quotation reads as one."""

ENTITY_COMPONENTS: dict[EntityKind, str] = {
    kind: f"article-view--entity-{kind.value}" for kind in EntityKind
}
"""The component class that colours a marked mention, by kind (`$entity-person` …)."""

HIGHLIGHT_COMPONENTS: dict[str, str] = {
    color: f"article-view--highlight-{color}" for color in HIGHLIGHT_COLORS
}
"""The component class that draws a highlight's background, by colour (`$highlight-yellow` …)."""

NOTE_MARKER = "▍"
"""Drawn in the margin beside the first row of a highlight that has a note."""

JUMP_CONTEXT_ROWS = 3
"""Rows left above a jump target, so the reader sees what leads into it."""


@dataclass(frozen=True)
class Marks:
    """Entity mentions drawn in their kind's colour: sorted offset ranges with a kind each.

    Mentions of different entities may nest ("United States" inside a longer name), so a
    running maximum of the ends finds every mark on a row with two bisects.
    """

    label: str
    """What is marked, for the status line: an entity's name, or "entities" for all."""
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    kinds: tuple[EntityKind, ...]
    reach: tuple[int, ...]
    """`reach[i]` is the furthest end of marks 0..i; it never decreases."""

    @classmethod
    def of(cls, label: str, ranges: Iterable[tuple[int, int, EntityKind]]) -> Marks:
        """Marks over `ranges` (start, end, kind), in any order; empty ranges are dropped."""
        ordered = sorted((start, end, kind) for start, end, kind in ranges if start < end)
        starts = tuple(start for start, _end, _kind in ordered)
        ends = tuple(end for _start, end, _kind in ordered)
        kinds = tuple(kind for _start, _end, kind in ordered)
        return cls(label, starts, ends, kinds, tuple(accumulate(ends, max)))

    def __len__(self) -> int:
        return len(self.starts)

    def in_range(self, start: int, end: int) -> Iterable[int]:
        """Indexes of the marks that overlap [start, end), for drawing one row."""
        first = bisect_right(self.reach, start)
        last = bisect_left(self.starts, end)
        return (index for index in range(first, last) if self.ends[index] > start)

    def next_index(self, offset: int, *, inclusive: bool = False) -> int | None:
        """The first mark starting after `offset` (or at it, if `inclusive`), wrapping."""
        return ranges.next_index(self.starts, offset, inclusive=inclusive)

    def previous_index(self, offset: int) -> int | None:
        """The last mark starting before `offset`, wrapping to the last."""
        return ranges.previous_index(self.starts, offset)

    def index_at(self, offset: int) -> int | None:
        """The mark that starts exactly at `offset`, if any."""
        index = bisect_left(self.starts, offset)
        if index < len(self.starts) and self.starts[index] == offset:
            return index
        return None


class HighlightSet:
    """A document's highlights, sorted by start, found by offset with two bisects.

    Highlights may overlap, so a running maximum of the ends (`reach`) finds every
    highlight that reaches into a row, as `Marks` does for entity mentions.
    """

    def __init__(self, highlights: Iterable[Highlight] = ()) -> None:
        self.items: tuple[Highlight, ...] = tuple(
            sorted(highlights, key=lambda item: (item.start, item.end, item.created))
        )
        """The highlights in reading order."""
        self.starts = [item.start for item in self.items]
        self.reach = list(accumulate((item.end for item in self.items), max))

    def __len__(self) -> int:
        return len(self.items)

    def in_range(self, start: int, end: int) -> list[Highlight]:
        """The highlights overlapping [start, end), in reading order."""
        first = bisect_right(self.reach, start)
        last = bisect_left(self.starts, end)
        return [item for item in self.items[first:last] if item.end > start]

    def at(self, offset: int) -> Highlight | None:
        """The highlight drawn on top at `offset`: the shortest covering it, the later on ties."""
        covering = [item for item in self.in_range(offset, offset + 1) if item.start <= offset]
        if not covering:
            return None
        return min(covering, key=lambda item: (item.end - item.start, _reverse(item.created)))

    def by_id(self, highlight_id: str) -> Highlight | None:
        """The highlight with this id, if it is in the set."""
        return next((item for item in self.items if item.id == highlight_id), None)


def _reverse(text: str) -> tuple[int, ...]:
    """A sort key that orders strings backwards (the latest timestamp first)."""
    return tuple(-ord(character) for character in text)


def drawing_order(highlights: Iterable[Highlight]) -> list[Highlight]:
    """Overlapping highlights in the order to draw them: longest first, so a shorter one
    inside it stays visible on top; of equal length, the older first."""
    return sorted(highlights, key=lambda item: (-(item.end - item.start), item.created))


class ArticleView(ScrollView, can_focus=True):
    """The article, wrapped to a reading width and centred, with a caret for the reader's place.

    Scrolling keys move the view and keep the caret on screen; motion keys move the caret by
    character, word, sentence or paragraph and scroll to follow it. Jumps (search, outline,
    top and end) are recorded so Ctrl+O and Alt+→ can walk them.
    """

    HELP = """
## Reading

Scroll with **j** and **k** or the arrows, page with **space** and **b**.
The caret (the highlighted cell) marks your place. Move it by word with **w** and **W**,
by sentence with **)** and **(**, by paragraph with **}** and **{**.
Search with **/**, then **n** and **N**. **Ctrl+O** goes back to where you jumped from,
**Alt+→** forward again. **t** shows the contents, **L** the library.

**E**, **F** and **Q** list the article's entities, figures and quotes. Choosing an entity
colours its every mention; **e** colours all of them. **n** and **N** step through what you
asked for last: the coloured mentions, or the matches of a search begun after them.
**x** (or **Escape**) clears the colours.

## Highlighting

**v** starts a selection at the caret; the motion keys above extend it. **V** selects the
sentence, **P** the paragraph; dragging the mouse selects too. **H** highlights the selection
in the default colour, **1**–**5** in yellow, green, blue, pink or purple. With the caret on a
highlight, **1**–**5** recolour it, **d** deletes it, **>** and **<** move its end a word,
**[** and **]** its start. **a** writes a note on the highlight or selection, **A** on the
whole document; **M** lists them all. **u** undoes, **Ctrl+R** redoes.
"""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        *BLOCK_COMPONENTS.values(),
        *SPAN_COMPONENTS.values(),
        "article-view--marker",
        "article-view--caret",
        "article-view--search-match",
        "article-view--search-current",
        *ENTITY_COMPONENTS.values(),
        *HIGHLIGHT_COMPONENTS.values(),
        "article-view--selection",
        "article-view--note-marker",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "j,down",
            "line_down",
            "Down",
            show=False,
            id="line-down",
            tooltip="Scroll down one line",
        ),
        Binding("k,up", "line_up", "Up", show=False, id="line-up", tooltip="Scroll up one line"),
        Binding(
            "space,pagedown", "page_down", "Page", id="page-down", tooltip="Scroll down one page"
        ),
        Binding(
            "b,pageup", "page_up", "Page up", show=False, id="page-up", tooltip="Scroll up one page"
        ),
        Binding(
            "g,home",
            "go_top",
            "Top",
            show=False,
            id="go-top",
            tooltip="Go to the start of the article",
        ),
        Binding(
            "G,end",
            "go_end",
            "End",
            show=False,
            id="go-end",
            tooltip="Go to the end of the article",
        ),
        Binding(
            "h,left",
            "caret_left",
            "Left",
            show=False,
            id="caret-left",
            tooltip="Move the caret one character left",
        ),
        Binding(
            "l,right",
            "caret_right",
            "Right",
            show=False,
            id="caret-right",
            tooltip="Move the caret one character right",
        ),
        Binding(
            "w,ctrl+right",
            "next_word",
            "Next word",
            show=False,
            id="next-word",
            tooltip="Move the caret to the next word",
        ),
        Binding(
            "W,ctrl+left",
            "previous_word",
            "Previous word",
            show=False,
            id="previous-word",
            tooltip="Move the caret to the previous word",
        ),
        Binding(
            "right_parenthesis",
            "next_sentence",
            "Next sentence",
            show=False,
            id="next-sentence",
            tooltip="Move the caret to the next sentence",
        ),
        Binding(
            "left_parenthesis",
            "previous_sentence",
            "Previous sentence",
            show=False,
            id="previous-sentence",
            tooltip="Move the caret to the start of the sentence",
        ),
        Binding(
            "right_curly_bracket",
            "next_paragraph",
            "Next paragraph",
            show=False,
            id="next-paragraph",
            tooltip="Move the caret to the next paragraph",
        ),
        Binding(
            "left_curly_bracket",
            "previous_paragraph",
            "Previous paragraph",
            show=False,
            id="previous-paragraph",
            tooltip="Move the caret to the start of the paragraph",
        ),
        Binding(
            "n",
            "next_match",
            "Next match",
            show=False,
            id="next-match",
            tooltip="Jump to the next search match or coloured mention, whichever came last",
        ),
        Binding(
            "N",
            "previous_match",
            "Previous match",
            show=False,
            id="previous-match",
            tooltip="Jump to the previous search match or coloured mention, whichever came last",
        ),
        Binding(
            "v",
            "toggle_selection",
            "Select",
            id="start-selection",
            tooltip="Start selecting at the caret (the motion keys extend it), or stop",
        ),
        Binding(
            "V",
            "select_sentence",
            "Select sentence",
            show=False,
            id="select-sentence",
            tooltip="Select the sentence the caret is in",
        ),
        Binding(
            "P",
            "select_paragraph",
            "Select paragraph",
            show=False,
            id="select-paragraph",
            tooltip="Select the paragraph the caret is in",
        ),
        Binding(
            "escape",
            "clear_selection",
            "Clear selection",
            show=False,
            id="clear-selection",
            tooltip="Stop selecting",
        ),
        Binding(
            "x,escape",
            "clear_marks",
            "Clear marks",
            show=False,
            id="clear-marks",
            tooltip="Stop colouring entity mentions",
        ),
        Binding(
            "ctrl+o,alt+left",
            "jump_back",
            "Jump back",
            show=False,
            id="jump-back",
            tooltip="Go back to where you jumped from",
        ),
        Binding(
            "alt+right,ctrl+n",
            "jump_forward",
            "Jump forward",
            show=False,
            id="jump-forward",
            tooltip="Go forward again in the jump list",
        ),
        Binding(
            "plus,equals_sign",
            "widen",
            "Wider",
            show=False,
            id="widen",
            tooltip="Widen the reading column",
        ),
        Binding(
            "minus",
            "narrow",
            "Narrower",
            show=False,
            id="narrow",
            tooltip="Narrow the reading column",
        ),
    ]

    reading_width: reactive[int] = reactive(DEFAULT_READING_WIDTH)
    """The widest the text column may be; narrower terminals use their full width."""

    @dataclass
    class Scrolled(Message):
        """The view moved: the first visible offset or the caret changed."""

        view: ArticleView
        offset: int
        """The offset of the first row on screen: the reader's place."""
        fraction: float
        """How far through the article the bottom of the screen is, from 0 to 1."""

        @property
        def control(self) -> ArticleView:
            return self.view

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, ArticleView.Scrolled)

    @dataclass
    class MarksChanged(Message):
        """Entity marks were shown, stepped through or cleared."""

        view: ArticleView
        label: str
        """What is marked ("" when nothing is)."""
        count: int
        current: int | None
        """The index of the mark at the caret, if any."""

        @property
        def control(self) -> ArticleView:
            return self.view

    @dataclass
    class SelectionChanged(Message):
        """A selection was started, extended or dropped."""

        view: ArticleView
        selection: tuple[int, int] | None
        """The selected range (start, end), or None when nothing is selected."""

        @property
        def control(self) -> ArticleView:
            return self.view

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, ArticleView.SelectionChanged)

    @dataclass
    class SearchChanged(Message):
        """The search query, its match count or the current match changed."""

        view: ArticleView
        query: str
        count: int
        current: int | None
        """The index of the match at the caret, if any."""

        @property
        def control(self) -> ArticleView:
            return self.view

    def __init__(
        self,
        article: Article,
        *,
        start_offset: int = 0,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.article = article
        """The article shown; the view never changes it."""
        self.text_layout: Layout = wrap(article, DEFAULT_READING_WIDTH)
        """The article wrapped at the current text width."""
        self._recent_layouts: dict[int, Layout] = {}
        self.units = TextUnits(article)
        """Word, sentence and paragraph boundaries, for caret motion."""
        self.jumps = JumpList()
        """Where the reader jumped from, for Ctrl+O and Alt+→."""
        self.search_result: SearchResult | None = None
        """The matches of the current search, drawn in the text."""
        self.search_index: int | None = None
        """Which match the caret is on."""
        self._search_generation = 0
        self.marks: Marks | None = None
        """Entity mentions coloured by kind."""
        self.stepping_marks = False
        """Whether n and N step through the marks rather than the search matches: whichever
        the reader asked for last."""
        self._marks_generation = 0
        self.highlights = HighlightSet()
        """The document's highlights, drawn in their colours."""
        self._highlights_generation = 0
        self.selection_anchor: int | None = None
        """Where the selection began; the caret is its other end. None: not selecting."""
        self._drag_from: int | None = None
        self._pending_start: int | None = start_offset or None
        """Where to open, applied at the first layout with a real size."""
        self._caret = 0
        self._caret_cell = (0, 0)
        self._strip_cache: LRUCache[tuple[object, ...], Strip] = LRUCache(1024)

    # -- geometry ---------------------------------------------------------------------

    @property
    def text_width(self) -> int:
        """The width the text is wrapped to: the reading width, or less on a narrow screen."""
        available = self.scrollable_content_region.width or self.size.width
        return max(min(self.reading_width, available - 2), 10)

    @property
    def left_margin(self) -> int:
        """Blank cells left of the text column, which centre it on a wide screen."""
        available = self.scrollable_content_region.width or self.size.width
        return max((available - self.text_layout.width) // 2, 1)

    @property
    def page_height(self) -> int:
        """Rows on screen."""
        return max(self.scrollable_content_region.height, 1)

    @property
    def top_row(self) -> int:
        """The index of the first row on screen."""
        return int(self.scroll_offset.y)

    @property
    def top_offset(self) -> int:
        """The text offset of the first row on screen: the reader's place."""
        rows = self.text_layout.rows
        if not rows:
            return 0
        return rows[min(self.top_row, len(rows) - 1)].start

    @property
    def caret(self) -> int:
        """The caret's offset in the article text."""
        return self._caret

    @property
    def caret_row(self) -> int:
        """The layout row the caret is on."""
        return self._caret_cell[0]

    @property
    def selection(self) -> tuple[int, int] | None:
        """The selected range (start, end), or None when not selecting or nothing is selected."""
        anchor = self.selection_anchor
        if anchor is None or anchor == self._caret:
            return None
        return min(anchor, self._caret), max(anchor, self._caret)

    # -- selecting --------------------------------------------------------------------

    def select_range(self, start: int, end: int) -> None:
        """Select [start, end), with the caret at its end."""
        was_selecting = self.selection_anchor is not None
        self.selection_anchor = max(0, min(start, len(self.article.text)))
        self.move_caret(end)
        if not was_selecting:
            self._refresh_bindings_later()

    def clear_selection(self) -> None:
        """Stop selecting."""
        if self.selection_anchor is None:
            return
        self.selection_anchor = None
        self.refresh()
        self._refresh_bindings_later()
        self.post_message(self.SelectionChanged(self, None))

    def _refresh_bindings_later(self) -> None:
        """Update the footer's keys after the text has been drawn: rebuilding the footer takes
        longer than a frame, and the reader is looking at the text."""
        self.call_after_refresh(self.refresh_bindings)

    def action_toggle_selection(self) -> None:
        """Start selecting at the caret, or stop."""
        if self.selection_anchor is not None:
            self.clear_selection()
            return
        self.selection_anchor = self._caret
        self.refresh_bindings()
        self.post_message(self.SelectionChanged(self, self.selection))

    def action_select_sentence(self) -> None:
        """Select the sentence the caret is in."""
        start, end = self.units.sentence_range(self._caret)
        if start < end:
            self.select_range(start, end)

    def action_select_paragraph(self) -> None:
        """Select the paragraph (block) the caret is in, without its trailing space."""
        block = self.article.block_at(self._caret)
        if block is None:
            return
        end = block.end
        while end > block.start and self.article.text[end - 1].isspace():
            end -= 1
        if block.start < end:
            self.select_range(block.start, end)

    def action_clear_selection(self) -> None:
        """Stop selecting."""
        self.clear_selection()

    # -- highlights -------------------------------------------------------------------

    def show_highlights(self, highlights: Iterable[Highlight]) -> None:
        """Draw these highlights, replacing those shown."""
        self.highlights = HighlightSet(highlights)
        self._highlights_generation += 1
        self.refresh()

    def highlight_at_caret(self) -> Highlight | None:
        """The highlight drawn on top at the caret, if any."""
        return self.highlights.at(self._caret)

    # -- moving -----------------------------------------------------------------------

    def move_caret(self, offset: int, *, follow: bool = True) -> None:
        """Put the caret at `offset`; with `follow`, scroll just enough to keep it on screen."""
        offset = max(0, min(offset, len(self.article.text)))
        self._caret = offset
        self._caret_cell = self.text_layout.row_of(offset)
        if follow:
            row = self.caret_row
            if row < self.top_row:
                self.scroll_to(y=row, animate=False, immediate=True)
            elif row >= self.top_row + self.page_height:
                self.scroll_to(y=row - self.page_height + 1, animate=False, immediate=True)
        self.refresh()
        self._post_scrolled()
        if self.selection_anchor is not None:
            self.post_message(self.SelectionChanged(self, self.selection))

    def jump_to(self, offset: int, *, record: bool = True) -> None:
        """Move the caret to `offset` as a jump: remembered, and shown with context above."""
        if record:
            self.jumps.record(self._caret)
        self._show_with_context(offset)

    def _show_with_context(self, offset: int) -> None:
        self.move_caret(offset, follow=False)
        row = self.caret_row
        if not self.top_row <= row < self.top_row + self.page_height:
            self.scroll_to(y=max(row - JUMP_CONTEXT_ROWS, 0), animate=False, immediate=True)
        self.refresh()

    def scroll_to_offset(self, offset: int) -> None:
        """Scroll so the row holding `offset` is on top, with the caret there (reopening)."""
        row, _column = self.text_layout.row_of(offset)
        self.scroll_to(y=row, animate=False, immediate=True)
        self.move_caret(offset, follow=False)

    def _keep_caret_on_screen(self) -> None:
        """After scrolling, pull the caret into view, keeping its column."""
        row, column = self._caret_cell
        top, bottom = self.top_row, self.top_row + self.page_height - 1
        bottom = min(bottom, len(self.text_layout) - 1)
        if top <= row <= bottom:
            return
        target = top if row < top else bottom
        self._caret = self.text_layout.offset_at(target, column)
        self._caret_cell = self.text_layout.row_of(self._caret)
        self.refresh()

    def _scroll_rows(self, rows: int) -> None:
        self.scroll_to(y=self.top_row + rows, animate=False, immediate=True)
        self._keep_caret_on_screen()

    def action_line_down(self) -> None:
        """Scroll down one line."""
        self._scroll_rows(1)

    def action_line_up(self) -> None:
        """Scroll up one line."""
        self._scroll_rows(-1)

    def action_page_down(self) -> None:
        """Scroll down one page."""
        self._scroll_rows(self.page_height)

    def action_page_up(self) -> None:
        """Scroll up one page."""
        self._scroll_rows(-self.page_height)

    def action_go_top(self) -> None:
        """Jump to the start of the article."""
        self.jumps.record(self._caret)
        self.scroll_to(y=0, animate=False, immediate=True)
        self.move_caret(0)

    def action_go_end(self) -> None:
        """Jump to the end of the article."""
        self.jumps.record(self._caret)
        self.scroll_to(y=self.max_scroll_y, animate=False, immediate=True)
        last = self.article.blocks[-1].start if self.article.blocks else 0
        self.move_caret(last)

    def action_caret_left(self) -> None:
        """Move the caret one character left."""
        self.move_caret(self._caret - 1)

    def action_caret_right(self) -> None:
        """Move the caret one character right."""
        self.move_caret(self._caret + 1)

    def action_next_word(self) -> None:
        """Move the caret to the next word."""
        self.move_caret(self.units.next_word(self._caret))

    def action_previous_word(self) -> None:
        """Move the caret to the previous word."""
        self.move_caret(self.units.previous_word(self._caret))

    def action_next_sentence(self) -> None:
        """Move the caret to the next sentence."""
        self.move_caret(self.units.next_sentence(self._caret))

    def action_previous_sentence(self) -> None:
        """Move the caret to the start of this or the previous sentence."""
        self.move_caret(self.units.previous_sentence(self._caret))

    def action_next_paragraph(self) -> None:
        """Move the caret to the next paragraph."""
        self.move_caret(self.units.next_paragraph(self._caret))

    def action_previous_paragraph(self) -> None:
        """Move the caret to the start of this or the previous paragraph."""
        self.move_caret(self.units.previous_paragraph(self._caret))

    def action_jump_back(self) -> None:
        """Go back to where the last jump left from."""
        target = self.jumps.back(self._caret)
        if target is None:
            self.app.bell()
            return
        self._show_with_context(target)

    def action_jump_forward(self) -> None:
        """Go forward again in the jump list."""
        target = self.jumps.forward()
        if target is None:
            self.app.bell()
            return
        self._show_with_context(target)

    def action_widen(self) -> None:
        """Make the reading column wider."""
        self.reading_width = min(self.reading_width + 4, 200)

    def action_narrow(self) -> None:
        """Make the reading column narrower."""
        self.reading_width = max(self.reading_width - 4, 20)

    # -- search -----------------------------------------------------------------------

    def search(self, query: str, *, origin: int | None = None) -> SearchResult:
        """Show every match of `query` and move to the first one after `origin` (the caret).

        The move is a preview, not a jump: `commit_search` records it once the reader
        accepts it, and `cancel_search` goes back.
        """
        self.search_result = find_all(self.article.text, query) if query else None
        self._search_generation += 1
        self.stepping_marks = not query and self.marks is not None
        self.search_index = None
        result = self.search_result
        if result is not None:
            start = self._caret if origin is None else origin
            index = result.next_index(start - 1)
            if index is not None:
                self.search_index = index
                self._show_with_context(result.match(index)[0])
        self.refresh()
        self._post_search_changed()
        return result if result is not None else find_all("", "")

    def commit_search(self, origin: int) -> None:
        """Accept the previewed match as a jump from `origin`."""
        if self.search_index is not None:
            self.jumps.record(origin)

    def clear_search(self) -> None:
        """Hide all matches."""
        self.search_result = None
        self.search_index = None
        self._search_generation += 1
        self.refresh()
        self._post_search_changed()

    def _step_match(self, forward: bool) -> None:
        if self.marks and (self.stepping_marks or not self.search_result):
            self._step_mark(forward)
            return
        result = self.search_result
        if not result:
            self.app.bell()
            return
        index = result.next_index(self._caret) if forward else result.previous_index(self._caret)
        if index is None:
            return
        self.search_index = index
        self._search_generation += 1
        self.jump_to(result.match(index)[0])
        self._post_search_changed()

    def action_next_match(self) -> None:
        """Jump to the next search match."""
        self._step_match(forward=True)

    def action_previous_match(self) -> None:
        """Jump to the previous search match."""
        self._step_match(forward=False)

    # -- entity marks -----------------------------------------------------------------

    def show_marks(self, marks: Marks, *, step: bool = True) -> None:
        """Colour `marks` in the text, replacing any shown.

        Args:
            marks: the mentions to colour.
            step: make n and N step through them; False when the same entity's marks are
                only brought up to date (by a later part of the analysis).
        """
        self.marks = marks if marks else None
        if step or self.marks is None:
            self.stepping_marks = self.marks is not None
        self._marks_generation += 1
        self.refresh()
        self.refresh_bindings()
        self._post_marks_changed()

    def clear_marks(self) -> None:
        """Stop colouring entity mentions; n and N go back to the search matches."""
        if self.marks is None:
            return
        self.marks = None
        self.stepping_marks = False
        self._marks_generation += 1
        self.refresh()
        self.refresh_bindings()
        self._post_marks_changed()

    def jump_to_mark(self, *, from_offset: int | None = None) -> None:
        """Jump to the first mark at or after `from_offset` (the caret), wrapping to the first."""
        marks = self.marks
        if not marks:
            return
        index = marks.next_index(
            self._caret if from_offset is None else from_offset, inclusive=True
        )
        if index is not None:
            self.jump_to(marks.starts[index])
            self._post_marks_changed()

    def _step_mark(self, forward: bool) -> None:
        marks = self.marks
        assert marks is not None
        index = marks.next_index(self._caret) if forward else marks.previous_index(self._caret)
        if index is None:
            return
        self.jump_to(marks.starts[index])
        self._post_marks_changed()

    def action_clear_marks(self) -> None:
        """Stop colouring entity mentions."""
        self.clear_marks()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_selection":
            return self.selection_anchor is not None
        if action == "clear_marks":
            # Hidden, not greyed: Escape then falls through to the screen's binding.
            return self.marks is not None
        return True

    def _post_marks_changed(self) -> None:
        marks = self.marks
        self.post_message(
            self.MarksChanged(
                self,
                "" if marks is None else marks.label,
                0 if marks is None else len(marks),
                None if marks is None else marks.index_at(self._caret),
            )
        )

    def _post_search_changed(self) -> None:
        result = self.search_result
        self.post_message(
            self.SearchChanged(
                self,
                "" if result is None else result.query,
                0 if result is None else len(result),
                self.search_index,
            )
        )

    # -- layout and events ------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self._relayout()

    def on_mount(self) -> None:
        self._relayout()

    def watch_reading_width(self) -> None:
        self._relayout()

    def _relayout(self) -> None:
        """Re-wrap when the text width changed, keeping the first visible offset on top."""
        if not self.scrollable_content_region.width:
            # Not laid out yet: wrapping a book to the 10-column minimum would cost a second.
            # The first layout's height still lets an early key scroll.
            self.virtual_size = Size(self.text_layout.width, len(self.text_layout))
            return
        width = self.text_width
        if width != self.text_layout.width:
            keep = self.top_offset
            self._recent_layouts[self.text_layout.width] = self.text_layout
            cached = self._recent_layouts.pop(width, None)
            self.text_layout = cached if cached is not None else wrap(self.article, width)
            while len(self._recent_layouts) > 1:
                # Keep one other width: a terminal resized and back costs no second wrap.
                del self._recent_layouts[next(iter(self._recent_layouts))]
            self._strip_cache.clear()
            self.virtual_size = Size(self.scrollable_content_region.width, len(self.text_layout))
            row, _column = self.text_layout.row_of(keep)
            self.scroll_to(y=row, animate=False, immediate=True)
            self._caret_cell = self.text_layout.row_of(self._caret)
        else:
            self.virtual_size = Size(self.scrollable_content_region.width, len(self.text_layout))
        # A book's rows and blocks are tens of thousands of long-lived objects: keep the
        # cyclic garbage collector from walking them again (pauses of 30 ms between keys).
        gc.freeze()
        if self._pending_start is not None:
            start, self._pending_start = self._pending_start, None
            # After the refresh, when the new virtual size sets how far it can scroll.
            self.call_after_refresh(self.scroll_to_offset, start)
        self._keep_caret_on_screen()
        self.refresh()
        self._post_scrolled()

    def _offset_at(self, event: events.MouseEvent) -> int | None:
        """The text offset under the mouse, or None off the text."""
        position = event.get_content_offset(self)
        if position is None:
            return None
        row = self.top_row + position.y
        column = int(self.scroll_offset.x) + position.x - self.left_margin
        if 0 <= row < len(self.text_layout):
            return self.text_layout.offset_at(row, column)
        return None

    def on_click(self, event: events.Click) -> None:
        """Place the caret on the character clicked."""
        offset = self._offset_at(event)
        if offset is not None:
            self.move_caret(offset)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        """Begin a possible drag: a drag selects, a plain click drops the selection."""
        offset = self._offset_at(event)
        if offset is None or event.button != 1:
            return
        self.clear_selection()
        self._drag_from = offset
        self.capture_mouse()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        """Extend the selection to the cell under the mouse while dragging."""
        if self._drag_from is None or not event.button:
            return
        offset = self._offset_at(event)
        if offset is None or (offset == self._drag_from and self.selection_anchor is None):
            return
        if self.selection_anchor is None:
            self.selection_anchor = self._drag_from
            self.refresh_bindings()
        self.move_caret(offset)

    def on_mouse_up(self, event: events.MouseUp) -> None:
        """End the drag."""
        if self._drag_from is not None:
            self._drag_from = None
            self.release_mouse()

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self._post_scrolled()

    def _post_scrolled(self) -> None:
        rows = len(self.text_layout)
        bottom = min(self.top_row + self.page_height, rows)
        fraction = bottom / rows if rows else 1.0
        self.post_message(self.Scrolled(self, self.top_offset, fraction))

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strip_cache.clear()

    # -- drawing ----------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        if index >= len(self.text_layout):
            return Strip.blank(width, self.rich_style)
        row = self.text_layout.rows[index]
        caret_column = self._caret_cell[1] if index == self.caret_row else -1
        searched = self._search_generation if self.search_result is not None else 0
        marked = self._marks_generation if self.marks is not None else 0
        selection = self.selection
        if selection is not None and not (selection[0] < row.end and selection[1] > row.start):
            selection = None
        key = (
            index,
            self.text_layout.width,
            width,
            self.app.theme,
            caret_column,
            searched,
            marked,
            self._highlights_generation,
            selection,
            self.has_focus,
        )
        strip = self._strip_cache.get(key)
        if strip is None:
            strip = self._render_row(row, width, caret_column, selection)
            self._strip_cache[key] = strip
        return strip.crop(scroll_x, scroll_x + width)

    def _render_row(
        self, row: Row, width: int, caret_column: int, selection: tuple[int, int] | None = None
    ) -> Strip:
        """Draw one row: margin, decoration (marker or quote bar), styled text, overlays."""
        base = self.rich_style
        margin = [Segment(" " * self.left_margin, base)]
        line = Text(no_wrap=True, end="")
        if row.block_index != GAP:
            block = self.article.blocks[row.block_index]
            block_style = base + self.get_component_rich_style(BLOCK_COMPONENTS[block.kind])
            line.append_text(self._decoration(row, block_style))
            text_start = len(line)
            # Text from the article is data: appended as a plain string, never parsed as markup.
            line.append(self.article.text[row.start : row.text_end], block_style)
            for span in block.spans:
                if span.end <= row.start or span.start >= row.text_end:
                    continue
                self._stylize_range(
                    line, row, text_start, span.start, span.end, SPAN_COMPONENTS[span.kind]
                )
            if self._draw_highlights(line, row, text_start):
                marker_style = base + self.get_component_rich_style(
                    "article-view--note-marker", partial=True
                )
                margin = [
                    Segment(" " * (self.left_margin - 1), base),
                    Segment(NOTE_MARKER, marker_style),
                ]
            self._draw_marks(line, row, text_start)
            self._draw_search_matches(line, row, text_start)
            if selection is not None:
                self._stylize_range(
                    line,
                    row,
                    text_start,
                    selection[0],
                    selection[1],
                    "article-view--selection",
                    partial=True,
                )
        if caret_column >= 0 and self.has_focus:
            if caret_column >= line.cell_len:
                line.pad_right(caret_column - line.cell_len + 1)
            line.stylize(
                self.get_component_rich_style("article-view--caret"), caret_column, caret_column + 1
            )
        segments = [*margin, *line.render(self.app.console)]
        return Strip(segments).extend_cell_length(width, base)

    def _stylize_range(
        self,
        line: Text,
        row: Row,
        text_start: int,
        start: int,
        end: int,
        component: str,
        *,
        partial: bool = False,
    ) -> None:
        """Style the part of [start, end) that falls on `row`.

        With `partial`, only what the component sets is applied (a mark's colour keeps the
        block's background); otherwise its full style, background included.
        """
        low = max(start, row.start) - row.start + text_start
        high = min(end, row.text_end) - row.start + text_start
        if low < high:
            line.stylize(self.get_component_rich_style(component, partial=partial), low, high)

    def _draw_highlights(self, line: Text, row: Row, text_start: int) -> bool:
        """Draw the highlights on this row; True if one with a note begins on it."""
        found = self.highlights.in_range(row.start, max(row.text_end, row.start + 1))
        noted = False
        for highlight in drawing_order(found):
            component = HIGHLIGHT_COMPONENTS.get(
                highlight.color, HIGHLIGHT_COMPONENTS[DEFAULT_COLOR]
            )
            self._stylize_range(
                line, row, text_start, highlight.start, highlight.end, component, partial=True
            )
            if highlight.note.strip() and row.start <= highlight.start < max(
                row.end, row.start + 1
            ):
                noted = True
        return noted

    def _draw_marks(self, line: Text, row: Row, text_start: int) -> None:
        marks = self.marks
        if not marks:
            return
        for index in marks.in_range(row.start, row.text_end):
            self._stylize_range(
                line,
                row,
                text_start,
                marks.starts[index],
                marks.ends[index],
                ENTITY_COMPONENTS[marks.kinds[index]],
                partial=True,
            )

    def _draw_search_matches(self, line: Text, row: Row, text_start: int) -> None:
        result = self.search_result
        if not result:
            return
        for index in result.in_range(row.start, row.text_end):
            start, end = result.match(index)
            component = (
                "article-view--search-current"
                if index == self.search_index
                else "article-view--search-match"
            )
            self._stylize_range(line, row, text_start, start, end, component)

    def _decoration(self, row: Row, block_style: Style) -> Text:
        """The cells before a row's text: a list marker, a quote bar, or indent."""
        block = self.article.blocks[row.block_index]
        marker_style = block_style + self.get_component_rich_style("article-view--marker")
        # Every cell gets a style: Rich renders a span-less Text without its base style.
        if block.kind is BlockKind.LIST_ITEM:
            marker = block.marker or "•"
            if row.first:
                depth = " " * (row.indent - len(marker) - 1)
                return Text.assemble((depth, block_style), (marker + " ", marker_style))
            return Text(" " * row.indent, block_style)
        if block.kind is BlockKind.BLOCK_QUOTE:
            return Text(QUOTE_BAR * (row.indent // len(QUOTE_BAR)), marker_style)
        return Text(" " * row.indent, block_style)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
