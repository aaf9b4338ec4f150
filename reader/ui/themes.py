"""Theme files -> Textual `Theme` objects.

A theme is a TOML file whose top-level keys are `Theme` fields and whose `[variables]` table sets
the app's own variables (highlights, entity kinds, search hits, caret, selection, note marker).
Every problem is reported as one plain sentence naming the file and the key, because the person
who reads it is editing a theme file by hand, not debugging Python.

Loading never raises for a bad file: `load_themes` collects failures beside the themes it could
load, so one broken user theme cannot keep the app from starting (the app shows one notification
listing the failures, as posting does).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs
from textual.color import Color, ColorParseError
from textual.theme import Theme

from reader.paths import APP_NAME

DEFAULT_THEME = "reader-dark"
"""The theme used when none is saved, or when the saved one no longer exists."""

APP_VARIABLES: dict[str, str] = {
    # Highlight backgrounds: the theme's foreground text is drawn on top of them.
    "highlight-yellow": "#5A4B1C",
    "highlight-green": "#2D4F33",
    "highlight-blue": "#26445E",
    "highlight-pink": "#5C2E45",
    "highlight-purple": "#44355E",
    # Entity mention foregrounds, drawn on the theme's background.
    "entity-person": "#82B8E8",
    "entity-organisation": "#E5A46A",
    "entity-place": "#8FCC8A",
    "entity-group": "#D69AD8",
    "entity-event": "#E3CF6B",
    "entity-other": "#AAB2BD",
    # Search hit backgrounds: every hit, and the one the cursor is on.
    "search-match": "#1F5560",
    "search-current": "#8A4A14",
    "caret": "#3E5A7C",
    "selection": "#434A55",
    "note-marker": "#E0B25C",
}
"""Defaults for every app variable, tuned for dark backgrounds.

`ReaderApp.get_theme_variable_defaults()` returns these so that `.tcss` files may use
`$highlight-yellow` and friends with any theme, even one that sets only `primary` (Textual fails
to parse CSS that names an undefined variable). The values are opaque on purpose: the article
view draws overlays with Rich styles, and `Color.rich_color` drops alpha.
"""

LIGHT_APP_VARIABLES: dict[str, str] = {
    "highlight-yellow": "#F0D67A",
    "highlight-green": "#C9DFAE",
    "highlight-blue": "#C3D7EA",
    "highlight-pink": "#EFC3D2",
    "highlight-purple": "#D8C9E8",
    "entity-person": "#1F5C94",
    "entity-organisation": "#9A4700",
    "entity-place": "#2F6A2C",
    "entity-group": "#87307A",
    "entity-event": "#6E5A00",
    "entity-other": "#5B5650",
    "search-match": "#F2B36B",
    "search-current": "#E58A3A",
    "caret": "#B9A47A",
    "selection": "#D5C8A8",
    "note-marker": "#A3361F",
}
"""The same defaults for light themes (`dark = false`): pale backgrounds, dark foregrounds.

A single colour cannot reach 4.5:1 against both a dark and a light background, so light themes
that leave variables out get this set instead (see `app_variable_defaults`).
"""

COLOUR_KEYS: tuple[str, ...] = (
    "primary",
    "secondary",
    "accent",
    "foreground",
    "background",
    "surface",
    "panel",
    "boost",
    "warning",
    "error",
    "success",
)
"""Top-level keys of a theme file that hold a colour (`Theme` fields)."""

THEME_KEYS: frozenset[str] = frozenset({"name", "dark", "variables", *COLOUR_KEYS})
"""Every key a theme file may have at the top level."""

_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
"""Textual adds the class `-theme-<name>` to the app, so a name must be a valid identifier."""


class ThemeError(ValueError):
    """A theme file cannot be used; `str(error)` is one plain sentence naming the problem."""


@dataclass(frozen=True)
class ThemeFailure:
    """A theme file that could not be loaded, kept so the app can tell the person why."""

    path: Path
    """The file that failed."""
    reason: str
    """One plain sentence saying what is wrong."""


@dataclass(frozen=True)
class ThemeLoad:
    """What `load_themes` found: the usable themes and the files that failed."""

    themes: tuple[Theme, ...]
    """Loaded themes, sorted by name, at most one per name."""
    failures: tuple[ThemeFailure, ...]
    """Files that could not be loaded, in the order they were read."""


def app_variable_defaults(dark: bool = True) -> dict[str, str]:
    """Defaults for every app variable, suited to a dark or a light theme.

    `ReaderApp.get_theme_variable_defaults()` may pass `self.current_theme.dark` so a light
    theme without `[variables]` (Textual's own `textual-light`, say) still gets readable colours.

    Args:
        dark: Whether the theme has a dark background.

    Returns:
        A fresh dict, safe for the caller to change.
    """
    return dict(APP_VARIABLES if dark else LIGHT_APP_VARIABLES)


def user_themes_dir() -> Path:
    """The folder for the person's own theme files, which override bundled ones by name."""
    return platformdirs.user_config_path(APP_NAME, appauthor=False) / "themes"


def relative_luminance(colour: Color) -> float:
    """WCAG 2 relative luminance of an opaque colour: 0 for black, 1 for white."""

    def channel(value: int) -> float:
        scaled = value / 255
        return scaled / 12.92 if scaled <= 0.04045 else ((scaled + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.r) + 0.7152 * channel(colour.g) + 0.0722 * channel(colour.b)


def contrast_ratio(first: Color, second: Color) -> float:
    """WCAG 2 contrast ratio between two opaque colours, from 1 (none) to 21 (black on white).

    Alpha is ignored; blend a translucent colour onto what lies beneath it first
    (`background + overlay`).
    """
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def load_theme_file(path: Path) -> Theme:
    """Read one theme file.

    Args:
        path: A TOML file with `Theme` fields at the top level and an optional `[variables]`
            table of app variables.

    Returns:
        A new `Theme`; its `variables` hold only what the file sets, so the app's defaults fill
        in the rest.

    Raises:
        ThemeError: The file cannot be read, is not valid TOML, or has a missing name, an unknown
            key, a value of the wrong type, or a colour `Color.parse` rejects.
    """
    data = _read_toml(path)
    unknown = sorted(set(data) - THEME_KEYS)
    if unknown:
        raise ThemeError(
            f"Theme file {path.name} has unknown {_plural('key', unknown)} {_quoted(unknown)}; "
            f"allowed keys are {', '.join(sorted(THEME_KEYS))}."
        )
    name = data.get("name")
    if name is None:
        raise ThemeError(
            f'Theme file {path.name} has no name; add a line such as name = "my-theme".'
        )
    if not isinstance(name, str):
        raise ThemeError(f"Theme file {path.name} has a name that is not a string.")
    if not _NAME.fullmatch(name):
        raise ThemeError(
            f"Theme file {path.name} has name {name!r}; use only letters, digits, hyphens and "
            "underscores, starting with a letter."
        )
    if "primary" not in data:
        raise ThemeError(f"Theme {name!r} in {path.name} has no primary colour.")
    colours = {key: _colour(path, key, data[key]) for key in COLOUR_KEYS if key in data}
    dark = data.get("dark", True)
    if not isinstance(dark, bool):
        raise ThemeError(f"Theme file {path.name} has dark = {dark!r}; use true or false.")
    variables = _variables(path, data.get("variables", {}))
    return Theme(
        name=name,
        primary=colours["primary"],
        secondary=colours.get("secondary"),
        accent=colours.get("accent"),
        foreground=colours.get("foreground"),
        background=colours.get("background"),
        surface=colours.get("surface"),
        panel=colours.get("panel"),
        boost=colours.get("boost"),
        warning=colours.get("warning"),
        error=colours.get("error"),
        success=colours.get("success"),
        dark=dark,
        variables=variables,
    )


def load_themes(*directories: Path) -> ThemeLoad:
    """Load every `*.toml` file in each directory; missing directories are skipped.

    Directories are read in order and a later one wins: pass the bundled folder first and
    the user's folder last, so a user theme replaces a bundled theme of the same name. Within
    one directory files are read in name order, and a second file defining an already-defined
    name is a failure, since that is almost certainly a copy someone forgot to rename.

    Args:
        directories: Folders to search, lowest priority first.

    Returns:
        The themes sorted by name, and the failures in the order met.
    """
    themes: dict[str, Theme] = {}
    failures: list[ThemeFailure] = []
    for directory in directories:
        if not directory.is_dir():
            continue
        seen_here: dict[str, Path] = {}
        for path in sorted(directory.glob("*.toml")):
            if not path.is_file():
                continue
            try:
                theme = load_theme_file(path)
            except ThemeError as error:
                failures.append(ThemeFailure(path, str(error)))
                continue
            earlier = seen_here.get(theme.name)
            if earlier is not None:
                failures.append(
                    ThemeFailure(
                        path,
                        f"Theme file {path.name} defines {theme.name!r}, which {earlier.name} "
                        "in the same folder already defines.",
                    )
                )
                continue
            seen_here[theme.name] = path
            themes[theme.name] = theme
    return ThemeLoad(
        themes=tuple(themes[name] for name in sorted(themes)),
        failures=tuple(failures),
    )


def _read_toml(path: Path) -> dict[str, Any]:
    """Parse a file as TOML, turning every way it can fail into a `ThemeError`."""
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as error:
        reason = error.strerror or str(error)
        raise ThemeError(f"Theme file {path.name} could not be read: {reason}.") from error
    except UnicodeDecodeError as error:
        raise ThemeError(f"Theme file {path.name} is not UTF-8 text.") from error
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        # Python 3.11's message already ends with "(at line N, column M)".
        raise ThemeError(f"Theme file {path.name} is not valid TOML: {error}.") from error


def _colour(path: Path, key: str, value: object) -> str:
    """Check that `value` is a colour string Textual can parse, and return it unchanged."""
    if not isinstance(value, str):
        raise ThemeError(
            f"Theme file {path.name} has {key} = {value!r}; a colour must be a string such as "
            '"#1e1e2e".'
        )
    try:
        Color.parse(value)
    except ColorParseError as error:
        hint = (
            f"did you mean {error.suggested_color!r}?"
            if error.suggested_color
            else 'use a value such as "#1e1e2e", "rgb(30, 30, 46)" or "teal".'
        )
        raise ThemeError(
            f"Theme file {path.name} has {key} = {value!r}, which is not a colour; {hint}"
        ) from error
    return value


def _variables(path: Path, table: object) -> dict[str, str]:
    """Check the `[variables]` table: only known app variables, each a parseable colour."""
    if not isinstance(table, Mapping):
        raise ThemeError(f"Theme file {path.name} has variables that are not a [variables] table.")
    unknown = sorted(set(table) - set(APP_VARIABLES))
    if unknown:
        raise ThemeError(
            f"Theme file {path.name} sets unknown {_plural('variable', unknown)} "
            f"{_quoted(unknown)}; known variables are {', '.join(APP_VARIABLES)}."
        )
    return {key: _colour(path, f"variables.{key}", value) for key, value in table.items()}


def _quoted(names: list[str]) -> str:
    """`"a"` or `"a", "b"` for a message, so the person can search their file for it."""
    return ", ".join(f'"{name}"' for name in names)


def _plural(noun: str, items: list[str]) -> str:
    """`noun` or `nouns`, so a message about one bad key reads naturally."""
    return noun if len(items) == 1 else f"{noun}s"
