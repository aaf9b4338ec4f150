"""What reader wrote into export folders: one row per file, with the SHA-256 of its bytes.

A mixin of `Store` over `StoreConnection`. The folder export (`export.folder`) asks whether
a file on disk is still exactly what reader wrote before it replaces it, so that a file the
person edited, or one reader never wrote, is never overwritten.
"""

from __future__ import annotations

import os

from reader.core.store.connection import StoreConnection


class ExportedFileRows(StoreConnection):
    """The files reader wrote into export folders, and a hash of what it last wrote to each."""

    def wrote_export(self, document_id: str, sha256: str) -> bool:
        """Whether reader last wrote these bytes (by SHA-256) for this document to some file.

        Any file, not only one path: a folder that was moved or reached by another path still
        counts as reader's as long as its bytes are.
        """
        with self._translated():
            row = self.db.execute(
                "SELECT 1 FROM exported_files WHERE document_id = ? AND sha256 = ? LIMIT 1",
                [document_id, sha256],
            ).fetchone()
        return row is not None

    def record_export(self, path: os.PathLike[str] | str, document_id: str, sha256: str) -> None:
        """Remember that reader wrote bytes with this SHA-256 for a document to `path` (an
        absolute path), replacing what was remembered for that path."""
        now = self._clock()
        with self._writing():
            self._require_document(document_id)
            self.db.execute(
                "INSERT INTO exported_files (path, document_id, sha256, written) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (path) DO UPDATE SET "
                "document_id = excluded.document_id, sha256 = excluded.sha256, "
                "written = excluded.written",
                [os.fspath(path), document_id, sha256, now],
            )
