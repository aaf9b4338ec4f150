"""Undo and redo for annotation changes, each written to the store the moment it is made.

Every change is kept as the annotation before and after it (None when it did not exist), so
undoing applies "before" and redoing applies "after", through the same committed `Store`
methods as the change itself. Nothing waits for a save: an undo is in the store when
`undo()` returns, like the change it undoes.
"""

from __future__ import annotations

from dataclasses import dataclass

from reader.core.model.annotations import DocumentNote, Highlight
from reader.core.store.store import Store

Annotation = Highlight | DocumentNote
"""What a change is made to: a highlight (with its note) or a note on a whole document."""


@dataclass(frozen=True, slots=True)
class Change:
    """One annotation change: what was there before and after (None: nothing)."""

    description: str
    """What was done, for the status line: "highlight", "recolour", "note"…"""
    before: Annotation | None
    after: Annotation | None

    @property
    def subject(self) -> Annotation:
        """The annotation changed (after the change if it still exists, else before it)."""
        found = self.after if self.after is not None else self.before
        assert found is not None
        return found


class AnnotationHistory:
    """The session's annotation changes, made through it, so they can be undone and redone."""

    def __init__(self, store: Store) -> None:
        self.store = store
        """Where every change, undo and redo is written at once."""
        self.done: list[Change] = []
        """Changes that can be undone, the latest last."""
        self.undone: list[Change] = []
        """Changes undone that can be redone, the latest undone last."""

    def _record(self, change: Change) -> Change:
        self.done.append(change)
        self.undone.clear()
        return change

    # -- changes ----------------------------------------------------------------------

    def add_highlight(
        self, document_id: str, start: int, end: int, *, color: str, note: str = ""
    ) -> Highlight:
        """Highlight `start:end` in `color`, with an optional note."""
        highlight = self.store.add_highlight(document_id, start, end, color=color, note=note)
        self._record(Change("highlight", None, highlight))
        return highlight

    def delete_highlight(self, highlight: Highlight) -> None:
        """Delete a highlight and its note."""
        self.store.delete_highlight(highlight.id)
        self._record(Change("delete", highlight, None))

    def recolor(self, highlight: Highlight, color: str) -> Highlight:
        """Give a highlight another colour."""
        changed = self.store.set_highlight_color(highlight.id, color)
        self._record(Change("recolour", highlight, changed))
        return changed

    def set_note(self, highlight: Highlight, note: str) -> Highlight:
        """Replace a highlight's note ("" removes it)."""
        changed = self.store.set_highlight_note(highlight.id, note)
        self._record(Change("note", highlight, changed))
        return changed

    def resize(self, highlight: Highlight, start: int, end: int) -> Highlight:
        """Move a highlight's ends."""
        changed = self.store.set_highlight_range(highlight.id, start, end)
        self._record(Change("resize", highlight, changed))
        return changed

    def add_document_note(self, document_id: str, text: str) -> DocumentNote:
        """Add a note about the whole document."""
        note = self.store.add_document_note(document_id, text)
        self._record(Change("document note", None, note))
        return note

    def update_document_note(self, note: DocumentNote, text: str) -> DocumentNote:
        """Replace a document note's text."""
        changed = self.store.update_document_note(note.id, text)
        self._record(Change("document note", note, changed))
        return changed

    def delete_document_note(self, note: DocumentNote) -> None:
        """Delete a document note."""
        self.store.delete_document_note(note.id)
        self._record(Change("delete note", note, None))

    # -- undo and redo ----------------------------------------------------------------

    def undo(self) -> Change | None:
        """Undo the latest change still done; None when there is none.

        Raises:
            StoreError: the store cannot be written, or another window changed the same
                annotation meanwhile; the change stays undoable.
        """
        return self._move(self.done, self.undone, undo=True)

    def redo(self) -> Change | None:
        """Redo the latest change undone; None when there is none.

        Raises:
            StoreError: as for `undo`; the change stays redoable.
        """
        return self._move(self.undone, self.done, undo=False)

    def _move(self, source: list[Change], target: list[Change], *, undo: bool) -> Change | None:
        if not source:
            return None
        change = source[-1]
        current, wanted = (change.after, change.before) if undo else (change.before, change.after)
        self._apply(current, wanted)
        source.pop()
        target.append(change)
        return change

    def _apply(self, current: Annotation | None, wanted: Annotation | None) -> None:
        """Turn the stored `current` into `wanted`, one committed write per field changed."""
        store = self.store
        if wanted is None:
            assert current is not None
            if isinstance(current, Highlight):
                store.delete_highlight(current.id)
            else:
                store.delete_document_note(current.id)
        elif current is None:
            if isinstance(wanted, Highlight):
                store.restore_highlight(wanted)
            else:
                store.restore_document_note(wanted)
        elif isinstance(wanted, Highlight):
            assert isinstance(current, Highlight)
            if (current.start, current.end) != (wanted.start, wanted.end):
                store.set_highlight_range(wanted.id, wanted.start, wanted.end)
            if current.color != wanted.color:
                store.set_highlight_color(wanted.id, wanted.color)
            if current.note != wanted.note:
                store.set_highlight_note(wanted.id, wanted.note)
        else:
            store.update_document_note(wanted.id, wanted.text)
