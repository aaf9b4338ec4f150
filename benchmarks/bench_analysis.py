"""Analysis speed: the sample article, a whole book chunk by chunk, and keys during analysis.

`python benchmarks/run.py analysis` (add `--quick` for fewer runs, `--no-book` to skip the
book, `--long-line` for only one long line dense with numbers at doubling sizes, `--marks`
for only a headline of stray single quotation marks at doubling sizes). Figures are
compared with baselines measured in the same run: the bare spaCy pipeline on the same text,
and the app's key latency with no analysis running.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

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


def keys_during_analysis(presses: int, finished: Analysis) -> None:
    """Key latency and memory of the real app in tmux on the book: idle vs analysing.

    Idle: the book's analysis is already in the store, so nothing runs. Analysing: a fresh
    store, so the child process parses the book while the keys are pressed.
    """
    import argparse as _argparse

    from bench_reading import LINE, PAGE, Bench, median, ms, p90, process_memory

    from reader.core.store.store import Store

    class AnalysisBench(Bench):
        cached: Analysis | None = None

        def fresh_env(self) -> dict[str, str]:
            env = super().fresh_env()
            if self.cached is not None:
                with Store(env["READER_DB"]) as store:
                    store.save_analysis(store.add_document(self.article(BOOK)).id, self.cached)
            return env

    bench = AnalysisBench(_argparse.Namespace(quick=True))
    results: dict[str, tuple[list[float], list[float], dict[str, float]]] = {}
    try:
        for label, cached in (("idle (analysis cached)", finished), ("analysing", None)):
            bench.cached = cached
            name, _ = bench.open("reader", BOOK)
            pid = bench.tmux.pane_pid(name)
            time.sleep(3)  # past the first paint: the analysis (if any) is under way
            lines: list[float] = []
            pages: list[float] = []
            for index in range(presses):
                kind = LINE if index % 2 == 0 else PAGE
                elapsed = bench.press(name, kind.reader_key)
                if elapsed is not None:
                    (lines if kind is LINE else pages).append(elapsed)
            memory = process_memory(pid)
            children = _children_memory(pid)
            bench.tmux.kill(name)
            results[label] = (lines, pages, {**memory, "children": children})
    finally:
        bench.close()
    print("## Keys on the book while it is analysed (real app in tmux, 120×40)")
    print("| state | line median / p90 | page median / p90 | reader RSS (peak) | analysis child |")
    print("|---|---:|---:|---:|---:|")
    for label, (lines, pages, memory) in results.items():
        child = f"{memory['children']:.0f} MB" if memory["children"] else "none"
        print(
            f"| {label} | {ms(median(lines))} / {ms(p90(lines))} | "
            f"{ms(median(pages))} / {ms(p90(pages))} | "
            f"{memory['VmRSS']:.0f} MB ({memory['VmHWM']:.0f} MB) | {child} |"
        )
    print("Targets (reading issue): line 30 ms, page 60 ms; memory 250 MB.")


def _children_memory(pid: int) -> float:
    """Resident memory (MB) of the processes whose parent is `pid`."""
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) != pid:
                continue
            for line in (entry / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) / 1024
        except (OSError, ValueError, IndexError):
            continue
    return total


LONG_LINE_WORDS = re.findall(
    r"\S+",
    "ceasefire talks began on Sunday after the minister said the city would reopen schools "
    "and markets while more than 100 people were still missing",
)


def long_line(analyzer: Analyzer, sizes: tuple[int, ...]) -> None:
    """One paragraph with no line break, dense with numbers, at doubling sizes: the cost of
    the rules must grow with the text, as the model's does (issue 11's hostile input)."""
    import random

    from reader.core.loaders import load_text

    print("## One long line dense with numbers, doubling")
    print("| characters | reader's analysis | bare spaCy pipeline | ratio | × previous size |")
    print("|---:|---:|---:|---:|---:|")
    previous = 0.0
    for size in sizes:
        rng = random.Random(size)
        line = " ".join(rng.choice(LONG_LINE_WORDS) for _ in range(size // 6))[:size]
        article = load_text(line + "\n\nThe end.\n", source="long-line.txt")
        texts = [article.text[block.start : block.end] for block in article.blocks]
        nlp = analyzer.nlp
        nlp.max_length = max(nlp.max_length, size + 1)
        pipe = nlp.pipe
        ours = min(timed(lambda article=article: analyzer.analyze(article), 2))
        bare = min(timed(lambda pipe=pipe, texts=texts: list(pipe(texts)), 2))
        growth = f"{ours / previous:.2f}" if previous else "–"
        print(f"| {size:,} | {ours:.2f} s | {bare:.2f} s | {ours / bare:.2f} | {growth} |")
        previous = ours


def marked_headline(sizes: tuple[int, ...]) -> None:
    """A headline of stray single quotation marks at doubling sizes: finding quotations in
    single marks in headings must stay linear (it was quadratic before the bound)."""
    from reader.core.analysis.quotes import headline_quotes

    print("## A headline of stray single marks, doubling")
    print("| marks | headline quotes found in | × previous size |")
    print("|---:|---:|---:|")
    previous = 0.0
    for size in sizes:
        line = " 'a" * size
        taken = min(timed(lambda line=line: headline_quotes(line, [(0, len(line))]), 3))
        growth = f"{taken / previous:.2f}" if previous else "–"
        print(f"| {size:,} | {taken * 1000:.1f} ms | {growth} |")
        previous = taken
    from reader.core.analysis.quotes import find_quotes

    print("\n## One line of titles in marks, doubling")
    print("| titles | told from statements in | × previous size |")
    print("|---:|---:|---:|")
    previous = 0.0
    for size in sizes:
        line = "He liked “Super Mario Run” and " * (size // 5)
        spans = find_quotes(line, [(0, len(line))])
        taken = min(timed(lambda line=line, spans=spans: [q.is_statement(line) for q in spans], 3))
        growth = f"{taken / previous:.2f}" if previous else "–"
        print(f"| {len(spans):,} | {taken * 1000:.1f} ms | {growth} |")
        previous = taken


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer runs")
    parser.add_argument("--no-book", action="store_true", help="skip the whole-book run")
    parser.add_argument(
        "--long-line", action="store_true", help="only the long line at doubling sizes"
    )
    parser.add_argument(
        "--marks", action="store_true", help="only a headline of stray marks, doubling"
    )
    options = parser.parse_args()
    start = time.perf_counter()
    analyzer = Analyzer(load_pipeline())
    print(f"pipeline {analyzer.model_label} loaded in {time.perf_counter() - start:.2f} s\n")
    sizes = (50_000, 100_000, 200_000, 400_000)
    if options.marks:
        marked_headline((10_000, 20_000, 40_000, 80_000, 160_000))
        return 0
    if options.long_line:
        long_line(analyzer, sizes)
        return 0
    sample(analyzer, 5 if options.quick else 20)
    if not options.no_book:
        print()
        finished = book(analyzer, chunk_chars=40_000)
        if finished is not None:
            print()
            keys_during_analysis(20 if options.quick else 40, finished)
    print()
    long_line(analyzer, sizes[:2] if options.quick else sizes)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
