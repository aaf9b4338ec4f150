"""Language analysis: the entities, figures and quotes of an article, on spaCy.

Importing this package is cheap; spaCy is imported only when a pipeline is loaded.
"""

from __future__ import annotations

from reader.core.analysis.model import (
    Analysis,
    Entity,
    EntityKind,
    Figure,
    Mention,
    Quote,
    analysis_from_dict,
    analysis_to_dict,
)

ANALYSER_VERSION = "3"
"""Bumped whenever the rules change what they find; cached results of other versions re-run."""

CHUNK_CHARS = 40_000
"""Characters parsed between two progress reports on a long text (about a second's work);
also the size of the chunks whose readings are kept so a stopped analysis resumes."""

__all__ = [
    "ANALYSER_VERSION",
    "CHUNK_CHARS",
    "Analysis",
    "Entity",
    "EntityKind",
    "Figure",
    "Mention",
    "Quote",
    "analysis_from_dict",
    "analysis_to_dict",
]
