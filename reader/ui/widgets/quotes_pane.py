"""QuotesPane: who is quoted saying what."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.message import Message

from reader.core.analysis.model import Analysis, Quote
from reader.core.analysis.speakers import DOUBTFUL
from reader.ui.widgets.analysis_pane import AnalysisPane, PaneRow, shorten

QUOTE_LIMIT = 140
"""Characters of a quotation shown; Enter shows the rest in the text."""

SCARE_HEADING = "Words in quotation marks"
"""Heading over the scare quotes, listed after the statements: terms, not things said."""


class QuotesPane(AnalysisPane):
    """Statements with their speakers, in reading order; scare quotes dimmed at the end."""

    HELP = """
## Quotes

Who said what, in reading order. Words only put in quotation marks (a term held at arm's
length, not a statement) are listed last, dimmed. A speaker the analyser could only guess
(from "she said" with several women named before, say) is dimmed and marked **?**: check it
in the text. Type to filter (speaker or words),
**Enter** jumps the text to the quote, **Escape** goes back to the text.
"""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "quotes-pane--speaker",
        "quotes-pane--guess",
        "quotes-pane--scare",
        "quotes-pane--heading",
    }

    DIVIDED = True

    NOUN = "quotes"

    @dataclass
    class QuoteChosen(Message):
        """The reader chose a quote: the screen jumps the text to it."""

        pane: QuotesPane
        quote: Quote

        @property
        def control(self) -> QuotesPane:
            return self.pane

    def make_rows(self, analysis: Analysis) -> list[PaneRow]:
        """Statements first ("Kerry: “The modalities …”"), then the scare quotes, dimmed."""
        rows = [self._row(quote) for quote in analysis.quotes if not quote.scare]
        scare = [self._row(quote, dim=True) for quote in analysis.quotes if quote.scare]
        if scare:
            heading_style = self.component_text_style("quotes-pane--heading")
            rows.append(PaneRow(Text(SCARE_HEADING, style=heading_style, no_wrap=True)))
            rows.extend(scare)
        return rows

    def _row(self, quote: Quote, *, dim: bool = False) -> PaneRow:
        # Article words: plain Text, never markup.
        style = self.component_text_style
        prompt = Text(style=style("quotes-pane--scare") if dim else "")
        if quote.speaker and not quote.scare:
            if quote.speaker_confidence < DOUBTFUL:
                prompt.append(f"{quote.speaker} ?", style=style("quotes-pane--guess"))
            else:
                prompt.append(quote.speaker, style=style("quotes-pane--speaker"))
            prompt.append(": ")
        prompt.append(f"“{shorten(quote.text, QUOTE_LIMIT)}”")
        haystack = f"{quote.speaker} {quote.text}".casefold()
        return PaneRow(prompt, key=f"{quote.start}:{quote.end}", haystack=haystack, item=quote)

    def chosen(self, row: PaneRow) -> None:
        """Ask the screen to show the quote in the text."""
        assert isinstance(row.item, Quote)
        self.post_message(self.QuoteChosen(self, row.item))
