"""The wait predicted for a contact when it joins a queue: what `GetContactMetrics` would say.

With the metrics core present (`switchboard.domain.metrics`), this is the server's own
computation: `contact_metrics(engine, stats, FluidEstimator(), contact_id, now)` with an
`OnlineStats` fed every engine event, exactly as the server's metrics tracker is. The report
compares it with the wait the contact then really had (EWT calibration, STYLE §7 theory).
Without it (an older tree), the classic baseline: position x mean handle time / agents
serving the queue that are Available (docs/design/simulator.md).
Must not import: server, handlers, storage.
"""

from __future__ import annotations

from switchboard.domain.routing import RoutingEngine, StatusKind
from switchboard.domain.routing.events import Event

try:
    from switchboard.domain.metrics.contact import contact_metrics
    from switchboard.domain.metrics.ewt import FluidEstimator
    from switchboard.domain.metrics.learning import OnlineStats
except ImportError:  # pragma: no cover - the metrics core is being written alongside
    contact_metrics = None  # type: ignore[assignment]

BASELINE_HANDLE_MS = 180_000


class WaitPredictor:
    """Learns from the engine's events and predicts a just-queued contact's wait (ms)."""

    def __init__(self) -> None:
        self.uses_server_estimator = contact_metrics is not None
        if contact_metrics is not None:
            self._stats = OnlineStats()
            self._estimator = FluidEstimator()

    def observe(self, events: list[Event]) -> None:
        if contact_metrics is not None:
            observe = self._stats.observe
            for event in events:
                observe(event)

    def predict(
        self, engine: RoutingEngine, contact_id: str, queue_id: str, now: int
    ) -> int | None:
        """Predicted wait in ms of a just-queued contact (0 if it is already offered to an
        agent); None when no agent can serve it."""
        if engine.position(contact_id) is None:
            return 0
        if contact_metrics is not None:
            metrics = contact_metrics(engine, self._stats, self._estimator, contact_id, now)
            if metrics.estimate is None:
                return None
            return round(metrics.estimate.mean_s * 1000)
        return _baseline(engine, contact_id, queue_id)


def _baseline(engine: RoutingEngine, contact_id: str, queue_id: str) -> int | None:
    position = engine.position(contact_id) or 1
    channel = engine.contact_state(contact_id).channel
    agents = [
        uid
        for uid in engine.agents_serving(queue_id, channel)
        if engine.agent_state(uid).status.kind is StatusKind.ROUTABLE
    ]
    if not agents:
        return None
    return position * BASELINE_HANDLE_MS // len(agents)
