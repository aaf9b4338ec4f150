"""The one place that knows where the store, bundled seeds and themes live."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "reader"
DB_ENV_VAR = "READER_DB"
"""Environment variable naming the store file, overridden by `--db`."""
SAMPLE_ARTICLE_NAME = "syria-ceasefire-2016.txt"

_PACKAGE_DIR = Path(__file__).resolve().parent


def _bundled_dir(name: str) -> Path:
    """A folder shipped with reader: inside the installed wheel, else in the source checkout."""
    installed = _PACKAGE_DIR / name
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / name


def seeds_dir() -> Path:
    """The folder of bundled sample articles."""
    return _bundled_dir("seeds")


def themes_dir() -> Path:
    """The folder of bundled theme files."""
    return _bundled_dir("themes")


def sample_article() -> Path:
    """The article `reader` opens when given no path."""
    return seeds_dir() / SAMPLE_ARTICLE_NAME


def default_db_path() -> Path:
    """The store file: `READER_DB` if set, else `reader.db` in the user data folder."""
    return store_location()[0]


def store_location(given: Path | None = None) -> tuple[Path, bool]:
    """The store file (`given`, from `--db`, else `READER_DB`, else `reader.db` in the user
    data folder) and whether it is that default, the only place whose missing folders reader
    creates: a mistyped path must not quietly start an empty library somewhere new."""
    if given is not None:
        return given.expanduser(), False
    from_env = os.environ.get(DB_ENV_VAR)
    if from_env:
        return Path(from_env).expanduser(), False
    return platformdirs.user_data_path(APP_NAME, appauthor=False) / "reader.db", True


def store_checks_path() -> Path:
    """The small cache file remembering which store files passed SQLite's check unchanged, in
    the user cache folder (deleting it only makes the next opening check again)."""
    return platformdirs.user_cache_path(APP_NAME, appauthor=False) / "store-checks.json"


CONFIG_ENV_VAR = "READER_CONFIG"
"""Environment variable naming the settings file."""


def config_path() -> Path:
    """The settings file: `READER_CONFIG` if set, else `config.toml` in the user config folder."""
    from_env = os.environ.get(CONFIG_ENV_VAR)
    if from_env:
        return Path(from_env).expanduser()
    return platformdirs.user_config_path(APP_NAME, appauthor=False) / "config.toml"


def default_export_folder() -> Path:
    """Where the app exports an article when the settings name no folder: `reader` in the
    user's documents folder."""
    return platformdirs.user_documents_path() / "reader"
