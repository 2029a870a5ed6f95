"""Read-only views of engine state returned by the query methods (`types.hot_value`: frozen
for mypy, cheap to make; a metrics request makes a few of them).

Must not import: anything outside the standard library and `routing.*`.
"""

from __future__ import annotations

from switchboard.domain.routing.criteria import StepStatus
from switchboard.domain.routing.types import (
    AgentContactState,
    Channel,
    ContactPhase,
    StatusRef,
    hot_value,
)


@hot_value
class StepView:
    """`RoutingCriteria.Steps[]` status and expiry (R1.9.2)."""

    status: StepStatus
    activated_at: int | None
    expires_at: int | None


@hot_value
class ContactView:
    contact_id: str
    channel: Channel
    initiation_method: str
    phase: ContactPhase
    queue_id: str | None
    user_id: str | None
    enqueued_at: int
    queue_priority: int
    age_adjust_ms: int
    connection_attempts: int
    criteria_activated_at: int | None
    steps: tuple[StepView, ...]
    active_step: int | None
    active_step_expression: str | None


@hot_value
class QueuePlace:
    """Where a waiting (QUEUED) contact stands: what GetContactMetrics reads, without the
    rest of `ContactView`."""

    queue_id: str
    channel: Channel
    enqueued_at: int
    queue_priority: int
    position: int


@hot_value
class AgentContactView:
    contact_id: str
    channel: Channel
    state: AgentContactState
    inbound: bool


@hot_value
class AgentView:
    user_id: str
    profile_id: str
    status: StatusRef
    next_status: StatusRef | None
    idle_since: int
    contacts: tuple[AgentContactView, ...]
    routable: bool
    ready_channels: tuple[Channel, ...]
