"""Agent status use cases (R1.7.1): custom statuses only; at most 50; never deleted."""

from __future__ import annotations

from dataclasses import replace

from switchboard.app.naming import new_identity, require_unique_name
from switchboard.app.unit_of_work import UnitOfWork
from switchboard.domain.errors import InvalidRequestError, LimitExceededError
from switchboard.domain.ids import IdGenerator
from switchboard.domain.resources.agent_status import (
    MAX_AGENT_STATUSES,
    AgentStatus,
    AgentStatusState,
    AgentStatusType,
)
from switchboard.domain.tags import merged_tags


def create_agent_status(
    uow: UnitOfWork,
    ids: IdGenerator,
    *,
    name: str,
    state: AgentStatusState,
    description: str | None = None,
    display_order: int | None = None,
    tags: dict[str, str] | None = None,
) -> AgentStatus:
    existing = uow.all(AgentStatus)
    require_unique_name([s.name for s in existing], name, "Agent status")
    if len(existing) >= MAX_AGENT_STATUSES:
        raise LimitExceededError(
            f"An instance can have at most {MAX_AGENT_STATUSES} agent statuses"
        )
    new_id, arn = new_identity(uow, ids, AgentStatus.KIND)
    status = AgentStatus(
        id=new_id,
        instance_id=uow.instance_id,
        arn=arn,
        tags=merged_tags({}, tags or {}),
        last_modified_at=uow.now,
        last_modified_region=uow.state.instance.region,
        name=name,
        description=description,
        type=AgentStatusType.CUSTOM,
        state=state,
        display_order=display_order,
    )
    uow.put(status)
    uow.record("AgentStatusCreated", agent_status_id=new_id, name=name)
    uow.commit()
    return status


def update_agent_status(
    uow: UnitOfWork,
    status_id: str,
    *,
    name: str | None = None,
    description: str | None = None,
    state: AgentStatusState | None = None,
    display_order: int | None = None,
    reset_order_number: bool = False,
) -> AgentStatus:
    status = uow.require(AgentStatus, status_id)
    if name is not None and name != status.name:
        if status.type != AgentStatusType.CUSTOM:
            raise InvalidRequestError(f"The name of the {status.name} status cannot be changed")
        others = [s.name for s in uow.all(AgentStatus) if s.id != status.id]
        require_unique_name(others, name, "Agent status")
    if state is not None and state != status.state and status.type != AgentStatusType.CUSTOM:
        raise InvalidRequestError(f"The {status.name} status cannot be disabled")
    updated = replace(
        status,
        name=name if name is not None else status.name,
        description=description if description is not None else status.description,
        state=state if state is not None else status.state,
        display_order=None
        if reset_order_number
        else (display_order if display_order is not None else status.display_order),
        last_modified_at=uow.now,
        last_modified_region=uow.state.instance.region,
    )
    uow.put(updated)
    uow.record("AgentStatusUpdated", agent_status_id=status.id)
    uow.commit()
    return updated
