"""The analyser: one article in, its entities, figures and quotes out, block by block.

Blocks are parsed separately (a headline, a caption and a paragraph are not one sentence),
in chunks, so a long book fills the panes progressively (`Analyzer.progressively`).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reader.core.analysis import ANALYSER_VERSION
from reader.core.analysis.entities import (
    KIND_OF_LABEL,
    PERSON_TITLES,
    SOCIAL_NETWORKS,
    RawMention,
    clean_mention,
    group_mentions,
    normal_form,
)
from reader.core.analysis.figures import find_figures
from reader.core.analysis.model import Analysis, Entity, EntityKind, Figure, Quote
from reader.core.analysis.pipeline import model_label
from reader.core.analysis.quotes import SCARE_MAX_WORDS, QuoteSpan, find_quotes, inside_any
from reader.core.model.document import Article, Block, BlockKind

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

SKIPPED_KINDS = frozenset({BlockKind.CODE, BlockKind.DATELINE})
"""Blocks with nothing to analyse: code, and the dateline (a date and a place of filing)."""

CHUNK_CHARS = 40_000
"""Characters parsed between two progress reports on a long text (about a second's work)."""

REPORTING_VERBS = frozenset(
    [
        "say",
        "says",
        "said",
        "saying",
        "tell",
        "tells",
        "told",
        "telling",
        "add",
        "adds",
        "added",
        "adding",
        "post",
        "posts",
        "posted",
        "posting",
        "write",
        "writes",
        "wrote",
        "written",
        "writing",
        "claim",
        "claims",
        "claimed",
        "claiming",
        "announce",
        "announces",
        "announced",
        "state",
        "states",
        "stated",
        "explain",
        "explains",
        "explained",
        "note",
        "notes",
        "noted",
        "insist",
        "insists",
        "insisted",
        "ask",
        "asks",
        "asked",
        "asking",
        "warn",
        "warns",
        "warned",
        "warning",
        "declare",
        "declares",
        "declared",
        "reply",
        "replies",
        "replied",
        "respond",
        "responds",
        "responded",
        "continue",
        "continues",
        "continued",
        "argue",
        "argues",
        "argued",
        "recall",
        "recalls",
        "recalled",
        "tweet",
        "tweets",
        "tweeted",
        "admit",
        "admits",
        "admitted",
        "acknowledge",
        "acknowledged",
        "acknowledges",
        "suggest",
        "suggests",
        "suggested",
        "boast",
        "boasts",
        "boasted",
        "boasting",
        "urge",
        "urged",
        "urges",
        "conclude",
        "concluded",
        "concludes",
        "report",
        "reports",
        "reported",
        "describe",
        "described",
        "describes",
        "call",
        "calls",
        "called",
        "remark",
        "remarked",
        "remarks",
        "comment",
        "commented",
        "comments",
        "confirm",
        "confirmed",
        "confirms",
        "deny",
        "denied",
        "denies",
        "shout",
        "shouted",
        "whisper",
        "whispered",
        "cry",
        "cried",
        "exclaim",
        "exclaimed",
        "joke",
        "joked",
        "quip",
        "quipped",
        "predict",
        "predicted",
        "promise",
        "promised",
        "vow",
        "vowed",
        "pledge",
        "pledged",
        "think",
        "thinks",
        "thought",
        "believe",
        "believes",
        "believed",
        "agree",
        "agreed",
        "agrees",
        "caution",
        "cautioned",
        "cautions",
        "stress",
        "stressed",
        "stresses",
        "emphasise",
        "emphasised",
        "emphasize",
        "emphasized",
        "point",
        "pointed",
    ]
)
"""Verbs that report speech or writing ("said", "posted", "warned"), in every form, so the
lemmatizer (a quarter of the pipeline's time) can stay switched off."""

SUBJECT_PRONOUNS = {"he": EntityKind.PERSON, "she": EntityKind.PERSON}
"""Pronouns resolved to the nearest person named before them."""

NAME_EQUIVALENTS: tuple[frozenset[str], ...] = (
    frozenset({"isis", "isil", "islamic state", "daesh", "is"}),
    frozenset({"u.s.", "us", "united states", "u.s", "usa", "united states of america"}),
    frozenset({"u.k.", "uk", "united kingdom", "britain", "great britain"}),
    frozenset({"u.n.", "un", "united nations"}),
    frozenset({"eu", "e.u.", "european union"}),
    frozenset({"nato", "north atlantic treaty organization"}),
)
"""Well-known names news writers use interchangeably; world knowledge the model lacks."""

EVENT_HEADS = frozenset(
    [
        "festival",
        "fest",
        "games",
        "olympics",
        "championship",
        "championships",
        "cup",
        "war",
        "summit",
        "conference",
        "election",
        "elections",
        "marathon",
        "tournament",
        "open",
        "expo",
        "fair",
        "carnival",
        "parade",
        "world-cup",
    ]
)
PLACE_HEADS = frozenset(
    [
        "street",
        "st",
        "st.",
        "avenue",
        "ave",
        "ave.",
        "road",
        "rd",
        "rd.",
        "boulevard",
        "blvd",
        "lane",
        "square",
        "bridge",
        "park",
        "airport",
        "station",
        "river",
        "lake",
        "mountain",
        "mountains",
        "island",
        "islands",
        "valley",
        "county",
        "province",
        "district",
        "city",
    ]
)
LAW_HEADS = frozenset(
    ["bill", "act", "treaty", "accord", "accords", "convention", "directive", "amendment"]
)
ORG_HEADS = frozenset(
    [
        "foundation",
        "society",
        "association",
        "institute",
        "university",
        "college",
        "company",
        "corporation",
        "corp",
        "corp.",
        "inc",
        "inc.",
        "ltd",
        "ltd.",
        "plc",
        "group",
        "agency",
        "council",
        "committee",
        "commission",
        "party",
        "alliance",
        "union",
        "bank",
        "fund",
        "trust",
        "ministry",
        "department",
        "court",
        "church",
        "network",
        "bureau",
        "board",
        "authority",
        "federation",
        "league",
        "club",
    ]
)
"""The last word of a name says its kind whatever the model guessed: "Newport Jazz Festival"
is an event, "N. Rampart St." a place, "Helis Foundation" an organisation."""

APPOSITIVE_KINDS: dict[str, str] = {
    **dict.fromkeys(
        [
            "agency",
            "group",
            "company",
            "firm",
            "newspaper",
            "paper",
            "organisation",
            "organization",
            "network",
            "charity",
            "party",
            "militia",
            "channel",
            "outlet",
            "broadcaster",
            "website",
            "site",
            "magazine",
            "union",
            "bank",
            "startup",
            "manufacturer",
            "maker",
            "brand",
            "publisher",
            "retailer",
            "carrier",
            "airline",
            "insurer",
            "giant",
            "conglomerate",
            "studio",
            "club",
            "team",
        ],
        "ORG",
    ),
    **dict.fromkeys(
        ["city", "town", "village", "province", "region", "country", "state", "capital"], "GPE"
    ),
    **dict.fromkeys(
        [
            "president",
            "spokesman",
            "spokeswoman",
            "spokesperson",
            "minister",
            "director",
            "chairman",
            "chairwoman",
            "author",
            "co-author",
            "professor",
            "analyst",
            "official",
            "leader",
            "founder",
            "ceo",
            "secretary",
            "head",
            "member",
            "physicist",
            "scientist",
            "researcher",
            "economist",
            "lawyer",
            "attorney",
            "senator",
            "governor",
            "mayor",
            "executive",
            "manager",
            "chief",
            "coach",
            "player",
            "actor",
            "singer",
            "writer",
            "editor",
            "reporter",
        ],
        "PERSON",
    ),
}
"""Names the model missed, told by the noun set beside them: "Amaq, an ISIS-linked media
agency", "Demetric Mercadel, president of the board"."""

_TITLE_SMALL_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "for",
        "from",
        "in",
        "into",
        "nor",
        "of",
        "on",
        "or",
        "over",
        "the",
        "to",
        "up",
        "via",
        "with",
        "vs",
    ]
)


@dataclass(frozen=True, slots=True)
class _Speaker:
    """Who an attribution names: the phrase, and the head word that names them."""

    start: int
    end: int
    text: str
    head_start: int
    head_end: int


@dataclass
class _State:
    """What has been found so far in an article being analysed."""

    mentions: list[RawMention] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    title_case_blocks: list[tuple[int, int]] = field(default_factory=list)
    analysed_blocks: list[tuple[int, int]] = field(default_factory=list)
    common_words: frozenset[str] = frozenset()
    """Words the article writes in lower case, to tell a capitalised word from a name."""
    attributions: dict[int, _Speaker] = field(default_factory=dict)
    """Quote start → the speaker found beside it in the parse."""


class Analyzer:
    """Runs a loaded spaCy pipeline over articles."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        """The loaded pipeline."""
        self.model_label = model_label(nlp)
        """The pipeline's name and version, stored with each result."""
        self._disabled = [name for name in ("lemmatizer",) if name in nlp.pipe_names]

    def analyze(self, article: Article) -> Analysis:
        """Analyse a whole article at once."""
        result = Analysis(ANALYSER_VERSION, self.model_label)
        for result in self.progressively(article, chunk_chars=None):  # noqa: B007
            pass
        return result

    def progressively(
        self, article: Article, *, chunk_chars: int | None = CHUNK_CHARS
    ) -> Iterator[Analysis]:
        """Analyse an article chunk by chunk, yielding the results so far after each chunk.

        Every partial result is a whole `Analysis` over the text parsed so far, marked
        `complete=False` with the fraction `done`; the last one is complete.
        """
        text = article.text
        blocks = [block for block in article.blocks if block.kind not in SKIPPED_KINDS]
        paragraphs = [(block.start, block.end) for block in blocks]
        quote_spans = find_quotes(text, paragraphs)
        title_end = next(
            (block.end for block in article.blocks if block.kind is BlockKind.TITLE), 0
        )
        state = _State(common_words=_lowercase_words(text))
        total = max(sum(block.end - block.start for block in blocks), 1)
        parsed = 0
        chunks = list(_chunks(blocks, chunk_chars))
        for number, chunk in enumerate(chunks, start=1):
            texts = [text[block.start : block.end] for block in chunk]
            for block, doc in zip(chunk, self.nlp.pipe(texts, disable=self._disabled), strict=True):
                self._read_block(block, doc, state, quote_spans, text)
                parsed += block.end - block.start
            complete = number == len(chunks)
            done = 1.0 if complete else parsed / total
            yield self._result(text, state, quote_spans, title_end, done=done, complete=complete)

    # -- per block -------------------------------------------------------------------

    def _read_block(
        self, block: Block, doc: Doc, state: _State, quote_spans: Sequence[QuoteSpan], text: str
    ) -> None:
        offset = block.start
        state.analysed_blocks.append((block.start, block.end))
        if block.kind is not BlockKind.PARAGRAPH and _is_title_case(doc.text):
            # A Title-Case Headline makes every word look like a name to the model; its names
            # are found later by matching the names the body text established.
            state.title_case_blocks.append((block.start, block.end))
        else:
            state.mentions.extend(_mentions(doc, offset, state.common_words))
        state.figures.extend(find_figures(doc, offset))
        # Quotes are in reading order: find the ones touching this block by bisection, so
        # a book with thousands of quotes stays linear.
        first = bisect.bisect_left(quote_spans, block.start, key=lambda quote: quote.end)
        local: list[QuoteSpan] = []
        for quote in quote_spans[first:]:
            if quote.start >= block.end:
                break
            if quote.end > block.start:
                local.append(quote)
        for quote in local:
            found = _attribution(doc, offset, quote, local)
            if found is not None and quote.start not in state.attributions:
                state.attributions[quote.start] = found

    # -- results ---------------------------------------------------------------------

    def _result(
        self,
        text: str,
        state: _State,
        quote_spans: Sequence[QuoteSpan],
        title_end: int,
        *,
        done: float,
        complete: bool,
    ) -> Analysis:
        mentions = list(state.mentions)
        if complete:
            # Rescanning the whole text is the one step that grows with every chunk, so the
            # partial results of a long book go without it.
            mentions.extend(
                _consistent_mentions(text, mentions, state.analysed_blocks, state.title_case_blocks)
            )
        mentions = _merge_equivalents(mentions)
        entities = group_mentions(mentions, len(text), title_end=title_end)
        analysed_until = max((end for _, end in state.analysed_blocks), default=0)
        quotes = _quotes(text, quote_spans, state, entities, analysed_until)
        return Analysis(
            analyser_version=ANALYSER_VERSION,
            model=self.model_label,
            entities=tuple(entities),
            figures=tuple(sorted(state.figures, key=lambda figure: figure.start)),
            quotes=tuple(quotes),
            complete=complete,
            done=done,
        )


def _chunks(blocks: list[Block], chunk_chars: int | None) -> Iterator[list[Block]]:
    if chunk_chars is None:
        yield blocks
        return
    chunk: list[Block] = []
    size = 0
    for block in blocks:
        chunk.append(block)
        size += block.end - block.start
        if size >= chunk_chars:
            yield chunk
            chunk, size = [], 0
    if chunk or not blocks:
        yield chunk


def _is_title_case(text: str) -> bool:
    """Whether a line is Written In Title Case: nearly every word of four letters or more
    starts with a capital (a headline's style, not a sentence's)."""
    words = [
        word
        for word in re.findall(r"[A-Za-z][\w’'-]*", text)
        if word.lower() not in _TITLE_SMALL_WORDS
    ]
    if len(words) < 3:
        return False
    capitalised = sum(1 for word in words if word[0].isupper())
    return capitalised / len(words) >= 0.8 and not text.rstrip().endswith((".", "?", "!"))


# -- mentions ----------------------------------------------------------------------------


def _lowercase_words(text: str) -> frozenset[str]:
    """Every word the article writes in lower case somewhere."""
    return frozenset(re.findall(r"(?<![\w-])[a-z][a-z'’-]+", text))


def _mentions(doc: Doc, offset: int, common_words: frozenset[str]) -> list[RawMention]:
    """The named-entity spans of a block, cleaned and mended."""
    found: list[RawMention] = []
    ents = list(doc.ents)
    for index, ent in enumerate(ents):
        label = ent.label_
        if label not in KIND_OF_LABEL:
            continue
        span = ent
        # "Islamic State", "American Airlines": a nationality or religion directly followed by
        # a capitalised noun the model left untagged is the first word of a name, not a group.
        following = _untagged_capitalised_run(doc, ent.end)
        if label == "NORP" and following is not None:
            span = doc[ent.start : following]
            label = "ORG"
        # A NORP followed at once by an ORG ("Islamic" + "State") is one organisation's name.
        elif (
            label == "NORP"
            and index + 1 < len(ents)
            and ents[index + 1].start == ent.end
            and ents[index + 1].label_ == "ORG"
        ):
            span = doc[ent.start : ents[index + 1].end]
            label = "ORG"
        span = _with_of_the_prefix(doc, span)
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
        if label == "PERSON" and normal_form(mention_text) in SOCIAL_NETWORKS:
            label = "ORG"  # "posted on Twitter": a platform is a company, not a person
        label = _list_label(span, label)
        label = _described_label(doc, span, label)
        if (
            label == "PERSON"
            and len(span) == 1
            and span.start > 0
            and doc[span.start - 1].lower_ == "the"
        ):
            continue  # "the Bill": a single name after "the" is not a person
        label = _label_by_head(mention_text, label)
        found.append(RawMention(start, end, mention_text, label))
    found.extend(_appositive_names(doc, offset))
    # Merge the mended NORP+ORG pairs: drop ORG spans now covered by a longer mention.
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    merged: list[RawMention] = []
    for mention in found:
        if merged and mention.start < merged[-1].end:
            continue
        merged.append(mention)
    return merged


def _label_by_head(name: str, label: str) -> str:
    words = name.split()
    if len(words) < 2:
        return label
    head = words[-1].lower()
    if head in EVENT_HEADS:
        return "EVENT"
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


def _consistent_mentions(
    text: str,
    mentions: Sequence[RawMention],
    analysed: Sequence[tuple[int, int]],
    title_case_blocks: Sequence[tuple[int, int]],
) -> list[RawMention]:
    """One sense per discourse: every other place a name the article established appears.

    The model misses names it tagged elsewhere (and every name in a title-case headline);
    a reader does not. Single words are matched only inside a sentence, never first in one,
    where any word is capitalised.
    """
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    for mention in mentions:
        labels[mention.text][mention.label] += 1
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
            ):
                continue
            if _overlaps(taken, match.start(), match.end()):
                continue
            label = (labels.get(form) or surnames[form]).most_common(1)[0][0]
            added.append(
                RawMention(match.start(), match.end(), form, label, 0.25 if in_title else 0.5)
            )
    return added


def _sentence_initial(text: str, position: int, block_start: int) -> bool:
    before = text[block_start:position].rstrip(" “\"‘'")
    return not before or before[-1] in ".!?:"


def _overlaps(taken: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    index = bisect.bisect_left(taken, (start, start))
    for neighbour in taken[max(0, index - 1) : index + 1]:
        if neighbour[0] < end and start < neighbour[1]:
            return True
    return False


def _merge_equivalents(mentions: list[RawMention]) -> list[RawMention]:
    """Relabel mentions of well-known equivalent names to one spelling's kind."""
    groups: dict[int, list[RawMention]] = defaultdict(list)
    for mention in mentions:
        key = normal_form(mention.text)
        for index, names in enumerate(NAME_EQUIVALENTS):
            if key in names:
                groups[index].append(mention)
    for group in groups.values():
        if len({normal_form(m.text) for m in group}) < 2:
            continue
        vote = Counter(m.label for m in group)
        label = vote.most_common(1)[0][0]
        canonical = max(
            group, key=lambda m: (sum(1 for n in group if n.text == m.text), len(m.text))
        ).text
        for mention in group:
            mention.label = label
            mention.group_hint = canonical
    return mentions


# -- quotes ------------------------------------------------------------------------------


def _attribution(
    doc: Doc, offset: int, quote: QuoteSpan, quote_spans: Sequence[QuoteSpan]
) -> _Speaker | None:
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
) -> _Speaker | None:
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
    position = offset + token.idx
    if position >= quote.end:
        return position - quote.end
    if position < quote.start:
        return quote.start - position + 1
    return 10_000


def _speaker_span(token: Token, offset: int) -> _Speaker:
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
    return _Speaker(start, start + len(text), text, head_start, head_start + len(token.text))


def _quotes(
    text: str,
    quote_spans: Sequence[QuoteSpan],
    state: _State,
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
        found = state.attributions.get(span.start)
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
                    found = _Speaker(found.start, found.end, last_named[1], -1, -1)
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


PRONOUN_REACH = 3_000
"""How far back (characters) "he" or "she" looks for the person it means."""


def _nearest_person(owners: Sequence[tuple[int, int, Entity]], before: int) -> Entity | None:
    index = bisect.bisect_left(owners, before, key=lambda owner: owner[0])
    for mention_start, _, entity in reversed(owners[max(0, index - 200) : index]):
        if mention_start < before - PRONOUN_REACH:
            break
        if entity.kind is EntityKind.PERSON:
            return entity
    return None


def _entity_by_head_noun(entities: Sequence[Entity], noun: str) -> Entity | None:
    matches = [
        entity
        for entity in entities
        if entity.kind is EntityKind.ORGANISATION
        and len(entity.name.split()) > 1
        and entity.name.split()[-1].lower() == noun.lower()
    ]
    return matches[0] if len(matches) == 1 else None


def _last_mention_before(entity: Entity, offset: int) -> int:
    return max((m.start for m in entity.mentions if m.start < offset), default=-1)


def _same_passage(text: str, previous: Quote, span: QuoteSpan) -> bool:
    """Whether two quotes are in the same paragraph or in neighbouring paragraphs."""
    between = text[previous.end : span.start]
    return between.count("\n\n") <= 1 and len(between) < 400
