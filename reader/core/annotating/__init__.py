"""Annotating over time: undo history, re-anchoring highlights, and versions of a changed article."""
