"""Drive a terminal app in a detached tmux session: launch, send keys, read the screen.

Used by `bench_reading.py`. Every session lives on a private tmux server (its own socket,
no user config), so a benchmark never touches the person's own tmux sessions, and
`close()` stops that server and everything in it.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

POLL_INTERVAL = 0.005
"""Seconds between two reads of the screen while waiting for it to change."""


class SessionGone(RuntimeError):
    """The app's tmux session ended (the app quit or crashed) while it was being watched."""


@dataclass
class Wait:
    """What a wait for the screen produced."""

    elapsed: float | None
    """Seconds from the start of the wait until the condition held; None on timeout."""
    screen: str
    """The last screen read."""
    polls: int
    """How many times the screen was read."""


class Tmux:
    """A private tmux server on which apps run in fixed-size detached sessions."""

    def __init__(self, socket: str | None = None) -> None:
        self.socket = socket or f"reader-bench-{os.getpid()}"
        """The server's socket name (`tmux -L`)."""
        self._started = False

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["tmux", "-L", self.socket, "-f", "/dev/null", *args],
            capture_output=True,
            text=True,
            check=check,
        )

    def start_server(self) -> None:
        """Start the server with an idle session, so later launches do not pay for it."""
        if self._started:
            return
        self._run("new-session", "-d", "-s", "keepalive", "-x", "80", "-y", "24", "sleep 86400")
        # 256 colours as a typical terminal; both apps under test see the same terminal.
        self._run("set-option", "-g", "default-terminal", "tmux-256color")
        self._run("set-option", "-g", "history-limit", "0")
        self._started = True

    def launch(
        self,
        name: str,
        argv: Sequence[str],
        *,
        env: Mapping[str, str],
        width: int,
        height: int,
        cwd: str | None = None,
    ) -> None:
        """Start `argv` in a new detached session `name` of `width` x `height` cells.

        The command is `exec`ed, so the pane's process is the app itself (for its memory).
        """
        self.start_server()
        assignments = [f"{key}={value}" for key, value in env.items()]
        command = "exec " + shlex.join(["env", *assignments, *argv])
        args = ["new-session", "-d", "-s", name, "-x", str(width), "-y", str(height)]
        if cwd is not None:
            args += ["-c", cwd]
        self._run(*args, command)

    def capture(self, name: str) -> str:
        """The text on the session's screen, one line per row (no colours).

        Raises:
            SessionGone: the session no longer exists.
        """
        result = self._run("capture-pane", "-p", "-t", name, check=False)
        if result.returncode != 0:
            raise SessionGone(result.stderr.strip() or f"session {name} is gone")
        return result.stdout

    def send_keys(self, name: str, *keys: str) -> None:
        """Type `keys` (tmux key names such as `j`, `Space`, `NPage`) into the session."""
        self._run("send-keys", "-t", name, *keys)

    def resize(self, name: str, width: int, height: int) -> None:
        """Resize the session's window (this also makes its size manual)."""
        self._run("resize-window", "-t", name, "-x", str(width), "-y", str(height))

    def pane_pid(self, name: str) -> int:
        """The process id of the app running in the session."""
        return int(self._run("list-panes", "-t", name, "-F", "#{pane_pid}").stdout.split()[0])

    def kill(self, name: str, *, wait: float = 3.0) -> None:
        """End a session, if it still exists, and give its app up to `wait` seconds to exit
        (so a dying app does not slow the next measurement)."""
        listed = self._run("list-panes", "-t", name, "-F", "#{pane_pid}", check=False)
        self._run("kill-session", "-t", name, check=False)
        pids = [int(pid) for pid in listed.stdout.split()] if listed.returncode == 0 else []
        deadline = time.perf_counter() + wait
        while pids and time.perf_counter() < deadline:
            pids = [pid for pid in pids if os.path.exists(f"/proc/{pid}")]
            time.sleep(0.02)

    def close(self) -> None:
        """Stop the private server and every session on it, and remove its socket file."""
        self._run("kill-server", check=False)
        self._started = False
        folder = Path(os.environ.get("TMUX_TMPDIR", "/tmp")) / f"tmux-{os.getuid()}"
        (folder / self.socket).unlink(missing_ok=True)

    # -- waiting ----------------------------------------------------------------------

    def wait_for(
        self,
        name: str,
        condition: Callable[[str], bool],
        *,
        timeout: float,
        began: float | None = None,
    ) -> Wait:
        """Read the screen every POLL_INTERVAL until `condition(screen)` holds.

        `began` (a `time.perf_counter()` value) is when the clock started; by default now.
        """
        began = time.perf_counter() if began is None else began
        polls = 0
        screen = ""
        while True:
            screen = self.capture(name)
            polls += 1
            now = time.perf_counter()
            if condition(screen):
                return Wait(now - began, screen, polls)
            if now - began > timeout:
                return Wait(None, screen, polls)
            time.sleep(POLL_INTERVAL)

    def wait_until_still(
        self,
        name: str,
        *,
        quiet: float,
        timeout: float,
        began: float | None = None,
        reference: str | None = None,
        last_change: float | None = None,
    ) -> Wait:
        """Wait until the screen has not changed for `quiet` seconds.

        `elapsed` is the time from `began` to the last change seen (0 if none was seen), so a
        redraw that comes in several frames is timed to its last frame. `reference` is the
        screen before whatever is being timed; by default the first read.
        """
        began = time.perf_counter() if began is None else began
        screen = self.capture(name) if reference is None else reference
        polls = 0 if reference is not None else 1
        changed_at = began if last_change is None else last_change
        while True:
            time.sleep(POLL_INTERVAL)
            current = self.capture(name)
            polls += 1
            now = time.perf_counter()
            if current != screen:
                screen = current
                changed_at = now
            elif now - changed_at >= quiet:
                return Wait(changed_at - began, screen, polls)
            if now - began > timeout:
                return Wait(None, screen, polls)
