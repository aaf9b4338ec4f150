"""Selecting, highlighting, noting, undoing and the notes pane, by key press.

Every test asserts on the store (each change is committed before its key's action returns)
and on the screen (the colour drawn at the highlighted cells, the status line, the pane).
"""

from __future__ import annotations

from rich.color import Color as RichColor
from textual import events
from textual.color import Color
from textual.pilot import Pilot
from textual.widgets import TextArea

from reader.config import Settings
from reader.core.model.document import Article, ArticleBuilder, BlockKind, Metadata
from reader.core.store.store import Store
from reader.ui.app import ReaderApp, make_app
from reader.ui.screens.confirm_dialog import ConfirmDialog
from reader.ui.screens.note_editor import NoteEditor
from reader.ui.screens.reading import ReadingScreen
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.notes_pane import NotesPane
from reader.ui.widgets.status_line import StatusLine

FIRST = "The ceasefire begins at midnight. Both sides agreed to it on Sunday."
SECOND = "Aid convoys wait at the border. They carry food and medicine."
THIRD = "Nobody expects the truce to hold for long."
NARROW = (90, 24)
"""No sidebar: the text alone."""
WIDE = (140, 40)
"""Wide enough for the sidebar beside the text."""


def article() -> Article:
    builder = ArticleBuilder()
    builder.add(BlockKind.TITLE, "Truce talks")
    for paragraph in (FIRST, SECOND, THIRD):
        builder.add(BlockKind.PARAGRAPH, paragraph)
    return builder.build(Metadata(title="Truce talks"))


def start_app(
    store: Store | None = None, *, labels: dict[str, str] | None = None
) -> tuple[ReaderApp, Store, Article]:
    store = store or Store.memory()
    text = article()
    return (
        make_app(store, text, theme="reader-dark", settings=Settings(colors=labels or {})),
        store,
        text,
    )


def view_of(app: ReaderApp) -> ArticleView:
    return app.screen.query_one(ArticleView)


def reading(app: ReaderApp) -> ReadingScreen:
    screen = next(s for s in app.screen_stack if isinstance(s, ReadingScreen))
    return screen


def status(app: ReaderApp) -> StatusLine:
    return reading(app).query_one(StatusLine)


def theme_color(app: ReaderApp, variable: str) -> RichColor:
    return Color.parse(app.theme_variables[variable]).rich_color


def background_at(view: ArticleView, offset: int) -> RichColor | None:
    """The background drawn at the cell that shows `offset`."""
    row, column = view.text_layout.row_of(offset)
    y = row - view.top_row
    strip = view.render_line(y)
    x = view.left_margin + column
    position = 0
    for segment in strip:
        if position <= x < position + len(segment.text):
            return segment.style.bgcolor if segment.style else None
        position += len(segment.text)
    raise AssertionError(f"no cell at {x}")


def cell_text(view: ArticleView, offset: int, x_shift: int = 0) -> str:
    """The character drawn `x_shift` cells from where `offset` is shown."""
    row, column = view.text_layout.row_of(offset)
    return view.render_line(row - view.top_row).text[view.left_margin + column + x_shift]


async def caret_to(pilot: Pilot[None], view: ArticleView, offset: int) -> None:
    view.move_caret(offset)
    await pilot.pause()


async def test_v_and_motion_keys_select_and_escape_stops() -> None:
    app, _store, text = start_app()
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        view = view_of(app)
        start = text.text.index(FIRST)
        await caret_to(pilot, view, start)
        await pilot.press("v", "w", "w")
        assert view.selection == (start, start + len("The ceasefire "))
        assert status(app).selection_summary == "14 selected"
        assert background_at(view, start + 1) == theme_color(app, "selection")
        await pilot.press("right_parenthesis")  # by sentence
        assert view.selection == (start, text.text.index("Both"))
        await pilot.press("escape")
        assert view.selection is None and view.selection_anchor is None
        assert status(app).selection_summary == ""
        assert background_at(view, start + 1) != theme_color(app, "selection")


async def test_sentence_key_then_h_highlights_in_the_default_colour() -> None:
    app, store, text = start_app()
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        view = view_of(app)
        inside = text.text.index("agreed")
        await caret_to(pilot, view, inside)
        await pilot.press("V")
        assert view.selection is not None
        await pilot.press("H")
        [highlight] = store.highlights(reading(app).document_id)
        assert highlight.quote.exact == "Both sides agreed to it on Sunday."
        assert highlight.color == "yellow"
        assert view.selection is None
        yellow = theme_color(app, "highlight-yellow")
        assert background_at(view, highlight.start + 1) == yellow  # the caret is on the first
        assert background_at(view, highlight.end - 1) == yellow
        assert background_at(view, highlight.start - 2) != yellow
        # The caret is on it: the status line says which colour, and how to add a note.
        assert status(app).note.startswith("yellow")


async def test_paragraph_key_and_number_keys_pick_colours_with_labels() -> None:
    app, store, text = start_app(labels={"blue": "question"})
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        view = view_of(app)
        document = reading(app).document_id
        await caret_to(pilot, view, text.text.index("convoys"))
        await pilot.press("P", "3")
        [highlight] = store.highlights(document)
        assert (highlight.quote.exact, highlight.color) == (SECOND, "blue")
        assert background_at(view, highlight.start + 5) == theme_color(app, "highlight-blue")
        assert status(app).note.startswith("question")
        # With the caret on it and nothing selected, a number key recolours it.
        await pilot.press("5")
        assert store.highlights(document)[0].color == "purple"
        assert background_at(view, highlight.start + 5) == theme_color(app, "highlight-purple")


async def test_overlapping_highlights_draw_the_shorter_on_top() -> None:
    app, store, text = start_app()
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        view = view_of(app)
        document = reading(app).document_id
        await caret_to(pilot, view, text.text.index("agreed"))
        await pilot.press("P", "2")  # the whole paragraph, green
        word = text.text.index("Sunday")
        await caret_to(pilot, view, word)
        await pilot.press("v", "w", "4")  # one word inside it, pink
        assert [h.color for h in store.highlights(document)] == ["green", "pink"]
        assert background_at(view, word + 1) == theme_color(app, "highlight-pink")
        assert background_at(view, word - 3) == theme_color(app, "highlight-green")
        # The caret on the word finds the pink one, the one drawn on top.
        await caret_to(pilot, view, word + 1)
        assert view.highlight_at_caret() is not None
        assert view.highlight_at_caret().color == "pink"  # type: ignore[union-attr]


async def test_recolour_delete_undo_redo_each_saved_at_once() -> None:
    app, store, text = start_app()
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        view = view_of(app)
        document = reading(app).document_id
        await caret_to(pilot, view, text.text.index("convoys"))
        await pilot.press("V", "H")
        [made] = store.highlights(document)
        await pilot.press("2")
        assert store.highlights(document)[0].color == "green"
        await pilot.press("d")  # no note: deleted without asking
        assert store.highlights(document) == []
        assert background_at(view, made.start) != theme_color(app, "highlight-green")
        await pilot.press("u")  # the delete undone: the same highlight back, same id
        [back] = store.highlights(document)
        assert (back.id, back.color) == (made.id, "green")
        assert background_at(view, made.start + 2) == theme_color(app, "highlight-green")
        await pilot.press("u")  # the recolour undone
        assert store.highlights(document)[0].color == "yellow"
        await pilot.press("u")  # the highlight itself undone
        assert store.highlights(document) == []
        await pilot.press("ctrl+r", "ctrl+r")
        assert [(h.id, h.color) for h in store.highlights(document)] == [(made.id, "green")]
        await pilot.press("ctrl+r")
        assert store.highlights(document) == []


async def test_extend_and_shrink_by_a_word_at_either_end() -> None:
    app, store, text = start_app()
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        view = view_of(app)
        document = reading(app).document_id
        await caret_to(pilot, view, text.text.index("sides"))
        await pilot.press("v", "w", "H")
        assert store.highlights(document)[0].quote.exact == "sides"
        await pilot.press("greater_than_sign")
        assert store.highlights(document)[0].quote.exact == "sides agreed"
        await pilot.press("left_square_bracket")
        assert store.highlights(document)[0].quote.exact == "Both sides agreed"
        await pilot.press("less_than_sign")
        assert store.highlights(document)[0].quote.exact == "Both sides"
        await pilot.press("right_square_bracket")
        assert store.highlights(document)[0].quote.exact == "sides"
        start = store.highlights(document)[0].start
        assert background_at(view, start + 1) == theme_color(app, "highlight-yellow")
        assert background_at(view, start - 2) != theme_color(app, "highlight-yellow")
        await pilot.press("u", "u")
        assert store.highlights(document)[0].quote.exact == "Both sides agreed"


async def test_note_on_a_selection_makes_a_highlight_with_its_note_and_marker() -> None:
    app, store, text = start_app(labels={"yellow": "important"})
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        view = view_of(app)
        document = reading(app).document_id
        start = text.text.index(FIRST)
        await caret_to(pilot, view, start)
        await pilot.press("V", "a")
        assert isinstance(app.screen, NoteEditor)
        app.screen.query_one(TextArea).insert("Fragile.\nSee #evidence")
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ReadingScreen)
        [highlight] = store.highlights(document)
        assert highlight.quote.exact == "The ceasefire begins at midnight."
        assert highlight.note == "Fragile.\nSee #evidence"
        assert status(app).note == "important: Fragile."
        # The note marker in the margin beside the highlight's first row.
        assert cell_text(view, highlight.start, -1) == "▍"


async def test_note_editor_edits_the_highlight_at_the_caret_and_undo_restores() -> None:
    app, store, text = start_app()
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        view = view_of(app)
        document = reading(app).document_id
        await caret_to(pilot, view, text.text.index("convoys"))
        await pilot.press("V", "H", "a")
        assert isinstance(app.screen, NoteEditor)
        await pilot.press(*"Who sent them?")
        await pilot.press("ctrl+s")
        assert store.highlights(document)[0].note == "Who sent them?"
        assert status(app).note == "yellow: Who sent them?"
        await pilot.press("u")
        assert store.highlights(document)[0].note == ""
        assert status(app).note.startswith("yellow ·")


async def test_escape_in_the_editor_asks_before_throwing_text_away() -> None:
    app, store, text = start_app()
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        view = view_of(app)
        document = reading(app).document_id
        await caret_to(pilot, view, text.text.index("convoys"))
        await pilot.press("V", "H", "a")
        await pilot.press(*"draft")
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")  # keep editing
        assert isinstance(app.screen, NoteEditor)
        assert app.screen.query_one(TextArea).text == "draft"
        await pilot.press("escape", "y")  # discard
        assert isinstance(app.screen, ReadingScreen)
        assert store.highlights(document)[0].note == ""
        # Nothing typed: Escape closes at once.
        await pilot.press("a", "escape")
        assert isinstance(app.screen, ReadingScreen)


async def test_deleting_a_noted_highlight_asks_first() -> None:
    app, store, text = start_app()
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        view = view_of(app)
        document = reading(app).document_id
        await caret_to(pilot, view, text.text.index("convoys"))
        await pilot.press("V", "a", *"keep me", "ctrl+s")
        assert store.highlights(document)[0].note == "keep me"
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        assert len(store.highlights(document)) == 1
        await pilot.press("d")
        await pilot.press("y")
        assert store.highlights(document) == []
        await pilot.press("u")
        assert store.highlights(document)[0].note == "keep me"


async def test_document_note_is_saved_and_undone() -> None:
    app, store, _text = start_app()
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        document = reading(app).document_id
        await pilot.press("A")
        assert isinstance(app.screen, NoteEditor)
        await pilot.press(*"Compare with #2015 talks", "ctrl+s")
        assert [note.text for note in store.document_notes(document)] == [
            "Compare with #2015 talks"
        ]
        await pilot.press("u")
        assert store.document_notes(document) == []
        await pilot.press("ctrl+r")
        assert len(store.document_notes(document)) == 1


async def test_mouse_drag_selects() -> None:
    app, _store, text = start_app()
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        view = view_of(app)
        start = text.text.index(FIRST)
        row, column = view.text_layout.row_of(start)
        x0, y = view.left_margin + column, row - view.top_row
        await pilot.mouse_down(view, offset=(x0, y))
        region = view.content_region
        move = events.MouseMove(
            view, x0 + 13, y, 13, 0, 1, False, False, False,
            screen_x=region.x + x0 + 13, screen_y=region.y + y,
        )  # fmt: skip
        view.post_message(move)
        await pilot.pause()
        await pilot.mouse_up(view, offset=(x0 + 13, y))
        assert view.selection == (start, start + 13)
        assert status(app).selection_summary == "13 selected"
        await pilot.press("H")
        [highlight] = reading(app).highlights
        assert highlight.quote.exact == "The ceasefire"


async def test_notes_pane_lists_filters_jumps_edits_and_deletes() -> None:
    app, store, text = start_app(labels={"blue": "question"})
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        view = view_of(app)
        document = reading(app).document_id
        await caret_to(pilot, view, text.text.index("convoys"))
        await pilot.press("P", "3", "a", *"Who pays? #aid", "ctrl+s")
        await caret_to(pilot, view, text.text.index("ceasefire"))
        await pilot.press("v", "w", "1")
        await pilot.press("A", *"Overall: hopeful", "ctrl+s")
        await pilot.press("M")
        await pilot.pause()
        pane = app.screen.query_one(NotesPane)
        prompts = [row.prompt.plain for row in pane.rows]
        assert prompts == [
            "On the whole document",
            "✎ Overall: hopeful",
            "Highlights",
            "“ceasefire”",
            f"“{SECOND}” question\n✎ Who pays? #aid",
        ]
        # The passage is drawn on its highlight's colour.
        blue = pane.rows[4].prompt.spans[0].style
        assert blue.bgcolor == theme_color(app, "highlight-blue")  # type: ignore[union-attr]
        # Typing filters: by label, by tag, by colour name (`q` on an empty filter quits,
        # so this one starts in the filter itself).
        await pilot.press("slash", *"question")
        assert [row.key for row in pane.rows if row.key] == [store.highlights(document)[1].id]
        pane.filter_input.value = "#aid"
        await pilot.pause()
        assert len([row for row in pane.rows if row.key]) == 1
        pane.filter_input.value = "yellow"
        await pilot.pause()
        assert [row.prompt.plain for row in pane.rows if row.key] == ["“ceasefire”"]
        # Enter jumps to the highlight and gives the keyboard back to the text.
        await pilot.press("enter", "enter")
        assert view.has_focus
        assert view.caret == text.text.index("ceasefire")
        # Edit from the pane.
        await pilot.press("M")
        await pilot.pause()
        pane.filter_input.value = ""
        await pilot.pause()
        pane.option_list.focus()
        pane.option_list.highlighted = 4
        await pilot.press("ctrl+e")
        assert isinstance(app.screen, NoteEditor)
        await pilot.press("end", *" Nobody.", "ctrl+s")
        assert store.highlights(document)[1].note == "Who pays? #aid Nobody."
        # Delete from the pane: it has a note, so it asks.
        pane.option_list.focus()
        pane.option_list.highlighted = 4
        await pilot.press("delete")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
        assert [h.quote.exact for h in store.highlights(document)] == ["ceasefire"]
        assert all("question" not in row.prompt.plain for row in pane.rows)


async def test_without_a_selection_h_does_nothing_but_say_so() -> None:
    app, store, _text = start_app()
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        await pilot.press("H", "1", "d", "greater_than_sign", "u")
        assert store.highlights(reading(app).document_id) == []
        assert isinstance(app.screen, ReadingScreen)
