"""ReaderApp: wires the store, the themes and the screens together. Nothing else lives here."""

from __future__ import annotations

import weakref
from collections.abc import Callable
from time import monotonic
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, on, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.theme import Theme
from textual.timer import Timer

from reader import paths
from reader.config import Settings
from reader.core import library
from reader.core.errors import ReaderError, StoreError
from reader.core.model.document import Article
from reader.core.store.store import Store
from reader.core.text.display import for_display, one_line
from reader.ui.key_gate import KeyGate
from reader.ui.keymap import keymap_for
from reader.ui.screens.reading import ReadingScreen
from reader.ui.themes import DEFAULT_THEME, app_variable_defaults, load_themes, user_themes_dir
from reader.ui.widgets.article_view import ArticleView

if TYPE_CHECKING:
    from textual.command import Provider
    from textual.notifications import SeverityLevel

    from reader.ui.screens.annotation_search import AnnotationSearchScreen
    from reader.ui.screens.library import LibraryScreen


def key_binding_commands() -> type[Provider]:
    """The palette's provider, imported when the palette first opens (not at start-up)."""
    from reader.ui.commands import KeyBindingCommands

    return KeyBindingCommands


THEME_SETTING = "theme"
"""The store setting that remembers the chosen theme."""

OPENING_ACTIONS = ("search", "edit_note", "document_note")
"""The article's actions that open an input, whose keys the `KeyGate` watches for."""

PLACE_SAVE_DELAY = 1.0
"""Seconds of stillness before the reading position is written: saved as you read, without a
write for every line scrolled."""


class ReaderApp(App[None]):
    """A terminal reader backed by the annotation store."""

    TITLE = "reader"
    COMMANDS = App.COMMANDS | {key_binding_commands}
    CSS_PATH = [  # noqa: RUF012 - Textual declares it as a plain class attribute
        "app.tcss",
        "screens/confirm_dialog.tcss",
        "screens/library.tcss",
        "screens/note_editor.tcss",
        "screens/open_file.tcss",
        "screens/reading/reading.tcss",
        "widgets/analysis_pane.tcss",
        "widgets/article_view.tcss",
        "widgets/entities_pane.tcss",
        "widgets/figures_pane.tcss",
        "widgets/notes_pane.tcss",
        "widgets/outline_pane.tcss",
        "widgets/quotes_pane.tcss",
        "widgets/search_bar.tcss",
        "widgets/sidebar.tcss",
        "widgets/status_line.tcss",
        "screens/annotation_search.tcss",
    ]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q,ctrl+c", "quit", "Quit", id="quit", tooltip="Save your place and quit"),
        Binding(
            "ctrl+z",
            "suspend_process",
            "Suspend",
            show=False,
            id="suspend",
            tooltip="Back to the shell for now (fg brings reader back)",
        ),
        Binding(
            "question_mark",
            "toggle_help",
            "Help",
            id="help",
            tooltip="Show or hide the keys for what has focus",
        ),
        Binding(
            "T",
            "change_theme",
            "Theme",
            show=False,
            id="change-theme",
            tooltip="Choose a colour theme",
        ),
        Binding(
            "L",
            "library",
            "Library",
            id="library",
            tooltip="Go to the library of stored documents",
        ),
        Binding(
            "ctrl+f",
            "search_annotations",
            "Search notes",
            show=False,
            id="search-annotations",
            tooltip="Search every highlight and note of every document",
        ),
    ]

    def __init__(
        self,
        store: Store,
        article: Article | None = None,
        document_id: str | None = None,
        *,
        theme: str | None = None,
        settings: Settings | None = None,
    ) -> None:
        super().__init__()
        self.settings = settings or Settings()
        """What the person chose in the settings file (pipeline, colour labels, export
        folder, keys), passed down to the screens."""
        self.set_keymap(keymap_for(self.settings, type(self)))  # raises ConfigError
        self.store = store
        """Where annotations, settings and reading positions are kept."""
        self.first_article = article
        """The article to open at start, already recorded in the store as `document_id`."""
        self.first_document_id = document_id
        self.problems: list[str] = []
        """Store failures that happened as the app closed, for the CLI to report."""
        self._requested_theme = theme
        self._unsaved_places: dict[str, int] = {}
        self._place_timer: Timer | None = None
        self._theme_warnings = self._install_themes()
        self._last_document_id: str | None = None
        self._opening_keys: tuple[weakref.ref[Screen[Any]] | Callable[[], None], frozenset[str]]
        self._opening_keys = (lambda: None, frozenset())
        self.key_gate = KeyGate(
            OPENING_ACTIONS,
            focused=lambda: self.focused,
            action_of=self._article_action,
            resend=self.post_message,
            set_interval=self.set_interval,
            clock=monotonic,
        )
        """Holds the keys typed right after `/`, `a` or `A` until their input is open."""

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded and self.key_gate.take(event):
            return
        await super().on_event(event)

    def _article_action(self, key: str) -> str | None:
        """The action `key` runs in the article, when the article has the focus and the key
        is one that opens an input (the keys are found once per screen: this runs for every
        key pressed)."""
        if not isinstance(self.focused, ArticleView):
            return None
        screen = self.screen
        if self._opening_keys[0]() is not screen:
            keys = {
                key
                for key, active in screen.active_bindings.items()
                if active.binding.action.split("(", 1)[0] in OPENING_ACTIONS
            }
            self._opening_keys = (weakref.ref(screen), frozenset(keys))
        if key not in self._opening_keys[1]:
            return None
        active = screen.active_bindings.get(key)
        return active.binding.action if active is not None and active.enabled else None

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification, from any screen or widget, passes here: its text often holds
        a title, a path or a note, so it is made safe to show (never an escape sequence)."""
        super().notify(
            for_display(message),
            title=one_line(title),
            severity=severity,
            timeout=timeout,
            markup=markup,
        )

    def get_theme_variable_defaults(self) -> dict[str, str]:
        """Every app variable (highlights, search, caret…) for themes that do not set them."""
        return app_variable_defaults(self.current_theme.dark)

    def on_mount(self) -> None:
        for warning in self._theme_warnings:
            self.notify(warning, severity="warning", markup=False, timeout=10)
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self.app_resume_signal.subscribe(self, self._redraw_after_suspend)
        if self._requested_theme and self._requested_theme == self.theme:
            self._remember_theme(self.current_theme)  # named on the command line: remember it
        if self.first_article is not None:
            self._announce(self.first_article)
        if self.store.read_only is not None:  # said once here, and by the CLI as it closes
            self.notify(self.store.read_only, severity="warning", markup=False, timeout=10)

    def _redraw_after_suspend(self, _app: object) -> None:
        """Back from Ctrl+Z (`fg`): the shell wrote over the screen, so draw all of it."""
        self.screen.refresh(repaint=True, layout=True)
        self.refresh(repaint=True, layout=True)

    def get_default_screen(self) -> Screen[None]:
        """The first article's reading screen (or the library), so the first frame drawn is
        the article itself, not an empty screen waiting for one to be pushed."""
        if self.first_article is not None and self.first_document_id is not None:
            return self._reading_screen(self.first_article, self.first_document_id)
        from reader.ui.screens.library import LibraryScreen

        return LibraryScreen(self.store)

    def action_library(self) -> None:
        """Show the library: back to it if it is open underneath, else a new one on top."""
        from reader.ui.screens.library import LibraryScreen

        self.save_places()  # so the library's progress column is current
        if isinstance(self.screen, LibraryScreen):
            self._back_from_library()
            return
        library = next(
            (screen for screen in self.screen_stack if isinstance(screen, LibraryScreen)), None
        )
        if library is None:
            self.push_screen(LibraryScreen(self.store))
            return
        while self.screen is not library:
            self.pop_screen()

    def _back_from_library(self) -> None:
        """Back to the article the library was opened from: the one underneath, or the last
        one read (reopened at its place); a bell when none was."""
        if len(self.screen_stack) > 1 and isinstance(self.screen_stack[-2], ReadingScreen):
            self.pop_screen()
        elif self._last_document_id is not None:
            self.open_document(self._last_document_id)
        else:
            self.bell()

    # Handlers by name rather than @on, so the library module loads only when it is shown.
    def on_library_screen_document_chosen(self, message: LibraryScreen.DocumentChosen) -> None:
        """Open the document picked in the library."""
        self.open_document(message.document_id)

    def on_library_screen_file_chosen(self, message: LibraryScreen.FileChosen) -> None:
        """Load and open the file picked in the open-file dialog."""
        self.open_path(message.path)

    def show_article(self, article: Article, document_id: str) -> None:
        """Show a stored article at its saved place, with what the loader had to say."""
        self.push_screen(self._reading_screen(article, document_id))
        self._announce(article)

    def _reading_screen(self, article: Article, document_id: str) -> ReadingScreen:
        self.title = one_line(article.title)
        self._last_document_id = document_id
        start = self.store.position(document_id)
        return ReadingScreen(
            article,
            document_id,
            start_offset=start,
            store=self.store,
            settings=self.settings,
        )

    def _announce(self, article: Article) -> None:
        """Tell the person what the loader noticed (a guessed encoding, ignored front matter)."""
        for notice in article.notices:
            self.notify(notice, markup=False)

    def open_document(self, document_id: str) -> None:
        """Open a document from the store, from the text kept there (the file may be gone)."""
        try:
            opened = library.open_stored(self.store, document_id)
        except ReaderError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self.show_article(opened.article, opened.document_id)

    @work(thread=True, exclusive=True, group="open-file")
    def open_path(self, path: str) -> None:
        """Load a file in the background, then record and show it; a bad file is a
        notification. Recording happens on the main thread, which owns the store."""
        try:
            article = library.load(path)
        except ReaderError as error:
            self.call_from_thread(self.notify, str(error), severity="error", markup=False)
            return
        self.call_from_thread(self._show_loaded, article)

    def _show_loaded(self, article: Article) -> None:
        try:
            opened = library.record(self.store, article)  # a changed file: re-anchored
        except ReaderError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self.show_article(opened.article, opened.document_id)

    def action_search_annotations(self) -> None:
        """Search every highlight and note; choosing one opens its document there."""
        from reader.ui.screens.annotation_search import AnnotationSearchScreen

        if not isinstance(self.screen, AnnotationSearchScreen):
            self.push_screen(AnnotationSearchScreen(self.store))

    def on_annotation_search_screen_hit_chosen(
        self, message: AnnotationSearchScreen.HitChosen
    ) -> None:
        """Open the chosen highlight's document at the highlight."""
        self.pop_screen()
        try:
            if message.start is not None and self.store.read_only is None:
                self.store.save_position(message.document_id, message.start)
        except StoreError as error:
            self.notify(str(error), severity="error", markup=False)
        self.open_document(message.document_id)

    def _install_themes(self) -> list[str]:
        """Register bundled then user themes and pick one; returns warnings to show.

        Done before the app starts, so its CSS is parsed once, in the chosen theme, rather
        than once in Textual's default and again in ours.
        """
        warnings: list[str] = []
        loaded = load_themes(paths.themes_dir(), user_themes_dir())
        for theme in loaded.themes:
            self.register_theme(theme)
        if loaded.failures:
            reasons = "\n".join(failure.reason for failure in loaded.failures)
            warnings.append(f"Some theme files could not be used:\n{reasons}")
        wanted = self._requested_theme or self.store.setting(THEME_SETTING) or DEFAULT_THEME
        if wanted not in self.available_themes:
            warnings.append(f"There is no theme called {wanted!r}; using {DEFAULT_THEME}.")
            wanted = DEFAULT_THEME
        self.theme = wanted
        return warnings

    def _remember_theme(self, theme: Theme) -> None:
        if self.store.read_only is not None:  # a choice for next time, which cannot be kept
            return
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

    @on(ReadingScreen.PlaceChanged)
    def remember_place(self, message: ReadingScreen.PlaceChanged) -> None:
        """Note the reader's place and write it once they pause."""
        self._unsaved_places[message.document_id] = message.offset
        # Every move replaces the pending timer: one write when the reader pauses, not one
        # per key. (A one-shot Timer cannot be reset once it has fired, so it is replaced.)
        if self._place_timer is not None:
            self._place_timer.stop()
        self._place_timer = self.set_timer(PLACE_SAVE_DELAY, self.save_places, name="save-places")

    def save_places(self) -> None:
        """Write every reading position not yet saved; none, on a store that can only be
        read (a place is not the person's words, and the store's notice already said so)."""
        if self.store.read_only is not None:
            self._unsaved_places.clear()
        while self._unsaved_places:
            document_id, offset = self._unsaved_places.popitem()
            try:
                self.store.save_position(document_id, offset)
            except StoreError as error:
                self.problems.append(str(error))
                self.notify(str(error), severity="error", markup=False)

    def on_unmount(self) -> None:
        self.save_places()


def make_app(
    store: Store,
    article: Article | library.Opened | None = None,
    *,
    theme: str | None = None,
    settings: Settings | None = None,
) -> ReaderApp:
    """The app, opening `article` if given (shared by the CLI and the tests).

    `settings` are the person's choices (the spaCy pipeline, colour labels, the export
    folder, keys); None means the defaults. Their `[keys]` are checked first, so a
    mistake there is one sentence on the command line, before the screen takes over.

    An `Article` is recorded in the store here, as every entry point records one (a changed
    file becomes a new version with its highlights re-anchored), before the app starts, so
    a store that cannot be written is reported on the command line rather than inside a
    half-drawn screen; an `Opened` one (`library.open_path`'s) was recorded already.

    Raises:
        ConfigError: the settings' `[keys]` name an unknown binding or clash.
        StoreError: the store cannot be written.
    """
    keymap_for(settings or Settings(), ReaderApp)
    opened = library.record(store, article) if isinstance(article, Article) else article
    if opened is None:
        return ReaderApp(store, None, None, theme=theme, settings=settings)
    return ReaderApp(store, opened.article, opened.document_id, theme=theme, settings=settings)
