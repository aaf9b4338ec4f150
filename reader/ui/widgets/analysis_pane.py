"""AnalysisPane: what the entities, figures and quotes panes share.

A filter on top, a line saying how the analysis is going (or why it failed), and a list to
move in. Each pane turns an `Analysis` into rows; typing in the list narrows it, Enter
chooses a row and the pane posts a message for the screen to act on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from reader.core.analysis.model import Analysis
from reader.core.text.display import for_display
from reader.core.text.find import fold_accents
from reader.ui.widgets.safe_text import safe


@dataclass(frozen=True)
class PaneRow:
    """One row of a pane's list: a heading, or an item the reader can choose."""

    prompt: Text
    """What the row shows; built from `Text`, so article words are never read as markup."""
    key: str | None = None
    """Identifies the item across refills, to keep it highlighted; None for a heading."""
    haystack: str = ""
    """Casefolded text the filter looks in."""
    item: object = None
    """The entity, figure or quote behind the row."""


def shorten(text: str, limit: int) -> str:
    """`text` on one line, cut at a word to at most `limit` characters, with an ellipsis."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "…"


UNFILTERED = frozenset("q?/")
"""Keys that keep their command (quit, help, to the filter) in a pane's list while its
filter is empty."""


def folded(text: str) -> str:
    """`text` as a filter compares it: case and accents ignored ("peter" finds "Péter"), as
    the article search does."""
    lowered = text.casefold()
    return lowered if lowered.isascii() else fold_accents(lowered)


class AnalysisPane(Vertical):
    """A filter, a status line and a list of what the analysis found; subclasses fill it."""

    def component_text_style(self, component: str) -> Style:
        """A component class's colour and text style, without its background.

        `get_component_rich_style(partial=True)` cannot resolve a translucent colour such as
        `$text-muted` ("auto 60%") and gives white; the full style blends it on the pane.
        """
        full = self.get_component_rich_style(component)
        return Style(color=full.color, bold=full.bold, italic=full.italic, dim=full.dim)

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "slash",
            "focus_filter",
            "Filter",
            show=False,
            id="pane-filter",
            tooltip="Put the keyboard in the filter",
        ),
        Binding(
            "escape",
            "clear_filter",
            "Clear filter",
            show=False,
            id="pane-clear-filter",
            tooltip="Clear the filter and go back to the list",
        ),
        Binding(
            "down",
            "focus_list",
            "To list",
            show=False,
            id="pane-to-list",
            tooltip="Keep the filter and move to the list",
        ),
    ]

    NOUN: ClassVar[str] = "items"
    """What the pane lists, for "No items found."."""

    DIVIDED: ClassVar[bool] = False
    """Whether a rule separates the rows: for rows that wrap over several lines."""

    GROUP_LIMIT: ClassVar[int] = 200
    """Rows shown per group (under one heading), the first ones; a book's long tail is
    reached by filtering, and the list stays quick to rebuild."""

    def __init__(
        self, analysis: Analysis | None = None, error: str = "", *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.analysis = analysis
        """What is shown: a partial analysis while it runs, None before the first part."""
        self.error = error
        """Why the analysis failed, as one sentence; "" when it did not."""
        self.filter_text = ""
        """What was typed in the filter; rows must contain it."""
        self.rows: list[PaneRow] = []
        """The rows in the list, headings included, by option index."""
        self._drawn_theme = ""
        self._shown = False
        self._stale = True

    def compose(self) -> ComposeResult:
        yield Input(
            placeholder="type to filter",
            compact=True,
            select_on_focus=False,  # the key that moved the keyboard here is already in it
            classes="analysis-pane--filter",
        )
        yield Label("", classes="analysis-pane--status", markup=False)
        yield OptionList(classes="analysis-pane--list", markup=False)

    @property
    def option_list(self) -> OptionList:
        """The list of rows."""
        return self.query_one(".analysis-pane--list", OptionList)

    @property
    def filter_input(self) -> Input:
        """The filter."""
        return self.query_one(".analysis-pane--filter", Input)

    def on_show(self) -> None:
        self._shown = True
        if self._stale:
            self.refill()

    def on_hide(self) -> None:
        self._shown = False

    def show(self, analysis: Analysis | None, error: str = "") -> None:
        """Show a (partial) analysis, None while waiting for one, or the error that stopped it."""
        self.analysis = analysis
        self.error = error
        self._refill_when_shown()

    def _refill_when_shown(self) -> None:
        # A book's entities are thousands of rows: a pane that is not on screen (another
        # tab, or the sidebar hidden) is rebuilt when it is next shown, not at every part.
        if self._shown:
            self.refill()
        else:
            self._stale = True

    def make_rows(self, analysis: Analysis) -> list[PaneRow]:
        """The rows for `analysis`, headings included; subclasses say what they list."""
        raise NotImplementedError

    def chosen(self, row: PaneRow) -> None:
        """Tell the screen the reader chose `row`; subclasses post their message."""
        raise NotImplementedError

    def notify_style_update(self) -> None:
        super().notify_style_update()
        # Rows are drawn with the pane's component styles: a new theme means new rows.
        # (Styles also update on focus changes, which need none.) After the refresh: the
        # component styles are updated after this call.
        if self.is_mounted and self.app.theme != self._drawn_theme:
            self._drawn_theme = self.app.theme
            self.call_after_refresh(self._refill_when_shown)

    def refill(self) -> None:
        """Rebuild the list from the analysis and the filter, keeping the highlighted item."""
        self._drawn_theme = self.app.theme
        self._stale = False
        option_list = self.option_list
        highlighted = option_list.highlighted
        keep = self.rows[highlighted].key if highlighted is not None else None
        rows = self._visible_rows()
        self.rows = rows
        options: list[Option | None] = []
        for index, row in enumerate(rows):
            if self.DIVIDED and index and rows[index - 1].key is not None:
                options.append(None)  # a rule under the row before
            # The one place rows reach Textual: names, notes and labels are made safe here.
            options.append(Option(safe(row.prompt), disabled=row.key is None))
        option_list.set_options(options)
        keys = [row.key for row in rows]
        if keep is not None and keep in keys:
            option_list.highlighted = keys.index(keep)
        else:
            option_list.highlighted = next(
                (index for index, key in enumerate(keys) if key is not None), None
            )
        self._describe(rows)

    def _visible_rows(self) -> list[PaneRow]:
        """The rows that pass the filter, with the headings of the groups that have any."""
        if self.analysis is None:
            return []
        needle = folded(self.filter_text.strip())
        kept: list[PaneRow] = []
        heading: PaneRow | None = None
        shown = hidden = 0
        for row in self.make_rows(self.analysis):
            if row.key is None:
                kept.extend(self._more(hidden))
                heading, shown, hidden = row, 0, 0
            elif not needle or needle in folded(row.haystack):
                if shown == self.GROUP_LIMIT:
                    hidden += 1
                    continue
                if heading is not None:
                    kept.append(heading)
                    heading = None
                kept.append(row)
                shown += 1
        kept.extend(self._more(hidden))
        return kept

    def _more(self, hidden: int) -> list[PaneRow]:
        """A row saying how many were left out of a group, if any were."""
        if not hidden:
            return []
        return [PaneRow(Text(f"… and {hidden:,} more: type to filter", style="italic"))]

    def _describe(self, rows: list[PaneRow]) -> None:
        """Say how the analysis is going, why it failed, or why the list is empty."""
        status = self.query_one(".analysis-pane--status", Label)
        analysis = self.analysis
        has_items = any(row.key is not None for row in rows)
        if self.error:
            message = self.error
        elif analysis is None:
            message = "Analysing…"
        elif not analysis.complete:
            message = f"Analysing… {round(analysis.done * 100):d}%"
        elif has_items:
            message = ""
        elif self.filter_text.strip():
            message = f"Nothing matches “{self.filter_text.strip()}”."
        else:
            message = f"No {self.NOUN} found."
        status.update(for_display(message))
        status.display = bool(message)
        status.set_class(bool(self.error), "-error")

    # -- keys -------------------------------------------------------------------------

    def on_key(self, event: events.Key) -> None:
        """Keys typed in the list go to the filter, so typing narrows the list at once.

        One rule for every pane: every printable key filters ("Kerry", "#tag", "2016"),
        but for `q` (quit), `?` (help), `/` (to the filter) and the keys that open another
        pane (E, F, Q, M) while the filter is empty.
        """
        character = event.character
        if not (event.is_printable and character) or character == " ":
            return
        if not self.option_list.has_focus:
            return
        if not self.filter_text and (character in UNFILTERED or self._opens_a_pane(event.key)):
            return
        event.stop()
        event.prevent_default()
        self.filter_input.focus()
        self.filter_input.insert_text_at_cursor(character)

    def _opens_a_pane(self, key: str) -> bool:
        active = self.screen.active_bindings.get(key)
        return active is not None and active.binding.action.startswith("open_pane(")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "focus_list":
            return self.filter_input.has_focus
        if action == "clear_filter":
            # Escape clears the filter first; with nothing to clear it falls through to the
            # screen: back to the text.
            return bool(self.filter_text)
        return True

    def action_focus_filter(self) -> None:
        """Put the keyboard in the filter."""
        self.filter_input.focus()

    def action_focus_list(self) -> None:
        """Keep the filter and move to the list."""
        self.option_list.focus()

    def action_clear_filter(self) -> None:
        """Empty the filter and go back to the list."""
        self.filter_input.value = ""
        self.option_list.focus()

    @on(Input.Changed, ".analysis-pane--filter")
    def filter_as_typed(self, event: Input.Changed) -> None:
        """Narrow the list to what has been typed so far."""
        event.stop()
        self.filter_text = event.value
        self.refill()

    @on(Input.Submitted, ".analysis-pane--filter")
    def choose_first_match(self, event: Input.Submitted) -> None:
        """Enter in the filter acts on the first row that matches (as Enter on it would);
        with none, the keyboard moves to the list."""
        event.stop()
        first = next((index for index, row in enumerate(self.rows) if row.key is not None), None)
        self.option_list.focus()
        if first is not None:
            self.option_list.highlighted = first
            self.chosen(self.rows[first])

    @on(OptionList.OptionSelected, ".analysis-pane--list")
    def choose_row(self, event: OptionList.OptionSelected) -> None:
        """Turn the chosen option into a message for the screen."""
        event.stop()
        if event.option_index < len(self.rows) and self.rows[event.option_index].key is not None:
            self.chosen(self.rows[event.option_index])
