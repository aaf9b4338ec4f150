"""Command palette providers: every action the reader can take, with the key that does it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode

COMMAND_GROUPS = {
    "ArticleView": "read",
    "ReadingScreen": "reading",
    "LibraryScreen": "library",
    "EntitiesPane": "entities",
    "FiguresPane": "figures",
    "QuotesPane": "quotes",
}
"""Palette title prefixes by the type that owns the binding; others are "app"."""


@dataclass(frozen=True)
class BoundCommand:
    """One action offered in the palette, with every key bound to it."""

    title: str
    keys: str
    run: Callable[[], object]


class KeyBindingCommands(Provider):
    """Offers the actions bound to keys on the current screen, titled "group: action".

    Built from the active bindings, never a hand-written list, so the palette always matches
    what the keys do right now (posting and harlequin do the same).
    """

    def _commands(self) -> list[BoundCommand]:
        grouped: dict[tuple[int, str], tuple[DOMNode, str, list[str]]] = {}
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            if not active.enabled or binding.action.startswith("command_palette"):
                continue
            node, keys = active.node, [self.app.get_key_display(binding.with_key(key))]
            label = binding.tooltip or binding.description or binding.action
            if (id(node), binding.action) in grouped:
                grouped[id(node), binding.action][2].extend(keys)
            else:
                grouped[id(node), binding.action] = (node, label, keys)
        commands = [
            BoundCommand(
                title=f"{COMMAND_GROUPS.get(type(node).__name__, 'app')}: "
                f"{label[0].lower()}{label[1:]}",
                keys=", ".join(dict.fromkeys(keys)),
                run=partial(self.app.run_action, action, node),
            )
            for (_node_id, action), (node, label, keys) in grouped.items()
        ]
        return sorted(commands, key=lambda command: command.title)

    async def discover(self) -> Hits:
        for command in self._commands():
            yield DiscoveryHit(command.title, command.run, help=f"key: {command.keys}")

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            score = matcher.match(command.title)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(command.title),
                    command.run,
                    text=command.title,
                    help=f"key: {command.keys}",
                )
