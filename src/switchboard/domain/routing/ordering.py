"""The sort keys of routing, in one place.

Waiting order inside one (queue, channel) (R1.3.4, SimPy `PriorityRequest.key` + counter)::

    queue_key(c) = (c.queue_priority, c.enqueued_at - c.age_adjust_ms, c.seq)

Lower first. `enqueued_at - age_adjust_ms` ascending is the same order as routing age
(`now - enqueued_at + age_adjust_ms`) descending, and it does not change while the contact
waits, so the key is static and fits an order-statistic list. `seq` is a global counter taken
at enqueue; it replaces R2.2.2's `(EnqueueTimestamp, ContactId)` tail: it orders exactly like
EnqueueTimestamp and breaks same-millisecond ties by arrival instead of by id.

Across the queues of one routing profile, for one agent (R1.3.6 ASSUMPTION)::

    (is_standard_queue, profile_priority(queue, channel), queue_key(c))

The agent queue comes first (R1.1.2); then the lowest profile priority whose delay is met
(R1.3.2, R1.3.3); among equal profile priorities the contact key decides (R1.3.5).

Agents for one contact (R1.4.1, R1.4.3): ascending `(idle_since, user_id)`.
Must not import: anything outside the standard library.
"""

from __future__ import annotations

from typing import Any

QueueKey = tuple[int, int, int, Any]
"""(queue_priority, enqueued_at - age_adjust_ms, seq, record). `seq` is unique, so the record
in the last place is never compared; it rides along to save a lookup."""

AgentKey = tuple[int, str]
"""(idle_since, user_id)."""


def queue_key(
    queue_priority: int, enqueued_at: int, age_adjust_ms: int, seq: int
) -> tuple[int, int, int]:
    """The documented waiting-order key without the record (for tests and brute force)."""
    return (queue_priority, enqueued_at - age_adjust_ms, seq)
