"""Switchboard's wait predictor: the stage model of the live state, recalibrated online.

    estimate(ctx):
        stage model (stages.py)        mean m, variance v of the time to a slot, from the
                                       contacts ahead under the engine's real ordering, the
                                       slots of the agents able to take the contact (profile
                                       delays, competing queues, routing-step agents), the
                                       learned handle time (mean, cv^2) and patience, and
                                       conditioned on the contact being served
        recalibration (calibration.py) mean = beta . (1, m, HOL, LES) of the contact's bucket
        quantiles (quantiles.py)       Gamma(mean, (mean * sqrt(v)/m)^2) P10/P50/P90 times
                                       the bucket's tracked multipliers

A contact that a free slot takes at once gets 0 for every figure (no recalibration applies).
The estimate is recomputed on every call from the current state, so it moves with the queue
(unlike a figure frozen at entry). Cost: O(groups + min(ahead, 64)), no allocation per agent.
Without a `Calibration` the estimator is the bare stage model (what tests of the model use).
Must not import: anything outside the standard library and `domain.metrics` / `prediction`.
"""

from __future__ import annotations

import math

from switchboard.domain.metrics.ewt import Estimate, WaitContext
from switchboard.domain.prediction.calibration import Calibration, Features
from switchboard.domain.prediction.quantiles import gamma_quantile
from switchboard.domain.prediction.stages import stage_moments


class StateAwareEstimator:
    __slots__ = ("calibration",)

    def __init__(self, calibration: Calibration | None = None) -> None:
        self.calibration = calibration

    def features(self, context: WaitContext) -> tuple[Features, float] | None:
        """(phi, model cv) of the context: phi = (1, model mean, HOL, LES) in seconds."""
        moments = stage_moments(context)
        if moments is None:
            return None
        mean_s = moments.mean_ms / 1000.0
        cv = math.sqrt(moments.variance_ms2) / moments.mean_ms if moments.mean_ms > 0 else 0.0
        phi = (1.0, mean_s, context.hol_ms / 1000.0, (context.les_ms or 0) / 1000.0)
        return phi, cv

    def estimate(self, context: WaitContext) -> Estimate | None:
        found = self.features(context)
        if found is None:
            return None
        phi, cv = found
        return self.estimate_from(context.key, phi, cv)

    def estimate_from(self, key: str, phi: Features, cv: float) -> Estimate:
        model = phi[1]
        if model <= 0:
            return Estimate(0.0, 0.0, 0.0, 0.0)
        bucket = None if self.calibration is None else self.calibration.bucket(key)
        if bucket is None:
            mean, factors = model, (1.0, 1.0, 1.0)
        else:
            mean = bucket.mean(phi)
            factors = bucket.tracker.factors()
        var = (mean * cv) ** 2
        q10 = gamma_quantile(mean, var, 0.1) * factors[0]
        q50 = gamma_quantile(mean, var, 0.5) * factors[1]
        q90 = gamma_quantile(mean, var, 0.9) * factors[2]
        q10, q50, q90 = sorted((q10, q50, q90))
        return Estimate(mean, q10, q50, q90)
