"""The `reader` command line's arguments: the parser, its subcommands and their checks.

Bad arguments end the command as argparse does (the usage, one sentence, exit status 2),
with every argument echoed made safe to show (see `core.text.display`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from reader import __version__, paths
from reader.core.text.display import for_display


class SafeParser(argparse.ArgumentParser):
    """An argument parser whose error messages never carry an escape sequence from an
    argument (argparse echoes unrecognised arguments as typed) and end as a sentence."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        sentence = for_display(message).rstrip()
        if not sentence.endswith((".", "?", "!")):
            sentence += "."
        self.exit(2, f"{self.prog}: error: {sentence}\n")


if TYPE_CHECKING:
    Subcommands = argparse._SubParsersAction[SafeParser]


COMMANDS = ("open", "list", "export", "analyze", "search", "highlight", "doctor")
"""Subcommands; anything else in their place is an article to open."""

FORMAT_SUFFIXES = {"markdown": ".md", "json": ".json", "csv": ".csv"}

SEARCH_LIMIT = 20
"""Hits `reader search` shows unless --limit says otherwise."""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for `reader` and its subcommands."""
    parser = SafeParser(
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
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=SafeParser)
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
        help="a .txt, .md or .html file, - for standard input, or a stored document's id "
        "prefix or title words (as `reader list` shows them)",
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
        help="yellow (default), green, blue, pink, purple, or a label given to one of them "
        "in the settings' [colors]",
    )
    highlight_parser.add_argument(
        "--occurrence",
        type=_positive_int,
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


MAX_COUNT = 1_000_000
"""The largest number a count option takes (--limit, --occurrence): far beyond any
article, and small enough for SQLite and for a loop."""


def _positive_int(text: str) -> int:
    """An argparse type: a whole number from 1 to `MAX_COUNT`."""
    try:
        value = int(text)
    except ValueError:  # also a number of more digits than Python converts
        value = None
    if value is None or not 1 <= value <= MAX_COUNT:
        shown = text if len(text) <= 24 else text[:23] + "…"
        raise argparse.ArgumentTypeError(
            f"{shown!r} is not a whole number of at least 1 and at most {MAX_COUNT:,}"
        )
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
