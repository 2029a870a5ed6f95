"""CreateInstance, DescribeInstance, ListInstances, DeleteInstance and instance attributes."""

from __future__ import annotations

from typing import Any

from switchboard.app import instances as use
from switchboard.domain.resources.instance import IdentityManagementType, Instance
from switchboard.handlers.context import Handler, HandlerContext
from switchboard.handlers.translate.common import drop_none
from switchboard.handlers.translate.paging import page


def _summary(inst: Instance) -> dict[str, Any]:
    return drop_none(
        {
            "Id": inst.id,
            "Arn": inst.arn,
            "IdentityManagementType": inst.identity_management_type.value,
            "InstanceAlias": inst.alias,
            "CreatedTime": inst.created_at,
            "ServiceRole": _service_role(inst),
            "InstanceStatus": inst.status,
            "InboundCallsEnabled": inst.inbound_calls_enabled,
            "OutboundCallsEnabled": inst.outbound_calls_enabled,
            "InstanceAccessUrl": _access_url(inst),
        }
    )


def _service_role(inst: Instance) -> str:
    return (
        f"arn:aws:iam::{inst.account_id}:role/aws-service-role/connect.amazonaws.com/"
        "AWSServiceRoleForAmazonConnect"
    )


def _access_url(inst: Instance) -> str:
    return f"https://{inst.alias or inst.id}.my.connect.aws/"


def create_instance(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    inst = use.create_instance(
        ctx.app,
        ctx.caller,
        identity_management_type=IdentityManagementType(req["IdentityManagementType"]),
        inbound_calls_enabled=req["InboundCallsEnabled"],
        outbound_calls_enabled=req["OutboundCallsEnabled"],
        alias=req.get("InstanceAlias"),
        tags=req.get("Tags"),
    )
    return {"Id": inst.id, "Arn": inst.arn}


def describe_instance(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    inst = ctx.instance(req["InstanceId"]).instance
    body = _summary(inst)
    body["Tags"] = dict(inst.tags)
    return {"Instance": body}


def list_instances(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    items, token = page(ctx, req, use.list_instances(ctx.app, ctx.caller), default_max=10)
    return drop_none({"InstanceSummaryList": [_summary(i) for i in items], "NextToken": token})


def delete_instance(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    use.delete_instance(ctx.app, ctx.caller, req["InstanceId"])
    return {}


_DEFAULT_ATTRIBUTES = {
    "INBOUND_CALLS": "true",
    "OUTBOUND_CALLS": "true",
    "CONTACTFLOW_LOGS": "false",
    "CONTACT_LENS": "false",
    "AUTO_RESOLVE_BEST_VOICES": "true",
    "USE_CUSTOM_TTS_VOICES": "false",
    "EARLY_MEDIA": "true",
    "MULTI_PARTY_CONFERENCE": "false",
    "HIGH_VOLUME_OUTBOUND": "false",
    "ENHANCED_CONTACT_MONITORING": "false",
    "ENHANCED_CHAT_MONITORING": "false",
    "MULTI_PARTY_CHAT_CONFERENCE": "false",
}


def _attributes(inst: Instance) -> dict[str, str]:
    values = dict(_DEFAULT_ATTRIBUTES)
    values["INBOUND_CALLS"] = "true" if inst.inbound_calls_enabled else "false"
    values["OUTBOUND_CALLS"] = "true" if inst.outbound_calls_enabled else "false"
    values.update(inst.attributes or {})
    return values


def describe_instance_attribute(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    inst = ctx.instance(req["InstanceId"]).instance
    kind = req["AttributeType"]
    return {"Attribute": {"AttributeType": kind, "Value": _attributes(inst).get(kind, "false")}}


def list_instance_attributes(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    inst = ctx.instance(req["InstanceId"]).instance
    rows = [{"AttributeType": k, "Value": v} for k, v in sorted(_attributes(inst).items())]
    items, token = page(ctx, req, rows, key=lambda r: r["AttributeType"], default_max=7)
    return drop_none({"Attributes": items, "NextToken": token})


def update_instance_attribute(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    use.update_instance_attribute(
        ctx.app, ctx.caller, req["InstanceId"], req["AttributeType"], req["Value"]
    )
    return {}


OPERATIONS: dict[str, Handler] = {
    "CreateInstance": create_instance,
    "DescribeInstance": describe_instance,
    "ListInstances": list_instances,
    "DeleteInstance": delete_instance,
    "DescribeInstanceAttribute": describe_instance_attribute,
    "ListInstanceAttributes": list_instance_attributes,
    "UpdateInstanceAttribute": update_instance_attribute,
}
