"""Annotations out of the store: Markdown for notes apps, W3C Web Annotation JSON for tools.

The Markdown is written for CommonMark readers and Obsidian, and must survive any text a
person highlights or types. Two kinds of text go into it, treated differently:

* Highlighted text is literal: it is escaped (`escape_text`) so no character of it can act as
  Markdown, HTML or Obsidian syntax, and every character comes back when the file is parsed.
* Notes are Markdown the person wrote, so they are kept as written but contained: each sits in
  its own block quote (an Obsidian `[!note]` callout), and every block a note opens, such as an
  unclosed code fence or HTML block, ends with that quote instead of swallowing the rest of
  the file.

A few characters cannot be carried by a Markdown file and are normalised everywhere
(`clean_text`): NUL, other control characters but tab, newline, carriage return and form
feed, and lone surrogates become U+FFFD (CommonMark replaces NUL and invalid character
references the same way, and UTF-8 cannot encode a lone surrogate). In notes, CR LF and CR
become LF, since a note is typed text whose line breaks are all alike.

Titles and the other front matter fields are also shown as on screen (`title_text`): a bidi
override, a tag character or a Hangul filler in a title could make a file list or a heading
read as something else, so they are written visibly (`<U+202E>`) or left out. Notes and
highlighted text keep them, as the person wrote them. The JSON keeps every character, with
the ones a terminal acts on written as escapes; a CSV cell that a spreadsheet would run as a
formula gets a leading `'` (`csv_cell`).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from reader.core.analysis.model import Analysis, EntityKind
from reader.core.export.files import write_export as write_export  # where callers look for it
from reader.core.model.annotations import MOVED_MARK, DocumentNote, Highlight, tags_in
from reader.core.store.store import DocumentRecord
from reader.core.text.display import escape_json, for_display

FRONT_MATTER_FIELDS = ("title", "author", "source", "published", "site", "url")
"""Document fields copied to the front matter, in this order, when they are set."""

NOTE_CALLOUT = "> [!note]"
"""The first line of each note's block quote: an Obsidian callout, a plain quote elsewhere."""

ENTRY_SEPARATOR = "* * *"
"""A thematic break between highlights, so a note's quote never touches the next highlight's
(some renderers merge adjacent block quotes)."""

_SURROGATES = re.compile(r"[\ud800-\udfff]")
_UNCARRIED = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
# ASCII punctuation that CommonMark or Obsidian can read as syntax anywhere in a line:
# emphasis, code, links and wiki links, HTML, headings and tags, quotes, tables (GFM),
# strikethrough and fences, highlights (==) and block ids (^). Nothing else is escaped: an
# exported quote should read, and be found by a search, as the article has it ("7.6
# million", "40%", "$5", "AT&T"), so the characters below are escaped only where they act.
_ALWAYS_ESCAPED = frozenset("\\`*_[]<>#|~=^")
_WHERE_THEY_ACT = re.compile(
    r"%(?=%)|(?<=%)%"  # an Obsidian comment opens or closes with %%
    r"|&(?=#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{0,31};)"  # an entity
)
"""`%` next to another, and `&` that starts a character reference."""
# Only at the start of a line: list items (- + 1. 1), each followed by a space or nothing),
# and a line of dashes, a thematic break or a setext underline.
_LINE_START = re.compile(r"(?:[-+]|\d{1,9}[.)])(?=\s|$)|-(?=[-\s]*$)")
_NEWLINES = re.compile(r"(\n+)")
_LINE_BREAKS = re.compile(r"\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")


def clean_text(text: str) -> str:
    """`text` with characters a Markdown file cannot carry replaced by U+FFFD."""
    return _UNCARRIED.sub("\ufffd", text)


def one_line(text: str) -> str:
    """`text` cleaned, with every kind of line break made a space: for titles and fields."""
    return _LINE_BREAKS.sub(" ", clean_text(text))


def title_text(text: str) -> str:
    """A title or front matter field: on one line, with what could spoof it made visible
    or left out, as it is shown on screen (`core.text.display.for_display`)."""
    return for_display(one_line(text))


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet may read as the start of a formula (OWASP's CSV injection list)."""


def csv_cell(text: str) -> str:
    """A CSV cell that no spreadsheet runs as a formula: a leading `'` before `=`, `+`,
    `-`, `@`, a tab or a carriage return (the `'` shows, as OWASP advises)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def escape_text(text: str) -> str:
    """Markdown source for one line of literal text, at the start of a line.

    Every character that could be syntax is backslash-escaped, and leading and trailing
    whitespace is written as numeric character references, because Markdown strips it (and
    two trailing spaces would make a hard line break). Backslash escapes rather than
    entities everywhere else keep the file readable in an editor.
    """
    body = text.strip()
    if not body:
        return _references(text)
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    marker = _LINE_START.match(body)
    acting = {match.start() for match in _WHERE_THEY_ACT.finditer(body)}
    if body.count("$") >= 2:  # two can make inline math: "$5-$6"
        acting.update(index for index, char in enumerate(body) if char == "$")
    if marker:
        acting.add(marker.end() - 1)
    escaped = "".join(
        "\\" + char if char in _ALWAYS_ESCAPED or index in acting else _escape_char(char)
        for index, char in enumerate(body)
    )
    return _references(lead) + escaped + _references(trail)


def _escape_char(char: str) -> str:
    # A carriage return is a line ending to Markdown: only a reference keeps it in the line.
    return "&#13;" if char == "\r" else char


def _references(text: str) -> str:
    return "".join(f"&#{ord(char)};" for char in text)


def quote_lines(text: str) -> list[str]:
    """Literal text as the lines of a block quote (each starting "> " or ">").

    Single newlines become soft breaks and a blank line starts a new quoted paragraph, so the
    quote reads like the article. What that cannot express exactly (newlines at either end,
    more than one blank line) is written as `&#10;` references, so the text comes back
    character for character.
    """
    pieces = _NEWLINES.split(clean_text(text))
    # `pieces` alternates text and newline runs, starting and ending with text (maybe "").
    lines: list[str] = []
    line = ""
    last = len(pieces) - 1
    for index, piece in enumerate(pieces):
        if index % 2 == 0:
            line += escape_text(piece)
            continue
        at_edge = (index == 1 and not pieces[0]) or (index == last - 1 and not pieces[last])
        if at_edge:
            line += "&#10;" * len(piece)
        elif len(piece) == 1:
            lines.append(line)
            line = ""
        else:
            lines.extend([line, ""])
            line = "&#10;" * (len(piece) - 2)
    lines.append(line)
    return [f"> {line}" if line else ">" for line in lines]


def note_lines(note: str) -> list[str]:
    """A note's Markdown as the lines of its own block quote, headed by `NOTE_CALLOUT`.

    Each line keeps its text after the "> " prefix, so the note stays Markdown and can be
    read back exactly by stripping the prefixes.
    """
    text = clean_text(note).replace("\r\n", "\n").replace("\r", "\n")
    return [NOTE_CALLOUT, *(f"> {line}" if line else ">" for line in text.split("\n"))]


def front_matter(
    document: DocumentRecord,
    highlights: Sequence[Highlight],
    notes: Sequence[DocumentNote],
    *,
    exported: str,
) -> dict[str, str | int | list[str]]:
    """The YAML front matter fields of a Markdown export; empty fields are left out."""
    values = {
        "title": document.title,
        "author": document.metadata.get("author"),
        "source": document.source,
        "published": document.metadata.get("published"),
        "site": document.metadata.get("site"),
        "url": document.metadata.get("url"),
    }
    fields: dict[str, str | int | list[str]] = {
        name: title_text(value)
        for name in FRONT_MATTER_FIELDS
        if isinstance(value := values[name], str) and value
    }
    # Notes: the ones on the whole document and the ones on highlights, as a person counts.
    written = sum(1 for highlight in highlights if highlight.note.strip())
    fields.update(
        exported=one_line(exported), highlights=len(highlights), notes=len(notes) + written
    )
    tags: dict[str, None] = {}
    for text in [*(highlight.note for highlight in highlights), *(note.text for note in notes)]:
        for tag in tags_in(text):
            tags.setdefault(title_text(tag), None)
    if tags:
        # Obsidian and Logseq read a `tags` list in the front matter.
        fields["tags"] = list(tags)
    return fields


def to_markdown(
    document: DocumentRecord,
    highlights: Sequence[Highlight],
    notes: Sequence[DocumentNote],
    *,
    exported: str,
    paragraph_of: Callable[[int], int | None] | None = None,
    analysis: Analysis | None = None,
    labels: Mapping[str, str] | None = None,
) -> str:
    """A Markdown file of a document's highlights (in reading order) and notes.

    Args:
        document: the document the annotations belong to.
        highlights: its highlights, in any order.
        notes: its document notes, in the order to print them.
        exported: the export time, for the front matter.
        paragraph_of: maps a text offset to a story paragraph number (for example
            `Article.paragraph_number`), to say where each highlight is.
        analysis: when given, its entities, figures and quotes follow the notes.
        labels: what each colour means to the person (the settings' `[colors]`), shown
            beside the colour under each highlight.
    """
    import yaml  # here, not at the top: every start of the app imports this module (17 ms)

    fields = front_matter(document, highlights, notes, exported=exported)
    yaml_text = yaml.safe_dump(
        fields, allow_unicode=True, sort_keys=False, width=2**31 - 1, default_flow_style=False
    )
    title = escape_text(title_text(document.title)) or "Untitled"
    blocks = [f"---\n{yaml_text}---", f"# {title}"]
    placed = [highlight for highlight in highlights if highlight.placed]
    orphans = [highlight for highlight in highlights if not highlight.placed]
    if placed:
        blocks.append("## Highlights")
        ordered = sorted(placed, key=lambda h: (h.start, h.end, h.created))
        for index, highlight in enumerate(ordered):
            if index:
                blocks.append(ENTRY_SEPARATOR)
            blocks.append("\n".join(quote_lines(highlight.quote.exact)))
            blocks.append(_location(highlight, paragraph_of, labels or {}))
            if highlight.note:
                blocks.append("\n".join(note_lines(highlight.note)))
    if orphans:
        # The article changed and these words are no longer in it; never dropped.
        blocks.append("## Could not place")
        for index, highlight in enumerate(sorted(orphans, key=lambda h: h.created)):
            if index:
                blocks.append(ENTRY_SEPARATOR)
            blocks.append("\n".join(quote_lines(highlight.quote.exact)))
            blocks.append(_location(highlight, None, labels or {}))
            if highlight.note:
                blocks.append("\n".join(note_lines(highlight.note)))
    if notes:
        blocks.append("## Notes")
        for note in notes:
            blocks.append(
                f"*Note · {escape_text(one_line(note.created[:10]))}*{_block_id(note.id)}"
            )
            blocks.append("\n".join(note_lines(note.text)))
    if analysis is not None:
        blocks.extend(analysis_blocks(analysis))
    return "\n\n".join(blocks) + "\n"


def analysis_blocks(analysis: Analysis) -> list[str]:
    """The entities, figures and quotes sections of a Markdown export.

    Everything in them is article text, so all of it is escaped like highlighted text.
    """
    blocks: list[str] = []
    if analysis.entities:
        blocks.append("## Entities")
        for kind in EntityKind:
            members = [entity for entity in analysis.entities if entity.kind is kind]
            if not members:
                continue
            lines = [f"### {kind.plural}", ""]
            for entity in members:
                also = (
                    f"; also {', '.join(escape_text(one_line(a)) for a in entity.aliases)}"
                    if entity.aliases
                    else ""
                )
                mentions = "mention" if entity.count == 1 else "mentions"
                lines.append(
                    f"- **{escape_text(one_line(entity.name))}** ({entity.count} {mentions}{also})"
                )
            blocks.append("\n".join(lines))
    if analysis.figures:
        blocks.append("## Figures")
        blocks.append(
            "\n".join(
                f"- **{escape_text(one_line(figure.text))}**"
                + (f" — {escape_text(one_line(figure.counts))}" if figure.counts else "")
                for figure in analysis.figures
            )
        )
    statements = analysis.statements
    if statements:
        blocks.append("## Quotes")
        for index, quote in enumerate(statements):
            if index:
                blocks.append(ENTRY_SEPARATOR)
            blocks.append("\n".join(quote_lines(quote.text)))
            speaker = escape_text(one_line(quote.speaker)) if quote.speaker else "Unattributed"
            blocks.append(f"— {speaker}")
    return blocks


READWISE_COLUMNS = ("Highlight", "Title", "Author", "URL", "Note", "Location", "Date", "Color")
"""The columns of Readwise's CSV import, in its order, then the highlight's colour (with the
person's label for it), which Readwise passes over."""


def color_label(color: str, labels: Mapping[str, str]) -> str:
    """A highlight's colour as exports name it: "important (yellow)" when the person's
    settings give the colour a label, else "yellow"."""
    label = labels.get(color, "")
    return f"{label} ({color})" if label else color


def to_readwise_csv(
    document: DocumentRecord,
    highlights: Sequence[Highlight],
    labels: Mapping[str, str] | None = None,
) -> str:
    """A CSV file in Readwise's import layout, one row per highlight in reading order.

    Location is the highlight's character position in the text, counted from 1 (Readwise
    sorts a document's highlights by it, so it must be one scale for every row; paragraph
    numbers exist only for story paragraphs). Date is the creation time in UTC as
    "YYYY-MM-DD HH:MM:SS".
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(READWISE_COLUMNS)
    url = document.metadata.get("url") or ""
    author = document.metadata.get("author") or ""
    for highlight in sorted(highlights, key=lambda h: (h.start, h.end, h.created)):
        location = highlight.start + 1
        note = f"[{MOVED_MARK}] {highlight.note}".strip() if highlight.moved else highlight.note
        cells = (
            clean_text(highlight.quote.exact),
            title_text(document.title),
            title_text(str(author)),
            clean_text(str(url)),
            clean_text(note),
        )
        created = highlight.created.replace("T", " ").removesuffix("Z")[:19]
        color = csv_cell(title_text(color_label(highlight.color, labels or {})))
        writer.writerow([*map(csv_cell, cells), location, created, color])
    return buffer.getvalue()


def _location(
    highlight: Highlight,
    paragraph_of: Callable[[int], int | None] | None,
    labels: Mapping[str, str],
) -> str:
    """The line under a highlight: where it is, its colour, and an Obsidian block id."""
    number = paragraph_of(highlight.start) if paragraph_of else None
    parts = [] if number is None else [f"Paragraph {number}"]
    parts.append(escape_text(one_line(color_label(highlight.color, labels))))
    if highlight.moved:  # placed again on text unlike its quote: the person should look
        parts.append(MOVED_MARK)
    return f"*{' · '.join(parts)}*{_block_id(highlight.id)}"


def _block_id(identifier: str) -> str:
    """ " ^id" so Obsidian can link to the block, when the id is a valid block id."""
    return f" ^{identifier}" if re.fullmatch(r"[A-Za-z0-9-]+", identifier) else ""


def to_json(
    document: DocumentRecord,
    highlights: Sequence[Highlight],
    notes: Sequence[DocumentNote],
    *,
    exported: str,
) -> str:
    """The annotations as a W3C Web Annotation `AnnotationCollection` (JSON-LD).

    Each highlight targets the document with a TextQuoteSelector (which survives changes to
    the page) and a TextPositionSelector (offsets into reader's canonical text, whose SHA-256
    is the collection's id). Document notes target the whole document.
    """
    source = source_iri(document)
    ordered = sorted(highlights, key=lambda h: (h.start, h.end, h.created))
    items = [_highlight_annotation(h, source) for h in ordered]
    items += [
        {
            "id": f"urn:reader:note:{note.id}",
            "type": "Annotation",
            "motivation": "commenting",
            "created": note.created,
            "modified": note.updated,
            "body": _textual_body(note.text),
            "target": source,
        }
        for note in notes
    ]
    collection = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": f"urn:reader:document:{document.id}",
        "type": "AnnotationCollection",
        "label": document.title,
        "generated": exported,
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }
    # A lone surrogate cannot be written; JSON escapes C0 controls itself, and escape_json
    # the rest a terminal would act on (DEL, C1, bidi overrides), so `cat` of it is safe.
    serialised = json.dumps(collection, ensure_ascii=False, indent=2)
    return escape_json(_SURROGATES.sub("\ufffd", serialised)) + "\n"


def source_iri(document: DocumentRecord) -> str:
    """The IRI annotations target: the article's web address, its file, or its content hash."""
    url = document.metadata.get("url")
    if isinstance(url, str) and url:
        return url
    if document.source and Path(document.source).is_absolute():
        return Path(document.source).as_uri()
    return f"urn:sha256:{document.id}"


def _highlight_annotation(highlight: Highlight, source: str) -> dict[str, Any]:
    annotation: dict[str, Any] = {
        "id": f"urn:reader:highlight:{highlight.id}",
        "type": "Annotation",
        "motivation": "commenting" if highlight.note else "highlighting",
        "created": highlight.created,
        "modified": highlight.updated,
    }
    if highlight.note:
        annotation["body"] = _textual_body(highlight.note)
    if highlight.moved:
        # The quote is what the person highlighted; the position is where it was placed again
        # on changed text. A tag says so, in the model's own terms.
        tag = {"type": "TextualBody", "value": MOVED_MARK, "purpose": "tagging"}
        annotation["body"] = [annotation["body"], tag] if highlight.note else tag
    annotation["target"] = {
        "source": source,
        "styleClass": highlight.color,
        "selector": [
            {
                "type": "TextQuoteSelector",
                "exact": highlight.quote.exact,
                "prefix": highlight.quote.prefix,
                "suffix": highlight.quote.suffix,
            },
            {"type": "TextPositionSelector", "start": highlight.start, "end": highlight.end},
        ],
    }
    return annotation


def _textual_body(text: str) -> dict[str, str]:
    return {
        "type": "TextualBody",
        "value": text,
        "format": "text/markdown",
        "purpose": "commenting",
    }
