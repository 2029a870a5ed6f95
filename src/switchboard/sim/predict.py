"""The wait predicted for a contact when it joins a queue: what `GetContactMetrics` would say.

This is the server's own computation: `wait_context` over the live engine, `OnlineStats` fed
every engine event (as the server's metrics tracker is), and the default estimator
`StateAwareEstimator` with its online recalibration (`domain/prediction`). At each queue entry
the predictor records the entry features so the contact's outcome (its wait, once connected)
recalibrates later predictions. The report compares prediction and P10-P90 band with the wait
the contact then really had (EWT calibration). `bench/ewt.py` and `ewt_replay.py` read the
same context for the baselines (`extra` estimators).
Must not import: server, handlers, storage.
"""

from __future__ import annotations

from collections.abc import Mapping

from switchboard.domain.metrics.ewt import Estimate, WaitContext, WaitTimeEstimator
from switchboard.domain.metrics.learning import OnlineStats
from switchboard.domain.metrics.wait_context import wait_context
from switchboard.domain.prediction.learner import PredictionLearner
from switchboard.domain.routing import RoutingEngine
from switchboard.domain.routing.events import Event
from switchboard.domain.routing.types import ContactPhase

ZERO = Estimate(0.0, 0.0, 0.0, 0.0)


class WaitPredictor:
    """Learns from the engine's events and predicts a just-queued contact's wait.

    `extra`: other estimators (name -> estimator) evaluated on the same context; their
    estimates land in `last_extra` after each `estimate` call (the bench reads them).
    """

    def __init__(self, extra: Mapping[str, WaitTimeEstimator] | None = None) -> None:
        self.stats = OnlineStats()
        self.learner = PredictionLearner()
        self.extra = dict(extra or {})
        self.last_extra: dict[str, Estimate | None] = {}
        self.last_context: WaitContext | None = None

    def observe(self, events: list[Event]) -> None:
        observe, learn = self.stats.observe, self.learner.observe
        for event in events:
            observe(event)
            learn(event)

    def estimate(self, engine: RoutingEngine, contact_id: str, now: int) -> Estimate | None:
        """The state-aware estimate of a just-queued contact (ZERO if an agent already has
        it); None when no agent can serve it. Records the entry features for learning."""
        self.last_extra = {}
        self.last_context = None
        view = engine.contact_state(contact_id)
        position = engine.position(contact_id)
        if position is None or view.phase is not ContactPhase.QUEUED or view.queue_id is None:
            return ZERO
        ctx = wait_context(
            engine, self.stats, view.queue_id, view.channel, position - 1,
            now - view.enqueued_at, now=now, priority=view.queue_priority, contact_id=contact_id,
        )  # fmt: skip
        self.last_context = ctx
        self.last_extra = {name: e.estimate(ctx) for name, e in self.extra.items()}
        estimator = self.learner.estimator
        found = estimator.features(ctx)
        if found is None:
            return None
        phi, cv = found
        self.learner.entered(contact_id, ctx.key, phi, cv, now)
        return estimator.estimate_from(ctx.key, phi, cv)

    def predict(self, engine: RoutingEngine, contact_id: str, now: int) -> int | None:
        """Predicted wait in ms of a just-queued contact (0 if it is already offered to an
        agent); None when no agent can serve it."""
        estimate = self.estimate(engine, contact_id, now)
        return None if estimate is None else round(estimate.mean_s * 1000)
