"""The core must stay usable without Textual: importing any core module never loads it."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import reader.core


def core_modules() -> list[str]:
    return [
        module.name for module in pkgutil.walk_packages(reader.core.__path__, prefix="reader.core.")
    ]


def test_core_has_modules() -> None:
    names = core_modules()
    assert "reader.core.model.document" in names
    assert "reader.core.store.store" in names
    assert any(name.startswith("reader.core.loaders") for name in names)


def test_no_core_module_imports_textual() -> None:
    modules = core_modules()
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "leaked = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(leaked))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
