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
