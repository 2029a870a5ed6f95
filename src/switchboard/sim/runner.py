"""Runs a scenario through the server's own routing engine on virtual time, at full speed.

    Simulation(scenario, seed, options).run(progress) -> SimResult

The center is built with `switchboard.domain.routing.RoutingEngine` (the class the server's
`ContactCenter` owns) from the scenario: one standard queue per scenario queue, one agent queue
per agent (R1.1.1), routing profiles, agents. Behaviour draws (`behaviour.py`) become engine
calls on a `kernel.Kernel` heap: `enqueue`, `dequeue(ABANDONED)`, `accept`, `end_contact`,
`clear_acw`, `set_agent_status`, `advance` (the engine's own timers: offer timeouts, profile
delays, routing-step expiry). The engine's events are folded into contact records with
`domain.contacts.recorder.apply`, exactly as `ContactCenter.absorb` does on the server (the
fold runs once per contact when it finishes, over its event list, which gives the same record).
There is no HTTP, store or journal in the loop: those are the server's adapters, not its core.

Reproducible: one seed fixes every draw (one generator per stream and agent group) and the
kernel's total order fixes every tie. Arrivals stop at `duration_seconds`; the run then drains
for at most `RunOptions.drain_seconds` (contacts still queued finish by being answered or
abandoning; any left keep their last status in the records).
Must not import: server, handlers, storage.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from switchboard.domain.contacts import recorder
from switchboard.domain.contacts.contact import Contact, ContactStatus
from switchboard.domain.flows import interpreter
from switchboard.domain.flows.interpreter import ContactState, EnqueueOutcome, OutcomeKind
from switchboard.domain.flows.language import Flow, parse_flow
from switchboard.domain.metrics.agent_activity import ActivityChange, ActivityTracker
from switchboard.domain.routing import (
    AgentConfig,
    DequeueReason,
    EngineSettings,
    EnqueueContact,
    ProfileConfig,
    ProfileQueue,
    QueueAtCapacityError,
    QueueConfig,
    QueueDisabledError,
    QueueKind,
    RoutingEngine,
    StatusKind,
    StatusRef,
)
from switchboard.domain.routing import events as ev
from switchboard.domain.routing.criteria import RoutingCriteria
from switchboard.domain.routing.types import OFFLINE_STATUS
from switchboard.sim.behaviour import AgentBehaviour, ArrivalProcess, CustomerDraw, to_ms
from switchboard.sim.flows import SIM_INSTANCE_ARN, SimFlowEnvironment, agent_queue_id
from switchboard.sim.kernel import Handler, Kernel, Urgency
from switchboard.sim.predict import WaitPredictor
from switchboard.sim.records import SimRecord, StatusSpan
from switchboard.sim.scenario import Scenario

AVAILABLE = StatusRef("available", "Available", StatusKind.ROUTABLE)
OFFLINE = OFFLINE_STATUS
INSTANCE_ID = "sim"

# Enum members as module constants: an enum class attribute read costs ~0.1 us, and these are
# read once or twice per customer.
_ENGINE_TIMER = Urgency.ENGINE_TIMER
_SERVICE_END = Urgency.SERVICE_END
_ACW_END = Urgency.ACW_END
_AGENT_READY = Urgency.AGENT_READY
_ACCEPT = Urgency.ACCEPT
_ABANDON = Urgency.ABANDON
_ARRIVAL = Urgency.ARRIVAL
_ABANDONED = DequeueReason.ABANDONED


@dataclass(frozen=True, slots=True)
class RunOptions:
    """keep_records: fold every contact's events into a `Contact` record (the report needs
    them; a pure throughput run can leave them out). predict_wait: record the predicted wait
    at queue entry. drain_seconds: how long after the last arrival the run may go on so that
    waiting contacts finish (contacts nobody can serve would otherwise ring out forever)."""

    keep_records: bool = True
    predict_wait: bool = True
    drain_seconds: float = 4 * 3600.0


@dataclass(slots=True)
class SimSummary:
    """Counters kept in every run (records or not); waits are of contacts that arrived after
    warm-up, in ms."""

    arrivals: int = 0
    queued: int = 0
    answered: int = 0
    abandoned: int = 0
    blocked: int = 0
    flow_ended: int = 0
    answered_waits_ms: list[int] = field(default_factory=list)
    abandoned_waits_ms: list[int] = field(default_factory=list)
    engine_calls: int = 0
    kernel_events: int = 0


@dataclass(frozen=True, slots=True)
class SimResult:
    scenario: Scenario
    seed: int
    end_ms: int
    records: tuple[SimRecord, ...]
    status_spans: tuple[StatusSpan, ...]
    summary: SimSummary
    #: Agent activity change points (on contact / idle / other), folded from the engine's
    #: events by the tracker the server uses for its `agent_activity` rows (records runs only).
    activity: tuple[ActivityChange, ...] = ()


class _Live:
    """A contact the simulation is following, from arrival to its last engine event."""

    __slots__ = (
        "attempt",
        "base",
        "connected",
        "draw",
        "enqueued_at",
        "events",
        "in_acw",
        "offered_to",
        "predicted_band",
        "predicted_ms",
        "queue_id",
    )

    def __init__(self, draw: CustomerDraw, base: Contact | None) -> None:
        self.draw = draw
        self.base = base
        self.events: list[ev.Event] = []
        self.enqueued_at: int | None = None
        self.queue_id: str | None = None
        self.connected = self.in_acw = False
        self.offered_to: str | None = None
        self.attempt = 0
        self.predicted_ms: int | None = None
        self.predicted_band: tuple[int, int] | None = None  # (P10, P90) ms


class Simulation:
    """One run of one scenario with one seed."""

    def __init__(
        self, scenario: Scenario, seed: int | None = None, options: RunOptions = RunOptions()
    ) -> None:
        self.scenario = scenario
        self.seed = scenario.seed if seed is None else seed
        self.options = options
        self.end_ms = to_ms(scenario.duration_seconds)
        self.warmup_ms = to_ms(scenario.warmup_seconds)
        self.kernel = Kernel()
        self.engine = RoutingEngine(
            EngineSettings(offer_timeout_ms=to_ms(scenario.offer_timeout_seconds))
        )
        self.summary = SimSummary()
        self.records: list[SimRecord] = []
        self._live: dict[str, _Live] = {}
        self._next_id = 0
        self._armed: set[int] = set()
        self._groups: dict[str, AgentBehaviour] = {}
        self._on_shift: dict[str, bool] = {}
        self._status_since: dict[str, tuple[str, int]] = {}
        self._spans: list[StatusSpan] = []
        self._flows: dict[str, Flow] = {f.name: parse_flow(f.content) for f in scenario.flows}
        self._streams = [
            ArrivalProcess(i, spec, self.seed, self.end_ms)
            for i, spec in enumerate(scenario.arrivals)
        ]
        self._channels = [spec.channel for spec in scenario.arrivals]
        self._queue_names = {q.name for q in scenario.queues}
        self._agent_names: set[str] = set()
        self.predictor = WaitPredictor()
        self._reporting = options.keep_records or options.predict_wait
        self.activity = ActivityTracker()
        self._activity: list[ActivityChange] = []
        self._dispatch: dict[type, Callable[[ev.Event, int], None]] = {
            ev.ContactOffered: self._offered,  # type: ignore[dict-item]
            ev.ContactConnected: self._connected,  # type: ignore[dict-item]
            ev.AfterContactWorkStarted: self._acw_started,  # type: ignore[dict-item]
            ev.AfterContactWorkCleared: self._acw_cleared,  # type: ignore[dict-item]
            ev.ContactDequeued: self._dequeued,  # type: ignore[dict-item]
            ev.ContactMissed: self._offer_failed,  # type: ignore[dict-item]
            ev.ContactRejected: self._offer_failed,  # type: ignore[dict-item]
            ev.ContactConnectionFailed: self._offer_failed,  # type: ignore[dict-item]
            ev.AgentStatusChanged: self._status_changed,  # type: ignore[dict-item]
        }
        self._build()
        if all(group.auto_accept for group in self._groups.values()):
            del self._dispatch[ev.ContactOffered]  # every offer connects at once: nothing to do

    # ------------------------------------------------------------------ setup

    def _build(self) -> None:
        engine, s = self.engine, self.scenario
        for queue in s.queues:
            engine.put_queue(QueueConfig(queue.name, max_contacts=queue.max_contacts), 0)
        for profile in s.routing_profiles:
            entries = tuple(
                ProfileQueue(e.queue, e.channel, e.priority, e.delay_seconds * 1000)
                for e in profile.queues
            )
            engine.put_routing_profile(
                ProfileConfig(
                    profile.name, entries, dict(profile.concurrency), dict(profile.cross_channel)
                ),
                0,
            )
        channels = tuple({c for p in s.routing_profiles for c in p.concurrency})
        for group in s.agents:
            behaviour = AgentBehaviour(group, self.seed)
            proficiencies = {(p.name, p.value): p.level for p in group.proficiencies}
            for user_id in group.agent_names():
                self._groups[user_id] = behaviour
                self._agent_names.add(user_id)
                queue_id = agent_queue_id(user_id)
                engine.put_queue(QueueConfig(queue_id, QueueKind.AGENT, user_id), 0)
                engine.put_agent(
                    AgentConfig(
                        user_id,
                        group.routing_profile,
                        queue_id,
                        dict.fromkeys(channels, behaviour.auto_accept),
                        {},  # ACW ends when the simulated agent clears it (its ACW draw)
                        proficiencies,
                    ),
                    0,
                )
                self._on_shift[user_id] = False
                self._status_since[user_id] = (OFFLINE.name, 0)
                shifts = group.shifts or ()
                if not shifts:
                    self.kernel.schedule(0, Urgency.SHIFT_START, user_id)
                for shift in shifts:
                    self.kernel.schedule(to_ms(shift.start_seconds), Urgency.SHIFT_START, user_id)
                    self.kernel.schedule(to_ms(shift.end_seconds), Urgency.SHIFT_END, user_id)
        for stream in self._streams:
            self._schedule_arrival(stream)

    def _schedule_arrival(self, stream: ArrivalProcess) -> None:
        draw = next(stream.draws, None)
        if draw is not None:
            self.kernel.schedule(draw.at_ms, _ARRIVAL, (stream, draw))

    # ------------------------------------------------------------------ run

    def run(self, progress: Callable[[int], None] | None = None) -> SimResult:
        handlers: list[Handler] = [
            self._on_engine_timer,
            self._on_shift_end,
            self._on_service_end,
            self._on_acw_end,
            self._on_agent_ready,
            self._on_accept,
            self._on_shift_start,
            self._on_abandon,
            self._on_flow_resume,
            self._on_arrival,
        ]
        self.kernel.run(handlers, self.end_ms + to_ms(self.options.drain_seconds), progress)
        end = max(self.kernel.now, self.end_ms)
        for user_id, (status, since) in sorted(self._status_since.items()):
            if end > since:
                self._spans.append(StatusSpan(user_id, status, since, end))
        if self.options.keep_records:
            for cid in list(self._live):
                self._finish(cid)  # still waiting (or in a flow) when the run ended
        self.summary.kernel_events = self.kernel.popped
        return SimResult(
            self.scenario,
            self.seed,
            end,
            tuple(sorted(self.records, key=lambda r: r.contact.initiated_at)),
            tuple(self._spans),
            self.summary,
            tuple(self._activity),
        )

    # ------------------------------------------------------------------ engine plumbing

    def _absorb(self, events: list[ev.Event], now: int) -> None:
        """React to the engine's events (schedule what people do next) and keep them for the
        records; then make sure the engine's next timer is on the kernel heap."""
        self.summary.engine_calls += 1
        if self._reporting:
            self._observe(events, now)
        else:  # a throughput run: only the reactions
            dispatch = self._dispatch
            for event in events:
                handler = dispatch.get(type(event))
                if handler is not None:
                    handler(event, now)
        due = self.engine.next_due()
        if due is not None and due not in self._armed:
            self._armed.add(due)
            self.kernel.schedule(due, _ENGINE_TIMER, due)

    def _observe(self, events: list[ev.Event], now: int) -> None:
        """`_absorb`'s reactions when the run keeps records or predicts waits."""
        options = self.options
        if options.predict_wait:
            self.predictor.observe(events)  # read each time: a bench may swap the predictor
        dispatch = self._dispatch
        if options.keep_records:
            live = self._live
            track, changes = self.activity.apply, self._activity
            for event in events:
                cid = getattr(event, "contact_id", None)
                if cid is not None:
                    contact = live.get(cid)
                    if contact is not None:
                        contact.events.append(event)
                change = track(event)
                if change is not None:
                    changes.append(change)
                handler = dispatch.get(type(event))
                if handler is not None:
                    handler(event, now)
        else:
            for event in events:
                handler = dispatch.get(type(event))
                if handler is not None:
                    handler(event, now)

    def _on_engine_timer(self, at: int, due: int) -> None:
        self._armed.discard(due)
        self._absorb(self.engine.advance(at), at)

    # ------------------------------------------------------------------ customers

    def _on_arrival(self, at: int, payload: tuple[ArrivalProcess, CustomerDraw]) -> None:
        stream, draw = payload
        following = next(stream.draws, None)
        if following is not None:
            self.kernel.schedule(following.at_ms, _ARRIVAL, (stream, following))
        spec = stream.spec
        self._next_id += 1
        cid = f"c{self._next_id:07d}"
        base = None
        if self.options.keep_records:
            base = Contact(
                id=cid,
                instance_id=INSTANCE_ID,
                arn=f"{SIM_INSTANCE_ARN}/contact/{cid}",
                channel=spec.channel,
                initiation_method="INBOUND",
                initiated_at=at,
                attributes=dict(spec.attributes),
                initial_contact_id=cid,
                queue_priority=draw.queue_priority,
                queue_time_adjustment_seconds=draw.age_adjust_ms // 1000,
                routing_criteria=spec.routing_criteria,
            )
        contact = self._live[cid] = _Live(draw, base)
        if at >= self.warmup_ms:
            self.summary.arrivals += 1
        if spec.flow is not None:
            state = ContactState(cid, spec.channel.value, attributes=dict(spec.attributes))
            state.queue_priority = draw.queue_priority
            state.queue_time_adjustment_s = draw.age_adjust_ms // 1000
            state.routing_criteria = spec.routing_criteria
            self._flow_outcome(
                cid, interpreter.run(self._flows[spec.flow], state, self._env(at)), at
            )
            return
        queue = draw.queue or spec.queue or ""
        outcome = self._enqueue(
            contact, cid, queue, at, draw.queue_priority, draw.age_adjust_ms,
            spec.routing_criteria,
        )  # fmt: skip
        if outcome is not EnqueueOutcome.OK:
            self._finish(cid, at, "QUEUE_AT_CAPACITY")

    def _env(self, at: int) -> SimFlowEnvironment:
        def enqueue(state: ContactState, queue_id: str) -> EnqueueOutcome:
            adjust = state.queue_time_adjustment_s or 0
            cid = state.contact_id
            return self._enqueue(
                self._live[cid], cid, queue_id, at, state.queue_priority or 5, adjust * 1000,
                state.routing_criteria,
            )  # fmt: skip

        return SimFlowEnvironment(
            self.engine, self._queue_names, self._agent_names, self._flows, enqueue, at
        )

    def _flow_outcome(self, cid: str, outcome: interpreter.FlowOutcome, at: int) -> None:
        if outcome.kind is OutcomeKind.QUEUED:
            return
        if outcome.kind is OutcomeKind.WAITING and outcome.wait is not None:
            self.kernel.schedule(outcome.wait.resume_at, Urgency.FLOW_RESUME, (cid, outcome))
            return
        if outcome.kind is OutcomeKind.ERROR:
            reason = "CONTACT_FLOW_ERROR"
        else:
            reason = "CONTACT_FLOW_DISCONNECT"
        if at >= self.warmup_ms:
            self.summary.flow_ended += 1
        self._finish(cid, at, reason)

    def _on_flow_resume(self, at: int, payload: tuple[str, interpreter.FlowOutcome]) -> None:
        cid, previous = payload
        assert previous.wait is not None
        outcome = interpreter.resume(previous.wait, previous.state, self._env(at))
        self._flow_outcome(cid, outcome, at)

    def _enqueue(
        self,
        contact: _Live,
        cid: str,
        queue_id: str,
        at: int,
        priority: int,
        adjust_ms: int,
        criteria: RoutingCriteria | None,
    ) -> EnqueueOutcome:
        channel = self._channels[contact.draw.stream]
        ticket = EnqueueContact(cid, channel, "INBOUND", priority, adjust_ms, criteria)
        try:
            events = self.engine.enqueue(ticket, queue_id, at)
        except QueueAtCapacityError:
            if at >= self.warmup_ms:
                self.summary.blocked += 1
            return EnqueueOutcome.AT_CAPACITY
        except QueueDisabledError:
            return EnqueueOutcome.NO_MATCH
        contact.enqueued_at = at
        contact.queue_id = queue_id
        base = contact.base
        if base is not None and (  # what the flow chose, as the server's flow_env records it
            base.queue_priority != priority
            or base.queue_time_adjustment_seconds != adjust_ms // 1000
            or base.routing_criteria is not criteria
        ):
            contact.base = recorder.evolve(
                base,
                queue_priority=priority,
                queue_time_adjustment_seconds=adjust_ms // 1000,
                routing_criteria=criteria,
            )
        if at >= self.warmup_ms:
            self.summary.queued += 1
        self._absorb(events, at)
        if not contact.connected:
            patience = contact.draw.patience_ms
            if patience is not None:
                self.kernel.schedule(at + patience, _ABANDON, cid)
            if self.options.predict_wait:
                estimate = self.predictor.estimate(self.engine, cid, at)
                if estimate is not None:
                    contact.predicted_ms = round(estimate.mean_s * 1000)
                    contact.predicted_band = (
                        round(estimate.p10_s * 1000),
                        round(estimate.p90_s * 1000),
                    )
        elif self.options.predict_wait:
            contact.predicted_ms = 0
        return EnqueueOutcome.OK

    def _on_abandon(self, at: int, cid: str) -> None:
        contact = self._live.get(cid)
        if contact is None or contact.connected:
            return
        self._absorb(self.engine.dequeue(cid, at, _ABANDONED), at)

    # ------------------------------------------------------------------ agents

    def _on_shift_start(self, at: int, user_id: str) -> None:
        self._on_shift[user_id] = True
        self._absorb(self.engine.set_agent_status(user_id, AVAILABLE, at), at)

    def _on_shift_end(self, at: int, user_id: str) -> None:
        self._on_shift[user_id] = False
        self._absorb(self.engine.set_agent_status(user_id, OFFLINE, at), at)

    def _on_agent_ready(self, at: int, user_id: str) -> None:
        """After a missed/rejected offer the agent picks its status again (R1.5.3)."""
        status = AVAILABLE if self._on_shift[user_id] else OFFLINE
        self._absorb(self.engine.set_agent_status(user_id, status, at), at)

    def _on_accept(self, at: int, payload: tuple[str, str, int]) -> None:
        cid, user_id, attempt = payload
        contact = self._live.get(cid)
        if contact is None or contact.offered_to != user_id or contact.attempt != attempt:
            return  # the offer is gone (missed, or the customer hung up)
        self._absorb(self.engine.accept(cid, user_id, at), at)

    def _on_service_end(self, at: int, payload: tuple[str, AgentBehaviour]) -> None:
        cid, group = payload
        self._absorb(self.engine.end_contact(cid, at), at)
        if group.acw is None:
            contact = self._live.get(cid)
            if contact is not None and contact.in_acw:
                self._absorb(self.engine.clear_acw(cid, at), at)

    def _on_acw_end(self, at: int, cid: str) -> None:
        contact = self._live.get(cid)
        if contact is None or not contact.in_acw:
            return  # already cleared (the agent went Offline, R1.6.4)
        self._absorb(self.engine.clear_acw(cid, at), at)

    # ------------------------------------------------------------------ event reactions

    def _offered(self, e: ev.ContactOffered, now: int) -> None:
        if e.expires_at is None:
            return  # auto-accept: ContactConnected follows in the same call
        contact = self._live[e.contact_id]
        contact.offered_to = e.user_id
        contact.attempt += 1
        accept = self._groups[e.user_id].accept
        delay = 0 if accept is None else to_ms(accept())
        self.kernel.schedule(now + delay, _ACCEPT, (e.contact_id, e.user_id, contact.attempt))

    def _connected(self, e: ev.ContactConnected, now: int) -> None:
        contact = self._live[e.contact_id]
        contact.connected = True
        contact.offered_to = None
        group = self._groups[e.user_id]
        draw = contact.draw
        handle = draw.handle_ms
        if handle is None:
            handle = round(group.handle() * 1000.0)  # to_ms, inline: once per customer
        self.kernel.schedule(now + handle, _SERVICE_END, (e.contact_id, group))
        if draw.at_ms >= self.warmup_ms and contact.enqueued_at is not None:
            self.summary.answered += 1
            self.summary.answered_waits_ms.append(now - contact.enqueued_at)

    def _acw_started(self, e: ev.AfterContactWorkStarted, now: int) -> None:
        contact = self._live[e.contact_id]
        contact.in_acw = True
        group = self._groups[e.user_id]
        if group.acw is not None:
            self.kernel.schedule(now + to_ms(group.acw()), _ACW_END, e.contact_id)

    def _acw_cleared(self, e: ev.AfterContactWorkCleared, now: int) -> None:
        self._finish(e.contact_id)

    def _dequeued(self, e: ev.ContactDequeued, now: int) -> None:
        contact = self._live.get(e.contact_id)
        if contact is None:
            return
        if e.reason is _ABANDONED and contact.draw.at_ms >= self.warmup_ms:
            self.summary.abandoned += 1
            self.summary.abandoned_waits_ms.append(now - (contact.enqueued_at or now))
        self._finish(e.contact_id)

    def _offer_failed(
        self, e: ev.ContactMissed | ev.ContactRejected | ev.ContactConnectionFailed, now: int
    ) -> None:
        contact = self._live.get(e.contact_id)
        if contact is not None:
            contact.offered_to = None
        self.kernel.schedule(now, _AGENT_READY, e.user_id)

    def _status_changed(self, e: ev.AgentStatusChanged, now: int) -> None:
        status, since = self._status_since[e.user_id]
        if now > since:
            self._spans.append(StatusSpan(e.user_id, status, since, now))
        self._status_since[e.user_id] = (e.status.name, now)

    # ------------------------------------------------------------------ records

    def _finish(self, cid: str, at: int | None = None, reason: str | None = None) -> None:
        contact = self._live.pop(cid, None)
        if contact is None or contact.base is None:
            return
        record = recorder.fold(contact.base, contact.events)  # the server's rules (absorb)
        if at is not None and record.status is ContactStatus.IN_FLOW:
            record = recorder.finish(record, at, reason)
        draw = contact.draw
        self.records.append(
            SimRecord(
                record,
                self.scenario.arrivals[draw.stream].name,
                draw.label,
                draw.at_ms < self.warmup_ms,
                contact.predicted_ms,
                draw.recorded_wait_ms,
                draw.recorded_outcome,
                *(contact.predicted_band or (None, None)),
            )
        )


def simulate(
    scenario: Scenario, seed: int | None = None, options: RunOptions = RunOptions()
) -> SimResult:
    """Run `scenario` once (convenience wrapper)."""
    return Simulation(scenario, seed, options).run()
