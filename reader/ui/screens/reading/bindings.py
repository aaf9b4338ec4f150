"""The reading screen's keys: each binding with a short verb, a tooltip and an id.

The ids are what a keymap in the settings file remaps (`App.set_keymap`); the help screen
and the command palette are built from these bindings, never from a hand-written list.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

from reader.core.model.annotations import HIGHLIGHT_COLORS


def _color_binding(number: int, color: str) -> Binding:
    return Binding(
        str(number),
        f"color('{color}')",
        color.capitalize(),
        show=False,
        id=f"highlight-{color}",
        tooltip=f"Highlight the selection in {color}, or make the highlight at the caret {color}",
    )


READING_BINDINGS: list[BindingType] = [
    Binding("slash", "search", "Search", id="search", tooltip="Search the article"),
    Binding(
        "t",
        "contents",
        "Contents",
        id="contents",
        tooltip="Jump to a heading from the table of contents",
    ),
    Binding(
        "X",
        "export_article",
        "Export",
        show=False,
        id="export-article",
        tooltip="Export this article's highlights and notes as Markdown to your notes folder",
    ),
    Binding(
        "s",
        "toggle_sidebar",
        "Sidebar",
        id="toggle-sidebar",
        tooltip="Show or hide the sidebar",
    ),
    Binding(
        "E",
        "open_pane('entities')",
        "Entities",
        id="show-entities",
        tooltip="List the people, organisations and places the article names",
    ),
    Binding(
        "F",
        "open_pane('figures')",
        "Figures",
        show=False,
        id="show-figures",
        tooltip="List the numbers the article states and what they count",
    ),
    Binding(
        "Q",
        "open_pane('quotes')",
        "Quotes",
        show=False,
        id="show-quotes",
        tooltip="List who the article quotes, saying what",
    ),
    Binding(
        "e",
        "toggle_entity_marks",
        "Colour entities",
        show=False,
        id="toggle-entity-marks",
        tooltip="Colour every mention of every entity in the text, or stop",
    ),
    Binding(
        "H",
        "highlight_selection",
        "Highlight",
        id="highlight-selection",
        tooltip="Highlight the selection in the default colour",
    ),
    *(_color_binding(number, color) for number, color in enumerate(HIGHLIGHT_COLORS, 1)),
    Binding(
        "a",
        "edit_note",
        "Note",
        id="edit-note",
        tooltip="Write a note on the highlight at the caret, or on the selection",
    ),
    Binding(
        "A",
        "document_note",
        "Document note",
        show=False,
        id="document-note",
        tooltip="Write a note on the whole document",
    ),
    Binding(
        "d",
        "delete_highlight",
        "Delete highlight",
        show=False,
        id="delete-highlight",
        tooltip="Delete the highlight at the caret (asks first if it has a note)",
    ),
    Binding(
        "greater_than_sign",
        "resize_highlight('extend_end')",
        "Extend end",
        show=False,
        id="extend-highlight-end",
        tooltip="Extend the highlight at the caret by a word at its end",
    ),
    Binding(
        "less_than_sign",
        "resize_highlight('shrink_end')",
        "Shrink end",
        show=False,
        id="shrink-highlight-end",
        tooltip="Shrink the highlight at the caret by a word at its end",
    ),
    Binding(
        "left_square_bracket",
        "resize_highlight('extend_start')",
        "Extend start",
        show=False,
        id="extend-highlight-start",
        tooltip="Extend the highlight at the caret by a word at its start",
    ),
    Binding(
        "right_square_bracket",
        "resize_highlight('shrink_start')",
        "Shrink start",
        show=False,
        id="shrink-highlight-start",
        tooltip="Shrink the highlight at the caret by a word at its start",
    ),
    Binding("u", "undo", "Undo", show=False, id="undo", tooltip="Undo the last annotation change"),
    Binding(
        "ctrl+r",
        "redo",
        "Redo",
        show=False,
        id="redo",
        tooltip="Redo the annotation change just undone",
    ),
    Binding(
        "M",
        "open_pane('notes')",
        "Notes",
        id="show-notes",
        tooltip="List the highlights and notes of the article",
    ),
    Binding(
        "escape",
        "focus_article",
        "Back to text",
        show=False,
        id="focus-article",
        tooltip="Put the keyboard back in the article",
    ),
]
"""The keys of `ReadingScreen`, in the order the footer and the help screen list them."""

ANNOTATING_ACTIONS = frozenset(
    {
        "highlight_selection",
        "color",
        "edit_note",
        "document_note",
        "delete_highlight",
        "resize_highlight('extend_end')",
        "resize_highlight('shrink_end')",
        "resize_highlight('extend_start')",
        "resize_highlight('shrink_start')",
        "undo",
        "redo",
    }
)
"""Actions that write to the store: unavailable when the screen has none."""
