"""`reader highlight`, `reader export --format csv | --all`, analysis in exports, `--at`."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from reader.cli import main
from reader.core.loaders import load_path
from reader.core.store.store import Store
from tests.test_cli import run_reader


def stored_highlights(db: Path) -> list[tuple[str, str, str]]:
    with Store(db) as store:
        (summary,) = store.documents()
        return [(h.quote.exact, h.color, h.note) for h in store.highlights(summary.record.id)]


def test_highlight_by_quoting_records_it_and_prints_its_id(
    sample_path: Path, isolated_db: Path
) -> None:
    result = run_reader(
        "highlight",
        str(sample_path),
        'a "provisional agreement" on',
        "--note",
        "#ceasefire key term",
        "--color",
        "green",
        db=isolated_db,
    )
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.strip()) == 10  # the new id
    assert stored_highlights(isolated_db) == [
        ("a “provisional agreement” on", "green", "#ceasefire key term")
    ]


def test_highlight_of_absent_or_repeated_words_is_one_sentence(
    sample_path: Path, isolated_db: Path
) -> None:
    absent = run_reader("highlight", str(sample_path), "peace at last", db=isolated_db)
    assert absent.returncode == 1
    assert absent.stderr == "reader: “peace at last” is not in the article.\n"
    repeated = run_reader("highlight", str(sample_path), "Kerry said", db=isolated_db)
    assert repeated.returncode == 1
    assert "times; choose one with --occurrence 1 to" in repeated.stderr
    assert "Traceback" not in repeated.stderr
    chosen = run_reader(
        "highlight", str(sample_path), "Kerry said", "--occurrence", "2", db=isolated_db
    )
    assert chosen.returncode == 0, chosen.stderr
    article = load_path(sample_path)
    with Store(isolated_db) as store:
        (summary,) = store.documents()
        (highlight,) = store.highlights(summary.record.id)
    first = article.text.index("Kerry said")
    assert highlight.start == article.text.index("Kerry said", first + 1)


def test_export_csv_in_readwise_columns(sample_path: Path, isolated_db: Path) -> None:
    assert main(["--db", str(isolated_db), "highlight", str(sample_path), "62 people died"]) == 0
    result = run_reader("export", str(sample_path), "--format", "csv", db=isolated_db)
    assert result.returncode == 0, result.stderr
    table = list(csv.reader(io.StringIO(result.stdout, newline="")))
    assert table[0] == ["Highlight", "Title", "Author", "URL", "Note", "Location", "Date", "Color"]
    assert table[1][0] == "62 people died"
    assert table[1][1].startswith("ISIS Unleashes Attacks")


def test_markdown_export_carries_the_analysis_unless_asked_not_to(
    sample_path: Path, isolated_db: Path
) -> None:
    assert main(["--db", str(isolated_db), "highlight", str(sample_path), "62 people died"]) == 0
    with_analysis = run_reader("export", str(sample_path), db=isolated_db)
    assert with_analysis.returncode == 0, with_analysis.stderr
    assert "## Entities" in with_analysis.stdout
    assert "**John Kerry** (4 mentions; also Kerry)" in with_analysis.stdout
    assert "## Figures" in with_analysis.stdout and "## Quotes" in with_analysis.stdout
    without = run_reader("export", str(sample_path), "--no-analysis", db=isolated_db)
    assert "## Entities" not in without.stdout
    assert "62 people died" in without.stdout


def test_export_all_writes_a_folder_and_rerunning_changes_nothing(
    sample_path: Path, isolated_db: Path, tmp_path: Path
) -> None:
    assert main(["--db", str(isolated_db), "highlight", str(sample_path), "62 people died"]) == 0
    vault = tmp_path / "vault"
    first = run_reader("export", "--all", str(vault), "--no-analysis", db=isolated_db)
    assert first.returncode == 0, first.stderr
    assert "1 written, 0 unchanged" in first.stderr
    (note_file,) = vault.iterdir()
    assert "62 people died" in note_file.read_text(encoding="utf-8")
    again = run_reader("export", "--all", str(vault), "--no-analysis", db=isolated_db)
    assert "0 written, 1 unchanged" in again.stderr


def test_export_needs_an_article_or_all(isolated_db: Path) -> None:
    result = run_reader("export", db=isolated_db)
    assert result.returncode == 1
    assert result.stderr == (
        "reader: Give the ARTICLE to export, or --all DIR for every document.\n"
    )


def test_at_sets_the_place_to_the_highlight(sample_path: Path, isolated_db: Path) -> None:
    assert main(["--db", str(isolated_db), "highlight", str(sample_path), "62 people died"]) == 0
    with Store(isolated_db) as store:
        (summary,) = store.documents()
        (highlight,) = store.highlights(summary.record.id)
    from reader.core.library import place_at_highlight

    with Store(isolated_db) as store:
        place_at_highlight(store, summary.record.id, "^" + highlight.id[:5])
        assert store.position(summary.record.id) == highlight.start
    unknown = run_reader(str(sample_path), "--at", "zzzzzz", db=isolated_db)
    assert unknown.returncode == 1
    assert unknown.stderr == "reader: The article has no highlight with the id zzzzzz.\n"


def test_an_unknown_colour_is_refused_with_the_valid_ones_and_nothing_is_stored(
    sample_path: Path, isolated_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Fails on the old code: "orange" was stored, exported as orange and drawn yellow.
    config = tmp_path / "config.toml"
    config.write_text('[colors]\nyellow = "important"\nblue = "question"\n', encoding="utf-8")
    monkeypatch.setenv("READER_CONFIG", str(config))
    result = run_reader(
        "highlight", str(sample_path), "62 people died", "--color", "orange", db=isolated_db
    )
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert "“orange” is not a highlight colour" in result.stderr
    assert "yellow, green, blue, pink or purple" in result.stderr
    assert "important = yellow, question = blue" in result.stderr
    assert not isolated_db.exists() or not Store(isolated_db).documents()


def test_a_label_names_its_colour_and_exports_show_the_label(
    sample_path: Path, isolated_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[colors]\nblue = "question"\n', encoding="utf-8")
    monkeypatch.setenv("READER_CONFIG", str(config))
    made = run_reader(
        "highlight", str(sample_path), "62 people died", "--color", "Question", db=isolated_db
    )
    assert made.returncode == 0, made.stderr
    assert stored_highlights(isolated_db) == [("62 people died", "blue", "")]
    markdown = run_reader("export", str(sample_path), "--no-analysis", db=isolated_db)
    assert "· question (blue)*" in markdown.stdout
    table = list(
        csv.reader(
            io.StringIO(
                run_reader("export", str(sample_path), "--format", "csv", db=isolated_db).stdout
            )
        )
    )
    assert table[0][-1] == "Color"
    assert table[1][-1] == "question (blue)"


@pytest.mark.parametrize("export_format", ["json", "csv"])
def test_export_all_refuses_a_format_it_does_not_write(
    isolated_db: Path, tmp_path: Path, export_format: str
) -> None:
    # Fails on the old code: --all wrote Markdown files whatever --format said.
    vault = tmp_path / "vault"
    result = run_reader("export", "--all", str(vault), "--format", export_format, db=isolated_db)
    assert result.returncode == 1
    assert result.stderr == (
        f"reader: --all writes Markdown files, not {export_format}; export {export_format} one "
        f"article at a time: reader export ARTICLE --format {export_format}.\n"
    )
    assert not vault.exists()
