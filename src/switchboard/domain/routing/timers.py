"""Pending engine timers: a heap with lazy cancellation and a total, deterministic order.

Tie-break order of simultaneous timers (the one place it is written down)
-------------------------------------------------------------------------
Timers fire in ascending ``(due_at, kind, seq)``:

1. ``due_at``: earlier instants first. All timers due at one instant form a *batch*.
2. ``kind`` (urgency), lower first::

       ACW_TIMEOUT (0) < OFFER_TIMEOUT (1) < STEP_EXPIRY (2) < DELAY_GATE (3)

   Slots are freed before offers time out, offers time out before criteria move on, and
   queue delays open last; so every state change of the instant is applied before matching.
3. ``seq``: the order in which the timers were scheduled (a global counter that survives
   export/restore).

After a whole batch has been applied, matching runs once for that instant (engine R1.4.6
loop over the agents and contacts the batch touched), so the outcome does not depend on the
order inside a batch. Timers scheduled by the batch at the same instant form a new batch.
Must not import: anything outside the standard library and `routing.types`.
"""

from __future__ import annotations

import heapq
from enum import IntEnum

from switchboard.domain.routing.types import hot_value


class TimerKind(IntEnum):
    """What a timer does when it fires; the value is its urgency (lower fires first)."""

    ACW_TIMEOUT = 0
    OFFER_TIMEOUT = 1
    STEP_EXPIRY = 2
    DELAY_GATE = 3


@hot_value
class Timer:
    """One pending timer. `arg` is the step index for STEP_EXPIRY, else 0."""

    due_at: int
    kind: TimerKind
    seq: int
    contact_id: str
    arg: int = 0


class TimerQueue:
    """Min-heap of timers keyed by (due_at, kind, seq); cancelled timers are skipped lazily."""

    __slots__ = ("_live", "_seq", "heap")

    def __init__(self, next_seq: int = 0) -> None:
        # Read by the engine to skip `next_due` when the earliest entry is not due (cancelled
        # entries only make that check conservative); written only here.
        self.heap: list[tuple[int, int, int]] = []
        self._live: dict[int, Timer] = {}
        self._seq = next_seq

    @property
    def next_seq(self) -> int:
        return self._seq

    def schedule(self, due_at: int, kind: TimerKind, contact_id: str, arg: int = 0) -> int:
        """Add a timer and return its seq (the handle for `cancel`)."""
        seq = self._seq
        self._seq = seq + 1
        self._live[seq] = Timer(due_at, kind, seq, contact_id, arg)
        heap = self.heap
        if len(heap) > 256 and len(heap) > 4 * len(self._live):
            # Drop cancelled entries so the heap stays proportional to the live timers.
            heap[:] = [entry for entry in heap if entry[2] in self._live]
            heapq.heapify(heap)
        heapq.heappush(heap, (due_at, kind, seq))
        return seq

    def restore(self, timer: Timer) -> None:
        """Re-add an exported timer with its original seq."""
        self._live[timer.seq] = timer
        heapq.heappush(self.heap, (timer.due_at, timer.kind, timer.seq))
        self._seq = max(self._seq, timer.seq + 1)

    def cancel(self, seq: int | None) -> None:
        if seq is not None:
            self._live.pop(seq, None)

    def next_due(self) -> int | None:
        heap = self.heap
        live = self._live
        while heap:
            if heap[0][2] in live:
                return heap[0][0]
            heapq.heappop(heap)
        return None

    def pop_batch(self, due_at: int) -> list[Timer]:
        """Remove and return every live timer due exactly at `due_at`, in firing order."""
        heap = self.heap
        live = self._live
        batch: list[Timer] = []
        while heap and heap[0][0] == due_at:
            _, _, seq = heapq.heappop(heap)
            timer = live.pop(seq, None)
            if timer is not None:
                batch.append(timer)
        return batch

    def pending(self) -> tuple[Timer, ...]:
        """Live timers in firing order (for export)."""
        return tuple(sorted(self._live.values(), key=lambda t: (t.due_at, t.kind, t.seq)))

    def __len__(self) -> int:
        return len(self._live)

    def restore_seq(self, next_seq: int) -> None:
        """Continue numbering where the exported queue stopped."""
        self._seq = max(self._seq, next_seq)
