"""Markdown to an Article, by walking markdown-it-py's CommonMark token stream.

Choices, where the article model has less than Markdown:

* A document that opens with an H1 gets it as its TITLE block; a front-matter title with no
  opening H1 becomes a TITLE block, so the reader always shows the title. A front-matter
  `dek` or `subtitle` becomes a DEK block under it; `description` or `summary` only fills
  `Metadata.dek`, since it is usually a teaser repeating the text.
* Blocks hold no newlines, so soft and hard line breaks become spaces.
* A list item's first paragraph carries its marker ("•", "3."); its later paragraphs are
  LIST_ITEMs with no marker. Paragraphs in a block quote are BLOCK_QUOTEs; in a list inside
  a quote, the list wins.
* Raw HTML never reaches the text as markup: HTML blocks become a paragraph of their visible
  text, inline tags are dropped (a <br> becomes a space).
* Table rows become paragraphs of their cells joined by " | ", header cells in bold; a
  terminal reader cannot lay out a table and still wrap it.
* Images become their alt text. Strikethrough is not enabled: the "~~" marks stay visible,
  rather than deleted text reading as if it stood.
* A paragraph that is only bold text naming a book division ("**Book One: 1805**") is a
  level-1 HEADING, as plain text's "BOOK ONE: 1805" line is, so such books get a contents.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from html.parser import HTMLParser
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

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
from reader.core.loaders.text import division_level
from reader.core.model.document import ArticleBuilder, BlockKind, Metadata, SpanKind

_MARKDOWN = MarkdownIt("commonmark").use(front_matter_plugin).enable("table")
_BLOCKS_ONLY = MarkdownIt("commonmark").use(front_matter_plugin).enable("table").disable("inline")
"""The same parser without the inline pass, which `_Walker` runs only where it can matter."""

_INLINE_SYNTAX = re.compile(r"[\\`*_\[\]<&]")
"""Characters that can start inline Markdown (escape, code, emphasis, link, image, autolink,
HTML, entity); text without any is plain text, and a line break in it reads as a space."""

_BULLET = "•"
_CELL_SEPARATOR = " | "
_CLOSING_KINDS = frozenset(
    {"blockquote_close", "bullet_list_close", "ordered_list_close", "list_item_close"}
)
_SPAN_KINDS = {"em": SpanKind.EMPHASIS, "strong": SpanKind.STRONG, "link": SpanKind.LINK}

_TITLE_KEYS = ("title",)
_AUTHOR_KEYS = ("author", "authors", "by")
_DATE_KEYS = ("date", "published", "pubdate", "date_published")
_URL_KEYS = ("url", "link", "source")
_SITE_KEYS = ("site", "sitename", "site_name", "publication")
_DEK_KEYS = ("dek", "subtitle")
_SUMMARY_KEYS = ("description", "summary")
_LANGUAGE_KEYS = ("lang", "language")


_FENCE_MARK = re.compile(r"```|~~~")
_TABLE_DELIMITER_ROW = re.compile(r"^[ \t]*(?:\|[ \t]*)?:?-+:?[ \t]*\|", re.MULTILINE)
"""A table's second row: after it, even a line without a pipe is a table row. (Written so
that each run of blanks can be matched one way only: with two optional runs of blanks on
either side of an optional pipe, a line of 40,000 spaces was split 40,000 ways at each
start and took 14 s.)"""
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_BLOCK_START = re.compile(r" {0,3}[#>\-+*=_`~<|\[0-9:]")
"""What may open a block at a line's start: heading, quote, list, rule, setext line, fence,
HTML, table, link definition (and digits, for ordered lists)."""


def unwrap_paragraph_lines(source: str) -> str:
    """Join hard-wrapped lines of plain paragraphs, where that cannot change the parse.

    markdown-it tests every line of a paragraph against every block rule, so a book wrapped
    at 70 columns costs it several times what the same text unwrapped does. A line break
    inside a paragraph reads as a space, which is what a joined line gives, so only lines
    that could start or end something else are left alone: any line that could open a block
    (`_BLOCK_START`), any indented line, lines with HTML or table characters, a line after a
    hard-break backslash, the front matter, and every line of a document with a code fence
    or a table. A property test checks that the parse is the same with and without this.
    (A loop: one regular expression doing the same backtracks and is slower.)
    """
    if _FENCE_MARK.search(source) or _TABLE_DELIMITER_ROW.search(source):
        return source
    head = ""
    front = _FRONT_MATTER.match(source)
    if front:
        head, source = source[: front.end()], source[front.end() :]
    joined: list[str] = []
    previous_plain = False
    for line in source.split("\n"):
        plain = (
            bool(line.strip())
            and not line.startswith(("    ", "\t", " \t", "  \t", "   \t"))
            and "<" not in line
            and ">" not in line
            and "|" not in line
            and not _BLOCK_START.match(line)
        )
        if plain and previous_plain:
            joined[-1] = f"{joined[-1]} {line.lstrip()}"
        else:
            joined.append(line)
        previous_plain = plain and not line.rstrip().endswith("\\")
    return head + "\n".join(joined)


def parse(source: str, *, fast: bool = True) -> Parsed:
    """Read Markdown (with optional YAML front matter) into blocks and metadata.

    Args:
        source: the Markdown text.
        fast: join hard-wrapped paragraph lines first (`unwrap_paragraph_lines`) and run the
            inline parser only on text that has inline syntax. Both only make a book parse
            faster; off, for the property test that proves they change nothing.
    """
    cleaned = clean(source)
    env: dict[str, Any] = {}
    if fast:
        tokens = _BLOCKS_ONLY.parse(unwrap_paragraph_lines(cleaned), env)
    else:
        tokens = _MARKDOWN.parse(cleaned, env)
    walker = _Walker(env)
    walker.walk(tokens)
    return Parsed(walker.builder, walker.metadata(), tuple(walker.notices))


@dataclass
class _FrontMatter:
    """Metadata read from the YAML front matter."""

    title: str = ""
    dek: str = ""
    """From `dek`/`subtitle`: shown as a DEK block."""
    summary: str = ""
    """From `description`/`summary`: metadata only."""
    author: str = ""
    published: str = ""
    url: str = ""
    site: str = ""
    language: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Container:
    """An open block quote, list or list item, innermost last on the walker's stack."""

    kind: str
    """"quote", "list" or "item"."""
    marker: str = ""
    """For an item: its bullet or number, used by its first paragraph only."""


class _Walker:
    """Turns the token stream into blocks, tracking the quotes and lists it is inside."""

    def __init__(self, env: dict[str, Any]) -> None:
        self.env = env
        """The parse's environment (link reference definitions), for inline parsing."""
        self.builder = ArticleBuilder()
        self.notices: list[str] = []
        self.front = _FrontMatter()
        self.title = ""
        self._stack: list[_Container] = []
        self._heading = 0
        self._row: InlineText | None = None
        self._cells = 0
        self._header_cell = False
        self._title_from_h1 = False

    def metadata(self) -> Metadata:
        """The metadata, front matter first, then what the text showed."""
        front = self.front
        return Metadata(
            title=front.title or self.title,
            dek=front.dek or front.summary,
            author=front.author,
            published=front.published,
            url=front.url,
            site=front.site,
            language=front.language,
            extra=front.extra,
        )

    def walk(self, tokens: Sequence[Token]) -> None:
        """Add a block for every token that holds text."""
        content = [token for token in tokens if token.type != "front_matter"]
        if len(content) < len(tokens):
            self.front = _read_front_matter(tokens[0].content, self.notices)
        self._title_from_h1 = bool(content) and content[0].tag == "h1"
        if not self._title_from_h1 and self.front.title:
            self._add_title(self.front.title)
        for token in content:
            self._token(token)

    def _token(self, token: Token) -> None:
        kind = token.type
        if kind == "heading_open":
            self._heading = int(token.tag[1])
        elif kind == "heading_close":
            self._heading = 0
        elif kind == "blockquote_open":
            self._stack.append(_Container("quote"))
        elif kind in ("bullet_list_open", "ordered_list_open"):
            self._stack.append(_Container("list"))
        elif kind == "list_item_open":
            marker = f"{token.info}{token.markup}" if token.info else _BULLET
            self._stack.append(_Container("item", marker))
        elif kind in _CLOSING_KINDS:
            self._stack.pop()
        elif kind in ("fence", "code_block"):
            language = token.info.split()[0] if token.info.strip() else ""
            self.builder.add(BlockKind.CODE, code_block(token.content), marker=clean(language))
        elif kind == "html_block":
            self._add_prose(_visible_text(token.content), ())
        elif kind in ("th_open", "td_open"):
            self._header_cell = kind == "th_open"
        elif kind == "tr_open":
            self._row, self._cells = InlineText(), 0
        elif kind == "tr_close" and self._row is not None:
            self._add_prose(*self._row.finish())
            self._row = None
        elif kind == "inline":
            self._inline(token)

    def _inline(self, token: Token) -> None:
        if self._row is not None:
            self._add_cell(token)
            return
        buffer = InlineText()
        _append_inline(self._children(token), buffer)
        text, spans = buffer.finish()
        if self._heading:
            if self._title_from_h1 and len(self.builder) == 0:
                self.title = text
                self._add_title(text, spans)
            else:
                self.builder.add(BlockKind.HEADING, text, level=self._heading, spans=spans)
            return
        level = division_level(text)
        if level and spans == ((SpanKind.STRONG, 0, len(text), ""),):
            self.builder.add(BlockKind.HEADING, text, level=level)
            return
        self._add_prose(text, spans)

    def _add_cell(self, token: Token) -> None:
        assert self._row is not None
        if self._cells:
            self._row.append(_CELL_SEPARATOR)
        self._cells += 1
        start = self._row.mark()
        _append_inline(self._children(token), self._row)
        if self._header_cell:
            self._row.add_span(SpanKind.STRONG, start)

    def _children(self, token: Token) -> Sequence[Token]:
        """An inline token's children, parsing them now if the block parse skipped it."""
        if token.children:
            return token.children
        content = token.content
        if not _INLINE_SYNTAX.search(content):
            return [Token("text", "", 0, content=content)]
        parsed = _MARKDOWN.parseInline(content, self.env)
        return parsed[0].children or [] if parsed else []

    def _add_title(self, text: str, spans: RelativeSpans = ()) -> None:
        self.builder.add(BlockKind.TITLE, text, spans=spans)
        if self.front.dek:
            self.builder.add(BlockKind.DEK, self.front.dek)
        add_byline_blocks(self.builder, self.front.author, self.front.published)

    def _add_prose(self, text: str, spans: RelativeSpans) -> None:
        """Add a paragraph-like block, its kind set by the innermost quote or list item."""
        quotes = sum(1 for container in self._stack if container.kind == "quote")
        lists = sum(1 for container in self._stack if container.kind == "list")
        item = next((c for c in reversed(self._stack) if c.kind == "item"), None)
        if item is not None:
            block = self.builder.add(
                BlockKind.LIST_ITEM, text, level=lists, marker=item.marker, spans=spans
            )
            if block is not None:
                item.marker = ""
        elif quotes:
            self.builder.add(BlockKind.BLOCK_QUOTE, text, level=quotes, spans=spans)
        else:
            self.builder.add(BlockKind.PARAGRAPH, text, spans=spans)


def _append_inline(children: Sequence[Token], buffer: InlineText) -> None:
    """Append inline tokens' text to `buffer`, recording emphasis, code and link spans."""
    open_spans: list[tuple[SpanKind, int, str]] = []
    for token in children:
        kind = token.type
        if kind == "text":
            buffer.append(token.content)
        elif kind in ("softbreak", "hardbreak"):
            buffer.append(" ")
        elif kind == "code_inline":
            start = buffer.mark()
            buffer.append(token.content)
            buffer.add_span(SpanKind.CODE, start)
        elif kind.endswith("_open") and kind[:-5] in _SPAN_KINDS:
            href = str(token.attrGet("href") or "")
            open_spans.append((_SPAN_KINDS[kind[:-5]], buffer.mark(), clean(href)))
        elif kind.endswith("_close") and kind[:-6] in _SPAN_KINDS and open_spans:
            span_kind, start, href = open_spans.pop()
            buffer.add_span(span_kind, start, href)
        elif kind == "image":
            _append_inline(token.children or [], buffer)
        elif kind == "html_inline" and token.content.lower().startswith("<br"):
            buffer.append(" ")


class _VisibleText(HTMLParser):
    """Collects the text a browser would show from an HTML fragment."""

    _HIDDEN = frozenset({"script", "style", "template"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._HIDDEN:
            self._hidden += 1
        # Any tag may separate words ("<p>a</p><p>b</p>"); extra spaces collapse later.
        self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._HIDDEN and self._hidden:
            self._hidden -= 1
        self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def _visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return collapse(clean("".join(parser.parts)))


class _FrontMatterLoader(yaml.SafeLoader):
    """PyYAML's safe loader, except that a date or an integer it cannot build (2024-02-30,
    a number past Python's 4,300-digit limit) stays the text it was written as."""

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> object:  # type: ignore[override]
        """The date or date-time, or its text when there is no such day."""
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)

    def construct_yaml_int(self, node: yaml.ScalarNode) -> object:  # type: ignore[override]
        """The integer, or its digits as text when Python refuses to convert that many."""
        try:
            return super().construct_yaml_int(node)
        except ValueError:
            return self.construct_scalar(node)


_FrontMatterLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", _FrontMatterLoader.construct_yaml_timestamp
)
_FrontMatterLoader.add_constructor("tag:yaml.org,2002:int", _FrontMatterLoader.construct_yaml_int)

_EXTRA_DEPTH = 32
"""Front matter values nested deeper than this are ignored: metadata is never that deep."""
_EXTRA_NODES = 10_000
"""At most this many values in all of the front matter's other keys (aliases can make a
few lines stand for billions)."""


class _Unreadable(Exception):
    """A front matter value too deep, too large or referring to itself."""


def _read_front_matter(content: str, notices: list[str]) -> _FrontMatter:
    """Metadata from YAML front matter; invalid or odd front matter is ignored with a notice.

    Never raises: the article's text matters more than its metadata, so whatever cannot be
    understood (invalid YAML, impossible dates, recursive aliases, deep nesting) is left out
    and said.
    """
    try:
        data = yaml.load(content, Loader=_FrontMatterLoader)  # a SafeLoader subclass
    except (yaml.YAMLError, ValueError):
        notices.append("Ignored the front matter: it is not valid YAML.")
        return _FrontMatter()
    except RecursionError:
        notices.append("Ignored the front matter: it is nested too deeply.")
        return _FrontMatter()
    if data is None:
        return _FrontMatter()
    if not isinstance(data, Mapping):
        notices.append("Ignored the front matter: it is not a list of “key: value” lines.")
        return _FrontMatter()
    fields = {str(key).lower(): value for key, value in data.items()}
    front = _FrontMatter(
        title=_take_text(fields, _TITLE_KEYS),
        author=_take_text(fields, _AUTHOR_KEYS),
        site=_take_text(fields, _SITE_KEYS),
        dek=_take_text(fields, _DEK_KEYS),
        summary=_take_text(fields, _SUMMARY_KEYS),
        language=_take_text(fields, _LANGUAGE_KEYS),
    )
    for key in _DATE_KEYS:
        if fields.get(key) is None:
            continue
        published = _as_date(fields[key])
        if published:
            front.published = published
            del fields[key]
        else:
            shown = _scalar_text(fields[key])[:80]
            notices.append(f"Did not understand the date “{shown}” in the front matter.")
        break
    for key in _URL_KEYS:
        url = _as_text(fields.get(key))
        if url.startswith(("http://", "https://")):
            front.url = url
            del fields[key]
            break
    budget = [_EXTRA_NODES]
    for key, value in fields.items():
        try:
            front.extra[key] = _jsonable(value, budget)
        except _Unreadable:
            shown = collapse(clean(key))[:40]
            notices.append(
                f"Ignored “{shown}” in the front matter: it is nested too deeply, too large "
                "or refers to itself."
            )
    return front


def _take_text(fields: dict[str, Any], keys: tuple[str, ...]) -> str:
    """The first of `keys` with a text value, removed from `fields`; "" if none."""
    for key in keys:
        text = _as_text(fields.get(key))
        if text:
            del fields[key]
            return text
    return ""


def _as_text(value: object) -> str:
    """A scalar, or a list of scalars joined with commas (several authors), as clean text."""
    if isinstance(value, list):
        return ", ".join(filter(None, (_scalar_text(item) for item in value)))
    return _scalar_text(value)


def _scalar_text(value: object) -> str:
    """A scalar as clean text; "" for a list, a mapping, a boolean or nothing."""
    if value is None or isinstance(value, Mapping | list | bool):
        return ""
    return collapse(clean(str(value)))


def _as_date(value: object) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, str):
        return normalise_date(value) or ""
    return ""


def _jsonable(value: object, budget: list[int], depth: int = 0) -> Any:
    """`value` with dates as ISO strings and anything else JSON cannot hold as text.

    Raises:
        _Unreadable: the value is nested deeper than `_EXTRA_DEPTH` (which a value referring
            to itself always is), or the front matter holds more than `_EXTRA_NODES` values.
    """
    budget[0] -= 1
    if depth > _EXTRA_DEPTH or budget[0] < 0:
        raise _Unreadable
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(key): _jsonable(item, budget, depth + 1) for key, item in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(item, budget, depth + 1) for item in value]
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)
