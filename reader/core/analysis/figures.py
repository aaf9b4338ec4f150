"""Figures: the numbers an article states, with their qualifier, value, unit and what they count."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from reader.core.analysis.model import Figure
from reader.core.analysis.not_figures import excluded
from reader.core.analysis.number_words import (
    DIGITS,
    NUMBER_WORDS,
    SCALE_WORDS,
    TENS_WORDS,
    VAGUE_PLURALS,
    is_number_token,
    parse_value,
)
from reader.core.analysis.numbers import (
    CURRENCY,
    DURATION_UNITS,
    MEASURES,
    age_end,
    duration_unit,
    hyphen_pair,
    identifier_spans,
    inside,
)
from reader.core.analysis.participles import past_participle

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

QUALIFIERS = (
    "between",
    "more than",
    "less than",
    "fewer than",
    "at least",
    "at most",
    "up to",
    "as many as",
    "as much as",
    "as few as",
    "upwards of",
    "close to",
    "just over",
    "just under",
    "well over",
    "an estimated",
    "nearly",
    "almost",
    "about",
    "around",
    "roughly",
    "approximately",
    "some",
    "over",
    "under",
    "below",
    "above",
    "only",
    "another",
    "estimated",
)
"""Words before a number that say how exact it is; longest first when matched."""

COPULAS = frozenset(["is", "was", "are", "were", "be", "been", "being", "'s", "’s"])
_PENCE = re.compile(r"^(\d+(?:\.\d+)?)([pc])$")
"""Small change written with its unit: "3p", "25c"."""
_TEMPERATURE = re.compile(r"^([+-]?\d+(?:\.\d+)?)°?([CF])$")
"""A temperature written with its scale: "40C", "-5°C", "98.6F"."""


def find_figures(doc: Doc, offset: int) -> list[Figure]:
    """Every quantity stated in a parsed block; `offset` is where the block starts."""
    figures: list[Figure] = []
    index = 0
    # The token list and the text are built once: spaCy makes both anew on each access, and
    # a block can hold a hundred thousand tokens with a number in every line.
    tokens = list(doc)
    text = doc.text
    identifiers = identifier_spans(text)
    while index < len(tokens):
        token = tokens[index]
        if inside(identifiers, token.idx, token.idx + len(token.text)):
            index += 1
            continue
        special = _special(doc, text, offset, tokens, index)
        if special is not None:
            found, index = special
            figures.extend(found)
            continue
        if not is_number_token(token) or excluded(token):
            index += 1
            continue
        # The run of number words: "7.6 million", "forty five", "two hundred".
        end = index + 1
        while end < len(tokens) and (
            (
                is_number_token(tokens[end])
                and (not excluded(tokens[end]) or tokens[end - 1].lower_ in TENS_WORDS)
            )
            or _scale_suffix(tokens[end - 1], tokens[end])
            or (
                tokens[end].lower_ == "and"
                and end + 1 < len(tokens)
                and is_number_token(tokens[end + 1])
                and tokens[end - 1].lower_ in SCALE_WORDS
            )
        ):
            end += 1
        number_tokens = tokens[index:end]
        vague = all(token.lower_ in VAGUE_PLURALS for token in number_tokens) or (
            # "a few hundred cinemas", "several thousand people": no number is stated
            all(token.lower_ in SCALE_WORDS for token in number_tokens)
            and index > 0
            and tokens[index - 1].lower_ in {"few", "several", "many", "some"}
        )
        if vague:
            index = end  # "hundreds of items", "tens of thousands": no number is stated
            continue
        figure = _figure(doc, text, tokens, offset, index, end, number_tokens)
        if figure is not None:
            figures.append(figure)
        index = end
    return _ranges(text, figures, offset)


def _special(
    doc: Doc, text: str, offset: int, tokens: list[Token], index: int
) -> tuple[list[Figure], int] | None:
    """Figures the model hides or splits: an age ("a 19-year-old"), a score ("won 2-0"), a
    range joined by a hyphen ("10-15 people"), small change ("3p"); with the index after
    them. None when the token at `index` starts none of these."""
    token = tokens[index]
    if (
        token.lower_ == "half"
        and index + 2 < len(tokens)
        and tokens[index + 1].lower_ in {"a", "an"}
        and (duration := duration_unit(tokens, index + 2)) not in (None, "century", "decade")
    ):
        # "half an hour", "half a day": a length of time with no digit in it ("half a
        # century" is a manner of speaking).
        figure = _plain(doc, offset, index, index + 3, 0.5, duration)
        return ([figure] if figure else []), index + 3
    if (fraction := _fraction(doc, offset, tokens, index)) is not None:
        return fraction
    if (percents := _percent_range(doc, offset, tokens, index)) is not None:
        return percents, index + 2
    if (degrees := _TEMPERATURE.match(token.text)) is not None:
        unit = "°" + degrees.group(2)
        figure = _plain(doc, offset, index, index + 1, float(degrees.group(1)), unit)
        return ([replace(figure, counts="temperature")] if figure else []), index + 1
    if not (token.text.isdigit() or token.lower_ in NUMBER_WORDS or _PENCE.match(token.text)):
        return None
    if (
        index + 2 < len(tokens)
        and token.text.isdigit()
        and tokens[index + 1].lower_ in {"x", "×"}
        and tokens[index + 2].text.isdigit()
    ):
        # "1800 x 1920 per eye", "4 × 6 metres": both sides of a dimension are measures.
        counts = _dimension_of(tokens[index + 2])
        found = [
            _plain(doc, offset, at, at + 1, float(tokens[at].text), "") for at in (index, index + 2)
        ]
        return [replace(figure, counts=counts) for figure in found if figure is not None], index + 3
    if (end := age_end(tokens, index)) is not None:
        figure = _plain(doc, offset, index, end, parse_value([token.text]), "years")
        noun = tokens[end - 1].head if tokens[end - 1].dep_ == "amod" else None
        counts = f"age of the {noun.text}" if noun is not None and noun.pos_ == "NOUN" else "age"
        return ([replace(figure, counts=counts)] if figure else []), end
    if (pence := _PENCE.match(token.text)) is not None:
        unit = "GBP" if pence.group(2) == "p" else "USD"
        figure = _plain(doc, offset, index, index + 1, float(pence.group(1)) / 100, unit)
        return ([figure] if figure else []), index + 1
    kind = hyphen_pair(tokens, index)
    if kind == "score":
        figure = _plain(doc, offset, index, index + 3, float(token.text), "")
        return ([replace(figure, counts="score")] if figure else []), index + 3
    if kind == "range":
        # The first number is the one the parse hangs the counted noun from ("10" in
        # "10-15 people"), the second carries the unit ("10-15%").
        first = _figure(doc, text, tokens, offset, index, index + 1, [token])
        second = _figure(doc, text, tokens, offset, index + 2, index + 3, [tokens[index + 2]])
        if second is None or first is None:
            return [], index + 3
        counts = first.counts or second.counts
        return [
            replace(first, unit=second.unit, counts=counts),
            replace(second, counts=counts),
        ], index + 3
    return None


def _dimension_of(number: Token) -> str:
    """What "1800 x 1920" measures: the nearest noun above it ("a resolution of …"), with the
    words that make it ("screen resolution"); "" when there is none."""
    token = number.head
    for _ in range(4):
        if token.pos_ in {"NOUN", "PROPN"}:
            words = [child for child in token.lefts if child.dep_ in {"compound", "amod"}]
            return " ".join(word.text for word in [*words, token])
        if token.head == token:
            break
        token = token.head
    return ""


FRACTIONS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
    "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "tenth": 10, "tenths": 10,
}  # fmt: skip
"""Fraction words and their denominators ("two-thirds", "a fifth of")."""


def _fraction(
    doc: Doc, offset: int, tokens: list[Token], index: int
) -> tuple[list[Figure], int] | None:
    """ "two-thirds of voters", "a fifth of MPs": a share, written in words; None when the
    tokens at `index` start no fraction ("a third time" is an ordinal)."""
    token = tokens[index]
    if (
        token.lower_ in NUMBER_WORDS
        and index + 2 < len(tokens)
        and tokens[index + 1].text == "-"
        and tokens[index + 2].lower_ in FRACTIONS
    ):
        value = NUMBER_WORDS[token.lower_] / FRACTIONS[tokens[index + 2].lower_]
        end = index + 3
    elif (
        token.lower_ in {"a", "one"}
        and index + 2 < len(tokens)
        and tokens[index + 1].lower_ in FRACTIONS
        and tokens[index + 1].lower_ != "half"  # "a half" is rare; "half of" stays a word
        and tokens[index + 2].lower_ == "of"
    ):
        value = 1 / FRACTIONS[tokens[index + 1].lower_]
        end = index + 2
    else:
        return None
    figure = _plain(doc, offset, index, end, round(value, 6), "")
    if figure is None:
        return [], end
    noun = _of_object(tokens[end - 1]) if end < len(tokens) and tokens[end].lower_ == "of" else None
    counts = f"share of {noun.text}" if noun is not None else "share"
    return [replace(figure, counts=counts)], end


_PERCENT_PAIR = re.compile(r"^(\d+(?:\.\d+)?)%[-–](\d+(?:\.\d+)?)$")


def _percent_range(doc: Doc, offset: int, tokens: list[Token], index: int) -> list[Figure] | None:
    """ "a 1%-3% lift": the tokenizer makes "1%-3" and "%" of it; each end is a figure."""
    token = tokens[index]
    pair = _PERCENT_PAIR.match(token.text)
    if pair is None or index + 1 >= len(tokens) or tokens[index + 1].text != "%":
        return None
    sentence = token.sent
    start = offset + token.idx
    second_start = start + pair.start(2)
    return [
        Figure(
            start=begin,
            end=end,
            text=doc.text[begin - offset : end - offset],
            value=float(value),
            qualifier="",
            unit="%",
            counts="",
            sentence_start=offset + sentence.start_char,
            sentence_end=offset + sentence.end_char,
        )
        for begin, end, value in (
            (start, start + pair.end(1) + 1, pair.group(1)),
            (second_start, offset + tokens[index + 1].idx + 1, pair.group(2)),
        )
    ]


def _plain(
    doc: Doc, offset: int, first: int, end: int, value: float | None, unit: str
) -> Figure | None:
    """A figure over tokens [first, end) with the given value and unit, as written."""
    if value is None:
        return None
    span = doc[first:end]
    sentence = doc[first].sent
    return Figure(
        start=offset + span.start_char,
        end=offset + span.end_char,
        text=span.text,
        value=value,
        qualifier="",
        unit=unit,
        counts="",
        sentence_start=offset + sentence.start_char,
        sentence_end=offset + sentence.end_char,
    )


def _ranges(text: str, figures: list[Figure], offset: int) -> list[Figure]:
    """ "between 15,000 and 20,000 couples": the first number of a range counts what the
    second counts."""
    mended = list(figures)
    for index in range(len(mended) - 1):
        first, second = mended[index], mended[index + 1]
        between = text[first.end - offset : second.start - offset].strip().lower()
        if first.qualifier == "between" and between in {"and", "to", "-", "–"}:
            mended[index] = replace(first, counts=second.counts)
    return mended


def _scale_suffix(number: Token, token: Token) -> bool:
    """ "$639m", "$1.13bn": a scale letter glued to the digits before it."""
    return (
        token.lower_.rstrip(".") in {"m", "bn", "b", "k", "mn", "tn"}
        and not number.whitespace_
        and bool(DIGITS.match(number.text))
    )


def _figure(
    doc: Doc,
    text: str,
    tokens: list[Token],
    offset: int,
    first: int,
    end: int,
    number_tokens: list[Token],
) -> Figure | None:
    """The figure over tokens [first, end) with its currency, unit, qualifier and what it
    counts; `text` and `tokens` are the block's, built once by the caller."""
    start_index = first
    # A currency sign or code before the number.
    unit = ""
    if start_index > 0 and tokens[start_index - 1].lower_ in CURRENCY:
        start_index -= 1
        unit = CURRENCY[tokens[start_index].lower_]
    elif (
        start_index > 1
        and tokens[start_index - 1].text == "$"
        and tokens[start_index - 2].text in {"US", "A", "C", "NZ", "HK"}
    ):
        start_index -= 2
        unit = "USD" if tokens[start_index].text == "US" else tokens[start_index].text + "D"
    # A unit after it: percent, currency word, measure.
    stop = end
    if stop < len(tokens):
        after = tokens[stop].lower_
        if after in ("%", "percent", "pc"):
            unit, stop = "%", stop + 1
        elif after == "per" and stop + 1 < len(tokens) and tokens[stop + 1].lower_ == "cent":
            unit, stop = "%", stop + 2
        elif after in CURRENCY and not unit:
            unit, stop = CURRENCY[after], stop + 1
        elif after in MEASURES:
            unit, stop = after, stop + 1
        elif (duration := duration_unit(tokens, stop)) is not None:
            unit, stop = duration, stop + 1
        elif (
            after == "-"
            and not tokens[stop - 1].whitespace_
            and (duration := duration_unit(tokens, stop + 1)) is not None
        ):
            unit, stop = duration, stop + 2  # "a 30-year prison term"
    # The qualifier before the number (and any currency sign).
    qualifier = ""
    words_before = [token.lower_ for token in tokens[max(0, start_index - 3) : start_index]]
    for candidate in QUALIFIERS:
        parts = candidate.split()
        if words_before[-len(parts) :] == parts:
            qualifier = candidate
            start_index -= len(parts)
            break
    value = parse_value([token.text for token in number_tokens])
    if value is None:
        return None
    span = doc[start_index:stop]
    end_char = span.end_char
    if span.text.endswith("."):
        end_char -= 1  # "$500m." at a sentence end: the full stop is not the figure's
    sentence = number_tokens[-1].sent
    counts = _readable(_what_it_counts(number_tokens, stop, tokens, unit), number_tokens[-1])
    return Figure(
        start=offset + span.start_char,
        end=offset + end_char,
        text=text[span.start_char : end_char],
        value=value,
        qualifier=qualifier,
        unit=unit,
        counts=counts,
        sentence_start=offset + sentence.start_char,
        sentence_end=offset + sentence.end_char,
    )


def _readable(counts: str, number: Token) -> str:
    """What a figure counts, said so a reader learns something: a unit alone ("74 days" →
    "days") gets the verb it measures ("days held"); a pronoun and "is" ("It is", "it 's")
    say nothing, and are left out."""
    words = counts.split()
    if not words:
        return counts
    if counts.lower() in DURATION_UNITS | MEASURES:
        verb = _governing_verb(number)
        if verb is None or verb.lemma_ in {"be", "have"}:
            return counts
        return f"{counts} {_participle(verb)}"  # "74 days": "days held"
    if (
        words[0].lower() in _PRONOUNS
        and len(words) <= 3
        and words[-1].lower() in COPULAS | {"has", "had"}
    ):
        return ""
    return counts


_PRONOUNS = frozenset(["it", "this", "that", "there", "he", "she", "they", "we", "i", "you"])


def _what_it_counts(number_tokens: list[Token], stop: int, tokens: list[Token], unit: str) -> str:
    """What a number counts, in the article's words, from the parse.

    "62 people died in the Damascus violence": the noun the number modifies, and when that
    noun is the subject, its verb and the verb's first phrase. "killing at least 45 people":
    the verb, then the noun. "45 of them": the object of "of".
    """
    head = number_tokens[-1]
    # Follow compound numbers up to the token that attaches to the sentence.
    while (
        head.dep_ in {"compound", "quantmod", "nummod"}
        and head.head.pos_ == "NUM"
        and head.head != head
    ):
        head = head.head
    # The token that attaches the whole figure to the sentence: the number, or the unit it
    # hangs from ("$" in "$3.36bn", "%" in "27%").
    anchor = head
    if head.head.lower_ in UNIT_WORDS | CURRENCY.keys() and head.head != head:
        anchor = head.head
    noun = _measured_noun(anchor) or _modified_noun(head) or _of_object(head)
    hyphened = unit in DURATION_UNITS and stop >= 2 and tokens[stop - 2].text == "-"
    if (
        (unit in MEASURES or hyphened)
        and stop - 1 < len(tokens)
        and tokens[stop - 1].head.pos_ in {"NOUN", "PROPN"}
    ):
        unit_token = tokens[stop - 1]
        if unit_token.head != unit_token and unit_token.head.pos_ == "NOUN":
            noun = unit_token.head
    if unit in MEASURES and noun is None and (measured := _of_object(tokens[stop - 1])):
        noun = measured  # "90,000 miles of underground cable": the cable
    if noun is None and head.dep_ in {"nsubj", "nsubjpass"} and head.head.pos_ in {"VERB", "AUX"}:
        # "4.1 million fled the country": the number is the subject; what it counts is the verb
        # with what follows it. A bare verb ("10,000 draws") reads as nothing: left empty.
        phrase = _verb_phrase(head.head)
        return phrase if " " in phrase else ""
    if noun is None:
        verb = _governing_verb(head)
        if verb is None:
            return ""
        subject = _subject_phrase(verb)
        # "the sea … was only 50 metres": a bare "was" says nothing; its subject does. A verb
        # alone ("see", "took") names nothing counted: better empty than wrong.
        if subject and (unit or verb.lemma_ == "be" or verb.lower_ in COPULAS):
            return f"{subject} {verb.text}"
        return ""
    if noun.pos_ not in {"NOUN", "PROPN"}:
        return ""  # "45 of them", "700,000 of these": a pronoun says nothing on its own
    # The figure's own words ("30-year" in "a 30-year prison term") are not what it counts.
    own = {t.i for t in number_tokens}
    if hyphened:
        own |= set(range(number_tokens[-1].i + 1, stop))
    phrase = _noun_phrase(noun, exclude=own)
    if noun.dep_ in {"nsubj", "nsubjpass"} and noun.head.pos_ in {"VERB", "AUX"}:
        return f"{phrase} {_verb_phrase(noun.head)}".strip()
    if noun.dep_ in {"dobj", "obj"} and noun.head.pos_ == "VERB":
        if noun.lower_ in MEASURES | UNIT_WORDS:
            return f"{noun.head.text} {phrase}"  # "drifting 50 km": the distance drifting
        if noun.lower_ in DURATION_UNITS:
            subject = _subject_phrase(noun.head)  # "the meeting lasted four hours"
            return f"{subject} {noun.head.text}".strip()
        # "killing more than 100 people": the people killed, as a reader would say it.
        return f"{phrase} {_participle(noun.head)}"
    return phrase


def _participle(verb: Token) -> str:
    """The past participle of a verb as written ("killing", "destroyed" → "killed",
    "destroyed"), so a figure's object reads "homes destroyed"."""
    return past_participle(verb.lemma_ or verb.lower_, verb.text)


UNIT_WORDS = frozenset({"%", "percent", "cent"})


def _measured_noun(anchor: Token) -> Token | None:
    """ "a profit of $3.36bn", "a rise of 27%": the noun before "of" is what it measures."""
    if anchor.dep_ == "pobj" and anchor.head.lower_ == "of" and anchor.head.head.pos_ == "NOUN":
        return anchor.head.head
    return None


def _modified_noun(head: Token) -> Token | None:
    """ "62 people": the noun the number modifies (not a unit: "27 %", "5 km")."""
    if (
        head.dep_ in {"nummod", "quantmod", "amod", "npadvmod", "compound"}
        and head.head.pos_ in {"NOUN", "PROPN"}
        and head.head.lower_ not in UNIT_WORDS | MEASURES | CURRENCY.keys()
    ):
        return head.head
    return None


def _of_object(head: Token) -> Token | None:
    """ "45 of them": the object of the number's "of"."""
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            objects = [grand for grand in child.children if grand.dep_ == "pobj"]
            if objects:
                return objects[0]
    return None


def _governing_verb(token: Token) -> Token | None:
    for ancestor in token.ancestors:
        if ancestor.pos_ in {"VERB", "AUX"}:
            return ancestor
    return None


def _subject_phrase(verb: Token) -> str:
    for child in verb.children:
        if child.dep_ in {"nsubj", "nsubjpass"}:
            return _noun_phrase(child, exclude=set())
    return ""


def _noun_phrase(noun: Token, *, exclude: set[int]) -> str:
    """The noun with the words that describe it on the left and its first 'of'/'in' phrase."""
    # Only the words between the number and the noun: "a shocking 470,000 people" counts
    # people, not shocking people.
    after_number = max(exclude, default=-1)
    left = [
        token
        for token in noun.lefts
        if token.dep_ in {"compound", "amod", "nmod", "poss"}
        and token.i not in exclude
        and token.i > after_number
    ]
    # Take whole subtrees of modifiers so "suicide attackers" and "the country's" stay whole.
    indices: set[int] = {noun.i}
    skip: set[int] = set()
    for token in left:
        indices.update(t.i for t in token.subtree if t.i not in exclude)
    for child in noun.rights:
        if child.dep_ == "prep" and child.lower_ in {"of", "in", "from", "near", "for", "on"}:
            phrase = {t.i for t in child.subtree}
            if phrase & exclude:
                # "an average of $11bn in stock repurchases": the figure's own "of", of
                # which only what follows the figure says more.
                skip = {i for i in phrase if i <= after_number}
                phrase -= skip
            indices.update(phrase)
            break
    indices -= exclude
    indices -= {t.i for t in noun.doc[noun.left_edge.i : noun.i] if t.dep_ == "det"}
    return _phrase(noun.doc, indices, skip)


def _verb_phrase(verb: Token) -> str:
    """ "died in the Damascus violence": the verb, its auxiliaries and its first phrase."""
    indices = {verb.i}
    indices.update(child.i for child in verb.lefts if child.dep_ in {"aux", "auxpass", "neg"})
    for child in verb.rights:
        if child.dep_ in {"prep", "agent", "prt", "dobj", "acomp", "attr"}:
            indices.update(t.i for t in child.subtree)
            break
    return _phrase(verb.doc, indices)


_SIGNS = frozenset(["$", "€", "£", "¥", "%", "₹"])


def _phrase(doc: Doc, indices: set[int], skip: frozenset[int] | set[int] = frozenset()) -> str:
    """The words at `indices` (filling gaps but for `skip`), cut at the first comma, dash or
    quotation mark."""
    if not indices:
        return ""
    words: list[str] = []
    first, last = min(indices), max(indices)
    for token in doc[first : last + 1]:
        if token.i in skip:
            continue
        if token.i not in indices and (token.like_num or token.dep_ == "det"):
            continue  # the number itself, and "a"/"the" left out of "a shocking 470,000 people"
        if token.text in _SIGNS:
            continue  # the "$" or "%" of a number left out ("an increase of $… over")
        if token.is_punct and token.text in {",", ";", ":", "—", "–", "“", "”", '"', "(", ")"}:
            break
        words.append(token.text_with_ws)
    return "".join(words).strip(" .,'’")
