"""Queue use cases (R1.1, R1.8): standard queues, their settings and quick connects.

Invariants: standard-queue names are unique per instance; at most MAX_QUEUES standard
queues; a queue's hours of operation and quick connects exist; a queue referenced by a
routing profile (queue configs or default outbound queue) or by a quick connect, and any
agent queue, is never deleted. Agent queues (R1.1.1) are created and owned by the users use
cases; here they are read-only. Must not import handlers or aws.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from switchboard.app.naming import new_identity, require_unique_name
from switchboard.app.unit_of_work import UnitOfWork
from switchboard.domain.errors import (
    InvalidRequestError,
    LimitExceededError,
    ResourceInUseError,
)
from switchboard.domain.ids import IdGenerator
from switchboard.domain.resources.hours import HoursOfOperation
from switchboard.domain.resources.queue import (
    MAX_QUEUES,
    MAX_QUICK_CONNECTS_PER_QUEUE,
    OutboundCallerConfig,
    Queue,
    QueueStatus,
    QueueType,
)
from switchboard.domain.resources.quick_connect import QuickConnect
from switchboard.domain.resources.routing_profile import RoutingProfile
from switchboard.domain.tags import merged_tags

LOG = logging.getLogger(__name__)
_LABEL = "Queue"


def _standard_names(uow: UnitOfWork, except_id: str | None = None) -> list[str]:
    return [
        q.name for q in uow.all(Queue) if q.queue_type is QueueType.STANDARD and q.id != except_id
    ]


def _quick_connect_ids(uow: UnitOfWork, ids: tuple[str, ...]) -> tuple[str, ...]:
    """Plain ids of existing quick connects, in first-seen order (NotFoundError otherwise)."""
    return tuple(dict.fromkeys(uow.require(QuickConnect, qc).id for qc in ids))


def _require_standard(uow: UnitOfWork, queue_id: str) -> Queue:
    queue = uow.require(Queue, queue_id)
    if queue.queue_type is QueueType.AGENT:
        raise InvalidRequestError(f"Queue {queue.id} is an agent queue and cannot be changed")
    return queue


def _save(uow: UnitOfWork, queue: Queue, event: str, **changes: object) -> Queue:
    updated = replace(
        queue,
        **changes,  # type: ignore[arg-type]
        last_modified_at=uow.now,
        last_modified_region=uow.state.instance.region,
    )
    uow.put(updated)
    uow.record(event, queue_id=queue.id)
    uow.commit()
    return updated


def create_queue(
    uow: UnitOfWork,
    ids: IdGenerator,
    *,
    name: str,
    hours_of_operation_id: str,
    description: str | None = None,
    max_contacts: int | None = None,
    outbound_caller: OutboundCallerConfig | None = None,
    outbound_email_address_id: str | None = None,
    email_address_ids: tuple[str, ...] = (),
    quick_connect_ids: tuple[str, ...] = (),
    tags: dict[str, str] | None = None,
) -> Queue:
    """Create a standard queue.

    Raises:
        DuplicateError: a standard queue has this name.
        NotFoundError: the hours of operation or a quick connect does not exist.
        LimitExceededError: the instance has MAX_QUEUES standard queues (R1.1.7).
    """
    require_unique_name(_standard_names(uow), name, _LABEL)
    hours = uow.require(HoursOfOperation, hours_of_operation_id)
    quick_connects = _quick_connect_ids(uow, quick_connect_ids)
    standard = [q for q in uow.all(Queue) if q.queue_type is QueueType.STANDARD]
    if len(standard) >= MAX_QUEUES:
        raise LimitExceededError(f"An instance can have at most {MAX_QUEUES} queues")
    new_id, arn = new_identity(uow, ids, Queue.KIND)
    queue = Queue(
        id=new_id,
        instance_id=uow.instance_id,
        arn=arn,
        tags=merged_tags({}, tags or {}),
        last_modified_at=uow.now,
        last_modified_region=uow.state.instance.region,
        name=name,
        description=description,
        queue_type=QueueType.STANDARD,
        hours_of_operation_id=hours.id,
        max_contacts=max_contacts,
        status=QueueStatus.ENABLED,
        outbound_caller=outbound_caller,
        outbound_email_address_id=outbound_email_address_id,
        email_address_ids=email_address_ids,
        quick_connect_ids=quick_connects,
    )
    uow.put(queue)
    uow.record("QueueCreated", queue_id=new_id, name=name)
    uow.commit()
    LOG.info("queue %s created in %s", new_id, uow.instance_id)
    return queue


def update_queue_name(
    uow: UnitOfWork, queue_id: str, *, name: str | None, description: str | None
) -> Queue:
    """Rename and/or re-describe a standard queue (DuplicateError on a taken name)."""
    queue = _require_standard(uow, queue_id)
    if name is not None and name != queue.name:
        require_unique_name(_standard_names(uow, except_id=queue.id), name, _LABEL)
    return _save(
        uow,
        queue,
        "QueueNameUpdated",
        name=name if name is not None else queue.name,
        description=description if description is not None else queue.description,
    )


def update_queue_hours(uow: UnitOfWork, queue_id: str, hours_of_operation_id: str) -> Queue:
    """Point a standard queue at other (existing) hours of operation."""
    queue = _require_standard(uow, queue_id)
    hours = uow.require(HoursOfOperation, hours_of_operation_id)
    return _save(uow, queue, "QueueHoursOfOperationUpdated", hours_of_operation_id=hours.id)


def update_queue_max_contacts(uow: UnitOfWork, queue_id: str, max_contacts: int | None) -> Queue:
    """Set MaxContacts (R1.8.1); None removes the queue's own limit."""
    queue = _require_standard(uow, queue_id)
    return _save(uow, queue, "QueueMaxContactsUpdated", max_contacts=max_contacts)


def update_queue_outbound_caller(
    uow: UnitOfWork, queue_id: str, outbound_caller: OutboundCallerConfig
) -> Queue:
    """Replace the outbound caller config of a standard queue."""
    queue = _require_standard(uow, queue_id)
    return _save(uow, queue, "QueueOutboundCallerConfigUpdated", outbound_caller=outbound_caller)


def update_queue_status(uow: UnitOfWork, queue_id: str, status: QueueStatus) -> Queue:
    """Enable or disable a standard queue (R1.1.6)."""
    queue = _require_standard(uow, queue_id)
    return _save(uow, queue, "QueueStatusUpdated", status=status)


def associate_quick_connects(
    uow: UnitOfWork, queue_id: str, quick_connect_ids: tuple[str, ...]
) -> Queue:
    """Add quick connects to a queue; already associated ones are kept once.

    Raises:
        NotFoundError: the queue or a quick connect does not exist.
        LimitExceededError: the queue would have more than MAX_QUICK_CONNECTS_PER_QUEUE.
    """
    queue = _require_standard(uow, queue_id)
    added = _quick_connect_ids(uow, quick_connect_ids)
    merged = tuple(dict.fromkeys((*queue.quick_connect_ids, *added)))
    if len(merged) > MAX_QUICK_CONNECTS_PER_QUEUE:
        raise LimitExceededError(
            f"A queue can have at most {MAX_QUICK_CONNECTS_PER_QUEUE} quick connects"
        )
    return _save(uow, queue, "QueueQuickConnectsAssociated", quick_connect_ids=merged)


def disassociate_quick_connects(
    uow: UnitOfWork, queue_id: str, quick_connect_ids: tuple[str, ...]
) -> Queue:
    """Remove quick connects from a queue; ids that are not associated are ignored."""
    queue = _require_standard(uow, queue_id)
    drop = {qc.rsplit("/", 1)[-1] for qc in quick_connect_ids}
    kept = tuple(qc for qc in queue.quick_connect_ids if qc not in drop)
    return _save(uow, queue, "QueueQuickConnectsDisassociated", quick_connect_ids=kept)


def queue_quick_connects(uow: UnitOfWork, queue_id: str) -> list[QuickConnect]:
    """The quick connects associated with a queue that still exist."""
    queue = uow.require(Queue, queue_id)
    found = (uow.get(QuickConnect, qc) for qc in queue.quick_connect_ids)
    return [qc for qc in found if qc is not None]


def delete_queue(uow: UnitOfWork, queue_id: str) -> None:
    """Delete a standard queue that nothing references.

    Raises:
        NotFoundError: unknown queue.
        ResourceInUseError: an agent queue, or referenced by a routing profile (queue configs
            or default outbound queue) or by a QUEUE quick connect.
    """
    queue = uow.require(Queue, queue_id)
    if queue.queue_type is QueueType.AGENT:
        raise ResourceInUseError(f"Queue {queue.id} is an agent queue and belongs to a user")
    profiles = [
        p.id
        for p in uow.all(RoutingProfile)
        if p.default_outbound_queue_id == queue.id
        or any(c.queue_id == queue.id for c in p.queue_configs)
    ]
    if profiles:
        raise ResourceInUseError(
            f"Queue {queue.id} is used by routing profile(s) {', '.join(profiles)}"
        )
    quick_connects = [qc.id for qc in uow.all(QuickConnect) if qc.queue_id == queue.id]
    if quick_connects:
        raise ResourceInUseError(
            f"Queue {queue.id} is the destination of quick connect(s) {', '.join(quick_connects)}"
        )
    uow.delete(queue)
    uow.record("QueueDeleted", queue_id=queue.id)
    uow.commit()
    LOG.info("queue %s deleted in %s", queue.id, uow.instance_id)
