"""Flow-building helpers and a fake FlowEnvironment for the flow unit tests."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from switchboard.domain.flows.interpreter import (
    ContactState,
    EnqueueOutcome,
    QueueMetricsSnapshot,
    QueueRef,
)
from switchboard.domain.flows.language import Flow, parse_flow

BASIC = QueueRef("q-basic", "arn:q/basic", "BasicQueue", hours_of_operation_id="h-open")
CLOSED = QueueRef("q-closed", "arn:q/closed", "Closed", hours_of_operation_id="h-closed")
AGENT_Q = QueueRef("agent-1", "arn:agent/agent-1", "agent-1", is_agent_queue=True)


def act(
    identifier: str,
    kind: str,
    params: dict[str, Any] | None = None,
    *,
    next_action: str | None = None,
    errors: dict[str, str] | None = None,
    conditions: list[tuple[str, list[str], str]] | None = None,
) -> dict[str, Any]:
    transitions: dict[str, Any] = {}
    if next_action:
        transitions["NextAction"] = next_action
    if errors:
        transitions["Errors"] = [{"ErrorType": e, "NextAction": n} for e, n in errors.items()]
    if conditions:
        transitions["Conditions"] = [
            {"NextAction": n, "Condition": {"Operator": op, "Operands": ops}}
            for op, ops, n in conditions
        ]
    return {
        "Identifier": identifier,
        "Type": kind,
        "Parameters": params or {},
        "Transitions": transitions,
    }


def end(identifier: str = "end") -> dict[str, Any]:
    return act(identifier, "EndFlowExecution")


def bye(identifier: str = "bye") -> dict[str, Any]:
    return act(identifier, "DisconnectParticipant")


def say(identifier: str, text: str, next_action: str) -> dict[str, Any]:
    return act(identifier, "MessageParticipant", {"Text": text}, next_action=next_action)


def doc(actions: list[dict[str, Any]], start: str | None = None) -> str:
    return json.dumps(
        {
            "Version": "2019-10-30",
            "StartAction": start or actions[0]["Identifier"],
            "Actions": actions,
        }
    )


def flow(
    actions: list[dict[str, Any]], flow_type: str = "CONTACT_FLOW", start: str | None = None
) -> Flow:
    return parse_flow(doc(actions, start), flow_type)


@dataclass
class FakeEnv:
    """An in-memory FlowEnvironment: queues by id/ARN, capacity, hours, metrics, flows."""

    queues: dict[str, QueueRef] = field(
        default_factory=lambda: (
            {q.id: q for q in (BASIC, CLOSED)} | {q.arn: q for q in (BASIC, CLOSED)}
        )
    )
    agents: dict[str, QueueRef] = field(default_factory=lambda: {"agent-1": AGENT_Q})
    full: set[str] = field(default_factory=set)
    disabled: set[str] = field(default_factory=set)
    hours: dict[str, bool] = field(default_factory=lambda: {"h-open": True, "h-closed": False})
    metrics: dict[str, QueueMetricsSnapshot] = field(default_factory=dict)
    flows: dict[str, Flow] = field(default_factory=dict)
    attributes: set[str] = field(default_factory=lambda: {"Language", "Technology"})
    clock: int = 1_000_000
    enqueued: list[tuple[str, str]] = field(default_factory=list)
    metric_calls: list[tuple[str, str | None]] = field(default_factory=list)

    def resolve_queue(self, id_or_arn: str) -> QueueRef | None:
        return self.queues.get(id_or_arn)

    def agent_queue(self, user_id_or_arn: str) -> QueueRef | None:
        return self.agents.get(user_id_or_arn)

    def enqueue(self, contact: ContactState, queue: QueueRef) -> EnqueueOutcome:
        if queue.id in self.full:
            return EnqueueOutcome.AT_CAPACITY
        if queue.id in self.disabled:
            return EnqueueOutcome.NO_MATCH
        self.enqueued.append((contact.contact_id, queue.id))
        return EnqueueOutcome.OK

    def is_open(self, hours_of_operation_id: str) -> bool | None:
        return self.hours.get(hours_of_operation_id)

    def queue_metrics(
        self, queue: QueueRef, channel: str | None, contact_id: str
    ) -> QueueMetricsSnapshot | None:
        self.metric_calls.append((queue.id, channel))
        return self.metrics.get(queue.id)

    def load_flow(self, flow_id_or_arn: str) -> Flow | None:
        return self.flows.get(flow_id_or_arn)

    def attribute_exists(self, name: str) -> bool:
        return name in self.attributes

    def now(self) -> int:
        return self.clock


def contact(**kwargs: Any) -> ContactState:
    return ContactState(contact_id=kwargs.pop("contact_id", "c-1"), **kwargs)
