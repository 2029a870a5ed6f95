"""Agent activity change points for occupancy, written in the same unit of work as the events.

The contact center hands every batch of routing events to `ActivityRecorder.record`, which
folds them (`domain.metrics.agent_activity`) and queues one `AgentActivityRow` per change of
an agent's activity. After the batch, each touched agent is checked against the engine's own
view; a disagreement (an input the fold does not model) is corrected at the batch's instant,
so the rows never drift from the engine for long.
"""

from __future__ import annotations

from collections.abc import Iterable

from switchboard.app.ports import AgentActivityRow
from switchboard.app.unit_of_work import UnitOfWork
from switchboard.domain.errors import NotFoundError
from switchboard.domain.metrics.agent_activity import Activity, ActivityTracker, classify
from switchboard.domain.routing import RoutingEngine
from switchboard.domain.routing.events import Event
from switchboard.domain.routing.types import StatusKind


class ActivityRecorder:
    def __init__(self) -> None:
        self.tracker = ActivityTracker()

    def seed(self, engine: RoutingEngine, user_ids: Iterable[str]) -> None:
        """Start from the engine's current state (after a start-up or a reload)."""
        self.tracker = ActivityTracker()
        for user_id in user_ids:
            self._reseed(engine, user_id)

    def record(self, uow: UnitOfWork, engine: RoutingEngine, events: list[Event]) -> None:
        touched: dict[str, int] = {}
        for event in events:
            change = self.tracker.apply(event)
            user_id = getattr(event, "user_id", None)
            if user_id is not None:
                touched[user_id] = max(touched.get(user_id, 0), event.at)
            if change is not None:
                uow.agent_activity(
                    AgentActivityRow(
                        uow.instance_id, change.user_id, change.at, change.activity.value
                    )
                )
        for user_id, at in touched.items():
            before = self.tracker.activity(user_id)
            after = self._reseed(engine, user_id)
            if after is not before:
                uow.agent_activity(AgentActivityRow(uow.instance_id, user_id, at, after.value))

    def _reseed(self, engine: RoutingEngine, user_id: str) -> Activity:
        try:
            view = engine.agent_state(user_id)
        except NotFoundError:
            self.tracker.forget(user_id)
            return classify(StatusKind.OFFLINE, ())
        slots = {c.contact_id: c.state for c in view.contacts}
        self.tracker.seed(user_id, view.status.kind, slots)
        return self.tracker.activity(user_id)
