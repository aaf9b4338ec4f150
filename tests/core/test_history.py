"""Undo and redo of annotation changes, each in the store when it returns."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.annotating.history import AnnotationHistory
from reader.core.model.document import ArticleBuilder, BlockKind, Metadata
from reader.core.store.store import Store


def stored(tmp_path: Path) -> tuple[Store, str]:
    builder = ArticleBuilder()
    builder.add(BlockKind.TITLE, "Title")
    builder.add(BlockKind.PARAGRAPH, "Kerry said the talks would go on for a week or more.")
    store = Store(tmp_path / "reader.db")
    return store, store.add_document(builder.build(Metadata(title="Title"))).id


def snapshot(store: Store, document_id: str) -> tuple[object, ...]:
    highlights = tuple(
        (h.id, h.start, h.end, h.color, h.note, h.quote) for h in store.highlights(document_id)
    )
    notes = tuple((n.id, n.text) for n in store.document_notes(document_id))
    return highlights, notes


def test_every_change_undoes_and_redoes_in_a_second_connection(tmp_path: Path) -> None:
    store, document_id = stored(tmp_path)
    history = AnnotationHistory(store)
    states = [snapshot(store, document_id)]
    highlight = history.add_highlight(document_id, 6, 11, color="yellow")
    states.append(snapshot(store, document_id))
    highlight = history.recolor(highlight, "blue")
    states.append(snapshot(store, document_id))
    highlight = history.set_note(highlight, "a note #tag")
    states.append(snapshot(store, document_id))
    highlight = history.resize(highlight, 6, 20)
    states.append(snapshot(store, document_id))
    note = history.add_document_note(document_id, "about it all")
    states.append(snapshot(store, document_id))
    history.update_document_note(note, "changed")
    states.append(snapshot(store, document_id))
    history.delete_highlight(store.highlights(document_id)[0])
    states.append(snapshot(store, document_id))

    for expected in reversed(states[:-1]):
        assert history.undo() is not None
        with Store(tmp_path / "reader.db") as other:  # committed: another window sees it
            assert snapshot(other, document_id) == expected
    assert history.undo() is None
    for expected in states[1:]:
        assert history.redo() is not None
        assert snapshot(store, document_id) == expected
    assert history.redo() is None


def test_a_new_change_clears_what_could_be_redone(tmp_path: Path) -> None:
    store, document_id = stored(tmp_path)
    history = AnnotationHistory(store)
    history.add_highlight(document_id, 0, 5, color="yellow")
    history.undo()
    history.add_highlight(document_id, 6, 11, color="green")
    assert history.redo() is None
    assert [h.color for h in store.highlights(document_id)] == ["green"]


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from(["add", "recolor", "note", "delete", "undo", "redo"]), max_size=12))
def test_undoing_everything_returns_to_the_start(tmp_path_factory, actions: list[str]) -> None:  # type: ignore[no-untyped-def]
    store, document_id = stored(tmp_path_factory.mktemp("history"))
    history = AnnotationHistory(store)
    start = snapshot(store, document_id)
    for index, action in enumerate(actions):
        present = store.highlights(document_id)
        if action == "add":
            history.add_highlight(document_id, index, index + 3, color="yellow")
        elif action == "recolor" and present:
            history.recolor(present[0], "pink")
        elif action == "note" and present:
            history.set_note(present[0], f"note {index}")
        elif action == "delete" and present:
            history.delete_highlight(present[0])
        elif action == "undo":
            history.undo()
        elif action == "redo":
            history.redo()
    while history.undo() is not None:
        pass
    assert snapshot(store, document_id) == start
