"""The engine's in-memory tables, shared by the engine, the matcher and the snapshot code.

    RoutingTables
      queues         queue_id -> QueueConfig
      profiles       profile_id -> ProfileConfig
      agents         user_id -> AgentRecord
      contacts       contact_id -> ContactRecord        (every live contact)
      indexes        (queue_id, channel) -> ChannelQueue (waiting contacts only; each also
                     carries copies of owner_of / serving / gate_delays for its pair, see
                     `_route`, so routing a contact reads no table keyed by a pair)
      waiting        queue_id -> number of QUEUED contacts over all channels (R1.8.1)
      owner_of       agent queue_id -> owning user_id (R1.1.1)
      serving        (queue_id, channel) -> [(profile_id, ProfileQueue)]  enabled entries only
      gate_delays    (queue_id, channel) -> distinct positive profile delays, ascending (R1.3.3)
      groups         profile_id -> (entry, its ChannelQueue) grouped by profile priority,
                     ascending (R1.3.2)
      profile_agents profile_id -> {user_id}
      ready          ReadyIndex
Must not import: anything outside the standard library, sortedcontainers and `routing.*`.
"""

from __future__ import annotations

from itertools import groupby

from switchboard.domain.routing.agents import AgentRecord, ReadyIndex
from switchboard.domain.routing.config import ProfileConfig, ProfileQueue, QueueConfig
from switchboard.domain.routing.contacts import ContactRecord
from switchboard.domain.routing.queue_index import ChannelQueue
from switchboard.domain.routing.types import Channel


class RoutingTables:
    """Plain holder of the engine's state; invariants are kept by `RoutingEngine`."""

    __slots__ = (
        "agents",
        "contacts",
        "gate_delays",
        "groups",
        "indexes",
        "owner_of",
        "profile_agents",
        "profiles",
        "queues",
        "ready",
        "serving",
        "waiting",
    )

    def __init__(self) -> None:
        self.queues: dict[str, QueueConfig] = {}
        self.profiles: dict[str, ProfileConfig] = {}
        self.agents: dict[str, AgentRecord] = {}
        self.contacts: dict[str, ContactRecord] = {}
        self.indexes: dict[tuple[str, Channel], ChannelQueue[ContactRecord]] = {}
        self.waiting: dict[str, int] = {}
        self.owner_of: dict[str, str] = {}
        self.serving: dict[tuple[str, Channel], list[tuple[str, ProfileQueue]]] = {}
        self.gate_delays: dict[tuple[str, Channel], tuple[int, ...]] = {}
        self.groups: dict[str, list[list[tuple[ProfileQueue, ChannelQueue[ContactRecord]]]]] = {}
        self.profile_agents: dict[str, set[str]] = {}
        self.ready = ReadyIndex()

    def index(self, queue_id: str, channel: Channel) -> ChannelQueue[ContactRecord]:
        idx = self.indexes.get((queue_id, channel))
        if idx is None:
            idx = self.indexes[(queue_id, channel)] = ChannelQueue(queue_id, channel)
            self._route(idx)
        return idx

    def _route(self, idx: ChannelQueue[ContactRecord]) -> None:
        """Copy onto the index what routing reads for its (queue, channel) on every contact:
        the agent queue's owner, the serving profiles' delays with their ready lists, the
        distinct delays. Kept in step by every change of those tables (`_reroute`)."""
        pair = (idx.queue_id, idx.channel)
        idx.owner = self.owner_of.get(idx.queue_id)
        idx.gates = self.gate_delays.get(pair, ())
        idx.serving = tuple(
            (entry.delay_ms, self.ready.bucket(profile_id, idx.channel))
            for profile_id, entry in self.serving.get(pair, ())
        )

    def _reroute(self, pair: tuple[str, Channel]) -> None:
        idx = self.indexes.get(pair)
        if idx is not None:
            self._route(idx)

    def set_queue(self, config: QueueConfig) -> None:
        self.queues[config.queue_id] = config
        self.waiting.setdefault(config.queue_id, 0)
        self.owner_of.pop(config.queue_id, None)
        if config.owner_user_id is not None:
            self.owner_of[config.queue_id] = config.owner_user_id
        for channel in Channel:
            self._reroute((config.queue_id, channel))

    def set_profile(self, config: ProfileConfig) -> None:
        self.drop_profile(config.profile_id)
        self.profiles[config.profile_id] = config
        self.profile_agents.setdefault(config.profile_id, set())
        enabled = [e for e in config.queues if config.concurrency.get(e.channel, 0) > 0]
        for entry in enabled:  # R1.2.2: entries of disabled channels never route
            pair = (entry.queue_id, entry.channel)
            self.serving.setdefault(pair, []).append((config.profile_id, entry))
            self._gate_delays(pair)
            self._reroute(pair)
        ordered = sorted(enabled, key=lambda e: (e.priority, e.queue_id, e.channel))
        self.groups[config.profile_id] = [
            [(e, self.index(e.queue_id, e.channel)) for e in group]
            for _, group in groupby(ordered, key=lambda e: e.priority)
        ]

    def drop_profile(self, profile_id: str) -> None:
        old = self.profiles.pop(profile_id, None)
        if old is None:
            return
        for entry in old.queues:
            pair = (entry.queue_id, entry.channel)
            users = [s for s in self.serving.get(pair, []) if s[0] != profile_id]
            if users:
                self.serving[pair] = users
            else:
                self.serving.pop(pair, None)
            self._gate_delays(pair)
            self._reroute(pair)
        self.groups.pop(profile_id, None)

    def _gate_delays(self, pair: tuple[str, Channel]) -> None:
        delays = sorted({e.delay_ms for _, e in self.serving.get(pair, ()) if e.delay_ms > 0})
        if delays:
            self.gate_delays[pair] = tuple(delays)
        else:
            self.gate_delays.pop(pair, None)
