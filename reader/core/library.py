"""The jobs every entry point shares: open a path or a stored document, the article's
analysis, and exporting it.

The command line and the app call these and nothing else for those jobs. A job written
twice drifts: a second copy of "open a path" once recorded a changed file as an unrelated
document, stranding its highlights on the old text. Here a path is always recorded through
`versions.record_article`, which keeps one lineage per file and re-anchors the highlights.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from reader.core.analysis import CHUNK_CHARS
from reader.core.analysis.model import Analysis
from reader.core.annotating.versions import Reanchored, record_article, with_notice
from reader.core.errors import AnalysisError, ReaderError
from reader.core.export import formats
from reader.core.export.folder import FileExport, export_document, prepare_folder
from reader.core.loaders import STDIN, load_path, printable_path
from reader.core.model.annotations import utc_now
from reader.core.model.document import Article
from reader.core.store.analysis_cache import cached_analysis, keep_reading, kept_readings
from reader.core.store.records import DocumentRecord
from reader.core.store.store import Store

EXPORT_FORMATS = ("markdown", "json", "csv")
"""What `export_article` writes: Markdown (notes apps), W3C Web Annotation JSON, Readwise CSV."""


class NewFile(Enum):
    """What opening a path does with a file the store has never seen (no version of it)."""

    RECORD = "record"
    """Add it to the library (opening it to read, highlighting in it)."""
    REFUSE = "refuse"
    """Say it has not been opened yet (exporting: it has nothing to export)."""
    LEAVE = "leave"
    """Use it without recording it (analysing a file outside the library)."""


@dataclass(frozen=True, slots=True)
class Opened:
    """An article as an entry point gets it: the stored record and what happened on the way."""

    article: Article
    """The text, with a notice added when its highlights were re-anchored."""
    record: DocumentRecord | None
    """Its document in the store; None only for an unknown file opened with `NewFile.LEAVE`."""
    reanchored: Reanchored | None = None
    """What happened to the highlights of the file's earlier version, if it had changed."""

    @property
    def document_id(self) -> str:
        """The stored document's id.

        Raises:
            ReaderError: the article was not recorded (`NewFile.LEAVE`).
        """
        if self.record is None:
            raise ReaderError("The article is not in the store.")
        return self.record.id


def load(path: str | os.PathLike[str], input_format: str | None = None) -> Article:
    """Read an article from a file (or "-" for standard input), recording nothing.

    Apart from `record` so that the app can load in a worker thread and record on the main
    thread, which owns the store's connection.

    Raises:
        LoadError: the file cannot be read as an article.
    """
    return load_path(path, format=input_format)


def record(store: Store, article: Article) -> Opened:
    """Record a loaded article as opened now: a new document, the same one again, or a new
    version of one from the same file, whose highlights are re-anchored in the new text.
    On a store that could only be opened for reading, a stored article is opened unrecorded.

    Raises:
        StoreError: the store cannot be read or written.
    """
    if store.read_only is not None:
        stored = store.document(article.content_hash)
        if stored is not None:
            return Opened(article, stored)  # unchanged: reading it needs no write at all
    document, reanchored = record_article(store, article)
    if reanchored is not None:
        article = with_notice(article, reanchored.sentence())
    return Opened(article, document, reanchored)


def open_path(
    store: Store,
    path: str | os.PathLike[str],
    *,
    input_format: str | None = None,
    new_file: NewFile = NewFile.RECORD,
) -> Opened:
    """Load a file and record it (see `record`), the one way every entry point opens a path.

    Raises:
        LoadError: the file cannot be read as an article.
        ReaderError: `new_file` is REFUSE and the store has no version of this file.
        StoreError: the store cannot be read or written.
    """
    article = load(path, input_format)
    if new_file is NewFile.RECORD or store.document(article.content_hash) is not None:
        return record(store, article)
    known = bool(article.meta.source) and article.meta.source != STDIN
    if known and store.find_documents(article.meta.source):
        return record(store, article)  # a changed file: carry its highlights over
    if new_file is NewFile.LEAVE:
        return Opened(article, None)
    raise ReaderError(
        f"{printable_path(os.fspath(path))} has not been opened in reader yet, "
        "so it has no highlights."
    )


def open_stored(store: Store, document_id: str) -> Opened:
    """Open a stored document from the text kept in the store (its file may be gone).

    Raises:
        ReaderError: there is no such document, or its text is missing.
        StoreError: the store cannot be read or written.
    """
    article = store.article(document_id)
    if article is None:
        raise ReaderError("That document is no longer in the store.")
    return Opened(article, store.add_document(article))  # marks it opened now


def resolve(
    store: Store,
    query: str,
    *,
    input_format: str | None = None,
    new_file: NewFile = NewFile.RECORD,
) -> Opened:
    """The article `query` names: a file's path (opened with `open_path`), else a stored
    document by id prefix or title words.

    Raises:
        ReaderError: nothing matches, more than one stored document does, or the file
            cannot be opened.
    """
    if query == STDIN or Path(query).exists():
        return open_path(store, query, input_format=input_format, new_file=new_file)
    matches = store.find_documents(query)
    if not matches:
        raise ReaderError(f"No file or stored document matches {query!r}.")
    if len(matches) > 1:
        titles = "; ".join(f"{match.id[:8]} {match.title}" for match in matches[:5])
        raise ReaderError(
            f"{query!r} matches {len(matches)} stored documents ({titles}); "
            "give more of an id from `reader list`."
        )
    stored = store.article(matches[0].id)
    if stored is None:
        raise ReaderError(f"The stored text of {matches[0].title!r} is missing from the store.")
    return Opened(stored, matches[0])


def open_named(store: Store, query: str, *, input_format: str | None = None) -> Opened:
    """What `reader QUERY` opens: a file (recorded), else a stored document by an id prefix
    or title words (marked opened, from the text kept in the store), as `reader export` and
    `reader highlight` take them. A name that is neither is the file's own error.

    Raises:
        ReaderError: the file cannot be opened, or the name matches several documents.
        StoreError: the store cannot be read or written.
    """
    if query == STDIN or Path(query).exists():
        return open_path(store, query, input_format=input_format)
    matches = store.find_documents(query)
    if not matches:
        return open_path(store, query, input_format=input_format)  # the file's own error
    if len(matches) > 1:
        resolve(store, query)  # raises the sentence that lists them
    return open_stored(store, matches[0].id)


def place_at_highlight(store: Store, document_id: str, highlight_id: str) -> int:
    """Make the highlight `highlight_id` (an id, its start, or an Obsidian `^id`) the
    document's reading position; returns where it starts.

    Raises:
        ReaderError: no highlight of the document has that id, or several start with it.
        StoreError: the store cannot be written.
    """
    wanted = highlight_id.lstrip("^").lower()
    matches = [h for h in store.highlights(document_id) if h.id.lower().startswith(wanted)]
    if not matches:
        raise ReaderError(f"The article has no highlight with the id {highlight_id}.")
    if len(matches) > 1:
        raise ReaderError(f"{highlight_id} starts {len(matches)} highlights' ids; give more of it.")
    store.save_position(document_id, matches[0].start)
    return matches[0].start


def analysis_for(opened: Opened, store: Store, model: str | None) -> Analysis:
    """The cached analysis of an opened article, else a fresh one (cached when recorded).

    Raises:
        AnalysisError: the pipeline cannot be loaded or the analysis fails.
    """
    if opened.record is not None:
        cached = cached_analysis(store, opened.record.id, model)
        if cached is not None:
            return cached
    from reader.core.analysis.analyzer import Analyzer
    from reader.core.analysis.pipeline import load_pipeline

    nlp = load_pipeline(model)
    record = opened.record
    read_before = [] if record is None else kept_readings(store, record.id, model, CHUNK_CHARS)

    def keep(number: int, reading: str) -> None:
        if record is not None:  # a book stopped half-way resumes there next time
            keep_reading(store, record.id, model, CHUNK_CHARS, number, reading)

    try:
        results = Analyzer(nlp).progressively(
            opened.article,
            chunk_chars=CHUNK_CHARS,
            read_before=read_before,
            chunk_read=keep,
            partial=False,
        )
        analysis = deque(results, maxlen=1)[0]
    except (ValueError, RuntimeError, MemoryError, RecursionError) as error:
        # spaCy raises ValueError for text it will not take (E088 and kin) and the rules
        # may meet text no test foresaw: the person gets a sentence, the export its
        # highlights, never a traceback or "unexpected error".
        reason = " ".join(str(error).split())[:120] or type(error).__name__
        raise AnalysisError(f"The analysis of this article failed ({reason}).") from error
    if opened.record is not None and analysis.complete:
        store.save_analysis(opened.record.id, analysis)
    return analysis


@dataclass(frozen=True, slots=True)
class Export:
    """One article's exported annotations."""

    content: str
    highlight_count: int
    problem: str = ""
    """Why a section is missing (the analysis could not run), as a sentence; "" if none."""


def export_article(
    store: Store,
    opened: Opened,
    *,
    export_format: str = "markdown",
    with_analysis: bool = True,
    model: str | None = None,
    exported: str | None = None,
    labels: Mapping[str, str] | None = None,
) -> Export:
    """An article's highlights and notes as Markdown (with its analysis), JSON or CSV.

    A Markdown export whose analysis cannot run is still written, without those sections,
    and says why in `problem`.

    Raises:
        ValueError: an unknown `export_format`.
        StoreError: the store cannot be read.
    """
    if export_format not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {export_format!r}")
    document = opened.record
    if document is None:
        raise ReaderError("The article is not in the store, so it has no highlights.")
    exported = exported or utc_now()
    highlights = store.highlights(document.id)
    if export_format == "csv":
        return Export(formats.to_readwise_csv(document, highlights, labels), len(highlights))
    notes = store.document_notes(document.id)
    if export_format == "json":
        return Export(
            formats.to_json(document, highlights, notes, exported=exported), len(highlights)
        )
    analysis, problem = None, ""
    if with_analysis:
        try:
            analysis = analysis_for(opened, store, model)
        except AnalysisError as error:
            problem = f"{error} The export has no analysis sections."
    content = formats.to_markdown(
        document,
        highlights,
        notes,
        exported=exported,
        paragraph_of=opened.article.paragraph_number,
        analysis=analysis,
        labels=labels,
    )
    return Export(content, len(highlights), problem)


def export_to_folder(
    store: Store,
    document_id: str,
    folder: Path,
    *,
    model: str | None = None,
    labels: Mapping[str, str] | None = None,
) -> FileExport:
    """Write one stored article's Markdown file into the person's notes folder (made if
    missing), with its cached analysis.

    A file there that was changed outside reader is kept as it is and the export goes beside
    it (see `export.folder`).

    Returns:
        Where the export went and the file kept, if any; its `str` names both, for a
        notification ("Exported to …").

    Raises:
        ReaderError: the document is not stored, or the folder or file cannot be written.
    """
    document = store.document(document_id)
    if document is None:
        raise ReaderError("This article is not in the store.")
    return export_document(
        store, document, prepare_folder(folder), exported=utc_now(), model=model, labels=labels
    )
