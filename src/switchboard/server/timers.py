"""Fires routing timers on the wall clock: offer timeouts, ACW timeouts, delays, step expiry.

An alarm on the event loop goes off at the earliest due instant of any instance (at least
every `IDLE_WAIT_S`) and advances every instance that is due; a request moves the alarm
earlier when it armed an earlier timer. Under the virtual clock the pump stays idle: the clock control advances instances.
"""

from __future__ import annotations

import asyncio
import logging

from switchboard.app.container import App

LOG = logging.getLogger(__name__)
IDLE_WAIT_S = 1.0
IDLE_WAIT_MS = round(IDLE_WAIT_S * 1000)
MAX_ROUNDS = 10_000  # guard: timers armed at the same instant by the timers just fired


class TimerPump:
    """An alarm on the event loop set for the earliest due instant of any instance.

    `wake()` runs after every request (and every live-traffic step), so it must be cheap: it
    only moves the alarm earlier when the request armed an earlier timer (one `next_due()` per
    instance, no task switch). Requests themselves fire whatever is due at their `now`, so the
    alarm is only needed for timers that come due while nothing else happens.
    """

    def __init__(self, app: App) -> None:
        self.app = app
        self._loop: asyncio.AbstractEventLoop | None = None
        self._alarm: asyncio.TimerHandle | None = None
        self._alarm_at: int | None = None  # app-clock ms the alarm is set for

    def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._fire()

    def stop(self) -> None:
        if self._alarm is not None:
            self._alarm.cancel()
        self._alarm = None
        self._loop = None

    def wake(self) -> None:
        if self._loop is None:
            return
        due = _next_due(self.app)
        if due is not None and (self._alarm_at is None or due < self._alarm_at):
            self._arm(due)

    def _fire(self) -> None:
        self._alarm = None
        try:
            advance_all(self.app)
            due = _next_due(self.app)
        except Exception:  # never lose the alarm: try again after the idle wait
            LOG.exception("timer pump failed; retrying in %.1f s", IDLE_WAIT_S)
            due = None
        if self._loop is not None:
            self._arm(due)

    def _arm(self, due: int | None) -> None:
        assert self._loop is not None
        if self._alarm is not None:
            self._alarm.cancel()
        now = self.app.now()
        delay_ms = IDLE_WAIT_MS if due is None else max(0, min(IDLE_WAIT_MS, due - now))
        self._alarm_at = now + delay_ms
        self._alarm = self._loop.call_later(delay_ms / 1000, self._fire)


def _next_due(app: App) -> int | None:
    dues = [d for d in (c.next_due() for c in app.all_centers()) if d is not None]
    return min(dues) if dues else None


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
