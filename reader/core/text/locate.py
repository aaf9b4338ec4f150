"""Finding a quoted passage in an article, for `reader highlight ARTICLE "exact words"`.

People paste quotes from elsewhere: line breaks and runs of spaces differ, and straight
quotation marks and apostrophes stand for curly ones. Those differences are forgiven; words
and letter case must match.
"""

from __future__ import annotations

import re

from reader.core.errors import ReaderError

_EQUIVALENT = {
    '"': '["“”„«»]',
    "“": '["“”„«»]',
    "”": '["“”„«»]',
    "'": "['‘’]",
    "‘": "['‘’]",
    "’": "['‘’]",
    "-": "[-‐‑–—]",
    "–": "[-‐‑–—]",
    "—": "[-‐‑–—]",
    "…": r"(?:…|\.\.\.)",
}


class QuoteNotFound(ReaderError):
    """The words are not in the article, or are in it more than once with no choice made."""


def quote_pattern(exact: str) -> re.Pattern[str]:
    """A pattern matching `exact` with any spacing, quote style or dash style."""
    parts: list[str] = []
    for word in exact.split():
        parts.append("".join(_EQUIVALENT.get(char, re.escape(char)) for char in word))
    return re.compile(r"\s+".join(parts))


def locate_quote(text: str, exact: str, occurrence: int | None = None) -> tuple[int, int]:
    """The (start, end) of `exact` in `text`; `occurrence` (1-based) picks one of several.

    Raises:
        QuoteNotFound: the words are empty, absent, present several times without
            `occurrence`, or present fewer times than `occurrence`.
    """
    if not exact.split():
        raise QuoteNotFound("Give the words to highlight.")
    matches = list(quote_pattern(exact).finditer(text))
    shown = " ".join(exact.split())
    if len(shown) > 60:
        shown = shown[:59] + "…"
    if not matches:
        raise QuoteNotFound(f"“{shown}” is not in the article.")
    if occurrence is None:
        if len(matches) > 1:
            raise QuoteNotFound(
                f"“{shown}” is in the article {len(matches)} times; "
                f"choose one with --occurrence 1 to {len(matches)}."
            )
        occurrence = 1
    if not 1 <= occurrence <= len(matches):
        raise QuoteNotFound(
            f"“{shown}” is in the article {len(matches)} "
            f"{'time' if len(matches) == 1 else 'times'}, so there is no occurrence {occurrence}."
        )
    match = matches[occurrence - 1]
    return match.start(), match.end()
