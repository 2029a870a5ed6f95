"""Contact flow operations: Create/Describe/List/UpdateContent/UpdateName/UpdateMetadata/Delete/Search.

A `FlowValidationError` becomes `InvalidContactFlowException` with its `problems` list here,
because only these operations model that exception.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from switchboard.app import contact_flows as use
from switchboard.aws.errors import ServiceError
from switchboard.domain.flows.language import FlowType, FlowValidationError
from switchboard.domain.resources.contact_flow import (
    ContactFlow,
    ContactFlowState,
    ContactFlowStatus,
)
from switchboard.domain.search import AllOf, AnyOf, Criteria, Leaf, match_all, tags_match_all
from switchboard.handlers.context import Handler, HandlerContext
from switchboard.handlers.translate.common import drop_none, modified
from switchboard.handlers.translate.paging import page
from switchboard.handlers.translate.search import build_criteria, search_filter


@contextmanager
def _flow_problems() -> Iterator[None]:
    try:
        yield
    except FlowValidationError as err:
        raise ServiceError(
            "InvalidContactFlowException", err.message, {"problems": err.problems}
        ) from err


def contact_flow_out(flow: ContactFlow) -> dict[str, Any]:
    return drop_none(
        {
            "Arn": flow.arn,
            "Id": flow.id,
            "Name": flow.name,
            "Type": flow.type.value,
            "State": flow.state.value,
            "Status": flow.status.value,
            "Description": flow.description,
            "Content": flow.content,
            "Tags": dict(flow.tags),
            "FlowContentSha256": flow.content_sha256,
            **modified(flow),
        }
    )


def _summary(flow: ContactFlow) -> dict[str, Any]:
    return {
        "Id": flow.id,
        "Arn": flow.arn,
        "Name": flow.name,
        "ContactFlowType": flow.type.value,
        "ContactFlowState": flow.state.value,
        "ContactFlowStatus": flow.status.value,
    }


def create_contact_flow(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    with _flow_problems():
        flow = use.create_contact_flow(
            ctx.unit_of_work(req["InstanceId"]),
            ctx.app.ids,
            name=req["Name"],
            flow_type=FlowType(req["Type"]),
            content=req["Content"],
            description=req.get("Description"),
            status=ContactFlowStatus(req.get("Status") or "PUBLISHED"),
            tags=req.get("Tags"),
        )
    return {
        "ContactFlowId": flow.id,
        "ContactFlowArn": flow.arn,
        "FlowContentSha256": flow.content_sha256,
    }


def describe_contact_flow(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    flow = ctx.instance(req["InstanceId"]).require(
        ContactFlow, use.plain_flow_id(req["ContactFlowId"])
    )
    return {"ContactFlow": contact_flow_out(flow)}


def list_contact_flows(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    flows = ctx.instance(req["InstanceId"]).all(ContactFlow)
    types = req.get("ContactFlowTypes")
    if types:
        flows = [f for f in flows if f.type.value in types]
    items, token = page(ctx, req, flows, default_max=100)
    return drop_none({"ContactFlowSummaryList": [_summary(f) for f in items], "NextToken": token})


def update_contact_flow_content(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    with _flow_problems():
        use.update_content(
            ctx.unit_of_work(req["InstanceId"]), req["ContactFlowId"], req["Content"]
        )
    return {}


def update_contact_flow_name(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    use.update_metadata(
        ctx.unit_of_work(req["InstanceId"]),
        req["ContactFlowId"],
        name=req.get("Name"),
        description=req.get("Description"),
    )
    return {}


def update_contact_flow_metadata(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    state = req.get("ContactFlowState")
    use.update_metadata(
        ctx.unit_of_work(req["InstanceId"]),
        req["ContactFlowId"],
        name=req.get("Name"),
        description=req.get("Description"),
        state=ContactFlowState(state) if state else None,
    )
    return {}


def delete_contact_flow(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    use.delete_contact_flow(ctx.unit_of_work(req["InstanceId"]), req["ContactFlowId"])
    return {}


_STRING_FIELDS: dict[str, Callable[[ContactFlow], str | None]] = {
    "name": lambda f: f.name,
    "description": lambda f: f.description,
    "resourceID": lambda f: f.id,
}


def _enum_leaf(getter: Callable[[ContactFlow], str]) -> Callable[[Any], Criteria[ContactFlow]]:
    return lambda wanted: Leaf(lambda flow: getter(flow) == wanted)


_LEAVES = {
    "TypeCondition": _enum_leaf(lambda f: f.type.value),
    "StateCondition": _enum_leaf(lambda f: f.state.value),
    "StatusCondition": _enum_leaf(lambda f: f.status.value),
}


def _pairs(conditions: list[Mapping[str, str]] | None) -> list[tuple[str, str]]:
    return [(c.get("TagKey", ""), c.get("TagValue", "")) for c in conditions or []]


def _and_condition(wire: Mapping[str, Any]) -> Criteria[ContactFlow]:
    tags = _pairs(wire.get("TagConditions"))
    flow_type = (wire.get("ContactFlowTypeCondition") or {}).get("ContactFlowType")
    return Leaf(
        lambda f: tags_match_all(f.tags, tags) and (flow_type is None or f.type.value == flow_type)
    )


def _flow_attribute_filter(wire: Mapping[str, Any] | None) -> Criteria[ContactFlow]:
    """ContactFlowAttributeFilter: OrConditions / AndCondition / TagCondition / type condition."""
    if not wire:
        return match_all()
    parts: list[Criteria[ContactFlow]] = []
    if wire.get("OrConditions"):
        parts.append(AnyOf([_and_condition(c) for c in wire["OrConditions"]]))
    if wire.get("AndCondition"):
        parts.append(_and_condition(wire["AndCondition"]))
    if wire.get("TagCondition"):
        parts.append(_and_condition({"TagConditions": [wire["TagCondition"]]}))
    if wire.get("ContactFlowTypeCondition"):
        parts.append(_and_condition({"ContactFlowTypeCondition": wire["ContactFlowTypeCondition"]}))
    return AllOf(parts) if parts else match_all()


def search_contact_flows(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    flows = ctx.instance(req["InstanceId"]).all(ContactFlow)
    wire_filter = req.get("SearchFilter") or {}
    criteria = AllOf(
        [
            build_criteria(req.get("SearchCriteria"), _STRING_FIELDS, _LEAVES),
            search_filter(wire_filter, lambda f: f.tags),
            _flow_attribute_filter(wire_filter.get("FlowAttributeFilter")),
        ]
    )
    matched = [f for f in flows if criteria.matches(f)]
    items, token = page(ctx, req, matched, default_max=100)
    return drop_none(
        {
            "ContactFlows": [contact_flow_out(f) for f in items],
            "NextToken": token,
            "ApproximateTotalCount": len(matched),
        }
    )


OPERATIONS: dict[str, Handler] = {
    "CreateContactFlow": create_contact_flow,
    "DescribeContactFlow": describe_contact_flow,
    "ListContactFlows": list_contact_flows,
    "UpdateContactFlowContent": update_contact_flow_content,
    "UpdateContactFlowName": update_contact_flow_name,
    "UpdateContactFlowMetadata": update_contact_flow_metadata,
    "DeleteContactFlow": delete_contact_flow,
    "SearchContactFlows": search_contact_flows,
}
