"""The jump list: every jump can be walked back and forth, as with vim's Ctrl+O and Ctrl+I."""

from __future__ import annotations

MAX_JUMPS = 100


class JumpList:
    """Offsets the reader jumped from and to, with a cursor for walking them.

    `record(origin)` is called before a jump with the place being left. Walking back from
    the newest entry first remembers where the reader is, so Ctrl+I can return there.
    """

    def __init__(self) -> None:
        self._entries: list[int] = []
        self._index = 0
        """Where walking stands: len(entries) means "at the newest place, not walking"."""

    def __len__(self) -> int:
        return len(self._entries)

    def record(self, origin: int) -> None:
        """Remember `origin` as the place a jump leaves; forward history is dropped."""
        del self._entries[self._index :]
        if not self._entries or self._entries[-1] != origin:
            self._entries.append(origin)
        del self._entries[:-MAX_JUMPS]
        self._index = len(self._entries)

    def back(self, current: int) -> int | None:
        """The place before `current`, or None when there is nowhere further back."""
        if self._index == 0:
            return None
        if self._index == len(self._entries):
            # Leaving the newest place: keep it so forward can come back to it.
            if self._entries[-1] != current:
                self._entries.append(current)
            self._index = len(self._entries) - 1
        self._index -= 1
        return self._entries[self._index]

    def forward(self) -> int | None:
        """The place after the current one in the list, or None at the newest."""
        if self._index >= len(self._entries) - 1:
            return None
        self._index += 1
        return self._entries[self._index]
