"""At any width: whole footer keys (Quit and Help always), whole sidebar tabs, and a sidebar
that uses a wide screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual.widgets import Tab
from textual.widgets._footer import FooterKey

from reader.core.loaders import load_path
from reader.core.model.document import Article, ArticleBuilder, BlockKind, Metadata
from reader.core.store.store import Store
from reader.ui.app import make_app
from reader.ui.widgets.fitting_footer import ALWAYS, PALETTE_ROOM, fitting, key_width
from reader.ui.widgets.sidebar import Sidebar, sidebar_width

SAMPLE = Path(__file__).resolve().parents[2] / "seeds" / "syria-ceasefire-2016.txt"

KEYS = st.lists(
    st.tuples(
        st.sampled_from(["quit", "toggle_help", "search", "notes", "select", "page"]),
        st.text("abcQ?^", min_size=1, max_size=4),
        st.text("Search Notes", max_size=12),
    ),
    max_size=12,
)


@given(keys=KEYS, width=st.integers(min_value=0, max_value=200))
def test_the_keys_chosen_fit_keep_their_order_and_include_quit_and_help(
    keys: list[tuple[str, str, str]], width: int
) -> None:
    chosen = fitting(keys, width)
    assert chosen == sorted(chosen)
    always = [index for index, key in enumerate(keys) if key[0] in ALWAYS]
    assert set(always) <= set(chosen)
    others = [index for index in chosen if index not in always]
    used = sum(key_width(keys[i][1], keys[i][2]) for i in chosen)
    assert used <= max(width, sum(key_width(keys[i][1], keys[i][2]) for i in always))
    # Never a gap: the other keys shown are the first ones, in order.
    assert others == [i for i in range(len(keys)) if i not in always][: len(others)]


async def test_at_80_columns_quit_and_help_show_and_no_key_is_cut() -> None:
    # Fails on the old code: "H Highlight" was cut to "H" and Quit and Help were off screen.
    app = make_app(Store.memory(), load_path(SAMPLE))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        keys = list(app.screen.query(FooterKey))
        actions = [key.action for key in keys]
        assert "quit" in actions and "toggle_help" in actions
        right = max(key.region.right for key in keys if "-command-palette" not in key.classes)
        assert right <= 80 - PALETTE_ROOM + 2
        await pilot.resize_terminal(200, 50)
        await pilot.pause()
        assert len(list(app.screen.query(FooterKey))) > len(keys)


def headed_article() -> Article:
    builder = ArticleBuilder()
    builder.add(BlockKind.TITLE, "A book")
    for chapter in range(3):
        builder.add(BlockKind.HEADING, f"Chapter {chapter}", level=2)
        builder.add(BlockKind.PARAGRAPH, "Words of the chapter. " * 30)
    return builder.build(Metadata(title="A book"))


@pytest.mark.parametrize(("columns", "width"), [(100, 46), (120, 46), (200, 60)])
async def test_every_sidebar_tab_title_shows_whole_and_a_wide_screen_widens_it(
    columns: int, width: int
) -> None:
    # Fails on the old code: with a Contents tab, "Notes" fell off a 38-column sidebar, and
    # at 200 columns the sidebar stayed 38 wide beside 46 empty columns.
    app = make_app(Store.memory(), headed_article())
    async with app.run_test(size=(columns, 30)) as pilot:
        await pilot.pause()
        await pilot.pause()
        sidebar = app.screen.query_one(Sidebar)
        assert sidebar.outer_size.width == width
        tabs = list(app.screen.query(Tab))
        assert [str(tab.label) for tab in tabs] == [
            "Contents",
            "Entities",
            "Figures",
            "Quotes",
            "Notes",
        ]
        assert max(tab.region.right for tab in tabs) <= sidebar.region.right


def test_the_sidebar_takes_three_tenths_within_its_bounds() -> None:
    assert sidebar_width(100, has_contents=False) == 38
    assert sidebar_width(100, has_contents=True) == 46
    assert sidebar_width(200, has_contents=False) == 60
    assert sidebar_width(400, has_contents=True) == 64
