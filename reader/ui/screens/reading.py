"""ReadingScreen: the article, with a status line and the key footer."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer

from reader.core.document import Article
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.status_line import StatusLine


class ReadingScreen(Screen[None]):
    """Shows one article for reading."""

    def __init__(self, article: Article, *, start_offset: int = 0) -> None:
        super().__init__()
        self.article = article
        """The article on screen."""
        self.start_offset = start_offset
        """Where to open the article: the saved reading position."""

    def compose(self) -> ComposeResult:
        yield ArticleView(self.article, id="article")
        yield StatusLine()
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(StatusLine).article_title = self.article.title
        view = self.query_one(ArticleView)
        view.focus()
        if self.start_offset:
            view.call_after_refresh(view.scroll_to_offset, self.start_offset)

    @on(ArticleView.Scrolled, "#article")
    def show_position(self, message: ArticleView.Scrolled) -> None:
        """Keep the status line's percentage in step with the view."""
        self.query_one(StatusLine).fraction = message.fraction
