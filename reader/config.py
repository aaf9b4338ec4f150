"""Settings the person writes by hand in a TOML file (read-only for the app).

```toml
# ~/.config/reader/config.toml
model = "en_core_web_md"   # the spaCy pipeline for entities, figures and quotes
export_folder = "~/notes/reader"   # where X in the app writes an article's Markdown

[colors]                   # what each highlight colour means to you (keys 1 to 5)
yellow = "important"
blue = "question"
green = "evidence"

[keys]                     # binding id = keys (Textual's syntax: comma-separated keys)
highlight-selection = "ctrl+k"   # ctrl+h reaches most terminals as Backspace
quit = "ctrl+q,q"
```

This module checks only the shape of `[keys]` (text that spells keys); which ids exist and
which keys clash is known to the UI (`reader.ui.keymap`), checked when the app starts.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader import paths
from reader.core.errors import ReaderError
from reader.core.model.annotations import HIGHLIGHT_COLORS

LABEL_LIMIT = 40
"""The longest a colour's label may be: it is shown in the status line and the notes pane."""

KEY_MODIFIERS = ("alt", "ctrl", "hyper", "meta", "shift", "super")
"""The modifiers a key may have, in the (alphabetical) order Textual writes them."""


class ConfigError(ReaderError):
    """The settings file cannot be read or holds a wrong value."""


@dataclass(frozen=True, slots=True)
class Settings:
    """What the person has chosen; every field has a default."""

    model: str | None = None
    """The spaCy pipeline (package name or folder); None for the bundled English one."""
    colors: Mapping[str, str] = field(default_factory=dict)
    """A label for some of the highlight colours (`{"yellow": "important"}`)."""
    export_folder: Path = field(default_factory=paths.default_export_folder)
    """Where the app's export key writes an article's Markdown file."""
    keys: Mapping[str, str] = field(default_factory=dict)
    """Keys chosen for some bindings, by binding id (`{"quit": "ctrl+q,q"}`): Textual's
    keymap, each value comma-separated keys with modifiers in Textual's order."""
    path: Path | None = field(default=None, compare=False)
    """The file these settings were read from, named in messages; None for the defaults."""

    def label(self, color: str) -> str:
        """The label of `color`, or the colour's own name when it has none."""
        return self.colors.get(color, color)

    def color_named(self, name: str) -> str:
        """The highlight colour a person means by `name`: a colour ("Green") or one of their
        labels ("important"), in any case.

        Raises:
            ReaderError: it is neither; the sentence lists the colours and the labels.
        """
        wanted = name.strip().casefold()
        for color in HIGHLIGHT_COLORS:
            if wanted in (color, self.colors.get(color, "").casefold()):
                return color
        known = ", ".join(HIGHLIGHT_COLORS[:-1]) + f" or {HIGHLIGHT_COLORS[-1]}"
        labelled = ", ".join(f"{label} = {color}" for color, label in self.colors.items())
        labels = f", or a label from {self.path}: {labelled}" if labelled else ""
        raise ReaderError(f"“{name}” is not a highlight colour: use {known}{labels}.")


def load_settings(path: Path | None = None) -> Settings:
    """Read the settings file; a missing file means the defaults.

    Raises:
        ConfigError: the file is not valid TOML or a value has the wrong type.
    """
    path = path or paths.config_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings()
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"The settings file {path} cannot be read: {error}.") from error
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"The settings file {path} is not valid TOML: {error}.") from error
    model = data.get("model")
    if model is not None and (not isinstance(model, str) or not model.strip()):
        raise ConfigError(f"In {path}, model must be the name of a spaCy pipeline.")
    folder = data.get("export_folder")
    if folder is not None and (not isinstance(folder, str) or not folder.strip()):
        raise ConfigError(f"In {path}, export_folder must be a folder's path.")
    return Settings(
        model=model,
        colors=_colors(data.get("colors"), path),
        export_folder=(
            Path(folder).expanduser() if folder is not None else paths.default_export_folder()
        ),
        keys=_keys(data.get("keys"), path),
        path=path,
    )


def _colors(table: Any, path: Path) -> dict[str, str]:
    """The `[colors]` table, checked: known colour names, each with a short one-line label.

    Raises:
        ConfigError: it is not a table, names an unknown colour, or a label is not text.
    """
    if table is None:
        return {}
    if not isinstance(table, dict):
        raise ConfigError(
            f'In {path}, colors must be a table such as [colors] yellow = "important".'
        )
    known = ", ".join(HIGHLIGHT_COLORS)
    labels: dict[str, str] = {}
    for color, label in table.items():
        if color not in HIGHLIGHT_COLORS:
            raise ConfigError(f"In {path}, colors.{color} is not a highlight colour ({known}).")
        if not isinstance(label, str) or not label.strip() or "\n" in label:
            raise ConfigError(f"In {path}, colors.{color} must be a label on one line.")
        if len(label.strip()) > LABEL_LIMIT:
            raise ConfigError(f"In {path}, colors.{color} is longer than {LABEL_LIMIT} characters.")
        labels[color] = label.strip()
    return labels


def _keys(table: Any, path: Path) -> dict[str, str]:
    """The `[keys]` table, checked for shape and written the way Textual writes keys.

    Spaces around commas go, modifiers are lower case and in Textual's order
    (`"Shift+Ctrl+Up, q"` becomes `"ctrl+shift+up,q"`) and a named key is lower case
    (`Escape`); a single character keeps its case (`H` is not `h`).

    Raises:
        ConfigError: it is not a table, a value is not text, or a key is empty, has spaces
            or an unknown modifier.
    """
    if table is None:
        return {}
    if not isinstance(table, dict):
        raise ConfigError(f'In {path}, keys must be a table such as [keys] quit = "ctrl+q".')
    keymap: dict[str, str] = {}
    for binding_id, value in table.items():
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(
                f'In {path}, keys.{binding_id} must be keys in quotes, such as "ctrl+k" '
                'or "ctrl+q,q".'
            )
        keys = [_key(part.strip(), f"{path}, keys.{binding_id}") for part in value.split(",")]
        keymap[binding_id] = ",".join(dict.fromkeys(keys))
    return keymap


def _key(text: str, where: str) -> str:
    """One key (`ctrl+k`, `H`, `f2`), with its modifiers in Textual's order.

    Args:
        text: the key as written.
        where: the setting it is in, for messages (`/path/config.toml, keys.quit`).

    Raises:
        ConfigError: the key is empty, has a space or an unknown modifier.
    """
    *modifiers, name = text.split("+")
    if not name or "" in modifiers or any(char.isspace() for char in text):
        raise ConfigError(
            f'In {where} has "{text}", which is not a key: write keys such as "H", "ctrl+k" '
            'or "f2", separated by commas ("comma" and "plus" name those two keys).'
        )
    wanted = {modifier.lower() for modifier in modifiers}
    unknown = sorted(wanted - set(KEY_MODIFIERS))
    if unknown:
        raise ConfigError(
            f'In {where} has "{text}", but {unknown[0]} is not a modifier '
            f"({', '.join(KEY_MODIFIERS)})."
        )
    name = name if len(name) == 1 else name.lower()
    return "+".join([*(modifier for modifier in KEY_MODIFIERS if modifier in wanted), name])
