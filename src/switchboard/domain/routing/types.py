"""Enumerations and small values of the routing core, spelled as Amazon Connect spells them.

Owns: Channel, QueueKind, CrossChannel, AvailabilityTimer, StatusKind, StatusRef,
ContactPhase, AgentContactState, DequeueReason; re-exports `hot_value` (domain/values.py).
Must not import: anything outside the standard library, `domain.channel` and `domain.values`
(no wire shapes, no resources).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from switchboard.domain.channel import Channel
from switchboard.domain.values import hot_value

__all__ = [
    "BLOCKING_STATES",
    "CHANNELS",
    "OFFLINE_STATUS",
    "AgentContactState",
    "AvailabilityTimer",
    "Channel",
    "ContactPhase",
    "CrossChannel",
    "DequeueReason",
    "QueueKind",
    "StatusKind",
    "StatusRef",
    "hot_value",
]

CHANNELS: tuple[Channel, ...] = (Channel.VOICE, Channel.CHAT, Channel.TASK, Channel.EMAIL)


class QueueKind(StrEnum):
    """`QueueType`: standard queues are administered, agent queues belong to one user (R1.1.1)."""

    STANDARD = "STANDARD"
    AGENT = "AGENT"


class CrossChannel(StrEnum):
    """`CrossChannelBehavior.BehaviorType` (R1.2.4)."""

    CURRENT_ONLY = "ROUTE_CURRENT_CHANNEL_ONLY"
    ANY = "ROUTE_ANY_CHANNEL"


class AvailabilityTimer(StrEnum):
    """`AgentAvailabilityTimer` (R1.2.7)."""

    TIME_SINCE_LAST_ACTIVITY = "TIME_SINCE_LAST_ACTIVITY"
    TIME_SINCE_LAST_INBOUND = "TIME_SINCE_LAST_INBOUND"


class StatusKind(StrEnum):
    """`AgentStatusType` (R1.7.1): only ROUTABLE statuses receive contacts (R1.7.2)."""

    ROUTABLE = "ROUTABLE"
    CUSTOM = "CUSTOM"
    OFFLINE = "OFFLINE"


@dataclass(frozen=True, slots=True)
class StatusRef:
    """The agent status an agent is in, as the engine needs it: id, display name and kind."""

    status_id: str
    name: str
    kind: StatusKind


OFFLINE_STATUS = StatusRef("offline", "Offline", StatusKind.OFFLINE)


class ContactPhase(StrEnum):
    """Where a contact is, from the routing engine's point of view.

    QUEUED: waiting in a queue (counts for position). OFFERED: routed to one agent, ringing
    (R1.5.1; agent side CONNECTING). CONNECTED / CONNECTED_ONHOLD: with an agent (R1.5.7).
    AFTER_CONTACT_WORK: disconnected, the agent's slot is in ACW (R1.6.1).
    """

    QUEUED = "QUEUED"
    OFFERED = "OFFERED"
    CONNECTED = "CONNECTED"
    CONNECTED_ONHOLD = "CONNECTED_ONHOLD"
    AFTER_CONTACT_WORK = "AFTER_CONTACT_WORK"


class AgentContactState(StrEnum):
    """Agent-side state of a contact occupying one of the agent's slots (R5.3.1, R0.2)."""

    CONNECTING = "CONNECTING"
    CONNECTED = "CONNECTED"
    CONNECTED_ONHOLD = "CONNECTED_ONHOLD"
    ENDED = "ENDED"
    MISSED = "MISSED"
    REJECTED = "REJECTED"
    ERROR = "ERROR"


BLOCKING_STATES = frozenset(
    {AgentContactState.MISSED, AgentContactState.REJECTED, AgentContactState.ERROR}
)
"""States that stop routing to the agent until cleared (R1.5.3, R1.5.4, R1.5.6)."""


class DequeueReason(StrEnum):
    """Why a contact left its queue without being answered."""

    ABANDONED = "ABANDONED"
    STOPPED = "STOPPED"
    TRANSFERRED = "TRANSFERRED"
    DISCONNECTED = "DISCONNECTED"
