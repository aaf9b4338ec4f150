"""Re-anchoring highlights after a document's text changed: by position, exact text, fuzzy, or
not at all."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import Indel

import reader.core.annotating.anchoring as anchoring
import reader.core.annotating.textmap as textmap
from reader.core.annotating.anchoring import (
    ANCHOR_THRESHOLD,
    ORPHAN,
    QUOTE_THRESHOLD,
    Anchorer,
    Anchoring,
    Selector,
    reanchor,
    reanchor_all,
    score_at,
)
from reader.core.annotating.textmap import TextMap
from reader.core.model.annotations import CONTEXT_CHARS, Highlight, quote_at

PARAGRAPHS = [
    "The ceasefire begins at midnight on Monday, the foreign ministers said after talks "
    "in Geneva that lasted well into the night.",
    "Both sides agreed to stop the shelling of Aleppo by Monday, officials said late on "
    "Friday, though neither would say who had given way.",
    "Aid convoys are expected to reach the eastern districts of the city within two days "
    "of the truce, the United Nations said.",
    "The opposition said it would respect the truce if government forces did the same, "
    "and warned that any violation would end it.",
    "Observers will monitor the agreement from a joint centre to be set up in Amman, "
    "diplomats said.",
]
STORY = "\n\n".join(PARAGRAPHS)
HIGHLIGHTED = "stop the shelling of Aleppo by Monday"

Edit = Callable[[str], str]


def selector(text: str, exact: str, occurrence: int = 0) -> Selector:
    """The selector of the `occurrence`-th (0-based) appearance of `exact` in `text`."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(exact, start + 1)
    quote = quote_at(text, start, start + len(exact))
    return Selector(start, start + len(exact), quote.exact, quote.prefix, quote.suffix)


def placed(text: str, result: Anchoring) -> str:
    assert result.start is not None and result.end is not None
    return text[result.start : result.end]


# By position


@pytest.mark.parametrize(
    "exact",
    ["ceasefire", "Both sides agreed", HIGHLIGHTED, "the", "diplomats said.", STORY[:40]],
    ids=["word", "phrase-at-paragraph-start", "clause", "common-word", "text-end", "text-start"],
)
def test_unchanged_text_keeps_every_highlight_by_position(exact: str) -> None:
    old = selector(STORY, exact)
    result = reanchor(STORY, STORY, old)
    assert result == Anchoring(old.start, old.end, "position", 1.0)


def test_unchanged_text_keeps_a_whole_batch_by_position() -> None:
    selectors = [
        Selector(start, end, *_quote(STORY, start, end))
        for start in range(0, len(STORY) - 20, 7)
        for end in (start + 1, start + 20)
    ]
    results = reanchor_all(STORY, STORY[:], selectors)
    assert all(result.method == "position" and result.score == 1.0 for result in results)
    assert [(r.start, r.end) for r in results] == [(s.start, s.end) for s in selectors]


@pytest.mark.parametrize(
    ("edit", "shift"),
    [
        (lambda text: "BREAKING: " + text, 10),
        (lambda text: text.replace("midnight", "midnight local time"), 11),
        (lambda text: text.replace("Geneva", "Geneva, Switzerland"), 13),
        (lambda text: text.replace("on Monday, the foreign", "on Monday, the"), -8),
        (lambda text: text.replace(PARAGRAPHS[0] + "\n\n", ""), -len(PARAGRAPHS[0]) - 2),
    ],
    ids=[
        "insert-at-start",
        "insert-earlier",
        "insert-just-before-the-paragraph",
        "delete-earlier",
        "delete-paragraph-before",
    ],
)
def test_edits_before_a_highlight_shift_it_exactly(edit: Edit, shift: int) -> None:
    old = selector(STORY, HIGHLIGHTED)
    new_text = edit(STORY)
    result = reanchor(STORY, new_text, old)
    assert (result.start, result.end) == (old.start + shift, old.end + shift)
    assert result.method == "position"
    assert placed(new_text, result) == HIGHLIGHTED


@pytest.mark.parametrize(
    ("new_text", "score"),
    [
        (STORY.replace("Observers will", "Monitors will"), 1.0),
        (STORY + "\n\nMore to follow.", 1.0),
        (STORY.replace(", officials said late", ", officials said"), None),
        (STORY.replace("Both sides agreed to", "Both sides have agreed to"), None),
    ],
    ids=["far-after", "appended", "inside-the-suffix", "inside-the-prefix"],
)
def test_edits_after_or_beside_a_highlight_leave_it_in_place(
    new_text: str, score: float | None
) -> None:
    old = selector(STORY, HIGHLIGHTED)
    result = reanchor(STORY, new_text, old)
    assert placed(new_text, result) == HIGHLIGHTED
    assert result.method == "position"
    if score is None:
        assert ANCHOR_THRESHOLD <= result.score < 1.0  # the context changed a little
    else:
        assert result.score == score


@pytest.mark.parametrize(
    ("old_words", "new_words"),
    [
        ("shelling of Aleppo", "bombardment of Aleppo"),
        ("Aleppo by Monday, officials", "Aleppo, a spokesman"),
        ("shelling of Aleppo by Monday", "bombardment of Aleppo"),
    ],
    ids=["before", "after", "both-sides"],
)
def test_edits_right_beside_a_short_highlight_keep_it(old_words: str, new_words: str) -> None:
    old = selector(STORY, "Aleppo")
    new_text = STORY.replace(old_words, new_words)
    result = reanchor(STORY, new_text, old)
    assert placed(new_text, result) == "Aleppo"
    assert result.start == new_text.index("Aleppo")
    assert result.method == "position"


# Fuzzy: the highlighted words themselves edited


@pytest.mark.parametrize(
    ("old_words", "new_words", "expected"),
    [
        ("stop the shelling", "halt the shelling", "halt the shelling of Aleppo by Monday"),
        ("Aleppo by Monday", "Aleppo by Tuesday", "stop the shelling of Aleppo by Tuesday"),
        ("the shelling", "the heavy shelling", "stop the heavy shelling of Aleppo by Monday"),
        ("shelling of", "shelling in", "stop the shelling in Aleppo by Monday"),
        ("the shelling of", "the shellng of", "stop the shellng of Aleppo by Monday"),
    ],
    ids=["first-word", "last-word", "word-inserted", "middle-word", "typo"],
)
def test_one_word_changed_is_found_fuzzily_at_the_right_place(
    old_words: str, new_words: str, expected: str
) -> None:
    old = selector(STORY, HIGHLIGHTED)
    new_text = STORY.replace(old_words, new_words)
    result = reanchor(STORY, new_text, old)
    assert result.method == "fuzzy"
    assert placed(new_text, result) == expected
    assert result.start == old.start
    assert ANCHOR_THRESHOLD <= result.score < 1.0


def test_a_passage_that_moved_and_changed_is_found_far_away() -> None:
    moved = PARAGRAPHS[1].replace("shelling", "bombing")
    new_text = "\n\n".join([PARAGRAPHS[0], *PARAGRAPHS[2:], moved])
    result = reanchor(STORY, new_text, selector(STORY, HIGHLIGHTED))
    assert result.method == "fuzzy"
    assert placed(new_text, result) == "stop the bombing of Aleppo by Monday"
    assert result.start == new_text.index("stop the bombing")


def test_a_passage_that_moved_unchanged_is_found_by_its_text() -> None:
    new_text = "\n\n".join([PARAGRAPHS[0], *PARAGRAPHS[2:], PARAGRAPHS[1]])
    result = reanchor(STORY, new_text, selector(STORY, HIGHLIGHTED))
    assert result.method == "exact"
    assert result.start == new_text.index(HIGHLIGHTED)


def test_words_replaced_outright_are_not_followed_by_their_context() -> None:
    # The context is intact, but the highlighted words are not there any more.
    new_text = STORY.replace(HIGHLIGHTED, "end all attacks on the city within a week")
    assert reanchor(STORY, new_text, selector(STORY, HIGHLIGHTED)) == ORPHAN


# Orphans


@pytest.mark.parametrize(
    ("exact", "new_text"),
    [
        (HIGHLIGHTED, STORY.replace(PARAGRAPHS[1], "")),
        (
            # A look-alike sentence elsewhere, differing in a few words and in its context.
            HIGHLIGHTED,
            STORY.replace(PARAGRAPHS[1], "")
            + "\n\nRebels in the north promised to stop the shelling of Idlib by Sunday.",
        ),
        # The same short word is elsewhere, several times, in other surroundings.
        ("Aleppo", STORY.replace(PARAGRAPHS[1], "") + " Aleppo was quiet. So was Aleppo."),
        ("Monday", STORY.replace("Both sides agreed to stop the shelling of Aleppo by Monday", "")),
    ],
    ids=["paragraph-deleted", "look-alike-sentence", "same-word-elsewhere", "word-elsewhere"],
)
def test_a_deleted_passage_becomes_an_orphan_not_a_look_alike(exact: str, new_text: str) -> None:
    old = selector(STORY, exact, occurrence=1 if exact == "Monday" else 0)
    assert old.start > STORY.index(PARAGRAPHS[1]) - 1 and old.end < STORY.index(PARAGRAPHS[2])
    result = reanchor(STORY, new_text, old)
    assert result == ORPHAN
    assert result.orphaned


def test_an_orphan_is_reported_for_an_empty_quote_and_an_empty_new_text() -> None:
    assert reanchor(STORY, STORY, Selector(3, 3, "")) == ORPHAN
    assert reanchor(STORY, "", selector(STORY, HIGHLIGHTED)) == ORPHAN


@pytest.mark.parametrize(
    ("exact", "new_text", "stale", "expected", "method"),
    [
        ("war", "It was the great warship, they said.", True, None, "orphan"),
        ("war", "It was the great war again, they said.", True, "war", "exact"),
        ("war", "It was the great wars, they said.", True, "wars", "fuzzy"),
        ("war", "We walked toward it. It was the great war, they said.", True, "war", "exact"),
        ("war, they", "It was the great prewar, they said.", True, "prewar, they", "fuzzy"),
        # Those characters were not edited, only the text after them: the diff is trusted.
        ("war", "It was the great warship, they said.", False, "war", "position"),
    ],
    ids=[
        "lengthened",
        "kept",
        "plural",
        "unique-as-a-word",
        "lengthened-at-the-start",
        "lengthened-but-the-diff-kept-it",
    ],
)
def test_a_whole_word_is_not_placed_on_part_of_a_longer_word(
    exact: str, new_text: str, stale: bool, expected: str | None, method: str
) -> None:
    old_text = "It was the great war, they said."
    old = selector(old_text, exact)
    if stale:  # the offsets say nothing, so only the text can place it
        old = Selector(0, 3, old.exact, old.prefix, old.suffix)
    result = reanchor(old_text, new_text, old)
    assert result.method == method
    if expected is None:
        assert result == ORPHAN
    else:
        assert placed(new_text, result) == expected
        assert result.start == new_text.rindex(expected)


# Repeated phrases


REFRAIN = "the rains came"
VERSES = [
    "In the first year of the war, when nobody believed it, the rains came late.",
    "In the second year, with the harvest burnt and the wells dry, the rains came early.",
    "In the third year, after the treaty was signed in the capital, the rains came at last.",
]


@pytest.mark.parametrize("occurrence", [0, 1, 2])
def test_a_repeated_phrase_is_matched_by_its_context_after_a_reorder(occurrence: int) -> None:
    old_text = " ".join(VERSES)
    old = selector(old_text, REFRAIN, occurrence)
    reordered = [VERSES[2], VERSES[0], VERSES[1]]
    new_text = "Prologue. " + " ".join(reordered)
    result = reanchor(old_text, new_text, old)
    verse = VERSES[occurrence]
    expected = new_text.index(verse) + verse.index(REFRAIN)
    assert (result.start, result.end) == (expected, expected + len(REFRAIN))
    assert result.method in {"position", "context"}


@pytest.mark.parametrize("occurrence", [0, 1, 2])
def test_a_repeated_phrase_is_matched_by_its_context_when_the_offsets_are_stale(
    occurrence: int,
) -> None:
    # Offsets that point at the wrong place entirely: only the context can tell.
    old_text = " ".join(VERSES)
    good = selector(old_text, REFRAIN, occurrence)
    stale = Selector(0, len(REFRAIN), good.exact, good.prefix, good.suffix)
    result = reanchor(old_text, old_text, stale)
    assert result.start == good.start
    assert result.method == "context"
    assert result.score == 1.0


@pytest.mark.parametrize("occurrence", [1, 3, 4])
def test_among_equally_good_occurrences_the_nearest_to_the_old_offsets_wins(
    occurrence: int,
) -> None:
    old_text = "x. " + "A rose is a rose. " * 6 + "y."
    good = selector(old_text, "rose", occurrence)
    # Offsets a little off, as after an edit the diff could not follow: still the nearest.
    near = Selector(good.start + 3, good.end + 3, good.exact, good.prefix, good.suffix)
    result = reanchor(old_text, old_text, near)
    assert result.start == good.start
    assert result.method == "context"


def test_a_very_common_phrase_is_found_far_away_by_its_context() -> None:
    # More occurrences than are scored nearest first: the one keeping its context is
    # looked for on its own.
    old_text = "A rose is a rose. " * 100 + "Only this rose is blue, they say. " + "Roses. " * 5
    good = selector(old_text, "rose", 200)
    assert good.prefix.endswith("Only this ")
    stale = Selector(0, 4, good.exact, good.prefix, good.suffix)
    result = reanchor(old_text, "Preface. " + old_text, stale)
    assert result.start == good.start + 9
    assert result.method == "context"


def test_an_edit_where_every_word_is_common_is_found_where_the_diff_puts_it() -> None:
    # No word of the passage is rare enough to look it up: only the diff can place it.
    times = [
        "dawn",
        "noon",
        "dusk",
        "night",
        "midnight",
        "morning",
        "evening",
        "sunrise",
        "sunset",
        "teatime",
        "daybreak",
    ]
    old_text = " ".join(f"The ship sailed at {time} and nobody knew why." for time in times)
    old = selector(old_text, "sailed at dusk and nobody", 0)
    new_text = old_text.replace("sailed at dusk and", "sailed at twilight and", 1)
    result = reanchor(old_text, new_text, old)
    assert placed(new_text, result) == "sailed at twilight and nobody"
    assert result.start == old.start
    assert result.method == "fuzzy"


def test_a_repeated_phrase_with_identical_contexts_goes_to_the_nearest() -> None:
    old_text = "x. " + "A rose is a rose. " * 6
    old = selector(old_text, "rose", 5)
    new_text = "Roses. " + old_text  # shifts everything by 7
    result = reanchor(old_text, new_text, old)
    assert result.start == old.start + 7
    assert result.method == "position"


def test_a_unique_quote_found_elsewhere_is_exact_and_a_repeated_one_is_context() -> None:
    old_text = " ".join(VERSES)
    unique = selector(old_text, "treaty was signed in the capital")
    stale_unique = Selector(0, 5, unique.exact, unique.prefix, unique.suffix)
    assert reanchor(old_text, old_text, stale_unique).method == "exact"


# Unicode


@pytest.mark.parametrize(
    ("text", "exact", "edit", "expected"),
    [
        (
            "Le cessez-le-feu débutera à minuit. Les ministres ont évoqué une trêve fragile "
            "à Genève, où l'été s'achève.",
            "une trêve fragile",
            lambda t: "Préambule : " + t,
            "une trêve fragile",
        ),
        (
            "Le cessez-le-feu débutera à minuit. Les ministres ont évoqué une trêve fragile "
            "à Genève, où l'été s'achève.",
            "évoqué une trêve fragile à Genève",
            lambda t: t.replace("fragile", "précaire"),
            "évoqué une trêve précaire à Genève",
        ),
        (
            "We met 👩‍👩‍👧 at the café 🇫🇷 and talked until dawn ☕️. Then we slept 😴 all day.",
            "talked until dawn ☕️",
            lambda t: "🎉🎉 " + t.replace("slept 😴", "rested"),
            "talked until dawn ☕️",
        ),
        (
            "We met 👩‍👩‍👧 at the café 🇫🇷 and talked until dawn ☕️. Then we slept 😴 all day.",
            "👩‍👩‍👧 at the café 🇫🇷 and talked",
            lambda t: t.replace("👩‍👩‍👧", "👩‍👩‍👧‍👦"),
            "👩‍👩‍👧‍👦 at the café 🇫🇷 and talked",
        ),
        (
            "Flags: 🇫🇷🇩🇪 and 🇯🇵, then more words to follow here.",
            "🇩🇪 and 🇯🇵, then",
            lambda t: t.replace("and 🇯🇵, then", "and 🇯🇵 🇮🇹, then"),
            "🇩🇪 and 🇯🇵 🇮🇹, then",
        ),
        (
            "北京是中华人民共和国的首都。上海是中国最大的城市。广州是南方的重要港口。",
            "上海是中国最大的城市",
            lambda t: "前言。" + t,
            "上海是中国最大的城市",
        ),
        (
            "北京是中华人民共和国的首都。上海是中国最大的城市。广州是南方的重要港口。",
            "上海是中国最大的城市",
            lambda t: t.replace("最大", "最繁华"),
            "上海是中国最繁华的城市",
        ),
        (
            # Decomposed accents (NFD): the combining mark must stay with its letter.
            "Cafe\u0301 au lait, cre\u0300me bru\u0302le\u0301e, et the\u0301.",
            "cre\u0300me bru\u0302le\u0301e",
            lambda t: t.replace("bru\u0302le\u0301e", "bru\u0302le\u0301e\u0301"),
            "cre\u0300me bru\u0302le\u0301e\u0301",
        ),
    ],
    ids=[
        "accents-shifted",
        "accents-word-changed",
        "emoji-shifted",
        "emoji-zwj-sequence-changed",
        "flags",
        "cjk-shifted",
        "cjk-word-changed",
        "combining-marks",
    ],
)
def test_unicode_text_reanchors_by_characters(
    text: str, exact: str, edit: Edit, expected: str
) -> None:
    new_text = edit(text)
    result = reanchor(text, new_text, selector(text, exact))
    assert placed(new_text, result) == expected
    assert result.start == new_text.index(expected)


def test_unicode_passage_deleted_is_an_orphan() -> None:
    text = "北京是中华人民共和国的首都。上海是中国最大的城市。广州是南方的重要港口。"
    new_text = text.replace("上海是中国最大的城市。", "")
    assert reanchor(text, new_text, selector(text, "上海是中国最大的城市")) == ORPHAN


# Inputs, batches and the word index


def test_highlights_are_accepted_as_they_come_from_the_store() -> None:
    start = STORY.index(HIGHLIGHTED)
    highlight = Highlight(
        id="abcdefghij",
        document_id="doc",
        start=start,
        end=start + len(HIGHLIGHTED),
        quote=quote_at(STORY, start, start + len(HIGHLIGHTED)),
        color="yellow",
        note="",
        created="2026-11-26T18:00:00Z",
        updated="2026-11-26T18:00:00Z",
    )
    assert Selector.of(highlight) == selector(STORY, HIGHLIGHTED)
    result = reanchor(STORY, "New. " + STORY, highlight)
    assert (result.start, result.method) == (start + 5, "position")


def _batch_texts() -> tuple[str, str, list[Selector]]:
    old_text = "\n\n".join(PARAGRAPHS * 8 + [" ".join(VERSES)])
    new_text = (
        old_text.replace("Aid convoys", "Aid lorries")
        .replace("the rains came early", "the rain came early")
        .replace(PARAGRAPHS[4], "")
    )
    selectors = [
        selector(old_text, exact, occurrence)
        for exact in ("Aid convoys are expected", "Amman", "diplomats said", "the truce")
        for occurrence in range(8)
    ] + [selector(old_text, REFRAIN, occurrence) for occurrence in range(3)]
    return old_text, new_text, selectors


def test_a_batch_gives_what_each_highlight_gives_alone() -> None:
    old_text, new_text, selectors = _batch_texts()
    batch = reanchor_all(old_text, new_text, selectors)
    assert batch == [reanchor(old_text, new_text, s) for s in selectors]
    assert {result.method for result in batch} >= {"position", "fuzzy", "orphan"}


def test_the_word_index_finds_what_scanning_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    old_text, new_text, selectors = _batch_texts()
    monkeypatch.setattr(anchoring, "INDEX_AFTER", 10**9)
    scanned = reanchor_all(old_text, new_text, selectors)
    monkeypatch.setattr(anchoring, "INDEX_AFTER", 0)
    anchorer = Anchorer(old_text, new_text)
    indexed = [anchorer.anchor(s) for s in selectors]
    assert anchorer._index is not None  # the index really was used
    assert indexed == scanned


# Scoring


def test_score_weighs_the_quote_and_each_context() -> None:
    old = selector(STORY, "Aleppo")
    at = STORY.index("Aleppo")

    def score(prefix: str, suffix: str) -> float:
        new_text = STORY[: at - CONTEXT_CHARS] + prefix + "Aleppo" + suffix + STORY[at + 38 :]
        start = len(STORY[: at - CONTEXT_CHARS] + prefix)
        value, similarity = score_at(old, new_text, start, start + 6)
        assert similarity == 1.0
        return value

    other = "zq" * (CONTEXT_CHARS // 2)
    intact = score(old.prefix, old.suffix)
    one_side = [score(other, old.suffix), score(old.prefix, other)]
    neither = score(other, other)
    assert intact == 1.0
    # One context intact keeps even a short quote; none leaves it an orphan.
    assert all(ANCHOR_THRESHOLD <= value < 0.7 for value in one_side)
    assert neither < 0.4
    # The quote's own weight grows with its length: a long verbatim passage needs no context.
    long_quote = selector(STORY, PARAGRAPHS[2][:70])
    start = STORY.index(PARAGRAPHS[2])
    moved = STORY[:start] + other + PARAGRAPHS[2][:70] + other + STORY[start + 70 :]
    assert score_at(long_quote, moved, start + len(other), start + len(other) + 70)[0] > (
        ANCHOR_THRESHOLD
    )


def test_score_of_unrelated_text_is_near_zero() -> None:
    old = selector(STORY, PARAGRAPHS[2][:60])
    start = STORY.index(PARAGRAPHS[4])
    score, similarity = score_at(old, STORY, start, start + 60)
    assert score < 0.2
    assert similarity < QUOTE_THRESHOLD


# The text map


@pytest.mark.parametrize(
    ("old", "new", "offsets"),
    [
        ("abcdef", "abcdef", {0: (0, 0), 3: (3, 3), 6: (6, 6)}),
        ("abcdef", "abcXXdef", {2: (2, 2), 3: (5, 3), 4: (6, 6), 6: (8, 8)}),
        ("abcdef", "abf", {2: (2, 2), 3: (2, 2), 5: (2, 2), 6: (3, 3)}),
        ("abcdef", "XXabcdef", {0: (2, 0), 1: (3, 3)}),
        ("abcdef", "abcdefXX", {6: (8, 6), 5: (5, 5)}),
        ("abcdef", "abQQQQef", {2: (2, 2), 3: (4, 4), 4: (6, 6)}),
    ],
    ids=["same", "insert", "delete", "insert-at-start", "append", "replace-longer"],
)
def test_text_map_carries_offsets(old: str, new: str, offsets: dict[int, tuple[int, int]]) -> None:
    text_map = TextMap.between(old, new)
    for offset, (as_start, as_end) in offsets.items():
        assert text_map.offset(offset, "start") == as_start, offset
        assert text_map.offset(offset, "end") == as_end, offset


def test_text_map_matches_a_long_text_with_scattered_edits_line_by_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Forcing the token levels: no gap is small enough to diff character by character.
    monkeypatch.setattr(textmap, "CHAR_DIFF_CELLS", 0)
    lines = [f"Line {n}: {PARAGRAPHS[n % 5]}\n" for n in range(400)]
    new_lines = list(lines)
    new_lines[10] = "An inserted line.\n" + new_lines[10]
    new_lines[200] = new_lines[200].replace("Monday", "Tuesday")
    del new_lines[390]
    old_text, new_text = "".join(lines), "".join(new_lines)
    text_map = TextMap.between(old_text, new_text)
    for a, b, size in text_map.blocks:
        assert old_text[a : a + size] == new_text[b : b + size]
    unchanged = sum(size for _, _, size in text_map.blocks)
    assert unchanged > len(old_text) - len(lines[390]) - 20
    line_100 = old_text.index(lines[100])
    assert text_map.offset(line_100) == new_text.index(lines[100])


# Properties

ALPHABETS = st.sampled_from(
    ["ab ", "abcde .", "the quick brown fox jumps over a lazy dog.\n", "éø漢字🙂 a"]
)


@st.composite
def texts(draw: st.DrawFn, min_size: int = 1) -> str:
    alphabet = draw(ALPHABETS)
    return draw(st.text(alphabet=alphabet, min_size=min_size, max_size=300))


@st.composite
def untouched_edit(draw: st.DrawFn) -> tuple[str, int, int, str, int]:
    """A text, a highlighted range, and one edit (insert, delete or replace) outside it.

    Returns (old_text, start, end, new_text, where the range truly went)."""
    old_text = draw(texts(min_size=2))
    start = draw(st.integers(0, len(old_text) - 1))
    end = draw(st.integers(start + 1, min(len(old_text), start + 40)))
    before = (draw(st.booleans()) and start > 0) or end == len(old_text)
    if before:
        edit_start = draw(st.integers(0, start))
        edit_end = draw(st.integers(edit_start, start))
    else:
        edit_start = draw(st.integers(end, len(old_text)))
        edit_end = draw(st.integers(edit_start, len(old_text)))
    inserted = draw(texts(min_size=0))
    assume(inserted or edit_end > edit_start)
    new_text = old_text[:edit_start] + inserted + old_text[edit_end:]
    moved_to = start + (len(inserted) - (edit_end - edit_start) if before else 0)
    return old_text, start, end, new_text, moved_to


def _one_edit_apart(a: str, b: str) -> bool:
    """True when `b` is `a` with at most one contiguous stretch replaced."""
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    return head + tail >= min(len(a), len(b))


@settings(max_examples=600, deadline=None)
@given(untouched_edit())
@example(("ab ab", 0, 2, "ab ab ab", 3))  # the inserted copy could be either one
@example(("aab", 1, 2, "ab", 0))
def test_an_untouched_highlight_reanchors_exactly(case: tuple[str, int, int, str, int]) -> None:
    old_text, start, end, new_text, moved_to = case
    old = Selector(start, end, *_quote(old_text, start, end))
    result = reanchor(old_text, new_text, old)
    assert result.start is not None and result.end is not None, result
    assert new_text[result.start : result.end] == old.exact
    if result.start != moved_to:
        # Only acceptable where the text cannot tell: the same one edit explains it.
        before_same = new_text[: result.start] == old_text[:start]
        after_same = new_text[result.end :] == old_text[end:]
        assert (before_same and _one_edit_apart(old_text[end:], new_text[result.end :])) or (
            after_same and _one_edit_apart(old_text[:start], new_text[: result.start])
        ), (result, moved_to)


@st.composite
def far_edits(draw: st.DrawFn) -> tuple[str, int, int, str, int]:
    """An edit before and one after a highlight, each out of reach of its context."""
    words = draw(
        st.lists(
            st.sampled_from(["war", "peace", "snow", "Moscow", "and", "the"]),
            min_size=30,
            max_size=80,
        )
    )
    old_text = " ".join(words)
    start = draw(st.integers(CONTEXT_CHARS + 5, len(old_text) - CONTEXT_CHARS - 10))
    end = draw(st.integers(start + 1, min(start + 30, len(old_text) - CONTEXT_CHARS - 5)))
    first = draw(st.integers(0, start - CONTEXT_CHARS - 1))
    first_end = draw(st.integers(first, min(first + 10, start - CONTEXT_CHARS)))
    second = draw(st.integers(end + CONTEXT_CHARS, len(old_text)))
    second_end = draw(st.integers(second, len(old_text)))
    one, two = draw(texts(min_size=0)), draw(texts(min_size=0))
    new_text = old_text[:first] + one + old_text[first_end:second] + two + old_text[second_end:]
    return old_text, start, end, new_text, start + len(one) - (first_end - first)


@settings(max_examples=300, deadline=None)
@given(far_edits())
def test_edits_beyond_the_context_on_both_sides_keep_the_highlight_exactly(
    case: tuple[str, int, int, str, int],
) -> None:
    old_text, start, end, new_text, moved_to = case
    old = Selector(start, end, *_quote(old_text, start, end))
    result = reanchor(old_text, new_text, old)
    assert result.start is not None and result.end is not None, result
    assert new_text[result.start : result.end] == old.exact
    if result.start != moved_to:
        # Repetitive text: another occurrence with the very same context is as good.
        assert (
            score_at(old, new_text, result.start, result.end)[0]
            >= score_at(old, new_text, moved_to, moved_to + len(old.exact))[0]
        )


@st.composite
def any_edit(draw: st.DrawFn) -> tuple[str, int, int, str]:
    old_text = draw(texts(min_size=1))
    start = draw(st.integers(0, len(old_text) - 1))
    end = draw(st.integers(start + 1, len(old_text)))
    new_text = old_text
    for _ in range(draw(st.integers(1, 3))):
        edit_start = draw(st.integers(0, len(new_text)))
        edit_end = draw(st.integers(edit_start, min(len(new_text), edit_start + 20)))
        new_text = new_text[:edit_start] + draw(texts(min_size=0)) + new_text[edit_end:]
    return old_text, start, end, new_text


@settings(max_examples=600, deadline=None)
@given(any_edit())
def test_any_placement_is_in_bounds_and_resembles_the_quote(
    case: tuple[str, int, int, str],
) -> None:
    old_text, start, end, new_text = case
    old = Selector(start, end, *_quote(old_text, start, end))
    result = reanchor(old_text, new_text, old)
    if result.orphaned:
        assert result == ORPHAN
        return
    assert result.start is not None and result.end is not None
    assert 0 <= result.start < result.end <= len(new_text)
    assert result.score >= ANCHOR_THRESHOLD
    found = new_text[result.start : result.end]
    assert Indel.normalized_similarity(old.exact, found) >= QUOTE_THRESHOLD
    assert result.score == round(score_at(old, new_text, result.start, result.end)[0], 4) or (
        result.score == 1.0 and found == old.exact
    )
    assert (result.method == "fuzzy") == (found != old.exact)


@settings(max_examples=300, deadline=None)
@given(texts(), texts(), st.booleans())
def test_text_map_blocks_are_really_unchanged_and_offsets_keep_order(
    old_text: str, new_text: str, tokens_only: bool
) -> None:
    cells = 0 if tokens_only else textmap.CHAR_DIFF_CELLS
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(textmap, "CHAR_DIFF_CELLS", cells)
        text_map = TextMap.between(old_text, new_text)
    previous = (0, 0)
    for a, b, size in text_map.blocks:
        assert old_text[a : a + size] == new_text[b : b + size]
        assert a >= previous[0] and b >= previous[1]
        previous = (a + size, b + size)
    for side in ("start", "end"):
        mapped = [text_map.offset(offset, side) for offset in range(len(old_text) + 1)]
        assert mapped == sorted(mapped)
        assert all(0 <= offset <= len(new_text) for offset in mapped)


def _quote(text: str, start: int, end: int) -> tuple[str, str, str]:
    quote = quote_at(text, start, end)
    return quote.exact, quote.prefix, quote.suffix
