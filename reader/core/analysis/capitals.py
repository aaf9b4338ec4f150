"""Words capitalised only because they start a sentence: "Gunmen opened fire", "Warmly,".

The model tags many a capitalised first word as a name, though its own tagger reads the word
as a common noun, an adverb or a verb (`RawMention.common_first`). Such a word that the article
capitalises nowhere but at the start of a sentence is a word, not a name; one it also
capitalises mid-sentence ("… said Fares") may be a name, and stays.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from reader.core.analysis.entities import RawMention

_CAPITALISED = re.compile(r"[A-Z][\w'’-]*")
_SENTENCE_END = frozenset(".!?:;\"“”'‘’()[]—–-•*#|")


def mid_sentence_capitals(text: str) -> frozenset[str]:
    """Every word the text capitalises somewhere other than at the start of a sentence."""
    found: set[str] = set()
    for match in _CAPITALISED.finditer(text):
        start = match.start()
        if start >= 2 and text[start - 1] == " " and text[start - 2] not in _SENTENCE_END:
            found.add(match.group())
    return frozenset(found)


def without_sentence_capitals(
    mentions: Sequence[RawMention], mid_sentence: frozenset[str]
) -> list[RawMention]:
    """The mentions but those of a common word capitalised only to start a sentence."""
    return [m for m in mentions if not (m.common_first and m.text not in mid_sentence)]
