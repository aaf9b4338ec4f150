"""The analyser: one article in, its entities, figures and quotes out, block by block.

Blocks are parsed separately (a headline, a caption and a paragraph are not one sentence),
in chunks, so a long book fills the panes progressively (`Analyzer.progressively`). This module
only runs the pipeline and assembles the results; the rules live beside it: `mentions.py` and
`entities.py` for names, `figures.py` for numbers, `quotes.py` and `attribution.py` for quotes,
and the word lists they share in `lexicon.py`.
"""

from __future__ import annotations

import bisect
import re
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from reader.core.analysis import ANALYSER_VERSION, CHUNK_CHARS
from reader.core.analysis.attribution import (
    BlockParse,
    Speaker,
    attributed_quotes,
    find_speaker,
)
from reader.core.analysis.capitals import mid_sentence_capitals, without_sentence_capitals
from reader.core.analysis.entities import (
    DECISIVE_WEIGHT,
    RawMention,
    group_mentions,
    merge_equivalents,
)
from reader.core.analysis.families import with_family_members
from reader.core.analysis.figures import find_figures
from reader.core.analysis.glued import split_glued
from reader.core.analysis.lexicon import TITLE_SMALL_WORDS
from reader.core.analysis.mentions import block_mentions, consistent_mentions, lowercase_words
from reader.core.analysis.model import Analysis, Figure
from reader.core.analysis.pipeline import (
    dictionary_words,
    model_label,
    tokenizable,
    verb_lemmatizer,
)
from reader.core.analysis.products import with_products
from reader.core.analysis.quotes import QuoteSpan, find_quotes, headline_quotes
from reader.core.analysis.readings import Reading, reading_from_json, reading_to_json
from reader.core.analysis.tickers import with_tickers
from reader.core.model.document import Article, Block, BlockKind

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

SKIPPED_KINDS = frozenset({BlockKind.CODE, BlockKind.DATELINE})
"""Blocks with nothing to analyse: code, and the dateline (a date and a place of filing)."""

PARTIAL_GROWTH = 1.25
"""A partial result is worked out anew only once the text parsed has grown by a quarter
since the last one; the chunks between report progress alone. Working one out takes time in
proportion to the text parsed so far, so one after every chunk made a book quadratic (14.7
of the 73 s for half of War and Peace); spaced out like this, all of them together cost
about four complete ones."""

BATCH = 32
"""Blocks the model reads at once. spaCy's default of 1,000 holds a whole chunk's arrays
together: 400 KB of the book peaked at 993 MB that way. On 800 KB of the book, batches of
16, 32 and 64 peaked at 204, 224 and 277 MB and took 28, 27 and 26 s (1,000: 380 MB, 26 s)."""

PIECE_CHARS = 10_000
"""The most characters given to the pipeline at once. A longer block (a page of text with
no paragraph breaks) is parsed in pieces cut at sentence ends: spaCy refuses a text over its
`max_length` (1,000,000, error E088), and its memory grows with the text it is given: one
piece of 100,000 characters peaked at 534 MB, of 10,000 at 180 MB (no paragraph of War and
Peace is longer than 4,400)."""

_SENTENCE_END_RE = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*\s+")
"""Where a piece ends best: after a sentence and the space after it."""


@dataclass
class _State:
    """What has been found so far in an article being analysed."""

    mentions: list[RawMention] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    title_case_blocks: list[tuple[int, int]] = field(default_factory=list)
    analysed_blocks: list[tuple[int, int]] = field(default_factory=list)
    common_words: frozenset[str] = frozenset()
    """Words the article writes in lower case, to tell a capitalised word from a name."""
    mid_sentence_capitals: frozenset[str] = frozenset()
    """Words the article capitalises somewhere other than at a sentence's start."""
    quoted_titles: list[tuple[int, int]] = field(default_factory=list)
    """Where titles in marks are (“A Most Violent Year”), in reading order: found once."""
    attributions: dict[int, Speaker] = field(default_factory=dict)
    """Quote start → the speaker found beside it in the parse."""


class Analyzer:
    """Runs a loaded spaCy pipeline over articles."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        """The loaded pipeline."""
        self.model_label = model_label(nlp)
        """The pipeline's name and version, stored with each result."""
        self._disabled = [name for name in ("lemmatizer",) if name in nlp.pipe_names]
        self._dictionary = dictionary_words(nlp)
        self._lemmatize_verbs = verb_lemmatizer(nlp)

    def analyze(self, article: Article) -> Analysis:
        """Analyse a whole article at once."""
        return deque(self.progressively(article, chunk_chars=None), maxlen=1)[0]

    def progressively(
        self,
        article: Article,
        *,
        chunk_chars: int | None = CHUNK_CHARS,
        read_before: Sequence[str] = (),
        chunk_read: Callable[[int, str], object] | None = None,
        partial: bool = True,
    ) -> Iterator[Analysis]:
        """Analyse an article chunk by chunk, yielding the results so far after each chunk.

        Every partial result is a whole `Analysis`, marked `complete=False` with the
        fraction `done`; the last one is complete. A partial result is worked out anew only
        when the text parsed has grown by `PARTIAL_GROWTH`; in between, the last one comes
        again with the new fraction (the very same entities, figures and quotes).

        Args:
            article: the article.
            chunk_chars: about how many characters each chunk holds; None: one chunk.
            read_before: the readings `chunk_read` was given for the first chunks by an
                earlier run with the same `chunk_chars` on the same text: they are replayed
                instead of parsed. The replay stops at the first one that does not fit its
                chunk (damaged, or from another build), and the rest is parsed.
            chunk_read: given the number (from 1) and the reading (JSON) of each chunk
                parsed, but the last, whose reading the complete result holds.
            partial: False yields only the complete result (no partial one worked out).
        """
        text = article.text
        analysed = [block for block in article.blocks if block.kind not in SKIPPED_KINDS]
        paragraphs = [(block.start, block.end) for block in analysed]
        limit = max(min(PIECE_CHARS, self.nlp.max_length - 1), 1)
        blocks = [piece for block in analysed for piece in _pieces(text, block, limit)]
        headings = [
            (block.start, block.end)
            for block in analysed
            if block.kind in (BlockKind.TITLE, BlockKind.DEK, BlockKind.HEADING)
        ]
        quote_spans = _without_overlaps(
            find_quotes(text, paragraphs) + headline_quotes(text, headings)
        )
        title_end = next(
            (block.end for block in article.blocks if block.kind is BlockKind.TITLE), 0
        )
        state = _State(
            common_words=lowercase_words(text),
            mid_sentence_capitals=mid_sentence_capitals(text),
            quoted_titles=_quoted_titles(quote_spans, text),
        )
        total = max(sum(block.end - block.start for block in blocks), 1)
        parsed = 0
        last: Analysis | None = None
        last_parsed = 0
        chunks = list(_chunks(blocks, chunk_chars))
        replay = _replayable(read_before, chunks, len(text))
        for number, chunk in enumerate(chunks, start=1):
            complete = number == len(chunks)
            if number <= len(replay):
                _replay(replay[number - 1], state)
            else:
                reading = self._read_chunk(chunk, state, quote_spans, text)
                if chunk_read is not None and not complete:
                    chunk_read(number, reading_to_json(reading))
            parsed += sum(block.end - block.start for block in chunk)
            done = 1.0 if complete else parsed / total
            if not partial and not complete:
                continue
            if last is not None and not complete and parsed < last_parsed * PARTIAL_GROWTH:
                # Only the progress is new: the same results, a step further on.
                yield replace(last, done=done)
                continue
            last = self._result(text, state, quote_spans, title_end, done=done, complete=complete)
            last_parsed = parsed
            yield last

    # -- per chunk and block -----------------------------------------------------------

    def _read_chunk(
        self, chunk: list[Block], state: _State, quote_spans: Sequence[QuoteSpan], text: str
    ) -> Reading:
        """Parse a chunk's blocks into `state`; returns what they added to it."""
        counts = (len(state.mentions), len(state.figures), len(state.title_case_blocks))
        attributed = set(state.attributions)
        texts = [tokenizable(text[block.start : block.end]) for block in chunk]
        docs = self.nlp.pipe(texts, batch_size=BATCH, disable=self._disabled)
        for block, doc in zip(chunk, docs, strict=True):
            self._read_block(block, doc, state, quote_spans, text)
        return Reading(
            blocks=tuple((block.start, block.end) for block in chunk),
            title_case_blocks=tuple(state.title_case_blocks[counts[2] :]),
            mentions=tuple(state.mentions[counts[0] :]),
            figures=tuple(state.figures[counts[1] :]),
            attributions=tuple(
                (start, speaker)
                for start, speaker in state.attributions.items()
                if start not in attributed
            ),
        )

    # -- per block -------------------------------------------------------------------

    def _read_block(
        self, block: Block, doc: Doc, state: _State, quote_spans: Sequence[QuoteSpan], text: str
    ) -> None:
        offset = block.start
        state.analysed_blocks.append((block.start, block.end))
        self._lemmatize_verbs(doc)
        if _is_title_case(doc.text) and (
            block.kind is not BlockKind.PARAGRAPH or _a_heading(doc.text, state.common_words)
        ):
            # A Title-Case Headline makes every word look like a name to the model; its names
            # are found later by matching the names the body text established, and for
            # now only the countries and peoples the dictionary knows ("Canada's Former …").
            state.title_case_blocks.append((block.start, block.end))
            state.mentions.extend(
                mention
                for mention in block_mentions(doc, offset, state.common_words, self._dictionary)
                if mention.label in {"GPE", "NORP"}
                # A place or people every word of whose name the dictionary holds as it is
                # written ("Canada"), not a plural of a word ("Gulf States").
                and all(
                    word.lower().strip("'’.") in self._dictionary for word in mention.text.split()
                )
            )
        else:
            state.mentions.extend(block_mentions(doc, offset, state.common_words, self._dictionary))
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
        if not local:
            return
        parse = BlockParse(doc, offset, local)
        for quote in local:
            found = find_speaker(parse, quote)
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
                consistent_mentions(
                    text,
                    mentions,
                    state.analysed_blocks,
                    state.title_case_blocks,
                    state.common_words,
                )
            )
        mentions = without_sentence_capitals(mentions, state.mid_sentence_capitals)
        mentions = _quoted_titles_are_works(mentions, state.quoted_titles, text)
        mentions = merge_equivalents(with_family_members(split_glued(mentions)))
        mentions = with_products(with_tickers(mentions, text))
        entities = group_mentions(mentions, len(text), title_end=title_end, text=text)
        analysed_until = max((end for _, end in state.analysed_blocks), default=0)
        quotes = attributed_quotes(text, quote_spans, state.attributions, entities, analysed_until)
        return Analysis(
            analyser_version=ANALYSER_VERSION,
            model=self.model_label,
            entities=tuple(entities),
            figures=tuple(sorted(state.figures, key=lambda figure: figure.start)),
            quotes=tuple(quotes),
            complete=complete,
            done=done,
        )


def _replayable(
    read_before: Sequence[str], chunks: list[list[Block]], length: int
) -> list[Reading]:
    """The readings of the first chunks that can be replayed: each one whole and of exactly
    its chunk's blocks, up to the first that is not."""
    readings: list[Reading] = []
    for data, chunk in zip(read_before, chunks, strict=False):
        try:
            reading = reading_from_json(data, length)
        except ValueError:
            break
        if reading.blocks != tuple((block.start, block.end) for block in chunk):
            break
        readings.append(reading)
    return readings


def _replay(reading: Reading, state: _State) -> None:
    """Add what an earlier run read in a chunk to `state`, as reading it again would."""
    state.analysed_blocks.extend(reading.blocks)
    state.title_case_blocks.extend(reading.title_case_blocks)
    state.mentions.extend(reading.mentions)
    state.figures.extend(reading.figures)
    for start, speaker in reading.attributions:
        state.attributions.setdefault(start, speaker)


def _pieces(text: str, block: Block, limit: int) -> Iterator[Block]:
    """The block, or for one longer than `limit` characters, consecutive pieces of it of at
    most `limit` characters each, ending at a sentence end where there is one (else at a
    space, else anywhere); each keeps its offsets in the article's text."""
    start = block.start
    while block.end - start > limit:
        window = text[start : start + limit]
        ends = [match.end() for match in _SENTENCE_END_RE.finditer(window, limit // 2)]
        space = window.rfind(" ", limit // 2)
        cut = ends[-1] if ends else space + 1 if space >= 0 else limit
        yield replace(block, start=start, end=start + cut, spans=())
        start += cut
    yield block if start == block.start else replace(block, start=start, spans=())


def _chunks(blocks: list[Block], chunk_chars: int | None) -> Iterator[list[Block]]:
    """Blocks in runs of about `chunk_chars` characters (all at once when None, one empty run
    for no blocks, so there is always a final result)."""
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


_NICKNAME = re.compile(r" [A-Z][a-z]")
_TITLE_WORDS = re.compile(r"[\w’'&:\- ]*\w")
"""A title's words, no stop or exclamation: “Nicholas!” or “Bonaparte...” is a cry."""


def _quoted_titles(quote_spans: Sequence[QuoteSpan], text: str) -> list[tuple[int, int]]:
    """Where the quotes that are titles of works are ("“A Most Violent Year”", "“Seven”"),
    inner ranges in reading order."""
    return [
        (quote.inner_start, quote.inner_end)
        for quote in quote_spans
        if not quote.is_statement(text)
        and _TITLE_WORDS.fullmatch(text[quote.inner_start : quote.inner_end])
        and text[quote.inner_start : quote.inner_end].istitle()
        and not _NICKNAME.match(text, quote.end)  # Don “Moose” Jamison: a nickname
    ]


def _quoted_titles_are_works(
    mentions: list[RawMention], ordered: Sequence[tuple[int, int]], text: str
) -> list[RawMention]:
    """A name that fills a title in marks (`ordered`, from `_quoted_titles`) is a work, kind
    Other, whatever the model said: speech is not quoted so, titles are."""
    for mention in mentions:
        index = bisect.bisect_right(ordered, (mention.start, len(text))) - 1
        if index < 0:
            continue
        start, end = ordered[index]
        if start <= mention.start and mention.end <= end:
            # "Violent Year" inside “A Most Violent Year”: the whole title is the name.
            mention.start, mention.end, mention.text = start, end, text[start:end]
            mention.label, mention.weight = "WORK_OF_ART", DECISIVE_WEIGHT
    return mentions


def _without_overlaps(spans: list[QuoteSpan]) -> list[QuoteSpan]:
    """Quotes in reading order, a quote inside another one dropped."""
    kept: list[QuoteSpan] = []
    for span in sorted(spans, key=lambda quote: (quote.start, -quote.end)):
        if not kept or span.start >= kept[-1].end:
            kept.append(span)
    return kept


HEADING_MAX_WORDS = 16
"""The longest line without a full stop read as a subheading when it is in Title Case."""


def _a_heading(text: str, common_words: frozenset[str]) -> bool:
    """Whether a paragraph in Title Case is a subheading ("Why Neon Is the Ultimate Symbol")
    rather than a line of names ("John Smith, Mary Jones"): short, and made mostly of words
    the article also writes in lower case."""
    words = re.findall(r"[A-Za-z][\w’'-]{3,}", text)
    if not words or len(text.split()) > HEADING_MAX_WORDS:
        return False
    common = sum(1 for word in words if word.lower() in common_words)
    return common >= 2 and common * 2 >= len(words)


def _is_title_case(text: str) -> bool:
    """Whether a line is Written In Title Case: nearly every word of four letters or more
    starts with a capital (a headline's style, not a sentence's)."""
    words = [
        word
        for word in re.findall(r"[A-Za-z][\w’'-]*", text)
        if word.lower() not in TITLE_SMALL_WORDS
    ]
    if len(words) < 3:
        return False
    capitalised = sum(1 for word in words if word[0].isupper())
    return capitalised / len(words) >= 0.8 and not text.rstrip().endswith((".", "?", "!"))
