"""Nothing a person wrote is overwritten, hidden, stranded or silently changed by opening a store.

Every way in (the command line and the app through `Store`, `reader search` through
`search_file`) checks the file the same way before writing: a damaged store, another
program's file, an empty file or a newer reader's store is refused without a byte of it, its
-wal or its -shm changing; a store that cannot be written is opened for reading only. Real
SQLite files throughout; the damage is made the way it happens, by overwriting bytes.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from reader.core.errors import ReaderError, StoreError
from reader.core.loaders import load_path
from reader.core.model.document import ArticleBuilder, BlockKind, Metadata
from reader.core.store.fulltext import search_file
from reader.core.store.store import Store

PAGE = 4096
DAMAGED = r"is damaged, so reader leaves it as it is; `reader doctor` copies what can still be read"


def long_article(paragraphs: int = 3000) -> ArticleBuilder:
    """A book-sized article (about 1.3 MB of text), the same on every run."""
    words = random.Random(7)
    builder = ArticleBuilder()
    builder.add(BlockKind.TITLE, "A long book")
    for _ in range(paragraphs):
        builder.add(
            BlockKind.PARAGRAPH,
            " ".join(
                words.choice(["truce", "river", "winter", "bread", "letter"]) for _ in range(80)
            ),
        )
    return builder


def make_library(path: Path, sample: Path) -> dict[str, str]:
    """The sample article with highlights, a note, a position and a setting, then a book with
    a highlight. Returns the two document ids."""
    with Store(path) as store:
        sample_article = load_path(sample)
        story = store.add_document(sample_article).id
        start = sample_article.text.index("provisional agreement")
        store.add_highlight(story, start, start + 21, note="Key *term*")
        store.add_highlight(story, 0, 4, color="green")
        store.add_document_note(story, "Check the casualty figures.")
        store.save_position(story, 120)
        store.set_setting("theme", "reader-paper")
        book = store.add_document(long_article().build(Metadata(title="A long book"))).id
        store.add_highlight(book, 20, 30, note="in the lost book")
    return {"story": story, "book": book}


def overwrite_middle(path: Path, pages: int = 20) -> None:
    """Overwrite `pages` pages in the middle of the file with noise, as failing storage does."""
    noise = random.Random(11)
    middle = path.stat().st_size // PAGE // 2
    with path.open("r+b") as handle:
        handle.seek(middle * PAGE)
        handle.write(bytes(noise.getrandbits(8) for _ in range(pages * PAGE)))


def flip_bit(path: Path, needle: bytes, offset: int = 3) -> None:
    """Flip the top bit of one byte of the file: a cosmic ray, or a bad sector."""
    data = bytearray(path.read_bytes())
    data[data.index(needle) + offset] ^= 0x80
    path.write_bytes(bytes(data))


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file in `folder` with its bytes."""
    return {child.name: child.read_bytes() for child in sorted(folder.iterdir()) if child.is_file()}


def newer_store_with_pending_log(path: Path) -> None:
    """A store a newer reader wrote last and never closed: its last commit (a migration this
    reader does not know) is still only in the -wal, with the -shm beside it."""
    Store(path).close()
    script = (
        "import os, sqlite3, sys\n"
        "connection = sqlite3.connect(sys.argv[1])\n"
        'connection.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) '
        "VALUES ('reader', 'from_a_newer_reader', '2030-01-01')\")\n"
        "connection.commit()\n"
        "os._exit(0)  # killed: no checkpoint, the log stays\n"
    )
    subprocess.run([sys.executable, "-c", script, str(path)], check=True)
    assert Path(f"{path}-wal").stat().st_size > 0 and Path(f"{path}-shm").exists()


# Item 3: a damaged store is never written to


def test_a_damaged_store_is_refused_and_left_as_it_was(tmp_path: Path, sample_path: Path) -> None:
    path = tmp_path / "reader.db"
    make_library(path, sample_path)
    overwrite_middle(path)
    before = snapshot(tmp_path)
    with pytest.raises(StoreError, match=DAMAGED):
        Store(path)
    assert snapshot(tmp_path) == before


def test_damage_after_a_remembered_check_is_still_found(tmp_path: Path, sample_path: Path) -> None:
    path = tmp_path / "reader.db"
    make_library(path, sample_path)
    Store(path).close()  # checked and remembered
    overwrite_middle(path)
    with pytest.raises(StoreError, match=DAMAGED):
        Store(path)


def test_a_healthy_store_is_checked_once_then_remembered_by_its_identity(tmp_path: Path) -> None:
    from reader.core.store import inspection

    path, cache = tmp_path / "reader.db", tmp_path / "cache" / "store-checks.json"
    Store(path, check_cache=cache).close()
    entry = json.loads(cache.read_text(encoding="utf-8"))["stores"][str(path.resolve())]
    status = path.stat()
    assert entry["identity"][:3] == [status.st_dev, status.st_ino, status.st_size]
    # Another process (nothing remembered in memory) trusts the file while it is unchanged.
    script = (
        "import sys; from pathlib import Path; from reader.core.store import inspection\n"
        "print(inspection.passed(Path(sys.argv[1]), Path(sys.argv[2])))\n"
    )
    ask = [sys.executable, "-c", script, str(path), str(cache)]
    assert subprocess.run(ask, capture_output=True, text=True).stdout.strip() != "None"
    os.utime(path)  # any change at all, even of the time
    assert subprocess.run(ask, capture_output=True, text=True).stdout.strip() == "None"
    assert inspection.passed(path, cache) is None


def test_doctor_copies_what_can_be_read_and_never_changes_the_damaged_file(
    tmp_path: Path, sample_path: Path
) -> None:
    from reader.core.store.doctor import rescue

    path = tmp_path / "reader.db"
    ids = make_library(path, sample_path)
    overwrite_middle(path)
    before = snapshot(tmp_path)
    result = rescue(path, tmp_path / "rescued.db")
    assert {name: data for name, data in snapshot(tmp_path).items() if name in before} == before
    report = "\n".join(result.report())
    saved = "1 document, 2 highlights, 1 note on a document, 1 reading position and 1 setting"
    assert f"Saved {saved} to {tmp_path / 'rescued.db'}." in report
    assert "Could not save 1 document." in report
    with Store(tmp_path / "rescued.db") as store:
        assert [summary.record.id for summary in store.documents()] == [ids["story"]]
        assert {h.note for h in store.highlights(ids["story"])} == {"Key *term*", ""}
        assert [n.text for n in store.document_notes(ids["story"])] == [
            "Check the casualty figures."
        ]
        assert store.position(ids["story"]) == 120
        assert store.setting("theme") == "reader-paper"
        assert [hit.id for hit in store.search("casualty")] != []
    # The book's highlight has nowhere to go: it is kept, with its note, not dropped.
    assert result.set_aside is not None and str(result.set_aside) in report
    kept = json.loads(result.set_aside.read_text(encoding="utf-8"))["highlights"]
    assert [(h["document_id"], h["note"]) for h in kept] == [(ids["book"], "in the lost book")]


def test_doctor_puts_a_bit_flipped_schema_right_in_its_copy(
    tmp_path: Path, sample_path: Path
) -> None:
    from reader.core.store.doctor import rescue

    path = tmp_path / "reader.db"
    ids = make_library(path, sample_path)
    flip_bit(path, b"CREATE TABLE highlights")
    before = path.read_bytes()
    result = rescue(path, tmp_path / "rescued.db")
    assert path.read_bytes() == before
    with Store(tmp_path / "rescued.db") as store:
        assert len(store.highlights(ids["story"])) == 2
        assert len(store.highlights(ids["book"])) == 1
    assert "Could not" not in "\n".join(result.report())


def test_doctor_never_replaces_a_file(tmp_path: Path) -> None:
    from reader.core.store.doctor import rescue

    Store(tmp_path / "reader.db").close()
    taken = tmp_path / "taken.db"
    taken.write_text("mine")
    with pytest.raises(ReaderError, match="already exists"):
        rescue(tmp_path / "reader.db", taken)
    assert taken.read_text() == "mine"


# Item 8: only a new file, or one reader made, is ever written


def test_an_empty_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "reader.db"
    path.write_bytes(b"")
    with pytest.raises(StoreError, match="is an empty file, not a reader database"):
        Store(path)
    assert snapshot(tmp_path) == {"reader.db": b""}


def test_another_programs_database_without_tables_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "places.sqlite"
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA user_version = 42")
    connection.close()
    before = snapshot(tmp_path)
    with pytest.raises(StoreError, match="is not a reader database"):
        Store(path)
    assert search_file(path, "truce") is None
    assert snapshot(tmp_path) == before


def test_a_newer_store_with_a_pending_log_is_refused_without_a_byte_changing(
    tmp_path: Path,
) -> None:
    path = tmp_path / "reader.db"
    newer_store_with_pending_log(path)
    before = snapshot(tmp_path)
    assert set(before) == {"reader.db", "reader.db-wal", "reader.db-shm"}
    with pytest.raises(StoreError, match="newer version of reader"):
        Store(path)
    assert search_file(path, "truce") is None
    assert snapshot(tmp_path) == before


# Item 11: a bit-flipped schema is damage, said as such


def test_a_bit_flipped_schema_is_called_damaged(tmp_path: Path, sample_path: Path) -> None:
    path = tmp_path / "reader.db"
    make_library(path, sample_path)
    flip_bit(path, b"CREATE TABLE highlights")
    before = snapshot(tmp_path)
    with pytest.raises(StoreError, match=DAMAGED):
        Store(path)
    assert search_file(path, "casualty") is None
    assert snapshot(tmp_path) == before


# Items 9 and 10: a store that cannot be written is still read


def test_a_full_disk_opens_the_store_for_reading(small_disk: Any, sample_path: Path) -> None:
    path = small_disk.path / "reader.db"
    with Store(path) as store:
        story = store.add_document(load_path(sample_path)).id
        store.add_highlight(story, 0, 4)
    small_disk.fill()
    before = path.read_bytes()
    with Store(path) as store:
        assert store.read_only is not None and "no room left on the disk" in store.read_only
        assert [summary.highlight_count for summary in store.documents()] == [1]
        with pytest.raises(StoreError, match="no room left on the disk"):
            store.add_highlight(story, 5, 9)
    assert path.read_bytes() == before


def test_a_read_only_disk_opens_the_store_for_reading(small_disk: Any, sample_path: Path) -> None:
    path = small_disk.path / "reader.db"
    with Store(path) as store:
        story = store.add_document(load_path(sample_path)).id
        store.add_highlight(story, 0, 4, note="truce")
    small_disk.read_only()
    before = snapshot(small_disk.path)
    with Store(path) as store:
        assert store.read_only is not None and "changes cannot be saved" in store.read_only
        assert [h.note for h in store.highlights(story)] == ["truce"]
        assert [hit.note for hit in store.search("truce")] == ["truce"]
        with pytest.raises(StoreError, match="read-only"):
            store.add_highlight(story, 5, 9)
    assert snapshot(small_disk.path) == before


def test_a_folder_is_not_a_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"is a folder"):
        Store(tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_new_store_is_made_only_in_a_folder_that_exists(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"There is no folder .*typo"):
        Store(tmp_path / "typo" / "reader.db", create_folders=False)
    assert list(tmp_path.iterdir()) == []
    Store(tmp_path / "reader.db", create_folders=False).close()
    assert [child.name for child in tmp_path.iterdir()] == ["reader.db"]  # no temporary left


def test_a_new_store_appears_whole_with_the_usual_permissions(tmp_path: Path) -> None:
    path = tmp_path / "reader.db"
    Store(path).close()
    umask = os.umask(0)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask
    assert path.read_bytes().startswith(b"SQLite format 3\x00")


class _RacingConnection(sqlite3.Connection):
    """A real SQLite connection whose first `failures` statements meet SQLITE_PROTOCOL, the
    transient error of a race for the WAL's locks (as just after a writer is killed)."""

    failures = 2

    def execute(self, *args: Any, **kwargs: Any) -> sqlite3.Cursor:
        if _RacingConnection.failures > 0:
            _RacingConnection.failures -= 1
            raise sqlite3.OperationalError("locking protocol")
        return super().execute(*args, **kwargs)


def test_a_passing_locking_race_is_waited_out_not_reported(tmp_path: Path) -> None:
    from reader.core.store import inspection
    from reader.core.store.schema import KNOWN_MIGRATIONS

    path = tmp_path / "reader.db"
    Store(path).close()
    _RacingConnection.failures = 2
    connection = sqlite3.connect(path, factory=_RacingConnection)
    try:
        count = inspection.check(connection, "the store", KNOWN_MIGRATIONS, thorough=True)
    finally:
        connection.close()
    assert count == len(KNOWN_MIGRATIONS)
