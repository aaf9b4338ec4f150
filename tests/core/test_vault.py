"""`reader export --all DIR`: a folder of Markdown files, one per document, kept up to date."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.errors import ExportError
from reader.core.export.folder import export_all, file_name
from reader.core.model.document import ArticleBuilder, BlockKind, Metadata
from reader.core.store.store import Store


def article(title: str, body: str):  # type: ignore[no-untyped-def]
    builder = ArticleBuilder()
    builder.add(BlockKind.TITLE, title)
    builder.add(BlockKind.PARAGRAPH, body)
    return builder.build(Metadata(title=title))


def test_one_file_per_document_and_a_rerun_writes_only_changes(tmp_path: Path) -> None:
    store = Store(tmp_path / "reader.db")
    first = store.add_document(article("Ceasefire: in Syria?", "Kerry said the talks went on."))
    second = store.add_document(article("Markets", "Stocks rose 2% on Monday."))
    store.add_highlight(first.id, 0, 8, note="#syria first note")
    vault = tmp_path / "vault"
    report = export_all(store, vault, exported="2026-11-26T10:00:00Z", with_analysis=False)
    names = sorted(path.name for path in vault.iterdir())
    assert names == sorted([file_name(first), file_name(second)])
    assert file_name(first) == f"Ceasefire in Syria ({first.id[:8]}).md"
    assert len(report.written) == 2
    text = (vault / file_name(first)).read_text(encoding="utf-8")
    assert "#syria first note" in text
    assert "^" in text  # the highlight's block id, for links back

    again = export_all(store, vault, exported="2026-11-27T10:00:00Z", with_analysis=False)
    assert again.written == []  # only the export time differs
    assert len(again.unchanged) == 2

    store.add_highlight(second.id, 0, 6, note="a new note")
    third = export_all(store, vault, exported="2026-11-28T10:00:00Z", with_analysis=False)
    assert third.written == [vault / file_name(second)]
    assert "a new note" in (vault / file_name(second)).read_text(encoding="utf-8")


def test_files_the_person_made_are_left_alone(tmp_path: Path) -> None:
    store = Store(tmp_path / "reader.db")
    store.add_document(article("One", "Body text here."))
    vault = tmp_path / "vault"
    vault.mkdir()
    mine = vault / "my own note.md"
    mine.write_text("mine", encoding="utf-8")
    export_all(store, vault, exported="2026-11-26T10:00:00Z", with_analysis=False)
    assert mine.read_text(encoding="utf-8") == "mine"


def test_a_file_in_place_of_the_folder_is_one_sentence(tmp_path: Path) -> None:
    store = Store(tmp_path / "reader.db")
    target = tmp_path / "vault"
    target.write_text("not a folder", encoding="utf-8")
    with pytest.raises(ExportError, match="is a file"):
        export_all(store, target, exported="2026-11-26T10:00:00Z")
