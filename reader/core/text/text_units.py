"""Words, sentences and paragraphs of an article, by offset, for caret movement.

Vim-like motions need "where does the next word / sentence / paragraph start from here".
Boundaries are found with regular expressions over the canonical text; a block boundary
always ends a sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import cached_property

from reader.core.model.document import Article

WORD = re.compile(r"\w+(?:['’\-]\w+)*")
"""A word: letters or digits, with inner apostrophes or hyphens ("didn’t", "five-year-old")."""

ABBREVIATIONS = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "sr",
        "jr",
        "gen",
        "col",
        "lt",
        "sgt",
        "capt",
        "cmdr",
        "adm",
        "gov",
        "sen",
        "rep",
        "pres",
        "rev",
        "hon",
        "fr",
        "mt",
        "ft",
        "no",
        "vs",
        "etc",
        "inc",
        "ltd",
        "co",
        "corp",
        "dept",
        "univ",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "approx",
        "est",
        "fig",
        "vol",
        "ed",
        "eds",
        "al",
        "e.g",
        "i.e",
        "u.s",
        "u.k",
        "u.n",
        "a.m",
        "p.m",
    }
)
"""Words whose trailing period does not end a sentence ("Mr. Kerry", "the U.S. said")."""

_SENTENCE_END = re.compile(
    r"""[.!?…]+            # the end mark(s)
        ['"’”»)\]]*        # closing quotes or brackets that belong to the sentence
        (?=\s+['"‘“«(\[]*[\w])   # then space and the start of the next sentence
    """,
    re.VERBOSE,
)


def _is_abbreviation(text: str, mark: int) -> bool:
    """True when the period at `mark` closes an abbreviation or an initial ("J. Smith")."""
    if text[mark] != ".":
        return False
    start = mark
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] == "."):
        start -= 1
    word = text[start:mark].lower()
    if not word:
        return False
    # A single capital letter is an initial; a dotted run like "U.S" is an abbreviation.
    return word in ABBREVIATIONS or len(word) == 1 or "." in word


class TextUnits:
    """Word, sentence and paragraph starts of one article, computed once and searched fast."""

    def __init__(self, article: Article) -> None:
        self.article = article

    @cached_property
    def _words(self) -> tuple[list[int], list[int]]:
        starts: list[int] = []
        ends: list[int] = []
        for match in WORD.finditer(self.article.text):
            starts.append(match.start())
            ends.append(match.end())
        return starts, ends

    @property
    def word_starts(self) -> list[int]:
        """The offset of every word's first character, ascending."""
        return self._words[0]

    @property
    def word_ends(self) -> list[int]:
        """The offset just past every word, ascending."""
        return self._words[1]

    @cached_property
    def sentence_starts(self) -> list[int]:
        """The offset of every sentence's first character, ascending."""
        text = self.article.text
        starts: list[int] = []
        for block in self.article.blocks:
            starts.append(block.start)
            for match in _SENTENCE_END.finditer(text, block.start, block.end):
                if _is_abbreviation(text, match.start()):
                    continue
                following = match.end()
                while following < block.end and text[following].isspace():
                    following += 1
                if following < block.end:
                    starts.append(following)
        return starts

    @cached_property
    def _words_before_block(self) -> list[int]:
        """Running word counts at each block's start, counted by spaces (cheap on a book)."""
        counts = [0]
        text = self.article.text
        for block in self.article.blocks:
            words = text.count(" ", block.start, block.end) + 1
            counts.append(counts[-1] + words)
        return counts

    def words_after(self, offset: int) -> int:
        """About how many words follow `offset`: for a reading-time estimate, not for motion.

        Counted from spaces per block rather than with the word pattern, so the first screen
        of a whole book does not wait for every word of it to be found.
        """
        counts = self._words_before_block
        index = bisect_right(self.paragraph_starts, offset) - 1
        if index < 0:
            return counts[-1]
        block = self.article.blocks[index]
        inside = self.article.text.count(" ", offset, block.end) + (offset < block.end)
        return inside + counts[-1] - counts[index + 1]

    @cached_property
    def paragraph_starts(self) -> list[int]:
        """The start of every block, ascending."""
        return [block.start for block in self.article.blocks]

    @staticmethod
    def _next(starts: list[int], offset: int) -> int | None:
        index = bisect_right(starts, offset)
        return starts[index] if index < len(starts) else None

    @staticmethod
    def _previous(starts: list[int], offset: int) -> int | None:
        index = bisect_left(starts, offset) - 1
        return starts[index] if index >= 0 else None

    def next_word(self, offset: int) -> int:
        """The start of the word after the one at `offset` (or `offset` at the end)."""
        found = self._next(self.word_starts, offset)
        return offset if found is None else found

    def previous_word(self, offset: int) -> int:
        """The start of the word before `offset`, or of the word `offset` is inside."""
        found = self._previous(self.word_starts, offset)
        return offset if found is None else found

    def word_end(self, offset: int) -> int:
        """The end of the word at or after `offset`."""
        index = bisect_right(self.word_ends, offset)
        return self.word_ends[index] if index < len(self.word_ends) else len(self.article.text)

    def next_sentence(self, offset: int) -> int:
        """The start of the next sentence."""
        found = self._next(self.sentence_starts, offset)
        return offset if found is None else found

    def previous_sentence(self, offset: int) -> int:
        """The start of this sentence, or of the one before if already at a start."""
        found = self._previous(self.sentence_starts, offset)
        return offset if found is None else found

    def sentence_range(self, offset: int) -> tuple[int, int]:
        """The (start, end) of the sentence holding `offset`, trailing space excluded."""
        starts = self.sentence_starts
        index = max(bisect_right(starts, offset) - 1, 0)
        start = starts[index] if starts else 0
        block = self.article.block_at(start)
        limit = block.end if block is not None else len(self.article.text)
        end = starts[index + 1] if index + 1 < len(starts) else limit
        end = min(end, limit)
        while end > start and self.article.text[end - 1].isspace():
            end -= 1
        return start, end

    def next_paragraph(self, offset: int) -> int:
        """The start of the next block."""
        found = self._next(self.paragraph_starts, offset)
        return offset if found is None else found

    def previous_paragraph(self, offset: int) -> int:
        """The start of this block, or of the one before if already at a start."""
        found = self._previous(self.paragraph_starts, offset)
        return offset if found is None else found
