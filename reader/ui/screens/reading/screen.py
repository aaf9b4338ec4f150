"""ReadingScreen: the article, the sidebar, the search prompt, the status line and the footer.

The screen composes and routes: its keys call the controllers beside it (`Annotator` for
highlights and notes, `AnalysisRunner` for the analysis, `SearchController` for the search
prompt) and show what they report. The analysis runs in the screen's thread worker, which
is the only part of it that must live on a Textual node.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.events import Resize
from textual.message import Message
from textual.reactive import reactive
from textual.screen import ModalScreen, Screen
from textual.widgets import Input
from textual.worker import Worker, WorkerState, get_current_worker

from reader.config import Settings
from reader.core import library
from reader.core.analysis.model import Analysis
from reader.core.errors import ReaderError
from reader.core.model.annotations import DEFAULT_COLOR, DocumentNote, Highlight
from reader.core.model.document import Article, BlockKind
from reader.ui.screens.reading.analysis_runner import AnalysisRunner
from reader.ui.screens.reading.annotator import (
    WATCH_INTERVAL,
    Annotator,
    resized,
    selection_summary,
    trimmed,
)
from reader.ui.screens.reading.bindings import ANNOTATING_ACTIONS, READING_BINDINGS
from reader.ui.screens.reading.entity_marks import EntityMarker, marks_summary
from reader.ui.screens.reading.search import SearchController, search_summary
from reader.ui.widgets.article_view import ArticleView, Marks
from reader.ui.widgets.fitting_footer import FittingFooter
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


class ReadingScreen(Screen[None]):
    """Shows one article for reading."""

    BINDINGS: ClassVar[list[BindingType]] = READING_BINDINGS

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
    class ChunkRead(Message):
        """A book's analysis read another chunk (posted from its thread)."""

        number: int
        reading: str
        """JSON: `analysis.readings`."""

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
            store: where annotations are kept and analyses cached; None annotates nothing
                and analyses every time, caching nothing.
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
        """Where annotations are kept and the complete analysis is cached."""
        self.settings = settings or Settings()
        """The person's settings file, passed down from `make_app`."""
        # Read from the package when the screen is made, so setting
        # `reader.ui.screens.reading.CHILD_PROCESS_CHARS` (as tests do) takes effect.
        from reader.ui.screens import reading

        self.runner = AnalysisRunner(
            article,
            document_id,
            store=store,
            model=self.settings.model,
            child_process_chars=reading.CHILD_PROCESS_CHARS,
        )
        """The article's analysis: cached, running or failed."""
        self.annotator = (
            Annotator(
                store,
                document_id,
                shown=self._show_annotations,
                failed=self._notify_error,
                set_timer=self.set_timer,
            )
            if store is not None
            else None
        )
        """The article's highlights and notes, and their undo history; None without a store."""
        self.searching = SearchController(lambda: self.view)
        """The search prompt's controller."""
        self.marker = EntityMarker()
        """Which entity's mentions are coloured in the text."""
        self.has_headings = any(block.kind is BlockKind.HEADING for block in article.blocks)
        """Whether the contents pane has anything to list."""
        self._sidebar_chosen = False
        self._sidebar: Sidebar | None = None

    @property
    def view(self) -> ArticleView:
        """The article view."""
        return self.query_one(ArticleView)

    @property
    def analysis(self) -> Analysis | None:
        """What the analyser found so far (complete once `analysis.complete`)."""
        return self.runner.analysis

    @property
    def analysis_error(self) -> str:
        """Why the analysis failed, as one sentence; "" if it has not."""
        return self.runner.error

    @property
    def highlights(self) -> list[Highlight]:
        """The article's highlights, as last read from the store."""
        return [] if self.annotator is None else self.annotator.highlights

    def compose(self) -> ComposeResult:
        with Horizontal(id="reading-body"):
            yield ArticleView(self.article, start_offset=self.start_offset, id="article")
        yield StatusLine()
        yield FittingFooter()

    def on_mount(self) -> None:
        self.query_one(StatusLine).article_title = self.article.title
        self.view.focus()
        if self.annotator is not None:
            self.annotator.reload()
            self.set_interval(WATCH_INTERVAL, self.annotator.reload_if_changed_elsewhere)
        # After the first paint: the article comes first, even a cache read can wait.
        self.call_after_refresh(self.start_analysis)

    def _notify_error(self, sentence: str) -> None:
        self.notify(sentence, severity="error", markup=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "toggle_entity_marks":
            return True if self.analysis is not None and self.analysis.entities else None
        if action in ANNOTATING_ACTIONS:
            return self.annotator is not None
        if action == "contents":
            # Shown greyed out in the footer: an article without headings has no contents.
            return True if self.has_headings else None
        return True

    # -- the sidebar ------------------------------------------------------------------

    def on_resize(self, event: Resize) -> None:
        # Follow the terminal's width until the reader decides for themselves. Every article
        # has panes to show (its entities at least); a wide screen shows them, after the
        # article's first paint so that the text comes first.
        if self._sidebar is not None:
            self._sidebar.fit_to(event.size.width)
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
                labels=self.settings.colors,
                id="sidebar",
            )
            if self.annotator is not None:
                self._sidebar.show_annotations(*self.annotator.annotations)
            self._sidebar.fit_to(self.size.width)
            self.query_one("#reading-body").mount(self._sidebar)
        self._sidebar.display = show
        if not show and self._sidebar.has_focus_within:
            self.view.focus()

    def action_toggle_sidebar(self) -> None:
        """Show or hide the sidebar."""
        self._sidebar_chosen = True
        self.show_sidebar = not self.show_sidebar

    def action_open_pane(self, pane_id: str) -> None:
        """Open a pane of the sidebar: "entities", "figures", "quotes", "notes" (every
        highlight and note of the article) or "contents"."""
        self._sidebar_chosen = True  # asked for: a resize no longer hides it
        self.show_sidebar = True
        assert self._sidebar is not None
        self._sidebar.show_pane(pane_id, self.view.caret)

    def action_contents(self) -> None:
        """Open the table of contents in the sidebar, on the current section (only offered
        when the article has headings: see `check_action`)."""
        self.action_open_pane("contents")

    def action_focus_article(self) -> None:
        """Put the keyboard back in the article."""
        self.view.focus()

    def action_export_article(self) -> None:
        """Write the article's Markdown file into the export folder, and say where."""
        if self.store is None:
            self.notify("This article is not in the store.", severity="error")
            return
        try:
            target = library.export_to_folder(
                self.store,
                self.document_id,
                self.settings.export_folder,
                model=self.runner.model,
                labels=self.settings.colors,
            )
        except ReaderError as error:
            self._notify_error(str(error))
            return
        self.notify(f"Exported to {target}", title="Export", markup=False)

    # -- the panes' choices and the entity marks --------------------------------------

    # Pane messages are handled by name rather than with @on, so the panes' modules load
    # only when the sidebar is first built.
    def on_entities_pane_entity_chosen(self, message: EntitiesPane.EntityChosen) -> None:
        """Colour the entity's mentions, jump to the next one, and hand the keyboard back."""
        self.marker.mark(message.entity.id)
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

    @on(OutlinePane.HeadingChosen)
    def jump_to_heading(self, message: OutlinePane.HeadingChosen) -> None:
        """Jump the article to the chosen heading, and hand the keyboard back to it."""
        self.view.jump_to(message.offset)
        self.view.focus()

    def action_toggle_entity_marks(self) -> None:
        """Colour every entity's mentions in the text, or stop colouring them."""
        if self.marker.all_marked:
            self.view.clear_marks()
        else:
            self.marker.mark_all()
            self._mark_entities()

    def _mark_entities(self, *, step: bool = True) -> None:
        """Colour the mentions of the marked entity (or of all) from the current analysis."""
        found = self.marker.ranges(self.analysis)
        if found is not None:
            self.view.show_marks(Marks.of(*found), step=step)

    @on(ArticleView.MarksChanged, "#article")
    def show_marks_count(self, message: ArticleView.MarksChanged) -> None:
        """Keep the status line's count of coloured mentions in step."""
        if self.view.marks is None:
            self.marker.clear()
            summary = ""
        else:
            summary = marks_summary(message.label, message.count, message.current)
        self.query_one(StatusLine).marks_summary = summary

    # -- analysis ---------------------------------------------------------------------

    def start_analysis(self) -> None:
        """Show the cached analysis if there is one; otherwise run the analyser."""
        if self.runner.complete:
            return
        cached = self.runner.cached()
        if cached is not None:
            self._show_analysis(cached)
            return
        self._show_analysis(self.analysis)  # "Analysing 0%", or what a paused run had found
        self.runner.run = self.analyse()

    @work(thread=True, exclusive=True, group=ANALYSIS_GROUP, exit_on_error=False)
    def analyse(self) -> Analysis | None:
        """Run `AnalysisRunner.analyse` in a thread, posting each partial result as it
        comes; its `AnalysisError` (no pipeline) is shown in the panes."""
        worker: Worker[Analysis | None] = get_current_worker()
        return self.runner.analyse(
            cancelled=lambda: worker.is_cancelled,
            progressed=lambda analysis: self.post_message(
                self.AnalysisProgressed(self, analysis, worker)
            ),
            chunk_read=lambda number, reading: self.post_message(self.ChunkRead(number, reading)),
        )

    @on(ChunkRead)
    def keep_chunk(self, message: ChunkRead) -> None:
        """Keep what a book's analysis read in a chunk, so a stopped run resumes after it.
        A run stopped since still read what it read: every run reads a chunk alike."""
        if not self.runner.complete:
            self.runner.keep_chunk(message.number, message.reading)

    @on(AnalysisProgressed)
    def show_partial_analysis(self, message: AnalysisProgressed) -> None:
        """Fill the panes with what the analyser has found so far (now and then)."""
        if not self.runner.is_current(message.worker) or message.worker.is_cancelled:
            return
        shown = self.runner.analysis
        news = shown is None or message.analysis.entities is not shown.entities
        if news and self.runner.refill_due():
            self._show_analysis(message.analysis)
        else:
            self.query_one(StatusLine).analysis_status = self.runner.progress(message.analysis)

    @on(Worker.StateChanged)
    def finish_analysis(self, event: Worker.StateChanged) -> None:
        """Show and cache the complete analysis, or say why there is none."""
        worker = event.worker
        if worker.group != ANALYSIS_GROUP or not self.runner.is_current(worker):
            return
        if event.state is WorkerState.SUCCESS and isinstance(worker.result, Analysis):
            self._show_analysis(worker.result)
            failure = self.runner.succeed(worker.result)
            if failure:
                self._notify_error(failure)
        elif event.state is WorkerState.ERROR:
            sentence = self.runner.fail(worker.error)
            self._show_analysis(self.analysis)
            self.notify(sentence, title="Analysis", severity="error", markup=False)

    def _show_analysis(self, analysis: Analysis | None) -> None:
        """Pass a (partial) analysis to the panes, the marks and the status line."""
        self.runner.analysis = analysis
        if self._sidebar is not None:
            self._sidebar.show_analysis(analysis, self.analysis_error)
        self.query_one(StatusLine).analysis_status = self.runner.progress(analysis)
        self._mark_entities(step=False)  # more of the marked entity's mentions, if any
        self.refresh_bindings()

    def on_screen_suspend(self) -> None:
        # Another screen on top (the library, another article): stop analysing until this
        # one is back. A dialog over it (palette, theme picker) lets it run on.
        if not isinstance(self.app.screen, ModalScreen):
            self.runner.pause()

    def on_screen_resume(self) -> None:
        if self.runner.resume():
            self.call_after_refresh(self.start_analysis)

    # -- search and position ----------------------------------------------------------

    async def action_search(self) -> None:
        """Open the search prompt (built the first time it is needed)."""
        self.searching.open()
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
        self.searching.show(event.value)

    @on(Input.Submitted, "#search-input")
    def accept_search(self, event: Input.Submitted) -> None:
        """Keep the matches, record the jump, and give the keyboard back to the text."""
        self.searching.accept()
        self.query_one(SearchBar).close()
        self.view.focus()

    @on(SearchBar.Cancelled)
    def cancel_search(self) -> None:
        """Drop the search and go back to where the reader was."""
        bar = self.query_one(SearchBar)
        bar.close()
        bar.query_one(Input).value = ""
        self.searching.cancel()
        self.view.focus()

    @on(ArticleView.SearchChanged, "#article")
    def show_search_count(self, message: ArticleView.SearchChanged) -> None:
        """Keep the counters in the prompt and the status line in step."""
        for bar in self.query(SearchBar):
            bar.show_count(message.count, message.current, message.query)
        summary = search_summary(message.count, message.current, message.query)
        self.query_one(StatusLine).search_summary = summary

    @on(ArticleView.Scrolled, "#article")
    def show_position(self, message: ArticleView.Scrolled) -> None:
        """Keep the status line's percentage and time left in step, and report the place."""
        self.post_message(self.PlaceChanged(self, self.document_id, message.offset))
        status = self.query_one(StatusLine)
        status.fraction = message.fraction
        status.words_left = self.view.units.words_after(message.offset)
        self.show_caret_highlight()

    @on(ArticleView.SelectionChanged, "#article")
    def show_selection_length(self, message: ArticleView.SelectionChanged) -> None:
        """Say how much is selected in the status line."""
        summary = selection_summary(self.view.selection_anchor is not None, message.selection)
        self.query_one(StatusLine).selection_summary = summary

    # -- annotating -------------------------------------------------------------------

    def _show_annotations(self) -> None:
        """Show the annotator's highlights and notes in the text, the sidebar and the
        status line."""
        assert self.annotator is not None
        self.view.show_highlights(self.annotator.placed, ordered=True)
        if self._sidebar is not None:
            self._sidebar.show_annotations(*self.annotator.annotations)
        self.show_caret_highlight()

    def show_caret_highlight(self) -> None:
        """Show the note (its first line) of the highlight at the caret in the status line."""
        from reader.ui.widgets.notes_pane import first_line

        status = self.query_one(StatusLine)
        highlight = self.view.highlight_at_caret()
        if highlight is None:
            status.note = ""
            return
        label = self.settings.label(highlight.color)
        note = first_line(highlight.note)
        status.note = f"{label}: {note}" if note else f"{label} · a to write a note"

    def _highlight_selection(self, color: str, note: str = "") -> Highlight | None:
        """Highlight the selection in `color`; the selection ends and the caret stays on it."""
        assert self.annotator is not None
        selection = trimmed(self.article.text, self.view.selection)
        if selection is None:
            self.app.bell()
            return None
        start, end = selection
        self.view.clear_selection()
        made = self.annotator.add_highlight(start, end, color=color, note=note)
        if made is not None:
            self.view.move_caret(start)
            self.show_caret_highlight()
        return made

    def action_highlight_selection(self) -> None:
        """Highlight the selection in the default colour."""
        if self.view.selection is None:
            self.notify("Select some text first: v, then the motion keys.", timeout=3)
            return
        self._highlight_selection(DEFAULT_COLOR)

    def action_color(self, color: str) -> None:
        """Highlight the selection in `color`, or recolour the highlight at the caret."""
        assert self.annotator is not None
        if self.view.selection is not None:
            self._highlight_selection(color)
            return
        highlight = self.view.highlight_at_caret()
        if highlight is None:
            self.notify("Select some text (v) or put the caret on a highlight.", timeout=3)
            return
        if highlight.color != color:
            self.annotator.recolor(highlight, color)

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

        annotator = self.annotator
        assert annotator is not None
        if not annotator.needs_confirming(annotation):
            annotator.delete(annotation)
            return
        noun = "highlight and its note" if isinstance(annotation, Highlight) else "note"

        def answered(yes: bool | None) -> None:
            if yes:
                annotator.delete(annotation)

        self.app.push_screen(
            ConfirmDialog(f"Delete this {noun}? (u undoes it.)", yes="Delete", no="Keep"),
            answered,
        )

    def action_resize_highlight(self, which: str) -> None:
        """Move an end of the highlight at the caret by a word: `which` is "extend_end",
        "shrink_end", "extend_start" or "shrink_start"."""
        assert self.annotator is not None
        highlight = self.view.highlight_at_caret()
        wanted = None if highlight is None else resized(highlight, self.view.units, which)
        if highlight is None or wanted is None:
            self.app.bell()
            return
        start, end = wanted
        if self.annotator.resize(highlight, start, end):
            # Keep the caret on the highlight, so the next key acts on it again.
            if not start <= self.view.caret < end:
                self.view.move_caret(start if self.view.caret < start else end - 1)
            self.show_caret_highlight()

    def action_edit_note(self) -> None:
        """Write a note on the selection (which becomes a highlight) or the highlight at the
        caret."""
        from reader.ui.screens.note_editor import NoteEditor

        selection = trimmed(self.article.text, self.view.selection)
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
            if (gate := getattr(self.app, "key_gate", None)) is not None:
                gate.release()  # no editor opens: the keys after `a` are commands again
            return
        self.edit_highlight_note(highlight)

    def edit_highlight_note(self, highlight: Highlight) -> None:
        """Open the note editor on a highlight's note, and save what is typed."""
        from reader.ui.screens.note_editor import NoteEditor

        annotator = self.annotator
        assert annotator is not None
        editor = NoteEditor(
            f"Note on the {self.settings.label(highlight.color)} highlight",
            highlight.note,
            quote=highlight.quote.exact,
        )
        self.app.push_screen(editor, lambda text: annotator.save_note(highlight, text))

    def action_document_note(self) -> None:
        """Write a new note on the whole document."""
        self.edit_document_note(None)

    def edit_document_note(self, note: DocumentNote | None) -> None:
        """Open the note editor on a document note (None: a new one), and save what is typed."""
        from reader.ui.screens.note_editor import NoteEditor

        annotator = self.annotator
        assert annotator is not None
        title = f"Note on “{self.article.title}”" if self.article.title else "Note on the document"
        editor = NoteEditor(title, "" if note is None else note.text)
        self.app.push_screen(editor, lambda text: annotator.save_document_note(note, text))

    def _step_history(self, undo: bool) -> None:
        assert self.annotator is not None
        step = self.annotator.undo() if undo else self.annotator.redo()
        subject = None if step.change is None else step.change.subject
        if isinstance(subject, Highlight):
            self.view.jump_to(subject.start, record=False)
            self.show_caret_highlight()
        if step.sentence:
            self.notify(step.sentence, timeout=2)

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
        if self.annotator is None:
            return
        annotation = message.annotation
        if isinstance(annotation, Highlight):
            self.edit_highlight_note(annotation)
        else:
            self.edit_document_note(annotation)

    def on_notes_pane_delete_requested(self, message: NotesPane.DeleteRequested) -> None:
        """Delete the chosen row's highlight or note (asking first when there is a note)."""
        if self.annotator is not None:
            self.delete_annotation(message.annotation)
