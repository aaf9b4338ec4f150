"""Theme files: bundled themes are readable, broken files fail politely, the app uses them."""

from __future__ import annotations

import re
from itertools import combinations
from pathlib import Path
from typing import ClassVar

import pytest
from textual.app import App, ComposeResult
from textual.color import Color, rgb_to_lab
from textual.theme import BUILTIN_THEMES, Theme
from textual.widgets import Static

from reader.paths import themes_dir
from reader.ui.themes import (
    APP_VARIABLES,
    DEFAULT_THEME,
    LIGHT_APP_VARIABLES,
    ThemeError,
    ThemeFailure,
    ThemeLoad,
    app_variable_defaults,
    contrast_ratio,
    load_theme_file,
    load_themes,
    user_themes_dir,
)

BUNDLED = themes_dir()
BUNDLED_FILES = sorted(BUNDLED.glob("*.toml"))
REQUIRED_THEMES = ("reader-dark", "reader-paper", "reader-contrast")

HIGHLIGHTS = tuple(name for name in APP_VARIABLES if name.startswith("highlight-"))
ENTITIES = tuple(name for name in APP_VARIABLES if name.startswith("entity-"))
BACKGROUND_VARIABLES = (*HIGHLIGHTS, "search-match", "search-current", "caret", "selection")
"""Variables drawn behind the theme's foreground text."""
FOREGROUND_VARIABLES = (*ENTITIES, "note-marker")
"""Variables drawn as text on the theme's background."""

MIN_CONTRAST = {"reader-contrast": 7.0}
"""WCAG AAA (7:1) for the high-contrast theme; every other theme needs AA (4.5:1)."""
AA = 4.5
MIN_BODY_CONTRAST = 7.0
"""Body text in every bundled theme meets AAA: these are themes for long reading."""
MIN_ENTITY_DELTA_E = 20.0
"""CIE76 distance between entity colours; about 2.3 is just noticeable, 20 is plainly different."""
MIN_BACKGROUND_DELTA_E = 8.0
"""Highlights, search hits, caret and selection can sit side by side and must not be confused."""

GOOD_THEME = """\
name = "good"
primary = "#336699"
background = "#101010"
foreground = "#eeeeee"

[variables]
highlight-yellow = "#665500"
"""


def bundled(name: str) -> Theme:
    """A bundled theme, loaded from its file."""
    return load_theme_file(BUNDLED / f"{name}.toml")


def colour(theme: Theme, name: str) -> Color:
    """A theme field or app variable of `theme` as an opaque `Color`, blended onto its background.

    Blending makes the contrast figures honest should a theme ever use a translucent colour.
    """
    background = Color.parse(theme.background or "#000000")
    value = theme.variables[name] if name in theme.variables else getattr(theme, name)
    return background + Color.parse(value)


def delta_e(first: Color, second: Color) -> float:
    """CIE76 colour difference: the straight-line distance between two colours in Lab space."""
    a, b = rgb_to_lab(first), rgb_to_lab(second)
    return float(((a.L - b.L) ** 2 + (a.a - b.a) ** 2 + (a.b - b.b) ** 2) ** 0.5)


def write(directory: Path, name: str, text: str) -> Path:
    """Write a theme file into `directory`, creating it, and return its path."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


# --- bundled themes ---------------------------------------------------------------------------


def test_required_themes_are_bundled() -> None:
    names = {theme.name for theme in load_themes(BUNDLED).themes}
    assert set(REQUIRED_THEMES) <= names
    assert DEFAULT_THEME in names


def test_bundled_themes_load_without_failures() -> None:
    load = load_themes(BUNDLED)
    assert load.failures == ()
    assert len(load.themes) == len(BUNDLED_FILES)


@pytest.mark.parametrize("path", BUNDLED_FILES, ids=lambda path: path.stem)
def test_bundled_theme_defines_every_app_variable(path: Path) -> None:
    theme = load_theme_file(path)
    assert theme.name == path.stem, "a theme file is named after its theme"
    assert set(theme.variables) == set(APP_VARIABLES)
    assert theme.foreground and theme.background, "contrast is checked against these"


@pytest.mark.parametrize(
    ("name", "dark"),
    [("reader-dark", True), ("reader-paper", False), ("reader-contrast", True)],
    ids=REQUIRED_THEMES,
)
def test_bundled_theme_is_dark_or_light(name: str, dark: bool) -> None:
    assert bundled(name).dark is dark


def test_contrast_theme_is_pure_black_and_white() -> None:
    theme = bundled("reader-contrast")
    assert Color.parse(theme.background or "") == Color(0, 0, 0)
    assert Color.parse(theme.foreground or "") == Color(255, 255, 255)


@pytest.mark.parametrize("name", REQUIRED_THEMES)
def test_body_text_meets_aaa(name: str) -> None:
    theme = bundled(name)
    ratio = contrast_ratio(colour(theme, "foreground"), colour(theme, "background"))
    assert ratio >= MIN_BODY_CONTRAST, f"{ratio:.2f}:1"


@pytest.mark.parametrize(
    ("name", "variable"),
    [(name, variable) for name in REQUIRED_THEMES for variable in BACKGROUND_VARIABLES],
    ids=[f"{name}-{variable}" for name in REQUIRED_THEMES for variable in BACKGROUND_VARIABLES],
)
def test_foreground_text_is_readable_on_background_variable(name: str, variable: str) -> None:
    theme = bundled(name)
    ratio = contrast_ratio(colour(theme, "foreground"), colour(theme, variable))
    assert ratio >= MIN_CONTRAST.get(name, AA), f"{ratio:.2f}:1"


@pytest.mark.parametrize(
    ("name", "variable"),
    [(name, variable) for name in REQUIRED_THEMES for variable in FOREGROUND_VARIABLES],
    ids=[f"{name}-{variable}" for name in REQUIRED_THEMES for variable in FOREGROUND_VARIABLES],
)
def test_foreground_variable_is_readable_on_background(name: str, variable: str) -> None:
    theme = bundled(name)
    ratio = contrast_ratio(colour(theme, variable), colour(theme, "background"))
    assert ratio >= MIN_CONTRAST.get(name, AA), f"{ratio:.2f}:1"


@pytest.mark.parametrize("name", REQUIRED_THEMES)
def test_entity_colours_are_distinguishable(name: str) -> None:
    theme = bundled(name)
    for first, second in combinations(ENTITIES, 2):
        distance = delta_e(colour(theme, first), colour(theme, second))
        assert distance >= MIN_ENTITY_DELTA_E, f"{first} and {second}: ΔE {distance:.1f}"


@pytest.mark.parametrize("name", REQUIRED_THEMES)
def test_background_variables_are_distinguishable(name: str) -> None:
    theme = bundled(name)
    for first, second in combinations(("background", *BACKGROUND_VARIABLES), 2):
        distance = delta_e(colour(theme, first), colour(theme, second))
        assert distance >= MIN_BACKGROUND_DELTA_E, f"{first} and {second}: ΔE {distance:.1f}"


# --- defaults for themes that leave variables out ---------------------------------------------


def test_light_defaults_cover_the_same_variables() -> None:
    assert set(LIGHT_APP_VARIABLES) == set(APP_VARIABLES)
    assert app_variable_defaults(dark=True) == APP_VARIABLES
    assert app_variable_defaults(dark=False) == LIGHT_APP_VARIABLES
    app_variable_defaults()["caret"] = "red"
    assert APP_VARIABLES["caret"] != "red", "callers get a copy"


@pytest.mark.parametrize(
    ("textual_theme", "variable"),
    [
        (textual_theme, variable)
        for textual_theme in ("textual-dark", "textual-light")
        for variable in APP_VARIABLES
    ],
    ids=[
        f"{textual_theme}-{variable}"
        for textual_theme in ("textual-dark", "textual-light")
        for variable in APP_VARIABLES
    ],
)
def test_defaults_are_readable_on_textuals_own_themes(textual_theme: str, variable: str) -> None:
    theme = BUILTIN_THEMES[textual_theme]
    generated = theme.to_color_system().generate()
    background = Color.parse(generated["background"])
    foreground = Color.parse(generated["foreground"])
    value = background + Color.parse(app_variable_defaults(theme.dark)[variable])
    if variable in BACKGROUND_VARIABLES:
        ratio = contrast_ratio(foreground, value)
    else:
        ratio = contrast_ratio(value, background)
    assert ratio >= AA, f"{ratio:.2f}:1"


# --- broken files -----------------------------------------------------------------------------

BROKEN = [
    pytest.param(
        'name = "x"\nprimary = \n', ["bad.toml", "not valid TOML", "line 2"], id="bad-toml"
    ),
    pytest.param(
        'name = "x"\nprimary = "#123456"\ncolour = "#000000"\n',
        ['"colour"', "unknown key"],
        id="unknown-key",
    ),
    pytest.param('primary = "#123456"\n', ["has no name"], id="missing-name"),
    pytest.param('name = "x"\n', ["no primary colour"], id="missing-primary"),
    pytest.param('name = "my theme"\nprimary = "#123456"\n', ["'my theme'"], id="bad-name"),
    pytest.param('name = 3\nprimary = "#123456"\n', ["name that is not a string"], id="name-type"),
    pytest.param(
        'name = "x"\nprimary = "#12345"\n', ["primary = '#12345'", "not a colour"], id="bad-colour"
    ),
    pytest.param(
        'name = "x"\nprimary = "#123456"\nbackground = 0x101010\n',
        ["background = 1052688", "must be a string"],
        id="colour-type",
    ),
    pytest.param(
        'name = "x"\nprimary = "#123456"\ndark = "yes"\n',
        ["dark = 'yes'", "true or false"],
        id="dark-type",
    ),
    pytest.param(
        'name = "x"\nprimary = "#123456"\n[variables]\nhighlight-orange = "#ffaa00"\n',
        ['unknown variable "highlight-orange"'],
        id="unknown-variable",
    ),
    pytest.param(
        'name = "x"\nprimary = "#123456"\n[variables]\ncaret = "bluish"\n',
        ["variables.caret = 'bluish'", "not a colour", "did you mean 'blue'?"],
        id="bad-variable-colour",
    ),
    pytest.param(
        'name = "x"\nprimary = "#123456"\nvariables = "none"\n',
        ["not a [variables] table"],
        id="variables-type",
    ),
    pytest.param(b'name = "caf\xe9"\n', ["not UTF-8"], id="not-utf8"),
]


@pytest.mark.parametrize(("text", "expected"), BROKEN)
def test_broken_file_raises_a_plain_sentence(
    tmp_path: Path, text: str | bytes, expected: list[str]
) -> None:
    path = tmp_path / "bad.toml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(ThemeError) as caught:
        load_theme_file(path)
    message = str(caught.value)
    assert isinstance(caught.value, ValueError)
    assert "bad.toml" in message
    assert message.endswith((".", "?")) and "\n" not in message
    for fragment in expected:
        assert fragment in message


@pytest.mark.parametrize(("text", "expected"), BROKEN)
def test_broken_file_beside_a_good_one_is_a_failure(
    tmp_path: Path, text: str | bytes, expected: list[str]
) -> None:
    good = write(tmp_path, "good.toml", GOOD_THEME)
    bad = tmp_path / "bad.toml"
    if isinstance(text, bytes):
        bad.write_bytes(text)
    else:
        bad.write_text(text, encoding="utf-8")
    load = load_themes(tmp_path)
    assert [theme.name for theme in load.themes] == ["good"]
    assert load.themes[0].variables == {"highlight-yellow": "#665500"}
    assert len(load.failures) == 1
    failure = load.failures[0]
    assert isinstance(failure, ThemeFailure)
    assert failure.path == bad
    assert all(fragment in failure.reason for fragment in expected)
    assert good not in {failure.path for failure in load.failures}


def test_directory_named_like_a_theme_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "folder.toml").mkdir()
    write(tmp_path, "good.toml", GOOD_THEME)
    load = load_themes(tmp_path)
    assert [theme.name for theme in load.themes] == ["good"]
    assert load.failures == (), "a directory named *.toml is not a theme file"


def test_unknown_keys_are_all_named(tmp_path: Path) -> None:
    path = write(tmp_path, "x.toml", 'name = "x"\nprimary = "#123"\nfoo = 1\nbar = 2\n')
    with pytest.raises(ThemeError, match='unknown keys "bar", "foo"'):
        load_theme_file(path)


# --- loading several folders ------------------------------------------------------------------


def test_minimal_theme_needs_only_name_and_primary(tmp_path: Path) -> None:
    theme = load_theme_file(write(tmp_path, "tiny.toml", 'name = "tiny"\nprimary = "red"\n'))
    assert theme.name == "tiny"
    assert theme.primary == "red"
    assert theme.dark is True
    assert theme.variables == {}


def test_colours_may_be_any_format_textual_parses(tmp_path: Path) -> None:
    text = (
        'name = "formats"\nprimary = "rgb(10, 20, 30)"\nsecondary = "hsl(200, 50%, 40%)"\n'
        'accent = "teal"\n[variables]\ncaret = "#abc"\n'
    )
    theme = load_theme_file(write(tmp_path, "formats.toml", text))
    assert theme.secondary == "hsl(200, 50%, 40%)"
    assert theme.variables == {"caret": "#abc"}


def test_user_theme_overrides_bundled_by_name(tmp_path: Path) -> None:
    user = tmp_path / "user"
    write(user, "my-paper.toml", 'name = "reader-paper"\nprimary = "#ff0000"\ndark = false\n')
    write(user, "mine.toml", 'name = "mine"\nprimary = "#00ff00"\n')
    load = load_themes(BUNDLED, user)
    themes = {theme.name: theme for theme in load.themes}
    assert load.failures == ()
    assert themes["reader-paper"].primary == "#ff0000"
    assert themes["reader-dark"] == bundled("reader-dark")
    assert "mine" in themes
    assert [theme.name for theme in load.themes] == sorted(themes)


def test_earlier_directory_loses_to_later(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    write(first, "a.toml", 'name = "same"\nprimary = "#111111"\n')
    write(second, "b.toml", 'name = "same"\nprimary = "#222222"\n')
    assert load_themes(first, second).themes[0].primary == "#222222"
    assert load_themes(second, first).themes[0].primary == "#111111"


def test_same_name_twice_in_one_folder_keeps_the_first(tmp_path: Path) -> None:
    write(tmp_path, "a.toml", 'name = "same"\nprimary = "#111111"\n')
    copy = write(tmp_path, "b.toml", 'name = "same"\nprimary = "#222222"\n')
    load = load_themes(tmp_path)
    assert [theme.primary for theme in load.themes] == ["#111111"]
    assert [failure.path for failure in load.failures] == [copy]
    assert "a.toml" in load.failures[0].reason


def test_missing_directories_are_fine(tmp_path: Path) -> None:
    assert load_themes(tmp_path / "nowhere") == ThemeLoad(themes=(), failures=())
    assert load_themes() == ThemeLoad(themes=(), failures=())


def test_other_files_are_ignored(tmp_path: Path) -> None:
    write(tmp_path, "README.md", "not a theme")
    write(tmp_path, "good.toml.bak", "name = ")
    assert load_themes(tmp_path) == ThemeLoad(themes=(), failures=())


def test_user_themes_dir_is_in_the_user_config_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert user_themes_dir() == tmp_path / "reader" / "themes"


# --- in the app -------------------------------------------------------------------------------


class ThemedApp(App[None]):
    """The smallest app that wires themes the way ReaderApp is meant to."""

    CSS: ClassVar[str] = """
    Static { background: $highlight-yellow; color: $entity-person; }
    """

    def __init__(self, *directories: Path) -> None:
        super().__init__()
        for theme in load_themes(*directories).themes:
            self.register_theme(theme)

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return app_variable_defaults(self.current_theme.dark)

    def compose(self) -> ComposeResult:
        yield Static("Highlighted words")


async def test_app_switches_to_a_bundled_theme() -> None:
    builtin_before = dict(BUILTIN_THEMES)
    app = ThemedApp(BUNDLED)
    async with app.run_test(size=(40, 5)) as pilot:
        app.theme = "reader-paper"
        await pilot.pause()
        paper = bundled("reader-paper")
        assert app.current_theme.name == "reader-paper"
        assert app.current_theme.dark is False
        yellow = paper.variables["highlight-yellow"]
        assert app.theme_variables["highlight-yellow"] == yellow
        assert app.get_css_variables()["background"] == Color.parse(paper.background or "").hex
        static = app.query_one(Static)
        assert static.styles.background == Color.parse(yellow)
        assert static.styles.color == Color.parse(paper.variables["entity-person"])
    assert builtin_before == BUILTIN_THEMES, "Textual's own theme dict is left alone"


async def test_app_fills_in_variables_a_theme_leaves_out(tmp_path: Path) -> None:
    write(tmp_path, "tiny.toml", 'name = "tiny"\nprimary = "#884400"\ndark = false\n')
    app = ThemedApp(BUNDLED, tmp_path)
    async with app.run_test(size=(40, 5)) as pilot:
        app.theme = "tiny"
        await pilot.pause()
        assert app.current_theme.name == "tiny"
        for name, value in LIGHT_APP_VARIABLES.items():
            assert app.theme_variables[name] == value
        static = app.query_one(Static)
        assert static.styles.background == Color.parse(LIGHT_APP_VARIABLES["highlight-yellow"])


# --- every text colour the stylesheets use, and the line beside the sidebar ----------------

STYLESHEETS = sorted(Path(__file__).resolve().parents[2].glob("reader/ui/**/*.tcss"))
TEXT_COLOUR = re.compile(r"(?<![-\w])color:\s*\$([\w-]+)(?:\s+(\d+)%)?")
PAGES = ("background", "surface", "panel")
"""What text is drawn on: the page, the sidebar and the raised parts."""
TEXTUAL_INACTIVE_TAB = ("foreground", 50)
"""How Textual draws an inactive tab unless a stylesheet says otherwise."""


def text_colours() -> set[tuple[str, int]]:
    """Every `color: $variable [NN%]` in reader's stylesheets, and Textual's inactive tab
    unless the sidebar styles its tabs itself."""
    sidebar = (Path(__file__).resolve().parents[2] / "reader/ui/widgets/sidebar.tcss").read_text()
    found = set() if re.search(r"& Tab \{\s*color:", sidebar) else {TEXTUAL_INACTIVE_TAB}
    for sheet in STYLESHEETS:
        for name, percent in TEXT_COLOUR.findall(sheet.read_text(encoding="utf-8")):
            found.add((name, int(percent or 100)))
    return found


def resolved(theme: Theme, name: str, percent: int, page: Color) -> Color:
    """A colour as Textual draws it over `page`: "auto NN%" is the contrasting text colour."""
    generated = theme.to_color_system().generate()
    value = theme.variables.get(name) or generated[name]
    if value.startswith("auto"):
        parts = value.split()
        alpha = float(parts[1].rstrip("%")) / 100 if len(parts) > 1 else 1.0
        colour_ = page.get_contrast_text(alpha)
    else:
        colour_ = Color.parse(value)
    return page + colour_.with_alpha(colour_.a * percent / 100)


@pytest.mark.parametrize("name", REQUIRED_THEMES)
def test_every_text_colour_meets_wcag_on_every_page(name: str) -> None:
    # Fails on the old themes: muted text on the contrast theme's panel (6.8:1), warnings on
    # the paper theme (4.0:1) and Textual's inactive tabs (2.7:1 on paper) were under target.
    theme = bundled(name)
    generated = theme.to_color_system().generate()
    least = MIN_CONTRAST.get(name, AA)
    failures = []
    for page_name in PAGES:
        page = Color.parse(generated[page_name])
        for variable, percent in sorted(text_colours()):
            ratio = contrast_ratio(resolved(theme, variable, percent, page), page)
            if ratio < least:
                failures.append(f"{variable} {percent}% on {page_name}: {ratio:.2f}")
    assert failures == []


def test_no_text_is_dimmed() -> None:
    # `dim` halves a colour's contrast where the ratios above cannot see it: the "More …"
    # aside was muted and dimmed, under 3:1 on the paper theme.
    for sheet in STYLESHEETS:
        for line in sheet.read_text(encoding="utf-8").splitlines():
            if "text-style:" in line and ":ansi" not in line:
                assert "dim" not in line.split("text-style:", 1)[1].split(";")[0], (
                    f"{sheet.name}: {line.strip()}"
                )


@pytest.mark.parametrize("name", REQUIRED_THEMES)
def test_the_line_beside_the_sidebar_is_visible(name: str) -> None:
    theme = bundled(name)
    generated = theme.to_color_system().generate()
    sheet = (Path(__file__).resolve().parents[2] / "reader/ui/widgets/sidebar.tcss").read_text()
    match = re.search(r"border-left:\s*\w+\s+\$([\w-]+)(?:\s+(\d+)%)?", sheet)
    assert match
    page = Color.parse(generated["background"])
    line = resolved(theme, match.group(1), int(match.group(2) or 100), page)
    assert contrast_ratio(line, page) >= 3.0  # WCAG's non-text contrast


# --- terminals without truecolor ------------------------------------------------------------

EIGHT_BIT_DISTINCT = (*HIGHLIGHTS, "selection", "search-match", "search-current")
"""What must stay told apart where COLORTERM is unset (macOS Terminal): 256 colours."""


def eight_bit(theme: Theme, name: str) -> int:
    """The 256-colour palette entry a colour becomes there, as Rich (under Textual) picks it."""
    from rich.color import Color as RichColor
    from rich.color import ColorSystem

    generated = theme.to_color_system().generate()
    value = theme.variables.get(name) or generated[name]
    blended = Color.parse(generated["background"]) + Color.parse(value)
    number = RichColor.from_rgb(blended.r, blended.g, blended.b).downgrade(ColorSystem.EIGHT_BIT)
    assert number.number is not None
    return number.number


@pytest.mark.parametrize("name", REQUIRED_THEMES)
def test_highlights_selection_and_pages_stay_apart_in_256_colours(name: str) -> None:
    # Fails on the old themes: in reader-dark green, blue and search matches were one
    # palette entry (23); in reader-paper blue and purple (188), green and the selection
    # (187), pink and the sidebar (224).
    theme = bundled(name)
    entries = {variable: eight_bit(theme, variable) for variable in EIGHT_BIT_DISTINCT}
    assert len(set(entries.values())) == len(entries), entries
    pages = {eight_bit(theme, page) for page in ("background", "surface")}
    assert not pages & set(entries.values())
    if bundled(name).background != bundled(name).surface:
        assert len(pages) == 2  # the sidebar stays apart from the page
