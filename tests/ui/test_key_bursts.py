"""Keys that arrive in one burst (a paste, a macro, a fast typist) right after a key that opens
an input: every one reaches the input, in order, and none runs as a command (issue 14)."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from reader.core.loaders import load_path
from reader.core.store.store import Store
from reader.ui.app import make_app
from reader.ui.screens.note_editor import NoteEditor
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.entities_pane import EntitiesPane

SAMPLE = Path(__file__).resolve().parents[2] / "seeds" / "syria-ceasefire-2016.txt"

NAMES = {"/": "slash", " ": "space"}


async def burst(pilot: Pilot[None], text: str) -> None:
    """Send each character of `text` as a key, all at once (no waiting between them, as a
    terminal delivers a paste or a macro), then let the app take them."""
    driver = pilot.app._driver
    assert driver is not None
    for char in text:
        event = events.Key(NAMES.get(char, char), char)
        event.set_sender(pilot.app)
        driver.send_message(event)
    await pilot.pause()
    await pilot.pause()


async def test_a_search_typed_in_one_burst_is_searched_whole() -> None:
    # Fails on the old code: "/kerry" opened an empty search bar, and "e" coloured every
    # entity in the text.
    app = make_app(Store.memory(), load_path(SAMPLE))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(ArticleView)
        await burst(pilot, "/kerry")
        assert app.screen.query_one("#search-input", Input).value == "kerry"
        assert view.marks is None
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.focused is view


async def test_a_note_typed_in_one_burst_after_its_key_is_kept_whole() -> None:
    # Fails on the old code: "Ahello" opened the editor and dropped the text (or ran it).
    app = make_app(Store.memory(), load_path(SAMPLE))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await burst(pilot, "Ahello")
        assert isinstance(app.screen, NoteEditor)
        assert app.screen.query_one(TextArea).text == "hello"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [note.text for note in app.store.document_notes(app.screen.document_id)] == ["hello"]


async def test_the_keys_that_open_inputs_are_typed_as_text_in_a_pane_filter() -> None:
    # The gate watches for `/`, `a` and `A` only where they open an input: in the article.
    app = make_app(Store.memory(), load_path(SAMPLE))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("E")
        await pilot.pause()
        pane = app.screen.focused
        assert pane is not None and not isinstance(pane, ArticleView)
        await burst(pilot, "aaron")
        assert not isinstance(app.screen, NoteEditor)
        assert not app.key_gate.holding  # nothing held: the filter is not the article
        assert app.screen.query_one(EntitiesPane).filter_text == "aaron"


async def test_a_note_on_a_selection_typed_in_one_burst_is_kept_whole() -> None:
    app = make_app(Store.memory(), load_path(SAMPLE))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await burst(pilot, "Vamy note")
        assert isinstance(app.screen, NoteEditor)
        assert app.screen.query_one(TextArea).text == "my note"
