"""The engine's mutable record of one live contact, including its routing-step progress.

Invariants (guarded by the engine):
* phase QUEUED  <=> the record's `key` is in exactly one queue index (its queue, channel and
  active-step sub-index); OFFERED/CONNECTED/... => in no index, `user_id` set.
* `active_step` is the index of the ACTIVE step or None; `active_key` is that step's canonical
  expression JSON (None when no step is active: no criteria, all expired, or an agent queue).
Must not import: anything outside the standard library and `routing.*`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from switchboard.domain.routing.criteria import RoutingCriteria, StepStatus, canonical_json
from switchboard.domain.routing.ordering import QueueKey
from switchboard.domain.routing.types import Channel, ContactPhase

if TYPE_CHECKING:
    from switchboard.domain.routing.queue_index import ChannelQueue
    from switchboard.domain.routing.ranked import RankedKeys

_INACTIVE = StepStatus.INACTIVE


class ContactRecord:
    """One live contact: where it waits or which agent holds it, and its routing data."""

    __slots__ = (
        "activation_at",
        "active_key",
        "active_step",
        "acw_timer",
        "age_adjust_ms",
        "channel",
        "connection_attempts",
        "contact_id",
        "criteria",
        "enqueued_at",
        "gate_timers",
        "inbound",
        "initiation_method",
        "key",
        "offer_timer",
        "phase",
        "place_in",
        "place_main",
        "place_sub",
        "queue_id",
        "queue_index",
        "queue_priority",
        "seq",
        "step_activated_at",
        "step_expires_at",
        "step_status",
        "step_timer",
        "user_id",
    )

    def __init__(
        self,
        contact_id: str,
        channel: Channel,
        initiation_method: str,
        queue_id: str | None,
        queue_priority: int,
        age_adjust_ms: int,
        enqueued_at: int,
        seq: int,
        phase: ContactPhase,
        inbound: bool,
        criteria: RoutingCriteria | None,
        queue_index: ChannelQueue[ContactRecord] | None = None,
    ) -> None:
        self.contact_id = contact_id
        self.channel = channel
        self.initiation_method = initiation_method
        self.queue_id = queue_id
        # The index of (queue_id, channel), fixed for the contact's life: routing reads the
        # pair's serving profiles from it and it is where the contact waits while QUEUED.
        self.queue_index = queue_index
        self.queue_priority = queue_priority
        self.age_adjust_ms = age_adjust_ms
        self.enqueued_at = enqueued_at
        self.seq = seq
        self.phase = phase
        self.inbound = inbound
        self.user_id: str | None = None
        self.connection_attempts = 0
        self.criteria = criteria
        if criteria is None:
            self.step_status: list[StepStatus] = []
            self.step_activated_at: list[int | None] = []
            self.step_expires_at: list[int | None] = []
        else:
            n = len(criteria.steps)
            self.step_status = [_INACTIVE] * n
            self.step_activated_at = [None] * n
            self.step_expires_at = [None] * n
        self.activation_at: int | None = None
        self.active_step: int | None = None
        self.active_key: str | None = None
        self.offer_timer: int | None = None
        self.acw_timer: int | None = None
        self.step_timer: int | None = None
        self.gate_timers: list[int] = []
        self.key: QueueKey = (queue_priority, enqueued_at - age_adjust_ms, seq, self)
        # Where a position is read (set by the queue index while QUEUED): the ranked keys
        # that order this contact (its queue's main index, or its active step's sub-index)
        # and where `ranked.RankedKeys` appended the key in each. Named to sort beside
        # `phase`: CPython lays slots out alphabetically, so a position reads one cache line
        # of the record (it showed at 10^6 waiting).
        self.place_in: RankedKeys | None = None
        self.place_main = -1
        self.place_sub = -1

    def rekey(self) -> None:
        self.key = (self.queue_priority, self.enqueued_at - self.age_adjust_ms, self.seq, self)

    def replace_criteria(self, criteria: RoutingCriteria | None) -> None:
        """Store new criteria with every step INACTIVE (R1.10.4)."""
        self.criteria = criteria
        n = len(criteria.steps) if criteria else 0
        self.step_status = [StepStatus.INACTIVE] * n
        self.step_activated_at = [None] * n
        self.step_expires_at = [None] * n
        self.activation_at = None
        self.active_step = None
        self.active_key = None

    def activate_step(self, index: int, now: int) -> int | None:
        """Make step `index` ACTIVE at `now`; return its expiry instant (None: never)."""
        assert self.criteria is not None
        step = self.criteria.steps[index]
        self.step_status[index] = StepStatus.ACTIVE
        self.step_activated_at[index] = now
        expires = None if step.expiry_ms is None else now + step.expiry_ms
        self.step_expires_at[index] = expires
        self.active_step = index
        self.active_key = canonical_json(step.expression)
        return expires

    def expire_active_step(self) -> int:
        """Mark the ACTIVE step EXPIRED and return its index."""
        index = self.active_step
        assert index is not None
        self.step_status[index] = StepStatus.EXPIRED
        self.active_step = None
        self.active_key = None
        return index
