"""A file whose name is not valid UTF-8 (b"caf\\xe9.txt", from a Latin-1 system or an old
archive) is stored losslessly and found again, and shown escaped (issue 11, item 9)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from reader.core import library
from reader.core.loaders import load_path, printable_path
from reader.core.store.store import Store
from tests.test_cli import run_reader

pytestmark = pytest.mark.skipif(
    sys.platform in ("win32", "darwin"), reason="file names there are always Unicode"
)

STORY = "Harbour Talks\n\nThe harbour authority met the fishing cooperative on Monday.\n"


def undecodable_file(folder: Path, text: str = STORY) -> str:
    """Write the story to folder/b"caf\\xe9.txt"; its name as Python gives it (a surrogate)."""
    raw = os.path.join(os.fsencode(folder), b"caf\xe9.txt")
    with open(raw, "wb") as file:
        file.write(text.encode())
    return os.fsdecode(raw)


def test_highlight_twice_export_and_list(tmp_path: Path, isolated_db: Path) -> None:
    path = undecodable_file(tmp_path)
    assert "\udce9" in path
    first = run_reader("highlight", path, "harbour authority", db=isolated_db)
    assert first.returncode == 0, first.stderr
    second = run_reader("highlight", path, "fishing cooperative", db=isolated_db)
    assert second.returncode == 0, second.stderr
    listed = run_reader("list", "--json", db=isolated_db)
    assert listed.returncode == 0, listed.stderr
    (document,) = json.loads(listed.stdout)
    assert document["highlights"] == 2
    assert document["source"] == str(tmp_path / "caf\\xe9.txt")
    for fmt in ("markdown", "json", "csv"):
        exported = run_reader("export", path, "--format", fmt, db=isolated_db)
        assert exported.returncode == 0, exported.stderr
        assert "fishing cooperative" in exported.stdout
    for result in (first, second, listed):
        assert "Error" not in result.stderr and "unexpected" not in result.stderr


def test_a_changed_file_keeps_its_lineage(tmp_path: Path, isolated_db: Path) -> None:
    path = undecodable_file(tmp_path)
    assert run_reader("highlight", path, "harbour authority", db=isolated_db).returncode == 0
    undecodable_file(tmp_path, STORY.replace("Monday", "Tuesday"))
    again = run_reader("highlight", path, "Tuesday", db=isolated_db)
    assert again.returncode == 0, again.stderr
    with Store(isolated_db) as store:
        (summary,) = store.documents()
        quotes = sorted(h.quote.exact for h in store.highlights(summary.record.id))
    assert quotes == ["Tuesday", "harbour authority"]


def test_the_store_tells_a_byte_name_from_its_escaped_spelling(tmp_path: Path) -> None:
    byte_name = undecodable_file(tmp_path)
    literal = tmp_path / "caf\\xe9.txt"  # a real backslash: another file
    literal.write_text(STORY, encoding="utf-8")
    store = Store.memory()
    stored = store.add_document(load_path(byte_name))
    assert stored.source == printable_path(byte_name) == str(literal)
    changed = load_path(literal)
    assert store.lineage(changed) == []  # same spelling, different file
    assert store.find_documents(byte_name) == [stored]
    # Opened again from the stored text (the library's way), it is still that file's.
    library.open_stored(store, stored.id)
    undecodable_file(tmp_path, STORY.replace("Monday", "Friday"))
    assert store.lineage(load_path(byte_name)) == [store.document(stored.id)]
