"""The `reader` command: open an article, list the store, export annotations.

Every failure the person can act on is one sentence on stderr and a non-zero exit; a
traceback is never shown.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from reader import __version__, paths
from reader.core.errors import ReaderError

if TYPE_CHECKING:
    Subcommands = argparse._SubParsersAction[argparse.ArgumentParser]
    # Imported lazily at run time: `reader --help` should not pay for the whole core.
    from reader.config import Settings
    from reader.core.library import Opened
    from reader.core.store.store import Store

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_INTERRUPTED = 130

COMMANDS = ("open", "list", "export", "analyze", "search", "highlight", "doctor")
"""Subcommands; anything else in their place is an article to open."""

FORMAT_SUFFIXES = {"markdown": ".md", "json": ".json", "csv": ".csv"}

SEARCH_LIMIT = 20
"""Hits `reader search` shows unless --limit says otherwise."""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for `reader` and its subcommands."""
    parser = argparse.ArgumentParser(
        prog="reader",
        description=(
            "A keyboard-driven terminal reader and annotator for articles. "
            "With no command, opens PATH for reading; without PATH, the sample article on "
            "first run and the library after that."
        ),
        epilog=(
            "The store is a SQLite file: --db PATH, else $READER_DB, "
            f"else {paths.default_db_path()}."
        ),
    )
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    parser.add_argument(
        "--db", metavar="PATH", type=Path, help="the annotation store to use (a SQLite file)"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_open_command(commands)
    _add_list_command(commands)
    _add_export_command(commands)
    _add_highlight_command(commands)
    _add_analyze_command(commands)
    _add_search_command(commands)
    _add_doctor_command(commands)
    return parser


def _add_open_command(commands: Subcommands) -> None:
    """The `reader open` subcommand and its options."""
    open_parser = commands.add_parser(
        "open",
        help="open an article for reading (the default command)",
        description=(
            "Open an article for reading. Without PATH: the sample article on first run, "
            "the library of stored documents after that."
        ),
    )
    open_parser.add_argument(
        "path",
        nargs="?",
        metavar="PATH",
        help="a .txt, .md or .html file, or - for standard input",
    )
    _add_format_option(open_parser)
    _add_model_option(open_parser)
    open_parser.add_argument(
        "--at",
        metavar="ID",
        help="open the article at the highlight with this id (or id prefix), as exported "
        "in a note's ^block reference",
    )
    open_parser.add_argument(
        "--theme",
        metavar="NAME",
        help="colour theme (reader-dark, reader-paper, reader-contrast, or any Textual "
        "or user theme); remembered for next time",
    )


def _add_list_command(commands: Subcommands) -> None:
    """The `reader list` subcommand and its options."""
    list_parser = commands.add_parser(
        "list",
        help="list the documents in the store",
        description="List the documents in the store with their highlight counts.",
    )
    list_parser.add_argument("--json", action="store_true", help="print JSON instead of a table")


def _add_export_command(commands: Subcommands) -> None:
    """The `reader export` subcommand and its options."""
    export_parser = commands.add_parser(
        "export",
        help="export an article's highlights and notes",
        description=(
            "Export an article's highlights and notes as Markdown (for a notes folder) "
            "or as W3C Web Annotation JSON. Writes to standard output unless -o is given."
        ),
    )
    export_parser.add_argument(
        "article",
        metavar="ARTICLE",
        nargs="?",
        help="the article's file, or a stored document's id prefix or title words",
    )
    export_parser.add_argument(
        "--all",
        dest="all_folder",
        metavar="DIR",
        type=Path,
        help="export every stored document as Markdown into DIR, one file each; re-running "
        "updates the files that changed (an Obsidian vault, a notes repository)",
    )
    export_parser.add_argument(
        "--no-analysis",
        dest="analysis",
        action="store_false",
        help="leave out the entities, figures and quotes sections of a Markdown export",
    )
    export_parser.add_argument(
        "-o", "--output", metavar="FILE", type=Path, help="write to FILE instead of stdout"
    )
    export_parser.add_argument(
        "--format",
        dest="export_format",
        choices=sorted(FORMAT_SUFFIXES),
        help="markdown (default, or from FILE's suffix), json (W3C Web Annotation) or csv "
        "(Readwise's import columns)",
    )
    export_parser.add_argument(
        "--force", action="store_true", help="replace FILE if it already exists"
    )
    _add_format_option(export_parser, dest="input_format")
    _add_model_option(export_parser)


def _add_highlight_command(commands: Subcommands) -> None:
    """The `reader highlight` subcommand and its options."""
    highlight_parser = commands.add_parser(
        "highlight",
        help="highlight a passage of an article by quoting it",
        description=(
            "Highlight the passage of ARTICLE that WORDS quote (spacing, quotation-mark and "
            "dash styles may differ; words and case must match), for scripts and for "
            "bringing in highlights made elsewhere. Prints the new highlight's id."
        ),
    )
    highlight_parser.add_argument(
        "article",
        metavar="ARTICLE",
        help="the article's file (recorded in the store if new), or a stored document's id "
        "prefix or title words",
    )
    highlight_parser.add_argument("words", metavar="WORDS", help="the exact words to highlight")
    highlight_parser.add_argument("--note", default="", help="a note on the highlight")
    highlight_parser.add_argument(
        "--color",
        default="yellow",
        metavar="NAME",
        help="yellow (default), green, blue, pink, purple",
    )
    highlight_parser.add_argument(
        "--occurrence",
        type=int,
        metavar="N",
        help="which occurrence to highlight when the words appear more than once (from 1)",
    )
    _add_format_option(highlight_parser)


def _add_analyze_command(commands: Subcommands) -> None:
    """The `reader analyze` subcommand and its options."""
    analyze_parser = commands.add_parser(
        "analyze",
        help="list an article's entities, figures and quotes",
        description=(
            "Analyse an article as the app's panes do and print its entities, figures and "
            "quotes: a table, or JSON with character ranges for scripts."
        ),
    )
    analyze_parser.add_argument(
        "path", metavar="PATH", help="a .txt, .md or .html file, or - for standard input"
    )
    analyze_parser.add_argument(
        "--json", action="store_true", help="print JSON (with character ranges) instead"
    )
    _add_model_option(analyze_parser)
    _add_format_option(analyze_parser)


def _add_search_command(commands: Subcommands) -> None:
    """The `reader search` subcommand and its options."""
    search_parser = commands.add_parser(
        "search",
        help="search every highlight and note of every document",
        description=(
            "Search the passages and notes of every highlight, and every note on a document, "
            "in all stored documents; best matches first. All the words must match, in any "
            "order, ignoring case and accents; the last word also matches the start of a word "
            "(agree finds agreement). Put a phrase in double quotes, inside the shell's: "
            """reader search '"provisional agreement"'. Anything else, such as AND, ( or *, """
            "is searched for as text."
        ),
        epilog=(
            "Exit status: 0 when something matched; 1 when nothing did (as grep), with a "
            "sentence on stderr, or on an error."
        ),
    )
    search_parser.add_argument(
        "query",
        nargs="+",
        metavar="QUERY",
        help='words and "quoted phrases" to look for (several arguments are joined; '
        "put -- before a query that starts with -)",
    )
    search_parser.add_argument(
        "--json", action="store_true", help="print the hits as JSON, with offsets and ids"
    )
    search_parser.add_argument(
        "--limit",
        metavar="N",
        type=_positive_int,
        default=SEARCH_LIMIT,
        help=f"show at most N hits (default {SEARCH_LIMIT})",
    )


def _add_doctor_command(commands: Subcommands) -> None:
    """The `reader doctor` subcommand and its options."""
    doctor_parser = commands.add_parser(
        "doctor",
        help="copy what can still be read from a damaged store into a new store file",
        description="Copy the documents, highlights, notes, reading positions and settings "
        "that can still be read from the store into a new file, and say what was saved and "
        "where. The damaged file is never changed.",
    )
    doctor_parser.add_argument(
        "-o", "--output", metavar="FILE", type=Path, help="the new file (default: beside it)"
    )


def _positive_int(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return value


def _add_model_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--model",
        metavar="NAME",
        help="the spaCy pipeline for the analysis (a package or folder); default: the "
        "config file's `model`, else en_core_web_sm",
    )


def _add_format_option(parser: argparse.ArgumentParser, dest: str = "input_format") -> None:
    parser.add_argument(
        "--as",
        dest=dest,
        choices=("text", "markdown", "html"),
        help="read the article as this format instead of guessing from its name",
    )


def normalise_argv(argv: Sequence[str]) -> list[str]:
    """Insert the implicit `open` command, so `reader PATH` means `reader open PATH`."""
    args = list(argv)
    index = 0
    while index < len(args):
        arg = args[index]
        if arg in ("-h", "--help", "--version"):
            return args
        if arg == "--db":
            index += 2
            continue
        if arg.startswith("--db="):
            index += 1
            continue
        if arg in COMMANDS:
            return args
        break
    return [*args[:index], "open", *args[index:]]


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
        return handlers[options.command](options)
    except ReaderError as error:
        print(f"reader: {error}", file=sys.stderr)
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
        print(
            f"reader: unexpected error ({type(error).__name__}: {error}); "
            f"the details are in {log}.",
            file=sys.stderr,
        )
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
        print(f"reader: {store.read_only}", file=sys.stderr)


def run_doctor(options: argparse.Namespace) -> int:
    """Copy what can still be read of the store into a new store file; say what and where."""
    from reader.core.store.doctor import rescue

    print("\n".join(rescue(paths.store_location(options.db)[0], options.output).report()))
    return EXIT_OK


def run_open(options: argparse.Namespace) -> int:
    """Open PATH; with none, the sample on first run and the library after that.

    The article is loaded and recorded before the app starts, so a bad file or store fails
    with a sentence before the screen changes.
    """
    from reader.core import library

    settings = _settings()
    with _open_store(options) as store:
        article = None
        if options.path is not None or not store.documents():
            path = options.path if options.path is not None else str(paths.sample_article())
            opened = library.open_path(store, path, input_format=options.input_format)
            if path == "-":
                _reattach_terminal()
            if options.at:
                library.place_at_highlight(store, opened.document_id, options.at)
            article = opened.article
        elif options.at:
            raise ReaderError("--at needs the ARTICLE the highlight is in.")
        from reader.ui.app import make_app

        if options.model:
            settings = replace(settings, model=options.model)
        app = make_app(store, article, theme=options.theme, settings=settings)
        app.run()
    for problem in app.problems:
        print(f"reader: {problem}", file=sys.stderr)
    if app.problems:
        return EXIT_ERROR
    return app.return_code or EXIT_OK


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
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return EXIT_OK
    if not summaries:
        print("No documents yet: open an article with `reader PATH`.")
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
        # Titles come from articles: plain Text, so Rich never reads them as markup.
        table.add_row(
            record.id[:8],
            Text(record.title or record.source),
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
        )
    if result.problem:
        print(f"reader: {result.problem}", file=sys.stderr)
    if options.output is None:
        sys.stdout.write(result.content)
        sys.stdout.flush()
    else:
        write_export(result.content, options.output, force=options.force)
        print(f"Exported {result.highlight_count} highlights to {options.output}", file=sys.stderr)
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
        )
    for record, reason in report.failed:
        print(
            f"reader: {record.title!r} ({record.id[:8]}) was not exported: {reason}",
            file=sys.stderr,
        )
    count = len(report.written) + len(report.unchanged)
    failed = f", {len(report.failed)} failed" if report.failed else ""
    print(
        f"Exported {count} document{'' if count == 1 else 's'} to "
        f"{options.all_folder} ({len(report.written)} written, "
        f"{len(report.unchanged)} unchanged{failed}).",
        file=sys.stderr,
    )
    for result in report.kept:
        print(result.kept_sentence(), file=sys.stderr)
    return EXIT_ERROR if report.failed else EXIT_OK


def _say_reanchored(opened: Opened) -> None:
    """Tell the person, on stderr, that a changed file's highlights were placed again."""
    if opened.reanchored is not None:
        print(f"reader: {opened.reanchored.sentence()}", file=sys.stderr)


def run_highlight(options: argparse.Namespace) -> int:
    """Highlight quoted words of an article; print the new highlight's id."""
    from reader.core import library
    from reader.core.text.locate import locate_quote

    with _open_store(options) as store:
        opened = library.resolve(store, options.article, input_format=options.input_format)
        _say_reanchored(opened)
        start, end = locate_quote(opened.article.text, options.words, options.occurrence)
        try:
            highlight = store.add_highlight(
                opened.document_id, start, end, color=options.color, note=options.note
            )
        except ValueError as error:
            raise ReaderError(str(error)) from error
    print(highlight.id)
    return EXIT_OK


def _model(options: argparse.Namespace) -> str | None:
    """The pipeline named on the command line, else in the settings file, else None."""
    if options.model:
        return str(options.model)
    return _settings().model


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
        data = {"title": article.title, "source": article.meta.source, **analysis_to_dict(analysis)}
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        from reader.core.analysis.report import analysis_table

        sys.stdout.write(analysis_table(analysis))
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
        print(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        blocks = []
        for hit in hits:
            where = f"highlight {hit.id}" if hit.kind == "highlight" else "note on the document"
            lines = [
                f"{_one_line(hit.title, 80) or '(untitled)'}  [{hit.document_id[:8]} · {where}]"
            ]
            if hit.exact:
                lines.append(f"  “{_one_line(hit.exact, 120)}”")
            if hit.note:
                lines.append(f"  note: {_one_line(hit.note, 100)}")
            blocks.append("\n".join(lines))
        if blocks:
            print("\n\n".join(blocks))
    if not hits:
        print(f"reader: No highlight or note matches {query!r}.", file=sys.stderr)
        return EXIT_ERROR
    return EXIT_OK


def _one_line(text: str, width: int) -> str:
    """`text` on one line of at most `width` characters, ending in an ellipsis when cut.

    Runs of white space and control characters become one space, so a note's line breaks
    or a stray escape sequence never garble the list.
    """
    flat = " ".join("".join(" " if not char.isprintable() else char for char in text).split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


def _format_from_suffix(path: Path | None) -> str | None:
    if path is None:
        return None
    suffix = path.suffix.lower()
    return next((name for name, known in FORMAT_SUFFIXES.items() if known == suffix), None)
