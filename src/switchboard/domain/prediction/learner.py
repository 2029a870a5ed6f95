"""Outcomes for the recalibration: what the predictor said at queue entry vs what happened.

    learner.entered(contact_id, key, phi, cv)    features at entry (the caller computes them
                                                 from the live engine right after the enqueue)
    learner.observe(event)                       ContactConnected: realised wait -> calibration
                                                 ContactDequeued: forget (abandoned, stopped)
    learner.observe_engine(engine, stats, events)   both, for the contact center: after an
                                                 engine call, every contact its events queued
                                                 and that still waits gets its entry features

Only contacts that entered a line (no free slot took them at once) are learned from; their
outcomes update the bucket's regression and quantile trackers in arrival order of outcomes,
so a prediction only ever uses outcomes that happened before it (no look-ahead).
Must not import: anything outside the standard library and `domain.*`.
"""

from __future__ import annotations

from dataclasses import dataclass

from switchboard.domain.metrics.learning import OnlineStats
from switchboard.domain.metrics.wait_context import wait_context
from switchboard.domain.prediction.calibration import Bucket, Calibration, Features
from switchboard.domain.prediction.state_aware import StateAwareEstimator
from switchboard.domain.routing import events as ev
from switchboard.domain.routing.engine import RoutingEngine
from switchboard.domain.routing.types import ContactPhase


@dataclass(frozen=True, slots=True)
class PendingOutcome:
    """What was predicted for a contact still waiting: scored once it is served."""

    key: str
    phi: Features
    cv: float
    at: int
    quantiles: tuple[float, float, float]


@dataclass(frozen=True, slots=True)
class LearnerState:
    """Everything the learner knows, as plain data for the engine snapshot."""

    buckets: dict[str, Bucket]
    pending: dict[str, PendingOutcome]


class PredictionLearner:
    __slots__ = ("_pending", "calibration", "estimator")

    def __init__(self, calibration: Calibration | None = None) -> None:
        self.calibration = calibration or Calibration()
        self.estimator = StateAwareEstimator(self.calibration)
        self._pending: dict[str, tuple[str, Features, float, int, tuple[float, float, float]]] = {}

    def export(self) -> LearnerState:
        """The recalibration and the pending outcomes, so a restart keeps what was learned."""
        return LearnerState(
            dict(self.calibration.buckets()),
            {cid: PendingOutcome(*entry) for cid, entry in self._pending.items()},
        )

    @classmethod
    def restore(cls, state: LearnerState) -> PredictionLearner:
        learner = cls(Calibration(state.buckets))
        learner._pending = {
            cid: (p.key, p.phi, p.cv, p.at, p.quantiles) for cid, p in state.pending.items()
        }
        return learner

    def entered(self, contact_id: str, key: str, phi: Features, cv: float, at: int) -> None:
        est = self.estimator.estimate_from(key, phi, cv)
        if phi[1] > 0:
            self._pending[contact_id] = (key, phi, cv, at, (est.p10_s, est.p50_s, est.p90_s))

    def observe(self, event: ev.Event) -> None:
        if isinstance(event, ev.ContactConnected):
            found = self._pending.pop(event.contact_id, None)
            if found is not None:
                key, phi, _cv, at, quantiles = found
                self.calibration.observe(key, phi, (event.at - at) / 1000.0, quantiles)
        elif isinstance(event, ev.ContactDequeued):
            self._pending.pop(event.contact_id, None)

    def observe_engine(
        self, engine: RoutingEngine, stats: OnlineStats, events: list[ev.Event]
    ) -> None:
        """Learn from one engine call's events (`stats` already folded them)."""
        queued: list[ev.ContactQueued] = []
        for event in events:
            self.observe(event)
            if isinstance(event, ev.ContactQueued):
                queued.append(event)
        for event in queued:
            cid = event.contact_id
            if not engine.has_contact(cid):
                continue
            view = engine.contact_state(cid)
            position = engine.position(cid)
            if position is None or view.phase is not ContactPhase.QUEUED:
                continue  # an agent took it at once: no wait to learn from
            ctx = wait_context(
                engine, stats, event.queue_id, event.channel, position - 1, 0,
                now=event.at, priority=view.queue_priority, contact_id=cid,
            )  # fmt: skip
            found = self.estimator.features(ctx)
            if found is not None:
                self.entered(cid, ctx.key, found[0], found[1], event.at)
