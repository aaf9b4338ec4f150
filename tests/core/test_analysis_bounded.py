"""A paragraph longer than spaCy takes is analysed in pieces, and an analysis that fails
costs an export only its analysis sections (issue 11, item 11)."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest

from reader.core import library
from reader.core.analysis.analyzer import Analyzer, _pieces
from reader.core.analysis.pipeline import load_pipeline
from reader.core.loaders import load_text
from reader.core.model.document import Block, BlockKind
from reader.core.store.store import Store
from tests.test_cli import run_reader

SENTENCE = "John Kerry met Sergei Lavrov in Geneva on Monday, and they talked about the truce. "


def test_a_block_longer_than_the_pipeline_takes_is_analysed_in_pieces(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    nlp = load_pipeline()
    monkeypatch.setattr(nlp, "max_length", 3000)
    article = load_text("Geneva Talks\n\n" + SENTENCE * 200)
    assert max(block.end - block.start for block in article.blocks) > 3000
    analysis = Analyzer(nlp).analyze(article)
    kerry = next(entity for entity in analysis.entities if entity.name == "John Kerry")
    assert len(kerry.mentions) == 200
    assert all(article.text[m.start : m.end] == "John Kerry" for m in kerry.mentions)


@pytest.mark.parametrize("limit", [1, 7, 50, 90, 1000])
def test_pieces_cover_the_block_exactly_within_the_limit(limit: int) -> None:
    text = "Intro.\n\n" + SENTENCE * 3 + "x" * 120 + " end"
    block = Block(BlockKind.PARAGRAPH, 8, len(text))
    pieces = list(_pieces(text, block, limit))
    assert pieces[0].start == block.start and pieces[-1].end == block.end
    assert all(a.end == b.start for a, b in pairwise(pieces))
    assert all(0 < piece.end - piece.start <= limit for piece in pieces)
    if limit == 90:  # a sentence fits: the cut falls after one
        assert text[pieces[0].start : pieces[0].end] == SENTENCE


def test_an_export_whose_analysis_fails_keeps_its_highlights(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def fail(self: Analyzer, article: object, **options: object) -> None:
        raise ValueError("[E088] Text of length 1000001 exceeds maximum of 1000000.\nMore.")

    monkeypatch.setattr(Analyzer, "progressively", fail)
    store = Store.memory()
    opened = library.record(store, load_text("Geneva Talks\n\n" + SENTENCE))
    start = opened.article.text.index("John Kerry")
    store.add_highlight(opened.document_id, start, start + len("John Kerry"))
    export = library.export_article(store, opened)
    assert "> John Kerry" in export.content
    assert "## Entities" not in export.content
    assert export.problem.startswith("The analysis of this article failed ([E088] Text of")
    assert export.problem.endswith("The export has no analysis sections.")
    assert "\n" not in export.problem


def test_cli_export_of_a_million_character_paragraph(tmp_path: Path, isolated_db: Path) -> None:
    story = tmp_path / "long.txt"
    story.write_text("Geneva Talks\n\n" + SENTENCE * 12_500 + "\n", encoding="utf-8")
    assert story.stat().st_size > 1_000_000  # past spaCy's max_length
    assert run_reader("highlight", str(story), "Geneva Talks", db=isolated_db).returncode == 0
    result = run_reader("export", str(story), db=isolated_db)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "unexpected" not in result.stderr
    assert "> Geneva Talks" in result.stdout
    assert "**John Kerry** (12500 mentions)" in result.stdout
