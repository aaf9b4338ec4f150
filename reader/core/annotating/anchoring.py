"""Re-anchoring highlights after a document's text has changed.

A highlight is stored with its offsets and its quote (the exact text with up to
`CONTEXT_CHARS` of prefix and suffix, a W3C TextQuoteSelector; see `annotations`). When a
document comes back with different text, each highlight is placed again in the new text,
trying the ways Hypothesis's client tries its selectors, cheapest and surest first:

1. **position**: the old range is carried through a diff of the two texts (`TextMap`), moving
   with the unchanged text at its start or at its end, and the exact text is there. With the
   prefix and suffix unchanged too this is the fast path almost every highlight takes after
   a small edit (a few microseconds); with them changed, the place must still score well
   enough (below). The diff decides between occurrences whose contexts are equally good.
2. **exact text** ("exact" or "context"): the occurrences of the exact text, nearest to the
   carried position first (and, for a very common quote, farther ones that keep part of
   their context), each scored on how well its surroundings agree with the stored prefix
   and suffix. A quote that occurs once is "exact"; one picked among several is "context".
   A quote that began or ended with a whole word is not looked for inside longer words.
3. **fuzzy**: text like the quote but not equal to it. Where the diff carries the old range,
   and an alignment of prefix + exact + suffix against the new text around there; failing
   those, for a passage that moved as well as changed, alignments at places where its
   distinctive words turn up. Bounds never split an accented letter or an emoji sequence.
4. **orphan**: nothing scored well enough. The highlight keeps its quote and note and is
   reported as lost rather than moved.

Every candidate, however found, is scored by `score_at` (`scoring`: the quote and each
context, a context crossing a paragraph break compared up to the break) and must clear both
`ANCHOR_THRESHOLD` (the evidence as a whole) and `QUOTE_THRESHOLD` (the text found must
itself resemble the quote); among those that do, the best score wins and nearness to the
carried position only breaks ties. A candidate the diff traces to another passage of the old
text, when the highlight's own text is gone, is never taken however alike (`FOREIGN_RUN`): a
sentence repeated with a figure changed is not the highlighted one.

What is taken is never passed off as the person's words: a placement on text unlike the
quote is "fuzzy", and the store keeps the quote and marks the highlight "moved, please
check" (`versions`). The thresholds are set from a measured table of right and wrong
placements and needless orphans (`benchmarks/bench_reanchor_accuracy.py`, BENCHMARKS.md).

Speed. The diff is `textmap.TextMap`, which stays fast on a 3 MB book by matching lines,
sentences and words before characters (see that module). Searches of the whole new text cost
about 2 ms each on a book, so once a batch has made `INDEX_AFTER` of them it builds a word
index and looks words up instead; the results are the same either way.
`benchmarks/bench_anchoring.py` measures it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from reader.core.annotating.scoring import (
    score_at as score_at,  # re-exported: tests and callers score places with it
)
from reader.core.annotating.textmap import (
    TextMap as TextMap,  # re-exported: the benchmark and callers carrying offsets use it
)
from reader.core.annotating.textmap import equal_runs
from reader.core.model.annotations import CONTEXT_CHARS, Highlight

AnchorMethod = Literal["position", "exact", "context", "fuzzy", "orphan"]
"""How a highlight was placed in the new text (see the module docstring)."""

ANCHOR_THRESHOLD = 0.6
"""The lowest `score_at` a candidate may have to be taken rather than leaving an orphan.

The score weighs the quote at twice its length (at least the context width, normally
`CONTEXT_CHARS`) against the two contexts at the context width each, every part
chance-corrected (`CHANCE_SIMILARITY`: unrelated English text scores about 0, not the 0.3–0.5
raw similarity it reaches). 0.6 accepts:

- the exact quote with one context intact, however short the quote (0.67): an edit right
  beside a highlight, or a paragraph that moved with the highlight at its start;
- the exact quote with neither context, once it is 48 characters or longer (a verbatim
  passage that long is the same passage);
- a short quote whose sentence was partly rewritten around it, the rest of the context still
  agreeing (0.6 to 0.65);
- a quote with a word changed whose contexts still agree (about 0.85 to 0.9).

It rejects a short quote found only as bare text with different surroundings (0.33 for a
phrase such as "the war" elsewhere in the book) and similar-but-different text with unrelated
surroundings (0.57 for a 100-character sentence 85 % alike).

Set from a measured table (`benchmarks/bench_reanchor_accuracy.py --sweep`, BENCHMARKS.md):
on 12,000 highlights of real prose after real-shaped edits, 0.65 left 16 highlights whose
text was untouched as needless orphans and 0.6 leaves 5, with no more wrong placements
(9 marked moved, 4 shown exact, at either); 0.55 leaves 3 but places one more wrongly.
"""

QUOTE_THRESHOLD = 0.65
"""The lowest similarity (rapidfuzz Indel, 0..1) between the stored quote and the text found.

Without it a highlight whose words were replaced outright would follow its unchanged context
onto the new words. Unrelated text of the same length scores about 0.4; one changed word in
a sentence about 0.9 ("stop the shelling" against "halt the shelling": 0.82); a highlight
that lost half its text 0.67, and is placed on what is left of it.

Whatever it admits below 1.0 is marked "moved, please check" and keeps the person's quote,
so a lower value costs a check, not a silent change. Measured (see `ANCHOR_THRESHOLD`): from
0.75 to 0.65, 118 more edited highlights (of 675) are placed over what is left of them, and
2 fewer wrongly (11 to 9); 0.6 places 10 more with the same 9 wrong, so the higher of the two
is kept as a margin.
"""

NEARNESS_WEIGHT = 0.01
"""How much nearness to the carried position counts when ranking candidates.

It only orders candidates whose scores are (almost) equal, such as a phrase repeated with the
same context; it never lifts a candidate over the thresholds, since a passage that moved far
with its context intact is as certain as one that stayed."""

OCCURRENCE_LIMIT = 64
"""How many occurrences of the exact text, nearest first, are scored; beyond that, only those
that keep part of their context are looked for."""

SEED_LIMIT = 4
"""How many distinctive words of a quote are looked up to find a passage that moved and changed."""

SEED_HIT_LIMIT = 8
"""A seed word that occurs more often than this says nothing about where the passage went."""

SEED_WINDOWS = 3
"""How many places found through seed words are aligned against the quote."""

FOREIGN_RUN = 16
"""An unchanged run of the diff at least this long says which old text the new text there
is. When the highlight's own text is gone (not a third of it survives in such runs), a
candidate more than half made of runs from elsewhere in the old text is another passage that
was there all along (a sentence repeated with a figure changed, a phrase that occurs twice),
not the highlighted one, however alike: it is not taken (unless `FOREIGN_MARGIN` says the
diff was fooled). Shorter runs are left out, since a character diff of rewritten text matches
a few letters by chance. On the corpus of `benchmarks/bench_reanchor_accuracy.py` this rule
turns 249 wrong placements of 12,000 (75 of them shown as exact) into 13 (4); runs of 8
would leave 16."""

FOREIGN_MARGIN = 0.2
"""How much better a candidate traced to other old text must score now than that old text
scored where it was, for the tracing to be doubted. In text that repeats itself ("aaaa…",
"war war war …") the diff may pair the copies the other way round; a copy whose surroundings
now agree with the highlight's far better than they did is then taken for it after all. On
the corpus of `benchmarks/bench_reanchor_accuracy.py`, 0.2 leaves 13 wrong placements of
12,000, 0.1 leaves 18 and 0 leaves 29, with no fewer needless orphans."""

INDEX_AFTER = 32
"""After this many searches of the whole new text, a batch builds a word index of it instead
(about 0.4 s for a 3 MB book, against about 2 ms for each search it replaces)."""

INDEX_WORD_LIMIT = 2_000
"""A word found more often than this is checked faster by scanning the text (about 2 ms) than
by checking each place the index lists (about 0.3 µs each)."""

_WORD = re.compile(r"\w+")
_ZERO_WIDTH_JOINER = "\u200d"


@dataclass(frozen=True, slots=True)
class Selector:
    """Where a highlight was in the old text: offsets and the quote with its context."""

    start: int
    end: int
    exact: str
    prefix: str = ""
    suffix: str = ""

    @classmethod
    def of(cls, highlight: Highlight) -> Selector:
        """The selector stored with a highlight."""
        quote = highlight.quote
        return cls(highlight.start, highlight.end, quote.exact, quote.prefix, quote.suffix)

    @classmethod
    def unplaced(cls, highlight: Highlight) -> Selector:
        """A highlight's quote without a position (`start` and `end` -1): for an orphan,
        whose offsets belong to an earlier text than the one being re-anchored from."""
        quote = highlight.quote
        return cls(-1, -1, quote.exact, quote.prefix, quote.suffix)

    @property
    def positioned(self) -> bool:
        """True when `start`/`end` are offsets into the old text."""
        return self.start >= 0


@dataclass(frozen=True, slots=True)
class Anchoring:
    """Where a highlight lies in the new text, or that it could not be placed."""

    start: int | None
    """Offset in the new text; None for an orphan."""
    end: int | None
    """End offset (exclusive) in the new text; None for an orphan."""
    method: AnchorMethod
    """Which step placed it (see the module docstring)."""
    score: float
    """Confidence, 0..1 (`score_at`): 1.0 when the quote and both contexts are unchanged."""

    @property
    def orphaned(self) -> bool:
        """True when the highlight could not be placed."""
        return self.start is None


ORPHAN = Anchoring(None, None, "orphan", 0.0)
"""The result for a highlight that could not be placed."""


def reanchor(old_text: str, new_text: str, selector: Selector | Highlight) -> Anchoring:
    """Place one highlight of `old_text` in `new_text`.

    For several highlights of the same document use `reanchor_all`, which diffs once.
    """
    return Anchorer(old_text, new_text).anchor(selector)


def reanchor_all(
    old_text: str, new_text: str, selectors: Iterable[Selector | Highlight]
) -> list[Anchoring]:
    """Place every highlight of `old_text` in `new_text`, in the order given.

    The diff is computed once; each result is the same as `reanchor` would give alone.
    """
    anchorer = Anchorer(old_text, new_text)
    return [anchorer.anchor(selector) for selector in selectors]


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    score: float
    similarity: float
    rank: tuple[float, int, int]
    foreign: bool = False
    """The diff says this is another passage of the old text (see `FOREIGN_RUN`)."""
    unaided: float = 1.0
    """The score without the credit for paragraph breaks, when that credit cannot count
    (see `Anchorer._repeated`)."""

    @property
    def acceptable(self) -> bool:
        return (
            not self.foreign
            and min(self.score, self.unaided) >= ANCHOR_THRESHOLD
            and self.similarity >= QUOTE_THRESHOLD
        )


class Anchorer:
    """Re-anchors selectors of one old text into one new text, diffing the texts once."""

    def __init__(self, old_text: str, new_text: str) -> None:
        self.old_text = old_text
        """The text the selectors were made on."""
        self.new_text = new_text
        """The text to place them in."""
        self.text_map = TextMap.between(old_text, new_text)
        """The diff from old to new."""
        self._searches = 0
        self._index: dict[str, list[int]] | None = None
        self._repeated = False
        """Whether the quote being placed occurs more than once in the new text. A paragraph
        break says that a passage is a paragraph, not which of several alike it is: a
        heading such as "CHAPTER XIII" or a line such as "“Yes.”" repeated in a book must be
        told apart by its words, so the credit for breaks (`scoring.PARAGRAPH_CREDIT`) does
        not count for it."""

    def anchor(self, selector: Selector | Highlight) -> Anchoring:
        """Place one selector in the new text (see the module docstring for the steps)."""
        quote = Selector.of(selector) if isinstance(selector, Highlight) else selector
        exact, new_text = quote.exact, self.new_text
        if not exact:
            return ORPHAN
        expected = self.text_map.offset(quote.start, "start")
        expected_end = self.text_map.offset(max(quote.end, quote.start), "end")
        length = len(exact)

        # 1. By position: the quote moved with the unchanged text at its start or its end.
        carried = self.text_map.carried(quote.start, quote.end)
        for start in carried:
            if new_text.startswith(exact, start) and self._context_intact(
                quote, start, start + length
            ):
                return Anchoring(start, start + length, "position", 1.0)  # most stop here
        whole_start, whole_end = _whole_word_edges(quote)
        self._repeated = not self._occurrences(exact, expected, 1, (whole_start, whole_end))[1]
        # With its context changed it is still taken if the surroundings agree well enough.
        # The diff is what says that this occurrence, not another with a context as good,
        # is the one that was highlighted. Its characters were not edited, so it is kept even
        # if an edit beside it joined its last word to the next ("war" in "warship").
        if quote.start >= 0 and self.old_text[quote.start : quote.end] == exact:
            here = _best(
                [
                    candidate
                    for start in carried
                    if new_text.startswith(exact, start)
                    and (
                        candidate := self._candidate(
                            quote, start, start + length, expected, whole_words=False
                        )
                    )
                    and candidate.end - candidate.start == length  # no character was split
                ]
            )
            if here is not None:
                return Anchoring(here.start, here.end, "position", round(here.score, 4))

        # 2. By exact text: nearest occurrences, then farther ones that keep some context.
        # A quote that began (or ended) with a whole word is not looked for inside a longer
        # one: "war" is not found in "toward".
        found, complete = self._occurrences(
            exact, expected, OCCURRENCE_LIMIT, (whole_start, whole_end)
        )
        starts = set(found)
        if not complete:
            width = CONTEXT_CHARS // 2
            before, after = quote.prefix[-width:], quote.suffix[:width]
            for needle, lead, edges in (
                (quote.prefix + exact + quote.suffix, len(quote.prefix), (False, False)),
                (before + exact, len(before), (False, whole_end)),
                (exact + after, 0, (whole_start, False)),
            ):
                if needle != exact:
                    more, _ = self._occurrences(needle, expected - lead, OCCURRENCE_LIMIT, edges)
                    starts.update(position + lead for position in more)
        candidates = [self._candidate(quote, start, start + length, expected) for start in starts]
        best = _best(candidates)
        if best is not None and best.score >= 1.0:
            return self._result(best, exact, expected, complete and len(found) == 1)

        # 3a. Fuzzy, where the diff carries the old range.
        if expected_end > expected:
            candidates.append(self._candidate(quote, expected, expected_end, expected))
        local = self._aligned(quote, expected, expected)
        if local is not None:
            candidates.append(local)
        best = _best(candidates)
        if best is None:
            # 3b. Fuzzy, anywhere: the passage may have moved as well as changed.
            candidates.extend(self._moved(quote, expected))
            best = _best(candidates)
        if best is None:
            return ORPHAN
        return self._result(best, exact, expected, complete and len(found) == 1)

    def _result(self, best: _Candidate, exact: str, expected: int, unique: bool) -> Anchoring:
        if self.new_text[best.start : best.end] != exact:
            method: AnchorMethod = "fuzzy"
        elif best.start == expected:
            method = "position"
        else:
            method = "exact" if unique else "context"
        return Anchoring(best.start, best.end, method, round(best.score, 4))

    def _context_intact(self, quote: Selector, start: int, end: int) -> bool:
        width = max(len(quote.prefix), len(quote.suffix))
        new_text = self.new_text
        return (
            new_text[max(0, start - width) : start] == quote.prefix
            and new_text[end : end + width] == quote.suffix
        )

    def _candidate(
        self, quote: Selector, start: int, end: int, expected: int, *, whole_words: bool = True
    ) -> _Candidate:
        """Score `start:end`, first widened to whole characters and (with `whole_words`, at
        an end where the quote had a whole word) to whole words."""
        edges = _whole_word_edges(quote) if whole_words else (False, False)
        start, end = _whole_characters(self.new_text, start, end, *edges)
        score, similarity = score_at(quote, self.new_text, start, end)
        distance = abs(start - expected)
        nearness = NEARNESS_WEIGHT * min(1.0, distance / max(len(self.new_text), 1))
        rank = (score - nearness, -distance, -start)
        foreign = self._foreign(quote, start, end, score)
        unaided = (
            score_at(quote, self.new_text, start, end, paragraphs=False)[0]
            if self._repeated
            else score
        )
        return _Candidate(start, end, score, similarity, rank, foreign, unaided)

    def _foreign(self, quote: Selector, start: int, end: int, score: float) -> bool:
        """True when the diff says the highlight's own text is gone (not a third of it
        survives anywhere) and more than half of `start:end` is unchanged text from
        elsewhere in the old text, which already looked as much like the highlight there
        (see `FOREIGN_RUN` and `FOREIGN_MARGIN`).

        Only when its own text is gone: passages alike enough can be matched to each other
        by the diff, so text traced elsewhere is no proof while the highlight's own words
        still have a place in the new text. Never for a selector without a position: nothing
        says where its own text was."""
        if not quote.positioned:
            return False
        if 3 * self.text_map.kept(quote.start, quote.end, FOREIGN_RUN) > quote.end - quote.start:
            return False
        sources = self.text_map.sources(start, end, FOREIGN_RUN)
        elsewhere, shift, longest = 0, 0, 0
        for (old_start, old_end), new_start in sources:
            own = max(0, min(old_end, quote.end) - max(old_start, quote.start))
            elsewhere += old_end - old_start - own
            if old_end - old_start > longest:
                shift, longest = old_start - new_start, old_end - old_start
        if 2 * elsewhere <= end - start:
            return False
        # Where it came from, did it already look as much like the highlight? If it looks
        # far more like it now, the diff may have paired repeated text the other way round.
        before = score_at(quote, self.old_text, max(0, start + shift), end + shift)[0]
        return score <= before + FOREIGN_MARGIN

    def _aligned(self, quote: Selector, quote_start: int, expected: int) -> _Candidate | None:
        """Align prefix + exact + suffix against the new text around `quote_start`.

        The quote's bounds are carried through the alignment, as offsets are through the
        diff of the whole text, then widened to whole characters as a reader sees them.
        """
        prefix, exact, suffix = quote.prefix, quote.exact, quote.suffix
        slack = max(8, len(exact) // 4)
        window_start = max(0, quote_start - len(prefix) - slack)
        window_end = min(len(self.new_text), quote_start + len(exact) + len(suffix) + slack)
        if window_end <= window_start:
            return None
        window = self.new_text[window_start:window_end]
        passage = prefix + exact + suffix
        alignment = TextMap(equal_runs(passage, window), len(passage), len(window))
        start = window_start + alignment.offset(len(prefix), "start")
        end = window_start + alignment.offset(len(prefix) + len(exact), "end")
        if end <= start:
            return None
        return self._candidate(quote, start, end, expected)

    def _moved(self, quote: Selector, expected: int) -> list[_Candidate]:
        """Candidates for a passage that moved and changed, found through its rarer words."""
        votes: dict[int, int] = {}
        for seed, offset in _seeds(quote):
            found, complete = self._occurrences(seed, expected + offset, SEED_HIT_LIMIT)
            if not complete:
                continue
            for position in found:
                votes[position - offset] = votes.get(position - offset, 0) + 1
        places = [
            place
            for place in _clusters(votes, max(16, len(quote.exact) // 4))
            if place[1] != expected  # aligned there already
        ]
        places.sort(key=lambda place: (-place[0], abs(place[1] - expected), place[1]))
        candidates = []
        for _, place in places[:SEED_WINDOWS]:
            candidate = self._aligned(quote, place, expected)
            if candidate is not None:
                candidates.append(candidate)
        return candidates

    def _occurrences(
        self, needle: str, near: int, limit: int, edges: tuple[bool, bool] = (False, False)
    ) -> tuple[list[int], bool]:
        """The `limit` occurrences of `needle` in the new text nearest to `near`.

        Args:
            edges: whether an occurrence must start, and end, at a word boundary.

        Returns:
            `(starts, complete)`, nearest first; `complete` is True when there are no others.
            The same whether found by scanning or through the word index.
        """
        text = self.new_text
        near = min(max(near, 0), len(text))
        accept = _edge_check(text, len(needle), *edges)
        word = self._index_word(needle, *edges) if self._index_ready() else None
        if word is not None and self._index is not None:
            word_start, word_text = word
            found = [
                start
                for position in self._index.get(word_text, ())
                if (start := position - word_start) >= 0
                and text.startswith(needle, start)
                and (accept is None or accept(start))
            ]
        else:
            self._searches += 1
            found = _scan(text, needle, near, limit + 1, accept)
        found.sort(key=lambda start: (abs(start - near), start))
        return found[:limit], len(found) <= limit

    def _index_ready(self) -> bool:
        """Build the word index once whole-text scans have become the slow part."""
        if self._index is None and self._searches >= INDEX_AFTER:
            index: dict[str, list[int]] = {}
            for match in _WORD.finditer(self.new_text):
                index.setdefault(match.group(), []).append(match.start())
            self._index = index
        return self._index is not None

    def _index_word(
        self, needle: str, whole_start: bool, whole_end: bool
    ) -> tuple[int, str] | None:
        """The rarest word that every wanted occurrence of `needle` has whole, with its offset
        in it: one inside it, or at an end that must be a word boundary. None when there is
        none, or when it is so common that scanning is quicker."""
        assert self._index is not None
        best: tuple[int, int, str] | None = None
        for match in _WORD.finditer(needle):
            if (match.start() == 0 and not whole_start) or (
                match.end() == len(needle) and not whole_end
            ):
                continue
            count = len(self._index.get(match.group(), ()))
            if best is None or count < best[0]:
                best = (count, match.start(), match.group())
        if best is None or best[0] > INDEX_WORD_LIMIT:
            return None
        return best[1], best[2]


def _best(candidates: Sequence[_Candidate]) -> _Candidate | None:
    acceptable = [candidate for candidate in candidates if candidate.acceptable]
    return max(acceptable, key=lambda candidate: candidate.rank, default=None)


def _scan(
    text: str, needle: str, near: int, limit: int, accept: Callable[[int], bool] | None
) -> list[int]:
    """Up to `limit` accepted occurrences of `needle` starting at or after `near`, and up to
    `limit` before it (overlapping ones included)."""
    found: list[int] = []
    position = text.find(needle, near)
    while position >= 0 and len(found) < limit:
        if accept is None or accept(position):
            found.append(position)
        position = text.find(needle, position + 1)
    before = 0
    end = near + len(needle) - 1
    while before < limit and end >= len(needle):
        position = text.rfind(needle, 0, end)
        if position < 0:
            break
        if accept is None or accept(position):
            found.append(position)
            before += 1
        end = position + len(needle) - 1
    return found


def _is_word(char: str) -> bool:
    """True for a character of a word as regular expressions' \\w sees it."""
    return char.isalnum() or char == "_"


def _whole_word_edges(quote: Selector) -> tuple[bool, bool]:
    """Whether the quote starts, and ends, with a word that was whole in the old text."""
    exact = quote.exact
    starts_whole = _is_word(exact[0]) and not (quote.prefix and _is_word(quote.prefix[-1]))
    ends_whole = _is_word(exact[-1]) and not (quote.suffix and _is_word(quote.suffix[0]))
    return starts_whole, ends_whole


def _edge_check(
    text: str, length: int, whole_start: bool, whole_end: bool
) -> Callable[[int], bool] | None:
    """A test that an occurrence of `length` characters at a position starts (and ends) at a
    word boundary, as asked; None when nothing is asked."""
    if not (whole_start or whole_end):
        return None

    def accept(start: int) -> bool:
        end = start + length
        return (not whole_start or start == 0 or not _is_word(text[start - 1])) and (
            not whole_end or end >= len(text) or not _is_word(text[end])
        )

    return accept


def _seeds(quote: Selector) -> list[tuple[str, int]]:
    """Distinctive pieces of a quote to look for, each with its offset from the quote's start.

    Whole words of four or more characters (with the characters either side, so a word
    index can find them), from the quote first and longest first; for text without such
    words (CJK runs, numbers) pieces of eight characters instead.
    """
    passage = quote.prefix + quote.exact + quote.suffix
    lead = len(quote.prefix)
    quote_end = lead + len(quote.exact)
    words: list[tuple[bool, int, int, int]] = []
    for match in _WORD.finditer(passage):
        start, end = match.span()
        if start == 0 or end == len(passage) or not 4 <= end - start <= 40:
            continue
        outside = start < lead or end > quote_end
        words.append((outside, start - end, start, end))
    words.sort()
    seeds = [
        (passage[start - 1 : end + 1], start - 1 - lead) for _, _, start, end in words[:SEED_LIMIT]
    ]
    if len(seeds) < 2 and len(quote.exact) >= 16:
        step = max(8, len(quote.exact) // SEED_LIMIT)
        for offset in range(0, len(quote.exact) - 7, step)[:SEED_LIMIT]:
            seeds.append((quote.exact[offset : offset + 8], offset))
    return seeds


def _clusters(votes: dict[int, int], spread: int) -> list[tuple[int, int]]:
    """Group implied quote starts lying within `spread` of each other: `(votes, start)`, the
    start being the most voted in its group."""
    groups: list[tuple[int, int]] = []
    current: list[tuple[int, int]] = []
    for start in sorted(votes):
        if current and start - current[-1][0] > spread:
            groups.append(_summary(current))
            current = []
        current.append((start, votes[start]))
    if current:
        groups.append(_summary(current))
    return groups


def _summary(group: list[tuple[int, int]]) -> tuple[int, int]:
    start, _ = max(group, key=lambda item: (item[1], -item[0]))
    return sum(count for _, count in group), start


def _joins(char: str) -> bool:
    """True for characters that belong to the one before: combining marks, the zero-width
    joiner, variation selectors and emoji skin-tone modifiers (flags: `_inside_flag`)."""
    return (
        unicodedata.combining(char) != 0
        or char == _ZERO_WIDTH_JOINER
        or "\ufe00" <= char <= "\ufe0f"
        or "\U0001f3fb" <= char <= "\U0001f3ff"
    )


def _whole_characters(
    text: str, start: int, end: int, whole_start: bool, whole_end: bool
) -> tuple[int, int]:
    """Widen `start:end` so it does not split an accented letter or an emoji sequence, nor
    (at an end where the quote had a whole word) a word: a highlight of "war" does not
    become the start of "warship"."""
    while 0 < start < len(text) and (
        _joins(text[start])
        or text[start - 1] == _ZERO_WIDTH_JOINER
        or _inside_flag(text, start)
        or (whole_start and _is_word(text[start - 1]) and _is_word(text[start]))
    ):
        start -= 1
    while 0 < end < len(text) and (
        _joins(text[end])
        or text[end - 1] == _ZERO_WIDTH_JOINER
        or _inside_flag(text, end)
        or (whole_end and _is_word(text[end - 1]) and _is_word(text[end]))
    ):
        end += 1
    return start, end


def _inside_flag(text: str, offset: int) -> bool:
    """True when `offset` falls between the two regional indicators of a flag emoji."""
    if not (_is_regional_indicator(text[offset]) and _is_regional_indicator(text[offset - 1])):
        return False
    before = offset
    while before > 0 and _is_regional_indicator(text[before - 1]):
        before -= 1
    return (offset - before) % 2 == 1  # indicators pair up from the start of the run


def _is_regional_indicator(char: str) -> bool:
    return "\U0001f1e6" <= char <= "\U0001f1ff"
