"""The simulator's event loop: a heap of `(time, urgency, seq, payload)` on virtual time.

Time is int milliseconds, the engine's unit. `urgency` names what happens (`Urgency`) and
breaks ties between things due at the same millisecond; `seq` (a counter) keeps the order in
which equal-(time, urgency) events were scheduled, so a run is a pure function of its seed
(SimPy `core.py` keys its heap the same way).

Tie-break order of simultaneous simulator events (the one place it is written down)
-----------------------------------------------------------------------------------
Lower urgency first::

    ENGINE_TIMER (0)  engine timers due now (offer timeout, ACW timeout, delays, step expiry)
    SHIFT_END    (1)  an agent's shift is over: Offline (a busy agent finishes first, R1.6.4)
    SERVICE_END  (2)  the conversation ends: end_contact -> after contact work
    ACW_END      (3)  the agent finishes after contact work: clear_acw
    AGENT_READY  (4)  the agent clears a missed/rejected offer by choosing Available again
    ACCEPT       (5)  the agent accepts a ringing offer
    SHIFT_START  (6)  an agent logs in: Available
    ABANDON      (7)  the customer's patience runs out: dequeue ABANDONED
    FLOW_RESUME  (8)  a flow Wait block times out
    ARRIVAL      (9)  a new contact arrives

So capacity freed at an instant is offered to the contacts already waiting before anyone
abandons or arrives at that instant. (The engine fires its own timers due at or before the
`now` of every call first anyway, with its own documented order, `routing/timers.py`.)
Must not import: anything outside the standard library.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence
from enum import IntEnum
from typing import Any

Handler = Callable[[int, Any], None]
_push = heapq.heappush


class Urgency(IntEnum):
    ENGINE_TIMER = 0
    SHIFT_END = 1
    SERVICE_END = 2
    ACW_END = 3
    AGENT_READY = 4
    ACCEPT = 5
    SHIFT_START = 6
    ABANDON = 7
    FLOW_RESUME = 8
    ARRIVAL = 9


class Kernel:
    """The pending-event heap and the virtual clock (`now`, int ms, never decreasing)."""

    __slots__ = ("heap", "now", "popped", "seq")

    def __init__(self) -> None:
        self.heap: list[tuple[int, int, int, Any]] = []
        self.now = 0
        self.seq = 0
        self.popped = 0

    def schedule(self, at: int, urgency: Urgency, payload: Any) -> None:
        """Queue `payload` for `handlers[urgency]` at instant `at` (not before `now`)."""
        seq = self.seq
        self.seq = seq + 1
        _push(self.heap, (max(self.now, at), urgency, seq, payload))

    def run(
        self,
        handlers: Sequence[Handler],
        until: int | None = None,
        progress: Callable[[int], None] | None = None,
        progress_every: int = 8192,
    ) -> None:
        """Pop and dispatch events in `(time, urgency, seq)` order until the heap is empty
        (or the next event is after `until`). `progress(now)` is called every
        `progress_every` events."""
        heap = self.heap
        pop = heapq.heappop
        last = until if until is not None else float("inf")
        count = 0
        while heap and heap[0][0] <= last:
            at, urgency, _, payload = pop(heap)
            self.now = at
            handlers[urgency](at, payload)
            count += 1
            if progress is not None and count % progress_every == 0:
                progress(at)
        self.popped += count
