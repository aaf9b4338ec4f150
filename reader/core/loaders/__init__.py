"""Load an article from a file, bytes or text: plain text, Markdown or HTML.

Every failure the person can act on (missing file, a folder, binary data, empty text, too
large) raises `LoadError` with one plain sentence naming the source.
"""

from __future__ import annotations

import dataclasses
import importlib
import os
import re
import stat
import sys
from pathlib import Path

from reader.core.errors import LoadError
from reader.core.loaders.decoding import decode
from reader.core.loaders.normalize import Parsed
from reader.core.model.document import Article, BlockKind

__all__ = [
    "FORMATS",
    "MAX_BYTES",
    "STDIN",
    "load_bytes",
    "load_path",
    "load_text",
    "path_bytes",
    "printable_path",
]

MAX_BYTES = 64 * 1024 * 1024
"""Larger sources are refused: far beyond any article or book, and likely not one."""

STDIN = "-"
"""The path that means standard input."""

FORMATS = ("text", "markdown", "html")
"""The format names `format=` accepts; each is the module `reader.core.loaders.<format>`."""


def _parse(format: str, source: str) -> Parsed:
    """Parse with the format's module, imported only now: Markdown and HTML bring large
    libraries (markdown-it, PyYAML, trafilatura) that opening a plain-text story never needs,
    and start-up time is what a reader feels first."""
    module = importlib.import_module(f"reader.core.loaders.{format}")
    parsed: Parsed = module.parse(source)
    return parsed


_EXTENSIONS = {
    "": "text", ".txt": "text", ".text": "text",
    ".md": "markdown", ".markdown": "markdown", ".mdown": "markdown", ".mkd": "markdown",
    ".html": "html", ".htm": "html", ".xhtml": "html",
}  # fmt: skip

_SNIFF_CHARS = 65536
"""Enough of the start of a source to recognise its format."""
_HTML_START_RE = re.compile(
    r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b",
    re.IGNORECASE | re.DOTALL,
)
_MARKDOWN_SIGNS_RE = re.compile(
    r"\A---[ \t]*\n.*?\n---[ \t]*$"  # YAML front matter
    r"|^#{1,6}[ \t]+\S"  # ATX heading
    r"|^(?:```|~~~)"  # fenced code
    r"|\[[^\]\n]+\]\([^)\s]+\)"  # inline link
    r"|^[ \t]*\[[^\]\n]+\]:[ \t]*\S"  # link reference definition
    r"|(?<![\w*])\*\*\S[^*\n]*\*\*(?![\w*])",  # strong emphasis
    re.MULTILINE | re.DOTALL,
)

_TITLE_LENGTH = 80
"""A derived title fits a library list row."""
_TITLE_MIN_SENTENCE = 20
"""Shorter "sentences" are usually abbreviations ("Mr.", "U.S.") cut off."""
_SENTENCE_END_RE = re.compile(r"[.!?\u2026][\"'\u201d\u2019)]*(?=\s|$)")


def load_path(path: str | os.PathLike[str], *, format: str | None = None) -> Article:
    """Load an article from a file, or from standard input when `path` is "-".

    Args:
        path: the file, or "-" for standard input.
        format: "text", "markdown" or "html"; guessed from the name and content if None.

    Raises:
        LoadError: the file is missing, a folder, unreadable, too large, binary or empty.
    """
    name = os.fspath(path)
    if name == STDIN:
        data = sys.stdin.buffer.read(MAX_BYTES + 1)
        return load_bytes(data, name=STDIN, source=STDIN, format=format)
    data = _read(name)
    return load_bytes(data, name=name, source=os.path.abspath(name), format=format)


def load_bytes(
    data: bytes, *, name: str = "", source: str = "", format: str | None = None
) -> Article:
    """Load an article from bytes, decoding them and choosing the format.

    Args:
        data: the source bytes.
        name: the file name, used to guess the format and to name the source in errors.
        source: what to record as `Metadata.source`.
        format: "text", "markdown" or "html"; else from `name`'s extension, else sniffed.

    Raises:
        LoadError: the data is too large, binary, empty or has no readable text.
    """
    label = _label(name or source)
    if len(data) > MAX_BYTES:
        raise _too_large(label, len(data))
    decoded = decode(data, label)
    chosen = format or _format_from_name(name) or _sniff(decoded.text)
    return _load(
        decoded.text,
        chosen,
        source=source,
        label=label,
        encoding=decoded.encoding,
        notices=decoded.notices,
    )


def load_text(text: str, *, format: str = "text", source: str = "") -> Article:
    """Load an article from text already decoded.

    Raises:
        LoadError: the text is empty or has no readable text, or `format` is unknown.
    """
    return _load(text, format, source=source, label=_label(source) if source else "the text")


def _load(
    source_text: str,
    format: str,
    *,
    source: str,
    label: str,
    encoding: str = "utf-8",
    notices: tuple[str, ...] = (),
) -> Article:
    """Parse decoded text in the chosen format and check that it held something to read."""
    if format not in FORMATS:
        known = ", ".join(FORMATS)
        raise LoadError(f"Unknown format “{format}”; use one of {known}.")
    if not source_text:
        raise LoadError(f"Cannot open {label}: it is empty.")
    if source_text.isspace():
        raise LoadError(f"Cannot open {label}: it holds only blank space.")
    parsed = _parse(format, source_text)
    article = parsed.builder.build(
        dataclasses.replace(parsed.meta, source=source),
        format=format,
        encoding=encoding,
        notices=notices + parsed.notices,
    )
    if not any(block.kind is not BlockKind.TITLE for block in article.blocks):
        raise LoadError(f"Found no readable text in {label}.")
    if not article.meta.title:
        title = _derive_title(article.block_text(article.blocks[0]))
        article = dataclasses.replace(article, meta=dataclasses.replace(article.meta, title=title))
    return article


def _derive_title(first_block: str) -> str:
    """A short title for a text with no headline: its first sentence, or its opening words.

    A person scanning a library list recognises a text by how it starts; a whole opening
    paragraph would not fit the row, so it is cut at a word and marked with an ellipsis.
    """
    first_block = " ".join(first_block.split())  # a code block's lines, on one row
    if len(first_block) <= _TITLE_LENGTH:
        return first_block
    for end in _SENTENCE_END_RE.finditer(first_block, 0, _TITLE_LENGTH + 1):
        if end.end() >= _TITLE_MIN_SENTENCE:
            return first_block[: end.end()]
    cut = first_block[: _TITLE_LENGTH - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:\u2014\u2013-") + "\u2026"


def _read(name: str) -> bytes:
    """The file's bytes, with every way of failing put as a sentence naming it as given."""
    label, path = name, Path(name)
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise LoadError(f"Cannot open {label}: it is a folder, not a file.")
        if info.st_size > MAX_BYTES:
            raise _too_large(label, info.st_size)
        with path.open("rb") as file:
            return file.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise LoadError(f"Cannot open {label}: there is no such file.") from None
    except IsADirectoryError:
        raise LoadError(f"Cannot open {label}: it is a folder, not a file.") from None
    except PermissionError:
        raise LoadError(f"Cannot open {label}: you do not have permission to read it.") from None
    except OSError as error:
        raise LoadError(f"Cannot open {label}: {error.strerror or error}.") from None


def _label(name: str) -> str:
    """How to name the source inside a sentence."""
    if name == STDIN:
        return "standard input"
    return printable_path(name) or "the input"


_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def printable_path(path: str) -> str:
    """A path as it can be shown and stored as text: a byte of a file name that is not
    UTF-8 (which Python holds as a lone surrogate, "surrogateescape") written as `\\xNN`.

    Such names come from Latin-1 systems and old archives; printing or storing the
    surrogate itself fails with UnicodeEncodeError.
    """
    if not _SURROGATE_RE.search(path):
        return path
    return path_bytes(path).decode("utf-8", "backslashreplace")


def path_bytes(path: str) -> bytes:
    """The bytes of a path's name on disk, surrogate escapes undone (the lossless form)."""
    try:
        return path.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate no file name gives (from text, not a disk)
        return path.encode("utf-8", "surrogatepass")


def _too_large(label: str, size: int) -> LoadError:
    limit, shown = _size(MAX_BYTES), _size(size)
    if shown == limit:
        # Standard input is read only to just past the limit, and a size a little over it
        # rounds to it: "it is 64 MiB, and the limit is 64 MiB" would make no sense.
        return LoadError(f"Cannot open {label}: it is more than {limit}, the limit.")
    return LoadError(f"Cannot open {label}: it is {shown}, more than the limit of {limit}.")


def _size(count: int) -> str:
    if count < 1024:
        return f"{count} bytes"
    if count < 1024 * 1024:
        return f"{count / 1024:.0f} KiB"
    return f"{count / (1024 * 1024):.0f} MiB"


def _format_from_name(name: str) -> str | None:
    """The format a file name's extension implies; None for standard input or no name."""
    if not name or name == STDIN:
        return None
    return _EXTENSIONS.get(Path(name).suffix.lower())


def _sniff(source_text: str) -> str:
    """Guess the format from the content: HTML by its opening tag, Markdown by its marks."""
    head = source_text[:_SNIFF_CHARS].replace("\r\n", "\n")
    if _HTML_START_RE.match(head):
        return "html"
    if _MARKDOWN_SIGNS_RE.search(head):
        return "markdown"
    return "text"
