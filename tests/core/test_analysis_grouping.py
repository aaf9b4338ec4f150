"""Forms of one name grouped as one entity, and kept apart when they may be two (issue 12)."""

from __future__ import annotations

import pytest

from reader.core.analysis.entities import RawMention, group_mentions
from reader.core.analysis.mentions import _label_by_head
from reader.core.analysis.model import Entity, EntityKind


def raw_mentions(text: str, *spans: tuple[str, str]) -> list[RawMention]:
    """Mentions of `text` given as (name, label), each found after the one before."""
    raw: list[RawMention] = []
    position = 0
    for name, label in spans:
        start = text.index(name, position)
        raw.append(RawMention(start, start + len(name), name, label))
        position = start + len(name)
    return raw


def entities_of(text: str, *spans: tuple[str, str]) -> list[Entity]:
    """The entities of `text` given each mention as (name, label), in reading order."""
    return group_mentions(raw_mentions(text, *spans), len(text), text=text)


def grouped(text: str, *spans: tuple[str, str]) -> list[set[str]]:
    """The set of forms each entity of `text` groups, in a stable order."""
    forms = [{m.text for m in entity.mentions} for entity in entities_of(text, *spans)]
    return sorted(forms, key=sorted)


def test_an_acronym_in_brackets_after_a_name_stands_for_it() -> None:
    text = "The Democratic Union Party (PYD) leads. Later the PYD said no."
    spans = [("Democratic Union Party", "ORG"), ("PYD", "ORG"), ("PYD", "ORG")]
    assert grouped(text, *spans) == [{"Democratic Union Party", "PYD"}]


def test_an_acronym_not_in_brackets_is_not_taken_for_the_name_before_it() -> None:
    text = "The Democratic Union Party met the KRG. The KRG said no."
    spans = [("Democratic Union Party", "ORG"), ("KRG", "ORG"), ("KRG", "ORG")]
    assert len(grouped(text, *spans)) == 2


def test_a_person_is_never_an_acronym_in_brackets() -> None:
    text = "John Smith (CEO) said so. The CEO agreed."
    spans = [("John Smith", "PERSON"), ("CEO", "ORG"), ("CEO", "ORG")]
    assert len(grouped(text, *spans)) == 2


@pytest.mark.parametrize(
    ("full", "short"),
    [
        ("WhiteWave Foods", "WhiteWave"),
        ("Whole Foods Market", "Whole Foods"),
        ("Florida State University", "Florida State"),
        ("Smart Projects SRL", "Smart Projects"),
        ("Acme Holdings Inc.", "Acme"),
    ],
)
def test_a_company_s_short_name_is_its_full_name(full: str, short: str) -> None:
    text = f"{full} reported. Later {short} said more. Then {short} left."
    (entity,) = entities_of(text, (full, "ORG"), (short, "PERSON"), (short, "ORG"))
    assert entity.kind is EntityKind.ORGANISATION
    assert {m.text for m in entity.mentions} == {full, short}


def test_a_short_name_used_before_the_full_one_may_be_another_body() -> None:
    text = "Arduino is loved. Arduino SRL and Arduino LLC disagree."
    spans = [("Arduino", "ORG"), ("Arduino SRL", "ORG")]
    assert len(grouped(text, *spans)) == 2


def test_a_product_is_not_its_maker_s_short_name() -> None:
    text = "Apple Watch sales rose. Apple said so."
    spans = [("Apple Watch", "ORG"), ("Apple", "ORG")]
    assert len(grouped(text, *spans)) == 2


@pytest.mark.parametrize(
    ("long", "short", "label"),
    [
        ("Kingdom of Cambodia", "Cambodia", "GPE"),
        ("People's Republic of China", "China", "GPE"),
        ("Department of Defense", "Defense Department", "ORG"),
    ],
)
def test_a_formal_or_inverted_name_is_the_same_body(long: str, short: str, label: str) -> None:
    text = f"{short} acted. The {long} agreed."
    assert grouped(text, (short, label), (long, label)) == [{long, short}]


def test_a_plural_of_a_name_is_that_name_and_a_people_one_group() -> None:
    text = "The Mac sold. Macs sell. Kurdish forces and the Kurds."
    spans = [("Mac", "PRODUCT"), ("Macs", "PERSON"), ("Kurdish", "NORP"), ("Kurds", "NORP")]
    assert grouped(text, *spans) == [{"Kurdish", "Kurds"}, {"Mac", "Macs"}]


def test_a_plural_person_name_is_not_made_another_person() -> None:
    text = "William came. Then Williams came."
    assert len(grouped(text, ("William", "PERSON"), ("Williams", "PERSON"))) == 2


@pytest.mark.parametrize(
    ("name", "label", "kind"),
    [
        ("Lorenz Center", "PERSON", "ORG"),
        ("Center for Health and Human Rights", "GPE", "ORG"),
        ("Bank of America", "GPE", "ORG"),
        ("University of California", "GPE", "ORG"),
        ("Statue of Liberty", "FAC", "FAC"),
    ],
)
def test_a_name_s_head_gives_its_kind(name: str, label: str, kind: str) -> None:
    assert _label_by_head(name, label) == kind


def test_names_run_together_are_split_where_each_is_written_alone() -> None:
    from reader.core.analysis.glued import split_glued

    text = (
        "Rostóv came. Rostóv went. Denísov came. Denísov went. Rostóv and Denísov rode. "
        "Dólokhov, Denísov left. "
        "Moscow slept. Moscow woke. Pierre sat. Pierre stood. Moscow Pierre smiled. "
        "Going to Moscow Pierre smiled."
    )
    spans = [
        ("Rostóv", "PERSON"),
        ("Rostóv", "PERSON"),
        ("Denísov", "PERSON"),
        ("Denísov", "PERSON"),
        ("Rostóv and Denísov", "ORG"),
        ("Dólokhov, Denísov", "ORG"),
        ("Moscow", "GPE"),
        ("Moscow", "GPE"),
        ("Pierre", "PERSON"),
        ("Pierre", "PERSON"),
        ("Moscow Pierre", "PERSON"),
        ("Moscow Pierre", "GPE"),  # the model's kind for the run-together span varies
    ]
    parts = split_glued(raw_mentions(text, *spans))
    assert all(text[m.start : m.end] == m.text for m in parts)
    assert [m.text for m in parts].count("Denísov") == 4
    assert "Moscow Pierre" not in {m.text for m in parts}
    assert "Rostóv and Denísov" not in {m.text for m in parts}
    assert "Dólokhov" in {m.text for m in parts}  # a list, one of whose names is known


def test_a_full_name_is_not_split_into_two_people() -> None:
    from reader.core.analysis.glued import split_glued

    text = "John came. John left. Smith came. Smith left. John Smith spoke."
    spans = [("John", "PERSON")] * 2 + [("Smith", "PERSON")] * 2 + [("John Smith", "PERSON")]
    assert "John Smith" in {m.text for m in split_glued(raw_mentions(text, *spans))}


def test_a_name_used_alone_hundreds_of_times_is_not_shared_out() -> None:
    text = "x" * 10_000
    raw = [
        RawMention(0, 23, "Michael Kutúzov", "PERSON"),
        RawMention(50, 75, "Paul Kutúzov", "PERSON"),
    ]
    raw += [RawMention(100 + i * 20, 107 + i * 20, "Kutúzov", "PERSON") for i in range(40)]
    entities = group_mentions(raw, len(text))
    biggest = max(entities, key=lambda entity: len(entity.mentions))
    assert biggest.name == "Kutúzov" and len(biggest.mentions) == 40


def test_a_surname_two_people_share_in_an_article_is_still_told_apart() -> None:
    text = "John Smith met Mary Smith. Smith said yes. Mrs Smith said no."
    spans = [
        ("John Smith", "PERSON"),
        ("Mary Smith", "PERSON"),
        ("Smith", "PERSON"),
    ]
    forms = grouped(text, *spans)
    assert {"Mary Smith", "Smith"} in forms and {"John Smith"} in forms


@pytest.mark.parametrize(
    ("name", "titled"),
    [
        ("Count Bezúkhov", True),
        ("Mrs Smith", True),
        ("Mademoiselle Bourienne", True),
        ("General Electric", False),
        ("Lord of the Rings", False),
        ("Count", False),
    ],
)
def test_a_title_only_people_bear_makes_a_person(name: str, titled: bool) -> None:
    from reader.core.analysis.person_names import titled as _titled

    assert _titled(name) is titled


def test_a_name_the_model_called_an_organisation_beside_its_titled_form_is_that_person() -> None:
    text = "Count Rostopchín wrote. Rostopchín left. Rostopchín returned."
    spans = [("Count Rostopchín", "PERSON"), ("Rostopchín", "ORG"), ("Rostopchín", "ORG")]
    (entity,) = entities_of(text, *spans)
    assert entity.kind is EntityKind.PERSON


def test_a_family_surname_is_not_given_to_the_one_titled_member() -> None:
    text = "Nicholas Rostóv rode. Ilyá Rostóv sat. Count Rostóv spoke. Rostóv rode on."
    spans = [
        ("Nicholas Rostóv", "PERSON"),
        ("Ilyá Rostóv", "PERSON"),
        ("Count Rostóv", "PERSON"),
        ("Rostóv", "ORG"),
    ]
    forms = grouped(text, *spans)
    assert not any({"Count Rostóv", "Rostóv"} <= group for group in forms)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kroger-owned", "Kroger"),
        ("London-based", "London"),
        ("Rice Krispies Treats at", "Rice Krispies Treats"),
        ("Likud party", "Likud"),
        ("Ludwig van Beethoven", "Ludwig van Beethoven"),
        ("Lord of the Rings", "Lord of the Rings"),
    ],
)
def test_a_name_is_cleaned_of_the_words_that_are_not_part_of_it(text: str, expected: str) -> None:
    from reader.core.analysis.names import clean_mention

    cleaned = clean_mention(text, 10, 10 + len(text))
    assert cleaned is not None and cleaned[0] == expected
    assert text[cleaned[1] - 10 : cleaned[2] - 10] == expected


@pytest.mark.parametrize(
    ("credit", "parts"),
    [
        ("Richard Vogel/AP", [("Richard Vogel", "PERSON"), ("AP", "ORG")]),
        (
            "Thomas Coex/AFP/Getty Images",
            [("Thomas Coex", "PERSON"), ("AFP", "ORG"), ("Getty Images", "ORG")],
        ),
        ("Bloomberg/Getty", [("Bloomberg", "ORG"), ("Getty", "ORG")]),
    ],
)
def test_a_photo_credit_is_split_at_its_slashes(credit: str, parts: list[tuple[str, str]]) -> None:
    from reader.core.analysis.glued import split_glued

    text = f"A photo. {credit}"
    found = split_glued(raw_mentions(text, (credit, "PERSON")))
    assert [(m.text, m.label) for m in found] == parts
    assert all(text[m.start : m.end] == m.text for m in found)


def test_a_list_of_names_is_split_when_one_of_them_is_written_alone() -> None:
    from reader.core.analysis.glued import split_glued

    text = (
        "Whole Foods sells fish. Whole Foods opened. Whole Foods and QFC compete. "
        "Procter and Gamble sells soap."
    )
    spans = [
        ("Whole Foods", "ORG"),
        ("Whole Foods", "ORG"),
        ("Whole Foods and QFC", "ORG"),
        ("Procter and Gamble", "ORG"),
    ]
    found = [m.text for m in split_glued(raw_mentions(text, *spans))]
    assert found == ["Whole Foods", "Whole Foods", "Whole Foods", "QFC", "Procter and Gamble"]


def test_a_listed_company_is_not_taken_for_the_first_name_of_its_product() -> None:
    text = "Apple (NASDAQ: AAPL) grew. Apple said so. Apple Pay launched. Apple Pay grew."
    raw = raw_mentions(text, ("Apple", "PERSON"), ("Apple", "PERSON"), ("Apple Pay", "PERSON"))
    raw[0].label, raw[0].weight = "ORG", 50.0  # as block_mentions marks a ticker
    kinds = {e.name: e.kind for e in group_mentions(raw, len(text), text=text)}
    assert kinds["Apple"] is EntityKind.ORGANISATION


def test_a_possessive_between_two_known_names_splits_them() -> None:
    from reader.core.analysis.glued import split_glued

    text = (
        "Verizon bid. Verizon won. Yahoo sold. Yahoo left. Verizon’s Yahoo is new. "
        "McDonald's Awards."
    )
    spans = [
        ("Verizon", "ORG"),
        ("Verizon", "ORG"),
        ("Yahoo", "ORG"),
        ("Yahoo", "ORG"),
        ("Verizon’s Yahoo", "ORG"),
        ("McDonald's Awards", "ORG"),
    ]
    parts = {m.text for m in split_glued(raw_mentions(text, *spans))}
    assert "Verizon’s Yahoo" not in parts
    assert "McDonald's Awards" in parts  # its owner is written nowhere alone: one name


def test_a_family_member_the_model_mistyped_is_a_person_and_takes_the_surname() -> None:
    from reader.core.analysis.families import with_family_members

    text = (
        "Te Kaurinui Robert Parata spoke. Hori Parata, his father, agreed. Parata said more. "
        "County Kerry was wet. John Kerry flew."
    )
    spans = [
        ("Te Kaurinui Robert Parata", "PERSON"),
        ("Hori Parata", "ORG"),
        ("Parata", "ORG"),
        ("County Kerry", "GPE"),
        ("John Kerry", "PERSON"),
    ]
    mentions = with_family_members(raw_mentions(text, *spans))
    found = {e.name: e for e in group_mentions(mentions, len(text), text=text)}
    assert found["Hori Parata"].kind is EntityKind.PERSON
    assert len(found["Hori Parata"].mentions) == 2  # "Parata" just after him is the father
    assert found["County Kerry"].kind is EntityKind.PLACE


def test_a_surname_with_a_courtesy_title_joins_the_one_full_name() -> None:
    text = "Margaret Thatcher spoke. Mrs Thatcher wrote. Mrs Thatcher left."
    found = entities_of(
        text,
        ("Margaret Thatcher", "PERSON"),
        ("Mrs Thatcher", "PERSON"),
        ("Mrs Thatcher", "PERSON"),
    )
    assert [(e.name, len(e.mentions)) for e in found] == [("Margaret Thatcher", 3)]


@pytest.mark.parametrize(
    ("full", "short"),
    [("Te Kaurinui Robert Parata", "Te Kaurinui Parata"), ("Luis de Miranda", "De Miranda")],
)
def test_a_name_less_its_middle_or_a_surname_with_its_particle_is_the_full_name(
    full: str, short: str
) -> None:
    text = f"{full} spoke first. Later {short} spoke again."
    found = entities_of(text, (full, "PERSON"), (short, "PERSON"))
    assert [(e.name, len(e.mentions)) for e in found] == [(full, 2)]


def test_a_name_s_use_not_the_model_s_repeated_guess_decides_how_a_run_is_split() -> None:
    from reader.core.analysis.entities import USE_WEIGHT
    from reader.core.analysis.glued import split_glued

    text = (
        "Natásha smiled. Natásha laughed. Natásha sat. Moscow slept. Moscow woke. Moscow Natásha."
    )
    raw = raw_mentions(
        text,
        ("Natásha", "GPE"),
        ("Natásha", "GPE"),
        ("Natásha", "PERSON"),
        ("Moscow", "GPE"),
        ("Moscow", "GPE"),
        ("Moscow Natásha", "PERSON"),
    )
    raw[2].weight = USE_WEIGHT  # "Natásha sat": her use says a person, twice the model's guess
    assert "Moscow Natásha" not in {m.text for m in split_glued(raw)}


@pytest.mark.parametrize(("surname", "merged"), [("Cuartielles", True), ("Washington", False)])
def test_a_surname_taken_for_a_place_joins_the_full_name_unless_the_place_is_known(
    surname: str, merged: bool
) -> None:
    first = "David" if surname == "Cuartielles" else "George"
    text = f"{first} {surname} spoke. Later {surname} wrote back."
    raw = raw_mentions(text, (f"{first} {surname}", "PERSON"), (surname, "GPE"))
    raw[1].known_word = surname == "Washington"  # the dictionary knows the city
    found = group_mentions(raw, len(text), text=text)
    assert (len(found) == 1) is merged


def test_a_known_person_s_possessive_before_a_name_splits_them() -> None:
    from reader.core.analysis.glued import split_glued

    text = "Netanyahu won. Netanyahu spoke. Netanyahu’s Likud gained seats."
    spans = [("Netanyahu", "PERSON"), ("Netanyahu", "PERSON"), ("Netanyahu’s Likud", "ORG")]
    parts = [m.text for m in split_glued(raw_mentions(text, *spans))]
    assert parts == ["Netanyahu", "Netanyahu", "Netanyahu", "Likud"]


def test_an_acronym_spells_a_company_s_initials_without_its_designator() -> None:
    text = "International Business Machines Corp. rose. IBM fell."
    found = entities_of(text, ("International Business Machines Corp.", "ORG"), ("IBM", "ORG"))
    assert [len(e.mentions) for e in found] == [2]


def test_a_company_s_stock_ticker_is_another_name_for_it() -> None:
    from reader.core.analysis.tickers import with_tickers

    text = "The Boeing Co. (NYSE: BA) rose. Later BA fell and Airbus held."
    raw = raw_mentions(
        text, ("The Boeing Co.", "ORG"), ("BA", "ORG"), ("BA", "ORG"), ("Airbus", "ORG")
    )
    found = group_mentions(with_tickers(raw, text), len(text), text=text)
    assert sorted(len(e.mentions) for e in found) == [1, 3]


def test_a_company_s_short_name_before_its_full_name_is_the_same_company() -> None:
    text = "Whole Foods cut prices. Whole Foods Market said so."
    found = entities_of(text, ("Whole Foods", "ORG"), ("Whole Foods Market", "ORG"))
    assert [(e.name, len(e.mentions)) for e in found] == [("Whole Foods Market", 2)]


@pytest.mark.parametrize("name", ["President Trump", "Mayor Bloomberg", "Governor Rice"])
def test_an_office_before_a_name_makes_a_person_whatever_the_name_also_means(name: str) -> None:
    from reader.core.analysis.person_names import titled as _titled

    assert _titled(name, frozenset(["trump", "bloomberg", "rice", "motors"]))


@pytest.mark.parametrize(
    ("name", "person"),
    [
        ("Jessica Chastain", True),
        ("Alexandra Field", True),
        ("Morgan Stanley", False),
        ("Grace Church", False),
    ],
)
def test_a_first_name_that_is_no_word_before_a_surname_makes_a_person(
    name: str, person: bool
) -> None:
    from reader.core.analysis.person_names import first_and_last

    dictionary = frozenset(["morgan", "grace", "field", "church", "stanley"])
    assert first_and_last(name, dictionary) is person


def test_a_company_s_name_before_a_product_s_makes_a_product() -> None:
    from reader.core.analysis.products import with_products

    text = "Apple rose. Apple fell. The Apple Watch sold; Apple Inc. and AOL Europe did not."
    spans = [
        ("Apple", "ORG"),
        ("Apple", "ORG"),
        ("Apple Watch", "ORG"),
        ("Apple Inc.", "ORG"),
        ("AOL Europe", "ORG"),
    ]
    labels = {m.text: m.label for m in with_products(raw_mentions(text, *spans))}
    assert labels == {
        "Apple": "ORG",
        "Apple Watch": "PRODUCT",
        "Apple Inc.": "ORG",
        "AOL Europe": "ORG",
    }


def test_a_name_used_as_a_person_s_is_no_product_whatever_its_first_word_is() -> None:
    from reader.core.analysis.entities import USE_WEIGHT
    from reader.core.analysis.products import with_products

    text = "Márya came. Márya went. Then Márya Dmítrievna spoke."
    raw = raw_mentions(text, ("Márya", "ORG"), ("Márya", "ORG"), ("Márya Dmítrievna", "PERSON"))
    raw[2].weight = USE_WEIGHT  # her use (a dialogue tag) says a person
    assert [m.label for m in with_products(raw)][-1] == "PERSON"
