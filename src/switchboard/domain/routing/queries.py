"""Read-only queries of the routing engine (mixed into `RoutingEngine`).

All are cheap: position is O(log n) (R2.2.2), counts are O(1) or O(channels), iteration is
in routing order. None of them changes state or fires timers.
Must not import: anything outside the standard library and `routing.*`.
"""

from __future__ import annotations

from switchboard.domain.errors import ContactNotFoundError, NotFoundError
from switchboard.domain.routing.agents import AgentRecord
from switchboard.domain.routing.config import ProfileConfig, ProfileQueue, QueueConfig
from switchboard.domain.routing.contacts import ContactRecord
from switchboard.domain.routing.criteria import Expression, Proficiencies, RoutingCriteria
from switchboard.domain.routing.matching import Matcher
from switchboard.domain.routing.tables import RoutingTables
from switchboard.domain.routing.types import CHANNELS, Channel, ContactPhase, StatusKind
from switchboard.domain.routing.views import (
    AgentContactView,
    AgentView,
    ContactView,
    QueuePlace,
    StepView,
)


class QueryMixin:
    """Queries over `_t`; the engine supplies the tables."""

    _t: RoutingTables
    _m: Matcher
    _version: int
    # `staffing` answers kept until the state version moves: every GetContactMetrics of a
    # queue asks it per serving profile, an O(agents on the profile) walk (~0.2 ms at 1,000
    # agents) whose answer only an input can change.
    _staffing_memo: dict[tuple[str, Channel], tuple[int, int]]
    _staffing_at: int

    def _contact(self, contact_id: str) -> ContactRecord:
        record = self._t.contacts.get(contact_id)
        if record is None:
            raise ContactNotFoundError(contact_id)
        return record

    def _agent(self, user_id: str) -> AgentRecord:
        agent = self._t.agents.get(user_id)
        if agent is None:
            raise NotFoundError("User", user_id)
        return agent

    def _queue(self, queue_id: str) -> QueueConfig:
        queue = self._t.queues.get(queue_id)
        if queue is None:
            raise NotFoundError("Queue", queue_id)
        return queue

    def position(self, contact_id: str) -> int | None:
        """1-based position in queue (R2.2.2), or None when the contact is not waiting
        (offered contacts do not count). O(1) for contacts that arrived in order, O(log n)
        otherwise; the record knows the ranked keys that order it and its slot in them, so
        nothing is looked up beyond the contact itself."""
        return self._position(self._contact(contact_id))

    def queue_place(self, contact_id: str) -> QueuePlace | None:
        """Queue, channel, entry, priority and 1-based position of a waiting contact; None
        when it is not QUEUED (an offered contact has left the line, R2.1.2). One lookup."""
        record = self._contact(contact_id)
        position = self._position(record)
        if position is None:
            return None
        return QueuePlace(
            record.queue_id or "",
            record.channel,
            record.enqueued_at,
            record.queue_priority,
            position,
        )

    @staticmethod
    def _position(record: ContactRecord) -> int | None:
        ranked = record.place_in
        if ranked is None or record.phase is not ContactPhase.QUEUED:
            return None
        return ranked.rank_of(record) + 1

    def contact_state(self, contact_id: str) -> ContactView:
        record = self._contact(contact_id)
        steps = tuple(
            StepView(status, activated, expires)
            for status, activated, expires in zip(
                record.step_status, record.step_activated_at, record.step_expires_at, strict=True
            )
        )
        return ContactView(
            record.contact_id,
            record.channel,
            record.initiation_method,
            record.phase,
            record.queue_id,
            record.user_id,
            record.enqueued_at,
            record.queue_priority,
            record.age_adjust_ms,
            record.connection_attempts,
            record.activation_at,
            steps,
            record.active_step,
            record.active_key,
        )

    def has_contact(self, contact_id: str) -> bool:
        return contact_id in self._t.contacts

    def agent_state(self, user_id: str) -> AgentView:
        agent = self._t.agents.get(user_id) or self._agent(user_id)
        contacts, ready = agent.contacts, agent.ready_keys
        # Real-time metrics read every agent of a queue per request: skip the generators for
        # the common empty cases.
        return AgentView(
            agent.user_id,
            agent.config.profile_id,
            agent.status,
            agent.next_status,
            agent.idle_since,
            tuple(
                [
                    AgentContactView(cid, slot.channel, slot.state, slot.inbound)
                    for cid, slot in contacts.items()
                ]
            )
            if contacts
            else (),
            agent.routable,
            tuple([c for c in CHANNELS if c in ready]) if ready else (),
        )

    def queue_contacts(self, queue_id: str, channel: Channel) -> list[str]:
        """Ids of the contacts waiting in (queue, channel), in routing order."""
        self._queue(queue_id)
        idx = self._t.indexes.get((queue_id, channel))
        return [] if idx is None else [r.contact_id for r in idx.records()]

    def waiting_count(self, queue_id: str, channel: Channel | None = None) -> int:
        """Contacts waiting (QUEUED, not offered) in the queue, for one channel or all."""
        self._queue(queue_id)
        if channel is None:
            return self._t.waiting.get(queue_id, 0)
        idx = self._t.indexes.get((queue_id, channel))
        return 0 if idx is None else len(idx)

    def oldest_enqueued_at(self, queue_id: str, channel: Channel | None = None) -> int | None:
        """Enqueue instant of the longest-waiting contact (real time, R1.10.2)."""
        self._queue(queue_id)
        channels = CHANNELS if channel is None else (channel,)
        found = [
            oldest
            for c in channels
            if (idx := self._t.indexes.get((queue_id, c))) is not None
            and (oldest := idx.oldest_enqueued_at()) is not None
        ]
        return min(found) if found else None

    def agents_serving(self, queue_id: str, channel: Channel) -> tuple[str, ...]:
        """User ids of the agents whose profile routes (queue, channel), or the owner of an
        agent queue, sorted."""
        t = self._t
        self._queue(queue_id)
        owner = t.owner_of.get(queue_id)
        if owner is not None:
            return (owner,) if owner in t.agents else ()
        users: set[str] = set()
        for profile_id, _ in t.serving.get((queue_id, channel), ()):
            users |= t.profile_agents.get(profile_id, set())
        return tuple(sorted(users))

    def ready_agents(self, queue_id: str, channel: Channel) -> tuple[str, ...]:
        """Agents serving (queue, channel) that are ready on the channel now (no delay or
        criteria check), longest idle first."""
        t = self._t
        keys: set[tuple[int, str]] = set()
        for profile_id, _ in t.serving.get((queue_id, channel), ()):
            keys.update(t.ready.ready(profile_id, channel) or ())
        owner = t.owner_of.get(queue_id)
        if owner is not None and owner in t.agents and channel in t.agents[owner].ready_keys:
            keys.add(t.agents[owner].ready_keys[channel])
        return tuple(uid for _, uid in sorted(keys))

    # -- read-only views for the metrics (domain/metrics): O(entries) or O(distinct steps)

    def serving(self, queue_id: str, channel: Channel) -> tuple[tuple[str, ProfileQueue], ...]:
        """(profile_id, entry) of every profile that routes (queue, channel) (enabled only)."""
        return tuple(self._t.serving.get((queue_id, channel), ()))

    def profile(self, profile_id: str) -> ProfileConfig:
        found = self._t.profiles.get(profile_id)
        if found is None:
            raise NotFoundError("RoutingProfile", profile_id)
        return found

    def profile_agents(self, profile_id: str) -> tuple[str, ...]:
        """User ids of the agents on a routing profile, sorted."""
        return tuple(sorted(self._t.profile_agents.get(profile_id, ())))

    def staffing(self, profile_id: str, channel: Channel) -> tuple[int, int]:
        """(staffed agents, their free slots on `channel`) of a profile: staffed = ROUTABLE
        status and no pending next status; free slots count only agents ready on the channel.
        O(agents on the profile) once per state version, then O(1) (the wait estimate's hot
        path)."""
        memo = self._staffing_memo
        if self._staffing_at != self._version:
            memo.clear()
            self._staffing_at = self._version
        key = (profile_id, channel)
        found = memo.get(key)
        if found is None:
            found = memo[key] = self._count_staffing(profile_id, channel)
        return found

    def _count_staffing(self, profile_id: str, channel: Channel) -> tuple[int, int]:
        t = self._t
        profile = t.profiles.get(profile_id)
        cap = 0 if profile is None else profile.concurrency.get(channel, 0)
        staffed = free = 0
        for user_id in t.profile_agents.get(profile_id, ()):
            agent = t.agents[user_id]
            if agent.status.kind is StatusKind.ROUTABLE and agent.next_status is None:
                staffed += 1
                if channel in agent.ready_keys:
                    free += max(0, cap - agent.used.get(channel, 0))
        return staffed, free

    def staffing_by_step(
        self,
        profile_id: str,
        channel: Channel,
        expressions: tuple[Expression, ...],
        memo: dict[str, tuple[Proficiencies, int]],
    ) -> list[tuple[int, int]]:
        """`staffing` per routing step: each staffed agent of the profile counts at the first
        of `expressions` its proficiencies match (R1.9.3), none if it matches no step.
        `memo` (user -> (proficiencies, step)) is the caller's cache of those matches; an agent
        whose proficiencies were replaced is matched again."""
        t = self._t
        profile = t.profiles.get(profile_id)
        cap = 0 if profile is None else profile.concurrency.get(channel, 0)
        staffed = [0] * len(expressions)
        free = [0] * len(expressions)
        for user_id in t.profile_agents.get(profile_id, ()):
            agent = t.agents[user_id]
            if agent.status.kind is not StatusKind.ROUTABLE or agent.next_status is not None:
                continue
            proficiencies = agent.config.proficiencies
            known = memo.get(user_id)
            if known is not None and known[0] is proficiencies:
                step = known[1]
            else:
                step = next(
                    (i for i, e in enumerate(expressions) if e.matches(proficiencies, user_id)), -1
                )
                memo[user_id] = (proficiencies, step)
            if step >= 0:
                staffed[step] += 1
                if channel in agent.ready_keys:
                    free[step] += max(0, cap - agent.used.get(channel, 0))
        return list(zip(staffed, free, strict=True))

    def active_step(self, contact_id: str) -> tuple[RoutingCriteria, int, int | None] | None:
        """(criteria, index of the ACTIVE step, its expiry instant) of a contact, or None
        when no routing step is active (R1.9.2); no view is built."""
        record = self._contact(contact_id)
        active = record.active_step
        if record.criteria is None or active is None:
            return None
        return record.criteria, active, record.step_expires_at[active]

    def waiting_by_step(self, queue_id: str, channel: Channel) -> dict[str | None, int]:
        """Waiting contacts of (queue, channel) per canonical ACTIVE step expression (None:
        no active step)."""
        idx = self._t.indexes.get((queue_id, channel))
        return {} if idx is None else {key: len(sub) for key, sub in idx.subs.items()}

    def oldest_in_step(self, queue_id: str, channel: Channel, step_key: str | None) -> int | None:
        """Earliest enqueue instant among the contacts waiting with that active step. O(k)."""
        idx = self._t.indexes.get((queue_id, channel))
        sub = None if idx is None else idx.subs.get(step_key)
        return min((key[3].enqueued_at for key in sub), default=None) if sub else None
