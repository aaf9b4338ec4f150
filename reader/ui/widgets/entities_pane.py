"""EntitiesPane: the people, organisations, places and groups the article names."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.message import Message

from reader.core.analysis.model import Analysis, Entity, EntityKind
from reader.ui.widgets.analysis_pane import AnalysisPane, PaneRow

KIND_COMPONENTS: dict[EntityKind, str] = {
    kind: f"entities-pane--{kind.value}" for kind in EntityKind
}
"""The component class that colours a kind's heading, as its mentions are coloured in the text."""


class EntitiesPane(AnalysisPane):
    """Entities grouped by kind, the most salient first, each with how often it is named."""

    HELP = """
## Entities

Who and what the article names, grouped by kind, the most central first, with how many
times each is named. Type to filter (names and their other forms), **Enter** colours every
mention of the highlighted entity and jumps to the next one; **n** and **N** in the text
then step through them, **x** clears the colours. **Escape** goes back to the text.
"""

    COMPONENT_CLASSES: ClassVar[set[str]] = {*KIND_COMPONENTS.values(), "entities-pane--count"}

    NOUN = "entities"

    GROUP_LIMIT = 100

    @dataclass
    class EntityChosen(Message):
        """The reader chose an entity: the screen colours its mentions and jumps to one."""

        pane: EntitiesPane
        entity: Entity

        @property
        def control(self) -> EntitiesPane:
            return self.pane

    def make_rows(self, analysis: Analysis) -> list[PaneRow]:
        """A heading per kind, then its entities, most salient first, with their counts."""
        by_kind: dict[EntityKind, list[Entity]] = {kind: [] for kind in EntityKind}
        for entity in analysis.entities:
            by_kind[entity.kind].append(entity)
        widest = len(str(max((entity.count for entity in analysis.entities), default=0)))
        count_style = self.component_text_style("entities-pane--count")
        rows: list[PaneRow] = []
        for kind, entities in by_kind.items():
            if not entities:
                continue
            heading_style = self.component_text_style(KIND_COMPONENTS[kind])
            rows.append(PaneRow(Text(kind.plural, style=heading_style, no_wrap=True)))
            entities.sort(key=lambda entity: entity.salience, reverse=True)
            for entity in entities:
                # Names are article data: plain Text, never markup.
                prompt = Text.assemble((f" {entity.count:>{widest}} ", count_style), entity.name)
                haystack = " ".join((entity.name, *entity.aliases)).casefold()
                rows.append(PaneRow(prompt, key=entity.id, haystack=haystack, item=entity))
        return rows

    def chosen(self, row: PaneRow) -> None:
        """Ask the screen to colour and visit the entity's mentions."""
        assert isinstance(row.item, Entity)
        self.post_message(self.EntityChosen(self, row.item))
