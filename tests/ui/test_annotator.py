"""The reading screen's annotation controller, on a real in-memory store, without a screen.

Every change is checked in the store's rows (what another window would read), and in what
the annotator holds to show.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.model.document import Article, ArticleBuilder, BlockKind, Metadata
from reader.core.store.store import Store
from reader.core.text.text_units import TextUnits
from reader.ui.screens.reading.annotator import (
    RELOAD_DELAY,
    Annotator,
    resized,
    selection_summary,
    trimmed,
)

TEXT = "Kerry said the talks would go on for a week or more."
SAID = (13, 17)
"""Where "said" is in the article's text (after the title and a blank line)."""
SAID_THE = (13, 21)


def article() -> Article:
    builder = ArticleBuilder()
    builder.add(BlockKind.TITLE, "Title")
    builder.add(BlockKind.PARAGRAPH, TEXT)
    return builder.build(Metadata(title="Title"))


@dataclass
class Timer:
    """A timer that fires only when the test says."""

    delay: float
    callback: Callable[[], None]
    stopped: bool = False

    def stop(self) -> None:
        self.stopped = True


@dataclass
class Screen:
    """What the annotator calls back: counts of shows, the errors, the timers set."""

    shown: int = 0
    errors: list[str] = field(default_factory=list)
    timers: list[Timer] = field(default_factory=list)

    def show(self) -> None:
        self.shown += 1

    def set_timer(self, delay: float, callback: Callable[[], None]) -> Timer:
        timer = Timer(delay, callback)
        self.timers.append(timer)
        return timer


@dataclass
class Setup:
    store: Store
    document_id: str
    screen: Screen
    annotator: Annotator

    def rows(self) -> list[tuple[int, int, str, str]]:
        """The document's highlights as the store has them: start, end, colour, note."""
        return [(h.start, h.end, h.color, h.note) for h in self.store.highlights(self.document_id)]

    def held(self) -> list[tuple[int, int, str, str]]:
        """The highlights the annotator holds to show."""
        return [(h.start, h.end, h.color, h.note) for h in self.annotator.highlights]


@pytest.fixture
def setup() -> Setup:
    return make_setup()


def make_setup() -> Setup:
    """The article in a fresh in-memory store, with an annotator on it."""
    store = Store.memory()
    document_id = store.add_document(article()).id
    screen = Screen()
    annotator = Annotator(
        store,
        document_id,
        shown=screen.show,
        failed=screen.errors.append,
        set_timer=screen.set_timer,
    )
    annotator.reload()
    return Setup(store, document_id, screen, annotator)


def test_the_text_is_where_the_tests_expect(setup: Setup) -> None:
    text = article().text
    assert text[slice(*SAID)] == "said"
    assert text[slice(*SAID_THE)] == "said the"


def test_a_new_highlight_is_in_the_store_and_shown_at_once(setup: Setup) -> None:
    shown = setup.screen.shown
    made = setup.annotator.add_highlight(*SAID_THE, color="yellow", note="who said?")
    assert made is not None
    assert setup.rows() == [(13, 21, "yellow", "who said?")]
    assert setup.held() == setup.rows()
    assert setup.screen.shown == shown + 1
    assert setup.screen.errors == []
    # Everything is read again a moment later, for what other windows wrote.
    [timer] = setup.screen.timers
    assert timer.delay == RELOAD_DELAY


def test_recolour_resize_and_note_change_the_row(setup: Setup) -> None:
    highlight = setup.annotator.add_highlight(*SAID, color="yellow")
    assert highlight is not None
    assert setup.annotator.recolor(highlight, "blue")
    assert setup.rows() == [(13, 17, "blue", "")]
    assert setup.annotator.resize(setup.annotator.highlights[0], *SAID_THE)
    assert setup.rows() == [(13, 21, "blue", "")]
    setup.annotator.save_note(setup.annotator.highlights[0], "a note")
    assert setup.rows() == [(13, 21, "blue", "a note")]
    assert setup.held() == setup.rows()
    assert [change.description for change in setup.annotator.history.done] == [
        "highlight",
        "recolour",
        "resize",
        "note",
    ]


def test_an_unchanged_or_cancelled_note_writes_nothing(setup: Setup) -> None:
    highlight = setup.annotator.add_highlight(*SAID, color="yellow", note="kept")
    assert highlight is not None
    setup.annotator.save_note(highlight, None)
    setup.annotator.save_note(highlight, "kept")
    assert len(setup.annotator.history.done) == 1
    assert setup.rows() == [(13, 17, "yellow", "kept")]


def test_delete_removes_the_row(setup: Setup) -> None:
    highlight = setup.annotator.add_highlight(*SAID, color="pink")
    assert highlight is not None
    assert setup.annotator.delete(highlight)
    assert setup.rows() == []
    assert setup.annotator.highlights == []


def test_only_annotations_with_writing_are_confirmed_before_deleting(setup: Setup) -> None:
    bare = setup.annotator.add_highlight(*SAID, color="yellow")
    noted = setup.annotator.add_highlight(*SAID_THE, color="yellow", note="mine")
    assert bare is not None and noted is not None
    assert not setup.annotator.needs_confirming(bare)
    assert setup.annotator.needs_confirming(noted)


def test_undo_and_redo_walk_the_store_back_and_forth(setup: Setup) -> None:
    annotator = setup.annotator
    highlight = annotator.add_highlight(*SAID, color="yellow")
    assert highlight is not None
    annotator.recolor(highlight, "green")
    annotator.delete(annotator.highlights[0])
    assert setup.rows() == []

    step = annotator.undo()
    assert step.written and step.sentence == "Undone: delete"
    assert setup.rows() == [(13, 17, "green", "")]
    step = annotator.undo()
    assert step.sentence == "Undone: recolour"
    assert setup.rows() == [(13, 17, "yellow", "")]
    step = annotator.undo()
    assert setup.rows() == []
    step = annotator.undo()
    assert step.written and step.change is None
    assert step.sentence == "Nothing to undo."

    step = annotator.redo()
    assert step.sentence == "Redone: highlight"
    assert setup.rows() == [(13, 17, "yellow", "")]
    assert setup.held() == setup.rows()  # an undo or redo reads everything again at once


def test_document_notes_are_added_changed_and_blank_ones_skipped(setup: Setup) -> None:
    annotator = setup.annotator
    annotator.save_document_note(None, "   ")
    assert setup.store.document_notes(setup.document_id) == []
    annotator.save_document_note(None, "About the talks")
    [note] = setup.store.document_notes(setup.document_id)
    assert note.text == "About the talks"
    annotator.save_document_note(note, "About the ceasefire")
    assert [n.text for n in setup.store.document_notes(setup.document_id)] == [
        "About the ceasefire"
    ]
    setup.screen.timers[-1].callback()  # the delayed read
    assert [n.text for n in annotator.document_notes] == ["About the ceasefire"]
    assert annotator.delete(annotator.document_notes[0])
    assert setup.store.document_notes(setup.document_id) == []


def test_a_store_refusal_is_one_sentence_and_everything_is_read_again(setup: Setup) -> None:
    highlight = setup.annotator.add_highlight(*SAID, color="yellow")
    assert highlight is not None
    setup.store.delete_highlight(highlight.id)  # another window deleted it meanwhile
    assert not setup.annotator.recolor(highlight, "blue")
    assert setup.screen.errors == [f"There is no highlight {highlight.id} in the store."]
    assert setup.annotator.highlights == []
    assert setup.rows() == []


def test_an_invalid_range_is_refused_without_a_row(setup: Setup) -> None:
    assert setup.annotator.add_highlight(5, 5, color="yellow") is None
    assert len(setup.screen.errors) == 1
    assert setup.rows() == []


def test_a_change_restarts_the_delayed_read_and_it_finds_other_windows_writes(
    setup: Setup,
) -> None:
    setup.annotator.add_highlight(*SAID, color="yellow")
    setup.annotator.add_highlight(*SAID_THE, color="blue")
    first, second = setup.screen.timers
    assert first.stopped and not second.stopped
    setup.store.add_highlight(setup.document_id, 22, 27, color="green")  # another window
    assert len(setup.annotator.highlights) == 2
    second.callback()
    assert setup.held() == setup.rows()
    assert len(setup.annotator.highlights) == 3


@pytest.mark.parametrize(
    ("selection", "expected"),
    [
        (None, None),
        ((12, 22), (13, 21)),
        ((12, 13), None),
        ((13, 17), (13, 17)),
    ],
    ids=["nothing-selected", "spaces-trimmed", "only-a-space", "already-trim"],
)
def test_trimmed(selection: tuple[int, int] | None, expected: tuple[int, int] | None) -> None:
    assert trimmed(article().text, selection) == expected


@pytest.mark.parametrize(
    ("which", "start", "end", "expected"),
    [
        ("extend_end", 13, 21, (13, 27)),
        ("shrink_end", 13, 21, (13, 17)),
        ("extend_start", 13, 21, (7, 21)),
        ("shrink_start", 13, 21, (18, 21)),
        ("shrink_end", 13, 17, None),
        ("shrink_start", 13, 17, None),
    ],
    ids=[
        "extend-end",
        "shrink-end",
        "extend-start",
        "shrink-start",
        "one-word-cannot-shrink-end",
        "one-word-cannot-shrink-start",
    ],
)
def test_resized(
    setup: Setup, which: str, start: int, end: int, expected: tuple[int, int] | None
) -> None:
    highlight = setup.annotator.add_highlight(start, end, color="yellow")
    assert highlight is not None
    assert resized(highlight, TextUnits(article()), which) == expected


def test_resized_rejects_an_unknown_way(setup: Setup) -> None:
    highlight = setup.annotator.add_highlight(*SAID, color="yellow")
    assert highlight is not None
    with pytest.raises(ValueError, match="sideways"):
        resized(highlight, TextUnits(article()), "sideways")


@pytest.mark.parametrize(
    ("selecting", "selection", "expected"),
    [(False, None, ""), (True, None, "Selecting"), (True, (0, 1204), "1,204 selected")],
    ids=["not-selecting", "anchor-only", "a-span"],
)
def test_selection_summary(
    selecting: bool, selection: tuple[int, int] | None, expected: str
) -> None:
    assert selection_summary(selecting, selection) == expected


CHANGES = st.lists(
    st.tuples(
        st.sampled_from(["add", "recolor", "resize", "note", "delete"]),
        st.integers(min_value=0, max_value=len(TEXT) - 1),
        st.integers(min_value=1, max_value=12),
        st.integers(min_value=0, max_value=30),
    ),
    max_size=25,
)


@settings(max_examples=60, deadline=None)
@given(changes=CHANGES)
def test_what_is_shown_after_each_change_is_what_the_store_reads(
    changes: list[tuple[str, int, int, int]],
) -> None:
    # The annotator shows its own changes without reading the store again (bisection into
    # lists kept in reading order); whatever the changes, it must hold what a read gives.
    made = make_setup()
    store, document_id, annotator = made.store, made.document_id, made.annotator
    offset = len("Title\n\n")
    for kind, at, length, pick in changes:
        held = annotator.highlights
        if kind == "add" or not held:
            start = offset + at
            annotator.add_highlight(start, min(start + length, offset + len(TEXT)), color="yellow")
        else:
            target = held[pick % len(held)]
            if kind == "recolor":
                annotator.recolor(target, "blue" if target.color != "blue" else "green")
            elif kind == "resize":
                annotator.resize(target, target.start, max(target.start + 1, target.end - 1))
            elif kind == "note":
                annotator.set_note(target, f"note {pick}")
            else:
                annotator.delete(target)
        stored = store.highlights(document_id)
        assert annotator.highlights == stored
        assert annotator.placed == [item for item in stored if item.placed]
    store.close()


def _span_of(builder_text: str, words: str) -> tuple[Article, SimpleNamespace]:
    builder = ArticleBuilder()
    builder.add(BlockKind.TITLE, "Title")
    for paragraph in builder_text.split("\n\n"):
        builder.add(BlockKind.PARAGRAPH, paragraph)
    made = builder.build(Metadata(title="Title"))
    start = made.text.index(words)
    return made, SimpleNamespace(start=start, end=start + len(words))


def test_extending_then_shrinking_gives_the_highlight_back_with_its_full_stop() -> None:
    # Fails on the old code: ">" then "<" on "the talks." lost the full stop.
    made, mark = _span_of("Kerry said the talks. They would go on.", "the talks.")
    units = TextUnits(made)
    longer = resized(mark, units, "extend_end")  # type: ignore[arg-type]
    assert longer is not None
    assert made.text[mark.start : longer[1]] == "the talks. They"
    back = resized(SimpleNamespace(start=mark.start, end=longer[1]), units, "shrink_end")  # type: ignore[arg-type]
    assert back == (mark.start, mark.end)


def test_extending_crosses_into_the_next_paragraph_both_ways() -> None:
    made, mark = _span_of("First paragraph ends here.\n\nSecond one starts.", "ends here.")
    units = TextUnits(made)
    end = resized(mark, units, "extend_end")  # type: ignore[arg-type]
    assert end is not None and made.text[mark.start : end[1]] == "ends here.\n\nSecond"
    _, first = _span_of("First paragraph ends here.\n\nSecond one starts.", "Second")
    start = resized(first, units, "extend_start")  # type: ignore[arg-type]
    assert start is not None and made.text[start[0] : first.end] == "here.\n\nSecond"


WORDISH = st.lists(
    st.sampled_from(["word", "talks.", "“We", "go”", "(a)", "—", "x,", "1.5", "end."]),
    min_size=2,
    max_size=12,
).map(" ".join)


@settings(max_examples=400)
@given(text=WORDISH, data=st.data())
def test_each_resize_key_and_its_opposite_undo_each_other(text: str, data: st.DataObject) -> None:
    made, _ = _span_of(text, text[:1])
    units = TextUnits(made)
    body = made.text.index(text)
    starts = [body] + [body + i + 1 for i, char in enumerate(text) if char == " "]
    ends = [body + i for i, char in enumerate(text) if char == " "] + [body + len(text)]
    start = data.draw(st.sampled_from(starts))
    end = data.draw(st.sampled_from([end for end in ends if end > start] or [body + len(text)]))
    for there, back in (("extend_end", "shrink_end"), ("extend_start", "shrink_start")):
        moved = resized(SimpleNamespace(start=start, end=end), units, there)  # type: ignore[arg-type]
        if moved is None:
            continue
        again = resized(SimpleNamespace(start=moved[0], end=moved[1]), units, back)  # type: ignore[arg-type]
        assert again == (start, end), (there, made.text[start:end], made.text[moved[0] : moved[1]])
