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


def test_deleting_a_document_takes_its_versions_and_everything_on_them_and_nothing_else(
    tmp_path: Path,
) -> None:
    from reader.core.analysis import ANALYSER_VERSION
    from reader.core.analysis.model import Analysis
    from reader.core.errors import StoreError

    source = tmp_path / "story.txt"
    source.write_text(OLD, encoding="utf-8")
    other = tmp_path / "other.txt"
    other.write_text("Another story\n\nKerry said nothing here.\n", encoding="utf-8")
    store = Store(tmp_path / "reader.db")
    old, _ = record_article(store, load_path(source))
    text = store.document_text(old.id) or ""
    store.add_highlight(old.id, text.index("62 people"), text.index("62 people") + 9, note="n")
    source.write_text(OLD.replace("Kerry said", "Kerry told reporters"), encoding="utf-8")
    new, _ = record_article(store, load_path(source))
    store.add_document_note(new.id, "about the story")
    store.save_position(new.id, 12)
    store.save_analysis(new.id, Analysis(ANALYSER_VERSION, "en_core_web_sm 3.8.0"))
    kept, _ = record_article(store, load_path(other))
    other_text = store.document_text(kept.id) or ""
    store.add_highlight(kept.id, other_text.index("Kerry"), other_text.index("Kerry") + 5)

    deleted = store.delete_document(new.id)

    assert (deleted.versions, deleted.highlights, deleted.notes) == (2, 1, 1)
    assert [summary.record.id for summary in store.documents()] == [kept.id]
    assert store.document(old.id) is None and store.document(new.id) is None
    assert [hit.document_id for hit in store.search("Kerry")] == [kept.id]
    assert store.search("people") == []  # the search index let go of the deleted highlight
    assert store.db.execute("SELECT count(*) FROM analyses").fetchone()[0] == 0
    assert store.db.execute("PRAGMA foreign_key_check").fetchall() == []
    try:
        store.delete_document(new.id)
    except StoreError as error:
        assert "document" in str(error)
    else:
        raise AssertionError("deleting a missing document must say so")
    store.close()
