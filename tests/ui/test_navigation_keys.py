"""Caret motions, search, contents, the jump list, themes and the palette, by key press."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import TabbedContent

from reader.core.loaders import load_path
from reader.core.model.document import Article, ArticleBuilder, BlockKind, Metadata
from reader.core.store.store import Store
from reader.ui.app import THEME_SETTING, make_app
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.outline_pane import OutlinePane
from reader.ui.widgets.status_line import StatusLine


def view_of(app) -> ArticleView:  # type: ignore[no-untyped-def]
    return app.screen.query_one(ArticleView)


def book(chapters: int = 6, paragraphs: int = 12) -> Article:
    """A small book: a title, then chapters of numbered paragraphs."""
    builder = ArticleBuilder()
    builder.add(BlockKind.TITLE, "A Small Book")
    for chapter in range(1, chapters + 1):
        builder.add(BlockKind.HEADING, f"Chapter {chapter}", level=2)
        for number in range(paragraphs):
            builder.add(
                BlockKind.PARAGRAPH,
                f"Chapter {chapter} paragraph {number} begins. It has a second sentence. "
                "And a third one that runs on for a while to wrap the line.",
            )
    return builder.build(Metadata(title="A Small Book"))


@pytest.fixture
def sample() -> Article:
    return load_path(Path(__file__).resolve().parents[2] / "seeds" / "syria-ceasefire-2016.txt")


async def test_caret_moves_by_word_sentence_and_paragraph(sample: Article) -> None:
    app = make_app(Store.memory(), sample)
    async with app.run_test(size=(120, 40)) as pilot:
        view = view_of(app)
        text = sample.text
        assert view.caret == 0
        await pilot.press("w")
        assert text[view.caret :].startswith("Unleashes")
        await pilot.press("W")
        assert view.caret == 0
        await pilot.press("right_curly_bracket")  # }: next paragraph
        assert text[view.caret :].startswith("Explosions tore")
        await pilot.press("right_curly_bracket", "right_curly_bracket", "right_curly_bracket")
        assert text[view.caret :].startswith("The Islamic State claimed")
        await pilot.press("right_parenthesis")  # ): next sentence
        assert text[view.caret :].startswith("The violence came")
        await pilot.press("right_parenthesis")
        assert text[view.caret :].startswith("Issues still need")
        await pilot.press("left_parenthesis")
        assert text[view.caret :].startswith("The violence came")
        await pilot.press("l", "l")
        assert text[view.caret :].startswith("e violence")
        await pilot.press("h")
        assert text[view.caret :].startswith("he violence")


async def test_scrolling_keeps_the_caret_on_screen() -> None:
    app = make_app(Store.memory(), book())
    async with app.run_test(size=(80, 20)) as pilot:
        view = view_of(app)
        await pilot.press("space", "space")
        assert view.top_row <= view.caret_row < view.top_row + view.page_height
        await pilot.press("k", "k", "k")
        assert view.top_row <= view.caret_row < view.top_row + view.page_height


async def test_caret_motion_scrolls_to_follow() -> None:
    app = make_app(Store.memory(), book())
    async with app.run_test(size=(80, 20)) as pilot:
        view = view_of(app)
        for _ in range(30):
            await pilot.press("right_curly_bracket")
        assert view.top_row > 0
        assert view.top_row <= view.caret_row < view.top_row + view.page_height


async def test_incremental_search_counts_and_steps(sample: Article) -> None:
    app = make_app(Store.memory(), sample)
    async with app.run_test(size=(120, 40)) as pilot:
        view = view_of(app)
        status = app.screen.query_one(StatusLine)
        await pilot.press("slash", *"kerry")
        assert view.search_result is not None
        assert len(view.search_result) == 4
        assert status.search_summary == "1/4"
        first = sample.text.index("Kerry")
        assert view.caret == first
        await pilot.press("enter")
        assert view.has_focus
        await pilot.press("n")
        assert view.caret == sample.text.index("Kerry", first + 1)
        assert status.search_summary == "2/4"
        await pilot.press("N")
        assert view.caret == first
        await pilot.press("N")  # wraps round to the last match
        assert view.caret == sample.text.rindex("Kerry")
        assert status.search_summary == "4/4"


async def test_search_is_smart_case_and_escape_goes_back(sample: Article) -> None:
    app = make_app(Store.memory(), sample)
    async with app.run_test(size=(120, 40)) as pilot:
        view = view_of(app)
        await pilot.press("right_curly_bracket")
        origin = view.caret
        await pilot.press("slash", *"ISIS")
        assert len(view.search_result or ()) == sample.text.count("ISIS")
        await pilot.press("escape")
        assert view.search_result is None
        assert view.caret == origin
        assert app.screen.query_one(StatusLine).search_summary == ""


async def test_a_search_with_no_match_says_so(sample: Article) -> None:
    app = make_app(Store.memory(), sample)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"zebra")
        assert app.screen.query_one(StatusLine).search_summary == "0 matches"
        assert str(app.screen.query_one("#search-count").render()) == "no matches"


async def test_contents_jumps_to_a_heading_and_back() -> None:
    article = book()
    app = make_app(Store.memory(), article)
    async with app.run_test(size=(140, 30)) as pilot:
        await pilot.pause()  # the sidebar is built once the screen knows its width
        view = view_of(app)
        outline = app.screen.query_one(OutlinePane)
        assert outline.option_count == 6
        await pilot.press("t")
        assert outline.has_focus
        await pilot.press("down", "down", "down", "enter")
        chapter_four = article.text.index("Chapter 4")
        assert view.caret == chapter_four
        assert view.has_focus
        assert view.top_row <= view.caret_row < view.top_row + view.page_height
        await pilot.press("ctrl+o")
        assert view.caret == 0
        await pilot.press("alt+right")
        assert view.caret == chapter_four


async def test_jump_list_walks_top_and_end() -> None:
    app = make_app(Store.memory(), book())
    async with app.run_test(size=(80, 20)) as pilot:
        view = view_of(app)
        await pilot.press("right_curly_bracket", "right_curly_bracket")
        middle = view.caret
        await pilot.press("G")
        end = view.caret
        assert end > middle
        assert view.scroll_offset.y == view.max_scroll_y
        await pilot.press("g")
        assert view.caret == 0
        await pilot.press("ctrl+o")
        assert view.caret == end
        await pilot.press("ctrl+o")
        assert view.caret == middle
        await pilot.press("alt+right")
        assert view.caret == end


async def test_sidebar_toggles_and_hides_on_narrow_terminals() -> None:
    app = make_app(Store.memory(), book())
    async with app.run_test(size=(140, 30)) as pilot:
        await pilot.pause()  # the sidebar comes just after the article's first paint
        sidebar = app.screen.query_one("#sidebar")
        assert sidebar.display
        assert app.screen.query_one(TabbedContent).active == "contents"  # it has headings
        await pilot.press("s")
        assert not sidebar.display
        await pilot.press("s")
        assert sidebar.display
        # Tab goes from the text to the pane tabs (← → switch panes), then into the pane.
        await pilot.press("tab")
        assert type(app.focused).__name__ == "ContentTabs"
        await pilot.press("tab")
        assert app.screen.query_one(OutlinePane).has_focus
        await pilot.press("shift+tab", "shift+tab")
        assert view_of(app).has_focus
    app = make_app(Store.memory(), book())
    async with app.run_test(size=(80, 30)):
        assert not app.screen.query("#sidebar")  # never shown, so never built


async def test_a_wide_screen_shows_an_article_without_headings_on_its_entities(
    sample: Article,
) -> None:
    app = make_app(Store.memory(), sample)
    async with app.run_test(size=(140, 30)) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#sidebar").display
        assert app.screen.query_one(TabbedContent).active == "entities"
        assert view_of(app).has_focus  # the keyboard stays in the text
        assert not app.screen.query("#contents")  # no headings: no contents tab
        await pilot.press("t")  # offered greyed out; pressing it changes nothing
        assert app.screen.query_one(TabbedContent).active == "entities"
        assert view_of(app).has_focus


async def test_clicking_places_the_caret(sample: Article) -> None:
    app = make_app(Store.memory(), sample)
    async with app.run_test(size=(80, 30)) as pilot:
        view = view_of(app)
        row = next(
            index
            for index, row in enumerate(view.text_layout.rows)
            if sample.text[row.start : row.text_end].startswith("The violence")
        )
        await pilot.click(ArticleView, offset=(view.left_margin + 4, row))
        assert sample.text[view.caret :].startswith("violence")


async def test_theme_is_chosen_remembered_and_validated(tmp_path: Path) -> None:
    db = tmp_path / "reader.db"
    with Store(db) as store:
        app = make_app(store, book())
        async with app.run_test(size=(80, 20)) as pilot:
            assert app.theme == "reader-dark"
            app.theme = "reader-paper"
            await pilot.pause()
            assert store.setting(THEME_SETTING) == "reader-paper"
    with Store(db) as store:
        app = make_app(store, book())
        async with app.run_test(size=(80, 20)):
            assert app.theme == "reader-paper"
        app = make_app(store, book(), theme="no-such-theme")
        async with app.run_test(size=(80, 20)) as pilot:
            await pilot.pause()
            assert app.theme == "reader-dark"
            assert any("no-such-theme" in str(n.message) for n in app._notifications)


async def test_palette_runs_an_action_by_name() -> None:
    app = make_app(Store.memory(), book())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p", *"end of the article")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        view = view_of(app)
        assert view.scroll_offset.y == view.max_scroll_y
