"""User hierarchy operations: the structure (Describe/Update) and groups (Create, Describe,
List, UpdateName, Delete, Search). Rules live in `app.hierarchy`; this module only translates.
"""

from __future__ import annotations

from typing import Any

from switchboard.app import hierarchy as use
from switchboard.app.state import InstanceState
from switchboard.domain.resources.hierarchy import LEVEL_NAMES, HierarchyGroup, HierarchyLevel
from switchboard.domain.search import AllOf
from switchboard.handlers.context import Handler, HandlerContext
from switchboard.handlers.translate.common import drop_none, modified
from switchboard.handlers.translate.paging import page
from switchboard.handlers.translate.search import attribute_filter, build_criteria


def _group_summary(group: HierarchyGroup) -> dict[str, Any]:
    return {"Id": group.id, "Arn": group.arn, "Name": group.name, **modified(group)}


def _level_out(level: HierarchyLevel) -> dict[str, Any]:
    return drop_none(
        {
            "Id": level.id,
            "Arn": level.arn,
            "Name": level.name,
            "LastModifiedTime": level.last_modified_at,
            "LastModifiedRegion": level.last_modified_region or None,
        }
    )


def hierarchy_group_out(state: InstanceState, group: HierarchyGroup) -> dict[str, Any]:
    path = use.hierarchy_path(state, group)
    return drop_none(
        {
            "Id": group.id,
            "Arn": group.arn,
            "Name": group.name,
            "LevelId": group.level_id,
            "HierarchyPath": {
                LEVEL_NAMES[g.level_index - 1]: _group_summary(g)
                for g in path
                if 1 <= g.level_index <= len(LEVEL_NAMES)
            },
            "Tags": dict(group.tags),
            **modified(group),
        }
    )


def create_user_hierarchy_group(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    group = use.create_hierarchy_group(
        ctx.unit_of_work(req["InstanceId"]),
        ctx.app.ids,
        name=req["Name"],
        parent_group_id=req.get("ParentGroupId") or None,
        tags=req.get("Tags"),
    )
    return {"HierarchyGroupId": group.id, "HierarchyGroupArn": group.arn}


def describe_user_hierarchy_group(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    state = ctx.instance(req["InstanceId"])
    group = state.require(HierarchyGroup, req["HierarchyGroupId"])
    return {"HierarchyGroup": hierarchy_group_out(state, group)}


def list_user_hierarchy_groups(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    groups = ctx.instance(req["InstanceId"]).all(HierarchyGroup)
    items, token = page(ctx, req, groups, default_max=100)
    return drop_none(
        {"UserHierarchyGroupSummaryList": [_group_summary(g) for g in items], "NextToken": token}
    )


def update_user_hierarchy_group_name(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    use.update_hierarchy_group_name(
        ctx.unit_of_work(req["InstanceId"]), req["HierarchyGroupId"], req["Name"]
    )
    return {}


def delete_user_hierarchy_group(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    use.delete_hierarchy_group(ctx.unit_of_work(req["InstanceId"]), req["HierarchyGroupId"])
    return {}


def describe_user_hierarchy_structure(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    structure = use.hierarchy_structure(ctx.instance(req["InstanceId"]))
    return {
        "HierarchyStructure": {
            LEVEL_NAMES[i]: _level_out(level)
            for i, level in enumerate(structure.levels)
            if level is not None and i < len(LEVEL_NAMES)
        }
    }


def update_user_hierarchy_structure(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    wire = req.get("HierarchyStructure") or {}
    names = {
        number: wire[key]["Name"]
        for number, key in enumerate(LEVEL_NAMES, start=1)
        if wire.get(key) is not None
    }
    use.update_hierarchy_structure(ctx.unit_of_work(req["InstanceId"]), names)
    return {}


_STRING_FIELDS = {
    "name": lambda g: g.name,
    "parentId": lambda g: g.parent_id,
    "levelId": lambda g: g.level_id,
    "resourceID": lambda g: g.id,
}


def _search_key(group: HierarchyGroup) -> str:
    # Results in name order, then id (R6.8 ASSUMPTION); the key is what the token carries.
    return f"{group.name}\x00{group.id}"


def search_user_hierarchy_groups(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    state = ctx.instance(req["InstanceId"])
    criteria = AllOf(
        [
            build_criteria(req.get("SearchCriteria"), _STRING_FIELDS),
            attribute_filter(
                (req.get("SearchFilter") or {}).get("AttributeFilter"), lambda g: g.tags
            ),
        ]
    )
    # The hidden root group (LevelId "0") is never stored, so it can never be returned (R6.8).
    matched = [g for g in state.all(HierarchyGroup) if criteria.matches(g)]
    items, token = page(ctx, req, matched, key=_search_key, default_max=100)
    return drop_none(
        {
            "UserHierarchyGroups": [hierarchy_group_out(state, g) for g in items],
            "NextToken": token,
            "ApproximateTotalCount": len(matched),
        }
    )


OPERATIONS: dict[str, Handler] = {
    "CreateUserHierarchyGroup": create_user_hierarchy_group,
    "DescribeUserHierarchyGroup": describe_user_hierarchy_group,
    "ListUserHierarchyGroups": list_user_hierarchy_groups,
    "UpdateUserHierarchyGroupName": update_user_hierarchy_group_name,
    "DeleteUserHierarchyGroup": delete_user_hierarchy_group,
    "DescribeUserHierarchyStructure": describe_user_hierarchy_structure,
    "UpdateUserHierarchyStructure": update_user_hierarchy_structure,
    "SearchUserHierarchyGroups": search_user_hierarchy_groups,
}
