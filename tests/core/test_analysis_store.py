"""The analysis cache in the store: per document, analyser version and pipeline; derived data."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from sqlite_utils import Database

from reader.core.analysis import (
    Analysis,
    Entity,
    EntityKind,
    Figure,
    Mention,
    Quote,
    analysis_to_dict,
)
from reader.core.errors import StoreError
from reader.core.model.document import Article, ArticleBuilder, BlockKind, Metadata
from reader.core.store.store import MIGRATIONS, Store

STORY = "John Kerry said “we are close” on Sunday. More than 100 people died."
MODEL = "en_core_web_sm 3.8.0"


def article() -> Article:
    builder = ArticleBuilder()
    builder.add(BlockKind.TITLE, "Ceasefire")
    builder.add(BlockKind.PARAGRAPH, STORY)
    return builder.build(Metadata(title="Ceasefire", source="/articles/syria.txt"))


def other_article() -> Article:
    builder = ArticleBuilder()
    builder.add(BlockKind.PARAGRAPH, "A different story altogether.")
    return builder.build()


def analysis_of(text: str, *, version: str = "1", model: str = MODEL) -> Analysis:
    """A hand-made analysis of `text` (with salience values JSON keeps exactly)."""
    kerry = text.index("John Kerry")
    quote = text.index("“we are close”")
    figure = text.index("More than 100")
    return Analysis(
        analyser_version=version,
        model=model,
        entities=(
            Entity(
                id="person-john-kerry",
                name="John Kerry",
                kind=EntityKind.PERSON,
                aliases=(),
                mentions=(Mention(kerry, kerry + 10, "John Kerry"),),
                salience=1.5,
            ),
        ),
        figures=(
            Figure(
                start=figure,
                end=figure + 13,
                text="More than 100",
                value=100.0,
                qualifier="more than",
                unit="",
                counts="people died",
                sentence_start=figure,
                sentence_end=len(text),
            ),
        ),
        quotes=(
            Quote(
                start=quote,
                end=quote + 14,
                text="we are close",
                speaker="John Kerry",
                speaker_id="person-john-kerry",
                speaker_start=kerry,
                speaker_end=kerry + 10,
            ),
        ),
    )


@pytest.fixture
def store() -> Store:
    return Store.memory(clock=lambda: "2026-11-26T18:00:00Z")


@pytest.fixture
def stored(store: Store) -> tuple[str, Analysis]:
    """A stored document and a complete analysis of it (not yet cached)."""
    document = article()
    record = store.add_document(document)
    return record.id, analysis_of(document.text)


def test_a_saved_analysis_comes_back_equal(store: Store, stored: tuple[str, Analysis]) -> None:
    document_id, analysis = stored
    assert store.analysis(document_id, "1", MODEL) is None
    store.save_analysis(document_id, analysis)
    assert store.analysis(document_id, "1", MODEL) == analysis


@pytest.mark.parametrize(
    ("version", "model"),
    [("2", MODEL), ("1", "en_core_web_md 3.8.0"), ("1", "")],
    ids=["other-analyser-version", "other-pipeline", "no-pipeline"],
)
def test_another_version_or_pipeline_misses(
    store: Store, stored: tuple[str, Analysis], version: str, model: str
) -> None:
    document_id, analysis = stored
    store.save_analysis(document_id, analysis)
    assert store.analysis(document_id, version, model) is None


def test_another_document_misses(store: Store, stored: tuple[str, Analysis]) -> None:
    document_id, analysis = stored
    other = store.add_document(other_article())
    store.save_analysis(document_id, analysis)
    assert store.analysis(other.id, "1", MODEL) is None


def test_saving_again_replaces(store: Store, stored: tuple[str, Analysis]) -> None:
    document_id, analysis = stored
    store.save_analysis(document_id, analysis)
    changed = replace(analysis, quotes=())
    store.save_analysis(document_id, changed)
    assert store.analysis(document_id, "1", MODEL) == changed
    rows = store.db.execute("SELECT COUNT(*) FROM analyses").fetchone()[0]
    assert rows == 1


def test_a_new_analyser_version_replaces_the_old_result(
    store: Store, stored: tuple[str, Analysis]
) -> None:
    document_id, analysis = stored
    store.save_analysis(document_id, analysis)
    newer = replace(analysis, analyser_version="2")
    store.save_analysis(document_id, newer)
    assert store.analysis(document_id, "2", MODEL) == newer
    assert store.analysis(document_id, "1", MODEL) is None


def test_each_pipeline_keeps_its_own_result(store: Store, stored: tuple[str, Analysis]) -> None:
    document_id, analysis = stored
    other = replace(analysis, model="en_core_web_md 3.8.0", quotes=())
    store.save_analysis(document_id, analysis)
    store.save_analysis(document_id, other)
    assert store.analysis(document_id, "1", MODEL) == analysis
    assert store.analysis(document_id, "1", "en_core_web_md 3.8.0") == other


def test_an_incomplete_analysis_is_refused(store: Store, stored: tuple[str, Analysis]) -> None:
    document_id, analysis = stored
    with pytest.raises(ValueError, match="complete"):
        store.save_analysis(document_id, replace(analysis, complete=False, done=0.5))
    assert store.analysis(document_id, "1", MODEL) is None
    assert store.db.execute("SELECT COUNT(*) FROM analyses").fetchone()[0] == 0


def test_an_analysis_of_an_unknown_document_is_refused(store: Store) -> None:
    with pytest.raises(StoreError):
        store.save_analysis("no-such-document", analysis_of(STORY))
    assert store.db.execute("SELECT COUNT(*) FROM analyses").fetchone()[0] == 0


@pytest.mark.parametrize(
    "result",
    [
        "{not json",
        "",
        "null",
        "[]",
        "{}",
        '{"analyser_version": "1", "model": "m"}',
        '{"analyser_version": "1", "model": "m", "entities": null, "figures": [], "quotes": []}',
        '{"analyser_version": "1", "model": "m", "figures": [], "quotes": [], "entities": '
        '[{"id": "x", "name": "X", "kind": "wizard", "aliases": [], "mentions": [], '
        '"salience": 1}]}',
        '{"analyser_version": "1", "model": "m", "entities": [], "quotes": [], "figures": '
        '[{"text": "5", "value": "five", "qualifier": "", "unit": "", "counts": "", '
        '"start": 0, "end": 1, "sentence_start": 0, "sentence_end": 1}]}',
    ],
    ids=[
        "bad-json",
        "empty",
        "null",
        "list",
        "empty-object",
        "missing-lists",
        "null-list",
        "unknown-kind",
        "bad-value",
    ],
)
def test_a_damaged_cache_row_reads_as_absent(
    store: Store, stored: tuple[str, Analysis], result: str
) -> None:
    document_id, analysis = stored
    store.save_analysis(document_id, analysis)
    store.db.execute("UPDATE analyses SET result = ?", [result])
    store.db.conn.commit()
    assert store.analysis(document_id, "1", MODEL) is None
    # A fresh result replaces the damaged one.
    store.save_analysis(document_id, analysis)
    assert store.analysis(document_id, "1", MODEL) == analysis


def test_a_row_marked_incomplete_reads_as_absent(
    store: Store, stored: tuple[str, Analysis]
) -> None:
    document_id, analysis = stored
    store.save_analysis(document_id, analysis)
    data = {**analysis_to_dict(analysis), "complete": False}
    store.db.execute("UPDATE analyses SET result = ?", [json.dumps(data)])
    store.db.conn.commit()
    assert store.analysis(document_id, "1", MODEL) is None


def test_any_salience_comes_back_equal(store: Store, stored: tuple[str, Analysis]) -> None:
    document_id, analysis = stored
    (entity,) = analysis.entities
    analysis = replace(analysis, entities=(replace(entity, salience=1 / 3),))
    store.save_analysis(document_id, analysis)
    assert store.analysis(document_id, "1", MODEL) == analysis


def test_the_cache_row_is_the_dict_form(store: Store, stored: tuple[str, Analysis]) -> None:
    document_id, analysis = stored
    store.save_analysis(document_id, analysis)
    row = store.db.execute(
        "SELECT document_id, analyser_version, model, result, created FROM analyses"
    ).fetchone()
    assert row[:3] == (document_id, "1", MODEL)
    assert json.loads(row[3]) == analysis_to_dict(analysis)
    assert row[4] == "2026-11-26T18:00:00Z"


# Migration


def test_an_older_store_gains_the_analyses_table(tmp_path: Path) -> None:
    path = tmp_path / "reader.db"
    old = Database(sqlite3.connect(path))
    MIGRATIONS.apply(old, stop_before="create_analyses")
    assert "analyses" not in old.table_names()
    assert "documents" in old.table_names()
    old.conn.close()

    with Store(path) as store:
        assert "analyses" in store.db.table_names()
        assert "create_analyses" in {m.name for m in MIGRATIONS.applied(store.db)}
        columns = {column.name for column in store.db["analyses"].columns}
        assert columns == {"document_id", "analyser_version", "model", "result", "created"}
        record = store.add_document(article())
        store.save_analysis(record.id, analysis_of(article().text))
    with Store(path) as store:
        assert store.analysis(record.id, "1", MODEL) == analysis_of(article().text)


def test_a_new_store_has_the_analyses_table(tmp_path: Path) -> None:
    with Store(tmp_path / "fresh.db") as store:
        assert "analyses" in store.db.table_names()
        assert not MIGRATIONS.pending(store.db)
