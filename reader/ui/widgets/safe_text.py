"""Stored text made safe to draw: the one way widgets turn notes, titles and paths into Text.

Rich's `Text` never reads its text as markup, but it passes an escape sequence through to
the terminal (it strips only BEL, BS, VT, FF and CR), so a note holding `ESC ] 0;title BEL`
would rename the window. Every widget that shows stored data builds its strings with
`core.text.display.one_line` or `for_display`, or passes a Text built from data through
`safe` at the one place it hands it to Textual.
"""

from __future__ import annotations

from itertools import pairwise

from rich.segment import Segment
from rich.text import Text
from textual.strip import Strip

from reader.core.text.display import for_display


def safe(text: Text) -> Text:
    """A copy of `text` with its characters made safe to show, keeping its styles.

    Text that needs no change is returned as it is (the common case, and cheap).
    """
    plain = text.plain
    if for_display(plain) == plain:
        return text
    out = Text(
        style=text.style,
        justify=text.justify,
        overflow=text.overflow,
        no_wrap=text.no_wrap,
        end=text.end,
    )
    bounds = sorted(
        {0, len(plain), *(span.start for span in text.spans)} | {span.end for span in text.spans}
    )
    for start, end in pairwise(bounds):
        position = len(out)
        out.append(for_display(plain[start:end]))
        for span in text.spans:
            if span.start <= start and span.end >= end:
                out.stylize(span.style, position, len(out))
    return out


def safe_strip(strip: Strip) -> Strip:
    """A line drawn from the person's text (the note editor's) with its characters made safe.

    The widget still holds the exact text; only what reaches the terminal changes.
    """
    segments = list(strip)
    if all(for_display(segment.text) == segment.text for segment in segments):
        return strip
    return Strip([Segment(for_display(text), style, control) for text, style, control in segments])
