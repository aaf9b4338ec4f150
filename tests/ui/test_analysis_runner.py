"""The reading screen's analysis runner, without a screen: the cache, the run, its errors."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import pytest

from reader.core.analysis import ANALYSER_VERSION
from reader.core.analysis.analyzer import Analyzer
from reader.core.analysis.model import Analysis, Entity, EntityKind, Mention
from reader.core.analysis.pipeline import expected_label, load_pipeline
from reader.core.errors import AnalysisError, StoreError
from reader.core.loaders import load_text
from reader.core.model.document import Article, ArticleBuilder, BlockKind, Metadata
from reader.core.store.analysis_cache import kept_readings
from reader.core.store.store import Store
from reader.ui.screens.reading import analysis_runner
from reader.ui.screens.reading.analysis_runner import (
    PARTIAL_INTERVAL,
    AnalysisRunner,
    failure_sentence,
)

MISSING_PIPELINE = "no_such_pipeline_here"

SAMPLE = Path(__file__).resolve().parents[2] / "seeds" / "syria-ceasefire-2016.txt"

CHUNK = 1_000
"""A chunk size that cuts the sample article, twice over, into several chunks."""


def article() -> Article:
    builder = ArticleBuilder()
    builder.add(BlockKind.TITLE, "Talks")
    builder.add(BlockKind.PARAGRAPH, "Kerry said the talks in Geneva would go on.")
    return builder.build(Metadata(title="Talks"))


def kerry_analysis(*, complete: bool = True, done: float = 1.0) -> Analysis:
    kerry = Entity("kerry", "Kerry", EntityKind.PERSON, (), (Mention(7, 12, "Kerry"),), 1.0)
    return Analysis(
        ANALYSER_VERSION, expected_label(None), entities=(kerry,), complete=complete, done=done
    )


@pytest.fixture
def stored() -> Iterator[tuple[Store, str]]:
    store = Store.memory()
    yield store, store.add_document(article()).id
    store.close()


def test_a_cached_analysis_is_found_without_running(stored: tuple[Store, str]) -> None:
    store, document_id = stored
    store.save_analysis(document_id, kerry_analysis())
    runner = AnalysisRunner(article(), document_id, store=store)
    assert not runner.complete
    found = runner.cached()
    assert found == kerry_analysis()
    assert runner.analysis == found
    assert runner.complete
    assert runner.progress(runner.analysis) == ""


def test_an_analysis_by_another_pipeline_is_not_a_hit(stored: tuple[Store, str]) -> None:
    store, document_id = stored
    store.save_analysis(document_id, kerry_analysis())
    runner = AnalysisRunner(article(), document_id, store=store, model=MISSING_PIPELINE)
    assert runner.cached() is None
    assert runner.analysis is None


def test_no_store_or_an_unreadable_one_is_a_miss() -> None:
    assert AnalysisRunner(article(), "x").cached() is None

    class Broken:
        def analysis(self, *args: object) -> Analysis | None:
            raise StoreError("The store is locked.")

    runner = AnalysisRunner(article(), "x", store=cast(Store, Broken()))
    assert runner.cached() is None


def test_a_complete_analysis_is_cached_on_success(stored: tuple[Store, str]) -> None:
    store, document_id = stored
    runner = AnalysisRunner(article(), document_id, store=store)
    assert runner.succeed(kerry_analysis()) == ""
    assert runner.analysis == kerry_analysis()
    assert store.analysis(document_id, ANALYSER_VERSION, expected_label(None)) == (kerry_analysis())


def test_a_failure_to_cache_is_one_sentence(stored: tuple[Store, str]) -> None:
    store, document_id = stored
    runner = AnalysisRunner(article(), document_id, store=store)
    assert runner.succeed(kerry_analysis(complete=False)) == "only a complete analysis is cached"


@pytest.mark.parametrize(
    ("failure", "sentence"),
    [
        (AnalysisError("The pipeline is broken."), "The pipeline is broken."),
        (RuntimeError("boom"), "The analysis failed: RuntimeError('boom')"),
    ],
    ids=["reader-error-as-written", "a-bug-named"],
)
def test_error_sentence(failure: BaseException, sentence: str) -> None:
    assert failure_sentence(failure) == sentence
    runner = AnalysisRunner(article(), "x")
    assert runner.fail(failure) == sentence
    assert runner.error == sentence
    assert runner.progress(None) == ""  # no "Analysing 0%" after a failure


def test_a_missing_pipeline_fails_with_one_sentence() -> None:
    runner = AnalysisRunner(article(), "x", model=MISSING_PIPELINE)
    with pytest.raises(AnalysisError) as raised:
        runner.analyse(cancelled=lambda: False, progressed=lambda analysis: None)
    assert runner.fail(raised.value) == (
        f"The spaCy pipeline {MISSING_PIPELINE!r} is not installed or is not a pipeline folder."
    )


def test_a_cancelled_run_returns_nothing() -> None:
    parts: list[Analysis] = []
    runner = AnalysisRunner(article(), "x")
    assert runner.analyse(cancelled=lambda: True, progressed=parts.append) is None
    assert parts == []


def test_books_go_to_a_child_process() -> None:
    assert not AnalysisRunner(article(), "x").in_child_process
    assert AnalysisRunner(article(), "x", child_process_chars=len(article().text)).in_child_process


@pytest.mark.parametrize(
    ("analysis", "expected"),
    [
        (None, "Analysing 0%"),
        (kerry_analysis(complete=False, done=0.4), "Analysing 40%"),
        (kerry_analysis(), ""),
    ],
    ids=["not-started", "partial", "complete"],
)
def test_progress(analysis: Analysis | None, expected: str) -> None:
    assert AnalysisRunner(article(), "x").progress(analysis) == expected


def test_partial_results_refill_the_panes_at_most_every_interval() -> None:
    now = [100.0]
    runner = AnalysisRunner(article(), "x", clock=lambda: now[0])
    assert runner.refill_due()
    now[0] += PARTIAL_INTERVAL / 2
    assert not runner.refill_due()
    now[0] += PARTIAL_INTERVAL / 2
    assert runner.refill_due()


@dataclass
class Run:
    cancelled: bool = False

    def cancel(self) -> None:
        self.cancelled = True


def test_pausing_cancels_the_run_and_resuming_says_to_start_again_once() -> None:
    runner = AnalysisRunner(article(), "x")
    assert not runner.resume()  # nothing was paused
    run = Run()
    runner.run = run
    assert runner.is_current(run)
    assert not runner.is_current(Run())
    runner.pause()
    assert run.cancelled
    assert not runner.is_current(run)  # its late results are stale
    assert runner.resume()
    assert not runner.resume()


def test_ending_a_run_makes_it_stale() -> None:
    runner = AnalysisRunner(article(), "x")
    run = Run()
    runner.run = run
    runner.fail(AnalysisError("No."))
    assert not runner.is_current(run)
    runner.pause()  # nothing under way: nothing to resume
    assert not runner.resume()


def test_a_book_reopened_in_the_app_resumes_after_the_kept_chunks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The app's runner: a book's child process sends each chunk's reading; the runner keeps
    # it; the next runner on the same store starts after it.
    monkeypatch.setattr(analysis_runner, "CHUNK_CHARS", CHUNK)
    story = SAMPLE.read_text(encoding="utf-8")
    article = load_text(story + "\n\n" + story.replace("Kerry", "Lavrov"), source="two.txt")
    store = Store.memory()
    document_id = store.add_document(article).id
    first = AnalysisRunner(article, document_id, store=store, child_process_chars=0)
    assert first.cached() is None
    stop = False
    fractions: list[float] = []

    def progressed(analysis: Analysis) -> None:
        nonlocal stop
        fractions.append(analysis.done)
        stop = len(fractions) >= 2

    assert first.analyse(lambda: stop, progressed, first.keep_chunk) is None
    kept = kept_readings(store, document_id, None, CHUNK)
    assert len(kept) >= 2
    second = AnalysisRunner(article, document_id, store=store, child_process_chars=0)
    assert second.cached() is None
    read_again: list[int] = []
    result = second.analyse(
        lambda: False, lambda analysis: None, lambda number, reading: read_again.append(number)
    )
    assert result == Analyzer(load_pipeline()).analyze(article)
    assert read_again and read_again[0] == len(kept) + 1  # the kept chunks were not read again
    store.close()
