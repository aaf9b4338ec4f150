"""sqlite-utils, imported without the numpy import it does only to map numpy column types.

reader never stores numpy values, and numpy (installed for spaCy) would add 100–150 ms to
every start of the app, before the article can appear. When numpy is not loaded yet it is
hidden for the duration of this one import (a `None` entry in `sys.modules` makes `import
numpy` fail as if it were absent), then made importable again for spaCy.
"""

from __future__ import annotations

import sys


def _import_without_numpy() -> None:
    if "sqlite_utils.db" in sys.modules or "numpy" in sys.modules:
        return
    sys.modules["numpy"] = None  # type: ignore[assignment]
    try:
        import sqlite_utils.db  # noqa: F401
    finally:
        if "numpy" in sys.modules and sys.modules["numpy"] is None:
            del sys.modules["numpy"]


_import_without_numpy()

from sqlite_utils import Database  # noqa: E402
from sqlite_utils.migrations import Migrations  # noqa: E402

__all__ = ["Database", "Migrations"]
