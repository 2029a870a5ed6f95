"""Agent status operations: Create/Describe/List/Update/Search (R1.7.1)."""

from __future__ import annotations

from typing import Any

from switchboard.app import agent_statuses as use
from switchboard.domain.resources.agent_status import AgentStatus, AgentStatusState
from switchboard.domain.search import AllOf
from switchboard.handlers.context import Handler, HandlerContext
from switchboard.handlers.translate.common import drop_none, modified
from switchboard.handlers.translate.paging import page
from switchboard.handlers.translate.search import attribute_filter, build_criteria


def agent_status_out(status: AgentStatus) -> dict[str, Any]:
    return drop_none(
        {
            "AgentStatusARN": status.arn,
            "AgentStatusId": status.id,
            "Name": status.name,
            "Description": status.description,
            "Type": status.type.value,
            "DisplayOrder": status.display_order,
            "State": status.state.value,
            "Tags": dict(status.tags),
            **modified(status),
        }
    )


def _summary(status: AgentStatus) -> dict[str, Any]:
    return {
        "Id": status.id,
        "Arn": status.arn,
        "Name": status.name,
        "Type": status.type.value,
        **modified(status),
    }


def create_agent_status(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    status = use.create_agent_status(
        ctx.unit_of_work(req["InstanceId"]),
        ctx.app.ids,
        name=req["Name"],
        state=AgentStatusState(req["State"]),
        description=req.get("Description"),
        display_order=req.get("DisplayOrder"),
        tags=req.get("Tags"),
    )
    return {"AgentStatusARN": status.arn, "AgentStatusId": status.id}


def describe_agent_status(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    status = ctx.instance(req["InstanceId"]).require(AgentStatus, req["AgentStatusId"])
    return {"AgentStatus": agent_status_out(status)}


def list_agent_statuses(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    statuses = ctx.instance(req["InstanceId"]).all(AgentStatus)
    types = req.get("AgentStatusTypes")
    if types:
        statuses = [s for s in statuses if s.type.value in types]
    items, token = page(ctx, req, statuses)
    return drop_none({"AgentStatusSummaryList": [_summary(s) for s in items], "NextToken": token})


def update_agent_status(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    use.update_agent_status(
        ctx.unit_of_work(req["InstanceId"]),
        req["AgentStatusId"],
        name=req.get("Name"),
        description=req.get("Description"),
        state=AgentStatusState(req["State"]) if req.get("State") else None,
        display_order=req.get("DisplayOrder"),
        reset_order_number=bool(req.get("ResetOrderNumber")),
    )
    return {}


_STRING_FIELDS = {
    "name": lambda s: s.name,
    "description": lambda s: s.description,
    "state": lambda s: s.state.value,
    "type": lambda s: s.type.value,
    "displayOrder": lambda s: None if s.display_order is None else str(s.display_order),
    "resourceID": lambda s: s.id,
}


def search_agent_statuses(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    statuses = ctx.instance(req["InstanceId"]).all(AgentStatus)
    criteria = AllOf(
        [
            build_criteria(req.get("SearchCriteria"), _STRING_FIELDS),
            attribute_filter(
                (req.get("SearchFilter") or {}).get("AttributeFilter"), lambda s: s.tags
            ),
        ]
    )
    matched = [s for s in statuses if criteria.matches(s)]
    items, token = page(ctx, req, matched)
    return drop_none(
        {
            "AgentStatuses": [agent_status_out(s) for s in items],
            "NextToken": token,
            "ApproximateTotalCount": len(matched),
        }
    )


OPERATIONS: dict[str, Handler] = {
    "CreateAgentStatus": create_agent_status,
    "DescribeAgentStatus": describe_agent_status,
    "ListAgentStatuses": list_agent_statuses,
    "UpdateAgentStatus": update_agent_status,
    "SearchAgentStatuses": search_agent_statuses,
}
