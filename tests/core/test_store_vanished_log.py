"""Another process closing the store removes its -wal and -shm; a store opened at that
instant is read again, not refused as unreadable (issue 10, the concurrent writers' race)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from reader.core.errors import StoreError
from reader.core.loaders import load_text
from reader.core.store import inspection
from reader.core.store.store import Store


def _store_with_an_open_writer(path: Path) -> sqlite3.Connection:
    """A reader store with one highlight, and a second connection keeping its -wal open."""
    with Store(path) as store:
        record = store.add_document(load_text("One two three four.\n", source="a.txt"))
        store.add_highlight(record.id, 0, 3)
    writer = sqlite3.connect(path)
    writer.execute("PRAGMA journal_mode = wal")
    writer.execute("UPDATE documents SET title = 'Renamed'")  # a commit left in the -wal
    writer.commit()
    assert Path(f"{path}-wal").exists() and Path(f"{path}-shm").exists()
    return writer


def _close_writer_after_first_open(
    monkeypatch: pytest.MonkeyPatch, writer: sqlite3.Connection
) -> list[int]:
    """Close `writer` (removing the -wal and -shm) right after the first read-only open saw
    them: the race, made certain."""
    opens: list[int] = []
    real_open = inspection.open_read_only

    def open_then_race(path: Path, timeout: float, *, private: bool = False) -> inspection.ReadOnly:
        handle = real_open(path, timeout, private=private)
        opens.append(1)
        if len(opens) == 1:
            writer.close()
        return handle

    monkeypatch.setattr(inspection, "open_read_only", open_then_race)
    return opens


def test_the_race_is_real_sqlite_says_unable_to_open(tmp_path: Path) -> None:
    path = tmp_path / "reader.db"
    writer = _store_with_an_open_writer(path)
    handle = inspection.open_read_only(path, 1.0)
    writer.close()
    assert not Path(f"{path}-wal").exists()
    with pytest.raises(sqlite3.OperationalError, match="unable to open database file"):
        inspection.applied_migrations(handle.connection)
    handle.close()


def test_a_store_whose_log_vanishes_while_opening_is_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "reader.db"
    writer = _store_with_an_open_writer(path)
    opens = _close_writer_after_first_open(monkeypatch, writer)
    with Store(path) as store:
        (record,) = store.documents()
        highlights = store.highlights(record.record.id)
    assert [highlight.quote.exact for highlight in highlights] == ["One"]
    assert record.record.title == "Renamed"
    assert len(opens) == 2  # looked at once more, not refused


def test_a_damaged_store_is_still_refused_once(tmp_path: Path) -> None:
    path = tmp_path / "reader.db"
    with Store(path) as store:
        store.add_document(load_text("One two.\n", source="a.txt"))
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # the schema page
    path.write_bytes(bytes(data))
    with pytest.raises(StoreError, match=r"damaged"):
        Store(path)
