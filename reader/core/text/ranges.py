"""Stepping through sorted offset ranges (search matches, entity mentions), wrapping round."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence


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
