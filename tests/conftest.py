"""Shared fixtures: the repository's sample article and the team's benchmark texts."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SEEDS = REPO_ROOT / "seeds"
SAMPLE_ARTICLE = SEEDS / "syria-ceasefire-2016.txt"
SHARED_BENCH = REPO_ROOT.parent / "shared" / "bench"
"""The team's shared benchmark texts, beside the checkout (CI lays out a copy there too)."""


@pytest.fixture
def sample_path() -> Path:
    """The bundled sample news story."""
    return SAMPLE_ARTICLE


@pytest.fixture
def isolated_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A store path of the test's own, also set as READER_DB so nothing touches the user's."""
    path = tmp_path / "store" / "reader.db"
    path.parent.mkdir()  # reader makes the file, but only in a folder that exists
    monkeypatch.setenv("READER_DB", str(path))
    return path


class SmallDisk:
    """A small tmpfs of the test's own, to fill up or make read-only (root only)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        """Where it is mounted."""

    def fill(self) -> None:
        """Write a filler file until the disk has not one byte left."""
        with (self.path / "filler").open("wb", buffering=0) as filler:
            try:
                while True:
                    filler.write(b"\0" * 4096)
            except OSError:
                pass
        assert _run("df", "--output=avail", str(self.path)).stdout.split()[-1] == "0"

    def read_only(self) -> None:
        """Remount it read-only: not even root can write to it then."""
        _run("mount", "-o", "remount,ro", str(self.path), check=True)


def _run(*command: str, check: bool = False) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, check=check)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[SmallDisk]:
    """A 2 MiB tmpfs mounted in the test's folder and unmounted after it; the test is skipped
    where mounting is not allowed (not root, or a container without the capability)."""
    path = tmp_path / "disk"
    path.mkdir()
    mounted = _run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(path))
    if mounted.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip() or 'not allowed'}")
    try:
        yield SmallDisk(path)
    finally:
        _run("umount", "-l", str(path))
