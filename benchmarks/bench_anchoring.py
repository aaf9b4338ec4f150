"""Re-anchoring speed: 5,000 highlights in a 3 MB book after edits of several kinds.

`python benchmarks/run.py anchoring` (or `python benchmarks/bench_anchoring.py [--quick]`).
Each scenario is compared with a baseline measured in the same run: `new_text.find(exact)`
for every highlight, which is what placing highlights by their quote alone would cost (and
which picks the first occurrence of a repeated phrase, right or not).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable
from functools import partial
from itertools import accumulate
from pathlib import Path
from typing import TypeVar

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from reader.core.annotating.anchoring import Selector, TextMap, reanchor_all  # noqa: E402
from reader.core.model.annotations import quote_at  # noqa: E402

T = TypeVar("T")

BOOK = ROOT.parent / "shared" / "bench" / "war-and-peace.txt"
HIGHLIGHTS = 5_000


def make_highlights(text: str, count: int, seed: int = 7) -> list[Selector]:
    """`count` highlights of whole words, from one word to about 300 characters, spread
    evenly over the text (as a person selects: from a word's start to a word's end)."""
    rng = random.Random(seed)
    selectors: list[Selector] = []
    while len(selectors) < count:
        start = rng.randrange(len(text) - 400)
        while start > 0 and not (text[start - 1].isspace() and not text[start].isspace()):
            start -= 1
        end = start + rng.choice([1, 8, 20, 40, 80, 150, 300])
        while end < len(text) and not text[end].isspace():
            end += 1
        while text[end - 1] in ",;:":
            end -= 1
        quote = quote_at(text, start, end)
        selectors.append(Selector(start, end, quote.exact, quote.prefix, quote.suffix))
    return selectors


def scenarios(text: str) -> list[tuple[str, str, Callable[[int, int], int | None]]]:
    """(name, new text, where a highlight `start:end` truly went: None if an edit touched it)."""
    rng = random.Random(11)
    middle = len(text) * 2 // 5
    sentence = "This sentence was added by the editor in the second edition. "
    inserted = text[:middle] + sentence + text[middle:]

    # Twenty small edits spread over the book: three characters replaced by five.
    edits = sorted(rng.sample(range(1_000, len(text) - 1_000), 20))
    pieces, last = [], 0
    for at in edits:
        pieces += [text[last:at], "[sic]"]
        last = at + 3
    pieces.append(text[last:])
    scattered = "".join(pieces)

    def scattered_moved(start: int, end: int) -> int | None:
        if any(start < at + 3 and at < end for at in edits):
            return None
        return start + 2 * sum(1 for at in edits if at + 3 <= start)

    cut_from, cut_to = len(text) // 2, len(text) // 2 + 100_000  # a chapter or two
    cut = text[:cut_from] + text[cut_to:]

    def cut_moved(start: int, end: int) -> int | None:
        if start < cut_to and cut_from < end:
            return None
        return start if end <= cut_from else start - (cut_to - cut_from)

    # Stress: every paragraph moved (no highlight is where it was), and a different text.
    paragraphs = text.split("\n\n")
    order = list(range(len(paragraphs)))
    rng.shuffle(order)
    shuffled = "\n\n".join(paragraphs[index] for index in order)
    new_starts, offset = {}, 0
    for index in order:
        new_starts[index] = offset
        offset += len(paragraphs[index]) + 2
    old_starts = list(accumulate((len(p) + 2 for p in paragraphs), initial=0))

    def shuffled_moved(start: int, end: int) -> int | None:
        index = bisect_right(old_starts, start) - 1
        if end > old_starts[index] + len(paragraphs[index]):
            return None  # it spans a paragraph break
        return new_starts[index] + start - old_starts[index]

    return [
        ("unchanged", text[:], lambda start, end: start),
        (
            "one sentence inserted",
            inserted,
            lambda start, end: (
                start if end <= middle else start + len(sentence) if start >= middle else None
            ),
        ),
        ("20 scattered edits", scattered, scattered_moved),
        ("100,000 characters cut", cut, cut_moved),
        ("stress: every paragraph shuffled", shuffled, shuffled_moved),
        ("stress: a different text (reversed)", text[::-1], lambda start, end: None),
    ]


def timed(action: Callable[[], T], runs: int) -> tuple[float, T]:
    """The median time of `runs` calls, and the last call's result."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def find_each(new_text: str, selectors: list[Selector]) -> list[int]:
    """The baseline: each quote's first occurrence in the new text (-1 when absent)."""
    return [new_text.find(selector.exact) for selector in selectors]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="one run of each instead of 3")
    args = parser.parse_args()
    runs = 1 if args.quick else 3
    if not BOOK.exists():
        print(f"skipped: {BOOK} is missing")
        return 0
    text = BOOK.read_text(encoding="utf-8")
    selectors = make_highlights(text, HIGHLIGHTS)
    print(
        f"{BOOK.name}: {len(text):,} characters, {len(selectors):,} highlights, "
        f"median of {runs} run(s), Python {sys.version.split()[0]}"
    )
    print()
    print(
        "| scenario | diff alone | reanchor_all | per highlight | baseline: find() each | "
        "untouched at the right place: reanchor / find() | touched: placed (fuzzy) / all | "
        "methods |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for name, new_text, truth in scenarios(text):
        diff_time = timed(partial(TextMap.between, text, new_text), runs)[0]
        total, results = timed(partial(reanchor_all, text, new_text, selectors), runs)
        baseline, found = timed(partial(find_each, new_text, selectors), runs)
        untouched = right = first_right = touched = touched_kept = 0
        for selector, result, first in zip(selectors, results, found, strict=True):
            moved = truth(selector.start, selector.end)
            if moved is None:
                touched += 1
                touched_kept += not result.orphaned
                continue
            untouched += 1
            right += result.start == moved
            first_right += first == moved
        methods = Counter(result.method for result in results)
        print(
            f"| {name} | {diff_time * 1000:,.0f} ms | {total * 1000:,.0f} ms | "
            f"{total / len(selectors) * 1e6:,.1f} µs | {baseline * 1000:,.0f} ms | "
            f"{right:,} / {first_right:,} of {untouched:,} | {touched_kept} / {touched} | "
            + ", ".join(f"{method} {count:,}" for method, count in methods.most_common())
            + " |"
        )
    print()
    print(
        "untouched: highlights no edit reached; the right place is where their text truly went. "
        "find() takes the first occurrence of a repeated phrase. touched: highlights an edit "
        "reached (partly or wholly cut, three characters replaced inside them, split across "
        "paragraphs that were shuffled apart, or in a different text)."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
