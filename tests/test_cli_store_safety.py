"""The real `reader` command never writes to a store it should not, and says why in one sentence.

Each test runs the command in a fresh interpreter, as a person's shell would, and checks the
exit status, that stderr is exactly one sentence with no traceback, and that the files it
promised to leave alone (the store, its -wal and -shm) are byte for byte as they were.
"""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from reader.core.loaders import load_path
from reader.core.model.document import ArticleBuilder, BlockKind, Metadata
from reader.core.store.store import Store

PAGE = 4096
QUOTE = "provisional agreement"


def run_reader(
    *args: str, db: Path | str, home: Path, check: int | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the real command with READER_DB set and caches and logs kept in `home`."""
    env = {
        **os.environ,
        "READER_DB": str(db),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_DATA_HOME": str(home / "data"),
    }
    result = subprocess.run(
        [sys.executable, "-m", "reader", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert "Traceback" not in result.stderr and "unexpected error" not in result.stderr
    if check is not None:
        assert result.returncode == check, result.stderr
    return result


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    """The single line on stderr (failing if there is not exactly one)."""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {child.name: child.read_bytes() for child in sorted(folder.iterdir()) if child.is_file()}


def make_library(path: Path, sample: Path) -> str:
    """The sample article with a highlight and a note, then a book-sized article."""
    words = random.Random(7)
    book = ArticleBuilder()
    book.add(BlockKind.TITLE, "A long book")
    for _ in range(3000):
        book.add(BlockKind.PARAGRAPH, " ".join(words.choice(["truce", "bread"]) for _ in range(80)))
    with Store(path) as store:
        article = load_path(sample)
        story = store.add_document(article).id
        start = article.text.index(QUOTE)
        store.add_highlight(story, start, start + len(QUOTE), note="Key term")
        store.add_document_note(story, "Check the casualty figures.")
        store.add_document(book.build(Metadata(title="A long book")))
    return story


def commands(sample: Path) -> list[tuple[str, ...]]:
    """A reading and a writing use of every command that opens the store."""
    return [
        ("list",),
        ("export", str(sample)),
        ("search", "casualty"),
        ("highlight", str(sample), "ceasefire", "--occurrence", "1"),
        ("open", str(sample)),
    ]


# Item 3: a damaged store


def test_a_damaged_store_is_refused_by_every_command_and_doctor_rescues_it(
    tmp_path: Path, sample_path: Path
) -> None:
    folder = tmp_path / "store"
    folder.mkdir()
    db = folder / "reader.db"
    story = make_library(db, sample_path)
    noise = random.Random(11)
    with db.open("r+b") as handle:  # twenty pages in the middle of the file
        handle.seek(db.stat().st_size // PAGE // 2 * PAGE)
        handle.write(bytes(noise.getrandbits(8) for _ in range(20 * PAGE)))
    before = snapshot(folder)
    for command in commands(sample_path):
        result = run_reader(*command, db=db, home=tmp_path, check=1)
        assert f"reader: {db} is damaged" in one_line(result), command
        assert "`reader doctor` copies what can still be read into a new store" in result.stderr
        assert snapshot(folder) == before, command
    doctor = run_reader("doctor", db=db, home=tmp_path, check=0)
    assert snapshot(folder).items() >= before.items()  # the damaged file untouched
    rescued = next(folder.glob("reader-rescued-*.db"))
    assert f"Saved 1 document, 1 highlight and 1 note on a document to {rescued}." in doctor.stdout
    assert "Could not save 1 document." in doctor.stdout
    assert f"{db} was not changed" in doctor.stdout
    listed = run_reader("list", "--json", db=rescued, home=tmp_path, check=0)
    assert story in listed.stdout and "Provisional" in listed.stdout
    found = run_reader("search", "casualty", db=rescued, home=tmp_path, check=0)
    assert "Check the casualty figures." in found.stdout


# Item 8: files reader did not make


def make_empty(path: Path) -> None:
    path.write_bytes(b"")


def make_foreign(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA user_version = 42")
    connection.close()


@pytest.mark.parametrize(
    ("make", "sentence"),
    [
        (make_empty, "is an empty file, not a reader database; reader leaves it as it is."),
        (make_foreign, "is not a reader database; reader leaves it as it is."),
    ],
    ids=["zero-length", "another-programs-empty-database"],
)
def test_a_file_reader_did_not_make_is_never_adopted(
    tmp_path: Path, sample_path: Path, make: Any, sentence: str
) -> None:
    folder = tmp_path / "store"
    folder.mkdir()
    db = folder / "reader.db"
    make(db)
    before = snapshot(folder)
    for command in commands(sample_path):
        result = run_reader(*command, db=db, home=tmp_path, check=1)
        assert one_line(result) == f"reader: {db} {sentence}", command
        assert snapshot(folder) == before, command


def test_a_newer_store_with_a_pending_log_is_refused_without_a_byte_changing(
    tmp_path: Path, sample_path: Path
) -> None:
    folder = tmp_path / "store"
    folder.mkdir()
    db = folder / "reader.db"
    make_library(db, sample_path)
    script = (  # a newer reader's last commit, then killed: the commit is only in the -wal
        "import os, sqlite3, sys\n"
        "connection = sqlite3.connect(sys.argv[1])\n"
        'connection.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) '
        "VALUES ('reader', 'from_a_newer_reader', '2030-01-01')\")\n"
        "connection.commit()\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", script, str(db)], check=True)
    before = snapshot(folder)
    assert set(before) == {"reader.db", "reader.db-wal", "reader.db-shm"}
    for command in (("list",), ("search", "casualty"), ("search", "casualty")):
        result = run_reader(*command, db=db, home=tmp_path, check=1)
        assert "was made by a newer version of reader" in one_line(result)
        assert snapshot(folder) == before, command


# Item 9: a full disk


def test_a_full_disk_is_said_and_reading_still_works(small_disk: Any, sample_path: Path) -> None:
    db = small_disk.path / "reader.db"
    home = small_disk.path.parent
    run_reader(
        "highlight", str(sample_path), QUOTE, "--note", "Key term", db=db, home=home, check=0
    )
    small_disk.fill()
    before = db.read_bytes()
    full = f"reader: There is no room left on the disk for {db}, so changes cannot be saved."
    listed = run_reader("list", db=db, home=home, check=0)
    assert "ISIS Unleashes" in listed.stdout and one_line(listed) == full
    found = run_reader("search", "key", db=db, home=home, check=0)
    assert QUOTE in found.stdout and one_line(found) == full
    exported = run_reader("export", str(sample_path), db=db, home=home, check=0)
    assert QUOTE in exported.stdout and one_line(exported) == full
    refused = run_reader(
        "highlight", str(sample_path), "ceasefire", "--occurrence", "1", db=db, home=home, check=1
    )
    assert one_line(refused) == full
    assert db.read_bytes() == before


# Item 10: read-only stores, folders and mistyped paths


def test_a_read_only_store_is_read_and_says_changes_cannot_be_saved(
    small_disk: Any, sample_path: Path
) -> None:
    db = small_disk.path / "reader.db"
    home = small_disk.path.parent
    run_reader(
        "highlight", str(sample_path), QUOTE, "--note", "Key term", db=db, home=home, check=0
    )
    small_disk.read_only()
    before = snapshot(small_disk.path)
    notice = (
        f"reader: {db} cannot be written (it or its folder is read-only), "
        "so changes cannot be saved."
    )
    listed = run_reader("list", db=db, home=home, check=0)
    assert "ISIS Unleashes" in listed.stdout and one_line(listed) == notice
    exported = run_reader("export", str(sample_path), db=db, home=home, check=0)
    assert QUOTE in exported.stdout and one_line(exported) == notice
    found = run_reader("search", "key", db=db, home=home, check=0)
    assert QUOTE in found.stdout and one_line(found) == notice
    refused = run_reader(
        "highlight", str(sample_path), "ceasefire", "--occurrence", "1", db=db, home=home, check=1
    )
    assert one_line(refused) == notice
    assert snapshot(small_disk.path) == before


def test_a_folder_given_as_the_store_is_said_to_be_one(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    result = run_reader("list", db=folder, home=tmp_path, check=1)
    assert f"reader: {folder} is a folder" in one_line(result)
    assert list(folder.iterdir()) == []


def test_a_mistyped_store_path_creates_nothing(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    typo = tmp_path / "ntoes" / "reader.db"
    result = run_reader("list", db=typo, home=tmp_path, check=1)
    assert f"There is no folder {typo.parent}" in one_line(result)
    assert not typo.parent.exists()
    made = tmp_path / "notes" / "reader.db"
    run_reader("list", db=made, home=tmp_path, check=0)
    assert [child.name for child in made.parent.iterdir()] == ["reader.db"]


# Item 11: a bit-flipped schema


def test_a_bit_flipped_schema_gives_the_damaged_store_sentence(
    tmp_path: Path, sample_path: Path
) -> None:
    folder = tmp_path / "store"
    folder.mkdir()
    db = folder / "reader.db"
    make_library(db, sample_path)
    data = bytearray(db.read_bytes())
    data[data.index(b"CREATE TABLE highlights") + 3] ^= 0x80
    db.write_bytes(bytes(data))
    before = snapshot(folder)
    for command in commands(sample_path):
        result = run_reader(*command, db=db, home=tmp_path, check=1)
        assert f"reader: {db} is damaged" in one_line(result), command
        assert snapshot(folder) == before, command
    doctor = run_reader("doctor", db=db, home=tmp_path, check=0)
    assert "Saved 2 documents, 1 highlight and 1 note on a document" in doctor.stdout
