"""Typed, immutable, past-tense events returned by every mutating engine call.

Each event carries the ids it touched and the instant (`at`, int ms), so the application can
persist exactly the contacts and agents that changed and feed the contact event log.
Events of one call come in the order things happened (a timer batch: timers first, then the
offers its matching made).
Events are `types.hot_value` classes: frozen for mypy, cheap to make at run time.
Must not import: anything outside the standard library and `routing.types`.
"""

from __future__ import annotations

from switchboard.domain.routing.types import (
    AgentContactState,
    Channel,
    DequeueReason,
    StatusRef,
    hot_value,
)


@hot_value
class ContactQueued:
    contact_id: str
    queue_id: str
    channel: Channel
    at: int
    queue_priority: int | None = None  # at entry; learned arrival rates per priority


@hot_value
class ContactOffered:
    """Routed to one agent; the agent's contact is CONNECTING (R1.5.1)."""

    contact_id: str
    user_id: str
    queue_id: str
    channel: Channel
    at: int
    expires_at: int | None


@hot_value
class ContactConnected:
    """Connected to the agent (accepted, auto-accepted, or an outbound call placed)."""

    contact_id: str
    user_id: str
    queue_id: str | None
    channel: Channel
    at: int
    inbound: bool


@hot_value
class ContactMissed:
    """The offer timed out (R1.5.3)."""

    contact_id: str
    user_id: str
    at: int


@hot_value
class ContactRejected:
    """The agent declined, or the customer left while the offer rang (R1.5.4)."""

    contact_id: str
    user_id: str
    at: int
    by_customer: bool


@hot_value
class ContactConnectionFailed:
    """The connection to the agent failed; the agent's contact is in ERROR (R1.5.6)."""

    contact_id: str
    user_id: str
    at: int


@hot_value
class ContactRequeued:
    """Back in its queue after a miss, reject or error, keeping its key (R1.5.3 ASSUMPTION)."""

    contact_id: str
    queue_id: str
    channel: Channel
    at: int
    connection_attempts: int


@hot_value
class ContactDequeued:
    """Left its queue (or its offer) without being answered."""

    contact_id: str
    queue_id: str
    channel: Channel
    at: int
    reason: DequeueReason


@hot_value
class ContactRoutingUpdated:
    """QueuePriority / QueueTimeAdjustment / criteria replaced (R1.10)."""

    contact_id: str
    at: int
    queue_priority: int
    age_adjust_ms: int
    criteria_replaced: bool


@hot_value
class ContactOnHold:
    contact_id: str
    user_id: str
    at: int


@hot_value
class ContactResumed:
    contact_id: str
    user_id: str
    at: int


@hot_value
class ContactEnded:
    """The customer side is over (disconnect while connected)."""

    contact_id: str
    user_id: str
    at: int


@hot_value
class AfterContactWorkStarted:
    contact_id: str
    user_id: str
    at: int
    expires_at: int | None


@hot_value
class AfterContactWorkCleared:
    contact_id: str
    user_id: str
    at: int
    timed_out: bool


@hot_value
class RoutingStepActivated:
    contact_id: str
    step_index: int
    at: int
    expires_at: int | None


@hot_value
class RoutingStepExpired:
    contact_id: str
    step_index: int
    at: int


@hot_value
class RoutingStepJoined:
    contact_id: str
    step_index: int
    user_id: str
    at: int


@hot_value
class AgentStatusChanged:
    user_id: str
    status: StatusRef
    previous: StatusRef
    at: int


@hot_value
class AgentNextStatusSet:
    """A next status was set (or cancelled: `next_status` None) (R1.6.4)."""

    user_id: str
    next_status: StatusRef | None
    at: int


@hot_value
class AgentSlotFreed:
    """A contact stopped occupying one of the agent's slots; `state` is what it was."""

    user_id: str
    contact_id: str
    channel: Channel
    state: AgentContactState
    at: int


Event = (
    ContactQueued
    | ContactOffered
    | ContactConnected
    | ContactMissed
    | ContactRejected
    | ContactConnectionFailed
    | ContactRequeued
    | ContactDequeued
    | ContactRoutingUpdated
    | ContactOnHold
    | ContactResumed
    | ContactEnded
    | AfterContactWorkStarted
    | AfterContactWorkCleared
    | RoutingStepActivated
    | RoutingStepExpired
    | RoutingStepJoined
    | AgentStatusChanged
    | AgentNextStatusSet
    | AgentSlotFreed
)
