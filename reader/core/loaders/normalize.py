"""White space and control-character clean-up shared by every loader.

Article text is shown in a terminal, so it must never carry escape sequences or control
characters, and it must be stable: the same source always gives the same text, because
highlights point into it by offset. Prose blocks hold single spaces and no newlines; code
blocks keep their lines. `Parsed` is what each format's parser hands back to the dispatcher.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass

from reader.core.loaders.dates import printed_date
from reader.core.model.document import ArticleBuilder, BlockKind, Metadata, SpanKind

_LINE_ENDS = (("\r\n", "\n"), ("\r", "\n"), ("\x85", "\n"), ("\u2028", "\n"), ("\u2029", "\n\n"))
"""CRLF, lone CR, NEL and LINE SEPARATOR end a line; PARAGRAPH SEPARATOR ends a paragraph."""

_STRING_MAX = 4096
"""The longest OSC/DCS/APC/PM/SOS string stripped whole (a window title, a hyperlink)."""
_PARAMETERS_MAX = 32
"""The most parameter bytes a CSI sequence may have; real ones have a handful."""

_ESCAPE_RE = re.compile(
    rf"""
      (?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])      # OSC/DCS/SOS/PM/APC, 7- and 8-bit
        [^\x07\x1b\x9c\n]{{0,{_STRING_MAX}}} (?:\x07|\x1b\\|\x9c)   # ... up to BEL or ST
    | (?:\x1b\[|\x9b) [0-?]{{0,{_PARAMETERS_MAX}}} [ -/]{{0,4}} [@-~]   # CSI (colours, cursor)
    | \x1b [ -/]{{0,4}} [0-~]?                  # any other escape, with its final byte
    """,
    re.VERBOSE,
)
"""Escape sequences by their grammar, every part bounded. A string sequence is stripped only
with its terminator; an unterminated one (or an over-long one) loses only its introducer
(`ESC ]`: the last branch takes ESC and the `]`), so the text after it is never swallowed."""

_INTRODUCER_RE = re.compile("[\x1b\x90\x98\x9b\x9d\x9e\x9f]")

_DROP_RE = re.compile(
    # C0 controls except tab and newline, DEL and C1 controls; soft hyphen; zero-width space,
    # word joiner, BOM and Mongolian vowel separator; lone surrogates (no character at all,
    # and SQLite cannot store them) and the noncharacters U+FFFE and U+FFFF. ZWJ/ZWNJ stay:
    # emoji sequences and Persian or Indic words need them.
    "[\x00-\x08\x0e-\x1f\x7f-\x9f\u00ad\u180e\u200b\u2060\ufeff\ud800-\udfff\ufffe\uffff]"
)

_SPACE_RE = re.compile("[\x0b\x0c\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
"""Characters that look like a space (NBSP, thin, narrow, em spaces…) become a plain space."""

_WHITESPACE_RUN_RE = re.compile(r"[ \t\n]+")

RelativeSpans = tuple[tuple[SpanKind, int, int, str], ...]
"""Spans as `ArticleBuilder.add` takes them: (kind, start, end, href) relative to the block."""

CODE_TAB_SIZE = 4
"""Columns a tab stands for inside code, where alignment matters."""


_SPECIAL_RE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00a0\u00ad\u1680\u180e\u2000-\u200b\u2028\u2029"
    "\u202f\u205f\u2060\u3000\ufeff\ud800-\udfff\ufffe\uffff]"
)
"""Any character `clean` changes; most pieces of text have none."""


def clean(text: str) -> str:
    """Make text safe and uniform: LF line ends, no controls or escapes, plain spaces.

    Tabs and newlines are kept, since the loaders still need the line structure.
    """
    if not _SPECIAL_RE.search(text):
        return text
    for line_end, newline in _LINE_ENDS:
        text = text.replace(line_end, newline)
    if _INTRODUCER_RE.search(text):  # a quick test: the pattern is slow on long texts
        text = _ESCAPE_RE.sub("", text)
    text = _DROP_RE.sub("", text)
    return _SPACE_RE.sub(" ", text)


def collapse(text: str) -> str:
    """Prose block text from cleaned text: every white space run one space, ends stripped.

    After `clean` the only white space left is space, tab and newline, so `str.split`
    (much faster than a pattern on a whole book) splits exactly there.
    """
    return " ".join(text.split())


def code_block(text: str) -> str:
    """Code block text from raw text: lines kept, tabs expanded, common indent removed.

    Trailing spaces and blank lines at either end go, so the block is stable and never ends
    in a newline.
    """
    lines = [line.expandtabs(CODE_TAB_SIZE).rstrip(" ") for line in clean(text).split("\n")]
    return textwrap.dedent("\n".join(lines)).strip("\n")


class InlineText:
    """Builds one prose block from pieces, keeping span offsets exact while white space collapses.

    Each piece is cleaned and collapsed as it arrives, and a space that would follow another
    space (or start the block) is dropped there, so an offset taken with `mark()` between
    pieces is already an offset into the final text.
    """

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self._ends_with_space = True
        """True at the start too, so leading white space is dropped."""
        self._spans: list[tuple[SpanKind, int, int, str]] = []

    def append(self, raw: str) -> None:
        """Add a piece of raw text."""
        piece = clean(raw)
        # Most pieces have only single spaces: skip the pattern then (a second on a book).
        if "  " in piece or "\t" in piece or "\n" in piece:
            piece = _WHITESPACE_RUN_RE.sub(" ", piece)
        if self._ends_with_space and piece.startswith(" "):
            piece = piece[1:]
        if piece:
            self._parts.append(piece)
            self._length += len(piece)
            self._ends_with_space = piece.endswith(" ")

    def mark(self) -> int:
        """The offset where the next piece will start: where a span opens."""
        return self._length

    def add_span(self, kind: SpanKind, start: int, href: str = "") -> None:
        """Record a span from `start` (a `mark()`) to the current end."""
        self._spans.append((kind, start, self._length, href))

    def finish(self) -> tuple[str, RelativeSpans]:
        """The block text and its spans (relative offsets), trimmed of edge spaces."""
        text = "".join(self._parts)
        if text.endswith(" "):
            text = text[:-1]
        spans: list[tuple[SpanKind, int, int, str]] = []
        for kind, start, end, href in self._spans:
            end = min(end, len(text))
            while start < end and text[start] == " ":
                start += 1
            while end > start and text[end - 1] == " ":
                end -= 1
            if start < end:
                spans.append((kind, start, end, href))
        spans.sort(key=lambda span: (span[1], -span[2]))
        return text, tuple(spans)


@dataclass(frozen=True, slots=True)
class Parsed:
    """What a format's parser returns: the blocks, the metadata, and notices for the person."""

    builder: ArticleBuilder
    meta: Metadata
    notices: tuple[str, ...] = ()


def add_byline_blocks(builder: ArticleBuilder, author: str, published: str) -> None:
    """Add BYLINE ("By …") and DATELINE blocks from metadata, for formats whose byline and
    date live in metadata (front matter, meta tags) rather than in the text, so the reader
    shows them under the headline as it does for a plain-text story."""
    if author.strip():
        builder.add(BlockKind.BYLINE, collapse(f"By {author}"))
    printed = printed_date(published) if published else ""
    if printed:
        builder.add(BlockKind.DATELINE, printed)
