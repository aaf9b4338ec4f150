"""The analysis scorer's own logic (benchmarks/score_analysis.py), without spaCy: genres, the
naive quote baseline, macro averages and the rules of the error analysis by class."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "score_analysis", BENCHMARKS / "score_analysis.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["score_analysis"] = module
    spec.loader.exec_module(module)
    return module


sa = _load()


def make_gold(tmp_path: Path, text: str, **data: Any) -> tuple[Any, str]:
    """A gold file and its text in tmp_path, loaded and placed in the text."""
    data.setdefault("entities", [])
    data.setdefault("figures", [])
    data.setdefault("quotes", [])
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    path = tmp_path / "a.gold.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    gold = sa.load_gold(path)
    problems = sa.locate(gold, text)
    assert not [p for p in problems if "does not occur" not in p], problems
    return gold, text


# Genres


@pytest.mark.parametrize(
    ("raw", "genre"),
    [
        ({"genre": "Sport", "topic": "politics: x"}, "sport"),
        ({"topic": "UK politics / family law: many speakers"}, "politics"),
        ({"topic": "local news / culture"}, "local news"),
        ({"topic": "markets: prices"}, "markets"),
        ({"topic": "world news / conflict"}, "world news"),
        ({}, "unknown"),
    ],
)
def test_genre_of(raw: dict[str, str], genre: str) -> None:
    assert sa.genre_of(raw) == genre


def test_an_unknown_genre_is_a_gold_problem(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Title\n\nText.", encoding="utf-8")
    path = tmp_path / "a.gold.json"
    path.write_text(json.dumps({"genre": "gossip", "entities": [], "figures": [], "quotes": []}))
    gold = sa.load_gold(path)
    assert any("genre 'gossip'" in p for p in sa.locate(gold, "Title\n\nText."))


# The naive quote baseline


def test_quote_spans_pair_marks_within_a_paragraph() -> None:
    text = (
        'He said "one two three" and “four five”.\n\n'
        "'Scare' quotes, don't pair the apostrophe; parents' rights.\n\n"
        '"Left open at the end\n\nof a paragraph."'
    )
    para = sa.paragraph_spans(text)
    assert len(para) == 4
    spans = [span for start, end in para for span in sa.quote_spans(text, start, end)]
    found = [text[a + 1 : b] for a, b in spans]
    assert found == ["one two three", "four five", "Scare"]


def test_naive_quotes_statements_scare_quotes_and_nearest_person() -> None:
    text = (
        'Headline\n\nJohn Smith met Mary Jones. "We will win this race," Jones said, '
        'calling it "absurd".\n\n"Nobody speaks here at all."'
    )
    smith = text.index("John Smith")
    jones = text.index("Jones said")
    mary = text.index("Mary Jones")
    persons = [
        (smith, smith + 10, "John Smith"),
        (mary, mary + 10, "Mary Jones"),
        (jones, jones + 5, "Jones"),
    ]
    quotes = sa.naive_quotes(text, persons)
    assert [(q.text, q.scare, q.speaker) for q in quotes] == [
        ("We will win this race,", False, "Jones"),
        ("absurd", True, ""),
        ("Nobody speaks here at all.", False, ""),
    ]
    assert text[quotes[0].start] == '"' and text[quotes[0].end - 1] == '"'


def test_a_person_inside_quotation_marks_is_not_the_speaker() -> None:
    text = '"Ask Mark May about it," the coach said.'
    may = text.index("Mark May")
    quotes = sa.naive_quotes(text, [(may, may + 8, "Mark May")])
    assert quotes[0].speaker == ""


# Macro averages


def _entry(gold_n: int, tp: int, fp: int, fn: int, kind: tuple[int, int] | None) -> dict[str, Any]:
    counts: dict[str, list[int]] = {"kind_acc": list(kind)} if kind else {}
    pane = {"tp": tp, "fp": fp, "fn": fn, "secondary_counts": counts}
    empty = {"tp": 0, "fp": 0, "fn": 0, "secondary_counts": {}}
    gold = {"entities": gold_n, "figures": 0, "quotes": 0}
    return {
        "gold": gold,
        "analyser": {"entities": pane, "figures": empty, "quotes": empty},
    }


def test_macro_averages_over_articles_with_gold_items() -> None:
    articles = {
        "a": _entry(10, 10, 0, 0, (9, 10)),  # F1 1.0, kind 0.9
        "b": _entry(4, 0, 2, 4, None),  # F1 0 (found nothing right), no kind to judge
        "c": _entry(0, 0, 3, 0, None),  # no gold entities: left out
    }
    result = sa.macro(articles)["analyser"]
    assert result["entities_f1"] == {"value": 0.5, "n": 2}
    assert result["kind_acc"] == {"value": 0.9, "n": 1}
    assert result["figures_f1"] == {"value": None, "n": 0}
    table = sa.macro_table({"macro": sa.macro(articles)})
    assert "| analyser | 50.0 (2) | 90.0 (1) | — | — | — |" in table
    assert "| target | ≥ 93 | ≥ 94 | ≥ 93 | ≥ 97 | ≥ 92 |" in table


# Error analysis: speakers


SPEAKER_TEXT = (
    "Headline\n\n"
    'Lou Holtz defended his view. "I was right about Ohio State all season," Holtz said. '
    '"Mark May was wrong."\n\n'
    '"Nobody could have seen that coming," he said.\n\n'
    '"We stand ready to assist in any way possible," a spokesman said.\n\n'
    'The team lost again. Fans were "really angry about the whole thing".\n\n'
    'Jane Holtz said she agreed. "It was a long season for all of us," said the company, Acme.'
)


def test_speaker_classes(tmp_path: Path) -> None:
    gold, text = make_gold(
        tmp_path,
        SPEAKER_TEXT,
        entities=[
            {"name": "Lou Holtz", "kind": "person", "aliases": ["Holtz"]},
            {"name": "Jane Holtz", "kind": "person"},
            {"name": "Mark May", "kind": "person"},
            {"name": "Acme", "kind": "organisation"},
        ],
        quotes=[
            {"text": "I was right about Ohio State all season,", "speaker": "Lou Holtz"},
            {"text": "Mark May was wrong.", "speaker": "Lou Holtz"},
            {"text": "Nobody could have seen that coming,", "speaker": "Lou Holtz"},
            {"text": "We stand ready to assist in any way possible,", "speaker": "a spokesman"},
            {"text": "really angry about the whole thing", "speaker": "Fans"},
            {"text": "It was a long season for all of us,", "speaker": "Acme"},
        ],
    )
    classes = [sa.speaker_classes(gold, q, text) for q in gold.quotes]
    assert classes == [
        ["named beside the quote", "shares a surname with another gold person"],
        ["named beside the quote", "shares a surname with another gold person"],  # split quote
        ["pronoun", "shares a surname with another gold person"],
        ["description"],
        ["no attribution (carried or inferred)"],
        ["named beside the quote", "organisation speaker"],
    ]


def test_attribution_clause_skips_initials_and_other_speakers() -> None:
    text = (
        '"Both sides want calm," said Robert M. Danin, a fellow.\n\n'
        '"It will not change the law." The Alliance said more was needed.'
    )
    start = text.index("Both")
    assert sa.attribution_clause(text, start, start + 20) == (
        "sentence",
        "… said Robert M. Danin, a fellow.",
    )
    start = text.index("It will")
    end = start + len("It will not change the law.")
    where, _ = sa.attribution_clause(text, start, end, ["alliance"])
    assert where == "none"
    assert sa.attribution_clause(text, start, end)[0] == "next"


# Error analysis: figures


@pytest.mark.parametrize(
    ("text", "figure", "unit", "head", "expected"),
    [
        ("Smith, a 41-year-old actor, won.", "41", "", "actor", "age"),
        ("The man, aged 63, died.", "63", "", "man", "age"),
        ("Eloise Parry, 21, was taken ill.", "21", "", "Eloise Parry", "age"),
        ("The Lions' 30-20 loss hurt.", "30", "", "points", "score"),
        ("Arsenal won 2-0 at home.", "2", "", "win", "score"),
        ("They lost 3–1 in the final.", "3", "", "goals", "score"),
        ("Prices rose 3p a litre.", "3p", "GBX", "litre", "pence/cents"),
        ("A stamp costs 25c now.", "25c", "", "stamp", "pence/cents"),
        ("It cost $1.13bn last year.", "$1.13bn", "USD", "cost", "money"),
        ("Sales rose 5% this year.", "5%", "%", "sales", "percentage"),
        ("They waited four hours.", "four hours", "", "hours", "number word with its unit after"),
        ("It happened six times.", "six times", "", "times", "number word with its unit after"),
        ("He bought a dozen eggs.", "a dozen", "", "eggs", "number word with its unit after"),
        ("Two car bombs went off.", "Two", "", "car bombs", "other count"),
        ("Prices fell 10-15 per cent.", "10", "%", "prices", "percentage"),
    ],
)
def test_figure_class(
    tmp_path: Path, text: str, figure: str, unit: str, head: str, expected: str
) -> None:
    value = sa.parse_number(figure)
    gold, text = make_gold(
        tmp_path,
        text,
        figures=[{"text": figure, "value": value, "unit": unit, "head": head}],
    )
    assert sa.figure_class(gold.figures[0], text) == expected


@pytest.mark.parametrize(
    ("text", "figure", "expected"),
    [
        ("Call 0800 123 4567 for details.", "0800", "telephone number"),
        ("In an emergency, dial 999 at once.", "999", "emergency number"),
        ("The plane left at 1600 GMT on Monday.", "1600", "clock time"),
        ("The match starts at 3:23 today.", "3", "clock time"),
        ("Write to London SW1A 1AA soon.", "1", "postcode"),
        ("The Airbus A320 was lost.", "320", "model number / identifier"),
        ("A Boeing 737 jet landed.", "737", "model number / identifier"),
        ("He bought an iPhone 6.", "6", "model number / identifier"),
        ("Members of Fathers 4 Justice protested.", "4", "number in a title or headline"),
        ("No. 4 Ohio State plays.", "4", "ranking"),
        ("He ran afoul of Bush in ’91.", "91", "date or year"),
        ("They met on March 8 in Paris.", "8", "date or year"),
        ("It gives hundreds of millions.", "hundreds", "other"),
    ],
)
def test_spurious_class(text: str, figure: str, expected: str) -> None:
    text = "Headline\n\n" + text
    start = text.index(figure, len("Headline"))
    predicted = sa.PredFigure(figure, start, start + len(figure))
    assert sa.spurious_class(predicted, text) == expected


def test_a_number_in_the_headline() -> None:
    text = "The 4 Stocks That Fell\n\nMarkets fell."
    assert sa.spurious_class(sa.PredFigure("4", 4, 5), text) == "number in a title or headline"


# Error analysis: entities


@pytest.mark.parametrize(
    ("name", "kind", "alt", "expected"),
    [
        ("Windows 10", "other", [], "title of a work / product with a number or subtitle"),
        ("Mission: Impossible", "other", [], "title of a work / product with a number or subtitle"),
        ("Alzheimer's Society", "organisation", [], "possessive brand"),
        ("Lawyers' Christian Fellowship", "organisation", [], "possessive brand"),
        ("Sugar Bowl", "event", [], "event (awards, competitions)"),
        ("Labour", "group", ["organisation"], "party / group"),
        ("Democratic Party", "organisation", ["group"], "party / group"),
        ("Lou Holtz", "person", [], "person"),
        ("Heathrow Airport", "place", [], "place (airports, facilities)"),
        ("Time Warner", "organisation", [], "multi-word company or organisation"),
        ("Mencap", "organisation", [], "one-word organisation"),
        ("Newsnight", "other", [], "other named thing (work, law, product)"),
    ],
)
def test_entity_class(name: str, kind: str, alt: list[str], expected: str) -> None:
    entity = sa.GoldEntity(name, kind, {sa.norm_name(name)}, set(), {kind, *alt}, False)
    assert sa.entity_class(entity) == expected


# Error analysis: counting outcomes


def test_classify_article_counts_what_each_system_gets_right(tmp_path: Path) -> None:
    text = (
        'Headline\n\n"We will win the league this year," Holtz said. Sales rose 5% to '
        "$3m at Acme Corp.\n\nCall 0800 123 4567 now."
    )
    gold, text = make_gold(
        tmp_path,
        text,
        entities=[
            {"name": "Holtz", "kind": "person"},
            {"name": "Acme Corp", "kind": "organisation"},
        ],
        figures=[
            {"text": "5%", "value": 5, "unit": "%"},
            {"text": "$3m", "value": 3e6, "unit": "USD"},
        ],
        quotes=[{"text": "We will win the league this year,", "speaker": "Holtz"}],
    )
    q_start = text.index('"We')
    q_end = text.index('," Holtz') + 2
    phone = text.index("0800")
    five = text.index("5%")
    analyser = sa.Prediction(
        entities=[sa.PredEntity("Holtz", "person"), sa.PredEntity("Acme Corp", "place")],
        figures=[
            sa.PredFigure("5%", five, five + 2),
            sa.PredFigure("0800 123 4567", phone, phone + 13),
        ],
        quotes=[
            sa.PredQuote(text[q_start + 1 : q_end - 1], q_start, q_end, "Holtz", False, {"holtz"})
        ],
    )
    baseline = sa.Prediction(
        entities=[], figures=[], quotes=[sa.PredQuote("x y z", 0, 1, "", False)]
    )
    panes = {
        "analyser": sa.score(gold, analyser, text),
        "baseline": sa.score(gold, baseline, text),
    }
    tables = sa._class_tables()
    items = sa.classify_article(gold, text, panes, tables)
    assert tables["speakers"]["named beside the quote"] == {
        "gold": 1,
        "analyser": {"found": 1, "right": 1},
        "baseline": {"found": 0, "right": 0},
    }
    assert tables["figures"]["percentage"]["analyser"] == {"found": 1}
    assert tables["figures"]["money"]["analyser"] == {"found": 0}
    assert tables["spurious_figures"]["telephone number"] == {"analyser": {"spurious": 1}}
    kinds = tables["entity_kinds"]["organisation"]["analyser"]
    assert kinds == {"found": 1, "kind_right": 0, "as": {"place": 1}}
    assert any(row[0] == "entities" and "found as place" in row[4] for row in items)
    markdown = sa.class_tables(tables, ["analyser", "baseline"])
    assert "| telephone number | 1 | 0 |" in markdown
    assert "| organisation | 1 | 1 | 1 (1 as place) | 0 | 0 |" in markdown
    assert "| named beside the quote | 1 | 1 (100%) | 1 (100%) | 0 (0%) | 0 (0%) |" in markdown
