"""Plain text to an Article: news stories saved as text, plain prose, hard-wrapped books.

Plain text has no markup, so structure is read from how people lay text out:

* Paragraphs end at blank lines. In hard-wrapped text (a book from Project Gutenberg, an
  e-mail) the line breaks inside a paragraph are only wrapping and become spaces. Otherwise
  every line stands alone, as text copied from a web page does.
* A short first line with no closing period is the headline (TITLE). A short line right
  under it, again with no closing period, is the standfirst (DEK).
* Before the story starts, a "By Jane Doe" line is the BYLINE and a line that is only a
  date is the DATELINE, even when they sit on consecutive lines with no blank between.
* A line that ends in a photo credit ("… — REUTERS", "(Photo: Jane Doe)") is a CAPTION,
  and a short "More …"/"Related: …" headline line is an ASIDE.
* Book divisions standing alone ("BOOK ONE: 1805", "CHAPTER XII", "EPILOGUE") are
  HEADINGs, so a book gets a table of contents.
* A paragraph of two or more lines, all indented by four columns or more, that holds
  code symbols or columns aligned by runs of spaces is preformatted (CODE) and keeps its
  lines. Indented prose (footnotes, verse, letters in a novel) is joined like any other.

When the first line is not a headline (it is a long sentence), there is no TITLE block;
the loader's caller then derives a short title for lists from the opening words.
Quotes, apostrophes and dashes are kept exactly as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reader.core.loaders.dates import parse_dateline
from reader.core.loaders.normalize import Parsed, RelativeSpans, clean, code_block, collapse
from reader.core.model.document import ArticleBuilder, BlockKind, Metadata, SpanKind

_BLANK_LINES_RE = re.compile(r"\n(?:[ \t]*\n)+")

_TITLE_MAX = 150
"""Headlines are at most a couple of lines on a page; longer first lines are prose."""
_DEK_MAX = 300
_CAPTION_MAX = 250
"""Captions are short; a long paragraph ending in "— Reuters" is a story's sign-off."""
_LINE_MAX = 100
"""Bylines, datelines, asides and book divisions fit on one short line."""

_CODE_INDENT = 4
_CODE_SYMBOLS_RE = re.compile(r"[{}\[\]<>=+/\\|#_$@%^&~`]|\w\(")
"""Characters common in code and rare in prose, and calls like "print(name)"."""
_ALIGNED_RE = re.compile(r"\S {2,}\S")
"""Two or more spaces inside a line: columns aligned by hand."""
_WRAP_MIN_WIDTH, _WRAP_MAX_WIDTH = 30, 100
"""Hard wrapping happens at a fixed column between these (usually 70 to 80)."""

_CLOSING_PUNCT = "\"'\u201d\u2019\u00bb)]*"
_NUMBER = (
    r"(?:\d+|(?-i:[IVXLC]+)"
    r"|(?:twenty|thirty|forty|fifty)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen"
    r"|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|final)"
)
_DIVISION_RE = re.compile(
    rf"(?P<word>book|part|volume|chapter)\s+{_NUMBER}\b(?:\s*[.:\u2014\u2013-]\s*.*)?"
    r"|(?:(?:first|second|third|final)\s+)?"
    r"(?P<matter>epilogue|prologue|preface|foreword|introduction|afterword)(?:\s*[.:\u2014\u2013-]\s*.*)?",
    re.IGNORECASE,
)
_BYLINE_RE = re.compile(r"(?:(?:written|words|story|text)\s+)?by\s+(?P<name>.+)", re.IGNORECASE)

_AGENCY_WORDS = frozenset(
    {
        "reuters", "ap", "afp", "epa", "getty", "images", "dpa", "pa", "xinhua", "anadolu",
        "bloomberg", "shutterstock", "alamy", "handout", "file", "ansa", "kyodo", "yonhap",
        "tass", "upi", "photo", "photos", "photograph",
    }
)  # fmt: skip
"""Words that mark a trailing name as a photo credit rather than a quotation's author."""
_DASH_RE = re.compile(r"\s[\u2014\u2013-]{1,2}\s+")
_CREDIT_LABEL_RE = re.compile(
    r"(?:^|(?<=[\s.(]))\(?(?:photo(?:graph)?|image|picture|credit)s?(?:\s+credit)?\s*:\s*",
    re.IGNORECASE,
)
_CREDIT_MAX = 60

_ASIDE_RE = re.compile(
    r"(?P<lead>(?:read\s+)?more|related|see\s+also|also\s+(?:read|see)|read\s+also)"
    r"(?P<colon>\s*:)?\s+(?P<rest>.+)",
    re.IGNORECASE,
)


@dataclass
class _Story:
    """What the loader has learned so far, as it walks the paragraphs in order."""

    builder: ArticleBuilder = field(default_factory=ArticleBuilder)
    last_kind: BlockKind | None = None
    in_front: bool = True
    """True until the story proper starts; bylines and datelines only live up here."""
    title: str = ""
    dek: str = ""
    author: str = ""
    published: str = ""

    def add(self, kind: BlockKind, text: str, *, level: int = 0, spans: RelativeSpans = ()) -> None:
        """Add a block, noting where the story stands."""
        if self.builder.add(kind, text, level=level, spans=spans) is None:
            return
        self.last_kind = kind
        if kind in (BlockKind.PARAGRAPH, BlockKind.HEADING, BlockKind.CODE):
            self.in_front = False


def parse(text: str) -> Parsed:
    """Read plain text into blocks and what metadata its layout reveals."""
    paragraphs = _paragraphs(text)
    wrapped = _is_hard_wrapped(paragraphs)
    story = _Story()
    for index, lines in enumerate(paragraphs):
        if _is_preformatted(lines):
            story.add(BlockKind.CODE, code_block("\n".join(lines)))
            continue
        units = _units(lines, wrapped=wrapped, in_front=story.in_front)
        for position, (unit, single_line) in enumerate(units):
            has_more = index < len(paragraphs) - 1 or position < len(units) - 1
            _add_unit(story, collapse(unit), single_line=single_line, has_more=has_more)
    meta = Metadata(
        title=story.title, dek=story.dek, author=story.author, published=story.published
    )
    return Parsed(story.builder, meta)


def _paragraphs(text: str) -> list[list[str]]:
    """The text's paragraphs (split at blank lines), each as its non-blank lines."""
    paragraphs = []
    for chunk in _BLANK_LINES_RE.split(clean(text)):
        lines = [line.rstrip() for line in chunk.split("\n") if line.strip()]
        if lines:
            paragraphs.append(lines)
    return paragraphs


def _is_preformatted(lines: list[str]) -> bool:
    """Code, a table or a diagram: indented lines that prose would not have.

    Indented prose (footnotes, verse) differs from code by having no code symbols or calls,
    no columns aligned with runs of spaces, and no nesting by whole indent steps.
    """
    if len(lines) < 2:
        return False
    indents = [_indent(line) for line in lines]
    if min(indents) < _CODE_INDENT:
        return False
    if max(indents) - min(indents) >= _CODE_INDENT:
        return True
    return any(_CODE_SYMBOLS_RE.search(line) or _ALIGNED_RE.search(line.strip()) for line in lines)


def _indent(line: str) -> int:
    line = line.expandtabs(_CODE_INDENT)
    return len(line) - len(line.lstrip())


def _is_hard_wrapped(paragraphs: list[list[str]]) -> bool:
    """Whether line breaks inside paragraphs are only wrapping at a fixed column.

    True when most lines belong to multi-line paragraphs and nearly all of those lines,
    except each paragraph's last, reach close to one right margin (as wrapped prose does,
    unlike verse, lists or text typed one sentence per line).
    """
    multi = [lines for lines in paragraphs if len(lines) > 1]
    lines_in_multi = sum(len(lines) for lines in multi)
    if not multi or lines_in_multi * 2 < sum(len(lines) for lines in paragraphs):
        return False
    widths = sorted(len(line) for lines in multi for line in lines[:-1])
    margin = widths[len(widths) * 9 // 10]
    if not _WRAP_MIN_WIDTH <= margin <= _WRAP_MAX_WIDTH:
        return False
    near_margin = sum(1 for width in widths if width >= margin * 0.6)
    return near_margin >= len(widths) * 0.75


def _units(lines: list[str], *, wrapped: bool, in_front: bool) -> list[tuple[str, bool]]:
    """Split a paragraph into the pieces that become blocks, each with "is one line".

    Unwrapped text keeps each line apart. Wrapped text joins a paragraph's lines, except
    that before the story starts a byline, dateline or captioned line is split out, since
    those often sit on consecutive lines under a headline.
    """
    if not wrapped or len(lines) == 1:
        return [(line, True) for line in lines]
    if not in_front:
        return [("\n".join(lines), False)]
    units: list[tuple[str, bool]] = []
    run: list[str] = []
    for line in lines:
        text = collapse(line)
        if _byline(text) or parse_dateline(text) or _credit(text):
            if run:
                units.append(("\n".join(run), len(run) == 1))
                run = []
            units.append((line, True))
        else:
            run.append(line)
    if run:
        units.append(("\n".join(run), len(run) == 1))
    return units


def _add_unit(story: _Story, text: str, *, single_line: bool, has_more: bool) -> None:
    """Classify one unit of text and add it as a block."""
    level = division_level(text)
    if level:
        story.add(BlockKind.HEADING, text, level=level)
        return
    if story.in_front:
        name = _byline(text)
        if name:
            story.author = story.author or name
            story.add(BlockKind.BYLINE, text)
            return
        published = parse_dateline(text)
        if published:
            story.published = story.published or published
            story.add(BlockKind.DATELINE, text)
            return
    if story.last_kind is None and has_more and single_line and _is_headline(text):
        story.title = text
        story.add(BlockKind.TITLE, text)
        return
    credit = _credit(text)
    if credit:
        story.add(BlockKind.CAPTION, text, spans=((SpanKind.CREDIT, *credit, ""),))
        return
    if single_line and _is_aside(text):
        story.add(BlockKind.ASIDE, text)
        return
    if story.last_kind is BlockKind.TITLE and single_line and _is_dek(text):
        story.dek = text
        story.add(BlockKind.DEK, text)
        return
    story.add(BlockKind.PARAGRAPH, text)


def _ends_open(text: str) -> bool:
    """True if the text does not end like a sentence or clause (period, colon, comma…)."""
    return not text.rstrip(_CLOSING_PUNCT).endswith((".", ",", ";", ":"))


def _is_headline(text: str) -> bool:
    return len(text) <= _TITLE_MAX and _ends_open(text) and any(c.isalpha() for c in text)


def _is_dek(text: str) -> bool:
    return len(text) <= _DEK_MAX and _ends_open(text) and len(text.split()) >= 3


def division_level(text: str) -> int:
    """The heading level of a book division line: 1 for a book, part, volume, prologue or
    epilogue, 2 for a chapter; 0 for any other line."""
    if not text or len(text) > _LINE_MAX or not text[0].isupper():
        return 0
    match = _DIVISION_RE.fullmatch(text)
    if not match:
        return 0
    return 2 if (match["word"] or "").lower() == "chapter" else 1


def _byline(text: str) -> str:
    """The author's name in a "By Jane Doe" line, or ""."""
    if len(text) > _LINE_MAX or not _ends_open(text):
        return ""
    match = _BYLINE_RE.fullmatch(text)
    if not match or not match["name"][0].isupper():
        return ""
    return match["name"]


def _credit(text: str) -> tuple[int, int] | None:
    """Where the photo credit ends a caption line ("… — REUTERS"), or None.

    A trailing dash is followed by many things; it marks a credit only when the name is
    in capitals or names an agency or photo, and a credit ends the line.
    """
    if len(text) > _CAPTION_MAX:
        return None
    # A credit ends the line, so only the line's tail needs searching.
    offset = max(0, len(text) - _CREDIT_MAX - 20)
    tail = text[offset:]
    labels = list(_CREDIT_LABEL_RE.finditer(tail))
    if labels:
        start = offset + labels[-1].end()
        credit = text[start:].removesuffix(")")
        if credit[:1].isupper() and len(credit) <= _CREDIT_MAX and ":" not in credit:
            return start, start + len(credit)
    dashes = list(_DASH_RE.finditer(tail))
    if not dashes or offset + dashes[-1].start() == 0:
        return None
    start = offset + dashes[-1].end()
    credit = text[start:].rstrip(".")
    words = credit.replace("/", " ").split()
    if not 0 < len(words) <= 6 or len(credit) > _CREDIT_MAX or not credit[0].isupper():
        return None
    known = any(word.lower().strip(".,") in _AGENCY_WORDS for word in words)
    shouting = credit == credit.upper() and (len(words) > 1 or "/" in credit)
    return (start, start + len(credit)) if known or shouting else None


def _is_aside(text: str) -> bool:
    """A "More …"/"Related: …" line pointing to another story, not a sentence.

    Without a colon the rest must be a Title Case headline, so "More than 100 people died"
    stays a paragraph.
    """
    if len(text) > _LINE_MAX + 50 or not _ends_open(text) or not text[0].isupper():
        return False
    match = _ASIDE_RE.fullmatch(text)
    if not match:
        return False
    if match["colon"] or match["lead"].isupper():
        return True
    words = [word for word in re.findall(r"[^\W\d_][\w\u2019'-]*", match["rest"]) if len(word) > 3]
    capitalised = sum(1 for word in words if word[0].isupper())
    return bool(words) and capitalised >= len(words) * 0.7
