"""ArticleView: the article typeset for reading, drawn row by row with Textual's Line API.

One widget for the whole article (not one per block), so a 3 MB book costs only the rows on
screen. The wrapped layout comes from `reader.core.text.layout` and is rebuilt only when the
reading width changes. A caret marks the reader's place in the text; highlights, entity
marks, search matches and the selection are overlays (`reader.core.text.overlays`), found
by offset. A change to them redraws only the rows whose overlays changed; a change of width,
layout or theme redraws everything.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from textual import events
from textual.binding import BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.core.model.annotations import Highlight
from reader.core.model.document import Article
from reader.core.model.labels import progress_fraction
from reader.core.text.find import SearchResult, find_all
from reader.core.text.jumplist import JumpList
from reader.core.text.layout import Layout, Row, wrap
from reader.core.text.overlays import (
    HighlightSet,
    Marks,
    Overlays,
    Span,
    changed_range,
    drawing_order,
)
from reader.core.text.text_units import TextUnits
from reader.ui.widgets.article_keys import ARTICLE_VIEW_BINDINGS, ARTICLE_VIEW_HELP, CaretMotions
from reader.ui.widgets.article_rows import COMPONENT_CLASSES, RowPainter

__all__ = ["DEFAULT_READING_WIDTH", "ArticleView", "HighlightSet", "Marks", "drawing_order"]

DEFAULT_READING_WIDTH = 72
"""Columns of text: about the measure of a printed page, comfortable to read."""

JUMP_CONTEXT_ROWS = 3
"""Rows left above a jump target, so the reader sees what leads into it."""

StripKey = tuple[int, int, int, str, int]
"""A cached row: (row, layout width, widget width, theme, caret column or -1)."""


@dataclass
class ViewMessage(Message):
    """A message from the article view; `control` is the view, for `@on(..., selector)`."""

    view: ArticleView

    @property
    def control(self) -> ArticleView:
        return self.view


class ArticleView(CaretMotions, ScrollView, can_focus=True):
    """The article, wrapped to a reading width and centred, with a caret for the reader's place.

    Scrolling keys move the view and keep the caret on screen; motion keys move the caret by
    character, word, sentence or paragraph and scroll to follow it. Jumps (search, outline,
    top and end) are recorded so Ctrl+O and Alt+→ can walk them.
    """

    HELP = ARTICLE_VIEW_HELP

    COMPONENT_CLASSES: ClassVar[set[str]] = COMPONENT_CLASSES

    BINDINGS: ClassVar[list[BindingType]] = ARTICLE_VIEW_BINDINGS

    reading_width: reactive[int] = reactive(DEFAULT_READING_WIDTH)
    """The widest the text column may be; narrower terminals use their full width."""

    @dataclass
    class Scrolled(ViewMessage):
        """The view moved: the first visible offset or the caret changed."""

        offset: int
        """The caret's offset: the reader's place, saved and reopened at."""
        fraction: float
        """How far through the article the reader is: the share of the text before the
        caret, 1 once the caret is on the last line (`progress_fraction`)."""

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, ArticleView.Scrolled)

    @dataclass
    class MarksChanged(ViewMessage):
        """Entity marks were shown, stepped through or cleared."""

        label: str
        """What is marked ("" when nothing is)."""
        count: int
        current: int | None
        """The index of the mark at the caret, if any."""

    @dataclass
    class SelectionChanged(ViewMessage):
        """A selection was started, extended or dropped."""

        selection: tuple[int, int] | None
        """The selected range (start, end), or None when nothing is selected."""

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, ArticleView.SelectionChanged)

    @dataclass
    class SearchChanged(ViewMessage):
        """The search query, its match count or the current match changed."""

        query: str
        count: int
        current: int | None
        """The index of the match at the caret, if any."""

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
        self.stepping_marks = False
        """Whether n and N step through the marks rather than the search matches: whichever
        the reader asked for last."""
        self._overlays = Overlays()
        """Everything drawn over the text; changed only through `_set_overlays`."""
        self._anchor: int | None = None
        self._drag_from: int | None = None
        self._pending_start: int | None = start_offset or None
        """Where to open, applied at the first layout with a real size."""
        self._caret = 0
        self._caret_cell = (0, 0)
        self._strip_cache: LRUCache[StripKey, Strip] = LRUCache(1024)
        self._painter = RowPainter(self, article)

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

    # -- overlays ---------------------------------------------------------------------

    @property
    def highlights(self) -> HighlightSet:
        """The document's highlights, drawn in their colours."""
        return self._overlays.highlights

    @property
    def marks(self) -> Marks | None:
        """Entity mentions coloured by kind."""
        return self._overlays.marks

    @property
    def search_result(self) -> SearchResult | None:
        """The matches of the current search, drawn in the text."""
        return self._overlays.search

    @property
    def search_index(self) -> int | None:
        """Which match the caret is on."""
        return self._overlays.search_index

    @property
    def selection_anchor(self) -> int | None:
        """Where the selection began; the caret is its other end. None: not selecting."""
        return self._anchor

    @selection_anchor.setter
    def selection_anchor(self, anchor: int | None) -> None:
        self._anchor = anchor
        self._set_overlays(selection=self.selection)

    @property
    def selection(self) -> tuple[int, int] | None:
        """The selected range (start, end), or None when not selecting or nothing is selected."""
        anchor = self._anchor
        if anchor is None or anchor == self._caret:
            return None
        return min(anchor, self._caret), max(anchor, self._caret)

    def _set_overlays(self, **changes: Any) -> None:
        """Change what is drawn over the text, and redraw only the rows that now look
        different: their cached strips are dropped and those on screen refreshed."""
        before = self._overlays
        self._overlays = replace(before, **changes)
        span = changed_range(before, self._overlays)
        if span is not None:
            self._redraw_span(span)

    def _redraw_span(self, span: Span) -> None:
        """Drop the cached strips of the rows holding `span`, and refresh those on screen."""
        start, end = span
        first, _column = self.text_layout.row_of(start)
        last, _column = self.text_layout.row_of(max(end - 1, start))
        cached = list(self._strip_cache.keys())
        stale = [key for key in cached if first <= key[0] <= last]
        for key in stale:
            self._strip_cache.discard(key)
        self._refresh_rows(first, last)

    def _refresh_rows(self, first: int, last: int) -> None:
        """Repaint layout rows `first`..`last` (inclusive), as far as they are on screen."""
        top = self.top_row
        first, last = max(first, top), min(last, top + self.page_height - 1)
        if first <= last:
            # ScrollView.refresh_lines takes virtual rows and subtracts the scroll offset.
            self.refresh_lines(first, last - first + 1)

    # -- selecting --------------------------------------------------------------------

    def select_range(self, start: int, end: int) -> None:
        """Select [start, end), with the caret at its end."""
        was_selecting = self._anchor is not None
        # Set quietly: `move_caret` redraws the selection once, from the old one to the new.
        self._anchor = max(0, min(start, len(self.article.text)))
        self.move_caret(end)
        if not was_selecting:
            self._refresh_bindings_later()

    def clear_selection(self) -> None:
        """Stop selecting."""
        if self._anchor is None:
            return
        self.selection_anchor = None
        self._refresh_bindings_later()
        self.post_message(self.SelectionChanged(self, None))

    def _refresh_bindings_later(self) -> None:
        """Update the footer's keys after the text has been drawn: rebuilding the footer takes
        longer than a frame, and the reader is looking at the text."""
        self.call_after_refresh(self.refresh_bindings)

    def action_toggle_selection(self) -> None:
        """Start selecting at the caret, or stop."""
        if self._anchor is not None:
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

    def show_highlights(self, highlights: Iterable[Highlight], *, ordered: bool = False) -> None:
        """Draw these highlights, replacing those shown (`ordered`: see `HighlightSet`)."""
        self._set_overlays(highlights=HighlightSet(highlights, ordered=ordered))

    def highlight_at_caret(self) -> Highlight | None:
        """The highlight drawn on top at the caret, if any."""
        return self._overlays.highlights.at(self._caret)

    # -- moving -----------------------------------------------------------------------

    def _place_caret(self, offset: int) -> None:
        """Put the caret at `offset` without scrolling; repaint the rows it left and entered,
        and the rows where the selection changed."""
        before = self.caret_row
        self._caret = offset
        self._caret_cell = self.text_layout.row_of(offset)
        self._refresh_rows(before, before)
        self._refresh_rows(self.caret_row, self.caret_row)
        self._set_overlays(selection=self.selection)

    def move_caret(self, offset: int, *, follow: bool = True) -> None:
        """Put the caret at `offset`; with `follow`, scroll just enough to keep it on screen."""
        self._place_caret(max(0, min(offset, len(self.article.text))))
        if follow:
            row = self.caret_row
            if row < self.top_row:
                self.scroll_to(y=row, animate=False, immediate=True)
            elif row >= self.top_row + self.page_height:
                self.scroll_to(y=row - self.page_height + 1, animate=False, immediate=True)
        self._post_scrolled()
        if self._anchor is not None:
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
        self._place_caret(self.text_layout.offset_at(target, column))
        self._post_scrolled()  # the place is the caret's

    def _scroll_rows(self, rows: int) -> None:
        self.scroll_to(y=self.top_row + rows, animate=False, immediate=True)
        self._keep_caret_on_screen()

    def action_go_top(self) -> None:
        """Jump to the start of the article."""
        self.jumps.record(self._caret)
        self.scroll_to(y=0, animate=False, immediate=True)
        self.move_caret(0)

    def action_go_end(self) -> None:
        """Jump to the end of the article."""
        self.jumps.record(self._caret)
        self.scroll_to(y=self.max_scroll_y, animate=False, immediate=True)
        rows = self.text_layout.rows
        self.move_caret(rows[-1].start if rows else 0)  # the last line: 100% read

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
        result = find_all(self.article.text, query) if query else None
        self.stepping_marks = not query and self.marks is not None
        index = None
        if result is not None:
            start = self._caret if origin is None else origin
            index = result.next_index(start - 1)
        self._set_overlays(search=result, search_index=index)
        if result is not None and index is not None:
            self._show_with_context(result.match(index)[0])
        self._post_search_changed()
        return result if result is not None else find_all("", "")

    def commit_search(self, origin: int) -> None:
        """Accept the previewed match as a jump from `origin`."""
        if self.search_index is not None:
            self.jumps.record(origin)

    def clear_search(self) -> None:
        """Hide all matches."""
        self._set_overlays(search=None, search_index=None)
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
        self._set_overlays(search_index=index)
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
        shown = marks if marks else None
        if step or shown is None:
            self.stepping_marks = shown is not None
        self._set_overlays(marks=shown)
        self.refresh_bindings()
        self._post_marks_changed()

    def clear_marks(self) -> None:
        """Stop colouring entity mentions; n and N go back to the search matches."""
        if self.marks is None:
            return
        self.stepping_marks = False
        self._set_overlays(marks=None)
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
        if marks is None:
            self.post_message(self.MarksChanged(self, "", 0, None))
            return
        at_caret = marks.index_at(self._caret)
        self.post_message(self.MarksChanged(self, marks.label, len(marks), at_caret))

    def _post_search_changed(self) -> None:
        result, index = self.search_result, self.search_index
        query, count = ("", 0) if result is None else (result.query, len(result))
        self.post_message(self.SearchChanged(self, query, count, index))

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
        rows = self.text_layout.rows
        at_end = not rows or self._caret >= rows[-1].start  # on the last line: the end
        length = len(self.article.text)
        fraction = progress_fraction(length if at_end else self._caret, length)
        self.post_message(self.Scrolled(self, length if at_end else self._caret, fraction))

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
        focused = self.has_focus and index == self.caret_row
        caret_column = self._caret_cell[1] if focused else -1
        # Overlays are not in the key: a change to them drops the strips of its rows.
        key = (index, self.text_layout.width, width, self.app.theme, caret_column)
        strip = self._strip_cache.get(key)
        if strip is None:
            strip = self._render_row(self.text_layout.rows[index], width, caret_column)
            self._strip_cache[key] = strip
        return strip.crop(scroll_x, scroll_x + width)

    def _render_row(self, row: Row, width: int, caret_column: int) -> Strip:
        """Draw one row: margin, decoration (marker or quote bar), styled text, overlays."""
        return self._painter.paint(row, width, self.left_margin, caret_column, self._overlays)

    def on_focus(self) -> None:
        self._refresh_rows(self.caret_row, self.caret_row)

    def on_blur(self) -> None:
        self._refresh_rows(self.caret_row, self.caret_row)
