"""EntityMarker: which entity's mentions the reading screen colours in the text.

One entity (chosen in the entities pane), every entity (`e`) or none. The marker picks the
mention ranges to colour from the analysis as it stands, so a partial analysis marks what
has been found so far and a fuller one marks more.
"""

from __future__ import annotations

from reader.core.analysis.model import Analysis, Entity, EntityKind

ALL_ENTITIES = "entities"
"""The marks' label when every entity is coloured (`e`), not just one."""

MarkRange = tuple[int, int, EntityKind]
"""A mention to colour: its start and end offsets, and its entity's kind."""


def marks_summary(label: str, count: int, current: int | None) -> str:
    """The status line's marks counter: "Kerry 2/5" with the caret on the second of five
    mentions, "Kerry: 5" elsewhere."""
    if current is None:
        return f"{label}: {count}"
    return f"{label} {current + 1}/{count}"


class EntityMarker:
    """The entity whose mentions are coloured, or all of them, or none."""

    def __init__(self) -> None:
        self.marked: str | None = None
        """The marked entity's id; `ALL_ENTITIES` for all; None for none."""

    @property
    def all_marked(self) -> bool:
        """Whether every entity's mentions are coloured."""
        return self.marked == ALL_ENTITIES

    def mark(self, entity_id: str) -> None:
        """Colour the mentions of one entity."""
        self.marked = entity_id

    def mark_all(self) -> None:
        """Colour the mentions of every entity."""
        self.marked = ALL_ENTITIES

    def clear(self) -> None:
        """Colour nothing."""
        self.marked = None

    def ranges(self, analysis: Analysis | None) -> tuple[str, list[MarkRange]] | None:
        """The marks' label and the mentions to colour, from `analysis`.

        Returns:
            None when nothing is marked, there is no analysis yet, or the marked entity is
            not in it.
        """
        if analysis is None or self.marked is None:
            return None
        entities: tuple[Entity, ...]
        if self.marked == ALL_ENTITIES:
            entities, label = analysis.entities, ALL_ENTITIES
        else:
            entity = analysis.entity(self.marked)
            if entity is None:
                return None
            entities, label = (entity,), entity.name
        mentions = [
            (mention.start, mention.end, entity.kind)
            for entity in entities
            for mention in entity.mentions
        ]
        return label, mentions
