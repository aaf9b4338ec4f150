"""How well the article analyser finds entities, figures and quotes, against a hand-made gold set.

Run from the checkout: `python benchmarks/score_analysis.py [--gold DIR] [--json]
[--write-benchmarks] [--verbose] [--check] [SLUG ...]`.

Each article in the gold directory (`benchmarks/gold/` unless `--gold DIR` names another) is a
`<slug>.txt` (or the file its gold names in "text") with a `<slug>.gold.json` written by hand
from reading the text (see `benchmarks/gold/README.md`). `benchmarks/gold-heldout/` is a
held-out set annotated the same way that the analyser is never tuned on (see its README):
score it with `--gold benchmarks/gold-heldout`, and `--write-benchmarks` then writes its own
section of BENCHMARKS.md.
Every article is loaded with `reader.core.loaders.load_path` and analysed twice:

* analyser: `Analyzer(nlp).analyze(article)` from `reader.core.analysis.analyzer`;
* baseline: the raw `en_core_web_sm` entities on the same text, with no grouping (each distinct
  entity text is an entity), CARDINAL/MONEY/PERCENT/QUANTITY entities as figures, and naive
  quotes: the words between paired quotation marks (straight or curly) within a paragraph,
  three words or more a statement and one or two a scare quote, said by the raw model's
  PERSON entity nearest the quote in the same paragraph (before or after it, outside
  quotation marks), else by no one (`naive_quotes`).

Scores are precision, recall and F1 per article and micro-averaged over all articles, for
three panes:

* entities: a predicted entity matches a gold one when its name or an alias equals the gold
  name or an alias (case-insensitive, accents folded, a leading "the ", a possessive "'s"
  and full stops ignored). Each gold entity is matched at most once (a maximum matching); a
  further predicted entity with the same names is a false positive (a failure to group).
  Names in a gold entity's "also_known_as" (ISIS for the Islamic State) need world
  knowledge to group: they match, but a second entity found by one of them is not counted
  either way. Kind accuracy is over matched entities (a gold "kind_alt" is accepted too).
* figures: matched by the number itself, read from the figure text ("more than 100" and
  "100 people" are both 100; "$1.13bn" is 1.13e9; "Ninety one" is 91), where the predicted
  span overlaps the gold figure's place in the text. Secondary: qualifier accuracy, unit
  accuracy (percentages and currencies), value accuracy (the analyser's `value`) and
  "counts" agreement (a gold head noun appears in the predicted `counts`).
* quotes: statements only (not scare quotes) for P/R/F1: a predicted quote matches a gold one
  when the spans overlap and the texts agree (one's first 30 normalised characters are in
  the other, or a token Jaccard of 0.6 or more). Speaker accuracy is over matched
  statements whose gold speaker is known; scare accuracy is over every matched quote.

Gold items marked "optional" (borderline cases) are never counted as misses, and a
prediction that matches one is not counted as a false positive.

The section opens with a summary: for each system, entities F1, kind accuracy, figures F1,
quotes F1 and speaker accuracy macro-averaged over articles (an F1 over the articles with a
required gold item of its pane, 0 where the system finds nothing; an accuracy over the
articles where it has at least one found item to judge), beside the tracker issue's targets;
then the same per genre (a gold file's "genre", else its "topic" up to the first ":" or "/",
see `genre_of`). `--classes` adds an error analysis by class (see `classes`).
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import time
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script from a checkout, without installing

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import report  # noqa: E402

GOLD_DIR = HERE / "gold"
HELDOUT_DIR = HERE / "gold-heldout"
BENCHMARKS_MD = ROOT / "BENCHMARKS.md"
SECTION_TITLE = "## Analysis quality"
HELDOUT_SECTION_TITLE = "## Analysis quality, held-out articles"

BASELINE_KINDS = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "group",
    "EVENT": "event",
    "WORK_OF_ART": "other",
    "LAW": "other",
    "PRODUCT": "other",
    "LANGUAGE": "other",
}
BASELINE_FIGURES = {"CARDINAL", "MONEY", "PERCENT", "QUANTITY"}

KINDS = {"person", "organisation", "place", "group", "event", "other"}
QUOTE_MARKS = "\"'“”‘’«»„‚‹›"
PREFIX_CHARS = 30
JACCARD_MIN = 0.6


# --------------------------------------------------------------------------------------------
# Normalising names, numbers and quotations


def fold(text: str) -> str:
    """Lowercase, accents removed, curly quotes and apostrophes straight, spaces collapsed."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(text.lower().split())


def norm_name(name: str) -> str:
    """A name as compared: "The Syrian Observatory's" and "syrian observatory" are equal."""
    text = fold(name).strip(QUOTE_MARKS + " ,;:()[]")
    text = re.sub(r"^the\s+", "", text)
    text = re.sub(r"'s$|'$", "", text)
    text = text.replace(".", "")
    return " ".join(text.split())


def singular(word: str) -> str:
    word = word.lower()
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    return [singular(w) for w in re.findall(r"[a-z0-9]+", fold(text))]


_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "dozen": 12,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {
    "hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "bn": 1e9, "mn": 1e6, "m": 1e6, "k": 1e3, "tn": 1e12,
}  # fmt: skip
_TOKEN_RE = re.compile(r"\d+(?:\.\d+)?[a-z]*|[a-z]+")


def parse_number(text: str) -> float | None:
    """The first number a figure's text states: "more than 100" → 100, "$1.13bn" → 1.13e9,
    "Ninety one" → 91, "nine out of 10" → 9, "12,500-square-foot" → 12500."""
    text = re.sub(r"(?<=\d),(?=\d{3})", "", fold(text))
    tokens = _TOKEN_RE.findall(text)
    for index, token in enumerate(tokens):
        digits = re.fullmatch(r"(\d+(?:\.\d+)?)([a-z]*)", token)
        if digits:
            value = float(digits.group(1))
            suffix = digits.group(2)
            if suffix in _SCALES and suffix != "hundred":
                return value * _SCALES[suffix]
            if suffix:  # "5th", "1970s", "3pm": not a scale
                return value
            following = tokens[index + 1] if index + 1 < len(tokens) else ""
            if following in ("hundred", "thousand", "million", "billion", "trillion"):
                return value * _SCALES[following]
            return value
        if token in _UNITS or token in _TENS:
            return _parse_words(tokens[index:])
    return None


def _parse_words(tokens: list[str]) -> float:
    total = 0.0
    current = 0.0
    for token in tokens:
        if token in _UNITS:
            current += _UNITS[token]
        elif token in _TENS:
            current += _TENS[token]
        elif token == "hundred":
            current = max(current, 1) * 100
        elif token in ("thousand", "million", "billion", "trillion"):
            total += max(current, 1) * _SCALES[token]
            current = 0
        elif token == "and":
            continue
        else:
            break
    return total + current


def same_number(a: float | None, b: float | None) -> bool:
    return a is not None and b is not None and math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def norm_quote(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", fold(text)).split())


def quotes_agree(a: str, b: str) -> bool:
    """Strong overlap: one's first 30 normalised characters inside the other, or Jaccard ≥ 0.6."""
    na, nb = norm_quote(a), norm_quote(b)
    if not na or not nb:
        return False
    if na[:PREFIX_CHARS] in nb or nb[:PREFIX_CHARS] in na:
        return True
    ta, tb = set(na.split()), set(nb.split())
    return len(ta & tb) / len(ta | tb) >= JACCARD_MIN


# --------------------------------------------------------------------------------------------
# Gold and predictions


@dataclass
class GoldEntity:
    name: str
    kind: str
    forms: set[str]
    """The name and aliases, normalised."""
    weak_forms: set[str]
    """`also_known_as`, normalised."""
    kinds: set[str]
    optional: bool


@dataclass
class GoldFigure:
    text: str
    value: float
    number: float | None
    """`parse_number(text)`: what predictions are matched on."""
    qualifier: str
    unit: str | None
    heads: list[str]
    optional: bool
    anchor: str = ""
    counts: str = ""
    """The gold "counts": what the figure counts, in the article's words."""
    """Words around the figure that place it when its text alone is ambiguous ("one")."""
    start: int = -1
    end: int = -1


@dataclass
class GoldQuote:
    text: str
    speaker: str | None
    scare: bool
    optional: bool
    start: int = -1
    end: int = -1


@dataclass
class Gold:
    slug: str
    source: str
    topic: str
    text_path: Path
    entities: list[GoldEntity]
    figures: list[GoldFigure]
    quotes: list[GoldQuote]
    raw: dict[str, Any]

    @property
    def genre(self) -> str:
        return genre_of(self.raw)


@dataclass
class PredEntity:
    name: str
    kind: str
    aliases: tuple[str, ...] = ()

    @property
    def forms(self) -> set[str]:
        return {norm_name(form) for form in (self.name, *self.aliases) if norm_name(form)}


@dataclass
class PredFigure:
    text: str
    start: int
    end: int
    value: float | None = None
    qualifier: str | None = None
    unit: str | None = None
    counts: str | None = None

    @property
    def number(self) -> float | None:
        parsed = parse_number(self.text)
        return parsed if parsed is not None else self.value


@dataclass
class PredQuote:
    text: str
    start: int
    end: int
    speaker: str
    scare: bool
    speaker_forms: set[str] = field(default_factory=set)


@dataclass
class Prediction:
    entities: list[PredEntity]
    figures: list[PredFigure]
    quotes: list[PredQuote] | None
    """None when the system finds no quotes at all (the baseline)."""
    seconds: float = 0.0


GENRES = (
    "world news", "business", "politics", "sport", "entertainment", "science", "technology",
    "local news", "feature", "newsletter", "opinion", "interview", "novel",
)  # fmt: skip


def genre_of(raw: dict[str, Any]) -> str:
    """A gold file's genre: its "genre" key; else its "topic" up to the first ":" or "/"
    ("UK politics / family law" → "UK politics"), made the one genre of GENRES it names as
    whole words when there is exactly one ("UK politics" → "politics")."""
    if raw.get("genre"):
        return " ".join(str(raw["genre"]).split()).lower()
    head = " ".join(re.split(r"[:/]", str(raw.get("topic", "")), maxsplit=1)[0].split()).lower()
    named = [genre for genre in GENRES if re.search(rf"\b{re.escape(genre)}\b", head)]
    if len(named) == 1:
        return named[0]
    return head or "unknown"


def load_gold(path: Path) -> Gold:
    data = json.loads(path.read_text(encoding="utf-8"))
    slug = path.name.removesuffix(".gold.json")
    text_path = ROOT / data["text"] if data.get("text") else path.with_name(f"{slug}.txt")
    entities = [
        GoldEntity(
            name=item["name"],
            kind=item["kind"],
            forms={norm_name(f) for f in [item["name"], *item.get("aliases", [])]},
            weak_forms={norm_name(f) for f in item.get("also_known_as", [])},
            kinds={item["kind"], *item.get("kind_alt", [])},
            optional=bool(item.get("optional")),
        )
        for item in data["entities"]
    ]
    figures = []
    for item in data["figures"]:
        heads = item.get("head") or []
        figures.append(
            GoldFigure(
                text=item["text"],
                value=float(item["value"]),
                number=parse_number(item["text"]),
                qualifier=item.get("qualifier", ""),
                unit=item.get("unit"),
                heads=[heads] if isinstance(heads, str) else list(heads),
                optional=bool(item.get("optional")),
                anchor=item.get("anchor", ""),
                counts=item.get("counts", "") or "",
            )
        )
    quotes = [
        GoldQuote(
            text=item["text"],
            speaker=item.get("speaker"),
            scare=bool(item.get("scare")),
            optional=bool(item.get("optional")),
        )
        for item in data["quotes"]
    ]
    return Gold(
        slug, data.get("source", ""), data.get("topic", ""), text_path, entities, figures,
        quotes, data,
    )  # fmt: skip


def _find(text: str, needle: str, cursor: int, *, whole_words: bool) -> re.Match[str] | None:
    """The first occurrence of `needle` from `cursor`, any run of white space matching any."""
    pattern = r"\s+".join(re.escape(part) for part in needle.split())
    if whole_words:
        pattern = rf"(?<!\w){pattern}(?!\w)"
    return re.compile(pattern, re.IGNORECASE).search(text, cursor)


def locate(gold: Gold, text: str) -> list[str]:
    """Give every gold figure and quote its place in the article text, in reading order.

    Each is looked for from just after the previous one's start. Returns the problems found:
    a figure or quote not in the text, a figure value its text does not state, a quote not
    opened by a mark, an entity form that never occurs or that two entities share, an
    unknown kind, a named speaker that is no gold entity.
    """
    problems: list[str] = []
    cursor = 0
    for figure in gold.figures:
        if figure.anchor:
            around = _find(text, figure.anchor, cursor, whole_words=True)
            inside = around and _find(around.group(0), figure.text, 0, whole_words=True)
            match = None
            if around and inside:
                match = _find(text, figure.text, around.start() + inside.start(), whole_words=True)
        else:
            match = _find(text, figure.text, cursor, whole_words=True)
        if match is None:
            problems.append(f"figure {figure.text!r} not found after offset {cursor}")
            continue
        figure.start, figure.end = match.span()
        cursor = figure.start + 1
        if not same_number(figure.number, figure.value):
            problems.append(
                f"figure {figure.text!r}: value {figure.value}, but its text reads as "
                f"{figure.number}"
            )
    cursor = 0
    for quote in gold.quotes:
        match = _find(text, quote.text, cursor, whole_words=False)
        while match and (match.start() == 0 or text[match.start() - 1] not in QUOTE_MARKS):
            later = _find(text, quote.text, match.start() + 1, whole_words=False)
            if later is None:
                break
            match = later
        if match is None:
            problems.append(f"quote {_short(quote.text, 50)} not found after offset {cursor}")
            continue
        quote.start, quote.end = match.span()
        cursor = quote.start + 1
        if quote.start == 0 or text[quote.start - 1] not in QUOTE_MARKS:
            problems.append(f"quote {_short(quote.text, 50)} does not follow a quotation mark")
    folded = fold(text)
    for item in gold.raw["entities"]:
        for form in [item["name"], *item.get("aliases", []), *item.get("also_known_as", [])]:
            if fold(form) not in folded:
                problems.append(f"entity form {form!r} ({item['name']}) does not occur")
    seen: dict[str, str] = {}
    for entity in gold.entities:
        for form in sorted(entity.forms | entity.weak_forms):
            if seen.get(form, entity.name) != entity.name:
                problems.append(f"entity form {form!r} is in both {seen[form]} and {entity.name}")
            seen[form] = entity.name
        if not entity.kinds <= KINDS:
            problems.append(f"entity {entity.name}: unknown kind in {sorted(entity.kinds)}")
    genre = gold.raw.get("genre")
    if genre is not None and genre_of(gold.raw) not in GENRES:
        problems.append(f"genre {genre!r} is not one of: {', '.join(GENRES)}")
    names = {entity.name for entity in gold.entities}
    for quote in gold.quotes:
        if quote.scare and quote.speaker:
            problems.append(f"scare quote {quote.text!r} has a speaker: use null")
        if quote.speaker and quote.speaker not in names and quote.speaker[:1].isupper():
            # A capitalised speaker that is not an entity: a typo, or "Critics" at a
            # sentence start (descriptive, fine). Only flag multi-word capitalised names.
            parts = quote.speaker.split()
            if len(parts) > 1 and all(part[:1].isupper() for part in parts):
                problems.append(f"quote speaker {quote.speaker!r} is not a gold entity name")
    return problems


def resolve_gold_dir(value: str | Path | None) -> Path:
    """The gold directory `--gold` names: as given, else relative to the checkout."""
    if value is None:
        return GOLD_DIR
    path = Path(value).expanduser()
    if not path.is_absolute() and not path.is_dir() and (ROOT / path).is_dir():
        path = ROOT / path
    if not path.is_dir():
        raise SystemExit(f"No gold directory: {value}")
    return path.resolve()


def is_heldout(gold_dir: Path) -> bool:
    return gold_dir.resolve() == HELDOUT_DIR.resolve()


def section_title(gold_dir: Path) -> str:
    """The BENCHMARKS.md section a gold directory's scores go in: each set has its own."""
    gold_dir = gold_dir.resolve()
    if gold_dir == GOLD_DIR.resolve():
        return SECTION_TITLE
    if is_heldout(gold_dir):
        return HELDOUT_SECTION_TITLE
    return f"{SECTION_TITLE}, {gold_dir.name}"


def display_path(path: Path) -> str:
    """A path as written in BENCHMARKS.md: relative to the checkout where it can be."""
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


def gold_paths(gold_dir: Path) -> list[Path]:
    paths = sorted(gold_dir.glob("*.gold.json"))
    if not paths:
        raise SystemExit(f"No *.gold.json files in {gold_dir}")
    return paths


# --------------------------------------------------------------------------------------------
# The two systems


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: runs of text between blank lines."""
    spans = []
    start = 0
    for blank in re.finditer(r"\n[ \t]*\n\s*", text):
        if text[start : blank.start()].strip():
            spans.append((start, blank.start()))
        start = blank.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


_OPENERS = "“„«"
_CLOSERS = "”»"
_SINGLE_OPEN_AFTER = "([{—–-/"


def quote_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Paired quotation marks in `text[start:end]` (one paragraph), as (opening mark,
    closing mark) offsets, in order.

    Double marks first: a curly opening mark (“ „ «) or a straight " opens, and the next
    closing mark (” » or ") closes; an opening mark inside an open quotation starts it again.
    Then single marks outside those: ‘, or a ' at a word's start (after a space, a bracket or
    a dash, before a letter or digit), opens; the next ' or ’ at a word's end (after a
    non-space, before a non-letter) closes, so that the apostrophes of "don't" do neither.
    A mark left open at the paragraph's end pairs with nothing.
    """
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    for index in range(start, end):
        char = text[index]
        if char in _OPENERS or (char == '"' and opened is None):
            opened = index
        elif (char in _CLOSERS or char == '"') and opened is not None:
            spans.append((opened, index))
            opened = None
    inside = [False] * (end - start)
    for left, right in spans:
        for index in range(left, right + 1):
            inside[index - start] = True
    opened = None
    singles: list[tuple[int, int]] = []
    for index in range(start, end):
        char = text[index]
        if char not in "'‘’" or inside[index - start]:
            continue
        before = text[index - 1] if index > start else " "
        after = text[index + 1] if index + 1 < end else " "
        opens = after.isalnum() and (
            char == "‘" or (char == "'" and (before.isspace() or before in _SINGLE_OPEN_AFTER))
        )
        closes = char in "'’" and not before.isspace() and not after.isalnum()
        if opened is None and opens:
            opened = index
        elif opened is not None and closes:
            singles.append((opened, index))
            opened = None
    return sorted(spans + singles)


def naive_quotes(text: str, persons: Iterable[tuple[int, int, str]]) -> list[PredQuote]:
    """The baseline's quotations: the words between paired marks (`quote_spans`) within a
    paragraph, a statement when three words or more, else a scare quote; the speaker is the
    PERSON entity (start, end, text) nearest the quote in the same paragraph, before or after
    it and outside every quotation, else none."""
    persons = sorted(persons)
    quotes: list[PredQuote] = []
    for para_start, para_end in paragraph_spans(text):
        spans = quote_spans(text, para_start, para_end)
        if not spans:
            continue
        outside = [
            (start, end, name)
            for start, end, name in persons
            if para_start <= start
            and end <= para_end
            and not any(left <= start <= right for left, right in spans)
        ]
        for left, right in spans:
            inner = text[left + 1 : right]
            if not inner.strip():
                continue
            scare = len(inner.split()) < 3
            speaker = ""
            if not scare and outside:
                nearest = min(
                    outside,
                    key=lambda p: left - p[1] if p[1] <= left else p[0] - right,
                )
                speaker = nearest[2]
            forms = {norm_name(speaker)} if speaker else set()
            quotes.append(PredQuote(inner, left, right + 1, speaker, scare, forms))
    return quotes


def run_baseline(nlp: Any, text: str) -> Prediction:
    started = time.perf_counter()
    doc = nlp(text)
    entities: dict[str, PredEntity] = {}
    figures: list[PredFigure] = []
    persons: list[tuple[int, int, str]] = []
    for ent in doc.ents:
        if ent.label_ == "PERSON":
            persons.append((ent.start_char, ent.end_char, ent.text))
        if ent.label_ in BASELINE_KINDS and ent.text not in entities:
            entities[ent.text] = PredEntity(ent.text, BASELINE_KINDS[ent.label_])
        elif ent.label_ in BASELINE_FIGURES:
            figures.append(PredFigure(ent.text, ent.start_char, ent.end_char))
    quotes = naive_quotes(text, persons)
    return Prediction(list(entities.values()), figures, quotes, time.perf_counter() - started)


def run_analyser(analyzer: Any, article: Any) -> Prediction:
    started = time.perf_counter()
    analysis = analyzer.analyze(article)
    seconds = time.perf_counter() - started
    by_id = {entity.id: entity for entity in analysis.entities}
    entities = [
        PredEntity(entity.name, str(getattr(entity.kind, "value", entity.kind)), entity.aliases)
        for entity in analysis.entities
    ]
    figures = [
        PredFigure(
            figure.text,
            figure.start,
            figure.end,
            figure.value,
            figure.qualifier,
            figure.unit,
            figure.counts,
        )
        for figure in analysis.figures
    ]
    quotes = []
    for quote in analysis.quotes:
        forms = {norm_name(quote.speaker)} if quote.speaker else set()
        speaker_entity = by_id.get(quote.speaker_id) if quote.speaker_id else None
        if speaker_entity is not None:
            forms |= {norm_name(f) for f in (speaker_entity.name, *speaker_entity.aliases)}
        quotes.append(
            PredQuote(quote.text, quote.start, quote.end, quote.speaker, quote.scare, forms)
        )
    return Prediction(entities, figures, quotes, seconds)


# --------------------------------------------------------------------------------------------
# Scoring


@dataclass
class Outcome:
    """How a system did on one required gold item."""

    found: bool
    right: bool | None = None
    """The entity's kind, or the statement's speaker, is right (None: not judged)."""
    predicted: str = ""
    """The kind or speaker the system gave."""


@dataclass
class Pane:
    """Counts for one pane of one article (or summed over articles)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    secondary: dict[str, list[int]] = field(default_factory=dict)
    """name → [agreeing, out of]."""
    errors: list[str] = field(default_factory=list)
    scored: bool = True
    """False when the system does not attempt this pane (baseline quotes): P is undefined."""
    outcomes: dict[int, Outcome] = field(default_factory=dict)
    """Index of a required gold item in its gold list → how this system did on it (one
    article's pane only; `add` leaves it)."""
    spurious: list[Any] = field(default_factory=list)
    """The predictions counted as false positives (one article's pane only)."""

    def tally(self, name: str, ok: bool) -> None:
        pair = self.secondary.setdefault(name, [0, 0])
        pair[0] += int(ok)
        pair[1] += 1

    def add(self, other: Pane) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.scored = self.scored and other.scored
        for name, (ok, total) in other.secondary.items():
            pair = self.secondary.setdefault(name, [0, 0])
            pair[0] += ok
            pair[1] += total

    @property
    def precision(self) -> float | None:
        if not self.scored or self.tp + self.fp == 0:
            return None
        return self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None and r is not None and not self.scored:
            p = 0.0
        if p is None or r is None:
            return None
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)

    def rate(self, name: str) -> float | None:
        ok, total = self.secondary.get(name, (0, 0))
        return ok / total if total else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": _round(self.precision),
            "recall": _round(self.recall),
            "f1": _round(self.f1),
            **{name: _round(self.rate(name)) for name in self.secondary},
            "secondary_counts": {name: list(pair) for name, pair in self.secondary.items()},
        }


def _position(items: list[Any], item: Any) -> int:
    """The index of `item` itself (not of an equal one) in `items`."""
    return next(index for index, candidate in enumerate(items) if candidate is item)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def max_matching(left: int, edges: dict[int, list[int]]) -> dict[int, int]:
    """A maximum bipartite matching (Kuhn's algorithm): left index → right index.

    Each left node's edges are tried in their order, so listing the preferred partners first
    keeps them wherever that costs no match.
    """
    match_right: dict[int, int] = {}

    def attempt(node: int, seen: set[int]) -> bool:
        for right in edges.get(node, []):
            if right in seen:
                continue
            seen.add(right)
            if right not in match_right or attempt(match_right[right], seen):
                match_right[right] = node
                return True
        return False

    for node in range(left):
        attempt(node, set())
    return {node: right for right, node in match_right.items()}


def score_entities(gold: Gold, pred: Prediction) -> Pane:
    pane = Pane()
    required = [g for g in gold.entities if not g.optional]
    optional = [g for g in gold.entities if g.optional]

    def edges_from(golds: list[GoldEntity], preds: list[int]) -> dict[int, list[int]]:
        """Gold index → candidate positions in `preds`, the best first: the predicted name
        is a gold form and the kind agrees, then the name is a gold form, then an alias is,
        then only an also-known-as name is."""
        edges: dict[int, list[int]] = {}
        for g_index, g in enumerate(golds):
            ranked = []
            for position, p_index in enumerate(preds):
                p = pred.entities[p_index]
                if not p.forms & (g.forms | g.weak_forms):
                    continue
                named = norm_name(p.name) in g.forms
                rank = (not (named and p.kind in g.kinds), not named, not p.forms & g.forms)
                ranked.append((rank, position))
            edges[g_index] = [position for _, position in sorted(ranked)]
        return edges

    all_preds = list(range(len(pred.entities)))
    matched = max_matching(len(required), edges_from(required, all_preds))
    used = set(matched.values())
    for g_index, p_index in sorted(matched.items()):
        g, p = required[g_index], pred.entities[p_index]
        pane.tp += 1
        ok = p.kind in g.kinds
        pane.outcomes[_position(gold.entities, g)] = Outcome(True, ok, p.kind)
        pane.tally("kind_acc", ok)
        if not ok:
            pane.errors.append(f"kind  {p.name!r} is {p.kind}, gold {g.name!r} is {g.kind}")
    for g_index, g in enumerate(required):
        if g_index not in matched:
            pane.fn += 1
            pane.outcomes[_position(gold.entities, g)] = Outcome(False)
            pane.errors.append(f"FN    {g.name!r} ({g.kind})")
    rest = [p for p in all_preds if p not in used]
    optional_match = max_matching(len(optional), edges_from(optional, rest))
    neutral = {rest[position] for position in optional_match.values()}
    for p_index in rest:
        if p_index in neutral:
            continue
        p = pred.entities[p_index]
        strong = [g for g in gold.entities if p.forms & g.forms]
        weak = [g for g in gold.entities if p.forms & g.weak_forms]
        if strong:
            pane.fp += 1
            pane.spurious.append(p)
            pane.errors.append(
                f"FP    {p.name!r} ({p.kind}): a second entity for {strong[0].name!r}"
            )
        elif weak:
            pane.errors.append(f"info  {p.name!r} not grouped with {weak[0].name!r} (not counted)")
        else:
            pane.fp += 1
            pane.spurious.append(p)
            pane.errors.append(f"FP    {p.name!r} ({p.kind})")
    return pane


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def _valid_span(text: str, start: int, end: int, fragment: str) -> bool:
    return (
        0 <= start < end <= len(text)
        and bool(fragment)
        and (
            norm_quote(fragment)[:10] in norm_quote(text[start:end])
            or norm_quote(text[start:end])[:10] in norm_quote(fragment)
        )
    )


def _align(
    golds: list[Any],
    preds: list[Any],
    agree: Callable[[Any, Any], bool],
    text: str,
    span_text: Callable[[Any], str],
) -> dict[int, int]:
    """Gold index → prediction index. Pairs must agree and overlap in the text; predictions
    whose offsets do not point at their own text are matched on agreement alone."""
    matched: dict[int, int] = {}
    used: set[int] = set()
    for g_index, g in enumerate(golds):
        best: tuple[int, int] | None = None
        for p_index, p in enumerate(preds):
            if p_index in used or not agree(g, p):
                continue
            if g.start >= 0 and _valid_span(text, p.start, p.end, span_text(p)):
                if not _overlaps(g.start, g.end, p.start, p.end):
                    continue
                distance = abs(p.start - g.start)
            else:
                distance = 10**9
            if best is None or distance < best[0]:
                best = (distance, p_index)
        if best is not None:
            matched[g_index] = best[1]
            used.add(best[1])
    return matched


def score_figures(gold: Gold, pred: Prediction, text: str) -> Pane:
    pane = Pane()
    required = [g for g in gold.figures if not g.optional]
    optional = [g for g in gold.figures if g.optional]

    def agree(g: GoldFigure, p: PredFigure) -> bool:
        return same_number(g.number, p.number)

    matched = _align(required, pred.figures, agree, text, lambda p: p.text)
    used = set(matched.values())
    rest = [p for i, p in enumerate(pred.figures) if i not in used]
    neutral = {id(rest[i]) for i in _align(optional, rest, agree, text, lambda p: p.text).values()}
    for g_index, g in enumerate(required):
        if g_index not in matched:
            pane.fn += 1
            pane.outcomes[_position(gold.figures, g)] = Outcome(False)
            pane.errors.append(f"FN    {g.text!r} at {g.start}: {_context(text, g.start, g.end)}")
            continue
        p = pred.figures[matched[g_index]]
        pane.tp += 1
        pane.outcomes[_position(gold.figures, g)] = Outcome(True, None, p.text)
        if p.qualifier is not None:  # the baseline has no qualifiers, units or counts
            qualifier_ok = p.qualifier.strip().lower() == g.qualifier.strip().lower()
            pane.tally("qualifier_acc", qualifier_ok)
            if not qualifier_ok:
                pane.errors.append(
                    f"qual  {p.text!r}: qualifier {p.qualifier!r}, gold {g.qualifier!r}"
                )
        if p.unit is not None and g.unit and (g.unit == "%" or re.fullmatch(r"[A-Z]{3}", g.unit)):
            unit_ok = p.unit.upper() == g.unit.upper()
            pane.tally("unit_acc", unit_ok)
            if not unit_ok:
                pane.errors.append(f"unit  {p.text!r}: unit {p.unit!r}, gold {g.unit!r}")
        if p.value is not None:
            value_ok = same_number(p.value, g.value)
            pane.tally("value_acc", value_ok)
            if not value_ok:
                pane.errors.append(f"value {p.text!r}: value {p.value}, gold {g.value}")
        if p.counts is not None and g.heads:
            counted = set(words(p.counts))
            counts_ok = any(singular(h) in counted for h in (w for h in g.heads for w in words(h)))
            pane.tally("counts_agree", counts_ok)
            if not counts_ok:
                pane.errors.append(
                    f"count {p.text!r}: counts {p.counts!r}, gold head {'/'.join(g.heads)!r}"
                )
    for p in rest:
        if id(p) in neutral:
            continue
        pane.fp += 1
        pane.spurious.append(p)
        pane.errors.append(f"FP    {p.text!r} at {p.start}: {_context(text, p.start, p.end)}")
    return pane


def _context(text: str, start: int, end: int, width: int = 30) -> str:
    if start < 0:
        return "(no position)"
    before = text[max(0, start - width) : start].replace("\n", " ")
    after = text[end : end + width].replace("\n", " ")
    return f"…{before}[{text[start:end]}]{after}…"


def speaker_matches(gold_speaker: str, quote: PredQuote, gold: Gold) -> bool:
    entity = next((g for g in gold.entities if g.name == gold_speaker), None)
    if entity is not None:
        return bool(quote.speaker_forms & (entity.forms | entity.weak_forms))
    head = words(gold_speaker)[-1:]  # a descriptive speaker: "an ISIS loyalist" → "loyalist"
    return bool(head) and head[0] in words(quote.speaker)


def score_quotes(gold: Gold, pred: Prediction, text: str) -> Pane:
    pane = Pane()
    if pred.quotes is None:
        pane.scored = False
        pane.fn = sum(1 for g in gold.quotes if not g.scare and not g.optional)
        return pane
    required = [g for g in gold.quotes if not g.optional]
    optional = [g for g in gold.quotes if g.optional]

    def agree(g: GoldQuote, p: PredQuote) -> bool:
        return quotes_agree(g.text, p.text)

    matched = _align(required, pred.quotes, agree, text, lambda p: p.text)
    used = set(matched.values())
    rest = [p for i, p in enumerate(pred.quotes) if i not in used]
    neutral = {id(rest[i]) for i in _align(optional, rest, agree, text, lambda p: p.text).values()}
    for g_index, g in enumerate(required):
        p = pred.quotes[matched[g_index]] if g_index in matched else None
        if p is not None:
            scare_ok = p.scare == g.scare
            pane.tally("scare_acc", scare_ok)
            if not scare_ok:
                pane.errors.append(
                    f"scare {_short(g.text)}: predicted scare={p.scare}, gold scare={g.scare}"
                )
        if g.scare:
            continue
        if p is None or p.scare:
            pane.fn += 1
            pane.outcomes[_position(gold.quotes, g)] = Outcome(False)
            pane.errors.append(f"FN    {_short(g.text)} (speaker {g.speaker})")
            continue
        pane.tp += 1
        pane.outcomes[_position(gold.quotes, g)] = Outcome(True, None, p.speaker)
        if g.speaker:
            ok = speaker_matches(g.speaker, p, gold)
            pane.outcomes[_position(gold.quotes, g)].right = ok
            pane.tally("speaker_acc", ok)
            if not ok:
                pane.errors.append(
                    f"spkr  {_short(g.text)}: speaker {p.speaker!r}, gold {g.speaker!r}"
                )
    for p_index, p in enumerate(pred.quotes):
        if p.scare or id(p) in neutral:
            continue
        good = any(
            p_index == matched.get(g_index) and not g.scare for g_index, g in enumerate(required)
        )
        if not good:
            pane.fp += 1
            pane.spurious.append(p)
            pane.errors.append(f"FP    {_short(p.text)} (speaker {p.speaker!r})")
    return pane


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= width else text[: width - 1] + "…")


# --------------------------------------------------------------------------------------------
# Running and reporting

PANES = ("entities", "figures", "quotes")
SECONDARY = {
    "entities": ("kind_acc",),
    "figures": ("qualifier_acc", "unit_acc", "value_acc", "counts_agree"),
    "quotes": ("speaker_acc", "scare_acc"),
}


def score(gold: Gold, pred: Prediction, text: str) -> dict[str, Pane]:
    return {
        "entities": score_entities(gold, pred),
        "figures": score_figures(gold, pred, text),
        "quotes": score_quotes(gold, pred, text),
    }


def gold_counts(gold: Gold) -> dict[str, int]:
    return {
        "entities": sum(not g.optional for g in gold.entities),
        "figures": sum(not g.optional for g in gold.figures),
        "quotes": sum(not g.optional and not g.scare for g in gold.quotes),
        "scare_quotes": sum(not g.optional and g.scare for g in gold.quotes),
        "optional": sum(
            g.optional for items in (gold.entities, gold.figures, gold.quotes) for g in items
        ),
    }


def load_analyser(nlp: Any) -> tuple[Any | None, str]:
    """The analyser, or None and why it is unavailable."""
    try:
        from reader.core.analysis.analyzer import Analyzer
    except ImportError as error:
        return None, f"not importable: {error}"
    except Exception as error:  # a module half-written: report it, score the baseline
        return None, f"import failed: {type(error).__name__}: {error}"
    try:
        return Analyzer(nlp), ""
    except Exception as error:
        return None, f"Analyzer(nlp) failed: {type(error).__name__}: {error}"


def run(slugs: Iterable[str], gold_dir: Path = GOLD_DIR) -> dict[str, Any]:
    from reader.core.analysis.pipeline import load_pipeline, model_label
    from reader.core.loaders import load_path

    wanted = set(slugs)
    paths = gold_paths(gold_dir)
    golds = [load_gold(path) for path in paths]
    if wanted:
        golds = [g for g in golds if g.slug in wanted]
        missing = wanted - {g.slug for g in golds}
        if missing:
            raise SystemExit(f"No gold for: {', '.join(sorted(missing))}")
    nlp = load_pipeline()
    analyzer, unavailable = load_analyser(nlp)
    analyser_version = ""
    if analyzer is not None:
        try:
            from reader.core.analysis import analyzer as analyzer_module

            analyser_version = str(getattr(analyzer_module, "ANALYSER_VERSION", ""))
        except Exception:  # pragma: no cover - imported above already
            pass
    results: dict[str, Any] = {
        "gold_dir": display_path(gold_dir),
        "section_title": section_title(gold_dir),
        "heldout": is_heldout(gold_dir),
        "measured": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "model": model_label(nlp),
        "analyser_available": analyzer is not None,
        "analyser_unavailable_reason": unavailable,
        "analyser_version": analyser_version,
        "articles": {},
    }
    totals = {system: {pane: Pane() for pane in PANES} for system in ("analyser", "baseline")}
    for gold in golds:
        article = load_path(gold.text_path)
        text = article.text
        problems = locate(gold, text)
        entry: dict[str, Any] = {
            "source": gold.source,
            "topic": gold.topic,
            "genre": gold.genre,
            "words": len(text.split()),
            "gold": gold_counts(gold),
            "gold_problems": problems,
        }
        systems: dict[str, Prediction | str] = {"baseline": run_baseline(nlp, text)}
        if analyzer is not None:
            try:
                systems["analyser"] = run_analyser(analyzer, article)
            except Exception as error:
                systems["analyser"] = f"analyze() failed: {type(error).__name__}: {error}"
        for system, pred in systems.items():
            if isinstance(pred, str):
                entry[system] = {"error": pred}
                continue
            panes = score(gold, pred, text)
            for pane_name, pane in panes.items():
                totals[system][pane_name].add(pane)
            entry[system] = {
                "seconds": round(pred.seconds, 3),
                **{name: pane.to_dict() for name, pane in panes.items()},
                "_panes": panes,
            }
        results["articles"][gold.slug] = entry
    results["overall"] = {
        system: {name: pane.to_dict() for name, pane in panes.items()}
        for system, panes in totals.items()
        if system == "baseline" or analyzer is not None
    }
    results["macro"] = macro(results["articles"])
    genres: dict[str, list[str]] = {}
    for slug, entry in results["articles"].items():
        genres.setdefault(entry["genre"], []).append(slug)
    results["genres"] = {
        genre: {
            "articles": len(slugs),
            **macro({slug: results["articles"][slug] for slug in slugs}),
        }
        for genre, slugs in sorted(genres.items(), key=_genre_order)
    }
    return results


def _genre_order(item: tuple[str, Any]) -> tuple[int, str]:
    genre = item[0]
    return (GENRES.index(genre) if genre in GENRES else len(GENRES), genre)


MACRO = (
    ("entities_f1", "entities", "f1", "entities F1", 0.93),
    ("kind_acc", "entities", "kind_acc", "kind accuracy", 0.94),
    ("figures_f1", "figures", "f1", "figures F1", 0.93),
    ("quotes_f1", "quotes", "f1", "quotes F1", 0.97),
    ("speaker_acc", "quotes", "speaker_acc", "speaker accuracy", 0.92),
)
"""The macro summary's columns: key, pane, measure, heading, the issue's target."""


def article_measure(entry: dict[str, Any], system: str, pane: str, measure: str) -> float | None:
    """One article's F1 or accuracy for the macro averages; None when the article has no
    required gold item of the pane, or (an accuracy) nothing to take it over."""
    result = entry.get(system)
    if result is None or "error" in result or not entry["gold"][pane]:
        return None
    data = result[pane]
    if measure == "f1":  # 2PR/(P+R), and 0 when the system finds nothing
        return 2 * data["tp"] / (2 * data["tp"] + data["fp"] + data["fn"])
    ok, total = data["secondary_counts"].get(measure, (0, 0))
    return ok / total if total else None


def macro(articles: dict[str, Any]) -> dict[str, dict[str, dict[str, Any]]]:
    """system → column key → {"value": the mean over the articles it is defined on, "n":
    how many those are}."""
    systems = [
        system
        for system in ("analyser", "baseline")
        if any(system in entry and "error" not in entry[system] for entry in articles.values())
    ]
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for system in systems:
        out[system] = {}
        for key, pane, measure, _, _ in MACRO:
            values = [
                value
                for entry in articles.values()
                if (value := article_measure(entry, system, pane, measure)) is not None
            ]
            mean = sum(values) / len(values) if values else None
            out[system][key] = {"value": _round(mean), "n": len(values)}
    return out


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.0f}"


SYSTEM_NAMES = {"analyser": "analyser", "baseline": "raw en_core_web_sm"}


def _macro_cell(cell: dict[str, Any] | None) -> str:
    if not cell or cell["value"] is None:
        return "—"
    return f"{100 * cell['value']:.1f} ({cell['n']})"


def macro_table(results: dict[str, Any]) -> str:
    """The summary: macro averages per system beside the issue's targets."""
    header = ["system", *(heading for _, _, _, heading, _ in MACRO)]
    out = [
        "| " + " | ".join(header) + " |",
        "|---|" + "---:|" * len(MACRO),
    ]
    for system, columns in results["macro"].items():
        cells = [_macro_cell(columns.get(key)) for key, *_ in MACRO]
        out.append(f"| {SYSTEM_NAMES[system]} | " + " | ".join(cells) + " |")
    targets = [f"≥ {100 * target:.0f}" for *_, target in MACRO]
    out.append("| target | " + " | ".join(targets) + " |")
    return "\n".join(out)


def genre_table(results: dict[str, Any]) -> str:
    """The same macro averages for each genre's articles."""
    header = ["genre", "articles", "system", *(heading for _, _, _, heading, _ in MACRO)]
    out = [
        "| " + " | ".join(header) + " |",
        "|---|---:|---|" + "---:|" * len(MACRO),
    ]
    for genre, data in results["genres"].items():
        systems = [system for system in SYSTEM_NAMES if system in data]
        for index, system in enumerate(systems):
            cells = [_macro_cell(data[system].get(key)) for key, *_ in MACRO]
            first = [genre, str(data["articles"])] if index == 0 else ["", ""]
            out.append("| " + " | ".join([*first, SYSTEM_NAMES[system], *cells]) + " |")
    return "\n".join(out)


_HEADINGS = {
    "entities": ("Entities", ["kind acc"]),
    "figures": ("Figures", ["qualifier acc", "unit acc", "value acc", "counts agree"]),
    "quotes": ("Quotes: statements (scare quotes apart)", ["speaker acc", "scare acc"]),
}


def _cells(result: dict[str, Any] | None, pane: str) -> list[str]:
    if result is None or "error" in result:
        return ["n/a"] * (5 + len(SECONDARY[pane]))
    data = result[pane]
    cells = [
        str(data["tp"]),
        str(data["fp"]),
        _pct(data["precision"]),
        _pct(data["recall"]),
        _pct(data["f1"]),
    ]
    for name in SECONDARY[pane]:
        ok_total = data["secondary_counts"].get(name)
        cells.append(f"{_pct(data.get(name))} ({ok_total[1]})" if ok_total else "—")
    return cells


def tables(results: dict[str, Any]) -> str:
    """The Markdown tables: one per pane, rows per article and system, then all articles."""
    systems = ["analyser", "baseline"] if results["analyser_available"] else ["baseline"]
    out: list[str] = []
    for pane in PANES:
        title, extra = _HEADINGS[pane]
        header = ["article", "system", "gold", "TP", "FP", "P", "R", "F1", *extra]
        out += [
            f"**{title}**",
            "",
            "| " + " | ".join(header) + " |",
            "|" + "|".join(["---", "---"] + ["---:"] * (len(header) - 2)) + "|",
        ]
        rows = [
            (slug, entry.get, entry["gold"][pane]) for slug, entry in results["articles"].items()
        ]
        total = sum(gold_n for _, _, gold_n in rows)
        rows.append(("**all (micro)**", results["overall"].get, total))
        for slug, get, gold_n in rows:
            for index, system in enumerate(systems):
                label = slug if index == 0 else ""
                out.append(
                    "| "
                    + " | ".join([label, system, str(gold_n), *_cells(get(system), pane)])
                    + " |"
                )
        out.append("")
    out.append(
        "P, R, F1 and accuracies in %, accuracies with the number of items they are taken over"
        " in brackets; — where a system gives nothing to measure (the baseline finds no"
        " qualifiers, units or counts)."
    )
    return "\n".join(out)


def print_errors(results: dict[str, Any], system: str) -> None:
    for slug, entry in results["articles"].items():
        result = entry.get(system)
        print(f"\n== {slug} ({system})")
        for problem in entry["gold_problems"]:
            print(f"  gold problem: {problem}")
        if result is None or "error" in result:
            print(f"  {result['error'] if result else 'not run'}")
            continue
        for pane in PANES:
            errors = result["_panes"][pane].errors
            if errors:
                print(f"  -- {pane}")
                for error in errors:
                    print(f"     {error}")


def section(results: dict[str, Any]) -> str:
    analyser = (
        f"analyser {results['analyser_version'] or '(no version)'}"
        if results["analyser_available"]
        else f"analyser unavailable ({results['analyser_unavailable_reason']})"
    )
    rows = []
    for slug, entry in results["articles"].items():
        g = entry["gold"]
        rows.append(
            f"| {slug} | {entry['genre']} | {entry['topic']} | {entry['words']} | "
            f"{g['entities']} | {g['figures']} | {g['quotes']} | {g['scare_quotes']} | "
            f"{g['optional']} |"
        )
    gold_dir = results.get("gold_dir", "benchmarks/gold")
    count = len(results["articles"])
    common = (
        " annotated by hand (conventions in `benchmarks/gold/README.md`); the baseline is raw"
        " `en_core_web_sm` entities on the same text, ungrouped, with CARDINAL, MONEY,"
        " PERCENT and QUANTITY entities as figures, and as quotes the words between paired"
        " quotation marks (straight or curly) within a paragraph, three words or more a"
        " statement and one or two a scare quote, each statement said by the raw model's"
        " PERSON entity nearest it in the same paragraph (before or after it, outside"
        " quotation marks), else by no one. Gold items marked optional (borderline cases)"
        " are neither misses nor false positives."
    )
    if results.get("heldout"):
        intro = (
            "Rerun with `python benchmarks/score_analysis.py --gold benchmarks/gold-heldout"
            f" --write-benchmarks`. The held-out set is {count} real news articles in"
            f" `{gold_dir}/` (sources in its README), from other outlets and topics than"
            " the tuning set above, that the analyser is never tuned on: read only these"
            " totals, never its individual misses, or it stops being held out. Like the"
            f" tuning set it is{common}"
        )
    elif gold_dir == "benchmarks/gold":
        intro = (
            "Rerun with `python benchmarks/score_analysis.py --write-benchmarks` (add"
            " `--verbose` to list every miss and false positive). The gold set is"
            f" {count} real news articles in `benchmarks/gold/`,{common} These are the"
            " articles the analyser was tuned on, so its scores here are optimistic; see"
            " the held-out section for articles it never saw."
        )
    else:
        intro = (
            "Rerun with `python benchmarks/score_analysis.py --gold"
            f" {gold_dir} --write-benchmarks`. The gold set is {count} real news articles in"
            f" `{gold_dir}/`,{common}"
        )
    return (
        "\n".join(
            [
                results.get("section_title", SECTION_TITLE),
                "",
                intro,
                "",
                f"Measured {results['measured']}: {results['model']}, {analyser}.",
                "",
                "**Summary** (macro averages over articles, in %; in brackets the number of"
                " articles each is taken over: those with a required gold item of the pane, and"
                " for an accuracy at least one found item to judge)",
                "",
                macro_table(results),
                "",
                "**By genre** (the same macro averages over each genre's articles)",
                "",
                genre_table(results),
                "",
                "| article | genre | topic | words | entities | figures | statements |"
                " scare quotes | optional |",
                "|---|---|---|---:|---:|---:|---:|---:|---:|",
                *rows,
                "",
                tables(results),
            ]
        ).rstrip()
        + "\n"
    )


def write_benchmarks(results: dict[str, Any], path: Path = BENCHMARKS_MD) -> None:
    """Replace the gold set's section of BENCHMARKS.md ("## Analysis quality", or
    "## Analysis quality, held-out articles" for the held-out set), or append it; every
    other section is left as it was."""
    report.write_section(results.get("section_title", SECTION_TITLE), section(results), path)


def _jsonable(results: dict[str, Any]) -> dict[str, Any]:
    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k != "_panes"}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    return strip(results)  # type: ignore[no-any-return]


def check(slugs: Iterable[str], gold_dir: Path = GOLD_DIR) -> int:
    """Validate the gold files against their texts and show where each figure was placed."""
    from reader.core.loaders import load_path

    wanted = set(slugs)
    status = 0
    paths = gold_paths(gold_dir)
    missing = wanted - {path.name.removesuffix(".gold.json") for path in paths}
    if missing:
        raise SystemExit(f"No gold for: {', '.join(sorted(missing))}")
    for path in paths:
        gold = load_gold(path)
        if wanted and gold.slug not in wanted:
            continue
        text = load_path(gold.text_path).text
        problems = locate(gold, text)
        print(f"\n== {gold.slug}: {len(text.split())} words, {gold_counts(gold)}")
        for problem in problems:
            print(f"  PROBLEM {problem}")
        status |= bool(problems)
        for figure in gold.figures:
            flag = " (optional)" if figure.optional else ""
            print(f"  figure {_context(text, figure.start, figure.end, 25)}{flag}")
        for quote in gold.quotes:
            kind = "scare" if quote.scare else f"said by {quote.speaker}"
            flag = " (optional)" if quote.optional else ""
            print(f"  quote at {quote.start}: {_short(quote.text, 50)} {kind}{flag}")
    return int(status)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("slugs", nargs="*", help="score only these articles (gold file slugs)")
    parser.add_argument(
        "--gold",
        metavar="DIR",
        default=None,
        help="the gold directory to score or check (default benchmarks/gold; the held-out"
        " set is benchmarks/gold-heldout)",
    )
    parser.add_argument("--json", action="store_true", help="print machine-readable results")
    parser.add_argument(
        "--write-benchmarks",
        action="store_true",
        help="replace (or append) the gold set's section of BENCHMARKS.md (\"## Analysis"
        ' quality", or "## Analysis quality, held-out articles" with --gold'
        " benchmarks/gold-heldout)",
    )
    parser.add_argument(
        "--verbose", action="store_true", help="list every false positive and miss per pane"
    )
    parser.add_argument(
        "--errors-for",
        choices=("analyser", "baseline", "both"),
        default="analyser",
        help="whose errors --verbose lists (the baseline's when the analyser is unavailable)",
    )
    parser.add_argument(
        "--check", action="store_true", help="only validate the gold files against the texts"
    )
    args = parser.parse_args(argv)
    gold_dir = resolve_gold_dir(args.gold)
    if args.check:
        return check(args.slugs, gold_dir)
    results = run(args.slugs, gold_dir)
    if args.json:
        print(json.dumps(_jsonable(results), indent=2, ensure_ascii=False))
    else:
        print(section(results))
    if args.verbose:
        systems = ["analyser", "baseline"] if args.errors_for == "both" else [args.errors_for]
        if not results["analyser_available"]:
            systems = ["baseline"]
        if results["heldout"]:
            print(
                "\nWarning: these are the held-out articles' individual errors. Do not tune"
                " the analyser on them (see benchmarks/gold-heldout/README.md).",
                file=sys.stderr,
            )
        for system in systems:
            print_errors(results, system)
    if args.write_benchmarks:
        write_benchmarks(results)
        print(f"\nWrote {results['section_title']!r} to {BENCHMARKS_MD}", file=sys.stderr)
    problems = sum(len(entry["gold_problems"]) for entry in results["articles"].values())
    if problems:
        print(f"\n{problems} gold problem(s): run with --check", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
