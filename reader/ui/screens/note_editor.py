"""NoteEditor: a dialog for writing a note (Markdown, with #tags) on a highlight or a document."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.events import Key
from textual.screen import ModalScreen
from textual.strip import Strip
from textual.widgets import Label, TextArea

from reader.core.model.annotations import tags_in
from reader.core.text.display import for_display, one_line
from reader.ui.screens.confirm_dialog import ConfirmDialog
from reader.ui.widgets.safe_text import safe_strip


class NoteArea(TextArea):
    """A TextArea that holds the note exactly but draws it safely.

    TextArea draws its text as it is, so an escape sequence in a stored note would reach the
    terminal; here it is shown as `␛` (and a bidi override as `<U+202E>`), and saving keeps
    the note as it was.
    """

    def render_line(self, y: int) -> Strip:
        return safe_strip(super().render_line(y))


class NoteEditor(ModalScreen[str | None]):
    """Edits a note; dismisses with the text on **Ctrl+S**, or None when closed without saving.

    **Escape** closes at once when nothing was typed, and asks first when something was.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="save-note", tooltip="Save the note and close"),
        Binding(
            "escape",
            "cancel",
            "Cancel",
            id="cancel-note",
            tooltip="Close without saving (asks first if you typed something)",
        ),
    ]

    def __init__(self, title: str, text: str = "", *, quote: str = "") -> None:
        """An editor titled `title`, holding `text`, with the highlighted `quote` above it.

        Args:
            title: what the note is on ("Note on the highlight", "Note on the document").
            text: the note so far.
            quote: the highlighted words, shown (shortened) for context.
        """
        super().__init__()
        self.title_text = title
        """The dialog's title."""
        self.original = text
        """The note as it was opened, to know whether anything was typed."""
        self.quote = quote
        """The highlighted passage, for context."""

    def compose(self) -> ComposeResult:
        with Vertical(id="note-editor-dialog"):
            yield Label(one_line(self.title_text), id="note-editor-title", markup=False)
            if self.quote:
                flat = one_line(self.quote)
                shown = flat if len(flat) <= 160 else flat[:159] + "…"
                yield Label(f"“{shown}”", id="note-editor-quote", markup=False)
            yield NoteArea(
                self.original,
                id="note-editor-text",
                language="markdown" if _has_markdown_highlighting() else None,
                soft_wrap=True,
                show_line_numbers=False,
            )
            yield Label("", id="note-editor-tags", markup=False)
            yield Label(
                "Markdown and #tags welcome · Ctrl+S saves · Escape cancels",
                id="note-editor-keys",
                markup=False,
            )

    @property
    def text_area(self) -> TextArea:
        """Where the note is typed."""
        return self.query_one("#note-editor-text", TextArea)

    def on_mount(self) -> None:
        area = self.text_area
        self.set_focus(area)  # at once: the keys typed right after `a` are the note's
        area.move_cursor(area.document.end)
        self._show_tags()

    def on_key(self, event: Key) -> None:
        """Type into the note a key that reached the dialog rather than its text area: one
        typed so soon after `a` that the app handed it over before the dialog had a focus."""
        area = self.text_area
        if event.is_printable and event.character:
            area.insert(event.character)
        elif event.key == "enter":
            area.insert("\n")
        else:
            return
        event.stop()
        event.prevent_default()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self._show_tags()

    def _show_tags(self) -> None:
        tags = tags_in(self.text_area.text)
        self.query_one("#note-editor-tags", Label).update(
            for_display("Tags: " + " ".join(f"#{tag}" for tag in tags)) if tags else ""
        )

    def action_save(self) -> None:
        """Close, handing back the note as typed."""
        self.dismiss(self.text_area.text.strip())

    def action_cancel(self) -> None:
        """Close without saving; ask first if the note was changed."""
        if self.text_area.text == self.original:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmDialog("Throw away what you typed?", yes="Discard", no="Keep editing"),
            answered,
        )


def _has_markdown_highlighting() -> bool:
    """Whether tree-sitter's Markdown grammar is installed (an optional Textual extra)."""
    try:
        import tree_sitter_markdown  # noqa: F401
    except ImportError:
        return False
    return True
