"""How well the article analyser finds entities, figures and quotes, against a hand-made gold set.

Run from the checkout: `python benchmarks/score_analysis.py [--gold DIR] [--json]
[--write-benchmarks] [--verbose] [--classes] [--check] [SLUG ...]`.

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
see `genre_of`).

`--classes` adds an error analysis by class, for issue item 6 ("for each class, how many the
set holds and how many are right"): Markdown tables of required gold statements with a
speaker by how they are attributed (`speaker_classes`), gold figures by kind
(`figure_class`), each system's spurious figures by kind (`spurious_class`), gold entities by
kind of name (`entity_class`) and kind errors per gold kind, each with what the analyser and
the baseline get right. With `--json` the counts are in "classes"; with `--verbose` every
item of every class is listed on stderr (never for the held-out set).
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
    """The held-out sets: `gold-heldout` and later fresh ones (`gold-heldout-2`, …)."""
    resolved = gold_dir.resolve()
    return resolved == HELDOUT_DIR.resolve() or (
        resolved.parent == HERE and resolved.name.startswith("gold-heldout")
    )


def section_title(gold_dir: Path) -> str:
    """The BENCHMARKS.md section a gold directory's scores go in: each set has its own."""
    gold_dir = gold_dir.resolve()
    if gold_dir == GOLD_DIR.resolve():
        return SECTION_TITLE
    if gold_dir == HELDOUT_DIR.resolve():
        return HELDOUT_SECTION_TITLE
    if is_heldout(gold_dir):
        return f"{HELDOUT_SECTION_TITLE} ({gold_dir.name})"
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
                nearest = min(  # the nearest; at equal distances the one after
                    outside,
                    key=lambda p: (left - p[1], 1) if p[1] <= left else (p[0] - right, 0),
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
# Error analysis by class

SPEAKER_CLASSES = (
    "named beside the quote",
    "pronoun",
    "description",
    "no attribution (carried or inferred)",
    "shares a surname with another gold person",
    "organisation speaker",
)
SPEAKER_FLAGS = SPEAKER_CLASSES[4:]
"""The last two cut across the first four: a statement is in one of the first four and in
any of these that apply."""
FIGURE_CLASSES = (
    "age",
    "score",
    "pence/cents",
    "money",
    "percentage",
    "number word with its unit after",
    "other count",
)
SPURIOUS_CLASSES = (
    "telephone number",
    "emergency number",
    "clock time",
    "postcode",
    "number in a title or headline",
    "model number / identifier",
    "ranking",
    "date or year",
    "other",
)
ENTITY_CLASSES = (
    "title of a work / product with a number or subtitle",
    "possessive brand",
    "event (awards, competitions)",
    "party / group",
    "person",
    "place (airports, facilities)",
    "multi-word company or organisation",
    "one-word organisation",
    "other named thing (work, law, product)",
)

_SPEECH_VERB_TEXT = (
    "said say says saying told tell tells telling added adds adding asked asks explained"
    " explains explaining wrote writes write writing argued argues argue arguing insisted"
    " insists insist insisting warned warns warn warning claimed claims claim claiming stated"
    " states noted notes noting recalled recalls replied replies continued declared declares"
    " admitted admits acknowledged acknowledges conceded concedes suggested suggests predicted"
    " predicts announced announces urged urges stressed stresses maintained maintains"
    " responded responds commented comments observed observes remarked remarks joked jokes"
    " quipped recounted recounts cautioned cautions concluded concludes confirmed confirms"
    " denied denies complained complains boasted boasts boasting reported reports tweeted"
    " tweets posted posts fear fears feared vowed vows promised promises pledged pledges"
    " estimated estimates testified laughed shouted wondered emailed according"
)
SPEECH_VERBS = tuple(_SPEECH_VERB_TEXT.split())
_SPEECH_RE = re.compile(
    r"\b(?:" + "|".join(SPEECH_VERBS) + r"|pointed out|points out|went on|goes on|put it)\b",
    re.IGNORECASE,
)
_PRONOUN_RE = re.compile(r"\b(?:he|she|they)\b", re.IGNORECASE)
_DETERMINER_RE = re.compile(
    r"\b(?:the|a|an|his|her|their|its|our|one|another|this|that)\s+[\w'’-]+", re.IGNORECASE
)
_BOUNDARY_RE = re.compile(r"[.!?]+[\"”’']?\s+(?=[A-Z_\"“‘'])")


def _masked_paragraph(text: str, start: int, end: int, extra: tuple[int, int]) -> str:
    """The paragraph `text[start:end]` with every quotation (`quote_spans`, and `extra`, the
    quote being classed) blanked out, marks included, keeping the offsets: "_" for each
    character, but "." for a closing mark after which the quotation ended a sentence."""
    chars = list(text[start:end])
    for left, right in [*quote_spans(text, start, end), extra]:
        left, right = max(left, start), min(right, end - 1)
        ended = text[left + 1 : right].rstrip().endswith((".", "!", "?"))
        for index in range(left, right + 1):
            chars[index - start] = "_"
        if right >= left:
            chars[right - start] = "." if ended else "_"
    return "".join(chars)


_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "st", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "prof",
    "rev", "no", "jr", "sr", "inc", "co", "corp", "ltd", "vs", "u.s", "u.k", "u.n", "e.g", "i.e",
}  # fmt: skip


def _sentences(masked: str) -> list[tuple[int, int]]:
    """Sentence spans of a masked paragraph: cut after . ! or ? and white space before a
    capital letter or a quotation, but not after an initial ("Robert M. Danin") or a usual
    abbreviation ("Mr.", "U.S.")."""
    cuts = [0]
    for match in _BOUNDARY_RE.finditer(masked):
        word = re.search(r"([\w.]+)$", masked[: match.start()])
        if word and (
            re.fullmatch(r"[A-Z]", word.group(1)) or word.group(1).lower() in _ABBREVIATIONS
        ):
            continue
        cuts.append(match.end())
    cuts.append(len(masked))
    return [(cuts[i], cuts[i + 1]) for i in range(len(cuts) - 1) if cuts[i] < cuts[i + 1]]


def _clause(part: str) -> str:
    return " ".join(re.sub(r"[_.]{2,}|_", " … ", part).split())


def _is_attribution(clause: str) -> bool:
    return bool(_SPEECH_RE.search(clause)) or clause.split(" … ")[0].rstrip().endswith(":")


def attribution_clause(
    text: str, start: int, end: int, other_names: Iterable[str] = ()
) -> tuple[str, str]:
    """Where a quotation (its words `text[start:end]`) is attributed: (where, clause).

    The clause is the words outside quotation marks ("…" for quoted words) of, the first
    that has a speech verb (said, told, added, according to, boasting, …) or ends in a colon
    before the quote:

    * "sentence": the sentence holding the quotation;
    * "split": for a quotation that opens its sentence right after another quotation's
      attribution in the same paragraph ('"…," Holtz said. "…"'), that attribution;
    * "next": the next sentence in the paragraph, unless a name in `other_names` (other
      gold entities) comes before its speech verb (someone else speaking);

    else ("none", the sentence's words outside quotation marks).
    """
    para = next(((a, b) for a, b in paragraph_spans(text) if a <= start < b), (0, len(text)))
    opening = start - 1 if start > 0 and text[start - 1] in QUOTE_MARKS else start
    closing = end
    while closing < para[1] and closing < end + 3 and text[closing] not in QUOTE_MARKS:
        closing += 1
    if closing >= para[1] or text[closing] not in QUOTE_MARKS:
        closing = end - 1  # no closing mark nearby: a quotation running on
    masked = _masked_paragraph(text, para[0], para[1], (opening, closing))
    left, right = opening - para[0], closing - para[0]
    sentences = _sentences(masked)
    first = next(i for i, (a, b) in enumerate(sentences) if a <= left < b)
    last = next((i for i, (a, b) in enumerate(sentences) if a <= right < b), first)
    own = _clause(
        masked[sentences[first][0] : left] + " _ " + masked[right + 1 : sentences[last][1]]
    )
    if _is_attribution(own):
        return "sentence", own
    if first > 0 and not masked[sentences[first][0] : left].strip():
        before = masked[sentences[first - 1][0] : sentences[first - 1][1]]
        tail = _clause(before[before.rfind("_") + 1 :]) if "_" in before else ""
        if tail and _SPEECH_RE.search(tail):
            return "split", tail
    if last + 1 < len(sentences):
        following = _clause(masked[sentences[last + 1][0] : sentences[last + 1][1]])
        verb = _SPEECH_RE.search(following)
        if verb and not _has_form(following[: verb.start()], other_names):
            return "next", following
    return "none", own


def _has_form(clause: str, forms: Iterable[str]) -> bool:
    folded = norm_quote(clause)
    return any(
        form and re.search(rf"(?<![a-z0-9]){re.escape(norm_quote(form))}(?![a-z0-9])", folded)
        for form in forms
    )


def speaker_classes(gold: Gold, quote: GoldQuote, text: str) -> list[str]:
    """The classes of a required gold statement with a speaker.

    One of these, from the attribution clause `attribution_clause` finds (the words outside
    quotation marks, with a speech verb or a colon before the quote, of the quote's sentence,
    or of the attribution between the halves of a split quotation, or of the next sentence):

    * "named beside the quote": the clause holds a name form (name or alias) of the gold
      speaker entity;
    * "pronoun": he, she or they within two words of a speech verb in the clause ("he said",
      "said she", "they told");
    * "description": the head word of a descriptive gold speaker ("a spokesman") or a
      determiner phrase ("the actor", "the 41-year-old", "his wife", "the company") in the
      clause;
    * "no attribution (carried or inferred)": no attribution clause, or none of these; the
      speaker is carried from an earlier sentence or paragraph, or inferred.

    And any of these:

    * "shares a surname with another gold person": the speaker is a gold person whose last
      name word is also the last word of another gold person's name or alias;
    * "organisation speaker": the speaker is a gold entity that is not a person (an
      organisation, a party or group, a country).
    """
    if quote.start < 0 or not quote.speaker:
        return []
    entity = next((e for e in gold.entities if e.name == quote.speaker), None)
    others = [
        form
        for e in gold.entities
        if e is not entity and e.kind in ("person", "organisation")
        for form in e.forms
    ]
    where, clause = attribution_clause(text, quote.start, quote.end, others)
    verbs = list(_SPEECH_RE.finditer(clause))
    pronoun = any(
        _PRONOUN_RE.search(" ".join(clause[: m.start()].split()[-2:]))
        or _PRONOUN_RE.search(" ".join(clause[m.end() :].split()[:2]))
        for m in verbs
    )
    head = words(quote.speaker)[-1:] if entity is None else []
    if where != "none" and entity is not None and _has_form(clause, entity.forms):
        kind = "named beside the quote"
    elif where != "none" and pronoun:
        kind = "pronoun"
    elif where != "none" and ((head and head[0] in words(clause)) or _DETERMINER_RE.search(clause)):
        kind = "description"
    else:
        kind = "no attribution (carried or inferred)"
    out = [kind]
    if entity is not None and entity.kind == "person":
        surname = norm_name(entity.name).split()[-1:]
        people = [e for e in gold.entities if e is not entity and e.kind == "person" and surname]
        if any(surname[0] in {form.split()[-1] for form in e.forms if form} for e in people):
            out.append("shares a surname with another gold person")
    if entity is not None and entity.kind != "person":
        out.append("organisation speaker")
    return out


_AGE_AFTER = re.compile(r"^[\s-]*(?:years?|yrs?)[\s-]*old\b|^-year-old", re.IGNORECASE)
_AGE_BEFORE = re.compile(r"\b(?:aged|age)\s+$", re.IGNORECASE)
_SCORE_WORDS = {
    "win", "lead", "victory", "defeat", "draw", "loss", "score", "scoreline", "result", "goal",
    "point", "set", "game", "match", "tie", "advantage", "deficit", "thrashing", "triumph",
    "home", "away", "vote", "count", "margin",
}  # fmt: skip
_SCORE_RE = re.compile(r"(?<![\d.,£$€])(\d{1,2})\s?[-–—]\s?(\d{1,2})(?![\d.,%])")
_PENCE_RE = re.compile(r"\d(?:[\d.,]*\d)?\s?(?:p|c|pence|cents?|¢)(?![\w])", re.IGNORECASE)
_MONEY_RE = re.compile(
    r"[$£€¥₹]|\b(?:dollars?|pounds?|euros?|yen|yuan|rupees?|francs?|bucks)\b", re.IGNORECASE
)
_PERCENT_RE = re.compile(r"%|\bper\s?cent\b|\bpercent(?:age)?\b", re.IGNORECASE)
_NUMBER_WORD_RE = re.compile(
    r"^(?:(?:about|around|nearly|almost|more than|over|some|at least|just|only|roughly|a|an)"
    r"\s+)*(?:"
    + "|".join([*_UNITS, *_TENS, "hundred", "half", "quarter", "dozens?", "couple"])
    + r")\b",
    re.IGNORECASE,
)
UNIT_WORDS = {
    "second", "minute", "hour", "day", "night", "week", "fortnight", "month", "year", "decade",
    "century", "time", "dozen", "mile", "kilometre", "kilometer", "metre", "meter", "foot",
    "feet", "inch", "yard", "pound", "ounce", "kilogram", "kilo", "gram", "tonne", "ton",
    "litre", "liter", "gallon", "acre", "hectare", "degree", "season", "term", "inning",
    "round", "lap", "game", "half", "quarter", "an",
}  # fmt: skip


def figure_class(figure: GoldFigure, text: str) -> str:
    """The class of a required gold figure, the first rule that holds:

    * "age": "N-year-old", "N years old" or "aged N" around it, a bare number between commas
      after a name ("Eloise Parry, 21, was"), or a gold unit or head "years old"/"age";
    * "score": N-M or N–M with one- or two-digit numbers (in the figure or around it), no
      percentage or currency, and a score word (win, lead, defeat, draw, goal, match, vote…)
      in its gold head or counts or just after it;
    * "pence/cents": a number followed by p, c, pence or cents, or a gold unit in pence or
      cents (GBX, GBp, USc);
    * "money": a currency sign or word in its text, or a three-letter currency unit;
    * "percentage": %, per cent, percent, or the unit "%";
    * "number word with its unit after": a number written in words (four, a dozen, half)
      followed by a unit of time or measure or "times" (four hours, six times, a dozen, half
      an hour);
    * "other count": any other count or measure (two car bombs, 162 people, 12,500-square-foot).
    """
    before = text[max(0, figure.start - 12) : figure.start] if figure.start >= 0 else ""
    after = text[figure.end : figure.end + 30] if figure.start >= 0 else ""
    unit = (figure.unit or "").strip()
    heads = " ".join(figure.heads).lower()
    if (
        _AGE_AFTER.search(after)
        or _AGE_AFTER.search(re.sub(r"^[\d\s,.]+", "", figure.text))
        or _AGE_BEFORE.search(before)
        or (
            re.search(r"[A-Z][\w'’-]+,\s*$", before)
            and re.match(r"\s*[,)]", after)
            and re.fullmatch(r"\d{1,3}", figure.text.strip())
        )
        or re.search(r"years? old|\bage\b", f"{unit} {heads}".lower())
    ):
        return "age"
    around = before[-4:] + figure.text + after[:6]
    score = _SCORE_RE.search(figure.text) or _SCORE_RE.search(around)
    if score and not _PERCENT_RE.search(around) and not _MONEY_RE.search(around):
        tail = _SCORE_RE.sub(" ", after[:6] + after[6:], count=1)
        near = set(words(heads + " " + figure.counts)) | set(words(tail)[:2])
        if near & _SCORE_WORDS:
            return "score"
    if _PENCE_RE.fullmatch(figure.text.strip()) or re.fullmatch(
        r"(?i)gbx|gbp?ence|pence|cents?|usc|[a-z]{3}c|p", unit
    ):
        return "pence/cents"
    if re.match(r"\s?(?:p|c|pence|cents?)(?!\w)", after) and re.search(r"\d$", figure.text):
        return "pence/cents"
    if _MONEY_RE.search(figure.text) or re.fullmatch(r"[A-Z]{3}", unit):
        return "money"
    if unit == "%" or _PERCENT_RE.search(figure.text) or re.match(r"\s?(?:%|per\s?cent)", after):
        return "percentage"
    if not re.search(r"\d", figure.text) and _NUMBER_WORD_RE.match(figure.text.strip()):
        next_words = words(figure.text)[-1:] + words(after)[:2]
        if any(w in UNIT_WORDS for w in next_words) or re.search(
            r"(?i)\b(?:dozens?|half|quarter)\b", figure.text
        ):
            return "number word with its unit after"
    return "other count"


_PHONE_RE = re.compile(r"(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,5}\)[\s.-]?)?\d{2,5}(?:[\s.-]\d{2,5}){1,3}")
_CLOCK_RE = re.compile(
    r"\b\d{1,2}[:.]\d{2}\b|\b\d{3,4}\s?(?:GMT|BST|UTC|CET|ET|EST|EDT|PST|PT|hrs|h|local)\b"
    r"|\b\d{1,2}\s?(?:a\.?m\b\.?|p\.?m\b\.?|o'clock|o’clock)",
    re.IGNORECASE,
)
_POSTCODE_RE = re.compile(
    r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b|\b[A-Z]{2}\s+\d{5}(?:-\d{4})?\b|\b\d{5}-\d{4}\b"
)
_NUMBER_SUFFIX_TEXT = (
    "st nd rd th s m bn mn tn k p c am pm km kg mm cm ft mph g gb mb tb kb mw kw gw kwh mwh"
    " mbps hz ghz mhz lb lbs oz ml l bp x yo yr yrs h hr hrs min mins sec secs"
)
_NUMBER_SUFFIXES = set(_NUMBER_SUFFIX_TEXT.split())
_EMERGENCY = {"999", "911", "112", "111", "101", "000", "988"}
_CALL_RE = re.compile(
    r"(?i)\b(?:call|calls|calling|dial|dialled|dialed|ring|phone|emergency|hotline|line)\b"
)


_FUNCTION_WORDS = {
    "of", "the", "a", "an", "and", "for", "to", "in", "on", "at", "by", "with", "from", "or",
    "vs", "&",
}  # fmt: skip
_PRODUCT_NOUNS = {
    "jet", "jets", "plane", "planes", "aircraft", "airliner", "model", "models", "phone",
    "series", "engine", "flight", "chip", "processor", "version", "update", "car", "cars",
    "rifle", "tank", "tanks", "console", "camera", "index", "edition", "release",
}  # fmt: skip


def _title_words(text: str, start: int, end: int) -> tuple[str, str]:
    """The nearest word before and after `text[start:end]` that is not a function word
    (of, the, and…), within its line and without crossing the end of a sentence; "" where
    there is none."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    before_text = re.split(r"[.!?]\s", text[line_start:start])[-1]
    after_text = re.split(r"[.!?](?:\s|$)", text[end:line_end])[0]
    before = [w for w in re.findall(r"[\w'’&-]+", before_text) if w.lower() not in _FUNCTION_WORDS]
    after = [w for w in re.findall(r"[\w'’&-]+", after_text) if w.lower() not in _FUNCTION_WORDS]
    return (before[-1] if before else "", after[0] if after else "")


def spurious_class(figure: PredFigure, text: str) -> str:
    """The class of a figure a system found that the gold set does not hold, the first rule
    that holds over the figure and the words around it:

    * "telephone number": digits in two to four groups (+44 20 7946 0000, (020) 7946-0000,
      0800 123 456) that run over the figure, with seven digits or more;
    * "emergency number": 999, 911, 112, 111, 101, 000 or 988 alone, near call, dial, ring,
      phone, emergency or hotline;
    * "clock time": 3:23, 15.30, 1600 GMT, 10am, 9 p.m., 6 o'clock over the figure;
    * "postcode": a British postcode (SW1A 1AA) or a US ZIP after a state (LA 70116);
    * "model number / identifier": joined to letters (A320, QZ8501, MH370, 737-800s aside:
      not a unit such as 5km or 3p);
    * "ranking": after "No." or "number" (No. 4 Ohio State);
    * "date or year": a year (1990, '91, 1990s) or a day of a month (March 8, 8 March);
    * "number in a title or headline": in the article's first paragraph (its headline), or
      with capitalised words on both sides, function words aside (Fathers 4 Justice, "The
      History of 8 Hallucinogens", "Innovators Under 35: Evans Wadongo");
    * "model number / identifier": after a capitalised word that does not begin a sentence,
      and before no lowercase word unless a product noun (Boeing 737, iPhone 6, Windows 10,
      Airbus 320 jet);
    * "other": anything else.
    """
    start, end = figure.start, figure.end
    if not (0 <= start < end <= len(text)):
        return "other"
    window_start = max(0, start - 20)
    window = text[window_start : end + 20]
    for match in _PHONE_RE.finditer(window):
        span = (match.start() + window_start, match.end() + window_start)
        if _overlaps(*span, start, end) and len(re.sub(r"\D", "", match.group())) >= 7:
            return "telephone number"
    digits = re.sub(r"\D", "", figure.text)
    if digits in _EMERGENCY and _CALL_RE.search(text[max(0, start - 40) : end + 40]):
        return "emergency number"
    for pattern in (_CLOCK_RE, _POSTCODE_RE):
        for match in pattern.finditer(window):
            span = (match.start() + window_start, match.end() + window_start)
            if _overlaps(*span, start, end):
                return "clock time" if pattern is _CLOCK_RE else "postcode"
    token_start, token_end = start, end
    while token_start > 0 and not text[token_start - 1].isspace():
        token_start -= 1
    while token_end < len(text) and not text[token_end].isspace():
        token_end += 1
    token = text[token_start:token_end].strip(QUOTE_MARKS + ".,;:!?()[]")
    glued = re.fullmatch(r"\d[\d.,]*([A-Za-z]+)\d*", token)
    if re.search(r"[A-Za-z]-?\d", token) or (
        glued and glued.group(1).lower() not in _NUMBER_SUFFIXES
    ):
        return "model number / identifier"
    if re.search(r"(?i)\b(?:no\.?|number)\s*$", text[max(0, start - 8) : start]):
        return "ranking"
    if re.fullmatch(r"['’]\d{2}|1[5-9]\d\d|20\d\d|1[5-9]\d0s|20\d0s", figure.text.strip()) or (
        re.search(r"['’]$", text[max(0, start - 1) : start]) and re.fullmatch(r"\d\d", digits)
    ):
        return "date or year"
    months = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*"
    if re.search(rf"\b{months}\.?\s+$", text[max(0, start - 12) : start]) or re.match(
        rf"\s+{months}\b", text[end : end + 12]
    ):
        return "date or year"
    paragraphs = paragraph_spans(text)
    if paragraphs and start < paragraphs[0][1]:
        return "number in a title or headline"
    before, after = _title_words(text, start, end)
    capital = re.compile(r"[A-Z]|[a-z]+[A-Z]")
    if capital.match(before) and capital.match(after):
        return "number in a title or headline"
    word_before = re.search(r"([\w'’-]+)(\W*)$", text[max(0, start - 40) : start])
    opens_sentence = re.search(
        r"(?:[.!?][\"”’']?\s+|\n)[\w'’-]+\W*$", "\n" + text[max(0, start - 80) : start]
    )
    word_after = re.match(r"\W*([\w'’-]+)", text[end : end + 40])
    if (
        word_before
        and capital.match(word_before.group(1))
        and not word_before.group(2).strip()
        and not opens_sentence
        and (
            not word_after
            or not word_after.group(1)[:1].islower()
            or word_after.group(1).lower() in _PRODUCT_NOUNS
            or re.match(r"\s*[.,;:)]", text[end : end + 2])
        )
    ):
        return "model number / identifier"
    return "other"


def entity_class(entity: GoldEntity) -> str:
    """The class of a required gold entity, the first rule that holds:

    * "title of a work / product with a number or subtitle": kind other, with a digit, a
      colon or a dash in its name (Windows 10, Mission: Impossible);
    * "possessive brand": not a person, with "'s" or a plural's apostrophe in its name
      (Alzheimer's Society, McDonald's, Lawyers' Christian Fellowship);
    * "event (awards, competitions)": kind event;
    * "party / group": kind group, or group among its accepted kinds (a party);
    * "person"; "place (airports, facilities)": kind place;
    * "multi-word company or organisation": an organisation of two words or more (a leading
      "the" aside: Time Warner, Tulane University);
    * "one-word organisation": any other organisation (Mencap, Reuters);
    * "other named thing (work, law, product)": any other kind other.
    """
    name = entity.name
    if entity.kind == "other" and re.search(r"\d|:|\s[-–—]\s", name):
        return ENTITY_CLASSES[0]
    if entity.kind != "person" and re.search(r"\w['’]s\b|\ws['’](?:\s|$)", name):
        return "possessive brand"
    if entity.kind == "event":
        return "event (awards, competitions)"
    if "group" in entity.kinds:
        return "party / group"
    if entity.kind == "person":
        return "person"
    if entity.kind == "place":
        return "place (airports, facilities)"
    if entity.kind == "organisation":
        return (
            "multi-word company or organisation"
            if len(norm_name(name).split()) > 1
            else ENTITY_CLASSES[7]
        )
    return ENTITY_CLASSES[-1]


def _class_tables() -> dict[str, dict[str, Any]]:
    return {
        "speakers": {name: {"gold": 0} for name in SPEAKER_CLASSES},
        "figures": {name: {"gold": 0} for name in FIGURE_CLASSES},
        "spurious_figures": {name: {} for name in SPURIOUS_CLASSES},
        "entities": {name: {"gold": 0} for name in ENTITY_CLASSES},
        "entity_kinds": {kind: {"gold": 0} for kind in sorted(KINDS)},
    }


def classify_article(
    gold: Gold, text: str, panes: dict[str, dict[str, Pane]], tables: dict[str, Any]
) -> list[tuple[str, str, str, str, str]]:
    """Add one article's items to the class tables (`classes` → `_class_tables()`); `panes`
    is system → pane name → Pane. Returns the items as (table, class, system, item, status)
    rows for `--classes --verbose`."""
    items: list[tuple[str, str, str, str, str]] = []

    def count(table: str, name: str, system: str, key: str, add: bool = True) -> None:
        cell = tables[table][name].setdefault(system, {})
        cell[key] = cell.get(key, 0) + int(add)

    for index, quote in enumerate(gold.quotes):
        if quote.optional or quote.scare or not quote.speaker:
            continue
        for name in speaker_classes(gold, quote, text):
            tables["speakers"][name]["gold"] += 1
            for system, system_panes in panes.items():
                outcome = system_panes["quotes"].outcomes.get(index, Outcome(False))
                count("speakers", name, system, "found", outcome.found)
                count("speakers", name, system, "right", bool(outcome.right))
                status = "right" if outcome.right else "wrong" if outcome.found else "missed"
                said = f" (said {outcome.predicted!r})" if outcome.found else ""
                items.append(
                    (
                        "speakers", name, system,
                        f"{_short(quote.text, 50)} by {quote.speaker}", status + said,
                    )
                )  # fmt: skip
    for index, figure in enumerate(gold.figures):
        if figure.optional:
            continue
        name = figure_class(figure, text)
        tables["figures"][name]["gold"] += 1
        for system, system_panes in panes.items():
            outcome = system_panes["figures"].outcomes.get(index, Outcome(False))
            count("figures", name, system, "found", outcome.found)
            items.append(
                (
                    "figures", name, system, _context(text, figure.start, figure.end, 20),
                    "found" if outcome.found else "missed",
                )
            )  # fmt: skip
    for system, system_panes in panes.items():
        for predicted in system_panes["figures"].spurious:
            name = spurious_class(predicted, text)
            count("spurious_figures", name, system, "spurious")
            items.append(
                (
                    "spurious_figures", name, system,
                    _context(text, predicted.start, predicted.end, 20), "false positive",
                )
            )  # fmt: skip
    for index, entity in enumerate(gold.entities):
        if entity.optional:
            continue
        name = entity_class(entity)
        tables["entities"][name]["gold"] += 1
        kind_row = tables["entity_kinds"].setdefault(entity.kind, {"gold": 0})
        kind_row["gold"] += 1
        for system, system_panes in panes.items():
            outcome = system_panes["entities"].outcomes.get(index, Outcome(False))
            count("entities", name, system, "found", outcome.found)
            count("entities", name, system, "kind_right", bool(outcome.right))
            cell = kind_row.setdefault(system, {"found": 0, "kind_right": 0, "as": {}})
            cell["found"] += outcome.found
            cell["kind_right"] += bool(outcome.right)
            if outcome.found and not outcome.right:
                cell["as"][outcome.predicted] = cell["as"].get(outcome.predicted, 0) + 1
            status = (
                "missed"
                if not outcome.found
                else "found"
                if outcome.right
                else f"found as {outcome.predicted}"
            )
            items.append(("entities", name, system, f"{entity.name} ({entity.kind})", status))
    return [
        (table, name, system, f"{gold.slug}: {item}", st) for table, name, system, item, st in items
    ]


def _count_cell(right: int, total: int) -> str:
    return f"{right} ({100 * right / total:.0f}%)" if total else str(right)


def class_tables(classes: dict[str, Any], systems: list[str]) -> str:
    """The error analysis as Markdown tables: speakers (statements, quote found and speaker
    right per system), figures found, spurious figures per system, entities (found and kind
    right per system) and entity kind errors per gold kind (found, and how many got another
    kind, which)."""
    names = [SYSTEM_NAMES[system] for system in systems]
    out: list[str] = []

    def table(title: str, header: list[str], rows: list[list[str]], note: str = "") -> None:
        out.extend([f"**{title}**", ""])
        if note:
            out.extend([note, ""])
        out.append("| " + " | ".join(header) + " |")
        out.append("|---|" + "---:|" * (len(header) - 1))
        out.extend("| " + " | ".join(row) + " |" for row in rows)
        out.append("")

    def get(row: dict[str, Any], system: str, key: str) -> int:
        return int(row.get(system, {}).get(key, 0))

    rows = []
    for name, row in classes["speakers"].items():
        cells = [name, str(row["gold"])]
        for system in systems:
            cells += [
                _count_cell(get(row, system, "found"), row["gold"]),
                _count_cell(get(row, system, "right"), row["gold"]),
            ]
        rows.append(cells)
    header = ["class", "statements"]
    for name in names:
        header += [f"{name}: quote found", f"{name}: speaker right"]
    table(
        "Speakers, by how the article attributes the statement",
        header,
        rows,
        "Required gold statements with a speaker. The first four classes split them; the last"
        " two cut across those. A speaker is right only where the quote is found.",
    )

    rows = []
    for name, row in classes["figures"].items():
        cells = [name, str(row["gold"])]
        cells += [_count_cell(get(row, system, "found"), row["gold"]) for system in systems]
        rows.append(cells)
    table("Figures found, by class", ["class", "gold", *[f"{n}: found" for n in names]], rows)

    rows = []
    for name, row in classes["spurious_figures"].items():
        rows.append([name, *[str(get(row, system, "spurious")) for system in systems]])
    rows.append(
        [
            "**all**",
            *[
                str(
                    sum(
                        get(row, system, "spurious") for row in classes["spurious_figures"].values()
                    )
                )
                for system in systems
            ],
        ]
    )
    table("Spurious figures (false positives), by class", ["class", *names], rows)

    rows = []
    for name, row in classes["entities"].items():
        cells = [name, str(row["gold"])]
        for system in systems:
            cells += [
                _count_cell(get(row, system, "found"), row["gold"]),
                _count_cell(get(row, system, "kind_right"), row["gold"]),
            ]
        rows.append(cells)
    header = ["class", "gold"]
    for name in names:
        header += [f"{name}: found", f"{name}: kind right"]
    table("Entities, by class", header, rows)

    rows = []
    for kind, row in classes["entity_kinds"].items():
        cells = [kind, str(row["gold"])]
        for system in systems:
            cell = row.get(system, {})
            found, right = int(cell.get("found", 0)), int(cell.get("kind_right", 0))
            wrong = ", ".join(
                f"{count} as {other}" for other, count in sorted(cell.get("as", {}).items())
            )
            cells += [str(found), f"{found - right}" + (f" ({wrong})" if wrong else "")]
        rows.append(cells)
    header = ["gold kind", "gold"]
    for name in names:
        header += [f"{name}: found", f"{name}: kind wrong"]
    table("Entity kind errors, by gold kind", header, rows)
    return "\n".join(out).rstrip() + "\n"


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


def _raw_pipeline() -> Any:
    """The model exactly as spaCy loads it, for the baseline: reader's own pipeline splits
    dashes and quotes inside words (`pipeline._split_dashes_and_quotes`), the raw one not."""
    import spacy

    from reader.core.analysis.pipeline import default_model

    return spacy.load(default_model())


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
    raw_nlp = _raw_pipeline()
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
    classes = _class_tables()
    class_items: list[tuple[str, str, str, str, str]] = []
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
        systems: dict[str, Prediction | str] = {"baseline": run_baseline(raw_nlp, text)}
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
        scored: dict[str, dict[str, Pane]] = {
            system: entry[system]["_panes"]
            for system in ("analyser", "baseline")
            if system in entry and "_panes" in entry[system]
        }
        class_items += classify_article(gold, text, scored, classes)
    results["overall"] = {
        system: {name: pane.to_dict() for name, pane in panes.items()}
        for system, panes in totals.items()
        if system == "baseline" or analyzer is not None
    }
    results["classes"] = classes
    results["_class_items"] = class_items
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
        return float(2 * data["tp"] / (2 * data["tp"] + data["fp"] + data["fn"]))
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


def _systems(results: dict[str, Any]) -> list[str]:
    return ["analyser", "baseline"] if results["analyser_available"] else ["baseline"]


def print_class_items(results: dict[str, Any]) -> None:
    """Every item of every class, for checking the class rules (never the held-out set's)."""
    current = None
    for table, name, system, item, status in sorted(
        results["_class_items"], key=lambda row: (row[0], row[1], row[3], row[2])
    ):
        if (table, name) != current:
            current = (table, name)
            print(f"\n== {table}: {name}", file=sys.stderr)
        print(f"  {system:8} {status:30} {item}", file=sys.stderr)


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
            f"Rerun with `python benchmarks/score_analysis.py --gold {gold_dir}"
            f" --write-benchmarks`. The held-out set is {count} real news articles in"
            f" `{gold_dir}/` (sources in its README), from other outlets and topics than"
            " the tuning set above, that the analyser is never tuned on: read only these"
            " totals, never its individual misses, or it stops being held out. Like the"
            f" tuning set it is{common}"
        )
    elif gold_dir == "benchmarks/gold":
        intro = (
            "Rerun with `python benchmarks/score_analysis.py --write-benchmarks` (add"
            " `--verbose` to list every miss and false positive, `--classes` for an error"
            " analysis by class). The gold set is"
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
            return {k: strip(v) for k, v in value.items() if not str(k).startswith("_")}
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
    parser.add_argument(
        "--classes",
        action="store_true",
        help="add an error analysis by class (speakers, figures found, spurious figures,"
        " entities, entity kinds): how many of each the gold set holds and how many each"
        " system gets right; with --verbose, every item of each class (not for the held-out"
        " set)",
    )
    args = parser.parse_args(argv)
    gold_dir = resolve_gold_dir(args.gold)
    if args.check:
        return check(args.slugs, gold_dir)
    results = run(args.slugs, gold_dir)
    if args.json:
        data = _jsonable(results)
        if not args.classes:
            data.pop("classes", None)
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print(section(results))
        if args.classes:
            print(f"\n## Error analysis by class ({results['gold_dir']})\n")
            print(class_tables(results["classes"], _systems(results)), end="")
    if args.classes and args.verbose and not results["heldout"]:
        print_class_items(results)
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
