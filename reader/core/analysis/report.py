"""A plain-text report of an analysis, for `reader analyze` without `--json`."""

from __future__ import annotations

from reader.core.analysis.model import Analysis, EntityKind, Figure

QUOTE_WIDTH = 90
"""Quotes longer than this are shortened in the table (the JSON has them whole)."""


def analysis_table(analysis: Analysis) -> str:
    """Entities by kind with counts and aliases, figures with what they count, quotes with
    speakers; one item per line, for reading in a terminal or piping to grep."""
    lines: list[str] = []
    lines.append(f"Entities ({len(analysis.entities)})")
    for kind in EntityKind:
        members = [entity for entity in analysis.entities if entity.kind is kind]
        if not members:
            continue
        lines.append(f"  {kind.plural}")
        width = max(len(entity.name) for entity in members)
        for entity in members:
            also = f"  also: {', '.join(entity.aliases)}" if entity.aliases else ""
            lines.append(f"    {entity.name:<{width}}  {entity.count:>3}{also}")
    lines.append("")
    lines.append(f"Figures ({len(analysis.figures)})")
    if analysis.figures:
        width = max(len(figure.text) for figure in analysis.figures)
        for figure in analysis.figures:
            counts = figure.counts or "(what it counts is not clear)"
            lines.append(f"  {figure.text:<{width}}  {_value(figure):>14}  {counts}")
    lines.append("")
    statements = analysis.statements
    scare = [quote for quote in analysis.quotes if quote.scare]
    lines.append(
        f"Quotes ({_count(len(statements), 'statement')}, {_count(len(scare), 'scare quote')})"
    )
    for quote in statements:
        speaker = quote.speaker or "(speaker not found)"
        lines.append(f"  {speaker}: “{_shorten(quote.text)}”")
    if scare:
        lines.append("  Scare quotes: " + ", ".join(f"“{quote.text}”" for quote in scare))
    return "\n".join(lines) + "\n"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _value(figure: Figure) -> str:
    value = f"{figure.value:,.0f}" if figure.value == int(figure.value) else f"{figure.value:,}"
    if figure.unit == "%":
        return f"{value}%"
    if figure.unit:
        return f"{value} {figure.unit}"
    return value


def _shorten(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= QUOTE_WIDTH else flat[: QUOTE_WIDTH - 1].rstrip() + "…"
