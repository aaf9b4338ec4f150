"""OpenFileScreen: a dialog asking for the path of a file to open, with Tab completion."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, Label

from reader.core.text.display import for_display

SUPPORTED_TYPES = "Reads plain text (.txt), Markdown (.md) and HTML (.html) files."
"""The line under the path; other names are read too, their format guessed from the text."""


class PathSuggester(Suggester):
    """Suggests the rest of the file or folder name being typed, from the folder's listing.

    Names match case-insensitively, and the suggestion carries the name's real spelling, so
    accepting it also corrects the case. A folder is suggested with a trailing separator so
    the next Tab goes on into it. Hidden entries are offered only once a "." is typed.
    """

    def __init__(self) -> None:
        # The value must reach `get_suggestion` as typed: casefolding it (what
        # `case_sensitive=False` does) would break the folder part on a case-sensitive
        # file system. The listing changes under us, so nothing is cached.
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        """The typed path with its last part completed, or None if nothing matches."""
        head, separator, partial = value.rpartition(os.sep)
        if not partial:
            return None  # nothing typed after the separator: any entry would be a guess
        folder = os.path.expanduser(head + separator) if separator else os.curdir
        # Off the event loop: a big or network folder must not freeze typing.
        names = await asyncio.to_thread(_listing, folder)
        folded = partial.casefold()
        matches = [
            (name, is_dir)
            for name, is_dir in names
            if name.casefold().startswith(folded)
            and for_display(name) == name  # the input would draw a suggested escape as is
            and (partial.startswith(".") or not name.startswith("."))
        ]
        if not matches:
            return None
        # Names that match the case as typed come first, then alphabetical order.
        name, is_dir = min(
            matches,
            key=lambda match: (not match[0].startswith(partial), match[0].casefold(), match[0]),
        )
        suggestion = head + separator + name + (os.sep if is_dir else "")
        return None if suggestion == value else suggestion


def _listing(folder: str) -> list[tuple[str, bool]]:
    """(name, is a folder) for each entry of `folder`; empty if it cannot be read."""
    try:
        with os.scandir(folder) as entries:
            return [(entry.name, _is_dir(entry)) for entry in entries]
    except OSError:
        return []


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def starting_folder(folder: Path | None = None) -> str:
    """The folder to start in, as the input shows it: with "~" for the home folder."""
    folder = folder or Path.cwd()
    home = Path.home()
    text = str(folder)
    if folder == home:
        text = "~"
    elif folder.is_relative_to(home):
        text = str(Path("~") / folder.relative_to(home))
    return text.rstrip(os.sep) + os.sep


class OpenFileScreen(ModalScreen[str | None]):
    """Asks for a file to open. Dismisses with its absolute path, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "cancel",
            "Cancel",
            id="open-file-cancel",
            tooltip="Close the dialog without opening anything",
        ),
        # Replaces the screen's focus-next: the path is the only field, and Tab completing
        # is what a shell has taught everyone to expect.
        Binding(
            "tab",
            "complete_path",
            "Complete",
            id="open-file-complete",
            tooltip="Complete the file or folder name being typed",
        ),
    ]

    def __init__(self, folder: Path | None = None) -> None:
        """A dialog whose path starts in `folder`.

        Args:
            folder: where the path starts (the current directory when None).
        """
        super().__init__()
        self.folder = folder
        """The folder the path starts in."""

    def compose(self) -> ComposeResult:
        with Vertical(id="open-file-dialog"):
            yield Label("Open a file", id="open-file-title")
            yield Input(
                starting_folder(self.folder),
                id="open-file-path",
                suggester=PathSuggester(),
                select_on_focus=False,
            )
            yield Label("", id="open-file-error", markup=False)
            yield Label(SUPPORTED_TYPES, id="open-file-types", markup=False)
            yield Label(
                "Tab completes · Enter opens · Escape cancels", id="open-file-keys", markup=False
            )

    def on_mount(self) -> None:
        self.query_one("#open-file-error", Label).display = False

    def action_cancel(self) -> None:
        """Close without opening anything."""
        self.dismiss(None)

    def action_complete_path(self) -> None:
        """Accept the suggested completion, as the Right arrow does at the end of the input."""
        path_input = self.query_one("#open-file-path", Input)
        path_input.cursor_position = len(path_input.value)
        path_input.action_cursor_right()

    @on(Input.Changed, "#open-file-path")
    def hide_error(self) -> None:
        """An edited path deserves a fresh look: the old complaint no longer applies."""
        self.query_one("#open-file-error", Label).display = False

    @on(Input.Submitted, "#open-file-path")
    def open_path(self, event: Input.Submitted) -> None:
        """Dismiss with the path if it is a file; otherwise say why not and stay open."""
        typed = event.value.strip()
        path = Path(os.path.expanduser(typed)).absolute() if typed else None
        if path is None:
            problem = "Type the path of a file to open."
        elif not path.exists():
            problem = f"There is no file at {typed}."
        elif path.is_dir():
            problem = f"{typed} is a folder; choose a file in it (Tab completes names)."
        else:
            self.dismiss(str(path))
            return
        error = self.query_one("#open-file-error", Label)
        error.update(for_display(problem))
        error.display = True
