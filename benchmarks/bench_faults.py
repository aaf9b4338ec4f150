"""Fault injection (issue 10): SIGKILLs during highlight, note, export, re-anchoring and
migration, concurrent writers, a full disk, and damaged and foreign stores.

`python benchmarks/run.py faults` (or `python benchmarks/bench_faults.py [--rounds N]
[--seed N] [--write]`). `--rounds` is the number of kills (200 by default), spread evenly
over the five operations; the machinery is in `faults.py`, which
`tests/test_fault_injection.py` runs a sample of. Exits 1 if any check failed.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import faults  # noqa: E402
import report  # noqa: E402

SECTION = "Fault injection (issue 10)"
WRITERS = (2, 4, 8)
PER_WRITER = 40


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=200, help="kills in all (default 200)")
    parser.add_argument("--seed", type=int, default=None, help="the random seed (printed)")
    parser.add_argument("--quick", action="store_true", help="25 kills, smaller stores")
    parser.add_argument("--write", action="store_true", help="write the BENCHMARKS.md section")
    args = parser.parse_args()
    kills = 25 if args.quick and args.rounds == 200 else args.rounds
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(10**6)
    print(f"seed {seed} (run again with --seed {seed})", flush=True)
    rng = random.Random(seed)
    began = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="reader-faults-") as name:
        folder = Path(name)
        lab = faults.Lab(folder, rng)
        faults.build(lab, old_highlights=2_000 if args.quick else 20_000)
        faults.kill_rounds(lab, kills)
        placed = faults.placements(lab)
        writers = [
            faults.writers_run(folder / f"writers-{count}", count, PER_WRITER, rng)
            for count in WRITERS
        ]
        disk = full_disk(folder)
        refused = faults.refused_run(folder / "refused", rng)
    elapsed = time.perf_counter() - began
    text, failed = table(lab, placed, writers, disk, refused, seed, elapsed)
    print(text)
    for tally in lab.tallies.values():
        for problem in tally.problems[:10]:
            print(f"  {problem}")
    for writer in writers:
        for sentence in writer.refused_otherwise[:5]:
            print(f"  {writer.writers} writers: refused: {sentence}")
    for result in [*writers, *refused.values()]:
        for problem in result.problems[:10]:
            print(f"  {problem}")
    if isinstance(disk, faults.DiskResult):
        for problem in disk.problems[:10]:
            print(f"  {problem}")
    if args.write:
        report.write_section(f"## {SECTION}", f"## {SECTION}\n\n{text}\n")
    return 1 if failed else 0


def full_disk(folder: Path) -> faults.DiskResult | str:
    """The full-disk run on a 2 MiB tmpfs mounted here (root only); else why it was skipped."""
    disk = folder / "disk"
    reason = faults.mounted_disk(disk)
    if reason is not None:
        return f"skipped: cannot mount a tmpfs here ({reason})"
    try:
        return faults.full_disk_run(disk, folder, lambda: faults.fill_disk(disk))
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def table(
    lab: faults.Lab,
    placed: dict[str, int],
    writers: list[faults.WritersResult],
    disk: faults.DiskResult | str,
    refused: dict[str, faults.RefusedResult],
    seed: int,
    elapsed: float,
) -> tuple[str, bool]:
    """The section's Markdown, and whether anything failed."""
    tallies = lab.tallies
    kills = sum(t.kills for t in tallies.values())
    rows = [
        f"| {name} | {t.rounds} | {t.kills} | {t.saved_unreported} | {t.missing} | "
        f"{t.integrity} | {t.overwritten} | {t.partial} |"
        for name, t in tallies.items()
    ]
    total = [
        sum(getattr(t, key) for t in tallies.values())
        for key in (
            "rounds",
            "kills",
            "saved_unreported",
            "missing",
            "integrity",
            "overwritten",
            "partial",
        )
    ]
    rows.append("| **all** | " + " | ".join(f"**{n}**" for n in total) + " |")
    writer_rows = [
        f"| {w.writers} | {w.writers * PER_WRITER} | {w.killed} | {w.reported} | {w.present} | "
        f"{w.reported - w.present} | {w.refused} | {len(w.refused_otherwise)} |"
        for w in writers
    ]
    refused_rows = [
        f"| {kind} | {r.commands} | {r.refused} | {r.changed} |" for kind, r in refused.items()
    ]
    otherwise = sum(len(w.refused_otherwise) for w in writers)
    if isinstance(disk, str):
        disk_text = f"Full disk: {disk}."
        disk_failed = False
    else:
        disk_text = (
            "Full disk (a 2 MiB tmpfs filled while the store was open, then 160 KiB given "
            f"back): {disk.saved} "
            f"highlights with 2 KB notes saved before the writes failed; the failures said "
            f"“{disk.refusals[0] if disk.refusals else '(none)'}”; afterwards `reader list`, "
            "`search` and `export` read the store and `reader highlight` was refused with the "
            f"same words; integrity ok and every saved "
            f"highlight there: {'no' if disk.problems else 'yes'} ({len(disk.problems)} "
            "problems)."
        )
        disk_failed = bool(disk.problems)
    durations = ", ".join(f"{name} {value:.2f} s" for name, value in lab.durations.items())
    lines = [
        f"`python benchmarks/bench_faults.py --seed {seed} --write` ({elapsed:.0f} s on this "
        f"machine, {os.cpu_count()} cores). {kills} SIGKILLs at a random moment of a run "
        f"(uniform up to the length of an uncut one: {durations}), one round in five left "
        "to finish: `reader highlight FILE WORDS --note NOTE` and `reader export --all "
        "VAULT` as real processes; notes set, changed and added through the store, "
        "re-anchoring an edited book (a sixth of it moved) with "
        f"{len(lab.reanchor_quotes)} highlights, and migrating a store an older reader "
        f"made ({len(lab.old_state[0]):,} highlights with notes, {lab.old_pending} "
        "migrations to do, the full-text index over every note first), each in a forked "
        "child. After every round the store is reopened: `PRAGMA integrity_check` must "
        "say ok, and everything reported saved (an id printed, a line written after the "
        "store call returned) and everything "
        "there before must be there with its exact quote and note. The export folder holds "
        "files the person edited (and one of theirs at an export's name); after every kill "
        "each is byte for byte as they left it, and every other visible file is a whole "
        "export. “Saved, not yet said” counts kills that fell between the commit and the "
        "report: not lost, only not announced.",
        "",
        "| operation | rounds | killed mid-run | saved, not yet said | rounds with something "
        "reported saved missing | integrity failures | person's files overwritten | partial "
        "files posing as exports |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
        *rows,
        "",
        f"Hidden temporary files (`.name.xxxx.tmp`) the export kills left in the folder: "
        f"{tallies['export'].temporaries} (never taken for an export; a later export does "
        "not remove them).",
        "",
        "After the kills the book was opened once more, uncut: placements right "
        f"{placed.get('right', 0)}, wrong {placed.get('wrong', 0)}, needlessly orphaned "
        f"{placed.get('needless orphan', 0)}, lost {placed.get('lost', 0)} (every quote is "
        "in the edited book exactly once). The accuracy over 12,000 labelled highlights is "
        "in the re-anchoring section above.",
        "",
        f"Concurrent writers: each process opens the store afresh for every annotation "
        f"({PER_WRITER} each, one in four a document note), all starting together; one of "
        "them is SIGKILLed part-way.",
        "",
        "| writers | annotations tried | writers killed | reported saved | present after | "
        "missing | refused as busy | refused with another sentence |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
        *writer_rows,
        "",
        f"“Refused with another sentence” ({otherwise} in this run; 0 to 4 in the runs made "
        "so far): "
        "a writer opening the store at the instant another closed it (and removed its "
        "-wal and -shm) was refused with “… cannot be read "
        "(unable to open database file)” (or “attempt to write a readonly database”), from "
        "the read-only check in `store/inspection.py`. Nothing is lost (the write was refused "
        "and said so), but a retry would have saved it and the sentence is wrong: an open "
        "question for issue 10. Timings vary, so a seed fixes the choices made (which words, "
        "which notes, which delay as a share of a run) but not every figure.",
        "",
        disk_text,
        "",
        "Stores reader must not write (damaged: 20 pages in the middle overwritten; foreign: "
        "another program's SQLite file; empty: zero bytes; newer: a newer reader's store "
        "with its last commit pending in the -wal): `reader list`, `search`, `export FILE`, "
        "`export --all`, `highlight` and `open`, and `Store(path)`; each must stop with one "
        "sentence, and the SHA-256 of every file in the store's folder must not change.",
        "",
        "| store | commands | refused with one sentence | runs after which a byte changed |",
        "|---|---:|---:|---:|",
        *refused_rows,
    ]
    failed = (
        any(total[3:])
        or any(w.problems for w in writers)
        or disk_failed
        or any(r.problems for r in refused.values())
        or placed.get("lost", 0) > 0
        or kills < lab_kills_wanted(lab)
    )
    return "\n".join(lines), failed


def lab_kills_wanted(lab: faults.Lab) -> int:
    """At least one kill per operation, or the run says nothing."""
    return len(lab.tallies)


if __name__ == "__main__":
    raise SystemExit(main())
