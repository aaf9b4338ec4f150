"""The Notes pane marks a highlight placed again on changed words "moved, please check", with
the quote the person highlighted (the tracker's issue on re-anchoring, item 4)."""

from __future__ import annotations

from reader.core.annotating.versions import record_article
from reader.core.loaders import load_text
from reader.core.store.store import Store
from reader.ui.app import make_app
from reader.ui.widgets.notes_pane import NotesPane

WIDE = (140, 40)
OLD = [
    "Harbour Budget Agreed",
    "The council will spend forty million dollars on the new quay over six months.",
    "Fishing crews said the plan was overdue.",
]
SOURCE = "/home/reader/harbour.txt"


async def test_a_moved_highlight_is_marked_in_the_notes_pane_and_keeps_its_quote() -> None:
    store = Store.memory()
    first, _ = record_article(store, load_text("\n\n".join(OLD), source=SOURCE))
    text = store.document_text(first.id) or ""
    for words in ("spend forty million dollars on the new quay", "Fishing crews said"):
        start = text.index(words)
        store.add_highlight(first.id, start, start + len(words))
    changed = load_text("\n\n".join(OLD).replace("forty", "fourteen"), source=SOURCE)
    app = make_app(store, changed, theme="reader-dark")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await pilot.press("M")
        await pilot.pause()
        pane = app.screen.query_one(NotesPane)
        prompts = [row.prompt.plain for row in pane.rows if row.key]
        assert prompts == [
            "“spend forty million dollars on the new quay”\n⚠ moved, please check",
            "“Fishing crews said”",
        ]
        pane.filter_input.value = "moved"
        await pilot.pause()
        assert [row.prompt.plain for row in pane.rows if row.key] == prompts[:1]
