"""The FlowEnvironment a running flow sees: queues, hours, queue metrics, other flows, enqueue.

One environment serves one flow run inside one unit of work, so an enqueue from the flow is
journaled and recorded in the same transaction as the rest of the command.
"""

from __future__ import annotations

from dataclasses import replace

from switchboard.app.center.center import ContactCenter
from switchboard.app.contact_flows import executable_flow
from switchboard.app.predefined_attributes import find_predefined_attribute
from switchboard.app.unit_of_work import UnitOfWork
from switchboard.domain.channel import Channel
from switchboard.domain.contacts import recorder
from switchboard.domain.flows.interpreter import (
    ContactState,
    EnqueueOutcome,
    QueueMetricsSnapshot,
    QueueRef,
)
from switchboard.domain.flows.language import Flow
from switchboard.domain.metrics.contact import contact_metrics
from switchboard.domain.metrics.realtime import queue_wait_s
from switchboard.domain.resources.contact_flow import ContactFlow
from switchboard.domain.resources.hours import HoursOfOperation, is_open
from switchboard.domain.resources.queue import Queue, QueueType
from switchboard.domain.resources.user import User
from switchboard.domain.routing import EnqueueContact, QueueAtCapacityError, QueueDisabledError
from switchboard.domain.routing.types import AgentContactState, StatusKind


def queue_ref(queue: Queue) -> QueueRef:
    return QueueRef(
        queue.id,
        queue.arn,
        queue.name,
        queue.queue_type is QueueType.AGENT,
        queue.hours_of_operation_id,
    )


class CenterFlowEnvironment:
    def __init__(
        self, center: ContactCenter, uow: UnitOfWork, capacity_allowance: bool = False
    ) -> None:
        self.center = center
        self.uow = uow
        self.capacity_allowance = capacity_allowance

    def now(self) -> int:
        return self.uow.now

    def resolve_queue(self, id_or_arn: str) -> QueueRef | None:
        queue = self.uow.get(Queue, id_or_arn)
        return None if queue is None else queue_ref(queue)

    def agent_queue(self, user_id_or_arn: str) -> QueueRef | None:
        user = self.uow.get(User, user_id_or_arn)
        if user is None or not user.agent_queue_id:
            return None
        queue = self.uow.get(Queue, user.agent_queue_id)
        return None if queue is None else queue_ref(queue)

    def enqueue(self, contact: ContactState, queue: QueueRef) -> EnqueueOutcome:
        record = self.uow.contact(contact.contact_id)
        if record is None:
            return EnqueueOutcome.NO_MATCH
        priority = contact.queue_priority or record.queue_priority or 5
        adjust_s = (
            contact.queue_time_adjustment_s
            if contact.queue_time_adjustment_s is not None
            else record.queue_time_adjustment_seconds or 0
        )
        criteria = contact.routing_criteria or record.routing_criteria
        self.uow.put_contact(
            replace(
                recorder.with_criteria(record, criteria),
                attributes=dict(contact.attributes),
                queue_priority=priority,
                queue_time_adjustment_seconds=adjust_s,
                routing_steps=(),
            )
        )
        ticket = EnqueueContact(
            record.id, record.channel, record.initiation_method, priority, adjust_s * 1000, criteria
        )
        try:
            self.center.call(
                self.uow, "enqueue", ticket, queue.id, self.center.now(), self.capacity_allowance
            )
        except QueueAtCapacityError:
            return EnqueueOutcome.AT_CAPACITY
        except QueueDisabledError:
            return EnqueueOutcome.NO_MATCH
        return EnqueueOutcome.OK

    def is_open(self, hours_of_operation_id: str) -> bool | None:
        hours = self.uow.get(HoursOfOperation, hours_of_operation_id)
        return None if hours is None else is_open(hours, self.uow.now)

    def queue_metrics(
        self, queue: QueueRef, channel: str | None, contact_id: str
    ) -> QueueMetricsSnapshot | None:
        return queue_metrics_snapshot(self.center, queue, channel, contact_id)

    def load_flow(self, flow_id_or_arn: str) -> Flow | None:
        flow = self.uow.get(ContactFlow, flow_id_or_arn.split(":$")[0])
        return None if flow is None else executable_flow(flow)

    def attribute_exists(self, name: str) -> bool:
        return find_predefined_attribute(self.uow, name) is not None


def queue_metrics_snapshot(
    center: ContactCenter, queue: QueueRef, channel: str | None, contact_id: str
) -> QueueMetricsSnapshot:
    """What *Get queue metrics* reads (R8.5), from the live engine state."""
    engine = center.engine
    now = center.now()
    ch = Channel(channel.upper()) if channel else None
    size = engine.waiting_count(queue.id, ch)
    oldest = engine.oldest_enqueued_at(queue.id, ch)
    channels = [ch] if ch else list(Channel)
    agent_ids: set[str] = set()
    for c in channels:
        agent_ids.update(engine.agents_serving(queue.id, c))
    online = available = staffed = acw = busy = missed = non_productive = 0
    for user_id in agent_ids:
        view = engine.agent_state(user_id)
        kind = view.status.kind
        if kind is StatusKind.OFFLINE and not view.contacts:
            continue
        online += 1
        states = {c.state for c in view.contacts}
        if kind is StatusKind.ROUTABLE:
            staffed += 1
            if not view.contacts and view.next_status is None:
                available += 1
        elif kind is StatusKind.CUSTOM:
            non_productive += 1
        acw += sum(1 for c in view.contacts if c.state is AgentContactState.ENDED)
        if states & {AgentContactState.CONNECTED, AgentContactState.CONNECTED_ONHOLD}:
            busy += 1
        if AgentContactState.MISSED in states:
            missed += 1
    position = engine.position(contact_id) if engine.has_contact(contact_id) else None
    stats, estimator = center.tracker.stats, center.estimator
    queue_ewt = None
    if ch is not None:  # R8.5: the queue estimate needs exactly one channel
        queue_ewt = queue_wait_s(engine, stats, estimator, queue.id, ch)
    contact_ewt = None
    if position is not None:
        found = contact_metrics(engine, stats, estimator, contact_id, now)
        contact_ewt = found.estimated_wait_s
    return QueueMetricsSnapshot(
        queue_name=queue.name,
        queue_arn=queue.arn,
        size=size,
        oldest_contact_age_s=0 if oldest is None else max(0, (now - oldest) // 1000),
        agents_online=online or None,
        agents_available=available if online else None,
        agents_staffed=staffed if online else None,
        agents_after_contact_work=acw if online else None,
        agents_busy=busy if online else None,
        agents_missed=missed if online else None,
        agents_non_productive=non_productive if online else None,
        queue_ewt_s=queue_ewt,
        contact_position=position,
        contact_ewt_s=contact_ewt,
    )
