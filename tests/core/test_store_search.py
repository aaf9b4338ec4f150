"""Full-text search over every highlight and note: indexed as written, ranked, never broken.

Real SQLite files through `Store(path)` where durability or upgrading matters, the in-memory
store elsewhere; both use the same FTS5 tables, made by the `enable_search` migration.
"""

from __future__ import annotations

import itertools
import re
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlite_utils import Database

from reader.core.errors import StoreError
from reader.core.model.document import Article, ArticleBuilder, BlockKind, Metadata
from reader.core.store.fulltext import (
    PREFIX_MIN_LENGTH,
    SNIPPET_CLOSE,
    SNIPPET_OPEN,
    SearchHit,
    match_expression,
    search_file,
)
from reader.core.store.store import KNOWN_MIGRATIONS, MIGRATIONS, Store

STORY = (
    "The ceasefire begins at midnight. Both sides agreed to a provisional agreement on aid. "
    "Convoys reached the café district of Aleppo before dawn."
)


def ticking_clock() -> Callable[[], str]:
    seconds = itertools.count()
    base = datetime(2026, 11, 26, 18, 0, 0, tzinfo=UTC)
    return lambda: (base + timedelta(seconds=next(seconds))).strftime("%Y-%m-%dT%H:%M:%SZ")


def article(title: str = "Ceasefire", body: str = STORY) -> Article:
    builder = ArticleBuilder()
    builder.add(BlockKind.TITLE, title)
    builder.add(BlockKind.PARAGRAPH, body)
    return builder.build(Metadata(title=title, source=f"/articles/{title}.txt"))


def span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


@pytest.fixture
def store() -> Store:
    return Store.memory(clock=ticking_clock())


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "reader.db"


def ids(hits: list[SearchHit]) -> list[str]:
    return [hit.id for hit in hits]


# What a hit holds


def test_a_highlight_is_found_by_its_passage_and_by_its_note(store: Store) -> None:
    document = store.add_document(article())
    text = article().text
    start, end = span(text, "provisional agreement")
    made = store.add_highlight(document.id, start, end, note="Key term: [[Syria]] talks")
    for query in ("provisional", "talks", "syria key", '"provisional agreement"'):
        assert ids(store.search(query)) == [made.id], query
    [hit] = store.search("agreement")
    assert hit == SearchHit(
        document_id=document.id,
        title="Ceasefire",
        kind="highlight",
        id=made.id,
        exact="provisional agreement",
        note="Key term: [[Syria]] talks",
        snippet=hit.snippet,
        marks=hit.marks,
        start=start,
        end=end,
        rank=hit.rank,
    )
    assert hit.snippet == "provisional [agreement]"
    assert [hit.snippet[a:b] for a, b in hit.marks] == ["agreement"]
    assert text[hit.start : hit.end] == hit.exact
    assert hit.rank < 0  # bm25 as SQLite gives it: lower is better


def test_a_document_note_is_a_hit_without_a_passage(store: Store) -> None:
    document = store.add_document(article())
    note = store.add_document_note(document.id, "Check the casualty figures against the UN.")
    [hit] = store.search("casualty")
    assert (hit.kind, hit.id, hit.document_id, hit.title) == (
        "note",
        note.id,
        document.id,
        "Ceasefire",
    )
    assert (hit.exact, hit.note, hit.start, hit.end) == ("", note.text, None, None)
    assert hit.snippet == f"Check the {SNIPPET_OPEN}casualty{SNIPPET_CLOSE} figures against the UN."


def test_brackets_in_the_text_never_pass_for_match_marks(store: Store) -> None:
    document = store.add_document(article())
    store.add_highlight(document.id, 4, 13, note="see [[Syria]] and [x]")
    [hit] = store.search("syria")
    assert hit.snippet.startswith("see [[[Syria]]]")
    assert [hit.snippet[a:b] for a, b in hit.marks] == ["Syria"]


def test_search_spans_every_document(store: Store) -> None:
    first = store.add_document(article("Ceasefire"))
    second = store.add_document(article("Aid convoys", "Aid convoys crossed at dawn."))
    store.add_highlight(first.id, 0, 12, note="dawn raid")
    store.add_highlight(second.id, 0, 11, note="dawn crossing")
    store.add_document_note(second.id, "At dawn, again.")
    hits = store.search("dawn")
    assert {(hit.title, hit.kind) for hit in hits} == {
        ("Ceasefire", "highlight"),
        ("Aid convoys", "highlight"),
        ("Aid convoys", "note"),
    }


# Kept in step with every write


def test_a_new_highlight_is_searchable_at_once_from_another_connection(db_path: Path) -> None:
    with Store(db_path) as writer, Store(db_path) as reader:
        document = writer.add_document(article())
        made = writer.add_highlight(document.id, 4, 13, note="midnight deadline")
        assert ids(reader.search("deadline")) == [made.id]
        note = writer.add_document_note(document.id, "Deadline moved.")
        assert set(ids(reader.search("deadline"))) == {made.id, note.id}
    with Store(db_path) as again:
        assert set(ids(again.search("deadline"))) == {made.id, note.id}


def test_an_edited_note_is_indexed_again(store: Store) -> None:
    document = store.add_document(article())
    made = store.add_highlight(
        document.id, *span(article().text, "ceasefire begins"), note="first thought"
    )
    note = store.add_document_note(document.id, "An early draft.")
    store.set_highlight_note(made.id, "second opinion")
    store.update_document_note(note.id, "A final version.")
    assert store.search("thought") == []
    assert store.search("draft") == []
    assert ids(store.search("opinion")) == [made.id]
    assert ids(store.search("final")) == [note.id]
    assert ids(store.search("ceasefire")) == [made.id]  # the passage is still indexed
    store.set_highlight_note(made.id, "")
    assert store.search("opinion") == []


def test_recolouring_neither_loses_nor_doubles_a_hit(store: Store) -> None:
    document = store.add_document(article())
    made = store.add_highlight(document.id, 4, 13, note="truce")
    store.set_highlight_color(made.id, "blue")
    store.set_highlight_color(made.id, "green")
    assert ids(store.search("truce")) == [made.id]


def test_deleted_highlights_and_notes_are_no_longer_found(db_path: Path) -> None:
    with Store(db_path) as store:
        document = store.add_document(article())
        made = store.add_highlight(document.id, 4, 13, note="truce")
        kept = store.add_highlight(document.id, 20, 30, note="truce kept")
        note = store.add_document_note(document.id, "truce notes")
        store.delete_highlight(made.id)
        store.delete_document_note(note.id)
        assert ids(store.search("truce")) == [kept.id]
        stale = store.db.execute(
            "SELECT count(*) FROM highlights_fts WHERE highlights_fts MATCH 'truce'"
        ).fetchone()[0]
        assert stale == 1  # gone from the index itself, not only filtered out


# Ranking


def test_more_occurrences_rank_higher(store: Store) -> None:
    document = store.add_document(article())
    once = store.add_highlight(document.id, 0, 10, note="aid was mentioned and then other things")
    thrice = store.add_highlight(document.id, 10, 20, note="aid, aid and more aid for them all")
    assert ids(store.search("aid")) == [thrice.id, once.id]


def test_rarer_words_weigh_more(store: Store) -> None:
    document = store.add_document(article())
    for index in range(8):  # "convoy" is common, "blockade" rare
        store.add_highlight(document.id, index, index + 5, note=f"convoy filler {index}")
    rare_twice = store.add_highlight(document.id, 30, 40, note="blockade blockade convoy xx yy zz")
    common_twice = store.add_highlight(document.id, 40, 50, note="convoy convoy blockade xx yy zz")
    assert ids(store.search("blockade convoy"))[:2] == [rare_twice.id, common_twice.id]


def test_a_short_note_beats_a_long_one_for_the_same_word(store: Store) -> None:
    document = store.add_document(article())
    long = store.add_highlight(document.id, 0, 10, note="siege " + "words " * 60)
    short = store.add_highlight(document.id, 10, 20, note="siege lifted")
    assert ids(store.search("siege")) == [short.id, long.id]


def test_a_word_in_nearly_every_note_is_ranked_among_its_newest_matches(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Fails on the old code, which scored every match (all 93,559 of "the" over 100,000
    # notes, 181 ms): the best "the" there would be the oldest, most repetitive note.
    import reader.core.store.fulltext as fulltext

    monkeypatch.setattr(fulltext, "RANKED", 4)
    document = store.add_document(article())
    oldest_best = store.add_highlight(document.id, 0, 10, note="the the the the the")
    made = [store.add_highlight(document.id, i, i + 5, note=f"the note {i}") for i in range(6)]
    found = ids(store.search("the"))
    assert oldest_best.id not in found
    assert set(found) == {highlight.id for highlight in made[-4:]}
    # Fewer matches than that are all ranked, as before.
    monkeypatch.setattr(fulltext, "RANKED", 10)
    assert ids(store.search("the"))[0] == oldest_best.id


def test_limit_keeps_the_best(store: Store) -> None:
    document = store.add_document(article())
    made = [
        store.add_highlight(document.id, i, i + 4, note="relief " * (i + 1) + "x " * 10)
        for i in range(6)
    ]
    best = store.search("relief", limit=2)
    assert ids(best) == [made[5].id, made[4].id]
    assert len(store.search("relief")) == 6
    assert [hit.rank for hit in store.search("relief")] == sorted(
        hit.rank for hit in store.search("relief")
    )
    with pytest.raises(ValueError, match="at least one"):
        store.search("relief", limit=0)


def test_notes_and_highlights_are_ranked_together(store: Store) -> None:
    document = store.add_document(article())
    weak = store.add_highlight(document.id, 0, 10, note="shelling " + "filler " * 40)
    strong = store.add_document_note(document.id, "shelling shelling shelling")
    assert ids(store.search("shelling")) == [strong.id, weak.id]
    assert ids(store.search("shelling", limit=1)) == [strong.id]


# Queries as people type them


def test_words_match_in_any_order_and_all_must_match(store: Store) -> None:
    document = store.add_document(article())
    both = store.add_highlight(document.id, 0, 10, note="water and bread")
    store.add_highlight(document.id, 10, 20, note="only water")
    assert ids(store.search("bread water")) == [both.id]


def test_a_quoted_phrase_must_match_in_order(store: Store) -> None:
    document = store.add_document(article())
    phrase = store.add_highlight(document.id, 0, 10, note="the old prince spoke")
    store.add_highlight(document.id, 10, 20, note="the prince was old")
    assert ids(store.search('"old prince"')) == [phrase.id]
    assert len(store.search("old prince")) == 2


def test_the_last_word_matches_as_a_prefix(store: Store) -> None:
    document = store.add_document(article())
    made = store.add_highlight(document.id, 0, 10, note="negotiations resumed")
    assert ids(store.search("negot")) == [made.id]
    assert ids(store.search("resumed negot")) == [made.id]
    assert store.search("negot ") == []  # a finished word: no prefix
    assert store.search("negot resumed") == []  # only the last word
    assert ids(store.search('"negotiations res')) == [made.id]  # an unclosed phrase
    assert store.search("ne") == []  # too short to expand


def test_accents_and_case_are_ignored(store: Store) -> None:
    document = store.add_document(article())
    start, end = span(article().text, "café district")
    made = store.add_highlight(document.id, start, end, note="Natásha’s crème brûlée")
    for query in ("cafe", "CAFÉ", "natasha", "NATÁSHA", "creme brulee", "Crème"):
        assert ids(store.search(query)) == [made.id], query


@pytest.mark.parametrize(
    "query",
    [
        '"unbalanced',
        "AND OR (",
        "-foo*",
        "NEAR(a b, 2)",
        "note: agreement",
        "exact:agreement",
        "{exact note}: x",
        "^start",
        "a + b",
        '""',
        '"',
        "*",
        "NOT",
        "agree' OR 1=1 --",
        "x\0y",
        "\udcff\udcfe",
        "( ( ( ( (",
        ")",
        "'",
        "`",
        "a" * 5000,
        " ".join(["word"] * 500),
    ],
    ids=[
        "unbalanced-quote",
        "operators",
        "minus-star",
        "near",
        "column-filter",
        "column-filter-tight",
        "column-set",
        "caret",
        "plus",
        "empty-phrase",
        "lone-quote",
        "star",
        "not",
        "sql-injection",
        "nul",
        "surrogates",
        "parens",
        "close-paren",
        "apostrophe",
        "backtick",
        "huge-word",
        "many-words",
    ],
)
def test_hostile_queries_never_raise(store: Store, query: str) -> None:
    document = store.add_document(article())
    store.add_highlight(document.id, 0, 10, note="agreement NOT reached; start over AND again")
    assert isinstance(store.search(query), list)


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("AND", True),  # searched as the word "and", not an operator
        ("NOT", True),
        ("agreement NOT", True),
        ("-agreement*", True),
        ("note: agreement", False),  # "note" is a word here, not a column filter
        ("(agreement)", True),
        ('"agreement', True),
        ("  ", False),
        ("", False),
        ("(( )) --", False),
    ],
    ids=[
        "and",
        "not",
        "word-not",
        "minus-star",
        "column-filter",
        "parens",
        "unclosed",
        "blank",
        "empty",
        "punctuation",
    ],
)
def test_syntax_characters_are_searched_as_text(store: Store, query: str, found: bool) -> None:
    document = store.add_document(article())
    made = store.add_highlight(
        document.id, 0, 10, note="agreement NOT reached; start over AND again"
    )
    assert ids(store.search(query)) == ([made.id] if found else [])


@pytest.mark.parametrize(
    ("query", "expression"),
    [
        ("ceasefire", '"ceasefire"*'),
        ("ceasefire ", '"ceasefire"'),
        ("cease fire", '"cease" "fire"*'),
        ('"provisional agreement"', '"provisional agreement"'),
        ('"provisional agr', '"provisional agr"*'),
        ('"provisional ag', '"provisional ag"'),
        ("AND OR (", '"AND" "OR"'),
        ("-foo*", '"-foo*"*'),
        ("don't", '"don\'t"'),
        ("a b", '"a" "b"'),
        ("( ) * -", ""),
        ("x\0y", '"x" "y"'),
        ("\udcff", ""),
    ],
    ids=[
        "word-prefix",
        "finished-word",
        "words",
        "phrase",
        "unclosed-phrase",
        "unclosed-short",
        "operators",
        "minus-star",
        "apostrophe-short-last-token",
        "short-words",
        "no-words",
        "nul",
        "surrogate",
    ],
)
def test_match_expression(query: str, expression: str) -> None:
    assert match_expression(query) == expression
    assert PREFIX_MIN_LENGTH == 3


NOTE_ALPHABET = st.characters(categories=("Lu", "Ll", "Nd")) | st.sampled_from(
    " \t\n.,;:!?'\"()[]{}-+*/^=<>«»¿¡·—–…\u00a0\u3000"
)
"""Letters and digits of any script, and separators SQLite knows: its unicode61 tables date
from Unicode 6.1, so punctuation added since (say U+1144B) counts there as part of a word."""


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(query=st.text(max_size=80))
def test_any_text_as_a_query_never_raises(query: str) -> None:
    with Store.memory() as store:
        document = store.add_document(article())
        store.add_highlight(document.id, 0, 10, note="agreement on aid")
        store.add_document_note(document.id, 'A "quoted" note (with AND/OR) -x*')
        hits = store.search(query)
    assert all(isinstance(hit, SearchHit) for hit in hits)
    assert match_expression(query) or hits == []


@settings(max_examples=150, deadline=None)
@given(note=st.text(NOTE_ALPHABET, min_size=1, max_size=60), data=st.data())
def test_every_word_of_a_note_finds_it(note: str, data: st.DataObject) -> None:
    words = re.findall(r"[^\W_]+", note)
    if not words:
        return
    word = data.draw(st.sampled_from(words))
    with Store.memory() as store:
        document = store.add_document(article())
        made = store.add_highlight(document.id, 0, 10, note=note)
        assert made.id in ids(store.search(word)), (note, word)
        assert made.id in ids(store.search(f'"{word}" ')), (note, word)


# Upgrading an existing store


def make_old_store(path: Path) -> tuple[str, list[str]]:
    """A store file as the previous version made it (no search index), with annotations."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = Database(path)
    MIGRATIONS.apply(db, stop_before="enable_search")
    text = article().text
    document_id = article().content_hash
    db.execute(
        "INSERT INTO documents (id, title, source, format, metadata, text, length, added, "
        "last_opened, structure) VALUES (?, 'Old story', '-', 'text', '{}', ?, ?, 't', 't', '')",
        [document_id, text, len(text)],
    )
    db.execute(
        'INSERT INTO highlights (id, document_id, exact, prefix, suffix, start, "end", color, '
        "note, created, updated) VALUES "
        "('h1', ?, 'ceasefire', '', '', 4, 13, 'yellow', 'an old remark about truce', 't', 't'),"
        "('h2', ?, 'midnight', '', '', 24, 32, 'blue', '', 't', 't')",
        [document_id, document_id],
    )
    db.execute(
        "INSERT INTO document_notes (id, document_id, text, created, updated) "
        "VALUES ('n1', ?, 'Truce held overnight.', 't', 't')",
        [document_id],
    )
    db.conn.commit()
    db.close()
    return document_id, ["h1", "h2", "n1"]


def test_an_older_store_is_upgraded_and_its_rows_are_searchable(db_path: Path) -> None:
    document_id, _ = make_old_store(db_path)
    assert search_file(db_path, "truce") is None  # no index yet: the quick path declines
    with Store(db_path) as store:
        applied = [migration.name for migration in MIGRATIONS.applied(store.db)]
        assert applied == KNOWN_MIGRATIONS
        assert set(ids(store.search("truce"))) == {"h1", "n1"}
        assert ids(store.search("midnight")) == ["h2"]
        assert {hit.title for hit in store.search("truce")} == {"Old story"}
        made = store.add_highlight(document_id, 0, 3, note="a fresh truce")
        store.set_highlight_note("h1", "rewritten")
        assert set(ids(store.search("truce"))) == {made.id, "n1"}
    quick = search_file(db_path, "truce")
    assert quick is not None and set(ids(quick)) == {made.id, "n1"}


def test_the_search_migration_makes_the_index_and_its_triggers(db_path: Path) -> None:
    with Store(db_path) as store:
        tables = set(store.db.table_names())
        assert {"highlights_fts", "document_notes_fts"} <= tables
        triggers = {
            row[0]
            for row in store.db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        }
        assert triggers >= {
            f"{table}_{suffix}"
            for table in ("highlights", "document_notes")
            for suffix in ("ai", "ad", "au")
        }
        schema = store.db.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'highlights_fts'"
        ).fetchone()[0]
        assert "remove_diacritics 2" in schema and "content=highlights" in schema.replace('"', "")


# The quick path for the command line


def test_the_quick_path_answers_as_the_store_does(db_path: Path) -> None:
    with Store(db_path) as store:
        document = store.add_document(article())
        for index in range(5):
            store.add_highlight(document.id, index, index + 8, note=f"aid {'aid ' * index}")
        store.add_document_note(document.id, "aid aid")
        expected = store.search("aid", limit=4)
    assert search_file(db_path, "aid", limit=4) == expected
    assert search_file(db_path, "") == []


def test_the_quick_path_declines_what_it_cannot_read(tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"
    assert search_file(missing, "aid") is None
    assert not missing.exists()  # never created
    garbage = tmp_path / "notes.txt"
    garbage.write_bytes(b"not a database\n" * 100)
    assert search_file(garbage, "aid") is None
    assert garbage.read_bytes() == b"not a database\n" * 100
    other = tmp_path / "other.sqlite"
    connection = sqlite3.connect(other)
    connection.execute("CREATE TABLE things (x)")
    connection.commit()
    connection.close()
    assert search_file(other, "aid") is None
    assert search_file(tmp_path, "aid") is None  # a folder


def test_the_quick_path_never_writes(db_path: Path) -> None:
    with Store(db_path) as store:
        document = store.add_document(article())
        store.add_highlight(document.id, 0, 5, note="aid")
    before = db_path.read_bytes()
    assert search_file(db_path, "aid") is not None
    assert db_path.read_bytes() == before


def test_a_closed_store_says_so(store: Store) -> None:
    store.close()
    with pytest.raises(StoreError, match="has been closed"):
        store.search("aid")
