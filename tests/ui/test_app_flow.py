"""Moving between the library and the reading screen, with the store kept current."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

from textual.widgets import DataTable

from reader.core.model.document import ArticleBuilder, BlockKind, Metadata
from reader.core.store.store import Store
from reader.ui.app import make_app
from reader.ui.screens.library import LibraryScreen
from reader.ui.screens.reading import ReadingScreen
from reader.ui.widgets.article_view import ArticleView


def story(title: str, paragraphs: int = 80) -> ArticleBuilder:
    builder = ArticleBuilder()
    builder.add(BlockKind.TITLE, title)
    for number in range(paragraphs):
        builder.add(BlockKind.PARAGRAPH, f"{title} paragraph {number}. " + "More words. " * 12)
    return builder


def ticking_clock() -> Callable[[], str]:
    """A clock one minute later at every call, so "most recently opened" is unambiguous."""
    minutes = itertools.count()
    return lambda: f"2026-01-01T10:{next(minutes):02d}:00Z"


async def test_without_an_article_the_library_opens_and_enter_reads(tmp_path: Path) -> None:
    store = Store(tmp_path / "reader.db", clock=ticking_clock())
    first = story("First story").build(Metadata(title="First story", source="/a.txt"))
    store.add_document(first)
    store.add_document(story("Second story").build(Metadata(title="Second story")))
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 2
        # Newest first: the second story is on top; move down to the first and open it.
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReadingScreen)
        assert app.screen.article.title == "First story"
        assert app.screen.article.text == first.text
        await pilot.press(*["space"] * 3)
        place = app.screen.query_one(ArticleView).caret
        await pilot.press("L")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        # The place was written on the way out, so the library's progress is current.
        assert store.position(first.content_hash) == place > 0


async def test_library_key_from_an_article_opened_directly(tmp_path: Path) -> None:
    store = Store(tmp_path / "reader.db")
    app = make_app(store, story("Only story").build())
    async with app.run_test(size=(100, 30)) as pilot:
        assert isinstance(app.screen, ReadingScreen)
        await pilot.press("L")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert app.screen.query_one(DataTable).row_count == 1


async def test_opening_a_file_from_the_library(tmp_path: Path) -> None:
    article_path = tmp_path / "fresh.md"
    article_path.write_text("# Fresh article\n\nIts *only* paragraph.\n", encoding="utf-8")
    store = Store(tmp_path / "reader.db")
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("o")
        await pilot.pause()
        dialog_input = app.screen.query_one("Input")
        dialog_input.value = str(article_path)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ReadingScreen)
        assert app.screen.article.title == "Fresh article"
        assert [record.record.title for record in store.documents()] == ["Fresh article"]


async def test_a_bad_file_from_the_library_is_a_notification(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    app = make_app(Store(tmp_path / "reader.db"))
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_path(str(empty))
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert any("empty" in str(note.message) for note in app._notifications)


async def test_the_place_is_saved_once_the_reader_pauses(tmp_path: Path) -> None:
    from reader.ui.app import PLACE_SAVE_DELAY

    store = Store(tmp_path / "reader.db")
    article = story("Long story").build()
    app = make_app(store, article)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press(*["j"] * 12)
        place = app.screen.query_one(ArticleView).caret
        assert place > 0
        assert store.position(article.content_hash) == 0  # not written on every key
        await pilot.pause(PLACE_SAVE_DELAY + 0.5)
        assert store.position(article.content_hash) == place  # written while still reading
        await pilot.press("space")  # and again after the next pause, not only the first
        later = app.screen.query_one(ArticleView).caret
        await pilot.pause(PLACE_SAVE_DELAY + 0.5)
        assert store.position(article.content_hash) == later > place


async def test_the_library_goes_back_to_the_article_with_l_or_escape(tmp_path: Path) -> None:
    # Fails on the old code: in the library, L and Escape did nothing.
    store = Store(tmp_path / "reader.db", clock=ticking_clock())
    app = make_app(store, story("Only story").build())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*["space"] * 3)
        place = app.screen.query_one(ArticleView).caret
        for back in ("L", "escape"):
            await pilot.press("L")
            await pilot.pause()
            assert isinstance(app.screen, LibraryScreen)
            await pilot.press(back)
            await pilot.pause()
            assert isinstance(app.screen, ReadingScreen)
            assert app.screen.query_one(ArticleView).caret == place


async def test_back_from_the_library_reopens_the_last_article_read(tmp_path: Path) -> None:
    store = Store(tmp_path / "reader.db", clock=ticking_clock())
    store.add_document(story("First story").build(Metadata(title="First story")))
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReadingScreen)
        await pilot.press("L")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press("slash", "x", "escape")  # the first Escape clears the filter
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReadingScreen)
        assert app.screen.article.title == "First story"


async def test_d_in_the_library_deletes_a_document_after_saying_how_much_goes(
    tmp_path: Path,
) -> None:
    # Fails on the old code: there was no way to delete a document.
    from reader.ui.screens.confirm_dialog import ConfirmDialog

    store = Store(tmp_path / "reader.db", clock=ticking_clock())
    first = story("First story").build(Metadata(title="First story"))
    record = store.add_document(first)
    store.add_highlight(record.id, 0, 5, note="mine")
    store.add_highlight(record.id, 10, 15)
    store.add_document(story("Second story").build(Metadata(title="Second story")))
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("down", "d")  # the first story (the second is newer, on top)
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "“First story” with its 2 highlights and 1 note?" in app.screen.question
        await pilot.press("n")
        await pilot.pause()
        assert len(store.documents()) == 2  # kept
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert [s.record.title for s in store.documents()] == ["Second story"]
        assert store.highlights(record.id) == []
        assert app.screen.query_one(DataTable).row_count == 1


async def test_the_document_being_read_is_not_deleted_from_the_library(tmp_path: Path) -> None:
    store = Store(tmp_path / "reader.db")
    app = make_app(store, story("Only story").build())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("L")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert len(store.documents()) == 1


async def test_notes_and_highlights_written_elsewhere_show_within_a_second(
    tmp_path: Path,
) -> None:
    # Fails on the old code: a document note written in another window never appeared.
    store = Store(tmp_path / "reader.db")
    app = make_app(store, story("Only story").build())
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReadingScreen) and screen.annotator is not None
        with Store(tmp_path / "reader.db") as other:  # another window, or `reader highlight`
            other.add_document_note(screen.document_id, "written in the other window")
            other.add_highlight(screen.document_id, 0, 4)
        await pilot.pause(1.0)
        assert [note.text for note in screen.annotator.document_notes] == [
            "written in the other window"
        ]
        assert len(screen.highlights) == 1


async def test_ctrl_c_quits_like_q_and_saves_the_place(tmp_path: Path) -> None:
    # Fails on the old code: Ctrl+C only said to press Ctrl+Q.
    store = Store(tmp_path / "reader.db")
    article = story("Long story").build()
    app = make_app(store, article)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press(*["space"] * 2)
        place = app.screen.query_one(ArticleView).caret
        await pilot.press("ctrl+c")
        await pilot.pause()
    assert app.return_code == 0
    assert store.position(article.content_hash) == place > 0
