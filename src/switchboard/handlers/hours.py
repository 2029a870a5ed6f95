"""Hours of operation operations (R1.8.4): Create/Describe/List/Update/Delete/Search.

Wire <-> use-case translation only.
"""

from __future__ import annotations

from typing import Any

from switchboard.app import hours as use
from switchboard.app.state import InstanceState
from switchboard.domain.resources.hours import HoursOfOperation, HoursSlot, TimeSlice
from switchboard.domain.search import AllOf
from switchboard.handlers.context import Handler, HandlerContext
from switchboard.handlers.translate.common import drop_none, modified
from switchboard.handlers.translate.paging import page
from switchboard.handlers.translate.search import build_criteria, search_filter


def _slice_in(wire: dict[str, Any]) -> TimeSlice:
    return TimeSlice(hours=int(wire["Hours"]), minutes=int(wire["Minutes"]))


def _config_in(wire: list[dict[str, Any]]) -> tuple[HoursSlot, ...]:
    return tuple(
        HoursSlot(day=s["Day"], start=_slice_in(s["StartTime"]), end=_slice_in(s["EndTime"]))
        for s in wire
    )


def _slot_out(slot: HoursSlot) -> dict[str, Any]:
    return {
        "Day": slot.day,
        "StartTime": {"Hours": slot.start.hours, "Minutes": slot.start.minutes},
        "EndTime": {"Hours": slot.end.hours, "Minutes": slot.end.minutes},
    }


def hours_out(state: InstanceState, hours: HoursOfOperation) -> dict[str, Any]:
    """The wire `HoursOfOperation` structure (Describe, Search)."""
    parents = [state.get(HoursOfOperation, p) for p in hours.parent_ids]
    return drop_none(
        {
            "HoursOfOperationId": hours.id,
            "HoursOfOperationArn": hours.arn,
            "Name": hours.name,
            "Description": hours.description,
            "TimeZone": hours.time_zone,
            "Config": [_slot_out(s) for s in hours.config],
            "ParentHoursOfOperations": [
                {"Name": p.name, "Id": p.id, "Arn": p.arn} for p in parents if p is not None
            ]
            or None,
            "Tags": dict(hours.tags),
            **modified(hours),
        }
    )


def _summary(hours: HoursOfOperation) -> dict[str, Any]:
    return {"Id": hours.id, "Arn": hours.arn, "Name": hours.name, **modified(hours)}


def create_hours_of_operation(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    parents = tuple(
        p["HoursOfOperationId"]
        for p in req.get("ParentHoursOfOperationConfigs") or ()
        if p.get("HoursOfOperationId")
    )
    hours = use.create_hours_of_operation(
        ctx.unit_of_work(req["InstanceId"]),
        ctx.app.ids,
        name=req["Name"],
        time_zone=req["TimeZone"],
        config=_config_in(req["Config"]),
        description=req.get("Description"),
        parent_ids=parents,
        tags=req.get("Tags"),
    )
    return {"HoursOfOperationId": hours.id, "HoursOfOperationArn": hours.arn}


def describe_hours_of_operation(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    state = ctx.instance(req["InstanceId"])
    hours = state.require(HoursOfOperation, req["HoursOfOperationId"])
    return {"HoursOfOperation": hours_out(state, hours)}


def list_hours_of_operations(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    everything = ctx.instance(req["InstanceId"]).all(HoursOfOperation)
    items, token = page(ctx, req, everything)
    return drop_none(
        {"HoursOfOperationSummaryList": [_summary(h) for h in items], "NextToken": token}
    )


def update_hours_of_operation(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    config = req.get("Config")
    use.update_hours_of_operation(
        ctx.unit_of_work(req["InstanceId"]),
        req["HoursOfOperationId"],
        name=req.get("Name"),
        description=req.get("Description"),
        time_zone=req.get("TimeZone"),
        config=None if config is None else _config_in(config),
    )
    return {}


def delete_hours_of_operation(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    use.delete_hours_of_operation(ctx.unit_of_work(req["InstanceId"]), req["HoursOfOperationId"])
    return {}


_STRING_FIELDS = {
    "name": lambda h: h.name,
    "description": lambda h: h.description,
    "timezone": lambda h: h.time_zone,
    "resourceID": lambda h: h.id,
}


def _search_key(hours: HoursOfOperation) -> str:
    return f"{hours.name}\x00{hours.id}"  # name, then id (R6.8 ASSUMPTION)


def search_hours_of_operations(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    state = ctx.instance(req["InstanceId"])
    criteria = AllOf(
        [
            build_criteria(req.get("SearchCriteria"), _STRING_FIELDS),
            search_filter(req.get("SearchFilter"), lambda h: h.tags),
        ]
    )
    matched = [h for h in state.all(HoursOfOperation) if criteria.matches(h)]
    items, token = page(ctx, req, matched, key=_search_key)
    return drop_none(
        {
            "HoursOfOperations": [hours_out(state, h) for h in items],
            "NextToken": token,
            "ApproximateTotalCount": len(matched),
        }
    )


OPERATIONS: dict[str, Handler] = {
    "CreateHoursOfOperation": create_hours_of_operation,
    "DescribeHoursOfOperation": describe_hours_of_operation,
    "ListHoursOfOperations": list_hours_of_operations,
    "UpdateHoursOfOperation": update_hours_of_operation,
    "DeleteHoursOfOperation": delete_hours_of_operation,
    "SearchHoursOfOperations": search_hours_of_operations,
}
