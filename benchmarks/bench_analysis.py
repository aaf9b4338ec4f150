"""Analysis speed: the sample article, a whole book chunk by chunk, and keys during analysis.

`python benchmarks/run.py analysis` (add `--quick` for fewer runs, `--no-book` to skip the
book). Figures are compared with baselines measured in the same run: the bare spaCy pipeline
on the same text, and the app's key latency with no analysis running.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from reader.core.analysis.analyzer import Analyzer  # noqa: E402
from reader.core.analysis.model import Analysis  # noqa: E402
from reader.core.analysis.pipeline import load_pipeline  # noqa: E402
from reader.core.loaders import load_path  # noqa: E402
from reader.paths import sample_article  # noqa: E402

BOOK = ROOT.parent / "shared" / "bench" / "war-and-peace.txt"


def timed(action: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


def p90(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]


def sample(analyzer: Analyzer, runs: int) -> None:
    article = load_path(sample_article())
    texts = [article.text[block.start : block.end] for block in article.blocks]
    nlp = analyzer.nlp
    analyzer.analyze(article)  # warm
    bare = timed(lambda: list(nlp.pipe(texts)), runs)
    ours = timed(lambda: analyzer.analyze(article), runs)
    print("## Sample article, pipeline loaded")
    print(f"- words: {len(article.text.split())}, runs: {runs}")
    print(
        f"- reader's analysis: median {statistics.median(ours) * 1000:.0f} ms, "
        f"p90 {p90(ours) * 1000:.0f} ms (target: under 300 ms)"
    )
    print(
        f"- bare spaCy pipeline (all components) on the same blocks: median "
        f"{statistics.median(bare) * 1000:.0f} ms → ratio "
        f"{statistics.median(ours) / statistics.median(bare):.2f}×"
    )
    load = timed(lambda: _fresh_load(), 1)
    print(f"- loading the pipeline in a fresh state: {load[0]:.2f} s")


def _fresh_load() -> None:
    import spacy

    from reader.core.analysis.pipeline import default_model

    spacy.load(default_model())


def book(analyzer: Analyzer, chunk_chars: int) -> Analysis | None:
    if not BOOK.exists():
        print(f"(book skipped: {BOOK} not found)")
        return None
    article = load_path(BOOK)
    start = time.perf_counter()
    first = None
    gaps = []
    last = start
    result = None
    for result in analyzer.progressively(article, chunk_chars=chunk_chars):  # noqa: B007
        now = time.perf_counter()
        gaps.append(now - last)
        last = now
        if first is None:
            first = now - start
    total = time.perf_counter() - start
    assert result is not None and result.complete
    print("## A book, chunk by chunk (War and Peace, .txt)")
    print(f"- size: {len(article.text) / 1e6:.1f} MB, {len(article.text.split()):,} words")
    print(f"- first partial result after {first:.2f} s; {len(gaps)} updates")
    print(f"- between updates: median {statistics.median(gaps):.2f} s, max {max(gaps):.2f} s")
    print(
        f"- whole book: {total:.0f} s ({len(article.text.split()) / total:,.0f} words/s); "
        f"{len(result.entities):,} entities, {len(result.figures):,} figures, "
        f"{len(result.quotes):,} quotes"
    )
    return result


async def keys_during_analysis(presses: int, finished: Analysis) -> None:
    """Key latency in the real app (headless, Pilot) on the book, idle vs analysing.

    Idle: the book's analysis is already cached, so no worker runs. Analysing: an empty store,
    so the worker parses the book while the keys are pressed.
    """
    from reader.core.store import Store
    from reader.ui.app import make_app
    from reader.ui.widgets.article_view import ArticleView

    if not BOOK.exists():
        return
    article = load_path(BOOK)

    async def measure(analysing: bool) -> list[float]:
        store = Store.memory()
        if not analysing:
            store.save_analysis(store.add_document(article).id, finished)
        app = make_app(store, article)
        latencies: list[float] = []
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause(0.5)
            view = app.screen.query_one(ArticleView)
            for index in range(presses):
                before = view.scroll_offset.y
                start = time.perf_counter()
                await pilot.press("j" if index % 2 == 0 else "space")
                while view.scroll_offset.y == before and time.perf_counter() - start < 1:
                    await asyncio.sleep(0)
                await pilot.pause()
                latencies.append(time.perf_counter() - start)
            running = [worker for worker in app.workers if worker.group == "analysis"]
            still = any(worker.is_running for worker in running)
        store.close()
        if analysing and not still:
            print("  (the analysis ended before the presses did; figures include idle time)")
        return latencies

    idle = await measure(False)
    busy = await measure(True)
    print("## Keys on the book while it is analysed (headless app, j/space alternately)")
    print(f"- idle: median {statistics.median(idle) * 1000:.1f} ms, p90 {p90(idle) * 1000:.1f} ms")
    print(
        f"- analysing: median {statistics.median(busy) * 1000:.1f} ms, "
        f"p90 {p90(busy) * 1000:.1f} ms → ratio "
        f"{statistics.median(busy) / statistics.median(idle):.2f}× (targets: line 30 ms, "
        "page 60 ms)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer runs")
    parser.add_argument("--no-book", action="store_true", help="skip the whole-book run")
    options = parser.parse_args()
    start = time.perf_counter()
    analyzer = Analyzer(load_pipeline())
    print(f"pipeline {analyzer.model_label} loaded in {time.perf_counter() - start:.2f} s\n")
    sample(analyzer, 5 if options.quick else 20)
    if not options.no_book:
        print()
        finished = book(analyzer, chunk_chars=40_000)
        if finished is not None:
            print()
            asyncio.run(keys_during_analysis(20 if options.quick else 60, finished))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
