"""Security profile use cases: named permission sets, with optional tag and hierarchy
access control, that users are assigned.

Invariants kept here:
  * names are unique per instance (DuplicateError) and there are at most 100 profiles;
  * permissions are stored once each, in the order first given;
  * an AllowedAccessControlHierarchyGroupId names an existing hierarchy group;
  * a profile assigned to any user cannot be deleted (ResourceInUseError).

Must not import anything from `aws/` or `handlers/`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from switchboard.app.naming import new_identity, require_unique_name
from switchboard.app.unit_of_work import UnitOfWork
from switchboard.domain.errors import LimitExceededError, ResourceInUseError
from switchboard.domain.ids import IdGenerator
from switchboard.domain.resources.hierarchy import HierarchyGroup
from switchboard.domain.resources.security_profile import (
    MAX_SECURITY_PROFILES,
    Application,
    SecurityProfile,
)
from switchboard.domain.resources.user import User
from switchboard.domain.tags import merged_tags

LABEL = "Security profile"


def _unique(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


def _hierarchy_group(uow: UnitOfWork, group_id: str | None) -> str | None:
    if not group_id:
        return None
    return uow.require(HierarchyGroup, group_id).id


def create_security_profile(
    uow: UnitOfWork,
    ids: IdGenerator,
    *,
    name: str,
    description: str | None = None,
    permissions: Sequence[str] = (),
    allowed_access_control_tags: dict[str, str] | None = None,
    tag_restricted_resources: Sequence[str] = (),
    hierarchy_restricted_resources: Sequence[str] = (),
    allowed_access_control_hierarchy_group_id: str | None = None,
    applications: Sequence[Application] = (),
    tags: dict[str, str] | None = None,
) -> SecurityProfile:
    """Create a profile; raises DuplicateError, LimitExceededError, NotFoundError."""
    existing = uow.all(SecurityProfile)
    require_unique_name([p.name for p in existing], name, LABEL)
    if len(existing) >= MAX_SECURITY_PROFILES:
        raise LimitExceededError(
            f"An instance can have at most {MAX_SECURITY_PROFILES} security profiles"
        )
    group_id = _hierarchy_group(uow, allowed_access_control_hierarchy_group_id)
    new_id, arn = new_identity(uow, ids, SecurityProfile.KIND)
    profile = SecurityProfile(
        id=new_id,
        instance_id=uow.instance_id,
        arn=arn,
        tags=merged_tags({}, tags or {}),
        last_modified_at=uow.now,
        last_modified_region=uow.state.instance.region,
        name=name,
        description=description,
        permissions=_unique(permissions),
        allowed_access_control_tags=dict(allowed_access_control_tags)
        if allowed_access_control_tags
        else None,
        tag_restricted_resources=_unique(tag_restricted_resources),
        hierarchy_restricted_resources=_unique(hierarchy_restricted_resources),
        allowed_access_control_hierarchy_group_id=group_id,
        organization_resource_id=uow.instance_id,
        applications=tuple(applications),
    )
    uow.put(profile)
    uow.record("SecurityProfileCreated", security_profile_id=new_id, name=name)
    uow.commit()
    return profile


def update_security_profile(
    uow: UnitOfWork,
    profile_id: str,
    *,
    description: str | None = None,
    permissions: Sequence[str] | None = None,
    allowed_access_control_tags: dict[str, str] | None = None,
    tag_restricted_resources: Sequence[str] | None = None,
    hierarchy_restricted_resources: Sequence[str] | None = None,
    allowed_access_control_hierarchy_group_id: str | None = None,
    applications: Sequence[Application] | None = None,
) -> SecurityProfile:
    """Replace each given member; members left out (None) keep their value."""
    profile = uow.require(SecurityProfile, profile_id)
    group_id = profile.allowed_access_control_hierarchy_group_id
    if allowed_access_control_hierarchy_group_id is not None:
        # An empty string clears the restriction.
        group_id = _hierarchy_group(uow, allowed_access_control_hierarchy_group_id)
    updated = replace(
        profile,
        description=profile.description if description is None else description,
        permissions=profile.permissions if permissions is None else _unique(permissions),
        allowed_access_control_tags=profile.allowed_access_control_tags
        if allowed_access_control_tags is None
        else (dict(allowed_access_control_tags) or None),
        tag_restricted_resources=profile.tag_restricted_resources
        if tag_restricted_resources is None
        else _unique(tag_restricted_resources),
        hierarchy_restricted_resources=profile.hierarchy_restricted_resources
        if hierarchy_restricted_resources is None
        else _unique(hierarchy_restricted_resources),
        allowed_access_control_hierarchy_group_id=group_id,
        applications=profile.applications if applications is None else tuple(applications),
        last_modified_at=uow.now,
        last_modified_region=uow.state.instance.region,
    )
    uow.put(updated)
    uow.record("SecurityProfileUpdated", security_profile_id=profile.id)
    uow.commit()
    return updated


def delete_security_profile(uow: UnitOfWork, profile_id: str) -> None:
    """Delete; ResourceInUseError while any user still has the profile."""
    profile = uow.require(SecurityProfile, profile_id)
    users = [u for u in uow.all(User) if profile.id in u.security_profile_ids]
    if users:
        raise ResourceInUseError(
            f"Security profile {profile.id} is assigned to {len(users)} user(s)"
        )
    uow.delete(profile)
    uow.record("SecurityProfileDeleted", security_profile_id=profile.id)
    uow.commit()
