"""The reading screen's small controllers: the search prompt's and the entity marker."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from reader.core.analysis import ANALYSER_VERSION
from reader.core.analysis.model import Analysis, Entity, EntityKind, Mention
from reader.ui.screens.reading.entity_marks import ALL_ENTITIES, EntityMarker, marks_summary
from reader.ui.screens.reading.search import SearchController, search_summary


@dataclass
class View:
    """Records what the controller asks of the article view."""

    caret: int = 0
    calls: list[tuple[object, ...]] = field(default_factory=list)

    def search(self, query: str, *, origin: int | None = None) -> object:
        self.calls.append(("search", query, origin))
        return None

    def commit_search(self, origin: int) -> None:
        self.calls.append(("commit", origin))

    def clear_search(self) -> None:
        self.calls.append(("clear",))

    def move_caret(self, offset: int, *, follow: bool = True) -> None:
        self.caret = offset
        self.calls.append(("caret", offset))


def test_a_search_counts_from_the_caret_it_opened_at() -> None:
    view = View(caret=40)
    search = SearchController(lambda: view)
    search.open()
    view.caret = 90  # the view moves the caret to the current match as the query grows
    search.show("k")
    search.show("ke")
    search.accept()
    assert view.calls == [("search", "k", 40), ("search", "ke", 40), ("commit", 40)]


def test_a_cancelled_search_goes_back_to_where_it_started() -> None:
    view = View(caret=40)
    search = SearchController(lambda: view)
    search.open()
    view.caret = 90
    search.cancel()
    assert view.calls == [("clear",), ("caret", 40)]
    assert view.caret == 40


@pytest.mark.parametrize(
    ("count", "current", "query", "expected"),
    [(0, None, "", ""), (12, None, "kerry", "12 matches"), (12, 2, "kerry", "3/12")],
    ids=["no-query", "away-from-a-match", "on-a-match"],
)
def test_search_summary(count: int, current: int | None, query: str, expected: str) -> None:
    assert search_summary(count, current, query) == expected


def analysis() -> Analysis:
    kerry = Entity(
        "kerry",
        "John Kerry",
        EntityKind.PERSON,
        ("Kerry",),
        (Mention(0, 10, "John Kerry"), Mention(40, 45, "Kerry")),
        2.0,
    )
    geneva = Entity("geneva", "Geneva", EntityKind.PLACE, (), (Mention(20, 26, "Geneva"),), 1.0)
    return Analysis(ANALYSER_VERSION, "test 1.0", entities=(kerry, geneva))


def test_nothing_is_marked_at_first() -> None:
    marker = EntityMarker()
    assert marker.ranges(analysis()) is None
    assert not marker.all_marked


def test_one_entity_marks_its_mentions_under_its_name() -> None:
    marker = EntityMarker()
    marker.mark("kerry")
    assert marker.ranges(None) is None  # no analysis yet
    assert marker.ranges(analysis()) == (
        "John Kerry",
        [(0, 10, EntityKind.PERSON), (40, 45, EntityKind.PERSON)],
    )


def test_all_entities_are_marked_together_until_cleared() -> None:
    marker = EntityMarker()
    marker.mark_all()
    assert marker.all_marked
    found = marker.ranges(analysis())
    assert found is not None
    label, mentions = found
    assert label == ALL_ENTITIES
    assert sorted(mentions) == [
        (0, 10, EntityKind.PERSON),
        (20, 26, EntityKind.PLACE),
        (40, 45, EntityKind.PERSON),
    ]
    marker.clear()
    assert marker.ranges(analysis()) is None


def test_an_entity_missing_from_the_analysis_marks_nothing() -> None:
    marker = EntityMarker()
    marker.mark("damascus")
    assert marker.ranges(analysis()) is None


@pytest.mark.parametrize(
    ("current", "expected"),
    [(None, "John Kerry: 5"), (1, "John Kerry 2/5")],
    ids=["away-from-a-mention", "on-a-mention"],
)
def test_marks_summary(current: int | None, expected: str) -> None:
    assert marks_summary("John Kerry", 5, current) == expected
