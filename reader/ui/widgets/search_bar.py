"""SearchBar: the `/` prompt under the article, with a live match counter."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Label


class SearchBar(Horizontal):
    """A one-line search prompt. Typing searches as you go; Enter accepts, Escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "cancel",
            "Cancel search",
            id="cancel-search",
            tooltip="Close the search and go back to where you were",
        ),
    ]

    @dataclass
    class Cancelled(Message):
        """The reader pressed Escape in the search prompt."""

        bar: SearchBar

        @property
        def control(self) -> SearchBar:
            return self.bar

    def compose(self) -> ComposeResult:
        yield Label("/", classes="search-bar--prompt")
        yield Input(
            placeholder="search (a capital letter makes it case-sensitive)",
            id="search-input",
            select_on_focus=True,
        )
        yield Label("", id="search-count")

    def open(self) -> None:
        """Show the prompt and put the keyboard in it."""
        self.display = True
        # At once, not after the queued keys: the ones typed right after `/` are its text.
        self.screen.set_focus(self.query_one(Input))

    def close(self) -> None:
        """Hide the prompt."""
        self.display = False

    def show_count(self, count: int, current: int | None, query: str) -> None:
        """Say how many matches there are and which one is current."""
        label = self.query_one("#search-count", Label)
        if not query:
            label.update("")
        elif count == 0:
            label.update("no matches")
        elif current is None:
            label.update(f"{count} matches")
        else:
            label.update(f"{current + 1}/{count}")

    def action_cancel(self) -> None:
        """Tell the screen the search was abandoned."""
        self.post_message(self.Cancelled(self))
