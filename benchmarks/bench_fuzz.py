"""Hostile input (issue 11): a seeded corpus through `reader analyze`, `highlight` and `export`.

`python benchmarks/run.py fuzz` (or `python benchmarks/bench_fuzz.py [--count N] [--seed N]
[--timeout S] [--commands analyze,highlight,export] [--write]`). Each input of
`tests/fuzz_corpus.py` (random bytes, controls, escape sequences, bidi and filler characters,
markup, bad HTML, odd front matter, invalid UTF-8, huge lines, empty files and the cases the
issue names, some under hostile file names) is written to a folder of its own with a store of
its own, then `reader analyze FILE --json`, `reader highlight FILE WORDS` (words from the
file) and `reader export FILE` run as real subprocesses, two at a time. Counted per run:
unexpected errors (exit status other than 0, 1 or 2, or "unexpected error" said), hangs
(the time limit passed), escape bytes (ESC or BEL on stdout or stderr), tracebacks, stderr of
more than a few lines, and refusals (exit 1 or 2 with a sentence: not failures). Exits 1 if
any failure was counted.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import report  # noqa: E402

from tests.fuzz_corpus import FuzzInput, corpus, words_from  # noqa: E402

SECTION = "Hostile input (issue 11)"
COMMANDS = ("analyze", "highlight", "export")
FAILURES = ("unexpected", "hangs", "escapes", "tracebacks", "noisy")
"""The counts that must be zero; refusals are counted but expected."""
STDERR_LINES = 3
"""More lines than this on stderr is not "one or two plain sentences"."""


@dataclass(frozen=True)
class Outcome:
    """One run of one command on one input."""

    command: str
    kind: str
    size: int
    """The input's length in bytes."""
    status: int | None
    """The exit status, or None when the time limit passed."""
    seconds: float
    flags: frozenset[str]
    """Which of FAILURES (and "refusals") this run counts towards."""
    stderr: str


def judge(
    command: str,
    item: FuzzInput,
    result: subprocess.CompletedProcess[bytes] | None,
    seconds: float,
) -> Outcome:
    """Classify one run."""
    if result is None:
        return Outcome(command, item.kind, len(item.data), None, seconds, frozenset({"hangs"}), "")
    flags: set[str] = set()
    stderr = result.stderr.decode("utf-8", "replace")
    if result.returncode not in (0, 1, 2) or "unexpected error" in stderr.lower():
        flags.add("unexpected")
    if any(b"\x1b" in stream or b"\x07" in stream for stream in (result.stdout, result.stderr)):
        flags.add("escapes")
    if b"Traceback" in result.stdout or b"Traceback" in result.stderr:
        flags.add("tracebacks")
    if stderr.count("\n") > STDERR_LINES:
        flags.add("noisy")
    if result.returncode in (1, 2):
        flags.add("refusals")
    status = result.returncode
    return Outcome(command, item.kind, len(item.data), status, seconds, frozenset(flags), stderr)


def run_one(
    command: list[str | bytes], db: Path, timeout: float
) -> tuple[subprocess.CompletedProcess[bytes] | None, float]:
    env = {**os.environ, "READER_DB": str(db), "NO_COLOR": "1"}
    started = time.perf_counter()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "reader", *command],
            capture_output=True,
            env=env,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        return None, time.perf_counter() - started
    return result, time.perf_counter() - started


def run_input(
    folder: Path, index: int, item: FuzzInput, commands: tuple[str, ...], timeout: float
) -> list[Outcome]:
    """Every command on one input, in a folder and store of its own."""
    case = folder / f"case-{index}"
    case.mkdir()
    path = os.path.join(os.fsencode(case), item.file_name(index))
    with open(path, "wb") as file:
        file.write(item.data)
    arguments = {
        "analyze": ["analyze", path, "--json"],
        "highlight": ["highlight", path, words_from(item.data)],
        "export": ["export", path],
    }
    outcomes = []
    for command in commands:
        result, seconds = run_one(arguments[command], case / "reader.db", timeout)
        outcomes.append(judge(command, item, result, seconds))
    return outcomes


def table(outcomes: list[Outcome], count: int, seed: int, timeout: float, elapsed: float) -> str:
    columns = ("runs", *FAILURES, "refusals")
    header = "| command | " + " | ".join(columns) + " | slowest (s) |"
    lines = [header, "|" + " --- |" * (len(columns) + 2)]
    groups = [(command, [o for o in outcomes if o.command == command]) for command in COMMANDS]
    groups = [(name, rows) for name, rows in groups if rows] + [("all", outcomes)]
    for name, rows in groups:
        counts = Counter(flag for row in rows for flag in row.flags)
        cells = [str(len(rows)), *(str(counts[column]) for column in columns[1:])]
        slowest = max((row.seconds for row in rows), default=0.0)
        bold = "**" if name == "all" else ""
        lines.append(f"| {bold}{name}{bold} | " + " | ".join(cells) + f" | {slowest:.1f} |")
    refused = Counter(row.kind for row in outcomes if "refusals" in row.flags)
    refused_text = ", ".join(f"{kind} {n}" for kind, n in sorted(refused.items())) or "none"
    hung: dict[tuple[str, int], list[str]] = {}
    for row in outcomes:
        if "hangs" in row.flags:
            hung.setdefault((row.kind, row.size), []).append(row.command)
    hung_text = "; ".join(
        f"{kind} of {size:,} bytes ({', '.join(commands)})"
        for (kind, size), commands in sorted(hung.items())
    )
    return "\n".join(
        [
            f"`python benchmarks/bench_fuzz.py --count {count} --seed {seed} --timeout "
            f"{timeout:g} --write` ({elapsed / 60:.0f} min on this 2-core machine, two runs at "
            "a time): the seeded corpus of `tests/fuzz_corpus.py` (the inputs issue 11 names, "
            "then random bytes, C0/C1 controls, escape sequences terminated, unterminated and "
            "over-long, bidi/tag/filler characters, Rich markup, HTML with bad entities and "
            "deep nesting, odd front matter, invalid UTF-8, lines of up to 1.1 million "
            "characters and empty files; one in eight under a hostile file name), each in a "
            "store of its own, through the real `reader analyze FILE --json`, `reader "
            "highlight FILE WORDS` and `reader export FILE`. Unexpected: an exit status other "
            "than 0, 1 or 2, or “unexpected error”; hangs: past the time limit; escapes: an "
            "ESC or BEL byte on stdout or stderr; noisy: more than three lines on stderr. "
            "Refusals (exit 1 with one sentence: binary data, empty files, no readable text, "
            "words not found) are expected, not failures.",
            "",
            *lines,
            "",
            f"Refusals by kind of input: {refused_text}.",
            *([""] if hung else []),
            *([f"Past the time limit: {hung_text}."] if hung else []),
        ]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=400)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per run")
    parser.add_argument("--commands", default=",".join(COMMANDS))
    parser.add_argument("--workers", type=int, default=2, choices=(1, 2))
    parser.add_argument("--quick", action="store_true", help="40 inputs")
    parser.add_argument("--write", action="store_true", help="write the BENCHMARKS.md section")
    args = parser.parse_args()
    count = 40 if args.quick else args.count
    commands = tuple(c for c in args.commands.split(",") if c in COMMANDS)
    inputs = corpus(count, seed=args.seed)
    started = time.perf_counter()
    outcomes: list[Outcome] = []
    with tempfile.TemporaryDirectory(prefix="bench-fuzz-") as name:
        folder = Path(name)
        with ThreadPoolExecutor(max_workers=args.workers) as pool:
            futures = [
                pool.submit(run_input, folder, i, item, commands, args.timeout)
                for i, item in enumerate(inputs)
            ]
            for done, future in enumerate(futures, 1):
                outcomes.extend(future.result())
                if done % 50 == 0:
                    print(f"  {done}/{count} inputs", file=sys.stderr, flush=True)
    elapsed = time.perf_counter() - started
    text = table(outcomes, count, args.seed, args.timeout, elapsed)
    print(text)
    failed = [o for o in outcomes if o.flags & set(FAILURES)]
    for outcome in failed[:20]:
        print(
            f"  FAILED {outcome.command} {outcome.kind}: {sorted(outcome.flags)} "
            f"{outcome.status} {outcome.stderr[-300:]!r}"
        )
    if args.write:
        report.write_section(f"## {SECTION}", f"## {SECTION}\n\n{text}\n")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
