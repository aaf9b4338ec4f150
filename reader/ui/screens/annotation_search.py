"""AnnotationSearchScreen: every highlight and note of every document, searched as you type."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, Label, OptionList
from textual.widgets.option_list import Option

from reader.core.errors import ReaderError
from reader.core.text.display import for_display
from reader.ui.widgets.safe_text import safe

if TYPE_CHECKING:
    from reader.core.store.fulltext import SearchHit
    from reader.core.store.store import Store

TYPING_PAUSE = 0.12
"""Seconds after the last key before searching, so fast typing runs one query."""

RESULTS = 100
"""How many hits to show at most."""

PASSAGE_LENGTH = 100
"""Characters of a highlighted passage shown in a result."""


def marked_snippet(hit: SearchHit, match: Style) -> Text:
    """The hit's snippet with its match delimiters taken out and the matched words styled.

    `hit.marks` are the matches' ranges inside the snippet, delimiters excluded, so the
    delimiter characters around each are dropped by position (the text itself may hold the
    same characters).
    """
    snippet = hit.snippet
    text = Text()
    position = 0
    for start, end in hit.marks:
        text.append(snippet[position : max(position, start - 1)])
        text.append(snippet[start:end], style=match)
        position = end + 1
    text.append(snippet[position:])
    return text


class AnnotationSearchScreen(Screen[None]):
    """A search box over all highlights and notes; Enter opens the document at the passage."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back", id="close-search", tooltip="Back to where you were"),
        Binding(
            "down",
            "results",
            "Results",
            show=False,
            id="search-results",
            tooltip="Move into the results",
        ),
    ]

    @dataclass
    class HitChosen(Message):
        """A result was chosen: open its document at its passage."""

        document_id: str
        start: int | None

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        """Where the highlights and notes are."""
        self.hits: list[SearchHit] = []
        """The results on screen, best first."""
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Input(placeholder="Search every highlight and note", id="annotation-query")
        yield Label("", id="annotation-summary")
        yield OptionList(id="annotation-results")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Changed, "#annotation-query")
    def search_soon(self, event: Input.Changed) -> None:
        """Search once typing pauses."""
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(TYPING_PAUSE, lambda: self.search(event.value))

    def search(self, query: str) -> None:
        """Run the query and show its hits (an empty query clears them)."""
        summary = self.query_one("#annotation-summary", Label)
        results = self.query_one(OptionList)
        try:
            self.hits = self.store.search(query, limit=RESULTS) if query.strip() else []
        except ReaderError as error:
            self.hits = []
            summary.update(Text(for_display(str(error))))
            return
        results.clear_options()
        results.add_options(
            [Option(safe(self._prompt(hit)), id=str(index)) for index, hit in enumerate(self.hits)]
        )
        if not query.strip():
            summary.update("")
        elif not self.hits:
            summary.update(Text(for_display(f"Nothing matches {query!r}.")))
        else:
            count = len(self.hits)
            more = "+" if count == RESULTS else ""
            summary.update(Text(f"{count}{more} {'match' if count == 1 else 'matches'}"))
        if self.hits:
            results.highlighted = 0

    def _prompt(self, hit: SearchHit) -> Text:
        """The title, the highlighted passage, and the words around the match, marked."""
        title_style = self.get_component_rich_style("annotation-search--title")
        match_style = self.get_component_rich_style("annotation-search--match")
        note_style = self.get_component_rich_style("annotation-search--note")
        prompt = Text(no_wrap=False)
        prompt.append(hit.title or "Untitled", style=Style(color=title_style.color, bold=True))
        if hit.exact:
            passage = " ".join(hit.exact.split())
            if len(passage) > PASSAGE_LENGTH:
                passage = passage[: PASSAGE_LENGTH - 1] + "…"
            prompt.append(f"\n“{passage}”")
        prompt.append("\n")
        around = marked_snippet(hit, Style(color=match_style.color, bold=True))
        around.stylize_before(Style(color=note_style.color))
        prompt.append_text(around)
        return prompt

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "annotation-search--title",
        "annotation-search--match",
        "annotation-search--note",
    }

    @on(Input.Submitted, "#annotation-query")
    def open_first(self) -> None:
        """Enter in the box opens the best hit."""
        if self.hits:
            self._choose(0)

    @on(OptionList.OptionSelected, "#annotation-results")
    def open_chosen(self, event: OptionList.OptionSelected) -> None:
        """Open the chosen hit's document at its passage."""
        self._choose(event.option_index)

    def _choose(self, index: int) -> None:
        hit = self.hits[index]
        self.post_message(self.HitChosen(hit.document_id, hit.start))

    def action_results(self) -> None:
        """Move into the list of results."""
        if self.hits:
            self.query_one(OptionList).focus()

    def action_close(self) -> None:
        """Leave the search."""
        self.dismiss()
