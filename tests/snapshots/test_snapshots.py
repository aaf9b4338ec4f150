"""Screenshots of the reading screen, compared with reviewed SVGs (pytest-textual-snapshot).

Deterministic by construction: the bundled sample article, an in-memory store with a fixed
clock, a named theme, and no blinking cursor on screen. The analysis runs in a worker, so
every screenshot waits for it (or shows a hand-built analysis from the cache), never a
half-way "Analysing" status.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from reader.core.analysis import ANALYSER_VERSION
from reader.core.analysis.model import Analysis, Entity, EntityKind, Figure, Mention, Quote
from reader.core.analysis.pipeline import expected_label
from reader.core.loaders import load_path
from reader.core.store.store import Store
from reader.ui.app import ReaderApp, make_app

SAMPLE = Path(__file__).resolve().parents[2] / "seeds" / "syria-ceasefire-2016.txt"
SIZE = (100, 30)


def fixed_clock() -> str:
    return "2026-01-01T00:00:00Z"


def sample_app(theme: str) -> ReaderApp:
    return make_app(Store.memory(clock=fixed_clock), load_path(SAMPLE), theme=theme)


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    """Let the analysis finish, so the status line no longer says how far it got."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def hand_built_analysis(text: str) -> Analysis:
    """A fixed analysis of the sample: the screenshot must not change with the analyser."""

    def mentions(*forms: str) -> tuple[Mention, ...]:
        """Every place a form is written, the longer forms first ("John Kerry", then "Kerry")."""
        found: list[Mention] = []
        for form in forms:
            start = text.find(form)
            while start >= 0:
                end = start + len(form)
                if not any(m.start < end and start < m.end for m in found):
                    found.append(Mention(start, end, form))
                start = text.find(form, end)
        return tuple(sorted(found, key=lambda mention: mention.start))

    def entity(name: str, kind: EntityKind, *forms: str, salience: float) -> Entity:
        return Entity(name.lower(), name, kind, forms[1:], mentions(*forms), salience)

    hundred = text.index("more than 100")
    quote = text.index("“The modalities")
    quote_end = text.index("”", quote) + 1
    return Analysis(
        analyser_version=ANALYSER_VERSION,
        model=expected_label(None),
        entities=(
            entity("Islamic State", EntityKind.ORGANISATION, "Islamic State", "ISIS", salience=3),
            entity("John Kerry", EntityKind.PERSON, "John Kerry", "Kerry", salience=2),
            entity("Damascus", EntityKind.PLACE, "Damascus", salience=1.5),
            entity("Sergei Lavrov", EntityKind.PERSON, "Sergei Lavrov", "Lavrov", salience=1),
        ),
        figures=(
            Figure(
                hundred, hundred + 13, "more than 100", 100, "more than", "", "people killed", 0, 0
            ),
        ),
        quotes=(
            Quote(quote, quote_end, text[quote + 1 : quote_end - 1], "John Kerry", "john kerry"),
        ),
    )


@pytest.mark.parametrize("theme", ["reader-dark", "reader-paper", "reader-contrast"])
def test_sample_article(theme: str, snap_compare: Callable[..., bool]) -> None:
    assert snap_compare(sample_app(theme), terminal_size=SIZE, run_before=settle)


def test_entity_marks_and_pane(snap_compare: Callable[..., bool]) -> None:
    article = load_path(SAMPLE)
    store = Store.memory(clock=fixed_clock)
    store.save_analysis(store.add_document(article).id, hand_built_analysis(article.text))
    app = make_app(store, article, theme="reader-dark")

    async def mark_kerry(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.press("E", "down", "enter")  # People come first: the second is Lavrov
        await pilot.press("E", "up", "enter")  # back to John Kerry
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 30), run_before=mark_kerry)


def test_search_matches_shown(snap_compare: Callable[..., bool]) -> None:
    async def search(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("slash", *"syria", "enter")
        await pilot.pause()

    assert snap_compare(sample_app("reader-paper"), terminal_size=SIZE, run_before=search)
