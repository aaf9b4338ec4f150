"""HTML to an Article: trafilatura finds the article in the page, then its tree is walked.

trafilatura drops navigation, cookie banners, sidebars and footers, and reports the page's
metadata. Its extracted body uses a small XML vocabulary that keeps the structure the reader
needs: <head rend="h2">, <p>, <list> of <item>, <quote>, <code>, <table> of <row>/<cell>,
and inline <hi rend="#b|#i">, <ref target>, <lb/>. Images and figures (with their captions)
are left out, as trafilatura does by design; a text reader shows no pictures.

The body is walked as `bare_extraction` returns it, not through `extract(output_format=
"xml")`: that path serialises and re-parses the tree, and raises on badly broken markup
(found by the property tests: "<div>0<X<br>0</div>").

The page title comes from the metadata, since trafilatura often drops the <h1>. When the
body does start with the same heading, that heading becomes the TITLE block instead of
appearing twice. Nothing here touches the network.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from reader.core.loaders.dates import normalise_date
from reader.core.loaders.normalize import (
    InlineText,
    Parsed,
    RelativeSpans,
    add_byline_blocks,
    clean,
    code_block,
    collapse,
)
from reader.core.model.document import ArticleBuilder, BlockKind, Metadata, SpanKind

_PUBLISHED_XPATH = (
    "//meta[@property='article:published_time' or @name='article:published_time'"
    " or @itemprop='datePublished' or @name='pubdate' or @name='publishdate']/@content"
)
"""Meta tags giving the publication time; trafilatura reports only the day."""

_DOCUMENT_RE = re.compile(r"<(?:html|body)\b", re.IGNORECASE)

_CHARACTER_REFERENCE_RE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,16})|([0-9]{1,20}));?")
"""A numeric character reference; the semicolon is optional in HTML."""


def _without_bad_references(source: str) -> str:
    """The page with references to C0 controls and the noncharacters U+FFFE and U+FFFF
    removed (form feed and vertical tab become spaces), the rest untouched.

    libxml2 stops parsing at such a reference and keeps nothing after it, so a single
    `&#27;` made a whole page "no readable text". Such a character could never reach the
    text anyway (`clean` drops it). References to C1 codes (`&#150;`, a dash in
    windows-1252), surrogates and numbers beyond Unicode parse as browsers read them.
    """
    if "&#" not in source:
        return source

    def replace(match: re.Match[str]) -> str:
        code = int(match[1], 16) if match[1] is not None else int(match[2])
        if code in (0x0B, 0x0C):
            return " "
        if (0 < code < 0x20 and code not in (0x09, 0x0A, 0x0D)) or code & 0xFFFE == 0xFFFE:
            return ""
        return match[0]

    return _CHARACTER_REFERENCE_RE.sub(replace, source)


_BLOCK_TAGS = frozenset({"head", "p", "list", "item", "quote", "table", "graphic"})
_INLINE_KINDS = {"#b": SpanKind.STRONG, "#i": SpanKind.EMPHASIS, "#t": SpanKind.CODE}
_BULLET = "•"
_CELL_SEPARATOR = " | "


class _Node(Protocol):
    """The part of the ElementTree API the walker uses, which trafilatura's lxml tree has."""

    tag: Any
    """A tag name, or a function for comments and processing instructions."""
    text: str | None
    tail: str | None

    def get(self, key: str) -> str | None: ...
    def __iter__(self) -> Iterator[_Node]: ...
    def findall(self, path: str) -> list[_Node]: ...
    def iter(self, tag: str) -> Iterator[_Node]: ...
    def itertext(self) -> Iterator[str]: ...


def parse(source: str) -> Parsed:
    """Extract the article in an HTML page as blocks and metadata."""
    # Imported here: trafilatura takes about 150 ms to import, which opening a text or
    # Markdown file (and the app's start) should not pay.
    import trafilatura
    from trafilatura.settings import Document

    source = clean(_without_bad_references(source))
    if not _DOCUMENT_RE.search(source):
        # A bare fragment ("<p>…</p>" saved as .html): trafilatura finds nothing in it
        # unless it is a document with a body.
        source = f"<html><body>{source}</body></html>"
    tree = trafilatura.load_html(source)
    if tree is None:
        return Parsed(ArticleBuilder(), Metadata())
    language = _text(tree.get("lang"))
    published_times = [str(value) for value in tree.xpath(_PUBLISHED_XPATH)]
    document = trafilatura.bare_extraction(
        tree,
        with_metadata=True,
        include_formatting=True,
        include_links=True,
        include_tables=True,
        include_images=False,
        include_comments=False,
    )
    if not isinstance(document, Document):
        return Parsed(ArticleBuilder(), Metadata(language=language))
    published = next(filter(None, map(normalise_date, published_times)), None)
    published = published or normalise_date(document.date or "") or ""
    walker = _Walker(_text(document.author), published)
    walker.walk(document.body, _text(document.title))
    meta = Metadata(
        title=walker.title,
        dek=_text(document.description),
        author=_text(document.author),
        published=published,
        site=_text(document.sitename),
        url=_text(document.url),
        language=language,
    )
    return Parsed(walker.builder, meta)


def _text(value: object) -> str:
    return collapse(clean(value)) if isinstance(value, str) else ""


@dataclass(frozen=True, slots=True)
class _Context:
    """What a paragraph becomes where it stands: in the body, a quote or a list item."""

    kind: BlockKind = BlockKind.PARAGRAPH
    level: int = 0
    quotes: int = 0
    lists: int = 0


class _Walker:
    """Walks trafilatura's body, adding a block per paragraph, heading, item or table row."""

    def __init__(self, author: str, published: str) -> None:
        self.builder = ArticleBuilder()
        self.title = ""
        self._author = author
        self._published = published

    def walk(self, body: _Node, title: str) -> None:
        """Add the body's blocks, led by the TITLE block."""
        first = None if (body.text or "").strip() else next(iter(body), None)
        title_heading = None
        if first is not None and first.tag == "head":
            heading = _inline_block(first)[0]
            if heading.casefold() == title.casefold() or (not title and first.get("rend") == "h1"):
                title, title_heading = heading, first
        self.title = title
        self.builder.add(BlockKind.TITLE, title)
        add_byline_blocks(self.builder, self._author, self._published)
        self._container(body, _Context(), skip=title_heading)

    def _block(self, element: _Node, context: _Context, marker: str = "") -> None:
        """Add one block element; `marker` is a list item's, if this is its first paragraph."""
        tag = element.tag
        if tag == "head":
            level = _heading_level(element.get("rend"))
            text, spans = _inline_block(element)
            self.builder.add(BlockKind.HEADING, text, level=level, spans=spans)
        elif tag == "list":
            self._list(element, context)
        elif tag == "quote":
            quotes = context.quotes + 1
            inner = _Context(BlockKind.BLOCK_QUOTE, quotes, quotes, context.lists)
            self._container(element, inner)
        elif tag == "code" and _is_code_block(element):
            self.builder.add(BlockKind.CODE, code_block("".join(element.itertext())))
        elif tag == "table":
            for row in element.iter("row"):
                self._row(row)
        elif tag != "graphic":
            self._container(element, context, marker)

    def _list(self, element: _Node, context: _Context) -> None:
        lists = context.lists + 1
        inner = _Context(BlockKind.LIST_ITEM, lists, context.quotes, lists)
        ordered = element.get("rend") == "ol"
        for number, item in enumerate(element.findall("item"), 1):
            self._container(item, inner, marker=f"{number}." if ordered else _BULLET)

    def _container(
        self, element: _Node, context: _Context, marker: str = "", skip: _Node | None = None
    ) -> None:
        """Add the element's own text as one block, and its block children after it.

        `skip` is a child already used (the title heading); its tail text is still read.
        """
        buffer = InlineText()
        buffer.append(element.text or "")
        for child in element:
            if child is skip or not isinstance(child.tag, str):
                pass
            elif child.tag in _BLOCK_TAGS or (child.tag == "code" and _is_code_block(child)):
                marker = self._flush(buffer, context, marker)
                count = len(self.builder)
                if child.tag == "p":
                    self._block(child, context, marker)
                    marker = marker if len(self.builder) == count else ""
                else:
                    self._block(child, context)
                buffer = InlineText()
            else:
                _inline(child, buffer)
            buffer.append(child.tail or "")
        self._flush(buffer, context, marker)

    def _flush(self, buffer: InlineText, context: _Context, marker: str) -> str:
        """Add the buffered text as a block; returns the marker still unused."""
        text, spans = buffer.finish()
        block = self.builder.add(
            context.kind, text, level=context.level, marker=marker, spans=spans
        )
        return "" if block is not None else marker

    def _row(self, row: _Node) -> None:
        buffer = InlineText()
        for index, cell in enumerate(row.findall("cell")):
            if index:
                buffer.append(_CELL_SEPARATOR)
            start = buffer.mark()
            _inline_children(cell, buffer)
            if cell.get("role") == "head":
                buffer.add_span(SpanKind.STRONG, start)
        text, spans = buffer.finish()
        self.builder.add(BlockKind.PARAGRAPH, text, spans=spans)


def _is_code_block(element: _Node) -> bool:
    """trafilatura writes <code> for both; only multi-line code is a block of its own."""
    return "\n" in "".join(element.itertext()).strip()


def _heading_level(rend: str | None) -> int:
    if rend and len(rend) == 2 and rend[0] == "h" and rend[1] in "123456":
        return int(rend[1])
    return 2


def _inline_block(element: _Node) -> tuple[str, RelativeSpans]:
    buffer = InlineText()
    _inline_children(element, buffer)
    return buffer.finish()


def _inline_children(element: _Node, buffer: InlineText) -> None:
    """Append an element's text and its children's, with their tails."""
    buffer.append(element.text or "")
    for child in element:
        _inline(child, buffer)
        buffer.append(child.tail or "")


def _inline(element: _Node, buffer: InlineText) -> None:
    """Append an inline element's text (not its tail), recording its span."""
    tag = element.tag
    if tag == "lb":
        buffer.append(" ")
        return
    if tag == "graphic" or not isinstance(tag, str):
        return
    kind: SpanKind | None = None
    href = ""
    if tag == "hi":
        kind = _INLINE_KINDS.get(element.get("rend") or "")
    elif tag == "ref":
        kind, href = SpanKind.LINK, clean(element.get("target") or "")
    elif tag == "code":
        kind = SpanKind.CODE
    start = buffer.mark()
    _inline_children(element, buffer)
    if kind is not None:
        buffer.add_span(kind, start, href)
