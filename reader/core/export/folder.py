"""Exporting every document to a folder of Markdown files (an Obsidian vault, a notes repo).

Re-running updates the folder: each document keeps its file name (its title and the start
of its id), a file is rewritten only when something other than the export time changed, so
a notes repository sees real changes only, and files the person made are never touched.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from reader.core.errors import ExportError
from reader.core.export.formats import to_markdown, write_export
from reader.core.store.analysis_cache import cached_analysis
from reader.core.store.records import DocumentRecord
from reader.core.store.store import Store

NAME_LENGTH = 80
"""Characters of the title kept in a file name (file systems allow 255 bytes)."""

_EXPORTED_LINE = re.compile(r"^exported: .*$", re.MULTILINE)


@dataclass
class VaultReport:
    """What an export to a folder did."""

    written: list[Path] = field(default_factory=list)
    """Files created or changed."""
    unchanged: list[Path] = field(default_factory=list)
    """Files already up to date."""


def file_name(document: DocumentRecord) -> str:
    """A stable, portable file name: the title's words and the id's first eight characters."""
    title = unicodedata.normalize("NFKC", document.title)
    words = re.sub(r"[^\w\s-]", "", title, flags=re.UNICODE).split()
    stem = " ".join(words)[:NAME_LENGTH].strip() or "Untitled"
    return f"{stem} ({document.id[:8]}).md"


def export_all(
    store: Store,
    folder: Path,
    *,
    exported: str,
    with_analysis: bool = True,
    model: str | None = None,
) -> VaultReport:
    """Write one Markdown file per stored document into `folder` (created if missing).

    Args:
        store: the annotation store.
        folder: where the files go.
        exported: the export time for the front matter.
        with_analysis: add the cached entities, figures and quotes where there are some.
        model: the pipeline whose cached analysis to use (None: the default one).

    Raises:
        ExportError: the folder cannot be made or a file cannot be written.
    """
    folder = prepare_folder(folder)
    report = VaultReport()
    for summary in store.documents():
        target, changed = export_document(
            store,
            summary.record,
            folder,
            exported=exported,
            with_analysis=with_analysis,
            model=model,
        )
        (report.written if changed else report.unchanged).append(target)
    return report


def export_document(
    store: Store,
    record: DocumentRecord,
    folder: Path,
    *,
    exported: str,
    with_analysis: bool = True,
    model: str | None = None,
) -> tuple[Path, bool]:
    """Write one document's Markdown file into `folder` (which must exist).

    Returns:
        The file, and whether it was written (False: it was already up to date).

    Raises:
        ExportError: the file cannot be written.
    """
    article = store.article(record.id)
    analysis = cached_analysis(store, record.id, model) if with_analysis else None
    content = to_markdown(
        record,
        store.highlights(record.id),
        store.document_notes(record.id),
        exported=exported,
        paragraph_of=article.paragraph_number if article is not None else None,
        analysis=analysis,
    )
    target = folder / file_name(record)
    if _same_but_for_time(target, content):
        return target, False
    write_export(content, target, force=True)
    return target, True


def prepare_folder(folder: Path) -> Path:
    """Make sure `folder` exists and is a folder.

    Raises:
        ExportError: it is a file, or cannot be made.
    """
    folder = Path(folder).expanduser()
    if folder.exists() and not folder.is_dir():
        raise ExportError(f"{folder} is a file; give a folder to export into.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ExportError(f"The folder {folder} cannot be made: {error.strerror}.") from error
    return folder


def _same_but_for_time(target: Path, content: str) -> bool:
    try:
        existing = target.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return _EXPORTED_LINE.sub("", existing) == _EXPORTED_LINE.sub("", content)
