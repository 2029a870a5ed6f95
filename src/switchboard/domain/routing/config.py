"""The routing engine's own configuration values: settings, queues, routing profiles, agents.

These are not the resource/wire classes: the application layer translates Connect resources into
them and upserts them with `RoutingEngine.put_*`. All are frozen; mapping fields are treated as
read-only once passed in. Validation here covers only what the engine relies on.
Must not import: anything outside the standard library and `routing.types`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from switchboard.domain.errors import InvalidArgumentError
from switchboard.domain.routing.types import (
    OFFLINE_STATUS,
    AvailabilityTimer,
    Channel,
    CrossChannel,
    QueueKind,
    StatusRef,
)

AGENT_QUEUE_MAX_CONTACTS = 10
"""An agent queue never holds more than 10 contacts (R1.1.7, R1.8.1)."""

MAX_CONCURRENCY = 10
"""CHAT, TASK and EMAIL concurrency is 1-10; VOICE is at most 1 (R1.2.3)."""


@dataclass(frozen=True, slots=True)
class EngineSettings:
    """Engine-wide knobs.

    offer_timeout_ms: time an offered contact rings before it is MISSED (R1.5.2, ASSUMPTION: the
    same 20 s for every channel). initial_status: status of an agent the engine sees first.
    """

    offer_timeout_ms: int = 20_000
    initial_status: StatusRef = OFFLINE_STATUS

    def __post_init__(self) -> None:
        if self.offer_timeout_ms <= 0:
            raise InvalidArgumentError("offer_timeout_ms", "must be positive")


@dataclass(frozen=True, slots=True)
class QueueConfig:
    """A queue as routing sees it (R1.1.x, R1.8.x).

    max_contacts None means no queue limit (agent queues are always capped at 10).
    """

    queue_id: str
    kind: QueueKind = QueueKind.STANDARD
    owner_user_id: str | None = None
    max_contacts: int | None = None
    enabled: bool = True

    def __post_init__(self) -> None:
        if self.kind is QueueKind.AGENT and not self.owner_user_id:
            raise InvalidArgumentError("owner_user_id", "an agent queue needs its owner")
        if self.kind is QueueKind.STANDARD and self.owner_user_id is not None:
            raise InvalidArgumentError("owner_user_id", "only agent queues have an owner")
        if self.max_contacts is not None and self.max_contacts < 0:
            raise InvalidArgumentError("max_contacts", "must not be negative")

    def capacity(self, allowance: bool) -> int | None:
        """Contacts the queue may hold; `allowance` adds the documented 20 % (R1.8.3)."""
        limit = self.max_contacts
        if self.kind is QueueKind.AGENT:
            limit = AGENT_QUEUE_MAX_CONTACTS if limit is None else min(limit, 10)
        if limit is None:
            return None
        return limit * 12 // 10 if allowance else limit


@dataclass(frozen=True, slots=True)
class ProfileQueue:
    """One (queue, channel) entry of a routing profile with its priority and delay (R1.2.1)."""

    queue_id: str
    channel: Channel
    priority: int
    delay_ms: int = 0

    def __post_init__(self) -> None:
        if not 1 <= self.priority <= 99:
            raise InvalidArgumentError("priority", "must be 1-99")
        if not 0 <= self.delay_ms <= 9_999_000:
            raise InvalidArgumentError("delay_ms", "must be 0-9999 s")


@dataclass(frozen=True, slots=True)
class ProfileConfig:
    """A routing profile: queue entries, per-channel concurrency and cross-channel behaviour.

    A channel is enabled when its concurrency is > 0 (R1.2.2). A channel missing from
    `cross_channel` behaves as CURRENT_ONLY (R1.2.4 ASSUMPTION).
    """

    profile_id: str
    queues: tuple[ProfileQueue, ...] = ()
    concurrency: Mapping[Channel, int] = field(default_factory=dict)
    cross_channel: Mapping[Channel, CrossChannel] = field(default_factory=dict)
    availability_timer: AvailabilityTimer = AvailabilityTimer.TIME_SINCE_LAST_ACTIVITY

    def __post_init__(self) -> None:
        seen: set[tuple[str, Channel]] = set()
        for entry in self.queues:
            pair = (entry.queue_id, entry.channel)
            if pair in seen:  # R1.2.8 ASSUMPTION
                raise InvalidArgumentError(
                    "queues", f"{entry.queue_id}/{entry.channel} appears twice"
                )
            seen.add(pair)
        for channel, count in self.concurrency.items():
            top = 1 if channel is Channel.VOICE else MAX_CONCURRENCY
            if not 0 <= count <= top:
                raise InvalidArgumentError("concurrency", f"{channel} must be 0-{top}")

    def behaviour(self, channel: Channel) -> CrossChannel:
        return self.cross_channel.get(channel, CrossChannel.CURRENT_ONLY)


@dataclass(frozen=True, slots=True)
class AgentConfig:
    """An agent (User) as routing sees it.

    acw_timeout_ms per channel: 0 (or missing) means ACW lasts until cleared (R1.6.2).
    proficiencies: (attribute name, value) -> level (R1.9.3).
    """

    user_id: str
    profile_id: str
    agent_queue_id: str | None = None
    auto_accept: Mapping[Channel, bool] = field(default_factory=dict)
    acw_timeout_ms: Mapping[Channel, int] = field(default_factory=dict)
    proficiencies: Mapping[tuple[str, str], float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for channel, value in self.acw_timeout_ms.items():
            if not 0 <= value <= 2_000_000_000:
                raise InvalidArgumentError("acw_timeout_ms", f"{channel} must be 0-2,000,000 s")
