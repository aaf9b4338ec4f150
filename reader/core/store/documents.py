"""Document rows of the store, with reading positions, settings, versions and cached analyses.

A mixin of `Store` over `StoreConnection`: everything kept about a document as a whole, as
opposed to the highlights and notes in it (`annotations`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import replace

from reader.core.analysis.model import Analysis, analysis_from_dict, analysis_to_dict
from reader.core.errors import StoreError
from reader.core.loaders import path_bytes, printable_path
from reader.core.model.annotations import HighlightStatus, quote_at
from reader.core.model.document import Article, article_from_dict, article_to_dict
from reader.core.store.annotations import document_highlights
from reader.core.store.connection import StoreConnection
from reader.core.store.records import (
    DocumentDeleted,
    DocumentRecord,
    DocumentSummary,
    PlaceHighlights,
    Placement,
    VersionRecorded,
    document_record,
    metadata_dict,
)

_DOCUMENT_COLUMNS = "id, title, source, format, metadata, added, last_opened, length"

ChunkKey = tuple[str, str, int]
"""Which run a chunk's reading belongs to: analyser version, pipeline label, chunk size."""


class DocumentRows(StoreConnection):
    """Documents and what is kept per document: position, versions and analyses; settings."""

    # Documents

    def add_document(self, article: Article) -> DocumentRecord:
        """Record that `article` was opened now, adding it (with its text) if it is new.

        The title, format and metadata are refreshed; the source is kept when the article
        now comes from nowhere in particular (an empty source).
        """
        with self._writing():
            return self._upsert_document(article, self._clock())

    def _upsert_document(self, article: Article, now: str) -> DocumentRecord:
        """`add_document` inside the caller's transaction."""
        source, source_bytes = _stored_source(article.meta.source)
        shown = replace(article.meta, source=source)
        metadata = json.dumps(metadata_dict(shown), ensure_ascii=False, default=str)
        structure = article_to_dict(replace(article, meta=shown))
        del structure["text"]  # kept once, in its own column
        self.db.execute(
            """
            INSERT INTO documents
                (id, title, source, format, metadata, text, length, added, last_opened,
                 structure, source_bytes)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET
                title = excluded.title,
                source = CASE WHEN excluded.source != '' THEN excluded.source
                              ELSE documents.source END,
                source_bytes = CASE
                    WHEN excluded.source = '' THEN documents.source_bytes
                    -- the stored article opened again: its source is the escaped text
                    WHEN excluded.source = documents.source AND excluded.source_bytes IS NULL
                        THEN documents.source_bytes
                    ELSE excluded.source_bytes END,
                format = excluded.format,
                metadata = excluded.metadata,
                last_opened = excluded.last_opened,
                structure = excluded.structure
            """,
            [
                article.content_hash,
                article.title,
                source,
                article.format,
                metadata,
                article.text,
                len(article.text),
                now,
                now,
                json.dumps(structure, ensure_ascii=False, default=str),
                source_bytes,
            ],
        )
        record = self._document(article.content_hash)
        assert record is not None  # just written in the same transaction
        return record

    def document(self, document_id: str) -> DocumentRecord | None:
        """The document with this id, or None."""
        with self._translated():
            return self._document(document_id)

    def _document(self, document_id: str) -> DocumentRecord | None:
        rows = self.db.query(
            f"SELECT {_DOCUMENT_COLUMNS} FROM documents WHERE id = ?", [document_id]
        )
        return next((document_record(row) for row in rows), None)

    def document_text(self, document_id: str) -> str | None:
        """The canonical text of a document, or None if there is no such document."""
        with self._translated():
            row = self.db.execute(
                "SELECT text FROM documents WHERE id = ?", [document_id]
            ).fetchone()
        return None if row is None else str(row[0])

    def article(self, document_id: str) -> Article | None:
        """The stored article, with its blocks and metadata, or None if there is none.

        Raises:
            StoreError: the stored structure is unreadable.
        """
        with self._translated():
            row = self.db.execute(
                "SELECT text, structure FROM documents WHERE id = ?", [document_id]
            ).fetchone()
        if row is None:
            return None
        try:
            structure = json.loads(row[1])
            return article_from_dict({**structure, "text": row[0]})
        except ValueError as error:
            raise StoreError(
                f"The stored structure of document {document_id[:12]} in {self._label} is damaged."
            ) from error

    def find_documents(self, query: str) -> list[DocumentRecord]:
        """Documents matching `query`, most recently opened first.

        A document matches by id prefix (at least 4 characters), by source (as given, or
        as an absolute path), or by a case-insensitive piece of its title.
        """
        query = query.strip()
        if not query:
            return []
        prefix = query.lower() if len(query) >= 4 else None
        sources = {
            _stored_source(name) for name in (query, os.path.abspath(os.path.expanduser(query)))
        }
        folded = query.casefold()
        with self._translated():
            rows = list(
                self.db.query(
                    f"SELECT {_DOCUMENT_COLUMNS}, source_bytes FROM documents "
                    "ORDER BY last_opened DESC, rowid DESC"
                )
            )
        return [
            document_record(row)
            for row in rows
            if (prefix is not None and row["id"].startswith(prefix))
            or (row["source"], row["source_bytes"]) in sources
            or folded in row["title"].casefold()
        ]

    def documents(self) -> list[DocumentSummary]:
        """Every document with its counts and position, most recently opened first.

        An earlier version of a changed article is left out: its highlights have moved to the
        newer version, which is the one to read (its text stays in the store all the same).
        """
        with self._translated():
            rows = self.db.query(
                f"""
                SELECT {_DOCUMENT_COLUMNS},
                    (SELECT count(*) FROM highlights h WHERE h.document_id = d.id)
                        AS highlight_count,
                    (SELECT count(*) FROM document_notes n WHERE n.document_id = d.id)
                    + (SELECT count(*) FROM highlights h WHERE h.document_id = d.id
                        AND trim(h.note, char(32, 9, 10, 11, 12, 13)) != '')
                        AS note_count,
                    coalesce((SELECT "offset" FROM positions p WHERE p.document_id = d.id), 0)
                        AS position
                FROM documents d
                WHERE NOT EXISTS (SELECT 1 FROM documents v WHERE v.previous_id = d.id)
                ORDER BY last_opened DESC, rowid DESC
                """
            )
            return [
                DocumentSummary(
                    record=document_record(row),
                    highlight_count=row["highlight_count"],
                    note_count=row["note_count"],
                    position=row["position"],
                )
                for row in rows
            ]

    def delete_document(self, document_id: str) -> DocumentDeleted:
        """Delete a document with its earlier versions and everything kept on them: its
        highlights and notes, reading position, cached analyses and export records, in one
        transaction (the library asks the person first, saying how many).

        Raises:
            StoreError: there is no such document, or the store cannot be written.
        """
        with self._writing():
            self._require_document(document_id)
            versions: list[str] = []
            current: str | None = document_id
            while current is not None and current not in versions:
                row = self.db.execute(
                    "SELECT previous_id FROM documents WHERE id = ?", [current]
                ).fetchone()
                if row is None:
                    break  # an earlier version no longer stored
                versions.append(current)
                current = row[0]
            marks = ", ".join("?" * len(versions))
            counts = [
                self.db.execute(
                    f"SELECT count(*) FROM {table} WHERE document_id IN ({marks})", versions
                ).fetchone()[0]
                for table in ("highlights", "document_notes")
            ]
            for table in ("highlights", "document_notes", "positions"):
                self.db.execute(f"DELETE FROM {table} WHERE document_id IN ({marks})", versions)
            # Analyses, analysis chunks and export records go with it (ON DELETE CASCADE).
            self.db.execute(f"DELETE FROM documents WHERE id IN ({marks})", versions)
        return DocumentDeleted(len(versions), counts[0], counts[1])

    # Reading positions

    def save_position(self, document_id: str, offset: int) -> None:
        """Remember where the person is in a document (a character offset).

        Raises:
            ValueError: `offset` is negative.
            StoreError: there is no such document, or the store cannot be written.
        """
        if offset < 0:
            raise ValueError(f"A reading position cannot be negative (got {offset}).")
        now = self._clock()
        with self._writing():
            self._require_document(document_id)
            self.db.execute(
                'INSERT INTO positions (document_id, "offset", updated) VALUES (?, ?, ?) '
                'ON CONFLICT (document_id) DO UPDATE SET "offset" = excluded."offset", '
                "updated = excluded.updated",
                [document_id, offset, now],
            )

    def position(self, document_id: str) -> int:
        """The saved reading position in a document; 0 when there is none."""
        with self._translated():
            row = self.db.execute(
                'SELECT "offset" FROM positions WHERE document_id = ?', [document_id]
            ).fetchone()
        return 0 if row is None else int(row[0])

    # Settings

    def setting(self, name: str) -> str | None:
        """A remembered setting, or None if it was never set."""
        with self._translated():
            row = self.db.execute("SELECT value FROM settings WHERE name = ?", [name]).fetchone()
        return None if row is None else str(row[0])

    def set_setting(self, name: str, value: str) -> None:
        """Remember a setting, committed at once."""
        now = self._clock()
        with self._writing():
            self.db.execute(
                "INSERT INTO settings (name, value, updated) VALUES (?, ?, ?) "
                "ON CONFLICT (name) DO UPDATE SET value = excluded.value, "
                "updated = excluded.updated",
                [name, value, now],
            )

    # Versions

    def previous_version(self, article: Article) -> DocumentRecord | None:
        """The version of the article's file whose highlights it would take over: the file's
        current version, unless that is this very text. None for text from no file, for a
        file never recorded, and for the current text again.

        The current version is the one last recorded from the file (the others are its
        history, each named in its successor's `previous_id`). Text equal to an older version
        is that version again: it takes the highlights back.
        """
        with self._translated():
            heads = self._current_versions(article)
        return heads[0] if heads else None

    def lineage(self, article: Article) -> list[DocumentRecord]:
        """Every version of the article's file that holds its highlights now, other than the
        article's own text: normally one (the current version), or none; more only in a store
        whose lineage was split (by a crash in an older reader, say), all of which
        `record_version` merges. Most recently opened first."""
        with self._translated():
            return self._current_versions(article)

    def _current_versions(self, article: Article) -> list[DocumentRecord]:
        if not article.meta.source or article.meta.source == "-":
            return []
        source, source_bytes = _stored_source(article.meta.source)
        rows = self.db.query(
            f"SELECT {_DOCUMENT_COLUMNS} FROM documents d WHERE source = ? "
            "AND source_bytes IS ? AND id != ? "
            "AND NOT EXISTS (SELECT 1 FROM documents v WHERE v.previous_id = d.id) "
            "ORDER BY last_opened DESC, rowid DESC",
            [source, source_bytes, article.content_hash],
        )
        return [document_record(row) for row in rows]

    def record_version(self, article: Article, place: PlaceHighlights) -> VersionRecorded:
        """Record `article` as opened now and as the current version of its file, in one
        transaction: add (or refresh) its document, move every highlight and note of the
        file's current version to it, placed by `place`, and link the versions.

        Nothing is half done: a crash, an interrupt or an error (in `place` too) leaves the
        store as it was, and the next call does it all. `place` runs inside the transaction,
        on highlights read inside it, so a highlight made meanwhile by another program is
        moved too; the caller can work out placements beforehand and only look them up.
        A highlight's status follows from its new place (see `move_highlights`).

        Raises:
            StoreError: the store cannot be read or written.
        """
        now = self._clock()
        with self._writing():
            heads = self._current_versions(article)
            record = self._upsert_document(article, now)
            statuses: list[tuple[str, HighlightStatus]] = []
            for head in heads:
                text = self._require_text(head.id)
                highlights = document_highlights(self.db.conn, head.id)
                placements = place(head.id, text, highlights) if highlights else []
                statuses += self._move(head.id, record.id, placements, now)
            if heads:
                self._make_current(record.id, [head.id for head in heads])
        return VersionRecorded(record, tuple(head.id for head in heads), tuple(statuses))

    def move_highlights(
        self,
        old_id: str,
        new_id: str,
        placements: Sequence[Placement],
    ) -> None:
        """Move highlights from a document's old version to its new one, in one transaction,
        making the new one current (see `record_version`, which does this and records the
        new version in the same transaction).

        `placements` gives each highlight's id with its start and end in the new text, or
        None and None when it could not be placed: it is then kept, quote and all, as an
        orphan of the new version. A placed highlight whose quote is the text at its new
        range is exact, and its context is quoted afresh; one placed on other text keeps the
        quote the person highlighted, status "moved". The old version's text stays.
        """
        now = self._clock()
        with self._writing():
            self._require_text(new_id)
            self._require_document(old_id)
            self._move(old_id, new_id, placements, now)
            self._make_current(new_id, [old_id])

    def _move(
        self, old_id: str, new_id: str, placements: Sequence[Placement], now: str
    ) -> list[tuple[str, HighlightStatus]]:
        """Move highlights and document notes inside the caller's transaction; returns each
        moved highlight's new status."""
        text = self._require_text(new_id)
        stored = {
            row[0]: row[1]
            for row in self.db.execute(
                "SELECT id, exact FROM highlights WHERE document_id = ?", [old_id]
            )
        }
        statuses: list[tuple[str, HighlightStatus]] = []
        for highlight_id, start, end in placements:
            if highlight_id not in stored:
                continue  # not this version's (deleted meanwhile, or moved already)
            if start is None or end is None:
                self.db.execute(
                    "UPDATE highlights SET document_id = ?, status = 'orphan', placed = 0, "
                    "updated = ? WHERE id = ?",
                    [new_id, now, highlight_id],
                )
                statuses.append((highlight_id, "orphan"))
                continue
            _check_range(text, start, end)
            if text[start:end] != stored[highlight_id]:
                # Never the person's quote silently rewritten: it stays, to be checked.
                self.db.execute(
                    'UPDATE highlights SET document_id = ?, start = ?, "end" = ?, '
                    "status = 'moved', placed = 1, updated = ? WHERE id = ?",
                    [new_id, start, end, now, highlight_id],
                )
                statuses.append((highlight_id, "moved"))
                continue
            quote = quote_at(text, start, end)
            self.db.execute(
                'UPDATE highlights SET document_id = ?, start = ?, "end" = ?, prefix = ?, '
                "suffix = ?, status = 'exact', placed = 1, updated = ? WHERE id = ?",
                [new_id, start, end, quote.prefix, quote.suffix, now, highlight_id],
            )
            statuses.append((highlight_id, "exact"))
        # Document notes are about the article, whichever version: they move too.
        self.db.execute(
            "UPDATE document_notes SET document_id = ? WHERE document_id = ?", [new_id, old_id]
        )
        return statuses

    def _make_current(self, new_id: str, previous_ids: Sequence[str]) -> None:
        """Link `new_id` in as the current version, before `previous_ids` (each a version
        that was current), inside the caller's transaction.

        The versions of a file form a chain through `previous_id`, most recently current
        first, and the library lists only the head. An earlier version made current again
        is first taken out of its place in the chain; each further previous version (a
        split lineage being merged) is spliced in where its own chain meets this one, or at
        the end, so that no version is lost from the chain and no loop is made.
        """
        own_previous = self._previous_id(new_id)
        self.db.execute(
            "UPDATE documents SET previous_id = ? WHERE previous_id = ? AND id != ?",
            [own_previous, new_id, new_id],
        )
        self.db.execute("UPDATE documents SET previous_id = NULL WHERE id = ?", [new_id])
        for previous_id in previous_ids:
            chain = self._chain(new_id)
            if previous_id in chain:
                continue
            members = set(chain)
            meets = next((item for item in self._chain(previous_id) if item in members), None)
            before = chain[-1] if meets is None else chain[chain.index(meets) - 1]
            self.db.execute(
                "UPDATE documents SET previous_id = ? WHERE id = ?", [previous_id, before]
            )

    def _previous_id(self, document_id: str) -> str | None:
        row = self.db.execute(
            "SELECT previous_id FROM documents WHERE id = ?", [document_id]
        ).fetchone()
        return None if row is None or row[0] is None else str(row[0])

    def _chain(self, document_id: str) -> list[str]:
        """`document_id` and its earlier versions, newest first (stopping at a loop)."""
        chain: list[str] = []
        current: str | None = document_id
        while current is not None and current not in chain:
            chain.append(current)
            current = self._previous_id(current)
        return chain

    # Analyses

    def analysis(self, document_id: str, analyser_version: str, model: str) -> Analysis | None:
        """The cached analysis of a document by this analyser and pipeline, if complete.

        A cache row that cannot be read back (written by a different analyser build) is
        treated as absent: the analysis is derived data and simply runs again.
        """
        with self._translated():
            row = self.db.execute(
                "SELECT result FROM analyses WHERE document_id = ? AND analyser_version = ? "
                "AND model = ?",
                [document_id, analyser_version, model],
            ).fetchone()
        if row is None:
            return None
        try:
            analysis = analysis_from_dict(json.loads(row[0]))
        except (ValueError, KeyError, TypeError):
            return None
        return analysis if analysis.complete else None

    def save_analysis(self, document_id: str, analysis: Analysis) -> None:
        """Cache a complete analysis of a document, replacing any older one for it.

        A store opened read-only keeps nothing: the cache only saves time.
        """
        if not analysis.complete:
            raise ValueError("only a complete analysis is cached")
        if self.read_only is not None:
            return
        result = json.dumps(analysis_to_dict(analysis), ensure_ascii=False)
        now = self._clock()
        with self._writing():
            self._require_document(document_id)
            self.db.execute(
                "DELETE FROM analyses WHERE document_id = ? AND model = ?",
                [document_id, analysis.model],
            )
            self.db.execute(
                "INSERT INTO analyses (document_id, analyser_version, model, result, created) "
                "VALUES (?, ?, ?, ?, ?)",
                [document_id, analysis.analyser_version, analysis.model, result, now],
            )
            self.db.execute("DELETE FROM analysis_chunks WHERE document_id = ?", [document_id])

    def analysis_chunks(self, document_id: str, key: ChunkKey) -> list[str]:
        """The readings kept of an unfinished analysis's first chunks (`analysis.readings`),
        in order: chunk 1, 2, ... up to the first one missing."""
        with self._translated():
            rows = self.db.execute(
                "SELECT number, reading FROM analysis_chunks WHERE document_id = ? "
                "AND analyser_version = ? AND model = ? AND chunk_chars = ? ORDER BY number",
                [document_id, *key],
            ).fetchall()
        readings: list[str] = []
        for number, reading in rows:
            if number != len(readings) + 1:
                break
            readings.append(reading)
        return readings

    def save_analysis_chunk(
        self, document_id: str, key: ChunkKey, number: int, reading: str
    ) -> None:
        """Keep the reading of chunk `number` of an analysis under way. Chunk 1 starts the
        analysis afresh: what was kept of any other run on the document goes. A store opened
        read-only keeps nothing."""
        if self.read_only is not None:
            return
        with self._writing():
            self._require_document(document_id)
            if number == 1:
                self.db.execute("DELETE FROM analysis_chunks WHERE document_id = ?", [document_id])
            self.db.execute(
                "INSERT OR REPLACE INTO analysis_chunks (document_id, analyser_version, model, "
                "chunk_chars, number, reading) VALUES (?, ?, ?, ?, ?, ?)",
                [document_id, *key, number, reading],
            )


def _stored_source(source: str) -> tuple[str, bytes | None]:
    """A source path as the store keeps it: the text to show, and the exact bytes of a name
    that is not valid UTF-8 (None for any other), by which it is found again."""
    shown = printable_path(source)
    return shown, (None if shown == source else path_bytes(source))


def _check_range(text: str, start: int, end: int) -> None:
    """Raise ValueError (rolling the transaction back) unless `start:end` is a passage of
    `text`."""
    if not 0 <= start < end <= len(text):
        raise ValueError(f"The range {start}-{end} is not a passage of the new text.")
