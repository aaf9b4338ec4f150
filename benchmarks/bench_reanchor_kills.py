"""Killing `reader` while it re-anchors: does every highlight stay on one version?

`python benchmarks/run.py reanchor_kills` (or `python benchmarks/bench_reanchor_kills.py
[--quick] [--rounds N] [--root CHECKOUT] [--write]`). *War and Peace* (3 MB) with 300
highlights is edited (a sentence added, a sixth of the book moved) and opened by path in a
forked process (`library.open_path`, what every entry point does: read, record, re-anchor),
which is SIGKILLed after a random delay (up to 1.2 times an uncut run), 200 times (one round
in five is left to finish, to keep the delays fitted). Forked
rather than started afresh, so that the kills fall on the work and not on Python's start.
After each kill the store must hold every highlight with its note on one version, the one
the library lists, and at the end opening the file must place them all. `--root` runs
another checkout's reader (say, a worktree of an older commit) for comparison.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import report  # noqa: E402

BOOK = HERE.parent.parent / "shared" / "bench" / "war-and-peace.txt"
SECTION = "Re-anchoring under SIGKILL (issue 10)"
HIGHLIGHTS = 300
UNCUT = 0.2
"""The share of rounds left to finish, which keeps the delays fitted to how long a run takes
as the edits pile up."""
LENGTH = 3_000_000


def open_in_child(db: Path, story: Path) -> int:
    """Fork a process that opens `story` by path (recording it, re-anchoring); its pid."""
    pid = os.fork()
    if pid == 0:  # the child
        code = 1
        try:
            from reader.core import library
            from reader.core.store.store import Store

            with Store(db) as store:
                library.open_path(store, story)
            code = 0
        finally:
            os._exit(code)
    return pid


def state(db: Path, source: Path) -> tuple[list[tuple[str, int]], list[str], set[str]]:
    """Straight from the file: highlights per document, the documents listed for `source`
    (not named as an earlier version by another), and the set of notes."""
    with sqlite3.connect(db) as connection:
        holders = connection.execute(
            "SELECT document_id, count(*) FROM highlights GROUP BY document_id"
        ).fetchall()
        listed = [
            row[0]
            for row in connection.execute(
                "SELECT id FROM documents d WHERE source = ? AND NOT EXISTS "
                "(SELECT 1 FROM documents v WHERE v.previous_id = d.id)",
                [str(source)],
            )
        ]
        notes = {row[0] for row in connection.execute("SELECT note FROM highlights")}
    return holders, listed, notes


def setup(folder: Path) -> tuple[Path, Path, list[str]]:
    """The story file and a store with 300 highlights, each with a note; its paragraphs."""
    from reader.core import library
    from reader.core.store.store import Store

    text = BOOK.read_text(encoding="utf-8")[:LENGTH]
    paragraphs = [" ".join(part.split()) for part in re.split(r"\n\s*\n", text)]
    paragraphs = [paragraph for paragraph in paragraphs[1:-1] if len(paragraph) > 60]
    story, db = folder / "story.txt", folder / "reader.db"
    story.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    with Store(db) as store:
        record = library.open_path(store, story).document_id
        text = store.document_text(record) or ""
        starts = [0, *(match.end() for match in re.finditer("\n\n", text))]
        for index, start in enumerate(random.Random(4).sample(starts, HIGHLIGHTS)):
            store.add_highlight(record, start, text.index(" ", start + 12), note=f"note {index}")
    return story, db, paragraphs


def edit(rng: random.Random, paragraphs: list[str], sentence: str) -> None:
    """An editor's pass: a sentence added, and a sixth of the book (a few chapters) moved
    elsewhere, so that re-anchoring has the highlights in it to look for."""
    paragraphs.insert(rng.randrange(len(paragraphs)), sentence)
    size = len(paragraphs) // 6
    start = rng.randrange(len(paragraphs) - size)
    block = paragraphs[start : start + size]
    del paragraphs[start : start + size]
    at = rng.randrange(len(paragraphs))
    paragraphs[at:at] = block


def commit_of(checkout: Path) -> str:
    """ "reader at <commit>" for a git checkout, else its folder's name."""
    commit = subprocess.run(
        ["git", "-C", str(checkout), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return f"reader at {commit}" if commit else checkout.resolve().name


def compared(checkout: Path, rounds: int) -> str:
    """The row for another checkout's reader, measured by this script run on it."""
    command = [sys.executable, __file__, "--root", str(checkout), "--rounds", str(rounds)]
    result = subprocess.run([*command, "--row-only"], capture_output=True, text=True, check=False)
    return result.stdout.strip().splitlines()[-1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="20 rounds instead of 200")
    parser.add_argument("--rounds", type=int, default=None)
    parser.add_argument("--root", type=Path, default=HERE.parent, help="the checkout to run")
    parser.add_argument("--write", action="store_true", help="write the BENCHMARKS.md section")
    parser.add_argument("--compare", type=Path, help="add a row for this checkout's reader")
    parser.add_argument("--row-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not BOOK.exists():
        print(f"skipped: {BOOK} is missing")
        return 0
    sys.path.insert(0, str(args.root.resolve()))
    rounds = args.rounds or (20 if args.quick else 200)
    rng = random.Random(10)
    with tempfile.TemporaryDirectory() as folder:
        story, db, paragraphs = setup(Path(folder))
        holders, _, notes = state(db, story)
        total = sum(count for _, count in holders)
        edit(rng, paragraphs, "A sentence added by the editor.")
        story.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
        began = time.perf_counter()
        _, status = os.waitpid(open_in_child(db, story), 0)
        duration = time.perf_counter() - began
        if status != 0:
            print(f"opening the story fails in {args.root} even uncut; nothing measured")
            return 1
        killed = stranded = listed_twice = lost = recorded = 0
        current = state(db, story)[1]
        for round_ in range(rounds):
            edit(rng, paragraphs, f"Update {round_}: the editor added a sentence here.")
            story.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
            began = time.perf_counter()
            pid = open_in_child(db, story)
            if rng.random() < UNCUT:
                os.waitpid(pid, 0)  # let one run in five finish: the next delays fit it
                duration = time.perf_counter() - began
            else:
                time.sleep(rng.uniform(0, 1.2 * duration))
                os.kill(pid, signal.SIGKILL)
                _, status = os.waitpid(pid, 0)
                killed += os.WIFSIGNALED(status)
            holders, listed, now_notes = state(db, story)
            lost += total - sum(count for _, count in holders) + (now_notes != notes)
            stranded += len(holders) != 1 or [holders[0][0]] != listed
            listed_twice += len(listed) > 1
            recorded += listed != current  # killed after the commit, or not killed
            current = listed
        _, status = os.waitpid(open_in_child(db, story), 0)
        holders, listed, _ = state(db, story)
        whole = status == 0 and [h[1] for h in holders] == [total] and listed == [holders[0][0]]
    label = commit_of(args.root)
    result = (
        f"| {label} | {rounds} | {killed} | {lost} | {stranded} | {listed_twice} | "
        f"{'yes' if whole else 'no'} |"
    )
    if args.row_only:
        print(result)
        return 0
    before = [] if args.compare is None else [compared(args.compare, rounds)]
    lines = [
        "`python benchmarks/bench_reanchor_kills.py --compare CHECKOUT --write`. The reader "
        "at 3e0a2ca recorded a new text in one transaction and moved its highlights in "
        "another: the first kill between the two left every highlight on a version no longer "
        "listed, and it never retried, so every later round stayed so. Now both are one "
        "transaction.",
        "",
        f"*War and Peace* with {total} highlights, after an edit (a sentence added, a sixth "
        "of the book moved), opened by path in a forked process killed (SIGKILL) after a "
        f"random delay of up to 1.2 times the last uncut run ({duration:.2f} s at the end), "
        f"in {rounds} rounds (one in five left to finish); "
        f"{killed} were killed before they finished, and {recorded} had recorded the new "
        "version by then (killed after its commit, or not killed).",
        "",
        "| reader | rounds | killed mid-run | highlights lost | rounds with highlights "
        "off the listed version | rounds listed twice | next open places all |",
        "|---|---:|---:|---:|---:|---:|---|",
        *before,
        result,
    ]
    text = "\n".join(lines)
    print(text)
    if args.write:
        report.write_section(f"## {SECTION}", f"## {SECTION}\n\n{text}\n")
    return 0 if whole and not stranded else 1


if __name__ == "__main__":
    raise SystemExit(main())
