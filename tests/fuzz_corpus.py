"""A seeded corpus of hostile and odd inputs for every loader and command (issue 11).

Not a test module: `tests/test_fuzz.py` and `benchmarks/bench_fuzz.py` import it. Each
`FuzzInput` is the bytes of a file, its suffix (.txt, .md or .html) and an optional hostile
file name (bytes, since some are not valid UTF-8). `corpus(count, seed)` is deterministic per
seed: the named cases of issue 11 come first, then random kinds in turn.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

SUFFIXES = (".txt", ".md", ".html")
"""The suffixes a fuzz file gets; each picks a loader."""

PROSE = (
    "ceasefire talks began on Sunday after the minister said the city would reopen schools "
    "and markets while more than 100 people were still missing"
)
WORDS = tuple(PROSE.split(" "))
"""Plain words, so most inputs carry prose a highlight can find."""

C0 = [chr(code) for code in range(0x20) if chr(code) not in "\n\t"] + ["\x7f"]
C1 = [chr(code) for code in range(0x80, 0xA0)]
INVISIBLE = [
    "\u202e", "\u202d", "\u202a", "\u2066", "\u2069", "\u200f", "\u200e",  # bidi
    "\U000e0041", "\U000e0001", "\U000e007f",  # tag characters
    "\u3164", "\u115f", "\uffa0", "\u2800", "\u00ad", "\u200b", "\ufeff",  # fillers, invisible
]  # fmt: skip
MARKUP = ["[bold]", "[/]", "[link=https://x.test]", "[/link]", "[red on blue]", "[@click=quit]"]
ESCAPES = [
    "\x1b]0;title\x07",  # window title, BEL-terminated
    "\x1b]8;;https://evil.test\x1b\\",  # hyperlink, ST-terminated
    "\x1b[2J",  # clear the screen
    "\x1b[31;1m",  # colour
    "\x1b[?1049h",  # alternate screen
    "\x1bP+q\x1b\\",  # DCS
    "\x9b2J",  # 8-bit CSI
    "\x1b]",  # unterminated OSC
    "\x1b[",  # unterminated CSI
    "\x1b]0;" + "x" * 5000,  # over-long unterminated OSC
    "\x1b[" + "9" * 100 + "m",  # over-long CSI parameters
    "\x1bc",  # reset
]
HOSTILE_NAMES = [
    b"\x1b]0;title\x07story",
    b"\x1b[2Jnote",
    "\u202etxt.exe".encode(),
    "\u3164\U000e0041name".encode(),
    b"caf\xe9",
    "長い題名".encode() * 20,
    b"[bold]x[/]",
    b"-rf",
]
"""File name stems (the suffix is added); some not valid UTF-8, one long CJK name."""

LAST = "The last paragraph of the article is still here."


@dataclass(frozen=True)
class FuzzInput:
    """One generated input: what to write, under which suffix and (optionally) stem."""

    kind: str
    """What generated it ("random-bytes", "named:unterminated-osc", …)."""
    data: bytes
    suffix: str
    name: bytes | None = None
    """A hostile stem for the file name, or None for a plain one."""

    def file_name(self, index: int) -> bytes:
        """The file name to write it under: the hostile stem (a slash as ∕), or `fuzz-<index>`."""
        stem = self.name if self.name is not None else f"fuzz-{index}".encode()
        return stem.replace(b"/", b"\xe2\x88\x95") + self.suffix.encode()  # / as U+2215


def _prose(rng: random.Random, count: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(count)).capitalize() + "."


def _sprinkle(rng: random.Random, text: str, pool: list[str], count: int) -> str:
    pieces = text.split(" ")
    for _ in range(count):
        pieces.insert(rng.randrange(len(pieces) + 1), rng.choice(pool))
    return " ".join(pieces)


def _paragraphs(rng: random.Random, pool: list[str], sprinkle: int) -> str:
    blocks = [_sprinkle(rng, _prose(rng, rng.randint(8, 30)), pool, sprinkle) for _ in range(3)]
    return "\n\n".join([*blocks, LAST]) + "\n"


def one_line_page(stray: str) -> str:
    """A minified page: every paragraph on one line, `stray` inside the fourth."""
    paragraphs = [f"<p>Paragraph {i} of the page has words in it.</p>" for i in range(23)]
    paragraphs[3] = paragraphs[3].replace("of the", f"of {stray}the")
    body = "".join(paragraphs) + f"<p>{LAST}</p>"
    return f"<html><body><article>{body}</article></body></html>"


def _html(body: str) -> str:
    return f"<html><head><title>T</title></head><body><article>{body}</article></body></html>"


def named_cases() -> list[FuzzInput]:
    """The cases issue 11 names, each as an input file."""
    utf8 = ("Café society — “quoted” words, a naïve résumé. " * 20 + "\n\n") * 3 + LAST + "\n"
    text = f"Ceasefire talks began on Sunday.\n\n{LAST}\n"
    return [
        FuzzInput("named:osc-title-name", text.encode(), ".txt", b"\x1b]0;title\x07\x1b[2Jx"),
        FuzzInput("named:osc-title-body", f"\x1b]0;title\x07\x1b[2J{text}".encode(), ".txt"),
        FuzzInput(
            "named:bidi-tags-fillers",
            f"\u202etalks\u202c \U000e0041\u3164 {text}".encode(),
            ".md",
            "\u202eevil".encode(),
        ),
        FuzzInput(
            "named:formula-cells",
            f'=HYPERLINK("http://x","y") +1 -2 @SUM(A1)\n\n{text}'.encode(),
            ".txt",
            b"=HYPERLINK(x)",
        ),
        FuzzInput("named:unterminated-osc", one_line_page("\x1b]").encode(), ".html"),
        FuzzInput("named:escape-entity", one_line_page("&#27;").encode(), ".html"),
        FuzzInput("named:bell-entity", one_line_page("&#7;").encode(), ".html"),
        FuzzInput("named:noncharacter-entity", one_line_page("&#xFFFF;").encode(), ".html"),
        FuzzInput(
            "named:invalid-utf8-byte", utf8.encode()[:300] + b"\xff" + utf8.encode()[300:], ".txt"
        ),
        FuzzInput(
            "named:long-cjk-title",
            f"# {'長い題名' * 60}\n\n{text}".encode(),
            ".md",
            "長い題名".encode() * 20,
        ),
        FuzzInput(
            "named:impossible-date", f"---\ndate: 2024-02-30\n---\n\n{LAST}\n".encode(), ".md"
        ),
        FuzzInput("named:recursive-alias", f"---\na: &x [*x]\n---\n\n{LAST}\n".encode(), ".md"),
        FuzzInput(
            "named:deep-nesting",
            f"---\na: {'[' * 3000}{']' * 3000}\n---\n\n{LAST}\n".encode(),
            ".md",
        ),
        FuzzInput("named:huge-integer", f"---\na: {'9' * 5000}\n---\n\n{LAST}\n".encode(), ".md"),
        FuzzInput("named:undecodable-name", text.encode(), ".txt", b"caf\xe9"),
        FuzzInput(
            "named:huge-paragraph",
            (("word " * 200_000).strip() + ".\n\n" + LAST + "\n").encode(),
            ".txt",
        ),
    ]


def _random_bytes(rng: random.Random) -> tuple[bytes, str]:
    return rng.randbytes(rng.randint(0, 2000)), rng.choice(SUFFIXES)


def _control_unicode(rng: random.Random) -> tuple[bytes, str]:
    pool = C0 + C1 + [chr(rng.randint(0x20, 0x2FFF)) for _ in range(20)]
    return _paragraphs(rng, pool, rng.randint(1, 4)).encode("utf-8", "surrogatepass"), ".txt"


def _escape_sequences(rng: random.Random) -> tuple[bytes, str]:
    return _paragraphs(rng, ESCAPES, rng.randint(1, 8)).encode(), rng.choice(SUFFIXES)


def _invisible(rng: random.Random) -> tuple[bytes, str]:
    return _paragraphs(rng, INVISIBLE, rng.randint(1, 15)).encode(), rng.choice(SUFFIXES)


def _markup(rng: random.Random) -> tuple[bytes, str]:
    return _paragraphs(rng, MARKUP + ESCAPES[:3], rng.randint(1, 10)).encode(), rng.choice(SUFFIXES)


def _bad_html(rng: random.Random) -> tuple[bytes, str]:
    entities = ["&#27;", "&#7;", "&#0;", "&#xFFFF;", "&#xD800;", "&#99999999;", "&#x1b;"]
    entities += ["&bogus;", "&#155;", "&amp"]
    depth = rng.choice([1, 50, 500, 3000])
    tag = rng.choice(["div", "span", "b", "blockquote", "li"])
    inner = _sprinkle(rng, _prose(rng, 20), entities + ESCAPES[:4], rng.randint(1, 10))
    body = f"<{tag}>" * depth + inner + f"</{tag}>" * rng.choice([0, depth])
    return _html(f"<p>{_prose(rng, 15)}</p>{body}<p>{LAST}</p>").encode(), ".html"


def _front_matter(rng: random.Random) -> tuple[bytes, str]:
    variants = [
        "date: 2024-02-30", "date: 2024-13-45T99:99", "a: &x [*x]", "a: &a [*a, *a]",
        "b: " + "[" * 3000 + "]" * 3000, "n: " + "9" * 5000, "title: \x1b]0;t\x07\x1b[2J",
        "title: [bold]x[/]", "author: \u202eevil", "tags: {", ": : :",
        "!!python/object:os.system x",
        "title: " + "長" * 2000, "date: -99999-01-01",
    ]  # fmt: skip
    lines = rng.sample(variants, rng.randint(1, 3))
    closing = rng.choice(["---", "", "..."])
    head = "---\n" + "\n".join(lines) + f"\n{closing}\n\n"
    return (head + _paragraphs(rng, ["**x**", "# h", "`c`"], 3)).encode(), ".md"


def _invalid_utf8(rng: random.Random) -> tuple[bytes, str]:
    data = bytearray(_paragraphs(rng, ["é", "—", "漢"], 5).encode())
    for _ in range(rng.randint(1, 5)):
        data.insert(rng.randrange(len(data)), rng.choice([0xFF, 0xFE, 0xC0, 0x80, 0xED, 0xF5]))
    return bytes(data), rng.choice(SUFFIXES)


def _huge_line(rng: random.Random) -> tuple[bytes, str]:
    size = rng.choice([10_000, 200_000, 1_100_000])
    line = " ".join(rng.choice(WORDS) for _ in range(size // 6))
    if rng.random() < 0.5:
        line = line.replace(" ", "")  # one enormous word
    return (line + "\n\n" + LAST + "\n").encode(), rng.choice(SUFFIXES)


def _empty(rng: random.Random) -> tuple[bytes, str]:
    empties = [
        b"",
        b" ",
        b"\n\n\n",
        b"\t \r\n",
        b"\x00",
        b"\xef\xbb\xbf",
        b"<html></html>",
        b"---\n---\n",
    ]
    return rng.choice(empties), rng.choice(SUFFIXES)


GENERATORS: dict[str, Callable[[random.Random], tuple[bytes, str]]] = {
    "random-bytes": _random_bytes,
    "control-unicode": _control_unicode,
    "escape-sequences": _escape_sequences,
    "invisible": _invisible,
    "markup": _markup,
    "bad-html": _bad_html,
    "front-matter": _front_matter,
    "invalid-utf8": _invalid_utf8,
    "huge-line": _huge_line,
    "empty": _empty,
}
"""The random kinds, each a function of the generator's random state."""


def corpus(count: int, seed: int = 11) -> list[FuzzInput]:
    """`count` inputs, the same for the same seed: the named cases, then random kinds in turn.

    One random input in eight gets a hostile file name.
    """
    rng = random.Random(seed)
    inputs = named_cases()[:count]
    kinds = list(GENERATORS)
    while len(inputs) < count:
        kind = kinds[len(inputs) % len(kinds)]
        data, suffix = GENERATORS[kind](rng)
        name = rng.choice(HOSTILE_NAMES) if rng.random() < 0.125 else None
        inputs.append(FuzzInput(kind, data, suffix, name))
    return inputs


def words_from(data: bytes) -> str:
    """A few plain words of the input, for `reader highlight`: the last paragraph if present."""
    text = data.decode("utf-8", "replace")
    if LAST in text:
        return LAST
    words = [word for word in text.split() if word.isalpha() and word.isascii()]
    return " ".join(words[:3]) or "the"
