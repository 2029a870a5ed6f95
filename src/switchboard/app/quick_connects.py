"""Quick connect use cases: saved transfer destinations of type USER, QUEUE, PHONE_NUMBER, FLOW.

Invariants: names are unique per instance; at most MAX_QUICK_CONNECTS per instance; a USER
quick connect names an existing user and a QUEUE quick connect an existing standard queue;
phone numbers are E.164. Contact flows are not modelled yet, so flow ids are stored as given.
Deleting a quick connect also removes it from every queue it was associated with.
Must not import handlers or aws.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace

from switchboard.app.naming import new_identity, require_unique_name
from switchboard.app.unit_of_work import UnitOfWork
from switchboard.domain.errors import InvalidArgumentError, LimitExceededError
from switchboard.domain.ids import IdGenerator
from switchboard.domain.resources.queue import Queue, QueueType
from switchboard.domain.resources.quick_connect import (
    MAX_QUICK_CONNECTS,
    QuickConnect,
    QuickConnectType,
)
from switchboard.domain.resources.user import User
from switchboard.domain.tags import merged_tags

LOG = logging.getLogger(__name__)
_LABEL = "Quick connect"
_E164 = re.compile(r"^\+[1-9]\d{1,14}$")


@dataclass(frozen=True, slots=True)
class Destination:
    """A QuickConnectConfig: the type and the members that type uses."""

    type: QuickConnectType
    user_id: str | None = None
    queue_id: str | None = None
    phone_number: str | None = None
    contact_flow_id: str | None = None


def _resolve(uow: UnitOfWork, dest: Destination) -> Destination:
    """The destination with references checked and reduced to plain ids.

    Raises:
        InvalidArgumentError: the config for the type is missing, or a bad phone number.
        NotFoundError: the user or queue does not exist.
    """
    kind = dest.type
    if kind is QuickConnectType.USER:
        if not dest.user_id or not dest.contact_flow_id:
            raise InvalidArgumentError("QuickConnectConfig", "UserConfig is required for USER")
        user = uow.require(User, dest.user_id)
        return Destination(kind, user_id=user.id, contact_flow_id=dest.contact_flow_id)
    if kind is QuickConnectType.QUEUE:
        if not dest.queue_id or not dest.contact_flow_id:
            raise InvalidArgumentError("QuickConnectConfig", "QueueConfig is required for QUEUE")
        queue = uow.require(Queue, dest.queue_id)
        if queue.queue_type is not QueueType.STANDARD:
            raise InvalidArgumentError("QueueConfig.QueueId", "must be a standard queue")
        return Destination(kind, queue_id=queue.id, contact_flow_id=dest.contact_flow_id)
    if kind is QuickConnectType.PHONE_NUMBER:
        if not dest.phone_number:
            raise InvalidArgumentError(
                "QuickConnectConfig", "PhoneConfig is required for PHONE_NUMBER"
            )
        if not _E164.match(dest.phone_number):
            raise InvalidArgumentError(
                "PhoneConfig.PhoneNumber", "the phone number must be in E.164 format"
            )
        return Destination(kind, phone_number=dest.phone_number)
    if not dest.contact_flow_id:
        raise InvalidArgumentError("QuickConnectConfig", "FlowConfig is required for FLOW")
    return Destination(kind, contact_flow_id=dest.contact_flow_id)


def _with_destination(dest: Destination) -> dict[str, object]:
    return {
        "type": dest.type,
        "user_id": dest.user_id,
        "queue_id": dest.queue_id,
        "phone_number": dest.phone_number,
        "contact_flow_id": dest.contact_flow_id,
    }


def create_quick_connect(
    uow: UnitOfWork,
    ids: IdGenerator,
    *,
    name: str,
    destination: Destination,
    description: str | None = None,
    tags: dict[str, str] | None = None,
) -> QuickConnect:
    """Create a quick connect.

    Raises:
        DuplicateError, InvalidArgumentError, NotFoundError, LimitExceededError.
    """
    existing = uow.all(QuickConnect)
    require_unique_name([q.name for q in existing], name, _LABEL)
    dest = _resolve(uow, destination)
    if len(existing) >= MAX_QUICK_CONNECTS:
        raise LimitExceededError(
            f"An instance can have at most {MAX_QUICK_CONNECTS} quick connects"
        )
    new_id, arn = new_identity(uow, ids, QuickConnect.KIND)
    qc = QuickConnect(
        id=new_id,
        instance_id=uow.instance_id,
        arn=arn,
        tags=merged_tags({}, tags or {}),
        last_modified_at=uow.now,
        last_modified_region=uow.state.instance.region,
        name=name,
        description=description,
        type=dest.type,
        user_id=dest.user_id,
        queue_id=dest.queue_id,
        phone_number=dest.phone_number,
        contact_flow_id=dest.contact_flow_id,
    )
    uow.put(qc)
    uow.record("QuickConnectCreated", quick_connect_id=new_id, name=name)
    uow.commit()
    LOG.info("quick connect %s created in %s", new_id, uow.instance_id)
    return qc


def update_quick_connect_name(
    uow: UnitOfWork, qc_id: str, *, name: str | None, description: str | None
) -> QuickConnect:
    """Rename and/or re-describe; an empty description clears it.

    Raises:
        NotFoundError, DuplicateError: the name is taken by another quick connect.
    """
    qc = uow.require(QuickConnect, qc_id)
    if name is not None and name != qc.name:
        others = [q.name for q in uow.all(QuickConnect) if q.id != qc.id]
        require_unique_name(others, name, _LABEL)
    updated = replace(
        qc,
        name=name if name is not None else qc.name,
        description=(description or None) if description is not None else qc.description,
        last_modified_at=uow.now,
        last_modified_region=uow.state.instance.region,
    )
    uow.put(updated)
    uow.record("QuickConnectNameUpdated", quick_connect_id=qc.id)
    uow.commit()
    return updated


def update_quick_connect_config(
    uow: UnitOfWork, qc_id: str, destination: Destination
) -> QuickConnect:
    """Replace the destination (the type may change too)."""
    qc = uow.require(QuickConnect, qc_id)
    dest = _resolve(uow, destination)
    updated = replace(
        qc,
        **_with_destination(dest),  # type: ignore[arg-type]
        last_modified_at=uow.now,
        last_modified_region=uow.state.instance.region,
    )
    uow.put(updated)
    uow.record("QuickConnectConfigUpdated", quick_connect_id=qc.id)
    uow.commit()
    return updated


def delete_quick_connect(uow: UnitOfWork, qc_id: str) -> None:
    """Delete a quick connect and drop it from the queues it was associated with."""
    qc = uow.require(QuickConnect, qc_id)
    for queue in uow.all(Queue):
        if qc.id in queue.quick_connect_ids:
            uow.put(
                replace(
                    queue,
                    quick_connect_ids=tuple(i for i in queue.quick_connect_ids if i != qc.id),
                    last_modified_at=uow.now,
                    last_modified_region=uow.state.instance.region,
                )
            )
    uow.delete(qc)
    uow.record("QuickConnectDeleted", quick_connect_id=qc.id)
    uow.commit()
    LOG.info("quick connect %s deleted in %s", qc.id, uow.instance_id)
