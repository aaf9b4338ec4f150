"""Names the model cuts short or misses: products with their model number ("iPhone 6",
"Boeing 737") and titles of works with a subtitle ("Civilization: Beyond Earth"), kept whole,
kind Other; the platforms everyone names ("Facebook first, or …"), which it often misses."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from reader.core.analysis.entities import USE_WEIGHT, RawMention
from reader.core.analysis.lexicon import ORG_HEADS, SOCIAL_NETWORKS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_MODEL = re.compile(r"^(?:[A-Z]{0,3}\d{1,4}[A-Za-z]{0,3}|[IVX]{1,4})$")
"""A model or version designation after a name: "6", "737", "810", "A320", "S7", "MH17"."""

_TITLE_WORD = r"(?:[A-Z0-9][\w'’&.-]*)"
_SMALL = r"(?:of|the|a|an|and|for|to)"
_SUBTITLED = re.compile(
    rf"(?<=[a-z,] )([A-Z][a-z][\w'’&.-]*(?: {_TITLE_WORD}){{0,3}}: {_TITLE_WORD}"
    rf"(?:(?: {_SMALL})* {_TITLE_WORD}){{0,6}})(?= (?!{_SMALL} )[a-z]|[,.;:)!?]|$)"
)
"""A title with a subtitle after a colon, inside a sentence: "released Civilization: Beyond
Earth on Friday"."""


def with_subtitled_works(text: str, offset: int, found: list[RawMention]) -> list[RawMention]:
    """Titles of works with a subtitle ("Civilization: Beyond Earth", "Chaos: Making a New
    Science") kept whole, kind Other, in place of the pieces the model found in them."""
    kept = list(found)
    for match in _SUBTITLED.finditer(text):
        title = match.group(1)
        if title.split(" ")[-1][:1].islower() or not _a_subtitle(title.split(": ", 1)[1]):
            continue
        start, end = offset + match.start(1), offset + match.end(1)
        if any(m.start < end and start < m.end and m.label == "PERSON" for m in kept):
            continue  # "said Smith: Talks …" is a person and what they said
        kept = [m for m in kept if not (m.start < end and start < m.end)]
        kept.append(RawMention(start, end, title, "WORK_OF_ART", USE_WEIGHT))
    return kept


_SENTENCE_OPENERS = frozenset(
    ["it", "it's", "it’s", "what", "how", "why", "when", "where", "who", "you", "you'll",
     "you’ll", "we", "i", "he", "she", "they", "this", "that", "there", "here"]
)  # fmt: skip
"""Words that open a sentence after a colon, not a subtitle ("Microsoft: It's betting")."""


def _a_subtitle(words: str) -> bool:
    """Whether the words after a colon can be a subtitle: not a sentence's opening ("It's",
    "What"), and more than function words ("Publishers: A fix")."""
    from spacy.lang.en.stop_words import STOP_WORDS

    split = words.split(" ")
    return split[0].lower() not in _SENTENCE_OPENERS and any(
        word.lower() not in STOP_WORDS for word in split
    )


_MONTHS = frozenset(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
)
"""A month's first three letters: "Nov. 28" is a date, not a model."""


def with_model_names(doc: Doc, offset: int, found: list[RawMention]) -> list[RawMention]:
    """Products and models named with their number kept whole, kind Other: "iPhone 6",
    "Boeing 737", "Snapdragon 810", "Airbus A320-200"; the name alone ("Boeing") stays
    whatever it was where it stands alone."""
    models: list[tuple[int, int]] = []
    tokens = list(doc)
    for index, token in enumerate(tokens[1:], start=1):
        before = tokens[index - 1]
        if not (
            _MODEL.match(token.text)
            and any(char.isdigit() for char in token.text)
            and before.pos_ == "PROPN"
            and before.text[:1].isalpha()
            and before.whitespace_ == " "
            and before.ent_type_ not in {"PERSON", "DATE", "TIME"}
            and token.ent_type_ not in {"DATE", "TIME"}
            and before.lower_.rstrip(".")[:3] not in _MONTHS
            and not re.fullmatch(r"1[89]\d\d|20\d\d", token.text)  # "Paris 2024" is a year
            and not (token.text.isdigit() and _counts_after(token))
            and not (token.text.isdigit() and _hyphen_digits_follow(tokens, index))
        ):
            continue  # ... nor "Chelsea 2-1", a score
        first = index - 1
        while first > 0 and tokens[first - 1].pos_ == "PROPN" and tokens[first - 1].whitespace_:
            first -= 1
        end = index + 1
        # "A320-200": a model's variant joined by a hyphen.
        while (
            end + 1 < len(tokens)
            and tokens[end].text == "-"
            and not tokens[end - 1].whitespace_
            and not tokens[end].whitespace_
            and _MODEL.match(tokens[end + 1].text)
        ):
            end += 2
        models.append((first, end))
    if not models:
        return found
    kept = list(found)
    for first, end in models:
        span = doc[first:end]
        start, stop = offset + span.start_char, offset + span.end_char
        if any(m.start < stop and start < m.end and m.label == "PERSON" for m in kept):
            continue  # "Smith 3": never a person's name made a product
        kept = [m for m in kept if not (m.start < stop and start < m.end)]
        kept.append(RawMention(start, stop, span.text, "PRODUCT", USE_WEIGHT))
    return kept


def _hyphen_digits_follow(tokens: Sequence[Token], index: int) -> bool:
    return (
        index + 2 < len(tokens)
        and tokens[index + 1].text in {"-", "–"}
        and tokens[index + 2].text.isdigit()
    )


def _counts_after(token: Token) -> bool:
    """Whether a number counts the noun after it ("Apple sold 6 phones")."""
    return token.dep_ == "nummod" and token.head.i > token.i and token.head.pos_ == "NOUN"


_PLATFORM = re.compile(
    r"(?<![\w@#.])("
    + "|".join(
        re.escape(name.title()).replace("\\ ", " ")
        for name in sorted(SOCIAL_NETWORKS - {"threads", "mastodon", "telegram"})
    )
    + r"|YouTube|TikTok|LinkedIn|WhatsApp|WeChat)(?![\w+])"
)
"""The platforms' own spellings; "Threads", "Mastodon" and "Telegram" are also common words."""


def with_platforms(text: str, offset: int, found: list[RawMention]) -> list[RawMention]:
    """Every platform named in a block, as an organisation, where the model found nothing:
    the small model misses "Facebook" at the start of a clause or in a "Follow us" line."""
    kept = list(found)
    for match in _PLATFORM.finditer(text):
        start, end = offset + match.start(1), offset + match.end(1)
        if not any(m.start < end and start < m.end for m in kept):
            kept.append(RawMention(start, end, match.group(1), "ORG"))
    return kept


_WEBSITE = re.compile(
    r"(?<![\w@/.-])(?:www\.)?([A-Za-z][A-Za-z0-9-]*(?:\.[A-Za-z][A-Za-z0-9-]*)*"
    r"\.(?:com|net|org|ly|io|co\.uk|tv|fm|news))(?![\w/@-]|\.[A-Za-z])"
)
"""A web site named by its address ("TheStreet.com", "LWN.net", "Parse.ly"); not an e-mail
address or a link with a path."""


def with_websites(text: str, offset: int, found: list[RawMention]) -> list[RawMention]:
    """Every web site named by its address, as an organisation, where the model found no
    name: the small model misses most of them, or cuts them at the dot."""
    kept = [m for m in found if not _inside_website(text, offset, m)]
    for match in _WEBSITE.finditer(text):
        start, end = offset + match.start(1), offset + match.end(1)
        if not any(m.start < end and start < m.end for m in kept):
            kept.append(RawMention(start, end, match.group(1), "ORG", USE_WEIGHT))
    return kept


def _inside_website(text: str, offset: int, mention: RawMention) -> bool:
    """A name the model cut from an address ("Snopes" of "Snopes.com")."""
    after = text[mention.end - offset : mention.end - offset + 5]
    return bool(re.match(r"\.(?:com|net|org|ly|io|tv|fm)\b", after))


_JOINED_BY = re.compile(r" (?:for|of|of the|and|&) ")


def with_joined_institutions(text: str, offset: int, found: list[RawMention]) -> list[RawMention]:
    """An institution's name the model cut in two at "for", "of" or "and" made whole again:
    "U.S. Agency" + "International Development", "World Travel" + "Tourism Council",
    "Stratospheric Observatory" + "Infrared Astronomy". One of the parts must end in an
    institution's head word ("Agency", "Council"), so "Paris and London" stay two."""
    ordered = sorted(found, key=lambda mention: mention.start)
    joined: list[RawMention] = []
    for mention in ordered:
        previous = joined[-1] if joined else None
        if previous is not None and _joinable(text, offset, previous, mention):
            joined[-1] = RawMention(
                previous.start,
                mention.end,
                text[previous.start - offset : mention.end - offset],
                "ORG",
                USE_WEIGHT,
            )
        else:
            joined.append(mention)
    return joined


def _joinable(text: str, offset: int, left: RawMention, right: RawMention) -> bool:
    between = text[left.end - offset : right.start - offset]
    if not _JOINED_BY.fullmatch(between) or left.label == "PERSON" or right.label == "PERSON":
        return False
    if between.strip() in {"and", "&"}:
        # "World Travel and Tourism Council": only the right part can end the name.
        return right.text.split()[-1].lower() in ORG_HEADS and len(right.text.split()) >= 2
    heads = {left.text.split()[-1].lower(), right.text.split()[-1].lower()}
    return bool(heads & (ORG_HEADS | {"observatory", "laboratory", "program"})) and all(
        word[:1].isupper() for word in right.text.split()
    )
