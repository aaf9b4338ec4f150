"""The analyser over the sample story: the entities, figures and quotes a reader would list.

The real pipeline runs once for the module; every test reads the same analysis. The hard
cases come from the issue: one John Kerry however he is named, one Syrian Observatory with or
without "the", Twitter not a person, Islamic State not split in two, headlines not names.
"""

from __future__ import annotations

import itertools
import json
import re

import pytest

from reader import paths
from reader.core.analysis import (
    ANALYSER_VERSION,
    Analysis,
    Entity,
    EntityKind,
    Figure,
    Quote,
    analysis_from_dict,
    analysis_to_dict,
)
from reader.core.analysis.analyzer import Analyzer
from reader.core.analysis.pipeline import expected_label, load_pipeline
from reader.core.loaders import load_path
from reader.core.model.document import Article, BlockKind


@pytest.fixture(scope="module")
def article() -> Article:
    return load_path(paths.sample_article())


@pytest.fixture(scope="module")
def analysis(article: Article) -> Analysis:
    return Analyzer(load_pipeline()).analyze(article)


def entity_named(analysis: Analysis, name: str) -> Entity:
    matches = [entity for entity in analysis.entities if entity.name == name]
    assert len(matches) == 1, [entity.name for entity in analysis.entities]
    return matches[0]


def entities_with(analysis: Analysis, form: str) -> list[Entity]:
    """Every entity that has `form` as its name or one of its aliases."""
    return [entity for entity in analysis.entities if form == entity.name or form in entity.aliases]


def figures_text(analysis: Analysis, text: str) -> list[Figure]:
    return [figure for figure in analysis.figures if figure.text == text]


def quote_starting(analysis: Analysis, words: str) -> Quote:
    matches = [quote for quote in analysis.quotes if quote.text.startswith(words)]
    assert len(matches) == 1, [quote.text for quote in analysis.quotes]
    return matches[0]


def occurrences(text: str, word: str) -> list[int]:
    return [match.start() for match in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", text)]


# The whole result


def test_the_analysis_is_complete_and_labelled(analysis: Analysis) -> None:
    assert analysis.complete
    assert analysis.done == 1.0
    assert analysis.analyser_version == ANALYSER_VERSION
    assert analysis.model == expected_label()
    assert analysis.model.endswith(" 3.8.0")


def test_every_range_is_exact(article: Article, analysis: Analysis) -> None:
    for entity in analysis.entities:
        assert entity.mentions
        for mention in entity.mentions:
            assert article.text[mention.start : mention.end] == mention.text
        assert [m.start for m in entity.mentions] == sorted(m.start for m in entity.mentions)
    for figure in analysis.figures:
        assert article.text[figure.start : figure.end] == figure.text
        assert figure.sentence_start <= figure.start < figure.end <= figure.sentence_end
    for quote in analysis.quotes:
        assert article.text[quote.start] in '“"'
        assert article.text[quote.end - 1] in '”"'
        assert quote.text in article.text[quote.start : quote.end]
        if quote.speaker_start >= 0:
            assert quote.speaker_start < quote.speaker_end
            assert not quote.start <= quote.speaker_start < quote.end


def test_no_two_entities_share_a_mention_or_an_id(analysis: Analysis) -> None:
    ranges = sorted((m.start, m.end) for entity in analysis.entities for m in entity.mentions)
    for (_, end), (start, _) in itertools.pairwise(ranges):
        assert end <= start
    ids = [entity.id for entity in analysis.entities]
    assert len(ids) == len(set(ids))


# Entities


def test_john_kerry_is_one_person_however_named(article: Article, analysis: Analysis) -> None:
    kerry = entity_named(analysis, "John Kerry")
    assert kerry.kind is EntityKind.PERSON
    assert "Kerry" in kerry.aliases
    assert kerry.count >= 4
    # Every "Kerry" in the story, "Secretary of State John Kerry" included, is his.
    for start in occurrences(article.text, "Kerry"):
        assert any(m.start <= start < m.end for m in kerry.mentions), start
    assert article.text.index("John Kerry") in {m.start for m in kerry.mentions}
    assert entities_with(analysis, "Kerry") == [kerry]


def test_a_persons_title_is_not_another_entity(analysis: Analysis) -> None:
    names = {entity.name for entity in analysis.entities}
    assert not names & {"State", "Secretary of State", "Secretary", "Foreign Minister"}


def test_sergei_lavrov_is_one_person(analysis: Analysis) -> None:
    lavrov = entity_named(analysis, "Sergei Lavrov")
    assert lavrov.kind is EntityKind.PERSON
    assert lavrov.aliases == ("Lavrov",)
    assert lavrov.count == 2


def test_the_syrian_observatory_is_one_organisation(article: Article, analysis: Analysis) -> None:
    name = "Syrian Observatory for Human Rights"
    observatory = entity_named(analysis, name)
    assert observatory.kind is EntityKind.ORGANISATION
    # Written "The Syrian Observatory …" and "the Syrian Observatory …": the determiner is
    # not part of the name, and every occurrence counts.
    assert [m.start for m in observatory.mentions] == occurrences(article.text, name)
    assert {m.text for m in observatory.mentions} == {name}
    assert [e for e in analysis.entities if "Observatory" in e.name] == [observatory]


def test_twitter_is_not_a_person(analysis: Analysis) -> None:
    twitter = entities_with(analysis, "Twitter")
    assert [entity.kind for entity in twitter] == [EntityKind.ORGANISATION]


@pytest.mark.parametrize("name", ["Damascus", "Homs", "Syria", "Aleppo"])
def test_places_are_places_at_every_mention(
    article: Article, analysis: Analysis, name: str
) -> None:
    place = entity_named(analysis, name)
    assert place.kind is EntityKind.PLACE
    assert [m.start for m in place.mentions] == occurrences(article.text, name)


def test_islamic_state_is_one_organisation_and_isis_is_it(
    article: Article, analysis: Analysis
) -> None:
    islamic_state = entity_named(analysis, "Islamic State")
    assert islamic_state.kind is EntityKind.ORGANISATION
    assert "ISIS" in islamic_state.aliases
    forms = {m.text for m in islamic_state.mentions}
    assert forms == {"Islamic State", "ISIS"}
    starts = {m.start for m in islamic_state.mentions}
    assert set(occurrences(article.text, "Islamic State")) <= starts
    assert entities_with(analysis, "ISIS") == [islamic_state]
    names = {entity.name for entity in analysis.entities}
    assert "Islamic" not in names
    assert "State" not in names


def test_every_isis_in_the_text_is_a_mention(article: Article, analysis: Analysis) -> None:
    islamic_state = entity_named(analysis, "Islamic State")
    starts = {m.start for m in islamic_state.mentions}
    assert set(occurrences(article.text, "ISIS")) <= starts


def test_title_case_headlines_are_not_organisations(article: Article, analysis: Analysis) -> None:
    headlines = [
        block for block in article.blocks if block.kind in {BlockKind.TITLE, BlockKind.ASIDE}
    ]
    assert len(headlines) == 2
    for block in headlines:
        inside = [
            m.text
            for entity in analysis.entities
            for m in entity.mentions
            if block.start <= m.start < block.end
        ]
        # Only the names the body establishes, never a run of capitalised headline words.
        assert set(inside) <= {"ISIS", "Syria"}, inside
    headline_words = {"Unleashes", "Attacks", "Provisional", "Ceasefire", "Deal", "Lists"}
    for entity in analysis.entities:
        assert not headline_words & set(entity.name.split()), entity.name


@pytest.mark.parametrize(
    "word", ["Sunday", "2011", "two", "February", "Feb", "this week", "Last month", "100"]
)
def test_dates_and_numbers_are_not_entities(analysis: Analysis, word: str) -> None:
    for entity in analysis.entities:
        forms = {entity.name, *entity.aliases}
        assert not any(word.casefold() in form.casefold() for form in forms), entity.name
        assert not any(char.isdigit() for form in forms for char in form), entity.name


def test_entities_are_ordered_by_salience(analysis: Analysis) -> None:
    saliences = [entity.salience for entity in analysis.entities]
    assert saliences == sorted(saliences, reverse=True)
    names = [entity.name for entity in analysis.entities]
    assert set(names[:2]) == {"Islamic State", "Damascus"}
    assert "John Kerry" in names[:6]
    people = [entity.name for entity in analysis.entities if entity.kind is EntityKind.PERSON]
    assert people[0] == "John Kerry"


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Reuters", EntityKind.ORGANISATION),
        ("Associated Press", EntityKind.ORGANISATION),
        ("Amaq", EntityKind.ORGANISATION),
        ("Bashar al-Assad", EntityKind.PERSON),
        ("Syrian", EntityKind.GROUP),
        ("Shiite", EntityKind.GROUP),
    ],
)
def test_other_names_have_their_kind(analysis: Analysis, name: str, kind: EntityKind) -> None:
    assert entity_named(analysis, name).kind is kind


def test_a_nationality_in_singular_and_plural_is_one_group(analysis: Analysis) -> None:
    syrian = entity_named(analysis, "Syrian")
    assert "Syrians" in syrian.aliases
    assert entities_with(analysis, "Syrians") == [syrian]


# Figures


@pytest.mark.parametrize(
    ("text", "value", "qualifier", "counts"),
    [
        ("more than 100", 100, "more than", "people"),
        ("62", 62, "", "people died"),
        ("another 46", 46, "another", "people died"),
        ("at least 45", 45, "at least", "people"),
        ("470,000", 470_000, "", "people have died"),
        ("7.6 million", 7_600_000, "", "people have been internally displaced"),
        ("4.1 million", 4_100_000, "", "fled the country"),
        ("at least 10", 10, "at least", "villages"),
        ("at least 500", 500, "at least", "people"),
        ("eight", 8, "", "people"),
    ],
)
def test_figures_a_reader_expects(
    article: Article, analysis: Analysis, text: str, value: float, qualifier: str, counts: str
) -> None:
    found = figures_text(analysis, text)
    assert found, [figure.text for figure in analysis.figures]
    for figure in found:
        assert figure.value == value
        assert figure.qualifier == qualifier
        assert figure.unit == ""
        assert counts in figure.counts
        assert article.text[figure.start : figure.end] == text


def test_the_damascus_toll_counts_what_died(analysis: Analysis) -> None:
    (figure,) = figures_text(analysis, "62")
    assert figure.counts == "people died in the Damascus violence"


def test_more_than_100_is_in_the_dek_and_the_first_paragraph(
    article: Article, analysis: Analysis
) -> None:
    found = figures_text(analysis, "more than 100")
    assert [figure.start for figure in found] == occurrences(article.text, "more than 100")
    assert len(found) == 2


def test_what_a_figure_counts_starts_with_the_noun(analysis: Analysis) -> None:
    (figure,) = figures_text(analysis, "470,000")
    assert figure.counts.startswith("people have died")


def test_an_age_is_a_figure(analysis: Analysis) -> None:
    """The tracker's issue on analysis counts ages among the figures a reader expects."""
    (figure,) = figures_text(analysis, "five-year-old")
    assert (figure.value, figure.unit) == (5, "years")


@pytest.mark.parametrize("written", ["2011", "February 12", "12", "3:23", "3", "23", "Sunday"])
def test_dates_and_times_are_not_figures(
    article: Article, analysis: Analysis, written: str
) -> None:
    assert written in article.text
    starts = occurrences(article.text, written)
    assert starts
    for figure in analysis.figures:
        for start in starts:
            assert not figure.start <= start < figure.end, figure


def test_figures_are_in_reading_order_and_apart(analysis: Analysis) -> None:
    starts = [figure.start for figure in analysis.figures]
    assert starts == sorted(starts)
    for before, after in itertools.pairwise(analysis.figures):
        assert before.end <= after.start


# Quotes


def test_the_quotes_of_the_story(analysis: Analysis) -> None:
    assert [(quote.text[:30], quote.scare) for quote in analysis.quotes] == [
        ("provisional agreement", True),
        ("dead Shiite are filling the st", False),
        ("Syria will not be liberated th", False),
        ("It will be liberated by car bo", False),
        ("The modalities for a cessation", False),
        ("A cessation of hostilities … i", False),
    ]
    assert len(analysis.statements) == 5


def test_a_scare_quote_is_not_a_statement(analysis: Analysis) -> None:
    quote = quote_starting(analysis, "provisional agreement")
    assert quote.scare
    assert quote.text == "provisional agreement"
    assert quote not in analysis.statements


def test_kerrys_quotes_are_his(article: Article, analysis: Analysis) -> None:
    kerry = entity_named(analysis, "John Kerry")
    for words in ("The modalities", "A cessation"):
        quote = quote_starting(analysis, words)
        assert quote.speaker == "John Kerry"
        assert quote.speaker_id == kerry.id
    said = quote_starting(analysis, "The modalities")
    # "…,” Kerry said on Sunday": the attribution points at the name as written.
    assert article.text[said.speaker_start : said.speaker_end] == "Kerry"


def test_the_ellipsis_quote_is_found_whole(article: Article, analysis: Analysis) -> None:
    quote = quote_starting(analysis, "A cessation of hostilities")
    expected = "A cessation of hostilities … is possible over the course of these next hours."
    assert quote.text == expected
    assert article.text[quote.start : quote.end] == f"“{expected}”"


def test_the_loyalist_speaks_and_keeps_speaking(analysis: Analysis) -> None:
    liberated = quote_starting(analysis, "Syria will not be liberated")
    assert "loyalist" in liberated.speaker
    assert liberated.text.endswith("agents of the Cross,")
    following = quote_starting(analysis, "It will be liberated")
    assert following.speaker == liberated.speaker
    assert following.speaker_id == liberated.speaker_id


def test_loyalists_of_the_islamic_state_are_not_the_islamic_state(analysis: Analysis) -> None:
    quote = quote_starting(analysis, "dead Shiite")
    assert "loyalists" in quote.speaker
    assert quote.speaker_id != entity_named(analysis, "Islamic State").id


# The plain-dict form


def test_the_dict_form_is_stable_through_json(analysis: Analysis) -> None:
    data = analysis_to_dict(analysis)
    again = analysis_to_dict(analysis_from_dict(json.loads(json.dumps(data))))
    assert again == data
    assert [entity["count"] for entity in data["entities"]] == [
        entity.count for entity in analysis.entities
    ]


def test_figures_and_quotes_round_trip_unchanged(analysis: Analysis) -> None:
    back = analysis_from_dict(json.loads(json.dumps(analysis_to_dict(analysis))))
    assert back.figures == analysis.figures
    assert back.quotes == analysis.quotes
    assert [(e.id, e.name, e.kind, e.aliases, e.mentions) for e in back.entities] == [
        (e.id, e.name, e.kind, e.aliases, e.mentions) for e in analysis.entities
    ]


def test_the_analysis_round_trips_unchanged(analysis: Analysis) -> None:
    assert analysis_from_dict(analysis_to_dict(analysis)) == analysis
    assert analysis_from_dict(json.loads(json.dumps(analysis_to_dict(analysis)))) == analysis
