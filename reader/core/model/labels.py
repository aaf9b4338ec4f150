"""Short, plain labels for a stored document: where it came from, when, how far read.

Shared by `reader list` and the library screen, so both say the same thing the same way.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import PurePath
from urllib.parse import urlsplit

NO_VALUE = "—"
"""What a label says when there is nothing to say."""


def short_source(source: str) -> str:
    """A source short enough for a column: a web address's host, or a path's file name."""
    if not source:
        return NO_VALUE
    if source == "-":
        return "standard input"
    parts = urlsplit(source)
    if parts.scheme in ("http", "https") and parts.hostname:
        host = parts.hostname
        return host.removeprefix("www.")
    if parts.scheme == "file":
        source = parts.path
    name = PurePath(source.rstrip("/" + os.sep)).name
    return name or source


def parse_stamp(stamp: str) -> datetime | None:
    """The aware datetime of a store timestamp ("2026-11-26T18:04:05Z"), or None if unreadable."""
    try:
        when = datetime.fromisoformat(stamp)
    except ValueError:
        return None
    # The store writes UTC; a stamp without an offset is read as UTC, not as local time.
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def local_date(stamp: str) -> str:
    """The local calendar date of a timestamp, as YYYY-MM-DD (sortable, and unambiguous)."""
    when = parse_stamp(stamp)
    return NO_VALUE if when is None else when.astimezone().date().isoformat()


def friendly_time(stamp: str, now: datetime) -> str:
    """How long ago a timestamp was ("just now", "3 hours ago", "yesterday"), or its date.

    Days are counted on the local calendar, so "yesterday" means what a person means by it.
    """
    when = parse_stamp(stamp)
    if when is None:
        return NO_VALUE
    seconds = (now - when).total_seconds()
    if seconds < -60:  # a clock that ran ahead: say the date rather than "in 2 hours"
        return local_date(stamp)
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 12 * 3600:
        hours = int(seconds // 3600)
        return "1 hour ago" if hours == 1 else f"{hours} hours ago"
    days = (now.astimezone().date() - when.astimezone().date()).days
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 7:
        return f"{days} days ago"
    return local_date(stamp)


def progress_fraction(position: int, length: int) -> float:
    """How far through a document the reader is, from 0 to 1: the share of its text before
    the reading position (the caret; the reading view saves the end, `length`, once the
    caret is on the last word). One definition for the status line and the library."""
    if length <= 0:
        return 1.0
    return min(1.0, max(position, 0) / length)


def progress_label(position: int, length: int) -> str:
    """The reading progress as a whole percentage: "0%" at the start, "1%" once reading has
    started, "100%" only at the end."""
    return percent_label(progress_fraction(position, length))


def percent_label(fraction: float) -> str:
    """A progress fraction as the status line and the library show it (`progress_label`)."""
    if fraction <= 0:
        return "0%"
    return f"{max(1, int(fraction * 100))}%"
