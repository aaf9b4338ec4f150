"""Ctrl+F searches every highlight and note; X exports the article; a changed file re-anchors."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, OptionList

from reader.config import Settings
from reader.core.export.folder import file_name
from reader.core.loaders import load_path
from reader.core.store.store import Store
from reader.ui.app import make_app
from reader.ui.screens.annotation_search import AnnotationSearchScreen
from reader.ui.screens.reading import ReadingScreen
from reader.ui.widgets.article_view import ArticleView

SIZE = (120, 36)


def two_documents(tmp_path: Path) -> tuple[Store, str, int]:
    """A store with two articles; the second has a highlight with a note about "Borodino"."""
    store = Store(tmp_path / "reader.db")
    first = tmp_path / "first.txt"
    first.write_text("First story\n\nNothing to see here at all.\n", encoding="utf-8")
    second = tmp_path / "second.txt"
    body = (
        "Second story\n\n" + "Filler sentence here. " * 80 + "\n\nThe battle was long and cold.\n"
    )
    second.write_text(body, encoding="utf-8")
    store.add_document(load_path(first))
    article = load_path(second)
    record = store.add_document(article)
    start = article.text.index("The battle")
    store.add_highlight(
        record.id, start, start + len("The battle was long"), note="Borodino, remember"
    )
    return store, record.id, start


async def test_ctrl_f_finds_a_note_and_enter_opens_its_document_there(tmp_path: Path) -> None:
    store, document_id, start = two_documents(tmp_path)
    app = make_app(store, load_path(tmp_path / "first.txt"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+f")
        assert isinstance(app.screen, AnnotationSearchScreen)
        await pilot.press(*"borodino")
        results = app.screen.query_one(OptionList)
        for _ in range(50):  # the search runs once typing pauses
            if results.option_count:
                break
            await pilot.pause(0.1)
        assert results.option_count == 1
        assert "Second story" in str(results.get_option_at_index(0).prompt)
        await pilot.press("enter")
        for _ in range(50):
            if isinstance(app.screen, ReadingScreen) and app.screen.document_id == document_id:
                break
            await pilot.pause(0.1)
        screen = app.screen
        assert isinstance(screen, ReadingScreen)
        assert screen.document_id == document_id
        assert screen.query_one(ArticleView).caret == start


async def test_escape_leaves_the_search_and_nothing_found_says_so(tmp_path: Path) -> None:
    store, _, _ = two_documents(tmp_path)
    app = make_app(store, load_path(tmp_path / "first.txt"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+f", *"zeppelin")
        summary = app.screen.query_one("#annotation-summary")
        for _ in range(50):
            if str(summary.render()):
                break
            await pilot.pause(0.1)
        assert "Nothing matches 'zeppelin'" in str(summary.render())
        assert app.screen.query_one(Input).value == "zeppelin"
        await pilot.press("escape")
        assert isinstance(app.screen, ReadingScreen)


async def test_x_exports_the_article_to_the_folder_and_says_where(tmp_path: Path) -> None:
    store, document_id, _ = two_documents(tmp_path)
    folder = tmp_path / "notes"
    record = store.document(document_id)
    assert record is not None
    app = make_app(
        store, load_path(tmp_path / "second.txt"), settings=Settings(export_folder=folder)
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("X")
        await pilot.pause()
        target = folder / file_name(record)
        assert "Borodino, remember" in target.read_text(encoding="utf-8")
        assert any(str(target) in note.message for note in app._notifications)


async def test_opening_a_changed_file_in_the_app_reanchors_its_highlights(
    tmp_path: Path,
) -> None:
    store, old_id, _ = two_documents(tmp_path)
    second = tmp_path / "second.txt"
    second.write_text(
        second.read_text(encoding="utf-8").replace("Second story", "Second story, revised"),
        encoding="utf-8",
    )
    app = make_app(store, load_path(tmp_path / "first.txt"))
    async with app.run_test(size=SIZE) as pilot:
        app.open_path(str(second))
        await app.workers.wait_for_complete()
        for _ in range(100):  # the file is loaded in a worker: wait for its screen
            if isinstance(app.screen, ReadingScreen) and app.screen.document_id != old_id:
                break
            await pilot.pause(0.1)
        screen = app.screen
        assert isinstance(screen, ReadingScreen)
        assert screen.document_id != old_id
        (moved,) = store.highlights(screen.document_id)
        assert screen.article.text[moved.start : moved.end] == "The battle was long"
        for _ in range(50):  # a notification is posted as a message: let it land
            if any("1 of 1 highlight placed again" in n.message for n in app._notifications):
                break
            await pilot.pause(0.1)
        assert any("1 of 1 highlight placed again" in n.message for n in app._notifications)


def test_a_snippet_shows_its_words_without_the_match_delimiters() -> None:
    from rich.style import Style

    from reader.core.store.fulltext import SearchHit
    from reader.ui.screens.annotation_search import marked_snippet

    hit = SearchHit(
        document_id="d",
        title="T",
        kind="highlight",
        id="h",
        exact="The #ceasefire line",
        note="",
        snippet="The #[ceasefire] line [[wiki]]",
        marks=((6, 15),),
        start=0,
        end=19,
        rank=-1.0,
    )
    text = marked_snippet(hit, Style(bold=True))
    assert text.plain == "The #ceasefire line [[wiki]]"
    bold = [
        text.plain[span.start : span.end] for span in text.spans if span.style == Style(bold=True)
    ]
    assert bold == ["ceasefire"]
