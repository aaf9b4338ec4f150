"""Errors that reach the person as one plain sentence.

Each message is a complete sentence fit for stderr or a notification; the CLI prints it and
exits non-zero, never with a traceback.
"""

from __future__ import annotations


class ReaderError(Exception):
    """A failure the person can understand and act on; `str(error)` is the sentence."""


class LoadError(ReaderError):
    """An article could not be read: missing, a directory, binary, empty, too large."""


class StoreError(ReaderError):
    """The annotation store could not be opened or written: corrupt, locked, full, read-only."""


class ExportError(ReaderError):
    """An export could not be written: the target exists, or cannot be written."""


class AnalysisError(ReaderError):
    """The language pipeline could not be loaded or run: not installed, wrong language."""
