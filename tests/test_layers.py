"""Imports point down, checked at run time beside the import-linter contracts.

The core must stay usable without Textual, and each UI layer without the ones above it:
importing any module of a layer in a fresh interpreter never loads a higher layer. The
module size limits keep every module one readable job.
"""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import reader.core
import reader.ui

PACKAGE = Path(reader.__file__).parent
MAX_MODULE_LINES = 700
MAX_FUNCTION_LINES = 80


def modules_of(package: object, prefix: str) -> list[str]:
    path = package.__path__  # type: ignore[attr-defined]
    return [module.name for module in pkgutil.walk_packages(path, prefix=prefix)]


def leaked_modules(modules: list[str], forbidden: tuple[str, ...]) -> list[str]:
    """The forbidden packages that importing `modules` in a fresh interpreter loads."""
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        f"forbidden = {forbidden!r}\n"
        "leaked = sorted(m for m in sys.modules\n"
        "                if any(m == f or m.startswith(f + '.') for f in forbidden))\n"
        "print(','.join(leaked))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    return [name for name in result.stdout.strip().split(",") if name]


def test_core_has_modules() -> None:
    names = modules_of(reader.core, "reader.core.")
    assert "reader.core.model.document" in names
    assert "reader.core.store.store" in names
    assert "reader.core.library" in names
    assert any(name.startswith("reader.core.loaders") for name in names)


def test_no_core_module_imports_textual_or_the_ui() -> None:
    modules = modules_of(reader.core, "reader.core.")
    assert leaked_modules(modules, ("textual", "reader.ui", "reader.cli", "reader.config")) == []


@pytest.mark.parametrize(
    ("layer", "higher"),
    [
        ("reader.ui.themes", ("reader.ui.widgets", "reader.ui.screens", "reader.ui.app")),
        ("reader.ui.widgets", ("reader.ui.screens", "reader.ui.app", "reader.ui.commands")),
        ("reader.ui.screens", ("reader.ui.app", "reader.ui.commands")),
    ],
    ids=["themes", "widgets", "screens"],
)
def test_no_ui_layer_imports_a_higher_one(layer: str, higher: tuple[str, ...]) -> None:
    modules = [name for name in modules_of(reader.ui, "reader.ui.") if name.startswith(layer)] or [
        layer
    ]
    assert leaked_modules(modules, higher) == []


def source_files() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", source_files(), ids=lambda path: str(path.relative_to(PACKAGE)))
def test_modules_and_functions_stay_small(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    assert len(source.splitlines()) <= MAX_MODULE_LINES
    long_functions = [
        f"{node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert long_functions == []
