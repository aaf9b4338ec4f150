"""The store: a real SQLite file that keeps every write and refuses to damage anything."""

from __future__ import annotations

import itertools
import os
import sqlite3
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from reader.core.errors import StoreError
from reader.core.model.annotations import ID_ALPHABET
from reader.core.model.document import Article, ArticleBuilder, BlockKind, Metadata
from reader.core.store.store import KNOWN_MIGRATIONS, MIGRATIONS, Store

TABLES = {"documents", "highlights", "document_notes", "positions"}
STORY = "The ceasefire begins at midnight. Both sides agreed to it."


def ticking_clock() -> Callable[[], str]:
    """A clock that moves one second per call, so ordering by time is deterministic."""
    seconds = itertools.count()
    base = datetime(2026, 11, 26, 18, 0, 0, tzinfo=UTC)
    return lambda: (base + timedelta(seconds=next(seconds))).strftime("%Y-%m-%dT%H:%M:%SZ")


def article(
    title: str = "Ceasefire", body: str = STORY, source: str = "/articles/syria.txt"
) -> Article:
    builder = ArticleBuilder()
    builder.add(BlockKind.TITLE, title)
    builder.add(BlockKind.PARAGRAPH, body)
    return builder.build(Metadata(title=title, author="Ana Ruiz", source=source))


@pytest.fixture
def store() -> Store:
    return Store.memory(clock=ticking_clock())


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "reader.db"


# Schema and migrations


def test_migrations_build_every_table_in_a_new_file(db_path: Path) -> None:
    with Store(db_path) as store:
        assert set(store.db.table_names()) >= TABLES
        assert [m.name for m in MIGRATIONS.applied(store.db)] == KNOWN_MIGRATIONS
        assert store.db.journal_mode == "wal"
        assert store.path == db_path
    assert db_path.exists()


def test_migrations_apply_only_once(db_path: Path) -> None:
    with Store(db_path) as store:
        MIGRATIONS.apply(store.db)
        assert not MIGRATIONS.pending(store.db)
    with Store(db_path) as store:
        assert len(MIGRATIONS.applied(store.db)) == len(KNOWN_MIGRATIONS)


def test_memory_store_has_no_path(store: Store) -> None:
    assert store.path is None
    assert set(store.db.table_names()) >= TABLES


# Durability and concurrency


def test_highlights_survive_closing_and_reopening(db_path: Path) -> None:
    with Store(db_path) as store:
        document = store.add_document(article())
        made = store.add_highlight(document.id, 4, 13, note="*why*")
    with Store(db_path) as store:
        assert store.highlights(document.id) == [made]
        assert store.document_text(document.id) == article().text


def test_every_write_is_visible_to_another_connection_at_once(db_path: Path) -> None:
    with Store(db_path) as writer, Store(db_path) as reader:
        document = writer.add_document(article())
        made = writer.add_highlight(document.id, 0, 3)
        assert reader.highlights(document.id) == [made]
        writer.save_position(document.id, 12)
        assert reader.position(document.id) == 12
        note = writer.add_document_note(document.id, "Read again.")
        assert reader.document_notes(document.id) == [note]


def test_two_connections_writing_at_once_both_land(db_path: Path) -> None:
    with Store(db_path) as store:
        document_id = store.add_document(article()).id
    per_thread = 150
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def write(color: str) -> None:
        try:
            with Store(db_path) as own:  # a connection belongs to its thread
                start.wait()
                for offset in range(per_thread):
                    own.add_highlight(document_id, offset % 50, offset % 50 + 5, color=color)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=write, args=(c,)) for c in ("yellow", "blue")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with Store(db_path) as store:
        colors = [h.color for h in store.highlights(document_id)]
    assert colors.count("yellow") == colors.count("blue") == per_thread


def test_two_programs_creating_the_same_file_at_once(db_path: Path) -> None:
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def open_store() -> None:
        try:
            start.wait()
            Store(db_path).close()
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=open_store) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with Store(db_path) as store:
        assert len(MIGRATIONS.applied(store.db)) == len(KNOWN_MIGRATIONS)


# Failures


def test_a_file_that_is_not_a_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(b"My shopping list\n" * 500)
    before = path.read_bytes()
    with pytest.raises(
        StoreError, match=r"notes\.txt is not a reader database, or it is damaged\."
    ):
        Store(path)
    assert path.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["notes.txt"]


def test_another_programs_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "places.sqlite"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    connection.commit()
    connection.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="is not a reader database"):
        Store(path)
    assert path.read_bytes() == before


def test_a_database_from_a_newer_reader_is_refused_untouched(db_path: Path) -> None:
    Store(db_path).close()
    connection = sqlite3.connect(db_path)
    connection.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('reader', 'add_tags', '2030-01-01')"
    )
    connection.commit()
    connection.close()
    before = db_path.read_bytes()
    with pytest.raises(StoreError, match="newer version of reader"):
        Store(db_path)
    assert db_path.read_bytes() == before


def test_a_locked_database_gives_up_after_the_timeout(db_path: Path) -> None:
    with Store(db_path) as store:
        document_id = store.add_document(article()).id
    other = sqlite3.connect(db_path)
    other.execute("BEGIN IMMEDIATE")
    try:
        with Store(db_path, timeout=0.2) as store:
            with pytest.raises(StoreError, match=r"reader\.db is locked by another program\."):
                store.add_highlight(document_id, 0, 3)
            assert store.highlights(document_id) == []  # reading still works
    finally:
        other.rollback()
        other.close()


def test_a_new_database_locked_while_being_created(db_path: Path) -> None:
    db_path.parent.mkdir()
    other = sqlite3.connect(db_path)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreError, match="is locked by another program"):
            Store(db_path, timeout=0.2)
    finally:
        other.rollback()
        other.close()


def test_a_full_disk_is_reported_and_the_store_still_works(db_path: Path) -> None:
    with Store(db_path) as store:
        kept = store.add_document(article())
        pages = store.db.execute("PRAGMA page_count").fetchone()[0]
        # SQLite answers "database or disk is full" once the file may grow no further.
        store.db.execute(f"PRAGMA max_page_count = {pages}")
        with pytest.raises(StoreError, match="no room left on the disk"):
            store.add_document(article(title="Long read", body="word " * 50_000))
        assert [summary.record.id for summary in store.documents()] == [kept.id]
        store.add_highlight(kept.id, 0, 3)


def test_a_folder_that_cannot_be_created(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    with pytest.raises(StoreError, match="Cannot create the folder"):
        Store(tmp_path / "file" / "reader.db")


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to read-only folders")
def test_a_read_only_folder(tmp_path: Path) -> None:
    tmp_path.chmod(0o555)
    try:
        with pytest.raises(StoreError, match="cannot be opened"):
            Store(tmp_path / "reader.db")
    finally:
        tmp_path.chmod(0o755)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to read-only files")
def test_a_read_only_file(tmp_path: Path) -> None:
    path = tmp_path / "reader.db"
    with Store(path) as store:
        document_id = store.add_document(article()).id
    path.chmod(0o444)
    try:
        with pytest.raises(StoreError, match="read-only"), Store(path) as store:
            store.add_highlight(document_id, 0, 3)
    finally:
        path.chmod(0o644)


def test_a_closed_store_says_so(store: Store) -> None:
    store.close()
    with pytest.raises(StoreError, match="has been closed"):
        store.documents()


def test_foreign_keys_refuse_annotations_for_unknown_documents(store: Store) -> None:
    with pytest.raises(StoreError, match="There is no document"):
        store.add_highlight("0" * 64, 0, 3)
    with pytest.raises(StoreError, match="There is no document"):
        store.add_document_note("0" * 64, "note")
    with pytest.raises(StoreError, match="There is no document"):
        store.save_position("0" * 64, 3)
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        store.db.execute(
            'INSERT INTO highlights (id, document_id, exact, prefix, suffix, start, "end", '
            "color, note, created, updated) VALUES ('x', 'nope', 'a', '', '', 0, 1, "
            "'yellow', '', 't', 't')"
        )


def test_a_document_with_annotations_cannot_be_deleted(store: Store) -> None:
    document = store.add_document(article())
    store.add_highlight(document.id, 0, 3)
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        store.db.execute("DELETE FROM documents WHERE id = ?", [document.id])


# Documents


def test_adding_a_document_again_keeps_added_and_refreshes_the_rest(store: Store) -> None:
    first = store.add_document(article())
    again = store.add_document(
        Article(
            text=article().text,
            blocks=article().blocks,
            meta=Metadata(title="Ceasefire, updated", site="Reuters"),
            format="markdown",
        )
    )
    assert again.id == first.id == article().content_hash
    assert again.added == first.added
    assert again.last_opened > first.last_opened
    assert again.title == "Ceasefire, updated"
    assert again.format == "markdown"
    assert again.metadata == {"title": "Ceasefire, updated", "site": "Reuters"}
    assert again.source == "/articles/syria.txt"  # an unknown source keeps the known one
    assert again.length == len(article().text)
    assert store.document(first.id) == again
    assert store.document("missing") is None
    assert store.document_text("missing") is None


def test_find_documents(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    strasse = store.add_document(article("Die Straße", "Eins.", str(tmp_path / "strasse.md")))
    syria = store.add_document(article("Syria ceasefire", "Zwei.", "/articles/syria.txt"))
    assert store.find_documents("STRASSE") == [strasse]  # case-insensitive, Unicode-aware
    assert store.find_documents("e") == [syria, strasse]  # most recently opened first
    assert store.find_documents(syria.id[:4]) == [syria]
    assert store.find_documents(syria.id[:3].upper()) == []  # too short for an id prefix
    assert store.find_documents("/articles/syria.txt") == [syria]
    assert store.find_documents("strasse.md") == [strasse]  # relative to the working folder
    assert store.find_documents("  ") == []
    assert store.find_documents("nothing like it") == []


def test_documents_lists_counts_and_positions(store: Store) -> None:
    older = store.add_document(article("Older", "One."))
    newer = store.add_document(article("Newer", "Two words."))
    store.add_highlight(newer.id, 0, 3, note="Why two?")
    store.add_highlight(newer.id, 2, 5, note=" \n ")
    store.add_document_note(newer.id, "Note")
    store.save_position(newer.id, 7)
    summaries = store.documents()
    assert [s.record for s in summaries] == [newer, older]
    # Notes on highlights count as notes (the old count said 1 here); a blank one does not.
    assert [(s.highlight_count, s.note_count, s.position) for s in summaries] == [
        (2, 2, 7),
        (0, 0, 0),
    ]


# Highlights


def test_add_highlight_quotes_the_stored_text(store: Store) -> None:
    document = store.add_document(article())
    made = store.add_highlight(document.id, 15, 24, color="blue", note="Start")
    text = article().text
    assert made.quote.exact == text[15:24] == "ceasefire"
    assert made.quote.prefix == text[:15]
    assert made.quote.suffix == text[24:56]
    assert (made.color, made.note, made.document_id) == ("blue", "Start", document.id)
    assert made.created == made.updated
    assert len(made.id) == 10 and set(made.id) <= set(ID_ALPHABET)


@pytest.mark.parametrize(
    ("start", "end"),
    [(-1, 3), (5, 5), (6, 5), (0, 10_000)],
    ids=["negative", "empty", "reversed", "past-end"],
)
def test_a_bad_range_is_refused_and_nothing_written(store: Store, start: int, end: int) -> None:
    document = store.add_document(article())
    with pytest.raises(ValueError, match="is not a passage"):
        store.add_highlight(document.id, start, end)
    assert store.highlights(document.id) == []


def test_a_bad_colour_is_refused(store: Store) -> None:
    document = store.add_document(article())
    with pytest.raises(ValueError, match="is not a colour name"):
        store.add_highlight(document.id, 0, 3, color="Red; DROP TABLE")
    made = store.add_highlight(document.id, 0, 3)
    with pytest.raises(ValueError, match="is not a colour name"):
        store.set_highlight_color(made.id, "")


def test_highlights_come_in_reading_order(store: Store) -> None:
    document = store.add_document(article())
    late = store.add_highlight(document.id, 30, 40)
    wide = store.add_highlight(document.id, 5, 20)
    narrow = store.add_highlight(document.id, 5, 10)
    assert store.highlights(document.id) == [narrow, wide, late]


def test_edit_and_delete_highlights(store: Store) -> None:
    document = store.add_document(article())
    made = store.add_highlight(document.id, 0, 3)
    noted = store.set_highlight_note(made.id, "A **note**")
    assert (noted.note, noted.created) == ("A **note**", made.created)
    assert noted.updated > made.updated
    recoloured = store.set_highlight_color(made.id, "green")
    assert (recoloured.color, recoloured.note) == ("green", "A **note**")
    assert store.highlights(document.id) == [recoloured]
    store.delete_highlight(made.id)
    assert store.highlights(document.id) == []
    for change in (
        lambda: store.set_highlight_note(made.id, "x"),
        lambda: store.set_highlight_color(made.id, "blue"),
        lambda: store.delete_highlight(made.id),
    ):
        with pytest.raises(StoreError, match=f"There is no highlight {made.id}"):
            change()


# Document notes and positions


def test_document_notes(store: Store) -> None:
    document = store.add_document(article())
    first = store.add_document_note(document.id, "First thought.")
    second = store.add_document_note(document.id, "Second thought.")
    assert store.document_notes(document.id) == [first, second]
    edited = store.update_document_note(first.id, "Better thought.")
    assert (edited.text, edited.created) == ("Better thought.", first.created)
    assert edited.updated > first.updated
    store.delete_document_note(second.id)
    assert store.document_notes(document.id) == [edited]
    with pytest.raises(StoreError, match="There is no note"):
        store.update_document_note(second.id, "x")
    with pytest.raises(StoreError, match="There is no note"):
        store.delete_document_note(second.id)


def test_positions(store: Store) -> None:
    document = store.add_document(article())
    assert store.position(document.id) == 0
    store.save_position(document.id, 40)
    store.save_position(document.id, 12)
    assert store.position(document.id) == 12
    assert store.position("unknown") == 0
    with pytest.raises(ValueError, match="cannot be negative"):
        store.save_position(document.id, -1)


def test_a_stored_article_comes_back_whole(tmp_path: Path) -> None:
    from reader.core.model.document import ArticleBuilder, BlockKind, Metadata, SpanKind

    builder = ArticleBuilder()
    builder.add(BlockKind.TITLE, "A title")
    builder.add(
        BlockKind.PARAGRAPH, "Some linked text.", spans=((SpanKind.LINK, 5, 11, "https://x"),)
    )
    builder.add(BlockKind.CODE, "a\n\nb", marker="python")
    article = builder.build(
        Metadata(title="A title", author="Ann", extra={"tags": ["x"]}), format="markdown"
    )
    path = tmp_path / "s.db"
    with Store(path) as store:
        store.add_document(article)
    with Store(path) as store:
        assert store.article(article.content_hash) == article
        assert store.article("0" * 64) is None


def test_settings_are_remembered(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with Store(path) as store:
        assert store.setting("theme") is None
        store.set_setting("theme", "reader-paper")
        store.set_setting("theme", "reader-contrast")
    with Store(path) as store:
        assert store.setting("theme") == "reader-contrast"
