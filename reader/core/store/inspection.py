"""What a store file is, found out without changing a byte of it, its -wal or its -shm.

Every way into a store file passes here first: `StoreConnection` (the command line and the
app) and `reader search`'s quick path. A file is written only when it is new or reader made
it, is not from a newer reader, and passes SQLite's `quick_check`. The check reads every page,
so a file that passed is remembered by its identity (device, inode, size, modification and
change times) and by this reader's schema: opening it again unchanged costs one `stat`.

Standard library only: the quick search path uses it without loading sqlite-utils.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reader.core.errors import StoreError

SQLITE_HEADER = b"SQLite format 3\x00"
"""The first 16 bytes of every SQLite database file."""
ROOM_NEEDED = 64 * 1024
"""Free bytes below which a disk counts as full: SQLite needs 32 KiB for the -shm file and a
few pages of write-ahead log before it can save anything."""
MIGRATIONS_TABLE = "_sqlite_migrations"
"""Where sqlite-utils records the migrations applied to a file; reader's are its mark."""
MIGRATION_SET = "reader"
CACHE_ENTRIES = 32
"""Store files remembered in the check cache (most recently checked first)."""

Identity = tuple[int, int, int, int, int]
"""A file's device, inode, size, modification and change times (ns): any write changes it."""

_PASSED: dict[str, tuple[Identity, str, int]] = {}
"""Files that passed in this process: path -> (identity, schema fingerprint, migrations)."""


def damaged(label: str) -> str:
    """The sentence for a store SQLite finds damaged, with the way out."""
    return (
        f"{label} is damaged, so reader leaves it as it is; `reader doctor` copies what "
        "can still be read into a new store."
    )


def not_a_database(label: str) -> str:
    """The sentence for a file that is not an SQLite database, or is too damaged to tell."""
    return f"{label} is not a reader database, or it is damaged."


def not_ours(label: str) -> str:
    """The sentence for another program's SQLite database (or an empty one)."""
    return f"{label} is not a reader database; reader leaves it as it is."


def newer(label: str) -> str:
    """The sentence for a store made by a newer reader."""
    return f"{label} was made by a newer version of reader; update reader to open it."


def disk_full(label: str) -> str:
    """The sentence for a full disk."""
    return f"There is no room left on the disk to save to {label}."


def is_disk_full(folder: Path) -> bool:
    """Whether the disk holding `folder` has less than `ROOM_NEEDED` free."""
    try:
        return shutil.disk_usage(folder).free < ROOM_NEEDED
    except OSError:
        return False


def unwritable(path: Path, label: str) -> str | None:
    """Why the existing store at `path` can only be read (a sentence), or None.

    `os.access` asks the kernel, so a read-only file system counts even for root.
    """
    if not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
        return (
            f"{label} cannot be written (it or its folder is read-only), "
            "so changes cannot be saved."
        )
    if is_disk_full(path.parent):
        return f"There is no room left on the disk for {label}, so changes cannot be saved."
    return None


def identity(path: Path) -> Identity | None:
    """The file's identity, or None when it cannot be read."""
    try:
        status = path.stat()
    except OSError:
        return None
    return (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)


@cache
def schema_fingerprint() -> str:
    """A digest of this reader's schema module: a check made by another version (which may
    know other migrations) is not trusted."""
    try:
        source = Path(__file__).with_name("schema.py").read_bytes()
    except OSError:
        return ""
    return hashlib.sha256(source).hexdigest()[:16]


def passed(path: Path, cache_file: Path | None) -> int | None:
    """How many reader migrations the store at `path` had when it last passed the check, if
    it has not changed since (in this process or, with `cache_file`, any earlier one)."""
    key = str(path.resolve())
    current = identity(path)
    fingerprint = schema_fingerprint()
    if current is None or not fingerprint:
        return None
    known = _PASSED.get(key)
    if known is None and cache_file is not None:
        known = _entry(_read_cache(cache_file).get(key))
    if known is None or known[0] != current or known[1] != fingerprint:
        return None
    _PASSED[key] = known
    return known[2]


def remember(path: Path, migrations: int, cache_file: Path | None) -> None:
    """Record that the store at `path`, as it is now, passed the check (or was made here)."""
    key = str(path.resolve())
    current = identity(path)
    fingerprint = schema_fingerprint()
    if current is None or not fingerprint:
        return
    entry = (current, fingerprint, migrations)
    unchanged = _PASSED.get(key) == entry
    _PASSED[key] = entry
    if cache_file is None or (unchanged and key in _read_cache(cache_file)):
        return
    stores: dict[str, object] = {
        key: {"identity": list(current), "schema": fingerprint, "migrations": migrations}
    }
    for other, value in _read_cache(cache_file).items():
        if other != key and len(stores) < CACHE_ENTRIES:
            stores[other] = value
    _write_cache(cache_file, stores)


def forget(path: Path, cache_file: Path | None) -> None:
    """Stop trusting an earlier check of `path` (it was found damaged)."""
    key = str(path.resolve())
    _PASSED.pop(key, None)
    if cache_file is not None:
        stores = _read_cache(cache_file)
        if stores.pop(key, None) is not None:
            _write_cache(cache_file, stores)


def _entry(value: object) -> tuple[Identity, str, int] | None:
    """A cache file's entry, or None when it is not one."""
    if not isinstance(value, dict):
        return None
    try:
        numbers = tuple(int(number) for number in value["identity"])
        schema, migrations = str(value["schema"]), int(value["migrations"])
    except (KeyError, TypeError, ValueError):
        return None
    if len(numbers) != 5:
        return None
    return (numbers[0], numbers[1], numbers[2], numbers[3], numbers[4]), schema, migrations


def _read_cache(cache_file: Path) -> dict[str, object]:
    try:
        data = json.loads(cache_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    stores = data.get("stores") if isinstance(data, dict) else None
    return stores if isinstance(stores, dict) else {}


def _write_cache(cache_file: Path, stores: dict[str, object]) -> None:
    """Replace the cache file in one step; a cache that cannot be written is only slower."""
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=".store-checks-", dir=cache_file.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump({"stores": stores}, out)
            os.replace(temp, cache_file)
        except BaseException:
            os.unlink(temp)
            raise
    except OSError:
        pass


@dataclass
class ReadOnly:
    """A connection that cannot change the store's bytes, and what to tidy after closing it."""

    connection: sqlite3.Connection
    copy: tempfile.TemporaryDirectory[str] | None = None
    """A private copy of the store and its log, when reading it in place would need a new
    -shm file beside it."""

    def close(self) -> None:
        """Close the connection and delete the private copy, if any."""
        self.connection.close()
        if self.copy is not None:
            self.copy.cleanup()


def open_read_only(path: Path, timeout: float, *, private: bool = False) -> ReadOnly:
    """Open the store at `path` so that not one byte of it, its -wal or its -shm changes.

    With no write-ahead log to read, `immutable=1` (no locks, no -shm). With a log and its
    -shm index, `mode=ro` with `readonly_shm=1`, which reads the log without touching the
    index. A log without an index, or one whose index needs rebuilding (`private`), is read
    from a private copy, since reading it in place would create or rebuild the index file.

    Raises:
        sqlite3.Error, OSError: the file cannot be opened.
    """
    wal = Path(f"{path}-wal")
    uri = path.resolve().as_uri()
    if not wal.exists() or wal.stat().st_size == 0:
        connection = sqlite3.connect(f"{uri}?immutable=1", uri=True, timeout=timeout)
        return ReadOnly(connection)
    if Path(f"{path}-shm").exists() and not private:
        connection = sqlite3.connect(f"{uri}?mode=ro&readonly_shm=1", uri=True, timeout=timeout)
        return ReadOnly(connection)
    copy = tempfile.TemporaryDirectory(prefix="reader-store-")
    try:
        target = Path(copy.name) / "store.db"
        shutil.copyfile(path, target)
        shutil.copyfile(wal, f"{target}-wal")
        connection = sqlite3.connect(target, timeout=timeout)
        connection.execute("PRAGMA query_only = ON")
    except BaseException:
        copy.cleanup()
        raise
    return ReadOnly(connection, copy)


VANISHED_RETRIES = 5
"""How often a store is looked at again when its -wal or -shm vanished while it was opened."""


def open_checked(
    path: Path, timeout: float, label: str, known: Collection[str], *, thorough: bool
) -> tuple[ReadOnly, int]:
    """`open_read_only` then `check`: the connection and the store's migration count.

    Another process closing the store removes its -wal and -shm; when that happens between
    looking at them and reading through them, SQLite says "unable to open database file".
    The store is fine, so it is looked at again rather than refused with a wrong sentence.

    Raises:
        StoreError: the file is refused (see `check`).
        sqlite3.Error, OSError: it cannot be opened.
    """
    private = False
    for attempt in range(VANISHED_RETRIES + 1):
        try:
            handle = open_read_only(path, timeout, private=private)
        except (sqlite3.Error, OSError) as error:
            if attempt < VANISHED_RETRIES and _vanished(error, path):
                continue
            raise
        try:
            # In place, one try (SQLite itself retries for seconds): a lasting SQLITE_PROTOCOL
            # is read from a private copy below, rather than waited on a minute.
            retries = PROTOCOL_RETRIES if private else 1
            return handle, check(
                handle.connection, label, known, thorough=thorough, retries=retries
            )
        except StoreError as error:
            handle.close()
            if attempt < VANISHED_RETRIES and _vanished(error.__cause__, path):
                continue
            if not private and "locking protocol" in str(error.__cause__):
                # A writer killed mid-commit leaves the log's index to be rebuilt, which a
                # read-only connection cannot do (it answers SQLITE_PROTOCOL for as long as
                # the index stays so): read a private copy instead, where it is rebuilt.
                private = True
                continue
            raise
        except BaseException:
            handle.close()
            raise
    raise AssertionError("unreachable: the last attempt returns or raises")


def _vanished(error: BaseException | None, path: Path) -> bool:
    """Whether `error` came from a -wal or -shm removed under us while `path` is still there."""
    if not path.exists():
        return False
    if isinstance(error, FileNotFoundError):
        return True
    if isinstance(error, sqlite3.Error):
        message = str(error).lower()
        return "unable to open database file" in message or "readonly database" in message
    return False


def read_header(path: Path) -> bytes:
    """The first 100 bytes of the file (fewer when it is shorter).

    Raises:
        OSError: it cannot be read.
    """
    with path.open("rb") as handle:
        return handle.read(100)


def probe_lock(path: Path, timeout: float) -> None:
    """Wait, up to `timeout`, for another program writing `path` to finish; read-only.

    Raises:
        sqlite3.Error: it is still locked.
    """
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=timeout)
    try:
        connection.execute("PRAGMA schema_version").fetchone()
    finally:
        connection.close()


def applied_migrations(connection: sqlite3.Connection) -> list[str]:
    """The names of the reader migrations applied to the open database, in order.

    Raises:
        sqlite3.Error, UnicodeDecodeError: it cannot be read.
    """
    found = connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [MIGRATIONS_TABLE]
    ).fetchone()
    if found is None:
        return []
    rows = connection.execute(
        f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ? ORDER BY rowid",
        [MIGRATION_SET],
    )
    return [str(name) for (name,) in rows]


def check(
    connection: sqlite3.Connection,
    label: str,
    known: Collection[str],
    *,
    thorough: bool,
    retries: int = 0,
) -> int:
    """Refuse a database that is not a current reader store; returns its migration count.

    Args:
        connection: the database, opened read-only.
        label: how sentences name it.
        known: the migrations this reader knows.
        retries: how often a passing SQLITE_PROTOCOL is met before it is reported (0:
            `PROTOCOL_RETRIES`).
        thorough: also run SQLite's `quick_check`, which reads every page.

    Raises:
        StoreError: another program's (or an empty) database, one from a newer reader, a
            damaged one, or one that is locked.
    """
    retries = retries or PROTOCOL_RETRIES
    for attempt in range(retries):
        try:
            applied = applied_migrations(connection)
            if not applied:
                raise StoreError(not_ours(label))
            if set(applied) - set(known):
                raise StoreError(newer(label))
            if thorough:
                result = connection.execute("PRAGMA quick_check(1)").fetchall()
                if result != [("ok",)]:
                    raise StoreError(damaged(label))
            return len(applied)
        except UnicodeDecodeError as error:
            # SQLite's own message quoted undecodable bytes from a damaged schema.
            raise StoreError(damaged(label)) from error
        except sqlite3.Error as error:
            if "locking protocol" in str(error) and attempt + 1 < retries:
                # SQLITE_PROTOCOL: a race for the WAL's locks, as when the process that held
                # them was just killed; it passes, so wait a moment and read again.
                time.sleep(PROTOCOL_PAUSE * (attempt + 1))
                continue
            raise StoreError(opening_sentence(label, error)) from error
    raise AssertionError("unreachable")  # pragma: no cover


PROTOCOL_RETRIES = 6
PROTOCOL_PAUSE = 0.05
"""Seconds to wait before reading again after SQLITE_PROTOCOL, times the attempt number."""


def opening_sentence(label: str, error: sqlite3.Error) -> str:
    """The sentence for an error met while checking a file."""
    message = str(error).lower()
    if "malformed" in message or "corrupt" in message:
        return damaged(label)
    if "locked" in message or "busy" in message:
        return f"{label} is locked by another program."
    if "not a database" in message:
        return not_a_database(label)
    return f"{label} cannot be read ({str(error).rstrip('.')})."
