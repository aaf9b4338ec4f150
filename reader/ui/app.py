"""ReaderApp: wires the store, the themes and the article to the screens. Nothing else lives here."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import App
from textual.binding import Binding, BindingType
from textual.theme import Theme

from reader import paths
from reader.core.document import Article
from reader.core.errors import StoreError
from reader.core.store import Store
from reader.ui.screens.reading import ReadingScreen
from reader.ui.themes import DEFAULT_THEME, app_variable_defaults, load_themes, user_themes_dir
from reader.ui.widgets.article_view import ArticleView

THEME_SETTING = "theme"
"""The store setting that remembers the chosen theme."""


class ReaderApp(App[None]):
    """A terminal reader for one article, backed by the annotation store."""

    TITLE = "reader"
    CSS_PATH: ClassVar[list[str]] = [
        "app.tcss",
        "screens/reading.tcss",
        "widgets/article_view.tcss",
        "widgets/outline_pane.tcss",
        "widgets/search_bar.tcss",
        "widgets/sidebar.tcss",
        "widgets/status_line.tcss",
    ]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="quit", tooltip="Save your place and quit"),
        Binding("question_mark", "toggle_help", "Help", id="help",
                tooltip="Show or hide the keys for what has focus"),
        Binding("T", "change_theme", "Theme", show=False, id="change-theme",
                tooltip="Choose a colour theme"),
    ]

    def __init__(
        self, store: Store, article: Article, document_id: str, *, theme: str | None = None
    ) -> None:
        super().__init__()
        self.store = store
        """Where annotations, settings and the reading position are kept."""
        self.article = article
        """The article being read."""
        self.document_id = document_id
        """The article's id in the store."""
        self._top_offset = store.position(document_id)
        self.problems: list[str] = []
        """Store failures that happened as the app closed, for the CLI to report."""
        self._requested_theme = theme

    def get_theme_variable_defaults(self) -> dict[str, str]:
        """Every app variable (highlights, search, caret…) for themes that do not set them."""
        return app_variable_defaults(self.current_theme.dark)

    def on_mount(self) -> None:
        self.title = self.article.title
        self._install_themes()
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self.push_screen(ReadingScreen(self.article, start_offset=self._top_offset))

    def _install_themes(self) -> None:
        """Register bundled then user themes, report broken files, and pick the theme."""
        loaded = load_themes(paths.themes_dir(), user_themes_dir())
        for theme in loaded.themes:
            self.register_theme(theme)
        if loaded.failures:
            self.notify(
                "\n".join(failure.reason for failure in loaded.failures),
                title="Some theme files could not be used",
                severity="warning",
                markup=False,
                timeout=10,
            )
        wanted = self._requested_theme or self.store.setting(THEME_SETTING) or DEFAULT_THEME
        if wanted not in self.available_themes:
            self.notify(
                f"There is no theme called {wanted!r}; using {DEFAULT_THEME}.",
                severity="warning",
                markup=False,
            )
            wanted = DEFAULT_THEME
        self.theme = wanted

    def _remember_theme(self, theme: Theme) -> None:
        try:
            self.store.set_setting(THEME_SETTING, theme.name)
        except StoreError as error:
            self.notify(str(error), severity="error", markup=False)

    def action_toggle_help(self) -> None:
        """Show or hide the help panel, which lists the keys of what has focus."""
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    @on(ArticleView.Scrolled)
    def remember_position(self, message: ArticleView.Scrolled) -> None:
        """Track the reader's place; it is written to the store when the app closes."""
        self._top_offset = message.offset

    def on_unmount(self) -> None:
        try:
            self.store.save_position(self.document_id, self._top_offset)
        except StoreError as error:
            self.problems.append(str(error))


def make_app(store: Store, article: Article, *, theme: str | None = None) -> ReaderApp:
    """The app for `article`, registered in `store` (shared by the CLI and the tests)."""
    record = store.add_document(article)
    return ReaderApp(store, article, record.id, theme=theme)
