"""A changed article file: record its text as the file's current version and carry the
highlights over.

Called whenever an article is opened or exported by path. The versions of one file form one
lineage: the version last current holds the highlights and notes, and a new text (or an
earlier version's text again, when a file is put back) takes them over, each re-anchored
(`anchoring.reanchor_all`): placed where its words still are ("exact"), on text like its
words but not equal to them ("moved": the quote the person highlighted is kept, and the new
place is to be checked), or kept as an orphan. Nothing is deleted: every text stays in the
store, and an orphan keeps its quote and note (and is tried again in each later version).

Recording the version and moving its highlights are one transaction
(`Store.record_version`), so a crash or an interrupt in between cannot strand the
highlights on a version no longer shown. The slow part, re-anchoring, is worked out
beforehand; inside the transaction only highlights made or changed meanwhile are placed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

from reader.core.model.annotations import Highlight
from reader.core.model.document import Article
from reader.core.store.records import Placement, VersionRecorded
from reader.core.store.store import DocumentRecord, Store


@dataclass(frozen=True, slots=True)
class Reanchored:
    """What happened to the highlights of a changed article."""

    previous_id: str
    """The version the highlights came from (the most recent, if there were several)."""
    placed: int = 0
    """Highlights found again at their very words (maybe elsewhere in the text)."""
    orphaned: tuple[str, ...] = field(default_factory=tuple)
    """Ids of the highlights that could not be placed (kept as orphans)."""
    moved: tuple[str, ...] = field(default_factory=tuple)
    """Ids of the highlights placed on text that differs from their quote, to be checked."""

    @classmethod
    def of(cls, recorded: VersionRecorded) -> Reanchored:
        """The account of a recorded version that took highlights over."""
        counts = Counter(status for _, status in recorded.statuses)
        return cls(
            recorded.previous_ids[0],
            placed=counts["exact"],
            orphaned=tuple(i for i, status in recorded.statuses if status == "orphan"),
            moved=tuple(i for i, status in recorded.statuses if status == "moved"),
        )

    def sentence(self) -> str:
        """A one-line account for the person: "12 of 14 highlights placed again, 1 moved
        (please check), 1 could not be placed"."""
        total = self.placed + len(self.moved) + len(self.orphaned)
        if not total:
            return "The article has changed since you last opened it."
        parts = [f"{self.placed} of {total} highlight{'s' if total != 1 else ''} placed again"]
        hints = []
        if self.moved:
            parts.append(f"{len(self.moved)} moved (please check)")
            hints.append("“moved, please check”")
        if self.orphaned:
            parts.append(f"{len(self.orphaned)} could not be placed")
            hints.append("“could not place”")
        sentence = f"The article has changed since you last opened it; {', '.join(parts)}"
        if hints:
            sentence += f" (see {' and '.join(hints)} in Notes)"
        return sentence + "."


def record_article(store: Store, article: Article) -> tuple[DocumentRecord, Reanchored | None]:
    """Add (or refresh) `article` in the store; if its file's highlights are on another
    version (the text changed, or was put back to an earlier version's), move them and the
    notes to it, re-anchored, in the same transaction.

    Raises:
        StoreError: the store cannot be read or written.
    """
    previous = store.lineage(article)
    if not previous:
        return store.add_document(article), None
    plan = Plan(article.text)
    for version in previous:  # the slow part, before the write lock is taken
        plan.place(version.id, store.document_text(version.id) or "", store.highlights(version.id))
    recorded = store.record_version(article, plan.place)
    if not recorded.previous_ids:  # another program recorded it meanwhile
        return recorded.record, None
    return recorded.record, Reanchored.of(recorded)


class Plan:
    """Where each highlight of earlier versions goes in one new text, worked out once.

    `place` is what `Store.record_version` calls inside its transaction: highlights already
    placed beforehand (unchanged since) are looked up, and only others are re-anchored then.
    """

    def __init__(self, new_text: str) -> None:
        self.new_text = new_text
        """The text the highlights are placed in."""
        self._known: dict[tuple[object, ...], Placement] = {}

    def place(self, version_id: str, old_text: str, highlights: list[Highlight]) -> list[Placement]:
        """Where each of a version's highlights goes in the new text, in the order given.

        A highlight with a range in the old text is re-anchored from it; an orphan (whose
        offsets belong to some earlier text) is looked for by its quote alone, so that a
        passage that comes back, as when a file is put back, takes its highlight back.
        """
        missing = [item for item in highlights if _key(version_id, item) not in self._known]
        if missing:
            # Imported only now: re-anchoring is rare, and every start of the app passes here.
            from reader.core.annotating.anchoring import Selector, reanchor_all

            selectors = [
                Selector.of(item) if item.placed else Selector.unplaced(item) for item in missing
            ]
            results = reanchor_all(old_text, self.new_text, selectors)
            for item, result in zip(missing, results, strict=True):
                self._known[_key(version_id, item)] = (item.id, result.start, result.end)
        return [self._known[_key(version_id, item)] for item in highlights]


def _key(version_id: str, highlight: Highlight) -> tuple[object, ...]:
    """What a placement depends on: not the note or colour, which may change meanwhile."""
    return (
        version_id,
        highlight.id,
        highlight.start,
        highlight.end,
        highlight.quote,
        highlight.status,
    )


def with_notice(article: Article, notice: str) -> Article:
    """The article with one more notice for the app to show when it opens."""
    return replace(article, notices=(*article.notices, notice))
