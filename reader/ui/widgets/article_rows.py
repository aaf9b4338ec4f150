"""Drawing one row of the article view: margin, list marker or quote bar, styled text, and
the overlays (highlights, entity marks, search matches, selection) and caret on top.

Kept apart from `ArticleView`, which decides *which* rows to draw and when; this module only
turns a layout row and the overlays touching it into a `Strip`.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip
from textual.widget import Widget

from reader.core.analysis.model import EntityKind
from reader.core.model.annotations import DEFAULT_COLOR, HIGHLIGHT_COLORS
from reader.core.model.document import Article, BlockKind, SpanKind
from reader.core.text.display import has_directional, without_directional
from reader.core.text.layout import GAP, Row
from reader.core.text.overlays import CURRENT_MATCH, OTHER_MATCH, Layer, Overlay, Overlays

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

ENTITY_COMPONENTS: dict[str, str] = {
    kind.value: f"article-view--entity-{kind.value}" for kind in EntityKind
}
"""The component class that colours a marked mention, by kind (`$entity-person` …)."""

HIGHLIGHT_COMPONENTS: dict[str, str] = {
    color: f"article-view--highlight-{color}" for color in HIGHLIGHT_COLORS
}
"""The component class that draws a highlight's background, by colour (`$highlight-yellow` …)."""

SEARCH_COMPONENTS: dict[str, str] = {
    CURRENT_MATCH: "article-view--search-current",
    OTHER_MATCH: "article-view--search-match",
}

NOTE_MARKER = "▍"
"""Drawn in the margin beside the first row of a highlight that has a note."""

COMPONENT_CLASSES: set[str] = {
    *BLOCK_COMPONENTS.values(),
    *SPAN_COMPONENTS.values(),
    "article-view--marker",
    "article-view--caret",
    *SEARCH_COMPONENTS.values(),
    *ENTITY_COMPONENTS.values(),
    *HIGHLIGHT_COMPONENTS.values(),
    "article-view--selection",
    "article-view--note-marker",
}
"""Every component class a row may use, for `ArticleView.COMPONENT_CLASSES`."""


def overlay_component(overlay: Overlay) -> tuple[str, bool]:
    """The component class that draws `overlay`, and whether only what it sets applies
    (`partial`: a mark's colour keeps the highlight's background underneath)."""
    if overlay.layer is Layer.HIGHLIGHT:
        return HIGHLIGHT_COMPONENTS.get(overlay.style, HIGHLIGHT_COMPONENTS[DEFAULT_COLOR]), True
    if overlay.layer is Layer.MARK:
        return ENTITY_COMPONENTS[overlay.style], True
    if overlay.layer is Layer.SEARCH:
        return SEARCH_COMPONENTS[overlay.style], False
    return "article-view--selection", True


class RowPainter:
    """Draws rows of `article` in the styles of `widget` (its component classes)."""

    def __init__(self, widget: Widget, article: Article) -> None:
        self.widget = widget
        self.article = article

    def paint(
        self, row: Row, width: int, left_margin: int, caret_column: int, overlays: Overlays
    ) -> Strip:
        """Draw one row, `width` cells wide; `caret_column` < 0 draws no caret."""
        widget = self.widget
        base = widget.rich_style
        margin = [Segment(" " * left_margin, base)]
        line = Text(no_wrap=True, end="")
        if row.block_index != GAP:
            block = self.article.blocks[row.block_index]
            block_style = base + widget.get_component_rich_style(BLOCK_COMPONENTS[block.kind])
            line.append_text(self._decoration(row, block_style))
            text_start = len(line)
            # Text from the article is data: appended as a plain string, never parsed as markup.
            line.append(self.article.text[row.start : row.text_end], block_style)
            for span in block.spans:
                if span.end > row.start and span.start < row.text_end:
                    component = SPAN_COMPONENTS[span.kind]
                    self._stylize(line, row, text_start, span.start, span.end, component)
            if self._draw_overlays(line, row, text_start, overlays):
                marker_style = base + widget.get_component_rich_style(
                    "article-view--note-marker", partial=True
                )
                margin = [
                    Segment(" " * (left_margin - 1), base),
                    Segment(NOTE_MARKER, marker_style),
                ]
        if caret_column >= 0:
            if caret_column >= line.cell_len:
                line.pad_right(caret_column - line.cell_len + 1)
            caret_style = widget.get_component_rich_style("article-view--caret")
            line.stylize(caret_style, caret_column, caret_column + 1)
        segments = [*margin, *line.render(widget.app.console)]
        if has_directional(line.plain):
            segments = [
                Segment(without_directional(text), style, control)
                for text, style, control in segments
            ]
        return Strip(segments).extend_cell_length(width, base)

    def _draw_overlays(self, line: Text, row: Row, text_start: int, overlays: Overlays) -> bool:
        """Draw the overlays on this row, bottom first; True if a noted highlight begins on it."""
        noted = False
        row_end = max(row.end, row.start + 1)
        for overlay in overlays.touching(row.start, max(row.text_end, row.start + 1)):
            component, partial = overlay_component(overlay)
            self._stylize(
                line, row, text_start, overlay.start, overlay.end, component, partial=partial
            )
            if overlay.noted and row.start <= overlay.start < row_end:
                noted = True
        return noted

    def _stylize(
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
            style = self.widget.get_component_rich_style(component, partial=partial)
            line.stylize(style, low, high)

    def _decoration(self, row: Row, block_style: Style) -> Text:
        """The cells before a row's text: a list marker, a quote bar, or indent."""
        block = self.article.blocks[row.block_index]
        marker_style = block_style + self.widget.get_component_rich_style("article-view--marker")
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
