"""ReaderApp: wires the store and the article to the screens. Nothing else lives here."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import App
from textual.binding import Binding, BindingType

from reader.core.document import Article
from reader.core.errors import StoreError
from reader.core.store import Store
from reader.ui.screens.reading import ReadingScreen
from reader.ui.widgets.article_view import ArticleView


class ReaderApp(App[None]):
    """A terminal reader for one article, backed by the annotation store."""

    TITLE = "reader"
    CSS_PATH: ClassVar[list[str]] = [
        "app.tcss",
        "screens/reading.tcss",
        "widgets/article_view.tcss",
        "widgets/status_line.tcss",
    ]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="quit", tooltip="Save your place and quit"),
    ]

    def __init__(self, store: Store, article: Article, document_id: str) -> None:
        super().__init__()
        self.store = store
        """Where annotations and the reading position are kept."""
        self.article = article
        """The article being read."""
        self.document_id = document_id
        """The article's id in the store."""
        self._top_offset = store.position(document_id)
        self.problems: list[str] = []
        """Store failures that happened as the app closed, for the CLI to report."""

    def on_mount(self) -> None:
        self.title = self.article.title
        self.push_screen(ReadingScreen(self.article, start_offset=self._top_offset))

    @on(ArticleView.Scrolled)
    def remember_position(self, message: ArticleView.Scrolled) -> None:
        """Track the reader's place; it is written to the store when the app closes."""
        self._top_offset = message.offset

    def on_unmount(self) -> None:
        try:
            self.store.save_position(self.document_id, self._top_offset)
        except StoreError as error:
            self.problems.append(str(error))


def make_app(store: Store, article: Article) -> ReaderApp:
    """The app for `article`, registered in `store` (shared by the CLI and the tests)."""
    record = store.add_document(article)
    return ReaderApp(store, article, record.id)
