"""The `reader` subcommands: open an article, list the store, export annotations.

Every failure the person can act on is one sentence on stderr and a non-zero exit; a
traceback is never shown. Whatever is written about stored data goes through `output`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from reader import paths
from reader.cli.arguments import FORMAT_SUFFIXES, build_parser, normalise_argv
from reader.cli.output import say, shortened, show, show_json, tell
from reader.core.errors import ReaderError
from reader.core.text.display import for_display, one_line

if TYPE_CHECKING:
    # Imported lazily at run time: `reader --help` should not pay for the whole core.
    from reader.config import Settings
    from reader.core.library import Opened
    from reader.core.store.store import Store

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_INTERRUPTED = 130


def main(argv: Sequence[str] | None = None) -> int:
    """Run `reader`; returns the exit status."""
    parser = build_parser()
    arguments = normalise_argv(sys.argv[1:] if argv is None else argv)
    options = parser.parse_args(arguments)
    handlers: dict[str, Callable[[argparse.Namespace], int]] = {
        "open": run_open,
        "list": run_list,
        "export": run_export,
        "analyze": run_analyze,
        "search": run_search,
        "highlight": run_highlight,
        "doctor": run_doctor,
    }
    try:
        # Read once, before any command: a broken settings file is said the same way by all.
        options.settings = _settings()
        return handlers[options.command](options)
    except ReaderError as error:
        say(str(error))
        return EXIT_ERROR
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # `reader export x | head` closes our stdout early; that is not an error.
        sys.stderr.close()
        return EXIT_OK
    except Exception as error:
        # A bug, not bad input: still one sentence here, with the traceback kept for a report.
        log = _write_crash_report()
        say(f"unexpected error ({type(error).__name__}: {error}); the details are in {log}.")
        return EXIT_ERROR


def _write_crash_report() -> Path:
    """Save the current exception's traceback in the user log folder, returning its path."""
    import traceback

    import platformdirs

    folder = platformdirs.user_log_path(paths.APP_NAME, appauthor=False)
    target = folder / "crash.log"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target.write_text(traceback.format_exc(), encoding="utf-8")
    except OSError:
        return Path("(the log folder could not be written)")
    return target


@contextmanager
def _open_store(options: argparse.Namespace) -> Iterator[Store]:
    """The store, checked as it opens; one that could only be read says so on stderr at the
    end (or a change it refused says it instead)."""
    from reader.core.store.store import Store

    path, default = paths.store_location(options.db)
    with Store(path, create_folders=default, check_cache=paths.store_checks_path()) as store:
        yield store
    if store.read_only is not None:
        say(store.read_only)


def run_doctor(options: argparse.Namespace) -> int:
    """Copy what can still be read of the store into a new store file; say what and where."""
    from reader.core.store.doctor import rescue

    show("\n".join(rescue(paths.store_location(options.db)[0], options.output).report()))
    return EXIT_OK


def run_open(options: argparse.Namespace) -> int:
    """Open PATH; with none, the sample on first run and the library after that.

    The article is loaded and recorded before the app starts, so a bad file or store fails
    with a sentence before the screen changes.
    """
    from reader.core import library

    settings: Settings = options.settings
    with _open_store(options) as store:
        opened = None
        if options.path is not None or not store.documents():
            path = options.path if options.path is not None else str(paths.sample_article())
            opened = library.open_named(store, path, input_format=options.input_format)
            if path == "-":
                _reattach_terminal()
            if options.at:
                library.place_at_highlight(store, opened.document_id, options.at)
        elif options.at:
            raise ReaderError("--at needs the ARTICLE the highlight is in.")
        from reader.ui.app import make_app

        if options.model:
            settings = replace(settings, model=options.model)
        app = make_app(store, opened, theme=options.theme, settings=settings)  # checks [keys]
        _require_terminal()
        app.run()
    for problem in app.problems:
        say(problem)
    if app.problems:
        return EXIT_ERROR
    return app.return_code or EXIT_OK


def _require_terminal() -> None:
    """Refuse to start the app when standard output is not a terminal: Textual would draw
    the whole screen, escape codes and all, into the file or pipe."""
    if not sys.stdout.isatty():
        raise ReaderError(
            "reader shows an article on a terminal, and the output here is not one; to write "
            "its notes or analysis elsewhere, use reader export FILE or reader analyze FILE."
        )


def _reattach_terminal() -> None:
    """After reading an article from a pipe, read keys from the terminal instead."""
    import os

    try:
        tty = os.open("/dev/tty", os.O_RDONLY)
    except OSError as error:
        raise ReaderError(
            "The article was read from standard input, but there is no terminal to read keys from."
        ) from error
    os.dup2(tty, sys.stdin.fileno())
    os.close(tty)


def run_list(options: argparse.Namespace) -> int:
    """Print the stored documents, most recently opened first."""
    with _open_store(options) as store:
        summaries = store.documents()
    if options.json:
        rows = [
            {
                "id": summary.record.id,
                "title": summary.record.title,
                "source": summary.record.source,
                "highlights": summary.highlight_count,
                "notes": summary.note_count,
                "added": summary.record.added,
                "last_opened": summary.record.last_opened,
            }
            for summary in summaries
        ]
        show_json(rows)
        return EXIT_OK
    if not summaries:
        show("No documents yet: open an article with `reader PATH`.")
        return EXIT_OK
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from reader.core.model.labels import friendly_time

    now = datetime.now(UTC)

    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column("id")
    table.add_column("title", overflow="fold", ratio=1)
    table.add_column("highlights", justify="right")
    table.add_column("notes", justify="right")
    table.add_column("last opened")
    for summary in summaries:
        record = summary.record
        # Titles are data: plain Text, never markup, and shown safely (no escapes, no bidi).
        table.add_row(
            record.id[:8],
            Text(one_line(record.title or record.source)),
            str(summary.highlight_count),
            str(summary.note_count),
            friendly_time(record.last_opened, now),
        )
    Console(soft_wrap=False, highlight=False).print(table)
    return EXIT_OK


def run_export(options: argparse.Namespace) -> int:
    """Export one article's annotations as Markdown, JSON or CSV, or every article's to a
    folder."""
    from reader.core import library
    from reader.core.export.formats import write_export
    from reader.core.model.annotations import utc_now

    exported = utc_now()
    if options.all_folder is not None:
        if options.article is not None:
            raise ReaderError("Give either an ARTICLE or --all DIR, not both.")
        if options.export_format not in (None, "markdown"):
            raise ReaderError(
                f"--all writes Markdown files, not {options.export_format}; export "
                f"{options.export_format} one article at a time: "
                f"reader export ARTICLE --format {options.export_format}."
            )
        return _export_all(options, exported)
    if options.article is None:
        raise ReaderError("Give the ARTICLE to export, or --all DIR for every document.")
    export_format = options.export_format or _format_from_suffix(options.output) or "markdown"
    with _open_store(options) as store:
        opened = library.resolve(
            store,
            options.article,
            input_format=options.input_format,
            new_file=library.NewFile.REFUSE,
        )
        _say_reanchored(opened)
        result = library.export_article(
            store,
            opened,
            export_format=export_format,
            with_analysis=options.analysis,
            model=_model(options),
            exported=exported,
            labels=options.settings.colors,
        )
    if result.problem:
        say(result.problem)
    if options.output is None:
        sys.stdout.write(result.content)
        sys.stdout.flush()
    else:
        write_export(result.content, options.output, force=options.force)
        tell(f"Exported {result.highlight_count} highlights to {options.output}")
    return EXIT_OK


def _export_all(options: argparse.Namespace, exported: str) -> int:
    """`reader export --all DIR`: every document into DIR; each failure said and skipped.

    Prints a line per document that failed, then the counts, then a line per file kept
    because it was changed outside reader, naming the file its export went to instead.
    """
    from reader.core.export.folder import export_all

    with _open_store(options) as store:
        report = export_all(
            store,
            options.all_folder,
            exported=exported,
            with_analysis=options.analysis,
            model=_model(options),
            labels=options.settings.colors,
        )
    for record, reason in report.failed:
        say(f"{record.title!r} ({record.id[:8]}) was not exported: {reason}")
    count = len(report.written) + len(report.unchanged)
    failed = f", {len(report.failed)} failed" if report.failed else ""
    tell(
        f"Exported {count} document{'' if count == 1 else 's'} to "
        f"{options.all_folder} ({len(report.written)} written, "
        f"{len(report.unchanged)} unchanged{failed}).",
    )
    for result in report.kept:
        tell(result.kept_sentence())
    return EXIT_ERROR if report.failed else EXIT_OK


def _say_reanchored(opened: Opened) -> None:
    """Tell the person, on stderr, what the loader had to change or leave out (bytes that
    were not UTF-8, front matter it did not understand) and that a changed file's
    highlights were placed again."""
    for notice in opened.article.notices:
        say(notice)
    if opened.reanchored is not None:
        say(opened.reanchored.sentence())


def run_highlight(options: argparse.Namespace) -> int:
    """Highlight quoted words of an article; print the new highlight's id."""
    from reader.core import library
    from reader.core.text.locate import locate_quote

    color = options.settings.color_named(options.color)  # before the store: nothing half-done
    with _open_store(options) as store:
        opened = library.resolve(store, options.article, input_format=options.input_format)
        _say_reanchored(opened)
        start, end = locate_quote(opened.article.text, options.words, options.occurrence)
        try:
            highlight = store.add_highlight(
                opened.document_id, start, end, color=color, note=options.note
            )
        except ValueError as error:
            raise ReaderError(str(error)) from error
    show(highlight.id)
    return EXIT_OK


def _model(options: argparse.Namespace) -> str | None:
    """The pipeline named on the command line, else in the settings file, else None."""
    if options.model:
        return str(options.model)
    settings: Settings = options.settings
    return settings.model


def _settings() -> Settings:
    """The person's settings file (its defaults when there is none)."""
    from reader.config import load_settings

    return load_settings()


def run_analyze(options: argparse.Namespace) -> int:
    """Print an article's entities, figures and quotes.

    A file already in the store uses (and fills) its cached analysis, and a changed one is
    recorded as a new version as everywhere else; a file reader has never opened is analysed
    without being added to the library.
    """
    from reader.core import library
    from reader.core.analysis import analysis_to_dict

    with _open_store(options) as store:
        opened = library.resolve(
            store, options.path, input_format=options.input_format, new_file=library.NewFile.LEAVE
        )
        _say_reanchored(opened)
        analysis = library.analysis_for(opened, store, _model(options))
    article = opened.article
    if options.json:
        from reader.core.loaders import printable_path

        source = printable_path(article.meta.source)
        data = {"title": article.title, "source": source, **analysis_to_dict(analysis)}
        show_json(data)
    else:
        from reader.core.analysis.report import analysis_table

        sys.stdout.write(for_display(analysis_table(analysis)))
    sys.stdout.flush()
    return EXIT_OK


def run_search(options: argparse.Namespace) -> int:
    """Print the highlights and notes that match the query, best first.

    Reads the store file directly when it is ready (no sqlite-utils import, which would take
    longer than the search); otherwise opens the `Store`, which upgrades an older file or
    says what is wrong with it.
    """
    from reader.core.store.fulltext import match_expression, search_file

    query = " ".join(options.query)
    if not match_expression(query):
        raise ReaderError(f"The query {query!r} has no words to search for.")
    store_file, checks = paths.store_location(options.db)[0], paths.store_checks_path()
    hits = search_file(store_file, query, limit=options.limit, check_cache=checks)
    if hits is None:
        with _open_store(options) as store:
            hits = store.search(query, limit=options.limit)
    if options.json:
        rows = [
            {
                "document_id": hit.document_id,
                "title": hit.title,
                "kind": hit.kind,
                "id": hit.id,
                "exact": hit.exact,
                "note": hit.note,
                "start": hit.start,
                "end": hit.end,
                "snippet": hit.snippet,
                "marks": [list(mark) for mark in hit.marks],
                "rank": hit.rank,
            }
            for hit in hits
        ]
        show_json(rows)
    else:
        blocks = []
        for hit in hits:
            where = f"highlight {hit.id}" if hit.kind == "highlight" else "note on the document"
            lines = [
                f"{shortened(hit.title, 80) or '(untitled)'}  [{hit.document_id[:8]} · {where}]"
            ]
            if hit.exact:
                lines.append(f"  “{shortened(hit.exact, 120)}”")
            if hit.note:
                lines.append(f"  note: {shortened(hit.note, 100)}")
            blocks.append("\n".join(lines))
        if blocks:
            show("\n\n".join(blocks))
    if not hits:
        say(f"No highlight or note matches {query!r}.")
        return EXIT_ERROR
    return EXIT_OK


def _format_from_suffix(path: Path | None) -> str | None:
    if path is None:
        return None
    suffix = path.suffix.lower()
    return next((name for name, known in FORMAT_SUFFIXES.items() if known == suffix), None)
