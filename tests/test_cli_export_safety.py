"""`reader export` never overwrites what a person wrote, run as the real command.

Item 1: `--all DIR` keeps an edited file and says where the export went instead. Item 7:
`-o FILE` refuses a dangling symbolic link without `--force`, and a symbolic link with it.
And `--all` reports each document that fails and exports the rest.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from reader.cli import main
from reader.core.export.folder import file_name
from reader.core.model.document import ArticleBuilder, BlockKind, Metadata
from reader.core.store.store import Store
from tests.test_cli import run_reader


def test_export_all_keeps_an_edited_file_and_names_both_files(
    sample_path: Path, isolated_db: Path, tmp_path: Path
) -> None:
    assert main(["--db", str(isolated_db), "highlight", str(sample_path), "62 people died"]) == 0
    vault = tmp_path / "vault"
    first = run_reader("export", "--all", str(vault), "--no-analysis", db=isolated_db)
    assert first.returncode == 0, first.stderr
    (note_file,) = vault.iterdir()
    with note_file.open("a", encoding="utf-8") as file:
        file.write("\nMy own line.\n")
    words = "provisional agreement"
    assert main(["--db", str(isolated_db), "highlight", str(sample_path), words]) == 0

    second = run_reader("export", "--all", str(vault), "--no-analysis", db=isolated_db)

    assert second.returncode == 0, second.stderr
    assert note_file.read_text(encoding="utf-8").endswith("\nMy own line.\n")
    beside = note_file.with_name(note_file.stem + ".reader.md")
    assert "provisional agreement" in beside.read_text(encoding="utf-8")
    assert f"to {vault} (1 written, 0 unchanged)." in second.stderr
    assert (
        f"Kept {note_file}, which was changed outside reader; the export is in {beside}."
        in second.stderr
    )
    third = run_reader("export", "--all", str(vault), "--no-analysis", db=isolated_db)
    assert "(0 written, 1 unchanged)." in third.stderr
    assert note_file.read_text(encoding="utf-8").endswith("\nMy own line.\n")


def test_export_all_reports_each_failure_and_exports_the_rest(
    isolated_db: Path, tmp_path: Path
) -> None:
    with Store(isolated_db) as store:
        records = []
        for title in ("First story", "Broken story", "Last story"):
            builder = ArticleBuilder()
            builder.add(BlockKind.TITLE, title)
            builder.add(BlockKind.PARAGRAPH, f"{title} happened on Monday.")
            records.append(store.add_document(builder.build(Metadata(title=title))))
    with sqlite3.connect(isolated_db) as connection:
        connection.execute("UPDATE documents SET structure = '{' WHERE id = ?", [records[1].id])
    vault = tmp_path / "vault"

    result = run_reader("export", "--all", str(vault), "--no-analysis", db=isolated_db)

    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"reader: 'Broken story' ({records[1].id[:8]}) was not exported: ")
    assert "is damaged" in lines[0]
    assert lines[1] == f"Exported 2 documents to {vault} (2 written, 0 unchanged, 1 failed)."
    assert sorted(path.name for path in vault.iterdir()) == sorted(
        [file_name(records[0]), file_name(records[2])]
    )


def test_o_refuses_a_dangling_symbolic_link(
    sample_path: Path, isolated_db: Path, tmp_path: Path
) -> None:
    assert main(["--db", str(isolated_db), "highlight", str(sample_path), "62 people died"]) == 0
    target = tmp_path / "notes.md"
    target.symlink_to(tmp_path / "nowhere.md")
    result = run_reader("export", str(sample_path), "-o", str(target), db=isolated_db)
    assert result.returncode == 1
    assert result.stderr.startswith(f"reader: {target} is a symbolic link;")
    assert target.is_symlink() and not (tmp_path / "nowhere.md").exists()


def test_o_force_refuses_to_write_through_a_symbolic_link(
    sample_path: Path, isolated_db: Path, tmp_path: Path
) -> None:
    assert main(["--db", str(isolated_db), "highlight", str(sample_path), "62 people died"]) == 0
    real = tmp_path / "real.md"
    real.write_text("the person's file\n", encoding="utf-8")
    target = tmp_path / "notes.md"
    target.symlink_to(real)
    result = run_reader("export", str(sample_path), "-o", str(target), "--force", db=isolated_db)
    assert result.returncode == 1
    assert result.stderr == (
        f"reader: {target} is a symbolic link; reader never writes through one. "
        "Give the path of the file itself.\n"
    )
    assert target.is_symlink()
    assert real.read_text(encoding="utf-8") == "the person's file\n"
