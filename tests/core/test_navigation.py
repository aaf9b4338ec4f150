"""Caret units (words, sentences, paragraphs), in-article search and the jump list."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.core.model.document import ArticleBuilder, BlockKind
from reader.core.text.find import find_all, is_case_sensitive
from reader.core.text.jumplist import JumpList
from reader.core.text.text_units import TextUnits


def article_of(*paragraphs: str):  # type: ignore[no-untyped-def]
    builder = ArticleBuilder()
    for text in paragraphs:
        builder.add(BlockKind.PARAGRAPH, text)
    return builder.build()


def sentences(*paragraphs: str) -> list[str]:
    article = article_of(*paragraphs)
    units = TextUnits(article)
    return [article.text[slice(*units.sentence_range(start))] for start in units.sentence_starts]


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("One. Two! Three?", ["One.", "Two!", "Three?"]),
        ("Mr. Kerry met Dr. Lavrov. They talked.", ["Mr. Kerry met Dr. Lavrov.", "They talked."]),
        (
            "The U.S. and Russia agreed. Talks go on.",
            ["The U.S. and Russia agreed.", "Talks go on."],
        ),
        (
            "“It will end,” he said. “Soon.” Then quiet.",
            ["“It will end,” he said.", "“Soon.”", "Then quiet."],
        ),
        ("Prices rose 4.5 percent. Markets fell.", ["Prices rose 4.5 percent.", "Markets fell."]),
        ("Wait… What happened? Nobody knew.", ["Wait…", "What happened?", "Nobody knew."]),
        ("J. R. R. Tolkien wrote it. Yes.", ["J. R. R. Tolkien wrote it.", "Yes."]),
        ("no end mark here", ["no end mark here"]),
    ],
    ids=[
        "marks",
        "titles",
        "dotted-abbreviation",
        "quotes",
        "decimal",
        "ellipsis",
        "initials",
        "unterminated",
    ],
)
def test_sentence_boundaries(paragraph: str, expected: list[str]) -> None:
    assert sentences(paragraph) == expected


def test_a_block_boundary_ends_a_sentence() -> None:
    assert sentences("A headline without a stop", "Body. More.") == [
        "A headline without a stop",
        "Body.",
        "More.",
    ]


def test_word_motion() -> None:
    article = article_of("Kerry didn’t say five-year-old, he said: “soon”.")
    units = TextUnits(article)
    words = []
    offset = 0
    while True:
        end = units.word_end(offset)
        words.append(article.text[offset:end])
        following = units.next_word(offset)
        if following == offset:
            break
        offset = following
    assert words == ["Kerry", "didn’t", "say", "five-year-old", "he", "said", "soon"]
    assert units.previous_word(article.text.index("say") + 1) == article.text.index("say")
    assert units.previous_word(article.text.index("say")) == article.text.index("didn’t")


def test_paragraph_motion() -> None:
    article = article_of("First.", "Second.", "Third.")
    units = TextUnits(article)
    second, third = article.blocks[1].start, article.blocks[2].start
    assert units.next_paragraph(0) == second
    assert units.next_paragraph(second) == third
    assert units.next_paragraph(third) == third
    assert units.previous_paragraph(third + 2) == third
    assert units.previous_paragraph(third) == second


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kerry", 3),
        ("Kerry", 2),
        ("KERRY", 1),
        ("said   on", 2),
        ("", 0),
        ("[x](y)", 1),
    ],
    ids=[
        "smart-case-lower",
        "smart-case-exact",
        "all-caps",
        "spaces-match-any-space",
        "empty",
        "regex-chars-literal",
    ],
)
def test_search_counts(query: str, expected: int) -> None:
    text = "Kerry said on Sunday. Kerry met KERRY. [x](y) said\non"
    assert len(find_all(text, query)) == expected


def test_search_navigation_wraps() -> None:
    result = find_all("a x b x c x", "x")
    assert [result.match(i) for i in range(len(result))] == [(2, 3), (6, 7), (10, 11)]
    assert result.next_index(2) == 1
    assert result.next_index(10) == 0
    assert result.previous_index(2) == 2
    assert result.previous_index(7) == 1
    assert list(result.in_range(5, 11)) == [1, 2]
    assert is_case_sensitive("Aa") and not is_case_sensitive("aa")


@given(st.text(alphabet="ab \n", max_size=60), st.text(alphabet="ab", min_size=1, max_size=3))
def test_search_finds_what_str_find_finds(text: str, query: str) -> None:
    result = find_all(text, query)
    assert all(text[s:e].lower() == query.lower() for s, e in map(result.match, range(len(result))))
    assert (len(result) > 0) == (query.lower() in text.lower())


def test_jump_list_walks_back_and_forth() -> None:
    jumps = JumpList()
    assert jumps.back(0) is None
    jumps.record(10)  # jumped from 10 to 500
    jumps.record(500)  # jumped from 500 to 900
    assert jumps.back(900) == 500
    assert jumps.back(500) == 10
    assert jumps.back(10) is None
    assert jumps.forward() == 500
    assert jumps.forward() == 900
    assert jumps.forward() is None
    jumps.back(900)
    jumps.record(500)  # a new jump from the middle drops the forward history
    assert jumps.forward() is None
    assert jumps.back(42) == 500


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Natasha", ["Natásha", "Natasha"]),
        ("natásha", ["Natásha"]),
        ("rostov", ["Rostóv"]),
        ("ecole", ["École"]),
    ],
    ids=["plain-finds-accented", "accented-is-exact", "lower-case", "capital-accent"],
)
def test_search_ignores_accents_unless_the_query_has_them(query: str, expected: list[str]) -> None:
    text = "Natásha met Natasha at the Rostóv house, near the École."
    result = find_all(text, query)
    assert [text[slice(*result.match(i))] for i in range(len(result))] == expected


def test_words_after_counts_what_is_left() -> None:
    article = article_of("one two three", "four five", "six")
    units = TextUnits(article)
    assert units.words_after(0) == 6
    assert units.words_after(article.text.index("two")) == 5
    assert units.words_after(article.text.index("five")) == 2
    assert units.words_after(len(article.text)) == 0
