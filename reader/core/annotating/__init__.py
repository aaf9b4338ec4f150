"""Annotating over time: undo history, re-anchoring highlights, versions of a changed article."""
