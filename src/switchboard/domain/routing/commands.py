"""Command values the engine accepts for contacts.

`EnqueueContact` is what the brief called a "ContactTicket" (STYLE §3: no invented nouns).
Must not import: anything outside the standard library and `routing.*`.
"""

from __future__ import annotations

from switchboard.domain.errors import InvalidArgumentError
from switchboard.domain.routing.criteria import RoutingCriteria
from switchboard.domain.routing.types import Channel, hot_value

DEFAULT_QUEUE_PRIORITY = 5
"""`QueuePriority` default (R1.3.4)."""


@hot_value
class EnqueueContact:
    """Put a contact in a queue (Transfer to queue / a transfer / a callback)."""

    contact_id: str
    channel: Channel
    initiation_method: str = "INBOUND"
    queue_priority: int = DEFAULT_QUEUE_PRIORITY
    age_adjust_ms: int = 0
    criteria: RoutingCriteria | None = None

    def __post_init__(self) -> None:
        if self.queue_priority < 1:  # R1.10.1
            raise InvalidArgumentError("QueuePriority", "must be a positive integer")
