"""The library screen and the open-file dialog, driven through Textual's Pilot."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path, PurePath
from typing import Any, ClassVar

import pytest
from textual import on
from textual.app import App
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Input, Label

from reader.core.model.document import ArticleBuilder, BlockKind, Metadata
from reader.core.store.store import Store
from reader.ui.screens.library import LibraryScreen
from reader.ui.screens.open_file import OpenFileScreen, PathSuggester

SCREENS = Path(__file__).resolve().parents[2] / "reader" / "ui" / "screens"
NOW = datetime(2026, 11, 26, 18, 0, 0, tzinfo=UTC)
"""The fixed "now" the screen is given, an hour after the last test document was opened."""


class LibraryApp(App[None]):
    """Shows only the library, and keeps the messages it posts for the test to read."""

    CSS_PATH: ClassVar[list[str | PurePath]] = [
        SCREENS / "library.tcss",
        SCREENS / "open_file.tcss",
    ]

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.chosen_documents: list[str] = []
        self.chosen_files: list[str] = []

    def on_mount(self) -> None:
        self.push_screen(LibraryScreen(self.store, now=lambda: NOW))

    @on(LibraryScreen.DocumentChosen)
    def keep_document(self, message: LibraryScreen.DocumentChosen) -> None:
        self.chosen_documents.append(message.document_id)

    @on(LibraryScreen.FileChosen)
    def keep_file(self, message: LibraryScreen.FileChosen) -> None:
        self.chosen_files.append(message.path)


@pytest.fixture(autouse=True)
def utc_local_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Local dates are shown, so the tests pin the local time zone to UTC."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


class Clock:
    """A store clock that says whatever time the test last set."""

    def __init__(self, stamp: str) -> None:
        self.stamp = stamp

    def __call__(self) -> str:
        return self.stamp


def article(title: str, source: str, paragraphs: int = 4) -> Any:
    builder = ArticleBuilder()
    builder.add(BlockKind.TITLE, title)
    for number in range(paragraphs):
        builder.add(BlockKind.PARAGRAPH, f"{title}, paragraph {number}. " + "Words go on. " * 5)
    return builder.build(Metadata(title=title, source=source))


@pytest.fixture
def clock() -> Clock:
    return Clock("2026-11-20T09:00:00Z")


@pytest.fixture
def store(clock: Clock) -> Iterator[Store]:
    """Three documents opened in turn (Alpha, then Bravo, then Charlie), with annotations."""
    with Store.memory(clock=clock) as store:
        alpha = store.add_document(article("Alpha notes", "/home/ann/papers/alpha.md"))
        clock.stamp = "2026-11-25T10:00:00Z"
        bravo = store.add_document(article("Bravo report", "https://www.example.org/bravo"))
        clock.stamp = "2026-11-26T17:00:00Z"
        charlie = store.add_document(article("Charlie diary", "/tmp/charlie.txt"))
        store.add_highlight(alpha.id, 0, 5)
        store.add_highlight(alpha.id, 20, 30)
        store.add_highlight(charlie.id, 0, 7)
        store.save_position(bravo.id, bravo.length // 2)
        yield store


def table_of(app: App[Any]) -> DataTable[Any]:
    return app.screen.query_one("#library-table", DataTable)


def column(app: App[Any], key: str) -> list[str]:
    table = table_of(app)
    return [
        table.get_cell_at(Coordinate(row, table.get_column_index(key))).plain
        for row in range(table.row_count)
    ]


def titles(app: App[Any]) -> list[str]:
    return column(app, "title")


def labels(app: App[Any]) -> list[str]:
    return [col.label.plain for col in table_of(app).ordered_columns]


async def test_rows_start_newest_opened_first_with_their_details(store: Store) -> None:
    app = LibraryApp(store)
    async with app.run_test(size=(120, 30)):
        assert titles(app) == ["Charlie diary", "Bravo report", "Alpha notes"]
        assert column(app, "source") == ["charlie.txt", "example.org", "alpha.md"]
        assert column(app, "added") == ["2026-11-26", "2026-11-25", "2026-11-20"]
        assert column(app, "last_opened") == ["1 hour ago", "yesterday", "6 days ago"]
        assert column(app, "progress") == ["0%", "50%", "0%"]
        assert column(app, "highlights") == ["1", "0", "2"]
        assert labels(app) == [
            "Title",
            "Source",
            "Added",
            "Last opened ▼",
            "Progress",
            "Highlights",
        ]
        title = app.screen.query_one("#library-title", Label)
        assert str(title.render()) == "Library — 3 documents"
        assert table_of(app).has_focus


async def test_typing_in_the_filter_narrows_the_rows(store: Store) -> None:
    app = LibraryApp(store)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await pilot.press("O")  # any case
        assert titles(app) == ["Bravo report", "Alpha notes"]
        await pilot.press("R")
        assert titles(app) == ["Bravo report"]
        title = app.screen.query_one("#library-title", Label)
        assert str(title.render()) == "Library — 1 of 3 documents"
        await pilot.press("escape")
        assert app.screen.query_one("#library-filter", Input).value == ""
        assert titles(app) == ["Charlie diary", "Bravo report", "Alpha notes"]
        assert table_of(app).has_focus


async def test_the_filter_matches_the_source_too(store: Store) -> None:
    app = LibraryApp(store)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("slash", *"example.org")
        assert titles(app) == ["Bravo report"]
        await pilot.press(*"zzz")
        assert not table_of(app).display
        empty = app.screen.query_one("#library-empty", Label)
        assert empty.display
        assert "example.orgzzz" in str(empty.render())


async def test_number_keys_sort_and_pressing_again_reverses(store: Store) -> None:
    app = LibraryApp(store)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("1")
        assert titles(app) == ["Alpha notes", "Bravo report", "Charlie diary"]
        assert labels(app)[0] == "Title ▲"
        assert labels(app)[3] == "Last opened"
        await pilot.press("1")
        assert titles(app) == ["Charlie diary", "Bravo report", "Alpha notes"]
        assert labels(app)[0] == "Title ▼"
        await pilot.press("6")  # most highlights first
        assert column(app, "highlights") == ["2", "1", "0"]
        await pilot.press("6")
        assert column(app, "highlights") == ["0", "1", "2"]
        await pilot.press("5")
        assert titles(app)[0] == "Bravo report"


async def test_clicking_a_header_sorts_by_it(store: Store) -> None:
    app = LibraryApp(store)
    async with app.run_test(size=(120, 30)) as pilot:
        table = table_of(app)
        source_x = table.ordered_columns[0].get_render_width(table) + 2
        await pilot.click(table, offset=(source_x, 0))
        assert column(app, "source") == ["alpha.md", "charlie.txt", "example.org"]
        assert labels(app)[1] == "Source ▲"


async def test_the_cursor_stays_on_its_document_when_the_order_changes(store: Store) -> None:
    app = LibraryApp(store)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("down")  # Bravo report
        await pilot.press("6")  # Alpha, Charlie, Bravo
        assert titles(app)[table_of(app).cursor_row] == "Bravo report"


async def test_enter_asks_the_app_to_open_the_document(store: Store) -> None:
    app = LibraryApp(store)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("down", "enter")
        await pilot.pause()
        bravo = next(s.record.id for s in store.documents() if s.record.title == "Bravo report")
        assert app.chosen_documents == [bravo]


async def test_returning_to_the_library_reads_the_store_again(store: Store) -> None:
    app = LibraryApp(store)
    async with app.run_test(size=(120, 30)) as pilot:
        alpha = next(s.record for s in store.documents() if s.record.title == "Alpha notes")
        await pilot.press("o")
        store.add_highlight(alpha.id, 40, 45)
        store.save_position(alpha.id, alpha.length)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert column(app, "highlights")[2] == "3"
        assert column(app, "progress")[2] == "100%"


async def test_r_refreshes_from_the_store(store: Store, clock: Clock) -> None:
    app = LibraryApp(store)
    async with app.run_test(size=(120, 30)) as pilot:
        clock.stamp = "2026-11-26T17:59:30Z"
        store.add_document(article("Delta news", "https://news.example.com/delta"))
        assert len(titles(app)) == 3
        await pilot.press("r")
        assert titles(app)[0] == "Delta news"
        assert column(app, "source")[0] == "news.example.com"
        assert column(app, "last_opened")[0] == "just now"


async def test_an_empty_store_says_how_to_open_a_file() -> None:
    with Store.memory() as store:
        app = LibraryApp(store)
        async with app.run_test(size=(100, 30)):
            empty = app.screen.query_one("#library-empty", Label)
            assert empty.display
            assert not table_of(app).display
            text = str(empty.render())
            assert "o to open a file" in text
            assert "reader PATH" in text
            title = app.screen.query_one("#library-title", Label)
            assert str(title.render()) == "Library — 0 documents"


async def test_a_title_that_looks_like_markup_is_shown_as_typed() -> None:
    with Store.memory() as store:
        store.add_document(article("[bold]x[/] and [red]y", "/tmp/[b]odd.txt"))
        app = LibraryApp(store)
        async with app.run_test(size=(100, 30)):
            table = table_of(app)
            assert titles(app) == ["[bold]x[/] and [red]y"]
            assert column(app, "source") == ["[b]odd.txt"]
            drawn = table.render_line(1).text  # row 0 is the header
            assert "[bold]x[/] and [red]y" in drawn
            assert "[b]odd.txt" in drawn


# The open-file dialog


async def test_o_opens_the_dialog_and_enter_posts_the_file(store: Store, tmp_path: Path) -> None:
    chosen = tmp_path / "story.md"
    chosen.write_text("# A story\n\nText.\n", encoding="utf-8")
    app = LibraryApp(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("o")
        assert isinstance(app.screen, OpenFileScreen)
        path_input = app.screen.query_one("#open-file-path", Input)
        assert app.focused is path_input
        assert path_input.value.endswith(os.sep)
        path_input.value = ""
        await pilot.press(*str(chosen), "enter")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert app.chosen_files == [str(chosen)]


async def test_a_missing_path_keeps_the_dialog_open_with_an_error(
    store: Store, tmp_path: Path
) -> None:
    app = LibraryApp(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("o")
        dialog = app.screen
        path_input = dialog.query_one("#open-file-path", Input)
        error = dialog.query_one("#open-file-error", Label)
        assert not error.display
        path_input.value = str(tmp_path / "missing.txt")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog
        assert error.display
        assert str(error.render()) == f"There is no file at {tmp_path / 'missing.txt'}."
        path_input.value = str(tmp_path)
        await pilot.press("enter")
        assert "is a folder" in str(error.render())
        await pilot.press("x")  # editing the path clears the complaint
        assert not error.display
        assert app.chosen_files == []


async def test_escape_closes_the_dialog_with_nothing() -> None:
    results: list[str | None] = []
    with Store.memory() as empty:
        app = LibraryApp(empty)
        async with app.run_test(size=(100, 30)) as pilot:
            app.push_screen(OpenFileScreen(), results.append)
            await pilot.pause()
            await pilot.press(*"abc", "escape")
            await pilot.pause()
            assert results == [None]
            assert isinstance(app.screen, LibraryScreen)
            assert app.chosen_files == []


async def test_the_dialog_starts_in_the_given_folder_with_home_as_tilde(tmp_path: Path) -> None:
    with Store.memory() as store:
        app = LibraryApp(store)
        async with app.run_test(size=(100, 30)) as pilot:
            app.push_screen(OpenFileScreen(Path.home()))
            await pilot.pause()
            assert app.screen.query_one("#open-file-path", Input).value == "~" + os.sep


async def test_tab_completes_a_path_in_the_dialog(tmp_path: Path) -> None:
    (tmp_path / "Reports").mkdir()
    (tmp_path / "Reports" / "summer.html").write_text("<p>x</p>", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    with Store.memory() as store:
        app = LibraryApp(store)
        async with app.run_test(size=(100, 30)) as pilot:
            app.push_screen(OpenFileScreen(tmp_path))
            await pilot.pause()
            path_input = app.screen.query_one("#open-file-path", Input)
            assert path_input.value == str(tmp_path) + os.sep
            await pilot.press("r")
            await pilot.pause()
            await pilot.press("tab")
            assert path_input.value == str(tmp_path / "Reports") + os.sep
            await pilot.press("s")
            await pilot.pause()
            await pilot.press("tab")
            assert path_input.value == str(tmp_path / "Reports" / "summer.html")
            assert isinstance(app.screen, OpenFileScreen)  # Tab did not move the focus away


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("no", "notes.txt"),
        ("NOTES", "notes.txt"),
        ("Not", "Notebook" + os.sep),
        ("re", "Reports" + os.sep),
        ("Reports", "Reports" + os.sep),
        ("Reports" + os.sep + "s", "Reports" + os.sep + "summer.html"),
        (".h", ".hidden"),
        ("h", None),
        ("zzz", None),
        ("notes.txt", None),
        ("", None),
    ],
    ids=[
        "file",
        "any-case",
        "exact-case-first",
        "folder-gets-separator",
        "whole-folder-name",
        "inside-a-folder",
        "hidden-once-dot-typed",
        "hidden-not-offered",
        "no-match",
        "already-complete",
        "nothing-typed",
    ],
)
async def test_path_suggestions(tmp_path: Path, typed: str, expected: str | None) -> None:
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    (tmp_path / "Notebook").mkdir()
    (tmp_path / "Reports").mkdir()
    (tmp_path / "Reports" / "summer.html").write_text("x", encoding="utf-8")
    (tmp_path / ".hidden").write_text("x", encoding="utf-8")
    prefix = str(tmp_path) + os.sep
    suggestion = await PathSuggester().get_suggestion(prefix + typed)
    assert suggestion == (None if expected is None else prefix + expected)


async def test_path_suggestions_keep_a_typed_tilde(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "Articles").mkdir()
    assert await PathSuggester().get_suggestion("~/art") == "~/Articles" + os.sep


# Cell formatting
