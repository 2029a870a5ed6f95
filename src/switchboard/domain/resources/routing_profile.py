"""Routing profiles: which queues and channels an agent serves, with priority and delay (R1.2)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import ClassVar

from switchboard.domain.channel import Channel
from switchboard.domain.resources.base import Entity

MAX_ROUTING_PROFILES = 500
MAX_QUEUE_CONFIGS_PER_CALL = 10
MAX_QUEUE_CONFIGS_PER_PROFILE = 50


class CrossChannelBehavior(StrEnum):
    ROUTE_CURRENT_CHANNEL_ONLY = "ROUTE_CURRENT_CHANNEL_ONLY"
    ROUTE_ANY_CHANNEL = "ROUTE_ANY_CHANNEL"


class AgentAvailabilityTimer(StrEnum):
    TIME_SINCE_LAST_ACTIVITY = "TIME_SINCE_LAST_ACTIVITY"
    TIME_SINCE_LAST_INBOUND = "TIME_SINCE_LAST_INBOUND"


@dataclass(frozen=True, slots=True)
class MediaConcurrency:
    channel: Channel
    concurrency: int
    cross_channel: CrossChannelBehavior = CrossChannelBehavior.ROUTE_CURRENT_CHANNEL_ONLY


@dataclass(frozen=True, slots=True)
class QueueConfig:
    queue_id: str
    channel: Channel
    priority: int
    delay_seconds: int


@dataclass(frozen=True, slots=True)
class QueueReference:
    """A (queue, channel) pair without priority or delay (manual assignment queues)."""

    queue_id: str
    channel: Channel


@dataclass(frozen=True, slots=True)
class RoutingProfile(Entity):
    KIND: ClassVar[str] = "routing_profile"
    LABEL: ClassVar[str] = "Routing profile"

    name: str = ""
    description: str = ""
    default_outbound_queue_id: str = ""
    media_concurrencies: tuple[MediaConcurrency, ...] = ()
    queue_configs: tuple[QueueConfig, ...] = ()
    agent_availability_timer: AgentAvailabilityTimer = (
        AgentAvailabilityTimer.TIME_SINCE_LAST_ACTIVITY
    )
    is_default: bool = False
    #: Queues whose contacts agents on this profile may pick themselves (manual assignment).
    manual_assignment_queues: tuple[QueueReference, ...] = ()

    @property
    def associated_queue_ids(self) -> list[str]:
        """Distinct queue ids of the queue configurations, in first-seen order."""
        return list(dict.fromkeys(c.queue_id for c in self.queue_configs))

    def channel_enabled(self, channel: Channel) -> bool:
        """A queue config routes only if its channel is in MediaConcurrencies (R1.2.2)."""
        return any(m.channel == channel for m in self.media_concurrencies)
