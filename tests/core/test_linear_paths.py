"""Inputs built to make cost grow (issue 13): what each fix must keep true. The time it takes
is measured, at doubling sizes, by `benchmarks/bench_growth.py`, not asserted here: these
tests check the work done (words looked at, tokens the model is shown) and that the fast
paths give the same answers as the slow ones."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from reader.core.analysis.analyzer import Analyzer
from reader.core.analysis.attribution import WINDOW, BlockParse, find_speaker
from reader.core.analysis.pipeline import LONGEST_SYMBOL_RUN, load_pipeline, tokenizable
from reader.core.analysis.quotes import find_quotes
from reader.core.loaders import load_text
from reader.core.loaders.markdown import _TABLE_DELIMITER_ROW


def test_a_long_run_of_symbols_reaches_the_model_as_blanks() -> None:
    # Fails on the old code: 20,000 "=" were 20,000 tokens, peeled off one by one (a minute).
    nlp = load_pipeline()
    text = "Intro " + "=" * 20_000 + " Kerry"
    shown = tokenizable(text)
    assert len(shown) == len(text)
    assert len(nlp.make_doc(shown)) < 10


@given(st.text(alphabet="=`[_.,-—“” ab\n", max_size=300))
def test_symbol_runs_are_blanked_in_place_and_nothing_else_changes(text: str) -> None:
    shown = tokenizable(text)
    assert len(shown) == len(text)
    for ours, theirs in zip(shown, text, strict=True):
        assert ours == theirs or (ours == " " and not theirs.isalnum() and not theirs.isspace())
    long_run = re.compile(rf"(?:[^\w\s]|_){{{LONGEST_SYMBOL_RUN + 1},}}")
    assert not long_run.search(shown)
    assert long_run.sub("", shown).replace(" ", "") == long_run.sub("", text).replace(" ", "")


def test_names_after_a_run_of_symbols_are_still_found() -> None:
    article = load_text("Notes\n\n" + "`" * 5_000 + "\n\nJohn Kerry met Sergei Lavrov in Geneva.")
    analysis = Analyzer(load_pipeline()).analyze(article)
    names = {entity.name for entity in analysis.entities}
    assert {"John Kerry", "Sergei Lavrov"} <= names


class _CountingParse(BlockParse):
    """A real `BlockParse` that counts the words it is asked about."""

    looked_at = 0

    def outside(self, token: object) -> bool:  # type: ignore[override]
        _CountingParse.looked_at += 1
        return super().outside(token)  # type: ignore[arg-type]


def test_each_quote_in_a_long_sentence_looks_only_at_its_neighbourhood() -> None:
    # Fails on the old code: every quote scanned the whole sentence, and every word was
    # checked against every quote (cubic: 25 KB took over 15 minutes).
    nlp = load_pipeline()
    text = "He said " + " ".join(f'"word{i} and more" Smith said,' for i in range(300)) + "."
    quotes = find_quotes(text, [(0, len(text))])
    assert len(quotes) == 300
    parse = _CountingParse(nlp(text), 0, quotes)
    _CountingParse.looked_at = 0
    speakers = [find_speaker(parse, quote) for quote in quotes]
    # Fails on the old code too: the parser hung the end of a quotation on the name, and
    # the words inside the marks ("word2 and more") were given as the speaker.
    assert [speaker.text if speaker else None for speaker in speakers] == ["He"] + ["Smith"] * 299
    assert _CountingParse.looked_at <= len(quotes) * 6 * WINDOW


def test_an_attribution_in_the_sentence_before_is_still_found() -> None:
    nlp = load_pipeline()
    text = "The minister summed up the danger. “It is not over yet, and it will not be soon.”"
    quotes = find_quotes(text, [(0, len(text))])
    speaker = find_speaker(BlockParse(nlp(text), 0, quotes), quotes[0])
    assert speaker is not None and speaker.text == "The minister"


@given(st.lists(st.sampled_from(["“a b c”", "x", " ", "said", "“", "”"]), max_size=40))
def test_the_quote_index_agrees_with_a_scan(parts: list[str]) -> None:
    nlp = load_pipeline()
    text = " ".join(parts)
    quotes = find_quotes(text, [(0, len(text))])
    parse = BlockParse(nlp(text), 0, quotes)
    for token in parse.doc:
        scanned = not any(q.start <= token.idx < q.end for q in quotes)
        assert parse.outside(token) == scanned


_OLD_TABLE_DELIMITER_ROW = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*\|", re.MULTILINE)


@given(st.text(alphabet=" \t|:-x\n", max_size=60))
def test_the_unambiguous_table_row_pattern_finds_what_the_old_one_did(line: str) -> None:
    # The old pattern let two runs of blanks share a line of spaces 40,000 ways (14 s).
    assert bool(_TABLE_DELIMITER_ROW.search(line)) == bool(_OLD_TABLE_DELIMITER_ROW.search(line))


def test_past_participles_without_a_lookup_library() -> None:
    # The memory fix replaced lemminflect (about 50 MB of tables) with a table and rules.
    from reader.core.analysis.participles import past_participle

    cases = {
        ("kill", "killing"): "killed",
        ("take", "took"): "taken",
        ("stop", "stopping"): "stopped",
        ("visit", "visiting"): "visited",
        ("displace", "displacing"): "displaced",
        ("carry", "carrying"): "carried",
        ("ban", ""): "banned",
        ("open", "opening"): "opened",
        ("hold", "held"): "held",
    }
    for (lemma, written), participle in cases.items():
        assert past_participle(lemma, written) == participle


def test_verbs_get_their_lemmas_with_the_lemmatizer_left_out() -> None:
    from reader.core.analysis.pipeline import verb_lemmatizer

    nlp = load_pipeline()
    doc = nlp("The storms were killing 100 people.", disable=["lemmatizer"])
    verb_lemmatizer(nlp)(doc)
    assert [t.lemma_ for t in doc if t.pos_ in {"VERB", "AUX"}] == ["be", "kill"]
