"""Quick connect operations: Create/Describe/List/UpdateName/UpdateConfig/Delete/Search.

Wire <-> use-case translation only; `quick_connect_summary` is shared with ListQueueQuickConnects.
"""

from __future__ import annotations

from typing import Any

from switchboard.app import quick_connects as use
from switchboard.domain.resources.quick_connect import QuickConnect, QuickConnectType
from switchboard.domain.search import AllOf
from switchboard.handlers.context import Handler, HandlerContext
from switchboard.handlers.translate.common import drop_none, modified
from switchboard.handlers.translate.paging import page
from switchboard.handlers.translate.search import build_criteria, search_filter


def _destination_in(wire: dict[str, Any]) -> use.Destination:
    kind = QuickConnectType(wire["QuickConnectType"])
    user = wire.get("UserConfig") or {}
    queue = wire.get("QueueConfig") or {}
    phone = wire.get("PhoneConfig") or {}
    flow = wire.get("FlowConfig") or {}
    if kind is QuickConnectType.USER:
        return use.Destination(
            kind, user_id=user.get("UserId"), contact_flow_id=user.get("ContactFlowId")
        )
    if kind is QuickConnectType.QUEUE:
        return use.Destination(
            kind, queue_id=queue.get("QueueId"), contact_flow_id=queue.get("ContactFlowId")
        )
    if kind is QuickConnectType.PHONE_NUMBER:
        return use.Destination(kind, phone_number=phone.get("PhoneNumber"))
    return use.Destination(kind, contact_flow_id=flow.get("ContactFlowId"))


def _config_out(qc: QuickConnect) -> dict[str, Any]:
    out: dict[str, Any] = {"QuickConnectType": qc.type.value}
    if qc.type is QuickConnectType.USER:
        out["UserConfig"] = {"UserId": qc.user_id, "ContactFlowId": qc.contact_flow_id}
    elif qc.type is QuickConnectType.QUEUE:
        out["QueueConfig"] = {"QueueId": qc.queue_id, "ContactFlowId": qc.contact_flow_id}
    elif qc.type is QuickConnectType.PHONE_NUMBER:
        out["PhoneConfig"] = {"PhoneNumber": qc.phone_number}
    else:
        out["FlowConfig"] = {"ContactFlowId": qc.contact_flow_id}
    return out


def quick_connect_out(qc: QuickConnect) -> dict[str, Any]:
    """The wire `QuickConnect` structure (DescribeQuickConnect, SearchQuickConnects)."""
    return drop_none(
        {
            "QuickConnectARN": qc.arn,
            "QuickConnectId": qc.id,
            "Name": qc.name,
            "Description": qc.description,
            "QuickConnectConfig": _config_out(qc),
            "Tags": dict(qc.tags),
            **modified(qc),
        }
    )


def quick_connect_summary(qc: QuickConnect) -> dict[str, Any]:
    return {
        "Id": qc.id,
        "Arn": qc.arn,
        "Name": qc.name,
        "QuickConnectType": qc.type.value,
        **modified(qc),
    }


def create_quick_connect(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    qc = use.create_quick_connect(
        ctx.unit_of_work(req["InstanceId"]),
        ctx.app.ids,
        name=req["Name"],
        destination=_destination_in(req["QuickConnectConfig"]),
        description=req.get("Description"),
        tags=req.get("Tags"),
    )
    return {"QuickConnectARN": qc.arn, "QuickConnectId": qc.id}


def describe_quick_connect(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    qc = ctx.instance(req["InstanceId"]).require(QuickConnect, req["QuickConnectId"])
    return {"QuickConnect": quick_connect_out(qc)}


def list_quick_connects(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    items_all = ctx.instance(req["InstanceId"]).all(QuickConnect)
    types = req.get("QuickConnectTypes")
    if types:
        items_all = [q for q in items_all if q.type.value in types]
    items, token = page(ctx, req, items_all)
    return drop_none(
        {"QuickConnectSummaryList": [quick_connect_summary(q) for q in items], "NextToken": token}
    )


def update_quick_connect_name(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    use.update_quick_connect_name(
        ctx.unit_of_work(req["InstanceId"]),
        req["QuickConnectId"],
        name=req.get("Name"),
        description=req.get("Description"),
    )
    return {}


def update_quick_connect_config(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    use.update_quick_connect_config(
        ctx.unit_of_work(req["InstanceId"]),
        req["QuickConnectId"],
        _destination_in(req["QuickConnectConfig"]),
    )
    return {}


def delete_quick_connect(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    use.delete_quick_connect(ctx.unit_of_work(req["InstanceId"]), req["QuickConnectId"])
    return {}


_STRING_FIELDS = {
    "name": lambda q: q.name,
    "description": lambda q: q.description,
    "resourceID": lambda q: q.id,
}


def _search_key(qc: QuickConnect) -> str:
    return f"{qc.name}\x00{qc.id}"  # name, then id (R6.8 ASSUMPTION)


def search_quick_connects(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    everything = ctx.instance(req["InstanceId"]).all(QuickConnect)
    criteria = AllOf(
        [
            build_criteria(req.get("SearchCriteria"), _STRING_FIELDS),
            search_filter(req.get("SearchFilter"), lambda q: q.tags),
        ]
    )
    matched = [q for q in everything if criteria.matches(q)]
    items, token = page(ctx, req, matched, key=_search_key)
    return drop_none(
        {
            "QuickConnects": [quick_connect_out(q) for q in items],
            "NextToken": token,
            "ApproximateTotalCount": len(matched),
        }
    )


OPERATIONS: dict[str, Handler] = {
    "CreateQuickConnect": create_quick_connect,
    "DescribeQuickConnect": describe_quick_connect,
    "ListQuickConnects": list_quick_connects,
    "UpdateQuickConnectName": update_quick_connect_name,
    "UpdateQuickConnectConfig": update_quick_connect_config,
    "DeleteQuickConnect": delete_quick_connect,
    "SearchQuickConnects": search_quick_connects,
}
