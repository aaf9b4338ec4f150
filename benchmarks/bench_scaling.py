"""How reader's costs grow with the text: 0.3, 3 and 30 MB, each beside a baseline (issue 13).

Run from the checkout: `python benchmarks/bench_scaling.py [--sizes 0.3,3,30] [--runs N]
[--no-analysis]`. It needs tmux. The texts are War and Peace cut to 0.3 MB, whole (3.2 MB),
and ten copies joined (32 MB, "ten novels"), written to a temporary folder. For each size,
in the same run:

- first paint and key latency (line, page, end and top moves) of the real `reader` in a
  120×40 tmux session, against the bare Textual app of `baseline_app.py` on the same file
  (see `bench_reading.py`, whose driver this uses);
- memory: the peak RSS of the reader process while it is read (its analysis runs in a
  child process), against the bare app's;
- analysis: the time and peak RSS of `reader analyze` on the file (the child process that
  does the work), against spaCy alone (`nlp.pipe` over the same paragraphs, no rules).

Then export time for 1,000, 10,000 and 100,000 highlights (`bench_export.py`'s store,
rendering to Markdown), against reading the same highlights from the store.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

import bench_reading as reading  # noqa: E402

BOOK = reading.BOOK_TXT

_ANALYSE = """
import resource, sys, time
from reader.core.loaders import load_path
path, bare = sys.argv[1], sys.argv[2] == "bare"
article = load_path(path)
from reader.core.analysis.pipeline import load_pipeline
nlp = load_pipeline()
start = time.perf_counter()
if bare:
    texts = [article.text[b.start:b.end] for b in article.blocks]
    for _ in nlp.pipe(texts): pass
else:
    from reader.core.analysis.analyzer import Analyzer
    for _ in Analyzer(nlp).progressively(article): pass
taken = time.perf_counter() - start
print(taken, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def texts(folder: Path, sizes: list[float]) -> dict[float, Path]:
    book = BOOK.read_text(encoding="utf-8")
    made = {}
    for size in sizes:
        if size <= 1:
            text = book[: int(size * 1_000_000)]
        elif size <= 5:
            text = book
        else:
            text = "\n\n".join([book] * 10)
        path = folder / f"war-and-peace-{size:g}mb.txt"
        path.write_text(text, encoding="utf-8")
        reading.NEEDLES[path] = reading.NEEDLES[BOOK]
        made[size] = path
    return made


def analysis(path: Path, bare: bool) -> tuple[float, float]:
    """Seconds and peak MB of analysing `path` in a fresh interpreter."""
    result = subprocess.run(
        [sys.executable, "-c", _ANALYSE, str(path), "bare" if bare else "reader"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    seconds, peak = result.stdout.split()
    return float(seconds), float(peak)


def export_times(counts: list[int]) -> list[str]:
    lines = []
    for count in counts:
        result = subprocess.run(
            [
                sys.executable,
                str(HERE / "bench_export.py"),
                "--highlights",
                str(count),
                "--runs",
                "3",
            ],
            capture_output=True,
            text=True,
            check=False,
            cwd=ROOT,
            timeout=1800,
        )
        lines.append(f"### {count:,} highlights\n\n{result.stdout.strip()}\n")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="0.3,3,30", help="text sizes in MB, of 0.3, 3, 30")
    parser.add_argument("--runs", type=int, default=3, help="first-paint runs per case")
    parser.add_argument("--no-analysis", action="store_true", help="skip the analysis rows")
    parser.add_argument(
        "--analysis-up-to",
        type=float,
        default=30,
        help="analyse only texts up to this many MB (30 MB takes about 40 minutes)",
    )
    parser.add_argument("--no-export", action="store_true", help="skip the export rows")
    options = parser.parse_args()
    sizes = [float(size) for size in options.sizes.split(",")]
    bench = reading.Bench(
        argparse.Namespace(
            quick=True, runs=options.runs, reference_runs=0, no_write=True, skip_md_latency=True
        )
    )
    rows = []
    with tempfile.TemporaryDirectory(prefix="reader-scaling-") as folder:
        paths = texts(Path(folder), sizes)
        try:
            for path in paths.values():
                megabytes = path.stat().st_size / 1e6
                paint: dict[str, list[float]] = {"reader": [], "baseline": []}
                for _ in range(options.runs):
                    for app in paint:
                        elapsed, _ = bench.first_paint_once(app, path)
                        if elapsed is not None:
                            paint[app].append(elapsed)
                keys = {app: bench.key_latency(app, path) for app in ("reader", "baseline")}
                row = {
                    "size": f"{megabytes:.1f} MB",
                    "paint": {app: _median(values) for app, values in paint.items()},
                    "keys": {
                        app: _median(
                            [v for samples in run.samples.values() for v in samples.values]
                        )
                        for app, run in keys.items()
                    },
                    "memory": {app: run.memory.get("peak") for app, run in keys.items()},
                }
                if not options.no_analysis and megabytes <= options.analysis_up_to + 0.5:
                    row["analysis"] = {
                        "reader": analysis(path, bare=False),
                        "spaCy alone": analysis(path, bare=True),
                    }
                rows.append(row)
                print(row, flush=True)
        finally:
            bench.close()
    print()
    print(
        "| text | first paint: reader / bare app | keys (median): reader / bare app "
        "| memory (peak RSS): reader / bare app | analysis: reader / spaCy alone "
        "| analysis peak RSS: reader / spaCy alone |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    for row in rows:
        paint, keys, memory = row["paint"], row["keys"], row["memory"]
        done = row.get("analysis")
        times = (
            f"{done['reader'][0]:.1f} s / {done['spaCy alone'][0]:.1f} s "
            f"({done['reader'][0] / done['spaCy alone'][0]:.2f}×)"
            if done
            else "not run"
        )
        peaks = (
            f"{done['reader'][1]:.0f} MB / {done['spaCy alone'][1]:.0f} MB" if done else "not run"
        )
        print(
            f"| {row['size']} | {_s(paint['reader'])} / {_s(paint['baseline'])} "
            f"({_ratio(paint)}) | {_ms(keys['reader'])} / {_ms(keys['baseline'])} "
            f"| {_mb(memory['reader'])} / {_mb(memory['baseline'])} | {times} | {peaks} |"
        )
    if not options.no_export:
        print()
        print("\n".join(export_times([1_000, 10_000, 100_000])))
    return 0


def _median(values: list[float | None]) -> float | None:
    known = [value for value in values if value is not None]
    return statistics.median(known) if known else None


def _ratio(values: dict[str, float | None]) -> str:
    ours, theirs = values["reader"], values["baseline"]
    return f"{ours / theirs:.2f}×" if ours and theirs else "–"


def _s(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f} s"


def _ms(value: float | None) -> str:
    return "–" if value is None else f"{value * 1000:.0f} ms"


def _mb(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f} MB"


if __name__ == "__main__":
    started = time.perf_counter()
    code = main()
    print(f"\n(took {time.perf_counter() - started:.0f} s)")
    raise SystemExit(code)
