"""Quick connects: saved transfer destinations (user, queue, phone number or flow)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import ClassVar

from switchboard.domain.resources.base import Entity

MAX_QUICK_CONNECTS = 100  # quick connects per instance (default quota)


class QuickConnectType(StrEnum):
    USER = "USER"
    QUEUE = "QUEUE"
    PHONE_NUMBER = "PHONE_NUMBER"
    FLOW = "FLOW"


@dataclass(frozen=True, slots=True)
class QuickConnect(Entity):
    KIND: ClassVar[str] = "quick_connect"
    LABEL: ClassVar[str] = "Quick connect"

    name: str = ""
    description: str | None = None
    type: QuickConnectType = QuickConnectType.QUEUE
    user_id: str | None = None
    queue_id: str | None = None
    phone_number: str | None = None
    contact_flow_id: str | None = None
