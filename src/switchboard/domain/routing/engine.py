"""RoutingEngine: the deterministic contact-routing state machine of one Connect instance.

Shape of the API (every mutating call takes `now` (int ms, never decreasing) and returns the
`list[Event]` it caused; timers due at or before `now` fire first, see `timers.py`)::

    engine = RoutingEngine(EngineSettings(offer_timeout_ms=20_000))
    # configuration: idempotent upserts, matching re-runs where eligibility can change
    put_queue(QueueConfig, now)            remove_queue(queue_id, now)
    put_routing_profile(ProfileConfig, now) remove_routing_profile(profile_id, now)
    put_agent(AgentConfig, now)            remove_agent(user_id, now)
    set_agent_status(user_id, StatusRef, now)                      # R1.6.4 next status
    # contacts
    enqueue(EnqueueContact, queue_id, now, capacity_allowance=False)  # QueueAtCapacityError,
                                                                      # QueueDisabledError
    update_routing(contact_id, now, queue_priority=, age_adjust_ms=, criteria=)   # R1.10
    dequeue(contact_id, now, reason)       # queued, or offered (-> REJECTED on agent, R1.5.4)
    accept / reject / fail_connection(contact_id, user_id, now)   # R1.5
    hold / resume(contact_id, now)
    end_contact(contact_id, now)           # connected -> ACW (R1.6.1); queued/offered -> dequeue
    clear_acw(contact_id, now)   clear_agent_acw(user_id, now)
    clear_agent_contact(user_id, contact_id, now)   # DismissUserContact
    start_outbound(contact_id, user_id, channel, now)   # R1.2.7 availability timer
    advance(now)                           # fire due timers
    next_due() -> int | None
    # queries (read-only): position, contact_state, agent_state, queue_contacts,
    # waiting_count, oldest_enqueued_at, agents_serving, export_state / from_state

Model: contacts wait in per-(queue, channel) order-statistic indexes (`queue_index.py`, keys in
`ordering.py`); ready agents sit in per-(profile, channel) idle-ordered lists (`agents.py`);
matching is incremental (`matching.py`). Delays and step expiries are timers, not polling.
Unknown ids raise NotFoundError (contacts: ContactNotFoundError); illegal transitions raise
ConflictError / InvalidRequestError.
Must not import: I/O, the wall clock, global random, resource or wire classes.
"""

from __future__ import annotations

from switchboard.domain.errors import (
    ConflictError,
    ContactNotFoundError,
    InvalidArgumentError,
    NotFoundError,
)
from switchboard.domain.routing import snapshot
from switchboard.domain.routing.agents import AgentRecord
from switchboard.domain.routing.commands import EnqueueContact
from switchboard.domain.routing.config import (
    AgentConfig,
    EngineSettings,
    ProfileConfig,
    QueueConfig,
)
from switchboard.domain.routing.contacts import ContactRecord
from switchboard.domain.routing.core import EngineCore
from switchboard.domain.routing.criteria import RoutingCriteria
from switchboard.domain.routing.errors import QueueAtCapacityError, QueueDisabledError
from switchboard.domain.routing.events import (
    AfterContactWorkStarted,
    AgentNextStatusSet,
    ContactConnected,
    ContactDequeued,
    ContactEnded,
    ContactOnHold,
    ContactQueued,
    ContactRejected,
    ContactResumed,
    ContactRoutingUpdated,
    Event,
)
from switchboard.domain.routing.timers import TimerKind
from switchboard.domain.routing.types import (
    BLOCKING_STATES,
    AgentContactState,
    AvailabilityTimer,
    Channel,
    ContactPhase,
    DequeueReason,
    QueueKind,
    StatusKind,
    StatusRef,
)

# Enum members as module constants (see core.py: a class attribute read costs ten globals).
_QUEUED = ContactPhase.QUEUED
_OFFERED = ContactPhase.OFFERED
_CONNECTED = ContactPhase.CONNECTED
_ACW = ContactPhase.AFTER_CONTACT_WORK
_ENDED = AgentContactState.ENDED
_STANDARD = QueueKind.STANDARD
_ROUTABLE = StatusKind.ROUTABLE
_DELAY_GATE = TimerKind.DELAY_GATE
_ACW_TIMEOUT = TimerKind.ACW_TIMEOUT


class RoutingEngine(EngineCore):
    """The routing core; single writer, no locks, no clock of its own."""

    def export_state(self) -> snapshot.EngineState:
        """Plain frozen data from which `from_state` rebuilds an identical engine."""
        return snapshot.export(self._t, self._timers, self._now, self._seq)

    @classmethod
    def from_state(cls, settings: EngineSettings, state: snapshot.EngineState) -> RoutingEngine:
        """Rebuild an engine: same positions, same pending timers, same future behaviour."""
        engine = cls(settings)
        engine._now, engine._seq = snapshot.restore(engine._t, engine._timers, state)
        return engine

    def advance(self, now: int) -> list[Event]:
        """Fire every timer due at or before `now`, instant by instant (see `timers.py`)."""
        return self._done(self._sync(now))

    def next_due(self) -> int | None:
        """Earliest pending timer instant, or None."""
        timers = self._timers
        return timers.next_due() if timers.heap else None  # a simulator asks after every call

    def now_ms(self) -> int:
        """The latest instant the engine has been called with."""
        return self._now

    def state_version(self) -> int:
        """A number that changes whenever the state may have changed (every input bumps it),
        so a reader can keep what it derived from the state until it moves."""
        return self._version

    def has_unreported_events(self) -> bool:
        """Whether a refused call fired timers whose events the next call will report."""
        return bool(self._open)

    def put_queue(self, config: QueueConfig, now: int) -> list[Event]:
        """Create or replace a queue. Kind and owner cannot change while it holds contacts."""
        events = self._sync(now)
        old = self._t.queues.get(config.queue_id)
        if old is not None and (old.kind, old.owner_user_id) != (config.kind, config.owner_user_id):
            if self._holds_contacts(config.queue_id):
                raise ConflictError(f"Queue {config.queue_id} holds contacts; kind is fixed")
            if config.kind is QueueKind.AGENT and self._profiles_using(config.queue_id):
                raise ConflictError(f"Queue {config.queue_id} is in a routing profile")
        self._t.set_queue(config)
        return self._done(events)

    def remove_queue(self, queue_id: str, now: int) -> list[Event]:
        events = self._sync(now)
        self._queue(queue_id)
        if self._holds_contacts(queue_id):
            raise ConflictError(f"Queue {queue_id} still holds contacts")
        if self._profiles_using(queue_id):
            raise ConflictError(f"Queue {queue_id} is used by a routing profile")
        t = self._t
        del t.queues[queue_id]
        t.waiting.pop(queue_id, None)
        t.owner_of.pop(queue_id, None)
        for pair in [p for p in t.indexes if p[0] == queue_id]:
            del t.indexes[pair]
        return self._done(events)

    def put_routing_profile(self, config: ProfileConfig, now: int) -> list[Event]:
        """Create or replace a routing profile and re-match its agents."""
        events = self._sync(now)
        t = self._t
        for entry in config.queues:
            if self._queue(entry.queue_id).kind is not _STANDARD:
                raise InvalidArgumentError("queues", "agent queues are not listed in profiles")
        t.set_profile(config)
        for entry in config.queues:  # contacts already waiting need gates for the new delays
            if entry.delay_ms > 0:
                idx = t.indexes.get((entry.queue_id, entry.channel))
                for record in idx.records() if idx is not None else ():
                    due = record.enqueued_at + entry.delay_ms
                    if due > now:
                        record.gate_timers.append(
                            self._timers.schedule(due, _DELAY_GATE, record.contact_id)
                        )
        agents = {uid: t.agents[uid] for uid in sorted(t.profile_agents[config.profile_id])}
        for agent in agents.values():
            self._refresh(agent)
        self._rematch([], agents, now, events)
        return self._close(now, events)

    def remove_routing_profile(self, profile_id: str, now: int) -> list[Event]:
        events = self._sync(now)
        if profile_id not in self._t.profiles:
            raise NotFoundError("RoutingProfile", profile_id)
        if self._t.profile_agents.get(profile_id):
            raise ConflictError(f"Routing profile {profile_id} is assigned to agents")
        self._t.drop_profile(profile_id)
        self._t.profile_agents.pop(profile_id, None)
        return self._done(events)

    def put_agent(self, config: AgentConfig, now: int) -> list[Event]:
        """Create or replace an agent's routing configuration; a new agent starts in
        `settings.initial_status`."""
        events = self._sync(now)
        t = self._t
        if config.profile_id not in t.profiles:
            raise NotFoundError("RoutingProfile", config.profile_id)
        if config.agent_queue_id is not None:
            queue = self._queue(config.agent_queue_id)
            if queue.kind is not QueueKind.AGENT or queue.owner_user_id != config.user_id:
                raise InvalidArgumentError("agent_queue_id", "must be this agent's agent queue")
        agent = t.agents.get(config.user_id)
        if agent is None:
            agent = AgentRecord(config, self.settings.initial_status, now)
            t.agents[config.user_id] = agent
        else:
            t.profile_agents[agent.config.profile_id].discard(config.user_id)
            agent.config = config
        t.profile_agents[config.profile_id].add(config.user_id)
        self._refresh(agent)
        self._route_agent(agent, now, events)
        return self._close(now, events)

    def remove_agent(self, user_id: str, now: int) -> list[Event]:
        """Forget an agent. Fails while it holds contacts other than missed/rejected/error."""
        events = self._sync(now)
        agent = self._agent(user_id)
        if any(slot.state not in BLOCKING_STATES for slot in agent.contacts.values()):
            raise ConflictError(f"Agent {user_id} still holds contacts")
        self._t.ready.refresh(agent, None)
        self._t.profile_agents[agent.config.profile_id].discard(user_id)
        del self._t.agents[user_id]
        return self._done(events)

    def set_agent_status(self, user_id: str, status: StatusRef, now: int) -> list[Event]:
        """PutUserStatus. Choosing any status clears missed/rejected/error contacts (R1.5.3).
        With contacts held, a custom/Offline status becomes the next status (R1.6.4), except
        when only ACW contacts are held: they are cleared and the status applies at once.
        Available cancels a pending next status (R1.6.4 ASSUMPTION)."""
        events = self._sync(now)
        agent = self._agent(user_id)
        for contact_id, slot in list(agent.contacts.items()):
            if slot.state in BLOCKING_STATES:
                self._free_slot(agent, contact_id, now, events)
        if status.kind is _ROUTABLE:
            if agent.next_status is not None:
                agent.next_status = None
                events.append(AgentNextStatusSet(user_id, None, now))
            if agent.status != status:
                self._change_status(agent, status, now, events)
        elif agent.contacts and not agent.holds_only_acw():
            if agent.next_status != status:
                agent.next_status = status
                events.append(AgentNextStatusSet(user_id, status, now))
        else:
            agent.next_status = None
            for contact_id in list(agent.contacts):  # only ACW left: clear it (R1.6.4 example)
                record = self._t.contacts[contact_id]
                self._timers.cancel(record.acw_timer)
                self._finish_acw(record, now, False, events)
            if agent.status != status:
                self._change_status(agent, status, now, events)
        self._refresh(agent)
        self._route_agent(agent, now, events)
        return self._close(now, events)

    def enqueue(
        self,
        contact: EnqueueContact,
        queue_id: str,
        now: int,
        capacity_allowance: bool = False,
    ) -> list[Event]:
        """Put a new contact in a queue and route it if an agent is ready.

        Raises: QueueDisabledError (R1.1.6), QueueAtCapacityError (R1.8.2; `capacity_allowance`
        grants the 20 % of R1.8.3), ConflictError if the contact id is live.
        """
        events = self._sync(now)
        t = self._t
        contact_id = contact.contact_id
        if contact_id in t.contacts:
            raise ConflictError(f"Contact {contact_id} is already in routing")
        queue = t.queues.get(queue_id) or self._queue(queue_id)
        if not queue.enabled:
            raise QueueDisabledError(queue_id)
        if queue.max_contacts is not None or queue.kind is not _STANDARD:
            capacity = queue.capacity(capacity_allowance)
            if capacity is not None and t.waiting[queue_id] >= capacity:
                raise QueueAtCapacityError(queue_id, capacity)
        seq = self._seq
        self._seq = seq + 1
        channel = contact.channel
        idx = t.indexes.get((queue_id, channel)) or t.index(queue_id, channel)
        record = ContactRecord(
            contact_id, channel, contact.initiation_method, queue_id, contact.queue_priority,
            contact.age_adjust_ms, now, seq, _QUEUED, True, contact.criteria, idx,
        )  # fmt: skip
        t.contacts[contact_id] = record
        events.append(ContactQueued(contact_id, queue_id, channel, now, record.queue_priority))
        if contact.criteria is not None:
            record.activation_at = now
            if queue.kind is _STANDARD:  # R1.9.1, R1.9.6
                self._activate_step(record, 0, now, events)
        for delay in idx.gates:  # R1.3.3: one gate per distinct delay
            record.gate_timers.append(self._timers.schedule(now + delay, _DELAY_GATE, contact_id))
        agent = self._m.best_agent(record, now)
        if agent is not None:
            self._offer(record, agent, now, events, indexed=False)
        else:
            idx.add(record)
            t.waiting[queue_id] += 1
        return self._close(now, events)  # a gate or step timer due at once

    def update_routing(
        self,
        contact_id: str,
        now: int,
        queue_priority: int | None = None,
        age_adjust_ms: int | None = None,
        criteria: RoutingCriteria | None = None,
    ) -> list[Event]:
        """UpdateContactRoutingData (R1.10): new priority or age adjustment (replaces, R1.10.2)
        and/or new criteria (restart at step 1, R1.10.4). Only for a contact still in queue
        (QUEUED or OFFERED), else ConflictError (R1.10.5)."""
        events = self._sync(now)
        if queue_priority is not None and age_adjust_ms is not None:
            raise InvalidArgumentError(
                "QueuePriority", "give QueuePriority or QueueTimeAdjustmentSeconds, not both"
            )
        if queue_priority is not None and queue_priority < 1:
            raise InvalidArgumentError("QueuePriority", "must be a positive integer")
        record = self._contact(contact_id)
        if record.phase is not _QUEUED and record.phase is not _OFFERED:
            raise ConflictError(f"Contact {contact_id} is not in a queue")
        queued = record.phase is _QUEUED
        idx = record.queue_index
        assert idx is not None
        if queued:
            idx.remove(record)
        if queue_priority is not None:
            record.queue_priority = queue_priority
        if age_adjust_ms is not None:
            record.age_adjust_ms = age_adjust_ms
        record.rekey()
        if criteria is not None:
            self._timers.cancel(record.step_timer)
            record.step_timer = None
            record.replace_criteria(criteria)
            record.activation_at = now
            if self._queue(record.queue_id or "").kind is _STANDARD:
                self._activate_step(record, 0, now, events)
        if queued:
            idx.add(record)
        events.append(
            ContactRoutingUpdated(
                contact_id, now, record.queue_priority, record.age_adjust_ms, criteria is not None
            )
        )
        if queued:
            self._route_contact(record, now, events)
        return self._close(now, events)

    def dequeue(self, contact_id: str, now: int, reason: DequeueReason) -> list[Event]:
        """Take a contact out of routing before it connects: abandon, stop, transfer out.
        An offered contact leaves its agent in REJECTED (customer hung up, R1.5.4)."""
        events = self._sync(now)
        record = self._contact(contact_id)
        t = self._t
        if record.phase is _QUEUED:
            idx = record.queue_index
            assert idx is not None
            idx.remove(record)
            t.waiting[record.queue_id or ""] -= 1
        elif record.phase is _OFFERED:
            agent = t.agents[record.user_id or ""]
            self._timers.cancel(record.offer_timer)
            agent.set_slot_state(contact_id, AgentContactState.REJECTED)
            events.append(ContactRejected(contact_id, agent.user_id, now, True))
            self._refresh(agent)
        else:
            raise ConflictError(f"Contact {contact_id} is with an agent; end it instead")
        self._drop_contact(record)
        events.append(
            ContactDequeued(contact_id, record.queue_id or "", record.channel, now, reason)
        )
        return self._close(now, events)

    def accept(self, contact_id: str, user_id: str, now: int) -> list[Event]:
        """The agent accepts the offer: CONNECTED (R1.5.7)."""
        events = self._sync(now)
        record, agent = self._offered_to(contact_id, user_id)
        self._timers.cancel(record.offer_timer)
        record.offer_timer = None
        self._connect(record, agent, now, events)
        if agent.ready_keys:  # only the idle key can change: accepting frees nothing
            self._refresh(agent)
        return self._done(events)

    def reject(self, contact_id: str, user_id: str, now: int) -> list[Event]:
        """The agent declines: REJECTED, agent blocked, contact back in queue (R1.5.4)."""
        events = self._sync(now)
        record, _ = self._offered_to(contact_id, user_id)
        self._requeue(record, AgentContactState.REJECTED, now, events)
        self._route_contact(record, now, events)
        return self._close(now, events)

    def fail_connection(self, contact_id: str, user_id: str, now: int) -> list[Event]:
        """The connection to the agent failed: ERROR, contact back in queue (R1.5.6)."""
        events = self._sync(now)
        record, _ = self._offered_to(contact_id, user_id)
        self._requeue(record, AgentContactState.ERROR, now, events)
        self._route_contact(record, now, events)
        return self._close(now, events)

    def hold(self, contact_id: str, now: int) -> list[Event]:
        events = self._sync(now)
        record, agent = self._held(contact_id, _CONNECTED)
        record.phase = ContactPhase.CONNECTED_ONHOLD
        agent.set_slot_state(contact_id, AgentContactState.CONNECTED_ONHOLD)
        events.append(ContactOnHold(contact_id, agent.user_id, now))
        return self._done(events)

    def resume(self, contact_id: str, now: int) -> list[Event]:
        events = self._sync(now)
        record, agent = self._held(contact_id, ContactPhase.CONNECTED_ONHOLD)
        record.phase = _CONNECTED
        agent.set_slot_state(contact_id, AgentContactState.CONNECTED)
        events.append(ContactResumed(contact_id, agent.user_id, now))
        return self._done(events)

    def start_outbound(
        self, contact_id: str, user_id: str, channel: Channel, now: int
    ) -> list[Event]:
        """An agent-placed contact: CONNECTED at once, no queue wait (R5.3.3). It restarts the
        idle clock only under TIME_SINCE_LAST_ACTIVITY (R1.2.7)."""
        events = self._sync(now)
        t = self._t
        if contact_id in t.contacts:
            raise ConflictError(f"Contact {contact_id} is already in routing")
        agent = self._agent(user_id)
        profile = t.profiles[agent.config.profile_id]
        if agent.used.get(channel, 0) >= max(1, profile.concurrency.get(channel, 0)):
            raise ConflictError(f"Agent {user_id} has no free {channel} slot")
        seq = self._seq
        self._seq = seq + 1
        record = ContactRecord(
            contact_id, channel, "OUTBOUND", None, 5, 0, now, seq, _CONNECTED,
            False, None,
        )  # fmt: skip
        record.user_id = user_id
        t.contacts[contact_id] = record
        agent.take_slot(contact_id, channel, AgentContactState.CONNECTED, False)
        if profile.availability_timer is AvailabilityTimer.TIME_SINCE_LAST_ACTIVITY:
            agent.idle_since = now
        events.append(ContactConnected(contact_id, user_id, None, channel, now, False))
        self._refresh(agent)
        return self._done(events)

    def end_contact(self, contact_id: str, now: int) -> list[Event]:
        """Disconnect. Connected -> ENDED/ACW with the agent's per-channel timeout (R1.6.1,
        R1.6.2; 0 = until cleared). Queued/offered -> dequeue(DISCONNECTED). A contact already in
        ACW is over: ContactNotFoundError (R5.3.5 ASSUMPTION)."""
        record = self._t.contacts.get(contact_id) or self._contact(contact_id)
        phase = record.phase
        if phase is _QUEUED or phase is _OFFERED:
            return self.dequeue(contact_id, now, DequeueReason.DISCONNECTED)
        if phase is _ACW:
            raise ContactNotFoundError(contact_id, f"Contact {contact_id} is already over")
        events = self._sync(now)
        agent = self._t.agents[record.user_id or ""]
        record.phase = _ACW
        # CONNECTED (or on hold) -> ENDED: none of them blocks, `blocked` stays.
        agent.contacts[contact_id].state = _ENDED
        events.append(ContactEnded(contact_id, agent.user_id, now))
        timeout = agent.config.acw_timeout_ms.get(record.channel, 0)
        expires = now + timeout if timeout > 0 else None
        if expires is not None:
            record.acw_timer = self._timers.schedule(expires, _ACW_TIMEOUT, contact_id)
        events.append(AfterContactWorkStarted(contact_id, agent.user_id, now, expires))
        return self._close(now, events)

    def clear_acw(self, contact_id: str, now: int) -> list[Event]:
        """End after contact work for one contact (CompleteContact / the agent clears it)."""
        events = self._sync(now)
        record = self._t.contacts.get(contact_id) or self._contact(contact_id)
        if record.phase is not _ACW:
            raise ConflictError(f"Contact {contact_id} is not in after contact work")
        if record.acw_timer is not None:
            self._timers.cancel(record.acw_timer)
        agent = self._finish_acw(record, now, False, events, refresh=False)
        self._route_freed(agent, now, events)
        return self._close(now, events)

    def clear_agent_acw(self, user_id: str, now: int) -> list[Event]:
        """End after contact work for every ACW contact the agent holds."""
        events = self._sync(now)
        agent = self._agent(user_id)
        for contact_id, slot in list(agent.contacts.items()):
            if slot.state is _ENDED:
                record = self._t.contacts[contact_id]
                self._timers.cancel(record.acw_timer)
                self._finish_acw(record, now, False, events)
        self._route_agent(agent, now, events)
        return self._close(now, events)

    def clear_agent_contact(self, user_id: str, contact_id: str, now: int) -> list[Event]:
        """DismissUserContact: clear a MISSED/REJECTED/ERROR or ENDED (ACW) contact."""
        events = self._sync(now)
        agent = self._agent(user_id)
        slot = agent.contacts.get(contact_id)
        if slot is None:
            raise ContactNotFoundError(contact_id)
        if slot.state is _ENDED:
            record = self._t.contacts[contact_id]
            self._timers.cancel(record.acw_timer)
            self._finish_acw(record, now, False, events)
        elif slot.state in BLOCKING_STATES:
            self._free_slot(agent, contact_id, now, events)
            self._refresh(agent)
        else:
            raise ConflictError(f"Contact {contact_id} is {slot.state}; it cannot be dismissed")
        self._route_agent(agent, now, events)
        return self._close(now, events)
