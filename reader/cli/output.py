"""Everything the `reader` command writes about the store goes through here.

Titles, notes, file names and the person's arguments are data: `say` and `show` make them
safe to show (`core.text.display.for_display`), so an escape sequence kept in a note or a
file name is shown as `␛`, never obeyed by the terminal. `show_json` keeps the data exact
and writes the characters a terminal acts on as JSON escapes.
"""

from __future__ import annotations

import json
import sys

from reader.core.text.display import escape_json, for_display, one_line


def say(message: str) -> None:
    """A message for the person, on stderr, prefixed "reader: "."""
    print(f"reader: {for_display(message)}", file=sys.stderr)


def tell(message: str) -> None:
    """A line for the person on stderr without the prefix (a summary, a kept file)."""
    print(for_display(message), file=sys.stderr)


def show(text: str) -> None:
    """Output on stdout (a table, search results, an id), made safe to show."""
    print(for_display(text))


def show_json(data: object) -> None:
    """`data` as indented JSON on stdout: exact, and safe to print on a terminal."""
    print(escape_json(json.dumps(data, indent=2, ensure_ascii=False)))


def shortened(text: str, width: int) -> str:
    """`text` on one line of at most `width` characters, ending in an ellipsis when cut.

    Runs of white space become one space and controls are shown visibly, so a note's line
    breaks or a stray escape sequence never garble a list.
    """
    flat = one_line(text)
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"
