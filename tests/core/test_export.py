"""Export: the Markdown and JSON must give back every highlight and note exactly."""

from __future__ import annotations

import errno
import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from reader.core.errors import ExportError
from reader.core.export.formats import (
    NOTE_CALLOUT,
    front_matter,
    source_iri,
    to_json,
    to_markdown,
    write_export,
)
from reader.core.model.annotations import DocumentNote, Highlight, TextQuote
from reader.core.model.document import ArticleBuilder, BlockKind, Metadata
from reader.core.store.store import DocumentRecord, Store
from reader.core.text.display import for_display

EXPORTED = "2026-11-26T18:04:05Z"
MARKDOWN = MarkdownIt("commonmark").use(front_matter_plugin)

# The normalisation policy documented in reader.core.export.formats, spelled out independently:
# control characters other than tab, LF, CR and FF, and lone surrogates, become U+FFFD.
UNCARRIED = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def carried(text: str) -> str:
    return UNCARRIED.sub("\ufffd", text)


def carried_note(text: str) -> str:
    return carried(text).replace("\r\n", "\n").replace("\r", "\n")


def one_line(text: str) -> str:
    return re.sub(r"\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]", " ", carried(text))


def shown(text: str) -> str:
    """A title or front matter field: one line, and as the screen shows it (issue 11.2)."""
    return for_display(one_line(text))


def record(title: str = "Ceasefire in Syria", **metadata: Any) -> DocumentRecord:
    return DocumentRecord(
        id="0f" * 32,
        title=title,
        source=metadata.pop("source", "/home/ana/articles/syria.txt"),
        format="text",
        metadata=metadata,
        added=EXPORTED,
        last_opened=EXPORTED,
        length=1000,
    )


def highlight(
    exact: str, *, note: str = "", start: int = 10, color: str = "yellow", id: str = "h1"
) -> Highlight:
    return Highlight(
        id=id,
        document_id="0f" * 32,
        start=start,
        end=start + max(1, len(exact)),
        quote=TextQuote(exact=exact, prefix="before ", suffix=" after"),
        color=color,
        note=note,
        created="2026-11-26T18:00:00Z",
        updated="2026-11-26T18:01:00Z",
    )


def document_note(text: str, id: str = "n1") -> DocumentNote:
    return DocumentNote(id, "0f" * 32, text, "2026-11-26T18:02:00Z", "2026-11-26T18:03:00Z")


@dataclass
class Parsed:
    """What a Markdown export says, read back through a CommonMark parser."""

    front: dict[str, Any]
    title: str
    highlights: list[tuple[str, str, str | None]]
    """(exact text, location line source, note source or None) per highlight."""
    notes: list[str]


def inline_text(token: Token) -> str:
    """The literal text of an inline token; anything but text and soft breaks is a failure."""
    parts = []
    for child in token.children or []:
        assert child.type in ("text", "softbreak"), (
            f"markup leaked: {child.type} in {token.content!r}"
        )
        parts.append("\n" if child.type == "softbreak" else child.content)
    return "".join(parts)


def top_level_blocks(tokens: list[Token]) -> list[tuple[Token, list[Token]]]:
    """Each top-level block: its first token and the tokens inside it."""
    blocks: list[tuple[Token, list[Token]]] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.nesting == 0:
            blocks.append((token, []))
            index += 1
            continue
        depth, inner_start = 1, index + 1
        index += 1
        while depth:
            depth += tokens[index].nesting
            index += 1
        blocks.append((token, tokens[inner_start : index - 1]))
    return blocks


def note_source(lines: list[str], opening: Token) -> str:
    assert opening.map is not None
    first, end = opening.map
    assert lines[first] == NOTE_CALLOUT
    body = lines[first + 1 : end]
    # The parser counts a blank line after a quote that ends in empty ">" lines into its map.
    while body and not body[-1]:
        body.pop()
    assert all(line == ">" or line.startswith("> ") for line in body)
    return "\n".join(line[2:] for line in body)


def quote_text(inner: list[Token]) -> str:
    paragraphs = []
    for token in inner:
        assert token.type in ("paragraph_open", "inline", "paragraph_close"), token.type
        if token.type == "inline":
            paragraphs.append(inline_text(token))
    return "\n\n".join(paragraphs)


def parse(markdown: str) -> Parsed:
    """Read an export back, asserting its structure on the way."""
    lines = markdown.split("\n")
    blocks = top_level_blocks(MARKDOWN.parse(markdown))
    (front, _), (heading, heading_inner), *rest = blocks
    assert front.type == "front_matter"
    assert heading.tag == "h1"
    parsed = Parsed(yaml.safe_load(front.content), inline_text(heading_inner[0]), [], [])
    position = 0

    def take() -> tuple[Token, list[Token]]:
        nonlocal position
        position += 1
        return rest[position - 1]

    def peek() -> str | None:
        return rest[position][0].type if position < len(rest) else None

    while position < len(rest):
        opening, inner = take()
        assert opening.type == "heading_open" and opening.tag == "h2", opening.type
        section = inline_text(inner[0])
        while peek() not in (None, "heading_open"):
            if section == "Highlights":
                quote, quote_inner = take()
                assert quote.type == "blockquote_open"
                location, _ = take()
                assert location.type == "paragraph_open"
                assert location.map is not None
                note = None
                if peek() == "blockquote_open":
                    note = note_source(lines, take()[0])
                parsed.highlights.append((quote_text(quote_inner), lines[location.map[0]], note))
                if peek() == "hr":
                    take()
            else:
                assert section == "Notes"
                assert take()[0].type == "paragraph_open"  # the date line
                callout, _ = take()
                assert callout.type == "blockquote_open"
                parsed.notes.append(note_source(lines, callout))
    return parsed


def check_round_trip(
    document: DocumentRecord, highlights: Sequence[Highlight], notes: Sequence[DocumentNote]
) -> str:
    markdown = to_markdown(
        document, highlights, notes, exported=EXPORTED, paragraph_of=lambda offset: offset // 10 + 1
    )
    parsed = parse(markdown)
    ordered = sorted(highlights, key=lambda h: (h.start, h.end, h.created))
    assert [exact for exact, _, _ in parsed.highlights] == [carried(h.quote.exact) for h in ordered]
    assert [note for _, _, note in parsed.highlights] == [
        carried_note(h.note) if h.note else None for h in ordered
    ]
    assert parsed.notes == [carried_note(n.text) for n in notes]
    assert parsed.front == front_matter(document, highlights, notes, exported=EXPORTED)
    assert parsed.title == (shown(document.title) or "Untitled")
    for h, (_, location, _) in zip(ordered, parsed.highlights, strict=True):
        assert location.endswith(f" ^{h.id}")
    return markdown


NASTY = {
    "front-matter-fence": "---\ntitle: evil\n---",
    "heading": "# Not a heading",
    "quote-marker": "> not a quote",
    "open-fence": "```python\nprint('x')",
    "tilde-fence": "~~~\ncode",
    "html-block": "<div>\n\nhello</div>",
    "html-comment": "<!-- never closed",
    "entity": "&amp; &lt; &#32; &copy",
    "emphasis": "*stars* and _underscores_ and **bold**",
    "link": "[x](y) and ![img](src) and <http://example.com>",
    "reference-definition": "[foo]: /url 'title'",
    "wiki-link": "[[Some Page]] and [[Page|alias]]",
    "table": "| a | b |\n|---|---|\n| 1 | 2 |",
    "math": "$x^2$ and $$\\int$$",
    "obsidian-comment": "%% hidden %%",
    "obsidian-highlight": "==marked== and ~~struck~~",
    "block-ref": "see ^abc123",
    "tag": "#tag and #another/tag",
    "leading-trailing-spaces": "   spaced out   ",
    "tabs": "\tindented\twith tabs\t",
    "indented-code": "    four spaces",
    "blank-lines": "one\n\ntwo\n\n\n\nthree",
    "edge-newlines": "\n\nstarts and ends with newlines\n",
    "only-newlines": "\n\n\n",
    "only-spaces": "   ",
    "carriage-returns": "windows\r\nline\rends\r",
    "lone-backslash-at-line-end": "ends with \\\nnext line\\",
    "hard-break-spaces": "two spaces  \nthen",
    "list-markers": "- item\n+ plus\n* star\n1. one\n2) two",
    "numbered-year": "1986. A year",
    "setext": "Title\n===\nSub\n---",
    "thematic-breaks": "***\n___\n- - -",
    "unicode": "naïve café — “quotes” 中文 🎉 \u00a0nbsp\u00a0",
    "line-separators": "\u2028para\u2029graph\x85",
    "controls": "nul\x00 bell\x07 vt\x0b ff\x0c del\x7f",
    "lone-surrogate": "bad \ud800 char",
}


@pytest.mark.parametrize("text", list(NASTY.values()), ids=list(NASTY))
def test_nasty_text_survives_as_highlight_note_and_document_note(text: str) -> None:
    check_round_trip(
        record(title=text, author=text, site=text, url="https://example.com/a?b=c&d"),
        [highlight(text, note=text), highlight("plain", start=5, id="h2")],
        [document_note(text), document_note(text, id="n2")],
    )


@pytest.mark.parametrize("text", list(NASTY.values()), ids=list(NASTY))
def test_highlight_text_has_no_unescaped_obsidian_syntax(text: str) -> None:
    markdown = to_markdown(record(), [highlight(text)], [], exported=EXPORTED)
    quote = markdown.split("## Highlights\n\n", 1)[1].split("\n\n*", 1)[0]
    body = "\n".join(line[2:] for line in quote.split("\n"))
    bare = re.sub(r"\\.|&#\d+;", "", body)
    assert not set(bare) & set("[]^=~`*_<>#|\\")
    # Escaped only where they act: %% (a comment), & starting a reference, $ pairs (math).
    assert "%%" not in bare
    assert not re.search(r"&(#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);", bare)
    assert bare.count("$") < 2


@pytest.mark.parametrize(
    "text",
    ["7.6 million were displaced", "40% of them", "$5 a day", "AT&T said", "-5 degrees", "+3"],
)
def test_a_quote_is_exported_as_the_article_has_it(text: str) -> None:
    # Fails on the old code: "7\.6 million", "40\% of them", "\$5", "AT\&T" no longer
    # matched the article when the exported quote was searched as text.
    markdown = to_markdown(record(), [highlight(text)], [], exported=EXPORTED)
    assert f"> {text}\n" in markdown


def test_layout_reads_as_intended() -> None:
    markdown = to_markdown(
        record(author="Ana Ruiz", published="2016-02-21", site="Reuters"),
        [highlight("The ceasefire *holds*.", note="Check **this**.", id="k3j2h4g5f6")],
        [document_note("A good summary.")],
        exported=EXPORTED,
        paragraph_of=lambda offset: 4,
    )
    assert markdown == (
        "---\n"
        "title: Ceasefire in Syria\n"
        "author: Ana Ruiz\n"
        "source: /home/ana/articles/syria.txt\n"
        "published: '2016-02-21'\n"
        "site: Reuters\n"
        "exported: '2026-11-26T18:04:05Z'\n"
        "highlights: 1\n"
        "notes: 2\n"
        "---\n\n"
        "# Ceasefire in Syria\n\n"
        "## Highlights\n\n"
        "> The ceasefire \\*holds\\*.\n\n"
        "*Paragraph 4 · yellow* ^k3j2h4g5f6\n\n"
        "> [!note]\n"
        "> Check **this**.\n\n"
        "## Notes\n\n"
        "*Note · 2026-11-26* ^n1\n\n"
        "> [!note]\n"
        "> A good summary.\n"
    )


def test_export_from_the_store_numbers_story_paragraphs() -> None:
    builder = ArticleBuilder()
    builder.add(BlockKind.TITLE, "Ceasefire")
    builder.add(BlockKind.BYLINE, "By Ana Ruiz")
    builder.add(BlockKind.PARAGRAPH, "First paragraph.")
    second = builder.add(BlockKind.PARAGRAPH, "Second *paragraph* here.")
    assert second is not None
    article = builder.build(Metadata(title="Ceasefire", author="Ana Ruiz", source="/a.txt"))
    with Store.memory() as store:
        document = store.add_document(article)
        made = store.add_highlight(document.id, second.start, second.end, note="Why?")
        markdown = to_markdown(
            document,
            store.highlights(document.id),
            store.document_notes(document.id),
            exported=EXPORTED,
            paragraph_of=article.paragraph_number,
        )
    parsed = parse(markdown)
    assert parsed.highlights == [
        ("Second *paragraph* here.", f"*Paragraph 2 · yellow* ^{made.id}", "Why?")
    ]
    assert parsed.front["author"] == "Ana Ruiz"


def test_empty_export_has_front_matter_and_title_only() -> None:
    markdown = to_markdown(record(title=""), [], [], exported=EXPORTED)
    parsed = parse(markdown)
    assert parsed.title == "Untitled"
    assert parsed.front["highlights"] == 0
    assert "title" not in parsed.front
    assert "## " not in markdown


def test_highlights_are_exported_in_reading_order() -> None:
    parsed = parse(
        to_markdown(
            record(),
            [highlight("second", start=50, id="b"), highlight("first", start=5, id="a")],
            [],
            exported=EXPORTED,
        )
    )
    assert [exact for exact, _, _ in parsed.highlights] == ["first", "second"]


def test_location_without_paragraph_numbers_gives_colour() -> None:
    parsed = parse(to_markdown(record(), [highlight("x", color="blue")], [], exported=EXPORTED))
    assert parsed.highlights[0][1] == "*blue* ^h1"


# Arbitrary text, weighted towards the characters and fragments Markdown cares about.
FRAGMENTS = st.sampled_from(
    [
        *"\\`*_[]<>#|~=$%^&-+.)!:'\"\n\r\t \u00a0\u2028\x00\x0b\x0c\ud800",
        "---",
        "```",
        "<div>",
        "<!--",
        "&amp;",
        "&#32;",
        "[[",
        "]]",
        "%%",
        "$$",
        "\n\n",
        "    ",
        "1.",
        "> ",
        "# ",
        "[x](y)",
        "^id",
        "==",
        "\\\n",
        "  \n",
    ]
)
TEXT = st.lists(
    st.one_of(st.characters(exclude_categories=()), FRAGMENTS, st.text(max_size=5)),
    max_size=30,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(exact=TEXT, note=TEXT, document_text=TEXT, title=TEXT)
def test_any_text_round_trips_through_markdown(
    exact: str, note: str, document_text: str, title: str
) -> None:
    check_round_trip(
        record(title=title, author=title, published=title),
        [highlight(exact or "x", note=note), highlight(note or "y", start=3, id="h2")],
        [document_note(document_text)],
    )


@settings(max_examples=200, deadline=None)
@given(title=TEXT)
def test_front_matter_fields_come_back_as_one_line(title: str) -> None:
    markdown = to_markdown(record(title=title, site=title), [], [], exported=EXPORTED)
    front = parse(markdown).front
    for key in ("title", "site"):
        assert front.get(key, "") == shown(title)


def test_json_is_a_web_annotation_collection() -> None:
    document = record(url="https://example.com/syria")
    highlights = [
        highlight("second\npassage", start=40, note="my *note*", id="b"),
        highlight("first", start=5, id="a", color="blue"),
    ]
    notes = [document_note("About the whole piece.")]
    collection = json.loads(to_json(document, highlights, notes, exported=EXPORTED))
    assert collection["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert collection["type"] == "AnnotationCollection"
    assert collection["id"] == f"urn:reader:document:{document.id}"
    assert collection["total"] == 3
    page = collection["first"]
    assert page["type"] == "AnnotationPage"
    first, second, note = page["items"]
    assert [first["id"], second["id"]] == ["urn:reader:highlight:a", "urn:reader:highlight:b"]
    assert first["motivation"] == "highlighting" and "body" not in first
    assert second["motivation"] == "commenting"
    assert second["body"] == {
        "type": "TextualBody",
        "value": "my *note*",
        "format": "text/markdown",
        "purpose": "commenting",
    }
    for annotation, original in ((first, highlights[1]), (second, highlights[0])):
        assert annotation["type"] == "Annotation"
        assert annotation["created"] == original.created
        assert annotation["modified"] == original.updated
        target = annotation["target"]
        assert target["source"] == "https://example.com/syria"
        selectors = {selector["type"]: selector for selector in target["selector"]}
        quote = selectors["TextQuoteSelector"]
        assert (quote["exact"], quote["prefix"], quote["suffix"]) == (
            original.quote.exact,
            original.quote.prefix,
            original.quote.suffix,
        )
        position = selectors["TextPositionSelector"]
        assert (position["start"], position["end"]) == (original.start, original.end)
    assert note["motivation"] == "commenting"
    assert note["body"]["value"] == "About the whole piece."
    assert note["target"] == "https://example.com/syria"


@pytest.mark.parametrize("text", list(NASTY.values()), ids=list(NASTY))
def test_json_keeps_text_exactly_except_lone_surrogates(text: str) -> None:
    output = to_json(
        record(), [highlight(text, note=text)], [document_note(text)], exported=EXPORTED
    )
    output.encode("utf-8")
    expected = re.sub(r"[\ud800-\udfff]", "\ufffd", text)
    first, note = json.loads(output)["first"]["items"]
    assert first["target"]["selector"][0]["exact"] == expected
    assert first["body"]["value"] == expected
    assert note["body"]["value"] == expected


@pytest.mark.parametrize(
    ("source", "metadata", "expected"),
    [
        ("/home/ana/a b.txt", {}, "file:///home/ana/a%20b.txt"),
        ("/home/ana/a.txt", {"url": "https://x.org/a"}, "https://x.org/a"),
        ("-", {}, "urn:sha256:" + "0f" * 32),
        ("relative.txt", {}, "urn:sha256:" + "0f" * 32),
    ],
    ids=["file", "url-wins", "stdin", "relative-path"],
)
def test_source_iri(source: str, metadata: dict[str, str], expected: str) -> None:
    assert source_iri(record(source=source, **metadata)) == expected


def test_write_export_creates_the_file(tmp_path: Path) -> None:
    target = tmp_path / "notes.md"
    write_export("héllo\n", target)
    assert target.read_text(encoding="utf-8") == "héllo\n"
    assert os.listdir(tmp_path) == ["notes.md"]


def test_write_export_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    target = tmp_path / "notes.md"
    target.write_text("old")
    with pytest.raises(ExportError, match=r"already exists; use --force to replace it\.$"):
        write_export("new", target)
    assert target.read_text() == "old"


def test_write_export_overwrites_with_force(tmp_path: Path) -> None:
    target = tmp_path / "notes.md"
    target.write_text("old")
    write_export("new", target, force=True)
    assert target.read_text() == "new"
    assert os.listdir(tmp_path) == ["notes.md"]


def test_write_export_into_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="is a folder"):
        write_export("x", tmp_path, force=True)


def test_write_export_to_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="does not exist"):
        write_export("x", tmp_path / "missing" / "notes.md")


def test_write_export_under_a_file(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    with pytest.raises(ExportError, match="is not a folder"):
        write_export("x", tmp_path / "file" / "notes.md")


def test_failed_write_keeps_the_old_file_and_leaves_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "notes.md"
    target.write_text("old")

    def full_disk(source: str, destination: str) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(ExportError, match="not enough disk space"):
        write_export("new", target, force=True)
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["notes.md"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to read-only folders")
def test_unwritable_folder_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "notes.md"
    target.write_text("old")
    tmp_path.chmod(0o555)
    try:
        with pytest.raises(ExportError, match="permission denied"):
            write_export("new", target, force=True)
    finally:
        tmp_path.chmod(0o755)
    assert target.read_text() == "old"
