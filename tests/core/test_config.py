"""The settings file: the spaCy model and the labels of the highlight colours."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.config import ConfigError, Settings, load_settings


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_file_means_defaults(tmp_path: Path) -> None:
    settings = load_settings(tmp_path / "absent.toml")
    assert settings == Settings()
    assert settings.colors == {}
    assert settings.label("yellow") == "yellow"


def test_colour_labels_are_read_and_trimmed(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '[colors]\nyellow = "important"\nblue = " question "\ngreen = "evidence"\n',
    )
    settings = load_settings(path)
    assert settings.colors == {"yellow": "important", "blue": "question", "green": "evidence"}
    assert settings.label("blue") == "question"
    assert settings.label("pink") == "pink"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('colors = "yellow"\n', "must be a table"),
        ('[colors]\norange = "odd"\n', "colors.orange is not a highlight colour"),
        ("[colors]\nyellow = 3\n", "colors.yellow must be a label on one line"),
        ('[colors]\nyellow = "  "\n', "colors.yellow must be a label on one line"),
        ('[colors]\nyellow = "two\\nlines"\n', "colors.yellow must be a label on one line"),
        (f'[colors]\nyellow = "{"x" * 41}"\n', "longer than 40 characters"),
    ],
    ids=["not-a-table", "unknown-colour", "not-text", "blank", "two-lines", "too-long"],
)
def test_bad_colour_tables_are_refused_with_a_sentence(
    tmp_path: Path, text: str, fragment: str
) -> None:
    with pytest.raises(ConfigError, match=fragment):
        load_settings(write(tmp_path, text))


def test_model_and_colours_together(tmp_path: Path) -> None:
    path = write(tmp_path, 'model = "en_core_web_md"\n[colors]\npurple = "idea"\n')
    assert load_settings(path) == Settings(model="en_core_web_md", colors={"purple": "idea"})
