"""Annotating speed (issue 5): opening an article with 5,000 highlights, and making one.

`python benchmarks/run.py annotating`, or `python benchmarks/bench_annotating.py [--quick]
[--no-write]`. It needs tmux.

The real `reader` runs in detached tmux sessions (see `bench_reading.py`) on a long article:
the first ~300,000 characters of *War and Peace* (cut at a paragraph), written to a temporary
.txt file. Two store files are prepared once and copied for every launch, so each run starts
from the same state:

- "without highlights": the article and its analysis (cached, so no analysis runs);
- "with 5,000 highlights": the same, plus 5,000 non-overlapping highlights of three words,
  spread through the whole text, never on a sentence's first two words (so the caret put on
  a sentence's start by `)` is on unhighlighted text).

Measured in the same run, interleaved:

1. first paint: from launching the session until the article's first line is on screen;
2. making a highlight: `)` moves the caret to the next sentence, `V` selects it, and the
   time from sending `H` until the screen changes (the status line stops saying "N selected"
   and names the highlight's colour; the highlight is drawn in the same frame).

3. the redraw behind `H`, in process: the app runs headless (`App.run_test`) at the same
   size on the store with 5,000 highlights, the same keys are pressed, and the article view's
   `render_line` and `_render_row` are wrapped to count the rows it re-rendered (strip cache
   misses), the lines Textual asked it for, and the time spent in `render_line`: for the
   frame that shows the new highlight, and for the later frame after the screen reads every
   highlight again from the store. tmux's polling does not blur these figures.

`--redraw-only` runs only the third part (no tmux needed).

The figures go to the "Annotating (issue 5)" section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

import report  # noqa: E402
from bench_reading import (  # noqa: E402
    BOOK_TXT,
    HEIGHT,
    WIDTH,
    Bench,
    Samples,
    machine_facts,
    ms,
    process_memory,
    reader_command,
    sec,
)
from tmux_driver import SessionGone  # noqa: E402

REPORT = ROOT / "BENCHMARKS.md"
SECTION = "Annotating (issue 5)"

ARTICLE_CHARS = 300_000
HIGHLIGHTS = 5_000
HIGHLIGHT_WORDS = 3
NEEDLE = "so Genoa and Lucca"
"""From the article's first lines: on screen means the article has been painted."""

OPEN_RATIO = 1.2
MAKE_MEDIAN = 0.030

FIRST_PAINT_TIMEOUT = 60.0
KEY_TIMEOUT = 5.0
SETTLE_TIMEOUT = 30.0

WITHOUT = "without highlights"
WITH = f"with {HIGHLIGHTS:,} highlights"


def write_article(folder: Path) -> Path:
    """The book's first ARTICLE_CHARS characters, cut at a paragraph break, as a .txt file."""
    text = BOOK_TXT.read_text(encoding="utf-8")
    cut = text.rfind("\n\n", 0, ARTICLE_CHARS)
    path = folder / "war-and-peace-300k.txt"
    path.write_text(text[: cut if cut > 0 else ARTICLE_CHARS].rstrip() + "\n", encoding="utf-8")
    return path


def highlight_ranges(article: object, count: int) -> list[tuple[int, int]]:
    """`count` non-overlapping three-word ranges, evenly through the text, none on the first
    two words of a sentence."""
    from reader.core.text.text_units import TextUnits

    units = TextUnits(article)  # type: ignore[arg-type]
    starts, ends = units.word_starts, units.word_ends
    sentence_starts = set(units.sentence_starts)
    candidates: list[tuple[int, int]] = []
    index = 0
    # Candidates: three words, then a gap of two words, restarting at every sentence.
    sentence_word = 0
    while index + HIGHLIGHT_WORDS <= len(starts):
        if starts[index] in sentence_starts:
            sentence_word = 0
        if sentence_word < 2:
            index += 1
            sentence_word += 1
            continue
        last = index + HIGHLIGHT_WORDS - 1
        # Keep within one sentence, so a sentence's start is never highlighted.
        if any(starts[word] in sentence_starts for word in range(index + 1, last + 1)):
            index += 1
            sentence_word += 1
            continue
        candidates.append((starts[index], ends[last]))
        index += HIGHLIGHT_WORDS + 2
        sentence_word += HIGHLIGHT_WORDS + 2
    if len(candidates) < count:
        raise SystemExit(f"only {len(candidates)} places for highlights in the article")
    step = len(candidates) / count
    return [candidates[int(number * step)] for number in range(count)]


def prepare_stores(folder: Path, path: Path) -> dict[str, Path]:
    """The two template store files: the article and its analysis, with and without highlights."""
    from reader.core.analysis.analyzer import Analyzer
    from reader.core.analysis.pipeline import load_pipeline
    from reader.core.loaders import load_path
    from reader.core.store.store import Store

    article = load_path(path)
    began = time.perf_counter()
    analysis = Analyzer(load_pipeline()).analyze(article)
    print(f"  analysis of {len(article.text):,} characters: {time.perf_counter() - began:.1f} s")
    ranges = highlight_ranges(article, HIGHLIGHTS)
    stores: dict[str, Path] = {}
    for label, highlights in ((WITHOUT, []), (WITH, ranges)):
        target = folder / f"template-{len(stores)}.db"
        with Store(target) as store:
            document = store.add_document(article)
            store.save_analysis(document.id, analysis)
            began = time.perf_counter()
            for start, end in highlights:
                store.add_highlight(document.id, start, end)
            if highlights:
                print(
                    f"  {len(highlights):,} highlights added one by one in "
                    f"{time.perf_counter() - began:.1f} s"
                )
        stores[label] = target
    return stores


class AnnotatingBench(Bench):
    """Launches the reader on a copy of one of the template stores."""

    template: Path | None = None

    def fresh_env(self) -> dict[str, str]:
        env = super().fresh_env()
        if self.template is not None:
            shutil.copyfile(self.template, env["READER_DB"])
        return env

    def launch(self, path: Path) -> tuple[str, float | None]:
        """Start the reader on `path`; its name and the time until the article showed."""
        name = self._session_name()
        env = self.fresh_env()
        began = time.perf_counter()
        self.tmux.launch(
            name, reader_command(path), env=env, width=WIDTH, height=HEIGHT, cwd=str(ROOT)
        )
        wait = self.tmux.wait_for(
            name, lambda screen: NEEDLE in screen, timeout=FIRST_PAINT_TIMEOUT, began=began
        )
        return name, wait.elapsed

    def send_and_settle(self, name: str, key: str) -> None:
        """Send a key that may not change the text on screen (a caret move), let it land."""
        self.tmux.send_keys(name, key)
        self.tmux.wait_until_still(name, quiet=0.1, timeout=SETTLE_TIMEOUT)


@dataclass
class Making:
    """Timings of making highlights in one session."""

    select: Samples = field(default_factory=Samples)
    highlight: Samples = field(default_factory=Samples)
    memory: dict[str, float] = field(default_factory=dict)
    drawn: int = 0
    """How many highlights the status line confirmed (it names the colour)."""


def first_paints(
    bench: AnnotatingBench, path: Path, stores: dict[str, Path], runs: int
) -> dict[str, Samples]:
    results = {label: Samples() for label in stores}
    for run in range(runs):
        for label, template in stores.items():  # interleaved: noise hits both alike
            bench.template = template
            name = ""
            try:
                name, elapsed = bench.launch(path)
                results[label].add(elapsed, "timeout")
            except SessionGone:
                results[label].add(None, "the app exited before painting")
                elapsed = None
            finally:
                if name:
                    bench.tmux.kill(name)
                time.sleep(0.2)
            print(f"  first paint {label:<24} run {run + 1}: {sec(elapsed)}", flush=True)
    return results


def make_highlights(bench: AnnotatingBench, path: Path, template: Path, count: int) -> Making:
    bench.template = template
    making = Making()
    name, elapsed = bench.launch(path)
    try:
        if elapsed is None:
            raise TimeoutError("the article did not show")
        bench.tmux.wait_until_still(name, quiet=0.5, timeout=SETTLE_TIMEOUT)
        pid = bench.tmux.pane_pid(name)
        for number in range(count):
            # Move on a few sentences: the caret lands on a sentence's (unhighlighted) start.
            for _ in range(1 if number == 0 else 3):
                bench.send_and_settle(name, ")")
            making.select.add(bench.press(name, "V", KEY_TIMEOUT), "V")
            before = bench.tmux.capture(name)
            if "selected" not in before:
                making.highlight.add(None, f"nothing selected before H, try {number + 1}")
                continue
            elapsed = bench.press(name, "H", KEY_TIMEOUT)
            making.highlight.add(elapsed, f"H, try {number + 1}")
            after = bench.tmux.capture(name)
            if "selected" not in after and "a to write a note" in after:
                making.drawn += 1
        making.memory = process_memory(pid)
    finally:
        bench.tmux.kill(name)
    return making


@dataclass
class Frame:
    """What the article view drew in one frame."""

    rows: int = 0
    """Rows re-rendered (strip cache misses: `_render_row` calls)."""
    lines: int = 0
    """`render_line` calls: the lines Textual asked the view for."""
    seconds: float = 0.0
    """Time spent in `render_line`, cache hits included."""


@dataclass
class Redraw:
    """The article view's drawing for each `H`, measured in process."""

    shown: list[Frame] = field(default_factory=list)
    """The frame that shows each new highlight."""
    reloaded: list[Frame] = field(default_factory=list)
    """The frame after the screen read every highlight again (`RELOAD_DELAY` later)."""
    visible_rows: int = 0
    failures: list[str] = field(default_factory=list)


class DrawCounter:
    """Wraps the view class's `render_line` and `_render_row` to count and time them."""

    def __init__(self, view_class: Any) -> None:
        self.frame = Frame()
        render_line, render_row = view_class.render_line, view_class._render_row
        counter = self

        def counted_render_line(view: Any, y: int) -> Any:
            began = time.perf_counter()
            try:
                return render_line(view, y)
            finally:
                counter.frame.lines += 1
                counter.frame.seconds += time.perf_counter() - began

        def counted_render_row(view: Any, *args: Any, **kwargs: Any) -> Any:
            counter.frame.rows += 1
            return render_row(view, *args, **kwargs)

        view_class.render_line = counted_render_line
        view_class._render_row = counted_render_row

    def take(self) -> Frame:
        """What was drawn since the last call."""
        frame, self.frame = self.frame, Frame()
        return frame


async def _measure_redraw(path: Path, store_path: Path, count: int) -> Redraw:
    from reader.core.loaders import load_path
    from reader.core.store.store import Store
    from reader.ui.app import make_app
    from reader.ui.screens import reading
    from reader.ui.widgets.article_view import ArticleView

    counter = DrawCounter(ArticleView)
    redraw = Redraw()
    app = make_app(Store(store_path), load_path(path))
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        await app.workers.wait_for_complete()
        view = app.screen.query_one(ArticleView)
        for _ in range(200):
            if len(view.highlights) >= HIGHLIGHTS:
                break
            await pilot.pause(0.05)
        redraw.visible_rows = view.page_height
        for number in range(count):
            for _ in range(1 if number == 0 else 3):
                await pilot.press("right_parenthesis")
            await pilot.press("V")
            await pilot.pause()
            if view.selection is None:
                redraw.failures.append(f"nothing selected before H, try {number + 1}")
                continue
            made = len(view.highlights)
            counter.take()
            await pilot.press("H")
            await pilot.pause()
            shown = counter.take()
            if len(view.highlights) != made + 1:
                redraw.failures.append(f"H made no highlight, try {number + 1}")
                continue
            await pilot.pause(reading.RELOAD_DELAY + 0.2)
            redraw.shown.append(shown)
            redraw.reloaded.append(counter.take())
    return redraw


def measure_redraw(path: Path, template: Path, count: int) -> Redraw:
    """Press `)`, `V` and `H` `count` times in a headless app on a copy of `template`, and
    record what the article view drew for each `H`."""
    folder = Path(tempfile.mkdtemp(prefix="reader-redraw-"))
    try:
        store_path = folder / "reader.db"
        shutil.copyfile(template, store_path)
        return asyncio.run(_measure_redraw(path, store_path, count))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def frames_summary(frames: list[Frame]) -> str:
    """Medians over frames: rows re-rendered, lines asked for, time in `render_line`."""
    if not frames:
        return "—"
    rows = median(frame.rows for frame in frames)
    lines = median(frame.lines for frame in frames)
    seconds = median(frame.seconds for frame in frames)
    return f"{rows:.0f} rows re-rendered, {lines:.0f} lines asked, {seconds * 1000:.2f} ms"


def redraw_lines(redraw: Redraw) -> list[str]:
    """The redraw figures as Markdown table rows and notes."""
    lines = [
        "",
        f"The redraw behind `H` with {HIGHLIGHTS:,} highlights, in process (headless "
        f"{WIDTH}×{HEIGHT}, {redraw.visible_rows} article rows on screen; medians over "
        f"{len(redraw.shown)} highlights). Rows re-rendered are strip cache misses; "
        "time is all of `render_line`, cache hits included:",
        "",
        "| frame | article view drawing |",
        "| --- | --- |",
        f"| showing the new highlight | {frames_summary(redraw.shown)} |",
        f"| after reading all highlights again from the store | "
        f"{frames_summary(redraw.reloaded)} |",
    ]
    if redraw.failures:
        lines += ["", "- " + "; ".join(redraw.failures) + "."]
    return lines


def render(
    facts: dict[str, str],
    paints: dict[str, Samples],
    making: dict[str, Making],
    quick: bool,
    chars: int,
    redraw: Redraw,
) -> str:
    without, with_ = paints[WITHOUT].median, paints[WITH].median
    ratio = with_ / without if without and with_ else None
    lines = [
        f"## {SECTION}",
        "",
        "`python benchmarks/run.py annotating` (or `python benchmarks/bench_annotating.py "
        "[--quick]`) — the real app in a "
        f"{WIDTH}×{HEIGHT} tmux session, on the first {chars:,} characters of *War and Peace* "
        "(.txt), its analysis cached in the store so none runs. The store with highlights "
        f"holds {HIGHLIGHTS:,} of three words each, spread evenly through the text (about one "
        "every 60 characters, so every row on screen has some). Medians"
        + (" (quick run)" if quick else "")
        + "; timings include tmux and the screen polling (~5 ms). Making a highlight: `)` "
        "three times puts the caret on a sentence's (unhighlighted) start, `V` selects the "
        "sentence, and `H` is timed from `tmux send-keys` until the screen changes (the status "
        'line swaps "N selected" for the highlight\'s colour, in the frame that draws it).',
        f"Machine: {facts['cpus']} cores ({facts['cpu']}), Python {facts['python']}, "
        f"Textual {facts['textual']}, {facts['tmux']}, {facts['date']}, code at "
        f"{facts['commit']}.",
        "",
        "| measure | without highlights | with 5,000 highlights | target | result |",
        "| --- | ---: | ---: | --- | --- |",
        f"| first paint, median / p90 ({len(paints[WITHOUT].values)} runs each) | "
        f"{paints[WITHOUT].summary(sec)} | {paints[WITH].summary(sec)} | "
        f"≤ {OPEN_RATIO}× without | "
        + (f"{ratio:.2f}× {'PASS' if ratio <= OPEN_RATIO else 'FAIL'}" if ratio else "—")
        + " |",
    ]
    select = {label: run.select for label, run in making.items()}
    made = {label: run.highlight for label, run in making.items()}
    lines.append(
        f"| `V` (select sentence), median / p90 | {select[WITHOUT].summary(ms)} | "
        f"{select[WITH].summary(ms)} | — | — |"
    )
    with_median = made[WITH].median
    verdict = "—" if with_median is None else ("PASS" if with_median < MAKE_MEDIAN else "FAIL")
    lines.append(
        f"| `H` (make the highlight) until it shows, median / p90 "
        f"({len(made[WITH].values)} highlights) | {made[WITHOUT].summary(ms)} | "
        f"{made[WITH].summary(ms)} | < 30 ms median | {verdict} |"
    )
    lines.append(
        f"| memory after making them (RSS, peak) | "
        f"{making[WITHOUT].memory.get('VmRSS', 0):.0f} MB "
        f"({making[WITHOUT].memory.get('VmHWM', 0):.0f}) | "
        f"{making[WITH].memory.get('VmRSS', 0):.0f} MB "
        f"({making[WITH].memory.get('VmHWM', 0):.0f}) | — | — |"
    )
    lines.append("")
    for label, run in making.items():
        lines.append(
            f"- {label}: the status line confirmed {run.drawn} of "
            f"{len(run.highlight.values) + run.highlight.failures} highlights"
            + (f"; {run.highlight.failures} timed out" if run.highlight.failures else "")
            + "."
        )
    lines += redraw_lines(redraw)
    lines.append("")
    return "\n".join(lines)


def write_section(text: str) -> None:
    """Put the section into BENCHMARKS.md, replacing an older one, leaving the others alone."""
    report.write_section(f"## {SECTION}", text, REPORT)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs")
    parser.add_argument("--no-write", action="store_true", help="do not update BENCHMARKS.md")
    parser.add_argument(
        "--redraw-only",
        action="store_true",
        help="only the in-process redraw measurement; print it, write nothing",
    )
    options = parser.parse_args()
    if options.redraw_only:
        return redraw_only(12 if options.quick else 24)
    if shutil.which("tmux") is None:
        print("bench_annotating: tmux is needed", file=sys.stderr)
        return 1
    if not BOOK_TXT.exists():
        print(f"bench_annotating: {BOOK_TXT} is missing", file=sys.stderr)
        return 1
    paint_runs, makes = (5, 12) if options.quick else (10, 24)
    facts = machine_facts()
    folder = Path(tempfile.mkdtemp(prefix="reader-annotating-"))
    bench = AnnotatingBench(argparse.Namespace(quick=options.quick))
    try:
        path = write_article(folder)
        chars = len(path.read_text(encoding="utf-8"))
        print("preparing the stores", flush=True)
        stores = prepare_stores(folder, path)
        print("first paint", flush=True)
        paints = first_paints(bench, path, stores, paint_runs)
        print("redraw, in process", flush=True)
        redraw = measure_redraw(path, stores[WITH], makes)
        print(f"  shown: {frames_summary(redraw.shown)}", flush=True)
        print(f"  reloaded: {frames_summary(redraw.reloaded)}", flush=True)
        making: dict[str, Making] = {}
        for label, template in stores.items():
            print(f"making highlights, {label}", flush=True)
            making[label] = make_highlights(bench, path, template, makes)
            run = making[label]
            print(
                f"  V {run.select.summary(ms)}; H {run.highlight.summary(ms)}; "
                f"confirmed {run.drawn}",
                flush=True,
            )
    finally:
        bench.close()
        shutil.rmtree(folder, ignore_errors=True)
    text = render(facts, paints, making, options.quick, chars, redraw)
    print()
    print(text)
    if not options.no_write:
        write_section(text)
        print(f"Wrote the '{SECTION}' section of {REPORT}")
    return 0


def redraw_only(count: int) -> int:
    """Prepare the store with highlights and measure only the redraw behind `H`."""
    if not BOOK_TXT.exists():
        print(f"bench_annotating: {BOOK_TXT} is missing", file=sys.stderr)
        return 1
    folder = Path(tempfile.mkdtemp(prefix="reader-annotating-"))
    try:
        path = write_article(folder)
        print("preparing the stores", flush=True)
        stores = prepare_stores(folder, path)
        redraw = measure_redraw(path, stores[WITH], count)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print("\n".join(redraw_lines(redraw)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
