"""Labels for stored documents: short sources, reading progress, friendly times."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from reader.core.model.labels import friendly_time, progress_label, short_source

NOW = datetime(2026, 11, 26, 18, 0, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def utc_local_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Local dates are shown, so the tests pin the local time zone to UTC."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("/home/ann/papers/alpha.md", "alpha.md"),
        ("https://www.example.org/a/b?c=1", "example.org"),
        ("http://news.example.com", "news.example.com"),
        ("file:///tmp/x.html", "x.html"),
        ("-", "standard input"),
        ("", "—"),
        ("notes.txt", "notes.txt"),
    ],
    ids=["path", "https-www", "http-host", "file-url", "stdin", "empty", "bare-name"],
)
def test_short_source(source: str, expected: str) -> None:
    assert short_source(source) == expected


@pytest.mark.parametrize(
    ("position", "length", "expected"),
    [
        (0, 100, "0%"),
        (37, 100, "37%"),
        (1, 1000, "1%"),
        (999, 1000, "99%"),
        (100, 100, "100%"),
        (150, 100, "100%"),
        (5, 0, "100%"),
    ],
    ids=[
        "opened-not-moved",
        "part",
        "barely-started",
        "nearly-done",
        "done",
        "past-the-end",
        "empty",
    ],
)
def test_progress_label(position: int, length: int, expected: str) -> None:
    # One definition everywhere (issue 14): "—" was shown for an article opened but not
    # moved in; every document in the library has been opened, so it reads 0%.
    assert progress_label(position, length) == expected


@pytest.mark.parametrize(
    ("stamp", "expected"),
    [
        ("2026-11-26T17:59:30Z", "just now"),
        ("2026-11-26T17:15:00Z", "45 min ago"),
        ("2026-11-26T17:00:00Z", "1 hour ago"),
        ("2026-11-26T08:00:00Z", "10 hours ago"),
        ("2026-11-26T01:00:00Z", "today"),
        ("2026-11-25T10:00:00Z", "yesterday"),
        ("2026-11-21T10:00:00Z", "5 days ago"),
        ("2026-10-01T10:00:00Z", "2026-10-01"),
        ("2026-11-27T10:00:00Z", "2026-11-27"),
        ("not a time", "—"),
    ],
    ids=[
        "seconds",
        "minutes",
        "an-hour",
        "hours",
        "earlier-today",
        "yesterday",
        "days",
        "long-ago-as-date",
        "future-as-date",
        "unreadable",
    ],
)
def test_friendly_time(stamp: str, expected: str) -> None:
    assert friendly_time(stamp, NOW) == expected
