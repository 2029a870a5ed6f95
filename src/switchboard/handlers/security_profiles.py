"""Security profile operations: Create/Describe/List/Update/Delete/Search and the
permission and application listings."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from switchboard.app import security_profiles as use
from switchboard.domain.resources.security_profile import Application, SecurityProfile
from switchboard.domain.search import AllOf
from switchboard.handlers.context import Handler, HandlerContext
from switchboard.handlers.translate.common import drop_none, modified
from switchboard.handlers.translate.paging import page
from switchboard.handlers.translate.search import build_criteria, search_filter

#: Every profile made through the API (and the instance defaults) is customer managed.
CUSTOMER_MANAGED = "CUSTOMER_MANAGED"


def _applications_in(wire: list[dict[str, Any]] | None) -> list[Application] | None:
    if wire is None:
        return None
    return [
        Application(
            namespace=a["Namespace"],
            permissions=tuple(dict.fromkeys(a.get("ApplicationPermissions") or [])),
            type=a.get("Type"),
        )
        for a in wire
    ]


def _application_out(app: Application) -> dict[str, Any]:
    return drop_none(
        {
            "Namespace": app.namespace,
            "ApplicationPermissions": list(app.permissions),
            "Type": app.type,
        }
    )


def security_profile_out(profile: SecurityProfile) -> dict[str, Any]:
    return drop_none(
        {
            "Id": profile.id,
            "OrganizationResourceId": profile.organization_resource_id or profile.instance_id,
            "Arn": profile.arn,
            "SecurityProfileName": profile.name,
            "Description": profile.description,
            "Tags": dict(profile.tags),
            "AllowedAccessControlTags": dict(profile.allowed_access_control_tags)
            if profile.allowed_access_control_tags
            else None,
            "TagRestrictedResources": list(profile.tag_restricted_resources),
            "HierarchyRestrictedResources": list(profile.hierarchy_restricted_resources),
            "AllowedAccessControlHierarchyGroupId": (
                profile.allowed_access_control_hierarchy_group_id
            ),
            "Type": CUSTOMER_MANAGED,
            **modified(profile),
        }
    )


def _search_summary(profile: SecurityProfile) -> dict[str, Any]:
    return drop_none(
        {
            "Id": profile.id,
            "OrganizationResourceId": profile.organization_resource_id or profile.instance_id,
            "Arn": profile.arn,
            "SecurityProfileName": profile.name,
            "Description": profile.description,
            "Tags": dict(profile.tags),
            "Type": CUSTOMER_MANAGED,
        }
    )


def _summary(profile: SecurityProfile) -> dict[str, Any]:
    return {
        "Id": profile.id,
        "Arn": profile.arn,
        "Name": profile.name,
        "Type": CUSTOMER_MANAGED,
        **modified(profile),
    }


def create_security_profile(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    profile = use.create_security_profile(
        ctx.unit_of_work(req["InstanceId"]),
        ctx.app.ids,
        name=req["SecurityProfileName"],
        description=req.get("Description"),
        permissions=req.get("Permissions") or [],
        allowed_access_control_tags=req.get("AllowedAccessControlTags"),
        tag_restricted_resources=req.get("TagRestrictedResources") or [],
        hierarchy_restricted_resources=req.get("HierarchyRestrictedResources") or [],
        allowed_access_control_hierarchy_group_id=req.get("AllowedAccessControlHierarchyGroupId"),
        applications=_applications_in(req.get("Applications")) or [],
        tags=req.get("Tags"),
    )
    return {"SecurityProfileId": profile.id, "SecurityProfileArn": profile.arn}


def describe_security_profile(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    profile = ctx.instance(req["InstanceId"]).require(SecurityProfile, req["SecurityProfileId"])
    return {"SecurityProfile": security_profile_out(profile)}


def list_security_profiles(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    profiles = ctx.instance(req["InstanceId"]).all(SecurityProfile)
    items, token = page(ctx, req, profiles)
    return drop_none(
        {"SecurityProfileSummaryList": [_summary(p) for p in items], "NextToken": token}
    )


def update_security_profile(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    use.update_security_profile(
        ctx.unit_of_work(req["InstanceId"]),
        req["SecurityProfileId"],
        description=req.get("Description"),
        permissions=req.get("Permissions"),
        allowed_access_control_tags=req.get("AllowedAccessControlTags"),
        tag_restricted_resources=req.get("TagRestrictedResources"),
        hierarchy_restricted_resources=req.get("HierarchyRestrictedResources"),
        allowed_access_control_hierarchy_group_id=req.get("AllowedAccessControlHierarchyGroupId"),
        applications=_applications_in(req.get("Applications")),
    )
    return {}


def delete_security_profile(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    use.delete_security_profile(ctx.unit_of_work(req["InstanceId"]), req["SecurityProfileId"])
    return {}


def list_security_profile_permissions(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    profile = ctx.instance(req["InstanceId"]).require(SecurityProfile, req["SecurityProfileId"])
    items, token = page(ctx, req, profile.permissions, key=lambda p: p)
    return drop_none({"Permissions": items, "NextToken": token, **modified(profile)})


def list_security_profile_applications(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    profile = ctx.instance(req["InstanceId"]).require(SecurityProfile, req["SecurityProfileId"])
    items, token = page(ctx, req, profile.applications, key=lambda a: a.namespace)
    return drop_none(
        {
            "Applications": [_application_out(a) for a in items],
            "NextToken": token,
            **modified(profile),
        }
    )


def by_name(profile: SecurityProfile) -> str:
    """Search results come sorted by name, then id (R6.8 ASSUMPTION); the key is a string so
    paging tokens can carry it."""
    return f"{profile.name}\x00{profile.id}"


_STRING_FIELDS: dict[str, Callable[[SecurityProfile], Any]] = {
    "name": lambda p: p.name,
    "description": lambda p: p.description,
    "resourceID": lambda p: p.id,
}


def search_security_profiles(ctx: HandlerContext, req: dict[str, Any]) -> dict[str, Any]:
    profiles = ctx.instance(req["InstanceId"]).all(SecurityProfile)
    criteria = AllOf(
        [
            build_criteria(req.get("SearchCriteria"), _STRING_FIELDS),
            search_filter(req.get("SearchFilter"), lambda p: p.tags),
        ]
    )
    matched = [p for p in profiles if criteria.matches(p)]
    items, token = page(ctx, req, matched, key=by_name)
    return drop_none(
        {
            "SecurityProfiles": [_search_summary(p) for p in items],
            "NextToken": token,
            "ApproximateTotalCount": len(matched),
        }
    )


OPERATIONS: dict[str, Handler] = {
    "CreateSecurityProfile": create_security_profile,
    "DescribeSecurityProfile": describe_security_profile,
    "ListSecurityProfiles": list_security_profiles,
    "UpdateSecurityProfile": update_security_profile,
    "DeleteSecurityProfile": delete_security_profile,
    "ListSecurityProfilePermissions": list_security_profile_permissions,
    "ListSecurityProfileApplications": list_security_profile_applications,
    "SearchSecurityProfiles": search_security_profiles,
}
