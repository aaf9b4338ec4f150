"""Highlight and document-note rows of the store, and the full-text search over them.

A mixin of `Store` over `StoreConnection`: each write is one committed transaction, and
reads return `Highlight` and `DocumentNote` values, never row dicts.
"""

from __future__ import annotations

import sqlite3

from reader.core.errors import StoreError
from reader.core.model.annotations import (
    DEFAULT_COLOR,
    DocumentNote,
    Highlight,
    TextQuote,
    check_color,
    new_id,
    quote_at,
)
from reader.core.store.connection import StoreConnection
from reader.core.store.fulltext import SearchHit, search_connection
from reader.core.store.records import highlight_record, highlight_status

_HIGHLIGHT_COLUMNS = (
    'id, document_id, start, "end", exact, prefix, suffix, color, note, created, updated'
)
_NOTE_COLUMNS = "id, document_id, text, created, updated"


def document_highlights(connection: sqlite3.Connection, document_id: str) -> list[Highlight]:
    """A document's highlights in reading order, read on `connection` (inside whatever
    transaction it is in; SQLite errors are the caller's to translate)."""
    # Plain tuples, not sqlite-utils' dicts: an article may have thousands of highlights,
    # and the screen reads them all after each change.
    rows = connection.execute(
        f"SELECT {_HIGHLIGHT_COLUMNS}, status FROM highlights WHERE document_id = ? "
        'ORDER BY start, "end", created, id',
        [document_id],
    ).fetchall()
    return [
        Highlight(
            id=id_,
            document_id=document,
            start=start,
            end=end,
            quote=TextQuote(exact=exact, prefix=prefix, suffix=suffix),
            color=color,
            note=note,
            created=created,
            updated=updated,
            status=highlight_status(status),
        )
        for (
            id_,
            document,
            start,
            end,
            exact,
            prefix,
            suffix,
            color,
            note,
            created,
            updated,
            status,
        ) in rows
    ]


class AnnotationRows(StoreConnection):
    """Adding, editing, deleting, restoring (for undo) and searching highlights and notes."""

    # Highlights

    def add_highlight(
        self,
        document_id: str,
        start: int,
        end: int,
        *,
        color: str = DEFAULT_COLOR,
        note: str = "",
    ) -> Highlight:
        """Highlight `start:end` of a stored document, quoting it from the stored text.

        Raises:
            ValueError: the range is not a passage of the text, or the colour is not a name.
            StoreError: there is no such document, or the store cannot be written.
        """
        check_color(color)
        now = self._clock()
        with self._writing():
            text = self._require_text(document_id)
            highlight = Highlight(
                id=new_id(),
                document_id=document_id,
                start=start,
                end=end,
                quote=quote_at(text, start, end),
                color=color,
                note=note,
                created=now,
                updated=now,
            )
            self.db.execute(
                f"INSERT INTO highlights ({_HIGHLIGHT_COLUMNS}) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    highlight.id,
                    document_id,
                    start,
                    end,
                    highlight.quote.exact,
                    highlight.quote.prefix,
                    highlight.quote.suffix,
                    color,
                    note,
                    now,
                    now,
                ],
            )
        return highlight

    def highlights(self, document_id: str) -> list[Highlight]:
        """A document's highlights in reading order."""
        with self._translated():
            return document_highlights(self.db.conn, document_id)

    def set_highlight_note(self, highlight_id: str, note: str) -> Highlight:
        """Replace a highlight's note ("" removes it).

        Raises:
            StoreError: there is no such highlight, or the store cannot be written.
        """
        return self._update_highlight(highlight_id, "note", note)

    def set_highlight_color(self, highlight_id: str, color: str) -> Highlight:
        """Change a highlight's colour.

        Raises:
            ValueError: `color` is not a colour name.
            StoreError: there is no such highlight, or the store cannot be written.
        """
        return self._update_highlight(highlight_id, "color", check_color(color))

    def _update_highlight(self, highlight_id: str, column: str, value: str) -> Highlight:
        now = self._clock()
        with self._writing():
            self.db.execute(
                f"UPDATE highlights SET {column} = ?, updated = ? WHERE id = ?",
                [value, now, highlight_id],
            )
            rows = self.db.query(
                f"SELECT {_HIGHLIGHT_COLUMNS}, status FROM highlights WHERE id = ?", [highlight_id]
            )
            highlight = next((highlight_record(row) for row in rows), None)
            if highlight is None:
                raise StoreError(f"There is no highlight {highlight_id} in the store.")
        return highlight

    def delete_highlight(self, highlight_id: str) -> None:
        """Delete a highlight and its note.

        Raises:
            StoreError: there is no such highlight, or the store cannot be written.
        """
        self._delete("highlights", highlight_id, "highlight")

    def set_highlight_range(self, highlight_id: str, start: int, end: int) -> Highlight:
        """Move a highlight's ends (to extend or shrink it), quoting the new range afresh.

        The person chose the range, so a highlight that was "moved" (placed on changed text,
        to be checked) becomes exact.

        Raises:
            ValueError: the range is not a passage of the document's text.
            StoreError: there is no such highlight, or the store cannot be written.
        """
        now = self._clock()
        with self._writing():
            rows = self.db.query("SELECT document_id FROM highlights WHERE id = ?", [highlight_id])
            row = next(iter(rows), None)
            if row is None:
                raise StoreError(f"There is no highlight {highlight_id} in the store.")
            quote = quote_at(self._require_text(row["document_id"]), start, end)
            self.db.execute(
                'UPDATE highlights SET start = ?, "end" = ?, exact = ?, prefix = ?, suffix = ?, '
                "status = 'exact', placed = 1, updated = ? WHERE id = ?",
                [start, end, quote.exact, quote.prefix, quote.suffix, now, highlight_id],
            )
            rows = self.db.query(
                f"SELECT {_HIGHLIGHT_COLUMNS}, status FROM highlights WHERE id = ?", [highlight_id]
            )
            return highlight_record(next(iter(rows)))

    def restore_highlight(self, highlight: Highlight) -> Highlight:
        """Put back a deleted highlight exactly as it was, id, times and status included (for
        undo).

        Raises:
            StoreError: its document is gone, a highlight with its id exists, or the store
                cannot be written.
        """
        check_color(highlight.color)
        with self._writing():
            self._require_document(highlight.document_id)
            self.db.execute(
                f"INSERT INTO highlights ({_HIGHLIGHT_COLUMNS}, status, placed) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    highlight.id,
                    highlight.document_id,
                    highlight.start,
                    highlight.end,
                    highlight.quote.exact,
                    highlight.quote.prefix,
                    highlight.quote.suffix,
                    highlight.color,
                    highlight.note,
                    highlight.created,
                    highlight.updated,
                    highlight.status,
                    int(highlight.placed),
                ],
            )
        return highlight

    def restore_document_note(self, note: DocumentNote) -> DocumentNote:
        """Put back a deleted document note exactly as it was, id included (for undo).

        Raises:
            StoreError: its document is gone, a note with its id exists, or the store cannot
                be written.
        """
        with self._writing():
            self._require_document(note.document_id)
            self.db.execute(
                f"INSERT INTO document_notes ({_NOTE_COLUMNS}) VALUES (?, ?, ?, ?, ?)",
                [note.id, note.document_id, note.text, note.created, note.updated],
            )
        return note

    # Document notes

    def add_document_note(self, document_id: str, text: str) -> DocumentNote:
        """Add a note about a whole document.

        Raises:
            StoreError: there is no such document, or the store cannot be written.
        """
        now = self._clock()
        note = DocumentNote(new_id(), document_id, text, now, now)
        with self._writing():
            self._require_document(document_id)
            self.db.execute(
                f"INSERT INTO document_notes ({_NOTE_COLUMNS}) VALUES (?, ?, ?, ?, ?)",
                [note.id, document_id, text, now, now],
            )
        return note

    def document_notes(self, document_id: str) -> list[DocumentNote]:
        """A document's notes, oldest first."""
        with self._translated():
            rows = self.db.query(
                f"SELECT {_NOTE_COLUMNS} FROM document_notes WHERE document_id = ? "
                "ORDER BY created, rowid",
                [document_id],
            )
            return [DocumentNote(**row) for row in rows]

    def update_document_note(self, note_id: str, text: str) -> DocumentNote:
        """Replace the text of a document note.

        Raises:
            StoreError: there is no such note, or the store cannot be written.
        """
        now = self._clock()
        with self._writing():
            self.db.execute(
                "UPDATE document_notes SET text = ?, updated = ? WHERE id = ?",
                [text, now, note_id],
            )
            rows = self.db.query(
                f"SELECT {_NOTE_COLUMNS} FROM document_notes WHERE id = ?", [note_id]
            )
            note = next((DocumentNote(**row) for row in rows), None)
            if note is None:
                raise StoreError(f"There is no note {note_id} in the store.")
        return note

    def delete_document_note(self, note_id: str) -> None:
        """Delete a document note.

        Raises:
            StoreError: there is no such note, or the store cannot be written.
        """
        self._delete("document_notes", note_id, "note")

    def _delete(self, table: str, row_id: str, noun: str) -> None:
        """Delete one row by id in its own transaction; a missing row is an error."""
        with self._writing():
            cursor = self.db.execute(f"DELETE FROM {table} WHERE id = ?", [row_id])
            if cursor.rowcount == 0:
                raise StoreError(f"There is no {noun} {row_id} in the store.")

    # Search

    def search(self, query: str, *, limit: int = 50) -> list[SearchHit]:
        """Highlights and document notes of every document that match `query`, best first.

        The query is what a person types: words (all must match, the last also as a
        prefix) and "quoted phrases"; any other text, FTS5 syntax included, is searched for
        as words and never raises. A query without words finds nothing. Ranked by bm25.

        Raises:
            ValueError: `limit` is not positive.
            StoreError: the store cannot be read.
        """
        with self._translated():
            return search_connection(self.db.conn, query, limit=limit)
