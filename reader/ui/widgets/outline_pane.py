"""OutlinePane: the article's headings as a table of contents to jump from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.core.model.document import Article, BlockKind
from reader.core.text.display import one_line


class OutlinePane(OptionList):
    """One entry per heading, indented by level; Enter jumps the article there."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "j",
            "cursor_down",
            "Down",
            show=False,
            id="outline-down",
            tooltip="Next heading",
        ),
        Binding(
            "k",
            "cursor_up",
            "Up",
            show=False,
            id="outline-up",
            tooltip="Previous heading",
        ),
    ]

    @dataclass
    class HeadingChosen(Message):
        """The reader chose a heading."""

        pane: OutlinePane
        offset: int
        """Where the heading starts in the article text."""

        @property
        def control(self) -> OutlinePane:
            return self.pane

    def __init__(self, article: Article, *, id: str | None = None) -> None:
        self.offsets: list[int] = []
        """The start offset of each option's heading, by option index."""
        options: list[Option] = []
        for block in article.blocks:
            if block.kind is not BlockKind.HEADING:
                continue
            indent = "  " * max(block.level - 1, 0)
            # Heading text is article data: a plain Text, never markup.
            options.append(
                Option(
                    Text(
                        indent + one_line(article.block_text(block)),
                        no_wrap=True,
                        overflow="ellipsis",
                    )
                )
            )
            self.offsets.append(block.start)
        if not options:
            options.append(Option("No headings in this article.", disabled=True))
        super().__init__(*options, id=id)

    def select_offset(self, offset: int) -> None:
        """Highlight the heading of the section that holds `offset`."""
        index = None
        for number, start in enumerate(self.offsets):
            if start > offset:
                break
            index = number
        if index is not None:
            self.highlighted = index

    @on(OptionList.OptionSelected)
    def choose_heading(self, event: OptionList.OptionSelected) -> None:
        """Turn the chosen option into a jump request for the screen."""
        event.stop()
        if event.option_index < len(self.offsets):
            self.post_message(self.HeadingChosen(self, self.offsets[event.option_index]))
