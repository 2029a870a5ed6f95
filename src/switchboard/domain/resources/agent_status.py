"""Agent statuses: Available (routable), Offline, and custom ones (R1.7.1).

A status is never deleted, only disabled; at most 50 per instance, not adjustable.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import ClassVar

from switchboard.domain.resources.base import Entity

MAX_AGENT_STATUSES = 50


class AgentStatusType(StrEnum):
    ROUTABLE = "ROUTABLE"
    CUSTOM = "CUSTOM"
    OFFLINE = "OFFLINE"


class AgentStatusState(StrEnum):
    ENABLED = "ENABLED"
    DISABLED = "DISABLED"


@dataclass(frozen=True, slots=True)
class AgentStatus(Entity):
    KIND: ClassVar[str] = "agent_status"
    LABEL: ClassVar[str] = "Agent status"

    name: str = ""
    description: str | None = None
    type: AgentStatusType = AgentStatusType.CUSTOM
    state: AgentStatusState = AgentStatusState.ENABLED
    display_order: int | None = None
