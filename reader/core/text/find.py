"""Finding text in an article: every match of a query, smart case, accents folded."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from reader.core.text import ranges

MAX_MATCHES = 100_000
"""Stop counting past this many matches: a one-letter query in a book is not useful."""


def is_case_sensitive(query: str) -> bool:
    """Smart case, as in vim and less: a query with a capital letter matches case exactly."""
    return any(char.isupper() for char in query)


@dataclass(frozen=True)
class SearchResult:
    """Every match of one query, in reading order."""

    query: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def __len__(self) -> int:
        return len(self.starts)

    def match(self, index: int) -> tuple[int, int]:
        """The (start, end) of the `index`-th match."""
        return self.starts[index], self.ends[index]

    def next_index(self, offset: int) -> int | None:
        """The first match that starts after `offset`, wrapping to the first."""
        return ranges.next_index(self.starts, offset)

    def previous_index(self, offset: int) -> int | None:
        """The last match that starts before `offset`, wrapping to the last."""
        return ranges.previous_index(self.starts, offset)

    def in_range(self, start: int, end: int) -> list[int]:
        """Indexes of the matches that overlap [start, end), for drawing one row."""
        # Matches never overlap, so their ends ascend too: no running maximum is needed.
        return ranges.overlapping(self.starts, self.ends, start, end)


def _base_letter(char: str) -> str:
    """The letter without its accents ("á" -> "a"), or the character itself."""
    decomposed = unicodedata.normalize("NFD", char)
    return decomposed[0] if len(decomposed) > 1 and decomposed[0].isalpha() else char


@lru_cache(maxsize=4)
def fold_accents(text: str) -> str:
    """`text` with accents dropped, one character for one, so offsets stay the same.

    Readers type "Natasha" for "Natásha" and "Peter" for "Péter"; a search that missed them
    would look broken. Cached because an article is searched many times as a query is typed.
    """
    table = {ord(char): _base_letter(char) for char in set(text) if not char.isascii()}
    return text.translate({code: base for code, base in table.items() if base != chr(code)})


def has_accents(query: str) -> bool:
    """True when the query itself has accented letters, so it must match them exactly."""
    return any(_base_letter(char) != char for char in query)


def find_all(text: str, query: str) -> SearchResult:
    """Every non-overlapping match of `query` in `text`: literal, smart-case, accent-blind.

    White space in the query matches any run of white space, so a phrase is found even where
    the article breaks it differently. A query without accents matches accented letters too.
    """
    if not query.strip():
        return SearchResult(query, (), ())
    parts = [re.escape(part) for part in query.split()]
    pattern = r"\s+".join(parts)
    flags = 0 if is_case_sensitive(query) else re.IGNORECASE
    haystack = text if has_accents(query) else fold_accents(text)
    starts: list[int] = []
    ends: list[int] = []
    for match in re.finditer(pattern, haystack, flags):
        starts.append(match.start())
        ends.append(match.end())
        if len(starts) >= MAX_MATCHES:
            break
    return SearchResult(query, tuple(starts), tuple(ends))


# Full-text search over every highlight and note in the store.
#
# The tables are made by the store's `enable_search` migration; this half only reads them,
# with the standard library's sqlite3, so `reader search` need not import sqlite-utils (whose
# import of numpy alone takes longer than the whole search).
