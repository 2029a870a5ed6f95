"""Test helpers for the routing engine: a small world of queues, profiles and agents.

Imported by the test modules of this folder (as `tests.unit.routing.routing_world`)."""

from __future__ import annotations

from collections.abc import Iterable

from switchboard.domain.routing import (
    AgentConfig,
    Channel,
    CrossChannel,
    EngineSettings,
    EnqueueContact,
    ProfileConfig,
    ProfileQueue,
    QueueConfig,
    QueueKind,
    RoutingEngine,
    StatusKind,
    StatusRef,
)
from switchboard.domain.routing.events import Event

AVAILABLE = StatusRef("available", "Available", StatusKind.ROUTABLE)
OFFLINE = StatusRef("offline", "Offline", StatusKind.OFFLINE)
LUNCH = StatusRef("lunch", "Lunch", StatusKind.CUSTOM)
VOICE, CHAT, TASK = Channel.VOICE, Channel.CHAT, Channel.TASK


class World:
    """Builds configuration on one engine; time only moves forward."""

    def __init__(self, engine: RoutingEngine) -> None:
        self.engine = engine
        self.now = 0

    def at(self, now: int) -> int:
        self.now = max(self.now, now)
        return self.now

    def queue(self, queue_id: str, **kwargs: object) -> None:
        self.engine.put_queue(QueueConfig(queue_id, **kwargs), self.now)  # type: ignore[arg-type]

    def profile(
        self,
        profile_id: str,
        entries: Iterable[tuple[str, Channel, int, int]],
        concurrency: dict[Channel, int] | None = None,
        cross: dict[Channel, CrossChannel] | None = None,
        **kwargs: object,
    ) -> None:
        queues = tuple(ProfileQueue(q, ch, prio, delay) for q, ch, prio, delay in entries)
        config = ProfileConfig(
            profile_id,
            queues,
            concurrency or {VOICE: 1},
            cross or {},
            **kwargs,  # type: ignore[arg-type]
        )
        self.engine.put_routing_profile(config, self.now)

    def agent(
        self, user_id: str, profile_id: str, available: bool = True, **kwargs: object
    ) -> list[Event]:
        queue_id = f"agentq-{user_id}"
        self.engine.put_queue(QueueConfig(queue_id, QueueKind.AGENT, user_id), self.now)
        self.engine.put_agent(
            AgentConfig(user_id, profile_id, queue_id, **kwargs),  # type: ignore[arg-type]
            self.now,
        )
        return self.engine.set_agent_status(user_id, AVAILABLE, self.now) if available else []

    def call(self, contact_id: str, queue_id: str, now: int, **kwargs: object) -> list[Event]:
        channel = kwargs.pop("channel", VOICE)
        return self.engine.enqueue(
            EnqueueContact(contact_id, channel, **kwargs),  # type: ignore[arg-type]
            queue_id,
            self.at(now),
        )

    def holder(self, contact_id: str) -> str | None:
        return self.engine.contact_state(contact_id).user_id


def create_world(offer_timeout_ms: int = 20_000) -> World:
    return World(RoutingEngine(EngineSettings(offer_timeout_ms=offer_timeout_ms)))


def kinds(events: Iterable[Event]) -> list[str]:
    return [type(e).__name__ for e in events]
