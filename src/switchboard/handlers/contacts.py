"""Contact operations: Start*, CreateContact, StopContact, TransferContact, UpdateContact*,
attributes, DescribeContact, PutUserStatus, DismissUserContact, Tag/UntagContact."""

from __future__ import annotations

from typing import Any

from switchboard.app import agents as agent_use
from switchboard.app import contacts as use
from switchboard.app.center.center import ContactCenter
from switchboard.domain.channel import Channel
from switchboard.domain.contacts.contact import Contact
from switchboard.domain.errors import InvalidArgumentError, NotFoundError
from switchboard.domain.flows.criteria_parse import parse_routing_criteria
from switchboard.domain.resources.quick_connect import QuickConnect, QuickConnectType
from switchboard.domain.resources.user import User
from switchboard.handlers.context import Handler, HandlerContext
from switchboard.handlers.translate.contact_out import contact_out

TASK_SCHEDULE_HORIZON_MS = 6 * 24 * 3600 * 1000  # R5.3.3: up to 6 days ahead


def center_of(ctx: HandlerContext, instance_id: str) -> ContactCenter:
    return ctx.center(instance_id)


def _new_id(ctx: HandlerContext) -> str:
    return ctx.app.ids.new_id()


def start_task_contact(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    center = center_of(ctx, req["InstanceId"])
    flow_id = req.get("ContactFlowId")
    target_queue = None
    if req.get("QuickConnectId"):
        qc = center.state.require(QuickConnect, req["QuickConnectId"])
        flow_id = flow_id or qc.contact_flow_id
        if qc.type is QuickConnectType.QUEUE:
            target_queue = qc.queue_id
        elif qc.type is QuickConnectType.USER and qc.user_id:
            user = center.state.require(User, qc.user_id)
            target_queue = user.agent_queue_id
    if not flow_id and not target_queue:
        raise InvalidArgumentError("ContactFlowId", "give ContactFlowId or QuickConnectId")
    scheduled = req.get("ScheduledTime")
    if scheduled is not None:
        now = center.now()
        if scheduled > now + TASK_SCHEDULE_HORIZON_MS:
            raise InvalidArgumentError(
                "ScheduledTime", "a task can be scheduled up to 6 days ahead"
            )
        if scheduled <= now:
            scheduled = None
    contact = use.start_contact(
        center,
        _new_id(ctx),
        channel=Channel.TASK,
        initiation_method="API",
        contact_flow_id=flow_id,
        name=req.get("Name"),
        description=req.get("Description"),
        attributes=req.get("Attributes"),
        previous_contact_id=req.get("PreviousContactId"),
        related_contact_id=req.get("RelatedContactId"),
        scheduled_at=scheduled,
        target_queue_id=target_queue,
    )
    return {"ContactId": contact.id}


def start_chat_contact(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    center = center_of(ctx, req["InstanceId"])
    contact = use.start_contact(
        center,
        _new_id(ctx),
        channel=Channel.CHAT,
        initiation_method="API",
        contact_flow_id=req["ContactFlowId"],
        name=(req.get("ParticipantDetails") or {}).get("DisplayName"),
        attributes=req.get("Attributes"),
        related_contact_id=req.get("RelatedContactId"),
    )
    participant = ctx.app.ids.new_id()
    return {
        "ContactId": contact.id,
        "ParticipantId": participant,
        "ParticipantToken": f"token-{participant}",
    }


def start_outbound_voice_contact(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    center = center_of(ctx, req["InstanceId"])
    contact = use.start_contact(
        center,
        _new_id(ctx),
        channel=Channel.VOICE,
        initiation_method="API",
        contact_flow_id=req["ContactFlowId"],
        name=req.get("Name"),
        description=req.get("Description"),
        attributes=req.get("Attributes"),
        related_contact_id=req.get("RelatedContactId"),
        # The customer answers at once; the flow's working queue defaults to QueueId.
        target_queue_id=req.get("QueueId"),
    )
    return {"ContactId": contact.id}


def create_contact(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    center = center_of(ctx, req["InstanceId"])
    contact = use.start_contact(
        center,
        _new_id(ctx),
        channel=Channel(req["Channel"]),
        initiation_method=req["InitiationMethod"],
        contact_flow_id=None,
        name=req.get("Name"),
        description=req.get("Description"),
        attributes=req.get("Attributes"),
        previous_contact_id=req.get("PreviousContactId"),
        related_contact_id=req.get("RelatedContactId"),
    )
    return {"ContactId": contact.id, "ContactArn": contact.arn}


def stop_contact(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    reason = (req.get("DisconnectReason") or {}).get("Code")
    use.stop_contact(center_of(ctx, req["InstanceId"]), req["ContactId"], reason)
    return {}


def transfer_contact(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    segment = use.transfer_contact(
        center_of(ctx, req["InstanceId"]),
        req["ContactId"],
        _new_id(ctx),
        flow_id=req["ContactFlowId"],
        queue_id=req.get("QueueId"),
        user_id=req.get("UserId"),
    )
    return {"ContactId": segment.id, "ContactArn": segment.arn}


def update_contact(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    use.update_contact(
        center_of(ctx, req["InstanceId"]),
        req["ContactId"],
        name=req.get("Name"),
        description=req.get("Description"),
    )
    return {}


def update_contact_attributes(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    use.update_attributes(
        center_of(ctx, req["InstanceId"]), req["InitialContactId"], req["Attributes"]
    )
    return {}


def get_contact_attributes(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    contact = center_of(ctx, req["InstanceId"]).find_contact(req["InitialContactId"])
    if contact is None:
        raise NotFoundError("Contact", req["InitialContactId"])
    return {"Attributes": dict(contact.attributes)}


def update_contact_routing_data(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    criteria = None
    if req.get("RoutingCriteria") is not None:
        criteria = parse_routing_criteria(req["RoutingCriteria"])
    use.update_routing_data(
        center_of(ctx, req["InstanceId"]),
        req["ContactId"],
        queue_priority=req.get("QueuePriority"),
        time_adjustment_seconds=req.get("QueueTimeAdjustmentSeconds"),
        criteria=criteria,
    )
    return {}


def describe_contact(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    center = center_of(ctx, req["InstanceId"])
    contact: Contact | None = center.find_contact(req["ContactId"])
    if contact is None:
        raise NotFoundError("Contact", req["ContactId"])
    return {"Contact": contact_out(center, contact)}


def put_user_status(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    agent_use.put_user_status(
        center_of(ctx, req["InstanceId"]), req["UserId"], req["AgentStatusId"]
    )
    return {}


def dismiss_user_contact(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    agent_use.dismiss_user_contact(
        center_of(ctx, req["InstanceId"]), req["UserId"], req["ContactId"]
    )
    return {}


def tag_contact(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    use.tag_contact(center_of(ctx, req["InstanceId"]), req["ContactId"], req["Tags"], [])
    return {}


def untag_contact(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    use.tag_contact(center_of(ctx, req["InstanceId"]), req["ContactId"], {}, req["TagKeys"])
    return {}


OPERATIONS: dict[str, Handler] = {
    "StartTaskContact": start_task_contact,
    "StartChatContact": start_chat_contact,
    "StartOutboundVoiceContact": start_outbound_voice_contact,
    "CreateContact": create_contact,
    "StopContact": stop_contact,
    "TransferContact": transfer_contact,
    "UpdateContact": update_contact,
    "UpdateContactAttributes": update_contact_attributes,
    "GetContactAttributes": get_contact_attributes,
    "UpdateContactRoutingData": update_contact_routing_data,
    "DescribeContact": describe_contact,
    "PutUserStatus": put_user_status,
    "DismissUserContact": dismiss_user_contact,
    "TagContact": tag_contact,
    "UntagContact": untag_contact,
}
