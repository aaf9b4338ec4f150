"""The baseline for the reading benchmark: a bare Textual app showing a file's raw text.

Run from the checkout: `python benchmarks/baseline_app.py PATH [--at FRACTION]`.

Its only widget is a `VerticalScroll` holding one `Static` with the file's text, taken
as-is (`markup=False`): no parsing, no layout of our own, no store. It quits on q. The
`VerticalScroll` keeps its own keys (down, pagedown, end, home), which the benchmark uses
as the baseline's line, page, end and top moves. It imports nothing from `reader`, so it
costs only Python and Textual.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static


class BaselineApp(App[None]):
    """One `Static` with the text, in a `VerticalScroll` that has the focus."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="quit", tooltip="Quit"),
    ]

    def __init__(self, text: str, *, at: float = 0.0) -> None:
        super().__init__()
        self.text = text
        """The file's raw text."""
        self.at = at
        """Where to open, as a fraction of the scroll range (0 is the top)."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="scroll"):
            yield Static(self.text, markup=False, id="text")

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()
        if self.at:
            # The scroll range is known only once the whole text has been measured, which
            # for a book takes several refreshes: try until there is somewhere to scroll.
            self._start_timer = self.set_interval(0.05, self._go_to_start_fraction)

    def _go_to_start_fraction(self) -> None:
        scroll = self.query_one(VerticalScroll)
        if scroll.max_scroll_y <= 0:
            return
        scroll.scroll_to(y=round(scroll.max_scroll_y * self.at), animate=False, immediate=True)
        self._start_timer.stop()


def main() -> None:
    """Show PATH until q is pressed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument(
        "--at", type=float, default=0.0, help="open at this fraction of the text (0 to 1)"
    )
    options = parser.parse_args()
    text = options.path.read_text(encoding="utf-8")
    BaselineApp(text, at=options.at).run()


if __name__ == "__main__":
    main()
