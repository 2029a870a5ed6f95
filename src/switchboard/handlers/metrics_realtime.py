"""Real-time metric operations: GetContactMetrics, GetCurrentMetricData, GetCurrentUserData.

Wire <-> `app.metrics` / `app.user_data`. Pages are offsets into the recomputed, sorted rows,
in signed tokens that expire after 5 minutes (R3.1.5; ASSUMPTION: an expired or foreign token
is InvalidParameterException).
"""

from __future__ import annotations

from typing import Any

from switchboard.app import metrics as use
from switchboard.app import user_data as users_use
from switchboard.app.center.center import ContactCenter
from switchboard.aws.pagination import InvalidTokenError, params_digest
from switchboard.domain.errors import InvalidArgumentError
from switchboard.domain.metrics.contact import ContactMetricName
from switchboard.domain.metrics.realtime import Row
from switchboard.domain.resources.agent_status import AgentStatus
from switchboard.domain.resources.queue import Queue
from switchboard.domain.resources.routing_profile import RoutingProfile
from switchboard.handlers.context import Handler, HandlerContext
from switchboard.handlers.translate.common import drop_none

DEFAULT_MAX = 100
TOKEN_TTL_MS = 5 * 60 * 1000  # R3.1.5


def _center(ctx: HandlerContext, instance_id: str) -> ContactCenter:
    return ctx.center(instance_id)


# ---------------------------------------------------------------- GetContactMetrics


def get_contact_metrics(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    center = _center(ctx, req["InstanceId"])
    names = [m["Name"] for m in req["Metrics"]]
    contact_id, found = use.get_contact_metrics(center, req["ContactId"], names)
    results = []
    for name in names:
        if name == ContactMetricName.POSITION_IN_QUEUE:
            results.append({"Name": name, "Value": {"Number": float(found.position)}})
        elif found.estimated_wait_s is not None:  # None: no staffed agent serves the queue
            results.append({"Name": name, "Value": {"Number": float(found.estimated_wait_s)}})
    record = center.contacts.get(contact_id)
    return drop_none(
        {
            "MetricResults": results,
            "Id": contact_id,
            "Arn": None if record is None else record.arn,
        }
    )


# ---------------------------------------------------------------- GetCurrentMetricData


def get_current_metric_data(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    center = _center(ctx, req["InstanceId"])
    filters = req["Filters"]
    sort = (req.get("SortCriteria") or [{}])[0]
    request = use.CurrentMetricRequest(
        metrics=tuple(
            use.metric_asked(m.get("Name"), m.get("MetricId"), m.get("Unit"))
            for m in req["CurrentMetrics"]
        ),
        queues=tuple(filters.get("Queues") or ()),
        routing_profiles=tuple(filters.get("RoutingProfiles") or ()),
        channels=tuple(filters.get("Channels") or ()),
        step_expressions=tuple(filters.get("RoutingStepExpressions") or ()),
        agent_statuses=tuple(filters.get("AgentStatuses") or ()),
        has_subtypes=bool(filters.get("Subtypes") or filters.get("ValidationTestTypes")),
        groupings=tuple(req.get("Groupings") or ()),
        sort_metric=sort.get("SortByMetric"),
        sort_descending=sort.get("SortOrder", "DESCENDING") == "DESCENDING",
    )
    result = use.get_current_metric_data(center, request)
    page, token = _page(ctx, req, result.rows, result.snapshot_at)
    return drop_none(
        {
            "MetricResults": [_row(center, row, result.metrics) for row in page],
            "DataSnapshotTime": result.snapshot_at,
            "ApproximateTotalCount": len(result.rows),
            "NextToken": token,
        }
    )


def _row(center: ContactCenter, row: Row, asked: tuple[use.MetricAsked, ...]) -> dict[str, Any]:
    key = row.key
    dims: dict[str, Any] = {}
    if key.queue_id is not None:
        queue = center.state.get(Queue, key.queue_id)
        dims["Queue"] = drop_none({"Id": key.queue_id, "Arn": queue.arn if queue else None})
    if key.channel is not None:
        dims["Channel"] = key.channel.value
    if key.profile_id is not None:
        profile = center.state.get(RoutingProfile, key.profile_id)
        dims["RoutingProfile"] = drop_none(
            {"Id": key.profile_id, "Arn": profile.arn if profile else None}
        )
    if key.step is not None:
        dims["RoutingStepExpression"] = key.step.text
    if key.agent_status_id is not None:
        status = center.state.get(AgentStatus, key.agent_status_id)
        dims["AgentStatus"] = drop_none(
            {"Id": key.agent_status_id, "Arn": status.arn if status else None}
        )
    collections = [
        drop_none({"Metric": {"Name": a.metric.value, "Unit": a.unit}, "Value": value})
        for a, value in zip(asked, row.values, strict=True)
    ]
    return {"Dimensions": dims, "Collections": collections}


def _page(
    ctx: HandlerContext, req: dict[str, Any], items: list[Any], now: int
) -> tuple[list[Any], str | None]:
    digest = ""
    start = 0
    if req.get("NextToken"):
        digest = params_digest(req, exclude=("NextToken", "MaxResults"))
        try:
            position = ctx.tokens.decode(req["NextToken"], digest)
            start, issued = int(position["offset"]), int(position["at"])
        except (InvalidTokenError, KeyError, TypeError, ValueError) as exc:
            raise InvalidArgumentError(
                "NextToken", "the token is not valid for this request"
            ) from exc
        if now - issued > TOKEN_TTL_MS:
            raise InvalidArgumentError("NextToken", "the token has expired (5 minutes)")
    limit = int(req.get("MaxResults") or DEFAULT_MAX)
    page = items[start : start + limit]
    token = None
    if start + limit < len(items):
        digest = digest or params_digest(req, exclude=("NextToken", "MaxResults"))
        issued_at = now if not req.get("NextToken") else issued
        token = ctx.tokens.encode({"offset": start + limit, "at": issued_at}, digest)
    return page, token


# ---------------------------------------------------------------- GetCurrentUserData


def get_current_user_data(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    center = _center(ctx, req["InstanceId"])
    filters = req["Filters"]
    selected = users_use.select_current_users(
        center,
        users_use.UserDataFilter(
            queues=tuple(filters.get("Queues") or ()),
            routing_profiles=tuple(filters.get("RoutingProfiles") or ()),
            agents=tuple(filters.get("Agents") or ()),
            hierarchy_groups=tuple(filters.get("UserHierarchyGroups") or ()),
            contact_states=tuple((filters.get("ContactFilter") or {}).get("ContactStates") or ()),
        ),
    )
    page, token = _page(ctx, req, selected, center.now())
    return drop_none(
        {
            "UserDataList": [_user_data(users_use.current_user_data(center, u)) for u in page],
            "ApproximateTotalCount": len(selected),
            "NextToken": token,
        }
    )


_LEVELS = ("LevelOne", "LevelTwo", "LevelThree", "LevelFour", "LevelFive")


def _user_data(u: users_use.UserData) -> dict[str, Any]:
    return drop_none(
        {
            "User": {"Id": u.user.id, "Arn": u.user.arn},
            "RoutingProfile": None
            if u.routing_profile is None
            else {"Id": u.routing_profile.id, "Arn": u.routing_profile.arn},
            "HierarchyPath": {
                level: {"Id": ref.id, "Arn": ref.arn}
                for level, ref in zip(_LEVELS, u.hierarchy_path, strict=False)
            },
            "Status": drop_none(
                {
                    "StatusStartTimestamp": u.status_since,
                    "StatusArn": u.status_arn,
                    "StatusName": u.status_name,
                }
            ),
            "NextStatus": u.next_status,
            "AvailableSlotsByChannel": {c.value: n for c, n in u.available_slots.items()},
            "MaxSlotsByChannel": {c.value: n for c, n in u.max_slots.items()},
            "ActiveSlotsByChannel": {c.value: n for c, n in u.active_slots.items()},
            "Contacts": [
                drop_none(
                    {
                        "ContactId": c.contact_id,
                        "Channel": c.channel.value,
                        "InitiationMethod": c.initiation_method,
                        "AgentContactState": c.state.value,
                        "StateStartTimestamp": c.state_since,
                        "ConnectedToAgentTimestamp": c.connected_at,
                        "Queue": None
                        if c.queue is None
                        else {"Id": c.queue.id, "Arn": c.queue.arn},
                    }
                )
                for c in u.contacts
            ],
        }
    )


OPERATIONS: dict[str, Handler] = {
    "GetContactMetrics": get_contact_metrics,
    "GetCurrentMetricData": get_current_metric_data,
    "GetCurrentUserData": get_current_user_data,
}
