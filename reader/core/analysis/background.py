"""Analysing a long text in a child process, so the reader's own process stays responsive.

spaCy's pipeline is mostly Python under the GIL: parsing a 3 MB book in a thread of the app
makes every key wait its turn and holds several hundred megabytes in the reader's process.
A child process (`python -m reader.core.analysis.background`) keeps both away. The request
goes to its standard input and each result comes back on its standard output as a
length-prefixed pickle; plain `subprocess` rather than `multiprocessing`, whose "spawn" start
re-runs the parent's main module and whose fork is unsafe in a threaded app.
"""

from __future__ import annotations

import os
import pickle
import select
import struct
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from typing import IO, Any

from reader.core.analysis.model import Analysis
from reader.core.errors import AnalysisError, ReaderError
from reader.core.model.document import Article

POLL_SECONDS = 0.1
"""How often the waiting side checks whether it has been cancelled."""

_LENGTH = struct.Struct(">Q")


def analyse_in_child(
    article: Article,
    model: str | None,
    *,
    cancelled: Callable[[], bool] = lambda: False,
    chunk_chars: int | None = None,
    read_before: Sequence[str] = (),
    chunk_read: Callable[[int, str], object] | None = None,
) -> Iterator[Analysis]:
    """Yield the analyser's results (partial, then complete) from a child process.

    The child is stopped when `cancelled()` turns true or the caller stops iterating.
    `read_before` and `chunk_read` are `Analyzer.progressively`'s (`chunk_read` is called in
    the calling thread).

    Raises:
        AnalysisError: the pipeline could not be loaded, or the child failed or died.
    """
    try:
        child = subprocess.Popen(
            [sys.executable, "-m", "reader.core.analysis.background"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
    except OSError as error:
        raise AnalysisError(f"The analysis could not start: {error.strerror}.") from error
    assert child.stdin is not None and child.stdout is not None
    try:
        try:
            child.stdin.write(pickle.dumps((article, model, chunk_chars, list(read_before))))
            child.stdin.close()
        except BrokenPipeError:
            raise AnalysisError("The analysis stopped unexpectedly.") from None
        descriptor = child.stdout.fileno()
        last: Analysis | None = None
        while True:
            if cancelled():
                return
            ready, _, _ = select.select([descriptor], [], [], POLL_SECONDS)
            if not ready:
                continue
            kind, payload = _receive(descriptor)
            if kind == "error":
                raise AnalysisError(str(payload))
            if kind == "chunk":
                if chunk_read is not None:
                    chunk_read(*payload)
                continue
            if kind == "progress" and last is not None:
                analysis = replace(last, done=payload)  # the same results, further on
            else:
                analysis = payload
            last = analysis
            yield analysis
            if analysis.complete:
                return
    finally:
        if child.poll() is None:
            child.kill()
        child.wait()
        child.stdout.close()


def _receive(descriptor: int) -> tuple[str, Any]:
    header = _read_exactly(descriptor, _LENGTH.size)
    message: tuple[str, Any] = pickle.loads(_read_exactly(descriptor, _LENGTH.unpack(header)[0]))
    return message


def _read_exactly(descriptor: int, size: int) -> bytes:
    parts: list[bytes] = []
    while size:
        part = os.read(descriptor, min(size, 1 << 20))
        if not part:
            raise AnalysisError("The analysis stopped unexpectedly.")
        parts.append(part)
        size -= len(part)
    return b"".join(parts)


def _send(stream: IO[bytes], message: tuple[str, Any]) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_LENGTH.pack(len(data)) + data)
    stream.flush()


def child_main() -> int:
    """The child's work: read the request, load the pipeline, send each result."""
    from reader.core.analysis import CHUNK_CHARS
    from reader.core.analysis.analyzer import Analyzer
    from reader.core.analysis.pipeline import load_pipeline

    results_pipe = sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing but results may reach the pipe
    try:
        article, model, chunk_chars, read_before = pickle.load(sys.stdin.buffer)
        analyzer = Analyzer(load_pipeline(model))
        sent: Analysis | None = None
        results = analyzer.progressively(
            article,
            chunk_chars=chunk_chars or CHUNK_CHARS,
            read_before=read_before,
            chunk_read=lambda number, reading: _send(results_pipe, ("chunk", (number, reading))),
        )
        for analysis in results:
            if sent is not None and not analysis.complete and analysis.entities is sent.entities:
                # Only the progress is new: a few bytes, not the whole result pickled again.
                _send(results_pipe, ("progress", analysis.done))
                continue
            _send(results_pipe, ("result", analysis))
            sent = analysis
    except BrokenPipeError:
        return 1  # the reader stopped listening
    except ReaderError as error:
        _send(results_pipe, ("error", str(error)))
    except Exception as error:  # a bug: still one sentence for the person
        _send(results_pipe, ("error", f"The analysis failed: {type(error).__name__}: {error}"))
    return 0


if __name__ == "__main__":
    raise SystemExit(child_main())
