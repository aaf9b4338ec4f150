"""A stopped analysis resumes where it stopped (issue 13): what each chunk read is kept, and
replayed instead of parsed, to the very same result."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.core import library
from reader.core.analysis.analyzer import Analyzer
from reader.core.analysis.model import Analysis
from reader.core.analysis.pipeline import load_pipeline
from reader.core.analysis.readings import reading_from_json, reading_to_json
from reader.core.loaders import load_text
from reader.core.model.document import Article
from reader.core.store.analysis_cache import chunk_key, kept_readings
from reader.core.store.store import Store

SAMPLE = Path(__file__).resolve().parents[2] / "seeds" / "syria-ceasefire-2016.txt"

CHUNK = 1_000
"""A chunk size that cuts the sample article (and the text below) into several chunks."""


class CountingPipeline:
    """The real pipeline, counting the characters it is given to parse."""

    def __init__(self, nlp: Any) -> None:
        self.nlp = nlp
        self.parsed = 0

    def pipe(self, texts: Iterable[str], **options: Any) -> Iterator[Any]:
        texts = list(texts)
        self.parsed += sum(len(text) for text in texts)
        return iter(self.nlp.pipe(texts, **options))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.nlp, name)


@pytest.fixture(scope="module")
def article() -> Article:
    story = SAMPLE.read_text(encoding="utf-8")
    return load_text(story + "\n\n" + story.replace("Kerry", "Lavrov"), source="two.txt")


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer(load_pipeline())


def run(analyzer: Analyzer, article: Article, read_before: list[str]) -> tuple[Analysis, int]:
    """The complete result of a run given `read_before`, and how many characters it parsed."""
    counting = CountingPipeline(analyzer.nlp)
    analyzer.nlp = counting  # type: ignore[assignment]
    try:
        results = list(analyzer.progressively(article, chunk_chars=CHUNK, read_before=read_before))
    finally:
        analyzer.nlp = counting.nlp
    return results[-1], counting.parsed


def readings(analyzer: Analyzer, article: Article) -> list[str]:
    kept: dict[int, str] = {}
    for _ in analyzer.progressively(
        article,
        chunk_chars=CHUNK,
        chunk_read=lambda number, reading: kept.update({number: reading}),
    ):
        pass
    assert sorted(kept) == list(range(1, len(kept) + 1))
    return [kept[number] for number in sorted(kept)]


def test_a_resumed_analysis_parses_only_what_is_left_and_ends_the_same(
    analyzer: Analyzer, article: Article
) -> None:
    # Fails on the old code: nothing was kept of a run, and every run parsed it all.
    whole, parsed_all = run(analyzer, article, [])
    kept = readings(analyzer, article)
    assert len(kept) >= 4
    parsed_before = parsed_all + 1
    for count in range(len(kept) + 1):
        resumed, parsed = run(analyzer, article, kept[:count])
        assert resumed == whole
        assert parsed < parsed_before  # each chunk replayed is a chunk not parsed
        parsed_before = parsed


def test_a_damaged_or_foreign_reading_is_parsed_again(analyzer: Analyzer, article: Article) -> None:
    whole, parsed_all = run(analyzer, article, [])
    kept = readings(analyzer, article)
    damaged = [*kept[:2], kept[2][: len(kept[2]) // 2], *kept[3:]]
    resumed, parsed = run(analyzer, article, damaged)
    assert resumed == whole
    _, parsed_two = run(analyzer, article, kept[:2])
    assert parsed == parsed_two  # the replay stopped at the damaged reading
    # A reading of another chunk (here, the next one) does not fit: parsed again.
    shifted, parsed_shifted = run(analyzer, article, kept[1:])
    assert shifted == whole
    assert parsed_shifted == parsed_all


def test_readings_go_to_json_and_back_unchanged(analyzer: Analyzer, article: Article) -> None:
    for data in readings(analyzer, article):
        reading = reading_from_json(data, len(article.text))
        assert reading_to_json(reading) == data


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(),
        lambda children: st.lists(children) | st.dictionaries(st.text(), children),
        max_leaves=20,
    )
)
def test_anything_else_is_refused_with_a_value_error(junk: object) -> None:
    data = json.dumps(junk)
    with pytest.raises(ValueError):
        reading_from_json(data, 100)


def test_offsets_outside_the_text_are_refused(analyzer: Analyzer, article: Article) -> None:
    data = readings(analyzer, article)[-1]
    with pytest.raises(ValueError):
        reading_from_json(data, 10)


def test_the_store_keeps_consecutive_chunks_until_the_result_is_cached(
    analyzer: Analyzer, article: Article
) -> None:
    store = Store.memory()
    document_id = store.add_document(article).id
    key = chunk_key(None, CHUNK)
    for number in (1, 2, 4):
        store.save_analysis_chunk(document_id, key, number, f"reading {number}")
    assert store.analysis_chunks(document_id, key) == ["reading 1", "reading 2"]
    assert store.analysis_chunks(document_id, chunk_key(None, CHUNK + 1)) == []
    store.save_analysis_chunk(document_id, key, 1, "again")  # a fresh start
    assert store.analysis_chunks(document_id, key) == ["again"]
    store.save_analysis(document_id, analyzer.analyze(article))
    assert store.analysis_chunks(document_id, key) == []
    store.close()


def test_an_export_stopped_half_way_resumes_there(
    analyzer: Analyzer, article: Article, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The command line's analysis (export, analyze) keeps its chunks in the store too.
    monkeypatch.setattr(library, "CHUNK_CHARS", CHUNK)
    store = Store(tmp_path / "reader.db")
    opened = library.record(store, article)
    assert opened.record is not None
    stopped_at = 3

    class Stop(Exception):
        pass

    real_pipe = analyzer.nlp.pipe
    calls = 0

    def stopping_pipe(*arguments: Any, **options: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls > stopped_at:
            raise Stop
        return real_pipe(*arguments, **options)

    monkeypatch.setattr(analyzer.nlp, "pipe", stopping_pipe)
    with pytest.raises(Stop):
        library.analysis_for(opened, store, None)
    assert len(kept_readings(store, opened.record.id, None, CHUNK)) == stopped_at
    monkeypatch.setattr(analyzer.nlp, "pipe", real_pipe)
    assert library.analysis_for(opened, store, None) == analyzer.analyze(article)
    assert kept_readings(store, opened.record.id, None, CHUNK) == []
    store.close()
