"""A changed article file: record its new text as a new version and carry the highlights over.

Called whenever an article is opened or exported by path. The highlights of the version last
seen from the same file are re-anchored in the new text (`anchoring.reanchor_all`): placed
where their words still are, or kept as orphans. Nothing is deleted: the old text stays in
the store, and an orphan keeps its quote and note.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from reader.core.model.document import Article
from reader.core.store.store import DocumentRecord, Store


@dataclass(frozen=True, slots=True)
class Reanchored:
    """What happened to the highlights of a changed article."""

    previous_id: str
    placed: int = 0
    """Highlights found again (at the same words, maybe elsewhere in the text)."""
    orphaned: tuple[str, ...] = field(default_factory=tuple)
    """Ids of the highlights that could not be placed (kept as orphans)."""

    def sentence(self) -> str:
        """A one-line account for the person."""
        total = self.placed + len(self.orphaned)
        if not total:
            return "The article has changed since you last opened it."
        placed = f"{self.placed} of {total} highlight{'s' if total != 1 else ''} placed again"
        if not self.orphaned:
            return f"The article has changed since you last opened it; {placed}."
        return (
            f"The article has changed since you last opened it; {placed}, "
            f"{len(self.orphaned)} could not be placed (see “could not place” in Notes)."
        )


def record_article(store: Store, article: Article) -> tuple[DocumentRecord, Reanchored | None]:
    """Add (or refresh) `article` in the store; if it is a new version of a stored document,
    move that version's highlights and notes to it, re-anchored.

    Raises:
        StoreError: the store cannot be read or written.
    """
    previous = store.previous_version(article)
    record = store.add_document(article)
    if previous is None:
        return record, None
    # Imported only now: re-anchoring is rare, and every start of the app passes here.
    from reader.core.annotating.anchoring import reanchor_all

    old_text = store.document_text(previous.id) or ""
    highlights = store.highlights(previous.id)
    placeable = [highlight for highlight in highlights if highlight.placed]
    results = reanchor_all(old_text, article.text, placeable)
    placements: list[tuple[str, int | None, int | None]] = [
        (highlight.id, result.start, result.end)
        for highlight, result in zip(placeable, results, strict=True)
    ]
    # Already orphaned in an earlier version: their offsets are that version's, so they stay
    # orphans (still shown and exported).
    placements.extend(
        (highlight.id, None, None) for highlight in highlights if not highlight.placed
    )
    store.move_highlights(previous.id, record.id, placements)
    orphaned = tuple(highlight_id for highlight_id, start, _ in placements if start is None)
    return record, Reanchored(previous.id, len(placements) - len(orphaned), orphaned)


def with_notice(article: Article, notice: str) -> Article:
    """The article with one more notice for the app to show when it opens."""
    return replace(article, notices=(*article.notices, notice))
