"""Reading from a store that can only be read: the app says so once, as it opens, and moving
about (which would save the reading position) neither repeats it nor ends in an error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reader.core import library
from reader.core.store.store import Store
from reader.ui import app as app_module
from reader.ui.app import make_app


async def test_reading_a_read_only_store_says_so_once_and_is_no_error(
    small_disk: Any, sample_path: Path, monkeypatch: Any
) -> None:
    db = small_disk.path / "reader.db"
    with Store(db) as store:
        document_id = library.open_path(store, str(sample_path)).document_id
    small_disk.read_only()
    monkeypatch.setattr(app_module, "PLACE_SAVE_DELAY", 0.01)
    with Store(db) as store:
        assert store.read_only is not None
        article = library.open_path(store, str(sample_path)).article
        app = make_app(store, article, theme="reader-dark")
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("j", "j", "j", "space")
            await pilot.pause(0.1)
            app.action_library()
            await pilot.pause()
            said = [n.message for n in app._notifications]
        assert said.count(store.read_only) == 1
        assert app.problems == []
        assert store.document(document_id) is not None
