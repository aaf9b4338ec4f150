"""The person's keys: which binding ids exist, which keys are active together, and the
keymap the app hands to `App.set_keymap`.

`reader.config` reads the settings file's `[keys]` table (binding id = keys) without
Textual; this module knows the bindings. It collects every `Binding` id from the BINDINGS
of the app, the screens and the widgets, and checks the table when the app is made (before
the screen takes over, so a mistake is one sentence on the command line): an unknown id, a
key Textual has no name for, or a key given to a binding that is already another's where
both are active together. The README's table of ids and default keys is generated here too
(`python -m reader.ui.keymap`), and a test keeps it in step with the code.

Nothing here runs for a settings file without `[keys]`: then the app starts as before,
without importing the screens and panes it would otherwise load only when shown.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from textual.binding import Binding
from textual.dom import DOMNode
from textual.keys import (
    ASCII_KEY_NAMES,
    KEY_NAME_REPLACEMENTS,
    REPLACED_KEYS,
    Keys,
    key_to_character,
)

from reader.config import ConfigError, Settings

if TYPE_CHECKING:
    from textual.app import App

OWNER_NAMES = {
    "ReaderApp": "everywhere",
    "ReadingScreen": "reading screen",
    "ArticleView": "article text",
    "SearchBar": "search bar",
    "OutlinePane": "contents pane",
    "AnalysisPane": "entities, figures, quotes and notes panes",
    "NotesPane": "notes pane",
    "LibraryScreen": "library",
    "OpenFileScreen": "open-file dialog",
    "AnnotationSearchScreen": "notes search",
    "NoteEditor": "note editor",
    "ConfirmDialog": "yes/no question",
}
"""Where a binding applies, by the type that declares it, for the README's table."""

NAMED_KEYS = frozenset(
    key.value.rpartition("+")[2] for key in Keys if not key.value.startswith("<")
)
"""Keys Textual names that are not characters: escape, f1 to f24, pageup, home, …"""


@dataclass(frozen=True, slots=True)
class Context:
    """Bindings active together: those of a focused widget, its screen and the app.

    Keys pressed go to the focused widget first, then out through its screen to the app, so
    one key bound twice along that way does only the nearer binding's job.
    """

    where: str
    """Where this is, for messages ("while reading the article")."""
    owners: tuple[type[DOMNode], ...]
    """The reader's node types along the way, from the focused widget out to the screen,
    and the app unless the screen is modal."""
    app: type[DOMNode]
    """The app, whose priority keys (quit, the command palette) work even on modal screens."""


@dataclass(frozen=True, slots=True)
class KnownBinding:
    """A binding that a `[keys]` entry can remap."""

    id: str
    keys: tuple[str, ...]
    """Its default keys, as Textual writes them (`question_mark`, not `?`)."""
    description: str
    tooltip: str
    owner: type[DOMNode]
    """The type whose BINDINGS declare it."""


def contexts(app: type[App[Any]]) -> tuple[Context, ...]:
    """Every set of bindings that are active together in `app` (a `ReaderApp`).

    A widget's context holds the reader's own types with what they inherit from Textual
    (a screen's Tab, an option list's arrows) but not the Textual widgets they contain:
    an Input inside a pane takes the keys it types anyway.
    """
    # Imported here: the app imports this module, and loads most of these only when shown.
    from reader.ui.screens.annotation_search import AnnotationSearchScreen
    from reader.ui.screens.confirm_dialog import ConfirmDialog
    from reader.ui.screens.library import LibraryScreen
    from reader.ui.screens.note_editor import NoteEditor
    from reader.ui.screens.open_file import OpenFileScreen
    from reader.ui.screens.reading import ReadingScreen
    from reader.ui.widgets.article_view import ArticleView
    from reader.ui.widgets.entities_pane import EntitiesPane
    from reader.ui.widgets.figures_pane import FiguresPane
    from reader.ui.widgets.notes_pane import NotesPane
    from reader.ui.widgets.outline_pane import OutlinePane
    from reader.ui.widgets.quotes_pane import QuotesPane
    from reader.ui.widgets.search_bar import SearchBar

    def reading(where: str, widget: type[DOMNode]) -> Context:
        return Context(where, (widget, ReadingScreen, app), app)

    return (
        reading("while reading the article", ArticleView),
        reading("in the search bar", SearchBar),
        reading("in the contents pane", OutlinePane),
        reading("in the entities pane", EntitiesPane),
        reading("in the figures pane", FiguresPane),
        reading("in the quotes pane", QuotesPane),
        reading("in the notes pane", NotesPane),
        Context("in the library", (LibraryScreen, app), app),
        Context("in the notes search", (AnnotationSearchScreen, app), app),
        Context("in the open-file dialog", (OpenFileScreen,), app),
        Context("in the note editor", (NoteEditor,), app),
        Context("in a yes/no question", (ConfirmDialog,), app),
    )


def merged_bindings(node_type: type[DOMNode]) -> dict[str, list[Binding]]:
    """The bindings a node of this type has, by key, merged as Textual merges them: a
    type's BINDINGS over its bases', a key declared again replacing the base's bindings.

    `App` also binds the command palette's key, when the palette is enabled.
    """
    from textual.app import App

    merged: dict[str, list[Binding]] = {}
    for base in reversed(node_type.__mro__):
        if issubclass(base, DOMNode) and "BINDINGS" in base.__dict__:
            declared: dict[str, list[Binding]] = {}
            for binding in Binding.make_bindings(base.__dict__["BINDINGS"]):
                declared.setdefault(binding.key, []).append(binding)
            merged.update(declared)
    if issubclass(node_type, App) and node_type.ENABLE_COMMAND_PALETTE:
        palette = Binding(node_type.COMMAND_PALETTE_BINDING, "command_palette", priority=True)
        merged.setdefault(palette.key, []).append(palette)
    return merged


def declared_bindings(app: type[App[Any]]) -> Iterator[tuple[type[DOMNode], Binding]]:
    """Every binding with an id that the reader's own types declare, with its declaring
    type: the app's first, then each context's from the screen inwards."""
    seen: set[type[DOMNode]] = set()
    for context in contexts(app):
        for node_type in reversed(context.owners):
            for base in node_type.__mro__:
                if base in seen or not base.__module__.startswith("reader."):
                    continue
                seen.add(base)
                for binding in Binding.make_bindings(base.__dict__.get("BINDINGS", [])):
                    if binding.id:
                        yield base, binding


@cache
def known_bindings(app: type[App[Any]]) -> dict[str, KnownBinding]:
    """The bindings a `[keys]` table can remap, by id, in the order the README lists them."""
    known: dict[str, KnownBinding] = {}
    for owner, binding in declared_bindings(app):
        assert binding.id is not None
        if binding.id in known:
            earlier = known[binding.id]
            known[binding.id] = KnownBinding(
                earlier.id,
                (*earlier.keys, binding.key),
                earlier.description,
                earlier.tooltip,
                earlier.owner,
            )
        else:
            known[binding.id] = KnownBinding(
                binding.id, (binding.key,), binding.description, binding.tooltip, owner
            )
    return known


def textual_key(key: str) -> str:
    """`key` as Textual matches it: a character named as Textual names it (`?` is
    `question_mark`, `/` is `slash`) and other names in lower case, with or without
    modifiers.

    Mirrors what `textual.keys` does for BINDINGS, whose helper for it is private.
    """
    *modifiers, name = key.split("+")
    if len(name) > 1:
        name = name.lower()  # Escape is escape, F2 is f2
    elif not name.isalnum():
        try:
            name = unicodedata.name(name).lower().replace("-", "_").replace(" ", "_")
        except ValueError:
            name = ASCII_KEY_NAMES.get(name, name)
        name = KEY_NAME_REPLACEMENTS.get(name, name)
    return "+".join([*modifiers, name])


def _is_key_name(name: str) -> bool:
    """Whether Textual can bind `name`: a character, or a key it has a name for."""
    if len(name) == 1:
        return name.isprintable()
    return name in NAMED_KEYS or key_to_character(REPLACED_KEYS.get(name, name)) is not None


def keymap_for(settings: Settings, app: type[App[Any]]) -> dict[str, str]:
    """The keymap for `App.set_keymap` from the settings' `[keys]` table, checked.

    Besides the person's entries, it holds the default keys of any binding that shares a
    key with a remapped one on the same node: Textual's `BindingsMap.apply_keymap` drops
    every binding of a remapped binding's old key, so without this, moving `clear-marks`
    off Escape would also take Escape from `clear-selection`.

    Raises:
        ConfigError: an id is unknown, a key is not one Textual knows, or a key is given
            to a binding that is active together with another that has it.
    """
    if not settings.keys:
        return {}
    where = f"In {settings.path}" if settings.path else "In the settings"
    known = known_bindings(app)
    keymap: dict[str, str] = {}
    for binding_id, keys in settings.keys.items():
        if binding_id not in known:
            close = difflib.get_close_matches(binding_id, known, n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            raise ConfigError(
                f"{where}, keys.{binding_id} is not a binding id{hint}; the README's "
                "list of keys names them all."
            )
        keymap[binding_id] = ",".join(
            dict.fromkeys(
                _checked_key(key, f"{where}, keys.{binding_id}") for key in keys.split(",")
            )
        )
    _refuse_clashes(keymap, app, where)
    return _keeping_shared_keys(keymap, app)


def _checked_key(key: str, where: str) -> str:
    """`key` as Textual matches it, if Textual can bind it.

    Raises:
        ConfigError: Textual has no key of that name, or it is shift with a character
            (a terminal sends the character shift types, such as `H`).
    """
    key = textual_key(key)
    *modifiers, name = key.split("+")
    if not _is_key_name(name):
        raise ConfigError(
            f'{where} has "{key}", but Textual has no key called {name} (keys are a '
            "character, or names such as escape, enter, space, f2, pageup or question_mark)."
        )
    character = key_to_character(name)
    if "shift" in modifiers and character and character.isprintable() and not character.isspace():
        typed = name.upper() if name.isalpha() else "the character it types"
        raise ConfigError(
            f'{where} has "{key}", but a terminal sends shift with a character as the '
            f"character it types: write {typed} instead."
        )
    return key


@dataclass(frozen=True, slots=True)
class _Bound:
    """One binding's claim on a key in a context."""

    node: int
    """The position of its node along the context's way (0: the focused widget)."""
    action: str
    name: str
    """Its id, or what Textual's own binding does."""
    chosen: bool
    """The keymap gave it this key (not one of its defaults)."""


def _claims(context: Context, keymap: Mapping[str, str]) -> dict[str, list[_Bound]]:
    """Who has which key in `context` once `keymap` applies."""
    claims: dict[str, list[_Bound]] = {}
    ways = [(node, merged_bindings(owner)) for node, owner in enumerate(context.owners)]
    if context.app not in context.owners:  # a modal screen: only the app's priority keys
        app_bindings = merged_bindings(context.app)
        priority = {key: [b for b in bs if b.priority] for key, bs in app_bindings.items()}
        ways.append((len(ways), priority))
    for node, bindings in ways:
        for key, key_bindings in bindings.items():
            for binding in key_bindings:
                name = binding.id or f"Textual's {binding.action}"
                if binding.id is None or binding.id not in keymap:
                    claims.setdefault(key, []).append(_Bound(node, binding.action, name, False))
                    continue
                defaults = _default_keys(bindings, binding.id)
                for chosen in keymap[binding.id].split(","):
                    claims.setdefault(chosen, []).append(
                        _Bound(node, binding.action, name, chosen not in defaults)
                    )
    return claims


def _default_keys(bindings: Mapping[str, list[Binding]], binding_id: str) -> set[str]:
    """The keys that `binding_id` has by default among `bindings`."""
    return {key for key, bound in bindings.items() if any(b.id == binding_id for b in bound)}


def _refuse_clashes(keymap: Mapping[str, str], app: type[App[Any]], where: str) -> None:
    """Raise if the keymap gives a binding a key that another binding has where both are
    active together (the same action on the same node, such as Textual's ctrl+q quit and
    the reader's, is no clash).

    Raises:
        ConfigError: the first such key, naming both bindings and where.
    """
    for context in contexts(app):
        for key, claims in _claims(context, keymap).items():
            for claim in (claim for claim in claims if claim.chosen):
                other = next(
                    (
                        other
                        for other in claims
                        if (other.node, other.action) != (claim.node, claim.action)
                    ),
                    None,
                )
                if other is not None:
                    raise ConfigError(
                        f"{where}, [keys] gives {key} to both {claim.name} and {other.name}, "
                        f"which are active together {context.where}."
                        if other.chosen
                        else f"{where}, [keys] gives {key} to {claim.name}, but {key} is already "
                        f"the key of {other.name} {context.where}."
                    )


def _keeping_shared_keys(keymap: Mapping[str, str], app: type[App[Any]]) -> dict[str, str]:
    """`keymap` plus the default keys of every binding that shares a key, on the same node,
    with a binding the keymap moves (and of those that share one with them, and so on)."""
    known = known_bindings(app)
    nodes = {owner for context in contexts(app) for owner in context.owners}
    merged = [merged_bindings(node) for node in nodes]
    complete = dict(keymap)
    pending = list(keymap)
    while pending:
        binding_id = pending.pop()
        for bindings in merged:
            for key_bindings in bindings.values():
                if not any(binding.id == binding_id for binding in key_bindings):
                    continue
                for neighbour in key_bindings:
                    if neighbour.id and neighbour.id not in complete:
                        complete[neighbour.id] = ",".join(known[neighbour.id].keys)
                        pending.append(neighbour.id)
    return complete


def keys_table(app: type[App[Any]]) -> str:
    """The README's table: every binding id with its default keys, where it applies and
    what it does, in Markdown."""
    rows = [
        "| id | default keys | where | does |",
        "| --- | --- | --- | --- |",
    ]
    for binding in known_bindings(app).values():
        where = OWNER_NAMES.get(binding.owner.__name__, binding.owner.__name__)
        does = (binding.tooltip or binding.description).replace("|", "\\|")
        rows.append(f"| `{binding.id}` | `{','.join(binding.keys)}` | {where} | {does} |")
    return "\n".join(rows) + "\n"


def _main() -> None:
    """Print the README's table of keys (`python -m reader.ui.keymap`)."""
    from reader.ui.app import ReaderApp

    print(keys_table(ReaderApp), end="")


if __name__ == "__main__":
    _main()
