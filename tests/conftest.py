"""Shared fixtures: the repository's sample article and the team's benchmark texts."""

from __future__ import annotations

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
    monkeypatch.setenv("READER_DB", str(path))
    return path
