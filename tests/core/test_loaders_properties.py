"""Properties every loader keeps, whatever the input: the article model's offset contract."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.errors import LoadError
from reader.core.loaders import FORMATS, load_bytes, load_text
from reader.core.loaders.normalize import InlineText, clean, collapse
from reader.core.model.document import BLOCK_SEPARATOR, Article, BlockKind, SpanKind

# Letters and digits, the white space and invisible characters loaders normalise, terminal
# controls they must strip, and the marks each format gives meaning to.
TRICKY = (
    " \t\n\r\u00a0\u2009\u202f\u00ad\u200b\u200d\ufeff\u2028\u2029\x1b\x07\x00\x9b\x85"
    "#*_`[]()<>!-\u2014\u2013:.,;\"'\u201c\u201d\u2019|~=/&"
)
ALPHABET = st.sampled_from("abcXYZ019 éß漢🙂" + TRICKY)
LINES = st.lists(
    st.one_of(
        st.text(ALPHABET, max_size=40),
        st.sampled_from(
            ["# Heading", "- item", "1. first", "> quote", "```", "    code", "---",
             "<p>para</p>", "<script>x()</script>", "Feb 21, 2016 at 3:23 PM ET",
             "By Jane Doe", "Caption here. — REUTERS", "CHAPTER IV", "", "title: x",
             "**Book One: 1805**", "| a | b |", "|---|---|", "<html><body>"]
        ),
    ),
    max_size=25,
)  # fmt: skip
SOURCES = LINES.map("\n".join)

CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def assert_well_formed(article: Article) -> None:
    """The contract in reader.core.model.document, checked block by block."""
    assert article.blocks
    position = 0
    for index, block in enumerate(article.blocks):
        if index:
            assert article.text[position : block.start] == BLOCK_SEPARATOR
        else:
            assert block.start == 0
        text = article.block_text(block)
        assert text
        if block.kind is BlockKind.CODE:
            assert text == text.strip("\n") and text == text.rstrip()
        else:
            assert text == text.strip()
            assert "\n" not in text
            assert "  " not in text
        for span in block.spans:
            assert block.start <= span.start < span.end <= block.end
            assert (span.kind is SpanKind.LINK) or not span.href
        position = block.end
    assert position == len(article.text)
    assert not CONTROL_RE.search(article.text)
    assert "\x1b" not in article.text and "\u00a0" not in article.text


def load_or_none(source: str, format: str) -> Article | None:
    try:
        return load_text(source, format=format)
    except LoadError:
        return None


@pytest.mark.parametrize("format", FORMATS)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=SOURCES)
def test_every_loader_keeps_the_offset_contract(format: str, source: str) -> None:
    article = load_or_none(source, format)
    if article is None:
        return
    assert_well_formed(article)
    again = load_text(source, format=format)
    assert again.text == article.text
    assert again.blocks == article.blocks


HTML_TEMPLATES = (
    "<p>{}</p>",
    "<h2>{}</h2>",
    "<ul><li>{}</li><li><p>{}</p></li></ul>",
    "<blockquote>{}</blockquote>",
    "<pre>{}\n  {}</pre>",
    "<p>a <em>{}</em> <a href='/x'>{}</a> <b>b</b></p>",
    "<table><tr><th>{}</th><td>{}</td></tr></table>",
    "<ol><li>{}<ol><li>{}</li></ol></li></ol>",
    "<div>{}<br>{}</div>",
)
SNIPPETS = st.text(ALPHABET, max_size=30)
HTML_PAGES = st.lists(
    st.tuples(st.sampled_from(HTML_TEMPLATES), SNIPPETS, SNIPPETS), min_size=1, max_size=12
).map(
    lambda parts: "<html><head><title>T</title></head><body><article>"
    + "".join(template.format(first, second) for template, first, second in parts)
    + "</article></body></html>"
)  # fmt: skip


@settings(max_examples=100, deadline=None)
@given(source=HTML_PAGES)
def test_html_structure_keeps_the_offset_contract(source: str) -> None:
    article = load_or_none(source, "html")
    if article is not None:
        assert_well_formed(article)


@settings(max_examples=150, deadline=None)
@given(data=st.binary(max_size=300))
def test_any_bytes_load_or_fail_cleanly(data: bytes) -> None:
    try:
        article = load_bytes(data, name="random")
    except LoadError as error:
        assert str(error).endswith(".") and "\n" not in str(error)
        return
    assert_well_formed(article)


PIECE_TEXT = st.text(st.sampled_from("ab  \t\n\r\u00a0\u2009\u00ad\u200b"), max_size=8)
PIECES = st.lists(st.tuples(PIECE_TEXT, st.booleans()), max_size=12)


@given(pieces=PIECES)
def test_inline_spans_cover_their_pieces(pieces: list[tuple[str, bool]]) -> None:
    buffer = InlineText()
    for piece, styled in pieces:
        start = buffer.mark()
        buffer.append(piece)
        if styled:
            buffer.add_span(SpanKind.STRONG, start)
    text, spans = buffer.finish()
    assert text == collapse(clean("".join(piece for piece, _ in pieces)))
    expected = [collapse(clean(piece)) for piece, styled in pieces if styled]
    assert [text[start:end] for _, start, end, _ in spans] == [e for e in expected if e]


def test_an_inline_code_span_of_only_a_line_break_loads() -> None:
    # Found by hypothesis: "`\n`" gave a heading candidate with no text and an IndexError.
    from reader.core.loaders.text import division_level

    assert division_level("") == 0
    load_or_none("`\n`", "markdown")
