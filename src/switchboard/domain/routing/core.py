"""EngineCore: the internal transitions of the routing state machine.

Owns the timer loop (`_settle`: fire due timers batch by batch, see `timers.py`), the matching
loop (`_rematch`, R1.4.6 made incremental, see `matching.py`) and every state transition of a
contact on an agent (offer, connect, requeue, ACW, slot release, next status, routing steps).
`engine.RoutingEngine` adds the public API on top; nothing here is public.
Invariant after every public call: no ready agent is eligible for a waiting contact.
Must not import: I/O, the wall clock, global random, resource or wire classes.
"""

from __future__ import annotations

import heapq

from switchboard.domain.errors import (
    ConflictError,
    InvalidArgumentError,
)
from switchboard.domain.routing.agents import AgentRecord
from switchboard.domain.routing.config import (
    EngineSettings,
)
from switchboard.domain.routing.contacts import ContactRecord
from switchboard.domain.routing.criteria import StepStatus
from switchboard.domain.routing.events import (
    AfterContactWorkCleared,
    AgentSlotFreed,
    AgentStatusChanged,
    ContactConnected,
    ContactConnectionFailed,
    ContactMissed,
    ContactOffered,
    ContactRejected,
    ContactRequeued,
    Event,
    RoutingStepActivated,
    RoutingStepExpired,
    RoutingStepJoined,
)
from switchboard.domain.routing.matching import Matcher
from switchboard.domain.routing.ordering import QueueKey
from switchboard.domain.routing.queries import QueryMixin
from switchboard.domain.routing.tables import RoutingTables
from switchboard.domain.routing.timers import Timer, TimerKind, TimerQueue
from switchboard.domain.routing.types import (
    AgentContactState,
    AvailabilityTimer,
    Channel,
    ContactPhase,
    StatusKind,
    StatusRef,
)

# Enum members as module constants: reading `ContactPhase.QUEUED` goes through the enum's
# metaclass (~0.1 us, ten times a global), and the hot paths read them several times a call.
_QUEUED = ContactPhase.QUEUED
_OFFERED = ContactPhase.OFFERED
_CONNECTED = ContactPhase.CONNECTED
_CONNECTING = AgentContactState.CONNECTING
_SLOT_CONNECTED = AgentContactState.CONNECTED
_MISSED = AgentContactState.MISSED
_REJECTED = AgentContactState.REJECTED
_ROUTABLE = StatusKind.ROUTABLE
_ACW_TIMEOUT = TimerKind.ACW_TIMEOUT
_OFFER_TIMEOUT = TimerKind.OFFER_TIMEOUT
_STEP_EXPIRY = TimerKind.STEP_EXPIRY
_SINCE_ACTIVITY = AvailabilityTimer.TIME_SINCE_LAST_ACTIVITY
_JOINED = StepStatus.JOINED
_GONE: QueueKey = (0, 0, -1, None)  # the key of a contact routing has forgotten


class EngineCore(QueryMixin):
    """State and transitions shared by the public engine methods."""

    def __init__(self, settings: EngineSettings | None = None) -> None:
        self.settings = settings or EngineSettings()
        self._t = RoutingTables()
        self._m = Matcher(self._t)
        self._timers = TimerQueue()
        self._now = -(2**62)
        self._seq = 0
        # The events of the call in progress. A refused call leaves them here (the timers it
        # fired before checking its input stay fired), so the next call reports them first;
        # a call that succeeds hands them over (`_done` / `_close`).
        self._open: list[Event] | None = None
        # Bumped by every input (all of them pass `_sync` first): readers cache on it.
        self._version = 0
        self._staffing_memo: dict[tuple[str, Channel], tuple[int, int]] = {}
        self._staffing_at = -1

    def _sync(self, now: int) -> list[Event]:
        if now < self._now:
            raise InvalidArgumentError("now", f"time cannot go back from {self._now} to {now}")
        self._version += 1
        events = self._open
        if events is None:
            events = self._open = []
        heap = self._timers.heap
        if heap and heap[0][0] <= now:
            self._settle(now, events)
        self._now = now
        return events

    def _done(self, events: list[Event]) -> list[Event]:
        """End a call that succeeded: its events are the caller's now."""
        self._open = None
        return events

    def _close(self, now: int, events: list[Event]) -> list[Event]:
        """`_done` after firing any timer the call's own work made due at `now` (a zero
        delay or step expiry)."""
        heap = self._timers.heap
        if heap and heap[0][0] <= now:
            self._settle(now, events)
        self._open = None
        return events

    def _settle(self, now: int, events: list[Event]) -> None:
        timers = self._timers
        heap = timers.heap
        if not heap or heap[0][0] > now:
            return  # nothing due (the head may be a cancelled timer: then the loop decides)
        while True:
            due = timers.next_due()
            if due is None or due > now:
                return
            self._now = due
            contacts: list[ContactRecord] = []
            agents: dict[str, AgentRecord] = {}
            for timer in timers.pop_batch(due):
                self._fire(timer, due, contacts, agents, events)
            self._rematch(contacts, agents, due, events)

    def _fire(
        self,
        timer: Timer,
        at: int,
        contacts: list[ContactRecord],
        agents: dict[str, AgentRecord],
        events: list[Event],
    ) -> None:
        record = self._t.contacts.get(timer.contact_id)
        if record is None:
            return
        kind = timer.kind
        if kind is _ACW_TIMEOUT:
            record.acw_timer = None
            agent = self._finish_acw(record, at, True, events)
            agents[agent.user_id] = agent
        elif kind is _OFFER_TIMEOUT:
            record.offer_timer = None
            self._requeue(record, _MISSED, at, events)  # R1.5.3
            contacts.append(record)
        elif kind is _STEP_EXPIRY:
            record.step_timer = None
            self._expire_step(record, at, events)
            if record.phase is _QUEUED:
                contacts.append(record)
        else:  # DELAY_GATE (R1.3.3)
            if timer.seq in record.gate_timers:
                record.gate_timers.remove(timer.seq)
            if record.phase is _QUEUED:
                contacts.append(record)

    def _rematch(
        self,
        contacts: list[ContactRecord],
        agents: dict[str, AgentRecord],
        now: int,
        events: list[Event],
    ) -> None:
        """Run the R1.4.6 loop over what changed (the rest of the system is stable)."""
        if not agents:
            if len(contacts) == 1:
                self._route_contact(contacts[0], now, events)
                return
            if not contacts:
                return
        elif not contacts and len(agents) == 1:
            for agent in agents.values():
                self._route_agent(agent, now, events)
            return
        pool = dict(agents)
        for record in contacts:
            if record.phase is _QUEUED:
                for agent in self._m.candidates_for(record, now):
                    pool[agent.user_id] = agent
        heap = [(a.idle_since, a.user_id) for a in pool.values() if a.ready_keys]
        heapq.heapify(heap)
        table = self._t.agents
        while heap:
            _, user_id = heapq.heappop(heap)
            agent = table[user_id]
            best = self._m.best_contact(agent, now)
            if best is None:
                continue  # it cannot gain a contact later in this loop
            self._offer(best, agent, now, events)
            if agent.ready_keys:
                heapq.heappush(heap, (agent.idle_since, user_id))

    def _route_contact(self, record: ContactRecord, now: int, events: list[Event]) -> None:
        if record.phase is _QUEUED:
            agent = self._m.best_agent(record, now)
            if agent is not None:
                self._offer(record, agent, now, events)

    def _route_agent(self, agent: AgentRecord, now: int, events: list[Event]) -> None:
        while agent.ready_keys:
            best = self._m.best_contact(agent, now)
            if best is None:
                return
            self._offer(best, agent, now, events)

    def _route_freed(self, agent: AgentRecord, now: int, events: list[Event]) -> None:
        """`_refresh` + `_route_agent` for an agent whose slot was just freed, without putting
        it in the ready lists when a contact is waiting for it (the common case under load:
        it would be taken out again at once). Same choice as `_route_agent`: `best_contact`
        depends only on the channels the agent is ready on, not on the lists."""
        if not agent.ready_keys:
            profile = self._t.profiles.get(agent.config.profile_id)
            channels = agent.ready_channels(profile) if profile is not None else ()
            if channels:
                best = self._m.best_contact(agent, now, channels)
                if best is not None:
                    self._offer(best, agent, now, events)  # refreshes the agent
                    if agent.ready_keys:
                        self._route_agent(agent, now, events)  # more free slots (concurrency)
                    return
        self._refresh(agent)
        if agent.ready_keys:
            self._route_agent(agent, now, events)

    def _refresh(self, agent: AgentRecord) -> None:
        self._t.ready.refresh(agent, self._t.profiles.get(agent.config.profile_id))

    def _change_status(
        self, agent: AgentRecord, status: StatusRef, now: int, events: list[Event]
    ) -> None:
        previous = agent.status
        agent.status = status
        if status.kind is _ROUTABLE:
            agent.idle_since = now  # R1.4.3: becoming Available restarts the idle clock
        events.append(AgentStatusChanged(agent.user_id, status, previous, now))

    def _offer(
        self,
        record: ContactRecord,
        agent: AgentRecord,
        now: int,
        events: list[Event],
        indexed: bool = True,
    ) -> None:
        t = self._t
        queue_id = record.queue_id or ""
        channel = record.channel
        contact_id = record.contact_id
        if indexed:
            idx = record.queue_index
            assert idx is not None
            idx.remove(record)
            t.waiting[queue_id] -= 1
        record.phase = _OFFERED
        user_id = agent.user_id
        record.user_id = user_id
        agent.take_slot(contact_id, channel, _CONNECTING, True)
        if agent.config.auto_accept.get(channel, False):  # R1.5.2: no offer phase
            events.append(ContactOffered(contact_id, user_id, queue_id, channel, now, None))
            self._connect(record, agent, now, events)
        else:
            expires = now + self.settings.offer_timeout_ms
            events.append(ContactOffered(contact_id, user_id, queue_id, channel, now, expires))
            record.offer_timer = self._timers.schedule(expires, _OFFER_TIMEOUT, contact_id)
        t.ready.refresh(agent, t.profiles.get(agent.config.profile_id))

    def _connect(
        self, record: ContactRecord, agent: AgentRecord, now: int, events: list[Event]
    ) -> None:
        record.phase = _CONNECTED
        # CONNECTING -> CONNECTED: neither state blocks, so `blocked` needs no update.
        agent.contacts[record.contact_id].state = _SLOT_CONNECTED
        agent.idle_since = now  # R1.4.3: an inbound contact always restarts the idle clock
        if record.gate_timers:
            for seq in record.gate_timers:
                self._timers.cancel(seq)
            record.gate_timers = []
        events.append(
            ContactConnected(
                record.contact_id, agent.user_id, record.queue_id, record.channel, now, True
            )
        )
        if record.active_step is not None:  # R1.9.2: the matching step is JOINED
            index = record.active_step
            self._timers.cancel(record.step_timer)
            record.step_timer = None
            record.step_status[index] = _JOINED
            record.active_step = None
            record.active_key = None
            events.append(RoutingStepJoined(record.contact_id, index, agent.user_id, now))

    def _offered_to(self, contact_id: str, user_id: str) -> tuple[ContactRecord, AgentRecord]:
        record = self._contact(contact_id)
        agent = self._agent(user_id)
        if record.phase is not _OFFERED or record.user_id != user_id:
            raise ConflictError(f"Contact {contact_id} is not being offered to {user_id}")
        return record, agent

    def _requeue(
        self, record: ContactRecord, state: AgentContactState, now: int, events: list[Event]
    ) -> None:
        """Offer failed: agent keeps a blocking slot; contact returns with its key (R1.5.3)."""
        t = self._t
        agent = t.agents[record.user_id or ""]
        self._timers.cancel(record.offer_timer)
        record.offer_timer = None
        agent.set_slot_state(record.contact_id, state)
        self._refresh(agent)
        contact_id, user_id = record.contact_id, agent.user_id
        if state is _MISSED:
            events.append(ContactMissed(contact_id, user_id, now))
        elif state is _REJECTED:
            events.append(ContactRejected(contact_id, user_id, now, False))
        else:
            events.append(ContactConnectionFailed(contact_id, user_id, now))
        record.phase = _QUEUED
        record.user_id = None
        record.connection_attempts += 1
        queue_id = record.queue_id or ""
        idx = record.queue_index
        assert idx is not None
        idx.add(record)
        t.waiting[queue_id] += 1
        events.append(
            ContactRequeued(contact_id, queue_id, record.channel, now, record.connection_attempts)
        )

    def _finish_acw(
        self,
        record: ContactRecord,
        now: int,
        timed_out: bool,
        events: list[Event],
        refresh: bool = True,
    ) -> AgentRecord:
        t = self._t
        agent = t.agents[record.user_id or ""]
        record.acw_timer = None
        events.append(AfterContactWorkCleared(record.contact_id, agent.user_id, now, timed_out))
        self._drop_contact(record)
        if agent.contacts[record.contact_id].inbound:
            agent.idle_since = now  # R1.4.3: releasing a counted contact restarts the clock
        else:
            profile = t.profiles.get(agent.config.profile_id)
            if profile is not None and profile.availability_timer is _SINCE_ACTIVITY:
                agent.idle_since = now
        self._free_slot(agent, record.contact_id, now, events)
        if refresh:
            self._refresh(agent)
        return agent

    def _free_slot(
        self, agent: AgentRecord, contact_id: str, now: int, events: list[Event]
    ) -> None:
        slot = agent.free_slot(contact_id)
        events.append(AgentSlotFreed(agent.user_id, contact_id, slot.channel, slot.state, now))
        if not agent.contacts and agent.next_status is not None:  # R1.6.4
            status = agent.next_status
            agent.next_status = None
            self._change_status(agent, status, now, events)

    def _activate_step(
        self, record: ContactRecord, index: int, now: int, events: list[Event]
    ) -> None:
        expires = record.activate_step(index, now)
        events.append(RoutingStepActivated(record.contact_id, index, now, expires))
        if expires is not None:
            record.step_timer = self._timers.schedule(
                expires, _STEP_EXPIRY, record.contact_id, index
            )

    def _expire_step(self, record: ContactRecord, now: int, events: list[Event]) -> None:
        """R1.9.2: the active step expires and the next one (if any) becomes active. Runs while
        offered too (R1.5.5)."""
        queued = record.phase is _QUEUED
        idx = record.queue_index
        assert idx is not None
        if queued:
            idx.remove(record)
        index = record.expire_active_step()
        events.append(RoutingStepExpired(record.contact_id, index, now))
        assert record.criteria is not None
        if index + 1 < len(record.criteria.steps):
            self._activate_step(record, index + 1, now, events)
        if queued:
            idx.add(record)

    def _drop_contact(self, record: ContactRecord) -> None:
        timers = self._timers
        if record.step_timer is not None:
            timers.cancel(record.step_timer)
        if record.offer_timer is not None:
            timers.cancel(record.offer_timer)
        if record.acw_timer is not None:
            timers.cancel(record.acw_timer)
        for seq in record.gate_timers:
            timers.cancel(seq)
        del self._t.contacts[record.contact_id]
        record.key = _GONE  # its key held the record: without the cycle, refcounting frees it

    def _held(self, contact_id: str, phase: ContactPhase) -> tuple[ContactRecord, AgentRecord]:
        record = self._contact(contact_id)
        if record.phase is not phase:
            raise ConflictError(f"Contact {contact_id} is {record.phase}, not {phase}")
        return record, self._t.agents[record.user_id or ""]

    def _holds_contacts(self, queue_id: str) -> bool:
        return any(
            c.queue_id == queue_id and (c.phase is _QUEUED or c.phase is _OFFERED)
            for c in self._t.contacts.values()
        )

    def _profiles_using(self, queue_id: str) -> list[str]:
        return sorted(
            p.profile_id
            for p in self._t.profiles.values()
            if any(e.queue_id == queue_id for e in p.queues)
        )
