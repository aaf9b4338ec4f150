"""Sidebar: the panes beside the article: contents, entities, figures, quotes and notes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import OptionList, TabbedContent, TabPane

from reader.core.model.document import Article, BlockKind
from reader.ui.widgets.outline_pane import OutlinePane

if TYPE_CHECKING:
    from reader.core.analysis.model import Analysis
    from reader.core.model.annotations import DocumentNote, Highlight


NARROWEST = 38
"""The sidebar's width at 100 to 127 columns: four tabs (no contents) fit whole."""

WITH_CONTENTS = 46
"""The least width with a Contents tab: all five tab titles whole."""

WIDEST = 64
"""The most it takes on a wide screen, where names are no longer cut short."""


def sidebar_width(screen_width: int, *, has_contents: bool) -> int:
    """The sidebar's width on a screen `screen_width` columns wide: three tenths of it,
    within `NARROWEST` (`WITH_CONTENTS` with a Contents tab) and `WIDEST`."""
    least = WITH_CONTENTS if has_contents else NARROWEST
    return max(least, min(WIDEST, screen_width * 3 // 10))


class Sidebar(Vertical):
    """Tabbed panes about the article; Tab and Shift+Tab move focus between them and the text."""

    def __init__(
        self,
        article: Article,
        analysis: Analysis | None = None,
        error: str = "",
        *,
        labels: Mapping[str, str] | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.labels = labels
        """What each highlight colour means to the reader, for the notes pane."""
        self.annotations: tuple[Sequence[Highlight], Sequence[DocumentNote]] = ((), ())
        """The highlights and document notes the notes pane lists."""
        self.article = article
        """The article the panes describe."""
        self.analysis = analysis
        """The analysis the entities, figures and quotes panes show (partial while it runs)."""
        self.error = error
        """Why the analysis failed, if it did."""
        self._pending: tuple[str, int] | None = None
        self._ready = False
        self.has_contents = any(block.kind is BlockKind.HEADING for block in article.blocks)
        """Whether the article has headings, so a Contents tab."""

    def fit_to(self, screen_width: int) -> None:
        """Take the width `sidebar_width` gives on a screen this wide."""
        self.styles.width = sidebar_width(screen_width, has_contents=self.has_contents)

    def compose(self) -> ComposeResult:
        # Imported here: the sidebar is built on first use, and start-up is kept lean.
        from reader.ui.widgets.entities_pane import EntitiesPane
        from reader.ui.widgets.figures_pane import FiguresPane
        from reader.ui.widgets.notes_pane import NotesPane
        from reader.ui.widgets.quotes_pane import QuotesPane

        # An article with headings opens on its contents; any other on its entities: both
        # are simply the first tab.
        has_headings = any(block.kind is BlockKind.HEADING for block in self.article.blocks)
        with TabbedContent(id="sidebar-tabs"):
            # Without headings there are no contents to list; the tab would only push the
            # Notes tab out of the sidebar's width.
            if has_headings:
                with TabPane("Contents", id="contents"):
                    yield OutlinePane(self.article, id="outline")
            with TabPane("Entities", id="entities"):
                yield EntitiesPane(self.analysis, self.error, id="entities-pane")
            with TabPane("Figures", id="figures"):
                yield FiguresPane(self.analysis, self.error, id="figures-pane")
            with TabPane("Quotes", id="quotes"):
                yield QuotesPane(self.analysis, self.error, id="quotes-pane")
            with TabPane("Notes", id="notes"):
                notes = NotesPane(labels=self.labels, id="notes-pane")
                notes.show_annotations(*self.annotations)
                yield notes

    def show_annotations(
        self, highlights: Sequence[Highlight], document_notes: Sequence[DocumentNote]
    ) -> None:
        """List the article's highlights and notes in the notes pane."""
        from reader.ui.widgets.notes_pane import NotesPane

        self.annotations = (highlights, document_notes)
        for pane in self.query(NotesPane):
            pane.show_annotations(highlights, document_notes)

    def show_analysis(self, analysis: Analysis | None, error: str = "") -> None:
        """Show a (partial) analysis in the panes, or the error that stopped it."""
        from reader.ui.widgets.analysis_pane import AnalysisPane

        self.analysis = analysis
        self.error = error
        for pane in self.query(AnalysisPane):
            pane.show(analysis, error)

    def on_mount(self) -> None:
        # A sidebar built for a key press gets its pane once its tabs exist.
        self._ready = True
        if self._pending is not None:
            self.show_pane(*self._pending)

    def show_pane(self, pane_id: str, caret: int = 0) -> None:
        """Bring a pane to the front and put the keyboard in its list.

        Args:
            pane_id: "contents", "entities", "figures", "quotes" or "notes".
            caret: the article's caret, so the contents highlight the section it is in.
        """
        if not self._ready:
            self._pending = (pane_id, caret)
            return
        self._pending = None
        tabs = self.query_one(TabbedContent)
        tabs.active = pane_id
        if pane_id == "contents":
            self.query_one(OutlinePane).select_offset(caret)
        tabs.get_pane(pane_id).query(OptionList).first().focus()
