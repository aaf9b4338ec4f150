"""Text a fuzzer's input must not lose (issue 11): stray escapes, control-character entities,
invalid UTF-8 bytes and front matter that cannot be understood keep the article readable."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.errors import LoadError
from reader.core.loaders import load_bytes, load_text
from reader.core.loaders.decoding import decode
from reader.core.loaders.normalize import clean
from reader.core.model.document import BlockKind

# --- item 4: an unterminated escape strips only itself ---------------------------------------


def paragraphs(article_text: str) -> list[str]:
    return article_text.split("\n\n")


def test_unterminated_osc_in_a_one_line_page_keeps_every_paragraph() -> None:
    body = "".join(f"<p>Paragraph {i} of the page has words.</p>" for i in range(24))
    body = body.replace("Paragraph 3 of", "Paragraph 3 \x1b] of")
    article = load_text(f"<html><body><article>{body}</article></body></html>", format="html")
    kept = [block for block in article.blocks if block.kind is BlockKind.PARAGRAPH]
    assert len(kept) == 24
    assert "Paragraph 3 of the page has words." in article.text


@pytest.mark.parametrize(
    "introducer", ["\x1b]", "\x1bP", "\x1b_", "\x1b^", "\x1bX", "\x1b]8;;"],
    ids=["osc", "dcs", "apc", "pm", "sos", "osc-hyperlink"],
)  # fmt: skip
def test_an_unterminated_string_introducer_leaves_the_line(introducer: str) -> None:
    assert clean(f"before {introducer}after the sequence, to the end\nnext") == (
        f"before {introducer[2:]}after the sequence, to the end\nnext"
    )
    followed = clean(f"before {introducer}after\x1b]0;title\x07 more")
    assert followed == f"before {introducer[2:]}after more"


def test_a_terminated_string_goes_whole() -> None:
    assert clean("a \x1b]0;window title\x07b \x1bP1$r\x1b\\c \x1b]8;;http://x\x1b\\d") == "a b c d"


def test_a_csi_with_too_many_parameters_strips_only_its_introducer() -> None:
    digits = "1" * 500
    assert clean(f"x\x1b[{digits}m y") == f"x{digits}m y"


PRINTABLE = st.text(
    st.characters(
        blacklist_categories=("Cc", "Cs", "Co", "Cn", "Zl", "Zp", "Cf"), blacklist_characters="\x7f"
    ),
    max_size=30,
)
SEQUENCES = st.sampled_from(
    ["\x1b[1;31m", "\x1b[0m", "\x1b[2J", "\x1b[?25l", "\x9b2J", "\x1b]0;title\x07",
     "\x1b]8;;https://example.com\x1b\\", "\x1bP1$r\x1b\\", "\x1b_app\x1b\\", "\x1b7", "\x1b(B",
     "\x1b]", "\x1bP", "\x1b_", "\x1b^", "\x1bX", "\x00"]
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(PRINTABLE, SEQUENCES), max_size=8), PRINTABLE)
def test_printable_text_outside_escapes_survives(parts: list[tuple[str, str]], end: str) -> None:
    source = "".join(text + sequence for text, sequence in parts) + end
    expected = "".join(text for text, _ in parts) + end
    # An unterminated introducer goes alone (ESC and its second byte), the text after it stays.
    assert clean(source) == clean(expected)


# --- item 5: a control-character entity does not empty an HTML page ------------------------------


@pytest.mark.parametrize(
    "entity",
    ["&#27;", "&#7;", "&#xFFFF;", "&#xFFFE;", "&#x1b;", "&#27", "&#x0001B;", "&#12;", "&#127;",
     "&#xD800;", "&#0;", "\ud800", "\uffff"],
)  # fmt: skip
def test_a_bad_character_entity_keeps_the_page(entity: str) -> None:
    body = "".join(
        f"<p>Paragraph {i} has a few words{entity if i == 3 else ''} in it.</p>" for i in range(10)
    )
    head = f"<head><title>T {entity}</title></head>"
    page = f"<html>{head}<body><article>{body}</article></body></html>"
    article = load_text(page, format="html")
    kept = [block for block in article.blocks if block.kind is BlockKind.PARAGRAPH]
    assert len(kept) == 10
    assert re.search(r"Paragraph 3 has a few words.? in it\.", article.text)
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]", article.text)


def test_c1_entities_read_as_browsers_do() -> None:
    article = load_text(
        "<html><body><p>Ten&#150;twenty &#147;quoted&#148;</p></body></html>", format="html"
    )
    assert "Ten\u2013twenty \u201cquoted\u201d" in article.text


# --- item 6: one invalid byte in UTF-8 text is replaced, not a reason to refuse the file ---------

BODY = ("Café society — “quoted” words, a naïve résumé. " * 30 + "\n\n") * 4
DATA = BODY.encode()
HALF = len(DATA) // 2
INVALID_UTF8 = {
    "start": b"\xff" + DATA,
    "middle": DATA[:HALF] + b"\xfe" + DATA[HALF:],
    "end": DATA + b"\xff",
    "truncated-multibyte": DATA + b"\xe2\x80",
    "overlong": DATA[:500] + b"\xc0\xaf" + DATA[500:],
    "lone-continuation": DATA[:500] + b"\x80" + DATA[500:],
    "ff-byte": DATA[:701] + b"\xff" + DATA[701:],
    "surrogate-encoding": DATA[:500] + b"\xed\xa0\x80" + DATA[500:],
}


@pytest.mark.parametrize("data", INVALID_UTF8.values(), ids=INVALID_UTF8.keys())
def test_an_invalid_byte_in_utf8_text_is_replaced_and_counted(data: bytes) -> None:
    article = load_bytes(data, name="story.txt")
    assert article.encoding == "utf-8"
    replaced = len(data) - len(DATA)
    what = "byte that is" if replaced == 1 else "bytes that are"
    assert f"Replaced {replaced} {what} not valid UTF-8 with \ufffd." in article.notices
    assert article.text.count("\ufffd") >= 1
    assert article.text.replace("\ufffd", "").count("naïve résumé") == 120


def test_a_legacy_file_is_still_read_in_its_encoding() -> None:
    decoded = decode("Café crème, déjà vu à la carte.\n".encode("cp1252") * 20, "x")
    assert decoded.encoding != "utf-8"
    assert "Caf\u00e9 cr" in decoded.text
    assert "\ufffd" not in decoded.text


@pytest.mark.parametrize(
    "data",
    [b"GIF89a\x00\x01\x02 header", bytes(range(1, 256)) * 4, bytes(range(256)) * 8,
     b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4],
    ids=["nul-bytes", "noise", "every-byte", "png"],
)  # fmt: skip
def test_mostly_binary_is_still_refused(data: bytes) -> None:
    with pytest.raises(LoadError, match="does not look like text"):
        decode(data, "x")


# --- item 8: front matter that cannot be understood is ignored, the text kept --------------------

FRONT_MATTERS = {
    "impossible-date": ("date: 2024-02-30\nauthor: Jane", "date “2024-02-30”"),
    "impossible-datetime": ("date: 2024-02-30 10:00:00", "date “2024-02-30 10:00:00”"),
    "recursive-alias": ("a: &x [*x]", "front matter"),
    "recursive-mapping": ("a: &x {b: *x}", "front matter"),
    "deep-nesting": ("a: " + "[" * 3000 + "]" * 3000, "front matter"),
    "deep-mapping": ("a: " + "{b: " * 900 + "1" + "}" * 900, "front matter"),
    "huge-integer": ("a: " + "9" * 5000, ""),
    "alias-bomb": (
        "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
        "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
        "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
        "g: [*f,*f,*f,*f,*f,*f,*f,*f,*f]",
        "front matter",
    ),
    "recursive-author": ("author: &x [*x]", "front matter"),
    "a-list": ("- a\n- b", "front matter"),
    "invalid": ("a: [", "front matter"),
}


@pytest.mark.parametrize(
    ("front", "said"), FRONT_MATTERS.values(), ids=FRONT_MATTERS.keys()
)  # fmt: skip
def test_front_matter_never_stops_the_article(front: str, said: str) -> None:
    article = load_text(f"---\n{front}\n---\n\nThe body text is kept.\n", format="markdown")
    assert "The body text is kept." in article.text
    if said:
        assert any(said in notice for notice in article.notices), article.notices
    # The metadata must survive the store's JSON.
    import json

    json.dumps(article.meta.extra)


def test_an_impossible_date_is_said_and_the_rest_kept() -> None:
    article = load_text(
        "---\ntitle: Harbour\ndate: 2024-02-30\nauthor: Jane Doe\n---\n\nBody.\n", format="markdown"
    )
    assert article.meta.title == "Harbour"
    assert article.meta.author == "Jane Doe"
    assert article.meta.published == ""
    assert "Did not understand the date “2024-02-30” in the front matter." in article.notices


def test_a_huge_integer_is_kept_as_text() -> None:
    article = load_text(f"---\nbig: {'9' * 5000}\n---\n\nBody.\n", format="markdown")
    assert article.meta.extra["big"] == "9" * 5000
