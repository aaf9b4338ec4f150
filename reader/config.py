"""Settings the person writes by hand in a TOML file (read-only for the app).

```toml
# ~/.config/reader/config.toml
model = "en_core_web_md"   # the spaCy pipeline for entities, figures and quotes
export_folder = "~/notes/reader"   # where X in the app writes an article's Markdown

[colors]                   # what each highlight colour means to you (keys 1 to 5)
yellow = "important"
blue = "question"
green = "evidence"
```
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

    def label(self, color: str) -> str:
        """The label of `color`, or the colour's own name when it has none."""
        return self.colors.get(color, color)


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
