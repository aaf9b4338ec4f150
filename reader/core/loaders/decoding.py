"""Source bytes to text: UTF-8 first, then the most plausible legacy encoding.

UTF-8 text with a few invalid bytes (a truncated download, one bad byte) is read as UTF-8
with each such byte replaced by U+FFFD and a notice that counts them: refusing the whole
article over one byte loses everything. Only bytes that are mostly not text (control bytes,
or bytes that fit no encoding) are refused as binary.

Most files are UTF-8; anything else is guessed with charset-normalizer, and the guess is
reported as a notice, since a wrong guess shows as odd letters the person should know about.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.core.errors import LoadError

if TYPE_CHECKING:
    from charset_normalizer import CharsetMatch, CharsetMatches

_UTF_BOMS = (
    # Longest first: the UTF-32 LE mark starts with the UTF-16 LE one.
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_PREFERRED_LEGACY = "cp1252"
"""Chosen among equally plausible guesses: the commonest legacy encoding, and the one
browsers use for text labelled ISO-8859-1."""


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text decoded from bytes, with what the person should hear about it."""

    text: str
    encoding: str
    """A familiar name: "utf-8", "windows-1252", "ISO-8859-5"."""
    notices: tuple[str, ...] = ()


def decode(data: bytes, label: str) -> Decoded:
    """Decode source bytes.

    Args:
        data: the raw bytes.
        label: how to name the source inside an error sentence ("notes.txt", "standard input").

    Raises:
        LoadError: the bytes are mostly not text (control bytes, or no encoding fits them).
    """
    for bom, codec in _UTF_BOMS:
        if data.startswith(bom):
            try:
                return _decoded(data.decode(codec), codec)
            except UnicodeDecodeError:
                break
    if _looks_binary(data):
        raise _binary(label)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    replaced = _mostly_utf8(data)
    if replaced is not None:
        return replaced
    # Imported here: most files are UTF-8 and never need the detector.
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        return _with_replacement(data, label)
    codec = best.encoding
    if codec != _PREFERRED_LEGACY and _prefer_legacy(data, best, matches):
        codec = _PREFERRED_LEGACY
    return _decoded(data.decode(codec), codec)


_BINARY_BYTES = re.compile(b"[\x00-\x06\x08\x0e-\x1a\x1c-\x1f]")
"""Control bytes text does not hold (all but tab, line ends, form feed, escape and BEL: BEL
ends a terminal's string sequence, such as a window title, which a saved log can hold)."""
_BINARY_SHARE = 0.01
"""More control bytes than this share of the file, and it is not text (random bytes have
about 10%; an article with one stray NUL has a hundredth of that)."""
_INVALID_SHARE = 0.05
"""Beyond this share of bytes that are not UTF-8 and fit no other encoding, not text."""


def _looks_binary(data: bytes) -> bool:
    """Whether the bytes are mostly not text: NULs and other controls text does not use.

    A share, not "any NUL": one stray byte in an article is dropped, not a reason to
    refuse the whole file.
    """
    if b"\x00" in data[:8] and data.count(b"\x00") > 1:
        return True  # a file format's header (GIF, PNG): binary however short
    return len(_BINARY_BYTES.findall(data)) > len(data) * _BINARY_SHARE


def _mostly_utf8(data: bytes) -> Decoded | None:
    """UTF-8 text with a few invalid bytes, each replaced with U+FFFD; None if the bytes are
    more likely another encoding.

    Text in a legacy encoding has no valid multi-byte UTF-8 sequences (or only by chance),
    while UTF-8 text with a stray byte has many more of them than invalid bytes.
    """
    invalid = _invalid_utf8_bytes(data)
    multibyte = len(_NON_ASCII.findall(data.decode("utf-8", "ignore")))
    if multibyte < max(invalid, 1) or invalid > len(data) * _INVALID_SHARE:
        return None
    return _replacing(data, invalid)


def _with_replacement(data: bytes, label: str) -> Decoded:
    """The bytes as UTF-8 with replacements, when no encoding fits them and they are still
    mostly text; else the error that they do not look like text."""
    invalid = _invalid_utf8_bytes(data)
    if invalid > len(data) * _INVALID_SHARE:
        raise _binary(label)
    return _replacing(data, invalid)


def _replacing(data: bytes, invalid: int) -> Decoded:
    what = "byte that is" if invalid == 1 else "bytes that are"
    notice = f"Replaced {invalid} {what} not valid UTF-8 with \ufffd."
    return Decoded(data.decode("utf-8", "replace"), "utf-8", (notice,))


def _invalid_utf8_bytes(data: bytes) -> int:
    """How many bytes are not part of valid UTF-8: "surrogateescape" stands one lone
    surrogate for each, and valid UTF-8 never decodes to one."""
    return len(_ESCAPED_BYTE.findall(data.decode("utf-8", "surrogateescape")))


_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")
_NON_ASCII = re.compile("[^\x00-\x7f]")


def _prefer_legacy(data: bytes, best: CharsetMatch, matches: CharsetMatches) -> bool:
    """Whether windows-1252 reads the bytes as well as the best guess does.

    charset-normalizer often cannot tell windows-1252 from its Central European or Baltic
    siblings on short Western text; the commonest encoding is then the better bet, and
    when it yields the very same text it is the better name too.
    """
    tied = any(
        match.encoding == _PREFERRED_LEGACY
        and match.chaos == best.chaos
        and match.coherence == best.coherence
        for match in matches
    )
    if tied:
        return True
    try:
        return data.decode(_PREFERRED_LEGACY) == str(best)
    except UnicodeDecodeError:
        return False


def _decoded(text: str, codec: str) -> Decoded:
    name = _familiar_name(codec)
    if name == "utf-8":
        return Decoded(text, name)
    return Decoded(text, name, (f"Read as {name}, not UTF-8.",))


def _familiar_name(codec: str) -> str:
    """The name people know an encoding by ("cp1252" -> "windows-1252")."""
    name = codecs.lookup(codec).name
    if name == "utf-8-sig":
        return "utf-8"
    if name.startswith("cp125"):
        return "windows-" + name[2:]
    if name.startswith("iso8859-"):
        return "ISO-8859-" + name.removeprefix("iso8859-")
    return name


def _binary(label: str) -> LoadError:
    return LoadError(f"Cannot open {label}: it does not look like text (perhaps a binary file).")
