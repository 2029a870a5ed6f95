"""Contact records -> the wire `Contact` (DescribeContact) and `ContactSearchSummary` shapes."""

from __future__ import annotations

from typing import Any

from switchboard.app.center.center import ContactCenter
from switchboard.domain.contacts.contact import Contact, ContactStatus
from switchboard.handlers.translate.common import drop_none

_LEVELS = ("Level1", "Level2", "Level3", "Level4", "Level5")


def routing_criteria_out(center: ContactCenter, c: Contact) -> dict[str, Any] | None:
    criteria = c.routing_criteria
    if criteria is None:
        return None
    live = None
    if c.status in (ContactStatus.QUEUED, ContactStatus.CONNECTING) and center.engine.has_contact(
        c.id
    ):
        live = center.engine.contact_state(c.id)
    steps = []
    for index, step in enumerate(criteria.steps):
        expiry: dict[str, Any] = {}
        if step.expiry_ms is not None:
            expiry["DurationInSeconds"] = step.expiry_ms // 1000
        status = None
        if live is not None and index < len(live.steps):
            status = live.steps[index].status.value
            if live.steps[index].expires_at is not None:
                expiry["ExpiryTimestamp"] = live.steps[index].expires_at
        elif index < len(c.routing_steps):
            status = c.routing_steps[index].status.value
            if c.routing_steps[index].expires_at is not None:
                expiry["ExpiryTimestamp"] = c.routing_steps[index].expires_at
        steps.append(
            drop_none(
                {
                    "Expiry": expiry or None,
                    "Expression": step.expression.to_data(),
                    "Status": status or "INACTIVE",
                }
            )
        )
    activated = live.criteria_activated_at if live is not None else c.routing_activated_at
    return drop_none(
        {"Steps": steps, "ActivationTimestamp": activated, "Index": c.routing_criteria_index}
    )


def _hierarchy(c: Contact, center: ContactCenter) -> dict[str, Any] | None:
    if not c.agent_hierarchy_group_ids:
        return None
    inst = center.state.instance.arn
    return {
        level: {"Arn": f"{inst}/agent-group/{gid}"}
        for level, gid in zip(_LEVELS, c.agent_hierarchy_group_ids, strict=False)
    }


def contact_out(center: ContactCenter, c: Contact) -> dict[str, Any]:
    agent = None
    if c.agent_id and c.connected_to_agent_at is not None:
        agent = drop_none(
            {
                "Id": c.agent_id,
                "AcceptedByAgentTimestamp": c.accepted_at,
                "ConnectedToAgentTimestamp": c.connected_to_agent_at,
                "HierarchyGroups": _hierarchy(c, center),
                "AfterContactWorkStartTimestamp": c.acw_started_at,
                "AfterContactWorkEndTimestamp": c.acw_ended_at,
                "AfterContactWorkDuration": None
                if c.acw_duration_ms is None
                else c.acw_duration_ms // 1000,
                "AgentInitiatedHoldDuration": c.hold_total_ms // 1000 if c.hold_count else None,
            }
        )
    queue = None
    if c.queue_id:
        queue = drop_none({"Id": c.queue_id, "EnqueueTimestamp": c.enqueued_at})
    return drop_none(
        {
            "Arn": c.arn,
            "Id": c.id,
            "InitialContactId": c.initial_contact_id,
            "PreviousContactId": c.previous_contact_id,
            "InitiationMethod": c.initiation_method,
            "Name": c.name,
            "Description": c.description,
            "Channel": c.channel.value,
            "QueueInfo": queue,
            "AgentInfo": agent,
            "InitiationTimestamp": c.initiated_at,
            "DisconnectTimestamp": c.disconnected_at,
            "LastUpdateTimestamp": c.last_update_at,
            "RingStartTimestamp": c.ring_started_at,
            "ScheduledTimestamp": c.scheduled_at,
            "RelatedContactId": c.related_contact_id,
            "ConnectedToSystemTimestamp": c.connected_to_system_at,
            "QueueTimeAdjustmentSeconds": c.queue_time_adjustment_seconds if c.queue_id else None,
            "QueuePriority": c.queue_priority if c.queue_id else None,
            "Tags": dict(c.tags),
            "RoutingCriteria": routing_criteria_out(center, c),
            "DisconnectReason": c.disconnect_reason,
            "Attributes": dict(c.attributes) or None,
        }
    )


def search_summary(center: ContactCenter, c: Contact) -> dict[str, Any]:
    agent = None
    if c.agent_id and c.connected_to_agent_at is not None:
        agent = {"Id": c.agent_id, "ConnectedToAgentTimestamp": c.connected_to_agent_at}
    queue = drop_none({"Id": c.queue_id, "EnqueueTimestamp": c.enqueued_at}) if c.queue_id else None
    return drop_none(
        {
            "Arn": c.arn,
            "Id": c.id,
            "InitialContactId": c.initial_contact_id,
            "PreviousContactId": c.previous_contact_id,
            "InitiationMethod": c.initiation_method,
            "Channel": c.channel.value,
            "QueueInfo": queue,
            "AgentInfo": agent,
            "InitiationTimestamp": c.initiated_at,
            "DisconnectTimestamp": c.disconnected_at,
            "ScheduledTimestamp": c.scheduled_at,
            "Name": c.name,
            "RoutingCriteria": routing_criteria_out(center, c),
            "Tags": dict(c.tags) or None,
        }
    )
