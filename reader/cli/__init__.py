"""The `reader` command: open an article, list the store, export annotations.

`arguments` builds the parser, `commands` runs each subcommand, and `output` is the one way
they write about stored data.
"""

from reader.cli.arguments import build_parser, normalise_argv
from reader.cli.commands import main

__all__ = ["build_parser", "main", "normalise_argv"]
