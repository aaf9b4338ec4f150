"""How fast the reading view paints, answers keys, re-lays out, and how much memory it takes.

Run from the checkout: `python benchmarks/bench_reading.py [--quick] [--no-write]`, or
`python benchmarks/run.py reading`. It needs tmux.

The real `reader` command and a baseline (`baseline_app.py`: a bare Textual app showing the
same file's raw text in one `Static`) run in detached tmux sessions of the same size, each
with a fresh temporary store and config. The benchmark reads the screen with
`tmux capture-pane` every few milliseconds:

- first paint: from launching the session until a known line of the article is on screen
  (Python start-up and imports included, for both apps alike);
- key latency: from `tmux send-keys` until the screen differs, at several places in the book
  (so it includes tmux and the capture polling; that overhead is measured and reported);
- resize: from `tmux resize-window` until the screen's last change, and whether the text at
  the top is still the same place;
- memory: VmRSS and VmHWM of the app process, from /proc.

In-process figures split the cost into import, parse (`load_path`), word index, layout
(`wrap`) and store, and a Pilot run checks that the caret's offset survives a resize.
The figures go to the "Reading view" section of BENCHMARKS.md at the repository root.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.core.model.document import Article

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))  # run as a script from a checkout, without installing
sys.path.insert(0, str(HERE))

import report  # noqa: E402
from tmux_driver import SessionGone, Tmux  # noqa: E402

SAMPLE = ROOT / "seeds" / "syria-ceasefire-2016.txt"
BOOK_DIR = Path(os.environ.get("READER_BENCH_BOOKS", "/work/shared/bench"))
BOOK_TXT = BOOK_DIR / "war-and-peace.txt"
BOOK_MD = BOOK_DIR / "war-and-peace.md"
BASELINE = HERE / "baseline_app.py"
REPORT = ROOT / "BENCHMARKS.md"
SECTION = "Reading view"

NEEDLES = {
    SAMPLE: "Explosions tore through",  # body text: the title is also in the status line
    BOOK_TXT: "so Genoa and Lucca",
    BOOK_MD: "so Genoa and Lucca",
}
"""Text from each article's first lines: on screen means the article has been painted."""

WIDTH, HEIGHT = 120, 40
"""The terminal both apps run in."""
RESIZE_STEPS = ((80, 40), (60, 40), (120, 40))
"""80 hides the sidebar but keeps the 72-column text; 60 forces a re-wrap; 120 goes back."""

# The targets.
FIRST_PAINT_RATIO = 1.2
BOOK_FIRST_PAINT = 1.5
KEY_MEDIAN = 0.030
KEY_P90 = 0.060
MEMORY_MB = 250.0
RESIZE_SECONDS = 0.300

FIRST_PAINT_TIMEOUT = 60.0
KEY_TIMEOUT = 5.0
SETTLE_TIMEOUT = 60.0


@dataclass(frozen=True)
class KeyKind:
    """One kind of move, with the key each app uses for it."""

    label: str
    reader_key: str
    baseline_key: str


LINE = KeyKind("line (j / down)", "j", "Down")
PAGE = KeyKind("page (space / pagedown)", "Space", "NPage")
END = KeyKind("end (G / end)", "G", "End")
TOP = KeyKind("top (g / home)", "g", "Home")
KEY_KINDS = (LINE, PAGE, END, TOP)


# -- statistics and formatting ---------------------------------------------------------


def median(values: Sequence[float]) -> float | None:
    return statistics.median(values) if values else None


def p90(values: Sequence[float]) -> float | None:
    """The 90th percentile by nearest rank (the value 90% of samples do not exceed)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(math.ceil(0.9 * len(ordered)) - 1, 0)]


def ms(value: float | None) -> str:
    return "—" if value is None else f"{value * 1000:.0f} ms"


def sec(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f} s"


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("PASS" if ok else "FAIL")


@dataclass
class Samples:
    """Timings of one measurement; a None is a timeout or a crash."""

    values: list[float] = field(default_factory=list)
    failures: int = 0
    notes: list[str] = field(default_factory=list)

    def add(self, value: float | None, note: str = "") -> None:
        if value is None:
            self.failures += 1
            if note:
                self.notes.append(note)
        else:
            self.values.append(value)

    @property
    def median(self) -> float | None:
        return median(self.values)

    @property
    def p90(self) -> float | None:
        return p90(self.values)

    def summary(self, fmt: Callable[[float | None], str]) -> str:
        if not self.values:
            return f"timeout ×{self.failures}" if self.failures else "—"
        text = f"{fmt(self.median)} / {fmt(self.p90)}"
        return text + (f" (+{self.failures} timeout)" if self.failures else "")


@dataclass
class Row:
    """One line of the results table."""

    metric: str
    reader: str
    baseline: str
    target: str
    result: str


@dataclass
class KeyRun:
    """Key latency and memory of one app on one file, over several places in it."""

    samples: dict[str, Samples]
    """By key kind's label."""
    by_place: dict[str, dict[float, float | None]]
    """Median latency by key kind's label, then by starting place (a fraction of the text)."""
    memory: dict[str, float]
    """MB: "shown" (RSS with the start of the book on screen), "end" (after G), "peak" (VmHWM)."""
    places: dict[float, int | None]
    """The reading position the status line showed at each starting place."""
    first_key: Samples
    """The first key after the app showed the book, when it may still be busy starting."""


@dataclass
class ResizeStep:
    """One terminal resize."""

    step: str
    first: float | None
    """Until the app's first redraw."""
    elapsed: float | None
    """Until the screen's last change."""
    kept: bool
    """Whether the text at the top is the same place as before this step."""
    top: str


@dataclass
class CaretStep:
    """One resize in the in-process (Pilot) run."""

    step: str
    elapsed: float
    caret_kept: bool
    caret_on_screen: bool
    text_width: int


@dataclass
class Results:
    """Everything one run measured."""

    facts: dict[str, str]
    overhead: dict[str, Samples] = field(default_factory=dict)
    first_paint: dict[tuple[str, Path], Samples] = field(default_factory=dict)
    latency: dict[Path, dict[str, KeyRun]] = field(default_factory=dict)
    resize: dict[str, list[ResizeStep]] = field(default_factory=dict)
    in_process: dict[str, Samples] = field(default_factory=dict)
    pilot: list[CaretStep] | str = ""


# -- the apps --------------------------------------------------------------------------


def reader_command(path: Path) -> list[str]:
    """The installed `reader` script beside this interpreter, else `python -m reader`."""
    script = Path(sys.executable).with_name("reader")
    if script.exists():
        return [str(script), str(path)]
    return [sys.executable, "-m", "reader", str(path)]


def baseline_command(path: Path, at: float = 0.0) -> list[str]:
    command = [sys.executable, str(BASELINE), str(path)]
    return command + (["--at", f"{at:.3f}"] if at else [])


def process_memory(pid: int) -> dict[str, float]:
    """VmRSS and VmHWM (peak RSS) of a process, in MB."""
    figures: dict[str, float] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            figures[key] = int(value.split()[0]) / 1024
    return figures


def article_words(screen: str, *, chrome_rows: int) -> list[str]:
    """The words of the article area, top to bottom: no sidebar, status line or footer."""
    lines = screen.splitlines()
    if chrome_rows:
        lines = lines[:-chrome_rows]
    words: list[str] = []
    for line in lines:
        text = line.split("▏", 1)[0]  # the sidebar's left border
        words.extend(re.findall(r"[^\W\d_][\w’'-]*", text))
    return words


def same_place(before: list[str], after: list[str], *, run: int = 5, window: int = 40) -> bool:
    """Whether the text at the top after a move is the same place as before it.

    True if the first `run` words of one screen appear, in order, near the top of the other:
    a re-wrap may start the first row a little earlier than the old top row did.
    """

    def found(needle: list[str], haystack: list[str]) -> bool:
        if len(needle) < run:
            return False
        head = haystack[: window + run]
        return any(head[index : index + run] == needle[:run] for index in range(len(head)))

    return found(after, before) or found(before, after)


def status_percent(screen: str) -> int | None:
    """The reading position the reader's status line shows, in percent."""
    for line in reversed(screen.splitlines()):
        match = re.search(r"(\d+)%\s*$", line)
        if match:
            return int(match.group(1))
    return None


class Bench:
    """Runs the apps in tmux and collects the figures."""

    def __init__(self, options: argparse.Namespace) -> None:
        self.options = options
        self.quick: bool = options.quick
        self.tmux = Tmux()
        self.folder = Path(tempfile.mkdtemp(prefix="reader-bench-"))
        self._count = 0
        self._articles: dict[Path, Article] = {}

    def log(self, text: str) -> None:
        print(text, flush=True)

    def close(self) -> None:
        self.tmux.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    # -- sessions -------------------------------------------------------------------

    def _session_name(self) -> str:
        self._count += 1
        return f"app{self._count}"

    def fresh_env(self) -> dict[str, str]:
        """A new store and empty config folders: no saved place, theme or user themes."""
        home = Path(tempfile.mkdtemp(dir=self.folder))
        return {
            "READER_DB": str(home / "reader.db"),
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_STATE_HOME": str(home / "state"),
            "COLORTERM": "truecolor",
        }

    def article(self, path: Path) -> Article:
        """The article as the reader loads it (cached: the book takes a while to parse)."""
        if path not in self._articles:
            from reader.core.loaders import load_path

            self._articles[path] = load_path(path)
        return self._articles[path]

    def seed_position(self, env: dict[str, str], path: Path, fraction: float) -> None:
        """Record a reading position in the fresh store, as if the book had been read so far."""
        from reader.core.store.store import Store

        article = self.article(path)
        with Store(env["READER_DB"]) as store:
            record = store.add_document(article)
            store.save_position(record.id, int(len(article.text) * fraction))

    def open(self, app: str, path: Path, fraction: float = 0.0) -> tuple[str, float | None]:
        """Start `app` on `path` at `fraction` of the text, ready for keys.

        Returns the session's name and how long the first key took to show (a warm-up, not
        counted with the others: an app may still be busy just after it first paints).
        """
        name = self._session_name()
        env = self.fresh_env()
        if app == "reader":
            if fraction:
                self.seed_position(env, path, fraction)
            command = reader_command(path)
        else:
            command = baseline_command(path, fraction)
        needle = NEEDLES[path]

        def positioned(screen: str) -> bool:
            if not fraction:
                return needle in screen
            if app == "reader":
                percent = status_percent(screen)
                return percent is not None and abs(percent - 100 * fraction) <= 5
            return bool(screen.strip()) and needle not in screen

        self.tmux.launch(name, command, env=env, width=WIDTH, height=HEIGHT, cwd=str(ROOT))
        try:
            shown = self.tmux.wait_for(name, positioned, timeout=FIRST_PAINT_TIMEOUT)
            if shown.elapsed is None:
                status = " | ".join(line.strip() for line in shown.screen.splitlines()[-2:])
                raise TimeoutError(
                    f"{app} did not show {path.name} at {fraction:.0%} "
                    f"within {FIRST_PAINT_TIMEOUT:.0f} s (bottom rows: {status!r})"
                )
            kind = LINE
            warm_up = self.press(
                name, kind.reader_key if app == "reader" else kind.baseline_key, SETTLE_TIMEOUT
            )
            self.tmux.wait_until_still(name, quiet=0.5, timeout=SETTLE_TIMEOUT)
        except BaseException:
            self.tmux.kill(name)
            raise
        return name, warm_up

    # -- overhead -------------------------------------------------------------------

    def measure_overhead(self) -> dict[str, Samples]:
        """What reading the screen and sending a key cost by themselves."""
        self.tmux.start_server()
        capture, send = Samples(), Samples()
        for _ in range(30 if self.quick else 60):
            began = time.perf_counter()
            self.tmux.capture("keepalive")
            capture.add(time.perf_counter() - began)
        for _ in range(20):
            began = time.perf_counter()
            self.tmux.send_keys("keepalive", "x")
            send.add(time.perf_counter() - began)
        return {"capture": capture, "send": send}

    # -- first paint ----------------------------------------------------------------

    def first_paint_once(self, app: str, path: Path) -> tuple[float | None, str]:
        name = self._session_name()
        env = self.fresh_env()
        command = reader_command(path) if app == "reader" else baseline_command(path)
        needle = NEEDLES[path]
        began = time.perf_counter()
        try:
            self.tmux.launch(name, command, env=env, width=WIDTH, height=HEIGHT, cwd=str(ROOT))
            wait = self.tmux.wait_for(
                name, lambda screen: needle in screen, timeout=FIRST_PAINT_TIMEOUT, began=began
            )
            return wait.elapsed, ("" if wait.elapsed is not None else "timeout")
        except SessionGone:
            return None, "the app exited before painting"
        finally:
            self.tmux.kill(name)
            time.sleep(0.2)

    def first_paint(self) -> dict[tuple[str, Path], Samples]:
        runs = 3 if self.quick else self.options.runs
        reference_runs = min(runs, self.options.reference_runs)
        cases: list[tuple[str, Path, int]] = [
            ("reader", SAMPLE, runs),
            ("baseline", SAMPLE, runs),
            ("reader", BOOK_TXT, runs),
            ("reader", BOOK_MD, runs),
            ("baseline", BOOK_TXT, reference_runs),
            ("baseline", BOOK_MD, reference_runs),
        ]
        results = {(app, path): Samples() for app, path, _ in cases}
        # Interleaved, so a noisy minute on the machine hits every case alike.
        for run in range(runs):
            for app, path, wanted in cases:
                if run >= wanted:
                    continue
                elapsed, note = self.first_paint_once(app, path)
                results[app, path].add(elapsed, note)
                shown = sec(elapsed) if elapsed is not None else note
                self.log(f"  first paint {app:<8} {path.name:<28} run {run + 1}: {shown}")
        return results

    # -- key latency ----------------------------------------------------------------

    def press(self, name: str, key: str, timeout: float = KEY_TIMEOUT) -> float | None:
        """Send one key; the time until the screen changes (None: it did not change)."""
        before = self.tmux.capture(name)
        began = time.perf_counter()
        self.tmux.send_keys(name, key)
        wait = self.tmux.wait_for(
            name, lambda screen: screen != before, timeout=timeout, began=began
        )
        # Let any later frames (status line, scrollbar) land before the next key.
        self.tmux.wait_until_still(name, quiet=0.15, timeout=SETTLE_TIMEOUT)
        return wait.elapsed

    def key_latency(self, app: str, path: Path) -> KeyRun:
        """Line, page, end and top moves at several places in `path`, and the app's memory."""
        fractions = (0.0, 0.5) if self.quick else (0.0, 0.25, 0.5, 0.75)
        moves, jumps = (4, 2) if self.quick else (8, 8)
        samples = {kind.label: Samples() for kind in KEY_KINDS}
        by_place: dict[str, dict[float, float | None]] = {kind.label: {} for kind in KEY_KINDS}
        memory: dict[str, float] = {}
        places: dict[float, int | None] = {}
        first_keys = Samples()
        for fraction in fractions:
            try:
                name, warm_up = self.open(app, path, fraction)
            except (TimeoutError, SessionGone) as error:
                # One place that cannot be reached should not cost the rest of the run.
                first_keys.add(None, f"{fraction:.0%}: {error}")
                self.log(f"  keys {app:<8} {path.name:<28} at {fraction:>4.0%}: skipped: {error}")
                continue
            first_keys.add(warm_up, f"first key at {fraction:.0%}")
            try:
                places[fraction] = status_percent(self.tmux.capture(name))
                pid = self.tmux.pane_pid(name)
                if fraction == 0.0:
                    memory["shown"] = process_memory(pid)["VmRSS"]
                plan = [LINE] * moves + [PAGE] * moves + [END, TOP] * jumps
                local: dict[str, list[float]] = {kind.label: [] for kind in KEY_KINDS}
                for kind in plan:
                    key = kind.reader_key if app == "reader" else kind.baseline_key
                    elapsed = self.press(name, key)
                    samples[kind.label].add(elapsed, f"{key} at {fraction:.0%}")
                    if elapsed is not None:
                        local[kind.label].append(elapsed)
                    if elapsed is None or elapsed >= KEY_P90:
                        self.log(
                            f"    slow: {key} at {fraction:.0%}, "
                            f"move {len(local[kind.label])}: {ms(elapsed)}"
                        )
                    if fraction == 0.0 and kind is END and "end" not in memory:
                        memory["end"] = process_memory(pid)["VmRSS"]
                for label, values in local.items():
                    by_place[label][fraction] = median(values)
                peak = process_memory(pid)["VmHWM"]
                memory["peak"] = max(memory.get("peak", 0.0), peak)
            finally:
                self.tmux.kill(name)
            summary = ", ".join(
                f"{label.split()[0]} {ms(by_place[label][fraction])}" for label in by_place
            )
            self.log(f"  keys {app:<8} {path.name:<28} at {fraction:>4.0%}: {summary}")
        return KeyRun(samples, by_place, memory, places, first_keys)

    # -- resize ---------------------------------------------------------------------

    def resize(self, app: str, path: Path, fraction: float = 0.4) -> list[ResizeStep]:
        """Resize the terminal in steps; time each until the app has redrawn and is still."""
        chrome = 2 if app == "reader" else 0
        name, _warm_up = self.open(app, path, fraction)
        steps: list[ResizeStep] = []
        try:
            previous = self.tmux.capture(name)
            for width, height in RESIZE_STEPS:
                began = time.perf_counter()
                self.tmux.resize(name, width, height)
                # tmux crops or pads the old screen at once; the app's redraw is what differs.
                cropped = self.tmux.capture(name)
                first = self.tmux.wait_for(
                    name, cropped.__ne__, timeout=SETTLE_TIMEOUT, began=began
                )
                last: float | None = None
                screen = first.screen
                if first.elapsed is not None:
                    still = self.tmux.wait_until_still(
                        name,
                        quiet=1.0,
                        timeout=SETTLE_TIMEOUT,
                        began=began,
                        reference=first.screen,
                        last_change=began + first.elapsed,
                    )
                    last, screen = still.elapsed, still.screen
                before_words = article_words(previous, chrome_rows=chrome)
                after_words = article_words(screen, chrome_rows=chrome)
                step = ResizeStep(
                    f"{width}x{height}",
                    first.elapsed,
                    last,
                    same_place(before_words, after_words),
                    " ".join(after_words[:8]),
                )
                steps.append(step)
                self.log(
                    f"  resize {app:<8} {path.name:<28} to {step.step}: first redraw "
                    f"{ms(step.first)}, settled {ms(step.elapsed)}, place kept: {step.kept} "
                    f"(top: {step.top!r})"
                )
                previous = screen
        finally:
            self.tmux.kill(name)
        return steps


# -- in-process figures ----------------------------------------------------------------


def timed_runs(action: Callable[[], object], runs: int) -> Samples:
    samples = Samples()
    for _ in range(runs):
        began = time.perf_counter()
        action()
        samples.add(time.perf_counter() - began)
    return samples


def import_time(statement: str, runs: int) -> Samples:
    """Seconds a fresh interpreter takes to run `statement` (an import), start-up excluded."""
    code = (
        f"import time; began = time.perf_counter(); {statement}; print(time.perf_counter() - began)"
    )
    samples = Samples()
    for _ in range(runs):
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False
        )
        samples.add(float(result.stdout.strip()) if result.returncode == 0 else None)
    return samples


def interpreter_start(runs: int) -> Samples:
    samples = Samples()
    for _ in range(runs):
        began = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=False)
        samples.add(time.perf_counter() - began)
    return samples


def in_process(quick: bool) -> dict[str, Samples]:
    """Import, parse, word index, layout and store costs, each on its own."""
    from reader.core.loaders import load_path
    from reader.core.store.store import Store
    from reader.core.text.layout import wrap
    from reader.core.text.text_units import TextUnits

    runs = 2 if quick else 5
    figures: dict[str, Samples] = {
        "python start-up": interpreter_start(runs),
        "import reader.ui.app": import_time("import reader.ui.app", runs),
        "import textual (baseline's imports)": import_time(
            "import textual.app, textual.containers, textual.widgets", runs
        ),
    }
    for path in (SAMPLE, BOOK_TXT, BOOK_MD):
        figures[f"load_path {path.name}"] = timed_runs(partial(load_path, path), runs)
        article = load_path(path)
        figures[f"word index {path.name}"] = timed_runs(
            partial(lambda article: TextUnits(article).word_starts, article), runs
        )
        for width in (72, 50):
            figures[f"wrap {path.name} at {width}"] = timed_runs(
                partial(wrap, article, width), runs
            )
        with tempfile.TemporaryDirectory(prefix="reader-bench-store-") as folder:
            store_samples = Samples()
            for run in range(runs):
                with Store(Path(folder) / f"run{run}.db") as store:
                    began = time.perf_counter()
                    store.add_document(article)
                    store_samples.add(time.perf_counter() - began)
            figures[f"store.add_document {path.name}"] = store_samples
    return figures


async def caret_after_resize(path: Path, fraction: float = 0.4) -> list[CaretStep]:
    """In-process (Pilot): put the caret mid-screen at `fraction`, resize, check its offset."""
    from reader.core.loaders import load_path
    from reader.core.store.store import Store
    from reader.ui.app import make_app
    from reader.ui.widgets.article_view import ArticleView

    article = load_path(path)
    results: list[CaretStep] = []
    with (
        tempfile.TemporaryDirectory(prefix="reader-bench-pilot-") as folder,
        Store(Path(folder) / "reader.db") as store,
    ):
        app = make_app(store, article)
        async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
            await pilot.pause()
            view = app.screen.query_one(ArticleView)
            view.jump_to(int(len(article.text) * fraction), record=False)
            await pilot.pause()
            middle = view.text_layout.rows[view.top_row + view.page_height // 2]
            view.move_caret(min(middle.start + 5, middle.text_end))
            await pilot.pause()
            caret = view.caret
            for width, height in RESIZE_STEPS:
                began = time.perf_counter()
                await pilot.resize_terminal(width, height)
                await pilot.pause()
                elapsed = time.perf_counter() - began
                on_screen = view.top_row <= view.caret_row < view.top_row + view.page_height
                results.append(
                    CaretStep(
                        f"{width}x{height}",
                        elapsed,
                        view.caret == caret,
                        on_screen,
                        view.text_layout.width,
                    )
                )
    return results


# -- report ----------------------------------------------------------------------------


def machine_facts() -> dict[str, str]:
    import textual

    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    tmux_version = subprocess.run(["tmux", "-V"], capture_output=True, text=True).stdout.strip()
    git = ["git", "-C", str(ROOT)]
    commit = subprocess.run(
        [*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        [*git, "status", "--porcelain", "--", "reader"], capture_output=True, text=True
    ).stdout.strip()
    return {
        "date": datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "cpus": str(os.cpu_count()),
        "cpu": model,
        "python": platform.python_version(),
        "textual": textual.__version__,
        "tmux": tmux_version,
        "terminal": f"{WIDTH}x{HEIGHT} tmux session, TERM=tmux-256color",
        "commit": (commit or "unknown") + (" with uncommitted changes in reader/" if dirty else ""),
    }


def build_rows(results: Results) -> list[Row]:
    """The results table: one row per figure the issue sets a target for, and a few more."""
    rows: list[Row] = []
    paint = results.first_paint
    reader, base = paint["reader", SAMPLE], paint["baseline", SAMPLE]
    ratio = reader.median / base.median if reader.median and base.median else None
    rows.append(
        Row(
            "first paint, sample article (median / p90)",
            reader.summary(sec),
            base.summary(sec),
            f"≤ {FIRST_PAINT_RATIO}× baseline" + (f" (is {ratio:.2f}×)" if ratio else ""),
            verdict(None if ratio is None else ratio <= FIRST_PAINT_RATIO),
        )
    )
    for path in (BOOK_TXT, BOOK_MD):
        reader, base = paint["reader", path], paint["baseline", path]
        ok = None if reader.median is None else reader.median <= BOOK_FIRST_PAINT
        rows.append(
            Row(
                f"first paint, {path.name} (median / p90)",
                reader.summary(sec),
                base.summary(sec) + " (reference)",
                f"≤ {BOOK_FIRST_PAINT} s",
                verdict(False if reader.failures else ok),
            )
        )

    for path, by_app in results.latency.items():
        baseline_run = by_app.get("baseline")
        for kind in KEY_KINDS:
            samples = by_app["reader"].samples[kind.label]
            med, high = samples.median, samples.p90
            ok = None
            if med is not None and high is not None:
                ok = med < KEY_MEDIAN and high < KEY_P90 and not samples.failures
            rows.append(
                Row(
                    f"key {kind.label}, {path.name} (median / p90, n={len(samples.values)})",
                    samples.summary(ms),
                    baseline_run.samples[kind.label].summary(ms) if baseline_run else "—",
                    f"< {KEY_MEDIAN * 1000:.0f} / < {KEY_P90 * 1000:.0f} ms",
                    verdict(ok),
                )
            )
    for path, by_app in results.latency.items():
        baseline_run = by_app.get("baseline")
        rows.append(
            Row(
                f"first key after the book is shown, {path.name} (median / p90)",
                by_app["reader"].first_key.summary(ms),
                baseline_run.first_key.summary(ms) if baseline_run else "—",
                "none (start-up work still running after the paint)",
                "info",
            )
        )

    def memory_cell(memory: dict[str, float] | None) -> str:
        if not memory:
            return "—"
        figures = (memory.get(key) for key in ("shown", "end", "peak"))
        return " / ".join("—" if value is None else f"{value:.0f}" for value in figures) + " MB"

    for path, by_app in results.latency.items():
        baseline_run = by_app.get("baseline")
        peak = by_app["reader"].memory.get("peak")
        rows.append(
            Row(
                f"memory, {path.name}: RSS shown / RSS after G / peak (VmHWM)",
                memory_cell(by_app["reader"].memory),
                memory_cell(baseline_run.memory if baseline_run else None),
                f"< {MEMORY_MB:.0f} MB",
                verdict(None if peak is None else peak < MEMORY_MB),
            )
        )

    def step_cell(step: ResizeStep | None) -> str:
        if step is None:
            return "—"
        return f"{ms(step.first)} / {ms(step.elapsed)} / {'yes' if step.kept else 'NO'}"

    baseline_steps = results.resize.get("baseline", [])
    for index, step in enumerate(results.resize.get("reader", [])):
        ok = step.elapsed is not None and step.elapsed < RESIZE_SECONDS and step.kept
        rows.append(
            Row(
                f"resize, {BOOK_TXT.name} at 40%, to {step.step}: "
                "first redraw / settled / place kept",
                step_cell(step),
                step_cell(baseline_steps[index] if index < len(baseline_steps) else None),
                f"settled < {RESIZE_SECONDS * 1000:.0f} ms, same place",
                verdict(ok),
            )
        )
    if isinstance(results.pilot, str):
        rows.append(Row("caret offset across the resizes (Pilot)", results.pilot, "—", "", "n/a"))
    else:
        kept = all(step.caret_kept and step.caret_on_screen for step in results.pilot)
        detail = ", ".join(
            f"{step.step}: {ms(step.elapsed)}, {'kept' if step.caret_kept else 'MOVED'}"
            for step in results.pilot
        )
        rows.append(
            Row(
                "caret offset across the resizes (Pilot, in-process, caret mid-screen)",
                detail,
                "—",
                "same offset, on screen",
                verdict(kept),
            )
        )
    return rows


def render_table(rows: list[Row]) -> str:
    header = ("metric", "reader", "baseline", "target", "result")
    cells = [header, *[(r.metric, r.reader, r.baseline, r.target, r.result) for r in rows]]
    widths = [max(len(row[column]) for row in cells) for column in range(len(header))]
    lines = []
    for number, row in enumerate(cells):
        lines.append("  ".join(cell.ljust(widths[column]) for column, cell in enumerate(row)))
        if number == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    def escape(cell: str) -> str:
        return cell.replace("|", "\\|")

    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(escape(cell) for cell in row) + " |" for row in rows]
    return lines


def markdown_section(results: Results, rows: list[Row], quick: bool) -> str:
    """The "Reading view" section of BENCHMARKS.md."""
    facts, overhead = results.facts, results.overhead
    lines = [
        f"## {SECTION}",
        "",
        "Rerun with `python benchmarks/run.py reading` "
        "(or `python benchmarks/bench_reading.py [--quick]`); it needs tmux.",
        "",
        f"Measured {facts['date']}{' (a --quick run)' if quick else ''}: nproc {facts['cpus']} "
        f"({facts['cpu']}), Python {facts['python']}, Textual {facts['textual']}, "
        f"{facts['tmux']}, {facts['terminal']}, code at {facts['commit']}. "
        "The machine is shared and noisy: "
        "compare figures within one run, not across runs.",
        "",
        "The baseline is `benchmarks/baseline_app.py`: a bare Textual app with one `Static` "
        "holding the file's raw text (`markup=False`) in a `VerticalScroll`, moved with its "
        "own keys (down, pagedown, end, home). Both apps run as real processes in a detached "
        "tmux session with a fresh store and config; the screen is read with "
        "`tmux capture-pane` every 5 ms.",
        "",
        *markdown_table(
            ("metric", "reader", "baseline", "target", "result"),
            [(r.metric, r.reader, r.baseline, r.target, r.result) for r in rows],
        ),
        "",
        "- First paint: from launching the tmux session until a line from the article's "
        "first paragraph is on screen. Python start-up and imports count for both apps.",
        "- Key latency: from `tmux send-keys` until the screen differs, so it includes tmux "
        f"and polling: one `capture-pane` takes {overhead['capture'].summary(ms)} "
        f"(median / p90), one `send-keys` {overhead['send'].summary(ms)}, and the 5 ms poll "
        "interval adds up to 5 ms more. Each place is a fresh session opened at a saved "
        "reading position (the baseline scrolls there itself); G and g alternate, so after "
        "the first G they start at the other end of the book.",
    ]
    for path, by_app in results.latency.items():
        run = by_app["reader"]
        per_place = "; ".join(
            f"{kind.label.split()[0]} "
            + ", ".join(
                f"{fraction:.0%} {ms(value)}"
                for fraction, value in run.by_place[kind.label].items()
            )
            for kind in KEY_KINDS
        )
        shown = ", ".join("?" if value is None else f"{value}%" for value in run.places.values())
        lines.append(
            f"- {path.name}, the reader's median by starting place (its status line showed "
            f"{shown}): {per_place}."
        )
    lines += [
        "- Resize: from `tmux resize-window` until the app's first redraw (the screen differs "
        "from tmux's cropped copy) and until its last change (then still for 1 s). 80 "
        "columns hides the sidebar but keeps the 72-column text; 60 re-wraps the book at 58; "
        '120 goes back to 72. "Place kept": the first words at the top before and after '
        "match within a few rows.",
        "",
        "Where the time goes, in-process (median / p90 of runs):",
        "",
        *markdown_table(
            ("step", "time"),
            [(name, samples.summary(ms)) for name, samples in results.in_process.items()],
        ),
        "",
    ]
    return "\n".join(lines)


def write_section(text: str) -> None:
    """Put the section into BENCHMARKS.md, replacing an older one, leaving the others alone."""
    report.write_section(f"## {SECTION}", text, REPORT)


# -- main ------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs and places")
    parser.add_argument("--runs", type=int, default=7, help="first-paint runs per case")
    parser.add_argument(
        "--reference-runs",
        type=int,
        default=3,
        help="first-paint runs of the baseline on the book (it is slow and only for reference)",
    )
    parser.add_argument("--no-write", action="store_true", help="do not update BENCHMARKS.md")
    parser.add_argument(
        "--skip-md-latency", action="store_true", help="measure keys on the .txt book only"
    )
    options = parser.parse_args()
    if shutil.which("tmux") is None:
        print("bench_reading: tmux is needed", file=sys.stderr)
        return 1
    for path in (SAMPLE, BOOK_TXT, BOOK_MD):
        if not path.exists():
            print(f"bench_reading: {path} is missing (set READER_BENCH_BOOKS)", file=sys.stderr)
            return 1

    bench = Bench(options)
    results = Results(machine_facts())
    started_at = results.facts["commit"]
    try:
        bench.log("tmux overhead")
        results.overhead = bench.measure_overhead()
        bench.log("first paint")
        results.first_paint = bench.first_paint()
        bench.log("key latency and memory")
        books = [BOOK_TXT] if options.quick or options.skip_md_latency else [BOOK_TXT, BOOK_MD]
        for path in books:
            results.latency[path] = {"reader": bench.key_latency("reader", path)}
        # The baseline shows the raw text, much the same for both files: measured once.
        results.latency[BOOK_TXT]["baseline"] = bench.key_latency("baseline", BOOK_TXT)
        bench.log("resize")
        for app in ("reader", "baseline"):
            try:
                results.resize[app] = bench.resize(app, BOOK_TXT)
            except (TimeoutError, SessionGone) as error:
                bench.log(f"  resize {app}: skipped: {error}")
    finally:
        bench.close()

    bench.log("in-process: import, parse, layout, store")
    results.in_process = in_process(options.quick)
    bench.log("in-process: caret across resizes (Pilot)")
    try:
        results.pilot = asyncio.run(caret_after_resize(BOOK_TXT))
    except Exception as error:  # a broken check is reported, it does not stop the run
        results.pilot = f"error: {type(error).__name__}: {error}"

    finished_at = machine_facts()["commit"]
    if finished_at != started_at:
        # Others commit while this runs: say so rather than pin the figures on one commit.
        results.facts["commit"] = f"{started_at} at the start and {finished_at} at the end"
    rows = build_rows(results)
    print()
    print(render_table(rows))
    print()
    for name, samples in results.in_process.items():
        print(f"  {name:<45} {samples.summary(ms)}")
    if not options.no_write:
        write_section(markdown_section(results, rows, options.quick))
        print(f"\nWrote the '{SECTION}' section of {REPORT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
