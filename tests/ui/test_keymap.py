"""The settings file's `[keys]`: remapped keys do their job, old keys stop, mistakes are one
sentence, and the help panel, the palette and the README show the person's keys."""

from __future__ import annotations

import importlib
import inspect
import os
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console
from textual.binding import Binding
from textual.dom import DOMNode
from textual.widgets import HelpPanel, KeyPanel, OptionList

import reader.ui
from reader.config import ConfigError, Settings
from reader.core.model.document import Article, ArticleBuilder, BlockKind, Metadata
from reader.core.store.store import Store
from reader.ui.app import ReaderApp, make_app
from reader.ui.keymap import (
    contexts,
    declared_bindings,
    keymap_for,
    keys_table,
    known_bindings,
    merged_bindings,
)
from reader.ui.screens.library import LibraryScreen
from reader.ui.screens.reading import ReadingScreen
from reader.ui.widgets.article_view import ArticleView

REPO_ROOT = Path(__file__).resolve().parents[2]
FIRST = "The ceasefire begins at midnight. Both sides agreed to it on Sunday."
SIZE = (90, 30)
"""Narrow enough that the sidebar stays hidden: the text alone has the keyboard."""


def article() -> Article:
    builder = ArticleBuilder()
    builder.add(BlockKind.TITLE, "Truce talks")
    builder.add(BlockKind.HEADING, "Midnight", level=2)
    builder.add(BlockKind.PARAGRAPH, FIRST)
    builder.add(BlockKind.PARAGRAPH, "Aid convoys wait at the border.")
    return builder.build(Metadata(title="Truce talks"))


def start_app(keys: dict[str, str]) -> tuple[ReaderApp, Store]:
    store = Store.memory()
    settings = Settings(keys=keys)
    return make_app(store, article(), theme="reader-dark", settings=settings), store


def reading(app: ReaderApp) -> ReadingScreen:
    return next(screen for screen in app.screen_stack if isinstance(screen, ReadingScreen))


def help_rows(app: ReaderApp) -> list[str]:
    """The help panel's rows as text, as drawn."""
    table = app.screen.query_one(KeyPanel).query_one("BindingsTable")
    console = Console(width=100, record=True, file=open(os.devnull, "w"))  # noqa: SIM115
    console.print(table.render())
    return [line.strip() for line in console.export_text().splitlines() if line.strip()]


# -- remapped keys at work ---------------------------------------------------------------


async def test_a_remapped_key_highlights_and_the_old_key_no_longer_does() -> None:
    app, store = start_app({"highlight-selection": "ctrl+k"})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        view = reading(app).query_one(ArticleView)
        view.move_caret(article().text.index("agreed"))
        await pilot.press("V")  # the sentence
        assert view.selection is not None
        await pilot.press("H")  # the default key, replaced
        assert store.highlights(reading(app).document_id) == []
        assert view.selection is not None
        await pilot.press("ctrl+k")
        [highlight] = store.highlights(reading(app).document_id)
        assert highlight.quote.exact == "Both sides agreed to it on Sunday."
        assert highlight.color == "yellow"


async def test_two_bindings_can_swap_keys() -> None:
    app, store = start_app({"highlight-selection": "t", "contents": "H"})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = reading(app)
        screen.query_one(ArticleView).move_caret(article().text.index("agreed"))
        await pilot.press("V", "t")
        assert len(store.highlights(screen.document_id)) == 1
        assert not screen.show_sidebar
        await pilot.press("H")  # now the contents, in the sidebar
        await pilot.pause()
        assert screen.show_sidebar


async def test_a_key_kept_by_a_binding_that_shared_it_still_works() -> None:
    """Moving clear-marks off Escape leaves Escape to clear-selection, which shared it."""
    app, _store = start_app({"clear-marks": "c"})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        view = reading(app).query_one(ArticleView)
        await pilot.press("v", "w", "w")
        assert view.selection is not None
        active = app.screen.active_bindings
        assert active["escape"].binding.id == "clear-selection"
        assert "x" not in active
        await pilot.press("escape")
        assert view.selection is None


async def test_an_app_key_and_a_symbol_key_can_be_remapped() -> None:
    app, _store = start_app({"help": "f1", "quit": "ctrl+q,!"})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        assert not app.screen.query(HelpPanel)
        await pilot.press("f1")
        assert app.screen.query(HelpPanel)
        await pilot.press("f1")
        assert not app.screen.query(HelpPanel)
        await pilot.press("q")  # no longer quits
        await pilot.pause()
        assert app.is_running
        await pilot.press("exclamation_mark")
        await pilot.pause()
        assert not app.is_running


# -- the help panel and the palette show the person's keys -----------------------------


async def test_the_help_panel_and_the_footer_show_the_remapped_keys() -> None:
    app, _store = start_app({"highlight-selection": "ctrl+k", "line-down": "ctrl+j,down"})
    async with app.run_test(size=(160, 60)) as pilot:
        await pilot.pause()
        footer = {
            getattr(key, "description", ""): getattr(key, "key_display", "")
            for key in app.screen.query("FooterKey")
        }
        assert footer["Highlight"] == "^k"
        await pilot.press("question_mark")
        await pilot.pause()
        rows = help_rows(app)
        [highlight] = [row for row in rows if "Highlight the selection in the default" in row]
        assert highlight.startswith("^k Highlight")
        [down] = [row for row in rows if "Scroll down one line" in row]
        assert down.startswith("^j ↓ Down")  # j is gone, the arrow kept
        assert not any(row.startswith("H ") for row in rows)


async def test_the_palette_shows_the_remapped_key() -> None:
    app, _store = start_app({"highlight-selection": "ctrl+k"})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p", *"highlight the selection in the default")
        await pilot.pause(0.3)
        options = app.screen.query_one(OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert "reading: highlight the selection in the default colour\nkey: ^k" in prompts


# -- mistakes are one sentence, before the screen takes over ----------------------------


@pytest.mark.parametrize(
    ("keys", "message"),
    [
        (
            {"highlight-selecton": "ctrl+k"},
            "keys.highlight-selecton is not a binding id (did you mean highlight-selection?)",
        ),
        (
            {"highlight-selection": "t"},
            "[keys] gives t to highlight-selection, but t is already the key of contents "
            "while reading the article.",
        ),
        (
            {"highlight-selection": "ctrl+k", "contents": "ctrl+k"},
            "[keys] gives ctrl+k to both contents and highlight-selection, which are active "
            "together while reading the article.",
        ),
        (
            {"library": "g"},
            "[keys] gives g to library, but g is already the key of go-top while reading",
        ),
        (
            {"search": "ctrl+p"},
            "ctrl+p is already the key of Textual's command_palette while reading",
        ),
        (
            {"save-note": "ctrl+q"},
            "ctrl+q is already the key of Textual's quit in the note editor.",
        ),
        (
            {"library-refresh": "1"},
            "1 is already the key of library-sort-title in the library.",
        ),
        ({"quit": "enetr"}, 'keys.quit has "enetr", but Textual has no key called enetr'),
        ({"quit": "shift+q"}, "write Q instead."),
    ],
    ids=[
        "unknown-id",
        "taken-on-the-screen",
        "given-twice",
        "taken-by-the-focused-widget",
        "textual-palette",
        "priority-key-on-a-dialog",
        "taken-in-the-library",
        "unknown-key-name",
        "shift-and-a-letter",
    ],
)
def test_a_bad_keymap_is_one_sentence(keys: dict[str, str], message: str) -> None:
    path = Path("/home/someone/.config/reader/config.toml")
    with pytest.raises(ConfigError) as raised:
        make_app(Store.memory(), article(), settings=Settings(keys=keys, path=path))
    sentence = str(raised.value)
    assert message in sentence
    assert sentence.startswith(f"In {path}, ") and sentence.endswith(".")
    assert "\n" not in sentence


@pytest.mark.parametrize(
    "keys",
    [
        {"quit": "ctrl+q,q"},  # Textual's own ctrl+q quits too: the same job, no clash
        {"focus-article": "escape,f2"},  # a default key kept beside a new one
        {"pane-filter": "x"},  # x clears marks in the text, never inside a pane
        {"help": "?", "search": "/"},  # characters as typed, or their names
        {"highlight-selection": "H"},  # its own default
    ],
    ids=["same-job", "default-kept", "different-places", "characters", "unchanged"],
)
def test_keys_that_do_not_clash_are_accepted(keys: dict[str, str]) -> None:
    keymap = keymap_for(Settings(keys=keys), ReaderApp)
    assert set(keys) <= set(keymap)


def test_a_keymap_needs_no_textual_name_for_characters() -> None:
    keymap = keymap_for(Settings(keys={"help": "?", "search": "/"}), ReaderApp)
    assert keymap == {"help": "question_mark", "search": "slash"}


def run_reader(*args: str, tmp_path: Path, config: str) -> subprocess.CompletedProcess[str]:
    """The real command in a fresh interpreter, with this settings file."""
    path = tmp_path / "config.toml"
    path.write_text(config, encoding="utf-8")
    env = {
        **os.environ,
        "READER_CONFIG": str(path),
        "READER_DB": str(tmp_path / "reader.db"),
        "XDG_STATE_HOME": str(tmp_path / "state"),  # a crash report, if any, stays here
    }
    return subprocess.run(
        [sys.executable, "-m", "reader", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.parametrize(
    ("config", "fragment"),
    [
        ('[keys]\nhighlight-selecton = "ctrl+k"\n', "keys.highlight-selecton is not a binding id"),
        ('[keys]\nhighlight-selection = "t"\n', "t is already the key of contents"),
        ('[keys]\nquit = "ctrl q"\n', 'keys.quit has "ctrl q", which is not a key'),
    ],
    ids=["unknown-id", "clash", "not-a-key"],
)
def test_the_command_line_reports_a_bad_keymap_in_one_line(
    tmp_path: Path, sample_path: Path, config: str, fragment: str
) -> None:
    result = run_reader(str(sample_path), tmp_path=tmp_path, config=config)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"reader: In {tmp_path / 'config.toml'}, ")
    assert fragment in lines[0]
    assert "Traceback" not in result.stderr and result.stdout == ""


# -- the list of ids: complete, unique, and the README's is current ---------------------


def reader_node_types() -> list[type[DOMNode]]:
    """Every screen, widget and app type that reader.ui defines."""
    found: list[type[DOMNode]] = []
    for module_info in pkgutil.walk_packages(reader.ui.__path__, "reader.ui."):
        module = importlib.import_module(module_info.name)
        for _name, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, DOMNode) and value.__module__ == module.__name__:
                found.append(value)
    return found


def test_every_binding_of_the_reader_has_an_id_and_is_known() -> None:
    owners = {owner for owner, _binding in declared_bindings(ReaderApp)}
    for node_type in reader_node_types():
        declared = list(Binding.make_bindings(node_type.__dict__.get("BINDINGS", [])))
        assert all(binding.id for binding in declared), f"{node_type.__name__}: a binding has no id"
        if declared:
            assert node_type in owners, f"{node_type.__name__} is in no keymap context"


def test_binding_ids_are_unique_to_one_type() -> None:
    owner_of: dict[str, type[DOMNode]] = {}
    for owner, binding in declared_bindings(ReaderApp):
        assert binding.id is not None
        assert owner_of.setdefault(binding.id, owner) is owner, binding.id


def test_the_readme_lists_every_binding_id_with_its_default_keys() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(
        r"<!-- keys table: .*? -->\n\n(.*?)<!-- end of keys table -->", readme, re.DOTALL
    )
    assert match, "the README has no generated keys table"
    assert match.group(1) == keys_table(ReaderApp), (
        "the README's keys table is out of date: python -m reader.ui.keymap prints it"
    )
    listed = re.findall(r"^\| `([^`]+)` \| `([^`]+)` \|", match.group(1), re.MULTILINE)
    assert {binding_id: keys for binding_id, keys in listed} == {
        known.id: ",".join(known.keys) for known in known_bindings(ReaderApp).values()
    }


# -- the contexts match what Textual really puts together ---------------------------------


def reader_types_along(node: DOMNode) -> set[type[DOMNode]]:
    """The reader's own types with bindings, from `node` out to the app."""
    return {
        type(ancestor)
        for ancestor in node.ancestors_with_self
        if type(ancestor).__module__.startswith("reader.") and merged_bindings(type(ancestor))
    }


async def test_every_focusable_widget_is_inside_a_context() -> None:
    app, _store = start_app({})
    known = [set(context.owners) for context in contexts(ReaderApp)]
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        await pilot.press("slash")  # the search bar
        await pilot.pause()
        reading_widgets = [widget for widget in app.screen.query("*") if widget.focusable]
        await pilot.press("escape", "L")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        library_widgets = [widget for widget in app.screen.query("*") if widget.focusable]
        widgets = reading_widgets + library_widgets
        assert any(isinstance(widget, ArticleView) for widget in widgets)
        for widget in widgets:
            along = reader_types_along(widget)
            assert any(along <= owners for owners in known), (widget, along)


async def test_the_active_keys_are_those_the_check_predicts() -> None:
    """What Textual binds with the keymap applied, on the text, is what the clash check
    worked from: each key's binding there is one the check saw on that key."""
    keys = {"highlight-selection": "ctrl+k", "clear-marks": "c", "quit": "ctrl+q,q"}
    app, _store = start_app(keys)
    keymap = keymap_for(Settings(keys=keys), ReaderApp)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        active = app.screen.active_bindings
        for key, binding in active.items():
            if binding.binding.id is None:
                continue
            expected = keymap.get(binding.binding.id) or ",".join(
                known_bindings(ReaderApp)[binding.binding.id].keys
            )
            assert key in expected.split(","), (key, binding.binding.id)
        assert active["ctrl+k"].binding.id == "highlight-selection"
        assert "H" not in active
