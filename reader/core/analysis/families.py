"""Members of a family the model mistyped, told by the surname they share with a person.

"Hori Parata" tagged an organisation beside "Te Kaurinui Robert Parata", a person: a first
name and a surname that a person in the same article has is another member of that family,
a father, a wife, a son. Read alone, the model often gets unfamiliar first names wrong
(Māori, Indonesian, Russian); over the document the shared surname gives them away. Run
before mentions are grouped, so the surname said alone can be shared out among them
(`entities._assign_shared_surnames`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from reader.core.analysis.entities import RawMention
from reader.core.analysis.lexicon import ORG_HEADS, PLACE_HEADS
from reader.core.analysis.names import normal_form, strip_title

RELABELLED = frozenset(["ORG", "GPE", "LOC", "FAC", "WORK_OF_ART", "PRODUCT"])
"""The model's labels a family member's full name is mended from."""

PLACE_FIRST_WORDS = frozenset(
    ["county", "fort", "port", "lake", "mount", "mt", "mt.", "cape", "saint", "st", "st.",
     "san", "santa", "new", "north", "south", "east", "west", "upper", "lower", "great",
     "little", "old", "camp", "glen", "point", "los", "las", "la", "el", "le"]
)  # fmt: skip
"""First words of places named after people ("County Kerry", "Fort Jackson", "Lake
Jackson"): such a name is no family member's."""


def with_family_members(mentions: Sequence[RawMention]) -> list[RawMention]:
    """The mentions, those of a mistyped family member's full name relabelled a person."""
    surnames = _surnames_of_people(mentions)
    for mention in mentions:
        if mention.label in RELABELLED and _a_family_member(mention.text, surnames):
            mention.label = "PERSON"
    return list(mentions)


def _surnames_of_people(mentions: Sequence[RawMention]) -> frozenset[str]:
    """The last words of the full names the model mostly tagged as people."""
    labels: dict[str, Counter[str]] = {}
    for mention in mentions:
        words = strip_title(mention.text).split()
        if len(words) >= 2:
            labels.setdefault(normal_form(mention.text), Counter())[mention.label] += 1
    return frozenset(
        name.split()[-1] for name, tally in labels.items() if tally.most_common(1)[0][0] == "PERSON"
    )


def _a_family_member(name: str, surnames: frozenset[str]) -> bool:
    """A name of two or three capitalised words, ending in a person's surname, that no word
    of a place or an organisation marks as one."""
    words = name.split()
    folded = normal_form(name).split()
    return (
        2 <= len(words) <= 3
        and len(folded) == len(words)
        and all(word[:1].isupper() and word.isalpha() for word in words)
        and folded[-1] in surnames
        and folded[0] not in PLACE_FIRST_WORDS
        and not any(word in ORG_HEADS or word in PLACE_HEADS for word in folded)
    )
