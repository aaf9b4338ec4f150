"""The one way to ask the store for an article's cached analysis, whole or in chunks.

A cached analysis counts only if this analyser build made it with the pipeline asked for;
spelling that key in one place keeps the app, the command line and folder exports agreeing
on what is cached. The readings of an unfinished analysis's chunks are kept under the same
key and the chunk size, so a stopped analysis resumes (`Analyzer.progressively`).
"""

from __future__ import annotations

from contextlib import suppress
from typing import TYPE_CHECKING

from reader.core.analysis import ANALYSER_VERSION
from reader.core.analysis.model import Analysis
from reader.core.analysis.pipeline import expected_label
from reader.core.errors import StoreError

if TYPE_CHECKING:
    from reader.core.store.documents import ChunkKey
    from reader.core.store.store import Store


def cached_analysis(store: Store, document_id: str, model: str | None) -> Analysis | None:
    """The document's complete analysis by this analyser and `model` (None: the default
    pipeline), if one is cached.

    Raises:
        StoreError: the store cannot be read.
    """
    return store.analysis(document_id, ANALYSER_VERSION, expected_label(model))


def chunk_key(model: str | None, chunk_chars: int) -> ChunkKey:
    """The key a chunk's reading is kept under for `model` (None: the default pipeline)."""
    return (ANALYSER_VERSION, expected_label(model), chunk_chars)


def kept_readings(store: Store, document_id: str, model: str | None, chunk_chars: int) -> list[str]:
    """The readings kept of the first chunks of an unfinished analysis; none when the store
    cannot be read (they only save time)."""
    try:
        return store.analysis_chunks(document_id, chunk_key(model, chunk_chars))
    except StoreError:
        return []


def keep_reading(
    store: Store, document_id: str, model: str | None, chunk_chars: int, number: int, reading: str
) -> None:
    """Keep the reading of chunk `number` of an analysis under way; a store that cannot be
    written keeps nothing (the readings only save time)."""
    with suppress(StoreError):
        store.save_analysis_chunk(document_id, chunk_key(model, chunk_chars), number, reading)
