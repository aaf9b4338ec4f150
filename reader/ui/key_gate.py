"""KeyGate: the keys typed right after a key that opens an input go into that input, in order.

A paste, a macro or a fast typist sends "/kerry" or "ahello" in one burst. The app hands
each key to the focused widget as it takes it, before that widget has acted on the one
before: "k", "e", "r" reach the article while `/` is still opening the search prompt, and
run as commands ("e" colours every entity). The gate is the app's first look at each key:
after a key bound to an action that opens an input, it holds the keys that follow, and lets
them go on, in order, once the focus has moved (into the input), or after `TIMEOUT` if
nothing opened (they are then commands again). Keys before the opening one are untouched,
so "V" then "a" still selects before the note opens.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Protocol

from textual import events
from textual.widget import Widget

TIMEOUT = 0.5
"""Seconds at most that keys are held waiting for an input to open."""

CHECK_EVERY = 0.01
"""Seconds between two looks at whether the focus has moved."""


class Stoppable(Protocol):
    """A repeating timer (Textual's `Timer`)."""

    def stop(self) -> None:
        """Stop it."""


class KeyGate:
    """Holds keys after an input-opening key until the focus moves; see the module."""

    def __init__(
        self,
        opening_actions: Collection[str],
        *,
        focused: Callable[[], Widget | None],
        action_of: Callable[[str], str | None],
        resend: Callable[[events.Key], object],
        set_interval: Callable[[float, Callable[[], None]], Stoppable],
        clock: Callable[[], float],
    ) -> None:
        """A gate for keys bound to `opening_actions`.

        Args:
            opening_actions: names of the actions that open an input ("search").
            focused: the widget with the focus now.
            action_of: the action a key runs where the focus is, if any.
            resend: hands a held key back to the app, to be taken as if it came now.
            set_interval: runs a callback every so many seconds until stopped.
            clock: seconds, for the timeout.
        """
        self.opening_actions = frozenset(opening_actions)
        self._focused = focused
        self._action_of = action_of
        self._resend = resend
        self._set_interval = set_interval
        self._clock = clock
        self._held: list[events.Key] = []
        self._in_flight: set[int] = set()
        self._resent_held = 0
        self._origin: Widget | None = None
        self._since = 0.0
        self._timer: Stoppable | None = None

    @property
    def holding(self) -> bool:
        """Whether keys are being held for an input that is opening."""
        return self._timer is not None

    def take(self, event: events.Key) -> bool:
        """Look at a key as the app receives it; True if the gate keeps it for now.

        A key handed back by `release` comes through here again; until the last of those
        has, a newer key waits behind them, so the order holds.
        """
        resent = id(event) in self._in_flight
        self._in_flight.discard(id(event))
        if self.holding or (self._in_flight and not resent):
            if resent:  # older than any key held since it was handed back: it goes first
                self._held.insert(self._resent_held, event)
                self._resent_held += 1
            else:
                self._held.append(event)
            return True
        action = self._action_of(event.key)
        if action is not None and action.split("(", 1)[0] in self.opening_actions:
            # Let the opening key through, and hold what follows until it has acted.
            self._origin = self._focused()
            self._since = self._clock()
            self._timer = self._set_interval(CHECK_EVERY, self._check)
        elif not self._in_flight and self._held:
            self._hand_back()  # the keys that came while the last ones were handed back
        return False

    def _check(self) -> None:
        if self._focused() is not self._origin or self._clock() - self._since >= TIMEOUT:
            self.release()

    def release(self) -> None:
        """Stop holding, and hand the held keys back to the app in the order they came."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._hand_back()

    def _hand_back(self) -> None:
        held, self._held, self._resent_held = self._held, [], 0
        for event in held:
            self._in_flight.add(id(event))
            self._resend(event)
