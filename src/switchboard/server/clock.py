"""The server's clocks: the wall clock (default) and a virtual clock moved by control calls.

The virtual clock's reading is kept in the store, so a restarted server resumes at the same
virtual instant instead of jumping back to the wall clock.
"""

from __future__ import annotations

import time

from switchboard.app.ports import Store

VIRTUAL_NOW_KEY = "virtual_clock_now"


class WallClock:
    """Milliseconds since the epoch from the system clock."""

    mode = "wall"

    def now(self) -> int:
        return time.time_ns() // 1_000_000


class VirtualClock:
    """A clock that moves only through `advance` / `set`, persisted in the store's meta table."""

    mode = "virtual"

    def __init__(self, store: Store, start_ms: int | None = None) -> None:
        self._store = store
        saved = store.get_meta(VIRTUAL_NOW_KEY)
        if saved is not None:
            self._now = int(saved)
        else:
            self._now = start_ms if start_ms is not None else time.time_ns() // 1_000_000
            store.set_meta(VIRTUAL_NOW_KEY, str(self._now))

    def now(self) -> int:
        return self._now

    def set(self, instant_ms: int) -> None:
        if instant_ms < self._now:
            raise ValueError(f"the virtual clock cannot go back from {self._now} to {instant_ms}")
        self._now = instant_ms
        self._store.set_meta(VIRTUAL_NOW_KEY, str(self._now))

    def advance(self, delta_ms: int) -> None:
        if delta_ms < 0:
            raise ValueError("advance by a positive amount")
        self.set(self._now + delta_ms)
