"""Hours of operation use cases (R1.8.4): create, update, delete with in-use checks.

Invariants: names are unique per instance; the slots of one hours of operation never overlap
(docs/design/resources-queues.md); at most MAX_HOURS_OF_OPERATION per instance; an hours of
operation that a queue uses, or that another hours of operation names as a parent, is never
deleted. Must not import handlers or aws.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from switchboard.app.naming import new_identity, require_unique_name
from switchboard.app.unit_of_work import UnitOfWork
from switchboard.domain.errors import (
    InvalidArgumentError,
    LimitExceededError,
    ResourceInUseError,
)
from switchboard.domain.ids import IdGenerator
from switchboard.domain.resources.hours import (
    MAX_HOURS_OF_OPERATION,
    HoursOfOperation,
    HoursSlot,
    is_valid_time_zone,
    overlapping_slots,
)
from switchboard.domain.resources.queue import Queue
from switchboard.domain.tags import merged_tags

LOG = logging.getLogger(__name__)
_LABEL = "Hours of operation"


def _check_time_zone(time_zone: str) -> None:
    if not is_valid_time_zone(time_zone):
        raise InvalidArgumentError("TimeZone", f"'{time_zone}' is not a valid time zone")


def _check_config(config: tuple[HoursSlot, ...]) -> None:
    clash = overlapping_slots(config)
    if clash is not None:
        a, b = clash
        raise InvalidArgumentError(
            "Config",
            f"the {a.day} slot starting {a.start.hours:02d}:{a.start.minutes:02d} overlaps the "
            f"{b.day} slot starting {b.start.hours:02d}:{b.start.minutes:02d}",
        )


def create_hours_of_operation(
    uow: UnitOfWork,
    ids: IdGenerator,
    *,
    name: str,
    time_zone: str,
    config: tuple[HoursSlot, ...],
    description: str | None = None,
    parent_ids: tuple[str, ...] = (),
    tags: dict[str, str] | None = None,
) -> HoursOfOperation:
    """Create hours of operation.

    Raises:
        DuplicateError: the name is taken.
        InvalidArgumentError: unknown time zone or overlapping slots.
        NotFoundError: a parent hours of operation does not exist.
        LimitExceededError: the instance already has MAX_HOURS_OF_OPERATION.
    """
    existing = uow.all(HoursOfOperation)
    require_unique_name([h.name for h in existing], name, _LABEL)
    _check_time_zone(time_zone)
    _check_config(config)
    parents = tuple(uow.require(HoursOfOperation, p).id for p in dict.fromkeys(parent_ids))
    if len(existing) >= MAX_HOURS_OF_OPERATION:
        raise LimitExceededError(
            f"An instance can have at most {MAX_HOURS_OF_OPERATION} hours of operation"
        )
    new_id, arn = new_identity(uow, ids, HoursOfOperation.KIND)
    hours = HoursOfOperation(
        id=new_id,
        instance_id=uow.instance_id,
        arn=arn,
        tags=merged_tags({}, tags or {}),
        last_modified_at=uow.now,
        last_modified_region=uow.state.instance.region,
        name=name,
        description=description,
        time_zone=time_zone,
        config=config,
        parent_ids=parents,
    )
    uow.put(hours)
    uow.record("HoursOfOperationCreated", hours_of_operation_id=new_id, name=name)
    uow.commit()
    LOG.info("hours of operation %s created in %s", new_id, uow.instance_id)
    return hours


def update_hours_of_operation(
    uow: UnitOfWork,
    hours_id: str,
    *,
    name: str | None = None,
    description: str | None = None,
    time_zone: str | None = None,
    config: tuple[HoursSlot, ...] | None = None,
) -> HoursOfOperation:
    """Change the given members; an empty description clears it.

    Raises:
        NotFoundError, DuplicateError, InvalidArgumentError.
    """
    hours = uow.require(HoursOfOperation, hours_id)
    if name is not None and name != hours.name:
        others = [h.name for h in uow.all(HoursOfOperation) if h.id != hours.id]
        require_unique_name(others, name, _LABEL)
    if time_zone is not None:
        _check_time_zone(time_zone)
    if config is not None:
        _check_config(config)
    updated = replace(
        hours,
        name=name if name is not None else hours.name,
        description=(description or None) if description is not None else hours.description,
        time_zone=time_zone if time_zone is not None else hours.time_zone,
        config=config if config is not None else hours.config,
        last_modified_at=uow.now,
        last_modified_region=uow.state.instance.region,
    )
    uow.put(updated)
    uow.record("HoursOfOperationUpdated", hours_of_operation_id=hours.id)
    uow.commit()
    return updated


def delete_hours_of_operation(uow: UnitOfWork, hours_id: str) -> None:
    """Delete hours of operation that nothing uses.

    Raises:
        NotFoundError: unknown id.
        ResourceInUseError: a queue uses it, or it is the parent of other hours.
    """
    hours = uow.require(HoursOfOperation, hours_id)
    users = [q.id for q in uow.all(Queue) if q.hours_of_operation_id == hours.id]
    if users:
        raise ResourceInUseError(
            f"Hours of operation {hours.id} is used by queue(s) {', '.join(users)}"
        )
    children = [h.id for h in uow.all(HoursOfOperation) if hours.id in h.parent_ids]
    if children:
        raise ResourceInUseError(
            f"Hours of operation {hours.id} is the parent of {', '.join(children)}"
        )
    uow.delete(hours)
    uow.record("HoursOfOperationDeleted", hours_of_operation_id=hours.id)
    uow.commit()
