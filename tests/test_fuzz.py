"""Hostile and odd input through every loader, the real command and the app (issue 11).

The corpus is `tests/fuzz_corpus.py` (seeded); hypothesis adds bytes and text of its own.
What a loader may drop from a plain-text input, and nothing else:

* escape sequences, whole, by the grammar in `reader.core.loaders.normalize` (an
  unterminated string sequence loses only its introducer);
* C0 controls but tab and newline, DEL, C1 controls, the soft hyphen, zero-width space, word
  joiner, BOM, Mongolian vowel separator, lone surrogates, U+FFFE and U+FFFF;
* white space, which is normalised (runs become one space, line ends become block breaks);
* bytes that are not valid UTF-8, replaced with U+FFFD, only with a notice that says so.

Every other printable character of the input is in the canonical text (or in the title,
byline or date the loader took from it).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.errors import ReaderError
from reader.core.loaders import load_bytes
from reader.core.loaders.decoding import decode
from reader.core.loaders.normalize import _DROP_RE, _ESCAPE_RE
from reader.core.model.document import Article
from reader.core.store.store import Store
from reader.ui.app import make_app
from tests.fuzz_corpus import C0, C1, ESCAPES, INVISIBLE, MARKUP, FuzzInput, corpus, words_from

CORPUS = corpus(120, seed=11)
CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
UNEXPECTED = "unexpected error"
FORMATS = ("json", "csv", "markdown")


def assert_one_safe_sentence(message: str) -> None:
    """A refusal: one plain line ending as a sentence, with no control character."""
    assert message.strip(), "an empty message"
    assert not CONTROL_RE.search(message), repr(message)
    assert "\n" not in message.strip(), repr(message)
    assert message.rstrip().endswith((".", "?", ")", "”")), repr(message)


def load(data: bytes, suffix: str) -> Article | None:
    """The loader chosen by `suffix`; None when it refused with one of the project's errors."""
    try:
        return load_bytes(data, name=f"fuzz{suffix}", source=f"/tmp/fuzz{suffix}")
    except ReaderError as error:
        assert_one_safe_sentence(str(error))
        return None


def assert_canonical(article: Article) -> None:
    assert not CONTROL_RE.search(article.text), repr(CONTROL_RE.search(article.text))
    for field in (article.meta.title, article.meta.author, article.meta.published):
        assert not CONTROL_RE.search(field or ""), repr(field)


def kept_characters(data: bytes) -> set[str]:
    """The printable characters of a plain-text input a loader must keep (module docstring)."""
    text = _ESCAPE_RE.sub("", decode(data, "fuzz").text)
    text = _DROP_RE.sub("", text)
    return {c for c in text if c.isprintable() and not c.isspace()}


def assert_round_trip(data: bytes, article: Article) -> None:
    meta = article.meta
    seen = set(article.text) | set(meta.title or "") | set(meta.author or "")
    seen |= set(meta.published or "")
    missing = kept_characters(data) - seen
    if "\ufffd" in missing:  # only with the notice that says bytes were replaced
        assert any("not valid UTF-8" in notice for notice in article.notices)
    assert not missing, f"dropped {sorted(missing)!r} with notices {article.notices!r}"


@pytest.mark.parametrize("item", CORPUS, ids=[f"{i}-{x.kind}" for i, x in enumerate(CORPUS)])
def test_corpus_through_the_loaders(item: FuzzInput) -> None:
    article = load(item.data, item.suffix)
    if article is None:
        return
    assert_canonical(article)
    if item.suffix == ".txt":
        assert_round_trip(item.data, article)


def test_a_short_text_with_a_window_title_escape_opens() -> None:
    """Regression: the BEL ending `ESC ] 0;title BEL` counted as a binary byte, so a short
    file (a saved terminal log, a note) holding one was refused as binary."""
    data = b"\x1b]0;title\x07\x1b[2JCeasefire talks began on Sunday.\n"
    article = load_bytes(data, name="log.txt")
    assert article.text == "Ceasefire talks began on Sunday."


HOSTILE = st.sampled_from(C0 + C1 + INVISIBLE + MARKUP + ESCAPES + ["&#27;", "&#xFFFF;", "\n"])
TEXTS = st.lists(st.one_of(st.text(max_size=30), HOSTILE), max_size=30).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=600), suffix=st.sampled_from([".txt", ".md", ".html"]))
def test_random_bytes_through_the_loaders(data: bytes, suffix: str) -> None:
    article = load(data, suffix)
    if article is not None:
        assert_canonical(article)
        if suffix == ".txt":
            assert_round_trip(data, article)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS, suffix=st.sampled_from([".txt", ".md", ".html"]))
def test_random_text_with_controls_and_markup(text: str, suffix: str) -> None:
    data = text.encode("utf-8", "surrogatepass")
    article = load(data, suffix)
    if article is not None:
        assert_canonical(article)
        if suffix == ".txt":
            assert_round_trip(data, article)


# The real command, in subprocesses: a sample small enough for two cores.

CLI_SAMPLE = [*CORPUS[:16], *CORPUS[16::9]][:30]
ANALYZED = {item.kind for item in CORPUS[:16]} | {"control-unicode", "bad-html", "markup"}


def run(
    args: list[str | bytes], db: Path, timeout: float = 60
) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "READER_DB": str(db), "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "reader", *args], capture_output=True, env=env, timeout=timeout
    )


def assert_clean_run(result: subprocess.CompletedProcess[bytes]) -> None:
    described = f"{result.args[3:]!r} -> {result.returncode}: {result.stderr[-400:]!r}"
    assert result.returncode in (0, 1, 2), described
    for stream in (result.stdout, result.stderr):
        assert b"\x1b" not in stream and b"\x07" not in stream, described
        assert b"Traceback" not in stream, described
    stderr = result.stderr.decode("utf-8", "replace")
    assert UNEXPECTED not in stderr.lower(), described
    assert stderr.count("\n") <= 3, described


def cli_case(tmp_path: Path, index: int, item: FuzzInput) -> None:
    folder = tmp_path / f"case-{index}"
    folder.mkdir()
    db = folder / "reader.db"
    path = os.path.join(os.fsencode(folder), item.file_name(index))
    Path(os.fsdecode(path)).write_bytes(item.data)
    words = words_from(item.data)
    assert_clean_run(run(["highlight", path, words], db))
    assert_clean_run(run(["export", path, "--no-analysis", "--format", FORMATS[index % 3]], db))
    if len(item.data) < 100_000:  # a million-character analysis takes half a minute
        assert_clean_run(run(["export", path], db))
        if item.kind in ANALYZED and index % 3 == 0:
            assert_clean_run(run(["analyze", path, "--json"], db))


def test_a_sample_through_the_real_command(tmp_path: Path) -> None:
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = [pool.submit(cli_case, tmp_path, i, x) for i, x in enumerate(CLI_SAMPLE)]
        for future in futures:
            future.result()
    huge = run(["search", "--limit", "999999999999999999999", "talks"], tmp_path / "s.db")
    assert_clean_run(huge)
    assert huge.returncode == 2


# The app, headless: hostile articles drawn on the screen.

SCREEN_CASES = [x for x in CORPUS if x.kind.startswith(("named:osc", "named:bidi"))] + [
    FuzzInput("escapes", b"\x1b]0;t\x07\x1b[2J[bold]x[/] words \x9b2J and \x1b] more.", ".txt"),
    FuzzInput("markup", b"[link=https://x.test]click[/link] \x07 [@click=quit]q[/]", ".md"),
]


@pytest.mark.parametrize("item", SCREEN_CASES, ids=[x.kind for x in SCREEN_CASES])
async def test_hostile_articles_draw_safely(item: FuzzInput) -> None:
    name = item.file_name(0).decode("utf-8", "replace")
    article = load_bytes(item.data, name=name, source=f"/tmp/{name}")
    app = make_app(Store.memory(), article, theme="reader-dark")
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        drawn = app.export_screenshot()
        assert "\x1b" not in drawn and "\x07" not in drawn
        assert "\x1b" not in app.title and "\x07" not in app.title
