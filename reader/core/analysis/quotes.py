"""Finding direct quotations by their marks, without the language pipeline.

Works on the canonical text paragraph by paragraph, so the result is exact character ranges.
Attribution (who said it) needs the parse and lives in `attribution.py`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from reader.core.analysis.lexicon import TITLE_SMALL_WORDS

OPENING_DOUBLE = "“„«"
CLOSING_DOUBLE = "”»"
STRAIGHT_DOUBLE = '"'

SCARE_MAX_WORDS = 2
"""A quoted term of one or two words holds a word at arm's length rather than reporting speech."""

_WORD = re.compile(r"\w+(?:[’'-]\w+)*")


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """Where a quotation is: `start`/`end` include the marks; `inner_*` exclude them."""

    start: int
    end: int
    inner_start: int
    inner_end: int

    def words(self, text: str) -> int:
        """How many words are quoted."""
        return len(_WORD.findall(text[self.inner_start : self.inner_end]))

    def is_statement(self, text: str) -> bool:
        """Whether the quote reports speech: three words or more, and not a title in
        Title Case ("Super Mario Run", "A Most Violent Year") in a sentence written in lower
        case, which names a work."""
        if self.words(text) <= SCARE_MAX_WORDS:
            return False
        if not is_title(text[self.inner_start : self.inner_end]):
            return True
        # In a headline every word is capitalised, quoted speech too: there only the
        # number of words tells. The words around are read within the line, and near the
        # quote only, so a line of thousands of quotes stays linear.
        line_start = text.rfind("\n", max(0, self.start - CONTEXT_CHARS), self.start) + 1
        line_start = max(line_start, self.start - CONTEXT_CHARS)
        line_end = text.find("\n", self.end, self.end + CONTEXT_CHARS)
        line_end = min(len(text), self.end + CONTEXT_CHARS) if line_end < 0 else line_end
        around = text[line_start : self.start] + " " + text[self.end : line_end]
        return not any(
            word[:1].islower() and word not in TITLE_SMALL_WORDS for word in _WORD.findall(around)
        )


CONTEXT_CHARS = 200
"""How far around a quote its line is read to tell a headline from a sentence."""

TITLE_MAX_WORDS = 10
"""The longest quoted run of capitalised words read as a title rather than speech."""


def is_title(quoted: str) -> bool:
    """Whether quoted words are a title: every word capitalised but the small ones, no
    sentence inside (no full stop, comma or question), and not shouted in capitals."""
    words = _WORD.findall(quoted)
    if not 1 <= len(words) <= TITLE_MAX_WORDS or quoted.isupper():
        return False
    if re.search(r"[.,;!?…]", quoted.rstrip(".")) or quoted.rstrip().endswith((",", "?", "!")):
        return False
    return words[0][:1].isupper() and all(
        word[:1].isupper() or word[:1].isdigit() or word.lower() in TITLE_SMALL_WORDS
        for word in words
    )


def find_quotes(text: str, paragraphs: Sequence[tuple[int, int]]) -> list[QuoteSpan]:
    """Every top-level double-quoted passage in `text`, in reading order.

    `paragraphs` are (start, end) ranges in reading order. A quote open at the end of a
    paragraph continues into the next when that paragraph opens with a quotation mark (the
    printers' convention for a speech over several paragraphs); otherwise it is closed at the
    paragraph's end, since a missing mark must not swallow the rest of the article.
    Quotation marks inside a quotation (single ones, or a second level) stay part of it.
    """
    quotes: list[QuoteSpan] = []
    open_at: int | None = None  # offset of the opening mark of the quote in progress
    depth = 0  # curly quotations open inside the one in progress
    last_end = 0  # end of the last paragraph that was inside the quote in progress
    for index, (start, end) in enumerate(paragraphs):
        if open_at is not None:
            first = _first_visible(text, start, end)
            if first is None or text[first] not in OPENING_DOUBLE + STRAIGHT_DOUBLE:
                quotes.append(_span(text, open_at, last_end, closed=False))
                open_at = None
            else:
                start = first + 1  # the reopening mark belongs to the running quote
        position = start
        while position < end:
            char = text[position]
            if open_at is None:
                if char in OPENING_DOUBLE or (
                    char == STRAIGHT_DOUBLE and _opens(text, position, start)
                ):
                    open_at, depth = position, 0
            elif char in CLOSING_DOUBLE or (
                char == STRAIGHT_DOUBLE and not _opens(text, position, start)
            ):
                if depth and char in CLOSING_DOUBLE:
                    depth -= 1  # the end of a quotation inside the quotation
                else:
                    quotes.append(_span(text, open_at, position + 1, closed=True))
                    open_at = None
            elif char in OPENING_DOUBLE and _is_nested_restart(text, open_at, position):
                # “A.” “B”: an opening mark right after a sentence end, with no closing one
                # in between, is the typo of a missing close; start a new quote rather than
                # nest for ever.
                quotes.append(
                    _span(text, open_at, _trim_end(text, open_at, position), closed=False)
                )
                open_at, depth = position, 0
            elif char in OPENING_DOUBLE:
                depth += 1  # “He told me “go home” and left”: a quotation inside one
            position += 1
        last_end = end
        if index == len(paragraphs) - 1 and open_at is not None:
            quotes.append(_span(text, open_at, end, closed=False))
            open_at = None
    return [quote for quote in quotes if quote.inner_end > quote.inner_start]


def _first_visible(text: str, start: int, end: int) -> int | None:
    for position in range(start, end):
        if not text[position].isspace():
            return position
    return None


def _opens(text: str, position: int, paragraph_start: int) -> bool:
    """Whether a straight double mark opens: at a paragraph start or after a space/bracket."""
    if position == paragraph_start:
        return True
    before = text[position - 1]
    return before.isspace() or before in "([{—–-/“‘"


def _is_nested_restart(text: str, open_at: int, position: int) -> bool:
    """An opening curly mark right after a sentence end inside an unclosed quote."""
    before = text[open_at + 1 : position].rstrip()
    return bool(before) and before[-1] in ".!?…" and text[position - 1].isspace()


def _trim_end(text: str, open_at: int, position: int) -> int:
    end = position
    while end > open_at + 1 and text[end - 1].isspace():
        end -= 1
    return end


def _span(text: str, start: int, end: int, *, closed: bool) -> QuoteSpan:
    inner_start = start + 1
    inner_end = end - 1 if closed else end
    while inner_end > inner_start and text[inner_end - 1].isspace():
        inner_end -= 1
    return QuoteSpan(start, end if closed else inner_end, inner_start, inner_end)


_SINGLE_QUOTED = re.compile(
    r"(?:^|(?<=[\s:(—–-]))([‘'])(?=[^\s'’])(.{1,240}?)(?<=[^\s‘])[’'](?=$|[\s,.;:!?)—–-])"
)
"""A quotation in single marks: opened after a space or colon, closed before one or a stop;
an apostrophe inside a word ("Mugabe's") neither opens nor closes one. At most 240 characters
long, so a line of a thousand stray marks costs a thousand short scans, not a million."""


def headline_quotes(text: str, headings: Sequence[tuple[int, int]]) -> list[QuoteSpan]:
    """Quotations in single marks in headlines and standfirsts, where papers put speech in
    single marks ("Snopes Fact-Checker: 'Are There Any Un-Angry Supporters?'"): three words
    or more, so a nickname or a term stays a term."""
    found: list[QuoteSpan] = []
    for start, end in headings:
        for match in _SINGLE_QUOTED.finditer(text, start, end):
            if len(_WORD.findall(match.group(2))) >= 3 and '"' not in match.group(2):
                found.append(QuoteSpan(match.start(1), match.end(), match.start(2), match.end(2)))
    return found
