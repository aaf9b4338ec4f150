"""The first reading window, driven by key presses through Textual's Pilot."""

from __future__ import annotations

from pathlib import Path

from reader.core.loaders import load_path
from reader.core.model.document import ArticleBuilder, BlockKind, Metadata
from reader.core.store.store import Store
from reader.ui.app import make_app
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.status_line import StatusLine


def screen_text(view: ArticleView) -> list[str]:
    """The rows the view draws right now, as plain text without trailing blanks."""
    return [view.render_line(y).text.rstrip() for y in range(view.scrollable_content_region.height)]


def long_article(paragraphs: int = 200) -> ArticleBuilder:
    builder = ArticleBuilder()
    builder.add(BlockKind.TITLE, "A long story")
    for number in range(paragraphs):
        builder.add(BlockKind.PARAGRAPH, f"Paragraph {number}. " + "Words of the story go on. " * 8)
    return builder


async def test_sample_article_shows_title_and_dek_styled(sample_path: Path) -> None:
    article = load_path(sample_path)
    app = make_app(Store.memory(), article)
    async with app.run_test(size=(120, 30)) as pilot:
        # No headings, so no sidebar: the text column gets its full 72 columns.
        assert not app.screen.query("#sidebar")  # never shown, so never built
        view = app.screen.query_one(ArticleView)
        rows = screen_text(view)
        assert (
            rows[0].strip()
            == "ISIS Unleashes Attacks As Provisional Ceasefire Deal Reached On Syria"
        )
        assert rows[2].strip().startswith("Explosions tore through Damascus and Homs")
        title_style = view.render_line(0)._segments[-1].style
        assert any(
            s.style and s.style.bold for s in view.render_line(0)._segments if s.text.strip()
        )
        assert title_style is not None
        # Paragraphs wrap to the reading width, centred: no row is wider than 72 columns.
        assert view.text_layout.width == 72
        assert all(len(row.strip()) <= 72 for row in rows)
        assert app.screen.query_one(StatusLine).article_title == article.title
        await pilot.press("q")
    assert app.return_code == 0


async def test_keys_scroll_by_line_page_and_ends() -> None:
    app = make_app(Store.memory(), long_article().build(Metadata(title="A long story")))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()  # laid out
        view = app.screen.query_one(ArticleView)
        assert view.scroll_offset.y == 0
        await pilot.press("j", "j", "down")
        assert view.scroll_offset.y == 3
        await pilot.press("k")
        assert view.scroll_offset.y == 2
        await pilot.press("space")
        page = view.scrollable_content_region.height
        assert view.scroll_offset.y == 2 + page
        await pilot.press("b")
        assert view.scroll_offset.y == 2
        await pilot.press("G")
        await pilot.pause()
        assert view.scroll_offset.y == view.max_scroll_y > 0
        assert app.screen.query_one(StatusLine).fraction == 1.0
        await pilot.press("g")
        await pilot.pause()
        assert view.scroll_offset.y == 0


async def test_quit_saves_the_place_and_reopening_returns_to_it(tmp_path: Path) -> None:
    article = long_article().build()
    db = tmp_path / "reader.db"
    with Store(db) as store:
        app = make_app(store, article)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press(*["j"] * 40)
            view = app.screen.query_one(ArticleView)
            place = view.caret
            assert place > 0
            await pilot.press("q")
    with Store(db) as store:
        assert store.position(article.content_hash) == place
        app = make_app(store, article)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            view = app.screen.query_one(ArticleView)
            assert (
                view.caret == place
            )  # the caret where it was (the old code put it on the top row)


async def test_article_text_is_never_markup() -> None:
    builder = ArticleBuilder()
    builder.add(BlockKind.TITLE, "[bold red]Not markup[/] $primary")
    builder.add(BlockKind.PARAGRAPH, "A [link=http://x]fake link[/link] and [b]tags[/b].")
    app = make_app(Store.memory(), builder.build())
    async with app.run_test(size=(80, 20)):
        rows = screen_text(app.screen.query_one(ArticleView))
        assert rows[0].strip() == "[bold red]Not markup[/] $primary"
        assert rows[2].strip() == "A [link=http://x]fake link[/link] and [b]tags[/b]."


async def test_narrow_terminal_uses_full_width_and_resize_keeps_place() -> None:
    app = make_app(Store.memory(), long_article().build())
    async with app.run_test(size=(120, 30)) as pilot:
        view = app.screen.query_one(ArticleView)
        await pilot.press(*["j"] * 60)
        place = view.top_offset
        await pilot.resize_terminal(40, 30)
        await pilot.pause()
        assert view.text_layout.width == view.scrollable_content_region.width - 2
        top_row = view.text_layout.rows[int(view.scroll_offset.y)]
        assert top_row.start <= place < top_row.end + 1


async def test_reading_width_keys() -> None:
    app = make_app(Store.memory(), long_article().build())
    async with app.run_test(size=(140, 30)) as pilot:
        view = app.screen.query_one(ArticleView)
        await pilot.press("plus")
        assert view.text_layout.width == 76
        await pilot.press("minus", "minus")
        assert view.text_layout.width == 68


async def test_progress_is_the_share_before_the_caret_and_100_only_at_the_end() -> None:
    # Fails on the old code: the status line counted to the bottom of the screen, so a
    # short article said 52% at its top, while the library counted from the top row.
    builder = ArticleBuilder()
    builder.add(BlockKind.TITLE, "Short")
    for number in range(6):
        builder.add(BlockKind.PARAGRAPH, f"Paragraph {number} has a few words in it.")
    app = make_app(Store.memory(), builder.build())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        status = app.screen.query_one(StatusLine)
        assert status.fraction == 0.0
        await pilot.press("G")
        await pilot.pause()
        assert status.fraction == 1.0
        assert status.words_left == 0
