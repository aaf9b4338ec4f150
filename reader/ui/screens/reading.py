"""ReadingScreen: the article, the sidebar, the search prompt, the status line and the footer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.events import Resize
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Input

from reader.core.document import Article, BlockKind
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.outline_pane import OutlinePane
from reader.ui.widgets.search_bar import SearchBar
from reader.ui.widgets.sidebar import Sidebar
from reader.ui.widgets.status_line import StatusLine

NARROW_WIDTH = 100
"""Below this many columns the sidebar hides by itself, leaving the text room to breathe."""


class ReadingScreen(Screen[None]):
    """Shows one article for reading."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Search", id="search", tooltip="Search the article"),
        Binding(
            "t",
            "contents",
            "Contents",
            id="contents",
            tooltip="Jump to a heading from the table of contents",
        ),
        Binding(
            "s",
            "toggle_sidebar",
            "Sidebar",
            id="toggle-sidebar",
            tooltip="Show or hide the sidebar",
        ),
        Binding(
            "escape",
            "focus_article",
            "Back to text",
            show=False,
            id="focus-article",
            tooltip="Put the keyboard back in the article",
        ),
    ]

    show_sidebar: reactive[bool] = reactive(False)
    """Whether the sidebar is on screen; it is built the first time it is shown."""

    @dataclass
    class PlaceChanged(Message):
        """The reader's place moved; the app saves it (debounced) in the store."""

        screen: ReadingScreen
        document_id: str
        offset: int

        def can_replace(self, message: Message) -> bool:
            return (
                isinstance(message, ReadingScreen.PlaceChanged)
                and message.document_id == self.document_id
            )

    def __init__(self, article: Article, document_id: str, *, start_offset: int = 0) -> None:
        super().__init__()
        self.article = article
        """The article on screen."""
        self.document_id = document_id
        """The article's id in the store."""
        self.start_offset = start_offset
        """Where to open the article: the saved reading position."""
        self._search_origin = 0
        self._sidebar_chosen = False
        self._sidebar: Sidebar | None = None
        self.has_headings = any(block.kind is BlockKind.HEADING for block in article.blocks)
        """Whether the contents pane has anything to list."""

    @property
    def view(self) -> ArticleView:
        """The article view."""
        return self.query_one(ArticleView)

    def compose(self) -> ComposeResult:
        with Horizontal(id="reading-body"):
            yield ArticleView(self.article, start_offset=self.start_offset, id="article")
        yield StatusLine()
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(StatusLine).article_title = self.article.title
        self.view.focus()

    def on_resize(self, event: Resize) -> None:
        # Follow the terminal's width until the reader decides for themselves.
        if not self._sidebar_chosen:
            self.show_sidebar = event.size.width >= NARROW_WIDTH and self.has_headings

    def watch_show_sidebar(self, show: bool) -> None:
        if self._sidebar is None:
            if not show:
                return
            # Built on first use: a short story that never shows it starts faster.
            self._sidebar = Sidebar(self.article, id="sidebar")
            self.query_one("#reading-body").mount(self._sidebar)
        self._sidebar.display = show
        if not show and self._sidebar.has_focus_within:
            self.view.focus()

    def action_toggle_sidebar(self) -> None:
        """Show or hide the sidebar."""
        self._sidebar_chosen = True
        self.show_sidebar = not self.show_sidebar

    def action_contents(self) -> None:
        """Open the table of contents in the sidebar, on the current section."""
        self.show_sidebar = True
        # After the refresh: a sidebar built just now has not composed its panes yet.
        self.call_after_refresh(self._show_contents)

    def _show_contents(self) -> None:
        self.query_one(Sidebar).show_pane("contents")
        self.query_one(OutlinePane).select_offset(self.view.caret)

    def action_focus_article(self) -> None:
        """Put the keyboard back in the article."""
        self.view.focus()

    @on(OutlinePane.HeadingChosen)
    def jump_to_heading(self, message: OutlinePane.HeadingChosen) -> None:
        """Jump the article to the chosen heading, and hand the keyboard back to it."""
        self.view.jump_to(message.offset)
        self.view.focus()

    # -- search -----------------------------------------------------------------------

    async def action_search(self) -> None:
        """Open the search prompt (built the first time it is needed)."""
        self._search_origin = self.view.caret
        bars = self.query(SearchBar)
        if bars:
            bar = bars.first()
        else:
            bar = SearchBar(id="search-bar")
            await self.mount(bar, before=self.query_one(StatusLine))
        bar.open()

    @on(Input.Changed, "#search-input")
    def search_as_typed(self, event: Input.Changed) -> None:
        """Show the matches of what has been typed so far."""
        self.view.search(event.value, origin=self._search_origin)

    @on(Input.Submitted, "#search-input")
    def accept_search(self, event: Input.Submitted) -> None:
        """Keep the matches, record the jump, and give the keyboard back to the text."""
        self.view.commit_search(self._search_origin)
        self.query_one(SearchBar).close()
        self.view.focus()

    @on(SearchBar.Cancelled)
    def cancel_search(self) -> None:
        """Drop the search and go back to where the reader was."""
        bar = self.query_one(SearchBar)
        bar.close()
        bar.query_one(Input).value = ""
        self.view.clear_search()
        self.view.move_caret(self._search_origin)
        self.view.focus()

    @on(ArticleView.SearchChanged, "#article")
    def show_search_count(self, message: ArticleView.SearchChanged) -> None:
        """Keep the counters in the prompt and the status line in step."""
        for bar in self.query(SearchBar):
            bar.show_count(message.count, message.current, message.query)
        status = self.query_one(StatusLine)
        if not message.query:
            status.search_summary = ""
        elif message.current is None:
            status.search_summary = f"{message.count} matches"
        else:
            status.search_summary = f"{message.current + 1}/{message.count}"

    @on(ArticleView.Scrolled, "#article")
    def show_position(self, message: ArticleView.Scrolled) -> None:
        """Keep the status line's percentage and time left in step, and report the place."""
        self.post_message(self.PlaceChanged(self, self.document_id, message.offset))
        status = self.query_one(StatusLine)
        status.fraction = message.fraction
        status.words_left = self.view.units.words_after(message.offset)
