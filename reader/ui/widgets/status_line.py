"""StatusLine: one row under the article: what is open, where you are, how long is left."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from reader.core.model.labels import percent_label
from reader.core.text.display import one_line

WORDS_PER_MINUTE = 230
"""A typical adult silent-reading speed for non-fiction, for the time-left estimate."""


def reading_time(words: int) -> str:
    """'12 min left', '1 h 05 min left', or 'done' — rounded up, never '0 min' with words left."""
    if words <= 0:
        return "done"
    minutes = -(-words // WORDS_PER_MINUTE)
    if minutes < 60:
        return f"{minutes} min left"
    return f"{minutes // 60} h {minutes % 60:02d} min left"


class StatusLine(Widget):
    """The article's title on the left; analysis, marks and search counts, time left and position
    on the right."""

    article_title: reactive[str] = reactive("")
    """The title of the open article, shown as plain text (never as markup)."""
    fraction: reactive[float] = reactive(0.0)
    """How far through the article the bottom of the screen is, from 0 to 1."""
    words_left: reactive[int] = reactive(0)
    """Words from the top of the screen to the end, for the time-left estimate."""
    search_summary: reactive[str] = reactive("")
    """'3/17 "kerry"' while a search is active."""
    marks_summary: reactive[str] = reactive("")
    """'John Kerry 2/5' while an entity's mentions are coloured."""
    analysis_status: reactive[str] = reactive("")
    """'Analysing 40%' while the article is being analysed."""
    selection_summary: reactive[str] = reactive("")
    """'42 selected' while selecting."""
    note: reactive[str] = reactive("")
    """The note (first line) of the highlight at the caret, shown in place of the title."""

    def render(self) -> Text:
        # Titles, notes, labels and entity names are data: one line, never an escape.
        right = "  ".join(
            one_line(part)
            for part in (
                self.selection_summary,
                self.analysis_status,
                self.marks_summary,
                self.search_summary,
                reading_time(self.words_left),
                percent_label(self.fraction),
            )
            if part
        )
        right = f" {right} "
        left_text = one_line(self.note or self.article_title)
        room = max(self.size.width - len(right) - 1, 0)
        if len(left_text) > room:
            left_text = left_text[: max(room - 1, 0)] + "…"
        line = Text(" " + left_text, no_wrap=True, end="")
        line.pad_right(max(self.size.width - line.cell_len - len(right), 0))
        line.append(right)
        return line
