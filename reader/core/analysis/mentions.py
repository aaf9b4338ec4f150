"""Finding the names in a parsed block: the model's entity spans, mended, and the names it missed.

spaCy's small English model tags each span in isolation and slips in the same few ways: it
splits "Islamic State" into a nationality and a noun, calls a street a city and a platform a
person, and misses a name it tagged two paragraphs earlier. The rules here mend those slips on
the parse, block by block (`block_mentions`), and once over the whole text (`consistent_mentions`);
`entities.py` then groups the mentions into entities.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

from reader.core.analysis.entities import (
    DECISIVE_WEIGHT,
    KIND_OF_LABEL,
    USE_WEIGHT,
    RawMention,
)
from reader.core.analysis.lexicon import (
    ADDRESS_MODIFIERS,
    ADDRESS_WORDS,
    APPOSITIVE_KINDS,
    ARCHAIC_PRONOUNS,
    AWARD_HEADS,
    AWARD_SUFFIXES,
    BATTLE_NOUNS,
    CEREMONIES,
    COMPANY_PARTS,
    EVENT_HEADS,
    GROUP_NOUNS,
    LAW_HEADS,
    NAME_PARTICLES,
    ORG_HEADS,
    PERSON_PARTS,
    PERSON_TITLES,
    PLACE_HEADS,
    PLACE_MODIFIED_NOUNS,
    PLACE_OF_NOUNS,
    PLACE_PREPOSITIONS,
    PRODUCT_SUFFIXES,
    SECTION_WORDS,
    SOCIAL_NETWORKS,
    STOCK_EXCHANGES,
)
from reader.core.analysis.named_things import (
    with_joined_institutions,
    with_model_names,
    with_platforms,
    with_subtitled_works,
    with_websites,
)
from reader.core.analysis.names import clean_mention, normal_form
from reader.core.analysis.number_words import NUMBER_WORDS, ORDINAL_WORDS
from reader.core.analysis.person_names import first_and_last, in_dictionary, titled
from reader.core.analysis.verbs import ADDRESSED_BY, HUMAN_VERBS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


def lowercase_words(text: str) -> frozenset[str]:
    """Every word the article writes in lower case somewhere."""
    return frozenset(re.findall(r"(?<![\w-])[a-z][a-z'’-]+", text))


def block_mentions(
    doc: Doc,
    offset: int,
    common_words: frozenset[str],
    dictionary: frozenset[str] = frozenset(),
) -> list[RawMention]:
    """The named-entity spans of a block, cleaned and mended; `dictionary` holds the English
    words the pipeline knows (`pipeline.dictionary_words`)."""
    found: list[RawMention] = []
    ents = list(doc.ents)
    for index, ent in enumerate(ents):
        if ent.label_ not in KIND_OF_LABEL:
            continue
        span, label = _mended_span(doc, ents, index)
        trimmed = _trimmed(doc, span)
        if trimmed is None:
            continue
        if trimmed.start > span.start and doc[trimmed.start].lower_ in _TITLES:
            label = "PERSON"
        span = _with_of_the_prefix(doc, trimmed)
        if _inside_title(doc, span):
            continue  # "Secretary of State": the place or body named in a person's title
        cleaned = clean_mention(span.text, offset + span.start_char, offset + span.end_char)
        if cleaned is None:
            continue
        mention_text, start, end = cleaned
        if not any(char.isupper() for char in mention_text):
            continue  # English names are capitalised: a lower-case "synesthesia" is a word
        if (
            " " not in mention_text
            and span[0].is_sent_start
            and mention_text.lower() in common_words
        ):
            continue  # "Psilocybin may…" first in a sentence, "psilocybin" elsewhere: a word
        if _looks_like_number_or_date(mention_text):
            continue
        if _is_common_word(mention_text, common_words):
            continue  # "Mamma", "Majesty", "CHAPTER", "I.": a word of address or a heading
        label = _label_by_word(doc, span, mention_text, label)
        label = _list_label(span, label)
        label = _described_label(doc, span, label)
        if (
            label == "PERSON"
            and len(span) == 1
            and span.start > 0
            and doc[span.start - 1].lower_ == "the"
        ):
            continue  # "the Bill": a single name after "the" is not a person
        headed = _label_by_head(mention_text, label)
        person = titled(mention_text, dictionary) or first_and_last(mention_text, dictionary)
        label = "PERSON" if headed == label and person else headed
        used = _label_by_use(doc, span, label)
        weight = USE_WEIGHT if used else 1.0
        if _listed_company(doc, span):
            used, weight = "ORG", DECISIVE_WEIGHT
        title = _word_before(doc, span, start - offset)
        common = used is None and label == ent.label_ and _common_first(span, label)
        known = not dictionary or in_dictionary(mention_text.split()[-1], dictionary)
        found.append(
            RawMention(
                start,
                end,
                mention_text,
                used or label,
                weight,
                title=title,
                common_first=common,
                known_word=known,
            )
        )
    return _with_named_things(doc, offset, found)


def _with_named_things(doc: Doc, offset: int, found: list[RawMention]) -> list[RawMention]:
    """The model's names with the names its spans cut or missed: appositives, models,
    subtitled works, platforms, institutions cut in two; the longest of overlapping ones."""
    found = [*found, *_appositive_names(doc, offset)]
    found = with_model_names(doc, offset, found)
    found = with_subtitled_works(doc.text, offset, found)
    found = with_platforms(doc.text, offset, found)
    found = with_joined_institutions(doc.text, offset, found)
    found = with_websites(doc.text, offset, found)
    # Merge the mended NORP+ORG pairs: drop ORG spans now covered by a longer mention.
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    merged: list[RawMention] = []
    for mention in found:
        if merged and mention.start < merged[-1].end:
            continue
        merged.append(mention)
    return merged


def _common_first(span: Span, label: str) -> bool:
    """Whether a name the model guessed is one word first in its sentence that the tagger
    reads as a common word ("Gunmen opened fire"); a people ("Zimbabwean intelligence") is an
    adjective by nature, a dateline ("CAIRO") is in capitals."""
    return bool(
        len(span) == 1
        and span[0].is_sent_start
        and span[0].tag_[:3] != "NNP"
        and label != "NORP"
        and not span.text.isupper()
    )


def _mended_span(doc: Doc, ents: list[Span], index: int) -> tuple[Span, str]:
    """The model's entity `index` and its label, a group's name mended into the name of the
    organisation it begins."""
    ent = ents[index]
    # "Islamic State", "American Airlines": a nationality or religion directly followed by
    # a capitalised noun the model left untagged is the first word of a name, not a group.
    following = _untagged_capitalised_run(doc, ent.end)
    if ent.label_ == "NORP" and following is not None:
        return doc[ent.start : following], "ORG"
    # A NORP followed at once by an ORG ("Islamic" + "State") is one organisation's name.
    if (
        ent.label_ == "NORP"
        and index + 1 < len(ents)
        and ents[index + 1].start == ent.end
        and ents[index + 1].label_ == "ORG"
    ):
        return doc[ent.start : ents[index + 1].end], "ORG"
    return ent, ent.label_


def _label_by_word(doc: Doc, span: Span, name: str, label: str) -> str:
    """The kind a name's own words give it: a member of a people, a ceremony or an award,
    a social network."""
    folded = normal_form(name)
    if folded in GROUP_NOUNS:
        return "NORP"  # "Frenchman", "Cossacks": a member of a people
    if folded in CEREMONIES or _award_compound(doc, span):
        return "EVENT"  # "the Emmys", "Oscar-winner Jane Doe"
    if label == "PERSON" and folded in SOCIAL_NETWORKS:
        return "ORG"  # "posted on Twitter": a platform is a company, not a person
    if label in {"PERSON", "GPE", "LOC"} and _product_like(name):
        return "PRODUCT"  # "PS4 Pro", "DDR3 RAM", "Xbox One Pro": no person's or place's name
    return label


def _product_like(name: str) -> bool:
    """A name with a word of letters and digits ("PS4", "A320") or a model's last word."""
    words = name.split()
    return any(re.fullmatch(r"(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9-]+", word) for word in words) or (
        len(words) >= 2 and words[-1] in PRODUCT_SUFFIXES
    )


def _numeral(word: str) -> bool:
    """A roman numeral, digits, or a number or ordinal in words ("xiv", "3", "two", "third")."""
    bare = word.rstrip(".:")
    return (
        bool(re.fullmatch(r"[ivxlcdm]+|\d+", bare)) or bare in NUMBER_WORDS or bare in ORDINAL_WORDS
    )


def _is_common_word(text: str, common_words: frozenset[str]) -> bool:
    """A word of address ("Mamma"), a roman numeral ("I."), a word that divides a book
    ("CHAPTER", "Epilogue"), or a heading's word in capitals that the text also writes in
    lower case: never a name."""
    folded = normal_form(text)
    if folded in ADDRESS_WORDS or folded in SECTION_WORDS or re.fullmatch(r"[IVXLC]+\.?", text):
        return True
    first, *rest = folded.split() or [""]
    if first in ARCHAIC_PRONOUNS:
        return True  # "Thy Name", "Thou Art": God addressed, not a name
    if first in SECTION_WORDS and rest and all(_numeral(word) for word in rest):
        return True  # "CHAPTER XIV", "Book Two", "Part 3": a heading, not a name
    *modifiers, last = folded.split() or [""]
    if modifiers and last in ADDRESS_WORDS and all(word in ADDRESS_MODIFIERS for word in modifiers):
        return True  # "Serene Highness", "Your Imperial Majesty"
    return text.isupper() and len(text) >= 5 and text.lower() in common_words


SAY_VERBS = frozenset(["said", "asked", "replied", "answered", "continued", "added", "began"])
"""Verbs of a dialogue tag: the name after one ("said Natásha") is the person speaking."""

_FUNCTION_POS = frozenset(["ADV", "ADP", "SCONJ", "CCONJ", "AUX", "PRON", "PART", "DET", "VERB"])
"""Parts of speech of a stop word that starts no name ("Why", "When", "Then")."""

_TITLES = PERSON_TITLES | {"count", "countess", "duke", "duchess", "baron", "baroness"}

_PREPOSITIONS = frozenset(
    ["beside", "besides", "behind", "before", "after", "among", "against", "beyond", "toward",
     "towards", "upon", "within", "without", "across", "along", "around", "above", "below",
     "under", "over", "between", "through", "despite", "during", "inside", "outside", "since",
     "until", "unlike", "via", "with", "from", "into", "onto", "like", "near"]
)  # fmt: skip
"""Prepositions a sentence may open with, capitalised, before a name ("Beside Denísov")."""

_CUT_TOKENS = frozenset(["—", "–", "“", "”", '"', "(", "‘", "--", ":"])
"""Tokens a name never runs across: "Natásha—“is" is "Natásha", "Publishers: A" is
"Publishers" (a title with its subtitle is found whole by `named_things`)."""


def _trimmed(doc: Doc, span: Span) -> Span | None:
    """The span without junk at its edges: a possessive fragment ("s Dólokhov"), a
    sentence-initial adverb ("Evidently Natásha"), and anything after a dash or quotation mark
    inside it; None when nothing is left."""
    start, end = span.start, span.end
    while start < end - 1 and (
        doc[start].lower_ in {"s", "’s", "'s", "near"}
        or (doc[start].is_stop and doc[start].pos_ in _FUNCTION_POS)
        or (doc[start].pos_ == "ADV" and doc[start].lower_.endswith("ly"))
        or (doc[start].tag_ == "VB" and (start == 0 or doc[start].is_sent_start))
        or (start > 0 and doc[start - 1].like_num and not doc[start - 1].whitespace_)
        or (doc[start].is_sent_start and doc[start].lower_ in _PREPOSITIONS)
    ):
        start += 1  # "Evidently Natásha", "Follow Lucia Suarez", "12GB of …": no name starts so
    for index in range(start + 1, end):
        if doc[index].text in _CUT_TOKENS or doc[index].text.startswith("@"):
            end = index  # "Twitter @handle": a handle is no part of a name
            break
    for index in range(start + 1, end - 1):
        # "Bilíbin’s Prince Andrew" is Prince Andrew: a title after a possessive starts a name.
        if doc[index].tag_ == "POS" and doc[index + 1].lower_ in _TITLES:
            start = index + 1
    if span.label_ == "PERSON":
        # "Napoleon the Order of St. Andrew" is Napoleon: a person's name holds no lower-case
        # word but a particle.
        for index in range(start + 1, end):
            word = doc[index].text
            glued = doc[index - 1].whitespace_ == ""
            if word[:1].islower() and word not in NAME_PARTICLES and not glued:
                end = index
                break
    if start >= end:
        return None
    return span if (start, end) == (span.start, span.end) else doc[start:end]


def _names_a_people(name: str) -> bool:
    """Whether a word the model called a nationality or group names a people ("Cossack",
    "Americans", "Italian") rather than being a surname it mistook ("Kurágin")."""
    folded = normal_form(name)
    return folded in GROUP_NOUNS or folded.endswith(("s", "an", "ese", "ish", "man", "men"))


def _award_compound(doc: Doc, span: Span) -> bool:
    """ "Oscar-winner", "Emmy-nominated": an award's name joined to what it did."""
    if span.end + 1 >= len(doc):
        return False
    dash, word = doc[span.end], doc[span.end + 1]
    return (
        dash.text in {"-", "–"}
        and not doc[span.end - 1].whitespace_
        and word.lower_ in AWARD_SUFFIXES
    )


def _listed_company(doc: Doc, span: Span) -> bool:
    """ "Qualcomm (NASDAQ: QCOM)": a name with a stock ticker is a listed company."""
    return (
        span.end + 2 < len(doc)
        and doc[span.end].text == "("
        and doc[span.end + 1].text.upper() in STOCK_EXCHANGES
        and doc[span.end + 2].text == ":"
    )


def _label_by_use(doc: Doc, span: Span, label: str) -> str | None:
    """The kind how a name is used says, when it says one: the subject of a verb only people
    do is a person; a would-be person after "in" or "at" is a place; a name with an appositive
    saying what it is ("Acme, the research firm") is that."""
    root = span.root
    # "Americans think…", "the Cossack said": people, but a people, not a person's name.
    person = not (label == "NORP" and _names_a_people(span.text))
    if person and root.dep_ == "nsubj" and root.head.lower_ in HUMAN_VERBS:
        return "PERSON"
    if person and root.dep_ == "nsubj" and _his_or_her_after(root.head, span.end):
        return "PERSON"  # "Chandor asked his leading man": a country or company has "its"
    if (
        person
        and root.dep_ == "pobj"
        and root.head.head.lower_ in ADDRESSED_BY.get(root.head.lower_, ())
    ):
        return "PERSON"  # "said she to Natásha", "glanced at Natásha"
    if (
        person
        and root.dep_ == "nsubj"
        and root.head.lower_ in SAY_VERBS
        and root.head.i < span.start
    ):
        return "PERSON"  # "…,” said Natásha: the inverted dialogue tag names a person
    after = doc[span.end] if span.end < len(doc) else None
    # The model's span sometimes takes the "’s" in ("Weyrother’s voice").
    possessive = (after is not None and after.tag_ == "POS") or span[-1].tag_ == "POS"
    if person and possessive and root.head.lower_ in PERSON_PARTS and root.dep_ == "poss":
        return "PERSON"  # "Natásha's face", "Borís's mother"
    if (
        label == "PERSON"
        and possessive
        and root.dep_ == "poss"
        and root.head.lower_ in COMPANY_PARTS
    ):
        return "ORG"  # "Qualcomm's shares", "Zildjian's customers": a company's
    if (
        label == "PERSON"
        and span.end + 1 < len(doc)
        and doc[span.end].text == ","
        and doc[span.end + 1].lower_ == "which"
    ):
        return "ORG"  # "Mencap, which represents …": no person is a "which"
    if (
        label == "PERSON"
        and span.start > 0
        and doc[span.start - 1].lower_ in PLACE_PREPOSITIONS
        and not possessive
    ):
        return "GPE"
    if label in {"PERSON", "ORG"} and _used_as_place(root):
        return "GPE"
    for child in root.rights:
        if child.dep_ == "appos" and not (span.start <= child.i < span.end):
            kind = APPOSITIVE_KINDS.get(child.lower_)
            if kind is not None:
                return kind
    return None


def _his_or_her_after(verb: Token, after: int) -> bool:
    """Whether the verb's own words just after its subject hold "his", "her" or "himself"."""
    return any(
        (token.lower_ in {"his", "her"} and token.dep_ == "poss")
        or token.lower_ in {"himself", "herself"}
        for child in verb.rights
        if child.dep_ in {"dobj", "prep", "dative", "attr"}
        for token in child.subtree
        if after <= token.i < after + 8
    )


def _used_as_place(root: Token) -> bool:
    """Whether a name is used as only a place is: "the battle of X", "the victory at X",
    "the X road"."""
    head = root.head
    if root.dep_ == "compound":
        return head.lower_ in PLACE_MODIFIED_NOUNS and head.i == root.i + 1
    if root.dep_ != "pobj":
        return False
    if head.lower_ == "of":
        return head.head.lower_ in PLACE_OF_NOUNS
    return head.lower_ in {"at", "near"} and head.head.lower_ in BATTLE_NOUNS


def _label_by_head(name: str, label: str) -> str:
    """The kind a name's head gives it ("… Festival", "… Bill", "Center for …"), else `label`.

    The head is the last word, or the word before "of" or "for" in a name such as "Bank of
    America" or "Center for Health and Human Rights", as in any English noun phrase.
    """
    words = name.split()
    if len(words) < 2:
        return label
    lowered = [word.lower() for word in words]
    split = next(
        (index for index, word in enumerate(lowered) if word in {"of", "for"} and index > 0),
        None,
    )
    head = lowered[split - 1] if split is not None and split < len(words) - 1 else lowered[-1]
    if head in EVENT_HEADS:
        return "EVENT"
    if head in AWARD_HEADS:
        return "WORK_OF_ART"
    if head in LAW_HEADS:
        return "LAW"
    if head in PLACE_HEADS:
        return "FAC" if label != "GPE" else label
    if head in ORG_HEADS:
        return "ORG"
    return label


def _appositive_names(doc: Doc, offset: int) -> list[RawMention]:
    """Proper nouns the model left untagged that an appositive describes."""
    found: list[RawMention] = []
    for token in doc:
        if token.pos_ != "PROPN" or token.ent_type_ or not token.text[:1].isupper():
            continue
        appositives = [child for child in token.rights if child.dep_ == "appos"]
        if not appositives:
            continue
        label = APPOSITIVE_KINDS.get(appositives[0].lower_)
        if label is None:
            continue
        first = token.i
        while (
            first > 0
            and doc[first - 1].dep_ == "compound"
            and doc[first - 1].head == token
            and doc[first - 1].pos_ == "PROPN"
            and not doc[first - 1].ent_type_
        ):
            first -= 1
        span = doc[first : token.i + 1]
        found.append(RawMention(offset + span.start_char, offset + span.end_char, span.text, label))
    return found


def _untagged_capitalised_run(doc: Doc, position: int) -> int | None:
    """The end of a run of capitalised, untagged proper nouns starting at `position`."""
    end = position
    while (
        end < len(doc)
        and doc[end].text[:1].isupper()
        and doc[end].pos_ == "PROPN"
        and not doc[end].ent_type_
        and doc[end].lower_ not in PERSON_TITLES
        and doc[end].lower_
        not in {"foreign", "prime", "vice", "deputy", "interior", "defence", "defense"}
        and not doc[end].is_sent_start
    ):
        end += 1
    return end if end > position else None


def _with_of_the_prefix(doc: Doc, span: Span) -> Span:
    """ "Lord of the Rings", "Statue of Liberty": a capitalised word and "of (the)" before a
    name belong to it; the model often tags only the last word. Not after a title word
    ("Secretary of State" stays apart, see `_inside_title`)."""
    position = span.start
    if position >= 2 and doc[position - 1].lower_ == "the":
        position -= 1
    if position < 2 or doc[position - 1].lower_ != "of":
        return span
    word = doc[position - 2]
    if (
        word.text[:1].isupper()
        and not word.ent_type_
        and word.pos_ in {"PROPN", "NOUN"}
        and word.lower_ not in PERSON_TITLES
        and not word.is_sent_start
    ):
        return doc[position - 2 : span.end]
    return span


def _inside_title(doc: Doc, span: Span) -> bool:
    """A one-word name inside a person's title: "Secretary of State John Kerry"."""
    if len(span) != 1 or span.start < 2:
        return False
    before = doc[span.start - 1]
    title = doc[span.start - 2]
    after_person = span.end < len(doc) and doc[span.end].ent_type_ == "PERSON"
    return before.lower_ == "of" and title.lower_ in PERSON_TITLES and after_person


def _looks_like_number_or_date(text: str) -> bool:
    """Whether a span is only digits and the punctuation of numbers, dates and money."""
    return bool(re.fullmatch(r"[\d\s.,:/%$£€-]+", text))


def _list_label(span: Span, label: str) -> str:
    """The items of a list are of one kind: "Damascus and Homs" are places, and "Age Concern,
    Mencap and the National Autistic Society" organisations, whatever one item was tagged.

    One place beside it is enough to make a name a place; an organisation needs two."""
    if label not in {"ORG", "PERSON", "GPE"}:
        return label
    first = span.root
    while first.dep_ == "conj" and first.head is not first:
        first = first.head
    items = [first]
    index = 0
    while index < len(items):
        items.extend(child for child in items[index].children if child.dep_ == "conj")
        index += 1
    partners = [
        item.ent_type_
        for item in items
        if not (span.start <= item.i < span.end) and item.ent_type_ in KIND_OF_LABEL
    ]
    if not partners or len(set(partners)) != 1 or partners[0] == label:
        return label
    shared = partners[0]
    if shared in {"GPE", "LOC"} and label in {"ORG", "PERSON"}:
        return "GPE"
    if shared == "ORG" and len(partners) >= 2:
        return "ORG"
    return label


def _described_label(doc: Doc, span: Span, label: str) -> str:
    """A name right after a noun saying what it is: "music publisher Bertelsmann", "the
    charity Mencap", "the city of Homs"."""
    before = doc[span.start - 1] if span.start > 0 else None
    if before is not None and before.lower_ == "of" and span.start > 1:
        kind = APPOSITIVE_KINDS.get(doc[span.start - 2].lower_)
        return "GPE" if kind == "GPE" else label
    if before is None or before.pos_ != "NOUN":
        return label
    return APPOSITIVE_KINDS.get(before.lower_, label)


def consistent_mentions(
    text: str,
    mentions: Sequence[RawMention],
    analysed: Sequence[tuple[int, int]],
    title_case_blocks: Sequence[tuple[int, int]],
    common_words: frozenset[str] = frozenset(),
) -> list[RawMention]:
    """One sense per discourse: every other place a name the article established appears.

    The model misses names it tagged elsewhere (and every name in a title-case headline);
    a reader does not. A single word first in a sentence, where any word is capitalised, is
    matched only when the article never writes it in lower case (`common_words`): "Fetter,
    for her part, …" is Fetter, "Will" may be the verb.
    """
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    weights: dict[str, Counter[str]] = defaultdict(Counter)
    known_words = {mention.text for mention in mentions if mention.known_word}
    for mention in mentions:
        labels[mention.text][mention.label] += 1
        weights[mention.text][mention.label] += mention.weight  # type: ignore[assignment]
    forms = [form for form in labels if form[:1].isupper() and len(form) > 1 and not form.isdigit()]
    if not forms:
        return []
    pattern = re.compile(
        r"(?<![\w-])("
        + "|".join(re.escape(form) for form in sorted(forms, key=len, reverse=True))
        + r")(?![\w])"
    )
    # In a headline a person goes by their surname ("Kerry Meets Lavrov").
    surnames: dict[str, Counter[str]] = defaultdict(Counter)
    for form, counter in labels.items():
        if counter.most_common(1)[0][0] == "PERSON" and len(form.split()) > 1:
            surnames[form.split()[-1]]["PERSON"] += 1
    title_pattern = re.compile(
        r"(?<![\w-])("
        + "|".join(re.escape(form) for form in sorted({*forms, *surnames}, key=len, reverse=True))
        + r")(?![\w])"
    )
    taken = sorted((m.start, m.end) for m in mentions)
    titles = set(title_case_blocks)
    added: list[RawMention] = []
    for start, end in analysed:
        in_title = (start, end) in titles
        for match in (title_pattern if in_title else pattern).finditer(text, start, end):
            form = match.group(1)
            # Any word may be capitalised first in a sentence; not so in a headline, where
            # only names the body established are looked for, nor for an acronym.
            if (
                " " not in form
                and not in_title
                and not form.isupper()
                and _sentence_initial(text, match.start(), start)
                and (not common_words or form.lower() in common_words)
            ):
                continue
            if _overlaps(taken, match.start(), match.end()):
                continue
            label = (weights.get(form) or surnames[form]).most_common(1)[0][0]
            before = _WORD_BEFORE.search(text, max(start, match.start() - 40), match.start())
            added.append(
                RawMention(
                    match.start(),
                    match.end(),
                    form,
                    label,
                    0.25 if in_title else 0.5,
                    title=before.group(1) if before else "",
                    known_word=form in known_words,
                )
            )
    return added


def _word_before(doc: Doc, span: Span, start: int) -> str:
    """The word just before a name kept from `start` (in the block): inside the span when
    cleaning cut a title off its front ("Princess" of "Princess Mary"), else the token
    before the span."""
    cut = [token for token in span if token.idx + len(token) <= start]
    if cut:
        return cut[-1].text
    return doc[span.start - 1].text if span.start > 0 else ""


_WORD_BEFORE = re.compile(r"([\w.]+)[ \t]+$")
"""The word right before a position (searched up to it): a title such as "Princess"."""


def _sentence_initial(text: str, position: int, block_start: int) -> bool:
    """Whether `position` starts a sentence, where any word is capitalised."""
    before = text[block_start:position].rstrip(" “\"‘'")
    return not before or before[-1] in ".!?:"


def _overlaps(taken: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    """Whether a range overlaps one of the sorted, non-overlapping `taken` ranges."""
    index = bisect.bisect_left(taken, (start, start))
    for neighbour in taken[max(0, index - 1) : index + 1]:
        if neighbour[0] < end and start < neighbour[1]:
            return True
    return False
