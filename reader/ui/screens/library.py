"""LibraryScreen: every document in the store, sortable and filterable, to pick one to read."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.events import Resize
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Input, Label

from reader.core.errors import ReaderError, StoreError
from reader.core.model.labels import (
    NO_VALUE,
    friendly_time,
    local_date,
    progress_fraction,
    progress_label,
    short_source,
)
from reader.core.store.store import DocumentSummary, Store
from reader.core.text.display import one_line
from reader.ui.screens.open_file import OpenFileScreen
from reader.ui.widgets.fitting_footer import FittingFooter

"""What a cell shows when there is nothing to say (no progress yet, no source)."""

COLUMNS: tuple[tuple[str, str], ...] = (
    ("title", "Title"),
    ("source", "Source"),
    ("added", "Added"),
    ("last_opened", "Last opened"),
    ("progress", "Progress"),
    ("highlights", "Highlights"),
)
"""(key, label) of each column, in the order shown; keys 1-6 sort by them in this order."""

DESCENDING_FIRST = frozenset({"added", "last_opened", "progress", "highlights"})
"""Columns whose first sort is largest first: the newest, furthest read or most marked-up
documents are the ones a person is looking for; names sort A to Z."""

DEFAULT_SORT = "last_opened"
"""The column the library opens sorted by (newest first): what you read last is on top."""

MAX_SOURCE_WIDTH = 20
"""The source column grows to fit its names up to this width, and cuts longer ones short."""

MIN_TITLE_WIDTH = 20
"""The title column never gets narrower than this; below it the table scrolls sideways."""

ASCENDING_MARK = " ▲"
"""Added to the sorted column's label when it runs smallest (or oldest, or A) first."""
DESCENDING_MARK = " ▼"
"""Added to the sorted column's label when it runs largest (or newest, or Z) first."""

SCROLLBAR_ALLOWANCE = 2
"""Columns kept free for the table's vertical scrollbar, so the title never pushes it off."""


class LibraryScreen(Screen[None]):
    """Lists the documents in the store; Enter opens one, `o` opens a new file.

    The screen reads the store but never navigates: it posts `DocumentChosen` or `FileChosen`
    and the app, which owns the screen stack, opens the document.
    """

    AUTO_FOCUS = "#library-table"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "slash",
            "focus_filter",
            "Filter",
            id="library-filter",
            tooltip="Type to show only documents whose title or source match",
        ),
        Binding(
            "escape",
            "clear_filter",
            "Back",
            show=False,
            id="library-clear-filter",
            tooltip="Clear the filter and go back to the list; then back to the article",
        ),
        Binding(
            "o",
            "open_file",
            "Open file",
            id="library-open-file",
            tooltip="Open a text, Markdown or HTML file from disk",
        ),
        Binding(
            "d",
            "delete_document",
            "Delete",
            id="library-delete",
            tooltip="Delete the document with its highlights and notes (asks first)",
        ),
        Binding(
            "r",
            "refresh_library",
            "Refresh",
            id="library-refresh",
            tooltip="Reload the list from the store",
        ),
        *(
            Binding(
                str(number),
                f"sort_by('{key}')",
                f"Sort by {label.lower()}",
                show=False,
                id=f"library-sort-{key.replace('_', '-')}",
                tooltip=f"Sort by {label.lower()}; press again to reverse",
            )
            for number, (key, label) in enumerate(COLUMNS, start=1)
        ),
    ]

    @dataclass
    class DocumentChosen(Message):
        """The reader picked a stored document to open; the app shows it."""

        library: LibraryScreen
        document_id: str

        @property
        def control(self) -> LibraryScreen:
            return self.library

    @dataclass
    class FileChosen(Message):
        """The reader picked a file on disk to open; the app loads and shows it."""

        library: LibraryScreen
        path: str

        @property
        def control(self) -> LibraryScreen:
            return self.library

    def __init__(
        self,
        store: Store,
        *,
        now: Callable[[], datetime] | None = None,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """A library over `store`.

        Args:
            store: where the documents are read from (again each time the screen returns).
            now: the current time, aware; given in tests so "3 hours ago" is deterministic.
        """
        super().__init__(name=name, id=id, classes=classes)
        self.store = store
        """The store the list is read from."""
        self.now: Callable[[], datetime] = now or (lambda: datetime.now(UTC))
        """Returns the current time, for "last opened" as a relative time."""
        self.summaries: list[DocumentSummary] = []
        """Every document in the store, as last read from it."""
        self.sort_column = DEFAULT_SORT
        """The key of the column the rows are sorted by."""
        self.sort_descending = True
        """Whether the sort is largest (or newest, or last in the alphabet) first."""
        self.filter_text = ""
        """What was typed in the filter; rows must contain it in their title or source."""
        self._screen_width = 0

    def compose(self) -> ComposeResult:
        yield Label("Library", id="library-title", markup=False)
        yield Input(
            placeholder="Type to filter by title or source (/ to focus, Escape clears)",
            id="library-filter",
        )
        yield DataTable(id="library-table", cursor_type="row", zebra_stripes=True)
        yield Label("", id="library-empty", markup=False)
        yield FittingFooter()

    @property
    def table(self) -> DataTable[Any]:
        """The document table."""
        return self.query_one("#library-table", DataTable)

    def on_screen_resume(self) -> None:
        # Also sent when the screen is first shown; on return from reading the counts and
        # the reading position have changed, so the store is read afresh every time.
        self.refresh_library()

    def on_resize(self, event: Resize) -> None:
        # The title column takes whatever the others leave, so a new width means new columns.
        if event.size.width != self._screen_width:
            self._screen_width = event.size.width
            self.show_rows()

    def refresh_library(self) -> None:
        """Read the documents from the store again, and show them."""
        try:
            self.summaries = self.store.documents()
        except StoreError as error:
            self.notify(str(error), severity="error", markup=False)
        self.show_rows()

    def visible_summaries(self) -> list[DocumentSummary]:
        """The documents that pass the filter, in the chosen order."""
        needle = self.filter_text.strip().casefold()
        rows = [
            summary
            for summary in self.summaries
            if not needle
            or needle in summary.record.title.casefold()
            or needle in summary.record.source.casefold()
            or needle in short_source(summary.record.source).casefold()
        ]
        # Ties fall back to the title (then id), so equal keys never shuffle between refreshes.
        rows.sort(key=lambda summary: (summary.record.title.casefold(), summary.record.id))
        rows.sort(key=_SORT_KEYS[self.sort_column], reverse=self.sort_descending)
        return rows

    def show_rows(self) -> None:
        """Rebuild the table from the summaries, the filter and the sort.

        The table is rebuilt rather than sorted in place: a library is at most a few
        thousand rows, the filter removes rows anyway, and it keeps the arrow in the
        header labels right without reaching into DataTable's caches.
        """
        table = self.table
        chosen = self.chosen_document_id()
        rows = self.visible_summaries()
        now = self.now()
        cells = [self._cells(summary, now) for summary in rows]
        labels = [self._column_label(key, label) for key, label in COLUMNS]
        widths = self._column_widths(labels, cells)
        table.clear(columns=True)
        for (key, _), label, width in zip(COLUMNS, labels, widths, strict=True):
            table.add_column(label, key=key, width=width)
        for summary, row in zip(rows, cells, strict=True):
            table.add_row(*row, key=summary.record.id)
        ids = [summary.record.id for summary in rows]
        if chosen in ids:
            table.move_cursor(row=ids.index(chosen), animate=False)
        self._describe(len(rows))

    def chosen_document_id(self) -> str | None:
        """The id of the document under the cursor, if any."""
        table = self.table
        if not table.row_count:
            return None
        row_key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return row_key.value

    def sort_by(self, column: str) -> None:
        """Sort by `column`; sorting by the current column again reverses it."""
        if column == self.sort_column:
            self.sort_descending = not self.sort_descending
        else:
            self.sort_column = column
            self.sort_descending = column in DESCENDING_FIRST
        self.show_rows()

    def action_sort_by(self, column: str) -> None:
        """Sort by a column, or reverse the sort if it is already sorted by it."""
        self.sort_by(column)

    def action_focus_filter(self) -> None:
        """Put the keyboard in the filter."""
        self.query_one("#library-filter", Input).focus()

    async def action_clear_filter(self) -> None:
        """Empty the filter and give the keyboard back to the list; with nothing to clear,
        go back to the article (the app's `library` key does the same)."""
        field = self.query_one("#library-filter", Input)
        if not field.value and not field.has_focus:
            await self.app.run_action("library")
            return
        field.value = ""
        self.table.focus()

    def action_delete_document(self) -> None:
        """Delete the document under the cursor, with its highlights and notes, once the
        person has confirmed (the question says how many)."""
        from reader.ui.screens.confirm_dialog import ConfirmDialog

        chosen = self.chosen_document_id()
        summary = next((item for item in self.summaries if item.record.id == chosen), None)
        if summary is None:
            self.app.bell()
            return
        title = one_line(summary.record.title) or "Untitled"
        if any(getattr(screen, "document_id", None) == chosen for screen in self.app.screen_stack):
            self.notify(
                f"“{title}” is open for reading; open another article before deleting it.",
                severity="warning",
                markup=False,
            )
            return
        highlights = _count(summary.highlight_count, "highlight")
        notes = _count(summary.note_count, "note")

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.store.delete_document(summary.record.id)
            except ReaderError as error:
                self.notify(str(error), severity="error", markup=False)
                return
            self.notify(f"Deleted “{title}”.", markup=False)
            self.refresh_library()

        self.app.push_screen(
            ConfirmDialog(
                f"Delete “{title}” with its {highlights} and {notes}? This cannot be undone.",
                yes="Delete",
                no="Keep",
            ),
            answered,
        )

    def action_refresh_library(self) -> None:
        """Reload the list from the store."""
        self.refresh_library()

    def action_open_file(self) -> None:
        """Ask for a file to open, then hand it to the app."""
        self.app.push_screen(OpenFileScreen(), self._file_chosen)

    def _file_chosen(self, path: str | None) -> None:
        if path is not None:
            self.post_message(self.FileChosen(self, path))

    @on(Input.Changed, "#library-filter")
    def filter_as_typed(self, event: Input.Changed) -> None:
        """Narrow the list to what has been typed so far."""
        self.filter_text = event.value
        self.show_rows()

    @on(Input.Submitted, "#library-filter")
    def go_to_list(self) -> None:
        """Keep the filter and move to the list, ready for the arrows and Enter."""
        self.table.focus()

    @on(DataTable.HeaderSelected, "#library-table")
    def sort_by_clicked_header(self, event: DataTable.HeaderSelected) -> None:
        """Sort by the column whose header was clicked."""
        if event.column_key.value is not None:
            self.sort_by(event.column_key.value)

    @on(DataTable.RowSelected, "#library-table")
    def choose_document(self, event: DataTable.RowSelected) -> None:
        """Ask the app to open the document in the selected row."""
        if event.row_key.value is not None:
            self.post_message(self.DocumentChosen(self, event.row_key.value))

    def _column_label(self, key: str, label: str) -> Text:
        if key != self.sort_column:
            return Text(label)
        return Text(label + (DESCENDING_MARK if self.sort_descending else ASCENDING_MARK))

    def _cells(self, summary: DocumentSummary, now: datetime) -> tuple[Text, ...]:
        """One row's cells, as `Text` so that titles and paths are never read as markup,
        on one line with escapes, bidi overrides and fillers shown (`one_line`)."""
        record = summary.record
        return (
            Text(one_line(record.title) or NO_VALUE, no_wrap=True, overflow="ellipsis"),
            Text(one_line(short_source(record.source)), no_wrap=True, overflow="ellipsis"),
            Text(local_date(record.added)),
            Text(friendly_time(record.last_opened, now)),
            Text(progress_label(summary.position, record.length), justify="right"),
            Text(str(summary.highlight_count), justify="right"),
        )

    def _describe(self, shown: int) -> None:
        """Update the title row and the line shown when there are no rows."""
        total = len(self.summaries)
        noun = "document" if total == 1 else "documents"
        title = f"Library — {total} {noun}"
        if shown != total:
            title = f"Library — {shown} of {total} {noun}"
        self.query_one("#library-title", Label).update(title)
        empty = self.query_one("#library-empty", Label)
        if not total:
            empty.update(
                "No documents yet. Press o to open a file, or start reader with one: reader PATH"
            )
        elif not shown:
            typed = one_line(self.filter_text)
            empty.update(f"Nothing matches “{typed}”. Escape clears the filter.")
        empty.display = not shown
        self.table.display = bool(shown)

    def _column_widths(self, labels: list[Text], rows: list[tuple[Text, ...]]) -> list[int]:
        """Each column as wide as its widest cell or label; the title takes what is left.

        DataTable has no fractional widths, so the title's share is worked out here from
        the screen's width, and a long title is cut short with an ellipsis.
        """
        widths = [
            max([label.cell_len, *(row[index].cell_len for row in rows)])
            for index, label in enumerate(labels)
        ]
        widths[1] = min(widths[1], max(MAX_SOURCE_WIDTH, labels[1].cell_len))
        screen_width = self._screen_width or self.size.width or self.app.size.width
        padding = 2 * self.table.cell_padding
        others = sum(width + padding for width in widths[1:])
        widths[0] = max(MIN_TITLE_WIDTH, screen_width - others - padding - SCROLLBAR_ALLOWANCE)
        return widths


_SORT_KEYS: dict[str, Callable[[DocumentSummary], Any]] = {
    "title": lambda summary: summary.record.title.casefold(),
    "source": lambda summary: short_source(summary.record.source).casefold(),
    "added": lambda summary: summary.record.added,
    "last_opened": lambda summary: summary.record.last_opened,
    "progress": lambda summary: progress_fraction(summary.position, summary.record.length),
    "highlights": lambda summary: summary.highlight_count,
}
"""How to sort by each column; ISO UTC timestamps sort correctly as strings."""


def _count(number: int, noun: str) -> str:
    """ "1 highlight", "12 notes", "no notes"."""
    if number == 0:
        return f"no {noun}s"
    return f"{number:,} {noun}" + ("" if number == 1 else "s")
