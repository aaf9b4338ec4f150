"""A person's likely gender, from what the article itself says and from their first name.

Whom "she said" means depends on it, as does which of two Smiths "Mrs Smith" is. The clues, each
weighed: a title ("Mrs", "Sir"), a noun set beside the name ("his wife, Mary Smith"), the
first name (1990 US Census frequencies, from the `names` package), and the pronouns that follow
the person's mentions before anyone else is named. The article's own words outweigh the first
name, so "Jordan" or "Andrea" is settled by how the article refers to them.
"""

from __future__ import annotations

import math
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Sequence
from functools import cache
from importlib import resources

from reader.core.analysis.lexicon import GENDERED_WORDS, PRONOUN_GENDER
from reader.core.analysis.model import Entity, EntityKind

MALE = "m"
FEMALE = "f"

TITLE_WEIGHT = 4.0
"""A title or a noun beside the name ("Mrs", "his wife,"): nearly always right."""
FIRST_NAME_WEIGHT = 2.0
"""A first name that is far more often one sex's than the other's."""
PRONOUN_WEIGHT = 1.0
"""Each pronoun that follows a mention before another person is named."""

FIRST_NAME_RATIO = 4.0
"""How much more common a first name must be for one sex to count as a clue."""
CLEAR_RATIO = 50.0
"""From how much more common for one sex a first name weighs in full."""
PRONOUN_REACH = 250
"""How far after a mention (characters) a following pronoun is taken to refer to it."""

_WORD = re.compile(r"[^\W\d_][\w.'’-]*")
_PRONOUN = re.compile(
    r"\b(" + "|".join(word for word in PRONOUN_GENDER if word not in {"him", "her"}) + r")\b",
    re.IGNORECASE,
)
"""Pronouns that tell a gender of the person just named: "him" and "her" are left out, as more
often another person ("Pierre turned away from her")."""
_BEFORE = re.compile(r"([A-Za-z.]+)\s*,?\s*$")
"""The word just before a mention: a title ("Mrs Smith") or a noun set beside it."""
_AFTER = re.compile(r"^\s*,\s*(?:(?:his|her|their|the|a|an)\s+)?([A-Za-z]+)\b")
"""A noun set after a mention: "Mary Smith, his wife," or "Jo Lee, a spokeswoman"."""


@cache
def _first_names() -> dict[str, tuple[float, float]]:
    """Each Census first name (folded) → its share among men and among women, in percent."""
    shares: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    data = resources.files("names")
    for index, filename in enumerate(("dist.male.first", "dist.female.first")):
        for line in data.joinpath(filename).read_text(encoding="ascii").splitlines():
            fields = line.split()
            if len(fields) >= 2:
                shares[fields[0].lower()][index] = float(fields[1])
    return {name: (male, female) for name, (male, female) in shares.items()}


def is_first_name(word: str) -> bool:
    """Whether people are given this name (in the Census lists, either sex)."""
    return _fold(word) in _first_names()


def _fold(word: str) -> str:
    """Lower case without accents: "Natásha" is the Census's NATASHA."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).lower()


def first_name_gender(word: str) -> str | None:
    """MALE or FEMALE when the first name is far more often one sex's (weighs at least half
    in full); else None."""
    gender, weight = _first_name_clue(word)
    return gender if weight >= FIRST_NAME_WEIGHT / 2 else None


def _first_name_clue(word: str) -> tuple[str | None, float]:
    """A first name's likely gender and how much it weighs: nothing below `FIRST_NAME_RATIO`
    to one, the full `FIRST_NAME_WEIGHT` from `CLEAR_RATIO` to one ("Mary", "John"), and in
    between by the logarithm of the ratio ("Jordan", 4.7 men to a woman, weighs little)."""
    male, female = _first_names().get(_fold(word), (0.0, 0.0))
    if male == female:
        return None, 0.0
    more, less, gender = (male, female, MALE) if female < male else (female, male, FEMALE)
    if less == 0.0:
        return gender, FIRST_NAME_WEIGHT  # only ever one sex's name in the Census
    ratio = more / less
    if ratio <= FIRST_NAME_RATIO:
        return None, 0.0
    strength = math.log(ratio / FIRST_NAME_RATIO) / math.log(CLEAR_RATIO / FIRST_NAME_RATIO)
    return gender, FIRST_NAME_WEIGHT * min(1.0, strength)


def title_gender(text: str) -> str | None:
    """The gender a title or noun says ("Mrs", "wife", "spokeswoman"), if it says one."""
    return GENDERED_WORDS.get(text.lower())


def name_gender(name: str, before: str = "") -> str | None:
    """A name's gender from its own words alone: a title in it or just before it ("Mrs
    Smith"), else its first name. `before` is the text just before the name."""
    words = _WORD.findall(name)
    preceding = _BEFORE.search(before[-24:])
    for word in ([preceding.group(1)] if preceding else []) + words[:-1]:
        gender = title_gender(word)
        if gender is not None:
            return gender
    given = [word for word in words[:-1] if title_gender(word) is None]
    return first_name_gender(given[0]) if given else None


class GenderClues:
    """People's genders in one article, each worked out when first asked for: a book's
    thousands of people are only weighed if a pronoun might mean them."""

    def __init__(self, text: str, entities: Sequence[Entity]) -> None:
        self.text = text
        people = [entity for entity in entities if entity.kind is EntityKind.PERSON]
        self._mentions = sorted(
            (m.start, m.end, entity.id) for entity in people for m in entity.mentions
        )
        self._starts = [start for start, _, _ in self._mentions]
        self._known: dict[str, str | None] = {}

    def of(self, entity: Entity) -> str | None:
        """MALE or FEMALE where the clues agree enough; None for no person or no clear sign."""
        if entity.id not in self._known:
            self._known[entity.id] = self._weigh(entity)
        return self._known[entity.id]

    def _weigh(self, entity: Entity) -> str | None:
        if entity.kind is not EntityKind.PERSON:
            return None
        tally = {MALE: 0.0, FEMALE: 0.0}
        words = [word for word in _WORD.findall(entity.name) if title_gender(word) is None]
        if words:
            # A one-word name counts only when it is clearly a first name ("Pierre"), not a
            # surname that is sometimes one.
            given, weight = _first_name_clue(words[0])
            if given is not None and (len(words) > 1 or weight >= FIRST_NAME_WEIGHT / 2):
                tally[given] += weight
        for mention in entity.mentions:
            for gender in _titles_beside(self.text, mention.start, mention.end):
                tally[gender] += TITLE_WEIGHT
            index = bisect_left(self._starts, mention.start)
            following = _following_pronoun(
                self.text, mention.end, self._mentions, self._starts, index
            )
            if following is not None:
                tally[following] += PRONOUN_WEIGHT
        if tally[MALE] == tally[FEMALE]:
            return None
        return MALE if tally[MALE] > tally[FEMALE] else FEMALE


def entity_genders(text: str, entities: Sequence[Entity]) -> dict[str, str]:
    """Each person's gender (entity id → MALE or FEMALE) where the clues agree enough."""
    clues = GenderClues(text, entities)
    return {entity.id: gender for entity in entities if (gender := clues.of(entity)) is not None}


def _titles_beside(text: str, start: int, end: int) -> list[str]:
    """Genders said by a title in the mention, just before it, or by a noun set after it."""
    found = [
        gender
        for word in _WORD.findall(text[start:end])[:-1]
        if (gender := title_gender(word)) is not None
    ]
    before = _BEFORE.search(text[max(0, start - 24) : start])
    if before is not None and (gender := title_gender(before.group(1))) is not None:
        found.append(gender)
    after = _AFTER.match(text[end : end + 40])
    if after is not None and (gender := title_gender(after.group(1))) is not None:
        found.append(gender)
    return found


def _following_pronoun(
    text: str,
    end: int,
    mentions: Sequence[tuple[int, int, str]],
    starts: Sequence[int],
    index: int,
) -> str | None:
    """The gender of the first pronoun after a mention, if no other person is named first."""
    _, _, entity_id = mentions[index]
    limit = min(end + PRONOUN_REACH, len(text))
    following = bisect_right(starts, end)
    for other_start, _, other_id in mentions[following:]:
        if other_start >= limit:
            break
        if other_id != entity_id:
            limit = other_start
            break
    match = _PRONOUN.search(text, end, limit)
    return PRONOUN_GENDER[match.group(1).lower()] if match else None
