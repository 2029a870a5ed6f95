"""Folding routing events into contact records (R1.5-R1.6, R1.9.2, R5.2).

Pure: the server, the simulator and the tests all build records the same way, so historical
metrics are computed from identical data wherever the contacts came from.
"""

from __future__ import annotations

from dataclasses import replace

from switchboard.domain.contacts.contact import Contact, ContactStatus, StepRecord
from switchboard.domain.routing import events as ev
from switchboard.domain.routing.criteria import RoutingCriteria, StepStatus
from switchboard.domain.routing.types import DequeueReason


def apply(contact: Contact, event: ev.Event) -> Contact:
    """The record after `event` (an event about another contact returns it unchanged)."""
    at = getattr(event, "at", contact.last_update_at)
    updated = _apply(contact, event)
    if updated is contact:
        return contact
    return replace(updated, last_update_at=max(at, contact.last_update_at))


def _apply(c: Contact, e: ev.Event) -> Contact:
    if isinstance(e, ev.ContactQueued):
        return replace(
            c,
            status=ContactStatus.QUEUED,
            queue_id=e.queue_id,
            enqueued_at=e.at,
            dequeued_at=None,
            queue_priority=c.queue_priority or 5,
            queue_time_adjustment_seconds=c.queue_time_adjustment_seconds or 0,
        )
    if isinstance(e, ev.ContactOffered):
        return replace(
            c,
            status=ContactStatus.CONNECTING,
            agent_id=e.user_id,
            ring_started_at=e.at,
            connection_attempts=c.connection_attempts + 1,
        )
    if isinstance(e, ev.ContactConnected):
        first = c.connected_to_agent_at is None
        return replace(
            c,
            status=ContactStatus.CONNECTED,
            agent_id=e.user_id,
            accepted_at=e.at if first else c.accepted_at,
            connected_to_agent_at=e.at if first else c.connected_to_agent_at,
            dequeued_at=e.at if c.enqueued_at is not None and c.dequeued_at is None else c.dequeued_at,
            connection_attempts=max(c.connection_attempts, 1) if e.inbound else c.connection_attempts,
        )
    if isinstance(e, ev.ContactMissed):
        return replace(c, missed_count=c.missed_count + 1)
    if isinstance(e, ev.ContactRequeued):
        return replace(c, status=ContactStatus.QUEUED, agent_id=None, ring_started_at=None)
    if isinstance(e, ev.ContactOnHold):
        return replace(
            c, status=ContactStatus.ON_HOLD, hold_started_at=e.at, hold_count=c.hold_count + 1
        )
    if isinstance(e, ev.ContactResumed):
        held = e.at - c.hold_started_at if c.hold_started_at is not None else 0
        return replace(
            c,
            status=ContactStatus.CONNECTED,
            hold_started_at=None,
            hold_total_ms=c.hold_total_ms + held,
        )
    if isinstance(e, ev.ContactEnded):
        return _disconnected(c, e.at)
    if isinstance(e, ev.AfterContactWorkStarted):
        return replace(c, status=ContactStatus.AFTER_CONTACT_WORK, acw_started_at=e.at)
    if isinstance(e, ev.AfterContactWorkCleared):
        return replace(c, status=ContactStatus.FINISHED, acw_ended_at=e.at)
    if isinstance(e, ev.ContactDequeued):
        done = _finish(replace(c, dequeued_at=e.at, pre_disconnect_state="IN_QUEUE"), e.at)
        if e.reason is DequeueReason.TRANSFERRED:
            # R1.11.3: the waiting segment ends; the new segment carries the contact on.
            return replace(done, transfer_completed_at=e.at)
        return replace(done, abandoned=e.reason is DequeueReason.ABANDONED)
    if isinstance(e, ev.ContactRoutingUpdated):
        return replace(
            c,
            queue_priority=e.queue_priority,
            queue_time_adjustment_seconds=e.age_adjust_ms // 1000,
        )
    if isinstance(e, ev.RoutingStepActivated | ev.RoutingStepExpired | ev.RoutingStepJoined):
        return _step(c, e)
    return c


def _disconnected(c: Contact, at: int) -> Contact:
    pre = "CONNECTED_ONHOLD" if c.status is ContactStatus.ON_HOLD else "CONNECTED"
    held = at - c.hold_started_at if c.hold_started_at is not None else 0
    return replace(
        c,
        disconnected_at=c.disconnected_at or at,
        pre_disconnect_state=c.pre_disconnect_state or pre,
        hold_started_at=None,
        hold_total_ms=c.hold_total_ms + held,
        status=ContactStatus.AFTER_CONTACT_WORK,
    )


def _finish(c: Contact, at: int) -> Contact:
    return replace(
        c,
        status=ContactStatus.FINISHED,
        disconnected_at=c.disconnected_at or at,
    )


def finish(c: Contact, at: int, reason: str | None = None) -> Contact:
    """Close a record that the engine does not hold (ended in its flow, or before queueing)."""
    return replace(
        _finish(c, at), disconnect_reason=c.disconnect_reason or reason, last_update_at=at
    )


def with_criteria(c: Contact, criteria: RoutingCriteria | None) -> Contact:
    """The record carrying `criteria` (None keeps the current ones).

    R1.9.8 ASSUMPTION: `Index` is 0 for the first criteria and counts up by one with each
    replacement by different criteria; the step progress restarts with new criteria.
    """
    if criteria is None or criteria == c.routing_criteria:
        return c
    bump = 0 if c.routing_criteria is None else 1
    return replace(
        c,
        routing_criteria=criteria,
        routing_criteria_index=c.routing_criteria_index + bump,
        routing_steps=(),
    )


def _step(c: Contact, e: ev.RoutingStepActivated | ev.RoutingStepExpired | ev.RoutingStepJoined) -> Contact:
    steps = list(c.routing_steps)
    if c.routing_criteria is not None and len(steps) < len(c.routing_criteria.steps):
        steps += [
            StepRecord(StepStatus.INACTIVE, _seconds(s.expiry_ms), None)
            for s in c.routing_criteria.steps[len(steps) :]
        ]
    if not 0 <= e.step_index < len(steps):
        return c
    old = steps[e.step_index]
    if isinstance(e, ev.RoutingStepActivated):
        steps[e.step_index] = replace(old, status=StepStatus.ACTIVE, expires_at=e.expires_at)
        activated = c.routing_activated_at if e.step_index else e.at
        return replace(c, routing_steps=tuple(steps), routing_activated_at=activated)
    status = StepStatus.EXPIRED if isinstance(e, ev.RoutingStepExpired) else StepStatus.JOINED
    steps[e.step_index] = replace(old, status=status)
    return replace(c, routing_steps=tuple(steps))


def _seconds(ms: int | None) -> int | None:
    return None if ms is None else ms // 1000
