"""How well a place in a new text agrees with a highlight's stored quote and context.

Split from `anchoring`, which takes or rejects each candidate place by these scores (see its
`ANCHOR_THRESHOLD` and `QUOTE_THRESHOLD`). Every part is chance-corrected, so that unrelated
text counts as no agreement at all; a context that crosses a paragraph break is also compared
up to the break, so that a paragraph that moved keeps its highlights.
"""

from __future__ import annotations

from typing import Protocol

from rapidfuzz.distance import Indel


class Quoted(Protocol):
    """A stored quote: the exact text with up to `CONTEXT_CHARS` of context either side."""

    @property
    def exact(self) -> str: ...

    @property
    def prefix(self) -> str: ...

    @property
    def suffix(self) -> str: ...


CHANCE_SIMILARITY = 0.4
"""The Indel similarity that unrelated text reaches by chance, counted as no agreement at all.

Random 32-character passages of War and Peace score 0.34 (median), 0.41 (90th percentile)
and 0.50 (99th). Indel similarity is harsh on shifted text (" by Monday, officials said"
against ", officials said late" is 0.69), so a higher zero point would discard much of what
an edited but recognisable context still says."""

PARAGRAPH_BREAK = "\n\n"
"""What separates paragraphs (blocks) in an article's canonical text."""

PARAGRAPH_CREDIT = 0.75
"""How far a paragraph break found where a stored context had one counts as agreement, for the
part of that context beyond the break. A paragraph that moved keeps its own first and last
words but not its neighbours', so a context crossing a break is compared up to it, and the
break itself stands for the rest: "“What?” asked the countess." at the end of a paragraph
that moved keeps its highlight. Less than full credit, since a break is less telling than the
words it stands for; and none for a quote found more than once, since a break cannot tell
which of two "“Yes.”" paragraphs is which (see `Anchorer._repeated`). On the corpus of
`benchmarks/bench_reanchor_accuracy.py`, no credit leaves 30 needless orphans of 12,000
highlights, 0.5 leaves 10, and 0.75 and 1.0 leave 5, none of them placing any more wrongly."""


def score_at(
    quote: Quoted, new_text: str, start: int, end: int, *, paragraphs: bool = True
) -> tuple[float, float]:
    """How well `new_text[start:end]` and its surroundings agree with a stored quote.

    Returns:
        `(score, similarity)`: the score weighs the chance-corrected similarity of the quote
        (at twice its length, at least the context width) and of the text before and after it
        with the stored prefix and suffix (at the context width each); the similarity is
        that of the quote alone (rapidfuzz Indel, 0..1). Text at the start or end of the
        document counts as context: a quote that began the old text and begins the new
        one has a matching (empty) prefix. With `paragraphs` False, a context is compared
        as a whole only, without `PARAGRAPH_CREDIT`.
    """
    exact = quote.exact
    found = new_text[start:end]
    similarity = 1.0 if found == exact else Indel.normalized_similarity(exact, found)
    width = max(len(quote.prefix), len(quote.suffix))
    quote_weight = max(2 * len(exact), width, 1)
    evidence = quote_weight * _beyond_chance(similarity)
    if width:
        evidence += width * (
            _prefix_agreement(quote.prefix, new_text, start, width, paragraphs)
            + _suffix_agreement(quote.suffix, new_text, end, width, paragraphs)
        )
    return evidence / (quote_weight + 2 * width), similarity


def _prefix_agreement(
    stored: str, new_text: str, start: int, width: int, paragraphs: bool = True
) -> float:
    """How well the text before `start` agrees with a stored prefix: as a whole, or, when the
    prefix crosses a paragraph break, up to the break with a break there too (see
    `PARAGRAPH_CREDIT`); whichever is higher."""
    plain = _agreement(stored, new_text[max(0, start - width) : start])
    cut = stored.rfind(PARAGRAPH_BREAK)
    if cut < 0 or plain == 1.0 or not paragraphs:
        return plain
    inside = stored[cut + len(PARAGRAPH_BREAK) :]
    lead = start - len(inside)
    if lead < 0 or not (lead == 0 or new_text.endswith(PARAGRAPH_BREAK, 0, lead)):
        return plain
    return max(plain, _paragraph_agreement(stored, inside, new_text[lead:start]))


def _suffix_agreement(
    stored: str, new_text: str, end: int, width: int, paragraphs: bool = True
) -> float:
    """`_prefix_agreement` for the text after `end` and a stored suffix."""
    plain = _agreement(stored, new_text[end : end + width])
    cut = stored.find(PARAGRAPH_BREAK)
    if cut < 0 or plain == 1.0 or not paragraphs:
        return plain
    inside = stored[:cut]
    tail = end + len(inside)
    if not (tail == len(new_text) or new_text.startswith(PARAGRAPH_BREAK, tail)):
        return plain
    return max(plain, _paragraph_agreement(stored, inside, new_text[end:tail]))


def _paragraph_agreement(stored: str, inside: str, found: str) -> float:
    """The words of a context within its paragraph compared, the rest credited to the break."""
    within = _agreement(inside, found) if inside else 1.0
    return (len(inside) * within + (len(stored) - len(inside)) * PARAGRAPH_CREDIT) / len(stored)


def _beyond_chance(similarity: float) -> float:
    return max(0.0, (similarity - CHANCE_SIMILARITY) / (1.0 - CHANCE_SIMILARITY))


def _agreement(stored: str, found: str) -> float:
    if stored == found:
        return 1.0
    return _beyond_chance(Indel.normalized_similarity(stored, found))
