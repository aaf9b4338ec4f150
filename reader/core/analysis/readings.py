"""What the analyser read in one chunk of a text, as JSON, so a stopped analysis resumes.

A book's analysis takes minutes, and a person closes the book long before it ends. Each
chunk's reading (the names, numbers and attributions found in its blocks) is kept in the
store as it is read; opening the book again replays the kept readings instead of parsing that
text again, and parses only what is left. JSON rather than pickle: a store is a file anyone
may hand to reader, and reading one must never run code.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import astuple, dataclass
from typing import Any

from reader.core.analysis.entities import RawMention
from reader.core.analysis.model import Figure
from reader.core.analysis.speakers import Speaker


@dataclass(frozen=True, slots=True)
class Reading:
    """What one chunk of a text added to the analysis: everything found in its blocks."""

    blocks: tuple[tuple[int, int], ...]
    """The blocks (and pieces of blocks) parsed, as (start, end) in the article's text."""
    title_case_blocks: tuple[tuple[int, int], ...]
    """Those of them Written In Title Case (headlines), whose names are found later."""
    mentions: tuple[RawMention, ...]
    figures: tuple[Figure, ...]
    attributions: tuple[tuple[int, Speaker], ...]
    """Quote start → the speaker found beside it in the parse."""


def reading_to_json(reading: Reading) -> str:
    """The reading as one JSON text (lists of fields in declaration order: compact)."""
    return json.dumps(
        {
            "blocks": reading.blocks,
            "title_case_blocks": reading.title_case_blocks,
            "mentions": [astuple(mention) for mention in reading.mentions],
            "figures": [astuple(figure) for figure in reading.figures],
            "attributions": [[start, astuple(speaker)] for start, speaker in reading.attributions],
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )


def reading_from_json(data: str, text_length: int) -> Reading:
    """The reading a `reading_to_json` text holds, every offset checked against the text.

    Raises:
        ValueError: the text is not such a reading (damaged, or written for another text).
    """
    try:
        raw = json.loads(data)
        reading = Reading(
            blocks=tuple(_range(item, text_length) for item in raw["blocks"]),
            title_case_blocks=tuple(_range(item, text_length) for item in raw["title_case_blocks"]),
            mentions=tuple(_mention(item, text_length) for item in raw["mentions"]),
            figures=tuple(_figure(item, text_length) for item in raw["figures"]),
            attributions=tuple(
                (_offset(start, text_length), _speaker(speaker, text_length))
                for start, speaker in raw["attributions"]
            ),
        )
    except (KeyError, TypeError, ValueError, IndexError, RecursionError) as error:
        raise ValueError(f"not a reading of this text ({type(error).__name__})") from error
    return reading


def _offset(value: Any, text_length: int) -> int:
    if type(value) is not int or not 0 <= value <= text_length:
        raise ValueError("an offset outside the text")
    return value


def _range(item: Sequence[Any], text_length: int) -> tuple[int, int]:
    start, end = (_offset(value, text_length) for value in item)
    if start > end:
        raise ValueError("a range that ends before it starts")
    return start, end


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("text that is not a string")
    return value


def _mention(item: Sequence[Any], text_length: int) -> RawMention:
    start, end, text, label, weight, group_hint, title, common_first, known_word = item
    _range((start, end), text_length)
    return RawMention(
        start,
        end,
        _text(text),
        _text(label),
        float(weight),
        _text(group_hint),
        _text(title),
        bool(common_first),
        bool(known_word),
    )


def _figure(item: Sequence[Any], text_length: int) -> Figure:
    start, end, text, value, qualifier, unit, counts, sentence_start, sentence_end = item
    _range((start, end), text_length)
    _range((sentence_start, sentence_end), text_length)
    return Figure(
        start,
        end,
        _text(text),
        float(value),
        _text(qualifier),
        _text(unit),
        _text(counts),
        sentence_start,
        sentence_end,
    )


def _speaker(item: Sequence[Any], text_length: int) -> Speaker:
    start, end, text, head_start, head_end, listeners = item
    _range((start, end), text_length)
    _range((head_start, head_end), text_length)
    return Speaker(
        start,
        end,
        _text(text),
        head_start,
        head_end,
        tuple(_range(listener, text_length) for listener in listeners),
    )
