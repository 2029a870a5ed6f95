"""Runs a validated flow for one contact, synchronously, until the flow stops (R8.4).

    run(flow, state, env)  ──►  FlowOutcome(kind, state, trace, messages, queue, wait, error)
    resume(wait, state, env, result="WaitCompleted")  ──►  FlowOutcome

Outcome kinds:
    QUEUED        TransferContactToQueue / DequeueContactAndTransferToQueue succeeded; the flow
                  stops there and any NextAction is not followed (R8.4 ASSUMPTION)
    DISCONNECTED  DisconnectParticipant
    ENDED         EndFlowExecution
    WAITING       a Wait block: `wait.resume_at` is when its timeout fires; call `resume`
    ERROR         an error with no branch, a missing NextAction, or the step limit (1000 blocks)

The interpreter never mutates its input `state`; it works on a copy returned in the outcome.
Everything outside the contact (queues, capacity, hours, metrics, other flows, the clock) comes
from the `FlowEnvironment` the app implements.
Must not import: anything outside the standard library and `switchboard.domain`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

from switchboard.domain.errors import InvalidArgumentError
from switchboard.domain.flows.criteria_parse import parse_routing_criteria
from switchboard.domain.flows.language import Action, Flow
from switchboard.domain.flows.paths import condition_holds, resolve_path
from switchboard.domain.flows.rules import is_json_path
from switchboard.domain.routing.criteria import RoutingCriteria

MAX_STEPS = 1000
NO_MATCHING_ERROR = "NoMatchingError"
NO_MATCHING_CONDITION = "NoMatchingCondition"
QUEUE_AT_CAPACITY = "QueueAtCapacity"
SUCCESS = "Success"
WAIT_COMPLETED = "WaitCompleted"


@dataclass(frozen=True, slots=True)
class QueueRef:
    """What a flow knows about a queue (standard or agent queue)."""

    id: str
    arn: str
    name: str
    is_agent_queue: bool = False
    hours_of_operation_id: str | None = None


class EnqueueOutcome(StrEnum):
    OK = "OK"
    AT_CAPACITY = "AT_CAPACITY"
    NO_MATCH = "NO_MATCH"


@dataclass(frozen=True, slots=True)
class QueueMetricsSnapshot:
    """Current values for one queue (R8.5); agent counts None when no agents are present."""

    queue_name: str
    queue_arn: str
    size: int = 0
    oldest_contact_age_s: int = 0
    agents_online: int | None = None
    agents_available: int | None = None
    agents_staffed: int | None = None
    agents_after_contact_work: int | None = None
    agents_busy: int | None = None
    agents_missed: int | None = None
    agents_non_productive: int | None = None
    queue_ewt_s: int | None = None
    contact_position: int | None = None
    contact_ewt_s: int | None = None

    def as_metrics(self) -> dict[str, str]:
        """The `$.Metrics.*` attributes, keyed without the `Metrics.` prefix."""
        values: dict[str, int | str | None] = {
            "Queue.Name": self.queue_name,
            "Queue.ARN": self.queue_arn,
            "Queue.Size": self.size,
            "Queue.OldestContactAge": self.oldest_contact_age_s,
            "Agents.Online.Count": self.agents_online,
            "Agents.Available.Count": self.agents_available,
            "Agents.Staffed.Count": self.agents_staffed,
            "Agents.AfterContactWork.Count": self.agents_after_contact_work,
            "Agents.Busy.Count": self.agents_busy,
            "Agents.Missed.Count": self.agents_missed,
            "Agents.NonProductive.Count": self.agents_non_productive,
            "Queue.EstimatedWaitTime": self.queue_ewt_s,
            "Contact.PositionInQueue": self.contact_position,
            "Contact.EstimatedWaitTime": self.contact_ewt_s,
        }
        return {k: str(v) for k, v in values.items() if v is not None}

    def metric(self, metric_type: str) -> int | None:
        """A CheckMetricData `MetricType` value; agent counts default to 0."""
        return {
            "NumberOfAgentsAvailable": self.agents_available or 0,
            "NumberOfAgentsStaffed": self.agents_staffed or 0,
            "NumberOfAgentsOnline": self.agents_online or 0,
            "OldestContactInQueueAgeSeconds": self.oldest_contact_age_s,
            "NumberOfContactsInQueue": self.size,
        }.get(metric_type)


@dataclass(slots=True)
class ContactState:
    """The contact as a flow sees and changes it.

    `system` holds read-only flow-visible values keyed by path without `$.` (`Channel`,
    `ContactId`, `CustomerEndpoint.Address` ...); `Channel`, `ContactId` and `Queue.*` are
    filled from the typed fields.
    """

    contact_id: str
    channel: str = "VOICE"
    attributes: dict[str, str] = field(default_factory=dict)
    related_attributes: dict[str, str] | None = None
    external: dict[str, str] = field(default_factory=dict)
    metrics: dict[str, str] = field(default_factory=dict)
    system: dict[str, str] = field(default_factory=dict)
    target_queue: QueueRef | None = None
    queue_priority: int | None = None
    queue_time_adjustment_s: int | None = None
    routing_criteria: RoutingCriteria | None = None
    queued: bool = False

    def copy(self) -> ContactState:
        return dataclasses.replace(
            self,
            attributes=dict(self.attributes),
            related_attributes=None
            if self.related_attributes is None
            else dict(self.related_attributes),
            external=dict(self.external),
            metrics=dict(self.metrics),
            system=dict(self.system),
        )

    def lookup(self, path: str) -> str | None:
        system = dict(self.system)
        system.setdefault("Channel", self.channel)
        system.setdefault("ContactId", self.contact_id)
        if self.target_queue is not None:
            system["Queue.Name"] = self.target_queue.name
            system["Queue.ARN"] = self.target_queue.arn
            system["Queue.Id"] = self.target_queue.id
        return resolve_path(
            path,
            attributes=self.attributes,
            external=self.external,
            metrics=self.metrics,
            system=system,
        )


class FlowEnvironment(Protocol):
    """What the app provides to a running flow."""

    def resolve_queue(self, id_or_arn: str) -> QueueRef | None: ...

    def agent_queue(self, user_id_or_arn: str) -> QueueRef | None: ...

    def enqueue(self, contact: ContactState, queue: QueueRef) -> EnqueueOutcome: ...

    def is_open(self, hours_of_operation_id: str) -> bool | None:
        """True/False now; None when the hours do not exist."""
        ...

    def queue_metrics(
        self, queue: QueueRef, channel: str | None, contact_id: str
    ) -> QueueMetricsSnapshot | None: ...

    def load_flow(self, flow_id_or_arn: str) -> Flow | None: ...

    def attribute_exists(self, name: str) -> bool:
        """Whether a predefined attribute exists (R1.9.5)."""
        ...

    def now(self) -> int: ...


class OutcomeKind(StrEnum):
    QUEUED = "QUEUED"
    DISCONNECTED = "DISCONNECTED"
    ENDED = "ENDED"
    WAITING = "WAITING"
    ERROR = "ERROR"


@dataclass(frozen=True, slots=True)
class TraceEntry:
    identifier: str
    type: str
    result: str


@dataclass(frozen=True, slots=True)
class WaitPoint:
    """A Wait block the flow stopped at; `resume` continues from it."""

    flow: Flow
    identifier: str
    resume_at: int
    events: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FlowOutcome:
    kind: OutcomeKind
    state: ContactState
    trace: tuple[TraceEntry, ...] = ()
    messages: tuple[str, ...] = ()
    queue: QueueRef | None = None
    wait: WaitPoint | None = None
    error: str | None = None


class _Stop(Exception):
    def __init__(
        self,
        kind: OutcomeKind,
        *,
        queue: QueueRef | None = None,
        wait: WaitPoint | None = None,
        error: str | None = None,
    ) -> None:
        super().__init__(kind.value)
        self.kind = kind
        self.queue = queue
        self.wait = wait
        self.error = error


@dataclass(frozen=True, slots=True)
class _Next:
    """The result of one block: the outcome label and the branch to follow."""

    result: str
    next_action: str | None
    error: bool = False


class _Run:
    def __init__(self, flow: Flow, state: ContactState, env: FlowEnvironment) -> None:
        self.flow = flow
        self.state = state
        self.env = env
        self.trace: list[TraceEntry] = []
        self.messages: list[str] = []

    # -- driver -------------------------------------------------------------------------------
    def go(self, identifier: str | None) -> FlowOutcome:
        try:
            for _ in range(MAX_STEPS):
                action = self.flow.action(identifier) if identifier else None
                if action is None:
                    raise _Stop(OutcomeKind.ERROR, error=f"no action '{identifier}'")
                step = self.execute(action)
                self.trace.append(TraceEntry(action.identifier, action.type, step.result))
                if step.next_action is None:
                    what = "error branch" if step.error else "NextAction"
                    raise _Stop(
                        OutcomeKind.ERROR,
                        error=f"Action '{action.identifier}' has no {what} for {step.result}",
                    )
                identifier = step.next_action
            raise _Stop(OutcomeKind.ERROR, error=f"the flow ran more than {MAX_STEPS} blocks")
        except _Stop as stop:
            return FlowOutcome(
                stop.kind,
                self.state,
                tuple(self.trace),
                tuple(self.messages),
                queue=stop.queue,
                wait=stop.wait,
                error=stop.error,
            )

    def stop(self, action: Action, result: str, kind: OutcomeKind, **extra: Any) -> _Stop:
        self.trace.append(TraceEntry(action.identifier, action.type, result))
        return _Stop(kind, **extra)

    # -- helpers ------------------------------------------------------------------------------
    @staticmethod
    def ok(action: Action) -> _Next:
        return _Next(SUCCESS, action.transitions.next_action)

    @staticmethod
    def fail(action: Action, error_type: str) -> _Next:
        return _Next(error_type, action.transitions.on_error(error_type), error=True)

    def value(self, raw: Any) -> str | None:
        if raw is None:
            return None
        if is_json_path(raw):
            return self.state.lookup(str(raw))
        return str(raw)

    def branch(self, action: Action, value: str | None) -> _Next:
        for cond in action.transitions.conditions:
            if condition_holds(cond.condition.operator, value, cond.condition.operands):
                return _Next(value or "", cond.next_action)
        return self.fail(action, NO_MATCHING_CONDITION)

    def queue_param(self, action: Action) -> QueueRef | None:
        params = action.parameters
        if "AgentId" in params:
            agent = self.value(params["AgentId"])
            return self.env.agent_queue(agent) if agent else None
        if "QueueId" in params:
            queue = self.value(params["QueueId"])
            return self.env.resolve_queue(queue) if queue else None
        return self.state.target_queue

    # -- blocks -------------------------------------------------------------------------------
    def execute(self, action: Action) -> _Next:
        kind = action.type
        params = action.parameters
        if kind == "UpdateContactTargetQueue":
            queue = self.queue_param(action)
            if queue is None:
                return self.fail(action, NO_MATCHING_ERROR)
            self.state.target_queue = queue
            return self.ok(action)
        if kind in ("TransferContactToQueue", "DequeueContactAndTransferToQueue"):
            return self.transfer(action)
        if kind == "UpdateContactRoutingBehavior":
            if "QueuePriority" in params:
                self.state.queue_priority = int(float(params["QueuePriority"]))
            if "QueueTimeAdjustmentSeconds" in params:
                self.state.queue_time_adjustment_s = int(
                    float(params["QueueTimeAdjustmentSeconds"])
                )
            return self.ok(action)
        if kind == "UpdateRoutingCriteria":
            return self.routing_criteria(action)
        if kind == "UpdateContactAttributes":
            return self.attributes(action)
        if kind == "Compare":
            return self.branch(action, self.value(params.get("ComparisonValue")))
        if kind == "CheckHoursOfOperation":
            return self.hours(action)
        if kind in ("GetMetricData", "CheckMetricData"):
            return self.metrics(action)
        if kind == "MessageParticipant":
            return self.message(action)
        if kind == "Wait":
            return self.wait(action)
        if kind == "TransferToFlow":
            flow_id = self.value(params.get("ContactFlowId"))
            target = self.env.load_flow(flow_id) if flow_id else None
            if target is None:
                return self.fail(action, NO_MATCHING_ERROR)
            self.flow = target
            return _Next(SUCCESS, target.start_action)
        if kind == "DisconnectParticipant":
            raise self.stop(action, SUCCESS, OutcomeKind.DISCONNECTED)
        if kind == "EndFlowExecution":
            raise self.stop(action, SUCCESS, OutcomeKind.ENDED)
        return self.fail(action, NO_MATCHING_ERROR)

    def transfer(self, action: Action) -> _Next:
        if action.type == "DequeueContactAndTransferToQueue":
            queue = self.queue_param(action)
        else:
            queue = self.state.target_queue
            if self.state.queued:  # already queued, offered or connected (R8.4)
                return self.fail(action, NO_MATCHING_ERROR)
        if queue is None:
            return self.fail(action, NO_MATCHING_ERROR)
        outcome = self.env.enqueue(self.state, queue)
        if outcome is EnqueueOutcome.AT_CAPACITY:
            return self.fail(action, QUEUE_AT_CAPACITY)
        if outcome is EnqueueOutcome.NO_MATCH:
            return self.fail(action, NO_MATCHING_ERROR)
        self.state.target_queue = queue
        self.state.queued = True
        raise self.stop(action, SUCCESS, OutcomeKind.QUEUED, queue=queue)

    def routing_criteria(self, action: Action) -> _Next:
        try:
            criteria = parse_routing_criteria(action.parameters.get("RoutingCriteria"))
        except InvalidArgumentError:
            return self.fail(action, NO_MATCHING_ERROR)
        names = {n for step in criteria.steps for n in step.expression.attributes()}
        if any(not self.env.attribute_exists(name) for name in sorted(names)):
            return self.fail(action, NO_MATCHING_ERROR)  # R1.9.5
        self.state.routing_criteria = criteria
        return self.ok(action)

    def attributes(self, action: Action) -> _Next:
        params = action.parameters
        target = params.get("TargetContact", "Current")
        store = self.state.attributes if target == "Current" else self.state.related_attributes
        if store is None:
            return self.fail(action, NO_MATCHING_ERROR)
        resolved: dict[str, str] = {}
        for key, raw in dict(params.get("Attributes") or {}).items():
            value = self.value(raw)
            if value is None:  # all attributes are written or none are (R8.4)
                return self.fail(action, NO_MATCHING_ERROR)
            resolved[str(key)] = value
        store.update(resolved)
        return self.ok(action)

    def hours(self, action: Action) -> _Next:
        raw = action.parameters.get("HoursOfOperationId")
        if raw is not None:
            hours_id = self.value(raw)
        else:
            queue = self.state.target_queue
            hours_id = queue.hours_of_operation_id if queue is not None else None
        is_open = self.env.is_open(hours_id) if hours_id else None
        if is_open is None:  # agent queue, no queue, or unknown hours (R1.8.4)
            return self.fail(action, NO_MATCHING_ERROR)
        return self.branch(action, "True" if is_open else "False")

    def metrics(self, action: Action) -> _Next:
        queue = self.queue_param(action)
        if queue is None:
            return self.fail(action, NO_MATCHING_ERROR)
        channel = self.value(action.parameters.get("QueueChannel"))
        snapshot = self.env.queue_metrics(
            queue, channel.upper() if channel else None, self.state.contact_id
        )
        if snapshot is None:
            return self.fail(action, NO_MATCHING_ERROR)
        if action.type == "GetMetricData":
            self.state.metrics = snapshot.as_metrics()
            if channel is None:  # queue EWT only when one channel is selected (R8.5)
                self.state.metrics.pop("Queue.EstimatedWaitTime", None)
            return self.ok(action)
        value = snapshot.metric(str(action.parameters.get("MetricType")))
        return self.branch(action, None if value is None else str(value))

    def message(self, action: Action) -> _Next:
        params = action.parameters
        voice_only = any(params.get(k) for k in ("PromptId", "SSML"))
        if voice_only and self.state.channel != "VOICE":
            return self.fail(action, NO_MATCHING_ERROR)
        raw = next(params[k] for k in ("Text", "SSML", "PromptId", "Media") if params.get(k))
        text = self.value(raw) if isinstance(raw, str) else str(raw)
        if text is None:
            return self.fail(action, NO_MATCHING_ERROR)
        self.messages.append(text)
        return self.ok(action)

    def wait(self, action: Action) -> _Next:
        seconds_text = self.value(action.parameters.get("TimeoutSeconds"))
        try:
            seconds = int(float(seconds_text or ""))
        except ValueError:
            return self.fail(action, NO_MATCHING_ERROR)
        if seconds < 1:
            return self.fail(action, NO_MATCHING_ERROR)
        events = tuple(str(e) for e in action.parameters.get("Events") or ())
        point = WaitPoint(self.flow, action.identifier, self.env.now() + seconds * 1000, events)
        raise self.stop(action, "Waiting", OutcomeKind.WAITING, wait=point)

    def after_wait(self, action: Action, result: str) -> _Next:
        if not action.transitions.conditions:
            return self.ok(action)
        return self.branch(action, result)


def run(flow: Flow, state: ContactState, env: FlowEnvironment) -> FlowOutcome:
    """Run `flow` from its StartAction for a copy of `state`.

    Returns:
        the outcome, with the changed state, the trace of executed blocks and the messages.
    """
    return _Run(flow, state.copy(), env).go(flow.start_action)


def resume(
    wait: WaitPoint, state: ContactState, env: FlowEnvironment, result: str = WAIT_COMPLETED
) -> FlowOutcome:
    """Continue after the Wait block `wait` ended with `result` (WaitCompleted or an event)."""
    runner = _Run(wait.flow, state.copy(), env)
    action = wait.flow.action(wait.identifier)
    if action is None:
        return FlowOutcome(OutcomeKind.ERROR, runner.state, error=f"no action '{wait.identifier}'")
    step = runner.after_wait(action, result)
    runner.trace.append(TraceEntry(action.identifier, action.type, step.result))
    if step.next_action is None:
        return FlowOutcome(
            OutcomeKind.ERROR,
            runner.state,
            tuple(runner.trace),
            error=f"Action '{action.identifier}' has no branch for {step.result}",
        )
    return runner.go(step.next_action)
