"""FiguresPane: the numbers the article states, with what they count."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.message import Message

from reader.core.analysis.model import Analysis, Figure
from reader.ui.widgets.analysis_pane import AnalysisPane, PaneRow, shorten

COUNTS_LIMIT = 60
"""Characters of "what it counts" shown (about two lines); the text has the rest."""


class FiguresPane(AnalysisPane):
    """Each figure as written ("more than 100"), then what it counts, in reading order."""

    HELP = """
## Figures

The numbers the article states, in reading order, each with what it counts.
Type to filter, **Enter** jumps the text to the figure, **Escape** goes back to the text.
"""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"figures-pane--figure"}

    NOUN = "figures"

    @dataclass
    class FigureChosen(Message):
        """The reader chose a figure: the screen jumps the text to it."""

        pane: FiguresPane
        figure: Figure

        @property
        def control(self) -> FiguresPane:
            return self.pane

    def make_rows(self, analysis: Analysis) -> list[PaneRow]:
        """One row per figure: "more than 100 — people killed"."""
        figure_style = self.component_text_style("figures-pane--figure")
        rows: list[PaneRow] = []
        for figure in analysis.figures:
            # Article words: plain Text, never markup.
            prompt = Text(shorten(figure.text, COUNTS_LIMIT), style=figure_style)
            if figure.counts:
                prompt.append(" — ")
                prompt.append(shorten(figure.counts, COUNTS_LIMIT))
            haystack = f"{figure.text} {figure.counts}".casefold()
            rows.append(
                PaneRow(prompt, key=f"{figure.start}:{figure.end}", haystack=haystack, item=figure)
            )
        return rows

    def chosen(self, row: PaneRow) -> None:
        """Ask the screen to show the figure in the text."""
        assert isinstance(row.item, Figure)
        self.post_message(self.FigureChosen(self, row.item))
