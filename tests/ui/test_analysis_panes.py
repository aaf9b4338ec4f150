"""The entities, figures and quotes panes, on the real spaCy pipeline, by key press.

The pipeline is loaded once for the session (about a second); every test then runs the real
analyser in the reading screen's worker, or shows a cached analysis without it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.message import Message
from textual.pilot import Pilot
from textual.widgets import Input, OptionList
from textual.worker import Worker, WorkerState

from reader.config import Settings
from reader.core.analysis import ANALYSER_VERSION
from reader.core.analysis.model import Analysis, Entity, EntityKind, Figure, Mention, Quote
from reader.core.analysis.pipeline import expected_label, load_pipeline
from reader.core.loaders import load_path
from reader.core.model.document import Article, ArticleBuilder, BlockKind, Metadata
from reader.core.store.store import Store
from reader.ui.app import ReaderApp, make_app
from reader.ui.screens.reading import ReadingScreen
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.entities_pane import EntitiesPane
from reader.ui.widgets.figures_pane import FiguresPane
from reader.ui.widgets.quotes_pane import QuotesPane
from reader.ui.widgets.status_line import StatusLine

SIZE = (140, 40)


@pytest.fixture(scope="session", autouse=True)
def pipeline() -> None:
    """Load spaCy once for the session; the worker then finds it loaded."""
    load_pipeline()


@pytest.fixture
def sample(sample_path: Path) -> Article:
    return load_path(sample_path)


def fixed_clock() -> str:
    return "2026-01-01T00:00:00Z"


def reading(app: ReaderApp) -> ReadingScreen:
    screen = app.screen
    assert isinstance(screen, ReadingScreen)
    return screen


def view_of(app: ReaderApp) -> ArticleView:
    return app.screen.query_one(ArticleView)


def rows_of(option_list: OptionList) -> list[str]:
    """Each option's text, as the list shows it."""
    return [
        str(option_list.get_option_at_index(index).prompt)
        for index in range(option_list.option_count)
    ]


def drawn(option_list: OptionList) -> list[str]:
    """The lines the list draws on screen, as plain text."""
    return [
        option_list.render_line(y).text.rstrip()
        for y in range(option_list.scrollable_content_region.height)
    ]


async def analysed(app: ReaderApp, pilot: Pilot[None]) -> Analysis:
    """Wait for the analysis worker, and return the complete analysis the screen shows."""
    await app.workers.wait_for_complete()

    def complete() -> bool:
        analysis = reading(app).analysis
        return analysis is not None and analysis.complete

    await until(pilot, complete)  # the result reaches the screen in a message
    analysis = reading(app).analysis
    assert analysis is not None
    return analysis


async def until(pilot: Pilot[None], condition: Callable[[], bool]) -> None:
    """Wait (up to ten seconds) for `condition`: a worker's pace depends on the machine."""
    for _ in range(100):
        if condition():
            return
        await pilot.pause(0.1)
    raise AssertionError("timed out")


def worker_events() -> tuple[list[WorkerState], Callable[[Message], None]]:
    """A list of the analysis worker's states, and the `message_hook` that fills it."""
    states: list[WorkerState] = []

    def hook(message: Message) -> None:
        if isinstance(message, Worker.StateChanged) and message.worker.group == "analysis":
            states.append(message.state)

    return states, hook


async def test_panes_fill_once_the_analysis_ends(sample: Article) -> None:
    app = make_app(Store.memory(), sample)
    async with app.run_test(size=SIZE) as pilot:
        analysis = await analysed(app, pilot)
        await pilot.pause()
        kerry = next(entity for entity in analysis.entities if entity.name == "John Kerry")
        assert kerry.kind is EntityKind.PERSON
        assert kerry.count >= 3
        await pilot.press("E")
        pane = app.screen.query_one(EntitiesPane)
        assert pane.option_list.has_focus
        rows = rows_of(pane.option_list)
        # Grouped by kind under plural headings, people first, each with its count.
        assert rows[0] == "People"
        people = rows[1 : rows.index("Organisations")] if "Organisations" in rows else rows[1:]
        assert any(row.split() == [str(kerry.count), "John", "Kerry"] for row in people)
        assert "Places" in rows
        # Most salient first within a kind.
        persons = sorted(
            (entity for entity in analysis.entities if entity.kind is EntityKind.PERSON),
            key=lambda entity: -entity.salience,
        )
        assert [row.split(maxsplit=1)[1] for row in people] == [e.name for e in persons]
        assert not pane.query_one(".analysis-pane--status").display
        await pilot.press("F")
        figures = app.screen.query_one(FiguresPane)
        assert figures.option_list.has_focus
        assert any(row.startswith("more than 100 — ") for row in rows_of(figures.option_list))
        await pilot.press("Q")
        quotes = app.screen.query_one(QuotesPane)
        lines = rows_of(quotes.option_list)
        assert any(row.startswith("John Kerry: “The modalities") for row in lines)
        # Scare quotes are not statements: listed last, under their own heading.
        scare = [quote.text for quote in analysis.quotes if quote.scare]
        if scare:
            heading = lines.index("Words in quotation marks")
            assert all(f"“{text}”" in lines[heading:] for text in scare)
            assert not any(line.startswith("John Kerry") for line in lines[heading:])
        assert app.screen.query_one(StatusLine).analysis_status == ""


async def test_enter_on_an_entity_marks_its_mentions_and_n_steps(sample: Article) -> None:
    app = make_app(Store.memory(), sample)
    async with app.run_test(size=SIZE) as pilot:
        analysis = await analysed(app, pilot)
        kerry = next(entity for entity in analysis.entities if entity.name == "John Kerry")
        view = view_of(app)
        await pilot.press("E", *"kerry")
        pane = app.screen.query_one(EntitiesPane)
        assert pane.query_one(Input).value == "kerry"
        assert [row for row in rows_of(pane.option_list) if row != "People"] == [
            f" {kerry.count} John Kerry"
        ]
        await pilot.press("enter", "enter")  # to the list, then choose
        assert view.has_focus
        marks = view.marks
        assert marks is not None
        assert marks.starts == tuple(mention.start for mention in kerry.mentions)
        assert set(marks.kinds) == {EntityKind.PERSON}
        assert {sample.text[s:e] for s, e in zip(marks.starts, marks.ends, strict=True)} <= {
            "Kerry",
            "John Kerry",
        }
        # The caret was at the top: the jump goes to the first mention.
        assert view.caret == kerry.mentions[0].start
        assert app.screen.query_one(StatusLine).marks_summary == f"John Kerry 1/{kerry.count}"
        # On screen the mention is drawn in the person colour, underlined.
        person = view.get_component_rich_style("article-view--entity-person")
        row = view.caret_row - view.top_row
        styled = [
            segment
            for segment in view.render_line(row)._segments
            if segment.style and segment.style.color == person.color and segment.style.underline
        ]
        assert "".join(segment.text for segment in styled).endswith("ohn Kerry")  # J: caret
        await pilot.press("n")
        assert view.caret == kerry.mentions[1].start
        await pilot.press("n")
        assert view.caret == kerry.mentions[2].start
        await pilot.press("N")
        assert view.caret == kerry.mentions[1].start
        assert app.screen.query_one(StatusLine).marks_summary == f"John Kerry 2/{kerry.count}"
        await pilot.press("x")
        assert view.marks is None
        assert app.screen.query_one(StatusLine).marks_summary == ""


async def test_entity_jump_goes_to_the_next_mention_after_the_caret(sample: Article) -> None:
    app = make_app(Store.memory(), sample)
    async with app.run_test(size=SIZE) as pilot:
        analysis = await analysed(app, pilot)
        kerry = next(entity for entity in analysis.entities if entity.name == "John Kerry")
        view = view_of(app)
        view.move_caret(kerry.mentions[1].start + 1)
        await pilot.press("E", *"kerry", "enter", "enter")
        assert view.caret == kerry.mentions[2].start
        # Escape in the text clears the marks too; a second Escape changes nothing.
        await pilot.press("escape")
        assert view.marks is None
        await pilot.press("escape")
        assert view.has_focus


async def test_marks_and_search_n_follows_what_came_last(sample: Article) -> None:
    app = make_app(Store.memory(), sample)
    async with app.run_test(size=SIZE) as pilot:
        analysis = await analysed(app, pilot)
        kerry = next(entity for entity in analysis.entities if entity.name == "John Kerry")
        view = view_of(app)
        await pilot.press("E", *"kerry", "enter", "enter")
        await pilot.press("slash", *"ceasefire", "enter")
        # A search begun after the marks: n steps through its matches, marks stay drawn.
        assert view.marks is not None
        start = view.caret
        await pilot.press("n")
        assert sample.text[view.caret :].lower().startswith("ceasefire")
        assert view.caret != start
        # Choosing the entity again (the pane kept its filter) gives n back to the marks.
        await pilot.press("E", "enter")
        await pilot.press("n")
        assert view.caret in {mention.start for mention in kerry.mentions}


async def test_e_colours_every_entity_and_again_clears(sample: Article) -> None:
    app = make_app(Store.memory(), sample)
    async with app.run_test(size=SIZE) as pilot:
        analysis = await analysed(app, pilot)
        view = view_of(app)
        await pilot.press("e")
        marks = view.marks
        assert marks is not None
        assert len(marks) == sum(entity.count for entity in analysis.entities)
        assert set(marks.kinds) == {entity.kind for entity in analysis.entities}
        await pilot.press("n")
        assert view.caret in marks.starts
        await pilot.press("e")
        assert view.marks is None


async def test_typing_filters_and_escape_clears(sample: Article) -> None:
    app = make_app(Store.memory(), sample)
    async with app.run_test(size=SIZE) as pilot:
        await analysed(app, pilot)
        await pilot.press("E")
        pane = app.screen.query_one(EntitiesPane)
        everything = rows_of(pane.option_list)
        await pilot.press(*"syr")
        narrowed = rows_of(pane.option_list)
        entities = [row for row in narrowed if row.startswith(" ")]
        assert 0 < len(entities) < len([row for row in everything if row.startswith(" ")])
        assert all("syr" in row.lower() for row in entities)
        await pilot.press(*"zzz")
        status = pane.query_one(".analysis-pane--status")
        assert status.display
        assert "Nothing matches “syrzzz”" in str(status.render())
        await pilot.press("escape")  # clears the filter, back to the list
        assert rows_of(pane.option_list) == everything
        assert pane.option_list.has_focus
        await pilot.press("escape")  # back to the text
        assert view_of(app).has_focus


async def test_figure_and_quote_enter_jump_to_their_start(sample: Article) -> None:
    app = make_app(Store.memory(), sample)
    async with app.run_test(size=SIZE) as pilot:
        analysis = await analysed(app, pilot)
        view = view_of(app)
        await pilot.press("F", "down", "down", "enter")
        figure = analysis.figures[2]
        assert view.caret == figure.start
        assert view.has_focus
        assert view.top_row <= view.caret_row < view.top_row + view.page_height
        await pilot.press("ctrl+o")  # a jump like any other
        assert view.caret == 0
        await pilot.press("Q", *"modalities", "enter", "enter")
        quote = next(quote for quote in analysis.quotes if "modalities" in quote.text)
        assert view.caret == quote.start
        assert sample.text[view.caret :].startswith("“The modalities")


async def test_clicking_a_figure_jumps_to_it(sample: Article) -> None:
    """The panes work with the mouse too."""
    app = make_app(Store.memory(), sample)
    async with app.run_test(size=SIZE) as pilot:
        analysis = await analysed(app, pilot)
        await pilot.press("F")
        figures = app.screen.query_one(FiguresPane)
        second = analysis.figures[1]
        lines = drawn(figures.option_list)
        row = next(y for y, line in enumerate(lines) if line.startswith(f"{second.text} — "))
        assert row > 0
        await pilot.click(figures.option_list, offset=(3, row))
        assert view_of(app).caret == analysis.figures[1].start


async def test_partial_results_fill_the_panes_as_they_come() -> None:
    builder = ArticleBuilder()
    builder.add(BlockKind.TITLE, "A long report")
    for number in range(700):
        builder.add(
            BlockKind.PARAGRAPH,
            f"In meeting {number}, Angela Merkel told Emmanuel Macron in Paris that "
            f"{number + 3} people had signed.",
        )
    article = builder.build(Metadata(title="A long report"))
    assert len(article.text) > 45_000  # more than one chunk for the analyser
    app = make_app(Store.memory(), article)
    seen: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        status = app.screen.query_one(StatusLine)
        status.watch(status, "analysis_status", lambda text: seen.append(text))
        await pilot.press("E")
        pane = app.screen.query_one(EntitiesPane)
        label = pane.query_one(".analysis-pane--status")
        if reading(app).analysis is None or not reading(app).analysis.complete:
            assert str(label.render()).startswith("Analysing…")
        await analysed(app, pilot)
        await pilot.pause()
        assert any(0 < int(text.split()[1].rstrip("%")) < 100 for text in seen if text)
        assert seen[-1] == ""
        assert any(row.endswith("Angela Merkel") for row in rows_of(pane.option_list))
        assert not label.display


async def test_a_cached_analysis_shows_at_once_without_the_analyser() -> None:
    builder = ArticleBuilder()
    builder.add(BlockKind.TITLE, "Cached")
    builder.add(BlockKind.PARAGRAPH, "Ada Lovelace wrote to Babbage. Ada said “yes”.")
    article = builder.build(Metadata(title="Cached"))
    text = article.text
    ada = text.index("Ada Lovelace")
    said = text.index("“yes”")
    cached = Analysis(
        analyser_version=ANALYSER_VERSION,
        model=expected_label(None),
        entities=(
            Entity(
                "ada-lovelace-person",
                "Invented Name",  # not what spaCy would say: proves the cache was read
                EntityKind.PERSON,
                (),
                (Mention(ada, ada + 12, "Ada Lovelace"),),
                1.0,
            ),
        ),
        quotes=(Quote(said, said + 5, "yes", "Invented Name", speaker_confidence=0.95),),
    )
    store = Store.memory(clock=fixed_clock)
    document_id = store.add_document(article).id
    store.save_analysis(document_id, cached)
    app = make_app(store, article)
    states, hook = worker_events()
    async with app.run_test(size=SIZE, message_hook=hook) as pilot:
        await pilot.pause()
        assert reading(app).analysis == cached
        await pilot.press("E")
        pane = app.screen.query_one(EntitiesPane)
        assert rows_of(pane.option_list) == ["People", " 1 Invented Name"]
        await pilot.press("Q")
        assert rows_of(app.screen.query_one(QuotesPane).option_list) == ["Invented Name: “yes”"]
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert states == []  # the analyser never ran
    assert store.analysis(document_id, ANALYSER_VERSION, expected_label(None)) == cached


async def test_a_guessed_speaker_is_marked_and_a_named_one_is_not() -> None:
    """The tracker's issue on analysis: a low-confidence speaker shows a "?"."""
    builder = ArticleBuilder()
    builder.add(BlockKind.TITLE, "Guess")
    builder.add(BlockKind.PARAGRAPH, "Ann said “we are ready now”. She said “we will win this”.")
    article = builder.build(Metadata(title="Guess"))
    text = article.text
    first, second = text.index("“we are"), text.index("“we will")
    cached = Analysis(
        analyser_version=ANALYSER_VERSION,
        model=expected_label(None),
        quotes=(
            Quote(first, first + 18, "we are ready now", "Ann", speaker_confidence=0.95),
            Quote(second, second + 18, "we will win this", "Ann", speaker_confidence=0.5),
        ),
    )
    store = Store.memory(clock=fixed_clock)
    document_id = store.add_document(article).id
    store.save_analysis(document_id, cached)
    app = make_app(store, article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("Q")
        assert rows_of(app.screen.query_one(QuotesPane).option_list) == [
            "Ann: “we are ready now”",
            "Ann ?: “we will win this”",
        ]


async def test_the_analysis_is_cached_and_reopening_skips_the_analyser(
    sample: Article, tmp_path: Path
) -> None:
    db = tmp_path / "reader.db"
    with Store(db) as store:
        app = make_app(store, sample)
        async with app.run_test(size=SIZE) as pilot:
            first = await analysed(app, pilot)
        stored = store.analysis(sample.content_hash, ANALYSER_VERSION, expected_label(None))
        assert stored is not None  # saved on the main thread once complete
        assert [(e.name, e.mentions) for e in stored.entities] == [
            (e.name, e.mentions) for e in first.entities
        ]
    with Store(db) as store:
        app = make_app(store, sample)
        states, hook = worker_events()
        async with app.run_test(size=SIZE, message_hook=hook) as pilot:
            await pilot.pause()
            assert reading(app).analysis == stored
            await pilot.press("E")
            assert "People" in rows_of(app.screen.query_one(EntitiesPane).option_list)
        assert states == []


async def test_entity_names_are_never_markup() -> None:
    builder = ArticleBuilder()
    builder.add(BlockKind.TITLE, "Markup")
    builder.add(BlockKind.PARAGRAPH, "Meet [bold]x[/bold] and [red]Y, who said “[i]no”.")
    article = builder.build(Metadata(title="Markup"))
    text = article.text
    x = text.index("[bold]x[/bold]")
    y = text.index("[red]Y")
    said = text.index("“[i]no”")
    analysis = Analysis(
        analyser_version=ANALYSER_VERSION,
        model=expected_label(None),
        entities=(
            Entity(
                "x",
                "[bold]x[/bold]",
                EntityKind.PERSON,
                (),
                (Mention(x, x + 14, "[bold]x[/bold]"),),
                2.0,
            ),
            Entity("y", "[red]Y", EntityKind.PLACE, (), (Mention(y, y + 6, "[red]Y"),), 1.0),
        ),
        figures=(Figure(x, x + 14, "[b]3", 3.0, "", "", "[link=http://x]things", 0, 10),),
        quotes=(Quote(said, said + 7, "[i]no", "[red]Y", "y", speaker_confidence=0.95),),
    )
    store = Store.memory()
    store.save_analysis(store.add_document(article).id, analysis)
    app = make_app(store, article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("E")
        lines = drawn(app.screen.query_one(EntitiesPane).option_list)
        assert " 1 [bold]x[/bold]" in lines
        assert " 1 [red]Y" in lines
        await pilot.press("F")
        assert "[b]3 — [link=http://x]things" in drawn(
            app.screen.query_one(FiguresPane).option_list
        )
        await pilot.press("Q")
        assert "[red]Y: “[i]no”" in drawn(app.screen.query_one(QuotesPane).option_list)
        await pilot.press("E", "enter")
        assert app.screen.query_one(StatusLine).marks_summary == "[bold]x[/bold] 1/1"
        assert "[bold]x[/bold] 1/1" in app.screen.query_one(StatusLine).render().plain


async def test_a_long_tail_is_cut_short_and_found_by_filtering() -> None:
    builder = ArticleBuilder()
    builder.add(BlockKind.TITLE, "Crowd")
    builder.add(BlockKind.PARAGRAPH, " ".join(f"Person{number}" for number in range(150)))
    article = builder.build(Metadata(title="Crowd"))
    people = []
    for number in range(150):
        name = f"Person{number}"
        start = article.text.index(name + (" " if number < 149 else ""))
        mention = Mention(start, start + len(name), name)
        people.append(Entity(name, name, EntityKind.PERSON, (), (mention,), 150 - number))
    analysis = Analysis(ANALYSER_VERSION, expected_label(None), entities=tuple(people))
    store = Store.memory()
    store.save_analysis(store.add_document(article).id, analysis)
    app = make_app(store, article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("E")
        rows = rows_of(app.screen.query_one(EntitiesPane).option_list)
        assert len(rows) == 1 + 100 + 1
        assert rows[-1] == "… and 50 more: type to filter"
        await pilot.press(*"person149")
        rows = rows_of(app.screen.query_one(EntitiesPane).option_list)
        assert rows == ["People", " 1 Person149"]


async def test_a_new_theme_recolours_the_kind_headings() -> None:
    builder = ArticleBuilder()
    builder.add(BlockKind.TITLE, "Theme")
    builder.add(BlockKind.PARAGRAPH, "Ada Lovelace wrote.")
    article = builder.build(Metadata(title="Theme"))
    ada = article.text.index("Ada")
    analysis = Analysis(
        analyser_version=ANALYSER_VERSION,
        model=expected_label(None),
        entities=(
            Entity("ada", "Ada Lovelace", EntityKind.PERSON, (), (Mention(ada, ada + 12, "x"),), 1),
        ),
    )
    store = Store.memory()
    store.save_analysis(store.add_document(article).id, analysis)
    app = make_app(store, article, theme="reader-dark")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("E")
        pane = app.screen.query_one(EntitiesPane)

        def heading_colour() -> str:
            style = pane.option_list.get_option_at_index(0).prompt.style
            assert not isinstance(style, str) and style.color is not None
            return style.color.name

        assert heading_colour() == app.theme_variables["entity-person"].lower()
        app.theme = "reader-paper"
        await pilot.pause()
        assert heading_colour() == app.theme_variables["entity-person"].lower()
        assert heading_colour() != "#82b8e8"  # the dark theme's


async def test_an_analysis_error_is_shown_and_the_article_still_works(sample: Article) -> None:
    app = make_app(Store.memory(), sample, settings=Settings(model="no_such_pipeline_here"))
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert reading(app).analysis_error
        assert "no_such_pipeline_here" in reading(app).analysis_error
        assert any(
            notification.severity == "error" and "no_such_pipeline_here" in notification.message
            for notification in app._notifications  # Textual has no public list
        )
        assert app.screen.query_one(StatusLine).analysis_status == ""
        await pilot.press("E")
        pane = app.screen.query_one(EntitiesPane)
        status = pane.query_one(".analysis-pane--status")
        assert status.display
        assert "no_such_pipeline_here" in str(status.render())
        assert status.has_class("-error")
        await pilot.press("escape", "space")
        assert view_of(app).scroll_offset.y > 0


async def test_leaving_the_screen_cancels_the_analysis() -> None:
    builder = ArticleBuilder()
    builder.add(BlockKind.TITLE, "Long")
    for number in range(900):  # two chunks for the analyser
        builder.add(BlockKind.PARAGRAPH, f"Paragraph {number}: Olaf Scholz visited Berlin again.")
    article = builder.build(Metadata(title="Long"))
    app = make_app(Store.memory(), article)
    states, hook = worker_events()
    async with app.run_test(size=SIZE, message_hook=hook) as pilot:
        await until(pilot, lambda: WorkerState.RUNNING in states)
        await pilot.press("L")  # the library on top
        await until(pilot, lambda: states[-1] is WorkerState.CANCELLED)
        assert WorkerState.SUCCESS not in states
        # Back to the article: the analysis starts again.
        await app.pop_screen()
        await until(pilot, lambda: states[-1] is WorkerState.RUNNING)
        resumed = len(states)
        # A dialog over the article (the palette) lets it run on, to the end.
        await pilot.press("ctrl+p")
        await until(pilot, lambda: states[-1] is WorkerState.SUCCESS)
        assert WorkerState.CANCELLED not in states[resumed:]


async def test_a_book_is_analysed_in_a_child_process(
    sample: Article, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the size threshold the analysis runs in a child process, with the same result."""
    from reader.core.analysis.analyzer import Analyzer
    from reader.ui.screens import reading as reading_module

    monkeypatch.setattr(reading_module, "CHILD_PROCESS_CHARS", 0)  # treat the sample as a book
    app = make_app(Store.memory(), sample)
    children: list[str] = []
    async with app.run_test(size=SIZE) as pilot:

        def child_running() -> bool:
            children.extend(child_commands())
            return bool(children)

        await until(pilot, child_running)
        analysis = await analysed(app, pilot)
    assert any("reader.core.analysis.background" in command for command in children)
    assert analysis == Analyzer(load_pipeline()).analyze(sample)
    assert not child_commands()  # the child has gone


def child_commands() -> list[str]:
    """The command lines of this process's running children (Linux /proc)."""
    import os

    commands = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            state = stat.rsplit(")", 1)[1].split()[0]
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, ValueError, IndexError):
            continue
        if parent == os.getpid() and state != "Z":
            commands.append(command)
    return commands


async def test_a_child_process_error_is_one_sentence(
    sample: Article, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.ui.screens import reading as reading_module

    monkeypatch.setattr(reading_module, "CHILD_PROCESS_CHARS", 0)
    app = make_app(Store.memory(), sample, settings=Settings(model="no_such_pipeline_here"))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: bool(reading(app).analysis_error))
        assert reading(app).analysis_error == (
            "The spaCy pipeline 'no_such_pipeline_here' is not installed or is not a "
            "pipeline folder."
        )


def accented_analysis(article: Article) -> Analysis:
    text = article.text
    start = text.index("Péter")
    peter = Entity(
        "peter",
        "Péter Szijjártó",
        EntityKind.PERSON,
        (),
        (Mention(start, start + 5, "Péter"),),
        1.0,
    )
    start = text.index("Geneva")
    geneva = Entity(
        "geneva", "Geneva", EntityKind.PLACE, (), (Mention(start, start + 6, "Geneva"),), 0.5
    )
    return Analysis(ANALYSER_VERSION, expected_label(None), entities=(peter, geneva))


def accented_article() -> Article:
    builder = ArticleBuilder()
    builder.add(BlockKind.TITLE, "Talks")
    builder.add(BlockKind.PARAGRAPH, "Péter spoke in Geneva. " * 3)
    builder.add(BlockKind.PARAGRAPH, "Then more words follow here. " * 20)
    return builder.build(Metadata(title="Talks"))


async def test_one_rule_for_a_pane_filter() -> None:
    # Fails on the old code: Enter after typing did nothing, q went into the filter while
    # the footer said "q Quit", and "peter" did not find "Péter".
    article = accented_article()
    store = Store.memory()
    store.save_analysis(store.add_document(article).id, accented_analysis(article))
    app = make_app(store, article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("E")
        pane = app.screen.query_one(EntitiesPane)
        await pilot.press(*"peter")  # printable keys filter, accents ignored
        assert pane.filter_text == "peter"
        assert [row.key for row in pane.rows if row.key] == ["peter"]
        await pilot.press("enter")  # acts on the first match at once
        await pilot.pause()
        view = view_of(app)
        assert view.has_focus
        assert view.caret == article.text.index("Péter")
        await pilot.press("E")
        await pilot.press("escape")  # clears the filter, and stays
        assert pane.filter_text == "" and not view.has_focus
        await pilot.press("escape")  # then leaves
        assert view.has_focus
        await pilot.press("E", "q")  # q on an empty filter quits
        await pilot.pause()
    assert app.return_code == 0
