"""Queue operations (R1.1, R1.8.1, R6): Create/Describe/List/Update*/Delete/Search and the
queue <-> quick connect associations. Wire <-> use-case translation only.
"""

from __future__ import annotations

from typing import Any

from switchboard.app import queues as use
from switchboard.domain.resources.queue import OutboundCallerConfig, Queue, QueueStatus, QueueType
from switchboard.domain.search import AllOf, Criteria, Leaf
from switchboard.handlers.context import Handler, HandlerContext
from switchboard.handlers.quick_connects import quick_connect_summary
from switchboard.handlers.translate.common import drop_none, modified
from switchboard.handlers.translate.paging import page
from switchboard.handlers.translate.search import build_criteria, search_filter


def _caller_in(wire: dict[str, Any] | None) -> OutboundCallerConfig | None:
    if wire is None:
        return None
    return OutboundCallerConfig(
        caller_id_name=wire.get("OutboundCallerIdName"),
        caller_id_number_id=wire.get("OutboundCallerIdNumberId"),
        outbound_flow_id=wire.get("OutboundFlowId"),
    )


def _caller_out(config: OutboundCallerConfig | None) -> dict[str, Any] | None:
    if config is None:
        return None
    return drop_none(
        {
            "OutboundCallerIdName": config.caller_id_name,
            "OutboundCallerIdNumberId": config.caller_id_number_id,
            "OutboundFlowId": config.outbound_flow_id,
        }
    )


def queue_out(queue: Queue) -> dict[str, Any]:
    """The wire `Queue` structure (DescribeQueue, SearchQueues)."""
    email = queue.outbound_email_address_id
    return drop_none(
        {
            "Name": queue.name or None,
            "QueueArn": queue.arn,
            "QueueId": queue.id,
            "Description": queue.description,
            "OutboundCallerConfig": _caller_out(queue.outbound_caller),
            "OutboundEmailConfig": {"OutboundEmailAddressId": email} if email else None,
            "HoursOfOperationId": queue.hours_of_operation_id,
            "MaxContacts": queue.max_contacts,
            "Status": queue.status.value,
            "Tags": dict(queue.tags),
            **modified(queue),
        }
    )


def _summary(queue: Queue) -> dict[str, Any]:
    return drop_none(
        {
            "Id": queue.id,
            "Arn": queue.arn,
            "Name": queue.name or None,
            "QueueType": queue.queue_type.value,
            **modified(queue),
        }
    )


def create_queue(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    emails = tuple(e["EmailAddressId"] for e in req.get("EmailAddressesConfig") or ())
    queue = use.create_queue(
        ctx.unit_of_work(req["InstanceId"]),
        ctx.app.ids,
        name=req["Name"],
        hours_of_operation_id=req["HoursOfOperationId"],
        description=req.get("Description"),
        max_contacts=req.get("MaxContacts"),
        outbound_caller=_caller_in(req.get("OutboundCallerConfig")),
        outbound_email_address_id=(req.get("OutboundEmailConfig") or {}).get(
            "OutboundEmailAddressId"
        ),
        email_address_ids=emails,
        quick_connect_ids=tuple(req.get("QuickConnectIds") or ()),
        tags=req.get("Tags"),
    )
    return {"QueueArn": queue.arn, "QueueId": queue.id}


def describe_queue(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    queue = ctx.instance(req["InstanceId"]).require(Queue, req["QueueId"])
    return {"Queue": queue_out(queue)}


def list_queues(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    queues = ctx.instance(req["InstanceId"]).all(Queue)
    types = req.get("QueueTypes")
    if types:
        queues = [q for q in queues if q.queue_type.value in types]
    items, token = page(ctx, req, queues)
    return drop_none({"QueueSummaryList": [_summary(q) for q in items], "NextToken": token})


def update_queue_name(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    use.update_queue_name(
        ctx.unit_of_work(req["InstanceId"]),
        req["QueueId"],
        name=req.get("Name"),
        description=req.get("Description"),
    )
    return {}


def update_queue_hours_of_operation(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    use.update_queue_hours(
        ctx.unit_of_work(req["InstanceId"]), req["QueueId"], req["HoursOfOperationId"]
    )
    return {}


def update_queue_max_contacts(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    use.update_queue_max_contacts(
        ctx.unit_of_work(req["InstanceId"]), req["QueueId"], req.get("MaxContacts")
    )
    return {}


def update_queue_outbound_caller_config(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    config = _caller_in(req["OutboundCallerConfig"]) or OutboundCallerConfig()
    use.update_queue_outbound_caller(ctx.unit_of_work(req["InstanceId"]), req["QueueId"], config)
    return {}


def update_queue_status(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    use.update_queue_status(
        ctx.unit_of_work(req["InstanceId"]), req["QueueId"], QueueStatus(req["Status"])
    )
    return {}


def delete_queue(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    use.delete_queue(ctx.unit_of_work(req["InstanceId"]), req["QueueId"])
    return {}


def associate_queue_quick_connects(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    use.associate_quick_connects(
        ctx.unit_of_work(req["InstanceId"]), req["QueueId"], tuple(req["QuickConnectIds"])
    )
    return {}


def disassociate_queue_quick_connects(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    use.disassociate_quick_connects(
        ctx.unit_of_work(req["InstanceId"]), req["QueueId"], tuple(req["QuickConnectIds"])
    )
    return {}


def list_queue_quick_connects(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    uow = ctx.unit_of_work(req["InstanceId"])
    queue = uow.require(Queue, req["QueueId"])
    items, token = page(ctx, req, use.queue_quick_connects(uow, queue.id))
    return drop_none(
        {
            "QuickConnectSummaryList": [quick_connect_summary(q) for q in items],
            "NextToken": token,
            **modified(queue),
        }
    )


_STRING_FIELDS = {
    "name": lambda q: q.name,
    "description": lambda q: q.description,
    "resourceID": lambda q: q.id,
}


def _queue_type_leaf(value: str) -> Criteria[Queue]:
    wanted = QueueType(value)
    return Leaf(lambda q: q.queue_type is wanted)


def _search_key(queue: Queue) -> str:
    # Search results come sorted by name, then id (R6.8 ASSUMPTION).
    return f"{queue.name}\x00{queue.id}"


def search_queues(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    queues = ctx.instance(req["InstanceId"]).all(Queue)
    criteria = AllOf(
        [
            build_criteria(
                req.get("SearchCriteria"),
                _STRING_FIELDS,
                {"QueueTypeCondition": _queue_type_leaf},
            ),
            search_filter(req.get("SearchFilter"), lambda q: q.tags),
        ]
    )
    matched = [q for q in queues if criteria.matches(q)]
    items, token = page(ctx, req, matched, key=_search_key)
    return drop_none(
        {
            "Queues": [queue_out(q) for q in items],
            "NextToken": token,
            "ApproximateTotalCount": len(matched),
        }
    )


OPERATIONS: dict[str, Handler] = {
    "CreateQueue": create_queue,
    "DescribeQueue": describe_queue,
    "ListQueues": list_queues,
    "UpdateQueueName": update_queue_name,
    "UpdateQueueHoursOfOperation": update_queue_hours_of_operation,
    "UpdateQueueMaxContacts": update_queue_max_contacts,
    "UpdateQueueOutboundCallerConfig": update_queue_outbound_caller_config,
    "UpdateQueueStatus": update_queue_status,
    "DeleteQueue": delete_queue,
    "AssociateQueueQuickConnects": associate_queue_quick_connects,
    "DisassociateQueueQuickConnects": disassociate_queue_quick_connects,
    "ListQueueQuickConnects": list_queue_quick_connects,
    "SearchQueues": search_queues,
}
