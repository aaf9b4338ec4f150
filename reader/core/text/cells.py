"""Cell widths of text, shared by layout and drawing so that both agree."""

from __future__ import annotations

import re

from rich.cells import cell_len as _rich_cell_len

NARROW_RANGES = (
    (0x20, 0x7E),  # printable ASCII
    (0xA0, 0x2FF),  # Latin-1 supplement, Latin extended, IPA, spacing modifiers
    (0x370, 0x482),  # Greek, Cyrillic
    (0x48A, 0x52F),
    (0x1E00, 0x1FFF),  # Latin extended additional, Greek extended
    (0x2010, 0x2027),  # dashes, curly quotes, bullets, ellipsis
    (0x2030, 0x205E),
    (0x20A0, 0x20C0),  # currency signs
    (0x2100, 0x214F),  # letter-like symbols
)
"""Code point ranges whose every character Rich draws one cell wide (a test checks this)."""

_NARROW_CLASS = "".join(f"\\U{low:08x}-\\U{high:08x}" for low, high in NARROW_RANGES)
_ALL_NARROW = re.compile(f"[{_NARROW_CLASS}]*")
_NOT_NARROW = re.compile(f"[^{_NARROW_CLASS}]")


def is_narrow(text: str) -> bool:
    """True when every character of `text` takes exactly one cell.

    Checked with a regular expression over known one-cell ranges first, because asking Rich
    character by character costs about a second on a whole book; anything else is measured
    one distinct character at a time, never as a total, since a wide character and a
    zero-width one together sum to two cells for two characters and would pass as narrow.
    """
    if text.isascii() or _ALL_NARROW.fullmatch(text):
        return True
    return all(_rich_cell_len(char) == 1 for char in set(_NOT_NARROW.findall(text)))


def cell_len(text: str) -> int:
    """How many terminal cells `text` takes, as Rich (and so Textual) draws it."""
    if is_narrow(text):
        return len(text)
    return _rich_cell_len(text)
