"""User operations: Create/Describe/List/Delete, the UpdateUser* family, and SearchUsers.

Wire <-> domain only; the rules live in `app.users`. The VOICE channel's settings are shown
twice, as the legacy `PhoneConfig` and as the VOICE entries of the per-channel lists, both
read from `User.phone` so they always agree. SearchUsers reports the PhoneConfig ACW limit in
milliseconds (R1.6.3 QUIRK).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from switchboard.app import users as use
from switchboard.domain.channel import Channel
from switchboard.domain.errors import AccessDeniedError, InvalidArgumentError
from switchboard.domain.resources.hierarchy import HierarchyGroup
from switchboard.domain.resources.user import ChannelSettings, IdentityInfo, Proficiency, User
from switchboard.domain.search import (
    AllOf,
    AnyOf,
    Criteria,
    Leaf,
    StringComparison,
    match_all,
    string_matches,
    tags_match_all,
)
from switchboard.handlers.context import Handler, HandlerContext
from switchboard.handlers.translate.common import drop_none, modified
from switchboard.handlers.translate.paging import page
from switchboard.handlers.translate.search import build_criteria, tag_filter

MAX_TAG_CONDITIONS = 25
MAX_HIERARCHY_CONDITIONS = 20

# ---------------------------------------------------------------- wire -> domain


def identity_in(wire: Mapping[str, Any] | None) -> IdentityInfo:
    wire = wire or {}
    return IdentityInfo(
        first_name=wire.get("FirstName"),
        last_name=wire.get("LastName"),
        email=wire.get("Email"),
        secondary_email=wire.get("SecondaryEmail"),
        mobile=wire.get("Mobile"),
    )


def phone_in(wire: Mapping[str, Any] | None) -> use.PhoneConfigUpdate | None:
    if wire is None:
        return None
    return use.PhoneConfigUpdate(
        phone_type=wire.get("PhoneType"),
        auto_accept=wire.get("AutoAccept"),
        after_contact_work_time_limit=wire.get("AfterContactWorkTimeLimit"),
        desk_phone_number=wire.get("DeskPhoneNumber"),
        persistent_connection=wire.get("PersistentConnection"),
    )


def _acw_limit(wire: Mapping[str, Any] | None) -> int | None:
    return None if not wire else wire.get("AfterContactWorkTimeLimit")


# list member -> function(entry) -> the ChannelConfigUpdate members it sets
_CHANNEL_LISTS: dict[str, Callable[[Mapping[str, Any]], dict[str, Any]]] = {
    "AutoAcceptConfigs": lambda e: {
        "auto_accept": e.get("AutoAccept"),
        "agent_first_callback_auto_accept": e.get("AgentFirstCallbackAutoAccept"),
    },
    "AfterContactWorkConfigs": lambda e: {
        "after_contact_work_time_limit": _acw_limit(e.get("AfterContactWorkConfig")),
        "agent_first_callback_acw_time_limit": _acw_limit(
            e.get("AgentFirstCallbackAfterContactWorkConfig")
        ),
    },
    "PhoneNumberConfigs": lambda e: {
        "phone_type": e.get("PhoneType"),
        "phone_number": e.get("PhoneNumber"),
    },
    "PersistentConnectionConfigs": lambda e: {
        "persistent_connection": e.get("PersistentConnection")
    },
    "VoiceEnhancementConfigs": lambda e: {"voice_enhancement_mode": e.get("VoiceEnhancementMode")},
}


def channel_configs_in(req: Mapping[str, Any]) -> list[use.ChannelConfigUpdate]:
    """The five per-channel lists of a request, merged per channel."""
    merged: dict[Channel, dict[str, Any]] = {}
    for member, convert in _CHANNEL_LISTS.items():
        seen: set[Channel] = set()
        for entry in req.get(member) or ():
            channel = Channel(entry["Channel"])
            if channel in seen:
                raise InvalidArgumentError(member, f"channel {channel.value} appears twice")
            seen.add(channel)
            merged.setdefault(channel, {}).update(convert(entry))
    return [use.ChannelConfigUpdate(channel=c, **values) for c, values in merged.items()]


# ---------------------------------------------------------------- domain -> wire


def identity_out(identity: IdentityInfo) -> dict[str, Any]:
    return drop_none(
        {
            "FirstName": identity.first_name,
            "LastName": identity.last_name,
            "Email": identity.email,
            "SecondaryEmail": identity.secondary_email,
            "Mobile": identity.mobile,
        }
    )


def phone_out(user: User, *, acw_scale: int = 1) -> dict[str, Any]:
    phone = user.phone
    return drop_none(
        {
            "PhoneType": phone.phone_type,
            "AutoAccept": phone.auto_accept,
            "AfterContactWorkTimeLimit": phone.after_contact_work_time_limit * acw_scale,
            "DeskPhoneNumber": phone.desk_phone_number,
            "PersistentConnection": phone.persistent_connection,
        }
    )


def _settings(user: User) -> dict[Channel, ChannelSettings]:
    return {s.channel: s for s in user.channel_settings}


def _acw(seconds: int | None) -> dict[str, Any] | None:
    return None if seconds is None else {"AfterContactWorkTimeLimit": seconds}


def channel_configs_out(user: User) -> dict[str, Any]:
    """The per-channel lists; VOICE entries always come from `User.phone`."""
    settings = _settings(user)
    voice = settings.get(Channel.VOICE, ChannelSettings(Channel.VOICE))
    others = [settings[c] for c in Channel if c is not Channel.VOICE and c in settings]
    auto = [
        drop_none(
            {
                "Channel": "VOICE",
                "AutoAccept": user.phone.auto_accept,
                "AgentFirstCallbackAutoAccept": voice.agent_first_callback_auto_accept,
            }
        )
    ]
    acw = [
        drop_none(
            {
                "Channel": "VOICE",
                "AfterContactWorkConfig": _acw(user.phone.after_contact_work_time_limit),
                "AgentFirstCallbackAfterContactWorkConfig": _acw(
                    voice.agent_first_callback_acw_time_limit
                ),
            }
        )
    ]
    numbers = [
        drop_none(
            {
                "Channel": "VOICE",
                "PhoneType": user.phone.phone_type,
                "PhoneNumber": user.phone.desk_phone_number,
            }
        )
    ]
    persistent = []
    if user.phone.persistent_connection is not None:
        persistent.append(
            {"Channel": "VOICE", "PersistentConnection": user.phone.persistent_connection}
        )
    enhancement = []
    if voice.voice_enhancement_mode is not None:
        enhancement.append(
            {"Channel": "VOICE", "VoiceEnhancementMode": voice.voice_enhancement_mode}
        )
    for s in others:
        name = s.channel.value
        if s.auto_accept is not None or s.agent_first_callback_auto_accept is not None:
            auto.append(
                drop_none(
                    {
                        "Channel": name,
                        "AutoAccept": bool(s.auto_accept),
                        "AgentFirstCallbackAutoAccept": s.agent_first_callback_auto_accept,
                    }
                )
            )
        if (
            s.after_contact_work_time_limit is not None
            or s.agent_first_callback_acw_time_limit is not None
        ):
            acw.append(
                drop_none(
                    {
                        "Channel": name,
                        "AfterContactWorkConfig": _acw(user.acw_limit_seconds(s.channel)),
                        "AgentFirstCallbackAfterContactWorkConfig": _acw(
                            s.agent_first_callback_acw_time_limit
                        ),
                    }
                )
            )
        if s.phone_type is not None:
            numbers.append(
                drop_none(
                    {"Channel": name, "PhoneType": s.phone_type, "PhoneNumber": s.phone_number}
                )
            )
        if s.persistent_connection is not None:
            persistent.append({"Channel": name, "PersistentConnection": s.persistent_connection})
        if s.voice_enhancement_mode is not None:
            enhancement.append({"Channel": name, "VoiceEnhancementMode": s.voice_enhancement_mode})
    return drop_none(
        {
            "AutoAcceptConfigs": auto,
            "AfterContactWorkConfigs": acw,
            "PhoneNumberConfigs": numbers,
            "PersistentConnectionConfigs": persistent or None,
            "VoiceEnhancementConfigs": enhancement or None,
        }
    )


def user_out(user: User) -> dict[str, Any]:
    return drop_none(
        {
            "Id": user.id,
            "Arn": user.arn,
            "Username": user.username,
            "IdentityInfo": identity_out(user.identity),
            "PhoneConfig": phone_out(user),
            "DirectoryUserId": user.directory_user_id,
            "SecurityProfileIds": list(user.security_profile_ids),
            "RoutingProfileId": user.routing_profile_id,
            "HierarchyGroupId": user.hierarchy_group_id,
            "Tags": dict(user.tags),
            **channel_configs_out(user),
            **modified(user),
        }
    )


def user_search_summary(user: User) -> dict[str, Any]:
    """A UserSearchSummary: no Email/Mobile, no LastModified*, ACW in ms (R1.6.3)."""
    return drop_none(
        {
            "Arn": user.arn,
            "DirectoryUserId": user.directory_user_id,
            "HierarchyGroupId": user.hierarchy_group_id,
            "Id": user.id,
            "IdentityInfo": drop_none(
                {"FirstName": user.identity.first_name, "LastName": user.identity.last_name}
            ),
            "PhoneConfig": phone_out(user, acw_scale=1000),
            "RoutingProfileId": user.routing_profile_id,
            "SecurityProfileIds": list(user.security_profile_ids),
            "Tags": dict(user.tags),
            "Username": user.username,
            **channel_configs_out(user),
        }
    )


# ---------------------------------------------------------------- operations


def create_user(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    # Password is accepted and never stored or returned.
    user = use.create_user(
        ctx.unit_of_work(req["InstanceId"]),
        ctx.app.ids,
        username=req["Username"],
        routing_profile_id=req["RoutingProfileId"],
        security_profile_ids=req["SecurityProfileIds"],
        identity=identity_in(req.get("IdentityInfo")),
        phone=phone_in(req.get("PhoneConfig")),
        channel_configs=channel_configs_in(req),
        hierarchy_group_id=req.get("HierarchyGroupId"),
        directory_user_id=req.get("DirectoryUserId"),
        tags=req.get("Tags"),
    )
    return {"UserId": user.id, "UserArn": user.arn}


def describe_user(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    user = ctx.instance(req["InstanceId"]).require(User, req["UserId"])
    return {"User": user_out(user)}


def list_users(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    users = ctx.instance(req["InstanceId"]).all(User)
    items, token = page(ctx, req, users, default_max=100)
    summaries = [{"Id": u.id, "Arn": u.arn, "Username": u.username, **modified(u)} for u in items]
    return drop_none({"UserSummaryList": summaries, "NextToken": token})


def delete_user(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    use.delete_user(ctx.unit_of_work(req["InstanceId"]), req["UserId"])
    return {}


def update_user_identity_info(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    use.update_identity_info(
        ctx.unit_of_work(req["InstanceId"]), req["UserId"], identity_in(req["IdentityInfo"])
    )
    return {}


def update_user_phone_config(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    phone = phone_in(req["PhoneConfig"]) or use.PhoneConfigUpdate()
    use.update_phone_config(ctx.unit_of_work(req["InstanceId"]), req["UserId"], phone)
    return {}


def update_user_config(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    use.update_config(ctx.unit_of_work(req["InstanceId"]), req["UserId"], channel_configs_in(req))
    return {}


def update_user_routing_profile(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    use.update_routing_profile(
        ctx.unit_of_work(req["InstanceId"]), req["UserId"], req["RoutingProfileId"]
    )
    return {}


def update_user_security_profiles(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    use.update_security_profiles(
        ctx.unit_of_work(req["InstanceId"]), req["UserId"], req["SecurityProfileIds"]
    )
    return {}


def update_user_hierarchy(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    use.update_hierarchy(
        ctx.unit_of_work(req["InstanceId"]), req["UserId"], req.get("HierarchyGroupId")
    )
    return {}


# ---------------------------------------------------------------- SearchUsers (R6)

_STRING_FIELDS: dict[str, Callable[[User], str | Iterable[str] | None]] = {
    "Username": lambda u: u.username,
    "FirstName": lambda u: u.identity.first_name,
    "LastName": lambda u: u.identity.last_name,
    "RoutingProfileId": lambda u: u.routing_profile_id,
    "SecurityProfileId": lambda u: u.security_profile_ids,
    "resourceId": lambda u: u.id,
}

_PROFICIENCY_STRING_FIELDS: dict[str, Callable[[Proficiency], str]] = {
    "name": lambda p: p.attribute_name,
    "value": lambda p: p.attribute_value,
}


def _hierarchy_leaf(wire: Mapping[str, Any], groups: dict[str, HierarchyGroup]) -> Leaf[User]:
    value = wire.get("Value")
    if not value:
        raise InvalidArgumentError("HierarchyGroupCondition.Value", "a group id is required")
    with_children = wire.get("HierarchyGroupMatchType") == "WITH_CHILD_GROUPS"
    return Leaf(
        lambda u: use.in_hierarchy_group(u, value, with_children=with_children, groups=groups)
    )


def _number_test(wire: Mapping[str, Any]) -> Callable[[int], bool]:
    if (wire.get("FieldName") or "").lower() != "limit":
        raise InvalidArgumentError(
            "NumberCondition.FieldName", f"'{wire.get('FieldName')}' is not searchable; use limit"
        )
    comparison = wire.get("ComparisonType")
    low, high = wire.get("MinValue"), wire.get("MaxValue")
    if comparison == "RANGE":
        if low is None or high is None:
            raise InvalidArgumentError("NumberCondition", "RANGE needs MinValue and MaxValue")
        return lambda level: low <= level <= high
    # LESSER* read naturally against MaxValue; accept either bound for every comparison (R6.4).
    bound = (
        (high if high is not None else low)
        if comparison in ("LESSER", "LESSER_OR_EQUAL")
        else (low if low is not None else high)
    )
    if bound is None or comparison is None:
        raise InvalidArgumentError("NumberCondition", "ComparisonType and MinValue are required")
    tests: dict[str, Callable[[int], bool]] = {
        "GREATER_OR_EQUAL": lambda level: level >= bound,
        "GREATER": lambda level: level > bound,
        "LESSER_OR_EQUAL": lambda level: level <= bound,
        "LESSER": lambda level: level < bound,
        "EQUAL": lambda level: level == bound,
        "NOT_EQUAL": lambda level: level != bound,
    }
    if comparison not in tests:
        raise InvalidArgumentError("NumberCondition.ComparisonType", f"'{comparison}' is unknown")
    return tests[comparison]


def _proficiency_string_test(wire: Mapping[str, Any]) -> Callable[[Proficiency], bool]:
    field = (wire.get("FieldName") or "").lower()
    value, comparison = wire.get("Value"), wire.get("ComparisonType")
    if field not in _PROFICIENCY_STRING_FIELDS:
        raise InvalidArgumentError(
            "ListCondition.StringCondition.FieldName",
            f"'{wire.get('FieldName')}' is not searchable; use name or value",
        )
    if value is None or comparison is None:
        raise InvalidArgumentError("StringCondition", "Value and ComparisonType are required")
    getter = _PROFICIENCY_STRING_FIELDS[field]
    kind = StringComparison(comparison)
    return lambda p: string_matches(getter(p), value, kind)


def _level_test(number: Callable[[int], bool]) -> Callable[[Proficiency], bool]:
    return lambda p: number(p.level)


def _list_leaf(wire: Mapping[str, Any]) -> Leaf[User]:
    """R6.4: every condition must hold for one and the same proficiency entry."""
    if wire.get("TargetListType", "PROFICIENCIES") != "PROFICIENCIES":
        raise InvalidArgumentError("ListCondition.TargetListType", "only PROFICIENCIES")
    tests: list[Callable[[Proficiency], bool]] = []
    for cond in wire.get("Conditions") or ():
        if cond.get("StringCondition"):
            tests.append(_proficiency_string_test(cond["StringCondition"]))
        if cond.get("NumberCondition"):
            tests.append(_level_test(_number_test(cond["NumberCondition"])))
    return Leaf(lambda u: any(all(t(p) for t in tests) for p in u.proficiencies))


def _attribute_group(
    wire: Mapping[str, Any], groups: dict[str, HierarchyGroup]
) -> tuple[Criteria[User], int, int]:
    """An AttributeAndCondition: its tag conditions AND its hierarchy condition."""
    tags = [(c.get("TagKey", ""), c.get("TagValue", "")) for c in wire.get("TagConditions") or ()]
    parts: list[Criteria[User]] = [Leaf(lambda u: tags_match_all(u.tags, tags))]
    hierarchy = wire.get("HierarchyGroupCondition")
    if hierarchy:
        parts.append(_hierarchy_leaf(hierarchy, groups))
    return AllOf(parts), len(tags), 1 if hierarchy else 0


def user_attribute_filter(
    wire: Mapping[str, Any] | None, groups: dict[str, HierarchyGroup]
) -> Criteria[User]:
    """A ControlPlaneUserAttributeFilter (R6.7): exactly one of its four members."""
    if not wire:
        return match_all()
    members = ("OrConditions", "AndCondition", "TagCondition", "HierarchyGroupCondition")
    present = [m for m in members if wire.get(m)]
    if len(present) > 1:
        raise InvalidArgumentError("UserAttributeFilter", "set only one of " + ", ".join(members))
    if not present:
        return match_all()
    tag_count = hierarchy_count = 0
    criteria: Criteria[User]
    if wire.get("OrConditions"):
        children = []
        for group in wire["OrConditions"]:
            child, tags, hierarchies = _attribute_group(group, groups)
            children.append(child)
            tag_count += tags
            hierarchy_count += hierarchies
        criteria = AnyOf(children)
    elif wire.get("AndCondition"):
        criteria, tag_count, hierarchy_count = _attribute_group(wire["AndCondition"], groups)
    elif wire.get("TagCondition"):
        cond = wire["TagCondition"]
        pair = [(cond.get("TagKey", ""), cond.get("TagValue", ""))]
        criteria, tag_count = Leaf(lambda u: tags_match_all(u.tags, pair)), 1
    else:
        criteria, hierarchy_count = _hierarchy_leaf(wire["HierarchyGroupCondition"], groups), 1
    if tag_count > MAX_TAG_CONDITIONS:
        raise InvalidArgumentError(
            "UserAttributeFilter", f"at most {MAX_TAG_CONDITIONS} tag conditions"
        )
    if hierarchy_count > MAX_HIERARCHY_CONDITIONS:
        raise InvalidArgumentError(
            "UserAttributeFilter", f"at most {MAX_HIERARCHY_CONDITIONS} hierarchy conditions"
        )
    return criteria


def search_users(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    state = ctx.instance(req["InstanceId"])
    groups = {g.id: g for g in state.all(HierarchyGroup)}
    search_filter = req.get("SearchFilter") or {}
    if search_filter.get("TagFilter") and search_filter.get("UserAttributeFilter"):
        # R6.7 QUIRK: documented as AccessDeniedException, not InvalidParameter.
        raise AccessDeniedError("TagFilter and UserAttributeFilter cannot be used together")
    criteria = AllOf(
        [
            build_criteria(
                req.get("SearchCriteria"),
                _STRING_FIELDS,
                {
                    "HierarchyGroupCondition": lambda w: _hierarchy_leaf(w, groups),
                    "ListCondition": _list_leaf,
                },
            ),
            tag_filter(search_filter.get("TagFilter"), lambda u: u.tags),
            user_attribute_filter(search_filter.get("UserAttributeFilter"), groups),
        ]
    )
    matched = [u for u in state.all(User) if criteria.matches(u)]
    items, token = page(ctx, req, matched, key=lambda u: f"{u.username}\x00{u.id}", default_max=100)
    return drop_none(
        {
            "Users": [user_search_summary(u) for u in items],
            "NextToken": token,
            "ApproximateTotalCount": len(matched),
        }
    )


OPERATIONS: dict[str, Handler] = {
    "CreateUser": create_user,
    "DescribeUser": describe_user,
    "ListUsers": list_users,
    "DeleteUser": delete_user,
    "UpdateUserIdentityInfo": update_user_identity_info,
    "UpdateUserPhoneConfig": update_user_phone_config,
    "UpdateUserConfig": update_user_config,
    "UpdateUserRoutingProfile": update_user_routing_profile,
    "UpdateUserSecurityProfiles": update_user_security_profiles,
    "UpdateUserHierarchy": update_user_hierarchy,
    "SearchUsers": search_users,
}
