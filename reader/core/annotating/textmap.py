"""Where offsets of an old text lie in a new version of it: a diff fast enough for books.

Split from `anchoring`, which uses it to carry each highlight's old range into the new text
before looking for its quote; the diff knows nothing of highlights, so it can also carry a
reading position over an edit.

Speed. Diffing a 3 MB book character by character is far too slow, so `TextMap.between`
trims the common beginning and end (one small edit leaves almost nothing in between), then
matches what is left line by line, sentence by sentence and word by word with patience
diffing (tokens unique on both sides as anchors), and diffs only small remaining gaps
(`CHAR_DIFF_CELLS`) character by character with rapidfuzz.
`benchmarks/bench_anchoring.py` measures it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from itertools import accumulate
from typing import Literal

from rapidfuzz.distance import Indel

CHAR_DIFF_CELLS = 25_000_000
"""The largest gap (old length x new length) diffed character by character (a few ms)."""

_SENTENCE = re.compile(r"[^.!?]*[.!?]+\s*|[^.!?]+")
_TOKEN = re.compile(r"\S+\s*|\s+")


class TextMap:
    """Where offsets of an old text lie in a new version of it, from the runs they share.

    Offsets inside an unchanged run move with it. Offsets inside changed text are spread
    proportionally over the text that replaced it, which is only a hint of where to look.
    Useful beyond highlights, e.g. to carry a saved reading position over an edit.
    """

    __slots__ = ("_lengths", "_new_starts", "_old_starts", "new_length", "old_length")

    def __init__(
        self, blocks: Iterable[tuple[int, int, int]], old_length: int, new_length: int
    ) -> None:
        """Build from matching blocks `(old_start, new_start, length)` in increasing order."""
        merged: list[tuple[int, int, int]] = []
        for old_start, new_start, length in blocks:
            if length <= 0:
                continue
            if merged:
                last_old, last_new, last_length = merged[-1]
                if last_old + last_length == old_start and last_new + last_length == new_start:
                    merged[-1] = (last_old, last_new, last_length + length)
                    continue
            merged.append((old_start, new_start, length))
        self._old_starts = [block[0] for block in merged]
        self._new_starts = [block[1] for block in merged]
        self._lengths = [block[2] for block in merged]
        self.old_length = old_length
        """Length of the old text."""
        self.new_length = new_length
        """Length of the new text."""

    @classmethod
    def between(cls, old_text: str, new_text: str) -> TextMap:
        """Diff two texts (see the module docstring for how it stays fast on books)."""
        return cls(_matching_blocks(old_text, new_text), len(old_text), len(new_text))

    @property
    def blocks(self) -> list[tuple[int, int, int]]:
        """The unchanged runs as `(old_start, new_start, length)`, in order."""
        return list(zip(self._old_starts, self._new_starts, self._lengths, strict=True))

    def offset(self, old_offset: int, side: Literal["start", "end"] = "start") -> int:
        """Carry an offset of the old text into the new one.

        Args:
            old_offset: an offset in the old text (clamped to it).
            side: where text inserted exactly at this offset goes: a range's "start" goes
                after it and a range's "end" before it, so an insertion next to a range is
                never drawn into it.
        """
        offset = min(max(old_offset, 0), self.old_length)
        olds, news, lengths = self._old_starts, self._new_starts, self._lengths
        if side == "start":
            index = bisect_right(olds, offset) - 1
            if index >= 0 and offset < olds[index] + lengths[index]:
                return news[index] + offset - olds[index]
        else:
            index = bisect_left(olds, offset) - 1
            if index >= 0 and offset <= olds[index] + lengths[index]:
                return news[index] + offset - olds[index]
        # In the changed gap after block `index` (or before the first block).
        old_from = olds[index] + lengths[index] if index >= 0 else 0
        new_from = news[index] + lengths[index] if index >= 0 else 0
        following = index + 1
        old_to = olds[following] if following < len(olds) else self.old_length
        new_to = news[following] if following < len(news) else self.new_length
        if old_to <= old_from:  # text inserted at the very start or end
            return new_to if side == "start" else new_from
        share = (offset - old_from) * (new_to - new_from)
        span = old_to - old_from
        return new_from + (share // span if side == "start" else -(-share // span))

    def sources(
        self, new_start: int, new_end: int, min_length: int = 1
    ) -> list[tuple[tuple[int, int], int]]:
        """The parts of `new_start:new_end` that are unchanged text of the old one: each as
        its range in the old text and where it starts in the new, taken only from unchanged
        runs at least `min_length` long (short runs of a character diff can be chance)."""
        olds, news, lengths = self._old_starts, self._new_starts, self._lengths
        index = max(bisect_right(news, new_start) - 1, 0)
        found = []
        while index < len(news) and news[index] < new_end:
            low = max(news[index], new_start)
            high = min(news[index] + lengths[index], new_end)
            if high > low and lengths[index] >= min_length:
                shift = olds[index] - news[index]
                found.append(((low + shift, high + shift), low))
            index += 1
        return found

    def kept(self, old_start: int, old_end: int, min_length: int = 1) -> int:
        """How many characters of `old_start:old_end` are unchanged text of the new one, in
        unchanged runs at least `min_length` long."""
        olds, lengths = self._old_starts, self._lengths
        index = max(bisect_right(olds, old_start) - 1, 0)
        count = 0
        while index < len(olds) and olds[index] < old_end:
            if lengths[index] >= min_length:
                count += max(
                    0, min(olds[index] + lengths[index], old_end) - max(olds[index], old_start)
                )
            index += 1
        return count

    def carried(self, old_start: int, old_end: int) -> list[int]:
        """Where `old_start:old_end` starts in the new text if it moved with the unchanged
        text at (or just before) its start, or with that at (or just after) its end.

        The two differ when an edit sits inside the range, or when the diff had a choice of
        where to put an edit (deleting "aaaa" from "aaaaaaaa." can be read as deleting any
        four of the a's): a range the edit did not touch is whole under one of the readings.
        """
        olds, news, lengths = self._old_starts, self._new_starts, self._lengths
        shifts = []
        before = bisect_right(olds, old_start) - 1  # the run containing or before the start
        # With no run before it, the start of the text is where it is carried from (and the
        # end of the text with no run after it): both texts' ends are an unchanged, empty run.
        shifts.append(news[before] - olds[before] if before >= 0 else 0)
        after = bisect_left(olds, old_end) - 1  # the run containing the end, or the next
        if after < 0 or old_end > olds[after] + lengths[after]:
            after += 1
        if after < len(olds):
            shifts.append(news[after] - olds[after])
        else:
            shifts.append(self.new_length - self.old_length)
        starts = []
        for shift in shifts:
            start = old_start + shift
            if start >= 0 and old_end + shift <= self.new_length and start not in starts:
                starts.append(start)
        return starts


def _matching_blocks(old: str, new: str) -> list[tuple[int, int, int]]:
    """Unchanged runs `(old_start, new_start, length)` of two texts, in order."""
    head = _common_prefix(old, new, 0, 0, min(len(old), len(new)))
    tail = _common_suffix(old, new, len(old), len(new), min(len(old), len(new)) - head)
    blocks = [(0, 0, head)]
    blocks += _diff_gap(old, new, head, len(old) - tail, head, len(new) - tail, 0)
    blocks.append((len(old) - tail, len(new) - tail, tail))
    return [block for block in blocks if block[2] > 0]


def _common_prefix(a: str, b: str, a_start: int, b_start: int, limit: int) -> int:
    """How many characters `a[a_start:]` and `b[b_start:]` share at the start (at most
    `limit`), compared in doubling chunks so a long match costs a few memcmp calls."""
    matched, step = 0, 256
    while matched < limit:
        size = min(step, limit - matched)
        a_from, b_from = a_start + matched, b_start + matched
        if a[a_from : a_from + size] == b[b_from : b_from + size]:
            matched += size
            step *= 2
        elif size <= 16:
            while matched < limit and a[a_start + matched] == b[b_start + matched]:
                matched += 1
            return matched
        else:
            step = size // 2
    return matched


def _common_suffix(a: str, b: str, a_end: int, b_end: int, limit: int) -> int:
    """How many characters `a[:a_end]` and `b[:b_end]` share at the end (at most `limit`)."""
    matched, step = 0, 256
    while matched < limit:
        size = min(step, limit - matched)
        a_to, b_to = a_end - matched, b_end - matched
        if a[a_to - size : a_to] == b[b_to - size : b_to]:
            matched += size
            step *= 2
        elif size <= 16:
            while matched < limit and a[a_end - matched - 1] == b[b_end - matched - 1]:
                matched += 1
            return matched
        else:
            step = size // 2
    return matched


_Tokenizer = Callable[[str], list[str]]

_TOKENIZERS: tuple[_Tokenizer, ...] = (
    lambda text: text.splitlines(keepends=True),
    _SENTENCE.findall,
    _TOKEN.findall,
)
"""Ever finer ways to cut a large changed gap: lines, sentences, words."""


def _diff_gap(
    old: str, new: str, old_start: int, old_end: int, new_start: int, new_end: int, level: int
) -> list[tuple[int, int, int]]:
    """Unchanged runs inside `old[old_start:old_end]` and `new[new_start:new_end]`."""
    if old_start >= old_end or new_start >= new_end:
        return []
    if (old_end - old_start) * (new_end - new_start) <= CHAR_DIFF_CELLS:
        runs = equal_runs(old[old_start:old_end], new[new_start:new_end])
        return [(a + old_start, b + new_start, size) for a, b, size in runs]
    if level >= len(_TOKENIZERS):
        return []  # Too large and too different to match: offsets inside are spread evenly.
    tokenize = _TOKENIZERS[level]
    old_tokens = tokenize(old[old_start:old_end])
    new_tokens = tokenize(new[new_start:new_end])
    old_offsets = list(accumulate(map(len, old_tokens), initial=old_start))
    new_offsets = list(accumulate(map(len, new_tokens), initial=new_start))
    blocks: list[tuple[int, int, int]] = []
    old_at, new_at = 0, 0  # token indices just past the last matched run
    pairs = _patience(old_tokens, new_tokens)
    pairs.append((len(old_tokens), len(new_tokens)))  # sentinel: closes the last gap
    run_start: tuple[int, int] | None = None
    for index, (i, j) in enumerate(pairs):
        sentinel = index == len(pairs) - 1
        if run_start is not None and not sentinel and i == old_at and j == new_at:
            old_at, new_at = i + 1, j + 1
            continue
        if run_start is not None:
            a, b = run_start
            blocks.append((old_offsets[a], new_offsets[b], old_offsets[old_at] - old_offsets[a]))
            run_start = None
        blocks += _diff_gap(
            old,
            new,
            old_offsets[old_at],
            old_offsets[i],
            new_offsets[new_at],
            new_offsets[j],
            level + 1,
        )
        if not sentinel:
            run_start = (i, j)
            old_at, new_at = i + 1, j + 1
    return blocks


def equal_runs(a: str, b: str) -> list[tuple[int, int, int]]:
    """Runs equal in a character-level alignment (longest common subsequence) of two strings."""
    return [
        (op.src_start, op.dest_start, op.src_end - op.src_start)
        for op in Indel.opcodes(a, b)
        if op.tag == "equal"
    ]


def _patience(old: Sequence[str], new: Sequence[str]) -> list[tuple[int, int]]:
    """Matched token pairs `(old_index, new_index)` in increasing order, by patience diff.

    Tokens that occur once on each side anchor the match (the longest run of them in the
    same order); the stretches between anchors are matched the same way, after their common
    ends. Stretches with no unique tokens are left unmatched for a finer level.
    """
    pairs: list[tuple[int, int]] = []
    stack = [(0, len(old), 0, len(new))]
    while stack:
        a0, a1, b0, b1 = stack.pop()
        while a0 < a1 and b0 < b1 and old[a0] == new[b0]:
            pairs.append((a0, b0))
            a0, b0 = a0 + 1, b0 + 1
        while a0 < a1 and b0 < b1 and old[a1 - 1] == new[b1 - 1]:
            a1, b1 = a1 - 1, b1 - 1
            pairs.append((a1, b1))
        if a0 >= a1 or b0 >= b1:
            continue
        anchors = _unique_in_order(old, new, a0, a1, b0, b1)
        previous = (a0, b0)
        for i, j in anchors:
            pairs.append((i, j))
            stack.append((previous[0], i, previous[1], j))
            previous = (i + 1, j + 1)
        if anchors:
            stack.append((previous[0], a1, previous[1], b1))
    pairs.sort()
    return pairs


def _unique_in_order(
    old: Sequence[str], new: Sequence[str], a0: int, a1: int, b0: int, b1: int
) -> list[tuple[int, int]]:
    """Tokens occurring once in each range, longest increasing run of their index pairs."""
    seen_old: dict[str, int] = {}
    for i in range(a0, a1):
        token = old[i]
        seen_old[token] = -1 if token in seen_old else i
    seen_new: dict[str, int] = {}
    for j in range(b0, b1):
        token = new[j]
        if token in seen_old:
            seen_new[token] = -1 if token in seen_new else j
    candidates = [(i, j) for token, j in seen_new.items() if j >= 0 and (i := seen_old[token]) >= 0]
    candidates.sort()
    # Longest increasing subsequence of the new indices (patience sorting).
    tails: list[int] = []
    tail_index: list[int] = []
    previous: list[int] = []
    for index, (_, j) in enumerate(candidates):
        place = bisect_left(tails, j)
        if place == len(tails):
            tails.append(j)
            tail_index.append(index)
        else:
            tails[place] = j
            tail_index[place] = index
        previous.append(tail_index[place - 1] if place else -1)
    result: list[tuple[int, int]] = []
    index = tail_index[-1] if tail_index else -1
    while index >= 0:
        result.append(candidates[index])
        index = previous[index]
    result.reverse()
    return result
