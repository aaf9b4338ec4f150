"""Stored text made safe to show on a terminal: data is shown, it never acts.

A terminal acts on some characters instead of showing them. An escape sequence in a note or
a file name can rename the window or wipe the screen, a carriage return lets later text
overwrite earlier text, a bidi override reverses what follows, and tag characters and Hangul
fillers are invisible yet throw table columns out. Article text is cleaned as it is loaded;
notes, titles, labels, file names and search snippets are kept exactly as the person gave
them, so every place that shows one passes it through `for_display` (or `one_line`).

What changes, and why each way:

* C0 controls and DEL become their Unicode control pictures (ESC shows as ␛, BEL as ␇), one
  cell each, so the text keeps its shape and the person sees what is there. Tab and newline
  stay; CR LF, a lone CR, NEL and the line and paragraph separators become a newline.
* C1 controls, bidi embeddings, overrides and isolates, Hangul fillers, other format
  characters and lone surrogates are written as `<U+202E>` (a lone surrogate standing for
  an undecodable byte of a file name, as `<0xE9>`).
* Characters that are only ever invisible are dropped: tag characters (an emoji flag draws
  the same without them), soft hyphens, zero-width spaces, word joiners, byte order marks
  and the left-to-right and right-to-left marks. Zero-width joiners and non-joiners stay,
  since emoji sequences and Persian and Indic words need them.
"""

from __future__ import annotations

import re

_DROPPED = frozenset("\u00ad\u061c\u180e\u200b\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff")
"""Invisible characters that are left out of what is shown."""

_LINE_BREAKS = frozenset("\r\x85\u2028\u2029")
"""Characters that end a line: shown as a newline."""

_TAGS = range(0xE0000, 0xE0080)
"""Unicode tag characters: invisible, dropped."""

_BYTES = range(0xDC80, 0xDD00)
"""Lone surrogates that `surrogateescape` uses for bytes that are not UTF-8."""

_UNSAFE = re.compile(
    "\r\n|["
    "\x00-\x08\x0b-\x1f\x7f-\x9f"  # controls but tab and newline
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2"  # format characters
    "\u115f\u1160\u180e\u200b\u200e\u200f\u2028-\u202e\u2060-\u206f\u3164"
    "\ufeff\uffa0\ufff9-\ufffb"
    "\ud800-\udfff"  # lone surrogates
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0000-\U000e007f"  # tags
    "]"
)
"""What `for_display` changes: every control, format, filler and surrogate character
except tab, newline, the zero-width joiner and the zero-width non-joiner."""


def _shown(match: re.Match[str]) -> str:
    """What one unsafe character (or a CR LF) is shown as."""
    char = match.group()
    if char == "\r\n" or char in _LINE_BREAKS:
        return "\n"
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    if char in _DROPPED or code in _TAGS:
        return ""
    if code in _BYTES:
        return f"<0x{code - 0xDC00:02X}>"
    return f"<U+{code:04X}>"


def for_display(text: str) -> str:
    """`text` as it is safe to show on a terminal: the same characters, except the ones
    a terminal acts on or hides, which are shown visibly or left out (see the module).

    Tabs and newlines stay; text with nothing to change comes back as it is.
    """
    if not _UNSAFE.search(text):
        return text
    return _UNSAFE.sub(_shown, text)


_DIRECTIONAL = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\U000e0000-\U000e007f]")
"""Zero-width characters a terminal may act on (bidi marks, embeddings, overrides and
isolates) or that only hide things (tags): left out of the article as drawn."""


def has_directional(text: str) -> bool:
    """Whether `text` holds a character `without_directional` takes out."""
    return _DIRECTIONAL.search(text) is not None


def without_directional(text: str) -> str:
    """`text` without bidi controls and tag characters, for drawing an article's rows.

    The article keeps them (they are its text, and offsets count them); they take no cell,
    so leaving them out of what is drawn moves no column, and a right-to-left override in a
    page cannot reverse the lines a terminal that does bidi shows after it.
    """
    return _DIRECTIONAL.sub("", text)


def one_line(text: str) -> str:
    """`for_display(text)` on one line: every run of white space (line breaks and tabs
    too) one space, none at either end. For titles, table cells and status lines."""
    return " ".join(for_display(text).split())


def escape_json(serialised: str) -> str:
    """JSON text (from `json.dumps(..., ensure_ascii=False)`) with every character that
    `for_display` would change written as a `\\uXXXX` escape.

    The data reads back exactly the same, but the text holds no character a terminal acts
    on, so JSON printed to a terminal, or `cat` of an exported file, is safe. (`json.dumps`
    escapes C0 controls itself, but not DEL, C1 controls or bidi overrides.)
    """
    if not _UNSAFE.search(serialised):
        return serialised
    return _UNSAFE.sub(_json_escape, serialised)


def _json_escape(match: re.Match[str]) -> str:
    escaped = []
    for char in match.group():
        code = ord(char)
        if code > 0xFFFF:  # astral: a UTF-16 surrogate pair, as JSON spells it
            code -= 0x10000
            escaped.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
        else:
            escaped.append(f"\\u{code:04x}")
    return "".join(escaped)
