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


def test_keys_are_read_and_written_as_textual_writes_them(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "[keys]\n"
        'highlight-selection = "ctrl+k"\n'
        'quit = "ctrl+q, q"\n'
        'line-up = "Shift+Ctrl+Up,k,k"\n'
        'help = "F1"\n'
        'search = "?"\n'
        'contents = "T"\n',
    )
    settings = load_settings(path)
    assert settings.keys == {
        "highlight-selection": "ctrl+k",
        "quit": "ctrl+q,q",
        "line-up": "ctrl+shift+up,k",
        "help": "f1",
        "search": "?",
        "contents": "T",
    }
    assert settings.path == path


def test_no_keys_table_means_no_keymap(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, 'model = "en_core_web_md"\n'))
    assert settings.keys == {}
    assert load_settings(tmp_path / "absent.toml").path is None


def test_the_file_a_setting_came_from_does_not_make_settings_differ(tmp_path: Path) -> None:
    path = write(tmp_path, '[keys]\nquit = "ctrl+q"\n')
    assert load_settings(path) == Settings(keys={"quit": "ctrl+q"})


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('keys = "ctrl+q"\n', "keys must be a table"),
        ("[keys]\nquit = 3\n", "keys.quit must be keys in quotes"),
        ('[keys]\nquit = ["ctrl+q", "q"]\n', "keys.quit must be keys in quotes"),
        ('[keys]\nquit = "  "\n', "keys.quit must be keys in quotes"),
        ('[keys]\nquit = "ctrl+q,,q"\n', 'keys.quit has "", which is not a key'),
        ('[keys]\nquit = "ctrl q"\n', 'keys.quit has "ctrl q", which is not a key'),
        ('[keys]\nquit = "ctrl+"\n', 'keys.quit has "ctrl\\+", which is not a key'),
        ('[keys]\nquit = "+"\n', '"plus" name those two keys'),
        ('[keys]\nquit = "cmd+q"\n', "but cmd is not a modifier"),
    ],
    ids=[
        "not-a-table",
        "a-number",
        "a-list",
        "blank",
        "empty-key",
        "space-in-a-key",
        "modifier-alone",
        "plus-sign",
        "unknown-modifier",
    ],
)
def test_bad_keys_are_refused_with_a_sentence(tmp_path: Path, text: str, fragment: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError, match=fragment) as raised:
        load_settings(path)
    message = str(raised.value)
    assert message.startswith(f"In {path}, ") and message.endswith(".")
    assert "\n" not in message
