"""Contact flow use cases: create, update content/name/metadata, delete, default flows (R8).

Rules: names are unique per instance; PUBLISHED content must pass `parse_flow` for the flow's
type (FlowValidationError -> InvalidContactFlowException with `problems`); SAVED content is
stored unvalidated (API_CreateContactFlow). At most `MAX_CONTACT_FLOWS` flows per instance.
"""

from __future__ import annotations

from dataclasses import replace

from switchboard.app.naming import new_identity, require_unique_name
from switchboard.app.unit_of_work import UnitOfWork
from switchboard.domain.errors import LimitExceededError
from switchboard.domain.flows.defaults import DEFAULT_FLOWS
from switchboard.domain.flows.language import Flow, FlowType, FlowValidationError, parse_flow
from switchboard.domain.ids import IdGenerator
from switchboard.domain.resources.contact_flow import (
    MAX_CONTACT_FLOWS,
    ContactFlow,
    ContactFlowState,
    ContactFlowStatus,
)
from switchboard.domain.resources.queue import Queue
from switchboard.domain.tags import merged_tags

LABEL = "Contact flow"
BASIC_QUEUE = "BasicQueue"


def plain_flow_id(ref: str) -> str:
    """A flow id or ARN without a version alias (`<id>:$SAVED`, `<arn>:$LATEST`)."""
    return ref.split(":$", 1)[0]


def create_contact_flow(
    uow: UnitOfWork,
    ids: IdGenerator,
    *,
    name: str,
    flow_type: FlowType,
    content: str,
    description: str | None = None,
    status: ContactFlowStatus = ContactFlowStatus.PUBLISHED,
    tags: dict[str, str] | None = None,
) -> ContactFlow:
    """Create a flow.

    Raises:
        DuplicateError: a flow with `name` exists.
        FlowValidationError: PUBLISHED content breaks R8.3.
        LimitExceededError: the instance already has MAX_CONTACT_FLOWS flows.
    """
    existing = uow.all(ContactFlow)
    require_unique_name([f.name for f in existing], name, LABEL)
    if status is ContactFlowStatus.PUBLISHED:
        parse_flow(content, flow_type)
    if len(existing) >= MAX_CONTACT_FLOWS:
        raise LimitExceededError(f"An instance can have at most {MAX_CONTACT_FLOWS} flows")
    new_id, arn = new_identity(uow, ids, ContactFlow.KIND)
    flow = ContactFlow(
        id=new_id,
        instance_id=uow.instance_id,
        arn=arn,
        tags=merged_tags({}, tags or {}),
        last_modified_at=uow.now,
        last_modified_region=uow.state.instance.region,
        name=name,
        description=description,
        type=flow_type,
        status=status,
        content=content,
    )
    uow.put(flow)
    uow.record("ContactFlowCreated", contact_flow_id=new_id, name=name, type=flow_type.value)
    uow.commit()
    return flow


def require_flow(uow: UnitOfWork, ref: str) -> ContactFlow:
    return uow.require(ContactFlow, plain_flow_id(ref))


def update_content(uow: UnitOfWork, ref: str, content: str) -> ContactFlow:
    """Replace the content; a PUBLISHED flow's new content is validated first."""
    flow = require_flow(uow, ref)
    if flow.status is ContactFlowStatus.PUBLISHED:
        parse_flow(content, flow.type)
    return _save(uow, replace(flow, content=content), "ContactFlowContentUpdated")


def update_metadata(
    uow: UnitOfWork,
    ref: str,
    *,
    name: str | None = None,
    description: str | None = None,
    state: ContactFlowState | None = None,
) -> ContactFlow:
    """Rename, describe or archive a flow (UpdateContactFlowName / UpdateContactFlowMetadata)."""
    flow = require_flow(uow, ref)
    if name is not None and name != flow.name:
        others = [f.name for f in uow.all(ContactFlow) if f.id != flow.id]
        require_unique_name(others, name, LABEL)
    updated = replace(
        flow,
        name=name if name is not None else flow.name,
        description=description if description is not None else flow.description,
        state=state if state is not None else flow.state,
    )
    return _save(uow, updated, "ContactFlowUpdated")


def delete_contact_flow(uow: UnitOfWork, ref: str) -> None:
    flow = require_flow(uow, ref)
    uow.delete(flow)
    uow.record("ContactFlowDeleted", contact_flow_id=flow.id)
    uow.commit()


def _save(uow: UnitOfWork, flow: ContactFlow, event: str) -> ContactFlow:
    updated = replace(
        flow, last_modified_at=uow.now, last_modified_region=uow.state.instance.region
    )
    uow.put(updated)
    uow.record(event, contact_flow_id=flow.id)
    uow.commit()
    return updated


def executable_flow(flow: ContactFlow) -> Flow | None:
    """The parsed flow the interpreter runs, or None when it cannot run (SAVED and invalid)."""
    try:
        return parse_flow(flow.content, flow.type)
    except FlowValidationError:
        return None


def seed_default_flows(uow: UnitOfWork, ids: IdGenerator) -> None:
    """Put the default flows of a new instance into `uow` (no commit; the caller commits).

    Call after BasicQueue is in `uow`; without it the sample inbound flow names no queue and
    is stored SAVED.
    """
    basic = next((q for q in uow.all(Queue) if q.name == BASIC_QUEUE), None)
    taken = {f.name for f in uow.all(ContactFlow)}
    for name, flow_type, description, build in DEFAULT_FLOWS:
        if name in taken:
            continue
        new_id, arn = new_identity(uow, ids, ContactFlow.KIND)
        needs_queue = flow_type is FlowType.CONTACT_FLOW
        uow.put(
            ContactFlow(
                id=new_id,
                instance_id=uow.instance_id,
                arn=arn,
                last_modified_at=uow.now,
                last_modified_region=uow.state.instance.region,
                name=name,
                description=description,
                type=flow_type,
                status=ContactFlowStatus.SAVED
                if needs_queue and basic is None
                else ContactFlowStatus.PUBLISHED,
                content=build(basic.arn if basic is not None else ""),
                is_default=True,
            )
        )
