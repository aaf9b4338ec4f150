"""Screenshots of the reading screen, compared with reviewed SVGs (pytest-textual-snapshot).

Deterministic by construction: the bundled sample article, an in-memory store with a fixed
clock, a named theme, and no blinking cursor on screen.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from reader.core.loaders import load_path
from reader.core.store import Store
from reader.ui.app import ReaderApp, make_app

SAMPLE = Path(__file__).resolve().parents[2] / "seeds" / "syria-ceasefire-2016.txt"
SIZE = (100, 30)


def fixed_clock() -> str:
    return "2026-01-01T00:00:00Z"


def sample_app(theme: str) -> ReaderApp:
    return make_app(Store.memory(clock=fixed_clock), load_path(SAMPLE), theme=theme)


@pytest.mark.parametrize("theme", ["reader-dark", "reader-paper", "reader-contrast"])
def test_sample_article(theme: str, snap_compare: Callable[..., bool]) -> None:
    assert snap_compare(sample_app(theme), terminal_size=SIZE)


def test_search_matches_shown(snap_compare: Callable[..., bool]) -> None:
    async def search(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.press("slash", *"syria", "enter")
        await pilot.pause()

    assert snap_compare(sample_app("reader-paper"), terminal_size=SIZE, run_before=search)
