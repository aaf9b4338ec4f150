"""Opening the store's file safely, and the transactions and error sentences every write uses.

`StoreConnection` is the base of `Store`: the row mixins (`documents`, `annotations`) build on
its `_writing` and `_translated`, so every public write is one committed transaction and every
SQLite failure becomes one plain sentence, whichever part of the store raised it.
"""

from __future__ import annotations

import os
import secrets
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from tempfile import TemporaryDirectory
from types import TracebackType
from typing import Self

from reader.core.errors import StoreError
from reader.core.model.annotations import utc_now
from reader.core.store import inspection
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

    Only a new file, or one reader made, is ever written. An existing file is first read
    without changing a byte (see `inspection`): another program's database, an empty file,
    a store from a newer reader or a damaged one is refused. A store that cannot be written
    (a read-only file, folder or disk, or a full disk) is opened for reading only.
    """

    path: Path | None
    """The database file, or None for an in-memory store."""

    db: Database
    """The underlying sqlite-utils database, for tests and maintenance."""

    read_only: str | None
    """Why changes cannot be saved, as a sentence, when the store could only be opened for
    reading; None when it can be written."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        timeout: float = DEFAULT_TIMEOUT,
        clock: Callable[[], str] = utc_now,
        create_folders: bool = True,
        check_cache: Path | None = None,
    ) -> None:
        """Open or create the store at `path` (":memory:" for a private in-memory one).

        Args:
            path: the database file.
            timeout: seconds to wait while another program is writing.
            clock: returns the current time as an ISO 8601 UTC string (fixed in tests).
            create_folders: create the file's missing folders (for the default location);
                otherwise a new file is made only in an existing folder.
            check_cache: a file remembering the stores that passed the check, so an
                unchanged one is not read through again; None remembers them in this
                process only.

        Raises:
            StoreError: the file cannot be created or opened, is a folder, is not a reader
                database, is damaged, locked, or was made by a newer version of reader.
        """
        in_memory = os.fspath(path) == MEMORY
        self.path = None if in_memory else Path(path)
        self._label = "The in-memory store" if self.path is None else str(self.path)
        self._clock = clock
        self._cached_text: tuple[str, str] | None = None
        self._check_cache = check_cache
        self._healthy = True
        self._data_version: int | None = None
        self._copy: TemporaryDirectory[str] | None = None
        self.read_only = None
        if self.path is None:
            with self._translated():
                connection = sqlite3.connect(MEMORY, timeout=timeout)
        else:
            connection = self._open_file(self.path, timeout, create_folders)
        try:
            with self._translated():
                self.db = Database(connection, execute_plugins=False)
            self._prepare(in_memory)
        except BaseException:
            connection.close()
            self._remove_copy()
            raise

    @classmethod
    def memory(cls, *, clock: Callable[[], str] = utc_now) -> Self:
        """A private, empty in-memory store (for tests)."""
        return cls(MEMORY, clock=clock)

    def _open_file(self, path: Path, timeout: float, create_folders: bool) -> sqlite3.Connection:
        """The connection to the file at `path`: made new, checked, or read-only."""
        if path.is_dir():
            raise StoreError(
                f"{self._label} is a folder; give the path of a file for the store, such as "
                f"{path / 'reader.db'}."
            )
        if not os.path.lexists(path) and self._create(path, timeout, create_folders):
            return self._connect(path, timeout)
        return self._inspect(path, timeout)

    def _create(self, path: Path, timeout: float, create_folders: bool) -> bool:
        """Make a new store at `path`; False when another program made one there first.

        The store is built beside it under a temporary name and linked into place, so no
        program ever sees a half-made store, and nothing is ever written over.
        """
        folder = path.parent
        if not folder.is_dir():
            if not create_folders:
                raise StoreError(
                    f"There is no folder {folder}, so {path.name} was not created there; "
                    "check the path, or make the folder first."
                )
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise StoreError(
                    f"Cannot create the folder {folder}: {error.strerror or error}."
                ) from error
        try:
            temp = _new_file_beside(path)
        except OSError as error:
            raise StoreError(_uncreatable(self._label, folder, error)) from error
        try:
            with self._translated():
                _build(temp, timeout)
            return _publish(temp, path)
        except OSError as error:
            raise StoreError(_uncreatable(self._label, folder, error)) from error
        finally:
            for leftover in (temp, Path(f"{temp}-wal"), Path(f"{temp}-shm")):
                leftover.unlink(missing_ok=True)

    def _inspect(self, path: Path, timeout: float) -> sqlite3.Connection:
        """Check an existing file without writing to it; returns the connection to use.

        Raises:
            StoreError: the file is refused (see the class).
        """
        label = self._label
        try:
            header = inspection.read_header(path)
        except OSError as error:
            raise StoreError(f"{label} cannot be read: {error.strerror or error}.") from error
        if not header:
            with self._translated():
                inspection.probe_lock(path, timeout)  # another reader may be making it
            raise StoreError(
                f"{label} is an empty file, not a reader database; reader leaves it as it is."
            )
        if not header.startswith(inspection.SQLITE_HEADER):
            raise StoreError(inspection.not_a_database(label))
        reason = inspection.unwritable(path, label)
        known = inspection.passed(path, self._check_cache)
        try:
            with self._translated():
                handle, migrations = inspection.open_checked(
                    path, timeout, label, KNOWN_MIGRATIONS, thorough=known is None
                )
        except OSError as error:
            raise StoreError(f"{label} cannot be read: {error.strerror or error}.") from error
        if known is None:
            inspection.remember(path, migrations, self._check_cache)
        if reason is None:
            handle.close()
            return self._connect(path, timeout)
        self.read_only = reason
        self._copy = handle.copy
        return handle.connection

    def _connect(self, path: Path, timeout: float) -> sqlite3.Connection:
        """A read-write connection to the existing file at `path` (never creating one)."""
        with self._translated():
            # The default transaction handling is what sqlite-utils expects.
            return sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True, timeout=timeout)

    def _prepare(self, in_memory: bool) -> None:
        """Check the file is ours and current, then bring its schema up to date.

        Nothing is written until the checks pass, so a foreign or damaged file is left
        byte for byte as it was.
        """
        with self._translated():
            self.db.execute("PRAGMA foreign_keys = ON")
            if self.read_only is not None:
                self.db.execute("PRAGMA query_only = ON")
                if MIGRATIONS.pending(self.db):
                    raise StoreError(
                        f"{self._label} must be upgraded for this version of reader, "
                        "but it cannot be written."
                    )
                return
            if not in_memory:
                # Again on the connection that writes: another program may have just
                # changed the file (a quick look, not the whole check).
                inspection.check(self.db.conn, self._label, KNOWN_MIGRATIONS, thorough=False)
                self.db.enable_wal()
                # In WAL mode NORMAL never corrupts the file and keeps every commit across
                # a crash of the program; only a power cut can lose the last few commits.
                # FULL would fsync on every highlight.
                self.db.execute("PRAGMA synchronous = NORMAL")
        if MIGRATIONS.pending(self.db):
            with self._writing():
                # Checked again under the write lock: another process may have just migrated.
                MIGRATIONS.apply(self.db)

    def changed_elsewhere(self) -> bool:
        """Whether another connection (another window, a `reader` command) has committed a
        change to the file since the last call; cheap enough to ask every half second."""
        with self._translated():
            version = int(self.db.execute("PRAGMA data_version").fetchone()[0])
        seen, self._data_version = self._data_version, version
        return seen is not None and version != seen

    def close(self) -> None:
        """Close the connection. Everything is already saved.

        A healthy store written here is remembered as checked: reader trusts its own
        writes, so the next opening need not read every page again.
        """
        self.db.close()
        self._remove_copy()
        if self.path is not None and self._healthy and self.read_only is None:
            inspection.remember(self.path, len(KNOWN_MIGRATIONS), self._check_cache)

    def _remove_copy(self) -> None:
        if self._copy is not None:
            self._copy.cleanup()
            self._copy = None

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
            sentence = _sentence(self._label, error, self.path)
            if sentence == inspection.damaged(self._label):
                self._found_damage()
            raise StoreError(sentence) from error
        except UnicodeDecodeError as error:
            # Undecodable bytes in a row, or quoted from a damaged schema in SQLite's message.
            self._found_damage()
            raise StoreError(inspection.damaged(self._label)) from error

    def _found_damage(self) -> None:
        """Stop trusting this file's earlier check, so the next opening checks it again."""
        self._healthy = False
        if self.path is not None:
            inspection.forget(self.path, self._check_cache)

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """One committed write transaction, rolled back if the block fails.

        `BEGIN IMMEDIATE` rather than `db.atomic()`'s plain `BEGIN`: a deferred transaction
        that reads and then writes cannot wait for another writer (SQLite answers "locked" at
        once to avoid a deadlock), whereas taking the write lock first honours the timeout.

        Raises:
            StoreError: the store was opened read-only, or the write failed.
        """
        if self.read_only is not None:
            raise StoreError(self.read_only)
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


def _new_file_beside(path: Path) -> Path:
    """A new empty file in `path`'s folder, under a hidden temporary name, made with the
    permissions any new file gets there (not `mkstemp`'s owner-only ones)."""
    while True:
        temp = path.with_name(f".{path.name}-{secrets.token_hex(4)}.new")
        try:
            os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        except FileExistsError:
            continue
        return temp


def _build(path: Path, timeout: float) -> None:
    """Make the complete, current schema in the new (empty) file at `path`."""
    connection = sqlite3.connect(path, timeout=timeout)
    try:
        db = Database(connection, execute_plugins=False)
        db.execute("PRAGMA foreign_keys = ON")
        db.enable_wal()
        db.execute("BEGIN IMMEDIATE")
        MIGRATIONS.apply(db)
        db.execute("COMMIT")
    finally:
        connection.close()


def _publish(temp: Path, path: Path) -> bool:
    """Give the finished store `temp` the name `path`, unless something has it already.

    Returns:
        True when `path` is now the new store; False when another program made it first.
    """
    try:
        os.link(temp, path)
    except FileExistsError:
        return False
    except OSError:
        # A file system without hard links (FAT, some network shares): claim the name
        # exclusively, then fill it.
        try:
            target = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            return False
        with os.fdopen(target, "wb") as out, temp.open("rb") as source:
            shutil.copyfileobj(source, out)
            out.flush()
            os.fsync(out.fileno())
    return True


def _uncreatable(label: str, folder: Path, error: OSError) -> str:
    if inspection.is_disk_full(folder):
        return inspection.disk_full(label)
    return (
        f"{label} cannot be opened; check that its folder can be written to "
        f"({error.strerror or error})."
    )


def _sentence(label: str, error: sqlite3.Error, path: Path | None = None) -> str:
    """The one plain sentence for a SQLite error; `label` names the store at `path`."""
    message = str(error).lower()
    if "malformed" in message:
        return inspection.damaged(label)
    if "not a database" in message:
        return inspection.not_a_database(label)
    if "locked" in message or "busy" in message:
        return f"{label} is locked by another program."
    if "full" in message or (
        "disk i/o error" in message and path is not None and inspection.is_disk_full(path.parent)
    ):
        return inspection.disk_full(label)
    if "readonly" in message or "read-only" in message:
        return f"{label} cannot be written: it or its folder is read-only."
    if "unable to open" in message:
        return f"{label} cannot be opened; check that its folder can be written to."
    if isinstance(error, sqlite3.ProgrammingError) and "closed" in message:
        return f"{label} has been closed."
    return f"{label} could not be used ({str(error).rstrip('.')})."


def _unknown_document(document_id: str) -> str:
    return f"There is no document {document_id[:12]} in the store."
