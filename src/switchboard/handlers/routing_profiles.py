"""Routing profile operations (R1.2, R6): Create/Describe/List/Update*/Delete/Search and the
queue association family.

Only wire <-> use-case translation lives here. One exception to the error table: more than 50
(queue, channel) pairs on a profile is ServiceQuotaExceededException (R1.2.8), which the
association operations do not model, so the handler names it explicitly.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from switchboard.app import routing_profiles as use
from switchboard.app.state import InstanceState
from switchboard.aws.errors import ServiceError
from switchboard.domain.channel import Channel
from switchboard.domain.resources.queue import Queue
from switchboard.domain.resources.routing_profile import (
    AgentAvailabilityTimer,
    CrossChannelBehavior,
    MediaConcurrency,
    QueueConfig,
    QueueReference,
    RoutingProfile,
)
from switchboard.domain.resources.user import User
from switchboard.domain.search import AllOf
from switchboard.handlers.context import Handler, HandlerContext
from switchboard.handlers.translate.common import drop_none, modified
from switchboard.handlers.translate.paging import page
from switchboard.handlers.translate.search import build_criteria, search_filter

# --------------------------------------------------------------------------- wire -> domain


def _concurrency_in(wire: list[dict[str, Any]]) -> list[use.ConcurrencyRequest]:
    return [
        use.ConcurrencyRequest(
            channel=Channel(m["Channel"]),
            concurrency=m.get("Concurrency"),
            cross_channel=CrossChannelBehavior(m["CrossChannelBehavior"]["BehaviorType"])
            if m.get("CrossChannelBehavior")
            else None,
        )
        for m in wire
    ]


def _ref_in(wire: dict[str, Any]) -> QueueReference:
    return QueueReference(queue_id=wire["QueueId"], channel=Channel(wire["Channel"]))


def _config_in(wire: dict[str, Any]) -> QueueConfig:
    ref = _ref_in(wire["QueueReference"])
    return QueueConfig(ref.queue_id, ref.channel, wire["Priority"], wire["Delay"])


def _configs_in(wire: list[dict[str, Any]] | None) -> list[QueueConfig]:
    return [_config_in(c) for c in wire or []]


def _manual_in(wire: list[dict[str, Any]] | None) -> list[QueueReference]:
    return [_ref_in(c["QueueReference"]) for c in wire or []]


# --------------------------------------------------------------------------- domain -> wire


def _media_out(media: MediaConcurrency) -> dict[str, Any]:
    return {
        "Channel": media.channel.value,
        "Concurrency": media.concurrency,
        "CrossChannelBehavior": {"BehaviorType": media.cross_channel.value},
    }


def _user_count(state: InstanceState, profile: RoutingProfile) -> int:
    return sum(1 for u in state.all(User) if u.routing_profile_id == profile.id)


def routing_profile_out(
    state: InstanceState, profile: RoutingProfile, *, for_search: bool = False
) -> dict[str, Any]:
    """The RoutingProfile structure; search results leave out what R6.8 says they omit."""
    media = [_media_out(m) for m in profile.media_concurrencies]
    if for_search:
        for item in media:
            item.pop("CrossChannelBehavior")
    manual_ids = list(dict.fromkeys(r.queue_id for r in profile.manual_assignment_queues))
    out: dict[str, Any] = {
        "InstanceId": profile.instance_id,
        "Name": profile.name,
        "RoutingProfileArn": profile.arn,
        "RoutingProfileId": profile.id,
        "Description": profile.description,
        "MediaConcurrencies": media,
        "DefaultOutboundQueueId": profile.default_outbound_queue_id,
        "Tags": dict(profile.tags),
        "NumberOfAssociatedQueues": len(profile.queue_configs),
        "NumberOfAssociatedManualAssignmentQueues": len(profile.manual_assignment_queues),
        "NumberOfAssociatedUsers": _user_count(state, profile),
        "IsDefault": profile.is_default,
        "AssociatedQueueIds": profile.associated_queue_ids,
        "AssociatedManualAssignmentQueueIds": manual_ids,
    }
    if not for_search:
        out["AgentAvailabilityTimer"] = profile.agent_availability_timer.value
        out.update(modified(profile))
    return drop_none(out)


def _summary(profile: RoutingProfile) -> dict[str, Any]:
    return {"Id": profile.id, "Arn": profile.arn, "Name": profile.name, **modified(profile)}


def _queue_summary(state: InstanceState, config: QueueConfig) -> dict[str, Any]:
    queue = state.get(Queue, config.queue_id)
    return {
        "QueueId": config.queue_id,
        "QueueArn": queue.arn if queue else "",
        "QueueName": queue.name if queue else "",
        "Priority": config.priority,
        "Delay": config.delay_seconds,
        "Channel": config.channel.value,
    }


def _manual_summary(state: InstanceState, ref: QueueReference) -> dict[str, Any]:
    queue = state.get(Queue, ref.queue_id)
    return {
        "QueueId": ref.queue_id,
        "QueueArn": queue.arn if queue else "",
        "QueueName": queue.name if queue else "",
        "Channel": ref.channel.value,
    }


def _pair_key(item: QueueConfig | QueueReference) -> str:
    return f"{item.queue_id}/{item.channel.value}"


# --------------------------------------------------------------------------- operations


def create_routing_profile(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    timer = req.get("AgentAvailabilityTimer")
    profile = use.create_routing_profile(
        ctx.unit_of_work(req["InstanceId"]),
        ctx.app.ids,
        name=req["Name"],
        description=req["Description"],
        default_outbound_queue_id=req["DefaultOutboundQueueId"],
        media_concurrencies=_concurrency_in(req["MediaConcurrencies"]),
        queue_configs=_configs_in(req.get("QueueConfigs")),
        manual_assignment_queues=_manual_in(req.get("ManualAssignmentQueueConfigs")),
        agent_availability_timer=AgentAvailabilityTimer(timer) if timer else None,
        tags=req.get("Tags"),
    )
    return {"RoutingProfileArn": profile.arn, "RoutingProfileId": profile.id}


def describe_routing_profile(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    state = ctx.instance(req["InstanceId"])
    profile = state.require(RoutingProfile, req["RoutingProfileId"])
    return {"RoutingProfile": routing_profile_out(state, profile)}


def list_routing_profiles(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    profiles = ctx.instance(req["InstanceId"]).all(RoutingProfile)
    items, token = page(ctx, req, profiles)
    return drop_none(
        {"RoutingProfileSummaryList": [_summary(p) for p in items], "NextToken": token}
    )


def list_routing_profile_queues(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    state = ctx.instance(req["InstanceId"])
    profile = state.require(RoutingProfile, req["RoutingProfileId"])
    items, token = page(ctx, req, profile.queue_configs, key=_pair_key)
    return drop_none(
        {
            "RoutingProfileQueueConfigSummaryList": [_queue_summary(state, c) for c in items],
            "NextToken": token,
            **modified(profile),
        }
    )


def list_routing_profile_manual_assignment_queues(
    ctx: HandlerContext, req: dict[str, Any]
) -> dict[str, Any]:
    state = ctx.instance(req["InstanceId"])
    profile = state.require(RoutingProfile, req["RoutingProfileId"])
    items, token = page(ctx, req, profile.manual_assignment_queues, key=_pair_key)
    return drop_none(
        {
            "RoutingProfileManualAssignmentQueueConfigSummaryList": [
                _manual_summary(state, r) for r in items
            ],
            "NextToken": token,
            **modified(profile),
        }
    )


def associate_routing_profile_queues(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    try:
        use.associate_queues(
            ctx.unit_of_work(req["InstanceId"]),
            req["RoutingProfileId"],
            queue_configs=_configs_in(req.get("QueueConfigs")),
            manual_assignment_queues=_manual_in(req.get("ManualAssignmentQueueConfigs")),
        )
    except use.QueueQuotaExceededError as err:
        # R1.2.8 ASSUMPTION: the 50-pair quota is ServiceQuotaExceededException (402).
        raise ServiceError("ServiceQuotaExceededException", err.message) from err
    return {}


def disassociate_routing_profile_queues(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    use.disassociate_queues(
        ctx.unit_of_work(req["InstanceId"]),
        req["RoutingProfileId"],
        queue_references=[_ref_in(r) for r in req.get("QueueReferences") or []],
        manual_assignment_references=[
            _ref_in(r) for r in req.get("ManualAssignmentQueueReferences") or []
        ],
    )
    return {}


def update_routing_profile_queues(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    use.update_queues(
        ctx.unit_of_work(req["InstanceId"]),
        req["RoutingProfileId"],
        _configs_in(req["QueueConfigs"]),
    )
    return {}


def update_routing_profile_concurrency(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    use.update_concurrency(
        ctx.unit_of_work(req["InstanceId"]),
        req["RoutingProfileId"],
        _concurrency_in(req["MediaConcurrencies"]),
    )
    return {}


def update_routing_profile_default_outbound_queue(
    ctx: HandlerContext, req: dict[str, Any]
) -> dict[str, Any]:
    use.update_default_outbound_queue(
        ctx.unit_of_work(req["InstanceId"]),
        req["RoutingProfileId"],
        req["DefaultOutboundQueueId"],
    )
    return {}


def update_routing_profile_name(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    use.update_name(
        ctx.unit_of_work(req["InstanceId"]),
        req["RoutingProfileId"],
        name=req.get("Name"),
        description=req.get("Description"),
    )
    return {}


def update_routing_profile_agent_availability_timer(
    ctx: HandlerContext, req: dict[str, Any]
) -> dict[str, Any]:
    use.update_agent_availability_timer(
        ctx.unit_of_work(req["InstanceId"]),
        req["RoutingProfileId"],
        AgentAvailabilityTimer(req["AgentAvailabilityTimer"]),
    )
    return {}


def delete_routing_profile(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    use.delete_routing_profile(ctx.unit_of_work(req["InstanceId"]), req["RoutingProfileId"])
    return {}


def by_name(profile: RoutingProfile) -> str:
    """Search results come sorted by name, then id (R6.8 ASSUMPTION); the key is a string so
    paging tokens can carry it."""
    return f"{profile.name}\x00{profile.id}"


_STRING_FIELDS: dict[str, Callable[[RoutingProfile], Any]] = {
    "associatedQueueIds": lambda p: p.associated_queue_ids,
    "name": lambda p: p.name,
    "description": lambda p: p.description,
    "resourceID": lambda p: p.id,
}


def search_routing_profiles(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    state = ctx.instance(req["InstanceId"])
    criteria = AllOf(
        [
            build_criteria(req.get("SearchCriteria"), _STRING_FIELDS),
            search_filter(req.get("SearchFilter"), lambda p: p.tags),
        ]
    )
    matched = [p for p in state.all(RoutingProfile) if criteria.matches(p)]
    items, token = page(ctx, req, matched, key=by_name)
    return drop_none(
        {
            "RoutingProfiles": [routing_profile_out(state, p, for_search=True) for p in items],
            "NextToken": token,
            "ApproximateTotalCount": len(matched),
        }
    )


OPERATIONS: dict[str, Handler] = {
    "CreateRoutingProfile": create_routing_profile,
    "DescribeRoutingProfile": describe_routing_profile,
    "ListRoutingProfiles": list_routing_profiles,
    "ListRoutingProfileQueues": list_routing_profile_queues,
    "ListRoutingProfileManualAssignmentQueues": list_routing_profile_manual_assignment_queues,
    "AssociateRoutingProfileQueues": associate_routing_profile_queues,
    "DisassociateRoutingProfileQueues": disassociate_routing_profile_queues,
    "UpdateRoutingProfileQueues": update_routing_profile_queues,
    "UpdateRoutingProfileConcurrency": update_routing_profile_concurrency,
    "UpdateRoutingProfileDefaultOutboundQueue": update_routing_profile_default_outbound_queue,
    "UpdateRoutingProfileName": update_routing_profile_name,
    "UpdateRoutingProfileAgentAvailabilityTimer": update_routing_profile_agent_availability_timer,
    "DeleteRoutingProfile": delete_routing_profile,
    "SearchRoutingProfiles": search_routing_profiles,
}
