"""Finding quotations by their marks (no language pipeline): exact ranges, paragraph rules."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.analysis.quotes import QuoteSpan, find_quotes
from reader.core.model.document import BLOCK_SEPARATOR

DOUBLE_MARKS = '"“”„«»'


def paragraphs_of(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph of a text whose paragraphs are split by a blank line."""
    ranges: list[tuple[int, int]] = []
    position = 0
    for paragraph in text.split(BLOCK_SEPARATOR):
        ranges.append((position, position + len(paragraph)))
        position += len(paragraph) + len(BLOCK_SEPARATOR)
    return ranges


def quoted(text: str) -> list[tuple[str, str]]:
    """Each quote as (its text with marks, the words inside)."""
    return [
        (text[span.start : span.end], text[span.inner_start : span.inner_end])
        for span in find_quotes(text, paragraphs_of(text))
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('He said "hello world" and left.', [('"hello world"', "hello world")]),
        ("He said “hello world” and left.", [("“hello world”", "hello world")]),
        ("«Bonjour», dit-il.", [("«Bonjour»", "Bonjour")]),
        (
            'She said "one" and "two words" then "three more words".',
            [
                ('"one"', "one"),
                ('"two words"', "two words"),
                ('"three more words"', "three more words"),
            ],
        ),
        ("“One.” “Two.”", [("“One.”", "One."), ("“Two.”", "Two.")]),
        ('He said, "yes."', [('"yes."', "yes.")]),
        ('"Quote at the start," he said.', [('"Quote at the start,"', "Quote at the start,")]),
        ("No quotation here at all.", []),
        ("", []),
    ],
    ids=[
        "straight",
        "curly",
        "guillemets",
        "several-straight",
        "back-to-back",
        "after-comma",
        "paragraph-start",
        "none",
        "empty",
    ],
)
def test_quotes_by_their_marks(text: str, expected: list[tuple[str, str]]) -> None:
    assert quoted(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "“He said ‘no way’ to me,” she said.",
            [("“He said ‘no way’ to me,”", "He said ‘no way’ to me,")],
        ),
        (
            "\"He said 'no way' to me,\" she said.",
            [("\"He said 'no way' to me,\"", "He said 'no way' to me,")],
        ),
        (
            "“They call it ‘a truce’ and ‘a pause’,” he wrote.",
            [("“They call it ‘a truce’ and ‘a pause’,”", "They call it ‘a truce’ and ‘a pause’,")],
        ),
    ],
    ids=["curly", "straight", "two-inner"],
)
def test_single_quotes_inside_doubles_stay_part_of_the_quote(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert quoted(text) == expected


def test_a_second_level_of_curly_doubles_stays_part_of_the_quote() -> None:
    text = "“He told me “go home” and left,” she said."
    assert quoted(text) == [("“He told me “go home” and left,”", "He told me “go home” and left,")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“I don’t know,” Kerry’s aide said.", [("“I don’t know,”", "I don’t know,")]),
        (
            "“It’s the Observatory’s count,” he said.",
            [("“It’s the Observatory’s count,”", "It’s the Observatory’s count,")],
        ),
        ("Kerry’s and Lavrov’s talks didn’t end.", []),
        ("The rebels' demands and Reuters' report.", []),
        ("The ‘provisional’ deal.", []),
    ],
    ids=[
        "curly-apostrophes",
        "inside-quote",
        "no-quote",
        "straight-plural-possessive",
        "singles-only",
    ],
)
def test_apostrophes_and_single_quotes_are_not_quotations(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert quoted(text) == expected


CESSATION = "A cessation of hostilities … is possible over the course of these next hours."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"“{CESSATION}” Kerry said.", [(f"“{CESSATION}”", CESSATION)]),
        ("“Talks ... may resume.” Then.", [("“Talks ... may resume.”", "Talks ... may resume.")]),
        (
            '"A truce … is possible…" he said.',
            [('"A truce … is possible…"', "A truce … is possible…")],
        ),
        (
            "“We will…” “… and then we will not.”",
            [("“We will…”", "We will…"), ("“… and then we will not.”", "… and then we will not.")],
        ),
    ],
    ids=["curly-ellipsis", "three-dots", "straight-trailing", "two-quotes"],
)
def test_ellipses_inside_a_quote_do_not_end_it(text: str, expected: list[tuple[str, str]]) -> None:
    assert quoted(text) == expected


def test_a_quote_over_several_paragraphs() -> None:
    text = (
        "“The first paragraph of the speech.\n\n"
        "“The second goes on.\n\n"
        "“And the third ends it.”\n\n"
        "The narration follows."
    )
    ((marked, inner),) = quoted(text)
    assert marked == text[: text.index("”") + 1]
    assert inner.startswith("The first paragraph of the speech.\n\n“The second goes on.")
    assert inner.endswith("And the third ends it.")


def test_a_straight_quote_over_two_paragraphs() -> None:
    text = '"The first paragraph.\n\n"The second ends it."\n\nNarration "here" too.'
    assert quoted(text) == [
        (
            '"The first paragraph.\n\n"The second ends it."',
            'The first paragraph.\n\n"The second ends it.',
        ),
        ('"here"', "here"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "“An unclosed quote here.\n\nNarration with “a quote” after.",
            [("“An unclosed quote here.", "An unclosed quote here."), ("“a quote”", "a quote")],
        ),
        (
            '"An unclosed straight one.\n\nNarration.',
            [('"An unclosed straight one.', "An unclosed straight one.")],
        ),
        (
            "Narration.\n\nThe last paragraph “never closes",
            [("“never closes", "never closes")],
        ),
    ],
    ids=["curly", "straight", "last-paragraph"],
)
def test_an_unclosed_quote_ends_with_its_paragraph(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert quoted(text) == expected


def test_a_new_opening_mark_after_a_sentence_starts_a_new_quote() -> None:
    text = "“Open one. “Open two.” end"
    assert quoted(text) == [("“Open one.", "Open one."), ("“Open two.”", "Open two.")]


def test_inch_marks_are_not_quotations() -> None:
    text = 'A 6" pipe and a 12" nail, he said "hi there".'
    assert quoted(text) == [('"hi there"', "hi there")]


def test_only_the_given_paragraphs_are_read() -> None:
    text = "“Skipped dateline.”\n\nBody “quoted words here”."
    paragraphs = paragraphs_of(text)[1:]
    spans = find_quotes(text, paragraphs)
    assert [text[span.start : span.end] for span in spans] == ["“quoted words here”"]


def test_words() -> None:
    text = "He said “it’s a well-known fact, truly” and left."
    (span,) = find_quotes(text, paragraphs_of(text))
    assert span.words(text) == 5


# Properties over any text

ALPHABET = st.sampled_from("ab Z.,…’'!?-\n" + DOUBLE_MARKS + "‘")
PARAGRAPH = st.text(ALPHABET, max_size=40).map(lambda s: s.replace("\n", " ").strip() or "x")
TEXTS = st.lists(PARAGRAPH, min_size=1, max_size=6).map(BLOCK_SEPARATOR.join)


def check_spans(text: str, spans: list[QuoteSpan]) -> None:
    paragraphs = paragraphs_of(text)

    def paragraph_index(offset: int) -> int | None:
        return next((i for i, (s, e) in enumerate(paragraphs) if s <= offset < e), None)

    previous_end = 0
    for span in spans:
        assert span.start < span.inner_start <= span.inner_end <= span.end
        assert span.inner_start < span.inner_end  # empty quotes are dropped
        assert previous_end <= span.start  # sorted, never overlapping
        previous_end = span.end
        assert text[span.start] in DOUBLE_MARKS
        first, last = paragraph_index(span.start), paragraph_index(span.end - 1)
        assert first is not None
        assert last is not None
        assert first <= last
        # Between its first and last paragraph, a quote covers only those paragraphs and the
        # blank lines between them, and each later paragraph reopens with a mark.
        for index in range(first + 1, last + 1):
            start, _ = paragraphs[index]
            assert text[start] in DOUBLE_MARKS
        inner = text[span.inner_start : span.inner_end]
        assert inner == inner.rstrip()


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_spans_are_well_formed_for_any_text(text: str) -> None:
    check_spans(text, find_quotes(text, paragraphs_of(text)))


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_text_without_double_marks_has_no_quotes(text: str) -> None:
    for mark in DOUBLE_MARKS:
        text = text.replace(mark, "x")
    assert find_quotes(text, paragraphs_of(text)) == []


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.text(st.sampled_from("abc ’'.…‘"), min_size=1, max_size=20), min_size=1, max_size=5)
)
def test_a_closed_curly_quote_comes_back_whole(words: list[str]) -> None:
    inner = " ".join(words).strip() or "x"
    text = f"Before “{inner}” after."
    ((marked, found),) = quoted(text)
    assert marked == f"“{inner}”"
    assert found == inner.rstrip()


@pytest.mark.parametrize(
    ("text", "statement"),
    [
        ("He played “Super Mario Run” on his phone all week.", False),
        ("Critics loved “A Most Violent Year” when it opened.", False),
        ("Trump Vows: “I Will Build A Wall”", True),
        ("“We will build a wall,” he said on Monday.", True),
        ("Protesters chanted “WE WANT JUSTICE” outside.", True),
        ("She said “Thank you all, Come Again” and left.", True),
    ],
    ids=["game", "film", "headline", "speech", "chant", "comma"],
)
def test_a_title_in_title_case_is_not_a_statement(text: str, statement: bool) -> None:
    (span,) = find_quotes(text, paragraphs_of(text))
    assert span.is_statement(text) is statement
