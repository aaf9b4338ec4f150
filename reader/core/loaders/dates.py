"""Publication dates as people print them, turned into ISO 8601.

A news dateline reads "Feb 21, 2016 at 3:23 PM ET"; front matter and HTML meta tags give ISO
strings or the same human forms. The result is as precise as the source: a date alone stays
a date, a time without a zone stays without an offset.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip

_REGION_ZONES = {
    "ET": "America/New_York",
    "CT": "America/Chicago",
    "MT": "America/Denver",
    "PT": "America/Los_Angeles",
}
"""Zone abbreviations that mean "whatever the clock says there", so the offset needs a date."""

_FIXED_OFFSETS = {
    "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6,
    "PST": -8, "PDT": -7, "GMT": 0, "UTC": 0, "UT": 0, "Z": 0, "BST": 1,
}  # fmt: skip

_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_DATE_FORMS = (
    rf"{_MONTH}\s+{_DAY},?\s+{_YEAR}",  # Feb 21, 2016
    rf"{_DAY}\s+{_MONTH},?\s+{_YEAR}",  # 21 February 2016
    r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})",  # 2016-02-21
)
_PREFIX = (
    r"(?:(?:last\s+)?(?:updated|published|posted|modified)(?:\s+on)?:?\s+)?"
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
)
_TIME = (
    r"(?:\s*(?:,|at|@|-|\u2013|\u2014)?\s*"
    r"(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?(?::(?P<second>\d{2}))?"
    r"\s*(?P<ampm>[ap]\.?\s?m\.?)?"
    r"(?:\s*\(?(?P<zone>[ecmp][sd]?t|gmt|utc|ut|bst|z|[+-]\d{2}:?\d{2})\)?)?)?"
)
_DATELINE_RES = tuple(
    re.compile(rf"{_PREFIX}{form}{_TIME}\s*", re.IGNORECASE) for form in _DATE_FORMS
)


def parse_dateline(line: str) -> str | None:
    """The ISO date of a line that is only a date (and time), or None.

    Accepts an "Updated"/"Published" prefix and a weekday, then "Feb 21, 2016",
    "21 February 2016" or "2016-02-21", then an optional time and zone.
    """
    for pattern in _DATELINE_RES:
        match = pattern.fullmatch(line)
        if match:
            return _iso_from_match(match)
    return None


def normalise_date(value: str) -> str | None:
    """ISO 8601 from an ISO string or a printed date, or None if it is not a date."""
    value = value.strip()
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return parse_dateline(value)
    if len(value) <= len("2016-02-21"):
        return parsed.date().isoformat()
    return parsed.isoformat()


def _iso_from_match(match: re.Match[str]) -> str | None:
    month_text = match["month"]
    month = int(month_text) if month_text.isdigit() else _MONTHS[month_text[:3].lower()]
    try:
        day = date(int(match["year"]), month, int(match["day"]))
    except ValueError:
        return None
    if match["hour"] is None or (match["minute"] is None and match["ampm"] is None):
        # A bare number after a date is not a time ("Feb 21, 2016 3" is something else).
        return day.isoformat() if match["hour"] is None else None
    hour = int(match["hour"])
    ampm = (match["ampm"] or "").lower()
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm.startswith("p") else 0)
    minute = int(match["minute"] or 0)
    second = int(match["second"] or 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    moment = datetime(day.year, day.month, day.day, hour, minute, second)
    zone = _zone(match["zone"])
    if zone is None:
        return moment.isoformat()
    return moment.replace(tzinfo=zone).isoformat()


def _zone(name: str | None) -> tzinfo | None:
    if not name:
        return None
    name = name.upper()
    if name in _REGION_ZONES:
        try:
            return ZoneInfo(_REGION_ZONES[name])
        except ZoneInfoNotFoundError:
            # No time zone database (Windows without tzdata): the offset is unknown, so say
            # nothing rather than guess between standard and daylight time.
            return None
    if name in _FIXED_OFFSETS:
        return timezone(timedelta(hours=_FIXED_OFFSETS[name]))
    sign = -1 if name.startswith("-") else 1
    digits = name[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


def printed_date(iso: str) -> str:
    """A date as a reader expects to see it under a headline: "May 14, 2023, 9:30 AM".

    Returns "" for text that is not an ISO date. The time zone is left out: the reader
    shows when, not where, and the ISO value stays in the metadata.
    """
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return ""
    day = f"{moment:%B} {moment.day}, {moment.year}"
    if len(iso) <= len("2016-02-21"):
        return day
    hour = moment.hour % 12 or 12
    return f"{day}, {hour}:{moment.minute:02d} {'AM' if moment.hour < 12 else 'PM'}"
