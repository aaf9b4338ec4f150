"""Speakers chosen among scored candidates (`speakers.py`), and the gender clues they weigh
(`gender.py`): one short article per class of mistake the tracker's issue on analysis names."""

from __future__ import annotations

import pytest

from reader.core.analysis.analyzer import Analyzer
from reader.core.analysis.gender import FEMALE, MALE, first_name_gender, name_gender
from reader.core.analysis.model import Analysis
from reader.core.analysis.pipeline import load_pipeline
from reader.core.analysis.speakers import DOUBTFUL
from reader.core.loaders import load_text


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer(load_pipeline())


def speakers(analyzer: Analyzer, text: str) -> list[tuple[str, str]]:
    """(the quote's first words, its speaker) for every statement, in reading order."""
    analysis = analyze(analyzer, text)
    return [(" ".join(q.text.split()[:3]), q.speaker) for q in analysis.quotes if not q.scare]


def analyze(analyzer: Analyzer, text: str) -> Analysis:
    return analyzer.analyze(load_text(text, source="story.txt"))


# -- gender clues ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "gender"),
    [("Mary", FEMALE), ("John", MALE), ("Natásha", FEMALE), ("Pierre", MALE), ("Xqzt", None)],
)
def test_a_first_name_says_a_gender_only_when_it_is_clear(name: str, gender: str | None) -> None:
    assert first_name_gender(name) == gender


def test_a_title_outweighs_the_first_name() -> None:
    assert name_gender("Mrs Smith") == FEMALE
    assert name_gender("Smith", before="said Mr. ") == MALE
    assert name_gender("Jordan Lee") is None  # as often a man's name as a woman's


# -- speakers ------------------------------------------------------------------------------


def test_she_said_goes_to_the_woman_not_the_man_named_last(analyzer: Analyzer) -> None:
    text = (
        "Council Approves Budget\n\n"
        "Sarah Collins, the council leader, met Peter Walsh on Monday to discuss the plan.\n\n"
        "\u201cWe cannot wait another year for this,\u201d she said."
    )
    assert speakers(analyzer, text) == [("We cannot wait", "Sarah Collins")]


def test_he_said_goes_to_the_man_when_a_woman_was_named_last(analyzer: Analyzer) -> None:
    text = (
        "Plant Closes\n\n"
        "David Moreno ran the plant for twenty years until Linda Park bought it in March.\n\n"
        "\u201cIt was the hardest decision of my life,\u201d he said."
    )
    assert speakers(analyzer, text) == [("It was the", "David Moreno")]


def test_a_title_tells_two_people_who_share_a_surname_apart(analyzer: Analyzer) -> None:
    text = (
        "Bakery Faces Rising Costs\n\n"
        "John Smith and his wife, Mary Smith, have run the bakery in Leeds since 1990.\n\n"
        "\u201cWe have never seen prices like this,\u201d Mrs Smith said.\n\n"
        "\u201cWe will find a way through it,\u201d Mr Smith said."
    )
    assert speakers(analyzer, text) == [
        ("We have never", "Mary Smith"),
        ("We will find", "John Smith"),
    ]


def test_a_description_set_beside_a_name_is_that_person(analyzer: Analyzer) -> None:
    text = (
        "Film Wins Award\n\n"
        "The film stars Tom Baker, the actor, and was directed by Anna Reid.\n\n"
        "Critics praised the ending. \u201cI never expected any of this to happen,\u201d "
        "the actor said."
    )
    assert speakers(analyzer, text) == [("I never expected", "Tom Baker")]


def test_a_named_spokesperson_speaks_rather_than_the_organisation(analyzer: Analyzer) -> None:
    text = (
        "Airline Cancels Flights\n\n"
        "Northway Airlines cancelled forty flights on Friday.\n\n"
        "\u201cSafety comes before everything else,\u201d a Northway spokeswoman, "
        "Jane Doyle, said."
    )
    assert speakers(analyzer, text) == [("Safety comes before", "Jane Doyle")]


def test_the_listener_is_not_the_speaker(analyzer: Analyzer) -> None:
    text = (
        "Coach Speaks Out\n\n"
        "Maria Gomez coached the team for a decade. On Sunday she met Robert Hill, a reporter.\n\n"
        "\u201cWe were robbed of that game by the referee,\u201d she told Hill."
    )
    assert speakers(analyzer, text) == [("We were robbed", "Maria Gomez")]


def test_a_pronoun_the_article_settles_outweighs_an_ambiguous_first_name(
    analyzer: Analyzer,
) -> None:
    text = (
        "New Head Teacher\n\n"
        "Jordan Blake starts at the school in September. She taught in Bristol for ten years.\n\n"
        "Her deputy will be Michael Grant.\n\n"
        "\u201cI am delighted to be joining such a good school,\u201d she said."
    )
    assert speakers(analyzer, text) == [("I am delighted", "Jordan Blake")]


def test_a_named_speaker_is_certain_and_a_guess_is_marked(analyzer: Analyzer) -> None:
    certain = analyze(
        analyzer,
        "Talks Resume\n\n\u201cWe are close to a deal now,\u201d Helen Marsh said on Monday.",
    )
    assert [q.speaker_confidence > 0.9 for q in certain.quotes] == [True]
    guess = analyze(
        analyzer,
        "Talks Resume\n\nAlan Price and Simon Reed met again on Monday.\n\n"
        "\u201cWe are close to a deal now,\u201d he said.",
    )
    assert [q.speaker_confidence < DOUBTFUL for q in guess.quotes] == [True]


def test_a_rank_no_one_named_holds_is_its_own_speaker(analyzer: Analyzer) -> None:
    text = (
        "Boris came into the drawing room with Natalie.\n\n"
        "“There is a time for everything,” said the countess with feigned severity. "
        "“You spoil her, Boris,” she added.\n"
    )
    found = speakers(analyzer, text)
    assert found == [("There is a", "the countess"), ("You spoil her,", "the countess")]


def test_a_rank_a_named_person_holds_is_that_person(analyzer: Analyzer) -> None:
    text = (
        "Prince Harry visited the hospital on Monday with Laura Smith.\n\n"
        "“It was a moving day,” said the prince.\n"
    )
    assert speakers(analyzer, text) == [("It was a", "Prince Harry")]


def test_a_pronoun_after_a_described_speaker_is_that_speaker(analyzer: Analyzer) -> None:
    text = (
        "John Miller, the mayor, opened the meeting.\n\n"
        "“We will not close the library,” a spokeswoman said. “It stays open,” she added.\n"
    )
    found = speakers(analyzer, text)
    assert found == [("We will not", "a spokeswoman"), ("It stays open,", "a spokeswoman")]


def test_a_speaker_two_paragraphs_back_does_not_outweigh_the_woman_just_named(
    analyzer: Analyzer,
) -> None:
    text = (
        "Lab Notes\n\n"
        "Ellen Fetter ran the programs. \u201cWe worked through the night,\u201d she said.\n\n"
        "Years later the lab moved to a new building across the river and its old rooms "
        "were given to the physics department, which had been waiting for them for a decade.\n\n"
        "Her daughter, Sarah Gille, studied oceanography at the institute, joining the same "
        "department as both Edward Lorenz and Daniel Rothman, who had arrived a few years "
        "earlier and who taught the course she later took. "
        "\u201cI was glad I did not get that question,\u201d she said."
    )
    assert speakers(analyzer, text) == [
        ("We worked through", "Ellen Fetter"),
        ("I was glad", "Sarah Gille"),
    ]


def test_a_name_first_in_a_sentence_is_found_unless_the_text_writes_it_in_lower_case() -> None:
    from reader.core.analysis.entities import RawMention
    from reader.core.analysis.mentions import consistent_mentions, lowercase_words

    text = "They say that Fetter and Will came. Fetter stayed. Will left. We will see."
    known = [
        RawMention(14, 20, "Fetter", "PERSON"),
        RawMention(25, 29, "Will", "PERSON"),
    ]
    found = consistent_mentions(text, known, [(0, len(text))], [], lowercase_words(text))
    assert [(m.text, m.start) for m in found] == [("Fetter", 36)]


def test_it_said_is_the_organisation_named_last(analyzer: Analyzer) -> None:
    text = (
        "Shares Fall\n\n"
        "Acme Corporation cut its forecast on Monday, and Jane Moore, an analyst, was not "
        "surprised.\n\n"
        "\u201cDemand for our machines has weakened in every region,\u201d it said in a statement."
    )
    assert speakers(analyzer, text) == [("Demand for our", "Acme Corporation")]


def test_the_person_a_who_clause_hangs_from_is_the_speaker(analyzer: Analyzer) -> None:
    text = (
        "Vote Delayed\n\n"
        "The bill was opposed by Mark Warner, who said it was \u201cthe worst piece of "
        "legislation we have passed in years.\u201d"
    )
    assert speakers(analyzer, text) == [("the worst piece", "Mark Warner")]


def test_a_man_known_by_his_first_name_is_not_made_a_woman_by_her_after_him(
    analyzer: Analyzer,
) -> None:
    text = (
        "The Visit\n\n"
        "Princess Mary began telling of her brother. Pierre turned away from her. Pierre "
        "looked at her and listened to her. Pierre bowed to her.\n\n"
        "\u201cSo he grew tranquil at the end?\u201d he asked."
    )
    from reader.core.analysis.gender import entity_genders

    analysis = analyze(analyzer, text)
    genders = entity_genders(load_text(text, source="story.txt").text, analysis.entities)
    (pierre,) = [e for e in analysis.entities if e.name == "Pierre"]
    assert genders.get(pierre.id) == MALE
    assert speakers(analyzer, text) == [("So he grew", "Pierre")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Charles Schultze, chairman of the council, once summed up the danger of deficits "
            "with a metaphor. \u201cIt is not so much a question of the wolf at the door.\u201d",
            [("It is not", "Charles Schultze")],
        ),
        (
            "Bob Alverson summed up the journey: \u201cIt is old school meets new school.\u201d",
            [("It is old", "Bob Alverson")],
        ),
        (
            "Mark Warner, the Virginia Democrat, called the bill \u201cthe worst piece of "
            "legislation we have passed in years.\u201d In 2009, he called another \u201ca "
            "responsible mix of cuts.\u201d",
            [("the worst piece", "Mark Warner"), ("a responsible mix", "Mark Warner")],
        ),
    ],
    ids=["sentence-before", "summed-up", "called-after-an-appositive"],
)
def test_attributions_by_characterising_verbs_and_the_sentence_before(
    analyzer: Analyzer, text: str, expected: list[tuple[str, str]]
) -> None:
    assert speakers(analyzer, f"Story\n\n{text}") == expected


@pytest.mark.parametrize("phrase", ["a lot", "most", "a number"])
def test_a_quantity_is_never_the_speaker(phrase: str) -> None:
    from reader.core.analysis.speakers import Speaker, SpeakerResolver

    text = f"Story. {phrase} said so."
    start = text.index(phrase)
    cue = Speaker(start, start + len(phrase), phrase, start, start + len(phrase))
    assert SpeakerResolver(text, [], []).resolve(cue, None).speaker == ""


@pytest.mark.parametrize("verb", ["pleaded", "instructed", "laughed", "retorted"])
def test_a_dialogue_tag_of_any_speech_verb_names_the_speaker(analyzer: Analyzer, verb: str) -> None:
    text = (
        "Search Goes On\n\n"
        "Officials met Tom Reyes at the airport on Monday.\n\n"
        f"\u201cPlease come home, we all still need you,\u201d {verb} Angela Marsh, his daughter."
    )
    assert speakers(analyzer, text) == [("Please come home,", "Angela Marsh")]


def test_who_is_warned_is_not_the_speaker_but_who_warns_is(analyzer: Analyzer) -> None:
    text = (
        "Exam Files Released\n\n"
        "Margaret Thatcher read the papers. Kenneth Baker wrote to her in March.\n\n"
        "She was warned by Baker that \u201cthe new exam will lower the standards of schools.\u201d"
    )
    assert speakers(analyzer, text) == [("the new exam", "Kenneth Baker")]


def test_a_headline_quote_in_single_marks_goes_to_the_name_before_its_colon(
    analyzer: Analyzer,
) -> None:
    text = (
        "Snopes Fact-Checker David Emery: 'Are There Any Un-Angry Trump Supporters?'\n\n"
        "The fact checker posted the question on Twitter on Thursday night."
    )
    assert speakers(analyzer, text) == [("Are There Any", "David Emery")]


def test_an_apostrophe_in_a_headline_opens_no_quote(analyzer: Analyzer) -> None:
    text = "Mugabe's wife Grace and the army's generals meet\n\nThey met on Monday."
    assert speakers(analyzer, text) == []


def test_a_role_joined_to_a_name_in_the_subject_is_that_person(analyzer: Analyzer) -> None:
    text = (
        "Tweets Questioned\n\n"
        "Snopes fact checker and staff writer David Emery posted to Twitter asking if there "
        "were \u201cany un-angry Trump supporters?\u201d"
    )
    assert speakers(analyzer, text) == [("any un-angry Trump", "David Emery")]


def test_a_quote_run_into_a_dash_and_a_name_still_finds_its_speaker(analyzer: Analyzer) -> None:
    text = (
        "Radio Interview\n\n"
        "When Stern asked about a comment Paltrow had made about Affleck\u2014specifically, "
        "\u201cHe\u2019d be better off dating a stripper\u201d\u2014Paltrow laughed, "
        "\u201cWell that was true at the time.\u201d"
    )
    assert speakers(analyzer, text)[-1] == ("Well that was", "Paltrow")


def test_the_tokenizer_splits_a_dash_and_a_curly_quote_inside_a_word() -> None:
    from reader.core.analysis.pipeline import load_pipeline

    tokens = [token.text for token in load_pipeline().tokenizer("stripper\u201d\u2014Paltrow")]
    assert tokens == ["stripper", "\u201d", "\u2014", "Paltrow"]


def test_a_person_set_beside_the_object_of_a_described_subject_speaks(analyzer: Analyzer) -> None:
    text = (
        "Museum Attack\n\n"
        "The leader of Ennahda, Rachid Ghannouchi, condemned the attack, saying in a statement "
        "that it \u201cwill not break our people\u2019s will.\u201d"
    )
    assert speakers(analyzer, text) == [("will not break", "Rachid Ghannouchi")]


def test_in_someone_s_words_names_the_speaker(analyzer: Analyzer) -> None:
    text = (
        "Study\n\nMichael Shadlen led the work at Columbia.\n\n"
        "In Dr. Shadlen's words, the brain \u201cis making a bet on the evidence it has.\u201d"
    )
    assert speakers(analyzer, text) == [("is making a", "Michael Shadlen")]


def test_a_short_paragraph_between_two_quotes_does_not_end_the_passage(
    analyzer: Analyzer,
) -> None:
    text = (
        "Interview\n\n"
        "\u201cWe cannot go on like this for another year,\u201d Barack Obama said.\n\n"
        "The president at the White House.\n\n"
        "\u201cWell, they are not ideal institutions, and we know it.\u201d"
    )
    assert [speaker for _, speaker in speakers(analyzer, text)] == ["Barack Obama"] * 2
