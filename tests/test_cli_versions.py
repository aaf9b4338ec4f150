"""The command line on a file that changes: putting it back, and highlights placed on changed
words (the tracker's issue "Nothing a person wrote is ever overwritten, hidden, stranded or
silently changed", items 2, 4 and 6), each run as a person's shell would run `reader`.

- Item 2: `test_a_file_put_back_to_its_earlier_text_shows_its_highlights_again`.
- Items 4 and 6: `test_highlights_on_changed_words_keep_their_quotes_and_say_moved` (the
  sentence's counts and the mark in Markdown, JSON and CSV).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from tests.test_cli import run_reader

STORY = [
    "Harbour Budget Agreed",
    "The first paragraph talks about the harbour in some detail.",
    "The council will spend forty million dollars on the new quay over six months.",
    "Fishing crews said the plan was overdue, and asked for a second slipway.",
    "The ferry timetable will be settled once the quay is finished in the spring.",
]


def write(path: Path, paragraphs: list[str]) -> None:
    path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")


def reader_ok(*args: str, db: Path) -> tuple[str, str]:
    result = run_reader(*args, db=db)
    assert result.returncode == 0, result.stderr
    return result.stdout, result.stderr


def test_a_file_put_back_to_its_earlier_text_shows_its_highlights_again(
    tmp_path: Path, isolated_db: Path
) -> None:
    """The bug: after edit, export, restore, `reader export` said "highlights: 0", the app
    showed none and `reader list` listed the edited version."""
    story = tmp_path / "ver.txt"
    write(story, STORY)
    reader_ok(
        "highlight", str(story), "asked for a second slipway", "--note", "my note", db=isolated_db
    )
    write(
        story, [*STORY[:3], "Fishing crews welcomed it and asked for a second slipway.", STORY[4]]
    )
    edited, said = reader_ok("export", str(story), "--no-analysis", db=isolated_db)
    assert "highlights: 1" in edited and "1 of 1 highlight placed again" in said

    write(story, STORY)
    restored, said = reader_ok("export", str(story), "--no-analysis", db=isolated_db)
    assert "highlights: 1" in restored
    assert "> asked for a second slipway" in restored and "> my note" in restored
    assert "1 of 1 highlight placed again" in said
    listing, _ = reader_ok("list", "--json", db=isolated_db)
    rows = json.loads(listing)
    assert [row["highlights"] for row in rows] == [1]
    restored_json, _ = reader_ok("export", str(story), "--format", "json", db=isolated_db)
    assert rows[0]["id"] in json.loads(restored_json)["id"]  # the original text's document


def quote_of(item: dict[str, Any]) -> str:
    (selector,) = [s for s in item["target"]["selector"] if s["type"] == "TextQuoteSelector"]
    return str(selector["exact"])


def test_highlights_on_changed_words_keep_their_quotes_and_say_moved(
    tmp_path: Path, isolated_db: Path
) -> None:
    """The bug: "forty million dollars" was exported as "fourteen million dollars", and
    neither the command line nor the export said that anything had changed."""
    story = tmp_path / "story.txt"
    write(story, STORY)
    money = "spend forty million dollars on the new quay"
    for words in (money, "Fishing crews said", "ferry timetable"):
        reader_ok("highlight", str(story), words, "--note", f"on {words}", db=isolated_db)
    write(
        story,
        [
            *STORY[:2],
            "The council will spend fourteen million dollars on the new quay over six months.",
            STORY[3],  # untouched
        ],  # the ferry paragraph deleted
    )
    markdown, said = reader_ok("export", str(story), "--no-analysis", db=isolated_db)
    assert (
        "1 of 3 highlights placed again, 1 moved (please check), 1 could not be placed" in said
    ), said
    assert f"> {money}" in markdown
    assert "fourteen" not in markdown  # the quote is the person's, never the new words
    entry = markdown[markdown.index(f"> {money}") :].split("* * *")[0]
    assert "moved, please check" in entry
    assert markdown.count("moved, please check") == 1

    exported, _ = reader_ok("export", str(story), "--format", "json", db=isolated_db)
    items = {
        quote_of(item): item
        for item in json.loads(exported)["first"]["items"]
        if "target" in item and isinstance(item["target"], dict)
    }
    assert set(items) == {money, "Fishing crews said", "ferry timetable"}
    bodies = items[money]["body"]
    assert {"type": "TextualBody", "value": "moved, please check", "purpose": "tagging"} in bodies
    assert "moved, please check" not in json.dumps(items["Fishing crews said"])

    table, _ = reader_ok("export", str(story), "--format", "csv", db=isolated_db)
    rows = {row["Highlight"]: row for row in csv.DictReader(io.StringIO(table))}
    assert rows[money]["Note"] == f"[moved, please check] on {money}"
    assert rows["Fishing crews said"]["Note"] == "on Fishing crews said"
