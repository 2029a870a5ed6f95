"""Time in the core: instants are integer milliseconds since the Unix epoch (real or virtual).

Float seconds never enter the core, so orderings built on time have no float ties.
"""

from __future__ import annotations

from typing import NewType, Protocol

Instant = NewType("Instant", int)
"""Milliseconds since 1970-01-01T00:00:00Z, on whatever clock drives the engine."""

MS_PER_SECOND = 1000


class Clock(Protocol):
    """Source of the current instant; the server passes a wall clock, tests a virtual one."""

    def now(self) -> int: ...


class FixedClock:
    """A clock that only moves when told to: the virtual clock for tests and the simulator."""

    __slots__ = ("_now",)

    def __init__(self, start_ms: int = 0) -> None:
        self._now = start_ms

    def now(self) -> int:
        return self._now

    def set(self, instant_ms: int) -> None:
        """Move the clock to `instant_ms`; it never runs backwards."""
        if instant_ms < self._now:
            raise ValueError(f"clock cannot go back from {self._now} to {instant_ms}")
        self._now = instant_ms

    def advance(self, delta_ms: int) -> None:
        self.set(self._now + delta_ms)


def seconds(value_ms: int) -> float:
    """Milliseconds to float seconds, for the edges that speak seconds."""
    return value_ms / MS_PER_SECOND
