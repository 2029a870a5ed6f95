"""The contact record (one segment) and its lifecycle status.

Times are int ms. A record is immutable; `recorder.apply` returns the next version.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from switchboard.domain.channel import Channel
from switchboard.domain.routing.criteria import RoutingCriteria, StepStatus

DEFAULT_QUEUE_PRIORITY = 5


class ContactStatus(StrEnum):
    """Where a segment is in its life (R5.3.2); FINISHED means the record is final."""

    SCHEDULED = "SCHEDULED"  # a task waiting for its ScheduledTime
    IN_FLOW = "IN_FLOW"  # running its flow, not yet queued
    QUEUED = "QUEUED"
    CONNECTING = "CONNECTING"  # offered to an agent (ringing)
    CONNECTED = "CONNECTED"
    ON_HOLD = "ON_HOLD"
    AFTER_CONTACT_WORK = "AFTER_CONTACT_WORK"  # customer side over, the agent is in ACW
    FINISHED = "FINISHED"

    @property
    def is_live(self) -> bool:
        return self is not ContactStatus.FINISHED


@dataclass(frozen=True, slots=True)
class StepRecord:
    status: StepStatus
    expiry_seconds: int | None
    expires_at: int | None


@dataclass(frozen=True, slots=True)
class Contact:
    id: str
    instance_id: str
    arn: str
    channel: Channel
    initiation_method: str
    initiated_at: int
    status: ContactStatus = ContactStatus.IN_FLOW
    name: str | None = None
    description: str | None = None
    attributes: dict[str, str] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)
    initial_contact_id: str | None = None
    previous_contact_id: str | None = None
    next_contact_id: str | None = None
    related_contact_id: str | None = None
    contact_flow_id: str | None = None
    connected_to_system_at: int | None = None
    scheduled_at: int | None = None
    # Queue.
    queue_id: str | None = None
    enqueued_at: int | None = None
    dequeued_at: int | None = None
    queue_priority: int | None = None
    queue_time_adjustment_seconds: int | None = None
    routing_criteria: RoutingCriteria | None = None
    routing_criteria_index: int = 0
    routing_activated_at: int | None = None
    routing_steps: tuple[StepRecord, ...] = ()
    # Agent.
    agent_id: str | None = None
    agent_hierarchy_group_ids: tuple[str, ...] = ()
    ring_started_at: int | None = None
    accepted_at: int | None = None
    connected_to_agent_at: int | None = None
    hold_started_at: int | None = None
    hold_total_ms: int = 0
    hold_count: int = 0
    acw_started_at: int | None = None
    acw_ended_at: int | None = None
    connection_attempts: int = 0
    missed_count: int = 0
    # End.
    disconnected_at: int | None = None
    disconnect_reason: str | None = None
    pre_disconnect_state: str | None = None
    transfer_completed_at: int | None = None
    abandoned: bool = False
    last_update_at: int = 0
    # Flow.
    flow_messages: tuple[str, ...] = ()
    wait_until: int | None = None
    wait_flow_id: str | None = None
    wait_action: str | None = None
    target_queue_id: str | None = None

    @property
    def queue_duration_ms(self) -> int | None:
        if self.enqueued_at is None or self.dequeued_at is None:
            return None
        return self.dequeued_at - self.enqueued_at

    @property
    def acw_duration_ms(self) -> int | None:
        if self.acw_started_at is None or self.acw_ended_at is None:
            return None
        return self.acw_ended_at - self.acw_started_at
