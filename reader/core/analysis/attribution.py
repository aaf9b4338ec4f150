"""Who said it: a quotation's speaker, found in the parse and resolved to an entity.

Two steps, because they need different things. While a block's parse is at hand,
`find_speaker` looks beside each quote for the subject of a reporting verb ("Kerry said"). Once
the article's entities are known, `attributed_quotes` resolves each speaker to one ("he" to the
person last named, "the alliance" to the one "… Alliance") and carries a speaker through a
passage of quotes. Finding the quotes themselves needs no parse and lives in `quotes.py`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.core.analysis.lexicon import REPORTING_VERBS, SUBJECT_PRONOUNS
from reader.core.analysis.model import Entity, EntityKind, Quote
from reader.core.analysis.quotes import SCARE_MAX_WORDS, QuoteSpan, inside_any

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

PRONOUN_REACH = 3_000
"""How far back (characters) "he" or "she" looks for the person it means."""


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who an attribution names: the phrase, and the head word that names them."""

    start: int
    end: int
    text: str
    head_start: int
    head_end: int


def find_speaker(
    doc: Doc, offset: int, quote: QuoteSpan, quote_spans: Sequence[QuoteSpan]
) -> Speaker | None:
    """The speaker named beside a quote in its block: "Kerry said", "said Kerry",
    "according to the Associated Press", "an ISIS loyalist posted on Twitter".

    Looks at the words outside any quotation in the sentences the quote touches, and the
    sentence right after it when the quote ends its own sentence; the nearest reporting verb
    with a subject wins.
    """

    def outside(token: Token) -> bool:
        return not inside_any(offset + token.idx, quote_spans)

    start_char = quote.start - offset
    end_char = quote.end - offset
    sentences = [
        sent
        for sent in doc.sents
        if sent.end_char > max(start_char, 0) - 1 and sent.start_char < end_char + 1
    ]
    if not sentences:
        return None
    # The attribution can trail the quote in the next "sentence" the parser split off
    # ("“…,” Kerry said.") or lead it (“Kerry said: “…”).
    own: list[Token] = []
    for sent in sentences:
        own.extend(token for token in sent if outside(token))
    # The sentence after, only when the quote ends its own and that one starts with the
    # attribution ("… hostilities.” Kerry said on Sunday.").
    last = sentences[-1]
    following: list[Token] = []
    if last.end < len(doc) and all(
        not outside(t) or t.is_punct for t in last if offset + t.idx >= quote.end
    ):
        next_sentence = doc[last.end].sent
        following = [t for t in next_sentence if outside(t) and t.i < next_sentence.start + 8]
    for candidates in (own, following):
        speaker = _reported_by(candidates, offset, quote, outside)
        if speaker is not None:
            return speaker
    candidates = own
    # "according to X" names the source only when no one is said to be speaking: in "Kerry
    # said, according to the AP" the AP reports, Kerry speaks.
    for token in candidates:
        if (
            token.lower_ == "according"
            and token.i + 1 < len(doc)
            and doc[token.i + 1].lower_ == "to"
        ):
            objects = [child for child in doc[token.i + 1].children if child.dep_ == "pobj"]
            if objects:
                return _speaker_span(objects[0], offset)
    return None


def _reported_by(
    candidates: Sequence[Token], offset: int, quote: QuoteSpan, outside: Callable[[Token], bool]
) -> Speaker | None:
    """The subject of the reporting verb nearest the quote among `candidates`."""
    verbs = [
        token
        for token in candidates
        if token.lower_ in REPORTING_VERBS and token.pos_ in {"VERB", "AUX"}
    ]
    verbs.sort(key=lambda verb: _distance(verb, offset, quote))
    for verb in verbs:
        subjects = [
            child
            for child in verb.children
            if child.dep_ in {"nsubj", "nsubjpass"} and outside(child)
        ]
        if not subjects and verb.dep_ in {"conj", "advcl", "xcomp"}:
            # "…, boasting that …": the subject of the verb it hangs from.
            subjects = [
                child for child in verb.head.children if child.dep_ == "nsubj" and outside(child)
            ]
        if subjects:
            # "study co-author Paul Expert said": the parser may give two subjects; the name
            # is the speaker.
            subjects.sort(key=lambda t: (not t.ent_type_, t.pos_ != "PROPN", t.i))
            return _speaker_span(subjects[0], offset)
    return None


def _distance(token: Token, offset: int, quote: QuoteSpan) -> int:
    """How far a verb is from the quote (after it beats before at one distance; inside, never)."""
    position = offset + token.idx
    if position >= quote.end:
        return position - quote.end
    if position < quote.start:
        return quote.start - position + 1
    return 10_000


def _speaker_span(token: Token, offset: int) -> Speaker:
    """The speaker's phrase: the subject with its compound name and determiners, without the
    appositive or relative clause after a comma ("Amaq, an ISIS-linked agency")."""
    indices = {token.i}
    for child in token.lefts:
        if child.dep_ in {"compound", "det", "amod", "poss", "nmod", "nummod", "case"}:
            indices.update(t.i for t in child.subtree if not t.is_punct or t.text in "-'’")
    for child in token.rights:
        if child.dep_ in {"compound", "flat", "prep", "pobj"} and not child.is_punct:
            if child.dep_ == "prep" and child.lower_ not in {"of", "for"}:
                continue
            indices.update(t.i for t in child.subtree)
    doc = token.doc
    ordered = sorted(indices)
    span = doc[ordered[0] : ordered[-1] + 1]
    text = re.split(r"\s*[,;:—–“”\"]\s*", span.text, maxsplit=1)[0]
    start = offset + span.start_char
    head_start = offset + token.idx
    return Speaker(start, start + len(text), text, head_start, head_start + len(token.text))


def attributed_quotes(
    text: str,
    quote_spans: Sequence[QuoteSpan],
    attributions: Mapping[int, Speaker],
    entities: Sequence[Entity],
    analysed_until: int,
) -> list[Quote]:
    """Quotes with their speakers resolved to entities, the speaker carried through a passage."""
    mention_owner: list[tuple[int, int, Entity]] = sorted(
        ((m.start, m.end, entity) for entity in entities for m in entity.mentions),
        key=lambda item: item[0],
    )
    quotes: list[Quote] = []
    previous: Quote | None = None
    last_named: tuple[int, str, Entity | None] | None = None  # the latest speaker by name
    for span in quote_spans:
        if span.start >= analysed_until:
            break
        inner = text[span.inner_start : span.inner_end]
        scare = span.words(text) <= SCARE_MAX_WORDS
        speaker, speaker_id, speaker_start, speaker_end = "", "", -1, -1
        found = attributions.get(span.start)
        resolved: Entity | None = None
        if found is not None:
            resolved = _entity_at(mention_owner, found.head_start, found.head_end)
            if found.text.lower() in SUBJECT_PRONOUNS:
                # "she said": the person last named, as a speaker or in the text, whichever
                # came later (a speaker the model did not tag is still the last one named).
                person = _nearest_person(mention_owner, found.start)
                if last_named is not None and (
                    person is None or last_named[0] > _last_mention_before(person, found.start)
                ):
                    resolved = last_named[2]
                    found = Speaker(found.start, found.end, last_named[1], -1, -1)
                else:
                    resolved = person
            elif resolved is None and found.text.lower().startswith("the "):
                # "the alliance said": the one organisation the article named "… Alliance".
                resolved = _entity_by_head_noun(entities, found.text.split()[-1])
            if found.text[:1].isupper() and found.text.lower() not in SUBJECT_PRONOUNS:
                last_named = (found.start, found.text, resolved)
        if scare:
            found = None
        if found is not None:
            speaker_start, speaker_end, speaker = found.start, found.end, found.text
            if resolved is not None:
                speaker, speaker_id = resolved.name, resolved.id
        elif (
            not scare
            and previous is not None
            and previous.speaker
            and _same_passage(text, previous, span)
        ):
            # "Carry the speaker through": a quote that follows another in the same passage
            # with no new attribution is the same person still speaking.
            speaker, speaker_id = previous.speaker, previous.speaker_id
        quote = Quote(
            start=span.start,
            end=span.end,
            text=inner,
            speaker=speaker,
            speaker_id=speaker_id,
            speaker_start=speaker_start,
            speaker_end=speaker_end,
            scare=scare,
        )
        quotes.append(quote)
        if not scare:
            previous = quote
    return quotes


def _entity_at(owners: Sequence[tuple[int, int, Entity]], start: int, end: int) -> Entity | None:
    """The entity whose mention holds the speaker's head word: "Foreign Minister Lavrov" is
    Lavrov, but "Islamic State loyalists" are loyalists, not the Islamic State."""
    index = bisect.bisect_right(owners, start, key=lambda owner: owner[0])
    for mention_start, mention_end, entity in owners[max(0, index - 3) : index]:
        if mention_start <= start and end <= mention_end:
            return entity
    return None


def _nearest_person(owners: Sequence[tuple[int, int, Entity]], before: int) -> Entity | None:
    """The person mentioned last before `before`, within `PRONOUN_REACH`."""
    index = bisect.bisect_left(owners, before, key=lambda owner: owner[0])
    for mention_start, _, entity in reversed(owners[max(0, index - 200) : index]):
        if mention_start < before - PRONOUN_REACH:
            break
        if entity.kind is EntityKind.PERSON:
            return entity
    return None


def _entity_by_head_noun(entities: Sequence[Entity], noun: str) -> Entity | None:
    """The one organisation whose name of several words ends with `noun`, if only one does."""
    matches = [
        entity
        for entity in entities
        if entity.kind is EntityKind.ORGANISATION
        and len(entity.name.split()) > 1
        and entity.name.split()[-1].lower() == noun.lower()
    ]
    return matches[0] if len(matches) == 1 else None


def _last_mention_before(entity: Entity, offset: int) -> int:
    """Where the entity was last mentioned before `offset` (-1 if not at all)."""
    return max((m.start for m in entity.mentions if m.start < offset), default=-1)


def _same_passage(text: str, previous: Quote, span: QuoteSpan) -> bool:
    """Whether two quotes are in the same paragraph or in neighbouring paragraphs."""
    between = text[previous.end : span.start]
    return between.count("\n\n") <= 1 and len(between) < 400
