"""Contact use cases: start (task, chat, outbound voice, inbound call), flows, stop, transfer,
attributes, routing data (R1.10, R1.11, R5.3).

Every function runs one command in one unit of work on the instance's ContactCenter.
"""

from __future__ import annotations

from dataclasses import replace

from switchboard.app.center.center import ContactCenter
from switchboard.app.center.flow_env import CenterFlowEnvironment, queue_ref
from switchboard.app.contact_flows import executable_flow
from switchboard.app.unit_of_work import UnitOfWork
from switchboard.domain.channel import Channel
from switchboard.domain.contacts import recorder
from switchboard.domain.contacts.contact import Contact, ContactStatus
from switchboard.domain.errors import (
    ConflictError,
    ContactNotFoundError,
    InvalidArgumentError,
    InvalidRequestError,
    NotFoundError,
)
from switchboard.domain.flows.interpreter import ContactState, FlowOutcome, OutcomeKind, WaitPoint
from switchboard.domain.flows.interpreter import resume as resume_flow
from switchboard.domain.flows.interpreter import run as run_flow
from switchboard.domain.ids import resource_arn
from switchboard.domain.resources.contact_flow import ContactFlow
from switchboard.domain.resources.queue import Queue, QueueStatus, QueueType
from switchboard.domain.resources.user import User
from switchboard.domain.routing import DequeueReason
from switchboard.domain.routing.criteria import RoutingCriteria
from switchboard.domain.routing.types import ContactPhase

MAX_TRANSFERS = 11  # a contact chain can be transferred at most 11 times (R1.11.2)


def install_timer_handler(center: ContactCenter) -> None:
    """Scheduled tasks start their flow, and flow Wait blocks resume, when their time comes."""

    def on_timer(center: ContactCenter, uow: UnitOfWork, contact: Contact) -> None:
        if contact.status is ContactStatus.SCHEDULED:
            started = replace(contact, status=ContactStatus.IN_FLOW, last_update_at=uow.now)
            uow.put_contact(started)
            _run_contact_flow(center, uow, started, contact.contact_flow_id)
        elif contact.status is ContactStatus.IN_FLOW and contact.wait_flow_id:
            flow_entity = uow.get(ContactFlow, contact.wait_flow_id)
            flow = None if flow_entity is None else executable_flow(flow_entity)
            if flow is None or contact.wait_action is None:
                uow.put_contact(recorder.finish(contact, uow.now, "OTHER"))
                return
            wait = WaitPoint(flow, contact.wait_action, contact.wait_until or uow.now)
            outcome = resume_flow(
                wait, _flow_state(uow, contact), CenterFlowEnvironment(center, uow)
            )
            _settle(center, uow, contact.id, outcome, contact.wait_flow_id)

    center.on_timer = on_timer


# ------------------------------------------------------------------------------ starting


def new_contact(
    center: ContactCenter,
    uow: UnitOfWork,
    contact_id: str,
    *,
    channel: Channel,
    initiation_method: str,
    name: str | None = None,
    description: str | None = None,
    attributes: dict[str, str] | None = None,
    previous_contact_id: str | None = None,
    related_contact_id: str | None = None,
    contact_flow_id: str | None = None,
    scheduled_at: int | None = None,
    target_queue_id: str | None = None,
    tags: dict[str, str] | None = None,
) -> Contact:
    """A fresh contact record (not yet committed)."""
    previous = uow.contact(previous_contact_id) if previous_contact_id else None
    if previous_contact_id and previous is None:
        raise NotFoundError("Contact", previous_contact_id)
    contact = Contact(
        id=contact_id,
        instance_id=center.instance_id,
        arn=resource_arn(center.state.instance.arn, "contact", contact_id),
        channel=channel,
        initiation_method=initiation_method,
        initiated_at=uow.now,
        status=ContactStatus.SCHEDULED if scheduled_at else ContactStatus.IN_FLOW,
        name=name,
        description=description,
        attributes=dict(attributes or {}),
        tags=dict(tags or {}),
        initial_contact_id=(previous.initial_contact_id or previous.id) if previous else contact_id,
        previous_contact_id=previous_contact_id,
        related_contact_id=related_contact_id,
        contact_flow_id=contact_flow_id,
        connected_to_system_at=uow.now,
        scheduled_at=scheduled_at,
        target_queue_id=target_queue_id,
        last_update_at=uow.now,
    )
    uow.put_contact(contact)
    return contact


def start_contact(
    center: ContactCenter,
    contact_id: str,
    *,
    channel: Channel,
    initiation_method: str,
    contact_flow_id: str | None,
    **fields: object,
) -> Contact:
    """Create a contact and run its flow now (or at its scheduled time)."""
    uow = center.unit_of_work()
    flow_entity = _require_flow(uow, contact_flow_id) if contact_flow_id else None
    contact = new_contact(
        center,
        uow,
        contact_id,
        channel=channel,
        initiation_method=initiation_method,
        contact_flow_id=flow_entity.id if flow_entity else None,
        **fields,  # type: ignore[arg-type]
    )
    if contact.status is ContactStatus.IN_FLOW:
        if flow_entity is not None:
            _run_contact_flow(center, uow, contact, flow_entity.id)
        elif contact.target_queue_id:
            _enqueue_direct(center, uow, contact, contact.target_queue_id)
    uow.commit()
    return center.require_contact(contact_id)


def _require_flow(uow: UnitOfWork, flow_id: str) -> ContactFlow:
    flow = uow.get(ContactFlow, flow_id.split(":$")[0])
    if flow is None:
        raise NotFoundError("Contact flow", flow_id)
    return flow


def _run_contact_flow(
    center: ContactCenter, uow: UnitOfWork, contact: Contact, flow_id: str | None
) -> None:
    flow_entity = uow.get(ContactFlow, flow_id) if flow_id else None
    flow = None if flow_entity is None else executable_flow(flow_entity)
    if flow is None:
        # A contact with no runnable flow but a target queue goes straight there.
        if contact.target_queue_id:
            _enqueue_direct(center, uow, contact, contact.target_queue_id)
        else:
            uow.put_contact(recorder.finish(contact, uow.now, "OTHER"))
        return
    outcome = run_flow(flow, _flow_state(uow, contact), CenterFlowEnvironment(center, uow))
    _settle(center, uow, contact.id, outcome, flow_id)


def _flow_state(uow: UnitOfWork, contact: Contact) -> ContactState:
    target = uow.get(Queue, contact.target_queue_id) if contact.target_queue_id else None
    return ContactState(
        contact_id=contact.id,
        channel=contact.channel.value,
        attributes=dict(contact.attributes),
        system={
            "InitiationMethod": contact.initiation_method,
            "Name": contact.name or "",
            "Description": contact.description or "",
            "InitialContactId": contact.initial_contact_id or contact.id,
        },
        target_queue=None if target is None else queue_ref(target),
        queue_priority=contact.queue_priority,
        queue_time_adjustment_s=contact.queue_time_adjustment_seconds,
        routing_criteria=contact.routing_criteria,
    )


def _settle(
    center: ContactCenter,
    uow: UnitOfWork,
    contact_id: str,
    outcome: FlowOutcome,
    flow_id: str | None,
) -> None:
    """Write a flow's outcome back onto the contact record."""
    record = uow.contact(contact_id)
    if record is None:
        return
    state = outcome.state
    record = replace(
        recorder.with_criteria(record, state.routing_criteria),
        attributes=dict(state.attributes),
        flow_messages=record.flow_messages + tuple(outcome.messages),
        queue_priority=state.queue_priority or record.queue_priority,
        queue_time_adjustment_seconds=state.queue_time_adjustment_s
        if state.queue_time_adjustment_s is not None
        else record.queue_time_adjustment_seconds,
        target_queue_id=state.target_queue.id if state.target_queue else record.target_queue_id,
        wait_until=None,
        wait_flow_id=None,
        wait_action=None,
        last_update_at=uow.now,
    )
    if outcome.kind is OutcomeKind.QUEUED:
        uow.put_contact(record)
    elif outcome.kind is OutcomeKind.WAITING and outcome.wait is not None:
        uow.put_contact(
            replace(
                record,
                wait_until=outcome.wait.resume_at,
                wait_flow_id=flow_id,
                wait_action=outcome.wait.identifier,
            )
        )
    else:
        reason = "CONTACT_FLOW_DISCONNECT" if outcome.kind is OutcomeKind.DISCONNECTED else "OTHER"
        if record.status in (ContactStatus.IN_FLOW, ContactStatus.SCHEDULED):
            uow.put_contact(recorder.finish(record, uow.now, reason))
        else:
            uow.put_contact(record)


def _enqueue_direct(
    center: ContactCenter, uow: UnitOfWork, contact: Contact, queue_id: str
) -> None:
    queue = uow.get(Queue, queue_id)
    if queue is None:
        raise NotFoundError("Queue", queue_id)
    env = CenterFlowEnvironment(center, uow)
    state = _flow_state(uow, contact)
    outcome = env.enqueue(state, queue_ref(queue))
    if outcome.value != "OK":
        raise InvalidRequestError(f"Queue {queue.name} cannot take the contact ({outcome.value})")


# ------------------------------------------------------------------------------ changing


def stop_contact(center: ContactCenter, contact_id: str, reason: str | None) -> Contact:
    """StopContact (R5.3.5): end the contact wherever it is; a connected agent goes to ACW."""
    uow = center.unit_of_work()
    contact = uow.contact(contact_id)
    # R5.3.5 ASSUMPTION: a contact whose customer side is over (ACW included) is "not found".
    if contact is None or contact.status in (
        ContactStatus.FINISHED,
        ContactStatus.AFTER_CONTACT_WORK,
    ):
        raise ContactNotFoundError(contact_id)
    _end(center, uow, contact, reason or "API", DequeueReason.STOPPED)
    uow.commit()
    return center.require_contact(contact_id)


def _end(
    center: ContactCenter,
    uow: UnitOfWork,
    contact: Contact,
    reason: str,
    dequeue_reason: DequeueReason,
) -> None:
    engine = center.engine
    uow.put_contact(replace(contact, disconnect_reason=contact.disconnect_reason or reason))
    if engine.has_contact(contact.id):
        phase = engine.contact_state(contact.id).phase
        if phase in (ContactPhase.QUEUED, ContactPhase.OFFERED):
            center.call(uow, "dequeue", contact.id, center.now(), dequeue_reason)
        elif phase in (ContactPhase.CONNECTED, ContactPhase.CONNECTED_ONHOLD):
            center.call(uow, "end_contact", contact.id, center.now())
        return
    current = uow.contact(contact.id)
    if current is not None and current.status in (ContactStatus.IN_FLOW, ContactStatus.SCHEDULED):
        uow.put_contact(recorder.finish(current, uow.now, reason))


def transfer_contact(
    center: ContactCenter,
    contact_id: str,
    new_contact_id: str,
    *,
    flow_id: str,
    queue_id: str | None,
    user_id: str | None,
) -> Contact:
    """TransferContact (R1.11.2): TASK and EMAIL only; a new segment runs the transfer flow."""
    if bool(queue_id) == bool(user_id):
        raise InvalidArgumentError("QueueId", "give exactly one of QueueId and UserId")
    uow = center.unit_of_work()
    contact = uow.contact(contact_id)
    if contact is None:
        raise NotFoundError("Contact", contact_id)
    if contact.channel not in (Channel.TASK, Channel.EMAIL):
        raise InvalidRequestError("TransferContact supports TASK and EMAIL contacts only")
    if contact.status in (ContactStatus.FINISHED, ContactStatus.AFTER_CONTACT_WORK):
        raise InvalidRequestError(f"Contact {contact_id} is not active")
    if _chain_length(uow, contact) >= MAX_TRANSFERS:
        raise InvalidRequestError(f"Contact {contact_id} was transferred {MAX_TRANSFERS} times")
    flow = _require_flow(uow, flow_id)
    target = _transfer_target(uow, queue_id, user_id)
    _end(center, uow, contact, "TRANSFER", DequeueReason.TRANSFERRED)
    old = uow.contact(contact_id) or contact
    uow.put_contact(replace(old, next_contact_id=new_contact_id, transfer_completed_at=uow.now))
    segment = new_contact(
        center,
        uow,
        new_contact_id,
        channel=contact.channel,
        initiation_method="TRANSFER",
        name=contact.name,
        description=contact.description,
        attributes=contact.attributes,
        previous_contact_id=contact.id,
        contact_flow_id=flow.id,
        target_queue_id=target.id,
    )
    # R1.9.7: criteria carry over only while no agent has joined.
    if contact.connected_to_agent_at is None and contact.routing_criteria is not None:
        segment = replace(segment, routing_criteria=contact.routing_criteria)
        uow.put_contact(segment)
    _run_contact_flow(center, uow, segment, flow.id)
    uow.commit()
    return center.require_contact(new_contact_id)


def _chain_length(uow: UnitOfWork, contact: Contact) -> int:
    count, current = 0, contact
    while current.previous_contact_id and count <= MAX_TRANSFERS:
        previous = uow.contact(current.previous_contact_id)
        if previous is None:
            break
        count, current = count + 1, previous
    return count


def _transfer_target(uow: UnitOfWork, queue_id: str | None, user_id: str | None) -> Queue:
    if user_id:
        user = uow.require(User, user_id)
        return uow.require(Queue, user.agent_queue_id)
    queue = uow.require(Queue, queue_id or "")
    if queue.queue_type is QueueType.STANDARD and queue.status is not QueueStatus.ENABLED:
        raise InvalidRequestError(f"Queue {queue.name} is disabled")  # R1.1.6
    return queue


def update_routing_data(
    center: ContactCenter,
    contact_id: str,
    *,
    queue_priority: int | None,
    time_adjustment_seconds: int | None,
    criteria: RoutingCriteria | None,
) -> Contact:
    """UpdateContactRoutingData (R1.10): priority or age adjustment, and/or new criteria."""
    if queue_priority is not None and time_adjustment_seconds is not None:
        raise InvalidArgumentError(
            "QueuePriority", "give QueuePriority or QueueTimeAdjustmentSeconds, not both"
        )
    uow = center.unit_of_work()
    contact = uow.contact(contact_id)
    if contact is None:
        raise NotFoundError("Contact", contact_id)
    in_engine = center.engine.has_contact(contact_id) and center.engine.contact_state(
        contact_id
    ).phase in (ContactPhase.QUEUED, ContactPhase.OFFERED)
    if in_engine:
        changed = recorder.with_criteria(contact, criteria)
        if criteria is not None and changed is contact:
            # The same criteria again still restart at step 1 (R1.10.4).
            changed = replace(contact, routing_steps=())
        uow.put_contact(changed)
        center.call(
            uow,
            "update_routing",
            contact_id,
            center.now(),
            queue_priority,
            None if time_adjustment_seconds is None else time_adjustment_seconds * 1000,
            criteria,
        )
    elif (
        contact.status in (ContactStatus.IN_FLOW, ContactStatus.SCHEDULED)
        and criteria is not None
        and queue_priority is None
        and time_adjustment_seconds is None
    ):
        # R1.10.5: criteria for a contact still in its flow are stored for its enqueue.
        uow.put_contact(replace(recorder.with_criteria(contact, criteria), last_update_at=uow.now))
    else:
        raise ConflictError(f"Contact {contact_id} is not waiting in a queue")
    uow.commit()
    return center.require_contact(contact_id)


def update_attributes(center: ContactCenter, contact_id: str, attributes: dict[str, str]) -> None:
    """UpdateContactAttributes: merge into the contact (and, as Connect does, its chain)."""
    uow = center.unit_of_work()
    contact = uow.contact(contact_id)
    if contact is None:
        raise NotFoundError("Contact", contact_id)
    uow.put_contact(
        replace(contact, attributes={**contact.attributes, **attributes}, last_update_at=uow.now)
    )
    uow.commit()


def update_contact(
    center: ContactCenter,
    contact_id: str,
    *,
    name: str | None,
    description: str | None,
) -> None:
    uow = center.unit_of_work()
    contact = uow.contact(contact_id)
    if contact is None:
        raise NotFoundError("Contact", contact_id)
    uow.put_contact(
        replace(
            contact,
            name=contact.name if name is None else name,
            description=contact.description if description is None else description,
            last_update_at=uow.now,
        )
    )
    uow.commit()


def tag_contact(
    center: ContactCenter, contact_id: str, tags: dict[str, str], remove: list[str]
) -> None:
    uow = center.unit_of_work()
    contact = uow.contact(contact_id)
    if contact is None:
        raise NotFoundError("Contact", contact_id)
    merged = {k: v for k, v in {**contact.tags, **tags}.items() if k not in set(remove)}
    uow.put_contact(replace(contact, tags=merged, last_update_at=uow.now))
    uow.commit()
