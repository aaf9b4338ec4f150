"""ReadingScreen: the article, the sidebar, the search prompt, the status line and the footer.

The screen also runs the article's analysis: a cached one is shown at once, otherwise a
thread worker loads spaCy and posts partial results as it goes; the complete result is
cached in the store on the main thread (the store's connection belongs to it).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from time import monotonic
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.events import Resize
from textual.message import Message
from textual.reactive import reactive
from textual.screen import ModalScreen, Screen
from textual.timer import Timer
from textual.widgets import Footer, Input
from textual.worker import Worker, WorkerState, get_current_worker

from reader.config import Settings
from reader.core import library
from reader.core.analysis.model import Analysis, Entity
from reader.core.annotating.history import AnnotationHistory, Change
from reader.core.errors import ReaderError
from reader.core.model.annotations import DEFAULT_COLOR, HIGHLIGHT_COLORS, DocumentNote, Highlight
from reader.core.model.document import Article, BlockKind
from reader.core.store.analysis_cache import cached_analysis
from reader.ui.widgets.article_view import ArticleView, Marks
from reader.ui.widgets.outline_pane import OutlinePane
from reader.ui.widgets.search_bar import SearchBar
from reader.ui.widgets.sidebar import Sidebar
from reader.ui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    # The panes load when the sidebar is first built, not at start-up.
    from reader.core.store.store import Store
    from reader.ui.widgets.entities_pane import EntitiesPane
    from reader.ui.widgets.figures_pane import FiguresPane
    from reader.ui.widgets.notes_pane import NotesPane
    from reader.ui.widgets.quotes_pane import QuotesPane

NARROW_WIDTH = 100
"""Below this many columns the sidebar hides by itself, leaving the text room to breathe."""

ANALYSIS_GROUP = "analysis"
"""The worker group of the analyser, so a new run replaces an old one."""

RELOAD_DELAY = 0.3
"""Seconds after this window's own annotation change before everything is read again."""

CHILD_PROCESS_CHARS = 200_000
"""Texts this long (a book, not an article) are analysed in a child process."""

PARTIAL_INTERVAL = 2.0
"""Seconds between two refills of the panes from a book's partial results: a refill of
thousands of rows takes a moment of the main thread, and the status line shows progress."""

ANNOTATING_ACTIONS = frozenset(
    {
        "highlight_selection",
        "color",
        "edit_note",
        "document_note",
        "delete_highlight",
        "extend_end",
        "shrink_end",
        "extend_start",
        "shrink_start",
        "undo",
        "redo",
    }
)
"""Actions that write to the store: unavailable when the screen has none."""


def _color_binding(number: int, color: str) -> Binding:
    return Binding(
        str(number),
        f"color('{color}')",
        color.capitalize(),
        show=False,
        id=f"highlight-{color}",
        tooltip=f"Highlight the selection in {color}, or make the highlight at the caret {color}",
    )


ALL_ENTITIES = "entities"
"""The marks' label when every entity is coloured (`e`), not just one."""


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
            "X",
            "export_article",
            "Export",
            show=False,
            id="export-article",
            tooltip="Export this article's highlights and notes as Markdown to your notes folder",
        ),
        Binding(
            "s",
            "toggle_sidebar",
            "Sidebar",
            id="toggle-sidebar",
            tooltip="Show or hide the sidebar",
        ),
        Binding(
            "E",
            "entities",
            "Entities",
            id="show-entities",
            tooltip="List the people, organisations and places the article names",
        ),
        Binding(
            "F",
            "figures",
            "Figures",
            show=False,
            id="show-figures",
            tooltip="List the numbers the article states and what they count",
        ),
        Binding(
            "Q",
            "quotes",
            "Quotes",
            show=False,
            id="show-quotes",
            tooltip="List who the article quotes, saying what",
        ),
        Binding(
            "e",
            "toggle_entity_marks",
            "Colour entities",
            show=False,
            id="toggle-entity-marks",
            tooltip="Colour every mention of every entity in the text, or stop",
        ),
        Binding(
            "H",
            "highlight_selection",
            "Highlight",
            id="highlight-selection",
            tooltip="Highlight the selection in the default colour",
        ),
        *(_color_binding(number, color) for number, color in enumerate(HIGHLIGHT_COLORS, 1)),
        Binding(
            "a",
            "edit_note",
            "Note",
            id="edit-note",
            tooltip="Write a note on the highlight at the caret, or on the selection",
        ),
        Binding(
            "A",
            "document_note",
            "Document note",
            show=False,
            id="document-note",
            tooltip="Write a note on the whole document",
        ),
        Binding(
            "d",
            "delete_highlight",
            "Delete highlight",
            show=False,
            id="delete-highlight",
            tooltip="Delete the highlight at the caret (asks first if it has a note)",
        ),
        Binding(
            "greater_than_sign",
            "extend_end",
            "Extend end",
            show=False,
            id="extend-highlight-end",
            tooltip="Extend the highlight at the caret by a word at its end",
        ),
        Binding(
            "less_than_sign",
            "shrink_end",
            "Shrink end",
            show=False,
            id="shrink-highlight-end",
            tooltip="Shrink the highlight at the caret by a word at its end",
        ),
        Binding(
            "left_square_bracket",
            "extend_start",
            "Extend start",
            show=False,
            id="extend-highlight-start",
            tooltip="Extend the highlight at the caret by a word at its start",
        ),
        Binding(
            "right_square_bracket",
            "shrink_start",
            "Shrink start",
            show=False,
            id="shrink-highlight-start",
            tooltip="Shrink the highlight at the caret by a word at its start",
        ),
        Binding(
            "u", "undo", "Undo", show=False, id="undo", tooltip="Undo the last annotation change"
        ),
        Binding(
            "ctrl+r",
            "redo",
            "Redo",
            show=False,
            id="redo",
            tooltip="Redo the annotation change just undone",
        ),
        Binding(
            "M",
            "notes",
            "Notes",
            id="show-notes",
            tooltip="List the highlights and notes of the article",
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

    @dataclass
    class AnalysisProgressed(Message):
        """The analyser finished another part of the article (posted from its thread)."""

        screen: ReadingScreen
        analysis: Analysis
        worker: Worker[Analysis | None]
        """The run it came from: a cancelled run's late parts are ignored."""

        @property
        def control(self) -> ReadingScreen:
            return self.screen

        def can_replace(self, message: Message) -> bool:
            # Each part contains the ones before it, so only the latest needs showing.
            return isinstance(message, ReadingScreen.AnalysisProgressed)

    def __init__(
        self,
        article: Article,
        document_id: str,
        *,
        start_offset: int = 0,
        store: Store | None = None,
        settings: Settings | None = None,
    ) -> None:
        """A reading screen for `article`.

        Args:
            article: the article to show.
            document_id: its id in the store.
            start_offset: where to open it (the saved reading position).
            store: where analyses are cached; None analyses every time, caching nothing.
            settings: the person's choices: the spaCy pipeline to analyse with, what each
                highlight colour means, where exports go.
        """
        super().__init__()
        self.article = article
        """The article on screen."""
        self.document_id = document_id
        """The article's id in the store."""
        self.start_offset = start_offset
        """Where to open the article: the saved reading position."""
        self.store = store
        """Where the complete analysis is cached."""
        self.settings = settings or Settings()
        """The person's settings file, passed down from `make_app`."""
        self.model = self.settings.model
        """The spaCy pipeline to analyse with (a package name or a folder); None: the default."""
        self.child_process_chars = CHILD_PROCESS_CHARS
        """From how many characters the analysis runs in a child process instead of a thread."""
        self.analysis: Analysis | None = None
        """What the analyser found so far (complete once `analysis.complete`)."""
        self.analysis_error = ""
        """Why the analysis failed, as one sentence; "" if it has not."""
        self.marked_entity_id: str | None = None
        """The entity whose mentions are coloured; `ALL_ENTITIES` for all; None for none."""
        self._analysis_worker: Worker[Analysis | None] | None = None
        self._analysis_paused = False
        self._panes_filled = 0.0
        self._search_origin = 0
        self._sidebar_chosen = False
        self._sidebar: Sidebar | None = None
        self.labels: Mapping[str, str] = self.settings.colors
        """What each highlight colour means to the reader, from the settings."""
        self.history = AnnotationHistory(store) if store is not None else None
        """The session's annotation changes, for undo and redo; None without a store."""
        self.highlights: list[Highlight] = []
        self._reload_timer: Timer | None = None
        """The article's highlights, as last read from the store."""
        self.document_notes: list[DocumentNote] = []
        """The notes on the whole article, as last read from the store."""
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
        self.reload_annotations()
        # After the first paint: the article comes first, even a cache read can wait.
        self.call_after_refresh(self.start_analysis)

    def on_resize(self, event: Resize) -> None:
        # Follow the terminal's width until the reader decides for themselves. Every article
        # has panes to show (its entities at least); a wide screen shows them, after the
        # article's first paint so that the text comes first.
        if not self._sidebar_chosen:
            wide = event.size.width >= NARROW_WIDTH
            if wide and self._sidebar is None:
                self.call_after_refresh(self._show_sidebar_by_width)
            else:
                self.show_sidebar = wide

    def _show_sidebar_by_width(self) -> None:
        body = self.query("#reading-body")
        if not body or not body.first().is_attached or self.app.screen is not self:
            return  # closed or covered before its first paint (a quick quit, another article)
        if not self._sidebar_chosen:
            self.show_sidebar = self.size.width >= NARROW_WIDTH

    def watch_show_sidebar(self, show: bool) -> None:
        if self._sidebar is None:
            if not show:
                return
            # Built on first use: a short story that never shows it starts faster.
            self._sidebar = Sidebar(
                self.article,
                self.analysis,
                self.analysis_error,
                labels=self.labels,
                id="sidebar",
            )
            self._sidebar.show_annotations(self.highlights, self.document_notes)
            self.query_one("#reading-body").mount(self._sidebar)
        self._sidebar.display = show
        if not show and self._sidebar.has_focus_within:
            self.view.focus()

    def action_export_article(self) -> None:
        """Write the article's Markdown file into the export folder, and say where."""
        if self.store is None:
            self.notify("This article is not in the store.", severity="error")
            return
        try:
            target = library.export_to_folder(
                self.store, self.document_id, self.settings.export_folder, model=self.model
            )
        except ReaderError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self.notify(f"Exported to {target}", title="Export", markup=False)

    def action_toggle_sidebar(self) -> None:
        """Show or hide the sidebar."""
        self._sidebar_chosen = True
        self.show_sidebar = not self.show_sidebar

    def action_contents(self) -> None:
        """Open the table of contents in the sidebar, on the current section (only offered
        when the article has headings: see `check_action`)."""
        self._open_pane("contents")

    def _open_pane(self, pane_id: str) -> None:
        self._sidebar_chosen = True  # asked for: a resize no longer hides it
        self.show_sidebar = True
        assert self._sidebar is not None
        self._sidebar.show_pane(pane_id, self.view.caret)

    def action_entities(self) -> None:
        """Open the entities pane."""
        self._open_pane("entities")

    def action_figures(self) -> None:
        """Open the figures pane."""
        self._open_pane("figures")

    def action_quotes(self) -> None:
        """Open the quotes pane."""
        self._open_pane("quotes")

    def action_notes(self) -> None:
        """Open the notes pane: every highlight and note of the article."""
        self._open_pane("notes")

    def action_toggle_entity_marks(self) -> None:
        """Colour every entity's mentions in the text, or stop colouring them."""
        if self.marked_entity_id == ALL_ENTITIES:
            self.view.clear_marks()
        else:
            self.marked_entity_id = ALL_ENTITIES
            self._mark_entities()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "toggle_entity_marks":
            return True if self.analysis is not None and self.analysis.entities else None
        if action in ANNOTATING_ACTIONS:
            return self.history is not None
        if action == "contents":
            # Shown greyed out in the footer: an article without headings has no contents.
            return True if self.has_headings else None
        return True

    def action_focus_article(self) -> None:
        """Put the keyboard back in the article."""
        self.view.focus()

    # Pane messages are handled by name rather than with @on, so the panes' modules load
    # only when the sidebar is first built.
    def on_entities_pane_entity_chosen(self, message: EntitiesPane.EntityChosen) -> None:
        """Colour the entity's mentions, jump to the next one, and hand the keyboard back."""
        self.marked_entity_id = message.entity.id
        self._mark_entities()
        self.view.jump_to_mark()
        self.view.focus()

    def on_figures_pane_figure_chosen(self, message: FiguresPane.FigureChosen) -> None:
        """Jump the article to the chosen figure."""
        self.view.jump_to(message.figure.start)
        self.view.focus()

    def on_quotes_pane_quote_chosen(self, message: QuotesPane.QuoteChosen) -> None:
        """Jump the article to the chosen quote."""
        self.view.jump_to(message.quote.start)
        self.view.focus()

    def _mark_entities(self, *, step: bool = True) -> None:
        """Colour the mentions of the marked entity (or of all) from the current analysis."""
        analysis = self.analysis
        if analysis is None or self.marked_entity_id is None:
            return
        entities: tuple[Entity, ...]
        if self.marked_entity_id == ALL_ENTITIES:
            entities, label = analysis.entities, ALL_ENTITIES
        else:
            entity = analysis.entity(self.marked_entity_id)
            if entity is None:
                return
            entities, label = (entity,), entity.name
        marks = Marks.of(
            label,
            (
                (mention.start, mention.end, entity.kind)
                for entity in entities
                for mention in entity.mentions
            ),
        )
        self.view.show_marks(marks, step=step)

    @on(ArticleView.MarksChanged, "#article")
    def show_marks_count(self, message: ArticleView.MarksChanged) -> None:
        """Keep the status line's count of coloured mentions in step."""
        if self.view.marks is None:
            self.marked_entity_id = None
            summary = ""
        elif message.current is None:
            summary = f"{message.label}: {message.count}"
        else:
            summary = f"{message.label} {message.current + 1}/{message.count}"
        self.query_one(StatusLine).marks_summary = summary

    # -- analysis ---------------------------------------------------------------------

    def start_analysis(self) -> None:
        """Show the cached analysis if there is one; otherwise run the analyser.

        The cache is checked here, on the main thread, by the label the pipeline would
        have, so a cached article never imports spaCy.
        """
        if self.analysis is not None and self.analysis.complete:
            return
        cached = None
        if self.store is not None:
            try:
                cached = cached_analysis(self.store, self.document_id, self.model)
            except ReaderError:
                cached = None  # derived data: a store that cannot be read just means a re-run
        if cached is not None:
            self._show_analysis(cached)
            return
        self._show_analysis(self.analysis)  # "Analysing 0%", or what a paused run had found
        self._analysis_worker = self.analyse(self.article, self.model)

    @work(thread=True, exclusive=True, group=ANALYSIS_GROUP, exit_on_error=False)
    def analyse(self, article: Article, model: str | None) -> Analysis | None:
        """Analyse the article in a thread, posting each partial result as it comes.

        Returns:
            The complete analysis, or None when cancelled.

        Raises:
            AnalysisError: the pipeline cannot be loaded (shown in the panes).
        """
        worker: Worker[Analysis | None] = get_current_worker()
        results: Iterable[Analysis]
        if len(article.text) >= self.child_process_chars:
            # A book: parsed in a child process, so keys and memory here stay as they were.
            from reader.core.analysis.background import analyse_in_child

            results = analyse_in_child(article, model, cancelled=lambda: worker.is_cancelled)
        else:
            # An article: a fraction of a second in this process, with the pipeline kept
            # loaded for the next one.
            from reader.core.analysis.analyzer import Analyzer
            from reader.core.analysis.pipeline import load_pipeline

            nlp = load_pipeline(model)
            if worker.is_cancelled:
                return None
            results = Analyzer(nlp).progressively(article)
        for analysis in results:
            if worker.is_cancelled:
                return None
            if analysis.complete:
                return analysis
            self.post_message(self.AnalysisProgressed(self, analysis, worker))
        return None

    @on(AnalysisProgressed)
    def show_partial_analysis(self, message: AnalysisProgressed) -> None:
        """Fill the panes with what the analyser has found so far (now and then)."""
        if message.worker is not self._analysis_worker or message.worker.is_cancelled:
            return
        now = monotonic()
        if now - self._panes_filled < PARTIAL_INTERVAL:
            self.query_one(StatusLine).analysis_status = self._progress(message.analysis)
            return
        self._panes_filled = now
        self._show_analysis(message.analysis)

    @on(Worker.StateChanged)
    def finish_analysis(self, event: Worker.StateChanged) -> None:
        """Show and cache the complete analysis, or say why there is none."""
        worker = event.worker
        if worker.group != ANALYSIS_GROUP or worker is not self._analysis_worker:
            return
        if event.state is WorkerState.SUCCESS and isinstance(worker.result, Analysis):
            self._analysis_worker = None
            self._show_analysis(worker.result)
            if self.store is not None:
                try:
                    self.store.save_analysis(self.document_id, worker.result)
                except (ReaderError, ValueError) as error:
                    self.notify(str(error), severity="error", markup=False)
        elif event.state is WorkerState.ERROR:
            self._analysis_worker = None
            failure = worker.error
            sentence = (
                str(failure)
                if isinstance(failure, ReaderError)
                else f"The analysis failed: {failure!r}"  # a bug: say what it was
            )
            self.analysis_error = sentence
            self._show_analysis(self.analysis)
            self.notify(sentence, title="Analysis", severity="error", markup=False)

    def _show_analysis(self, analysis: Analysis | None) -> None:
        """Pass a (partial) analysis to the panes, the marks and the status line."""
        self.analysis = analysis
        if self._sidebar is not None:
            self._sidebar.show_analysis(analysis, self.analysis_error)
        self.query_one(StatusLine).analysis_status = self._progress(analysis)
        if analysis is not None and self.marked_entity_id is not None:
            self._mark_entities(step=False)
        self.refresh_bindings()

    def _progress(self, analysis: Analysis | None) -> str:
        """The status line's "Analysing 40%" while the analysis runs, else ""."""
        if self.analysis_error or (analysis is not None and analysis.complete):
            return ""
        done = 0.0 if analysis is None else analysis.done
        return f"Analysing {round(done * 100):d}%"

    def on_screen_suspend(self) -> None:
        # Another screen on top (the library, another article): stop analysing until this
        # one is back. A dialog over it (palette, theme picker) lets it run on.
        if self._analysis_worker is not None and not isinstance(self.app.screen, ModalScreen):
            self._analysis_worker.cancel()
            self._analysis_worker = None
            self._analysis_paused = True

    def on_screen_resume(self) -> None:
        if self._analysis_paused:
            self._analysis_paused = False
            self.call_after_refresh(self.start_analysis)

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
        self.show_caret_highlight()

    # -- annotating -------------------------------------------------------------------

    def reload_annotations(self) -> None:
        """Read the article's highlights and notes from the store and show them everywhere.

        Read afresh after every change, so what another window wrote shows up too.
        """
        if self.store is None:
            return
        try:
            self.highlights = self.store.highlights(self.document_id)
            self.document_notes = self.store.document_notes(self.document_id)
        except ReaderError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        # An orphan's offsets belong to an earlier text: listed in Notes, never drawn.
        self.view.show_highlights([item for item in self.highlights if item.placed])
        if self._sidebar is not None:
            self._sidebar.show_annotations(self.highlights, self.document_notes)
        self.show_caret_highlight()

    def label(self, color: str) -> str:
        """The reader's label for a colour ("important"), or the colour's name."""
        return self.labels.get(color, color)

    def show_caret_highlight(self) -> None:
        """Show the note (its first line) of the highlight at the caret in the status line."""
        from reader.ui.widgets.notes_pane import first_line

        status = self.query_one(StatusLine)
        highlight = self.view.highlight_at_caret()
        if highlight is None:
            status.note = ""
            return
        label = self.label(highlight.color)
        note = first_line(highlight.note)
        status.note = f"{label}: {note}" if note else f"{label} · a to write a note"

    @on(ArticleView.SelectionChanged, "#article")
    def show_selection_length(self, message: ArticleView.SelectionChanged) -> None:
        """Say how much is selected in the status line."""
        status = self.query_one(StatusLine)
        if self.view.selection_anchor is None:
            status.selection_summary = ""
        elif message.selection is None:
            status.selection_summary = "Selecting"
        else:
            length = message.selection[1] - message.selection[0]
            status.selection_summary = f"{length:,} selected"

    def _trimmed_selection(self) -> tuple[int, int] | None:
        """The selection without the spaces at its ends, or None if it holds only spaces."""
        selection = self.view.selection
        if selection is None:
            return None
        start, end = selection
        text = self.article.text
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return (start, end) if start < end else None

    def _write(
        self, change: Callable[[AnnotationHistory], object], *, incremental: bool = True
    ) -> bool:
        """Make one annotation change through the history; a store failure is a notification.

        `incremental`: the change is a new one (the history's latest), shown from what the
        store returned; otherwise (undo, redo) everything is read again at once.
        """
        assert self.history is not None
        try:
            change(self.history)
        except (ReaderError, ValueError) as error:
            self.notify(str(error), severity="error", markup=False)
            self.reload_annotations()
            return False
        if incremental and self.history.done:
            self._show_change(self.history.done[-1])
        else:
            self.reload_annotations()
        return True

    def _show_change(self, change: Change) -> None:
        """Show this window's own change at once, from what the store returned; then, once
        the frame is drawn, read everything again so other windows' writes show up too.

        Re-reading thousands of highlights takes longer than a frame; the change is in the
        store already, so the screen need not wait for it.
        """
        before, after = change.before, change.after
        if isinstance(before, Highlight) or isinstance(after, Highlight):
            gone = before.id if isinstance(before, Highlight) else None
            kept = [
                item
                for item in self.highlights
                if item.id not in {gone, getattr(after, "id", None)}
            ]
            if isinstance(after, Highlight):
                kept.append(after)
            self.highlights = sorted(kept, key=lambda item: (item.start, item.end, item.created))
            self.view.show_highlights([item for item in self.highlights if item.placed])
            if self._sidebar is not None:
                self._sidebar.show_annotations(self.highlights, self.document_notes)
            self.show_caret_highlight()
        if self._reload_timer is not None:
            self._reload_timer.stop()
        self._reload_timer = self.set_timer(RELOAD_DELAY, self.reload_annotations)

    def _highlight_selection(self, color: str, note: str = "") -> Highlight | None:
        """Highlight the selection in `color`; the selection ends and the caret stays on it."""
        selection = self._trimmed_selection()
        if selection is None:
            self.app.bell()
            return None
        start, end = selection
        made: list[Highlight] = []
        self.view.clear_selection()
        if self._write(
            lambda history: made.append(
                history.add_highlight(self.document_id, start, end, color=color, note=note)
            )
        ):
            self.view.move_caret(start)
            self.show_caret_highlight()
            return made[0]
        return None

    def action_highlight_selection(self) -> None:
        """Highlight the selection in the default colour."""
        if self.view.selection is None:
            self.notify("Select some text first: v, then the motion keys.", timeout=3)
            return
        self._highlight_selection(DEFAULT_COLOR)

    def action_color(self, color: str) -> None:
        """Highlight the selection in `color`, or recolour the highlight at the caret."""
        if self.view.selection is not None:
            self._highlight_selection(color)
            return
        highlight = self.view.highlight_at_caret()
        if highlight is None:
            self.notify("Select some text (v) or put the caret on a highlight.", timeout=3)
            return
        if highlight.color != color:
            self._write(lambda history: history.recolor(highlight, color))

    def action_delete_highlight(self) -> None:
        """Delete the highlight at the caret, asking first when it has a note."""
        highlight = self.view.highlight_at_caret()
        if highlight is None:
            self.app.bell()
            return
        self.delete_annotation(highlight)

    def delete_annotation(self, annotation: Highlight | DocumentNote) -> None:
        """Delete a highlight or document note; one with a note is deleted only if confirmed."""
        from reader.ui.screens.confirm_dialog import ConfirmDialog

        assert self.history is not None
        history = self.history

        def delete() -> None:
            if isinstance(annotation, Highlight):
                self._write(lambda _: history.delete_highlight(annotation))
            else:
                self._write(lambda _: history.delete_document_note(annotation))

        text = annotation.note if isinstance(annotation, Highlight) else annotation.text
        if not text.strip():
            delete()
            return
        noun = "highlight and its note" if isinstance(annotation, Highlight) else "note"

        def answered(yes: bool | None) -> None:
            if yes:
                delete()

        self.app.push_screen(
            ConfirmDialog(f"Delete this {noun}? (u undoes it.)", yes="Delete", no="Keep"),
            answered,
        )

    def _resize(self, which: str) -> None:
        """Move an end of the highlight at the caret by a word: `which` says which and how."""
        highlight = self.view.highlight_at_caret()
        if highlight is None:
            self.app.bell()
            return
        units = self.view.units
        start, end = highlight.start, highlight.end
        if which == "extend_end":
            end = units.word_end(end)
        elif which == "shrink_end":
            ends = units.word_ends
            index = bisect_left(ends, end) - 1
            end = ends[index] if index >= 0 else end
        elif which == "extend_start":
            start = units.previous_word(start)
        else:
            start = units.next_word(start)
        if not start < end or (start, end) == (highlight.start, highlight.end):
            self.app.bell()
            return
        if self._write(lambda history: history.resize(highlight, start, end)):
            # Keep the caret on the highlight, so the next key acts on it again.
            if not start <= self.view.caret < end:
                self.view.move_caret(start if self.view.caret < start else end - 1)
            self.show_caret_highlight()

    def action_extend_end(self) -> None:
        """Extend the highlight at the caret by a word at its end."""
        self._resize("extend_end")

    def action_shrink_end(self) -> None:
        """Shrink the highlight at the caret by a word at its end."""
        self._resize("shrink_end")

    def action_extend_start(self) -> None:
        """Extend the highlight at the caret by a word at its start."""
        self._resize("extend_start")

    def action_shrink_start(self) -> None:
        """Shrink the highlight at the caret by a word at its start."""
        self._resize("shrink_start")

    def action_edit_note(self) -> None:
        """Write a note on the selection (which becomes a highlight) or the highlight at the
        caret."""
        from reader.ui.screens.note_editor import NoteEditor

        selection = self._trimmed_selection()
        if selection is not None:
            start, end = selection

            def save_new(text: str | None) -> None:
                if text is None:
                    return
                self.view.select_range(start, end)
                self._highlight_selection(DEFAULT_COLOR, text)

            quote = self.article.text[start:end]
            self.app.push_screen(NoteEditor("Note on the selection", quote=quote), save_new)
            return
        highlight = self.view.highlight_at_caret()
        if highlight is None:
            self.notify(
                "Put the caret on a highlight or select text (v); A notes the whole document.",
                timeout=4,
            )
            return
        self.edit_highlight_note(highlight)

    def edit_highlight_note(self, highlight: Highlight) -> None:
        """Open the note editor on a highlight's note, and save what is typed."""
        from reader.ui.screens.note_editor import NoteEditor

        def save(text: str | None) -> None:
            if text is not None and text != highlight.note:
                self._write(lambda history: history.set_note(highlight, text))

        editor = NoteEditor(
            f"Note on the {self.label(highlight.color)} highlight",
            highlight.note,
            quote=highlight.quote.exact,
        )
        self.app.push_screen(editor, save)

    def action_document_note(self) -> None:
        """Write a new note on the whole document."""
        self.edit_document_note(None)

    def edit_document_note(self, note: DocumentNote | None) -> None:
        """Open the note editor on a document note (None: a new one), and save what is typed."""
        from reader.ui.screens.note_editor import NoteEditor

        def save(text: str | None) -> None:
            if text is None or (not text.strip() and note is None):
                return
            if note is None:
                self._write(lambda history: history.add_document_note(self.document_id, text))
            elif text != note.text:
                self._write(lambda history: history.update_document_note(note, text))

        title = f"Note on “{self.article.title}”" if self.article.title else "Note on the document"
        self.app.push_screen(NoteEditor(title, "" if note is None else note.text), save)

    def _step_history(self, undo: bool) -> None:
        assert self.history is not None
        history = self.history
        changes: list[Change | None] = []
        if not self._write(
            lambda _: changes.append(history.undo() if undo else history.redo()),
            incremental=False,
        ):
            return
        change = changes[0]
        if change is None:
            self.notify("Nothing to undo." if undo else "Nothing to redo.", timeout=2)
            return
        subject = change.subject
        if isinstance(subject, Highlight):
            self.view.jump_to(subject.start, record=False)
            self.show_caret_highlight()
        self.notify(f"{'Undone' if undo else 'Redone'}: {change.description}", timeout=2)

    def action_undo(self) -> None:
        """Undo the last annotation change of the session (saved at once)."""
        self._step_history(undo=True)

    def action_redo(self) -> None:
        """Redo the annotation change just undone (saved at once)."""
        self._step_history(undo=False)

    # The notes pane's messages, by name: its module loads with the sidebar.
    def on_notes_pane_annotation_chosen(self, message: NotesPane.AnnotationChosen) -> None:
        """Jump to the chosen highlight, or open the chosen document note."""
        annotation = message.annotation
        if isinstance(annotation, Highlight):
            self.view.jump_to(annotation.start)
            self.view.focus()
            self.show_caret_highlight()
        else:
            self.edit_document_note(annotation)

    def on_notes_pane_edit_requested(self, message: NotesPane.EditRequested) -> None:
        """Open the note editor on the chosen row."""
        if self.history is None:
            return
        annotation = message.annotation
        if isinstance(annotation, Highlight):
            self.edit_highlight_note(annotation)
        else:
            self.edit_document_note(annotation)

    def on_notes_pane_delete_requested(self, message: NotesPane.DeleteRequested) -> None:
        """Delete the chosen row's highlight or note (asking first when there is a note)."""
        if self.history is not None:
            self.delete_annotation(message.annotation)
