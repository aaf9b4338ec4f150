"""ArticleView: the article typeset for reading, drawn row by row with Textual's Line API.

One widget for the whole article (not one per block), so a 3 MB book costs only the rows on
screen. The wrapped layout comes from `reader.core.layout` and is rebuilt only when the
reading width changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.events import Resize
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.core.document import Article, BlockKind, SpanKind
from reader.core.layout import GAP, Layout, Row, wrap

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


class ArticleView(ScrollView, can_focus=True):
    """The article, wrapped to a reading width and centred, scrolled by keyboard or mouse."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        *BLOCK_COMPONENTS.values(),
        *SPAN_COMPONENTS.values(),
        "article-view--marker",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "scroll_down", "Down", show=False, id="line-down",
                tooltip="Scroll down one line"),
        Binding("k", "scroll_up", "Up", show=False, id="line-up",
                tooltip="Scroll up one line"),
        Binding("space", "page_down", "Page", id="page-down",
                tooltip="Scroll down one page"),
        Binding("b", "page_up", "Page up", show=False, id="page-up",
                tooltip="Scroll up one page"),
        Binding("g", "scroll_home", "Top", show=False, id="go-top",
                tooltip="Go to the start of the article"),
        Binding("G", "scroll_end", "End", show=False, id="go-end",
                tooltip="Go to the end of the article"),
        Binding("plus,equals_sign", "widen", "Wider", show=False, id="widen",
                tooltip="Widen the reading column"),
        Binding("minus", "narrow", "Narrower", show=False, id="narrow",
                tooltip="Narrow the reading column"),
    ]

    reading_width: reactive[int] = reactive(DEFAULT_READING_WIDTH)
    """The widest the text column may be; narrower terminals use their full width."""

    @dataclass
    class Scrolled(Message):
        """The first visible offset changed, so a position indicator can follow."""

        view: ArticleView
        offset: int
        fraction: float
        """How far through the article the bottom of the screen is, from 0 to 1."""

        @property
        def control(self) -> ArticleView:
            return self.view

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, ArticleView.Scrolled)

    def __init__(
        self,
        article: Article,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.article = article
        """The article shown; the view never changes it."""
        self.layout: Layout = wrap(article, DEFAULT_READING_WIDTH)
        """The article wrapped at the current text width."""
        self._strip_cache: LRUCache[tuple[int, int, int, str], Strip] = LRUCache(1024)

    @property
    def text_width(self) -> int:
        """The width the text is wrapped to: the reading width, or less on a narrow screen."""
        available = self.scrollable_content_region.width or self.size.width
        return max(min(self.reading_width, available - 2), 10)

    @property
    def left_margin(self) -> int:
        """Blank cells left of the text column, which centre it on a wide screen."""
        available = self.scrollable_content_region.width or self.size.width
        return max((available - self.layout.width) // 2, 1)

    @property
    def top_offset(self) -> int:
        """The text offset of the first row on screen: the reader's place."""
        rows = self.layout.rows
        if not rows:
            return 0
        index = min(int(self.scroll_offset.y), len(rows) - 1)
        return rows[index].start

    def scroll_to_offset(self, offset: int, *, animate: bool = False) -> None:
        """Scroll so that the row holding `offset` is at the top of the screen."""
        row, _column = self.layout.row_of(offset)
        self.scroll_to(y=row, animate=animate)

    def on_resize(self, event: Resize) -> None:
        self._relayout()

    def watch_reading_width(self) -> None:
        self._relayout()

    def _relayout(self) -> None:
        """Re-wrap when the text width changed, keeping the first visible offset on top."""
        width = self.text_width
        if width != self.layout.width:
            keep = self.top_offset
            self.layout = wrap(self.article, width)
            self._strip_cache.clear()
            self.virtual_size = Size(self.scrollable_content_region.width, len(self.layout))
            self.scroll_to_offset(keep)
        else:
            self.virtual_size = Size(self.scrollable_content_region.width, len(self.layout))
        self.refresh()

    def action_widen(self) -> None:
        """Make the reading column wider."""
        self.reading_width = min(self.reading_width + 4, 200)

    def action_narrow(self) -> None:
        """Make the reading column narrower."""
        self.reading_width = max(self.reading_width - 4, 20)

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self._post_scrolled()

    def _post_scrolled(self) -> None:
        rows = len(self.layout)
        bottom = min(int(self.scroll_offset.y) + self.scrollable_content_region.height, rows)
        fraction = bottom / rows if rows else 1.0
        self.post_message(self.Scrolled(self, self.top_offset, fraction))

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strip_cache.clear()

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        if index >= len(self.layout):
            return Strip.blank(width, self.rich_style)
        key = (index, self.layout.width, width, self.app.theme)
        strip = self._strip_cache.get(key)
        if strip is None:
            strip = self._render_row(self.layout.rows[index], width)
            self._strip_cache[key] = strip
        return strip.crop(scroll_x, scroll_x + width)

    def _render_row(self, row: Row, width: int) -> Strip:
        """Draw one row: margin, decoration (marker or quote bar), then the styled text."""
        base = self.rich_style
        margin = Segment(" " * self.left_margin, base)
        if row.block_index == GAP:
            return Strip([margin]).extend_cell_length(width, base)
        block = self.article.blocks[row.block_index]
        block_style = base + self.get_component_rich_style(BLOCK_COMPONENTS[block.kind])
        line = Text(style=block_style, no_wrap=True, end="")
        line.append_text(self._decoration(row, block_style))
        text_start = len(line)
        # Text from the article is data: appended as plain strings, never parsed as markup.
        line.append(self.article.text[row.start : row.text_end])
        for span in block.spans:
            if span.end <= row.start or span.start >= row.text_end:
                continue
            start = max(span.start, row.start) - row.start + text_start
            end = min(span.end, row.text_end) - row.start + text_start
            line.stylize(self.get_component_rich_style(SPAN_COMPONENTS[span.kind]), start, end)
        segments = [margin, *line.render(self.app.console)]
        return Strip(segments).extend_cell_length(width, base)

    def _decoration(self, row: Row, block_style: Style) -> Text:
        """The cells before a row's text: a list marker, a quote bar, or indent."""
        block = self.article.blocks[row.block_index]
        marker_style = block_style + self.get_component_rich_style("article-view--marker")
        if block.kind is BlockKind.LIST_ITEM:
            depth = " " * (row.indent - len(block.marker or "•") - 1)
            if row.first:
                return Text.assemble(depth, ((block.marker or "•") + " ", marker_style))
            return Text(" " * row.indent)
        if block.kind is BlockKind.BLOCK_QUOTE:
            return Text(QUOTE_BAR * (row.indent // len(QUOTE_BAR)), marker_style)
        return Text(" " * row.indent)

    def on_mount(self) -> None:
        self._relayout()
