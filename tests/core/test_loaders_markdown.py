"""The Markdown loader: front matter, block structure and inline spans with exact offsets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.errors import LoadError
from reader.core.loaders import load_path, load_text, markdown
from reader.core.model.document import Article, BlockKind, SpanKind

FIXTURES = Path(__file__).parent / "fixtures"
BENCH = Path(__file__).resolve().parents[2].parent / "shared" / "bench"


def load_markdown(source: str) -> Article:
    return load_text(source, format="markdown")


def outline(article: Article) -> list[tuple[BlockKind, int, str, str]]:
    return [
        (block.kind, block.level, block.marker, article.block_text(block))
        for block in article.blocks
    ]


def spans(article: Article, index: int) -> list[tuple[SpanKind, str, str]]:
    block = article.blocks[index]
    return [(span.kind, article.span_text(span), span.href) for span in block.spans]


@pytest.fixture(scope="module")
def notes() -> Article:
    return load_path(FIXTURES / "field-notes.md")


def test_fixture_blocks(notes: Article) -> None:
    assert outline(notes) == [
        (BlockKind.TITLE, 0, "", "Field Notes on Tidal Marshes"),
        (BlockKind.DEK, 0, "", "What a year of weekly walks taught me"),
        # From the front matter, so the reader shows them under the headline.
        (BlockKind.BYLINE, 0, "", "By Ana Ruiz, Ben Okafor"),
        (BlockKind.DATELINE, 0, "", "June 3, 2021"),
        (
            BlockKind.PARAGRAPH, 0, "",
            "The marsh changes twice a day, and the birds know it before we do. "
            "See the tide tables and run tide --today.",
        ),
        (BlockKind.HEADING, 2, "", "Things to bring"),
        (BlockKind.LIST_ITEM, 1, "•", "Boots that can get wet"),
        (BlockKind.LIST_ITEM, 1, "•", "A notebook"),
        (BlockKind.LIST_ITEM, 2, "1.", "pencil, not pen"),
        (BlockKind.LIST_ITEM, 2, "2.", "a spare"),
        (BlockKind.BLOCK_QUOTE, 1, "", "The tide waits for no one."),
        (BlockKind.BLOCK_QUOTE, 2, "", "Not even the heron."),
        (BlockKind.CODE, 0, "python", "def high_tide(hour):\n    return hour % 12"),
        (BlockKind.PARAGRAPH, 0, "", "Remember: never walk out alone."),
        (BlockKind.PARAGRAPH, 0, "", "Bird | Count"),
        (BlockKind.PARAGRAPH, 0, "", "Heron | 3"),
        (BlockKind.PARAGRAPH, 0, "", "A heron standing in shallow water"),
        (BlockKind.PARAGRAPH, 0, "", "Last line with a hard break and an & entity."),
    ]  # fmt: skip


def test_fixture_metadata(notes: Article) -> None:
    meta = notes.meta
    assert meta.title == "Field Notes on Tidal Marshes"
    assert meta.dek == "What a year of weekly walks taught me"
    assert meta.author == "Ana Ruiz, Ben Okafor"
    assert meta.published == "2021-06-03"
    assert meta.url == "https://example.org/notes/tidal-marshes"
    assert meta.site == "The Estuary Journal"
    assert dict(meta.extra) == {
        "tags": ["marsh", "birds", "tides"],
        "reviewed": "2021-07-01",
        "draft": False,
    }
    json.dumps(dict(meta.extra))
    assert (notes.format, notes.notices) == ("markdown", ())


def test_fixture_inline_spans(notes: Article) -> None:
    assert spans(notes, 4) == [
        (SpanKind.EMPHASIS, "twice a day", ""),
        (SpanKind.STRONG, "birds", ""),
        (SpanKind.LINK, "tide tables", "https://tides.example.org/"),
        (SpanKind.CODE, "tide --today", ""),
    ]
    assert spans(notes, 14) == [(SpanKind.STRONG, "Bird", ""), (SpanKind.STRONG, "Count", "")]


def test_front_matter_title_without_h1_adds_a_title_block() -> None:
    article = load_markdown("---\ntitle: Given Title\n---\n\nJust a paragraph.\n")
    assert outline(article) == [
        (BlockKind.TITLE, 0, "", "Given Title"),
        (BlockKind.PARAGRAPH, 0, "", "Just a paragraph."),
    ]


def test_opening_h1_is_the_title() -> None:
    article = load_markdown("# The *Real* Title\n\nBody.\n\n# Another H1\n")
    assert outline(article)[0] == (BlockKind.TITLE, 0, "", "The Real Title")
    assert spans(article, 0) == [(SpanKind.EMPHASIS, "Real", "")]
    assert outline(article)[2] == (BlockKind.HEADING, 1, "", "Another H1")
    assert article.meta.title == "The Real Title"


def test_h1_after_text_is_a_heading() -> None:
    article = load_markdown("Intro line.\n\n# Later Heading\n")
    assert [block.kind for block in article.blocks] == [BlockKind.PARAGRAPH, BlockKind.HEADING]
    assert article.meta.title == "Intro line."


@pytest.mark.parametrize(
    ("front_matter", "notice"),
    [
        ("title: [unclosed", "Ignored the front matter: it is not valid YAML."),
        ("- just\n- a list", "Ignored the front matter: it is not a list of “key: value” lines."),
    ],
    ids=["invalid-yaml", "not-a-mapping"],
)
def test_bad_front_matter_is_ignored_with_a_notice(front_matter: str, notice: str) -> None:
    article = load_markdown(f"---\n{front_matter}\n---\n\n# Heading\n\nText.\n")
    assert article.notices == (notice,)
    assert article.meta.title == "Heading"
    assert article.meta.extra == {}


@pytest.mark.parametrize(
    ("front_matter", "field", "value"),
    [
        ("author: Jo March", "author", "Jo March"),
        ("by: Jo March", "author", "Jo March"),
        ("authors: [Jo, Amy]", "author", "Jo, Amy"),
        ("date: 2021-06-03T10:30:00+02:00", "published", "2021-06-03T10:30:00+02:00"),
        ("published: June 3, 2021", "published", "2021-06-03"),
        ("link: https://example.org/a", "url", "https://example.org/a"),
        ("source: https://example.org/b", "url", "https://example.org/b"),
        ("description: A teaser.", "dek", "A teaser."),
        ("lang: fr", "language", "fr"),
    ],
    ids=["author", "by", "authors", "datetime", "printed-date", "link", "source", "summary",
         "lang"],
)  # fmt: skip
def test_front_matter_fields(front_matter: str, field: str, value: str) -> None:
    article = load_markdown(f"---\n{front_matter}\n---\n\nText.\n")
    assert getattr(article.meta, field) == value
    assert article.meta.extra == {}


def test_description_is_metadata_only() -> None:
    article = load_markdown("---\ntitle: T\ndescription: A teaser.\n---\n\nText.\n")
    assert [block.kind for block in article.blocks] == [BlockKind.TITLE, BlockKind.PARAGRAPH]


def test_unparsable_date_stays_in_extra() -> None:
    article = load_markdown("---\ndate: sometime soon\n---\n\nText.\n")
    assert article.meta.published == ""
    assert article.meta.extra == {"date": "sometime soon"}


def test_white_space_collapses_and_spans_follow() -> None:
    article = load_markdown("word\u00a0\u00a0\t*em  phasis*\u2009 and\u00ad more `c  d`\n")
    assert article.text == "word em phasis and more c d"
    assert spans(article, 0) == [(SpanKind.EMPHASIS, "em phasis", ""), (SpanKind.CODE, "c d", "")]


def test_nested_spans() -> None:
    article = load_markdown("See [the **bold** link](https://x.example/) now.\n")
    assert spans(article, 0) == [
        (SpanKind.LINK, "the bold link", "https://x.example/"),
        (SpanKind.STRONG, "bold", ""),
    ]


def test_raw_html_never_passes_through() -> None:
    article = load_markdown(
        "<div><script>alert(1)</script><p>Shown</p><p>text</p></div>\n\n"
        "Inline <span class='x'>tags</span> go,<br>breaks become spaces.\n"
    )
    assert outline(article) == [
        (BlockKind.PARAGRAPH, 0, "", "Shown text"),
        (BlockKind.PARAGRAPH, 0, "", "Inline tags go, breaks become spaces."),
    ]


def test_list_item_paragraphs_and_start_number() -> None:
    article = load_markdown("3. First\n\n   More of it.\n4. Second\n")
    assert outline(article) == [
        (BlockKind.LIST_ITEM, 1, "3.", "First"),
        (BlockKind.LIST_ITEM, 1, "", "More of it."),
        (BlockKind.LIST_ITEM, 1, "4.", "Second"),
    ]


def test_indented_code_expands_tabs() -> None:
    article = load_markdown("Text.\n\n    if x:\n    \treturn 1\n")
    assert outline(article)[1] == (BlockKind.CODE, 0, "", "if x:\n    return 1")


def test_terminal_escapes_are_removed() -> None:
    article = load_markdown("# \x1b[31mRed\x1b[0m Alert\n\nText\x07 with \x1b]0;title\x07bell.\n")
    assert article.text == "Red Alert\n\nText with bell."


def test_bold_book_division_is_a_heading() -> None:
    article = load_markdown("# Book\n\n**Book One: 1805**\n\n## Chapter 1\n\n**Not a heading**\n")
    assert outline(article) == [
        (BlockKind.TITLE, 0, "", "Book"),
        (BlockKind.HEADING, 1, "", "Book One: 1805"),
        (BlockKind.HEADING, 2, "", "Chapter 1"),
        (BlockKind.PARAGRAPH, 0, "", "Not a heading"),
    ]


def test_only_front_matter_has_no_text() -> None:
    with pytest.raises(LoadError, match=r"^Found no readable text in the text\.$"):
        load_markdown("---\ntitle: Empty\n---\n")


@pytest.mark.skipif(not (BENCH / "war-and-peace.md").exists(), reason="no shared bench texts")
def test_whole_book_as_markdown() -> None:
    book = load_path(BENCH / "war-and-peace.md")
    levels = [block.level for block in book.blocks_of(BlockKind.HEADING)]
    assert book.meta.title == "War and Peace"
    assert levels.count(1) == 17
    assert levels.count(2) == 365


LINE_KINDS = [
    "plain words here",
    "more *emphasis* and **strong** text",
    "a `code span` that",
    "continues [a link](https://x.org) on",
    "trailing two spaces  ",
    "ends with a backslash\\",
    "# A heading",
    "## Sub heading ##",
    "- a bullet",
    "* another bullet",
    "1. numbered",
    "2) numbered too",
    "> quoted line",
    "    indented code",
    "  two-space indent",
    "\tstarts with a tab",
    "***",
    "---",
    "===",
    "___",
    "[ref]: https://example.org",
    "see [ref] here",
    "<div>",
    "</div>",
    "<!-- a comment",
    "end of comment -->",
    "a | b",
    "| --- | --- |",
    "1805 was a year",
    "AT&amp;T &copy; and a\\*b escaped",
    "an ![image](pic.png) and <https://auto.link>",
    "inline <b>html</b> here",
    ":colon start",
    "",
    "",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(LINE_KINDS), min_size=1, max_size=30))
def test_unwrapping_lines_never_changes_the_parse(lines: list[str]) -> None:
    """Joining hard-wrapped lines and skipping inline parsing of plain text are only
    speed-ups: the article must be the same."""
    source = "\n".join(lines)
    fast = markdown.parse(source)
    slow = markdown.parse(source, fast=False)
    assert fast.builder.build().text == slow.builder.build().text
    assert fast.builder.build().blocks == slow.builder.build().blocks


def test_unwrapping_a_whole_book_changes_nothing() -> None:
    book = Path(__file__).resolve().parents[2].parent / "shared" / "bench" / "war-and-peace.md"
    if not book.exists():
        pytest.skip("the shared benchmark book is not beside this checkout")
    source = book.read_text(encoding="utf-8")
    fast, slow = markdown.parse(source), markdown.parse(source, fast=False)
    assert fast.builder.build() == slow.builder.build()


@pytest.mark.parametrize(
    ("iso", "printed"),
    [
        ("2021-06-03", "June 3, 2021"),
        ("2023-05-14T09:30:00-04:00", "May 14, 2023, 9:30 AM"),
        ("2016-02-21T15:23:00-05:00", "February 21, 2016, 3:23 PM"),
        ("2016-02-21T00:05:00", "February 21, 2016, 12:05 AM"),
        ("not a date", ""),
    ],
    ids=["date", "morning", "afternoon", "midnight", "not-a-date"],
)
def test_printed_dates(iso: str, printed: str) -> None:
    from reader.core.loaders.dates import printed_date

    assert printed_date(iso) == printed
