"""Connect resources -> the routing engine's configuration values.

The engine never sees resource classes; this is the one translation between them.
"""

from __future__ import annotations

from switchboard.domain.channel import Channel
from switchboard.domain.resources.agent_status import AgentStatus, AgentStatusType
from switchboard.domain.resources.queue import Queue, QueueStatus, QueueType
from switchboard.domain.resources.routing_profile import (
    AgentAvailabilityTimer,
    CrossChannelBehavior,
    RoutingProfile,
)
from switchboard.domain.resources.user import User
from switchboard.domain.routing import (
    AgentConfig,
    AvailabilityTimer,
    CrossChannel,
    ProfileConfig,
    ProfileQueue,
    QueueConfig,
    QueueKind,
    StatusKind,
    StatusRef,
)

CHANNELS = tuple(Channel)


def queue_config(queue: Queue) -> QueueConfig:
    agent = queue.queue_type is QueueType.AGENT
    return QueueConfig(
        queue.id,
        QueueKind.AGENT if agent else QueueKind.STANDARD,
        queue.owner_user_id if agent else None,
        None if agent else queue.max_contacts,
        queue.status is QueueStatus.ENABLED,
    )


def profile_config(profile: RoutingProfile) -> ProfileConfig:
    enabled = {m.channel: m for m in profile.media_concurrencies}
    # R1.2.2: a queue config routes only if its channel is enabled in MediaConcurrencies.
    queues = tuple(
        ProfileQueue(q.queue_id, q.channel, q.priority, q.delay_seconds * 1000)
        for q in profile.queue_configs
        if q.channel in enabled
    )
    return ProfileConfig(
        profile.id,
        queues,
        {ch: m.concurrency for ch, m in enabled.items()},
        {
            ch: CrossChannel.ANY
            if m.cross_channel is CrossChannelBehavior.ROUTE_ANY_CHANNEL
            else CrossChannel.CURRENT_ONLY
            for ch, m in enabled.items()
        },
        AvailabilityTimer.TIME_SINCE_LAST_INBOUND
        if profile.agent_availability_timer is AgentAvailabilityTimer.TIME_SINCE_LAST_INBOUND
        else AvailabilityTimer.TIME_SINCE_LAST_ACTIVITY,
    )


def agent_config(user: User) -> AgentConfig:
    return AgentConfig(
        user.id,
        user.routing_profile_id,
        user.agent_queue_id or None,
        {ch: user.auto_accept(ch) for ch in CHANNELS},
        {ch: user.acw_limit_seconds(ch) * 1000 for ch in CHANNELS},
        {(p.attribute_name, p.attribute_value): float(p.level) for p in user.proficiencies},
    )


def status_ref(status: AgentStatus) -> StatusRef:
    kind = {
        AgentStatusType.ROUTABLE: StatusKind.ROUTABLE,
        AgentStatusType.OFFLINE: StatusKind.OFFLINE,
    }.get(status.type, StatusKind.CUSTOM)
    return StatusRef(status.id, status.name, kind)
