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
from typing import TYPE_CHECKING

from reader.core.analysis.gender import is_first_name
from reader.core.analysis.model import Entity, Quote
from reader.core.analysis.quotes import QuoteSpan
from reader.core.analysis.speakers import CARRIED, Choice, SpeakerResolver
from reader.core.analysis.speakers import Speaker as Speaker  # what find_speaker returns
from reader.core.analysis.verbs import ADDRESSED_VERBS, REPORTING_VERBS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


WINDOW = 40
"""How many words before and after a quote its attribution is looked for in. A reporting
verb further off in the same sentence belongs to another quote; the bound also keeps a
paragraph of thousands of quotes in one "sentence" linear (it took 15 minutes for 25 KB)."""


class BlockParse:
    """One block's parse, indexed once, so that each quote in it costs only its neighbourhood:
    which sentence a word is in, which word a character is in and whether a word is inside a
    quotation are each a bisection, not a scan of the block."""

    def __init__(self, doc: Doc, offset: int, quotes: Sequence[QuoteSpan]) -> None:
        self.doc = doc
        self.offset = offset
        self._quotes = quotes  # in reading order, none overlapping
        self._quote_starts = [quote.start for quote in quotes]
        sentences = list(doc.sents)
        self._sentence_bounds = [(sent.start, sent.end) for sent in sentences]
        self._sentence_starts = [sent.start_char for sent in sentences]
        self._sentence_ends = [sent.end_char for sent in sentences]
        self._word_starts = [token.idx for token in doc]

    def outside(self, token: Token) -> bool:
        """Whether a word is outside every quotation (marks included)."""
        position = self.offset + token.idx
        index = bisect.bisect_right(self._quote_starts, position) - 1
        return index < 0 or position >= self._quotes[index].end

    def word_at(self, char: int) -> int:
        """The index of the word holding (or last starting before) a character of the block."""
        return max(bisect.bisect_right(self._word_starts, char) - 1, 0)

    def sentences_touching(self, start_char: int, end_char: int) -> range:
        """The sentences that end at or after `start_char` and start at or before `end_char`."""
        first = bisect.bisect_left(self._sentence_ends, start_char)
        last = bisect.bisect_right(self._sentence_starts, end_char)
        return range(first, last)

    def sentence(self, index: int) -> tuple[int, int]:
        """The first word and the word after the last of a sentence."""
        return self._sentence_bounds[index]

    @property
    def sentence_count(self) -> int:
        return len(self._sentence_bounds)

    def words(self, start: int, end: int) -> list[Token]:
        """The words from `start` to `end` (indices) outside every quotation."""
        doc = self.doc
        return [doc[i] for i in range(max(start, 0), min(end, len(doc))) if self.outside(doc[i])]


def find_speaker(block: BlockParse, quote: QuoteSpan) -> Speaker | None:
    """The speaker named beside a quote in its block: "Kerry said", "said Kerry",
    "according to the Associated Press", "an ISIS loyalist posted on Twitter".

    Looks at the words outside any quotation in the sentences the quote touches (up to
    `WINDOW` words either side of it), and the sentence right after it when the quote ends
    its own sentence; the nearest reporting verb with a subject wins.
    """
    doc, offset = block.doc, block.offset
    start_char = quote.start - offset
    end_char = quote.end - offset
    touching = block.sentences_touching(max(start_char, 0), end_char)
    if not touching:
        return None
    first_word = block.word_at(max(start_char, 0))
    last_word = block.word_at(max(end_char - 1, 0))
    first_start, _ = block.sentence(touching[0])
    _, last_end = block.sentence(touching[-1])
    # The attribution can trail the quote in the next "sentence" the parser split off
    # ("“…,” Kerry said.") or lead it (“Kerry said: “…”).
    own = block.words(max(first_start, first_word - WINDOW), min(last_end, last_word + WINDOW + 1))
    # The sentence after, only when the quote ends its own and that one starts with the
    # attribution ("… hostilities.” Kerry said on Sunday.").
    following: list[Token] = []
    rest = range(last_word + 1, last_end)
    if (
        touching[-1] + 1 < block.sentence_count
        and len(rest) <= WINDOW
        and all(
            not block.outside(doc[i]) or doc[i].is_punct
            for i in rest
            if offset + doc[i].idx >= quote.end
        )
    ):
        next_start, _ = block.sentence(touching[-1] + 1)
        following = block.words(next_start, next_start + 8)
    # The sentence before, only when the quote opens its own sentence and that one ends the
    # attribution ("… summed up the danger with a metaphor. “It’s not …”").
    preceding: list[Token] = []
    if touching[0] > 0 and offset + doc[first_start].idx >= quote.start - 1:
        previous_start, previous_end = block.sentence(touching[0] - 1)
        preceding = block.words(max(previous_start, previous_end - WINDOW), previous_end)
    for candidates in (own, following, preceding):
        speaker = _reported_by(candidates, offset, quote, block.outside)
        if speaker is not None:
            return speaker
    # "according to X" names the source only when no one is said to be speaking: in "Kerry
    # said, according to the AP" the AP reports, Kerry speaks.
    for token in own:
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
    return _named_before_colon(block, quote)


def _named_before_colon(block: BlockParse, quote: QuoteSpan) -> Speaker | None:
    """The person named just before a colon that opens the quote, a headline's way of
    saying who speaks: "Snopes Fact-Checker David Emery: 'Are There …?'"."""
    doc, offset = block.doc, block.offset
    opening = quote.start - offset
    if opening <= 0:
        return None
    mark = block.word_at(opening)
    if mark < 3 or doc[mark - 1].text != ":":
        return None  # no colon just before the quote: not a headline's "Name: 'quote'"
    colon = doc[mark - 1]
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
            first, last = target.left_edge, target.right_edge  # the subtree's ends, not a walk
            found.append((offset + first.idx, offset + last.idx + len(last.text)))
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
    # The piece of the phrase between marks that holds the head: a parser that hangs the
    # end of a quotation on the name ("“… and more” Smith said") must not make it the name.
    head_at = token.idx - span.start_char
    piece_start = 0
    for mark in _PHRASE_BREAK.finditer(span.text):
        if mark.start() > head_at:
            break
        piece_start = mark.end()
    piece_end = min(
        (mark.start() for mark in _PHRASE_BREAK.finditer(span.text, head_at)),
        default=len(span.text),
    )
    text = span.text[piece_start:piece_end]
    start = offset + span.start_char + piece_start
    head_start = offset + token.idx
    head_end = head_start + len(token.text)
    return Speaker(start, start + len(text), text, head_start, head_end, listeners)


_PHRASE_BREAK = re.compile(r"\s*[,;:—–“”\"]\s*")
"""What ends a speaker's phrase: "Amaq, an ISIS-linked agency" is Amaq."""


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
