"""The Connect instance: the tenant that owns every other resource."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import ClassVar

from switchboard.domain.resources.base import Entity


class IdentityManagementType(StrEnum):
    SAML = "SAML"
    CONNECT_MANAGED = "CONNECT_MANAGED"
    EXISTING_DIRECTORY = "EXISTING_DIRECTORY"


@dataclass(frozen=True, slots=True)
class Instance(Entity):
    KIND: ClassVar[str] = "instance"
    LABEL: ClassVar[str] = "Instance"

    account_id: str = ""
    region: str = ""
    alias: str | None = None
    identity_management_type: IdentityManagementType = IdentityManagementType.CONNECT_MANAGED
    inbound_calls_enabled: bool = True
    outbound_calls_enabled: bool = True
    created_at: int = 0
    status: str = "ACTIVE"
    #: Instance attributes (UpdateInstanceAttribute): attribute type -> "true"/"false".
    attributes: dict[str, str] | None = None
    #: Raised quotas (Connect raises them through AWS Service Quotas; here, the controls).
    quotas: dict[str, int] | None = None

    def quota(self, name: str, default: int) -> int:
        """The instance's limit for `name`: a raised value, else Connect's default."""
        return (self.quotas or {}).get(name, default)
