"""No escape sequence from stored data ever reaches the terminal from the app (issue 11.1, 11.2).

A note holding `ESC ] 0;X BEL` (rename the window) and `ESC [2J` (wipe the screen), a title
and a source path holding escapes, a bidi override, tag characters and a Hangul filler, and a
colour label with an escape: each surface that shows them is drawn, and the drawn screen
(Textual's screenshot, the text of every cell) must hold no ESC or BEL and show `␛` instead.
"""

from __future__ import annotations

from textual.widgets import OptionList

from reader.config import Settings
from reader.core.model.document import Article, ArticleBuilder, BlockKind, Metadata
from reader.core.store.store import Store
from reader.ui.app import ReaderApp, make_app
from reader.ui.screens.annotation_search import AnnotationSearchScreen
from reader.ui.screens.library import LibraryScreen
from reader.ui.screens.note_editor import NoteEditor
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.status_line import StatusLine

BODY = "The ceasefire begins at midnight. Both sides agreed to it on Sunday."
NOTE = "\x1b]0;X\x07watch \x1b[2Jthis [bold]x[/] closely"
TITLE = "\x1b]0;PWNED\x07Truce \u202etalks\u202c\U000e0041\u3164"
SOURCE = "/tmp/\x1b[2Jstory.txt"
WIDE = (140, 40)


def article() -> Article:
    builder = ArticleBuilder()
    builder.add(BlockKind.PARAGRAPH, BODY)
    return builder.build(Metadata(title=TITLE, source=SOURCE))


def noted_app() -> ReaderApp:
    store = Store.memory()
    text = article()
    record = store.add_document(text)
    store.add_highlight(record.id, 0, 13, note=NOTE)
    store.add_document_note(record.id, "on the whole \x1b[2J document watch")
    settings = Settings(colors={"yellow": "\x1b[31mlabel"})
    return make_app(store, text, theme="reader-dark", settings=settings)


def assert_drawn_safely(app: ReaderApp) -> str:
    """The screen as drawn: no ESC, BEL or bidi override anywhere; returns it."""
    drawn = app.export_screenshot()
    assert "\x1b" not in drawn
    assert "\x07" not in drawn
    assert "\u202e" not in drawn
    assert "\U000e0041" not in drawn
    return drawn


async def test_notes_pane_and_status_line() -> None:
    app = noted_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("M")
        await pilot.pause()
        drawn = assert_drawn_safely(app)
        assert "␛]0;X␇watch" in drawn
        assert "[bold]x[/]" in drawn.replace("&#160;", " ")  # markup is shown as text
        status = app.screen.query_one(StatusLine).render().plain
        assert "\x1b" not in status and "␛" in status


async def test_note_editor_keeps_the_note_and_draws_it_safely() -> None:
    app = noted_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)
        assert app.screen.text_area.text == NOTE
        drawn = assert_drawn_safely(app)
        assert "␛[2J" in drawn
        await pilot.press("ctrl+s")
        await pilot.pause()
        store = app.store
        document_id = store.documents()[0].record.id
        assert [h.note for h in store.highlights(document_id)] == [NOTE.strip()]


async def test_annotation_search_results() -> None:
    app = noted_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("ctrl+f")
        assert isinstance(app.screen, AnnotationSearchScreen)
        await pilot.press(*"watch")
        results = app.screen.query_one(OptionList)
        for _ in range(50):
            if results.option_count:
                break
            await pilot.pause(0.1)
        assert results.option_count == 2
        await pilot.pause()
        drawn = assert_drawn_safely(app)
        assert "␛]0;PWNED" in drawn


async def test_library_title_and_source_columns() -> None:
    app = noted_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("L")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        drawn = assert_drawn_safely(app)
        assert "U+202E" in drawn  # written &lt;U+202E&gt; in the SVG


async def test_notifications_and_window_title() -> None:
    app = noted_app()
    async with app.run_test(size=WIDE) as pilot:
        app.notify(f"Exported to {SOURCE}", title=TITLE, markup=False)
        await pilot.pause()
        assert_drawn_safely(app)
        assert "\x1b" not in app.title and "\u202e" not in app.title


async def test_bidi_controls_in_article_text_are_kept_but_not_drawn() -> None:
    body = "Prices rose \u202eby 40 percent\u202c and \u2066fell\u2069 again\U000e0041 later."
    builder = ArticleBuilder()
    builder.add(BlockKind.PARAGRAPH, body)
    text = builder.build(Metadata(title="Prices", source="prices.txt"))
    store = Store.memory()
    store.add_document(text)
    app = make_app(store, text, theme="reader-dark")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        drawn = assert_drawn_safely(app)
        assert "\u2066" not in drawn and "\u2069" not in drawn and "\u202c" not in drawn
        # The words are drawn in reading order, and the article keeps every character.
        view = app.screen.query_one(ArticleView)
        rows = " ".join(view.render_line(y).text for y in range(view.size.height))
        assert "Prices rose by 40 percent and fell again later." in rows
        assert view.article.text == body
