"""The annotation store: documents, highlights, notes and reading positions in one SQLite file.

Every public write is its own committed transaction before the method returns, so there is no
save step and a crash loses nothing already acknowledged. Every SQLite failure becomes a
`StoreError` whose text is one plain sentence (see `connection`), and the store never writes
to a file it does not recognise: a damaged file, another program's database or one made by a
newer reader is refused before anything is written.

`Store` is composed of parts, each its own module: `connection` opens and checks the file and
holds the transaction helpers; `documents` keeps documents, reading positions, settings,
versions and cached analyses; `annotations` keeps highlights and document notes and searches
them; `exported` remembers what reader wrote into export folders. Callers import everything
from here.
"""

from __future__ import annotations

from reader.core.store.annotations import AnnotationRows
from reader.core.store.connection import DEFAULT_TIMEOUT, MEMORY
from reader.core.store.documents import DocumentRows
from reader.core.store.exported import ExportedFileRows
from reader.core.store.fulltext import SearchHit
from reader.core.store.records import DocumentRecord, DocumentSummary
from reader.core.store.schema import KNOWN_MIGRATIONS, MIGRATIONS

__all__ = [
    "DEFAULT_TIMEOUT",
    "KNOWN_MIGRATIONS",
    "MEMORY",
    "MIGRATIONS",
    "DocumentRecord",
    "DocumentSummary",
    "SearchHit",
    "Store",
]


class Store(DocumentRows, AnnotationRows, ExportedFileRows):
    """The annotation store over one SQLite file, through sqlite-utils.

    A connection belongs to the thread that opened it: a background job opens its own
    `Store` on the same file. Concurrent writers take turns, each waiting up to `timeout`.
    """
