"""Security profiles: named permission sets assigned to users."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from switchboard.domain.resources.base import Entity

MAX_SECURITY_PROFILES = 100


@dataclass(frozen=True, slots=True)
class Application:
    """A third-party application (or MCP namespace) the profile may use, with its permissions."""

    namespace: str
    permissions: tuple[str, ...] = ()
    type: str | None = None


@dataclass(frozen=True, slots=True)
class SecurityProfile(Entity):
    KIND: ClassVar[str] = "security_profile"
    LABEL: ClassVar[str] = "Security profile"

    name: str = ""
    description: str | None = None
    permissions: tuple[str, ...] = ()
    allowed_access_control_tags: dict[str, str] | None = None
    tag_restricted_resources: tuple[str, ...] = ()
    hierarchy_restricted_resources: tuple[str, ...] = ()
    allowed_access_control_hierarchy_group_id: str | None = None
    organization_resource_id: str = ""
    applications: tuple[Application, ...] = ()
