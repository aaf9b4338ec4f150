"""The one way to ask the store for an article's cached analysis.

A cached analysis counts only if this analyser build made it with the pipeline asked for;
spelling that key in one place keeps the app, the command line and folder exports agreeing
on what is cached.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.core.analysis import ANALYSER_VERSION
from reader.core.analysis.model import Analysis
from reader.core.analysis.pipeline import expected_label

if TYPE_CHECKING:
    from reader.core.store.store import Store


def cached_analysis(store: Store, document_id: str, model: str | None) -> Analysis | None:
    """The document's complete analysis by this analyser and `model` (None: the default
    pipeline), if one is cached.

    Raises:
        StoreError: the store cannot be read.
    """
    return store.analysis(document_id, ANALYSER_VERSION, expected_label(model))
