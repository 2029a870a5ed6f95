"""Routing-specific domain errors (the shared tree lives in `switchboard.domain.errors`).

LimitExceededError  <- QueueAtCapacityError   (R1.8.2: the QueueAtCapacity branch)
InvalidRequestError <- QueueDisabledError     (R1.1.6 ASSUMPTION)
"""

from __future__ import annotations

from switchboard.domain.errors import InvalidRequestError, LimitExceededError


class QueueAtCapacityError(LimitExceededError):
    """The queue holds MaxContacts contacts already (R1.8.1-R1.8.3)."""

    def __init__(self, queue_id: str, capacity: int) -> None:
        super().__init__(f"Queue {queue_id} is at capacity ({capacity} contacts)")
        self.queue_id = queue_id
        self.capacity = capacity


class QueueDisabledError(InvalidRequestError):
    """The queue is DISABLED and accepts no new contacts (R1.1.6)."""

    def __init__(self, queue_id: str) -> None:
        super().__init__(f"Queue {queue_id} is disabled")
        self.queue_id = queue_id
