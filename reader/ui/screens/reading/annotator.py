"""Annotator: the reading screen's annotation controller, without any widget.

It makes every highlight and note change through the session's `AnnotationHistory` (so each
can be undone), keeps the article's highlights and document notes as last read from the
store, merges this window's own change at once and reads everything again a moment later,
so that what another window wrote shows up too. The screen passes callbacks for what the
reader sees: showing the annotations, an error, a timer.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Callable
from operator import attrgetter
from typing import TYPE_CHECKING, NamedTuple, Protocol

from reader.core.annotating.history import AnnotationHistory, Change
from reader.core.errors import ReaderError
from reader.core.model.annotations import DocumentNote, Highlight
from reader.core.text.overlays import READING_ORDER

if TYPE_CHECKING:
    from reader.core.store.store import Store
    from reader.core.text.text_units import TextUnits

RELOAD_DELAY = 0.3
"""Seconds after this window's own annotation change before everything is read again."""


class Stoppable(Protocol):
    """A pending timer (Textual's `Timer`), which can be stopped before it fires."""

    def stop(self) -> None:
        """Stop the timer."""


SetTimer = Callable[[float, Callable[[], None]], Stoppable]
"""Calls back after a delay in seconds (`Screen.set_timer`)."""


class HistoryStep(NamedTuple):
    """What an undo or redo did."""

    undo: bool
    """Whether it was an undo (else a redo)."""
    written: bool
    """Whether the store took it; False after an error (already reported)."""
    change: Change | None
    """The change undone or redone; None when there was none, or the store refused."""

    @property
    def sentence(self) -> str:
        """What to tell the reader ("Undone: recolour", "Nothing to redo."); "" when the
        store refused, as the error has been told instead."""
        if not self.written:
            return ""
        if self.change is None:
            return "Nothing to undo." if self.undo else "Nothing to redo."
        return f"{'Undone' if self.undo else 'Redone'}: {self.change.description}"


def trimmed(text: str, selection: tuple[int, int] | None) -> tuple[int, int] | None:
    """The selection without the spaces at its ends; None if there is none or it holds only
    spaces."""
    if selection is None:
        return None
    start, end = selection
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def selection_summary(selecting: bool, selection: tuple[int, int] | None) -> str:
    """The status line's word on the selection: "1,204 selected", "Selecting" before it
    spans anything, or "" when nothing is being selected."""
    if not selecting:
        return ""
    if selection is None:
        return "Selecting"
    return f"{selection[1] - selection[0]:,} selected"


def resized(highlight: Highlight, units: TextUnits, which: str) -> tuple[int, int] | None:
    """The highlight's range with one end moved by a word, as `which` says: "extend_end",
    "shrink_end", "extend_start" or "shrink_start" (`resize_highlight`'s argument); None when
    that would leave it empty or unchanged.

    Raises:
        ValueError: `which` is none of those.
    """
    start, end = highlight.start, highlight.end
    text = units.article.text
    # An end stops after a word or after the punctuation that follows it ("talks" and
    # "talks."), a start before a word or the mark before it ("“We" and "We"): each key
    # and its opposite then undo each other, and neither drops a full stop on the way.
    if which == "extend_end":
        end = min(units.word_end(end), _token_end_after(text, end))
    elif which == "shrink_end":
        ends = units.word_ends
        index = bisect_left(ends, end) - 1
        end = max(ends[index] if index >= 0 else 0, _token_end_before(text, end))
    elif which == "extend_start":
        word = units.previous_word(start)
        start = max(word if word < start else 0, _token_start_before(text, start))
    elif which == "shrink_start":
        word = units.next_word(start)
        start = min(word if word > start else len(text), _token_start_after(text, start))
    else:
        raise ValueError(f"not a way to resize a highlight: {which!r}")
    if not start < end or (start, end) == (highlight.start, highlight.end):
        return None
    return start, end


def _token_end_after(text: str, offset: int) -> int:
    """The end of the next run of non-blank characters ending after `offset`."""
    index = offset
    while index < len(text) and text[index].isspace():
        index += 1
    while index < len(text) and not text[index].isspace():
        index += 1
    return index if index > offset else len(text)


def _token_end_before(text: str, offset: int) -> int:
    """The end of the last run of non-blank characters ending before `offset` (0 if none)."""
    index = offset - 1
    while index > 0 and not text[index - 1].isspace() and not text[index].isspace():
        index -= 1  # back to the start of the run `offset` ends in
    while index > 0 and text[index - 1].isspace():
        index -= 1
    return max(index, 0)


def _token_start_before(text: str, offset: int) -> int:
    """The start of the last run of non-blank characters starting before `offset`."""
    index = offset
    while index > 0 and text[index - 1].isspace():
        index -= 1
    while index > 0 and not text[index - 1].isspace():
        index -= 1
    return index if index < offset else 0


def _token_start_after(text: str, offset: int) -> int:
    """The start of the next run of non-blank characters starting after `offset`."""
    index = offset + 1
    while index < len(text) and not text[index].isspace() and not text[index - 1].isspace():
        index += 1  # to the end of the run `offset` starts in
    while index < len(text) and text[index].isspace():
        index += 1
    return min(index, len(text))


WATCH_INTERVAL = 0.5
"""Seconds between two looks at whether another window changed the store."""


class Annotator:
    """Writes one document's annotation changes to the store and keeps what it holds."""

    def __init__(
        self,
        store: Store,
        document_id: str,
        *,
        shown: Callable[[], None],
        failed: Callable[[str], None],
        set_timer: SetTimer,
        reload_delay: float = RELOAD_DELAY,
    ) -> None:
        """An annotator for the document `document_id` in `store`.

        Args:
            store: where every change is written the moment it is made.
            document_id: the document annotated.
            shown: called once `highlights` and `document_notes` have changed, to show them.
            failed: called with one sentence when the store refuses a read or a change.
            set_timer: schedules the read that follows this window's own change.
            reload_delay: seconds from a change to that read.
        """
        self.store = store
        """Where the annotations are kept."""
        self.document_id = document_id
        """The document annotated."""
        self.history = AnnotationHistory(store)
        """The session's annotation changes, for undo and redo."""
        self._highlights: list[Highlight] = []
        self.placed: list[Highlight] = []
        """The highlights that can be drawn: an orphan's offsets belong to an earlier text,
        so it is listed in Notes but never drawn."""
        self.document_notes: list[DocumentNote] = []
        """The notes on the whole document, as last read from the store."""
        self.reload_delay = reload_delay
        """Seconds from this window's own change to reading everything again."""
        self._shown = shown
        self._failed = failed
        self._set_timer = set_timer
        self._reload_timer: Stoppable | None = None

    @property
    def highlights(self) -> list[Highlight]:
        """The document's highlights, as last read from the store (or merged since)."""
        return self._highlights

    @highlights.setter
    def highlights(self, highlights: list[Highlight]) -> None:
        self._highlights = highlights
        self.placed = list(filter(_PLACED, highlights))

    def _replace(self, before: Highlight | None, after: Highlight | None) -> None:
        """Put `after` in place of `before` (either may be None) in both lists, kept in
        `READING_ORDER` by bisection: a change among thousands of highlights is shown
        within the frame."""
        for items in (self._highlights, self.placed):
            if before is not None:
                _remove(items, before)
            if after is not None and (items is self._highlights or after.placed):
                insort(items, after, key=READING_ORDER)

    @property
    def annotations(self) -> tuple[list[Highlight], list[DocumentNote]]:
        """The highlights and the document notes, as the notes pane lists them."""
        return self.highlights, self.document_notes

    def reload(self) -> None:
        """Read the document's highlights and notes from the store, and show them.

        Read afresh after every change, so what another window wrote shows up too.
        """
        try:
            self.highlights = self.store.highlights(self.document_id)
            self.document_notes = self.store.document_notes(self.document_id)
        except ReaderError as error:
            self._failed(str(error))
            return
        self._shown()

    def reload_if_changed_elsewhere(self) -> None:
        """Read everything again if another window or command has written to the store
        since the last look (`PRAGMA data_version`): called every `WATCH_INTERVAL`."""
        try:
            changed = self.store.changed_elsewhere()
        except ReaderError:
            return  # said by whatever reads or writes next
        if changed:
            self.reload()

    # -- changes ----------------------------------------------------------------------

    def add_highlight(
        self, start: int, end: int, *, color: str, note: str = ""
    ) -> Highlight | None:
        """Highlight `start:end` in `color`, with an optional note; None if the store refused."""
        made: list[Highlight] = []
        self.write(
            lambda history: made.append(
                history.add_highlight(self.document_id, start, end, color=color, note=note)
            )
        )
        return made[0] if made else None

    def recolor(self, highlight: Highlight, color: str) -> bool:
        """Give a highlight another colour; False if the store refused."""
        return self.write(lambda history: history.recolor(highlight, color))

    def resize(self, highlight: Highlight, start: int, end: int) -> bool:
        """Move a highlight's ends; False if the store refused."""
        return self.write(lambda history: history.resize(highlight, start, end))

    def set_note(self, highlight: Highlight, text: str) -> bool:
        """Replace a highlight's note ("" removes it); False if the store refused."""
        return self.write(lambda history: history.set_note(highlight, text))

    def save_note(self, highlight: Highlight, text: str | None) -> None:
        """Save what was typed in the note editor as a highlight's note; nothing to do for
        None (the editor was cancelled) or the note unchanged."""
        if text is not None and text != highlight.note:
            self.set_note(highlight, text)

    def save_document_note(self, note: DocumentNote | None, text: str | None) -> None:
        """Save what was typed in the note editor as a document note (`note` None: a new
        one); nothing to do for None (cancelled), a blank new note or an unchanged one."""
        if text is None or (not text.strip() and note is None):
            return
        if note is None:
            self.add_document_note(text)
        elif text != note.text:
            self.update_document_note(note, text)

    def add_document_note(self, text: str) -> bool:
        """Add a note on the whole document; False if the store refused."""
        return self.write(lambda history: history.add_document_note(self.document_id, text))

    def update_document_note(self, note: DocumentNote, text: str) -> bool:
        """Replace a document note's text; False if the store refused."""
        return self.write(lambda history: history.update_document_note(note, text))

    @staticmethod
    def needs_confirming(annotation: Highlight | DocumentNote) -> bool:
        """Whether deleting the annotation would lose writing (a note), so is asked first."""
        text = annotation.note if isinstance(annotation, Highlight) else annotation.text
        return bool(text.strip())

    def delete(self, annotation: Highlight | DocumentNote) -> bool:
        """Delete a highlight (with its note) or a document note; False if the store refused."""
        if isinstance(annotation, Highlight):
            return self.write(lambda history: history.delete_highlight(annotation))
        return self.write(lambda history: history.delete_document_note(annotation))

    def undo(self) -> HistoryStep:
        """Undo the session's latest change still done (written at once)."""
        return self._step(undo=True)

    def redo(self) -> HistoryStep:
        """Redo the change just undone (written at once)."""
        return self._step(undo=False)

    def _step(self, *, undo: bool) -> HistoryStep:
        history = self.history
        changes: list[Change | None] = []
        written = self.write(
            lambda _: changes.append(history.undo() if undo else history.redo()),
            incremental=False,
        )
        return HistoryStep(undo, written, changes[0] if written else None)

    def write(
        self, change: Callable[[AnnotationHistory], object], *, incremental: bool = True
    ) -> bool:
        """Make one annotation change through the history; a store failure goes to `failed`.

        Args:
            change: makes the change on the history it is given.
            incremental: the change is a new one (the history's latest), shown from what the
                store returned; otherwise (undo, redo) everything is read again at once.

        Returns:
            Whether the store took the change.
        """
        try:
            change(self.history)
        except (ReaderError, ValueError) as error:
            self._failed(str(error))
            self.reload()
            return False
        if incremental and self.history.done:
            self._merge(self.history.done[-1])
        else:
            self.reload()
        return True

    def _merge(self, change: Change) -> None:
        """Show this window's own change at once, from what the store returned; then, after
        `reload_delay`, read everything again so other windows' writes show up too.

        Re-reading thousands of highlights takes longer than a frame; the change is in the
        store already, so the screen need not wait for it.
        """
        before, after = change.before, change.after
        if isinstance(before, Highlight) or isinstance(after, Highlight):
            self._replace(
                before if isinstance(before, Highlight) else None,
                after if isinstance(after, Highlight) else None,
            )
            self._shown()
        if self._reload_timer is not None:
            self._reload_timer.stop()
        self._reload_timer = self._set_timer(self.reload_delay, self.reload)


_PLACED = attrgetter("placed")


def _remove(items: list[Highlight], gone: Highlight) -> None:
    """Take the highlight with `gone`'s id out of `items` (in `READING_ORDER`), if there:
    found by bisection where `gone` was, else (another window moved it) by a full look."""
    key = READING_ORDER(gone)
    index = bisect_left(items, key, key=READING_ORDER)
    while index < len(items) and READING_ORDER(items[index]) == key:
        if items[index].id == gone.id:
            del items[index]
            return
        index += 1
    for index, item in enumerate(items):
        if item.id == gone.id:
            del items[index]
            return
