"""One file, one document lineage: every entry point opens a path the same way.

A changed file becomes a new version of the same document, and the highlights of the
version before it are carried over (re-anchored), whichever command or screen opened it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from reader.cli import main
from reader.core.loaders import load_path
from reader.core.store.store import Store
from reader.ui.app import ReaderApp, make_app
from tests.test_cli import run_reader

PARAGRAPHS = [
    "Harbour Talks Resume",
    "The harbour authority met the fishing cooperative on Monday to discuss the new quay.",
    "Both sides said the meeting was useful, and a second round is planned for the spring.",
    "The cooperative wants the quay lengthened by forty metres before the summer season.",
    "Local shops expect more visitors once the ferry timetable is settled.",
]


def write_story(path: Path, *extra: str) -> None:
    """The story, with `extra` paragraphs inserted after the headline (an edit)."""
    paragraphs = [PARAGRAPHS[0], *extra, *PARAGRAPHS[1:]]
    path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")


def exported_json(path: Path, db: Path) -> dict[str, Any]:
    result = run_reader("export", str(path), "--format", "json", db=db)
    assert result.returncode == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def exact_quotes(export: dict[str, Any]) -> set[str]:
    quotes = set()
    for item in export["first"]["items"]:
        for selector in item["target"]["selector"]:
            if selector["type"] == "TextQuoteSelector":
                quotes.add(selector["exact"])
    return quotes


def newest_document_highlights(db: Path, source: Path) -> list[str]:
    """The quotes of the highlights on the most recently opened version of `source`."""
    with Store(db) as store:
        (record,) = [
            summary.record
            for summary in store.documents()
            if summary.record.source == str(source.resolve())
        ]
        return sorted(h.quote.exact for h in store.highlights(record.id) if h.placed)


def test_highlighting_a_changed_file_again_keeps_the_first_highlight(
    tmp_path: Path, isolated_db: Path
) -> None:
    """The bug: `reader highlight` on an edited file made a second, unrelated document, so
    the first highlight vanished from the export and the library listed the file twice."""
    story = tmp_path / "story.txt"
    write_story(story)
    first = run_reader("highlight", str(story), "a second round is planned", db=isolated_db)
    assert first.returncode == 0, first.stderr
    write_story(story, "Update: the meeting ran late into the evening.")
    second = run_reader("highlight", str(story), "lengthened by forty metres", db=isolated_db)
    assert second.returncode == 0, second.stderr
    assert "1 of 1 highlight placed again" in second.stderr

    assert exact_quotes(exported_json(story, isolated_db)) == {
        "a second round is planned",
        "lengthened by forty metres",
    }
    listed = run_reader("list", "--json", db=isolated_db)
    assert [row["highlights"] for row in json.loads(listed.stdout)] == [2]


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_every_entry_point_keeps_one_lineage_with_every_highlight_placed(
    tmp_path: Path, isolated_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Highlight, edit, then open the file through each entry point in turn, editing it in
    between: each one records the new version and carries every highlight over."""
    story = tmp_path / "story.txt"
    write_story(story)
    edits: list[str] = []

    def edit() -> None:
        edits.append(f"Update {len(edits) + 1}: more news came in from the quay.")
        write_story(story, *edits)

    assert run_reader("highlight", str(story), "a second", db=isolated_db).returncode == 0
    edit()
    assert run_reader("highlight", str(story), "forty metres", db=isolated_db).returncode == 0
    edit()
    assert run_reader("export", str(story), db=isolated_db).returncode == 0
    edit()
    analysed = run_reader("analyze", str(story), "--json", db=isolated_db)
    assert analysed.returncode == 0, analysed.stderr
    edit()

    # Opening in the app: the same recording as the command line's.
    with Store(isolated_db) as store:
        app = make_app(store, load_path(story))
        assert app.first_document_id == load_path(story).content_hash
    edit()

    # `reader FILE --at ID`: the real command, its app run headless and quit at once.
    with Store(isolated_db) as store:
        (record,) = [s.record for s in store.documents() if s.record.source == str(story)]
        wanted = next(h for h in store.highlights(record.id) if h.quote.exact == "forty metres")
    original_run = ReaderApp.run
    opened_at: list[int] = []

    def run_headless(self: ReaderApp, **_: Any) -> None:
        async def quit_at_once(pilot: Any) -> None:
            await pilot.pause()
            opened_at.append(pilot.app.screen.start_offset)
            await pilot.press("q")

        original_run(self, headless=True, auto_pilot=quit_at_once)

    monkeypatch.setattr(ReaderApp, "run", run_headless)
    monkeypatch.setattr("reader.cli.commands._require_terminal", lambda: None)  # headless
    assert main(["--db", str(isolated_db), str(story), "--at", wanted.id]) == 0

    assert newest_document_highlights(isolated_db, story) == ["a second", "forty metres"]
    with Store(isolated_db) as store:
        assert store.document(load_path(story).content_hash) is not None
    assert opened_at == [load_path(story).text.index("forty metres")]
    with Store(isolated_db) as store:
        # One lineage: every version from this file, and only the newest holds highlights.
        versions = [s for s in store.documents() if s.record.source == str(story)]
        assert sum(s.highlight_count for s in versions) == 2
    assert exact_quotes(exported_json(story, isolated_db)) == {"a second", "forty metres"}


def test_reader_opens_a_stored_document_by_its_id_or_title(
    isolated_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Fails on the old code: `reader ID` (the id `reader list` prints) said there was no such
    # file, while export and highlight accepted it.
    story = tmp_path / "story.txt"
    story.write_text("A stored story\n\nIts one paragraph, kept in the store.\n", encoding="utf-8")
    assert main(["--db", str(isolated_db), "highlight", str(story), "one paragraph"]) == 0
    story.unlink()  # the file is gone; the store keeps the text
    with Store(isolated_db) as store:
        (summary,) = store.documents()
    shown: list[str] = []

    def run_headless(self: ReaderApp, **_: Any) -> None:
        shown.append(self.first_article.title if self.first_article else "")

    monkeypatch.setattr(ReaderApp, "run", run_headless)
    monkeypatch.setattr("reader.cli.commands._require_terminal", lambda: None)
    for query in (summary.record.id[:8], "stored story"):
        assert main(["--db", str(isolated_db), query]) == 0
    assert shown == ["A stored story", "A stored story"]
