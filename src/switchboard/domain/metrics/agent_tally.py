"""Agent tallies: what the agent metrics of R3.4 read from one agent, and the agents of a
routing profile grouped by it, so a GetCurrentMetricData row sums over a few groups of alike
agents instead of over every agent.

    AgentTallies (one per contact center; answers for one engine at one `state_version`)
      profile(engine, profile_id) -> {AgentTally: agents}   built on first use after a change
    agent_tally(engine, user_id)  -> (profile id, AgentTally)  one agent (an agent queue's
                                                                owner), read afresh

    AgentTally: status id, 0/1 flags (online, available, on contact, non-productive, error,
                staffed) and per-channel counts (ACW contacts, active slots, free slots)

Cost: nothing is kept per agent. Once the engine's state version moves, the first request
that needs a profile reads each of its agents once (`agent_state`, O(contacts held)); until
the next change every request reuses the groups, whose number is the number of distinct
(status, contacts, readiness) combinations on the profile, not the number of agents.
The definitions follow R3.4.1-R3.4.7, R3.4.11 and R3.4.12; `realtime.py` sums them per row.
Must not import: anything outside the standard library and `domain.*`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from switchboard.domain.channel import Channel
from switchboard.domain.routing.engine import RoutingEngine
from switchboard.domain.routing.types import (
    BLOCKING_STATES,
    AgentContactState,
    StatusKind,
    StatusRef,
)
from switchboard.domain.routing.views import AgentView

CHANNELS: tuple[Channel, ...] = tuple(Channel)
CHANNEL_INDEX: dict[Channel, int] = {c: i for i, c in enumerate(CHANNELS)}

ON_CONTACT = frozenset(
    {
        AgentContactState.CONNECTED,
        AgentContactState.CONNECTED_ONHOLD,
        AgentContactState.ENDED,
    }
)
"""Agent-side states that occupy the agent with a contact (R3.4.3, R3.4.11)."""


@dataclass(frozen=True, slots=True)
class AgentTally:
    """One agent as the agent metrics see it; per-channel counts follow `CHANNELS`."""

    status_id: str
    online: int  # R3.4.1
    available: int  # R3.4.2
    on_contact: int  # R3.4.3
    non_productive: int  # R3.4.4
    error: int  # R3.4.6
    staffed: int  # R3.4.7
    acw: tuple[int, ...]  # R3.4.5 QUIRK: contacts in ACW, per channel
    active: tuple[int, ...]  # R3.4.11
    free: tuple[int, ...]  # R3.4.12: free slots on the channels the agent is ready on


def agent_tally(engine: RoutingEngine, user_id: str) -> tuple[str, AgentTally]:
    """(profile id, tally) of one agent. Raises NotFoundError for an unknown agent."""
    view = engine.agent_state(user_id)
    return view.profile_id, _tally(_key(view), engine.profile(view.profile_id).concurrency)


# What an agent's tally depends on besides its profile: status, pending next status, the
# (channel, state) of each contact held and the channels it is ready on. Cheap to build and
# hash, so agents are grouped by it first and each distinct key is tallied once.
_Key = tuple[StatusRef, bool, tuple[tuple[Channel, AgentContactState], ...], tuple[Channel, ...]]


def _key(view: AgentView) -> _Key:
    contacts = view.contacts
    held = tuple([(c.channel, c.state) for c in contacts]) if contacts else ()
    return view.status, view.next_status is None, held, view.ready_channels


class AgentTallies:
    """Per-profile groups of alike agents, kept until the engine's state changes."""

    __slots__ = ("_engine", "_profiles", "_version")

    def __init__(self) -> None:
        self._engine: RoutingEngine | None = None
        self._version = -1
        self._profiles: dict[str, dict[AgentTally, int]] = {}

    def profile(self, engine: RoutingEngine, profile_id: str) -> Mapping[AgentTally, int]:
        """How many agents of the profile have each tally (agents in the engine only)."""
        self._follow(engine)
        found = self._profiles.get(profile_id)
        if found is None:
            found = self._profiles[profile_id] = _group(engine, profile_id)
        return found

    def _follow(self, engine: RoutingEngine) -> None:
        version = engine.state_version()
        if engine is not self._engine or version != self._version:
            self._engine = engine
            self._version = version
            self._profiles = {}


def _group(engine: RoutingEngine, profile_id: str) -> dict[AgentTally, int]:
    state = engine.agent_state
    keys = Counter(_key(state(user_id)) for user_id in engine.profile_agents(profile_id))
    if not keys:
        return {}
    concurrency = engine.profile(profile_id).concurrency
    groups: dict[AgentTally, int] = {}
    for key, count in keys.items():
        tally = _tally(key, concurrency)
        groups[tally] = groups.get(tally, 0) + count
    return groups


def _tally(key: _Key, concurrency: Mapping[Channel, int]) -> AgentTally:
    status, no_next, held, ready = key
    kind = status.kind
    n = len(CHANNELS)
    used = [0] * n
    acw = [0] * n
    active = [0] * n
    on_contact = error = 0
    for channel, state in held:
        i = CHANNEL_INDEX[channel]
        used[i] += 1
        if state in ON_CONTACT:
            on_contact = 1
            active[i] += 1
            if state is AgentContactState.ENDED:
                acw[i] += 1
        elif state in BLOCKING_STATES:
            error = 1
    free = tuple(
        max(0, concurrency.get(c, 0) - used[i]) if c in ready else 0 for i, c in enumerate(CHANNELS)
    )
    return AgentTally(
        status.status_id,
        int(kind is not StatusKind.OFFLINE),
        int(kind is StatusKind.ROUTABLE and not held and no_next),
        on_contact,
        int(kind is StatusKind.CUSTOM),
        error,
        int(kind is StatusKind.ROUTABLE),
        tuple(acw),
        tuple(active),
        free,
    )
