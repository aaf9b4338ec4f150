"""Opening the store's file safely, and the transactions and error sentences every write uses.

`StoreConnection` is the base of `Store`: the row mixins (`documents`, `annotations`) build on
its `_writing` and `_translated`, so every public write is one committed transaction and every
SQLite failure becomes one plain sentence, whichever part of the store raised it.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Self

from reader.core.errors import StoreError
from reader.core.model.annotations import utc_now
from reader.core.store.schema import KNOWN_MIGRATIONS, MIGRATIONS
from reader.core.store.sqlite import Database

DEFAULT_TIMEOUT = 5.0
"""Seconds to wait for another program's write to finish before giving up."""

MEMORY = ":memory:"
"""The path that means a private in-memory database (for tests)."""


class StoreConnection:
    """One checked, migrated SQLite connection, with the transaction helpers built on it.

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
    def memory(cls, *, clock: Callable[[], str] = utc_now) -> Self:
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

    def __enter__(self) -> Self:
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
