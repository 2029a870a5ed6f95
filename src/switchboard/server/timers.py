"""Fires routing timers on the wall clock: offer timeouts, ACW timeouts, delays, step expiry.

One asyncio task sleeps until the earliest due instant of any instance (or until a request
wakes it because it may have armed an earlier timer) and then advances every instance that
is due. Under the virtual clock the pump stays idle: the clock control advances instances.
"""

from __future__ import annotations

import asyncio
import logging

from switchboard.app.container import App

LOG = logging.getLogger(__name__)
IDLE_WAIT_S = 1.0
MAX_ROUNDS = 10_000  # guard: timers armed at the same instant by the timers just fired


class TimerPump:
    def __init__(self, app: App) -> None:
        self.app = app
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run())

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()

    def wake(self) -> None:
        self._wake.set()

    async def _run(self) -> None:
        while True:
            delay = self._delay_s()
            try:
                await asyncio.wait_for(self._wake.wait(), timeout=delay)
            except TimeoutError:
                pass
            self._wake.clear()
            advance_all(self.app)

    def _delay_s(self) -> float:
        now = self.app.now()
        dues = [d for d in (c.next_due() for c in self.app.all_centers()) if d is not None]
        if not dues:
            return IDLE_WAIT_S
        return max(0.0, min(IDLE_WAIT_S, (min(dues) - now) / 1000))


def advance_all(app: App) -> int:
    """Fire whatever is due in every instance; returns how many instances changed."""
    changed = 0
    for center in app.all_centers():
        try:
            for _ in range(MAX_ROUNDS):
                if not center.advance():
                    break
                changed += 1
        except Exception:
            LOG.exception("instance %s: timer processing failed", center.instance_id)
    return changed
