"""Through the real command: input a fuzzer can produce opens, keeps its text and exports
(issue 11, items 4, 5, 6 and 8); each once ended in a refusal, lost text or a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_cli import run_reader

LAST = "The last paragraph of the article is still here."


def one_line_page(stray: str) -> bytes:
    paragraphs = [f"<p>Paragraph {i} of the page has words in it.</p>" for i in range(23)]
    paragraphs[3] = paragraphs[3].replace("of the", f"of {stray}the")
    body = "".join(paragraphs) + f"<p>{LAST}</p>"
    return f"<html><body><article>{body}</article></body></html>".encode()


UTF8 = ("Café society — “quoted” words, a naïve résumé. " * 20 + "\n\n") * 3 + LAST + "\n"
CASES = {
    "unterminated-osc": ("page.html", one_line_page("\x1b]")),
    "escape-entity": ("page.html", one_line_page("&#27;")),
    "bell-entity": ("page.html", one_line_page("&#7;")),
    "noncharacter-entity": ("page.html", one_line_page("&#xFFFF;")),
    "invalid-utf8-byte": ("story.txt", UTF8.encode()[:300] + b"\xff" + UTF8.encode()[300:]),
    "impossible-date": ("notes.md", f"---\ndate: 2024-02-30\n---\n\n{LAST}\n".encode()),
    "recursive-alias": ("notes.md", f"---\na: &x [*x]\n---\n\n{LAST}\n".encode()),
    "deep-nesting": ("notes.md", f"---\na: {'[' * 3000}{']' * 3000}\n---\n\n{LAST}\n".encode()),
    "huge-integer": ("notes.md", f"---\na: {'9' * 5000}\n---\n\n{LAST}\n".encode()),
}


@pytest.mark.parametrize(("name", "data"), CASES.values(), ids=CASES.keys())
def test_it_opens_keeps_the_text_and_exports(
    tmp_path: Path, isolated_db: Path, name: str, data: bytes
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    highlighted = run_reader("highlight", str(path), LAST, db=isolated_db)
    assert highlighted.returncode == 0, highlighted.stderr
    exported = run_reader("export", str(path), "--no-analysis", db=isolated_db)
    assert exported.returncode == 0, exported.stderr
    assert f"> {LAST}" in exported.stdout
    if name == "page.html":  # the paragraph with the stray character, and all after it
        third = run_reader("highlight", str(path), "Paragraph 3 of the page has", db=isolated_db)
        assert third.returncode == 0, third.stderr
