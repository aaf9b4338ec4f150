"""Nothing a person wrote is ever overwritten by an export.

Item 1 of the issue: a folder export (`X` in the app, `reader export --all DIR`) rewrites a
file only while it is still exactly what reader wrote; an edited file, or one reader never
wrote, is kept and the export goes beside it. Item 7: `-o FILE` without `--force` never
replaces anything, even a file made after the check or a dangling symbolic link; with
`--force` it never writes through or replaces a symbolic link. And `--all` goes on past a
document that fails.
"""

from __future__ import annotations

import errno
import hashlib
import os
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.core.errors import ExportError
from reader.core.export.folder import export_all, export_document, file_name
from reader.core.export.formats import write_export
from reader.core.model.document import ArticleBuilder, BlockKind, Metadata
from reader.core.store.records import DocumentRecord
from reader.core.store.store import Store

MINE = "\nMy own thought, added after the export.\n"


def article(title: str, body: str):  # type: ignore[no-untyped-def]
    builder = ArticleBuilder()
    builder.add(BlockKind.TITLE, title)
    builder.add(BlockKind.PARAGRAPH, body)
    return builder.build(Metadata(title=title))


def one_document(tmp_path: Path) -> tuple[Store, DocumentRecord, Path]:
    """A store file with one highlighted article, and the export folder (not made yet)."""
    store = Store(tmp_path / "reader.db")
    record = store.add_document(article("Ceasefire", "Kerry said the talks went on for days."))
    store.add_highlight(record.id, 0, 10, note="first note")
    return store, record, tmp_path / "vault"


def export(store: Store, vault: Path, day: int = 26):  # type: ignore[no-untyped-def]
    return export_all(store, vault, exported=f"2026-11-{day}T10:00:00Z", with_analysis=False)


def when_fsync_is_called(
    monkeypatch: pytest.MonkeyPatch, action: Callable[[], None]
) -> Callable[[], int]:
    """Run `action` the first time an export flushes its temporary file, which both the old
    and the new code do after deciding the target is free and before making it the target."""
    real_fsync = os.fsync
    calls = []

    def fsync(descriptor: int) -> None:
        if not calls:
            action()
        calls.append(descriptor)
        real_fsync(descriptor)

    monkeypatch.setattr(os, "fsync", fsync)
    return lambda: len(calls)


# -- item 1: a folder export keeps what the person wrote ------------------------------


def test_an_edited_export_is_kept_and_the_new_export_goes_beside_it(tmp_path: Path) -> None:
    store, record, vault = one_document(tmp_path)
    export(store, vault)
    main = vault / file_name(record)
    with main.open("a", encoding="utf-8") as file:
        file.write(MINE)
    edited = main.read_bytes()
    store.add_highlight(record.id, 11, 15, note="second note")

    report = export(store, vault, day=27)

    assert main.read_bytes() == edited  # the person's line survives, byte for byte
    beside = vault / f"Ceasefire ({record.id[:8]}).reader.md"
    assert "second note" in beside.read_text(encoding="utf-8")
    assert report.written == [beside]
    (kept,) = report.kept
    assert (kept.path, kept.kept) == (beside, main)
    assert str(main) in kept.kept_sentence() and str(beside) in kept.kept_sentence()
    # Nothing changed since: the beside file is up to date, the person's file still kept.
    again = export(store, vault, day=28)
    assert (again.written, again.unchanged) == ([], [beside])
    assert main.read_bytes() == edited


def test_a_file_reader_never_wrote_at_the_name_is_never_replaced(tmp_path: Path) -> None:
    store, record, vault = one_document(tmp_path)
    vault.mkdir()
    theirs = vault / file_name(record)
    theirs.write_text("A note the person wrote, with the same name.\n", encoding="utf-8")

    result = export_document(store, record, vault, exported="2026-11-26T10:00:00Z")

    assert theirs.read_text(encoding="utf-8") == "A note the person wrote, with the same name.\n"
    assert result.kept == theirs
    assert result.path.name == f"Ceasefire ({record.id[:8]}).reader.md"
    assert "first note" in result.path.read_text(encoding="utf-8")
    assert str(theirs) in str(result) and str(result.path) in str(result)


def test_an_unedited_export_is_rewritten_in_place(tmp_path: Path) -> None:
    store, record, vault = one_document(tmp_path)
    export(store, vault)
    store.add_highlight(record.id, 11, 15, note="second note")
    report = export(store, vault, day=27)
    main = vault / file_name(record)
    assert report.written == [main] and report.kept == []
    assert "second note" in main.read_text(encoding="utf-8")
    assert sorted(path.name for path in vault.iterdir()) == [main.name]
    assert store.wrote_export(record.id, hashlib.sha256(main.read_bytes()).hexdigest())


def test_an_edited_file_beside_is_kept_too(tmp_path: Path) -> None:
    store, record, vault = one_document(tmp_path)
    export(store, vault)
    main = vault / file_name(record)
    main.write_text("rewritten by the person\n", encoding="utf-8")
    store.add_highlight(record.id, 11, 15)
    (beside,) = export(store, vault, day=27).written
    beside.write_text("this one too\n", encoding="utf-8")
    store.add_highlight(record.id, 16, 20)

    (third,) = export(store, vault, day=28).written

    assert third.name == f"Ceasefire ({record.id[:8]}).reader-2.md"
    assert main.read_text(encoding="utf-8") == "rewritten by the person\n"
    assert beside.read_text(encoding="utf-8") == "this one too\n"


def test_a_symbolic_link_at_the_name_is_neither_followed_nor_replaced(tmp_path: Path) -> None:
    store, record, vault = one_document(tmp_path)
    vault.mkdir()
    elsewhere = tmp_path / "elsewhere.md"
    elsewhere.write_text("kept elsewhere\n", encoding="utf-8")
    link = vault / file_name(record)
    link.symlink_to(elsewhere)

    result = export_document(store, record, vault, exported="2026-11-26T10:00:00Z")

    assert link.is_symlink() and os.readlink(link) == str(elsewhere)
    assert elsewhere.read_text(encoding="utf-8") == "kept elsewhere\n"
    assert result.kept == link and result.written


def test_a_file_made_while_exporting_is_not_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, record, vault = one_document(tmp_path)
    vault.mkdir()
    main = vault / file_name(record)
    when_fsync_is_called(monkeypatch, lambda: main.write_text("theirs\n", encoding="utf-8"))

    result = export_document(store, record, vault, exported="2026-11-26T10:00:00Z")

    assert main.read_text(encoding="utf-8") == "theirs\n"
    assert result.kept == main and "first note" in result.path.read_text(encoding="utf-8")


def test_an_export_from_a_reader_that_kept_no_hashes_is_adopted_when_unchanged(
    tmp_path: Path,
) -> None:
    store, record, vault = one_document(tmp_path)
    export(store, vault)
    store.db.execute("DELETE FROM exported_files")  # as a store from before the migration
    store.db.conn.commit()
    main = vault / file_name(record)
    assert export(store, vault, day=27).unchanged == [main]  # only the time differs: reader's
    store.add_highlight(record.id, 11, 15, note="second note")
    assert export(store, vault, day=28).written == [main]
    assert "second note" in main.read_text(encoding="utf-8")


def test_export_all_reports_a_failed_document_and_exports_the_rest(tmp_path: Path) -> None:
    store = Store(tmp_path / "reader.db")
    records = [
        store.add_document(article(title, f"{title} happened on Monday."))
        for title in ("First", "Broken", "Last")
    ]
    store.db.execute("UPDATE documents SET structure = '{' WHERE id = ?", [records[1].id])
    store.db.conn.commit()

    report = export(store, tmp_path / "vault")

    assert sorted(path.name for path in report.written) == sorted(
        file_name(record) for record in (records[0], records[2])
    )
    ((failed, reason),) = report.failed
    assert failed.id == records[1].id
    assert "damaged" in reason


# -- item 7: -o FILE never replaces what it must not ----------------------------------


def test_o_refuses_a_file_made_after_the_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "notes.md"
    flushed = when_fsync_is_called(
        monkeypatch, lambda: target.write_text("theirs", encoding="utf-8")
    )
    with pytest.raises(ExportError, match=r"already exists; use --force to replace it\.$"):
        write_export("ours", target)
    assert flushed() == 1
    assert target.read_text(encoding="utf-8") == "theirs"
    assert os.listdir(tmp_path) == ["notes.md"]  # no temporary file left


def test_o_never_replaces_a_file_another_thread_keeps_making(tmp_path: Path) -> None:
    """Another writer creates the target exclusively in a loop, as a second program would:
    never may both it and write_export believe they made the file."""
    target = tmp_path / "notes.md"

    def other_program(stop: threading.Event, made: threading.Event) -> None:
        while not stop.is_set() and not made.is_set():
            try:
                descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL)
            except FileExistsError:
                continue
            os.write(descriptor, b"theirs")
            os.close(descriptor)
            made.set()

    for _ in range(20):
        target.unlink(missing_ok=True)
        stop, made = threading.Event(), threading.Event()
        thread = threading.Thread(target=other_program, args=(stop, made))
        thread.start()
        try:
            write_export("ours", target)
            won = True
        except ExportError:
            won = False
        stop.set()
        thread.join()
        assert won != made.is_set()  # exactly one of the two made the file
        assert target.read_bytes() == (b"ours" if won else b"theirs")


def test_o_refuses_a_dangling_symbolic_link(tmp_path: Path) -> None:
    target = tmp_path / "notes.md"
    target.symlink_to(tmp_path / "nowhere.md")
    with pytest.raises(ExportError, match="symbolic link"):
        write_export("ours", target)
    assert target.is_symlink() and not (tmp_path / "nowhere.md").exists()


@pytest.mark.parametrize("dangling", [False, True], ids=["to a file", "dangling"])
def test_force_never_writes_through_or_replaces_a_symbolic_link(
    tmp_path: Path, dangling: bool
) -> None:
    pointee = tmp_path / "real.md"
    if not dangling:
        pointee.write_text("the real file", encoding="utf-8")
    target = tmp_path / "notes.md"
    target.symlink_to(pointee)
    with pytest.raises(ExportError, match=r"is a symbolic link; reader never writes through"):
        write_export("ours", target, force=True)
    assert target.is_symlink()
    assert (
        (pointee.read_text(encoding="utf-8") == "the real file")
        if not dangling
        else (not pointee.exists())
    )
    assert sorted(os.listdir(tmp_path)) == sorted(["notes.md", *([] if dangling else ["real.md"])])


def test_without_hard_links_the_file_is_still_created_only_if_absent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(source: str, destination: str) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    target = tmp_path / "notes.md"
    write_export("ours", target)
    assert target.read_text(encoding="utf-8") == "ours"
    other = tmp_path / "other.md"
    when_fsync_is_called(monkeypatch, lambda: other.write_text("theirs", encoding="utf-8"))
    with pytest.raises(ExportError, match="already exists"):
        write_export("ours", other)
    assert other.read_text(encoding="utf-8") == "theirs"
    assert sorted(os.listdir(tmp_path)) == ["notes.md", "other.md"]
