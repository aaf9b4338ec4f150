"""Whom an attribution means, chosen among scored candidates rather than by a first match.

`attribution.find_speaker` reads the parse beside a quote and hands over a `Speaker` cue: the
subject of the reporting verb ("Kerry", "she", "the actor", "a spokesman") and any listener
("told reporters"). A name that is an entity's mention is that entity. Anything else that
stands for someone named before — a pronoun, or a definite description such as "the
41-year-old", "his wife" or "the company" — is resolved by scoring every person (or
organisation) named in the passage before it:

- recency: the later a candidate was last named, the likelier (each one named since who
  could be meant costs; "she" passes over the men named since);
- agreement: "she" cannot be a man, "the actress" neither (`gender.py`), "the company" is an
  organisation, not a person;
- appositives: a description once set beside a name ("Maria Lopez, his wife") is that name;
- continuity: the person who spoke the quote before is likelier to speak again;
- roles: a listener ("told Smith") and a name only inside a quotation are unlikely speakers.

The scores become a probability over the candidates (a softmax), kept as the quote's
`speaker_confidence`, so the pane can mark a doubtful choice rather than assert it.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from reader.core.analysis.gender import GenderClues, name_gender, title_gender
from reader.core.analysis.lexicon import (
    ORGANISATION_NOUNS,
    PERSON_NOUNS,
    PRONOUN_GENDER,
    RANK_TITLES,
    SUBJECT_PRONOUNS,
)
from reader.core.analysis.model import Entity, EntityKind

REACH = 3_000
"""How far back (characters) a pronoun or a description looks for whom it means."""
MAX_CANDIDATES = 6
"""How many of the people named last before a pronoun are weighed."""

RECENCY = 0.8
"""Score lost for each other candidate named more recently."""
AGREES = 2.5
"""Score for a candidate whose known gender agrees with the pronoun or description."""
DISAGREES = -6.0
"""Score for one whose known gender does not: almost never the one meant."""
APPOSITIVE = 4.0
"""Score for the name a description was once set beside ("Maria Lopez, his wife")."""
SPOKE_BEFORE = 1.0
"""Score for the speaker of the quote before, in the same passage."""
LISTENER = -5.0
"""Score for a candidate who is the listener ("told Smith")."""
QUOTED_ONLY = -1.5
"""Score for a candidate last named only inside a quotation."""
HEAD_NOUN = 3.0
"""Score for the organisation whose name ends in the description's noun ("the alliance")."""

NAMED = 0.95
"""Confidence in a speaker the attribution names (an entity's mention)."""
NAMED_UNKNOWN = 0.8
"""Confidence in a capitalised name the attribution gives that is no entity."""
DESCRIBED = 0.9
"""Confidence in a speaker given only as a description of someone new ("a spokesman")."""
CARRIED = 0.9
"""Confidence kept when a speaker is carried on to the next quote of a passage."""
DOUBTFUL = 0.75
"""Below this, the Quotes pane marks the speaker as a guess."""

_AGE = re.compile(r"^\d+-year-old$")


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who an attribution names: the phrase, the head word that names them, and any listener."""

    start: int
    end: int
    text: str
    head_start: int
    head_end: int
    listeners: tuple[tuple[int, int], ...] = ()
    """Where the attribution names whom it was said to ("told reporters", "told Smith")."""


@dataclass(frozen=True, slots=True)
class Choice:
    """A resolved speaker: the name to show, the entity if any, and how sure the choice is."""

    speaker: str
    speaker_id: str
    confidence: float


@dataclass(frozen=True, slots=True)
class _Candidate:
    entity: Entity | None
    name: str
    last_named: int
    gender: str | None


class SpeakerResolver:
    """Resolves the cues of one article's quotes, in reading order."""

    def __init__(
        self,
        text: str,
        entities: Sequence[Entity],
        quoted: Sequence[tuple[int, int]],
    ) -> None:
        self.text = text
        self.entities = entities
        self._quoted = sorted(quoted)
        self._quoted_starts = [start for start, _ in self._quoted]
        self._owners = sorted(
            ((m.start, m.end, entity) for entity in entities for m in entity.mentions),
            key=lambda owner: owner[0],
        )
        self._owner_starts = [start for start, _, _ in self._owners]
        self._genders = GenderClues(text, entities)
        self._last_named: tuple[int, str, Entity | None] | None = None
        self._descriptions: dict[tuple[str, str, bool], float] = {}

    def entity_at(self, start: int, end: int) -> Entity | None:
        """The entity whose mention holds [start, end): "Foreign Minister Lavrov" is Lavrov,
        but "Islamic State loyalists" are loyalists, not the Islamic State."""
        index = bisect.bisect_right(self._owner_starts, start)
        for mention_start, mention_end, entity in self._owners[max(0, index - 3) : index]:
            if mention_start <= start and end <= mention_end:
                return entity
        return None

    def resolve(self, cue: Speaker, previous: Choice | None) -> Choice:
        """The speaker a cue means, with the confidence of the choice."""
        words = cue.text.split()
        lowered = cue.text.lower()
        if lowered in SUBJECT_PRONOUNS:
            return self._by_score(cue, previous, PRONOUN_GENDER[lowered], people=True)
        if lowered == "it":
            # "it said in a statement": the organisation named last, or no one.
            return self._by_score(cue, previous, None, people=False)
        entity = self.entity_at(cue.head_start, cue.head_end)
        if entity is not None:
            self._last_named = (cue.start, entity.name, entity)
            confident = entity.kind in (EntityKind.PERSON, EntityKind.ORGANISATION)
            return Choice(entity.name, entity.id, NAMED if confident else DOUBTFUL)
        head = _head_noun(words)
        if cue.text[:1].isupper() and (head is None or words[0].lower() not in _DETERMINERS):
            self._last_named = (cue.start, cue.text, None)
            return Choice(cue.text, "", NAMED_UNKNOWN)
        if head is not None and words[0].lower() in _DEFINITE:
            if head in ORGANISATION_NOUNS:
                return self._by_score(cue, previous, None, people=False, head=head)
            if head in RANK_TITLES and not self._ranked(cue.start, head):
                # "said the countess" where no one named so far is called countess: she is
                # known by her rank alone, and is not the last person named.
                return self._described_only(cue)
            if head in PERSON_NOUNS or head in RANK_TITLES or _AGE.match(head):
                return self._by_score(cue, previous, title_gender(head), people=True, head=head)
        if (head or lowered) in _NOT_SOMEONE:
            return Choice("", "", 0.0)  # "a lot said", "most say": a quantity, not a speaker
        return self._described_only(cue)

    def _described_only(self, cue: Speaker) -> Choice:
        """A speaker known by a description ("a spokesman", "the countess"), who is then the
        last person named: "she added" after "said the countess" is the countess."""
        self._last_named = (cue.start, cue.text, None)
        return Choice(cue.text, "", DESCRIBED)

    def _by_score(
        self,
        cue: Speaker,
        previous: Choice | None,
        gender: str | None,
        *,
        people: bool,
        head: str | None = None,
    ) -> Choice:
        """The best-scored candidate named before the cue; the cue's words if there is none."""
        candidates = self._candidates(cue.start, people=people)
        if not candidates:
            # "he said" with no one named before: say nothing rather than "he"; "the
            # countess said" keeps its words.
            pronoun = cue.text.lower() in {*SUBJECT_PRONOUNS, "it"}
            return Choice("" if pronoun else cue.text, "", 0.0 if pronoun else DOUBTFUL / 2)
        scores = []
        rank = 0
        for candidate in candidates:
            # "she" passes over the men named since: only a candidate who could be meant
            # pushes the ones before it further back.
            score = -RECENCY * rank
            disagrees = gender is not None and candidate.gender not in (None, gender)
            rank += 0 if disagrees else 1
            if gender is not None and candidate.gender is not None:
                score += DISAGREES if disagrees else AGREES
            if previous is not None and previous.speaker == candidate.name:
                score += SPOKE_BEFORE
            if self._listened(cue, candidate):
                score += LISTENER
            if self._quoted_at(candidate.last_named):
                score += QUOTED_ONLY
            if head is not None and candidate.entity is not None:
                score += self._described(candidate.entity, head, people=people)
            scores.append(score)
        best = max(range(len(candidates)), key=scores.__getitem__)
        top = scores[best]
        confidence = 1.0 / sum(math.exp(score - top) for score in scores)
        chosen = candidates[best]
        if chosen.entity is None:
            return Choice(chosen.name, "", confidence)
        return Choice(chosen.entity.name, chosen.entity.id, confidence)

    def _candidates(self, before: int, *, people: bool) -> list[_Candidate]:
        """The distinct people (or organisations) last named before `before`, latest first,
        with the last speaker named by a phrase that is no entity among them."""
        wanted = EntityKind.PERSON if people else EntityKind.ORGANISATION
        found: list[_Candidate] = []
        seen: set[str] = set()
        index = bisect.bisect_left(self._owner_starts, before)
        for start, _end, entity in reversed(self._owners[max(0, index - 400) : index]):
            if start < before - REACH or len(found) >= MAX_CANDIDATES:
                break
            if entity.kind is wanted and entity.id not in seen:
                seen.add(entity.id)
                found.append(_Candidate(entity, entity.name, start, self._genders.of(entity)))
        last = self._last_named
        if people and last is not None and last[2] is None and last[0] > before - REACH:
            name_start = last[0]
            said = name_gender(last[1]) or title_gender(last[1].split()[-1])
            candidate = _Candidate(None, last[1], name_start, said)
            position = sum(1 for other in found if other.last_named > name_start)
            found.insert(position, candidate)
        return found[:MAX_CANDIDATES]

    def _ranked(self, before: int, rank: str) -> bool:
        """Whether a person named before `before` is given the rank `rank` somewhere."""
        return any(
            candidate.entity is not None
            and self._described(candidate.entity, rank, people=True) > 0
            for candidate in self._candidates(before, people=True)
        )

    def _listened(self, cue: Speaker, candidate: _Candidate) -> bool:
        """Whether the candidate is the one the cue's sentence says was told."""
        if candidate.entity is None:
            return False
        return any(
            start <= mention.start < end
            for start, end in cue.listeners
            for mention in candidate.entity.mentions
        )

    def _quoted_at(self, position: int) -> bool:
        index = bisect.bisect_right(self._quoted_starts, position) - 1
        return index >= 0 and position < self._quoted[index][1]

    def _described(self, entity: Entity, head: str, *, people: bool) -> float:
        """The bonus for an entity the description's noun is known to describe (worked out
        once per entity and noun: a book asks about the same few thousand times)."""
        key = (entity.id, head, people)
        bonus = self._descriptions.get(key)
        if bonus is None:
            bonus = self._descriptions[key] = self._description_bonus(entity, head, people=people)
        return bonus

    def _description_bonus(self, entity: Entity, head: str, *, people: bool) -> float:
        if not people:
            last = entity.name.split()[-1].lower()
            return HEAD_NOUN if last == head or last.rstrip("s") == head else 0.0
        for mention in entity.mentions:
            before = self.text[max(0, mention.start - 40) : mention.start].lower()
            after = self.text[mention.end : mention.end + 40].lower()
            if re.search(rf"\b{re.escape(head)}\s*,?\s*$", before) or re.match(
                rf"^\s*,\s*(?:(?:his|her|their|its|the|a|an)\s+)?(?:[\w-]+\s+)?{re.escape(head)}\b",
                after,
            ):
                return APPOSITIVE
        return 0.0


_NOT_SOMEONE = frozenset(
    ["lot", "lots", "number", "few", "many", "some", "most", "all", "thing", "things", "bit",
     "way", "deal", "part", "rest", "none", "each", "both", "either", "neither", "much"]
)  # fmt: skip
"""Heads of a subject that name a quantity or a thing, never who spoke ("a lot")."""

_DETERMINERS = frozenset({"the", "a", "an", "his", "her", "their", "its", "our", "my", "this"})
_DEFINITE = frozenset({"the", "his", "her", "their", "its", "this"})


def _head_noun(words: Sequence[str]) -> str | None:
    """The last word of a description ("the chief executive" → "executive"), lower case."""
    if len(words) < 2 or words[0].lower() not in _DETERMINERS:
        return None
    return words[-1].lower().strip(",.;:")
