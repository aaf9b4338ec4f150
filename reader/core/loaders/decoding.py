"""Source bytes to text: UTF-8 first, then the most plausible legacy encoding.

Most files are UTF-8; anything else is guessed with charset-normalizer, and the guess is
reported as a notice, since a wrong guess shows as odd letters the person should know about.
"""

from __future__ import annotations

import codecs
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
        LoadError: the bytes look binary (NUL bytes) or fit no known encoding.
    """
    for bom, codec in _UTF_BOMS:
        if data.startswith(bom):
            try:
                return _decoded(data.decode(codec), codec)
            except UnicodeDecodeError:
                break
    if b"\x00" in data:
        raise _binary(label)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    # Imported here: most files are UTF-8 and never need the detector.
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise _binary(label)
    codec = best.encoding
    if codec != _PREFERRED_LEGACY and _prefer_legacy(data, best, matches):
        codec = _PREFERRED_LEGACY
    return _decoded(data.decode(codec), codec)


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
