"""Store methods for undo and for resizing, the annotation history, and #tags in notes."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.annotating.history import AnnotationHistory
from reader.core.errors import StoreError
from reader.core.model.annotations import tags_in
from reader.core.model.document import ArticleBuilder, BlockKind, Metadata
from reader.core.store.store import Store

TEXT = "The ceasefire begins at midnight. Both sides agreed to it on Sunday."


def stored(store: Store) -> str:
    builder = ArticleBuilder()
    builder.add(BlockKind.PARAGRAPH, TEXT)
    return store.add_document(builder.build(Metadata(title="Truce"))).id


def test_set_highlight_range_requotes_the_new_words() -> None:
    store = Store.memory()
    document = stored(store)
    text = store.document_text(document)
    assert text is not None
    start = text.index("ceasefire")
    highlight = store.add_highlight(document, start, start + len("ceasefire"))
    moved = store.set_highlight_range(highlight.id, start, start + len("ceasefire begins"))
    assert moved.quote.exact == "ceasefire begins"
    assert moved.id == highlight.id
    assert store.highlights(document) == [moved]


def test_set_highlight_range_refuses_a_bad_range_or_id() -> None:
    store = Store.memory()
    document = stored(store)
    highlight = store.add_highlight(document, 4, 13)
    with pytest.raises(ValueError):
        store.set_highlight_range(highlight.id, 13, 4)
    with pytest.raises(StoreError, match="no highlight"):
        store.set_highlight_range("missing", 0, 3)
    assert store.highlights(document) == [highlight]


def test_restore_highlight_puts_back_the_same_row() -> None:
    store = Store.memory()
    document = stored(store)
    highlight = store.add_highlight(document, 4, 13, color="blue", note="why #now")
    store.delete_highlight(highlight.id)
    assert store.restore_highlight(highlight) == highlight
    assert store.highlights(document) == [highlight]
    with pytest.raises(StoreError):
        store.restore_highlight(highlight)  # the id is taken


def test_restore_document_note_puts_back_the_same_row() -> None:
    store = Store.memory()
    document = stored(store)
    note = store.add_document_note(document, "A fragile truce.")
    store.delete_document_note(note.id)
    store.restore_document_note(note)
    assert store.document_notes(document) == [note]


def test_history_undoes_and_redoes_every_kind_of_change() -> None:
    store = Store.memory()
    document = stored(store)
    history = AnnotationHistory(store)
    made = history.add_highlight(document, 4, 13, color="yellow")
    recoloured = history.recolor(made, "green")
    noted = history.set_note(recoloured, "first")
    resized = history.resize(noted, 4, 20)
    doc_note = history.add_document_note(document, "overall")
    history.update_document_note(doc_note, "overall, edited")
    history.delete_highlight(resized)

    def state() -> tuple[object, ...]:
        rows = store.highlights(document)
        notes = store.document_notes(document)
        return (
            tuple((h.start, h.end, h.color, h.note) for h in rows),
            tuple(n.text for n in notes),
        )

    snapshots = [state()]
    while history.undo() is not None:
        snapshots.append(state())
    assert snapshots == [
        ((), ("overall, edited",)),
        (((4, 20, "green", "first"),), ("overall, edited",)),
        (((4, 20, "green", "first"),), ("overall",)),
        (((4, 20, "green", "first"),), ()),
        (((4, 13, "green", "first"),), ()),
        (((4, 13, "green", ""),), ()),
        (((4, 13, "yellow", ""),), ()),
        ((), ()),
    ]
    redone = [state()]
    while history.redo() is not None:
        redone.append(state())
    assert redone == list(reversed(snapshots))
    # The restored highlight kept its id, so a note links to it still.
    assert store.highlights(document) == [] and history.undo() is not None
    assert [h.id for h in store.highlights(document)] == [made.id]


def test_a_new_change_drops_what_was_undone() -> None:
    store = Store.memory()
    document = stored(store)
    history = AnnotationHistory(store)
    made = history.add_highlight(document, 4, 13, color="yellow")
    history.recolor(made, "pink")
    history.undo()
    history.recolor(made, "blue")
    assert history.redo() is None
    assert store.highlights(document)[0].color == "blue"


def test_a_failed_undo_stays_undoable(tmp_path: Path) -> None:
    store = Store(tmp_path / "reader.db")
    document = stored(store)
    history = AnnotationHistory(store)
    made = history.add_highlight(document, 4, 13, color="yellow")
    store.delete_highlight(made.id)  # another window deleted it meanwhile
    with pytest.raises(StoreError):
        history.undo()
    assert len(history.done) == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ()),
        ("no tags here", ()),
        ("#evidence", ("evidence",)),
        ("see #Evidence and #evidence again", ("evidence",)),
        ("#to-read, #2016. #q/sub-", ("to-read", "2016", "q/sub")),
        ("# A heading\n## Another", ()),
        ("a#b http://example.org/#frag &#39;", ()),
        ("first #b then #a", ("b", "a")),
        ("émigré #café", ("café",)),
    ],
    ids=[
        "empty",
        "none",
        "one",
        "once-casefolded",
        "dashes-digits-slashes",
        "headings",
        "inside-words-and-urls",
        "first-seen-order",
        "unicode",
    ],
)
def test_tags_in(text: str, expected: tuple[str, ...]) -> None:
    assert tags_in(text) == expected
