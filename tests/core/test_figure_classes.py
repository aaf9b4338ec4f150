"""Figures by class (the tracker's issue on analysis): quantities the model hides in dates
and times, numbers that count nothing, and "what it counts" as a reader would say it."""

from __future__ import annotations

import pytest

from reader.core.analysis.analyzer import Analyzer
from reader.core.analysis.numbers import identifier_spans
from reader.core.analysis.pipeline import load_pipeline
from reader.core.loaders import load_text


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer(load_pipeline())


def figures(analyzer: Analyzer, sentence: str) -> list[tuple[str, float, str, str]]:
    analysis = analyzer.analyze(load_text(f"Story\n\n{sentence}", source="story.txt"))
    return [(f.text, f.value, f.unit, f.counts) for f in analysis.figures]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "A 19-year-old man was arrested and the 52-year-old driver was unhurt.",
            [
                ("19-year-old", 19, "years", "age of the man"),
                ("52-year-old", 52, "years", "age of the driver"),
            ],
        ),
        (
            "Police said a 40 year old woman was taken to hospital.",
            [("40 year old", 40, "years", "age of the woman")],
        ),
        ("United won 2-0 at home on Sunday.", [("2-0", 2, "", "score")]),
        ("Milk rose by 3p a pint.", [("3p", 0.03, "GBP", "")]),
        (
            "The meeting lasted more than four hours.",
            [("more than four hours", 4, "hours", "meeting lasted")],
        ),
    ],
)
def test_quantities_the_model_calls_dates_or_nothing_are_figures(
    analyzer: Analyzer, sentence: str, expected: list[tuple[str, float, str, str]]
) -> None:
    assert figures(analyzer, sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Call 999 or ring the helpline on 0800 123 4567.",
        "The office opens at 1600 GMT and closes at 9:30.",
        "The shop sold the iPhone 6 and Boeing 737 models.",
        "Turn to page 10 for the rest.",
        "Kerry said the two sides were closer to a ceasefire.",
        "He fell out with the party back in ’91.",
        "Write to the office at Albany, NY 12207 for a form.",
        "Prices fell on hundreds of items, saving shoppers millions of dollars.",
        "Tens of thousands of people marched, and dozens were arrested.",
        "ALSO READ: 5 Top Tech Stocks for 2015 With Big Upside",
        "The 20 Best Albums of the Year",
        "Trippy Tales: The History of 8 Hallucinogens",
    ],
)
def test_numbers_that_count_nothing_are_not_figures(analyzer: Analyzer, sentence: str) -> None:
    assert figures(analyzer, sentence) == []


def test_a_hyphenated_range_gives_both_ends_counting_the_same(analyzer: Analyzer) -> None:
    assert figures(analyzer, "Between them, 10-15 people came to the meeting.") == [
        ("10", 10, "", "people came to the meeting"),
        ("15", 15, "", "people came to the meeting"),
    ]


def test_what_an_object_counts_reads_as_a_reader_would_say_it(analyzer: Analyzer) -> None:
    found = figures(analyzer, "The storm destroyed 300 homes, killing more than 100 people.")
    assert [counts for *_, counts in found] == ["homes destroyed", "people killed"]


def test_a_decimal_or_a_price_is_no_clock_time() -> None:
    text = "It traded down 0.08% at $73.96, then 10.5 points higher."
    assert identifier_spans(text) == []


def test_a_stated_number_with_a_scale_word_is_still_a_figure(analyzer: Analyzer) -> None:
    found = figures(analyzer, "The company made $3 million and sold two thousand cars.")
    assert [(text, value) for text, value, _unit, _counts in found] == [
        ("$3 million", 3e6),
        ("two thousand", 2000),
    ]


@pytest.mark.parametrize(
    ("sentence", "text"),
    [
        ("ISIS Kills 62 People In Damascus And Homs", "62"),
        ("The company sold 5 Boeing jets to the airline last year.", "5"),
    ],
    ids=["headline-count", "count-before-a-name"],
)
def test_a_count_in_a_headline_or_before_a_name_is_still_a_figure(
    analyzer: Analyzer, sentence: str, text: str
) -> None:
    assert [found[0] for found in figures(analyzer, sentence)] == [text]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "He faces a potential 30-year prison term.",
            [("30-year", 30, "year", "prison term faced")],
        ),
        (
            "He served a one-year sentence in Cambodia.",
            [("one-year", 1, "year", "sentence in Cambodia served")],
        ),
        (
            "The screen has a resolution of 1800 x 1920 per eye.",
            [("1800", 1800, "", "resolution"), ("1920", 1920, "", "resolution")],
        ),
        ("The watch could add a 1%-3% lift to revenue.", [("1%", 1, "%", ""), ("3%", 3, "%", "")]),
    ],
    ids=["hyphened-duration", "one-year", "dimensions", "percent-range"],
)
def test_lengths_of_time_dimensions_and_ranges_written_together_are_figures(
    analyzer: Analyzer, sentence: str, expected: list[tuple[str, float, str, str]]
) -> None:
    assert figures(analyzer, sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "The call came from a 911 emergency dispatch operator.",
        "And then one day it did something really strange.",
        "Hal was just one of several people extorted.",
        "He is the only one who believes it.",
        "We never go to sleep till after two, so stay.",
        "The film is showing at a few hundred cinemas.",
    ],
    ids=["emergency", "one-day", "one-of", "one-who", "clock-word", "a-few-hundred"],
)
def test_words_and_names_that_look_like_numbers_are_not_figures(
    analyzer: Analyzer, sentence: str
) -> None:
    assert figures(analyzer, sentence) == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Temperatures reached 40C on Tuesday.", [("40C", 40, "°C", "temperature")]),
        ("The ride took half an hour.", [("half an hour", 0.5, "hour", "")]),
        ("It was a $5B deal.", [("$5B", 5e9, "USD", "deal")]),
        ("Gum rose by 25c.", [("25c", 0.25, "USD", "")]),
    ],
    ids=["temperature", "half-an-hour", "capital-scale-after-currency", "cents"],
)
def test_units_written_against_the_number_are_read_by_their_case(
    analyzer: Analyzer, sentence: str, expected: list[tuple[str, float, str, str]]
) -> None:
    assert figures(analyzer, sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "She lives at 221B Baker Street.",
        "The 5G network is new.",
        "A 4K screen costs more.",
        "The story went untold for half a century.",
    ],
    ids=["house-number", "5G", "4K", "half-a-century"],
)
def test_digits_with_capital_letters_name_things(analyzer: Analyzer, sentence: str) -> None:
    assert figures(analyzer, sentence) == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Two-thirds of voters and a fifth of MPs agreed.",
            [("Two-thirds", 0.666667, "", "share of voters"), ("a fifth", 0.2, "", "share of MPs")],
        ),
        ("The board approved it in a 3-2 vote.", [("3-2", 3, "", "score")]),
    ],
    ids=["fractions", "vote-tally"],
)
def test_shares_and_tallies_are_figures(
    analyzer: Analyzer, sentence: str, expected: list[tuple[str, float, str, str]]
) -> None:
    assert figures(analyzer, sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    ["He tried a third time.", "Sales rose, the Form 10-K showed.", "It was the F-35 jet."],
    ids=["ordinal", "form-10-K", "F-35"],
)
def test_ordinals_and_codes_are_not_figures(analyzer: Analyzer, sentence: str) -> None:
    assert figures(analyzer, sentence) == []


@pytest.mark.parametrize(
    ("sentence", "counts"),
    [
        ("Officials said 700,000 of these were in the north.", ""),
        ("He took three and then left the field.", ""),
        ("The utility has about 90,000 miles of underground cable.", "underground cable"),
        (
            "It was an increase of $174 million over the administration's request.",
            "increase over the administration's request",
        ),
    ],
    ids=["pronoun", "bare-verb", "measure-of", "own-of"],
)
def test_what_a_figure_counts_is_a_noun_phrase_or_nothing(
    analyzer: Analyzer, sentence: str, counts: str
) -> None:
    found = figures(analyzer, sentence)
    assert [found_counts for *_, found_counts in found][:1] == [counts]


@pytest.mark.parametrize(
    "sentence",
    [
        "Brenham's Ryan Nunn (22) tackles Aledo quarterback Luke Bishop in the game.",
        "Police were called to the 23300 block of Edmond Street on Sunday.",
        "Zuckerberg knows a thing or two about how to seal a deal.",
        "The bill is $50 million above NASA's enacted 2014 budget.",
    ],
    ids=["jersey", "address", "idiom", "year"],
)
def test_jerseys_addresses_idioms_and_years_are_not_figures(
    analyzer: Analyzer, sentence: str
) -> None:
    texts = [text for text, *_ in figures(analyzer, sentence)]
    assert not any(text in {"22", "23300", "two", "2014"} for text in texts)


def test_a_unit_of_capitals_glued_to_a_number_is_a_measure_not_a_code(analyzer: Analyzer) -> None:
    found = figures(analyzer, "The console has 12GB of memory and supports 5G networks.")
    assert [(text, value, unit) for text, value, unit, _ in found] == [("12GB", 12, "gb")]


@pytest.mark.parametrize(
    ("sentence", "counts"),
    [
        ("He was held there for 74 days.", "days held"),
        ("The flight lasted 50 minutes.", "minutes lasted"),
        ("It is 31 degrees outside today.", ""),
    ],
)
def test_a_length_of_time_says_what_it_measures_and_a_bare_it_is_says_nothing(
    analyzer: Analyzer, sentence: str, counts: str
) -> None:
    assert [found_counts for *_, found_counts in figures(analyzer, sentence)] == [counts]
