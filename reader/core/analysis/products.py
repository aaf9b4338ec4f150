"""A company's name before a product's: "Apple Watch", "Meta Quest Pro", "Ford Focus".

The model tags such names as the company or as a person. Over the whole document the first
word gives them away: it is an organisation the article names alone, and the words after it
do not say what kind of body it is ("Apple Inc.", "Ford Foundation", "BBC News" stay
organisations). Run before mentions are grouped.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from reader.core.analysis.entities import USE_WEIGHT, RawMention
from reader.core.analysis.lexicon import COMPANY_DESIGNATORS, ORG_HEADS, PLACE_HEADS
from reader.core.analysis.names import normal_form

ALONE_AT_LEAST = 2
"""How often a company must be named alone for its name to mark its products."""

_BODY_WORDS = (
    COMPANY_DESIGNATORS
    | ORG_HEADS
    | PLACE_HEADS
    | {"services", "labs", "studios", "research", "politics", "sports", "business", "health"}
    | {"europe", "asia", "africa", "america", "americas", "australia", "emea", "apac"}
)
"""Words after a company's name that make a body of it, a division or a desk, not a product."""


def with_products(mentions: Sequence[RawMention]) -> list[RawMention]:
    """The mentions, a company's product named after it relabelled a product."""
    companies = _companies_named_alone(mentions)
    places = {normal_form(m.text) for m in mentions if m.label in {"GPE", "LOC"}}
    # "said Márya Dmítrievna": a name used as only a person is is no product, whatever
    # the model made of "Márya" alone.
    people = {
        normal_form(m.text) for m in mentions if m.label == "PERSON" and m.weight >= USE_WEIGHT
    }
    for mention in mentions:
        words = mention.text.split()
        if (
            len(words) >= 2
            and normal_form(mention.text) not in people
            and mention.label in {"ORG", "PERSON", "GPE"}
            and normal_form(words[0]) in companies
            and all(word[:1].isupper() or word[:1].isdigit() for word in words[1:])
            and not any(normal_form(word) in _BODY_WORDS | places for word in words[1:])
        ):  # "AOL Europe", "IBM Research India": a company's arm in a place or a field
            mention.label = "PRODUCT"
    return list(mentions)


def _companies_named_alone(mentions: Sequence[RawMention]) -> frozenset[str]:
    """One-word names the model mostly tagged organisations, written alone often enough."""
    labels: dict[str, Counter[str]] = {}
    for mention in mentions:
        if " " not in mention.text:
            labels.setdefault(normal_form(mention.text), Counter())[mention.label] += 1
    return frozenset(
        name
        for name, tally in labels.items()
        if sum(tally.values()) >= ALONE_AT_LEAST and tally.most_common(1)[0][0] == "ORG"
    )
