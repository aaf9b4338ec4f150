"""SearchController: the reading screen's in-article search, as the prompt drives it.

The prompt opens at the caret; each keystroke shows the matches from there; Enter keeps the
matches (and records the jump); Escape drops them and goes back to where the reader was.
The controller holds that origin and works on anything searchable like `ArticleView`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol


class Searchable(Protocol):
    """What the controller searches: the article view's search and caret."""

    @property
    def caret(self) -> int:
        """The caret's offset in the text."""

    def search(self, query: str, *, origin: int | None = None) -> object:
        """Show the matches of `query`, the current one the first at or after `origin`."""

    def commit_search(self, origin: int) -> None:
        """Keep the matches, recording the jump from `origin`."""

    def clear_search(self) -> None:
        """Drop the matches."""

    def move_caret(self, offset: int, *, follow: bool = True) -> None:
        """Put the caret at `offset`."""


def search_summary(count: int, current: int | None, query: str) -> str:
    """The status line's search counter: "3/12" on a match, "12 matches", or ""."""
    if not query:
        return ""
    if current is None:
        return f"{count} matches"
    return f"{current + 1}/{count}"


class SearchController:
    """One search at a time in the article: where it started, and what each key does."""

    def __init__(self, view: Callable[[], Searchable]) -> None:
        """A controller searching the view that `view` returns (looked up at each step)."""
        self._view = view
        self.origin = 0
        """The caret's offset when the prompt opened: matches count from it, and Escape
        goes back to it."""

    def open(self) -> None:
        """Start a search from the caret."""
        self.origin = self._view().caret

    def show(self, query: str) -> None:
        """Show the matches of what has been typed so far."""
        self._view().search(query, origin=self.origin)

    def accept(self) -> None:
        """Keep the matches and record the jump."""
        self._view().commit_search(self.origin)

    def cancel(self) -> None:
        """Drop the matches and put the caret back where the search started."""
        view = self._view()
        view.clear_search()
        view.move_caret(self.origin)
