"""Annotations survive a killed process, and two windows on one store both keep their writes.

These drive the real `reader` command in tmux, as a person would: keys in, screen out. They
are skipped where tmux is missing. The screen is polled (never slept on) with generous time
limits, since a loaded machine may take seconds to start Python and Textual.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from reader.core.store.store import Store

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")

START_TIMEOUT = 60.0
"""Seconds to wait for the article to appear."""

STEP_TIMEOUT = 20.0
"""Seconds to wait for the screen to show a key's effect."""

ARTICLE = "Truce talks\n\nThe ceasefire begins at midnight. Both sides agreed to it.\n\n" + (
    "Aid convoys wait at the border. They carry food and medicine.\n"
)


SOCKET = f"reader-tests-{uuid.uuid4().hex[:8]}"
"""A tmux server of the tests' own (`tmux -L`), so a person's tmux, or someone restarting
theirs, never meets these sessions."""


class Window:
    """One `reader` process in a tmux session of its own."""

    def __init__(self, db: Path, article: Path, config: Path) -> None:
        self.name = f"reader-test-{uuid.uuid4().hex[:8]}"
        environment = {
            "READER_DB": str(db),
            "READER_CONFIG": str(config),
            "TERM": "xterm-256color",
        }
        assignments = " ".join(f"{key}={value}" for key, value in environment.items())
        # `exec`, so the pane's process is reader itself and SIGKILL reaches it directly.
        command = f"exec env {assignments} {sys.executable} -m reader {article}"
        self._tmux("new-session", "-d", "-s", self.name, "-x", "110", "-y", "30", command)
        self.pid = int(self._tmux("display-message", "-p", "-t", self.name, "#{pane_pid}"))

    def _tmux(self, *arguments: str) -> str:
        result = subprocess.run(["tmux", "-L", SOCKET, *arguments], capture_output=True, text=True)
        if result.returncode:
            raise AssertionError(f"tmux {arguments[0]} failed: {result.stderr.strip()}")
        return result.stdout.strip()

    def screen(self) -> str:
        """The text on screen now."""
        return self._tmux("capture-pane", "-p", "-t", self.name)

    def wait_for(self, predicate: Callable[[str], bool], timeout: float = STEP_TIMEOUT) -> str:
        """Poll the screen until `predicate` holds; fail with the last screen otherwise."""
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if predicate(screen):
                return screen
            time.sleep(0.05)
        raise AssertionError(f"The screen never showed what was expected:\n{screen}")

    def keys(self, *keys: str) -> None:
        """Send keys, as tmux names them ("V", "C-s", "Escape")."""
        self._tmux("send-keys", "-t", self.name, *keys)

    def type(self, text: str) -> None:
        """Type literal text."""
        self._tmux("send-keys", "-t", self.name, "-l", text)

    def close(self) -> None:
        subprocess.run(["tmux", "-L", SOCKET, "kill-session", "-t", self.name], capture_output=True)


@pytest.fixture(scope="module", autouse=True)
def tmux_server() -> Iterator[None]:
    """The tests' tmux server, kept up by an idle session for the whole module.

    Without it, killing one test's last session makes the server exit, and the next test's
    `new-session` can reach the exiting server and fail.
    """
    subprocess.run(
        ["tmux", "-L", SOCKET, "new-session", "-d", "-s", "keep-alive", "sleep 3600"],
        check=True,
    )
    yield
    subprocess.run(["tmux", "-L", SOCKET, "kill-server"], capture_output=True)


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path, Path]:
    article = tmp_path / "truce.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "store").mkdir()  # reader makes the store file only in a folder that exists
    return tmp_path / "store" / "reader.db", article, tmp_path / "no-config.toml"


@pytest.fixture
def windows(files: tuple[Path, Path, Path]) -> Iterator[Callable[[], Window]]:
    opened: list[Window] = []

    def open_window() -> Window:
        window = Window(*files)
        opened.append(window)
        window.wait_for(lambda screen: "The ceasefire begins" in screen, START_TIMEOUT)
        return window

    yield open_window
    for window in opened:
        window.close()


def is_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_a_highlight_and_its_note_survive_sigkill(
    files: tuple[Path, Path, Path], windows: Callable[[], Window]
) -> None:
    db = files[0]
    window = windows()
    window.keys("}")  # the caret to the first paragraph
    window.keys("V")
    window.wait_for(lambda screen: "selected" in screen)
    window.keys("H")
    # The status line names the highlight under the caret once the action has run.
    window.wait_for(lambda screen: "a to write a note" in screen)
    os.kill(window.pid, signal.SIGKILL)
    with Store(db) as store:
        [document] = store.documents()
        [highlight] = store.highlights(document.record.id)
    assert highlight.quote.exact == "The ceasefire begins at midnight."

    # Again, with a note, in a new process on the same store.
    window = windows()
    window.keys("}")
    window.wait_for(lambda screen: "a to write a note" in screen)
    window.keys("a")
    window.wait_for(lambda screen: "Ctrl+S saves" in screen)
    window.type("Fragile. #truce")
    window.keys("C-s")
    window.wait_for(lambda screen: "yellow: Fragile. #truce" in screen)
    os.kill(window.pid, signal.SIGKILL)
    with Store(db) as store:
        [document] = store.documents()
        [highlight] = store.highlights(document.record.id)
    assert highlight.note == "Fragile. #truce"


def test_two_windows_on_one_store_both_keep_their_writes(
    files: tuple[Path, Path, Path], windows: Callable[[], Window]
) -> None:
    db = files[0]
    first, second = windows(), windows()
    first.keys("}", "V")
    first.wait_for(lambda screen: "selected" in screen)
    first.keys("H")
    first.wait_for(lambda screen: "a to write a note" in screen)
    second.keys("}", "}", "V")
    second.wait_for(lambda screen: "selected" in screen)
    second.keys("3")
    second.wait_for(lambda screen: "blue" in screen)
    for window, text in ((first, "from the first window"), (second, "from the second")):
        window.keys("A")
        window.wait_for(lambda screen: "Ctrl+S saves" in screen)
        window.type(text)
        window.keys("C-s")
        window.wait_for(lambda screen: "Ctrl+S saves" not in screen)
    # One more highlight in the first window, after the second wrote: nothing overwrites.
    first.keys("}", ")", "V", "5")  # "They carry food and medicine."
    first.wait_for(lambda screen: "purple" in screen)
    for window in (first, second):
        window.keys("q")
    for window in (first, second):
        deadline = time.monotonic() + STEP_TIMEOUT
        while is_alive(window.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
    with Store(db) as store:
        [document] = store.documents()
        colours = sorted(highlight.color for highlight in store.highlights(document.record.id))
        notes = sorted(note.text for note in store.document_notes(document.record.id))
    assert colours == ["blue", "purple", "yellow"]
    assert notes == ["from the first window", "from the second"]
