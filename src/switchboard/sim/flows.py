"""The FlowEnvironment a flow sees inside the simulator.

Flows run in the domain interpreter (`switchboard.domain.flows.interpreter`), exactly as on the
server; this adapter answers the interpreter's questions from the simulated center: queues by
scenario name, enqueue through the runner (so the contact is routed by the same engine call),
queue metrics from the live engine state via the app's own `queue_metrics_snapshot`.
Hours of operation are not simulated (R1.8.4: the engine never enforces them either): `is_open`
is always True. Every attribute name counts as predefined.
Must not import: server, handlers, storage.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from switchboard.app.center.flow_env import queue_metrics_snapshot
from switchboard.domain.flows.interpreter import (
    ContactState,
    EnqueueOutcome,
    QueueMetricsSnapshot,
    QueueRef,
)
from switchboard.domain.flows.language import Flow
from switchboard.domain.routing import RoutingEngine

if TYPE_CHECKING:
    from switchboard.app.center.center import ContactCenter

SIM_INSTANCE_ARN = "arn:aws:connect:sim:000000000000:instance/sim"


def agent_queue_id(user_id: str) -> str:
    """The id of an agent's own agent queue (R1.1.1) in the simulated center."""
    return f"agent:{user_id}"


def queue_arn(queue_id: str) -> str:
    return f"{SIM_INSTANCE_ARN}/queue/{queue_id}"


class _EngineView:
    """The two members of ContactCenter that `queue_metrics_snapshot` reads."""

    def __init__(self, engine: RoutingEngine, now: int) -> None:
        self.engine = engine
        self._now = now

    def now(self) -> int:
        return self._now


class SimFlowEnvironment:
    """One environment per flow run (it carries the instant of the run)."""

    def __init__(
        self,
        engine: RoutingEngine,
        queues: set[str],
        agents: set[str],
        flows: dict[str, Flow],
        enqueue: Callable[[ContactState, str], EnqueueOutcome],
        now: int,
    ) -> None:
        self._engine = engine
        self._queues = queues
        self._agents = agents
        self._flows = flows
        self._enqueue = enqueue
        self._now = now

    def now(self) -> int:
        return self._now

    def resolve_queue(self, id_or_arn: str) -> QueueRef | None:
        name = id_or_arn.rsplit("/", 1)[-1]
        if name not in self._queues:
            return None
        return QueueRef(name, queue_arn(name), name)

    def agent_queue(self, user_id_or_arn: str) -> QueueRef | None:
        user = user_id_or_arn.rsplit("/", 1)[-1]
        if user not in self._agents:
            return None
        queue_id = agent_queue_id(user)
        return QueueRef(queue_id, queue_arn(queue_id), queue_id, True)

    def enqueue(self, contact: ContactState, queue: QueueRef) -> EnqueueOutcome:
        return self._enqueue(contact, queue.id)

    def is_open(self, hours_of_operation_id: str) -> bool | None:
        return True

    def queue_metrics(
        self, queue: QueueRef, channel: str | None, contact_id: str
    ) -> QueueMetricsSnapshot | None:
        view = cast("ContactCenter", _EngineView(self._engine, self._now))
        return queue_metrics_snapshot(view, queue, channel, contact_id)

    def load_flow(self, flow_id_or_arn: str) -> Flow | None:
        return self._flows.get(flow_id_or_arn.rsplit("/", 1)[-1])

    def attribute_exists(self, name: str) -> bool:
        return True
