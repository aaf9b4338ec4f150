"""Who said it: a quotation's speaker, found in the parse and resolved to an entity.

Two steps, because they need different things. While a block's parse is at hand,
`find_speaker` looks beside each quote for the subject of a reporting verb ("Kerry said"). Once
the article's entities are known, `attributed_quotes` resolves each speaker to one ("he" to the
person last named, "the alliance" to the one "… Alliance") and carries a speaker through a
passage of quotes. Finding the quotes themselves needs no parse and lives in `quotes.py`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from reader.core.analysis.gender import is_first_name
from reader.core.analysis.model import Entity, Quote
from reader.core.analysis.quotes import QuoteSpan, inside_any
from reader.core.analysis.speakers import CARRIED, Choice, SpeakerResolver
from reader.core.analysis.speakers import Speaker as Speaker  # what find_speaker returns
from reader.core.analysis.verbs import ADDRESSED_VERBS, REPORTING_VERBS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


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
    # The sentence before, only when the quote opens its own sentence and that one ends the
    # attribution ("… summed up the danger with a metaphor. “It’s not …”").
    first = sentences[0]
    preceding: list[Token] = []
    if first.start > 0 and offset + first.start_char >= quote.start - 1:
        previous_sentence = doc[first.start - 1].sent
        preceding = [t for t in previous_sentence if outside(t)]
    for candidates in (own, following, preceding):
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
        if token.lower_ in {"words", "view"} and token.head.lower_ == "in":
            # "In Dr. Shadlen's words, …", "in her view": whose words they are.
            owners = [child for child in token.children if child.dep_ == "poss"]
            if owners and owners[0].pos_ in {"PROPN", "PRON"}:
                return _speaker_span(owners[0], offset)
    return _named_before_colon(doc, offset, quote)


def _named_before_colon(doc: Doc, offset: int, quote: QuoteSpan) -> Speaker | None:
    """The person named just before a colon that opens the quote, a headline's way of
    saying who speaks: "Snopes Fact-Checker David Emery: 'Are There …?'"."""
    opening = quote.start - offset
    if opening <= 0:
        return None
    mark = doc.char_span(opening, opening + 1, alignment_mode="expand")
    if mark is None or mark.start < 3 or doc[mark.start - 1].text != ":":
        return None  # no colon just before the quote: not a headline's "Name: 'quote'"
    colon = doc[mark.start - 1]
    name = doc[colon.i - 1]
    if name.ent_type_ == "PERSON":
        return _speaker_span(name, offset)
    # A headline in Title Case hides names from the model: a first name before it tells.
    first = doc[colon.i - 2]
    if name.pos_ != "PROPN" or not is_first_name(first.text):
        return None
    start, end = offset + first.idx, offset + name.idx + len(name.text)
    head = offset + name.idx
    return Speaker(start, end, doc.text[first.idx : name.idx + len(name.text)], head, end)


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
            if outside(child)
            and (
                child.dep_ == "nsubj"
                or (child.dep_ == "nsubjpass" and verb.lower_ not in ADDRESSED_VERBS)
            )
        ]
        if not subjects and verb.lower_ in ADDRESSED_VERBS:
            # "She was warned by Baker that …": who is told is no speaker; the agent is.
            subjects = [
                grand
                for child in verb.children
                if child.dep_ == "agent"
                for grand in child.children
                if grand.dep_ == "pobj" and outside(grand)
            ]
        if not subjects and verb.dep_ == "acl" and verb.head.pos_ in {"PROPN", "NOUN"}:
            # "Mr. Warner, the Virginia Democrat, called it …": the parser hangs the verb
            # from the name it follows; the name is who speaks.
            subjects = [verb.head] if outside(verb.head) and verb.head.i < verb.i else []
        if not subjects and verb.dep_ in {"conj", "advcl", "xcomp"}:
            # "…, boasting that …": the subject of the verb it hangs from.
            subjects = [
                child for child in verb.head.children if child.dep_ == "nsubj" and outside(child)
            ]
        if subjects:
            # "study co-author Paul Expert said": the parser may give two subjects; the name
            # is the speaker.
            subjects.sort(key=lambda t: (not t.ent_type_, t.pos_ != "PROPN", t.i))
            subject = subjects[0]
            if subject.tag_ in {"WDT", "WP"} and verb.dep_ == "relcl":
                subject = verb.head  # "Smith, who said …" is Smith
            elif subject.lower_ in _NO_ONE:
                continue  # "that said", "which says": no one to name
            return _speaker_span(_named_by_apposition(subject), offset, _listeners(verb, offset))
    return None


_NO_ONE = frozenset(["this", "that", "there", "which", "what", "who", "these", "those"])
"""Subjects of a reporting verb that name no one by themselves."""


def _named_by_apposition(subject: Token) -> Token:
    """The name set beside a described subject: in "an Acme spokeswoman, Jane Doe, said" the
    speaker is Jane Doe, not Acme nor the spokeswoman."""
    if subject.pos_ != "PROPN":
        for child in subject.children:
            if child.dep_ == "appos" and child.pos_ == "PROPN":
                return child
            if child.dep_ == "conj" and child.ent_type_ == "PERSON":
                return child  # "fact checker and staff writer David Emery posted": one person
            if child.dep_ == "prep" and child.lower_ == "of":
                # "The leader of Ennahda, Rachid Ghannouchi, said": the parser hangs the
                # name from the party; a person set there is the leader.
                for grand in (g for o in child.children for g in o.children):
                    if grand.dep_ == "appos" and grand.ent_type_ == "PERSON":
                        return grand
    return subject


def _listeners(verb: Token, offset: int) -> tuple[tuple[int, int], ...]:
    """Where the reporting verb names whom it was said to: "told Smith", "said to reporters"."""
    found: list[tuple[int, int]] = []
    for child in verb.children:
        target = child
        if child.dep_ == "prep" and child.lower_ == "to":
            target = next((t for t in child.children if t.dep_ == "pobj"), child)
        elif child.dep_ not in {"dobj", "dative", "iobj"}:
            continue
        if target is not child or child.dep_ != "prep":
            words = list(target.subtree)
            start = offset + words[0].idx
            found.append((start, offset + words[-1].idx + len(words[-1].text)))
    return tuple(found)


def _distance(token: Token, offset: int, quote: QuoteSpan) -> int:
    """How far a verb is from the quote (after it beats before at one distance; inside, never)."""
    position = offset + token.idx
    if position >= quote.end:
        return position - quote.end
    if position < quote.start:
        return quote.start - position + 1
    return 10_000


def _speaker_span(
    token: Token, offset: int, listeners: tuple[tuple[int, int], ...] = ()
) -> Speaker:
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
    head_end = head_start + len(token.text)
    return Speaker(start, start + len(text), text, head_start, head_end, listeners)


def attributed_quotes(
    text: str,
    quote_spans: Sequence[QuoteSpan],
    attributions: Mapping[int, Speaker],
    entities: Sequence[Entity],
    analysed_until: int,
) -> list[Quote]:
    """Quotes with their speakers resolved among scored candidates (`speakers.py`), a speaker
    carried on through a passage of quotes that names no one new."""
    resolver = SpeakerResolver(text, entities, [(span.start, span.end) for span in quote_spans])
    quotes: list[Quote] = []
    previous: Quote | None = None
    previous_choice: Choice | None = None
    for span in quote_spans:
        if span.start >= analysed_until:
            break
        scare = not span.is_statement(text)
        found = attributions.get(span.start)
        choice: Choice | None = None
        near = previous is not None and _same_passage(text, previous, span)
        if found is not None:
            # Who spoke before counts only in the same passage: two paragraphs on, with
            # someone new named between, the conversation has moved on.
            choice = resolver.resolve(found, previous_choice if near else None)
            if not choice.speaker:
                choice = None  # a pronoun that means no one named: carried, if anyone
        if scare:
            found = choice = None
        elif choice is None and previous_choice is not None and near:
            # A quote that follows another in the same passage with no new attribution is
            # the same person still speaking.
            choice = Choice(
                previous_choice.speaker,
                previous_choice.speaker_id,
                previous_choice.confidence * CARRIED,
            )
        quote = Quote(
            start=span.start,
            end=span.end,
            text=text[span.inner_start : span.inner_end],
            speaker=choice.speaker if choice else "",
            speaker_id=choice.speaker_id if choice else "",
            speaker_start=found.start if found else -1,
            speaker_end=found.end if found else -1,
            scare=scare,
            speaker_confidence=choice.confidence if choice else 0.0,
        )
        quotes.append(quote)
        if not scare:
            previous, previous_choice = quote, choice
    return quotes


def _same_passage(text: str, previous: Quote, span: QuoteSpan) -> bool:
    """Whether two quotes are in the same paragraph or in neighbouring paragraphs."""
    between = text[previous.end : span.start]
    breaks = between.count("\n\n")
    # A short paragraph between (a photo caption, "He paused.") does not end the passage.
    return (breaks <= 1 and len(between) < 400) or (breaks == 2 and len(between) < 250)
