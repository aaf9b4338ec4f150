"""What the store returns about documents: plain records, never row dicts; and the converters
from the rows it reads to those records and to highlights."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from reader.core.model.annotations import HIGHLIGHT_STATUSES, Highlight, HighlightStatus, TextQuote
from reader.core.model.document import Metadata


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
class DocumentDeleted:
    """What `Store.delete_document` removed."""

    versions: int
    """The document and its earlier versions."""
    highlights: int
    notes: int
    """Notes on the whole document (a highlight's note goes with its highlight)."""


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    """A document with its annotation counts and reading position, for a library list."""

    record: DocumentRecord
    highlight_count: int
    note_count: int
    """Notes written: on the whole document, and on highlights."""
    position: int


def metadata_dict(meta: Metadata) -> dict[str, Any]:
    """The metadata fields that are set, plus "extra" when it has anything."""
    fields: dict[str, Any] = {
        name: value
        for name in ("title", "dek", "author", "published", "source", "site", "url", "language")
        if (value := getattr(meta, name))
    }
    if meta.extra:
        fields["extra"] = dict(meta.extra)
    return fields


def document_record(row: dict[str, Any]) -> DocumentRecord:
    """The record for a `documents` row read as a dict."""
    return DocumentRecord(
        id=row["id"],
        title=row["title"],
        source=row["source"],
        format=row["format"],
        metadata=json.loads(row["metadata"]),
        added=row["added"],
        last_opened=row["last_opened"],
        length=row["length"],
    )


def highlight_record(row: dict[str, Any]) -> Highlight:
    """The highlight for a `highlights` row read as a dict (a row without "status" is exact)."""
    return Highlight(
        id=row["id"],
        document_id=row["document_id"],
        start=row["start"],
        end=row["end"],
        quote=TextQuote(exact=row["exact"], prefix=row["prefix"], suffix=row["suffix"]),
        color=row["color"],
        note=row["note"],
        created=row["created"],
        updated=row["updated"],
        status=highlight_status(row.get("status", "exact")),
    )


def highlight_status(value: object) -> HighlightStatus:
    """A stored status as the model's type. The schema's CHECK constraint admits nothing
    else; should anything else turn up, it reads as "moved", never as exact."""
    for status in HIGHLIGHT_STATUSES:
        if value == status:
            return status
    return "moved"


Placement = tuple[str, int | None, int | None]
"""A highlight's id with its start and end in a new version's text; None and None when it
could not be placed (an orphan)."""

PlaceHighlights = Callable[[str, str, list[Highlight]], Sequence[Placement]]
"""Given an earlier version's id, its text and its highlights (read inside the transaction
that records the new version), where each goes in the new text, in the order given."""


@dataclass(frozen=True, slots=True)
class VersionRecorded:
    """What recording an article's text as the current version of its file did."""

    record: DocumentRecord
    """The document now current."""
    previous_ids: tuple[str, ...] = ()
    """The versions it took over from, whose highlights and notes moved to it; empty when it
    was already current (or its file is new)."""
    statuses: tuple[tuple[str, HighlightStatus], ...] = ()
    """Each highlight that moved, with its status in the new version."""
