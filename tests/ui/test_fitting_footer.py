"""The footer shows whole keys only, the ones that fit, with Quit and Help at any width."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from textual.widgets._footer import FooterKey

from reader.core.loaders import load_path
from reader.core.store.store import Store
from reader.ui.app import make_app
from reader.ui.widgets.fitting_footer import ALWAYS, PALETTE_ROOM, fitting, key_width

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
