"""The plain-text loader: the sample news story, plain prose and hard-wrapped books."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.loaders import load_path, load_text
from reader.core.loaders.dates import normalise_date, parse_dateline
from reader.core.model.document import Article, BlockKind, SpanKind

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLE = REPO_ROOT / "seeds" / "syria-ceasefire-2016.txt"
BENCH = REPO_ROOT.parent / "shared" / "bench"
FIXTURES = Path(__file__).parent / "fixtures"


def kinds_and_texts(article: Article) -> list[tuple[BlockKind, str]]:
    return [(block.kind, article.block_text(block)) for block in article.blocks]


@pytest.fixture(scope="module")
def sample() -> Article:
    return load_path(SAMPLE)


# --- the sample news story -------------------------------------------------------------


def test_sample_front_blocks(sample: Article) -> None:
    assert kinds_and_texts(sample)[:5] == [
        (BlockKind.TITLE, "ISIS Unleashes Attacks As Provisional Ceasefire Deal Reached On Syria"),
        (
            BlockKind.DEK,
            "Explosions tore through Damascus and Homs, killing more than 100 people, "
            "according to reports",
        ),
        (BlockKind.CAPTION, "People inspect the site of a two bomb blasts in Homs. — REUTERS"),
        (BlockKind.DATELINE, "Feb 21, 2016 at 3:23 PM ET"),
        (
            BlockKind.PARAGRAPH,
            "The Islamic State claimed responsibility for a string of attacks that tore through "
            "the Syrian city of Homs and a Shiite district in Damascus on Sunday, killing more "
            "than 100 people.",
        ),
    ]


def test_sample_metadata(sample: Article) -> None:
    assert sample.meta.title == (
        "ISIS Unleashes Attacks As Provisional Ceasefire Deal Reached On Syria"
    )
    assert sample.meta.dek.startswith("Explosions tore through Damascus")
    assert sample.meta.published == "2016-02-21T15:23:00-05:00"
    assert sample.meta.author == ""
    assert sample.meta.source == str(SAMPLE)
    assert (sample.format, sample.encoding, sample.notices) == ("text", "utf-8", ())


def test_sample_caption_credit_span(sample: Article) -> None:
    caption = next(sample.blocks_of(BlockKind.CAPTION))
    assert [(span.kind, sample.span_text(span)) for span in caption.spans] == [
        (SpanKind.CREDIT, "REUTERS")
    ]
    assert caption.spans[0].end == caption.end


def test_sample_aside(sample: Article) -> None:
    asides = [sample.block_text(block) for block in sample.blocks_of(BlockKind.ASIDE)]
    assert asides == ["More ISIS Lists Attacks On Gulf States As Saudi Threatens To Enter Syria"]
    # It sits between the second and third paragraphs of the story.
    index = next(i for i, block in enumerate(sample.blocks) if block.kind is BlockKind.ASIDE)
    assert sample.block_text(sample.blocks[index - 1]).startswith("The violence came as")
    assert sample.block_text(sample.blocks[index + 1]).startswith("Amaq, an ISIS-linked")


SAMPLE_PARAGRAPHS = [
    "The Islamic State claimed responsibility for a string of attacks",
    "The violence came as Secretary of State John Kerry said on Sunday that he",
    "Amaq, an ISIS-linked media agency, said the Damascus attack involved two car bombs",
    "Images posted to social media allegedly showed scenes in the aftermath",
    "The Syrian Observatory for Human Rights said another 46 people died",
    "Islamic State loyalists celebrated the attacks, boasting that “dead Shiite",
    "The string of violence was the latest in a series of recent ISIS attacks across",
    "Sunday’s heightened violence erupted despite talks of a possible truce. “The",
    "Speaking optimistically, Kerry said he had spoken with Russian Foreign Minister Lavrov",
    "Since fighting began in Syria in 2011, a shocking 470,000 people have died",
]


@pytest.mark.parametrize(
    ("index", "start"),
    list(enumerate(SAMPLE_PARAGRAPHS)),
    ids=[f"paragraph-{n}" for n in range(1, len(SAMPLE_PARAGRAPHS) + 1)],
)
def test_sample_paragraph_starts(sample: Article, index: int, start: str) -> None:
    paragraphs = list(sample.blocks_of(BlockKind.PARAGRAPH))
    assert sample.block_text(paragraphs[index]).startswith(start)


def test_sample_counts(sample: Article) -> None:
    assert len(list(sample.blocks_of(BlockKind.PARAGRAPH))) == len(SAMPLE_PARAGRAPHS)
    # The story's numbered paragraphs: the ten body paragraphs, not caption or aside.
    assert len(sample.body_numbers) == 10


def test_sample_white_space_and_quotes(sample: Article) -> None:
    assert "\u00a0" not in sample.text
    assert "  " not in sample.text
    assert "reached a “provisional agreement” on terms" in sample.text
    assert "Sunday’s heightened violence" in sample.text


def test_sample_loads_identically_twice(sample: Article) -> None:
    again = load_path(SAMPLE)
    assert again.text == sample.text
    assert again.blocks == sample.blocks
    assert again.content_hash == sample.content_hash


# --- dates -------------------------------------------------------------------------------

DATELINES = [
    ("Feb 21, 2016", "2016-02-21"),
    ("February 21, 2016 3:23 PM", "2016-02-21T15:23:00"),
    ("21 February 2016", "2016-02-21"),
    ("2016-02-21", "2016-02-21"),
    ("Feb 21, 2016 at 3:23 PM ET", "2016-02-21T15:23:00-05:00"),
    ("Updated Feb 21, 2016 at 3:23 PM ET", "2016-02-21T15:23:00-05:00"),
    ("Sunday, Feb. 21, 2016 at 3:23 p.m. EST", "2016-02-21T15:23:00-05:00"),
    ("July 4, 2016 at 9:05 AM ET", "2016-07-04T09:05:00-04:00"),
    ("Jul 4, 2016 12:30 PM PT", "2016-07-04T12:30:00-07:00"),
    ("Dec 25, 2016 at 12:00 AM CT", "2016-12-25T00:00:00-06:00"),
    ("Published 1 June 2016 14:05 BST", "2016-06-01T14:05:00+01:00"),
    ("March 1, 2016 10:00 GMT", "2016-03-01T10:00:00+00:00"),
    ("Mar 1, 2016 10:00 UTC", "2016-03-01T10:00:00+00:00"),
    ("Aug 9, 2016, 6:15 PM PDT", "2016-08-09T18:15:00-07:00"),
]


@pytest.mark.parametrize(("line", "iso"), DATELINES, ids=[line for line, _ in DATELINES])
def test_parse_dateline(line: str, iso: str) -> None:
    assert parse_dateline(line) == iso


NOT_DATELINES = [
    "Feb 30, 2016",
    "Feb 21, 2016 3",
    "Feb 21, 2016 at 13:23 PM",
    "We met on Feb 21, 2016 at noon",
    "February",
    "21 Februaryish 2016",
]


@pytest.mark.parametrize("line", NOT_DATELINES, ids=NOT_DATELINES)
def test_not_a_dateline(line: str) -> None:
    assert parse_dateline(line) is None


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("2023-05-14T09:30:00-04:00", "2023-05-14T09:30:00-04:00"),
        ("2023-05-14T13:30:00Z", "2023-05-14T13:30:00+00:00"),
        ("2023-05-14", "2023-05-14"),
        ("May 14, 2023", "2023-05-14"),
        ("soon", None),
    ],
    ids=["iso-offset", "iso-zulu", "iso-date", "printed", "not-a-date"],
)
def test_normalise_date(value: str, iso: str | None) -> None:
    assert normalise_date(value) == iso


# --- line rules --------------------------------------------------------------------------

STORY_OPENING = "A Headline For The Story\n\nThe story begins here, as stories do.\n\n"

CAPTIONS = [
    ("People inspect the site. — REUTERS", "REUTERS"),
    ("Smoke rises over the city - AFP/GETTY IMAGES", "AFP/GETTY IMAGES"),
    ("Protesters gather outside. — John Smith/AP", "John Smith/AP"),
    ("The harbour at dawn. — Getty Images", "Getty Images"),
    ("Rescue workers at the scene (Photo: Jane Smith)", "Jane Smith"),
    ("A market in Aleppo. Photo: John Doe", "John Doe"),
    ("The old bridge. Credit: City Archive", "City Archive"),
]


@pytest.mark.parametrize(("line", "credit"), CAPTIONS, ids=[c for _, c in CAPTIONS])
def test_caption_credit(line: str, credit: str) -> None:
    article = load_text(STORY_OPENING + line)
    block = article.blocks[-1]
    assert block.kind is BlockKind.CAPTION
    assert [(s.kind, article.span_text(s)) for s in block.spans] == [(SpanKind.CREDIT, credit)]


NOT_CAPTIONS = [
    "Be yourself; everyone else is already taken — Oscar Wilde",
    "He said the alliance would respond — NATO",
    "The vote was close - very close",
]


@pytest.mark.parametrize("line", NOT_CAPTIONS, ids=["quotation", "acronym", "aside-dash"])
def test_not_a_caption(line: str) -> None:
    assert load_text(STORY_OPENING + line).blocks[-1].kind is BlockKind.PARAGRAPH


ASIDES = [
    ("More ISIS Lists Attacks On Gulf States As Saudi Threatens To Enter Syria", True),
    ("Read more: why the ceasefire failed", True),
    ("RELATED: Kerry And Lavrov Meet In Munich", True),
    ("See also The Long Road To Geneva", True),
    ("More than 100 people died in the attacks", False),
    ("More people came than expected.", False),
]


@pytest.mark.parametrize(("line", "is_aside"), ASIDES, ids=[line[:24] for line, _ in ASIDES])
def test_aside(line: str, is_aside: bool) -> None:
    kind = load_text(STORY_OPENING + line + "\n\nAnd the story goes on.").blocks[-2].kind
    assert kind is (BlockKind.ASIDE if is_aside else BlockKind.PARAGRAPH)


DIVISIONS = [
    ("CHAPTER I", 2),
    ("Chapter 12", 2),
    ("CHAPTER XIV. The Return", 2),
    ("BOOK ONE: 1805", 1),
    ("PART TWO", 1),
    ("VOLUME III", 1),
    ("EPILOGUE", 1),
    ("FIRST EPILOGUE: 1813 - 20", 1),
    ("PROLOGUE", 1),
    ("Part of the problem was money", 0),
    ("chapter one", 0),
    ("Books are heavy", 0),
]


@pytest.mark.parametrize(("line", "level"), DIVISIONS, ids=[line for line, _ in DIVISIONS])
def test_book_divisions(line: str, level: int) -> None:
    block = load_text(STORY_OPENING + line + "\n\nMore of the story.").blocks[-2]
    assert (block.kind, block.level) == (
        (BlockKind.HEADING, level) if level else (BlockKind.PARAGRAPH, 0)
    )


def test_byline_and_dateline_under_headline() -> None:
    article = load_text(
        "Storm Closes Harbour\n\nBy Jane Doe\nUpdated March 3, 2020 at 7:00 AM ET\n\n"
        "Boats stayed in port on Tuesday."
    )
    assert [block.kind for block in article.blocks] == [
        BlockKind.TITLE, BlockKind.BYLINE, BlockKind.DATELINE, BlockKind.PARAGRAPH,
    ]  # fmt: skip
    assert article.meta.author == "Jane Doe"
    assert article.meta.published == "2020-03-03T07:00:00-05:00"


def test_dateline_only_before_the_story() -> None:
    article = load_text("Diary\n\nWe set out early.\n\nFeb 21, 2016\n\nIt rained.")
    assert article.blocks[2].kind is BlockKind.PARAGRAPH
    assert article.meta.published == ""


# --- plain prose ---------------------------------------------------------------------------


def test_prose_with_a_short_first_line_has_a_title() -> None:
    article = load_text("A Quiet Morning\n\nThe sun rose over the hills.\n\nBirds sang.")
    assert kinds_and_texts(article) == [
        (BlockKind.TITLE, "A Quiet Morning"),
        (BlockKind.PARAGRAPH, "The sun rose over the hills."),
        (BlockKind.PARAGRAPH, "Birds sang."),
    ]
    assert article.meta.title == "A Quiet Morning"


def test_prose_without_headline_takes_its_first_sentence_as_title() -> None:
    article = load_text(
        "It was a bright cold day in April, and the clocks were striking thirteen. "
        "Winston Smith slipped quickly through the glass doors of Victory Mansions.\n\n"
        "The hallway smelt of boiled cabbage."
    )
    assert [block.kind for block in article.blocks] == [BlockKind.PARAGRAPH] * 2
    assert article.meta.title == (
        "It was a bright cold day in April, and the clocks were striking thirteen."
    )


def test_prose_with_a_long_first_sentence_gets_its_opening_words() -> None:
    article = load_text(
        "When the long procession of carts finally reached the river crossing after three "
        "days on the road, nobody had the strength left to unload them.\n\nThey slept."
    )
    assert article.meta.title == (
        "When the long procession of carts finally reached the river crossing after…"
    )


def test_single_line_is_a_paragraph_and_its_own_title() -> None:
    article = load_text("Remember to buy milk")
    assert kinds_and_texts(article) == [(BlockKind.PARAGRAPH, "Remember to buy milk")]
    assert article.meta.title == "Remember to buy milk"


def test_unwrapped_lines_stand_alone() -> None:
    # Text copied from a web page: one long line per paragraph, no blank lines.
    line = "This paragraph runs on well past any wrapping column, as web text does, " * 2
    article = load_text(f"{line.strip()}\n{line.strip()}\n{line.strip()}")
    assert [block.kind for block in article.blocks] == [BlockKind.PARAGRAPH] * 3


def test_indented_code_keeps_its_lines() -> None:
    article = load_text("Run this:\n\n    for name in names:\n        print(name)\n\nThen stop.")
    assert kinds_and_texts(article)[1] == (
        BlockKind.CODE, "for name in names:\n    print(name)"
    )  # fmt: skip


# --- hard-wrapped books --------------------------------------------------------------------


@pytest.fixture(scope="module")
def excerpt() -> Article:
    return load_path(FIXTURES / "gutenberg-excerpt.txt")


def test_excerpt_structure(excerpt: Article) -> None:
    assert [(block.kind, block.level) for block in excerpt.blocks] == [
        (BlockKind.TITLE, 0),
        (BlockKind.BYLINE, 0),
        (BlockKind.PARAGRAPH, 0),  # Translated by …
        (BlockKind.PARAGRAPH, 0),  # (public domain text)
        (BlockKind.HEADING, 1),
        (BlockKind.HEADING, 2),
        (BlockKind.PARAGRAPH, 0),
        (BlockKind.PARAGRAPH, 0),
        (BlockKind.HEADING, 2),
        (BlockKind.PARAGRAPH, 0),
        (BlockKind.PARAGRAPH, 0),  # the footnote
        (BlockKind.PARAGRAPH, 0),
        (BlockKind.PARAGRAPH, 0),  # three verses, joined
        (BlockKind.PARAGRAPH, 0),
        (BlockKind.PARAGRAPH, 0),
        (BlockKind.PARAGRAPH, 0),
        (BlockKind.CODE, 0),  # the number table
        (BlockKind.HEADING, 1),
        (BlockKind.HEADING, 2),
        (BlockKind.PARAGRAPH, 0),
    ]


def test_excerpt_metadata_and_contents(excerpt: Article) -> None:
    assert (excerpt.meta.title, excerpt.meta.author) == ("WAR AND PEACE", "Leo Tolstoy")
    headings = [excerpt.block_text(b) for b in excerpt.blocks_of(BlockKind.HEADING)]
    assert headings == [
        "BOOK ONE: 1805", "CHAPTER I", "CHAPTER II", "FIRST EPILOGUE: 1813 - 20", "CHAPTER I",
    ]  # fmt: skip


def test_excerpt_reflows_wrapped_lines(excerpt: Article) -> None:
    second = excerpt.block_text(excerpt.blocks[7])
    assert second == (
        "It was in July, 1805, and the speaker was the well-known Anna Pávlovna Schérer, maid "
        "of honor and favorite of the Empress Márya Fëdorovna. With these words she greeted "
        "Prince Vasíli Kurágin, a man of high rank and importance, who was the first to arrive "
        "at her reception. Anna Pávlovna had had a cough for some days. She was, as she said, "
        "suffering from la grippe; grippe being then a new word in St. Petersburg, used only "
        "by the elite."
    )
    verse = excerpt.block_text(excerpt.blocks[14])
    assert verse == "A day or two, then bliss unspoilt, But oh! till then I cannot live!..."


def test_excerpt_keeps_the_table_preformatted(excerpt: Article) -> None:
    table = excerpt.block_text(next(excerpt.blocks_of(BlockKind.CODE)))
    assert table.splitlines()[:2] == [
        "a   b   c   d   e   f   g   h   i   k",
        "1   2   3   4   5   6   7   8   9   10",
    ]
    assert table.splitlines()[-1] == "                 160"


@pytest.mark.skipif(not (BENCH / "war-and-peace.txt").exists(), reason="no shared bench texts")
def test_whole_book_as_text() -> None:
    book = load_path(BENCH / "war-and-peace.txt")
    levels = [block.level for block in book.blocks_of(BlockKind.HEADING)]
    assert (book.meta.title, book.meta.author) == ("WAR AND PEACE", "Leo Tolstoy")
    assert levels.count(1) == 17  # fifteen books and two epilogues
    assert levels.count(2) == 365
    assert "\n" not in "".join(
        book.block_text(b) for b in book.blocks if b.kind is not BlockKind.CODE
    )
