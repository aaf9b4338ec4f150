"""The article view's keys: its bindings (scrolling, caret motion, selecting, searching,
jumps), the help text beside them, and the plain motions they run.

Kept beside `article_view.py` because the list is long. Every binding has an id, so a config
keymap can remap it, and a tooltip; the help screen's table is built from the bindings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding, BindingType

if TYPE_CHECKING:
    from reader.core.text.text_units import TextUnits

ARTICLE_VIEW_HELP = """
## Reading

Scroll with **j** and **k** or the arrows, page with **space** and **b**.
The caret (the highlighted cell) marks your place. Move it by word with **w** and **W**,
by sentence with **)** and **(**, by paragraph with **}** and **{**.
Search with **/**, then **n** and **N**. **Ctrl+O** goes back to where you jumped from,
**Alt+→** forward again. **t** shows the contents, **L** the library.

**E**, **F** and **Q** list the article's entities, figures and quotes. Choosing an entity
colours its every mention; **e** colours all of them. **n** and **N** step through what you
asked for last: the coloured mentions, or the matches of a search begun after them.
**x** (or **Escape**) clears the colours.

## Highlighting

**v** starts a selection at the caret; the motion keys above extend it. **V** selects the
sentence, **P** the paragraph; dragging the mouse selects too. **H** highlights the selection
in the default colour, **1**–**5** in yellow, green, blue, pink or purple. With the caret on a
highlight, **1**–**5** recolour it, **d** deletes it, **>** and **<** move its end a word,
**[** and **]** its start. **a** writes a note on the highlight or selection, **A** on the
whole document; **M** lists them all. **u** undoes, **Ctrl+R** redoes.
"""
"""The help screen's blurb for the article view, shown beside its table of keys."""

ARTICLE_VIEW_BINDINGS: list[BindingType] = [
    Binding(
        "j,down",
        "line_down",
        "Down",
        show=False,
        id="line-down",
        tooltip="Scroll down one line",
    ),
    Binding("k,up", "line_up", "Up", show=False, id="line-up", tooltip="Scroll up one line"),
    Binding("space,pagedown", "page_down", "Page", id="page-down", tooltip="Scroll down one page"),
    Binding(
        "b,pageup", "page_up", "Page up", show=False, id="page-up", tooltip="Scroll up one page"
    ),
    Binding(
        "g,home",
        "go_top",
        "Top",
        show=False,
        id="go-top",
        tooltip="Go to the start of the article",
    ),
    Binding(
        "G,end",
        "go_end",
        "End",
        show=False,
        id="go-end",
        tooltip="Go to the end of the article",
    ),
    Binding(
        "h,left",
        "caret_left",
        "Left",
        show=False,
        id="caret-left",
        tooltip="Move the caret one character left",
    ),
    Binding(
        "l,right",
        "caret_right",
        "Right",
        show=False,
        id="caret-right",
        tooltip="Move the caret one character right",
    ),
    Binding(
        "w,ctrl+right",
        "next_word",
        "Next word",
        show=False,
        id="next-word",
        tooltip="Move the caret to the next word",
    ),
    Binding(
        "W,ctrl+left",
        "previous_word",
        "Previous word",
        show=False,
        id="previous-word",
        tooltip="Move the caret to the previous word",
    ),
    Binding(
        "right_parenthesis",
        "next_sentence",
        "Next sentence",
        show=False,
        id="next-sentence",
        tooltip="Move the caret to the next sentence",
    ),
    Binding(
        "left_parenthesis",
        "previous_sentence",
        "Previous sentence",
        show=False,
        id="previous-sentence",
        tooltip="Move the caret to the start of the sentence",
    ),
    Binding(
        "right_curly_bracket",
        "next_paragraph",
        "Next paragraph",
        show=False,
        id="next-paragraph",
        tooltip="Move the caret to the next paragraph",
    ),
    Binding(
        "left_curly_bracket",
        "previous_paragraph",
        "Previous paragraph",
        show=False,
        id="previous-paragraph",
        tooltip="Move the caret to the start of the paragraph",
    ),
    Binding(
        "n",
        "next_match",
        "Next match",
        show=False,
        id="next-match",
        tooltip="Jump to the next search match or coloured mention, whichever came last",
    ),
    Binding(
        "N",
        "previous_match",
        "Previous match",
        show=False,
        id="previous-match",
        tooltip="Jump to the previous search match or coloured mention, whichever came last",
    ),
    Binding(
        "v",
        "toggle_selection",
        "Select",
        id="start-selection",
        tooltip="Start selecting at the caret (the motion keys extend it), or stop",
    ),
    Binding(
        "V",
        "select_sentence",
        "Select sentence",
        show=False,
        id="select-sentence",
        tooltip="Select the sentence the caret is in",
    ),
    Binding(
        "P",
        "select_paragraph",
        "Select paragraph",
        show=False,
        id="select-paragraph",
        tooltip="Select the paragraph the caret is in",
    ),
    Binding(
        "escape",
        "clear_selection",
        "Clear selection",
        show=False,
        id="clear-selection",
        tooltip="Stop selecting",
    ),
    Binding(
        "x,escape",
        "clear_marks",
        "Clear marks",
        show=False,
        id="clear-marks",
        tooltip="Stop colouring entity mentions",
    ),
    Binding(
        "ctrl+o,alt+left",
        "jump_back",
        "Jump back",
        show=False,
        id="jump-back",
        tooltip="Go back to where you jumped from",
    ),
    Binding(
        "alt+right,ctrl+n",
        "jump_forward",
        "Jump forward",
        show=False,
        id="jump-forward",
        tooltip="Go forward again in the jump list",
    ),
    Binding(
        "plus,equals_sign",
        "widen",
        "Wider",
        show=False,
        id="widen",
        tooltip="Widen the reading column",
    ),
    Binding(
        "minus",
        "narrow",
        "Narrower",
        show=False,
        id="narrow",
        tooltip="Narrow the reading column",
    ),
]


class CaretMotions:
    """The actions of the scrolling and caret-motion keys, mixed into `ArticleView`: each one
    scrolls by rows or moves the caret by a text unit, through the view's own methods."""

    if TYPE_CHECKING:
        units: TextUnits

        @property
        def caret(self) -> int: ...

        @property
        def page_height(self) -> int: ...

        def move_caret(self, offset: int, *, follow: bool = True) -> None: ...

        def _scroll_rows(self, rows: int) -> None: ...

    def action_line_down(self) -> None:
        """Scroll down one line."""
        self._scroll_rows(1)

    def action_line_up(self) -> None:
        """Scroll up one line."""
        self._scroll_rows(-1)

    def action_page_down(self) -> None:
        """Scroll down one page."""
        self._scroll_rows(self.page_height)

    def action_page_up(self) -> None:
        """Scroll up one page."""
        self._scroll_rows(-self.page_height)

    def action_caret_left(self) -> None:
        """Move the caret one character left."""
        self.move_caret(self.caret - 1)

    def action_caret_right(self) -> None:
        """Move the caret one character right."""
        self.move_caret(self.caret + 1)

    def action_next_word(self) -> None:
        """Move the caret to the next word."""
        self.move_caret(self.units.next_word(self.caret))

    def action_previous_word(self) -> None:
        """Move the caret to the previous word."""
        self.move_caret(self.units.previous_word(self.caret))

    def action_next_sentence(self) -> None:
        """Move the caret to the next sentence."""
        self.move_caret(self.units.next_sentence(self.caret))

    def action_previous_sentence(self) -> None:
        """Move the caret to the start of this or the previous sentence."""
        self.move_caret(self.units.previous_sentence(self.caret))

    def action_next_paragraph(self) -> None:
        """Move the caret to the next paragraph."""
        self.move_caret(self.units.next_paragraph(self.caret))

    def action_previous_paragraph(self) -> None:
        """Move the caret to the start of this or the previous paragraph."""
        self.move_caret(self.units.previous_paragraph(self.caret))
