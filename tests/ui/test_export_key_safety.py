"""`X` never overwrites what a person added to the exported file (item 1 of the issue)."""

from __future__ import annotations

from pathlib import Path

from reader.config import Settings
from reader.core.export.folder import file_name
from reader.core.loaders import load_path
from reader.core.store.store import Store
from reader.ui.app import make_app

SIZE = (120, 36)
MINE = "\nMy own thought about the battle.\n"


def one_article(tmp_path: Path) -> tuple[Store, Path, str]:
    """A store file with one highlighted article; its file and stored id."""
    store = Store(tmp_path / "reader.db")
    path = tmp_path / "story.txt"
    path.write_text("A story\n\nThe battle was long and cold. Snow fell.\n", encoding="utf-8")
    article = load_path(path)
    record = store.add_document(article)
    start = article.text.index("The battle")
    store.add_highlight(record.id, start, start + len("The battle"), note="Borodino")
    return store, path, record.id


async def test_x_keeps_the_persons_edit_and_says_where_the_export_went(tmp_path: Path) -> None:
    store, path, document_id = one_article(tmp_path)
    record = store.document(document_id)
    assert record is not None
    folder = tmp_path / "notes"
    app = make_app(store, load_path(path), settings=Settings(export_folder=folder))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("X")
        await pilot.pause()
        exported = folder / file_name(record)
        with exported.open("a", encoding="utf-8") as file:
            file.write(MINE)
        article = store.article(document_id)
        assert article is not None
        start = article.text.index("Snow fell")
        store.add_highlight(document_id, start, start + len("Snow fell"), note="winter")

        await pilot.press("X")
        await pilot.pause()

        assert exported.read_text(encoding="utf-8").endswith(MINE)
        beside = folder / f"A story ({document_id[:8]}).reader.md"
        assert "winter" in beside.read_text(encoding="utf-8")
        last = list(app._notifications)[-1].message
        assert last.startswith(f"Exported to {beside}")
        assert str(exported) in last


async def test_x_never_replaces_a_file_the_person_made_at_that_name(tmp_path: Path) -> None:
    store, path, document_id = one_article(tmp_path)
    record = store.document(document_id)
    assert record is not None
    folder = tmp_path / "notes"
    folder.mkdir()
    theirs = folder / file_name(record)
    theirs.write_text("My notes on this story, by hand.\n", encoding="utf-8")
    app = make_app(store, load_path(path), settings=Settings(export_folder=folder))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("X")
        await pilot.pause()
        assert theirs.read_text(encoding="utf-8") == "My notes on this story, by hand.\n"
        beside = folder / f"A story ({document_id[:8]}).reader.md"
        assert "Borodino" in beside.read_text(encoding="utf-8")
        last = list(app._notifications)[-1].message
        assert str(beside) in last and str(theirs) in last
