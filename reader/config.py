"""Settings the person writes by hand in a TOML file (read-only for the app).

```toml
# ~/.config/reader/config.toml
model = "en_core_web_md"   # the spaCy pipeline for entities, figures and quotes
```
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from reader import paths
from reader.core.errors import ReaderError


class ConfigError(ReaderError):
    """The settings file cannot be read or holds a wrong value."""


@dataclass(frozen=True, slots=True)
class Settings:
    """What the person has chosen; every field has a default."""

    model: str | None = None
    """The spaCy pipeline (package name or folder); None for the bundled English one."""


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
    return Settings(model=model)
