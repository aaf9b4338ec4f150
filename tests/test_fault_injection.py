"""A sample of the fault-injection suite (issue 10); `benchmarks/bench_faults.py` runs it with
200 kills and more. The machinery is `benchmarks/faults.py`: SIGKILLs during highlight, note,
export, re-anchoring and migration, concurrent writers, a full disk, and damaged and foreign
stores. After each: integrity ok, nothing reported saved missing, nothing of the person's
overwritten, no byte of a refused store changed.
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import faults

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")


@pytest.fixture
def lab(tmp_path: Path) -> faults.Lab:
    """Small stores: the harbour log and four reports, a 60,000-character book with 40
    highlights, an older store with 1,500 highlights."""
    made = faults.Lab(tmp_path, random.Random(20261205))
    faults.build(made, reports_=4, book_size=60_000, old_highlights=1_500, reanchor_highlights=40)
    return made


def test_ten_kills_across_the_five_operations_lose_nothing(lab: faults.Lab) -> None:
    faults.kill_rounds(lab, 10)
    for operation, tally in lab.tallies.items():
        assert tally.kills >= 2, operation
        assert tally.problems == [], operation
        assert (tally.missing, tally.integrity, tally.overwritten, tally.partial) == (0, 0, 0, 0)
    placed = faults.placements(lab)
    assert placed["lost"] == 0
    assert placed["right"] == len(lab.reanchor_quotes)


def test_the_checks_see_a_lost_highlight_and_a_changed_file(lab: faults.Lab) -> None:
    """The checks can fail: a highlight deleted behind reader's back is found missing, and a
    person's file changed is found overwritten."""
    before = faults.state(lab.db)
    with faults.connected(lab.db) as connection:
        connection.execute("DELETE FROM highlights WHERE id = ?", [sorted(before[0])[0]])
        connection.commit()
    assert faults.round_problems(lab.db, before)["missing"]
    person = next(iter(lab.persons))
    person.write_text("changed", encoding="utf-8")
    _, problems = faults.export_round(lab, None)
    assert problems["overwritten"]


def test_four_writers_at_once_keep_every_reported_annotation(tmp_path: Path) -> None:
    result = faults.writers_run(tmp_path / "writers", 4, 12, random.Random(4))
    assert result.problems == []
    assert result.reported + result.refused + len(result.refused_otherwise) >= 3 * 12
    assert result.present == result.reported > 0


def test_a_disk_filling_up_loses_nothing_saved_and_still_reads(
    small_disk: Any, tmp_path: Path
) -> None:
    result = faults.full_disk_run(small_disk.path, tmp_path, small_disk.fill)
    assert result.problems == []
    assert result.refusals and all(faults.DISK_FULL in s for s in result.refusals)


def test_damaged_and_foreign_stores_are_refused_without_a_byte_changing(tmp_path: Path) -> None:
    results = faults.refused_run(tmp_path / "refused", random.Random(11))
    assert set(results) == {"damaged", "foreign", "empty", "newer"}
    for kind, result in results.items():
        assert result.problems == [], kind
        assert result.refused == result.commands == 7, kind
        assert result.changed == 0, kind
