"""Writing one benchmark's section of BENCHMARKS.md, leaving every other section as it was."""

from __future__ import annotations

import re
from pathlib import Path

REPORT = Path(__file__).resolve().parent.parent / "BENCHMARKS.md"


def write_section(heading: str, text: str, path: Path = REPORT) -> None:
    """Replace the section that starts with the line `heading` ("## Reading view") by `text`,
    or append `text` when there is none."""
    existing = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    pattern = re.compile(rf"^{re.escape(heading)}[ \t]*\n.*?(?=^## |\Z)", re.MULTILINE | re.DOTALL)
    if pattern.search(existing):
        updated = pattern.sub(lambda _match: text.rstrip("\n") + "\n\n", existing, count=1)
    else:
        updated = existing.rstrip("\n") + "\n\n" + text
    path.write_text(updated.rstrip("\n") + "\n", encoding="utf-8")
