"""The overlay index: highlights, entity marks, search matches and the selection by offset."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.core.analysis.model import EntityKind
from reader.core.model.annotations import Highlight, TextQuote
from reader.core.text import ranges
from reader.core.text.find import SearchResult, find_all
from reader.core.text.overlays import (
    CURRENT_MATCH,
    OTHER_MATCH,
    HighlightSet,
    Layer,
    Marks,
    Overlay,
    Overlays,
    changed_range,
    drawing_key,
    drawing_order,
    highlight_overlay,
)

TEXT_LENGTH = 60
COLORS = ("yellow", "green", "blue")
TIMES = ("2024-01-01T00:00:00", "2024-01-02T00:00:00", "2024-01-03T00:00:00")


def highlight(
    start: int,
    end: int,
    *,
    color: str = "yellow",
    note: str = "",
    created: str = TIMES[0],
    ident: str | None = None,
) -> Highlight:
    return Highlight(
        id=ident or f"h{start}-{end}-{color}-{created[8:10]}",
        document_id="doc",
        start=start,
        end=end,
        quote=TextQuote("", "", ""),
        color=color,
        note=note,
        created=created,
        updated=created,
    )


def search(*spans: tuple[int, int]) -> SearchResult:
    return SearchResult("q", tuple(start for start, _ in spans), tuple(end for _, end in spans))


# -- tables -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spans", "query", "reach", "expected"),
    [
        ([(0, 5), (10, 15), (20, 25)], (12, 22), False, [1, 2]),
        ([(0, 5), (10, 15), (20, 25)], (5, 10), False, []),
        ([(0, 5), (10, 15)], (4, 5), False, [0]),
        ([(0, 5), (10, 15)], (15, 40), False, []),
        ([], (0, 10), False, []),
        ([(0, 50), (2, 3), (10, 12)], (20, 21), True, [0]),
        ([(0, 50), (2, 3), (10, 12)], (2, 11), True, [0, 1, 2]),
        ([(0, 3), (1, 30), (5, 6)], (10, 11), True, [1]),
        ([(0, 3), (1, 30), (5, 6)], (30, 31), True, []),
    ],
    ids=[
        "apart-two-of-three",
        "apart-gap-between",
        "apart-last-offset",
        "apart-end-is-exclusive",
        "none",
        "nested-long-reaches-past-short",
        "nested-all",
        "nested-middle-only",
        "nested-end-is-exclusive",
    ],
)
def test_overlapping(
    spans: list[tuple[int, int]], query: tuple[int, int], reach: bool, expected: list[int]
) -> None:
    starts = [start for start, _ in spans]
    ends = [end for _, end in spans]
    running = [max(ends[: index + 1]) for index in range(len(ends))] if reach else None
    assert ranges.overlapping(starts, ends, *query, reach=running) == expected


def test_search_result_uses_the_same_lookup() -> None:
    result = find_all("a x b x c x", "x")
    assert result.in_range(5, 11) == [1, 2]
    assert result.in_range(3, 6) == []


@pytest.mark.parametrize(
    ("highlights", "offset", "expected"),
    [
        ([highlight(0, 20), highlight(5, 8, color="green")], 6, "green"),
        ([highlight(0, 20), highlight(5, 8, color="green")], 10, "yellow"),
        ([highlight(0, 20), highlight(5, 8, color="green")], 20, None),
        (
            [
                highlight(0, 10, created=TIMES[1], color="blue"),
                highlight(5, 15, created=TIMES[0], color="green"),
            ],
            7,
            "blue",
        ),
    ],
    ids=["shorter-on-top", "only-the-long-one", "end-is-exclusive", "later-on-top-of-equal"],
)
def test_highlight_at(highlights: list[Highlight], offset: int, expected: str | None) -> None:
    found = HighlightSet(highlights).at(offset)
    assert (found.color if found else None) == expected


@pytest.mark.parametrize(
    ("overlays", "offset", "expected"),
    [
        (
            Overlays(HighlightSet([highlight(5, 8, color="green"), highlight(0, 20)])),
            6,
            [(Layer.HIGHLIGHT, "yellow"), (Layer.HIGHLIGHT, "green")],
        ),
        (
            Overlays(
                HighlightSet([highlight(0, 20)]),
                Marks.of("x", [(4, 9, EntityKind.PLACE)]),
                search((5, 7), (10, 12)),
                0,
                (2, 6),
            ),
            5,
            [
                (Layer.HIGHLIGHT, "yellow"),
                (Layer.MARK, "place"),
                (Layer.SEARCH, CURRENT_MATCH),
                (Layer.SELECTION, ""),
            ],
        ),
        (Overlays(search=search((5, 7), (10, 12)), search_index=0), 10, [(Layer.SEARCH, "match")]),
        (Overlays(selection=(2, 6)), 6, []),
    ],
    ids=["longer-highlight-below", "layers-bottom-to-top", "other-match", "selection-end"],
)
def test_overlays_at_in_drawing_order(
    overlays: Overlays, offset: int, expected: list[tuple[Layer, str]]
) -> None:
    assert [(overlay.layer, overlay.style) for overlay in overlays.at(offset)] == expected


def test_marks_are_sorted_and_stepped_through() -> None:
    marks = Marks.of(
        "all",
        [(30, 35, EntityKind.PERSON), (3, 3, EntityKind.PLACE), (10, 20, EntityKind.PLACE)],
    )
    assert marks.starts == (10, 30)  # the empty one dropped
    assert marks.reach == (20, 35)
    assert marks.in_range(15, 31) == [0, 1]
    assert marks.index_at(30) == 1 and marks.index_at(31) is None
    assert marks.next_index(30) == 0  # wraps
    assert marks.next_index(30, inclusive=True) == 1
    assert marks.previous_index(10) == 1  # wraps


NOTED = highlight(10, 14, note="why")
BASE = Overlays(
    HighlightSet([highlight(0, 5), highlight(20, 30), NOTED]),
    Marks.of("x", [(40, 45, EntityKind.PERSON)]),
    search((50, 52), (55, 57)),
    0,
    (22, 26),
)


@pytest.mark.parametrize(
    ("new", "expected"),
    [
        (BASE, None),
        (
            replace(
                BASE,
                highlights=HighlightSet(
                    [highlight(0, 5), highlight(20, 30), highlight(10, 14, note="why")]
                ),
            ),
            None,
        ),
        (replace(BASE, highlights=HighlightSet([*BASE.highlights.items, highlight(7, 9)])), (7, 9)),
        (replace(BASE, highlights=HighlightSet([highlight(0, 5), NOTED])), (20, 30)),
        (
            replace(
                BASE,
                highlights=HighlightSet([highlight(0, 5, color="blue"), highlight(20, 30), NOTED]),
            ),
            (0, 5),
        ),
        (
            replace(
                BASE,
                highlights=HighlightSet(
                    [highlight(0, 5), highlight(20, 30), replace(NOTED, note="")]
                ),
            ),
            (10, 14),
        ),
        (
            replace(
                BASE,
                highlights=HighlightSet(
                    [highlight(0, 5), highlight(20, 30), replace(NOTED, note="because")]
                ),
            ),
            (10, 14),
        ),
        (replace(BASE, marks=None), (40, 45)),
        (replace(BASE, marks=Marks.of("y", [(40, 45, EntityKind.PERSON)])), None),
        (replace(BASE, search_index=1), (50, 57)),
        (replace(BASE, search=find_all("", "")), (50, 57)),
        (replace(BASE, selection=(22, 28)), (26, 28)),
        (replace(BASE, selection=(21, 26)), (21, 22)),
        (replace(BASE, selection=None), (22, 26)),
        (replace(BASE, selection=(23, 29)), (22, 29)),
        (replace(BASE, selection=(2, 3), search_index=1), (2, 57)),
    ],
    ids=[
        "same-state",
        "highlights-read-again",
        "highlight-added",
        "highlight-removed",
        "highlight-recoloured",
        "note-removed",
        "note-reworded-redraws-its-rows",
        "marks-cleared",
        "marks-relabelled",
        "next-match",
        "search-cleared",
        "selection-extended",
        "selection-extended-back",
        "selection-dropped",
        "selection-moved",
        "two-layers",
    ],
)
def test_changed_range(new: Overlays, expected: tuple[int, int] | None) -> None:
    assert changed_range(BASE, new) == expected
    assert changed_range(new, BASE) == expected


# -- properties -------------------------------------------------------------------------

offsets = st.integers(0, TEXT_LENGTH)


@st.composite
def highlights(draw: st.DrawFn) -> Highlight:
    start = draw(st.integers(0, TEXT_LENGTH - 1))
    end = draw(st.integers(start + 1, TEXT_LENGTH))
    return highlight(
        start,
        end,
        color=draw(st.sampled_from(COLORS)),
        note=draw(st.sampled_from(("", " ", "a note"))),
        created=draw(st.sampled_from(TIMES)),
        ident=draw(st.sampled_from(("a", "b", "c", None))),
    )


@st.composite
def mark_sets(draw: st.DrawFn) -> Marks | None:
    spans = draw(st.lists(st.tuples(offsets, offsets, st.sampled_from(list(EntityKind)))))
    return draw(st.sampled_from((None, Marks.of("marks", spans))))


@st.composite
def search_results(draw: st.DrawFn) -> SearchResult | None:
    # Matches never overlap: cut sorted distinct points into consecutive pairs.
    points = sorted(draw(st.lists(offsets, unique=True, max_size=12)))
    spans = list(zip(points[::2], points[1::2], strict=False))
    return draw(st.sampled_from((None, search(*spans))))


@st.composite
def selections(draw: st.DrawFn) -> tuple[int, int] | None:
    start = draw(st.integers(0, TEXT_LENGTH - 1))
    end = draw(st.integers(start + 1, TEXT_LENGTH))
    return draw(st.sampled_from((None, (start, end))))


@st.composite
def states(draw: st.DrawFn) -> Overlays:
    result = draw(search_results())
    index = draw(st.integers(0, max(len(result or ()) - 1, 0))) if result else None
    return Overlays(
        HighlightSet(draw(st.lists(highlights(), max_size=12))),
        draw(mark_sets()),
        result,
        index,
        draw(selections()),
    )


@st.composite
def edited(draw: st.DrawFn, state: Overlays) -> Overlays:
    """`state` changed a little, keeping the objects it does not change (as the view does)."""
    items = list(state.highlights.items)
    for _ in range(draw(st.integers(0, 3))):
        action = draw(st.sampled_from(("add", "remove", "recolour", "copy")))
        if action == "add" or not items:
            items.append(draw(highlights()))
            continue
        index = draw(st.integers(0, len(items) - 1))
        if action == "remove":
            items.pop(index)
        elif action == "recolour":
            items[index] = replace(items[index], color=draw(st.sampled_from(COLORS)))
        else:  # read again from the store: equal, but a new object
            items[index] = replace(items[index])
    new = replace(state, highlights=HighlightSet(items))
    if draw(st.booleans()):
        new = replace(new, selection=draw(selections()))
    if draw(st.booleans()) and new.search:
        new = replace(new, search_index=draw(st.integers(0, len(new.search) - 1)))
    if draw(st.booleans()):
        new = replace(new, marks=draw(mark_sets()))
    return new


def every_overlay(state: Overlays) -> list[Overlay]:
    """Brute force: every overlay of `state`, by walking each layer whole."""
    found = [highlight_overlay(item) for item in state.highlights.items]
    if state.marks is not None:
        found += [state.marks.overlay(index) for index in range(len(state.marks))]
    if state.search is not None:
        for index in range(len(state.search)):
            style = CURRENT_MATCH if index == state.search_index else OTHER_MATCH
            found.append(Overlay(*state.search.match(index), Layer.SEARCH, style))
    if state.selection is not None:
        found.append(Overlay(*state.selection, Layer.SELECTION, ""))
    return found


@given(states(), offsets, offsets)
def test_touching_equals_a_brute_force_scan(state: Overlays, start: int, end: int) -> None:
    expected = sorted(
        (item for item in every_overlay(state) if item.start < end and item.end > start),
        key=drawing_key,
    )
    assert state.touching(start, end) == expected


@given(states(), offsets)
def test_at_is_what_covers_the_offset(state: Overlays, offset: int) -> None:
    found = state.at(offset)
    assert all(item.start <= offset < item.end for item in found)
    assert len(found) == sum(item.start <= offset < item.end for item in every_overlay(state))


@given(st.lists(highlights(), max_size=12), offsets)
def test_top_highlight_is_the_shortest_drawn_last(items: list[Highlight], offset: int) -> None:
    covering = [item for item in items if item.start <= offset < item.end]
    top = HighlightSet(items).at(offset)
    if not covering:
        assert top is None
        return
    assert top is not None
    assert top.end - top.start == min(item.end - item.start for item in covering)
    assert drawing_order(covering)[-1] == top


def drawn_at(state: Overlays, offset: int) -> list[object]:
    """What decides how `offset` looks: the overlays covering it, except that a selection
    looks the same wherever it ends (selecting (0, 2) then (0, 1) redraws only offset 1)."""
    return [
        (item.layer, item.style) if item.layer is Layer.SELECTION else item
        for item in state.at(offset)
    ]


@given(st.data())
def test_changed_range_covers_every_offset_drawn_differently(data: st.DataObject) -> None:
    old = data.draw(states())
    new = data.draw(st.one_of(edited(old), states()))
    changed = changed_range(old, new)
    for offset in range(TEXT_LENGTH + 1):
        if drawn_at(old, offset) != drawn_at(new, offset):
            assert changed is not None
            assert changed[0] <= offset < changed[1], offset
    assert changed_range(old, old) is None


def test_a_selection_shortened_at_its_end_redraws_only_what_it_left() -> None:
    # The case hypothesis found: the offsets still selected look the same, so the old
    # oracle (whole overlays compared) wrongly asked for them to be redrawn.
    old, new = Overlays(selection=(0, 2)), Overlays(selection=(0, 1))
    assert changed_range(old, new) == (1, 2)
    assert drawn_at(old, 0) == drawn_at(new, 0)
    assert drawn_at(old, 1) != drawn_at(new, 1)
