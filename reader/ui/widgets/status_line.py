"""StatusLine: one row under the article saying what is open and how far through it you are."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget


class StatusLine(Widget):
    """The article's title on the left, the reading position on the right."""

    article_title: reactive[str] = reactive("")
    """The title of the open article, shown as plain text (never as markup)."""
    fraction: reactive[float] = reactive(0.0)
    """How far through the article the bottom of the screen is, from 0 to 1."""

    def render(self) -> Text:
        position = f" {round(self.fraction * 100):d}% "
        room = max(self.size.width - len(position) - 1, 0)
        title = self.article_title
        if len(title) > room:
            title = title[: max(room - 1, 0)] + "…"
        line = Text(" " + title, no_wrap=True, overflow="ellipsis", end="")
        line.pad_right(max(self.size.width - line.cell_len - len(position), 0))
        line.append(position)
        return line
