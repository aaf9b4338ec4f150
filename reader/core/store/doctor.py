"""Rescuing what can still be read from a damaged store into a new store file.

The damaged file is never changed: it is copied into a private folder and read there. In the
copy, a schema entry with a flipped bit or two (same length as this reader's, a couple of
bytes apart) is put right, so its table can be read; then every row that can be read is
copied, table by table, skipping past damaged pages, into a new store made by this reader.
Highlights and notes whose document could not be read are kept in a JSON file beside it.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from reader.core.errors import ReaderError, StoreError
from reader.core.store import inspection
from reader.core.store.connection import StoreConnection
from reader.core.store.schema import KNOWN_MIGRATIONS, MIGRATIONS
from reader.core.store.sqlite import Database

RESCUED = ("documents", "highlights", "document_notes", "positions", "settings")
"""The tables copied first, in this order (notes and positions need their document)."""
SET_ASIDE = ("highlights", "document_notes")
"""Rows kept in the side file when their document is lost: words a person chose or wrote."""
SKIPPED = ("analyses", "analysis_chunks", inspection.MIGRATIONS_TABLE)
"""Not copied: cached analyses are made again on demand; the new store has its migrations."""
NOUNS = {
    "documents": ("document", "documents"),
    "highlights": ("highlight", "highlights"),
    "document_notes": ("note on a document", "notes on documents"),
    "positions": ("reading position", "reading positions"),
    "settings": ("setting", "settings"),
}
FLIPPED_BYTES = 2
"""A schema entry differing from this reader's in at most this many bytes (and not in
length) is taken for bit damage and put right."""
_SMALLEST_ROWID = -(2**63)
_LARGEST_ROWID = 2**63 - 1


@dataclass
class Tally:
    """What happened to one table's rows."""

    saved: int = 0
    lost: int = 0
    """Rows read but refused by the new store (a reading position of a lost document)."""
    set_aside: list[dict[str, Any]] = field(default_factory=list)
    damaged: bool = False
    """Part of the table could not be read."""
    unread: int | None = None
    """How many rows could not be read, when the table's count could be read."""


@dataclass(frozen=True)
class Rescue:
    """The outcome of `rescue`: where the copy is and what it holds."""

    source: Path
    target: Path
    tallies: dict[str, Tally]
    set_aside: Path | None
    """The JSON file of highlights and notes whose document could not be read."""
    mended: int
    """Texts with bytes that were not UTF-8, kept with U+FFFD in their place."""

    def report(self) -> list[str]:
        """What was saved and where, what was lost, and how to use the copy: sentences."""
        saved = [_count(table, tally.saved) for table, tally in self.tallies.items() if tally.saved]
        lines = [f"Saved {_join(saved) or 'nothing'} to {self.target}."]
        missing = [
            _count(table, (tally.unread or 0) + tally.lost)
            for table, tally in self.tallies.items()
            if (tally.unread or 0) + tally.lost
        ]
        unknown = [
            _noun(table, 2)
            for table, tally in self.tallies.items()
            if tally.damaged and tally.unread is None
        ]
        if missing:
            lines.append(f"Could not save {_join(missing)}.")
        if unknown:
            lines.append(f"Part of the {_join(unknown)} could not be read (how many is unknown).")
        aside = [
            _count(table, len(self.tallies[table].set_aside))
            for table in SET_ASIDE
            if self.tallies[table].set_aside
        ]
        if self.set_aside is not None:
            lines.append(
                f"Kept {_join(aside)} whose document was lost in {self.set_aside}, "
                "with the words and notes."
            )
        if self.mended:
            lines.append(
                f"{self.mended} text{'s' if self.mended != 1 else ''} had unreadable "
                "characters, kept as �."
            )
        lines.append(
            f"{self.source} was not changed; to use the copy, run reader with "
            f"--db {self.target} or put it in the damaged file's place."
        )
        return lines


def rescue(
    source: Path, target: Path | None = None, *, now: Callable[[], datetime] | None = None
) -> Rescue:
    """Copy what can still be read of the store at `source` into a new store file.

    Args:
        source: the (damaged) store; never changed.
        target: the new file; by default beside `source`, named after it with
            "-rescued-" and the time. It must not exist.
        now: the clock for the default name (fixed in tests).

    Raises:
        ReaderError: nothing can be read (not a database, empty, a newer reader's), or the
            new file cannot be made.
    """
    label = str(source)
    _check_source(source, label)
    target = target if target is not None else _default_target(source, now or _utc_now)
    if os.path.lexists(target):
        raise ReaderError(f"{target} already exists; name a new file for the rescued store.")
    with tempfile.TemporaryDirectory(prefix="reader-doctor-") as folder:
        copy = Path(folder) / "damaged.db"
        _copy_files(source, copy)
        _mend_schema(copy)
        mended = [0]
        reading = sqlite3.connect(copy)
        reading.text_factory = _decoder(mended)
        try:
            reading.execute("PRAGMA writable_schema = ON")  # skip entries still unreadable
            _check_migrations(reading, label)
            StoreConnection(target, create_folders=False).close()
            tallies = _copy_rows(reading, target)
        finally:
            reading.close()
    set_aside = _write_set_aside(target, tallies)
    return Rescue(source, target, tallies, set_aside, mended[0])


def _check_source(source: Path, label: str) -> None:
    if source.is_dir():
        raise ReaderError(f"{label} is a folder, not a store file.")
    try:
        header = inspection.read_header(source)
    except OSError as error:
        raise ReaderError(f"{label} cannot be read: {error.strerror or error}.") from error
    if not header:
        raise ReaderError(f"{label} is empty: there is nothing in it to rescue.")
    if not header.startswith(inspection.SQLITE_HEADER):
        raise ReaderError(
            f"{label} is not an SQLite database, or its first page is destroyed, so nothing "
            "can be read from it."
        )


def _copy_files(source: Path, copy: Path) -> None:
    """Copy the store and its write-ahead log (SQLite rebuilds the -shm index)."""
    try:
        shutil.copyfile(source, copy)
        wal = Path(f"{source}-wal")
        if wal.exists():
            shutil.copyfile(wal, f"{copy}-wal")
    except OSError as error:
        raise ReaderError(f"{source} cannot be copied: {error.strerror or error}.") from error


def _mend_schema(copy: Path) -> None:
    """Put right schema entries of the copy that a flipped bit made unreadable.

    They are compared with the schema this reader makes with the same migrations applied.
    """
    reference = sqlite3.connect(":memory:")
    try:
        MIGRATIONS.apply(Database(reference, execute_plugins=False), stop_before=_not_applied(copy))
        expected = {
            (kind, name): sql.encode("utf-8")
            for kind, name, sql in reference.execute(
                "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL"
            )
        }
    finally:
        reference.close()
    connection = sqlite3.connect(copy)
    try:
        connection.execute("PRAGMA writable_schema = ON")
        rows = connection.execute(
            "SELECT rowid, type, CAST(name AS BLOB), CAST(sql AS BLOB) FROM sqlite_master"
        ).fetchall()
        for rowid, kind, name, sql in rows:
            wanted = expected.get((kind, bytes(name or b"").decode("utf-8", "replace")))
            if wanted is None or sql is None or bytes(sql) == wanted:
                continue
            if len(sql) == len(wanted) and _distance(bytes(sql), wanted) <= FLIPPED_BYTES:
                connection.execute(
                    "UPDATE sqlite_master SET sql = ? WHERE rowid = ?",
                    [wanted.decode("utf-8"), rowid],
                )
        connection.commit()
    except sqlite3.Error:
        pass  # the schema table itself is damaged: read what SQLite can
    finally:
        connection.close()


def _not_applied(copy: Path) -> str | None:
    """The first migration this reader knows that the copy has not had, if any."""
    connection = sqlite3.connect(copy)
    try:
        connection.execute("PRAGMA writable_schema = ON")
        applied = set(inspection.applied_migrations(connection))
    except (sqlite3.Error, UnicodeDecodeError):
        return None  # unreadable: compare with the whole schema
    finally:
        connection.close()
    return next((name for name in KNOWN_MIGRATIONS if name not in applied), None)


def _distance(first: bytes, second: bytes) -> int:
    return sum(a != b for a, b in zip(first, second, strict=True))


def _decoder(mended: list[int]) -> Callable[[bytes], str]:
    def decode(raw: bytes) -> str:
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            mended[0] += 1
            return raw.decode("utf-8", "replace")

    return decode


def _check_migrations(reading: sqlite3.Connection, label: str) -> None:
    """Refuse a newer reader's store, or another program's database."""
    try:
        applied = inspection.applied_migrations(reading)
    except sqlite3.Error:
        applied = []  # the migrations table is damaged: go by the tables
    if set(applied) - set(KNOWN_MIGRATIONS):
        raise ReaderError(inspection.newer(label))
    if not applied and not _tables(reading) & set(RESCUED):
        raise ReaderError(f"{label} is not a reader database, so there is nothing to rescue.")


def _tables(connection: sqlite3.Connection) -> set[str]:
    try:
        return {
            str(name)
            for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
    except sqlite3.Error:
        return set()


def _copy_rows(reading: sqlite3.Connection, target: Path) -> dict[str, Tally]:
    """Copy every readable row of the tables both files have into the new store."""
    writing = sqlite3.connect(target)
    try:
        writing.execute("PRAGMA foreign_keys = ON")
        present = _tables(reading)
        others = sorted(_plain_tables(writing) - set(RESCUED) - set(SKIPPED))
        tallies: dict[str, Tally] = {}
        writing.execute("BEGIN IMMEDIATE")
        for table in [*RESCUED, *others]:
            tally = tallies[table] = Tally()
            if table not in present:
                tally.damaged = table in RESCUED
                continue
            columns = _common_columns(reading, writing, table)
            if not columns:
                tally.damaged = True
                continue
            _copy_table(reading, writing, table, columns, tally)
        writing.execute("COMMIT")
    except sqlite3.Error as error:
        raise StoreError(f"The rescued store {target} could not be written ({error}).") from error
    finally:
        writing.close()
    return {table: tally for table, tally in tallies.items() if table in RESCUED or tally.saved}


def _plain_tables(connection: sqlite3.Connection) -> set[str]:
    """The new store's ordinary tables (not full-text indexes or SQLite's own)."""
    rows = connection.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'")
    virtual = {name for name, sql in rows if "VIRTUAL TABLE" in (sql or "").upper()}
    names = _tables(connection)
    return {
        name
        for name in names
        if not name.startswith("sqlite_")
        and name not in virtual
        and not any(name.startswith(f"{index}_") for index in virtual)
    }


def _common_columns(
    reading: sqlite3.Connection, writing: sqlite3.Connection, table: str
) -> list[str]:
    try:
        old = [row[1] for row in reading.execute(f'PRAGMA table_info("{table}")')]
    except sqlite3.Error:
        return []
    new = {row[1] for row in writing.execute(f'PRAGMA table_info("{table}")')}
    return [column for column in old if column in new]


def _copy_table(
    reading: sqlite3.Connection,
    writing: sqlite3.Connection,
    table: str,
    columns: Sequence[str],
    tally: Tally,
) -> None:
    names = ", ".join(f'"{column}"' for column in columns)
    insert = f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(columns))})'
    for row in _readable_rows(reading, table, names, tally):
        try:
            cursor = writing.execute(insert, row)
        except sqlite3.IntegrityError:  # its document was lost, or a value is out of range
            if table in SET_ASIDE:
                tally.set_aside.append(dict(zip(columns, row, strict=True)))
            else:
                tally.lost += 1
            continue
        tally.saved += cursor.rowcount
    try:
        count = reading.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
    except sqlite3.Error:
        return  # how many could not be read is unknown
    read = tally.saved + tally.lost + len(tally.set_aside)
    tally.unread = max(0, int(count) - read)


def _readable_rows(
    reading: sqlite3.Connection, table: str, names: str, tally: Tally
) -> Iterator[tuple[Any, ...]]:
    """Every row that can be read, in rowid order, stepping over damaged pages and rows."""
    after = _SMALLEST_ROWID
    # One row per statement: Python's sqlite3 steps to the next row before handing over the
    # current one, so a damaged row would take the one before it down with it.
    query = f'SELECT rowid, {names} FROM "{table}" WHERE rowid > ? ORDER BY rowid LIMIT 1'
    while True:
        try:
            row = reading.execute(query, [after]).fetchone()
        except sqlite3.DatabaseError:
            tally.damaged = True
            resume = _resume_after(reading, table, after)
            if resume is None:
                return
            after = resume
            continue
        if row is None:
            return
        after = row[0]
        yield tuple(row[1:])


def _resume_after(reading: sqlite3.Connection, table: str, after: int) -> int | None:
    """Where to go on reading `table` past the damage met after rowid `after`.

    If the next row's rowid can be found, that row itself is unreadable: skip just it. If
    not, the page holding it is damaged: probe further ahead, doubling the step, then narrow
    down to the first rowid past the damaged page.
    """
    found = _next_rowid(reading, table, after)
    if isinstance(found, int) or found == "end":
        return found if isinstance(found, int) else None
    low, step = after, 1
    while low + step <= _LARGEST_ROWID:
        probe = low + step
        found = _next_rowid(reading, table, probe)
        if found == "end":
            return None
        if found is not None:
            high = probe
            while high - low > 1:  # seeking past `low` fails, past `high` works
                middle = (low + high) // 2
                if _next_rowid(reading, table, middle) is None:
                    low = middle
                else:
                    high = middle
            return high
        low, step = probe, step * 2
    return None


def _next_rowid(reading: sqlite3.Connection, table: str, after: int) -> int | str | None:
    """The first rowid past `after`, "end" when there is none, None when it cannot be read."""
    try:
        row = reading.execute(
            f'SELECT rowid FROM "{table}" WHERE rowid > ? ORDER BY rowid LIMIT 1', [after]
        ).fetchone()
    except sqlite3.DatabaseError:
        return None
    return "end" if row is None else int(row[0])


def _write_set_aside(target: Path, tallies: dict[str, Tally]) -> Path | None:
    kept = {table: tallies[table].set_aside for table in SET_ASIDE if tallies[table].set_aside}
    if not kept:
        return None
    path = target.with_name(f"{target.stem}-set-aside.json")
    try:
        path.write_text(json.dumps(kept, ensure_ascii=False, indent=2), encoding="utf-8")
    except OSError as error:
        raise ReaderError(
            f"Highlights and notes of lost documents could not be written to {path}: "
            f"{error.strerror or error}."
        ) from error
    return path


def _default_target(source: Path, now: Callable[[], datetime]) -> Path:
    stamp = now().strftime("%Y%m%d-%H%M%S")
    suffix = source.suffix or ".db"
    target = source.with_name(f"{source.stem}-rescued-{stamp}{suffix}")
    number = 2
    while os.path.lexists(target):
        target = source.with_name(f"{source.stem}-rescued-{stamp}-{number}{suffix}")
        number += 1
    return target


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _noun(table: str, count: int) -> str:
    singular, plural = NOUNS.get(table, (f"row of {table}", f"rows of {table}"))
    return singular if count == 1 else plural


def _count(table: str, count: int | None) -> str:
    number = count or 0
    return f"{number} {_noun(table, number)}"


def _join(parts: Sequence[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} and {parts[-1]}"
