"""Highlights and notes: what a person adds to an article, anchored so it can be found again.

A highlight is anchored two ways at once, as the W3C Web Annotation model suggests: by
character offsets into the canonical text (exact and fast while the text is unchanged) and
by the quoted text with some context around it (a `TextQuote`), which still finds the
passage if a later version of the article shifts the offsets.
"""

from __future__ import annotations

import base64
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

CONTEXT_CHARS = 32
"""How many characters of context a quote keeps on each side of the exact text."""

DEFAULT_COLOR = "yellow"
"""The colour a new highlight gets unless the person picks another."""

HIGHLIGHT_COLORS: tuple[str, ...] = ("yellow", "green", "blue", "pink", "purple")
"""The colours every theme defines (`$highlight-yellow` …), in the order of keys 1 to 5."""

TAG_PATTERN = re.compile(r"(?<![\w#&/])#(\w[\w/-]*)")
"""A `#tag` in a note: a hash at a word's start, then letters, digits, `_`, `-` or `/`.
Not a Markdown heading's hashes, nor a hash inside a word, a URL fragment or `&#39;`."""

COLOR_PATTERN = re.compile(r"[a-z][a-z0-9-]{0,31}")
"""A colour is a theme name such as "yellow" or "sea-green": safe in CSS, Markdown and JSON."""

ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"
"""Lower-case RFC 4648 base32: ids are valid Obsidian block references (`^id`) and file names."""

ID_LENGTH = 10
"""50 random bits: a clash among even a million annotations is about one in a billion."""


HighlightStatus = Literal["exact", "moved", "orphan"]
"""Where a highlight stands after its article's text changed (see `Highlight.status`)."""

HIGHLIGHT_STATUSES: tuple[HighlightStatus, ...] = ("exact", "moved", "orphan")
"""Every status, in the order the store's CHECK constraint lists them."""

MOVED_MARK = "moved, please check"
"""What the Notes pane and every export say beside a highlight whose status is "moved"."""


@dataclass(frozen=True, slots=True)
class TextQuote:
    """The quoted text of a highlight with context on each side (a W3C TextQuoteSelector)."""

    exact: str
    prefix: str
    suffix: str


@dataclass(frozen=True, slots=True)
class Highlight:
    """A highlighted range of a document's canonical text, with an optional note."""

    id: str
    document_id: str
    """The content hash of the document it belongs to."""
    start: int
    end: int
    quote: TextQuote
    color: str
    note: str
    """Markdown written by the person; empty when there is none."""
    created: str
    updated: str
    status: HighlightStatus = "exact"
    """"exact": the text at `start`/`end` is the quote. "moved": the article changed and the
    highlight was placed on text like its quote but not equal to it; the quote is still the
    one the person highlighted, and the person should check the new place. "orphan": the
    passage could not be found again; `start`/`end` then still point into an earlier
    version's text."""

    @property
    def placed(self) -> bool:
        """True when the highlight has a range in its document's text (exact or moved)."""
        return self.status != "orphan"

    @property
    def moved(self) -> bool:
        """True when it was placed on text that differs from its quote (to be checked)."""
        return self.status == "moved"


@dataclass(frozen=True, slots=True)
class DocumentNote:
    """A note about a whole document rather than one passage of it."""

    id: str
    document_id: str
    text: str
    """Markdown written by the person."""
    created: str
    updated: str


def quote_at(text: str, start: int, end: int, context: int = CONTEXT_CHARS) -> TextQuote:
    """The quote for `text[start:end]`, with up to `context` characters either side.

    Raises:
        ValueError: the range is empty or falls outside the text.
    """
    if not 0 <= start < end <= len(text):
        raise ValueError(
            f"The range {start}-{end} is not a passage of a {len(text)}-character text."
        )
    return TextQuote(
        exact=text[start:end],
        prefix=text[max(0, start - context) : start],
        suffix=text[end : end + context],
    )


def check_color(color: str) -> str:
    """Return `color` if it is a valid colour name.

    Raises:
        ValueError: it is not a lower-case name matching `COLOR_PATTERN`.
    """
    if not COLOR_PATTERN.fullmatch(color):
        raise ValueError(f"{color!r} is not a colour name such as {DEFAULT_COLOR!r}.")
    return color


def new_id() -> str:
    """A short random id made of `ID_ALPHABET` characters."""
    return base64.b32encode(secrets.token_bytes(10)).decode("ascii").lower()[:ID_LENGTH]


def utc_now() -> str:
    """The current time as an ISO 8601 UTC timestamp to the second ("2026-11-26T18:04:05Z")."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def tags_in(text: str) -> tuple[str, ...]:
    """The `#tags` of a note, lower-cased, each once, in the order they first appear.

    A tag is a `#` at the start of a word followed by a letter, digit or `_`: `#evidence`,
    `#to-read`, `#2016`. Headings (`# Title`), `a#b` and trailing `-`/`/` are not tags.
    """
    seen: dict[str, None] = {}
    for match in TAG_PATTERN.finditer(text):
        tag = match.group(1).rstrip("-/").casefold()
        if tag:
            seen.setdefault(tag, None)
    return tuple(seen)
