"""The wait predicted for a contact when it joins a queue: what `GetContactMetrics` would say.

This is the server's own computation: `contact_metrics(engine, stats, FluidEstimator(),
contact_id, now)` with an `OnlineStats` fed every engine event, exactly as the server's metrics
tracker is fed. The report compares it with the wait the contact then really had (EWT
calibration).
Must not import: server, handlers, storage.
"""

from __future__ import annotations

from switchboard.domain.metrics.contact import contact_metrics
from switchboard.domain.metrics.ewt import FluidEstimator
from switchboard.domain.metrics.learning import OnlineStats
from switchboard.domain.routing import RoutingEngine
from switchboard.domain.routing.events import Event


class WaitPredictor:
    """Learns from the engine's events and predicts a just-queued contact's wait (ms)."""

    def __init__(self) -> None:
        self._stats = OnlineStats()
        self._estimator = FluidEstimator()

    def observe(self, events: list[Event]) -> None:
        observe = self._stats.observe
        for event in events:
            observe(event)

    def predict(self, engine: RoutingEngine, contact_id: str, now: int) -> int | None:
        """Predicted wait in ms of a just-queued contact (0 if it is already offered to an
        agent); None when no agent can serve it."""
        if engine.position(contact_id) is None:
            return 0
        metrics = contact_metrics(engine, self._stats, self._estimator, contact_id, now)
        if metrics.estimate is None:
            return None
        return round(metrics.estimate.mean_s * 1000)
