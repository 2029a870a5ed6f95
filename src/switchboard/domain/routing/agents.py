"""Agent runtime state: status, next status, slots per channel, idle clock, and the idle order.

Owns:
* `AgentRecord`: one agent's status (R1.7), pending next status (R1.6.4), `idle_since`
  (R1.4.3 ASSUMPTION), the contacts occupying its slots (R0.2) and how many of them block it
  (MISSED / REJECTED / ERROR, R1.5.3-R1.5.6).
* `ReadyIndex`: for every (routing profile, channel), the agents who could take a contact of
  that channel right now, sorted by (idle_since, user_id) (R1.4.1, R1.4.3). "Ready on X" means:
  ROUTABLE status, no next status, not blocked, X enabled with a free slot, and every channel
  currently held allows X (R1.2.4 decision rule). Only per-contact checks (queue membership,
  delay, criteria) remain for the matcher.
Must not import: anything outside the standard library and `routing.*`.
"""

from __future__ import annotations

from collections.abc import Sequence

from switchboard.domain.routing.config import AgentConfig, ProfileConfig
from switchboard.domain.routing.ordering import AgentKey
from switchboard.domain.routing.ready_list import ReadyList
from switchboard.domain.routing.types import (
    AgentContactState,
    Channel,
    CrossChannel,
    StatusKind,
    StatusRef,
)


class AgentSlot:
    """One contact occupying a slot of an agent."""

    __slots__ = ("channel", "inbound", "state")

    def __init__(self, channel: Channel, state: AgentContactState, inbound: bool) -> None:
        self.channel = channel
        self.state = state
        self.inbound = inbound


class AgentRecord:
    """One agent's routing state; the engine mutates it and then calls `ReadyIndex.refresh`."""

    __slots__ = (
        "blocked",
        "config",
        "contacts",
        "enabled",
        "enabled_for",
        "idle_since",
        "next_status",
        "ready_keys",
        "ready_profile",
        "single",
        "status",
        "used",
        "user_id",
    )

    def __init__(self, config: AgentConfig, status: StatusRef, idle_since: int) -> None:
        self.config = config
        self.user_id = config.user_id
        self.status = status
        self.next_status: StatusRef | None = None
        self.idle_since = idle_since
        self.used: dict[Channel, int] = {}
        self.contacts: dict[str, AgentSlot] = {}
        self.blocked = 0
        self.ready_keys: dict[Channel, AgentKey] = {}
        self.ready_profile: str | None = None
        # What `ready_channels` derives from the profile alone, for the profile object it was
        # derived from (profiles are frozen values: a new profile is a new object).
        self.enabled_for: ProfileConfig | None = None
        self.enabled: tuple[Channel, ...] = ()
        self.single: tuple[Channel, int] | None = None

    @property
    def routable(self) -> bool:
        """Status ROUTABLE, no pending next status, nothing blocking (R1.3.7 e)."""
        return (
            self.status.kind is StatusKind.ROUTABLE
            and self.next_status is None
            and self.blocked == 0
        )

    def ready_channels(self, profile: ProfileConfig) -> Sequence[Channel]:
        """Channels on which the agent could be offered a contact now (R1.2.2-R1.2.4)."""
        if self.status.kind is not _ROUTABLE or self.next_status is not None or self.blocked:
            return ()
        if profile is not self.enabled_for:
            self._derive(profile)
        holding = len(self.contacts)  # = sum(used.values()): one slot per contact
        if not holding:
            return self.enabled  # nothing held: every enabled channel has a free slot
        used = self.used
        single = self.single
        if single is not None:  # one enabled channel (the usual profile): no loop
            count = used.get(single[0], 0)
            if count >= single[1]:
                return ()
            if count == holding:  # nothing held on another channel to forbid it (R1.2.4)
                return self.enabled
        ready = []
        for channel, cap in profile.concurrency.items():
            count = used.get(channel, 0)
            if cap <= 0 or count >= cap:
                continue
            # Contacts on other channels are held: each must allow this one (R1.2.4).
            if holding > count and not all(
                h is channel or profile.behaviour(h) is CrossChannel.ANY
                for h, n in used.items()
                if n > 0
            ):
                continue
            ready.append(channel)
        return ready

    def _derive(self, profile: ProfileConfig) -> None:
        self.enabled_for = profile
        enabled = tuple((c, cap) for c, cap in profile.concurrency.items() if cap > 0)
        self.enabled = tuple(c for c, _ in enabled)
        self.single = enabled[0] if len(enabled) == 1 else None

    def take_slot(
        self, contact_id: str, channel: Channel, state: AgentContactState, inbound: bool
    ) -> None:
        self.contacts[contact_id] = AgentSlot(channel, state, inbound)
        self.used[channel] = self.used.get(channel, 0) + 1

    def free_slot(self, contact_id: str) -> AgentSlot:
        slot = self.contacts.pop(contact_id)
        self.used[slot.channel] -= 1
        if slot.state in _BLOCKING:
            self.blocked -= 1
        return slot

    def set_slot_state(self, contact_id: str, state: AgentContactState) -> AgentSlot:
        slot = self.contacts[contact_id]
        if slot.state in _BLOCKING:
            self.blocked -= 1
        if state in _BLOCKING:
            self.blocked += 1
        slot.state = state
        return slot

    def holds_only_acw(self) -> bool:
        return bool(self.contacts) and all(
            s.state is AgentContactState.ENDED for s in self.contacts.values()
        )


_ROUTABLE = StatusKind.ROUTABLE
_BLOCKING = frozenset(
    {AgentContactState.MISSED, AgentContactState.REJECTED, AgentContactState.ERROR}
)


class ReadyIndex:
    """Ready agents per (profile_id, channel), in (idle_since, user_id) order."""

    __slots__ = ("lists",)

    def __init__(self) -> None:
        self.lists: dict[tuple[str, Channel], ReadyList] = {}

    def refresh(self, agent: AgentRecord, profile: ProfileConfig | None) -> None:
        """Bring the agent's entries in line with its current state."""
        old = agent.ready_keys
        old_profile = agent.ready_profile
        new_profile = profile.profile_id if profile is not None else None
        channels = agent.ready_channels(profile) if profile is not None else ()
        if not channels:
            if not old:
                agent.ready_profile = new_profile
                return
            new: dict[Channel, AgentKey] = {}
        else:
            key = (agent.idle_since, agent.user_id)
            new = dict.fromkeys(channels, key)
            if old_profile == new_profile and old == new:
                return
        lists = self.lists
        for channel, key in old.items():
            if old_profile != new_profile or new.get(channel) != key:
                lists[(old_profile or "", channel)].remove(key)
        for channel, key in new.items():
            if old_profile != new_profile or old.get(channel) != key:
                bucket = lists.get((new_profile or "", channel))
                if bucket is None:
                    bucket = lists[(new_profile or "", channel)] = ReadyList()
                bucket.add(key)
        agent.ready_keys = new
        agent.ready_profile = new_profile

    def bucket(self, profile_id: str, channel: Channel) -> ReadyList:
        """The ready list of (profile, channel), made empty if it is new (lists are never
        dropped, so the queue indexes may hold on to them)."""
        bucket = self.lists.get((profile_id, channel))
        if bucket is None:
            bucket = self.lists[(profile_id, channel)] = ReadyList()
        return bucket

    def ready(self, profile_id: str, channel: Channel) -> ReadyList | None:
        bucket = self.lists.get((profile_id, channel))
        return bucket if bucket else None
