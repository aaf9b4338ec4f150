"""KeyGate alone: which keys it holds, and that every key goes on in the order it came."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st
from textual import events

from reader.ui.key_gate import TIMEOUT, KeyGate


class Timer:
    def __init__(self, callback: Callable[[], None]) -> None:
        self.callback = callback
        self.stopped = False

    def stop(self) -> None:
        self.stopped = True


class World:
    """The app around a gate: what has the focus, the clock, and the keys that went on."""

    def __init__(self) -> None:
        self.focus: object = "article"
        self.now = 0.0
        self.timers: list[Timer] = []
        self.queue: list[events.Key] = []
        self.passed: list[str] = []
        self.gate = KeyGate(
            ["search"],
            focused=lambda: self.focus,  # type: ignore[arg-type, return-value]
            action_of=lambda key: "search" if key == "slash" and self.focus == "article" else None,
            resend=self.queue.append,
            set_interval=self.interval,
            clock=lambda: self.now,
        )

    def interval(self, _seconds: float, callback: Callable[[], None]) -> Timer:
        self.timers.append(Timer(callback))
        return self.timers[-1]

    def tick(self) -> None:
        for timer in [t for t in self.timers if not t.stopped]:
            timer.callback()

    def arrive(self, key: str) -> None:
        """A key the app takes (from the terminal, or handed back by the gate)."""
        event = events.Key(key, key if len(key) == 1 else None)
        if not self.gate.take(event):
            self.passed.append(key)
            if key == "slash":
                self.focus = "input"  # the prompt opens (later, on a tick)

    def drain(self) -> None:
        while self.queue:
            event = self.queue.pop(0)
            if not self.gate.take(event):
                self.passed.append(event.key)


def test_keys_after_the_opening_one_wait_for_the_focus_and_keep_their_order() -> None:
    world = World()
    for key in ["x", "slash", "k", "e"]:
        world.arrive(key)
    assert world.passed == ["x", "slash"]
    assert world.gate.holding
    world.tick()  # the focus has moved: let them go
    world.arrive("r")  # comes before the handed-back ones are through: waits behind them
    world.drain()
    world.drain()
    assert world.passed == ["x", "slash", "k", "e", "r"]
    assert not world.gate.holding


def test_nothing_opens_then_the_keys_go_on_after_the_timeout() -> None:
    world = World()
    world.arrive("slash")
    world.focus = "article"  # nothing took the focus
    world.arrive("j")
    world.tick()
    assert world.passed == ["slash"]
    world.now = TIMEOUT
    world.tick()
    world.drain()
    assert world.passed == ["slash", "j"]


@settings(max_examples=500)
@given(st.lists(st.sampled_from(["a", "b", "slash", "TICK", "DRAIN"]), max_size=40))
def test_every_key_goes_on_once_in_the_order_it_came(steps: list[str]) -> None:
    world = World()
    typed: list[str] = []
    for step in steps:
        if step == "TICK":
            world.now += TIMEOUT
            world.tick()
        elif step == "DRAIN":
            world.drain()
        else:
            if world.focus == "input" and not world.gate.holding:
                world.focus = "article"  # the prompt closed again
            typed.append(step)
            world.arrive(step)
    for _ in range(len(steps) + 2):
        world.now += TIMEOUT
        world.tick()
        world.drain()
    assert world.passed == typed
