"""Export, completed: Readwise CSV, and the analysis sections of the Markdown export."""

from __future__ import annotations

import csv
import io

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from reader.core.analysis.model import Analysis, Entity, EntityKind, Figure, Mention, Quote
from reader.core.export.formats import READWISE_COLUMNS, to_markdown, to_readwise_csv
from tests.core.test_export import EXPORTED, carried, highlight, record


def neutralised(cell: str) -> str:
    """A cell a spreadsheet could run as a formula gets a leading ' (issue 11.3)."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def test_readwise_csv_has_its_columns_and_one_row_per_highlight_in_reading_order() -> None:
    document = record(author="Ana Ruiz", url="https://example.org/syria")
    marks = [
        highlight("second passage", start=200, id="b", note="why?"),
        highlight("first passage", start=20, id="a"),
    ]
    table = rows(to_readwise_csv(document, marks))
    assert table[0] == list(READWISE_COLUMNS)
    assert table[1] == [
        "first passage",
        "Ceasefire in Syria",
        "Ana Ruiz",
        "https://example.org/syria",
        "",
        "21",
        "2026-11-26 18:00:00",
        "yellow",
    ]
    assert table[2][0] == "second passage"
    assert table[2][4] == "why?"
    assert table[2][5] == "201"


def test_readwise_location_is_the_position_counted_from_one() -> None:
    table = rows(to_readwise_csv(record(), [highlight("words", start=41)]))
    assert table[1][5] == "42"
    assert table[1][2] == table[1][3] == ""  # no author, no address


@settings(max_examples=150, deadline=None)
@given(exact=st.text(min_size=1), note=st.text())
def test_any_highlight_and_note_come_back_from_the_csv(exact: str, note: str) -> None:
    table = rows(to_readwise_csv(record(), [highlight(exact, note=note)]))
    assert len(table) == 2
    assert table[1][0] == neutralised(carried(exact))
    assert table[1][4] == neutralised(carried(note))


def sample_analysis() -> Analysis:
    return Analysis(
        analyser_version="1",
        model="en_core_web_sm 3.8.0",
        entities=(
            Entity(
                "person-john-kerry",
                "John Kerry",
                EntityKind.PERSON,
                ("Kerry",),
                (Mention(0, 10, "John Kerry"), Mention(40, 45, "Kerry")),
                3.0,
            ),
            Entity(
                "organisation-x",
                "[Evil](https://x.example) *Corp*",
                EntityKind.ORGANISATION,
                (),
                (Mention(50, 60, "Evil Corp"),),
                1.0,
            ),
        ),
        figures=(Figure(70, 83, "more than 100", 100.0, "more than", "", "people killed", 60, 90),),
        quotes=(
            Quote(100, 130, "The modalities are completed,", "John Kerry", "person-john-kerry"),
            Quote(140, 160, "provisional agreement", "", scare=True),
        ),
    )


def test_markdown_export_ends_with_entities_figures_and_quotes() -> None:
    text = to_markdown(
        record(), [highlight("a passage")], [], exported=EXPORTED, analysis=sample_analysis()
    )
    assert text.index("## Highlights") < text.index("## Entities") < text.index("## Figures")
    assert text.index("## Figures") < text.index("## Quotes")
    assert "### People\n\n- **John Kerry** (2 mentions; also Kerry)" in text
    assert "- **more than 100** — people killed" in text
    assert "> The modalities are completed," in text
    assert "— John Kerry" in text
    assert "provisional agreement" not in text  # a scare quote is not a statement


def test_analysis_text_is_never_markdown_syntax() -> None:
    text = to_markdown(record(), [], [], exported=EXPORTED, analysis=sample_analysis())
    tokens = MarkdownIt("commonmark").parse(text)
    links = [
        child
        for token in tokens
        if token.children
        for child in token.children
        if child.type in {"link_open", "em_open"}
    ]
    assert not links
    assert "[Evil](https://x.example) *Corp*" in "".join(
        child.content for token in tokens if token.children for child in token.children
    )


def test_without_an_analysis_the_export_is_unchanged() -> None:
    marks = [highlight("a passage")]
    assert to_markdown(record(), marks, [], exported=EXPORTED) == to_markdown(
        record(), marks, [], exported=EXPORTED, analysis=None
    )
    assert "## Entities" not in to_markdown(record(), marks, [], exported=EXPORTED)


def test_orphaned_highlights_are_exported_under_could_not_place() -> None:
    from dataclasses import replace

    orphan = replace(highlight("words no longer there", id="o1", note="kept"), status="orphan")
    text = to_markdown(record(), [highlight("still here"), orphan], [], exported=EXPORTED)
    assert text.index("## Highlights") < text.index("## Could not place")
    after = text[text.index("## Could not place") :]
    assert "> words no longer there" in after
    assert "kept" in after
    assert "still here" not in after


def test_tags_from_notes_go_into_the_front_matter() -> None:
    import yaml

    from tests.core.test_export import document_note

    text = to_markdown(
        record(),
        [
            highlight("a", note="#Ceasefire and #evidence"),
            highlight("b", id="h2", note="#evidence"),
        ],
        [document_note("Read again #to-read")],
        exported=EXPORTED,
    )
    front = yaml.safe_load(text.split("---\n")[1])
    assert front["tags"] == ["ceasefire", "evidence", "to-read"]
    assert "tags" not in yaml.safe_load(
        to_markdown(record(), [highlight("a")], [], exported=EXPORTED).split("---\n")[1]
    )
