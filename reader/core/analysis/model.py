"""What the analyser finds: entities, figures and quotes, each tied to exact character ranges.

Frozen dataclasses with a plain-dict form, so results can be cached in the store as JSON and
printed by `reader analyze --json` without the pipeline loaded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class EntityKind(StrEnum):
    """The kinds a reader tells apart; each has its own theme colour (`entity-<kind>`)."""

    PERSON = "person"
    ORGANISATION = "organisation"
    PLACE = "place"
    GROUP = "group"
    """Nationalities, religions and political groups: "Syrian", "Shiite", "Republicans"."""
    EVENT = "event"
    OTHER = "other"
    """Works, laws, products and languages."""

    @property
    def plural(self) -> str:
        """The heading for a group of this kind in a pane."""
        return {
            EntityKind.PERSON: "People",
            EntityKind.ORGANISATION: "Organisations",
            EntityKind.PLACE: "Places",
            EntityKind.GROUP: "Groups",
            EntityKind.EVENT: "Events",
            EntityKind.OTHER: "Other",
        }[self]


@dataclass(frozen=True, slots=True)
class Mention:
    """One place an entity is named: `text == article.text[start:end]`."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Entity:
    """One person, organisation, place or group, however it is written."""

    id: str
    """Stable within one analysis: a slug of the name and kind."""
    name: str
    """The fullest form the article uses: "John Kerry", not "Kerry"."""
    kind: EntityKind
    aliases: tuple[str, ...]
    """Every other form the article uses for it, most frequent first."""
    mentions: tuple[Mention, ...]
    """In reading order."""
    salience: float
    """Higher is more central to the article (mentions, weighted by how early they come)."""

    @property
    def count(self) -> int:
        """How many times the article names it."""
        return len(self.mentions)


@dataclass(frozen=True, slots=True)
class Figure:
    """A number the article states, with what it counts."""

    start: int
    end: int
    text: str
    """The number as written, with its qualifier: "more than 100", "$7.6 million"."""
    value: float
    """The number itself: 100.0, 7600000.0; a percentage is its number (12.5 for "12.5%")."""
    qualifier: str
    """"more than", "at least", "about" ... or "" when the number is exact."""
    unit: str
    """"%", a currency code ("USD"), a measure ("km"), or "" for a plain count."""
    counts: str
    """What it counts, in the article's words: "people died in the Damascus violence"."""
    sentence_start: int
    sentence_end: int


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct quotation and who said it."""

    start: int
    end: int
    """The quoted words with their marks."""
    text: str
    """The words inside the marks (several paragraphs are joined by their newlines)."""
    speaker: str
    """The speaker's name as the analysis names the entity ("John Kerry"), or as written
    ("an ISIS loyalist") when it is not a named entity; "" when unknown."""
    speaker_id: str = ""
    """The speaker's `Entity.id` when the speaker is a named entity."""
    speaker_start: int = -1
    speaker_end: int = -1
    """Where the attribution names the speaker ("Kerry" in "Kerry said"), or -1."""
    scare: bool = False
    """One or two words in quotes: a term held at arm's length, not a statement."""
    speaker_confidence: float = 0.0
    """How sure the choice of speaker is, from 0 to 1 (0 when there is none): a speaker the
    attribution names is nearly certain; one resolved from "she" or "the actor" among several
    people is less so, and the Quotes pane marks it as a guess."""


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything the analyser found in one article."""

    analyser_version: str
    model: str
    """The spaCy pipeline that ran, with its version: "en_core_web_sm 3.8.0"."""
    entities: tuple[Entity, ...] = ()
    """Most salient first."""
    figures: tuple[Figure, ...] = ()
    """In reading order."""
    quotes: tuple[Quote, ...] = ()
    """In reading order, scare quotes included (filter on `scare`)."""
    complete: bool = True
    """False while a long article is still being analysed chunk by chunk."""
    done: float = 1.0
    """The fraction of the text analysed so far."""
    extra: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    @property
    def statements(self) -> tuple[Quote, ...]:
        """The quotes that are statements, not scare quotes."""
        return tuple(quote for quote in self.quotes if not quote.scare)

    def entity(self, entity_id: str) -> Entity | None:
        """The entity with this id, if there is one."""
        for entity in self.entities:
            if entity.id == entity_id:
                return entity
        return None


def analysis_to_dict(analysis: Analysis) -> dict[str, Any]:
    """A JSON-ready dict: the cache format and `reader analyze --json`."""
    return {
        "analyser_version": analysis.analyser_version,
        "model": analysis.model,
        "entities": [
            {
                "id": entity.id,
                "name": entity.name,
                "kind": entity.kind.value,
                "aliases": list(entity.aliases),
                "salience": entity.salience,
                "count": entity.count,
                "mentions": [
                    {"start": m.start, "end": m.end, "text": m.text} for m in entity.mentions
                ],
            }
            for entity in analysis.entities
        ],
        "figures": [
            {
                "text": figure.text,
                "value": figure.value,
                "qualifier": figure.qualifier,
                "unit": figure.unit,
                "counts": figure.counts,
                "start": figure.start,
                "end": figure.end,
                "sentence_start": figure.sentence_start,
                "sentence_end": figure.sentence_end,
            }
            for figure in analysis.figures
        ],
        "quotes": [
            {
                "text": quote.text,
                "speaker": quote.speaker,
                "speaker_id": quote.speaker_id,
                "speaker_start": quote.speaker_start,
                "speaker_end": quote.speaker_end,
                "scare": quote.scare,
                "speaker_confidence": round(quote.speaker_confidence, 3),
                "start": quote.start,
                "end": quote.end,
            }
            for quote in analysis.quotes
        ],
        "complete": analysis.complete,
    }


def analysis_from_dict(data: dict[str, Any]) -> Analysis:
    """Rebuild an analysis from `analysis_to_dict`'s output."""
    return Analysis(
        analyser_version=data["analyser_version"],
        model=data["model"],
        entities=tuple(
            Entity(
                id=item["id"],
                name=item["name"],
                kind=EntityKind(item["kind"]),
                aliases=tuple(item["aliases"]),
                mentions=tuple(Mention(m["start"], m["end"], m["text"]) for m in item["mentions"]),
                salience=float(item["salience"]),
            )
            for item in data["entities"]
        ),
        figures=tuple(
            Figure(
                start=item["start"],
                end=item["end"],
                text=item["text"],
                value=float(item["value"]),
                qualifier=item["qualifier"],
                unit=item["unit"],
                counts=item["counts"],
                sentence_start=item["sentence_start"],
                sentence_end=item["sentence_end"],
            )
            for item in data["figures"]
        ),
        quotes=tuple(
            Quote(
                start=item["start"],
                end=item["end"],
                text=item["text"],
                speaker=item["speaker"],
                speaker_id=item["speaker_id"],
                speaker_start=item["speaker_start"],
                speaker_end=item["speaker_end"],
                scare=item["scare"],
                speaker_confidence=float(item.get("speaker_confidence", 0.0)),
            )
            for item in data["quotes"]
        ),
        complete=data.get("complete", True),
    )
