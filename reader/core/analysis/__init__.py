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

__all__ = [
    "ANALYSER_VERSION",
    "Analysis",
    "Entity",
    "EntityKind",
    "Figure",
    "Mention",
    "Quote",
    "analysis_from_dict",
    "analysis_to_dict",
]
