"""The annotation store: documents, highlights, notes and reading positions in one SQLite file.

Every public write is its own committed transaction before the method returns, so there is no
save step and a crash loses nothing already acknowledged. Every SQLite failure becomes a
`StoreError` whose text is one plain sentence (see `_sentence`), and the store never writes to
a file it does not recognise: a damaged file, another program's database or one made by a
newer reader is refused before anything is written.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

from reader.core.analysis.model import Analysis, analysis_from_dict, analysis_to_dict
from reader.core.errors import StoreError
from reader.core.model.annotations import (
    DEFAULT_COLOR,
    DocumentNote,
    Highlight,
    TextQuote,
    check_color,
    new_id,
    quote_at,
    utc_now,
)
from reader.core.model.document import Article, Metadata, article_from_dict, article_to_dict
from reader.core.store.fulltext import (
    SearchHit as SearchHit,  # re-exported: Store.search returns it
)
from reader.core.store.fulltext import search_connection
from reader.core.store.records import DocumentRecord, DocumentSummary
from reader.core.store.schema import KNOWN_MIGRATIONS, MIGRATIONS
from reader.core.store.sqlite import Database

DEFAULT_TIMEOUT = 5.0
"""Seconds to wait for another program's write to finish before giving up."""

MEMORY = ":memory:"
"""The path that means a private in-memory database (for tests)."""

_DOCUMENT_COLUMNS = "id, title, source, format, metadata, added, last_opened, length"
_HIGHLIGHT_COLUMNS = (
    'id, document_id, start, "end", exact, prefix, suffix, color, note, created, updated'
)
_NOTE_COLUMNS = "id, document_id, text, created, updated"


class Store:
    """The annotation store over one SQLite file, through sqlite-utils.

    A connection belongs to the thread that opened it: a background job opens its own
    `Store` on the same file. Concurrent writers take turns, each waiting up to `timeout`.
    """

    path: Path | None
    """The database file, or None for an in-memory store."""

    db: Database
    """The underlying sqlite-utils database, for tests and maintenance."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        timeout: float = DEFAULT_TIMEOUT,
        clock: Callable[[], str] = utc_now,
    ) -> None:
        """Open or create the store at `path` (":memory:" for a private in-memory one).

        Args:
            path: the database file; missing parent folders are created.
            timeout: seconds to wait while another program is writing.
            clock: returns the current time as an ISO 8601 UTC string (fixed in tests).

        Raises:
            StoreError: the file cannot be created or opened, is not a reader database, is
                damaged, locked, or was made by a newer version of reader.
        """
        in_memory = os.fspath(path) == MEMORY
        self.path = None if in_memory else Path(path)
        self._label = "The in-memory store" if self.path is None else str(self.path)
        self._clock = clock
        self._cached_text: tuple[str, str] | None = None
        if self.path is not None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise StoreError(
                    f"Cannot create the folder {self.path.parent}: {error.strerror or error}."
                ) from error
        with self._translated():
            # The default transaction handling is what sqlite-utils expects; plugins are
            # not loaded so that what is installed elsewhere cannot change this connection.
            connection = sqlite3.connect(os.fspath(path), timeout=timeout)
        try:
            with self._translated():
                self.db = Database(connection, execute_plugins=False)
            self._prepare(in_memory)
        except BaseException:
            connection.close()
            raise

    @classmethod
    def memory(cls, *, clock: Callable[[], str] = utc_now) -> Store:
        """A private, empty in-memory store (for tests)."""
        return cls(MEMORY, clock=clock)

    def _prepare(self, in_memory: bool) -> None:
        """Check the file is ours and current, then bring its schema up to date.

        Nothing is written until the checks pass, so a foreign or damaged file is left
        byte for byte as it was.
        """
        with self._translated():
            self.db.execute("PRAGMA foreign_keys = ON")
            tables = self.db.table_names()  # the first read: fails on a non-database file
            applied = {migration.name for migration in MIGRATIONS.applied(self.db)}
            if tables and not applied:
                raise StoreError(f"{self._label} is not a reader database, or it is damaged.")
            if applied - set(KNOWN_MIGRATIONS):
                raise StoreError(
                    f"{self._label} was made by a newer version of reader; "
                    "update reader to open it."
                )
            if not in_memory:
                self.db.enable_wal()
                # In WAL mode NORMAL never corrupts the file and keeps every commit across
                # a crash of the program; only a power cut can lose the last few commits.
                # FULL would fsync on every highlight.
                self.db.execute("PRAGMA synchronous = NORMAL")
        if MIGRATIONS.pending(self.db):
            with self._writing():
                # Checked again under the write lock: another process may have just migrated.
                MIGRATIONS.apply(self.db)

    def close(self) -> None:
        """Close the connection. Everything is already saved."""
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def _translated(self) -> Iterator[None]:
        """Turn any SQLite error inside the block into a `StoreError` sentence."""
        try:
            yield
        except sqlite3.Error as error:
            raise StoreError(_sentence(self._label, error)) from error

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """One committed write transaction, rolled back if the block fails.

        `BEGIN IMMEDIATE` rather than `db.atomic()`'s plain `BEGIN`: a deferred transaction
        that reads and then writes cannot wait for another writer (SQLite answers "locked" at
        once to avoid a deadlock), whereas taking the write lock first honours the timeout.
        """
        with self._translated():
            self.db.execute("BEGIN IMMEDIATE")
            try:
                yield
                self.db.execute("COMMIT")
            except BaseException:
                self.db.rollback()
                raise

    # Documents

    def add_document(self, article: Article) -> DocumentRecord:
        """Record that `article` was opened now, adding it (with its text) if it is new.

        The title, format and metadata are refreshed; the source is kept when the article
        now comes from nowhere in particular (an empty source).
        """
        now = self._clock()
        metadata = json.dumps(_metadata_dict(article.meta), ensure_ascii=False, default=str)
        structure = article_to_dict(article)
        del structure["text"]  # kept once, in its own column
        with self._writing():
            self.db.execute(
                """
                INSERT INTO documents
                    (id, title, source, format, metadata, text, length, added, last_opened,
                     structure)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET
                    title = excluded.title,
                    source = CASE WHEN excluded.source != '' THEN excluded.source
                                  ELSE documents.source END,
                    format = excluded.format,
                    metadata = excluded.metadata,
                    last_opened = excluded.last_opened,
                    structure = excluded.structure
                """,
                [
                    article.content_hash,
                    article.title,
                    article.meta.source,
                    article.format,
                    metadata,
                    article.text,
                    len(article.text),
                    now,
                    now,
                    json.dumps(structure, ensure_ascii=False, default=str),
                ],
            )
            record = self._document(article.content_hash)
        assert record is not None  # just written in the same transaction
        return record

    def document(self, document_id: str) -> DocumentRecord | None:
        """The document with this id, or None."""
        with self._translated():
            return self._document(document_id)

    def _document(self, document_id: str) -> DocumentRecord | None:
        rows = self.db.query(
            f"SELECT {_DOCUMENT_COLUMNS} FROM documents WHERE id = ?", [document_id]
        )
        return next((_document_record(row) for row in rows), None)

    def document_text(self, document_id: str) -> str | None:
        """The canonical text of a document, or None if there is no such document."""
        with self._translated():
            row = self.db.execute(
                "SELECT text FROM documents WHERE id = ?", [document_id]
            ).fetchone()
        return None if row is None else str(row[0])

    def article(self, document_id: str) -> Article | None:
        """The stored article, with its blocks and metadata, or None if there is none.

        Raises:
            StoreError: the stored structure is unreadable.
        """
        with self._translated():
            row = self.db.execute(
                "SELECT text, structure FROM documents WHERE id = ?", [document_id]
            ).fetchone()
        if row is None:
            return None
        try:
            structure = json.loads(row[1])
            return article_from_dict({**structure, "text": row[0]})
        except ValueError as error:
            raise StoreError(
                f"The stored structure of document {document_id[:12]} in {self._label} is damaged."
            ) from error

    def find_documents(self, query: str) -> list[DocumentRecord]:
        """Documents matching `query`, most recently opened first.

        A document matches by id prefix (at least 4 characters), by source (as given, or
        as an absolute path), or by a case-insensitive piece of its title.
        """
        query = query.strip()
        if not query:
            return []
        prefix = query.lower() if len(query) >= 4 else None
        sources = {query, os.path.abspath(os.path.expanduser(query))}
        folded = query.casefold()
        with self._translated():
            rows = self.db.query(
                f"SELECT {_DOCUMENT_COLUMNS} FROM documents ORDER BY last_opened DESC, rowid DESC"
            )
            records = [_document_record(row) for row in rows]
        return [
            record
            for record in records
            if (prefix is not None and record.id.startswith(prefix))
            or record.source in sources
            or folded in record.title.casefold()
        ]

    def documents(self) -> list[DocumentSummary]:
        """Every document with its counts and position, most recently opened first.

        An earlier version of a changed article is left out: its highlights have moved to the
        newer version, which is the one to read (its text stays in the store all the same).
        """
        with self._translated():
            rows = self.db.query(
                f"""
                SELECT {_DOCUMENT_COLUMNS},
                    (SELECT count(*) FROM highlights h WHERE h.document_id = d.id)
                        AS highlight_count,
                    (SELECT count(*) FROM document_notes n WHERE n.document_id = d.id)
                        AS note_count,
                    coalesce((SELECT "offset" FROM positions p WHERE p.document_id = d.id), 0)
                        AS position
                FROM documents d
                WHERE NOT EXISTS (SELECT 1 FROM documents v WHERE v.previous_id = d.id)
                ORDER BY last_opened DESC, rowid DESC
                """
            )
            return [
                DocumentSummary(
                    record=_document_record(row),
                    highlight_count=row["highlight_count"],
                    note_count=row["note_count"],
                    position=row["position"],
                )
                for row in rows
            ]

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
            # Plain tuples, not sqlite-utils' dicts: an article may have thousands of
            # highlights, and the screen reads them all after each change.
            rows = self.db.execute(
                f"SELECT {_HIGHLIGHT_COLUMNS}, placed FROM highlights WHERE document_id = ? "
                'ORDER BY start, "end", created, rowid',
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
                placed=bool(placed),
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
                placed,
            ) in rows
        ]

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
                f"SELECT {_HIGHLIGHT_COLUMNS}, placed FROM highlights WHERE id = ?", [highlight_id]
            )
            highlight = next((_highlight(row) for row in rows), None)
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
                "updated = ? WHERE id = ?",
                [start, end, quote.exact, quote.prefix, quote.suffix, now, highlight_id],
            )
            rows = self.db.query(
                f"SELECT {_HIGHLIGHT_COLUMNS}, placed FROM highlights WHERE id = ?", [highlight_id]
            )
            return _highlight(next(iter(rows)))

    def restore_highlight(self, highlight: Highlight) -> Highlight:
        """Put back a deleted highlight exactly as it was, id and times included (for undo).

        Raises:
            StoreError: its document is gone, a highlight with its id exists, or the store
                cannot be written.
        """
        check_color(highlight.color)
        with self._writing():
            self._require_document(highlight.document_id)
            self.db.execute(
                f"INSERT INTO highlights ({_HIGHLIGHT_COLUMNS}) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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

    # Reading positions

    def save_position(self, document_id: str, offset: int) -> None:
        """Remember where the person is in a document (a character offset).

        Raises:
            ValueError: `offset` is negative.
            StoreError: there is no such document, or the store cannot be written.
        """
        if offset < 0:
            raise ValueError(f"A reading position cannot be negative (got {offset}).")
        now = self._clock()
        with self._writing():
            self._require_document(document_id)
            self.db.execute(
                'INSERT INTO positions (document_id, "offset", updated) VALUES (?, ?, ?) '
                'ON CONFLICT (document_id) DO UPDATE SET "offset" = excluded."offset", '
                "updated = excluded.updated",
                [document_id, offset, now],
            )

    def position(self, document_id: str) -> int:
        """The saved reading position in a document; 0 when there is none."""
        with self._translated():
            row = self.db.execute(
                'SELECT "offset" FROM positions WHERE document_id = ?', [document_id]
            ).fetchone()
        return 0 if row is None else int(row[0])

    # Settings

    def setting(self, name: str) -> str | None:
        """A remembered setting, or None if it was never set."""
        with self._translated():
            row = self.db.execute("SELECT value FROM settings WHERE name = ?", [name]).fetchone()
        return None if row is None else str(row[0])

    def set_setting(self, name: str, value: str) -> None:
        """Remember a setting, committed at once."""
        now = self._clock()
        with self._writing():
            self.db.execute(
                "INSERT INTO settings (name, value, updated) VALUES (?, ?, ?) "
                "ON CONFLICT (name) DO UPDATE SET value = excluded.value, "
                "updated = excluded.updated",
                [name, value, now],
            )

    # Versions

    def previous_version(self, article: Article) -> DocumentRecord | None:
        """The stored document this article is a new version of: none if its text is
        already stored; else the most recently opened document from the same file."""
        if not article.meta.source or article.meta.source == "-":
            return None
        with self._translated():
            if self._document(article.content_hash) is not None:
                return None
            row = self.db.execute(
                f"SELECT {_DOCUMENT_COLUMNS} FROM documents WHERE source = ? "
                "ORDER BY last_opened DESC, rowid DESC LIMIT 1",
                [article.meta.source],
            ).fetchone()
        if row is None:
            return None
        columns = [column.strip() for column in _DOCUMENT_COLUMNS.split(",")]
        return _document_record(dict(zip(columns, row, strict=True)))

    def move_highlights(
        self,
        old_id: str,
        new_id: str,
        placements: Sequence[tuple[str, int | None, int | None]],
    ) -> None:
        """Move highlights from a document's old version to its new one, in one transaction.

        `placements` gives each highlight's id with its start and end in the new text, or
        None and None when it could not be placed: it is then kept, quote and all, as an
        orphan of the new version. The old version's text stays in the store.
        """
        now = self._clock()
        with self._writing():
            text = self._require_text(new_id)
            self._require_document(old_id)
            self.db.execute("UPDATE documents SET previous_id = ? WHERE id = ?", [old_id, new_id])
            for highlight_id, start, end in placements:
                if start is None or end is None:
                    self.db.execute(
                        "UPDATE highlights SET document_id = ?, placed = 0, updated = ? "
                        "WHERE id = ? AND document_id = ?",
                        [new_id, now, highlight_id, old_id],
                    )
                    continue
                quote = quote_at(text, start, end)
                self.db.execute(
                    'UPDATE highlights SET document_id = ?, start = ?, "end" = ?, exact = ?, '
                    "prefix = ?, suffix = ?, placed = 1, updated = ? "
                    "WHERE id = ? AND document_id = ?",
                    [
                        new_id,
                        start,
                        end,
                        quote.exact,
                        quote.prefix,
                        quote.suffix,
                        now,
                        highlight_id,
                        old_id,
                    ],
                )
            # Document notes are about the article, whichever version: they move too.
            self.db.execute(
                "UPDATE document_notes SET document_id = ? WHERE document_id = ?",
                [new_id, old_id],
            )

    # Analyses

    def analysis(self, document_id: str, analyser_version: str, model: str) -> Analysis | None:
        """The cached analysis of a document by this analyser and pipeline, if complete.

        A cache row that cannot be read back (written by a different analyser build) is
        treated as absent: the analysis is derived data and simply runs again.
        """
        with self._translated():
            row = self.db.execute(
                "SELECT result FROM analyses WHERE document_id = ? AND analyser_version = ? "
                "AND model = ?",
                [document_id, analyser_version, model],
            ).fetchone()
        if row is None:
            return None
        try:
            analysis = analysis_from_dict(json.loads(row[0]))
        except (ValueError, KeyError, TypeError):
            return None
        return analysis if analysis.complete else None

    def save_analysis(self, document_id: str, analysis: Analysis) -> None:
        """Cache a complete analysis of a document, replacing any older one for it."""
        if not analysis.complete:
            raise ValueError("only a complete analysis is cached")
        result = json.dumps(analysis_to_dict(analysis), ensure_ascii=False)
        now = self._clock()
        with self._writing():
            self._require_document(document_id)
            self.db.execute(
                "DELETE FROM analyses WHERE document_id = ? AND model = ?",
                [document_id, analysis.model],
            )
            self.db.execute(
                "INSERT INTO analyses (document_id, analyser_version, model, result, created) "
                "VALUES (?, ?, ?, ?, ?)",
                [document_id, analysis.analyser_version, analysis.model, result, now],
            )

    def _require_text(self, document_id: str) -> str:
        """The text of a stored document, kept for the next call.

        Caching is safe because the id is the hash of the text, so an id's text never
        changes; it saves reading a long article back for every highlight made in it.
        """
        self._require_document(document_id)
        if self._cached_text is None or self._cached_text[0] != document_id:
            row = self.db.execute(
                "SELECT text FROM documents WHERE id = ?", [document_id]
            ).fetchone()
            self._cached_text = (document_id, str(row[0]))
        return self._cached_text[1]

    def _require_document(self, document_id: str) -> None:
        row = self.db.execute("SELECT 1 FROM documents WHERE id = ?", [document_id]).fetchone()
        if row is None:
            raise StoreError(_unknown_document(document_id))


def _sentence(label: str, error: sqlite3.Error) -> str:
    """The one plain sentence for a SQLite error; `label` names the store."""
    message = str(error).lower()
    if "not a database" in message or "malformed" in message:
        return f"{label} is not a reader database, or it is damaged."
    if "locked" in message or "busy" in message:
        return f"{label} is locked by another program."
    if "full" in message:
        return f"There is no room left on the disk to save to {label}."
    if "readonly" in message or "read-only" in message:
        return f"{label} cannot be written: it or its folder is read-only."
    if "unable to open" in message:
        return f"{label} cannot be opened; check that its folder can be written to."
    if isinstance(error, sqlite3.ProgrammingError) and "closed" in message:
        return f"{label} has been closed."
    return f"{label} could not be used ({str(error).rstrip('.')})."


def _unknown_document(document_id: str) -> str:
    return f"There is no document {document_id[:12]} in the store."


def _metadata_dict(meta: Metadata) -> dict[str, Any]:
    """The metadata fields that are set, plus "extra" when it has anything."""
    fields: dict[str, Any] = {
        name: value
        for name in ("title", "dek", "author", "published", "source", "site", "url", "language")
        if (value := getattr(meta, name))
    }
    if meta.extra:
        fields["extra"] = dict(meta.extra)
    return fields


def _document_record(row: dict[str, Any]) -> DocumentRecord:
    return DocumentRecord(
        id=row["id"],
        title=row["title"],
        source=row["source"],
        format=row["format"],
        metadata=json.loads(row["metadata"]),
        added=row["added"],
        last_opened=row["last_opened"],
        length=row["length"],
    )


def _highlight(row: dict[str, Any]) -> Highlight:
    return Highlight(
        id=row["id"],
        document_id=row["document_id"],
        start=row["start"],
        end=row["end"],
        quote=TextQuote(exact=row["exact"], prefix=row["prefix"], suffix=row["suffix"]),
        color=row["color"],
        note=row["note"],
        created=row["created"],
        updated=row["updated"],
        placed=bool(row.get("placed", 1)),
    )
