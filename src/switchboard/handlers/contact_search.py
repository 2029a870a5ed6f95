"""SearchContacts (R5.1): time range via the indexed contact table, the rest filtered here.

Sort defaults to INITIATION_TIMESTAMP descending; contacts missing the sort field go last;
ties break on ContactId. TotalCount counts every match, not the page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from switchboard.app.ports import ContactQuery
from switchboard.aws.pagination import InvalidTokenError, params_digest
from switchboard.domain.channel import Channel
from switchboard.domain.contacts.contact import Contact
from switchboard.domain.errors import InvalidArgumentError
from switchboard.domain.search import tags_match_all
from switchboard.handlers.contacts import center_of
from switchboard.handlers.context import Handler, HandlerContext
from switchboard.handlers.translate.common import drop_none
from switchboard.handlers.translate.contact_out import search_summary

TIME_COLUMNS = {
    "INITIATION_TIMESTAMP": ("initiated_at", "initiated_at"),
    "SCHEDULED_TIMESTAMP": ("scheduled_at", "scheduled_at"),
    "CONNECTED_TO_AGENT_TIMESTAMP": ("connected_at", "connected_to_agent_at"),
    "DISCONNECT_TIMESTAMP": ("disconnected_at", "disconnected_at"),
    "ENQUEUE_TIMESTAMP": ("enqueued_at", "enqueued_at"),
}
SORT_FIELDS: dict[str, Callable[[Contact], Any]] = {
    "INITIATION_TIMESTAMP": lambda c: c.initiated_at,
    "SCHEDULED_TIMESTAMP": lambda c: c.scheduled_at,
    "CONNECTED_TO_AGENT_TIMESTAMP": lambda c: c.connected_to_agent_at,
    "DISCONNECT_TIMESTAMP": lambda c: c.disconnected_at,
    "INITIATION_METHOD": lambda c: c.initiation_method,
    "CHANNEL": lambda c: c.channel.value,
    "EXPIRY_TIMESTAMP": lambda c: None,
}
DEFAULT_MAX = 100


def _visible(c: Contact) -> bool:
    """R5.1.5: voice and chat show once connected to an agent or disconnected; tasks at once."""
    if c.channel in (Channel.TASK, Channel.EMAIL):
        return True
    return c.connected_to_agent_at is not None or c.disconnected_at is not None


def _time_value(c: Contact, kind: str) -> int | None:
    value: int | None = getattr(c, TIME_COLUMNS[kind][1])
    return value


def _in_range(c: Contact, rng: dict[str, Any]) -> bool:
    at = _time_value(c, rng["Type"])
    return at is not None and rng["StartTime"] <= at <= rng["EndTime"]


def _check_range(rng: dict[str, Any], where: str) -> None:
    if rng["StartTime"] > rng["EndTime"]:
        raise InvalidArgumentError(where, "StartTime must not be after EndTime")


def _text_match(text: str | None, terms: list[str], match_type: str) -> bool:
    value = (text or "").lower()
    lowered = [t.lower() for t in terms]
    if match_type == "MATCH_EXACT":
        return any(value == t for t in lowered)
    if match_type == "MATCH_ANY":
        return any(t in value for t in lowered)
    if match_type == "MATCH_NONE":
        return not any(t in value for t in lowered)
    return all(t in value for t in lowered)


def _attributes_match(attributes: dict[str, str], wire: dict[str, Any]) -> bool:
    results = [attributes.get(c["Key"]) in c["Values"] for c in wire.get("Criteria", [])]
    if not results:
        return True
    return any(results) if wire.get("MatchType") == "MATCH_ANY" else all(results)


def _additional(c: Contact, wire: dict[str, Any]) -> bool:
    results = []
    for criterion in wire.get("Criteria", []):
        if criterion.get("TimeRange"):
            results.append(_in_range(c, criterion["TimeRange"]))
        condition = criterion.get("TimestampCondition")
        if condition:
            missing = _time_value(c, condition["Type"]) is None
            results.append(
                missing if condition.get("ConditionType") == "NOT_EXISTS" else not missing
            )
    if not results:
        return True
    return any(results) if wire.get("MatchType") == "MATCH_ANY" else all(results)


def _routing_match(c: Contact, wire: dict[str, Any]) -> bool:
    targeted: set[str] = set()
    if c.routing_criteria is not None:
        for step in c.routing_criteria.steps:
            targeted.update(_agent_ids(step.expression.to_data()))
    for step in wire.get("Steps", []):
        agent = step.get("AgentCriteria") or {}
        wanted = set(agent.get("AgentIds", []))
        if agent.get("MatchType") == "MATCH_ANY" and not wanted & targeted:
            return False
        if agent.get("MatchType") != "MATCH_ANY" and not wanted <= targeted:
            return False
    return True


def _agent_ids(data: Any) -> list[str]:
    if isinstance(data, dict):
        ids = list(data.get("AgentsCriteria", {}).get("AgentIds", []))
        for value in data.values():
            ids += _agent_ids(value)
        return ids
    if isinstance(data, list):
        return [i for item in data for i in _agent_ids(item)]
    return []


def _hierarchy_match(c: Contact, wire: dict[str, Any]) -> bool:
    for level, key in enumerate(("L1Ids", "L2Ids", "L3Ids", "L4Ids", "L5Ids")):
        wanted = wire.get(key)
        if not wanted:
            continue
        ids = c.agent_hierarchy_group_ids
        if level >= len(ids) or ids[level] not in wanted:
            return False
    return True


def _tag_filter(tags: dict[str, str], wire: dict[str, Any]) -> bool:
    if wire.get("OrConditions"):
        return any(
            tags_match_all(tags, [(t["TagKey"], t["TagValue"]) for t in group])
            for group in wire["OrConditions"]
        )
    if wire.get("AndConditions"):
        return tags_match_all(tags, [(t["TagKey"], t["TagValue"]) for t in wire["AndConditions"]])
    if wire.get("TagCondition"):
        t = wire["TagCondition"]
        return tags_match_all(tags, [(t["TagKey"], t["TagValue"])])
    return True


def _matches(c: Contact, criteria: dict[str, Any]) -> bool:
    checks: list[tuple[str, Callable[[Any], bool]]] = [
        (
            "Name",
            lambda w: _text_match(c.name, w.get("SearchText", []), w.get("MatchType", "MATCH_ALL")),
        ),
        ("SearchableContactAttributes", lambda w: _attributes_match(c.attributes, w)),
        ("SearchableSegmentAttributes", lambda w: not w.get("Criteria")),
        ("AdditionalTimeRange", lambda w: _additional(c, w)),
        ("RoutingCriteria", lambda w: _routing_match(c, w)),
        ("AgentHierarchyGroups", lambda w: _hierarchy_match(c, w)),
        ("ContactTags", lambda w: _tag_filter(c.tags, w)),
        # R5.1.2 ASSUMPTION: no transcripts are modelled, so analysis criteria match nothing.
        ("ContactAnalysis", lambda w: False),
    ]
    return all(check(criteria[key]) for key, check in checks if criteria.get(key))


def search_contacts(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    center = center_of(ctx, req["InstanceId"])
    rng = req["TimeRange"]
    _check_range(rng, "TimeRange")
    criteria = req.get("SearchCriteria") or {}
    for extra in (criteria.get("AdditionalTimeRange") or {}).get("Criteria", []):
        if extra.get("TimeRange"):
            _check_range(extra["TimeRange"], "AdditionalTimeRange")
    query = ContactQuery(
        center.instance_id,
        TIME_COLUMNS[rng["Type"]][0],
        rng["StartTime"],
        rng["EndTime"],
        channels=tuple(criteria.get("Channels") or ()),
        initiation_methods=tuple(criteria.get("InitiationMethods") or ()),
        queue_ids=tuple(q.rsplit("/", 1)[-1] for q in criteria.get("QueueIds") or ()),
        agent_ids=tuple(a.rsplit("/", 1)[-1] for a in criteria.get("AgentIds") or ()),
    )
    found = [c for c in center.store.find_contacts(query) if _visible(c) and _matches(c, criteria)]
    sort = req.get("Sort") or {"FieldName": "INITIATION_TIMESTAMP", "Order": "DESCENDING"}
    key = SORT_FIELDS[sort["FieldName"]]
    present = sorted((c for c in found if key(c) is not None), key=lambda c: c.id)
    present.sort(key=key, reverse=sort.get("Order") == "DESCENDING")
    ordered = present + sorted((c for c in found if key(c) is None), key=lambda c: c.id)
    digest = params_digest(req, exclude=("NextToken", "MaxResults"))
    start = 0
    if req.get("NextToken"):
        try:
            start = int(ctx.tokens.decode(req["NextToken"], digest)["offset"])
        except (InvalidTokenError, KeyError, TypeError, ValueError) as exc:
            raise InvalidArgumentError(
                "NextToken", "the token is not valid for this request"
            ) from exc
    limit = int(req.get("MaxResults") or DEFAULT_MAX)
    page = ordered[start : start + limit]
    token = None
    if start + limit < len(ordered):
        token = ctx.tokens.encode({"offset": start + limit}, digest)
    return drop_none(
        {
            "Contacts": [search_summary(center, c) for c in page],
            "NextToken": token,
            "TotalCount": len(ordered),
        }
    )


OPERATIONS: dict[str, Handler] = {"SearchContacts": search_contacts}
