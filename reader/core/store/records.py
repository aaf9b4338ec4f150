"""What the store returns about documents: plain records, never row dicts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class DocumentRecord:
    """What the store knows about a document, without its text."""

    id: str
    """The article's content hash."""
    title: str
    source: str
    """Where it was last loaded from: a path, an address, or "-"."""
    format: str
    metadata: dict[str, Any] = field(hash=False)
    """`Metadata` fields that are set, plus "extra"; as stored (JSON)."""
    added: str
    last_opened: str
    length: int
    """The length of the canonical text, in characters."""


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    """A document with its annotation counts and reading position, for a library list."""

    record: DocumentRecord
    highlight_count: int
    note_count: int
    position: int
