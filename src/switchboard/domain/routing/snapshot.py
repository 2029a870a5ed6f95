"""Export and restore of the whole routing state, for restarts.

`EngineState` is plain frozen data: configuration, every agent's runtime state, every live
contact with its queue-key parts, seq, phase and step progress, and the pending timers with
their original seqs. Restoring rebuilds the indexes from the keys, so positions are identical,
and re-arms the timers with the same (due_at, kind, seq), so the future is identical.
Must not import: anything outside the standard library and `routing.*`.
"""

from __future__ import annotations

from dataclasses import dataclass

from switchboard.domain.routing.agents import AgentRecord
from switchboard.domain.routing.config import AgentConfig, ProfileConfig, QueueConfig
from switchboard.domain.routing.contacts import ContactRecord
from switchboard.domain.routing.criteria import RoutingCriteria, StepStatus, canonical_json
from switchboard.domain.routing.tables import RoutingTables
from switchboard.domain.routing.timers import Timer, TimerKind, TimerQueue
from switchboard.domain.routing.types import AgentContactState, Channel, ContactPhase, StatusRef


@dataclass(frozen=True, slots=True)
class AgentSlotSnapshot:
    contact_id: str
    channel: Channel
    state: AgentContactState
    inbound: bool


@dataclass(frozen=True, slots=True)
class AgentSnapshot:
    config: AgentConfig
    status: StatusRef
    next_status: StatusRef | None
    idle_since: int
    slots: tuple[AgentSlotSnapshot, ...]


@dataclass(frozen=True, slots=True)
class ContactSnapshot:
    contact_id: str
    channel: Channel
    initiation_method: str
    queue_id: str | None
    queue_priority: int
    age_adjust_ms: int
    enqueued_at: int
    seq: int
    phase: ContactPhase
    user_id: str | None
    inbound: bool
    connection_attempts: int
    criteria: RoutingCriteria | None
    step_status: tuple[StepStatus, ...]
    step_activated_at: tuple[int | None, ...]
    step_expires_at: tuple[int | None, ...]
    activation_at: int | None
    active_step: int | None


@dataclass(frozen=True, slots=True)
class EngineState:
    """Everything `RoutingEngine.from_state` needs; order of the tuples is significant."""

    now: int
    next_seq: int
    next_timer_seq: int
    queues: tuple[QueueConfig, ...]
    profiles: tuple[ProfileConfig, ...]
    agents: tuple[AgentSnapshot, ...]
    contacts: tuple[ContactSnapshot, ...]
    timers: tuple[Timer, ...]


def export(t: RoutingTables, timers: TimerQueue, now: int, next_seq: int) -> EngineState:
    agents = tuple(
        AgentSnapshot(
            a.config,
            a.status,
            a.next_status,
            a.idle_since,
            tuple(
                AgentSlotSnapshot(cid, s.channel, s.state, s.inbound)
                for cid, s in a.contacts.items()
            ),
        )
        for a in t.agents.values()
    )
    contacts = tuple(
        ContactSnapshot(
            c.contact_id,
            c.channel,
            c.initiation_method,
            c.queue_id,
            c.queue_priority,
            c.age_adjust_ms,
            c.enqueued_at,
            c.seq,
            c.phase,
            c.user_id,
            c.inbound,
            c.connection_attempts,
            c.criteria,
            tuple(c.step_status),
            tuple(c.step_activated_at),
            tuple(c.step_expires_at),
            c.activation_at,
            c.active_step,
        )
        for c in t.contacts.values()
    )
    return EngineState(
        now,
        next_seq,
        timers.next_seq,
        tuple(t.queues.values()),
        tuple(t.profiles.values()),
        agents,
        contacts,
        timers.pending(),
    )


def restore(t: RoutingTables, timers: TimerQueue, state: EngineState) -> tuple[int, int]:
    """Fill empty tables and timers from `state`; return (now, next contact seq)."""
    for queue in state.queues:
        t.set_queue(queue)
    for profile in state.profiles:
        t.set_profile(profile)
    for snap in state.agents:
        agent = AgentRecord(snap.config, snap.status, snap.idle_since)
        agent.next_status = snap.next_status
        for slot in snap.slots:
            agent.take_slot(
                slot.contact_id, slot.channel, AgentContactState.CONNECTING, slot.inbound
            )
            agent.set_slot_state(slot.contact_id, slot.state)
        t.agents[agent.user_id] = agent
        t.profile_agents.setdefault(snap.config.profile_id, set()).add(agent.user_id)
    for c in state.contacts:
        record = ContactRecord(
            c.contact_id, c.channel, c.initiation_method, c.queue_id, c.queue_priority,
            c.age_adjust_ms, c.enqueued_at, c.seq, c.phase, c.inbound, c.criteria,
            None if c.queue_id is None else t.index(c.queue_id, c.channel),
        )  # fmt: skip
        record.user_id = c.user_id
        record.connection_attempts = c.connection_attempts
        record.step_status = list(c.step_status)
        record.step_activated_at = list(c.step_activated_at)
        record.step_expires_at = list(c.step_expires_at)
        record.activation_at = c.activation_at
        record.active_step = c.active_step
        if c.active_step is not None and c.criteria is not None:
            record.active_key = canonical_json(c.criteria.steps[c.active_step].expression)
        t.contacts[record.contact_id] = record
        if record.phase is ContactPhase.QUEUED and record.queue_index is not None:
            queue_id = record.queue_index.queue_id
            record.queue_index.add(record)
            t.waiting[queue_id] = t.waiting.get(queue_id, 0) + 1
    for timer in state.timers:
        timers.restore(timer)
        record = t.contacts[timer.contact_id]
        if timer.kind is TimerKind.OFFER_TIMEOUT:
            record.offer_timer = timer.seq
        elif timer.kind is TimerKind.ACW_TIMEOUT:
            record.acw_timer = timer.seq
        elif timer.kind is TimerKind.STEP_EXPIRY:
            record.step_timer = timer.seq
        else:
            record.gate_timers.append(timer.seq)
    timers.restore_seq(state.next_timer_seq)
    for user_id in sorted(t.agents):
        agent = t.agents[user_id]
        t.ready.refresh(agent, t.profiles.get(agent.config.profile_id))
    return state.now, state.next_seq
