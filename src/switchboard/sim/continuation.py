"""Monte-Carlo continuations of a routing state: one contact's wait, sampled on the engine.

    start = ContinuationStart.of(engine, connected_at, queued_at)   the state now, once
    wait_ms = sample_wait(settings, start, target_id, world, rng)  one possible future

`ContinuationStart` is the engine's exported state plus the two facts the engine does not
keep: when each contact in service was connected (the residual of a non-exponential handle
time depends on it) and when each waiting contact entered its line (so does the residual of
non-exponential patience). `sample_wait` rebuilds an engine from the export and plays one
future on it: `world` draws the residual handle times of the contacts in service, the residual
patience of the contacts waiting, fresh handle times, after-contact work and the arrivals
from now on; the engine itself makes every routing decision (priorities, routing ages,
profile delays, routing-step expiries, proficiency matching), so the continuation obeys the
same rules as the live center. It stops when the target contact is connected and returns
its wait from now; the target never abandons (the caller weights each sample by the
probability that its patience outlasts that wait, which conditions on being served).
Agents keep their status (no shift changes, auto-accept): a continuation is short.

It is the simulator's loop in small: the same `kernel.Kernel` heap and `Urgency` tie order,
without simulated people. Randomness comes only from the injected `random.Random`.
Must not import: server, handlers, storage.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Protocol

from switchboard.domain.errors import InvalidRequestError, LimitExceededError
from switchboard.domain.routing import DequeueReason, EngineSettings, RoutingEngine
from switchboard.domain.routing import events as ev
from switchboard.domain.routing.commands import EnqueueContact
from switchboard.domain.routing.snapshot import EngineState
from switchboard.domain.routing.types import AgentContactState, Channel, ContactPhase
from switchboard.sim.kernel import Kernel, Urgency

_TIMER, _SERVICE_END, _ACW_END = Urgency.ENGINE_TIMER, Urgency.SERVICE_END, Urgency.ACW_END
_ACCEPT, _ABANDON, _ARRIVAL = Urgency.ACCEPT, Urgency.ABANDON, Urgency.ARRIVAL


@dataclass(frozen=True, slots=True)
class Arrival:
    """One future contact: when, where, how it is routed, how long it would wait at most."""

    at: int
    queue_id: str
    ticket: EnqueueContact
    patience_ms: int | None


@dataclass(frozen=True, slots=True)
class InService:
    contact_id: str
    user_id: str
    queue_id: str | None
    channel: Channel
    elapsed_ms: int


@dataclass(frozen=True, slots=True)
class Waiting:
    contact_id: str
    queue_id: str
    channel: Channel
    priority: int
    waited_ms: int


class World(Protocol):
    """The laws a continuation draws from (the true ones for a bound, learned ones for a
    predictor). All durations are int ms; None means never."""

    def residual_handle_ms(self, rng: random.Random, contact: InService) -> int: ...

    def handle_ms(self, rng: random.Random, user_id: str, queue_id: str | None,
                  channel: Channel) -> int: ...  # fmt: skip

    def acw_ms(self, rng: random.Random, user_id: str) -> int | None:
        """After-contact work after a contact of this agent ends (None: cleared at once)."""
        ...

    def accept_ms(self, rng: random.Random, user_id: str) -> int:
        """Time an agent who is not on auto-accept takes to accept an offer."""
        ...

    def residual_patience_ms(self, rng: random.Random, contact: Waiting) -> int | None: ...

    def arrivals(self, rng: random.Random, now: int) -> Iterator[Arrival]:
        """Future arrivals from `now` on, in time order."""
        ...


@dataclass(frozen=True, slots=True)
class ContinuationStart:
    now: int
    state: EngineState
    in_service: tuple[InService, ...]
    waiting: tuple[Waiting, ...]

    @classmethod
    def of(
        cls,
        engine: RoutingEngine,
        now: int,
        connected_at: Mapping[str, int],
        queued_at: Mapping[str, int],
    ) -> ContinuationStart:
        """The state at `now`; contacts missing from the maps count from `now`."""
        state = engine.export_state()
        queue_of = {c.contact_id: c.queue_id for c in state.contacts}
        in_service = tuple(
            InService(
                slot.contact_id,
                agent.config.user_id,
                queue_of.get(slot.contact_id),
                slot.channel,
                max(0, now - connected_at.get(slot.contact_id, now)),
            )
            for agent in state.agents
            for slot in agent.slots
            if slot.state in (AgentContactState.CONNECTED, AgentContactState.CONNECTED_ONHOLD)
        )
        waiting = tuple(
            Waiting(
                c.contact_id,
                c.queue_id or "",
                c.channel,
                c.queue_priority,
                max(0, now - queued_at.get(c.contact_id, now)),
            )
            for c in state.contacts
            if c.phase is ContactPhase.QUEUED
        )
        return cls(now, state, in_service, waiting)


def sample_wait(
    settings: EngineSettings,
    start: ContinuationStart,
    target_id: str,
    world: World,
    rng: random.Random,
    horizon_ms: int,
) -> int:
    """One sampled wait (ms from `start.now`) of `target_id` until an agent is connected to
    it; `horizon_ms` if that has not happened by then."""
    engine = RoutingEngine.from_state(settings, start.state)
    now = start.now
    kernel = Kernel()
    kernel.now = now
    heap = kernel.heap
    push = kernel.schedule

    for busy in start.in_service:
        push(now + world.residual_handle_ms(rng, busy), _SERVICE_END, busy.contact_id)
    for waiting in start.waiting:
        if waiting.contact_id != target_id:
            patience = world.residual_patience_ms(rng, waiting)
            if patience is not None:
                push(now + patience, _ABANDON, waiting.contact_id)
    arrivals = world.arrivals(rng, now)
    first = next(arrivals, None)
    if first is not None:
        push(first.at, _ARRIVAL, first)
    armed: set[int] = set()
    due = engine.next_due()
    if due is not None:
        armed.add(due)
        push(due, _TIMER, due)
    end = now + horizon_ms
    made = 0
    while heap:
        at, kind, _, payload = heapq.heappop(heap)
        if at > end:
            break
        now = kernel.now = at
        if kind == _TIMER:
            armed.discard(at)
            events = engine.advance(at)
        elif kind == _SERVICE_END:
            cid = str(payload)
            events = engine.end_contact(cid, at)
            if not any(isinstance(e, ev.AfterContactWorkStarted) for e in events):
                pass  # nothing to clear (the contact was already gone)
            elif (acw := world.acw_ms(rng, _user_of(events, cid))) is None:
                events = events + engine.clear_acw(cid, at)
            else:
                push(at + acw, _ACW_END, cid)
        elif kind == _ACW_END:
            events = engine.clear_acw(str(payload), at)
        elif kind == _ACCEPT:
            assert isinstance(payload, tuple)
            cid, offered_to = str(payload[0]), str(payload[1])
            if not engine.has_contact(cid) or engine.contact_state(cid).phase is not (
                ContactPhase.OFFERED
            ):
                continue
            events = engine.accept(cid, offered_to, at)
        elif kind == _ABANDON:
            cid = str(payload)
            if not engine.has_contact(cid) or engine.contact_state(cid).phase is not (
                ContactPhase.QUEUED
            ):
                continue
            events = engine.dequeue(cid, at, DequeueReason.ABANDONED)
        else:
            arrival = payload
            assert isinstance(arrival, Arrival)
            following = next(arrivals, None)
            if following is not None:
                push(following.at, _ARRIVAL, following)
            made += 1
            cid = f"~{made}"
            ticket = arrival.ticket
            try:
                events = engine.enqueue(
                    EnqueueContact(cid, ticket.channel, ticket.initiation_method,
                                   ticket.queue_priority, ticket.age_adjust_ms, ticket.criteria),
                    arrival.queue_id, at,
                )  # fmt: skip
            except (LimitExceededError, InvalidRequestError):
                continue  # at capacity or disabled: the contact never waits
            if arrival.patience_ms is not None:
                push(at + arrival.patience_ms, _ABANDON, cid)
        for event in events:
            if isinstance(event, ev.ContactConnected):
                if event.contact_id == target_id:
                    return at - start.now
                handle = world.handle_ms(rng, event.user_id, event.queue_id, event.channel)
                push(at + handle, _SERVICE_END, event.contact_id)
            elif isinstance(event, ev.ContactOffered) and event.expires_at is not None:
                delay = world.accept_ms(rng, event.user_id)
                push(at + delay, _ACCEPT, (event.contact_id, event.user_id))
        due = engine.next_due()
        if due is not None and due not in armed:
            armed.add(due)
            push(due, _TIMER, due)
    return horizon_ms


def _user_of(events: list[ev.Event], contact_id: str) -> str:
    for event in events:
        if isinstance(event, ev.AfterContactWorkStarted) and event.contact_id == contact_id:
            return event.user_id
    return ""
