"""FittingFooter: the footer's keys that fit the width, whole, with Quit and Help always there.

Textual's `Footer` lays every shown key side by side and cuts whatever passes the edge: at
80 columns "H Highlight" was cut to "H", and Quit and Help were gone. This footer keeps the
keys in their order but leaves out, from the end, those that would not fit whole, never the
ones in `ALWAYS` (the two a new user looks for), and lays itself out again on a resize.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.events import Resize
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

ALWAYS = ("quit", "toggle_help")
"""Actions whose keys are shown at any width."""

PALETTE_ROOM = 14
"""Columns kept for the command palette's key at the right ("^p palette" and its rule)."""


def key_width(key_display: str, description: str) -> int:
    """The columns one key takes in the footer: " key description " (padding 1 each side)."""
    return len(key_display) + (len(description) + 1 if description else 0) + 2


def fitting(
    keys: Sequence[tuple[str, str, str]], width: int, always: Iterable[str] = ALWAYS
) -> list[int]:
    """Which of `keys` (action, key shown, description) to show in `width` columns, by
    index in their order: every `always` key, then the others from the first, each whole."""
    always = set(always)
    kept = {index for index, (action, _, _) in enumerate(keys) if action in always}
    room = width - sum(key_width(shown, text) for _, shown, text in (keys[i] for i in kept))
    for index, (_, shown, text) in enumerate(keys):
        if index in kept:
            continue
        needed = key_width(shown, text)
        if needed <= room:
            kept.add(index)
            room -= needed
        else:
            room = -1  # keep the order: nothing after a key that did not fit
    return sorted(kept)


class FittingFooter(Footer):
    """A `Footer` that shows only the keys that fit, whole (see the module)."""

    _laid_out_for = 0

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        active = self.screen.active_bindings
        shown: list[tuple[Binding, bool, str]] = []
        actions: set[str] = set()
        for _node, binding, enabled, tooltip in active.values():
            if binding.show and binding.action not in actions:  # one key per action
                actions.add(binding.action)
                shown.append((binding, enabled, tooltip))
        keys = [
            (binding.action, self.app.get_key_display(binding), binding.description)
            for binding, _, _ in shown
        ]
        width = (self.size.width or self.app.size.width) - PALETTE_ROOM
        chosen = fitting(keys, width)
        self.styles.grid_size_columns = len(chosen)
        for index in chosen:
            binding, enabled, tooltip = shown[index]
            yield FooterKey(
                binding.key,
                keys[index][1],
                binding.description,
                binding.action,
                disabled=not enabled,
                tooltip=tooltip,
            ).data_bind(compact=Footer.compact)
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            palette = active.get(self.app.COMMAND_PALETTE_BINDING)
            if palette is not None:
                _node, binding, enabled, tooltip = palette
                yield FooterKey(
                    binding.key,
                    self.app.get_key_display(binding),
                    binding.description,
                    binding.action,
                    classes="-command-palette",
                    disabled=not enabled,
                    tooltip=binding.tooltip or binding.description,
                )

    def on_resize(self, event: Resize) -> None:
        if event.size.width != self._laid_out_for:
            self._laid_out_for = event.size.width
            self.refresh(recompose=True)
