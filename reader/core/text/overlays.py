"""What is drawn over an article's text: highlights, entity marks, search matches, selection.

Every kind is a list of offset ranges sorted by start, found with `ranges.overlapping`.
Highlights and marks may overlap and nest (a highlight inside a longer one, "United States"
inside a longer name), so they keep a running maximum of their ends (`reach`) and two
bisects still find every range that touches a row.

`Overlays` is one state of all four kinds. It answers one question, which overlays touch
[a, b) (or lie at an offset), always in the order they are drawn; and `changed_range` says
which offsets may look different from one state to the next, so a view redraws only the
rows holding them. Nothing here knows about Textual: the article view turns each `Overlay`
into a style.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import IntEnum
from itertools import accumulate, compress, count
from operator import attrgetter, is_not
from typing import Any, NamedTuple, TypeVar

from reader.core.model.annotations import Highlight
from reader.core.text import ranges
from reader.core.text.find import SearchResult

Span = tuple[int, int]
"""An offset range [start, end)."""

CURRENT_MATCH = "current"
"""`Overlay.style` of the search match the caret is on."""

OTHER_MATCH = "match"
"""`Overlay.style` of every other search match."""


class Layer(IntEnum):
    """The kinds of overlay, in the order they are drawn: a later layer lies on top."""

    HIGHLIGHT = 0
    MARK = 1
    SEARCH = 2
    SELECTION = 3


class Overlay(NamedTuple):
    """One overlay as it is drawn: its range, its layer and what decides its style.

    Two overlays that compare equal are drawn alike, which is what `changed_range` relies on.
    """

    start: int
    end: int
    layer: Layer
    style: str
    """A highlight's colour, a mark's entity kind, CURRENT_MATCH or OTHER_MATCH for a search
    match, "" for the selection."""
    noted: bool = False
    """A highlight with a note: the view marks the margin of the row where it begins."""
    created: str = ""
    """When a highlight was made: of two as long, the later is drawn on top."""
    ident: str = ""
    """A highlight's id, so that even two alike are always drawn in the same order."""


def drawing_key(overlay: Overlay) -> tuple[int | str, ...]:
    """Sort key for drawing: by layer; highlights longest first (a shorter one inside a longer
    one stays visible on top), the older first of two as long; other layers in reading order."""
    if overlay.layer is Layer.HIGHLIGHT:
        length = overlay.end - overlay.start
        return (overlay.layer, -length, overlay.created, -overlay.start, overlay.ident)
    return (overlay.layer, overlay.start, overlay.end, overlay.style)


def highlight_overlay(highlight: Highlight) -> Overlay:
    """The overlay that draws `highlight`."""
    return Overlay(
        highlight.start,
        highlight.end,
        Layer.HIGHLIGHT,
        highlight.color,
        bool(highlight.note.strip()),
        highlight.created,
        highlight.id,
    )


def drawing_order(highlights: Iterable[Highlight]) -> list[Highlight]:
    """Overlapping highlights in the order to draw them: longest first, so a shorter one
    inside it stays visible on top; of equal length, the older first."""
    return sorted(highlights, key=lambda item: drawing_key(highlight_overlay(item)))


@dataclass(frozen=True)
class Marks:
    """Entity mentions drawn in their kind's colour: sorted offset ranges with a kind each."""

    label: str
    """What is marked, for the status line: an entity's name, or "entities" for all."""
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    kinds: tuple[str, ...]
    """Each mark's colour name: an entity kind such as "person" (the theme's `entity-<kind>`)."""
    reach: tuple[int, ...]
    """`reach[i]` is the furthest end of marks 0..i; it never decreases."""

    @classmethod
    def of(cls, label: str, spans: Iterable[tuple[int, int, str]]) -> Marks:
        """Marks over `spans` (start, end, kind), in any order; empty ranges are dropped."""
        ordered = sorted((start, end, kind) for start, end, kind in spans if start < end)
        starts = tuple(start for start, _end, _kind in ordered)
        ends = tuple(end for _start, end, _kind in ordered)
        kinds = tuple(kind for _start, _end, kind in ordered)
        return cls(label, starts, ends, kinds, tuple(accumulate(ends, max)))

    def __len__(self) -> int:
        return len(self.starts)

    def in_range(self, start: int, end: int) -> list[int]:
        """Indexes of the marks that overlap [start, end), in reading order."""
        return ranges.overlapping(self.starts, self.ends, start, end, reach=self.reach)

    def next_index(self, offset: int, *, inclusive: bool = False) -> int | None:
        """The first mark starting after `offset` (or at it, if `inclusive`), wrapping."""
        return ranges.next_index(self.starts, offset, inclusive=inclusive)

    def previous_index(self, offset: int) -> int | None:
        """The last mark starting before `offset`, wrapping to the last."""
        return ranges.previous_index(self.starts, offset)

    def index_at(self, offset: int) -> int | None:
        """The mark that starts exactly at `offset`, if any."""
        return ranges.index_at(self.starts, offset)

    def overlay(self, index: int) -> Overlay:
        """The overlay that draws mark `index`."""
        return Overlay(self.starts[index], self.ends[index], Layer.MARK, str(self.kinds[index]))


READING_ORDER = attrgetter("start", "end", "created", "id")
"""The order highlights are kept in, the store's too: by start, then end, then age, then id
(so ties fall the same way everywhere). A key at C speed: a window with thousands of
highlights orders them at every change."""


_START, _END = attrgetter("start"), attrgetter("end")


class HighlightSet:
    """A document's highlights, sorted by start, found by offset with two bisects."""

    def __init__(self, highlights: Iterable[Highlight] = (), *, ordered: bool = False) -> None:
        """The set of `highlights`; `ordered` says they come in `READING_ORDER` already
        (the store reads them so, and the annotator keeps them so), sparing a sort."""
        items = tuple(highlights)
        self.items: tuple[Highlight, ...] = (
            items if ordered else tuple(sorted(items, key=READING_ORDER))
        )
        """The highlights in reading order."""
        self.starts = tuple(map(_START, self.items))
        self.ends = tuple(map(_END, self.items))
        self.reach = tuple(accumulate(self.ends, max))
        """`reach[i]` is the furthest end of highlights 0..i; it never decreases."""

    def __len__(self) -> int:
        return len(self.items)

    def in_range(self, start: int, end: int) -> list[Highlight]:
        """The highlights overlapping [start, end), in reading order."""
        found = ranges.overlapping(self.starts, self.ends, start, end, reach=self.reach)
        return [self.items[index] for index in found]

    def at(self, offset: int) -> Highlight | None:
        """The highlight drawn on top at `offset`: the shortest covering it, the later on ties."""
        covering = drawing_order(self.in_range(offset, offset + 1))
        return covering[-1] if covering else None

    def by_id(self, highlight_id: str) -> Highlight | None:
        """The highlight with this id, if it is in the set."""
        return next((item for item in self.items if item.id == highlight_id), None)


@dataclass(frozen=True)
class Overlays:
    """One state of everything drawn over the text, queried by offset range."""

    highlights: HighlightSet = field(default_factory=HighlightSet)
    marks: Marks | None = None
    search: SearchResult | None = None
    search_index: int | None = None
    """Which search match is the current one (drawn apart)."""
    selection: Span | None = None

    def touching(self, start: int, end: int) -> list[Overlay]:
        """The overlays that overlap [start, end), in drawing order (the last drawn on top)."""
        found = [highlight_overlay(item) for item in self.highlights.in_range(start, end)]
        marks = self.marks
        if marks is not None:
            found.extend(marks.overlay(index) for index in marks.in_range(start, end))
        search = self.search
        if search is not None:
            for index in search.in_range(start, end):
                style = CURRENT_MATCH if index == self.search_index else OTHER_MATCH
                found.append(Overlay(*search.match(index), Layer.SEARCH, style))
        selection = self.selection
        if selection is not None and selection[0] < end and selection[1] > start:
            found.append(Overlay(*selection, Layer.SELECTION, ""))
        found.sort(key=drawing_key)
        return found

    def at(self, offset: int) -> list[Overlay]:
        """The overlays covering `offset`, in drawing order (the last drawn on top)."""
        return self.touching(offset, offset + 1)


def changed_range(old: Overlays, new: Overlays) -> Span | None:
    """The smallest range holding every offset that may be drawn differently in `new` than
    in `old`; None when nothing is.

    An offset looks the same when the same overlays cover it, so the range covers the
    overlays that one state has and the other lacks. Layers left as they were cost nothing;
    a changed highlight set costs one pass over it (mostly identity or C-level checks).
    """
    spans = [
        _highlights_changed(old.highlights, new.highlights),
        _marks_changed(old.marks, new.marks),
        _search_changed(old, new),
        _selection_changed(old.selection, new.selection),
    ]
    return _hull(span for span in spans if span is not None)


def _hull(spans: Iterable[Span]) -> Span | None:
    """The smallest range holding all `spans`; None when there are none."""
    low = high = None
    for start, end in spans:
        low = start if low is None else min(low, start)
        high = end if high is None else max(high, end)
    if low is None or high is None:
        return None
    return low, high


Item = TypeVar("Item")

_DRAWN_FIELDS: Callable[[Highlight], tuple[Any, ...]] = attrgetter(
    "start", "end", "color", "created", "id", "note"
)
"""What `highlight_overlay` is made of (the whole note, not only whether it has one: a
reworded note redraws its rows needlessly, but comparing is done in C)."""


def _highlights_changed(old: HighlightSet, new: HighlightSet) -> Span | None:
    """Where highlights differ. Read again from the store, thousands of equal highlights are
    new objects: compared field by field at C speed before any walk in Python."""
    if old is new or (
        old.starts == new.starts
        and old.ends == new.ends
        and list(map(_DRAWN_FIELDS, old.items)) == list(map(_DRAWN_FIELDS, new.items))
    ):
        return None
    return _unpaired_span(old.items, new.items, _DRAWN_FIELDS)


def _unpaired_span(
    old: Sequence[Item], new: Sequence[Item], key: Callable[[Item], tuple[Any, ...]]
) -> Span | None:
    """The hull of the items of `old` and `new` that find no equal partner in the other.

    `key(item)` starts with the item's start and end and holds everything that decides how
    it is drawn. Both are in reading order, so one merge pass pairs them; an item paired with
    an equal one (the same object, or an equal key) looks the same in both states. Pairing
    can only miss (then both are counted as changed), never pair unequal items, so the hull
    is safe.
    """
    if old is new:
        return None
    # The same objects at both ends (one change among thousands of highlights) are skipped
    # at C speed; the pass below walks only the part between them.
    i = j = _same_objects(old, new)
    tail = _same_objects(old[i:][::-1], new[j:][::-1])
    old, new = old[: len(old) - tail], new[: len(new) - tail]
    unpaired: list[tuple[Any, ...]] = []
    while i < len(old) and j < len(new):
        if old[i] is new[j]:
            i, j = i + 1, j + 1
            continue
        before, after = key(old[i]), key(new[j])
        if before == after:
            i, j = i + 1, j + 1
            continue
        if before <= after:
            unpaired.append(before)
            i += 1
        if after <= before:
            unpaired.append(after)
            j += 1
    unpaired.extend(map(key, old[i:]))
    unpaired.extend(map(key, new[j:]))
    return _hull((item[0], item[1]) for item in unpaired)


def _same_objects(old: Sequence[Item], new: Sequence[Item]) -> int:
    """How many items at the start of `old` and `new` are the very same objects."""
    differing = compress(count(), map(is_not, old, new))
    return next(differing, min(len(old), len(new)))


def _marks_changed(old: Marks | None, new: Marks | None) -> Span | None:
    """Where entity marks differ."""
    if old is new or (
        old is not None
        and new is not None
        and (old.starts, old.ends, old.kinds) == (new.starts, new.ends, new.kinds)
    ):
        return None
    return _unpaired_span(_mark_overlays(old), _mark_overlays(new), _same)


def _mark_overlays(marks: Marks | None) -> list[Overlay]:
    return [] if marks is None else [marks.overlay(index) for index in range(len(marks))]


def _same(overlay: Overlay) -> tuple[Any, ...]:
    return overlay


def _search_changed(old: Overlays, new: Overlays) -> Span | None:
    """Where search matches differ: every match if the matches changed, else only the old
    and the new current match."""
    if old.search != new.search:
        return _hull(_search_hull(result) for result in (old.search, new.search) if result)
    if old.search is None or old.search_index == new.search_index:
        return None
    return _hull(
        old.search.match(index)
        for index in (old.search_index, new.search_index)
        if index is not None and 0 <= index < len(old.search)
    )


def _search_hull(result: SearchResult) -> Span:
    # Matches never overlap, so the last one ends furthest.
    return result.starts[0], result.ends[-1]


def _selection_changed(old: Span | None, new: Span | None) -> Span | None:
    """The hull of the offsets selected in one state but not the other."""
    if old == new:
        return None
    if old is None or new is None:
        return old or new
    (old_start, old_end), (new_start, new_end) = old, new
    if old_start == new_start:
        return min(old_end, new_end), max(old_end, new_end)
    if old_end == new_end:
        return min(old_start, new_start), max(old_start, new_start)
    return min(old_start, new_start), max(old_end, new_end)
