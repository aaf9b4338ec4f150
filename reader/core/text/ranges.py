"""Sorted offset ranges (search matches, entity mentions, highlights): finding those that
touch an offset range, and stepping through them, wrapping round."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence


def overlapping(
    starts: Sequence[int],
    ends: Sequence[int],
    start: int,
    end: int,
    *,
    reach: Sequence[int] | None = None,
) -> list[int]:
    """Indexes of the ranges that overlap [start, end), in order.

    Range `i` is [starts[i], ends[i]) and overlaps when it starts before `end` and ends after
    `start`. `starts` must ascend. Ranges may overlap and nest if `reach` is given: `reach[i]`
    is the furthest end of ranges 0..i (a running maximum), so two bisects bound the search.
    Without it the ends must ascend too (ranges that never overlap are their own reach).
    """
    first = bisect_right(reach if reach is not None else ends, start)
    last = bisect_left(starts, end, lo=first)
    if reach is None:
        return list(range(first, last))
    return [index for index in range(first, last) if ends[index] > start]


def index_at(starts: Sequence[int], offset: int) -> int | None:
    """The first range starting exactly at `offset`, if any."""
    index = bisect_left(starts, offset)
    if index < len(starts) and starts[index] == offset:
        return index
    return None


def next_index(starts: Sequence[int], offset: int, *, inclusive: bool = False) -> int | None:
    """The first range starting after `offset` (or at it, if `inclusive`), wrapping to the
    first; None when there are no ranges."""
    if not starts:
        return None
    index = (bisect_left if inclusive else bisect_right)(starts, offset)
    return index if index < len(starts) else 0


def previous_index(starts: Sequence[int], offset: int) -> int | None:
    """The last range starting before `offset`, wrapping to the last; None when there are
    none."""
    if not starts:
        return None
    index = bisect_left(starts, offset) - 1
    return index if index >= 0 else len(starts) - 1
