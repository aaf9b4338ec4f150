"""The analyser's parts: number values, mention cleaning, name grouping, progressive runs."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader import paths
from reader.core.analysis import Entity, EntityKind
from reader.core.analysis.analyzer import Analyzer
from reader.core.analysis.entities import RawMention, group_mentions
from reader.core.analysis.lexicon import LEADING_WORDS
from reader.core.analysis.names import clean_mention, normal_form, strip_title
from reader.core.analysis.number_words import parse_value
from reader.core.analysis.pipeline import load_pipeline
from reader.core.loaders import load_path
from reader.core.model.document import Article, ArticleBuilder, BlockKind

T = TypeVar("T")

# Number values


@pytest.mark.parametrize(
    ("words", "value"),
    [
        (["62"], 62),
        (["470,000"], 470_000),
        (["1,234.5"], 1234.5),
        (["7.6", "million"], 7_600_000),
        (["4.1", "million"], 4_100_000),
        (["forty-five"], 45),
        (["forty", "five"], 45),
        (["two", "hundred"], 200),
        (["two", "hundred", "and", "fifty"], 250),
        (["one", "thousand", "two", "hundred"], 1200),
        (["3", "thousand", "500"], 3500),
        (["a", "dozen"], 12),
        (["639", "m"], 639_000_000),
        (["1.13", "bn"], 1_130_000_000),
        (["639m"], 639_000_000),
        (["7.6", "Million"], 7_600_000),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else None,
)
def test_parse_value(words: list[str], value: float) -> None:
    assert parse_value(words) == value


@pytest.mark.parametrize("words", [["foo"], ["62", "people"], ["Sunday"]], ids=str)
def test_parse_value_of_words_that_are_not_numbers(words: list[str]) -> None:
    assert parse_value(words) is None


# Cleaning a mention


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the Syrian Observatory", ("Syrian Observatory", 4, 22)),
        ("The United Nations,", ("United Nations", 4, 18)),
        ("Kerry’s", ("Kerry", 0, 5)),
        ("Kerry's", ("Kerry", 0, 5)),
        ("Reuters’", ("Reuters", 0, 7)),
        ("“Kerry", ("Kerry", 1, 6)),
        ("U.S.", ("U.S.", 0, 4)),
        ("John Kerry", ("John Kerry", 0, 10)),
        ("2011", None),
        ("“…”", None),
    ],
    ids=[
        "determiner",
        "capital-determiner-and-comma",
        "curly-possessive",
        "straight-possessive",
        "plural-possessive",
        "leading-mark",
        "abbreviation-keeps-dot",
        "unchanged",
        "digits",
        "punctuation",
    ],
)
def test_clean_mention(text: str, expected: tuple[str, int, int] | None) -> None:
    if expected is None:
        assert clean_mention(text, 10, 10 + len(text)) is None
    else:
        name, start, end = expected
        assert clean_mention(text, 10, 10 + len(text)) == (name, 10 + start, 10 + end)


NAMEISH = st.text(st.sampled_from("AbcK ’'.,“”-$()1the"), max_size=25)


@settings(max_examples=500, deadline=None)
@given(NAMEISH, NAMEISH | st.sampled_from(["the ", "the ,", "A.", "the Kerry’s"]), NAMEISH)
def test_a_cleaned_mention_is_exactly_the_text_at_its_offsets(
    before: str, span: str, after: str
) -> None:
    original = before + span + after
    start, end = len(before), len(before) + len(span)
    cleaned = clean_mention(span, start, end)
    if cleaned is None:
        # Nothing but punctuation, digits or a lone determiner ("the ").
        first, _, rest = span.partition(" ")
        assert not any(char.isalpha() for char in rest)
        assert first.lower() in LEADING_WORDS or not any(char.isalpha() for char in first)
        return
    text, new_start, new_end = cleaned
    assert original[new_start:new_end] == text
    assert start <= new_start < new_end <= end
    assert any(char.isalpha() for char in text)


# Names


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Secretary of State John Kerry", "John Kerry"),
        ("President Obama", "Obama"),
        ("Mr. Smith", "Smith"),
        ("General Smith", "Smith"),
        ("Foreign Minister Lavrov", "Lavrov"),
        ("John Kerry", "John Kerry"),
        ("Kerry", "Kerry"),
        ("President", "President"),
    ],
)
def test_strip_title(name: str, expected: str) -> None:
    assert strip_title(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Kerry’s", "kerry's"),
        ("  John \t Kerry ", "john kerry"),
        ("Café Élysée", "cafe elysee"),
        ("Straße", "strasse"),
        ("ISIS", "isis"),
    ],
)
def test_normal_form(name: str, expected: str) -> None:
    assert normal_form(name) == expected


# Grouping mentions


def raw(*items: tuple[str, str] | tuple[str, str, float]) -> tuple[list[RawMention], int]:
    """Hand-made mentions, 10 characters apart, and the length of a text that holds them."""
    mentions: list[RawMention] = []
    position = 0
    for item in items:
        text, label = item[0], item[1]
        weight = item[2] if len(item) == 3 else 1.0
        mentions.append(RawMention(position, position + len(text), text, label, weight))
        position += len(text) + 10
    return mentions, position


def grouped(*items: tuple[str, str] | tuple[str, str, float]) -> dict[str, Entity]:
    mentions, length = raw(*items)
    entities = within_seconds(lambda: group_mentions(mentions, length))
    names = [entity.name for entity in entities]
    assert len(names) == len(set(names)), names
    # Nothing lost or counted twice.
    assert sorted(m.start for e in entities for m in e.mentions) == [m.start for m in mentions]
    return {entity.name: entity for entity in entities}


def within_seconds(work: Callable[[], T], seconds: float = 10.0) -> T:
    """Run `work` in a thread, failing (not hanging) if it never finishes."""
    results: list[T] = []
    thread = threading.Thread(target=lambda: results.append(work()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "group_mentions did not finish"
    return results[0]


def summary(entities: dict[str, Entity]) -> dict[str, tuple[EntityKind, tuple[str, ...], int]]:
    return {name: (e.kind, e.aliases, e.count) for name, e in entities.items()}


P, ORG, G = EntityKind.PERSON, EntityKind.ORGANISATION, EntityKind.GROUP


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        (
            [("John Kerry", "PERSON"), ("Kerry", "PERSON"), ("Kerry", "PERSON")],
            {"John Kerry": (P, ("Kerry",), 3)},
        ),
        (
            [("John Kerry", "PERSON"), ("Kerry", "ORG")],
            {"John Kerry": (P, ("Kerry",), 2)},
        ),
        (
            [("Secretary of State John Kerry", "PERSON"), ("John Kerry", "PERSON")],
            {"John Kerry": (P, ("Secretary of State John Kerry",), 2)},
        ),
        (
            [("Secretary of State John Kerry", "PERSON"), ("Kerry", "PERSON")],
            {"John Kerry": (P, ("Secretary of State John Kerry", "Kerry"), 2)},
        ),
        (
            [("President Obama", "PERSON"), ("Obama", "PERSON"), ("Obama", "PERSON")],
            {"Obama": (P, ("President Obama",), 3)},
        ),
        (
            [("John Kerry", "PERSON"), ("John", "PERSON")],
            {"John Kerry": (P, ("John",), 2)},
        ),
        (
            [("Bashar al-Assad", "PERSON"), ("Assad", "PERSON")],
            {"Bashar al-Assad": (P, ("Assad",), 2)},
        ),
        (
            [("George Wein", "PERSON"), ("Wein", "ORG")],
            {"George Wein": (P, ("Wein",), 2)},
        ),
        (
            [("United Nations", "ORG"), ("UN", "ORG")],
            {"United Nations": (ORG, ("UN",), 2)},
        ),
        (
            [("U.N.", "ORG"), ("United Nations", "ORG")],
            {"United Nations": (ORG, ("U.N.",), 2)},
        ),
        (
            [("Syrian", "NORP"), ("Syrians", "NORP"), ("Syrian", "NORP")],
            {"Syrian": (G, ("Syrians",), 3)},
        ),
        (
            [("Time Warner", "ORG"), ("TimeWarner", "ORG")],
            {"Time Warner": (ORG, ("TimeWarner",), 2)},
        ),
    ],
    ids=[
        "surname",
        "surname-tagged-org",
        "title-stripped",
        "title-and-surname",
        "title-short-name",
        "first-name",
        "particle-surname",
        "surname-after-full-name",
        "acronym",
        "dotted-acronym",
        "singular-plural-group",
        "spacing",
    ],
)
def test_group_mentions_merges_forms_of_one_name(
    items: list[tuple[str, str]], expected: dict[str, tuple[EntityKind, tuple[str, ...], int]]
) -> None:
    assert summary(grouped(*items)) == expected


def test_cleaned_forms_with_and_without_the_are_one_entity() -> None:
    text = "The Syrian Observatory said so; the Syrian Observatory’s count; Syrian Observatory."
    spans = [
        ("The Syrian Observatory", 0),
        ("the Syrian Observatory’s", 32),
        ("Syrian Observatory", 64),
    ]
    mentions = []
    for form, start in spans:
        assert text[start : start + len(form)] == form
        cleaned = clean_mention(form, start, start + len(form))
        assert cleaned is not None
        name, clean_start, clean_end = cleaned
        mentions.append(RawMention(clean_start, clean_end, name, "ORG"))
    (entity,) = group_mentions(mentions, len(text))
    assert entity.name == "Syrian Observatory"
    assert entity.aliases == ()
    assert [text[m.start : m.end] for m in entity.mentions] == ["Syrian Observatory"] * 3


def test_a_surname_two_people_share_is_the_one_named_last_before_it() -> None:
    """Not a third person "Smith" (the tracker's issue on analysis: husband and wife)."""
    entities = grouped(("John Smith", "PERSON"), ("Jane Smith", "PERSON"), ("Smith", "PERSON"))
    assert summary(entities) == {
        "John Smith": (P, (), 1),
        "Jane Smith": (P, ("Smith",), 2),
    }


def test_a_title_says_which_of_two_people_sharing_a_surname_is_meant() -> None:
    entities = grouped(("John Smith", "PERSON"), ("Jane Smith", "PERSON"), ("Mr Smith", "PERSON"))
    assert summary(entities) == {
        "John Smith": (P, ("Mr Smith",), 2),
        "Jane Smith": (P, (), 1),
    }


def test_a_place_is_not_merged_into_a_persons_name() -> None:
    entities = grouped(("George Washington", "PERSON"), ("Washington", "GPE"))
    assert summary(entities) == {
        "George Washington": (P, (), 1),
        "Washington": (EntityKind.PLACE, (), 1),
    }


@pytest.mark.parametrize(
    "items",
    [
        [("General Smith", "PERSON"), ("Smith", "PERSON"), ("John Smith", "PERSON")],
        [("Smith", "PERSON"), ("John Smith", "PERSON"), ("General Smith", "PERSON")],
        [
            ("Smith", "PERSON"),
            ("General Smith", "PERSON"),
            ("John Smith", "PERSON"),
            ("General John Smith", "PERSON"),
        ],
        [
            ("John", "PERSON"),
            ("John Smith", "PERSON"),
            ("Smith John", "PERSON"),
            ("Smith", "PERSON"),
        ],
        [("UN", "ORG"), ("United Nations", "ORG"), ("Un", "PERSON"), ("U.N.", "ORG")],
    ],
    ids=["title-first", "surname-first", "title-and-full", "mirrored-names", "acronym-cycle"],
)
def test_cyclic_looking_names_end_and_lose_nothing(items: list[tuple[str, str]]) -> None:
    entities = grouped(*items)
    # However they are grouped, each form as written lands in exactly one entity.
    for text, _ in items:
        owners = [e.name for e in entities.values() if text in {e.name, *e.aliases}]
        assert len(owners) == 1, (text, owners)


def test_a_title_and_a_surname_are_one_person_beside_a_full_name() -> None:
    entities = grouped(("General Smith", "PERSON"), ("Smith", "PERSON"), ("John Smith", "PERSON"))
    owner = [e for e in entities.values() if "General Smith" in {e.name, *e.aliases}]
    assert len(owner) == 1
    assert "Smith" in {owner[0].name, *owner[0].aliases}


@pytest.mark.parametrize(
    ("items", "kind"),
    [
        ([("Homs", "GPE"), ("Homs", "ORG"), ("Homs", "GPE"), ("Homs", "GPE")], EntityKind.PLACE),
        ([("Homs", "ORG"), ("Homs", "ORG"), ("Homs", "GPE")], EntityKind.ORGANISATION),
        ([("Homs", "ORG"), ("Homs", "GPE", 0.25), ("Homs", "GPE", 0.25)], EntityKind.ORGANISATION),
        ([("Jordan", "PERSON"), ("Jordan", "ORG")], EntityKind.PERSON),
        ([("Jordan", "GPE"), ("Jordan", "ORG")], EntityKind.PLACE),
        ([("Shiite", "NORP")], EntityKind.GROUP),
        ([("Olympics", "EVENT")], EntityKind.EVENT),
        ([("Koran", "WORK_OF_ART"), ("Koran", "LAW")], EntityKind.OTHER),
    ],
    ids=[
        "place-3-to-1",
        "org-2-to-1",
        "weighted",
        "tie-person",
        "tie-place",
        "group",
        "event",
        "other",
    ],
)
def test_kind_by_majority_vote(items: list[tuple[str, str]], kind: EntityKind) -> None:
    ((entity),) = grouped(*items).values()
    assert entity.kind is kind
    assert entity.count == len(items)


def test_a_group_hint_groups_equivalent_names() -> None:
    mentions, length = raw(("Islamic State", "ORG"), ("ISIS", "ORG"), ("ISIS", "ORG"))
    for mention in mentions:
        mention.group_hint = "ISIS"
    (entity,) = group_mentions(mentions, length)
    assert entity.name == "Islamic State"
    assert entity.aliases == ("ISIS",)
    assert entity.count == 3


def test_overlapping_mentions_keep_the_longest() -> None:
    mentions = [
        RawMention(0, 5, "Kerry", "PERSON"),
        RawMention(0, 10, "Kerry Corp", "ORG"),
        RawMention(20, 24, "Homs", "GPE"),
    ]
    entities = group_mentions(mentions, 30)
    assert [(e.name, [(m.start, m.end) for m in e.mentions]) for e in entities] == [
        ("Kerry Corp", [(0, 10)]),
        ("Homs", [(20, 24)]),
    ]


def test_salience_counts_mentions_early_ones_and_headline_ones_more() -> None:
    mentions = [
        RawMention(0, 4, "Homs", "GPE"),
        RawMention(100, 108, "Damascus", "GPE"),
        RawMention(200, 208, "Damascus", "GPE"),
        RawMention(900, 905, "Syria", "GPE"),
        RawMention(950, 955, "Aleppo", "GPE"),
    ]
    entities = group_mentions(mentions, 1000, title_end=50)
    names = [entity.name for entity in entities]
    # Two mentions beat one; a headline mention counts double; earlier beats later.
    assert names == ["Damascus", "Homs", "Syria", "Aleppo"]
    saliences = [entity.salience for entity in entities]
    assert saliences == sorted(saliences, reverse=True)


def test_entity_ids_are_unique_slugs() -> None:
    entities = grouped(("C++", "PRODUCT"), ("C", "PRODUCT"), ("Café Élysée", "ORG"))
    ids = {name: entity.id for name, entity in entities.items()}
    assert ids["Café Élysée"] == "organisation-cafe-elysee"
    assert sorted([ids["C++"], ids["C"]]) == ["other-c", "other-c-2"]


# Whole articles, progressively


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer(load_pipeline())


@pytest.fixture(scope="module")
def sample() -> Article:
    return load_path(paths.sample_article())


def build(*blocks: tuple[BlockKind, str]) -> Article:
    builder = ArticleBuilder()
    for kind, text in blocks:
        builder.add(kind, text)
    return builder.build()


def test_progressively_reports_partial_results_then_the_whole(
    analyzer: Analyzer, sample: Article
) -> None:
    results = list(analyzer.progressively(sample, chunk_chars=400))
    partial, last = results[:-1], results[-1]
    assert len(partial) >= 3
    assert all(not result.complete for result in partial)
    dones = [result.done for result in results]
    assert dones == sorted(dones)
    assert len(set(dones)) == len(dones)
    assert dones[0] > 0
    assert dones[-2] < 1
    assert last.complete
    assert last.done == 1.0
    assert last == analyzer.analyze(sample)


def test_partial_results_only_cover_the_text_read_so_far(
    analyzer: Analyzer, sample: Article
) -> None:
    for result in analyzer.progressively(sample, chunk_chars=400):
        if result.complete:
            break
        covered = result.done * len(sample.text)
        ends = [m.end for e in result.entities for m in e.mentions]
        ends += [f.end for f in result.figures] + [q.start for q in result.quotes]
        # Block separators make the text a little longer than what is counted as read.
        assert all(end <= covered + 200 for end in ends), (result.done, max(ends))


def test_progress_grows_entity_counts(analyzer: Analyzer, sample: Article) -> None:
    counts = [
        sum(entity.count for entity in result.entities)
        for result in analyzer.progressively(sample, chunk_chars=400)
    ]
    assert counts == sorted(counts)
    assert counts[0] < counts[-1]


def test_partial_results_are_worked_out_anew_only_as_the_text_grows_by_a_quarter(
    analyzer: Analyzer,
) -> None:
    # Fails on the old code: every chunk worked out a whole new result over everything read
    # so far, quadratic on a book (14.7 of the 73 s for half of War and Peace).
    article = build(
        *[(BlockKind.PARAGRAPH, f"John Kerry met {n} people in Geneva.") for n in range(200)]
    )
    results = list(analyzer.progressively(article, chunk_chars=40))
    assert len(results) >= 100
    worked_out = {id(result.entities) for result in results}
    assert len(worked_out) <= 25  # 1.25 ** 22 > 100
    dones = [result.done for result in results]
    assert dones == sorted(dones) and len(set(dones)) == len(dones)
    assert results[-1] == analyzer.analyze(article)


@pytest.mark.parametrize(
    "blocks",
    [
        [(BlockKind.TITLE, "Ceasefire Talks Resume For Good")],
        [(BlockKind.TITLE, "Talks resume")],
        [(BlockKind.DATELINE, "Feb 21, 2016 at 3:23 PM ET")],
        [(BlockKind.CODE, 'print("not a quote")')],
    ],
    ids=["title-case-title", "short-title", "dateline-only", "code-only"],
)
def test_an_article_with_nothing_to_find(
    analyzer: Analyzer, blocks: list[tuple[BlockKind, str]]
) -> None:
    article = build(*blocks)
    results = list(analyzer.progressively(article, chunk_chars=1))
    assert len(results) == 1
    (result,) = results
    assert result.complete
    assert result.done == 1.0
    assert (result.entities, result.figures, result.quotes) == ((), (), ())
    assert analyzer.analyze(article) == result


def test_a_known_place_in_a_title_case_title_alone_is_found(analyzer: Analyzer) -> None:
    result = analyzer.analyze(build((BlockKind.TITLE, "Ceasefire Talks Resume In Geneva")))
    assert [(e.name, e.kind.value) for e in result.entities] == [("Geneva", "place")]


def test_a_sentence_case_title_alone_is_analysed(analyzer: Analyzer) -> None:
    article = build((BlockKind.TITLE, "Kerry meets Lavrov in Geneva"))
    result = analyzer.analyze(article)
    kinds = {entity.name: entity.kind for entity in result.entities}
    assert kinds == {"Kerry": P, "Lavrov": P, "Geneva": EntityKind.PLACE}


def test_a_short_story_end_to_end(analyzer: Analyzer) -> None:
    article = build(
        (BlockKind.TITLE, "Talks in Geneva"),
        (BlockKind.PARAGRAPH, 'John Kerry met Sergei Lavrov. Kerry said "we have a deal".'),
    )
    result = analyzer.analyze(article)
    kerry = next(entity for entity in result.entities if entity.name == "John Kerry")
    assert kerry.aliases == ("Kerry",)
    (quote,) = result.quotes
    assert (quote.text, quote.speaker, quote.speaker_id) == (
        "we have a deal",
        "John Kerry",
        kerry.id,
    )


def test_names_in_a_title_case_headline_are_mentions(analyzer: Analyzer) -> None:
    article = build(
        (BlockKind.TITLE, "Kerry Meets Lavrov"),
        (BlockKind.PARAGRAPH, "John Kerry met Sergei Lavrov. Kerry said the talks went well."),
    )
    result = analyzer.analyze(article)
    title_end = article.blocks[0].end
    in_title = {m.text for e in result.entities for m in e.mentions if m.start < title_end}
    assert in_title == {"Kerry", "Lavrov"}


def test_the_child_process_sends_progress_alone_when_only_the_progress_is_new(
    analyzer: Analyzer,
) -> None:
    from reader.core.analysis.background import analyse_in_child

    article = build(
        *[(BlockKind.PARAGRAPH, f"John Kerry met {n} people in Geneva.") for n in range(60)]
    )
    ours = list(analyzer.progressively(article, chunk_chars=40))
    theirs = list(analyse_in_child(article, None, chunk_chars=40))
    assert [result.done for result in theirs] == [result.done for result in ours]
    assert theirs[-1] == ours[-1]
    # The parent rebuilds a progress-only step from the last result: the same entities.
    assert len({id(result.entities) for result in theirs}) == len(
        {id(result.entities) for result in ours}
    )
