"""Reading sources: bad files, encodings, line endings, standard input and format choice."""

from __future__ import annotations

import io
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

import reader.core.loaders as loaders
from reader.core.errors import LoadError
from reader.core.loaders import load_bytes, load_path, load_text
from reader.core.model.document import BlockKind

BINARY = "it does not look like text (perhaps a binary file)"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- bad input -------------------------------------------------------------------------------


def test_max_bytes_is_generous() -> None:
    assert loaders.MAX_BYTES == 64 * 1024 * 1024


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("binary.txt", b"GIF89a\x00\x01\x02 header", BINARY),
        ("noise.txt", bytes(range(1, 256)) * 4, BINARY),
        ("empty.txt", b"", "it is empty"),
        ("blank.txt", b" \n\t\r\n  \n", "it holds only blank space"),
    ],
    ids=["nul-bytes", "undecodable", "empty", "whitespace-only"],
)  # fmt: skip
def test_bad_files(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    path = write(tmp_path, name, data)
    with pytest.raises(LoadError) as caught:
        load_path(path)
    assert str(caught.value) == f"Cannot open {path}: {message}."


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "gone.txt"
    with pytest.raises(LoadError) as caught:
        load_path(path)
    assert str(caught.value) == f"Cannot open {path}: there is no such file."


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as caught:
        load_path(tmp_path)
    assert str(caught.value) == f"Cannot open {tmp_path}: it is a folder, not a file."


def test_permission_denied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "secret.txt", b"text")

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    # chmod is no use when tests run as root, so refuse the open itself.
    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(LoadError) as caught:
        load_path(path)
    assert str(caught.value) == (f"Cannot open {path}: you do not have permission to read it.")


def test_too_large(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loaders, "MAX_BYTES", 10)
    path = write(tmp_path, "big.txt", b"x" * 11)
    with pytest.raises(LoadError) as caught:
        load_path(path)
    assert (
        str(caught.value) == f"Cannot open {path}: it is 11 bytes, more than the limit of 10 bytes."
    )
    with pytest.raises(LoadError, match=r"^Cannot open big\.txt: it is 11 bytes"):
        load_bytes(b"x" * 11, name="big.txt")


def test_too_large_on_standard_input_says_more_than_the_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Fails on the old code: "it is 64 MiB, and the limit is 64 MiB" (the input is read only
    # to one byte past the limit).
    big = b"x" * (loaders.MAX_BYTES + 1)
    monkeypatch.setattr("sys.stdin", SimpleNamespace(buffer=io.BytesIO(big)))
    with pytest.raises(LoadError) as caught:
        load_path("-")
    assert str(caught.value) == "Cannot open standard input: it is more than 64 MiB, the limit."


def test_empty_text_and_unknown_format() -> None:
    with pytest.raises(LoadError, match=r"^Cannot open the text: it is empty\.$"):
        load_text("")
    with pytest.raises(
        LoadError, match=r"^Unknown format “rtf”; use one of text, markdown, html\.$"
    ):
        load_text("Hello", format="rtf")


def test_load_error_is_one_sentence(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as caught:
        load_path(tmp_path / "a" / "b.txt")
    message = str(caught.value)
    assert message.endswith(".") and "\n" not in message and message[0].isupper()


# --- encodings and line endings ---------------------------------------------------------------


def test_utf8_bom_is_dropped() -> None:
    article = load_bytes(b"\xef\xbb\xbfTitle Here\n\nBody text.", name="bom.txt")
    assert article.text == "Title Here\n\nBody text."
    assert (article.encoding, article.notices) == ("utf-8", ())


def test_windows_1252_is_detected_and_reported() -> None:
    # Curly quotes are the bytes that tell windows-1252 from ISO-8859-1.
    data = "“Café” — it’s open late, and the crème brûlée is good.\n".encode("cp1252")
    article = load_bytes(data, name="menu.txt")
    assert article.text == "“Café” — it’s open late, and the crème brûlée is good."
    assert article.encoding == "windows-1252"
    assert article.notices == ("Read as windows-1252, not UTF-8.",)


def test_latin_1_reads_as_its_windows_superset() -> None:
    data = "Crème brûlée, naïve façade. Le garçon a dit bonjour.\n".encode("latin-1")
    article = load_bytes(data, name="menu.txt")
    assert article.text == "Crème brûlée, naïve façade. Le garçon a dit bonjour."
    assert article.notices == ("Read as windows-1252, not UTF-8.",)


def test_utf16_with_bom() -> None:
    article = load_bytes("Título\n\nTexto en español.".encode("utf-16"), name="es.txt")
    assert article.text == "Título\n\nTexto en español."
    assert article.encoding == "utf-16"


@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["crlf", "cr"])
def test_line_endings(newline: str) -> None:
    source = newline.join(["A Title", "", "First line", "", "Second line", ""])
    article = load_bytes(source.encode(), name="x.txt")
    assert article.text == "A Title\n\nFirst line\n\nSecond line"


def test_escape_sequences_and_controls_are_stripped() -> None:
    source = "\x1b[1;31mRed\x1b[0m alert\x07 and \x1b]0;pwned\x07tit\x00le\x9b2J here\x7f.\n\nMore."
    article = load_text(source)
    assert article.text == "Red alert and title here.\n\nMore."
    assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]", article.text)


def test_invisible_characters() -> None:
    article = load_text("co\u00adop\u200bera\ufefftion\u2060 and\u202fnarrow\u2009thin\u3000wide")
    assert article.text == "cooperation and narrow thin wide"


def test_zero_width_joiner_is_kept() -> None:
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert load_text(f"A family {family} walked.").text == f"A family {family} walked."


# --- standard input and format choice -----------------------------------------------------------


def test_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = SimpleNamespace(buffer=io.BytesIO(b"# Piped Title\n\nSome *piped* text.\n"))
    monkeypatch.setattr("sys.stdin", stdin)
    article = load_path("-")
    assert article.meta.source == "-"
    assert article.format == "markdown"
    assert article.text == "Piped Title\n\nSome piped text."


def test_empty_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", SimpleNamespace(buffer=io.BytesIO(b"")))
    with pytest.raises(LoadError, match=r"^Cannot open standard input: it is empty\.$"):
        load_path("-")


FORMAT_CASES = [
    ("story.md", b"Plain words.", None, "markdown"),
    ("story.MARKDOWN", b"Plain words.", None, "markdown"),
    ("story.txt", b"# Not a heading here", None, "text"),
    ("README", b"# Extensionless means text", None, "text"),
    ("page.htm", b"<p>Hello there</p>", None, "html"),
    ("page.xhtml", b"<p>Hello there</p>", None, "html"),
    ("", b"  <!DOCTYPE html><html><body><p>Hi there</p></body></html>", None, "html"),
    ("", b"<?xml version='1.0'?>\n<html><body><p>Hi there</p></body></html>", None, "html"),
    ("", b"---\ntitle: T\n---\nHello", None, "markdown"),
    ("", b"Intro\n\n## A heading\n\ntext", None, "markdown"),
    ("", b"See [the docs](https://example.org) first.", None, "markdown"),
    ("notes.rst", b"Just some plain words.", None, "text"),
    ("-", b"Just some plain words.", None, "text"),
    ("story.md", b"# Plain", "text", "text"),
]


@pytest.mark.parametrize(
    ("name", "data", "format", "expected"),
    FORMAT_CASES,
    ids=["md", "markdown-upper", "txt", "no-extension", "htm", "xhtml", "sniff-doctype",
         "sniff-xml-html", "sniff-front-matter", "sniff-heading", "sniff-link", "unknown-ext",
         "stdin-plain", "explicit"],
)  # fmt: skip
def test_format_choice(name: str, data: bytes, format: str | None, expected: str) -> None:
    assert load_bytes(data, name=name, format=format).format == expected


def test_source_is_recorded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "note.txt", b"A note.")
    monkeypatch.chdir(tmp_path)
    assert load_path("note.txt").meta.source == str(tmp_path / "note.txt")
    assert load_bytes(b"A note.", source="clipboard").meta.source == "clipboard"
    assert load_text("A note.", source="x").meta.source == "x"


def test_load_text_formats() -> None:
    assert load_text("# Head\n\nBody", format="markdown").blocks[0].kind is BlockKind.TITLE
    assert load_text("# Head\n\nBody").text == "# Head\n\nBody"
