"""A changed article file keeps its highlights: re-anchored into the new version, or orphaned."""

from __future__ import annotations

from pathlib import Path

from reader.core.annotating.versions import record_article
from reader.core.loaders import load_path
from reader.core.store.store import Store

OLD = (
    "A Ceasefire Story\n\n"
    "Kerry said the talks would go on.\n\n"
    "The observatory counted 62 people dead in Damascus.\n\n"
    "Aid convoys waited at the border for a week.\n"
)


def test_an_edited_file_moves_its_highlights_to_the_new_version(tmp_path: Path) -> None:
    source = tmp_path / "story.txt"
    source.write_text(OLD, encoding="utf-8")
    store = Store(tmp_path / "reader.db")
    old, report = record_article(store, load_path(source))
    assert report is None
    text = store.document_text(old.id) or ""
    kept = store.add_highlight(
        old.id, text.index("62 people"), text.index("62 people") + 9, note="check this"
    )
    lost = store.add_highlight(old.id, text.index("Aid convoys"), text.index("for a week"))
    store.add_document_note(old.id, "about the whole story")

    edited = OLD.replace("Kerry said", "Secretary Kerry said on Sunday").replace(
        "Aid convoys waited at the border for a week.\n", "Nothing else happened.\n"
    )
    source.write_text(edited, encoding="utf-8")
    new, report = record_article(store, load_path(source))
    assert new.id != old.id
    assert report is not None
    assert report.previous_id == old.id
    assert report.placed == 1
    assert report.orphaned == (lost.id,)
    assert "1 of 2 highlights placed again, 1 could not be placed" in report.sentence()

    moved = {h.id: h for h in store.highlights(new.id)}
    new_text = store.document_text(new.id) or ""
    assert new_text[moved[kept.id].start : moved[kept.id].end] == "62 people"
    assert moved[kept.id].note == "check this" and moved[kept.id].placed
    assert not moved[lost.id].placed
    assert moved[lost.id].quote.exact == lost.quote.exact  # kept whole
    assert lost.quote.exact.startswith("Aid convoys waited")
    assert store.highlights(old.id) == []
    assert store.document_text(old.id) == text  # the old version stays
    assert [note.text for note in store.document_notes(new.id)] == ["about the whole story"]
    # The library lists the article once: its new version, with the highlights.
    (listed,) = store.documents()
    assert listed.record.id == new.id
    assert listed.highlight_count == 2


def test_the_same_text_again_is_not_a_new_version(tmp_path: Path) -> None:
    source = tmp_path / "story.txt"
    source.write_text(OLD, encoding="utf-8")
    store = Store(tmp_path / "reader.db")
    first, _ = record_article(store, load_path(source))
    again, report = record_article(store, load_path(source))
    assert report is None and again.id == first.id
