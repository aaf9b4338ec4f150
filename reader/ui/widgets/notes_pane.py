"""NotesPane: every highlight and note of the article, in reading order, to visit and edit."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Label

from reader.core.analysis.model import Analysis
from reader.core.model.annotations import (
    DEFAULT_COLOR,
    HIGHLIGHT_COLORS,
    MOVED_MARK,
    DocumentNote,
    Highlight,
    tags_in,
)
from reader.core.text.display import for_display
from reader.core.text.overlays import READING_ORDER
from reader.ui.widgets.analysis_pane import AnalysisPane, PaneRow, folded, shorten

Annotation = Highlight | DocumentNote
"""What a row of the pane stands for."""

QUOTE_LIMIT = 90
"""Characters of a highlighted passage shown in its row."""

NOTE_LIMIT = 90
"""Characters of a note's first line shown under its passage."""

DOCUMENT_HEADING = "On the whole document"
HIGHLIGHTS_HEADING = "Highlights"
ORPHANS_HEADING = "Could not place"
"""Highlights whose words are no longer in the text; they are kept, and still exported."""

SWATCH_COMPONENTS: dict[str, str] = {color: f"notes-pane--{color}" for color in HIGHLIGHT_COLORS}
"""The component class giving a colour's swatch its theme background."""


def first_line(text: str) -> str:
    """The first non-blank line of a note, without Markdown's leading `#`, `-` or `>`."""
    for line in text.splitlines():
        stripped = line.strip().lstrip("#>-* ").strip()
        if stripped:
            return stripped
    return ""


@dataclass
class RowMessage(Message):
    """Something asked of one row of the notes pane; `control` is the pane."""

    pane: NotesPane
    annotation: Annotation

    @property
    def control(self) -> NotesPane:
        return self.pane


class NotesPane(AnalysisPane):
    """Notes on the document, then highlights in reading order, each with its colour and the
    start of its note, and "moved, please check" on one placed again on changed text;
    highlights that could not be placed come last."""

    HELP = """
## Notes

Your notes on the whole document, then every highlight in reading order, coloured, with the
start of its note. Type to filter by colour, its label, a `#tag` or any words. **Enter** jumps
to a highlight (or opens a document note), **Ctrl+E** edits the note, **Delete** deletes
(asking first when there is a note). **Escape** goes back to the text.

A highlight marked **moved, please check** was placed again after the article changed, on
text like the words you highlighted but not the same: the quote shown is still yours. Type
`moved` to list them.
"""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+e",
            "edit_note",
            "Edit note",
            id="notes-edit",
            tooltip="Write or change the note of the chosen row",
        ),
        Binding(
            "delete,ctrl+d",
            "delete_annotation",
            "Delete",
            id="notes-delete",
            tooltip="Delete the chosen highlight or note (asks first when there is a note)",
        ),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        *SWATCH_COMPONENTS.values(),
        "notes-pane--heading",
        "notes-pane--note",
        "notes-pane--label",
        "notes-pane--moved",
    }

    DIVIDED = True

    NOUN = "highlights or notes yet: select with v, highlight with H"

    GROUP_LIMIT = 10_000

    class AnnotationChosen(RowMessage):
        """Enter on a row: the screen jumps to the highlight, or opens the document note."""

    class EditRequested(RowMessage):
        """The reader asked to edit the note of a row."""

    class DeleteRequested(RowMessage):
        """The reader asked to delete a row's highlight or note."""

    def __init__(self, *, labels: Mapping[str, str] | None = None, id: str | None = None) -> None:
        super().__init__(None, "", id=id)
        self.labels: Mapping[str, str] = labels or {}
        """What each colour means to the reader (from the settings), for rows and filtering."""
        self._given: tuple[
            tuple[Highlight, ...], tuple[DocumentNote, ...], tuple[Highlight, ...]
        ] = ((), (), ())
        self._lists: tuple[tuple[Highlight, ...], ...] | None = None

    def show_annotations(
        self,
        highlights: Iterable[Highlight],
        document_notes: Iterable[DocumentNote],
        orphans: Iterable[Highlight] = (),
    ) -> None:
        """List these annotations, keeping the chosen row where it still exists.

        Highlights the store marks as not placed (their article changed and the words were
        not found again) go under "Could not place", with any `orphans` given.
        """
        # Kept as given and sorted out when the pane is drawn: a window with thousands of
        # highlights shows each change in the text first, and this pane is mostly hidden.
        self._given = (tuple(highlights), tuple(document_notes), tuple(orphans))
        self._lists = None
        self._refill_when_shown()

    @property
    def highlights(self) -> tuple[Highlight, ...]:
        """The placed highlights, in reading order."""
        return self._sorted_out()[0]

    @property
    def orphans(self) -> tuple[Highlight, ...]:
        """Highlights whose words could not be found in the text (listed apart)."""
        return self._sorted_out()[1]

    @property
    def document_notes(self) -> tuple[DocumentNote, ...]:
        """Notes on the whole document, oldest first."""
        return self._given[1]

    def _sorted_out(self) -> tuple[tuple[Highlight, ...], ...]:
        if self._lists is None:
            highlights, _, orphans = self._given
            placed = [item for item in highlights if item.placed]
            unplaced = (*(item for item in highlights if not item.placed), *orphans)
            self._lists = (tuple(sorted(placed, key=READING_ORDER)), unplaced)
        return self._lists

    def show(self, analysis: Analysis | None, error: str = "") -> None:
        """Ignored: the sidebar hands every pane the analysis, and this one lists notes."""

    def _visible_rows(self) -> list[PaneRow]:
        needle = self.filter_text.strip().casefold()
        groups = (
            (DOCUMENT_HEADING, [self._note_row(note) for note in self.document_notes]),
            (HIGHLIGHTS_HEADING, [self._highlight_row(item) for item in self.highlights]),
            (ORPHANS_HEADING, [self._highlight_row(item) for item in self.orphans]),
        )
        heading_style = self.component_text_style("notes-pane--heading")
        kept: list[PaneRow] = []
        for heading, rows in groups:
            matching = [row for row in rows if not needle or _matches(needle, row.haystack)]
            if matching:
                kept.append(PaneRow(Text(heading, style=heading_style, no_wrap=True)))
                kept.extend(matching)
        return kept

    def _note_row(self, note: DocumentNote) -> PaneRow:
        prompt = Text(no_wrap=False)
        prompt.append("✎ ", style=self.component_text_style("notes-pane--label"))
        # Shown safely before Rich sees it: Text drops a BEL silently, and it should show.
        prompt.append(for_display(shorten(first_line(note.text), NOTE_LIMIT)) or "(empty note)")
        tags = " ".join(f"#{tag}" for tag in tags_in(note.text))
        return PaneRow(prompt, key=note.id, haystack=f"{note.text} {tags}".casefold(), item=note)

    def _highlight_row(self, highlight: Highlight) -> PaneRow:
        color = highlight.color if highlight.color in SWATCH_COMPONENTS else DEFAULT_COLOR
        swatch = self.get_component_rich_style(SWATCH_COMPONENTS[color])
        label = self.labels.get(highlight.color, "")
        prompt = Text()
        # The passage itself on the colour of its highlight, as in the text.
        prompt.append(
            f"“{for_display(shorten(highlight.quote.exact, QUOTE_LIMIT))}”",
            style=Style(bgcolor=swatch.bgcolor, color=swatch.color),
        )
        if label:
            prompt.append(
                f" {for_display(label)}", style=self.component_text_style("notes-pane--label")
            )
        if highlight.moved:
            # The text at its place differs from the quote above: never shown as exact.
            prompt.append(f"\n⚠ {MOVED_MARK}", style=self.component_text_style("notes-pane--moved"))
        note = first_line(highlight.note)
        if note:
            prompt.append("\n✎ ", style=self.component_text_style("notes-pane--label"))
            prompt.append(
                for_display(shorten(note, NOTE_LIMIT)),
                style=self.component_text_style("notes-pane--note"),
            )
        tags = " ".join(f"#{tag}" for tag in tags_in(highlight.note))
        status = MOVED_MARK if highlight.moved else ""
        haystack = " ".join(
            (highlight.color, label, highlight.quote.exact, highlight.note, tags, status)
        ).casefold()
        return PaneRow(prompt, key=highlight.id, haystack=haystack, item=highlight)

    def _describe(self, rows: list[PaneRow]) -> None:
        status = self.query_one(".analysis-pane--status", Label)
        has_items = any(row.key is not None for row in rows)
        if has_items:
            message = ""
        elif self.filter_text.strip():
            message = f"Nothing matches “{self.filter_text.strip()}”."
        else:
            message = "No highlights or notes yet: select with v, then H to highlight."
        status.update(for_display(message))
        status.display = bool(message)
        status.set_class(False, "-error")

    @property
    def current(self) -> Annotation | None:
        """The annotation of the highlighted row, if any."""
        index = self.option_list.highlighted
        if index is None or index >= len(self.rows):
            return None
        item = self.rows[index].item
        return item if isinstance(item, Highlight | DocumentNote) else None

    def chosen(self, row: PaneRow) -> None:
        """Ask the screen to jump to the highlight (or open the document note)."""
        assert isinstance(row.item, Highlight | DocumentNote)
        self.post_message(self.AnnotationChosen(self, row.item))

    def action_edit_note(self) -> None:
        """Ask the screen to open the note editor on the chosen row."""
        if (item := self.current) is not None:
            self.post_message(self.EditRequested(self, item))

    def action_delete_annotation(self) -> None:
        """Ask the screen to delete the chosen row's highlight or note."""
        if (item := self.current) is not None:
            self.post_message(self.DeleteRequested(self, item))


def _matches(needle: str, haystack: str) -> bool:
    """Every word of the filter is somewhere in the row (`#tag blue` finds blue tagged rows),
    case and accents ignored."""
    haystack = folded(haystack)
    return all(word in haystack for word in folded(needle).split())
