"""The article model: one canonical text, with blocks and inline spans addressed by offset.

Every highlight, search hit and analysis result points into `Article.text` by character
offset, so the text a loader builds for the same input must be identical every time.

Conventions the loaders follow:

* Blocks appear in reading order, do not overlap, and are separated in `text` by exactly
  one blank line (`BLOCK_SEPARATOR`). A block's own text never contains a newline, except a
  code block, which keeps its line breaks.
* Span offsets are absolute (into `Article.text`) and lie inside their block.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import Any

BLOCK_SEPARATOR = "\n\n"
"""What stands between two blocks in the canonical text."""


class BlockKind(StrEnum):
    """What a block is, which decides how it is typeset."""

    TITLE = "title"
    DEK = "dek"
    """The subtitle or standfirst under the headline."""
    BYLINE = "byline"
    DATELINE = "dateline"
    """The line that gives the date (and place) of publication, as printed."""
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    BLOCK_QUOTE = "block_quote"
    LIST_ITEM = "list_item"
    CAPTION = "caption"
    ASIDE = "aside"
    """Text that is not part of the story: a 'More …' related-story line, a pull-out box."""
    CODE = "code"


FRONT_MATTER_KINDS = frozenset(
    {BlockKind.TITLE, BlockKind.DEK, BlockKind.BYLINE, BlockKind.DATELINE}
)
"""Block kinds that describe the article rather than tell it."""

STORY_KINDS = frozenset(
    {BlockKind.PARAGRAPH, BlockKind.BLOCK_QUOTE, BlockKind.LIST_ITEM, BlockKind.CODE}
)
"""Block kinds a person counts as paragraphs of the story (not headings, captions, asides)."""


class SpanKind(StrEnum):
    """Inline styling inside a block."""

    EMPHASIS = "emphasis"
    STRONG = "strong"
    CODE = "code"
    LINK = "link"
    CREDIT = "credit"
    """The credit inside a photo caption ("REUTERS")."""


@dataclass(frozen=True, slots=True)
class Span:
    """An inline run of styled text, by absolute offsets into `Article.text`."""

    kind: SpanKind
    start: int
    end: int
    href: str = ""
    """The address of a link; empty for other kinds."""


@dataclass(frozen=True, slots=True)
class Block:
    """One typeset unit of the article: its kind and its range in `Article.text`."""

    kind: BlockKind
    start: int
    end: int
    level: int = 0
    """Heading level (1-6) for headings, nesting depth (1 = top) for list items and quotes."""
    marker: str = ""
    """A list item's bullet or number ("•", "3."), or a code block's language."""
    spans: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class Metadata:
    """What is known about an article besides its text. Empty strings mean unknown."""

    title: str = ""
    dek: str = ""
    author: str = ""
    published: str = ""
    """ISO 8601 date or date-time, as precise as the source says."""
    source: str = ""
    """Where the article was loaded from: a path, an address, or "-" for standard input."""
    site: str = ""
    """The publication or web site name."""
    url: str = ""
    """The article's address on the web, when the source says so."""
    language: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict, hash=False)
    """Other metadata from the source (front matter keys), JSON-serialisable."""


@dataclass(frozen=True)
class Article:
    """A loaded article: canonical text, its blocks in reading order, and metadata."""

    text: str
    blocks: tuple[Block, ...]
    meta: Metadata = field(default_factory=Metadata)
    format: str = "text"
    """The loader that read it: "text", "markdown" or "html"."""
    encoding: str = "utf-8"
    """The encoding the source bytes were decoded from."""
    notices: tuple[str, ...] = ()
    """Plain sentences about how the source was read, worth telling the person."""

    @cached_property
    def content_hash(self) -> str:
        """The SHA-256 of the canonical text: a document's identity in the store."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @cached_property
    def _block_starts(self) -> list[int]:
        return [block.start for block in self.blocks]

    def block_text(self, block: Block) -> str:
        """The text of one block."""
        return self.text[block.start : block.end]

    def span_text(self, span: Span) -> str:
        """The text of one span."""
        return self.text[span.start : span.end]

    def block_index_at(self, offset: int) -> int | None:
        """The index of the block that holds `offset`, or None if it falls between blocks.

        An offset at a block's end counts as inside it, so the end of a selection maps to
        the block it closes.
        """
        index = bisect_right(self._block_starts, offset) - 1
        if index < 0:
            return None
        block = self.blocks[index]
        return index if block.start <= offset <= block.end else None

    def block_at(self, offset: int) -> Block | None:
        """The block that holds `offset`, or None."""
        index = self.block_index_at(offset)
        return None if index is None else self.blocks[index]

    def blocks_of(self, *kinds: BlockKind) -> Iterator[Block]:
        """The blocks of the given kinds, in reading order."""
        wanted = set(kinds)
        return (block for block in self.blocks if block.kind in wanted)

    @cached_property
    def body_numbers(self) -> dict[int, int]:
        """Block index -> paragraph number, counting the story's paragraphs from 1.

        Only `STORY_KINDS` count: a person counting paragraphs skips the headline, the
        caption and the "More …" line, and that count is how an export says where a
        highlight is.
        """
        numbers: dict[int, int] = {}
        count = 0
        for index, block in enumerate(self.blocks):
            if block.kind not in STORY_KINDS:
                continue
            count += 1
            numbers[index] = count
        return numbers

    def paragraph_number(self, offset: int) -> int | None:
        """The story paragraph number (from 1) that holds `offset`, or None outside the story."""
        index = self.block_index_at(offset)
        if index is None:
            # Between blocks: count it with the block that follows.
            index = bisect_right(self._block_starts, offset)
            if index >= len(self.blocks):
                return None
        return self.body_numbers.get(index)

    @property
    def title(self) -> str:
        """The title to show: the metadata title, else the first block's text."""
        if self.meta.title:
            return self.meta.title
        return self.block_text(self.blocks[0]) if self.blocks else ""


class ArticleBuilder:
    """Builds an `Article` block by block, keeping every offset exact.

    Loaders append blocks with their text and inline spans given relative to that text; the
    builder joins them with `BLOCK_SEPARATOR` and turns relative offsets into absolute ones.
    """

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._blocks: list[Block] = []
        self._length = 0

    def __len__(self) -> int:
        return len(self._blocks)

    def add(
        self,
        kind: BlockKind,
        text: str,
        *,
        level: int = 0,
        marker: str = "",
        spans: tuple[tuple[SpanKind, int, int, str], ...] = (),
    ) -> Block | None:
        """Append a block; empty text adds nothing.

        Args:
            kind: what the block is.
            text: its text, already normalised (no newlines except in code).
            level: heading level or nesting depth.
            marker: list bullet or number, or code language.
            spans: (kind, start, end, href) with offsets relative to `text`.

        Returns:
            The block added, or None if `text` was empty.
        """
        if not text:
            return None
        if self._parts:
            self._parts.append(BLOCK_SEPARATOR)
            self._length += len(BLOCK_SEPARATOR)
        start = self._length
        self._parts.append(text)
        self._length += len(text)
        absolute = tuple(
            Span(span_kind, start + s, start + e, href)
            for span_kind, s, e, href in spans
            if 0 <= s < e <= len(text)
        )
        block = Block(kind, start, self._length, level=level, marker=marker, spans=absolute)
        self._blocks.append(block)
        return block

    def build(
        self,
        meta: Metadata | None = None,
        *,
        format: str = "text",
        encoding: str = "utf-8",
        notices: tuple[str, ...] = (),
    ) -> Article:
        """The finished article."""
        return Article(
            text="".join(self._parts),
            blocks=tuple(self._blocks),
            meta=meta or Metadata(),
            format=format,
            encoding=encoding,
            notices=notices,
        )


def article_to_dict(article: Article) -> dict[str, Any]:
    """A JSON-serialisable form of `article`, so the store can rebuild it without the source."""
    return {
        "text": article.text,
        "format": article.format,
        "encoding": article.encoding,
        "notices": list(article.notices),
        "meta": {
            "title": article.meta.title,
            "dek": article.meta.dek,
            "author": article.meta.author,
            "published": article.meta.published,
            "source": article.meta.source,
            "site": article.meta.site,
            "url": article.meta.url,
            "language": article.meta.language,
            "extra": dict(article.meta.extra),
        },
        # Compact rows, since a book has tens of thousands of blocks.
        "blocks": [
            [
                block.kind.value,
                block.start,
                block.end,
                block.level,
                block.marker,
                [[span.kind.value, span.start, span.end, span.href] for span in block.spans],
            ]
            for block in article.blocks
        ],
    }


def article_from_dict(data: Mapping[str, Any]) -> Article:
    """Rebuild an `Article` from `article_to_dict`'s output.

    Raises:
        ValueError: the data is not a serialised article.
    """
    try:
        blocks = tuple(
            Block(
                BlockKind(kind),
                int(start),
                int(end),
                level=int(level),
                marker=str(marker),
                spans=tuple(
                    Span(SpanKind(span_kind), int(s), int(e), str(href))
                    for span_kind, s, e, href in spans
                ),
            )
            for kind, start, end, level, marker, spans in data["blocks"]
        )
        meta = data.get("meta", {})
        return Article(
            text=str(data["text"]),
            blocks=blocks,
            meta=Metadata(
                **{key: str(meta.get(key, "")) for key in _META_TEXT_FIELDS},
                extra=dict(meta.get("extra", {})),
            ),
            format=str(data.get("format", "text")),
            encoding=str(data.get("encoding", "utf-8")),
            notices=tuple(str(notice) for notice in data.get("notices", ())),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise ValueError(f"not a serialised article: {error}") from error


_META_TEXT_FIELDS = (
    "title",
    "dek",
    "author",
    "published",
    "source",
    "site",
    "url",
    "language",
)
