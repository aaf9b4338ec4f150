"""`reader search`: the whole command in a fresh interpreter, as a person's shell runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlite_utils import Database

from reader.cli import normalise_argv
from reader.core.loaders import load_path
from reader.core.store.store import MIGRATIONS, Store


def run_reader(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    """Run the real command in a fresh interpreter with its own store."""
    env = {**os.environ, "READER_DB": str(db)}
    return subprocess.run(
        [sys.executable, "-m", "reader", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def one_sentence(result: subprocess.CompletedProcess[str]) -> str:
    """The single `reader: ...` line on stderr, with no traceback."""
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("reader: ")
    return lines[0]


@pytest.fixture
def annotated(sample_path: Path, isolated_db: Path) -> dict[str, str]:
    """The sample article with two highlights (one with a long note) and a document note."""
    article = load_path(sample_path)
    text = article.text
    with Store(isolated_db) as store:
        record = store.add_document(article)
        start = text.index("provisional agreement")
        agreement = store.add_highlight(
            record.id,
            start,
            start + len("provisional agreement"),
            note="Key *term*: the truce hinges on it.\nSecond line of the note " + "x " * 80,
        )
        start = text.index("62 people died")
        deaths = store.add_highlight(record.id, start, start + len("62 people died"))
        note = store.add_document_note(record.id, "Check the casualty figures; truce held?")
    return {
        "document": record.id,
        "title": record.title,
        "agreement": agreement.id,
        "deaths": deaths.id,
        "note": note.id,
    }


def test_search_is_a_command() -> None:
    assert normalise_argv(["search", "truce"]) == ["search", "truce"]
    assert normalise_argv(["--db", "x.db", "search", "x"]) == ["--db", "x.db", "search", "x"]


def test_a_readable_list_of_hits(annotated: dict[str, str], isolated_db: Path) -> None:
    result = run_reader("search", "truce", db=isolated_db)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    out = result.stdout
    assert annotated["title"] in out
    assert f"[{annotated['document'][:8]} · highlight {annotated['agreement']}]" in out
    assert "“provisional agreement”" in out
    assert "  note: Key *term*: the truce hinges on it. Second line of the note" in out  # one line
    assert "[" + annotated["document"][:8] + " · note on the document]" in out
    assert "  note: Check the casualty figures; truce held?" in out
    longest = max(len(line) for line in out.splitlines())
    assert longest < 200  # a long note is cut, not dumped
    assert "…" in out


def test_json_has_every_field(annotated: dict[str, str], isolated_db: Path) -> None:
    result = run_reader("search", "people died", "--json", db=isolated_db)
    assert result.returncode == 0, result.stderr
    [hit] = json.loads(result.stdout)
    assert hit["id"] == annotated["deaths"]
    assert (hit["kind"], hit["document_id"], hit["exact"]) == (
        "highlight",
        annotated["document"],
        "62 people died",
    )
    assert hit["note"] == ""
    assert isinstance(hit["start"], int) and hit["end"] == hit["start"] + len("62 people died")
    assert "[people] [died]" in hit["snippet"]
    assert [hit["snippet"][a:b] for a, b in hit["marks"]] == ["people", "died"]
    assert hit["rank"] < 0


def test_several_arguments_and_quoted_phrases(annotated: dict[str, str], isolated_db: Path) -> None:
    words = run_reader("search", "agreement", "provisional", "--json", db=isolated_db)
    phrase = run_reader("search", '"provisional agreement"', "--json", db=isolated_db)
    wrong_order = run_reader("search", '"agreement provisional"', db=isolated_db)
    assert [hit["id"] for hit in json.loads(words.stdout)] == [annotated["agreement"]]
    assert [hit["id"] for hit in json.loads(phrase.stdout)] == [annotated["agreement"]]
    assert wrong_order.returncode == 1


def test_limit(annotated: dict[str, str], isolated_db: Path) -> None:
    both = run_reader("search", "truce", "--json", db=isolated_db)
    one = run_reader("search", "truce", "--json", "--limit", "1", db=isolated_db)
    assert len(json.loads(both.stdout)) == 2
    assert json.loads(one.stdout) == json.loads(both.stdout)[:1]
    bad = run_reader("search", "truce", "--limit", "0", db=isolated_db)
    assert bad.returncode == 2  # argparse's usage error
    assert "at least 1" in bad.stderr


def test_no_hits_is_a_sentence_and_exit_1(annotated: dict[str, str], isolated_db: Path) -> None:
    result = run_reader("search", "zeppelin", db=isolated_db)
    assert result.returncode == 1
    assert result.stdout == ""
    assert one_sentence(result) == "reader: No highlight or note matches 'zeppelin'."
    as_json = run_reader("search", "zeppelin", "--json", db=isolated_db)
    assert (as_json.returncode, json.loads(as_json.stdout)) == (1, [])


@pytest.mark.parametrize(
    ("args", "found"),
    [
        (['"unbalanced'], False),
        (["AND", "OR", "("], False),
        (["--", "-truce*"], True),
        (["NEAR(truce", "casualty)"], False),  # "near" is a word here, in no note
        (["(truce)", "^casualty"], True),
        (["exact:", "truce"], False),  # "exact" is a word here, not a column filter
        (["truce'", "OR", "1=1", "--"], False),
    ],
    ids=[
        "unbalanced-quote",
        "operators",
        "minus-star",
        "near",
        "parens-caret",
        "column-filter",
        "injection",
    ],
)
def test_hostile_queries_are_searched_as_text(
    annotated: dict[str, str], isolated_db: Path, args: list[str], found: bool
) -> None:
    result = run_reader("search", *args, db=isolated_db)
    assert "Traceback" not in result.stderr
    assert result.returncode == (0 if found else 1), result.stderr
    if not found:
        assert "No highlight or note matches" in one_sentence(result)


def test_a_query_without_words(annotated: dict[str, str], isolated_db: Path) -> None:
    result = run_reader("search", "(( *", db=isolated_db)
    assert result.returncode == 1
    assert one_sentence(result) == "reader: The query '(( *' has no words to search for."


def test_an_older_store_is_upgraded_by_the_search(tmp_path: Path) -> None:
    db_path = tmp_path / "old.db"
    db = Database(db_path)
    MIGRATIONS.apply(db, stop_before="enable_search")
    db.execute(
        "INSERT INTO documents (id, title, source, format, metadata, text, length, added, "
        "last_opened, structure) VALUES ('d1', 'Old story', '-', 'text', '{}', "
        "'The truce held.', 15, 't', 't', '')"
    )
    db.execute(
        'INSERT INTO highlights (id, document_id, exact, prefix, suffix, start, "end", color, '
        "note, created, updated) VALUES "
        "('h1', 'd1', 'truce', 'The ', ' held.', 4, 9, 'yellow', 'from before', 't', 't')"
    )
    db.conn.commit()
    db.close()
    result = run_reader("search", "truce", "--json", db=db_path)
    assert result.returncode == 0, result.stderr
    assert [(hit["id"], hit["title"]) for hit in json.loads(result.stdout)] == [("h1", "Old story")]
    again = run_reader("search", "before", db=db_path)  # now by the quick path
    assert again.returncode == 0 and "Old story" in again.stdout


def test_a_new_store_is_made_and_has_nothing(tmp_path: Path) -> None:
    db_path = tmp_path / "fresh" / "reader.db"
    db_path.parent.mkdir()  # a named store is made only in a folder that exists
    result = run_reader("search", "truce", db=db_path)
    assert result.returncode == 1
    assert "No highlight or note matches" in one_sentence(result)
    with Store(db_path) as store:
        assert store.search("truce") == []


def test_a_corrupt_store_is_one_sentence_and_left_alone(tmp_path: Path) -> None:
    db_path = tmp_path / "store.db"
    garbage = b"this is not a database at all\n" * 100
    db_path.write_bytes(garbage)
    result = run_reader("search", "truce", db=db_path)
    assert result.returncode == 1
    assert "is not a reader database" in one_sentence(result)
    assert db_path.read_bytes() == garbage


def test_help_documents_the_exit_status(tmp_path: Path) -> None:
    result = run_reader("search", "--help", db=tmp_path / "store.db")
    assert result.returncode == 0
    assert "usage: reader search" in result.stdout
    assert "Exit status: 0 when something matched; 1 when nothing did" in " ".join(
        result.stdout.split()
    )
