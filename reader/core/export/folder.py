"""Exporting every document to a folder of Markdown files (an Obsidian vault, a notes repo).

Re-running updates the folder: each document keeps its file name (its title and the start
of its id), a file is rewritten only when something other than the export time changed, so
a notes repository sees real changes only, and nothing a person wrote is ever overwritten.

The store keeps the SHA-256 of every file reader writes here (`Store.record_export`). A file
is replaced only while its bytes are still exactly what reader wrote for that document. A
file someone edited, or one reader never wrote (or a folder, or a symbolic link) at the
document's name, is kept as it is, and the export goes beside it, to `Title (id).reader.md`
(or `.reader-2.md` and on, should that one have been edited too). A file is created only if
nothing has its name at that instant (see `files.create_new`).

The store rather than the file's front matter holds the hash, so the exported Markdown stays
the person's to edit in full, and no edit to the front matter can make reader think a file is
its own.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from reader.core.errors import ExportError, ReaderError
from reader.core.export.files import Occupant, create_new, read_existing, replace_unchanged, sha256
from reader.core.export.formats import to_markdown
from reader.core.store.analysis_cache import cached_analysis
from reader.core.store.records import DocumentRecord
from reader.core.store.store import Store

NAME_LENGTH = 80
"""Characters of the title kept in a file name, for a readable name."""

BESIDE_NAMES = 9
"""How many names beside an edited file are tried (`.reader.md`, `.reader-2.md`, …)."""

NAME_MAX = 255
"""Bytes in a file name on the common file systems (ext4, APFS, NTFS in UTF-16 units)."""

NAME_BYTES = NAME_MAX - len(" (12345678).reader-9.md") - len("..12345678.tmp")
"""UTF-8 bytes of the title kept in a file name: 80 CJK characters are 240 bytes, so the
cut is by bytes too, leaving room for the id, the name beside an edited file and the
temporary name the file is written under first (`files._temporary`)."""

_FILLERS = re.compile("[\u115f\u1160\u3164\uffa0]")
"""Hangul fillers: letters to `\\w`, but blank, so a name could look empty or misalign."""

_EXPORTED_LINE = re.compile(r"^exported: .*$", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class FileExport:
    """Where one document's export is, and the file it was kept out of, if any."""

    path: Path
    """The file holding reader's export of the document."""
    written: bool
    """Whether it was written now (False: it was already up to date)."""
    kept: Path | None = None
    """The file at the document's usual name, left as it is because it was changed outside
    reader (or not written by reader); None when the export is at the usual name."""

    def kept_sentence(self) -> str:
        """One sentence naming the kept file and the export's file; "" when none was kept."""
        if self.kept is None:
            return ""
        return f"Kept {self.kept}, which was changed outside reader; the export is in {self.path}."

    def __str__(self) -> str:
        """The export's file, and the kept one when there is one (the app shows this after
        "Exported to")."""
        if self.kept is None:
            return str(self.path)
        return f"{self.path}; {self.kept} was changed outside reader and is kept as it was"


@dataclass
class VaultReport:
    """What an export to a folder did."""

    written: list[Path] = field(default_factory=list)
    """Files created or changed."""
    unchanged: list[Path] = field(default_factory=list)
    """Files already up to date."""
    kept: list[FileExport] = field(default_factory=list)
    """Exports that went beside a file changed outside reader, which was kept."""
    failed: list[tuple[DocumentRecord, str]] = field(default_factory=list)
    """Documents that could not be exported, each with the reason as a sentence."""


def file_name(document: DocumentRecord) -> str:
    """A stable, portable file name: the title's words and the id's first eight characters.

    The title is cut to `NAME_LENGTH` characters and `NAME_BYTES` bytes of UTF-8, never
    inside a character.
    """
    title = _FILLERS.sub(" ", unicodedata.normalize("NFKC", document.title))
    words = re.sub(r"[^\w\s-]", "", title, flags=re.UNICODE).split()
    stem = " ".join(words)[:NAME_LENGTH]
    stem = stem.encode("utf-8")[:NAME_BYTES].decode("utf-8", errors="ignore").strip()
    return f"{stem or 'Untitled'} ({document.id[:8]}).md"


def export_all(
    store: Store,
    folder: Path,
    *,
    exported: str,
    with_analysis: bool = True,
    model: str | None = None,
    labels: Mapping[str, str] | None = None,
) -> VaultReport:
    """Write one Markdown file per stored document into `folder` (created if missing).

    A document that cannot be exported is listed in the report's `failed`, and the others are
    exported all the same.

    Args:
        store: the annotation store.
        folder: where the files go.
        exported: the export time for the front matter.
        with_analysis: add the cached entities, figures and quotes where there are some.
        model: the pipeline whose cached analysis to use (None: the default one).
        labels: what each colour means to the person, shown beside it.

    Raises:
        ExportError: the folder cannot be made.
        StoreError: the list of documents cannot be read.
    """
    folder = prepare_folder(folder)
    report = VaultReport()
    for summary in store.documents():
        try:
            result = export_document(
                store,
                summary.record,
                folder,
                exported=exported,
                with_analysis=with_analysis,
                model=model,
                labels=labels,
            )
        except ReaderError as error:
            report.failed.append((summary.record, str(error)))
            continue
        (report.written if result.written else report.unchanged).append(result.path)
        if result.kept is not None:
            report.kept.append(result)
    return report


def export_document(
    store: Store,
    record: DocumentRecord,
    folder: Path,
    *,
    exported: str,
    with_analysis: bool = True,
    model: str | None = None,
    labels: Mapping[str, str] | None = None,
) -> FileExport:
    """Write one document's Markdown file into `folder` (which must exist), never replacing
    a file changed outside reader (see the module's description).

    Raises:
        ExportError: the file cannot be written, or every name beside a changed file is
            taken by another changed file.
        StoreError: the document cannot be read from the store.
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
        labels=labels,
    )
    target = folder / file_name(record)
    for candidate in (target, *beside_names(target)):
        written = _place(store, record.id, candidate, content)
        if written is not None:
            return FileExport(candidate, written, None if candidate == target else target)
    raise ExportError(
        f"{target} and the {BESIDE_NAMES} files reader writes beside it were all changed "
        "outside reader, so none was replaced; move some of them away and export again."
    )


def beside_names(target: Path) -> list[Path]:
    """Where an export goes when the file at `target` was changed outside reader, in order:
    `Title (id).reader.md`, then `Title (id).reader-2.md` and on."""
    stem, suffix = target.stem, target.suffix
    return [
        target.with_name(f"{stem}.reader{'' if number == 1 else f'-{number}'}{suffix}")
        for number in range(1, BESIDE_NAMES + 1)
    ]


def _place(store: Store, document_id: str, target: Path, content: str) -> bool | None:
    """Put `content` at `target` unless someone else's file is there.

    Returns:
        True: written now; False: already there (all but the export time); None: the file
        there was changed outside reader, or is not reader's, and was left untouched.
    """
    data = content.encode("utf-8")
    existing = read_existing(target)
    if existing is Occupant.OTHER:
        return None
    if existing is Occupant.ABSENT:
        if not create_new(target, data):
            return None  # made a moment ago by someone else: theirs
    elif _same_but_for_time(existing, content):
        if not store.wrote_export(document_id, sha256(existing)):
            # Reader's own content, all but the time (from a reader that kept no hashes).
            store.record_export(os.path.abspath(target), document_id, sha256(existing))
        return False
    elif not store.wrote_export(document_id, sha256(existing)):
        return None
    elif not replace_unchanged(target, data, existing):
        return None  # saved by someone else a moment ago
    store.record_export(os.path.abspath(target), document_id, sha256(data))
    return True


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


def _same_but_for_time(existing: bytes, content: str) -> bool:
    try:
        text = existing.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return _EXPORTED_LINE.sub("", text) == _EXPORTED_LINE.sub("", content)
