"""Who gets what: the two halves of the R1.4.6 matching loop, made incremental.

The engine keeps the system *stable*: after every call no (ready agent, waiting contact) pair is
eligible (R1.3.7). A change can only create eligible pairs that involve what it touched, so:

* a contact that became eligible (arrival, requeue, delay gate, step change) goes to
  `best_agent`: the longest-idle ready agent eligible for it (R1.4.1). Only the ready lists of
  the profiles serving its (queue, channel) with the delay met are read, from the head;
* an agent that became ready (slot freed, status, unblocked, config) asks `best_contact`: the
  first eligible contact over its agent queue, then its profile's priority groups (R1.3.6).
  Only the heads of that profile's queue indexes are read.
Several changes at one instant (a timer batch, a config change) run the full loop over the
touched agents and every ready agent eligible for a touched contact (`candidates_for`).
Must not import: anything outside the standard library and `routing.*`.
"""

from __future__ import annotations

from collections.abc import Collection

from switchboard.domain.routing.agents import AgentRecord
from switchboard.domain.routing.contacts import ContactRecord
from switchboard.domain.routing.criteria import Expression
from switchboard.domain.routing.ordering import AgentKey, QueueKey
from switchboard.domain.routing.tables import RoutingTables
from switchboard.domain.routing.types import Channel


def active_expression(contact: ContactRecord) -> Expression | None:
    """The ACTIVE step's expression, or None when any agent of the queue may take it."""
    if contact.active_step is None or contact.criteria is None:
        return None
    return contact.criteria.steps[contact.active_step].expression


class Matcher:
    """Read-only choices over the routing tables."""

    __slots__ = ("t",)

    def __init__(self, tables: RoutingTables) -> None:
        self.t = tables

    def best_contact(
        self, agent: AgentRecord, now: int, channels: Collection[Channel] | None = None
    ) -> ContactRecord | None:
        """The contact the agent should get now, by R1.3.6, among those eligible (R1.3.7).

        channels: the channels it is ready on, when the caller knows them before the agent is
        in the ready lists (default: its `ready_keys`)."""
        ready = agent.ready_keys if channels is None else channels
        if not ready:
            return None
        t = self.t
        best: QueueKey | None = None
        config = agent.config
        own = config.agent_queue_id
        # R1.1.2: the agent queue outranks every standard queue (`waiting` counts its
        # contacts over all channels, so an empty agent queue costs one lookup)
        if own is not None and t.waiting.get(own):
            indexes = t.indexes
            for channel in ready:
                idx = indexes.get((own, channel))
                if idx is not None and idx.size:
                    candidate: QueueKey = idx.main.first()
                    if best is None or candidate < best:
                        best = candidate
            if best is not None:
                return best[3]  # type: ignore[no-any-return]
        proficiencies = config.proficiencies
        user_id = agent.user_id
        for group in t.groups.get(config.profile_id, ()):
            for entry, idx in group:
                if not idx.size or entry.channel not in ready:
                    continue
                not_after = None if entry.delay_ms == 0 else now - entry.delay_ms  # R1.3.3
                found = idx.best_for(proficiencies, user_id, not_after)
                if found is not None and (best is None or found < best):
                    best = found
            if best is not None:  # R1.3.2: a better profile priority wins over age
                return best[3]  # type: ignore[no-any-return]
        return None

    def best_agent(self, contact: ContactRecord, now: int) -> AgentRecord | None:
        """The longest-idle ready agent eligible for this waiting contact (R1.4.1, R1.3.7)."""
        t = self.t
        idx = contact.queue_index
        assert idx is not None
        owner = idx.owner
        if owner is not None:  # agent queue: only its owner (R1.1.1); criteria ignored (R1.9.6)
            agent = t.agents.get(owner)
            return agent if agent is not None and contact.channel in agent.ready_keys else None
        expression = None if contact.active_step is None else active_expression(contact)
        best: AgentKey | None = None
        enqueued_at = contact.enqueued_at
        for delay_ms, ready in idx.serving:  # the profiles serving (queue, channel)
            if enqueued_at + delay_ms > now:
                continue  # R1.3.3: delay not met for this profile
            if expression is None:
                first = ready.first()
                if first is None:
                    continue
                key: AgentKey = first
            else:
                for key in ready:
                    agent = t.agents[key[1]]
                    if expression.matches(agent.config.proficiencies, agent.user_id):
                        break
                else:
                    continue
            if best is None or key < best:
                best = key
        return None if best is None else t.agents[best[1]]

    def candidates_for(self, contact: ContactRecord, now: int) -> list[AgentRecord]:
        """Every ready agent eligible for this waiting contact, in no particular order."""
        t = self.t
        channel = contact.channel
        owner = t.owner_of.get(contact.queue_id or "")
        if owner is not None:
            agent = t.agents.get(owner)
            return [agent] if agent is not None and channel in agent.ready_keys else []
        expression = active_expression(contact)
        found: list[AgentRecord] = []
        for profile_id, entry in t.serving.get((contact.queue_id or "", channel), ()):
            if contact.enqueued_at + entry.delay_ms > now:
                continue
            for _, user_id in t.ready.ready(profile_id, channel) or ():
                agent = t.agents[user_id]
                if expression is None or expression.matches(agent.config.proficiencies, user_id):
                    found.append(agent)
        return found
