"""Sidebar: the panes beside the article (contents now; entities, figures, quotes, notes later)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import TabbedContent, TabPane

from reader.core.document import Article
from reader.ui.widgets.outline_pane import OutlinePane


class Sidebar(Vertical):
    """Tabbed panes about the article; Tab and Shift+Tab move focus between them and the text."""

    def __init__(self, article: Article, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.article = article
        """The article the panes describe."""

    def compose(self) -> ComposeResult:
        with TabbedContent(id="sidebar-tabs"), TabPane("Contents", id="contents"):
            yield OutlinePane(self.article, id="outline")

    def show_pane(self, pane_id: str) -> None:
        """Bring a pane to the front and put the keyboard in it."""
        tabs = self.query_one(TabbedContent)
        tabs.active = pane_id
        pane = tabs.get_pane(pane_id)
        focusable = pane.query("OptionList").first()
        focusable.focus()
