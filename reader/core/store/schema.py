"""The store's schema: one sqlite-utils migration per change, applied in order.

Never edit a migration once it has shipped; add a new one. `KNOWN_MIGRATIONS` lets the store
recognise a database made by a newer reader (one with migrations this version lacks).
"""

from __future__ import annotations

from collections.abc import Callable

from reader.core.store.sqlite import Database, Migrations

MIGRATIONS = Migrations("reader")
"""The schema, one function per change. Never edit a migration once it has shipped."""

SEARCH_TOKENIZER = "unicode61 remove_diacritics 2"
"""How the full-text index splits text into words: Unicode-aware, case- and accent-blind."""

KNOWN_MIGRATIONS: list[str] = []
"""Names of the migrations this version knows, to recognise a database from a newer one."""


def _migration(function: Callable[[Database], None]) -> Callable[[Database], None]:
    KNOWN_MIGRATIONS.append(function.__name__)
    return MIGRATIONS()(function)


# Foreign keys use ON DELETE RESTRICT: deleting a document must never silently take a
# person's highlights and notes with it. Plain SQL keeps each migration's schema exact and
# frozen, independent of how a future sqlite-utils would spell it.


@_migration
def create_documents(db: Database) -> None:
    """Documents by content hash, with their canonical text so export never needs the source."""
    db.execute(
        """
        CREATE TABLE documents (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            source TEXT NOT NULL,
            format TEXT NOT NULL,
            metadata TEXT NOT NULL,
            text TEXT NOT NULL,
            length INTEGER NOT NULL,
            added TEXT NOT NULL,
            last_opened TEXT NOT NULL
        )
        """
    )


@_migration
def create_highlights(db: Database) -> None:
    """Highlights, anchored by offsets and by quote."""
    db.execute(
        """
        CREATE TABLE highlights (
            id TEXT PRIMARY KEY,
            document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE RESTRICT,
            exact TEXT NOT NULL,
            prefix TEXT NOT NULL,
            suffix TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            color TEXT NOT NULL,
            note TEXT NOT NULL,
            created TEXT NOT NULL,
            updated TEXT NOT NULL,
            CHECK (0 <= start AND start < "end")
        )
        """
    )
    db.execute("CREATE INDEX highlights_document_start ON highlights (document_id, start)")


@_migration
def create_document_notes(db: Database) -> None:
    """Notes about a whole document."""
    db.execute(
        """
        CREATE TABLE document_notes (
            id TEXT PRIMARY KEY,
            document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE RESTRICT,
            text TEXT NOT NULL,
            created TEXT NOT NULL,
            updated TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX document_notes_document ON document_notes (document_id)")


@_migration
def create_positions(db: Database) -> None:
    """The last reading position in each document."""
    db.execute(
        """
        CREATE TABLE positions (
            document_id TEXT PRIMARY KEY REFERENCES documents (id) ON DELETE RESTRICT,
            "offset" INTEGER NOT NULL CHECK ("offset" >= 0),
            updated TEXT NOT NULL
        )
        """
    )


@_migration
def add_document_structure(db: Database) -> None:
    """Each document's blocks, spans and metadata (JSON), so it can be shown without its file."""
    db.execute("ALTER TABLE documents ADD COLUMN structure TEXT NOT NULL DEFAULT ''")


@_migration
def create_settings(db: Database) -> None:
    """What the app remembers for the person (the chosen theme, and the like)."""
    db.execute(
        """
        CREATE TABLE settings (
            name TEXT PRIMARY KEY,
            value TEXT NOT NULL,
            updated TEXT NOT NULL
        )
        """
    )


@_migration
def create_analyses(db: Database) -> None:
    """Cached analysis results per document text, analyser version and pipeline.

    Derived data, so it may go with its document (CASCADE), unlike annotations.
    """
    db.execute(
        """
        CREATE TABLE analyses (
            document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
            analyser_version TEXT NOT NULL,
            model TEXT NOT NULL,
            result TEXT NOT NULL,
            created TEXT NOT NULL,
            PRIMARY KEY (document_id, analyser_version, model)
        )
        """
    )


@_migration
def enable_search(db: Database) -> None:
    """Full-text search (SQLite FTS5) over highlights' passages and notes and document notes.

    External-content tables (`highlights_fts`, `document_notes_fts`) read their text from the
    tables themselves and are kept in step by triggers on every insert, update and delete, so
    no write path has to remember them; `enable_fts` also indexes the rows already there.
    `remove_diacritics 2` lets "cafe" find "café". Unlike the earlier migrations this relies
    on sqlite-utils' spelling of the schema: a file keeps whatever this made when it ran.

    The index refers to rows by rowid, which VACUUM may renumber in these tables (their keys
    are text): after a VACUUM, rebuild both indexes (`INSERT INTO highlights_fts
    (highlights_fts) VALUES ('rebuild')`).
    """
    for table, columns in (("highlights", ["exact", "note"]), ("document_notes", ["text"])):
        db.table(table).enable_fts(columns, create_triggers=True, tokenize=SEARCH_TOKENIZER)


@_migration
def add_versions_and_orphans(db: Database) -> None:
    """A document's earlier version, and highlights that could not be placed in a new one.

    When an article's file changes, the new text is a new document (its id is the text's
    hash) that names the old one in `previous_id`; the old text stays. Its highlights move
    to the new version, re-anchored; one that cannot be placed keeps its quote and is marked
    `placed = 0` (an orphan), never dropped.
    """
    db.execute("ALTER TABLE documents ADD COLUMN previous_id TEXT")
    db.execute("ALTER TABLE highlights ADD COLUMN placed INTEGER NOT NULL DEFAULT 1")


@_migration
def create_exported_files(db: Database) -> None:
    """What reader last wrote to each file of an export folder, by SHA-256 of its bytes.

    A file whose bytes still hash to what reader wrote may be rewritten; one that differs was
    changed by someone else and is never replaced (`export.folder`). Derived data, so it may go
    with its document (CASCADE).
    """
    db.execute(
        """
        CREATE TABLE exported_files (
            path TEXT PRIMARY KEY,
            document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
            sha256 TEXT NOT NULL,
            written TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX exported_files_document ON exported_files (document_id, sha256)")


@_migration
def add_highlight_status(db: Database) -> None:
    """Each highlight's status: "exact" (its quote is the text at its range), "moved" (placed
    again in a changed article on text like its quote but not equal to it: the quote the
    person highlighted is kept, and the new place is to be checked), or "orphan" (it could not
    be placed; the same as `placed = 0`, which every write keeps in step).
    """
    db.execute(
        "ALTER TABLE highlights ADD COLUMN status TEXT NOT NULL DEFAULT 'exact' "
        "CHECK (status IN ('exact', 'moved', 'orphan'))"
    )
    db.execute("UPDATE highlights SET status = 'orphan' WHERE placed = 0")


@_migration
def add_source_bytes(db: Database) -> None:
    """The exact bytes of a source path whose name is not valid UTF-8 (b"caf\\xe9.txt").

    SQLite text cannot hold the lone surrogates Python reads such a name as, so `source`
    holds it escaped (`caf\\xe9.txt`, for showing) and `source_bytes` the name itself, by
    which the file is found again; NULL for every other path.
    """
    db.execute("ALTER TABLE documents ADD COLUMN source_bytes BLOB")


@_migration
def create_analysis_chunks(db: Database) -> None:
    """What the analyser read in each chunk of a long text, so a stopped analysis resumes.

    A row per chunk, JSON (`analysis.readings`), kept while the analysis runs and removed when
    the complete result is cached. Derived data, so it may go with its document (CASCADE).
    """
    db.execute(
        """
        CREATE TABLE analysis_chunks (
            document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
            analyser_version TEXT NOT NULL,
            model TEXT NOT NULL,
            chunk_chars INTEGER NOT NULL,
            number INTEGER NOT NULL CHECK (number >= 1),
            reading TEXT NOT NULL,
            PRIMARY KEY (document_id, analyser_version, model, chunk_chars, number)
        )
        """
    )
