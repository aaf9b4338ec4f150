"""The `reader` command line: listing, exporting, and one plain sentence for every bad input."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from reader.cli import main, normalise_argv
from reader.core.loaders import load_path
from reader.core.store.store import Store


def run_reader(
    *args: str, db: Path, stdin: bytes | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the real command in a fresh interpreter, as a person's shell would."""
    env = {**os.environ, "READER_DB": str(db)}
    return subprocess.run(
        [sys.executable, "-m", "reader", *args],
        input=None if stdin is None else stdin.decode("utf-8", "replace"),
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


@pytest.fixture
def annotated(sample_path: Path, isolated_db: Path) -> str:
    """The sample article in the store with two highlights and a document note."""
    article = load_path(sample_path)
    with Store(isolated_db) as store:
        record = store.add_document(article)
        start = article.text.index("provisional agreement")
        store.add_highlight(
            record.id, start, start + len("provisional agreement"), note="Key *term*"
        )
        start = article.text.index("62 people died")
        store.add_highlight(record.id, start, start + len("62 people died"), color="red")
        store.add_document_note(record.id, "Check the casualty figures.")
    return record.id


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], ["open"]),
        (["story.txt"], ["open", "story.txt"]),
        (["--db", "x.db", "story.txt"], ["--db", "x.db", "open", "story.txt"]),
        (["--db=x.db"], ["--db=x.db", "open"]),
        (["list"], ["list"]),
        (["--db", "x.db", "export", "a"], ["--db", "x.db", "export", "a"]),
        (["--help"], ["--help"]),
        (["-"], ["open", "-"]),
    ],
    ids=["nothing", "path", "db-then-path", "db-equals", "list", "db-then-export", "help", "stdin"],
)
def test_open_is_the_default_command(argv: list[str], expected: list[str]) -> None:
    assert normalise_argv(argv) == expected


def test_list_shows_documents_with_highlight_counts(
    annotated: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert "ISIS Unleashes Attacks" in out
    assert annotated[:8] in out
    line = next(line for line in out.splitlines() if annotated[:8] in line)
    assert " 2 " in f" {line} "


def test_list_json(annotated: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    # One note on a highlight and one on the document.
    assert [(row["id"], row["highlights"], row["notes"]) for row in rows] == [(annotated, 2, 2)]


def test_list_of_an_empty_store_says_so(
    isolated_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["list"]) == 0
    assert "No documents yet" in capsys.readouterr().out


def test_export_markdown_to_stdout_parses_back(
    annotated: str, sample_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", str(sample_path)]) == 0
    out = capsys.readouterr().out
    tokens = MarkdownIt("commonmark").parse(out.split("\n---\n", 1)[1])
    text = " ".join(token.content for token in tokens if token.type == "inline")
    assert "provisional agreement" in text
    assert "62 people died" in text
    assert "Check the casualty figures." in out
    assert out.startswith("---\n")
    assert "highlights: 2" in out


def test_export_by_id_prefix_to_json_file(
    annotated: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "notes.json"
    assert main(["export", annotated[:8], "-o", str(target)]) == 0
    data = json.loads(target.read_text(encoding="utf-8"))
    exacts = {
        selector["exact"]
        for item in data["first"]["items"]
        if isinstance(item["target"], dict)  # document notes target the whole source
        for selector in item["target"].get("selector", [])
        if selector["type"] == "TextQuoteSelector"
    }
    assert exacts == {"provisional agreement", "62 people died"}


def test_export_never_overwrites_without_force(
    annotated: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "notes.md"
    target.write_text("my own notes", encoding="utf-8")
    assert main(["export", annotated, "-o", str(target)]) == 1
    assert target.read_text(encoding="utf-8") == "my own notes"
    assert "--force" in capsys.readouterr().err
    assert main(["export", annotated, "-o", str(target), "--force"]) == 0
    assert "provisional agreement" in target.read_text(encoding="utf-8")


def test_export_of_an_unknown_document(
    isolated_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "no-such-thing"]) == 1
    assert "No file or stored document matches" in capsys.readouterr().err


def write_bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("make_args", "needle"),
    [
        (lambda tmp: [str(tmp / "missing.txt")], "missing.txt"),
        (lambda tmp: [str(tmp)], "folder"),
        (lambda tmp: [str(write_bytes(tmp / "b.txt", b"\x00\x01\x02PNG\x00" * 50))], "binary"),
        (lambda tmp: [str(write_bytes(tmp / "e.txt", b""))], "empty"),
        (lambda tmp: [str(write_bytes(tmp / "w.txt", b"  \n\n \t\n"))], "blank"),
    ],
    ids=["missing", "directory", "binary", "empty", "whitespace"],
)
def test_bad_input_gets_one_sentence_and_no_traceback(
    tmp_path: Path,
    make_args,
    needle: str,  # type: ignore[no-untyped-def]
) -> None:
    result = run_reader(*make_args(tmp_path), db=tmp_path / "store.db")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("reader: ")
    assert needle.lower() in lines[0].lower()


def test_a_corrupt_store_is_refused_and_left_untouched(tmp_path: Path, sample_path: Path) -> None:
    db = tmp_path / "store.db"
    garbage = b"this is not a database at all\n" * 100
    db.write_bytes(garbage)
    for args in (["list"], ["export", str(sample_path)]):
        result = run_reader(*args, db=db)
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    assert db.read_bytes() == garbage


def test_a_locked_store_is_reported(tmp_path: Path, annotated: str, isolated_db: Path) -> None:
    """Another program holding the write lock past the busy timeout: a sentence, not a hang."""
    other_article = write_bytes(tmp_path / "other.txt", b"Another story\n\nIts only paragraph.\n")
    holder = sqlite3.connect(isolated_db)
    holder.execute("BEGIN IMMEDIATE")
    try:
        # Recording a new article needs the write lock (`reader FILE` would too, on a terminal).
        result = run_reader("highlight", str(other_article), "only paragraph", db=isolated_db)
    finally:
        holder.rollback()
        holder.close()
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "locked" in result.stderr
    with Store(isolated_db) as store:
        assert [len(store.highlights(annotated))] == [2]


def test_unwritable_export_target(tmp_path: Path, annotated: str, isolated_db: Path) -> None:
    result = run_reader(
        "export", annotated, "-o", str(tmp_path / "missing-dir" / "x.md"), db=isolated_db
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_help_everywhere(tmp_path: Path) -> None:
    for args in (["--help"], ["open", "--help"], ["list", "--help"], ["export", "--help"]):
        result = run_reader(*args, db=tmp_path / "store.db")
        assert result.returncode == 0
        assert "usage: reader" in result.stdout


def test_export_of_a_file_changed_since_it_was_read_reanchors_it(
    tmp_path: Path, isolated_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    story = tmp_path / "story.txt"
    story.write_text("A headline\n\nThe first version of the story.\n", encoding="utf-8")
    with Store(isolated_db) as store:
        record = store.add_document(load_path(story))
        text = store.document_text(record.id) or ""
        store.add_highlight(record.id, text.index("version"), text.index("version") + 7)
    story.write_text("A headline\n\nThe second version of the story.\n", encoding="utf-8")
    assert main(["export", str(story)]) == 0
    captured = capsys.readouterr()
    assert "1 of 1 highlight placed again" in captured.err
    assert "> version" in captured.out
    assert main(["export", record.id[:8]]) == 0  # the old version is still in the store
    assert "A headline" in capsys.readouterr().out


def test_opening_an_article_with_output_not_a_terminal_is_refused(
    sample_path: Path, isolated_db: Path
) -> None:
    # Fails on the old code: the full-screen interface was drawn into the pipe or file.
    result = run_reader(str(sample_path), db=isolated_db)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        "reader: reader shows an article on a terminal, and the output here is not one; to "
        "write its notes or analysis elsewhere, use reader export FILE or reader analyze FILE.\n"
    )
