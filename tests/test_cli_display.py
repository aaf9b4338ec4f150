"""Text from notes, titles, file names and arguments never reaches the terminal as an escape
sequence from the command line, and bad numbers are one sentence with exit status 2.

Issue 11, items 1, 2, 3 (CSV through the command) and 10. Every test runs the real command in
a fresh interpreter and reads its output as bytes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader.core.model.document import ArticleBuilder, BlockKind, Metadata
from reader.core.store.store import Store

TITLE = "\x1b]0;PWNED\x07Truce \x1b[2Jtalks \u202eevil\u202c\U000e0041\u3164"
NOTE = "\x1b]0;X\x07 watch \x1b[2J this [bold]x[/] \x9b2J"
BODY = "The ceasefire begins at midnight. Both sides agreed to it on Sunday."
HAZARDS = (b"\x1b", b"\x07", "\x9b".encode(), "\u202e".encode(), "\U000e0041".encode())


def run(
    *args: str | bytes, db: Path, cwd: Path | None = None
) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "READER_DB": str(db)}
    return subprocess.run(
        [sys.executable, "-m", "reader", *args],
        capture_output=True,
        env=env,
        timeout=120,
    )


def assert_safe(output: bytes) -> None:
    for hazard in HAZARDS:
        assert hazard not in output, (hazard, output)
    assert b"Traceback" not in output


@pytest.fixture
def noted(isolated_db: Path) -> Path:
    """A store with one document whose title and note hold escape sequences."""
    builder = ArticleBuilder()
    builder.add(BlockKind.PARAGRAPH, BODY)
    article = builder.build(Metadata(title=TITLE, source="/tmp/\x1b[2Jstory.txt"))
    with Store(isolated_db) as store:
        record = store.add_document(article)
        store.add_highlight(record.id, 4, 13, note=NOTE)
        store.add_document_note(record.id, '=HYPERLINK("http://x") ' + NOTE)
    return isolated_db


def test_analyze_missing_path_with_an_escape(isolated_db: Path) -> None:
    result = run("analyze", "\x1b]0;X\x07missing.txt", db=isolated_db)
    assert result.returncode == 1
    assert_safe(result.stderr)
    assert "␛]0;X␇missing.txt".encode() in result.stderr or b"\\x1b" in result.stderr


def test_highlight_words_not_in_the_article(noted: Path) -> None:
    result = run("highlight", "Truce", "\x1b[2Jnowhere\x07", db=noted)
    assert result.returncode == 1
    assert_safe(result.stderr)
    assert "␛[2Jnowhere".encode() in result.stderr


def test_unrecognised_argument_is_not_echoed_raw(isolated_db: Path) -> None:
    result = run("list", "\x1b]0;X\x07", db=isolated_db)
    assert result.returncode == 2
    assert_safe(result.stderr)


def test_file_name_that_is_not_utf8(isolated_db: Path) -> None:
    result = run("analyze", os.fsencode("caf\udce9\x1b[2J.txt"), db=isolated_db)
    assert result.returncode == 1
    assert_safe(result.stderr)
    assert b"<0xE9>" in result.stderr or b"\\udce9" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("list",),
        ("list", "--json"),
        ("search", "watch"),
        ("search", "watch", "--json"),
        ("export", "Truce"),
        ("export", "Truce", "--format", "json"),
        ("export", "Truce", "--format", "csv"),
    ],
    ids=["list", "list-json", "search", "search-json", "markdown", "json", "csv"],
)
def test_titles_and_notes_are_shown_safely(noted: Path, args: tuple[str, ...]) -> None:
    result = run(*args, db=noted)
    assert result.returncode == 0, result.stderr
    assert_safe(result.stdout)
    assert_safe(result.stderr)


def test_json_keeps_the_stored_text_exactly(noted: Path) -> None:
    result = run("search", "watch", "--json", db=noted)
    hits = json.loads(result.stdout)
    assert {hit["title"] for hit in hits} == {TITLE}
    assert NOTE in {hit["note"] for hit in hits}


def test_list_shows_bidi_and_fillers_visibly(noted: Path) -> None:
    result = run("list", db=noted)
    out = result.stdout.decode()
    assert "␛]0;PWNED␇Truce" in out
    assert "<U+202E>evil" in out
    assert "<U+3164>" in out


def test_csv_neutralises_formulas(noted: Path) -> None:
    result = run("export", "Truce", "--format", "csv", db=noted)
    assert result.returncode == 0
    assert b",=" not in result.stdout and b'"=' not in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("search", "--limit", "999999999999999999999", "truce"),
        ("search", "--limit", "0", "truce"),
        ("search", "--limit", "-3", "truce"),
        ("search", "--limit", "lots", "truce"),
        ("search", "--limit", "1" * 5000, "truce"),
        ("highlight", "story.txt", "truce", "--occurrence", "999999999999999999999999"),
        ("highlight", "story.txt", "truce", "--occurrence", "0"),
        ("highlight", "story.txt", "truce", "--occurrence", "\x1b[2J"),
    ],
    ids=[
        "limit-huge",
        "limit-zero",
        "limit-negative",
        "limit-word",
        "limit-5000-digits",
        "occurrence-huge",
        "occurrence-zero",
        "occurrence-escape",
    ],
)
def test_numeric_options_are_checked(isolated_db: Path, args: tuple[str, ...]) -> None:
    result = run(*args, db=isolated_db)
    assert result.returncode == 2
    assert_safe(result.stderr)
    message = result.stderr.decode().strip().splitlines()[-1]
    assert message.startswith("reader ") and ": error: argument --" in message
    assert message.endswith(".")
