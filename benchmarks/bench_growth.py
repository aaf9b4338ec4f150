"""How cost grows on inputs built to make it grow: each doubled four times (issue 13).

`python benchmarks/bench_growth.py` (add `--quick` for three sizes, `--only NAME` for one
case). Every case is a hostile shape of input (a run of punctuation, a line of spaces, a
list nested deep, a thousand quotes in one sentence, a YAML bomb) run through the stage it
once made slow: loading, or analysing. Beside each time is the baseline measured in the
same run: the same stage on ordinary prose of the same size (War and Peace). Linear cost
shows as "× previous" near 2.0; quadratic as 4.0.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from reader.core.analysis.analyzer import Analyzer  # noqa: E402
from reader.core.errors import LoadError  # noqa: E402
from reader.core.loaders import load_text  # noqa: E402

BOOK = ROOT.parent / "shared" / "bench" / "war-and-peace.txt"


@dataclass(frozen=True)
class Case:
    name: str
    stage: str  # "load" or "analyse"
    format: str  # the loader's format
    make: Callable[[int], str]  # input of about n characters


def _yaml_bomb(n: int) -> str:
    """A "billion laughs" in front matter, one more level of nine-fold aliases per 40 chars."""
    levels = max(2, n // 40)
    lines = ['l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, levels):
        lines.append(f"l{level}: &l{level} [" + ",".join([f"*l{level - 1}"] * 9) + "]")
    return "---\n" + "\n".join(lines) + f"\ntitle: *l{levels - 1}\n---\n# Laughs\n\nText.\n"


def _quotes_in_one_sentence(n: int) -> str:
    return "He said " + " ".join(f'"word{i} and more" Smith said,' for i in range(n // 30)) + ".\n"


CASES = (
    Case("a run of '='", "analyse", "text", lambda n: "Intro.\n\n" + "=" * n),
    Case("a run of backticks", "analyse", "text", lambda n: "Intro.\n\n" + "`" * n),
    Case("a run of '['", "analyse", "text", lambda n: "Intro.\n\n" + "[" * n),
    Case("quotes in one sentence", "analyse", "text", _quotes_in_one_sentence),
    Case(
        "quotes back to back, no attribution",
        "analyse",
        "text",
        lambda n: "Intro.\n\n" + "“a b c” " * (n // 8),
    ),
    Case("Markdown: a line of spaces", "load", "markdown", lambda n: "# T\n\n" + " " * n + "x\n"),
    Case(
        "Markdown: a list nested deep",
        "load",
        "markdown",
        lambda n: "# T\n\n" + "".join("  " * i + "- a\n" for i in range(int((n / 2) ** 0.5))),
    ),
    Case(
        "Markdown: lines of dashes and blanks",
        "load",
        "markdown",
        lambda n: "# T\n\n" + ("   -   -   \n" * (n // 12)),
    ),
    Case("front matter: a YAML bomb", "load", "markdown", _yaml_bomb),
)


def _prose(n: int) -> str:
    text = BOOK.read_text(encoding="utf-8")
    start = text.index("CHAPTER I")
    return text[start : start + n]


def _stage(case: Case, analyzer: Analyzer | None) -> Callable[[str], object]:
    def load(source: str) -> object:
        try:
            return load_text(source, format=case.format)
        except LoadError:
            return None  # refused: the time to refuse is what is measured

    if case.stage == "load":
        return load
    assert analyzer is not None
    return lambda source: analyzer.analyze(load_text(source, format=case.format))


def _best(action: Callable[[], object], runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="three sizes, one run each")
    parser.add_argument("--only", default="", help="only the cases whose name holds this")
    options = parser.parse_args()
    sizes = (5_000, 10_000, 20_000, 40_000, 80_000)
    runs = 1 if options.quick else 2
    if options.quick:
        sizes = sizes[:3]
    cases = [case for case in CASES if options.only.lower() in case.name.lower()]
    analyzer = None
    if any(case.stage == "analyse" for case in cases):
        from reader.core.analysis.pipeline import load_pipeline

        analyzer = Analyzer(load_pipeline())
        analyzer.analyze(load_text(_prose(2_000)))  # warm the pipeline
    print("| input | stage | characters | time | × previous | ordinary prose, same size |")
    print("|---|---|---:|---:|---:|---:|")
    for case in cases:
        stage = _stage(case, analyzer)
        previous = 0.0
        for size in sizes:
            source = case.make(size)
            taken = _best(lambda stage=stage, source=source: stage(source), runs)
            prose = _prose(len(source))
            base = _best(lambda stage=stage, prose=prose: stage(prose), runs)
            growth = f"{taken / previous:.2f}" if previous else "–"
            print(
                f"| {case.name} | {case.stage} | {len(source):,} | {taken * 1000:,.1f} ms "
                f"| {growth} | {base * 1000:,.1f} ms |",
                flush=True,
            )
            previous = taken
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
