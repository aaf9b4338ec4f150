"""The analysis rules' cost: one tree's analyser on the sample and on half of a book.

`python benchmarks/bench_rules_cost.py [--book]` times this checkout; run it the same way
from a worktree of another commit (`git worktree add /tmp/base b72d70a; cd /tmp/base;
PYTHONPATH=/tmp/base python /path/to/this/file --book`) and alternate the two in one
session to compare: issue 12 allows the rules 1.2× of b72d70a's time.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from reader.core.analysis.analyzer import Analyzer
from reader.core.analysis.pipeline import load_pipeline
from reader.core.loaders import load_path
from reader.paths import sample_article

BOOK = Path(__file__).resolve().parents[2] / "shared" / "bench" / "war-and-peace.txt"
RUNS = 15


def main() -> None:
    import reader

    print("tree:", Path(reader.__file__).parent)
    analyzer = Analyzer(load_pipeline())
    article = load_path(sample_article())
    analyzer.analyze(article)  # warm
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        analyzer.analyze(article)
        times.append(time.perf_counter() - start)
    print(f"sample median {statistics.median(times) * 1000:.1f} ms ({RUNS} runs)")
    if "--book" in sys.argv and BOOK.exists():
        text = BOOK.read_text(encoding="utf-8")
        half = Path("/tmp/reader-half-book.txt")
        half.write_text(text[: len(text) // 2], encoding="utf-8")
        start = time.perf_counter()
        result = None
        for result in analyzer.progressively(load_path(half), chunk_chars=200_000):  # noqa: B007
            pass
        seconds = time.perf_counter() - start
        print(f"half book {seconds:.1f} s; {len(result.entities) if result else 0} entities")


if __name__ == "__main__":
    main()
