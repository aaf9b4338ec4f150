"""Entity names cleaned at their edges and kinds told by how a name is used (issue 12, item 5)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from reader.core.analysis.analyzer import Analyzer
from reader.core.analysis.entities import RawMention, group_mentions
from reader.core.analysis.mentions import block_mentions, lowercase_words
from reader.core.analysis.model import Analysis, EntityKind
from reader.core.analysis.pipeline import dictionary_words, load_pipeline
from reader.core.loaders import load_text


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline()


def mentions(nlp: Language, text: str) -> list[RawMention]:
    """The mended mentions of one paragraph."""
    return block_mentions(nlp(text), 0, lowercase_words(text), dictionary_words(nlp))


def analysed(nlp: Language, text: str) -> Analysis:
    """The whole analysis of an article given as text (a headline, a blank line, the body)."""
    return Analyzer(nlp).analyze(load_text(text, source="story.txt"))


def labels_of(nlp: Language, text: str, name: str) -> set[tuple[str, float]]:
    """(label, weight) of every mention of `name` in the paragraph."""
    return {(m.label, m.weight) for m in mentions(nlp, text) if m.text == name}


def test_a_name_is_cut_at_a_dash_or_quotation_mark(nlp: Language) -> None:
    texts = [m.text for m in mentions(nlp, "He turned to Peter Smith—“is it true?” he asked.")]
    assert all("—" not in text and "“" not in text for text in texts)


@pytest.mark.parametrize(
    "text",
    ["Evidently John Smith had forgotten the letter.", "Why Bonds Will Rally in Spring"],
    ids=["adverb", "why"],
)
def test_a_sentence_initial_word_is_not_part_of_a_name(nlp: Language, text: str) -> None:
    first = text.split()[0]
    assert all(not m.text.startswith(first) for m in mentions(nlp, text))


def test_a_possessive_before_a_person_s_name_is_cut_off(nlp: Language) -> None:
    names = {m.text for m in mentions(nlp, "At Bilibin’s Prince Andrew Bolkonski met the envoy.")}
    assert not any("Bilibin" in name and "Andrew" in name for name in names)


@pytest.mark.parametrize("word", ["Mamma", "Uncle", "Majesty", "God"])
def test_a_word_of_address_is_not_a_person(nlp: Language, word: str) -> None:
    text = f"“Come here,” said {word}, and nobody moved."
    assert all(m.text != word or m.label != "PERSON" for m in mentions(nlp, text))


def test_the_subject_of_a_verb_only_people_do_is_a_person(nlp: Language) -> None:
    assert ("PERSON", 3.0) in labels_of(nlp, "Later Natasha smiled at her mother.", "Natasha")


def test_the_name_after_an_inverted_dialogue_tag_is_a_person(nlp: Language) -> None:
    text = "“I know it,” said Natasha, looking away."
    assert ("PERSON", 3.0) in labels_of(nlp, text, "Natasha")


def test_a_name_whose_face_is_described_is_a_person(nlp: Language) -> None:
    text = "They all looked at Natasha’s face in silence."
    assert labels_of(nlp, text, "Natasha") <= {("PERSON", 3.0)}


def test_a_would_be_person_after_in_is_a_place(nlp: Language) -> None:
    text = "The company opened an office in Bangalore last year."
    assert all(label != "PERSON" for label, _ in labels_of(nlp, text, "Bangalore"))


def test_the_kind_told_by_use_outweighs_the_model_over_the_document() -> None:
    tagged = [RawMention(i * 10, i * 10 + 7, "Natasha", "GPE") for i in range(4)]
    used = [RawMention(100 + i * 10, 107 + i * 10, "Natasha", "PERSON", 3.0) for i in range(2)]
    (entity,) = group_mentions(tagged + used, 200)
    assert entity.kind is EntityKind.PERSON


def test_a_form_used_once_among_hundreds_is_not_the_name() -> None:
    many = [RawMention(i * 10, i * 10 + 6, "Pierre", "PERSON") for i in range(40)]
    slip = RawMention(1000, 1011, "Kiev Pierre", "PERSON")
    entities = group_mentions([*many, slip], 2000)
    assert entities[0].name == "Pierre"


@pytest.mark.parametrize("text", ["CHAPTER", "I.", "Mamma"], ids=["heading", "numeral", "address"])
def test_a_heading_word_or_numeral_is_not_a_name(text: str) -> None:
    from reader.core.analysis.mentions import _is_common_word

    assert _is_common_word(text, frozenset({"chapter"}))


def test_a_member_of_a_people_is_a_group(nlp: Language) -> None:
    text = "The Frenchman bowed, and a Cossack rode past Smith."
    assert all(m.label == "NORP" for m in mentions(nlp, text) if m.text in {"Frenchman"})


def _grouped(mentions_: list[tuple[str, str]]) -> list[str]:
    """The entity names of person mentions given as (text, the word before it)."""
    raw = [
        RawMention(index * 20, index * 20 + len(text), text, "PERSON", title=title)
        for index, (text, title) in enumerate(mentions_)
    ]
    return [entity.name for entity in group_mentions(raw, 1000)]


def test_a_one_word_name_keeps_the_rank_most_mentions_give_it() -> None:
    assert _grouped([("Mary", "Princess"), ("Mary", "Princess"), ("Mary", "said")]) == [
        "Princess Mary"
    ]
    assert _grouped([("Princess Mary", "to"), ("Mary", "said")]) == ["Princess Mary"]


@pytest.mark.parametrize(
    "forms",
    [
        [("Mary", "Princess"), ("Mary", "said"), ("Mary", "and")],  # the rank in a minority
        [("Smith", "Mr"), ("Smith", "Mr")],  # a courtesy title is not part of the name
        [("Mary Bolkónskaya", "Princess"), ("Mary Bolkónskaya", "Princess")],  # a full name
    ],
    ids=["minority", "courtesy", "full-name"],
)
def test_a_name_without_a_settled_rank_is_left_as_it_is(forms: list[tuple[str, str]]) -> None:
    assert _grouped(forms) == [forms[0][0]]


def test_the_word_before_a_name_found_again_is_kept_as_its_title(nlp: Language) -> None:
    text = (
        "Princess Mary came in. Then Pierre spoke to Princess Mary about it, and "
        "Princess Mary listened."
    )
    titled = [m.title for m in mentions(nlp, text) if m.text == "Mary"]
    assert titled and set(titled) == {"Princess"}


def test_a_family_name_said_alone_is_a_person_not_an_organisation() -> None:
    raw = [
        RawMention(0, 15, "Nicholas Rostov", "PERSON"),
        RawMention(20, 32, "Count Rostov", "PERSON"),
        RawMention(40, 46, "Rostov", "ORG"),
        RawMention(60, 66, "Rostov", "ORG"),
    ]
    kinds = {entity.name: entity.kind for entity in group_mentions(raw, 1000)}
    assert kinds["Rostov"] is EntityKind.PERSON


def test_a_name_tagged_a_place_is_not_made_a_person_by_a_shared_word() -> None:
    raw = [
        RawMention(0, 16, "George Washington", "PERSON"),
        RawMention(20, 36, "Martha Washington", "PERSON"),
        RawMention(40, 50, "Washington", "GPE"),
        RawMention(60, 70, "Washington", "ORG"),
        RawMention(80, 90, "Washington", "ORG"),
    ]
    kinds = {entity.name: entity.kind for entity in group_mentions(raw, 1000)}
    assert kinds["Washington"] is not EntityKind.PERSON


@pytest.mark.parametrize(
    "text",
    [
        "Borís quietly left the room. Borís did not laugh.",
        "Having said this he glanced at Natásha.",
        "“Tell me, my dear,” said she to Natásha, “is it so?”",
    ],
    ids=["did-not-laugh", "glanced-at", "said-to"],
)
def test_a_person_told_by_what_they_do_or_are_addressed_by(nlp: Language, text: str) -> None:
    name = "Borís" if "Borís" in text else "Natásha"
    assert ("PERSON", 3.0) in labels_of(nlp, text, name)


def test_a_people_doing_what_people_do_stays_a_people(nlp: Language) -> None:
    assert all(label == "NORP" for label, _ in labels_of(nlp, "Americans laughed.", "Americans"))


@pytest.mark.parametrize("word", ["CHAPTER", "BOOK", "Epilogue"])
def test_a_word_that_divides_a_book_is_not_a_name(word: str) -> None:
    from reader.core.analysis.mentions import _is_common_word

    assert _is_common_word(word, frozenset())


@pytest.mark.parametrize("text", ["Serene Highness", "Your Imperial Majesty", "Your Excellency"])
def test_a_longer_form_of_address_is_not_a_name(text: str) -> None:
    from reader.core.analysis.mentions import _is_common_word

    assert _is_common_word(text, frozenset())


@pytest.mark.parametrize(
    ("name", "people"),
    [("Cossack", True), ("Americans", True), ("Italian", True), ("Kurágin", False)],
)
def test_a_people_is_told_from_a_surname_the_model_called_one(name: str, people: bool) -> None:
    from reader.core.analysis.mentions import _names_a_people

    assert _names_a_people(name) is people


def test_a_member_of_a_people_speaking_is_still_a_people(nlp: Language) -> None:
    text = "“We ride at dawn,” said the Cossack, and the Cossack smiled."
    assert all(label == "NORP" for label, _ in labels_of(nlp, text, "Cossack"))


def entity_kinds(text: str) -> dict[str, EntityKind]:
    analysis = Analyzer(load_pipeline()).analyze(load_text(f"Story\n\n{text}", source="s.txt"))
    return {entity.name: entity.kind for entity in analysis.entities}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Apple sold more iPhone 6 units than expected.", "iPhone 6"),
        ("The Boeing 737 crashed, Boeing said.", "Boeing 737"),
        ("The laptop uses a Snapdragon 810 chip.", "Snapdragon 810"),
        ("The Airbus A320-200 was lost at sea.", "Airbus A320-200"),
    ],
)
def test_a_product_keeps_its_model_number_and_is_other(text: str, name: str) -> None:
    assert entity_kinds(text).get(name) is EntityKind.OTHER


@pytest.mark.parametrize(
    "text",
    [
        "The deal closed on Nov. 28 in Boston.",
        "Arsenal beat Chelsea 2-1 on Saturday.",
        "Paris 2024 was a success for the city.",
    ],
    ids=["date", "score", "year"],
)
def test_dates_scores_and_years_are_not_models(text: str) -> None:
    kinds = entity_kinds(text)
    assert not any(
        kind is EntityKind.OTHER and any(c.isdigit() for c in name) for name, kind in kinds.items()
    )


def test_a_name_with_a_stock_ticker_is_a_company() -> None:
    text = (
        "Analysts like Qualcomm (NASDAQ: QCOM) this year. Qualcomm is having issues, but "
        "Qualcomm will solve them, and Qualcomm knows it. Qualcomm said so."
    )
    assert entity_kinds(text).get("Qualcomm") is EntityKind.ORGANISATION


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        (
            "Firaxis released Civilization: Beyond Earth on Friday, and fans were pleased.",
            "Civilization: Beyond Earth",
            EntityKind.OTHER,
        ),
        (
            "In 1987 he wrote Chaos: Making a New Science, a bestseller.",
            "Chaos: Making a New Science",
            EntityKind.OTHER,
        ),
        ("Oscar-winner Jane Doe arrived late.", "Oscar", EntityKind.EVENT),
        ("The Emmys were held in Los Angeles.", "Emmys", EntityKind.EVENT),
        ("Manchester United beat Liverpool.", "Manchester United", EntityKind.ORGANISATION),
        (
            "She won the Presidential Medal of Freedom.",
            "Presidential Medal of Freedom",
            EntityKind.OTHER,
        ),
    ],
    ids=["subtitle", "subtitle-small-words", "award-winner", "ceremony", "club", "award"],
)
def test_works_awards_ceremonies_and_clubs_have_their_kind(
    text: str, name: str, kind: EntityKind
) -> None:
    assert entity_kinds(text).get(name) is kind


def test_a_year_or_a_kicker_before_a_colon_is_no_title() -> None:
    kinds = entity_kinds(
        "Stocks fell in 2014: Markets were weak, and Kerry said Russia: it was time."
    )
    assert not any(":" in name for name in kinds)


def test_a_full_name_given_once_and_a_surname_after_is_named_in_full() -> None:
    full = RawMention(0, 20, "Edward Norton Lorenz", "PERSON")
    many = [RawMention(30 + i * 10, 36 + i * 10, "Lorenz", "PERSON") for i in range(40)]
    entities = group_mentions([full, *many], 2000)
    assert entities[0].name == "Edward Norton Lorenz"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Facebook first, or their own news page? Nobody agreed.", "Facebook"),
        ("Follow us on Twitter, Facebook & Google+ for more.", "Facebook"),
    ],
)
def test_a_platform_the_model_misses_is_found(text: str, name: str) -> None:
    assert entity_kinds(text).get(name) is EntityKind.ORGANISATION


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("They made a dash for the Kalúga road before dawn.", "Kalúga"),
        ("He had been wounded at the battle of Borodinó in the leg.", "Borodinó"),
        ("The army recalled its victory at Austerlitz with pride.", "Austerlitz"),
    ],
    ids=["road", "battle-of", "victory-at"],
)
def test_a_name_used_as_only_a_place_is_used_is_a_place(
    nlp: Language, text: str, name: str
) -> None:
    assert ("GPE", 3.0) in labels_of(nlp, text, name)


def test_a_possessive_the_model_took_into_the_name_still_shows_a_person(nlp: Language) -> None:
    text = "At the sound of Weyrother’s voice, he opened his one eye."
    assert ("PERSON", 3.0) in labels_of(nlp, text, "Weyrother")


@pytest.mark.parametrize("heading", ["CHAPTER XIV", "Book Two", "PART 3"])
def test_a_book_s_division_heading_is_no_name(nlp: Language, heading: str) -> None:
    assert all(m.text != heading for m in mentions(nlp, heading))


def test_an_archaic_pronoun_capitalised_for_god_is_no_name(nlp: Language) -> None:
    text = "Not unto us, but unto Thy Name, and they overthrew Thy kingdom."
    assert not any(m.text.startswith("Thy") for m in mentions(nlp, text))


@pytest.mark.parametrize(
    ("text", "name", "person"),
    [
        ("He rode to General Barclay with the order.", "General Barclay", True),
        ("Shares of General Motors rose on Monday.", "General Motors", False),
        ("Shares of General Dynamics rose on Monday.", "General Dynamics", False),
        ("They sailed past St. Petersburg at night.", "St. Petersburg", False),
    ],
)
def test_a_rank_before_a_word_no_dictionary_holds_makes_a_person(
    nlp: Language, text: str, name: str, person: bool
) -> None:
    found = {m.label for m in mentions(nlp, text) if m.text == name}
    assert found
    assert ("PERSON" in found) is person


@pytest.mark.parametrize(
    ("text", "junk"),
    [
        ("Follow Lucia I. Suarez on Twitter @luciasuarezsang.", "Follow"),
        ("Follow Lucia I. Suarez on Twitter @luciasuarezsang.", "@"),
        ("He said the deal with Facebook and Publishers: A fix for news is near.", ":"),
    ],
    ids=["imperative", "handle", "colon"],
)
def test_page_furniture_does_not_stick_to_a_name(nlp: Language, text: str, junk: str) -> None:
    assert all(junk not in m.text for m in mentions(nlp, text))


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("CreditCreditChang W. Lee", "Chang W. Lee"),
        ("Photo Credit: Jane Doe", "Jane Doe"),
        ("Credit Suisse", "Credit Suisse"),
    ],
)
def test_a_credit_label_run_into_a_name_is_cut_off(raw: str, name: str) -> None:
    from reader.core.analysis.names import clean_mention

    cleaned = clean_mention(raw, 10, 10 + len(raw))
    assert cleaned is not None
    assert cleaned[0] == name
    assert raw[cleaned[1] - 10 : cleaned[2] - 10] == name


@pytest.mark.parametrize(
    ("text", "word", "kept"),
    [
        ("Gunmen opened fire on tourists in Tunis on Wednesday.", "Gunmen", False),
        ("Liberalism will become a force again in Canada, he wrote.", "Liberalism", False),
        ("Warmly, Michael", "Warmly", False),
        ("Syria rejected the plan on Monday.", "Syria", True),
    ],
)
def test_a_common_word_capitalised_only_to_start_a_sentence_is_no_name(
    nlp: Language, text: str, word: str, kept: bool
) -> None:
    analysis = analysed(nlp, f"Story\n\n{text}")
    forms = {form.casefold() for e in analysis.entities for form in (e.name, *e.aliases)}
    assert (word.casefold() in forms) is kept


def test_the_subject_of_a_verb_with_his_or_her_after_it_is_a_person(nlp: Language) -> None:
    text = "Sensing a battle against violence, Chandor asked his leading man to pick the role."
    assert ("PERSON", 3.0) in labels_of(nlp, text, "Chandor")


@pytest.mark.parametrize("name", ["PS4 Pro", "DDR3 RAM", "iPad Pro"])
def test_a_model_s_name_is_no_person_or_place(name: str) -> None:
    from reader.core.analysis.mentions import _product_like

    assert _product_like(name)


@pytest.mark.parametrize("name", ["Malcolm X", "John Smith", "Paris", "Louis C.K."])
def test_a_person_or_place_is_not_taken_for_a_model(name: str) -> None:
    from reader.core.analysis.mentions import _product_like

    assert not _product_like(name)


@pytest.mark.parametrize(
    ("line", "heading"),
    [
        ("Why Neon Is the Ultimate Symbol of the 20th Century", True),
        ("John Smith, Mary Jones and Peter Brown", False),
    ],
)
def test_a_title_case_line_of_common_words_is_a_subheading_not_names(
    line: str, heading: bool
) -> None:
    from reader.core.analysis.analyzer import _a_heading

    body = "the neon sign was a symbol of the century, the ultimate one, and why not"
    common = lowercase_words(body)
    assert _a_heading(line, common) is heading


def test_a_preposition_opening_the_sentence_is_no_part_of_a_name(nlp: Language) -> None:
    text = "Beside Denísov rode the young cornet, silent and pale."
    assert all(not m.text.startswith("Beside") for m in mentions(nlp, text))


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Funds came from the U.S. Agency for International Development last year.",
            "U.S. Agency for International Development",
        ),
        (
            "Figures from the World Travel and Tourism Council show a fall.",
            "World Travel and Tourism Council",
        ),
    ],
)
def test_an_institution_cut_at_for_or_and_is_made_whole(
    nlp: Language, text: str, name: str
) -> None:
    assert name in {m.text for m in mentions(nlp, text)}


def test_two_places_joined_by_and_stay_two(nlp: Language) -> None:
    names = {m.text for m in mentions(nlp, "Flights between Paris and London were cut.")}
    assert "Paris and London" not in names


def test_a_known_country_in_a_title_case_headline_is_found_though_the_body_never_names_it(
    nlp: Language,
) -> None:
    text = (
        "Canada's Former Liberal Party Leader Offers Advice to Young Liberals\n\n"
        "Dear young people, politics is hard."
    )
    analysis = analysed(nlp, text)
    assert [(e.name, e.kind.value) for e in analysis.entities] == [("Canada", "place")]


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        (
            "She starred in J.C. Chandor’s “A Most Violent Year” last winter.",
            "A Most Violent Year",
            "other",
        ),
    ],
)
def test_a_name_filling_a_title_in_marks_is_a_work(
    nlp: Language, text: str, name: str, kind: str | None
) -> None:
    analysis = analysed(nlp, f"Story\n\n{text}")
    kinds = {e.name: e.kind.value for e in analysis.entities}
    assert kinds.get(name) == kind or (kind is None and kinds.get(name) != "other")


def test_a_web_site_named_by_its_address_is_an_organisation(nlp: Language) -> None:
    text = (
        "Sites\n\nAccording to TheStreet.com and LWN.net, Snopes.com checked it. "
        "Write to me@example.com or see https://example.org/path today."
    )
    analysis = analysed(nlp, text)
    assert {e.name: e.kind.value for e in analysis.entities} == {
        "TheStreet.com": "organisation",
        "LWN.net": "organisation",
        "Snopes.com": "organisation",
    }


def test_a_name_cried_out_in_marks_stays_a_person(nlp: Language) -> None:
    text = (
        "Story\n\nMárya Dmítrievna came in. Everyone knew Márya Dmítrievna well.\n\n"
        "“Márya Dmítrievna!” cried the girl, and ran to her."
    )
    analysis = analysed(nlp, text)
    assert {e.name: e.kind.value for e in analysis.entities}["Márya Dmítrievna"] == "person"
