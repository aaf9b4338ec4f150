"""A corpus of real-shaped edits for judging re-anchoring, labelled by construction.

Each `Version` is a passage of real prose (*War and Peace*, unwrapped into paragraphs, and
the sample news story), a dozen highlights a person might have made in it (a word or two, a
phrase, a sentence, two sentences, always from a word's start to a word's end), and a new
text made by one to five edits of the kinds people make to articles they revise:

- a word replaced by another word of the text;
- a number changed ("forty" to "fourteen", "six" to "nine", "62" to "64");
- a sentence rewritten (a third to a half of its words replaced, a word added);
- a sentence inserted (a real sentence from elsewhere in the book) or deleted;
- a paragraph inserted (a real one from elsewhere), deleted, or moved.

Three edits in four are aimed at or beside a highlight, since edits far from every highlight
test nothing. While editing, every character of the new text keeps the offset it had in the
old text (or -1 when it was typed in), so where each highlight truly went is known without
judging by eye (`truth`). In two passages of five a sentence also has a look-alike elsewhere
(`with_echo`: a word or a number changed, as news stories repeat a figure), and the sentence
itself, or a phrase of it, is highlighted and then usually deleted: a highlight drawn to the
look-alike is wrong.

- **untouched**: every character of the highlight is still there, in one unbroken run. The one
  right answer is that run; an orphan is a needless orphan; anything else is wrong.
- **edited**: at least half its characters are still there, close together. Placing it over
  what is left of it (overlapping at least half) is right, and must be shown as "moved";
  an orphan is safe but a loss; a placement elsewhere is wrong.
- **gone**: less than half is left (deleted, rewritten, or split apart by a move). Only an
  orphan is right; a placement over what is left is "on remains"; anywhere else is wrong.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT.parent / "shared" / "bench" / "war-and-peace.txt"
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))

HIGHLIGHTS_PER_VERSION = 12
"""Highlights made in each passage before it is edited."""

ECHO_SHARE = 0.4
"""The share of passages given a look-alike sentence (`with_echo`), one of whose highlights is
on the original sentence, which the edit then deletes more often than not."""

_WORD = re.compile(r"\w+(?:[’']\w+)*")
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+[”’\"')]*)\s*")
_NUMBER_WORDS = re.findall(
    r"\w+",
    "two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty "
    "ninety hundred thousand million first second third fourth fifth sixth seventh eighth "
    "ninth tenth",
)
_NUMBER = re.compile(rf"\b(?:\d+|{'|'.join(_NUMBER_WORDS)})\b", re.IGNORECASE)
_FILLERS = ("now", "great", "also", "still", "very", "then", "later", "indeed", "quite")

EDIT_KINDS = (
    "word",
    "number",
    "rewrite",
    "sentence insert",
    "sentence delete",
    "paragraph insert",
    "paragraph delete",
    "paragraph move",
)


@dataclass
class Text:
    """A text being edited: its characters and, for each, its offset in the original (-1 when
    typed in)."""

    chars: str
    origin: list[int]

    def replace(self, start: int, end: int, new: str) -> None:
        """Replace `start:end` by typed-in text."""
        self.chars = self.chars[:start] + new + self.chars[end:]
        self.origin[start:end] = [-1] * len(new)

    def move(self, start: int, end: int, to: int) -> None:
        """Move `start:end` (with its origins) to before offset `to` of the text as it is."""
        piece, origins = self.chars[start:end], self.origin[start:end]
        self.chars = self.chars[:start] + self.chars[end:]
        del self.origin[start:end]
        if to > start:
            to -= end - start
        self.chars = self.chars[:to] + piece + self.chars[to:]
        self.origin[to:to] = origins


@dataclass(frozen=True)
class Truth:
    """Where a highlight of the old text truly is in the new one (see the module docstring)."""

    kind: str
    """"untouched", "edited" or "gone"."""
    start: int = -1
    end: int = -1
    """The run (untouched) or the region of what is left (edited, gone); -1 when nothing is."""


@dataclass
class Version:
    """One passage, its highlights, and the passage after some edits."""

    name: str
    old: str
    new: str
    origin: list[int]
    highlights: list[tuple[int, int]]
    edits: list[str] = field(default_factory=list)

    def truth(self, start: int, end: int) -> Truth:
        """Where the highlight `start:end` of the old text went (see `Truth`)."""
        return truth(self.origin, len(self.old), start, end)


def truth(origin: list[int], old_length: int, start: int, end: int) -> Truth:
    """Label a highlight `start:end` by where its characters went (see the module docstring)."""
    new_of_old = _inverse(origin, old_length)
    survived = [new_of_old[offset] for offset in range(start, end) if new_of_old[offset] >= 0]
    length = end - start
    if len(survived) == length and survived[-1] - survived[0] == length - 1:
        return Truth("untouched", survived[0], survived[0] + length)
    if not survived:
        return Truth("gone")
    low, high = min(survived), max(survived) + 1
    compact = high - low <= 2 * length + 40
    if len(survived) * 2 >= length and compact:
        return Truth("edited", low, high)
    return Truth("gone", low, high) if compact else Truth("gone")


_INVERSE_CACHE: dict[int, list[int]] = {}


def _inverse(origin: list[int], old_length: int) -> list[int]:
    key = id(origin)
    cached = _INVERSE_CACHE.get(key)
    if cached is None or len(cached) != old_length:
        cached = [-1] * old_length
        for position, offset in enumerate(origin):
            if offset >= 0:
                cached[offset] = position
        _INVERSE_CACHE.clear()
        _INVERSE_CACHE[key] = cached
    return cached


def grade(found: tuple[int, int] | None, where: Truth) -> str:
    """What one placement (None for an orphan) was, given the truth:

    "right", "wrong" or "needless orphan" for an untouched highlight; "moved right",
    "wrong" or "orphaned (edited)" for an edited one; "orphaned (gone)", "on remains" or
    "wrong" for a gone one.
    """
    if where.kind == "untouched":
        if found is None:
            return "needless orphan"
        return "right" if found == (where.start, where.end) else "wrong"
    if where.kind == "edited":
        if found is None:
            return "orphaned (edited)"
        return "moved right" if _overlap(found, (where.start, where.end)) >= 0.5 else "wrong"
    if found is None:
        return "orphaned (gone)"
    if where.start >= 0 and _overlap(found, (where.start, where.end)) > 0:
        return "on remains"
    return "wrong"


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    """Intersection over union of two ranges."""
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union else 0.0


# Sources


def book_paragraphs(path: Path = BOOK) -> list[str]:
    """The book's paragraphs, each unwrapped onto one line (as a loader reads a text file)."""
    text = path.read_text(encoding="utf-8")
    paragraphs = [" ".join(part.split()) for part in re.split(r"\n\s*\n", text)]
    return [paragraph for paragraph in paragraphs if paragraph]


def passages(rng: random.Random, paragraphs: list[str], count: int) -> Iterator[tuple[str, str]]:
    """`count` passages: every tenth a sample news story (each time highlighted and edited
    differently), the others runs of 8 to 30 book paragraphs."""
    stories = [seed.read_text(encoding="utf-8").strip() for seed in SEEDS]
    for index in range(count):
        if stories and index % 10 == 0:
            yield f"story {index}", stories[index // 10 % len(stories)]
            continue
        size = rng.randint(8, 30)
        at = rng.randrange(len(paragraphs) - size)
        yield f"book {index}", "\n\n".join(paragraphs[at : at + size])


# Highlights


def make_highlights(rng: random.Random, text: str, count: int) -> list[tuple[int, int]]:
    """Word-aligned highlights as a person makes them: a word or two, a phrase, a sentence,
    or two sentences."""
    words = [match.span() for match in _WORD.finditer(text)]
    sentences = [_trimmed(text, *match.span()) for match in _SENTENCE.finditer(text)]
    sentences = [span for span in sentences if span[1] - span[0] >= 12]
    chosen: list[tuple[int, int]] = []
    while len(chosen) < count:
        shape = rng.random()
        if shape < 0.35 or not sentences:
            at = rng.randrange(len(words) - 12)
            size = rng.randint(1, 3) if shape < 0.2 else rng.randint(4, 10)
            span = (words[at][0], words[at + size - 1][1])
            if "\n" in text[span[0] : span[1]] or not (
                _content(text, *words[at]) and _content(text, *words[at + size - 1])
            ):
                continue  # a person highlights from and to a word that says something
        elif shape < 0.85:
            span = rng.choice(sentences)
        else:
            at = rng.randrange(len(sentences))
            following = sentences[at + 1 : at + 2]
            if not following or "\n\n" in text[sentences[at][0] : following[0][1]]:
                continue
            span = (sentences[at][0], following[0][1])
        chosen.append(span)
    return chosen


def _content(text: str, start: int, end: int) -> bool:
    """True for a word worth starting or ending a highlight on: a number, or four letters."""
    return end - start >= 4 or text[start:end].isdigit()


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# Edits


Edit = Callable[[random.Random, Text, tuple[int, int] | None, list[str]], bool]


def edit_word(
    rng: random.Random, text: Text, near: tuple[int, int] | None, pool: list[str]
) -> bool:
    """Replace one word (in or beside `near`) by another word of the text."""
    words = _spans(_WORD, text.chars, near, 40)
    words = [span for span in words if span[1] - span[0] >= 3]
    if not words:
        return False
    start, end = rng.choice(words)
    vocabulary = [w for w in _WORD.findall(rng.choice(pool)) if len(w) >= 3]
    replacement = rng.choice(vocabulary) if vocabulary else "thing"
    if replacement == text.chars[start:end]:
        return False
    text.replace(start, end, replacement)
    return True


def edit_number(
    rng: random.Random, text: Text, near: tuple[int, int] | None, pool: list[str]
) -> bool:
    """Change a number: a number word to another, digits to nearby digits."""
    numbers = _spans(_NUMBER, text.chars, near, 80) or _spans(_NUMBER, text.chars, None, 0)
    if not numbers:
        return edit_word(rng, text, near, pool)
    start, end = rng.choice(numbers)
    old = text.chars[start:end]
    if old.isdigit():
        new = str(max(0, int(old) + rng.choice([-3, -2, -1, 1, 2, 5, 10])))
    else:
        new = rng.choice([word for word in _NUMBER_WORDS if word != old.lower()])
        if old[0].isupper():
            new = new.capitalize()
    text.replace(start, end, new)
    return True


def edit_rewrite(
    rng: random.Random, text: Text, near: tuple[int, int] | None, pool: list[str]
) -> bool:
    """Rewrite a sentence: a third to a half of its words replaced, and a word added."""
    sentences = _spans(_SENTENCE, text.chars, near, 0)
    if not sentences:
        return False
    start, end = rng.choice(sentences)
    words = [match.span() for match in _WORD.finditer(text.chars[:end], start)]
    if len(words) < 3:
        return False
    vocabulary = [w for w in _WORD.findall(" ".join(rng.sample(pool, 3))) if len(w) >= 3]
    filler_at = rng.randrange(1, len(words))
    replaced = rng.sample(range(len(words)), max(1, round(len(words) * rng.uniform(0.3, 0.5))))
    for index in range(len(words) - 1, -1, -1):  # from the end, so offsets hold
        word_start, word_end = words[index]
        if index in replaced:
            text.replace(word_start, word_end, rng.choice(vocabulary))
        if index == filler_at:
            text.replace(word_start, word_start, rng.choice(_FILLERS) + " ")
    return True


def edit_sentence_insert(
    rng: random.Random, text: Text, near: tuple[int, int] | None, pool: list[str]
) -> bool:
    """Insert a real sentence from elsewhere in the book before a sentence."""
    sentences = _spans(_SENTENCE, text.chars, near, 200)
    if not sentences:
        return False
    start, _ = rng.choice(sentences)
    borrowed = [s.strip() for s in _SENTENCE.findall(rng.choice(pool)) if len(s.strip()) > 20]
    if not borrowed:
        return False
    text.replace(start, start, rng.choice(borrowed) + " ")
    return True


def edit_sentence_delete(
    rng: random.Random, text: Text, near: tuple[int, int] | None, pool: list[str]
) -> bool:
    """Delete a sentence (with the space after it)."""
    sentences = _spans(_SENTENCE, text.chars, near, 200)
    if not sentences:
        return False
    start, end = rng.choice(sentences)
    text.replace(start, end, "")
    return True


def edit_paragraph_insert(
    rng: random.Random, text: Text, near: tuple[int, int] | None, pool: list[str]
) -> bool:
    """Insert a real paragraph from elsewhere in the book."""
    starts = [0, *(m.end() for m in re.finditer(r"\n\n", text.chars))]
    if near is not None:
        starts = sorted(starts, key=lambda at: abs(at - near[0]))[:3]
    at = rng.choice(starts)
    text.replace(at, at, rng.choice(pool) + "\n\n")
    return True


def edit_paragraph_delete(
    rng: random.Random, text: Text, near: tuple[int, int] | None, pool: list[str]
) -> bool:
    """Delete a paragraph (with the blank line after it)."""
    paragraphs = _paragraphs(text.chars)
    if len(paragraphs) < 3:
        return False
    if near is not None:
        paragraphs = sorted(paragraphs, key=lambda span: abs(span[0] - near[0]))[:3]
    start, end = rng.choice(paragraphs)
    text.replace(start, end, "")
    return True


def edit_paragraph_move(
    rng: random.Random, text: Text, near: tuple[int, int] | None, pool: list[str]
) -> bool:
    """Move a paragraph to before another one."""
    paragraphs = _paragraphs(text.chars)
    if len(paragraphs) < 3:
        return False
    moving = paragraphs
    if near is not None:
        moving = sorted(paragraphs, key=lambda span: abs(span[0] - near[0]))[:2]
    start, end = rng.choice(moving)
    targets = [span[0] for span in paragraphs if span[0] not in (start, end)]
    if not targets:
        return False
    text.move(start, end, rng.choice(targets))
    return True


EDITS: dict[str, Edit] = dict(
    zip(
        EDIT_KINDS,
        (
            edit_word,
            edit_number,
            edit_rewrite,
            edit_sentence_insert,
            edit_sentence_delete,
            edit_paragraph_insert,
            edit_paragraph_delete,
            edit_paragraph_move,
        ),
        strict=True,
    )
)


def _spans(
    pattern: re.Pattern[str], text: str, near: tuple[int, int] | None, slack: int
) -> list[tuple[int, int]]:
    """Matches of `pattern`, only those overlapping `near` widened by `slack` when given."""
    spans = [match.span() for match in pattern.finditer(text)]
    if near is None:
        return spans
    low, high = near[0] - slack, near[1] + slack
    return [span for span in spans if span[0] < high and low < span[1]]


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Each paragraph with the blank line after it (the last without)."""
    spans, start = [], 0
    for match in re.finditer(r"\n\n", text):
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


# The corpus


def corpus(count: int = 200, seed: int = 2026) -> list[Version]:
    """`count` versions, each with `HIGHLIGHTS_PER_VERSION` highlights and 1 to 5 edits."""
    rng = random.Random(seed)
    paragraphs = book_paragraphs()
    pool = [paragraph for paragraph in paragraphs if 80 <= len(paragraph) <= 600]
    versions = []
    for name, passage in passages(rng, paragraphs, count):
        old, echoed = with_echo(rng, passage) if rng.random() < ECHO_SHARE else (passage, None)
        highlights = make_highlights(rng, old, HIGHLIGHTS_PER_VERSION)
        text = Text(old, list(range(len(old))))
        kinds: list[str] = []
        if echoed is not None:
            highlights[0] = _phrase_of(rng, old, echoed)
            if rng.random() < 0.6:  # the original goes; the look-alike stays
                text.replace(*echoed, "")
                kinds.append("sentence delete")
        for _ in range(rng.randint(1, 5)):
            kind = rng.choice(EDIT_KINDS)
            near = _current(text, rng.choice(highlights)) if rng.random() < 0.75 else None
            if EDITS[kind](rng, text, near, pool):
                kinds.append(kind)
        if text.chars == old:
            continue
        versions.append(Version(name, old, text.chars, text.origin, highlights, kinds))
    return versions


def with_echo(rng: random.Random, passage: str) -> tuple[str, tuple[int, int] | None]:
    """The passage with a look-alike of one of its sentences (a word or two changed, a number
    first) written into another paragraph, as news stories repeat a figure or a formula; and
    where the original sentence now is."""
    spans = [_trimmed(passage, *m.span()) for m in _SENTENCE.finditer(passage)]
    spans = [span for span in spans if len(_WORD.findall(passage[span[0] : span[1]])) >= 6]
    paragraphs = _paragraphs(passage)
    if not spans or len(paragraphs) < 2:
        return passage, None
    start, end = rng.choice(spans)
    sentence = passage[start:end]
    words = list(_WORD.finditer(sentence))
    numbers = [word for word in words if _NUMBER.fullmatch(word.group())]
    changed = rng.sample(numbers, 1) if numbers else rng.sample(words, rng.randint(1, 2))
    variant = sentence
    for word in sorted(changed, key=lambda word: word.start(), reverse=True):
        if _NUMBER.fullmatch(word.group()):
            new = rng.choice([w for w in _NUMBER_WORDS if w != word.group().lower()])
        else:
            new = rng.choice([w.group() for w in words if w.group() != word.group()] or ["so"])
        variant = variant[: word.start()] + new + variant[word.end() :]
    others = [span for span in paragraphs if not span[0] <= start < span[1]]
    at = rng.choice(others)[0]
    echoed = passage[:at] + variant + " " + passage[at:]
    shift = len(variant) + 1 if at <= start else 0
    return echoed, (start + shift, end + shift)


def _phrase_of(rng: random.Random, text: str, span: tuple[int, int]) -> tuple[int, int]:
    """The whole sentence at `span`, or a phrase of three to eight of its words."""
    words = [m.span() for m in _WORD.finditer(text[: span[1]], span[0])]
    if rng.random() < 0.5 or len(words) < 4:
        return span
    size = rng.randint(3, min(8, len(words)))
    at = rng.randrange(len(words) - size + 1)
    return words[at][0], words[at + size - 1][1]


def _current(text: Text, span: tuple[int, int]) -> tuple[int, int] | None:
    """Where an old range lies in the text being edited, roughly (None if it is gone)."""
    positions = [at for at, offset in enumerate(text.origin) if span[0] <= offset < span[1]]
    return (positions[0], positions[-1] + 1) if positions else None
