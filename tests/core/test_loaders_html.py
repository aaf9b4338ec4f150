"""The HTML loader: a saved news page loses its boilerplate and keeps structure and metadata."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.errors import LoadError
from reader.core.loaders import load_bytes, load_path, load_text
from reader.core.model.document import Article, BlockKind, SpanKind

PAGE = Path(__file__).parent / "fixtures" / "news-page.html"
TITLE = "City Council Approves Riverside Park Plan"


@pytest.fixture(scope="module")
def page() -> Article:
    return load_path(PAGE)


def test_page_blocks(page: Article) -> None:
    outline = [
        (block.kind, block.level, block.marker, page.block_text(block)[:40])
        for block in page.blocks
    ]
    assert outline == [
        (BlockKind.TITLE, 0, "", TITLE[:40]),
        # From the page's metadata, so the reader shows them under the headline.
        (BlockKind.BYLINE, 0, "", "By Maria Lopez"),
        (BlockKind.DATELINE, 0, "", "May 14, 2023, 9:30 AM"),
        (BlockKind.PARAGRAPH, 0, "", "The city council voted seven to two on T"),
        (BlockKind.PARAGRAPH, 0, "", "The plan, first proposed by the Friends "),
        (BlockKind.BLOCK_QUOTE, 1, "", "This is the biggest change to the waterf"),
        (BlockKind.PARAGRAPH, 0, "", "Council member Ada Brooks, who sponsored"),
        (BlockKind.HEADING, 2, "", "What the plan includes"),
        (BlockKind.PARAGRAPH, 0, "", "The approved design has four main parts,"),
        (BlockKind.LIST_ITEM, 1, "•", "A two-mile walking and cycling path alon"),
        (BlockKind.LIST_ITEM, 1, "•", "A playground and splash pad near the old"),
        (BlockKind.LIST_ITEM, 1, "•", "Restored wetlands to absorb flood water "),
        (BlockKind.PARAGRAPH, 0, "", "The city estimates the total cost at 41 "),
    ]


def test_page_metadata(page: Article) -> None:
    meta = page.meta
    assert meta.title == TITLE
    assert meta.author == "Maria Lopez"
    assert meta.published == "2023-05-14T09:30:00-04:00"
    assert meta.site == "The Harbor Gazette"
    assert meta.url == "https://gazette.example.com/2023/05/14/riverside-park-plan"
    assert meta.dek == "After two years of debate, the park will replace a disused freight yard."
    assert meta.language == "en"
    assert meta.source == str(PAGE)
    assert (page.format, page.encoding) == ("html", "utf-8")


@pytest.mark.parametrize(
    "boilerplate",
    ["cookies", "Subscribe", "Most read", "newsletter", "All rights reserved", "Privacy",
     "gtag", "font-family"],
)  # fmt: skip
def test_page_boilerplate_is_gone(page: Article, boilerplate: str) -> None:
    assert boilerplate not in page.text


def test_page_title_is_not_repeated(page: Article) -> None:
    assert page.text.count(TITLE) == 1


def test_page_inline_spans(page: Article) -> None:
    found = [
        (span.kind, page.span_text(span), span.href)
        for block in page.blocks
        for span in block.spans
    ]
    assert found == [
        (SpanKind.STRONG, "seven to two", ""),
        (SpanKind.EMPHASIS, "more than two years", ""),
        (SpanKind.LINK, "Friends of the Riverside", "https://parks.example.org/friends"),
    ]


ARTICLE_BODY = (
    "<p>First paragraph of a reasonably long article body, long enough for extraction to keep "
    "it as the main content of the page rather than discard it as noise.</p>"
)


def test_entities_and_nbsp_are_normalised() -> None:
    html = (
        "<!doctype html><html><head><title>Caf&eacute; Notes</title></head><body><article>"
        f"{ARTICLE_BODY}<p>Fish&nbsp;&amp;&nbsp;chips&#8201;&mdash; cheap.</p></article>"
        "</body></html>"
    )
    article = load_text(html, format="html")
    assert article.meta.title == "Café Notes"
    assert article.block_text(article.blocks[-1]) == "Fish & chips — cheap."


def test_code_and_nested_list() -> None:
    html = (
        "<html><body><article><h1>Guide</h1>" + ARTICLE_BODY
        + "<ol><li><p>Install it</p><p>with care</p></li><li>Run<ul><li>twice</li></ul></li>"
        "</ol><pre><code>make all\n\tmake test</code></pre>" + ARTICLE_BODY
        + "</article></body></html>"
    )  # fmt: skip
    article = load_text(html, format="html")
    outline = [(b.kind, b.level, b.marker, article.block_text(b)) for b in article.blocks[2:7]]
    assert outline == [
        (BlockKind.LIST_ITEM, 1, "1.", "Install it"),
        (BlockKind.LIST_ITEM, 1, "", "with care"),
        (BlockKind.LIST_ITEM, 1, "2.", "Run"),
        (BlockKind.LIST_ITEM, 2, "•", "twice"),
        (BlockKind.CODE, 0, "", "make all\n    make test"),
    ]


def test_page_without_text() -> None:
    html = (
        "<html><head><title>Gallery</title><script>var x = 1;</script></head>"
        "<body><img src='a.jpg'><div><img src='b.jpg'></div></body></html>"
    )
    with pytest.raises(LoadError, match=r"^Found no readable text in gallery\.html\.$"):
        load_bytes(html.encode(), name="gallery.html")
