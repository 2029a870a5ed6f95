"""Queues: standard queues made by administrators and one agent queue per user (R1.1)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import ClassVar

from switchboard.domain.resources.base import Entity

MAX_QUEUES = 100  # standard queues per instance (R1.1.7)
AGENT_QUEUE_MAX_CONTACTS = 10
MAX_QUICK_CONNECTS_PER_QUEUE = 50


class QueueType(StrEnum):
    STANDARD = "STANDARD"
    AGENT = "AGENT"


class QueueStatus(StrEnum):
    ENABLED = "ENABLED"
    DISABLED = "DISABLED"


@dataclass(frozen=True, slots=True)
class OutboundCallerConfig:
    caller_id_name: str | None = None
    caller_id_number_id: str | None = None
    outbound_flow_id: str | None = None


@dataclass(frozen=True, slots=True)
class Queue(Entity):
    KIND: ClassVar[str] = "queue"
    LABEL: ClassVar[str] = "Queue"

    name: str = ""
    description: str | None = None
    queue_type: QueueType = QueueType.STANDARD
    hours_of_operation_id: str | None = None
    max_contacts: int | None = None
    status: QueueStatus = QueueStatus.ENABLED
    outbound_caller: OutboundCallerConfig | None = None
    outbound_email_address_id: str | None = None
    quick_connect_ids: tuple[str, ...] = ()
    #: EmailAddressesConfig ids (email addresses are not modelled; stored as given).
    email_address_ids: tuple[str, ...] = ()
    #: For agent queues: the owning user.
    owner_user_id: str | None = None
