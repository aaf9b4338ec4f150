"""AnalysisRunner: the reading screen's analysis, from the cache or from the analyser.

A cached analysis is looked up on the main thread, by the label the pipeline would have, so
a cached article never imports spaCy. Otherwise the analyser runs in the screen's thread
worker: an article in this process, with the pipeline kept loaded for the next one; a book
in a child process, so keys and memory here stay as they were. Partial results come back as
it goes; the complete one is cached in the store on the main thread (the store's connection
belongs to it). So is what a book's analysis read in each chunk, so that a book closed (or
a reader killed) half-way through resumes where it stopped. The runner holds no widget: the
screen shows what it says.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from time import monotonic
from typing import TYPE_CHECKING, Protocol

from reader.core.analysis import CHUNK_CHARS
from reader.core.analysis.model import Analysis
from reader.core.errors import ReaderError
from reader.core.model.document import Article
from reader.core.store.analysis_cache import cached_analysis, keep_reading, kept_readings

if TYPE_CHECKING:
    from reader.core.store.store import Store

CHILD_PROCESS_CHARS = 200_000
"""Texts this long (a book, not an article) are analysed in a child process."""

PARTIAL_INTERVAL = 2.0
"""Seconds between two refills of the panes from a book's partial results: a refill of
thousands of rows takes a moment of the main thread, and the status line shows progress."""


class Run(Protocol):
    """A run of the analyser in the background (Textual's `Worker`)."""

    def cancel(self) -> None:
        """Ask the run to stop."""


def failure_sentence(failure: BaseException | None) -> str:
    """Why the analysis failed, as one sentence for the panes and a notification."""
    if isinstance(failure, ReaderError):
        return str(failure)
    return f"The analysis failed: {failure!r}"  # a bug: say what it was


class AnalysisRunner:
    """One article's analysis: what has been found so far, or why there is none."""

    def __init__(
        self,
        article: Article,
        document_id: str,
        *,
        store: Store | None = None,
        model: str | None = None,
        child_process_chars: int = CHILD_PROCESS_CHARS,
        clock: Callable[[], float] = monotonic,
    ) -> None:
        """A runner for `article`.

        Args:
            article: the article to analyse.
            document_id: its id in the store.
            store: where complete analyses are cached; None analyses every time.
            model: the spaCy pipeline (a package name or a folder); None: the default.
            child_process_chars: from how many characters the analysis runs in a child
                process instead of in the calling thread.
            clock: seconds, for spacing out refills from partial results.
        """
        self.article = article
        """The article analysed."""
        self.document_id = document_id
        """The article's id in the store."""
        self.store = store
        """Where the complete analysis is cached."""
        self.model = model
        """The spaCy pipeline to analyse with; None: the default."""
        self.child_process_chars = child_process_chars
        """From how many characters the analysis runs in a child process."""
        self.analysis: Analysis | None = None
        """What the analyser found so far, as last shown (complete once `complete`)."""
        self.error = ""
        """Why the analysis failed, as one sentence; "" if it has not."""
        self.run: Run | None = None
        """The run under way, if any: results from any other are stale."""
        self.paused = False
        """Whether a run was stopped to be started again later (see `pause`)."""
        self._clock = clock
        self._refilled = 0.0
        self._read_before: list[str] = []

    @property
    def complete(self) -> bool:
        """Whether the complete analysis is at hand: nothing is left to run."""
        return self.analysis is not None and self.analysis.complete

    @property
    def in_child_process(self) -> bool:
        """Whether the article is long enough (a book) to be analysed in a child process."""
        return len(self.article.text) >= self.child_process_chars

    def cached(self) -> Analysis | None:
        """The cached complete analysis, if there is one (it becomes `analysis`).

        A store that cannot be read counts as a miss: the analysis is derived data, and a
        miss just means running it again.
        """
        if self.store is None:
            return None
        try:
            found = cached_analysis(self.store, self.document_id, self.model)
        except ReaderError:
            return None
        if found is not None:
            self.analysis = found
        elif self.in_child_process:
            self._read_before = kept_readings(self.store, self.document_id, self.model, CHUNK_CHARS)
        return found

    def keep_chunk(self, number: int, reading: str) -> None:
        """Keep what the run read in chunk `number` (call it from the main thread)."""
        if self.store is not None:
            keep_reading(self.store, self.document_id, self.model, CHUNK_CHARS, number, reading)

    def analyse(
        self,
        cancelled: Callable[[], bool],
        progressed: Callable[[Analysis], object],
        chunk_read: Callable[[int, str], object] | None = None,
    ) -> Analysis | None:
        """Run the analyser (call it from a worker thread), reporting each partial result.

        A book's run starts after the chunks whose readings `cached` found kept.

        Args:
            cancelled: says whether the run should stop; checked between results.
            progressed: given each partial result (from this thread).
            chunk_read: given what a book's run read in each chunk (from this thread), to
                pass to `keep_chunk` on the main thread.

        Returns:
            The complete analysis, or None when cancelled.

        Raises:
            AnalysisError: the pipeline cannot be loaded, or the child process failed.
        """
        article, model = self.article, self.model
        results: Iterable[Analysis]
        if self.in_child_process:
            from reader.core.analysis.background import analyse_in_child

            read_before, self._read_before = self._read_before, []
            results = analyse_in_child(
                article,
                model,
                cancelled=cancelled,
                chunk_chars=CHUNK_CHARS,
                read_before=read_before,
                chunk_read=chunk_read,
            )
        else:
            from reader.core.analysis.analyzer import Analyzer
            from reader.core.analysis.pipeline import load_pipeline

            nlp = load_pipeline(model)
            if cancelled():
                return None
            results = Analyzer(nlp).progressively(article)
        for analysis in results:
            if cancelled():
                return None
            if analysis.complete:
                return analysis
            progressed(analysis)
        return None

    def is_current(self, run: object) -> bool:
        """Whether `run` is the run under way (not one replaced or stopped)."""
        return run is not None and run is self.run

    def pause(self) -> None:
        """Stop the run under way, if any, so that `resume` says to start again."""
        if self.run is not None:
            self.run.cancel()
            self.run = None
            self.paused = True

    def resume(self) -> bool:
        """Whether a run was paused and should start again (asked once)."""
        paused, self.paused = self.paused, False
        return paused

    def refill_due(self) -> bool:
        """Whether a partial result should refill the panes now (at most every
        `PARTIAL_INTERVAL` seconds); if so, the time is noted as the latest refill."""
        now = self._clock()
        if now - self._refilled < PARTIAL_INTERVAL:
            return False
        self._refilled = now
        return True

    def succeed(self, analysis: Analysis) -> str:
        """Record that the run ended with the complete `analysis`, and cache it in the
        store (call it from the main thread: the store's connection belongs to it).

        Returns:
            Why it could not be cached, as one sentence; "" when it was (or there is no
            store).
        """
        self.run = None
        self.analysis = analysis
        if self.store is None:
            return ""
        try:
            self.store.save_analysis(self.document_id, analysis)
        except (ReaderError, ValueError) as error:
            return str(error)
        return ""

    def fail(self, failure: BaseException | None) -> str:
        """Record that the run failed with `failure`; returns the sentence saying why."""
        self.run = None
        self.error = failure_sentence(failure)
        return self.error

    def progress(self, analysis: Analysis | None) -> str:
        """The status line's "Analysing 40%" while the analysis runs, else ""."""
        if self.error or (analysis is not None and analysis.complete):
            return ""
        done = 0.0 if analysis is None else analysis.done
        return f"Analysing {round(done * 100):d}%"
